package journal

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// The journal interchange file: a JSON document that carries a whole journal (settings
// and theses with their positions, snapshots, reviews and revisions) from one Hindsight
// to another, or to any program that reads JSON. Field names follow the json tags of
// Thesis and Settings; amounts are exact decimal strings.
const (
	// InterchangeFormat is the value of the file's "format" field.
	InterchangeFormat = "hindsight-journal"
	// InterchangeVersion is the version of the file format written. Version 2 holds each
	// position's ledger (positions[].fills[], positions[].dividends[]) and the journal's
	// corporate_actions[]; version 1 files (one entry and exit per position) are still
	// read, each position becoming fills as LegacyPosition.Position makes them. Version 3
	// adds the pre-mortem, base rate, invalidation levels and links of a thesis, the
	// decision quality and risks that happened of a review, the pre-mortem and base rate
	// of a revision and the settings' alert thresholds; versions 1 and 2 are read as
	// having none.
	InterchangeVersion = 3
	// MaxImportSize is the largest interchange file DecodeInterchange accepts, in bytes.
	MaxImportSize = 64 << 20
)

// Interchange is a decoded interchange file.
type Interchange struct {
	// Format is always InterchangeFormat.
	Format string `json:"format"`
	// Version is always InterchangeVersion.
	Version int `json:"version"`
	// ExportedAt is when the file was written (UTC); zero when the file does not say.
	ExportedAt time.Time `json:"exported_at"`
	// Settings are the exported journal's settings, or nil when the file has none.
	Settings *Settings `json:"settings,omitempty"`
	// Theses are the file's theses in file order, normalised and validated.
	Theses []*Thesis `json:"theses"`
	// CorporateActions are the journal's corporate actions (splits), in file order.
	CorporateActions []CorporateAction `json:"corporate_actions"`
}

var ixBOM = []byte("\ufeff")

// EncodeInterchange writes settings s and the theses to w as an interchange file. The
// output is deterministic: two-space indentation, a trailing newline, theses in the given
// order, times in UTC, amounts as exact decimal strings, and empty lists written as []
// rather than null, so exporting what DecodeInterchange read from an export reproduces
// it byte for byte. HTML characters are not escaped. The theses are not modified.
// Settings that fail validation are refused, since the file could not be imported.
func EncodeInterchange(w io.Writer, s Settings, theses []*Thesis, exportedAt time.Time) error {
	return EncodeInterchangeActions(w, s, theses, nil, exportedAt)
}

// EncodeInterchangeActions is EncodeInterchange with the journal's corporate actions,
// written after the theses in the given order with times in UTC.
func EncodeInterchangeActions(w io.Writer, s Settings, theses []*Thesis, actions []CorporateAction, exportedAt time.Time) error {
	if err := s.Validate(); err != nil {
		return fmt.Errorf("export journal: settings: %w", err)
	}
	for i, t := range theses {
		if t == nil {
			return fmt.Errorf("export journal: thesis %d is nil", i)
		}
	}
	bw := bufio.NewWriter(w)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// value encodes v as it appears after a key or at the start of a line indented by
	// prefix, without the encoder's trailing newline.
	value := func(prefix string, v any) ([]byte, error) {
		buf.Reset()
		enc.SetIndent(prefix, "  ")
		if err := enc.Encode(v); err != nil {
			return nil, err
		}
		return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
	}
	head := []struct {
		key string
		v   any
	}{
		{"format", InterchangeFormat},
		{"version", InterchangeVersion},
		{"exported_at", exportedAt.UTC()},
		{"settings", s},
	}
	bw.WriteString("{\n")
	for _, h := range head {
		b, err := value("  ", h.v)
		if err != nil {
			return fmt.Errorf("export journal: %s: %w", h.key, err)
		}
		fmt.Fprintf(bw, "  %q: ", h.key)
		bw.Write(b)
		bw.WriteString(",\n")
	}
	if len(theses) == 0 {
		bw.WriteString("  \"theses\": [],\n")
	} else {
		bw.WriteString("  \"theses\": [\n")
		for i, t := range theses {
			b, err := value("    ", ixExportThesis(t))
			if err != nil {
				return fmt.Errorf("export journal: thesis %s: %w", t.ID, err)
			}
			bw.WriteString("    ")
			bw.Write(b)
			if i < len(theses)-1 {
				bw.WriteByte(',')
			}
			bw.WriteByte('\n')
		}
		bw.WriteString("  ],\n")
	}
	acts := make([]CorporateAction, len(actions))
	for i, a := range actions {
		a.At = a.At.UTC()
		acts[i] = a
	}
	b, err := value("  ", acts)
	if err != nil {
		return fmt.Errorf("export journal: corporate_actions: %w", err)
	}
	bw.WriteString("  \"corporate_actions\": ")
	bw.Write(b)
	bw.WriteString("\n}\n")
	return ixFlush(bw)
}

func ixFlush(bw *bufio.Writer) error {
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export journal: %w", err)
	}
	return nil
}

func ixOrEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func ixUTCSnapshots(in []Snapshot) []Snapshot {
	if in == nil {
		return nil
	}
	out := make([]Snapshot, len(in))
	for i, s := range in {
		s.At = s.At.UTC()
		out[i] = s
	}
	return out
}

// ixExportThesis returns a copy of t as it is written: times in UTC and no nil lists.
func ixExportThesis(t *Thesis) *Thesis {
	c := *t
	c.CreatedAt = t.CreatedAt.UTC()
	c.UpdatedAt = t.UpdatedAt.UTC()
	c.Reasons = ixOrEmpty(t.Reasons)
	c.Tags = ixOrEmpty(t.Tags)
	c.Positions = make([]Position, len(t.Positions))
	for i, p := range t.Positions {
		p.Fills = make([]Fill, len(t.Positions[i].Fills))
		for j, f := range t.Positions[i].Fills {
			f.At = f.At.UTC()
			p.Fills[j] = f
		}
		if p.Dividends != nil {
			p.Dividends = make([]Dividend, len(t.Positions[i].Dividends))
			for j, dv := range t.Positions[i].Dividends {
				dv.At = dv.At.UTC()
				p.Dividends[j] = dv
			}
		}
		c.Positions[i] = p
	}
	c.Snapshots = ixOrEmpty(ixUTCSnapshots(t.Snapshots))
	c.Reviews = make([]Review, len(t.Reviews))
	for i, r := range t.Reviews {
		r.At = r.At.UTC()
		r.Prices = ixUTCSnapshots(r.Prices)
		c.Reviews[i] = r
	}
	c.Revisions = make([]Revision, len(t.Revisions))
	for i, r := range t.Revisions {
		r.At = r.At.UTC()
		c.Revisions[i] = r
	}
	return &c
}

// DecodeInterchange reads an interchange file from r and returns its settings and
// theses. Each thesis is normalised (so a missing status becomes open); when the file has
// settings, positions priced in the base currency without an FX rate get a rate of 1;
// then every thesis is validated.
//
// A file that is not acceptable is refused as a whole with an EINVALID *Error whose
// message starts with the JSON path of the first problem, e.g.
// `$.theses[2].positions[0].entry_price.amount: "12,5x" is not a decimal number`. It is
// refused when it is larger than MaxImportSize, is not JSON (the message gives the line
// and column), holds bytes that are not UTF-8 (the message names the string, or the line
// and column), has the wrong "format" or a missing or unsupported "version", holds a
// value of the wrong JSON type, an amount that is not a plain decimal string (digits
// with an optional minus sign and fraction: no grouping, no exponent), an unknown
// currency, a time that is not RFC 3339, a thesis without an id or with the id of an
// earlier thesis, or a thesis or settings that fail validation (every broken rule of
// that thesis is listed). Unknown fields are ignored; a leading UTF-8 byte order mark is
// allowed. Errors reading r are returned wrapped, without a code.
func DecodeInterchange(r io.Reader) (*Interchange, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportSize+1))
	if err != nil {
		return nil, fmt.Errorf("read journal file: %w", err)
	}
	if len(data) > MaxImportSize {
		return nil, ixErr("$", "the file is larger than %d MiB", MaxImportSize>>20)
	}
	body := bytes.TrimPrefix(data, ixBOM)
	bom := len(data) - len(body) // the offsets in messages count from the file's start
	data = body
	// Checked in full before anything is decoded, so that a syntax error anywhere wins;
	// an empty struct skips every value without copying it.
	if err := json.Unmarshal(data, &struct{}{}); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			at := int(se.Offset) - 1 // the offending byte
			if se.Error() == "unexpected end of JSON input" {
				at = len(data)
			}
			line, col := ixLineCol(data, at)
			return nil, ixErr("$", "not valid json at line %d, column %d: %s", line, col, se.Error())
		}
		return nil, ixErr("$", "must be a json object")
	}
	if ixNull(bytes.TrimSpace(data)) {
		return nil, ixErr("$", "must be a json object")
	}
	// The fields are slices of data, not copies: the theses array is most of the file.
	top := ixTopFields(data)
	d := &ixDecoder{}
	if f := d.str("$.format", top.Format); d.err == nil && f != InterchangeFormat {
		if f == "" {
			d.fail("$.format", "must be %q; this is not a Hindsight journal file", InterchangeFormat)
		} else {
			d.fail("$.format", "must be %q (is %q)", InterchangeFormat, f)
		}
	}
	if d.err == nil && ixNull(top.Version) {
		d.fail("$.version", "must be set")
	}
	version := d.integer("$.version", top.Version)
	if d.err == nil && (version < 1 || version > InterchangeVersion) {
		d.fail("$.version", "version %d is not supported (this version of Hindsight reads versions 1 to %d)", version, InterchangeVersion)
	}
	d.version = version
	out := &Interchange{Format: InterchangeFormat, Version: InterchangeVersion}
	if s := d.str("$.exported_at", top.ExportedAt); s != zeroTimeText {
		// An export made without a time carries Go's zero time, which means "unset" here.
		out.ExportedAt = d.time("$.exported_at", top.ExportedAt)
	}
	out.Settings = d.settings("$.settings", top.Settings)
	if out.Settings != nil {
		d.base = out.Settings.BaseCurrency
	}
	for i, item := range d.array("$.corporate_actions", top.CorporateActions) {
		a := d.corporateAction(fmt.Sprintf("$.corporate_actions[%d]", i), item)
		if d.err != nil {
			return nil, d.err
		}
		out.CorporateActions = append(out.CorporateActions, a)
	}
	items := d.array("$.theses", top.Theses)
	if d.err != nil {
		return nil, d.err
	}
	out.Theses = make([]*Thesis, 0, len(items))
	seen := make(map[string]int, len(items))
	for i, raw := range items {
		p := fmt.Sprintf("$.theses[%d]", i)
		t := d.thesis(p, raw, seen, i)
		if d.err != nil {
			return nil, d.err
		}
		t.Normalize()
		if out.Settings != nil {
			t.FillFX(out.Settings.BaseCurrency)
		}
		if err := t.Validate(); err != nil {
			return nil, ixProblems(p, err)
		}
		// Checked here too, with the file's own splits, so a sell of more than is held
		// is named by its JSON path.
		if err := t.ValidateLedger(out.CorporateActions); err != nil {
			return nil, ixProblems(p, err)
		}
		out.Theses = append(out.Theses, t)
	}
	if at := invalidUTF8(data); at >= 0 {
		// Outside every field read above, e.g. in a field this version ignores.
		line, col := ixLineCol(data, at)
		return nil, ixErr("$", "the file is not valid UTF-8 at line %d, column %d (byte %d)", line, col, at+bom)
	}
	return out, nil
}

// zeroTimeText is how the zero time.Time is written in RFC 3339.
const zeroTimeText = "0001-01-01T00:00:00Z"

// ixErr returns an EINVALID error whose message starts with the JSON path.
func ixErr(path, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Message: path + ": " + fmt.Sprintf(format, args...)}
}

// ixProblems turns a validation error of the object at path into an EINVALID error
// naming every problem by its JSON path.
func ixProblems(path string, err error) error {
	var v *ValidationError
	if !errors.As(err, &v) || len(v.Problems) == 0 {
		return ixErr(path, "%s", ErrorMessage(err))
	}
	parts := make([]string, len(v.Problems))
	for i, pr := range v.Problems {
		parts[i] = path + "." + pr.Field + ": " + pr.Rule
	}
	return &Error{Code: EINVALID, Message: strings.Join(parts, "; ")}
}

// ixLineCol returns the 1-based line and column (counted in characters) of the byte at
// index at; len(data) stands for the end of the input.
func ixLineCol(data []byte, at int) (line, col int) {
	if at < 0 {
		at = 0
	}
	if at > len(data) {
		at = len(data)
	}
	before := data[:at]
	line = 1 + bytes.Count(before, []byte("\n"))
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

func ixNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}

// ixDecoder decodes the parts of an interchange file, keeping the first error; once it
// has failed every method returns zero values.
type ixDecoder struct {
	err error
	// version is the file's version; base is its settings' base currency, or "".
	version int
	base    string
}

func (d *ixDecoder) fail(path, format string, args ...any) {
	if d.err == nil {
		d.err = ixErr(path, format, args...)
	}
}

// object decodes the JSON object raw into dst, a pointer to a struct of json.RawMessage
// fields. It reports whether raw held an object; null or a missing value is an error
// only when required.
func (d *ixDecoder) object(path string, raw json.RawMessage, dst any, required bool) bool {
	if d.err != nil {
		return false
	}
	if ixNull(raw) {
		if required {
			d.fail(path, "must be an object")
		}
		return false
	}
	if raw[0] != '{' || json.Unmarshal(raw, dst) != nil {
		d.fail(path, "must be an object")
		return false
	}
	return true
}

// array splits a JSON array; null or a missing value is an empty array. The items are
// slices of raw, which must be valid JSON, as every value handed to the decoder is.
func (d *ixDecoder) array(path string, raw json.RawMessage) []json.RawMessage {
	if d.err != nil || ixNull(raw) {
		return nil
	}
	if raw[0] != '[' {
		d.fail(path, "must be an array")
		return nil
	}
	var items []json.RawMessage
	for i := 1; ; {
		i = ixSpace(raw, i)
		if i >= len(raw) || raw[i] == ']' {
			return items
		}
		if raw[i] == ',' {
			i++
			continue
		}
		start, end := ixValue(raw, i)
		items = append(items, raw[start:end:end])
		i = end
	}
}

// ixTop holds the top-level fields of an interchange file as slices of the file.
type ixTop struct {
	Format, Version, ExportedAt, Settings, Theses, CorporateActions json.RawMessage
}

// ixTopFields finds the top-level fields in data, a valid JSON object. Field names match
// as encoding/json matches them (ignoring case), and the last of repeated names wins.
func ixTopFields(data []byte) ixTop {
	var top ixTop
	fields := []struct {
		name string
		dst  *json.RawMessage
	}{
		{"format", &top.Format},
		{"version", &top.Version},
		{"exported_at", &top.ExportedAt},
		{"settings", &top.Settings},
		{"theses", &top.Theses},
		{"corporate_actions", &top.CorporateActions},
	}
	for i := ixSpace(data, 0) + 1; ; {
		i = ixSpace(data, i)
		if i >= len(data) || data[i] == '}' {
			return top
		}
		if data[i] == ',' {
			i++
			continue
		}
		ks, ke := ixValue(data, i)
		var key string
		_ = json.Unmarshal(data[ks:ke], &key)
		vs, ve := ixValue(data, ixSpace(data, ke)+1) // past the colon
		for _, f := range fields {
			if strings.EqualFold(key, f.name) {
				*f.dst = data[vs:ve:ve]
			}
		}
		i = ve
	}
}

// ixSpace returns the index of the first byte at or after i that is not JSON white space.
func ixSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// ixValue returns where the JSON value at or after index i of data starts and ends
// (just past it). data must be valid JSON.
func ixValue(data []byte, i int) (start, end int) {
	i = ixSpace(data, i)
	start = i
	if i >= len(data) {
		return start, i
	}
	switch data[i] {
	case '"':
		return start, ixStringEnd(data, i)
	case '{', '[':
		depth := 0
		for ; i < len(data); i++ {
			switch data[i] {
			case '"':
				i = ixStringEnd(data, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return start, i + 1
				}
			}
		}
		return start, len(data)
	}
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r', ',', '}', ']':
			return start, i
		}
		i++
	}
	return start, i
}

// ixStringEnd returns the index just past the JSON string whose opening quote is at i.
func ixStringEnd(data []byte, i int) int {
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(data)
}

// str decodes a string; null or a missing value is "".
func (d *ixDecoder) str(path string, raw json.RawMessage) string {
	if d.err != nil || ixNull(raw) {
		return ""
	}
	if raw[0] == '"' {
		// Checked on the raw bytes: decoding would turn them into U+FFFD.
		if at := invalidUTF8(raw); at >= 0 {
			d.fail(path, "is not valid UTF-8 (byte %d of the string)", at-1)
			return ""
		}
	}
	var s string
	if raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		d.fail(path, "must be a string")
		return ""
	}
	return s
}

// invalidUTF8 returns the index of the first byte of b that is not UTF-8, or -1.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

func (d *ixDecoder) strs(path string, raw json.RawMessage) []string {
	items := d.array(path, raw)
	if len(items) == 0 {
		return nil
	}
	out := make([]string, len(items))
	for i, item := range items {
		out[i] = d.str(fmt.Sprintf("%s[%d]", path, i), item)
	}
	return out
}

// integer decodes a whole number; null or a missing value is 0.
func (d *ixDecoder) integer(path string, raw json.RawMessage) int {
	if d.err != nil || ixNull(raw) {
		return 0
	}
	var n int
	if json.Unmarshal(raw, &n) != nil {
		d.fail(path, "must be a whole number")
		return 0
	}
	return n
}

// optInteger decodes a whole number that may be absent; null or a missing value is nil.
func (d *ixDecoder) optInteger(path string, raw json.RawMessage) *int {
	if d.err != nil || ixNull(raw) {
		return nil
	}
	n := d.integer(path, raw)
	if d.err != nil {
		return nil
	}
	return &n
}

func (d *ixDecoder) boolean(path string, raw json.RawMessage) bool {
	if d.err != nil || ixNull(raw) {
		return false
	}
	var b bool
	if json.Unmarshal(raw, &b) != nil {
		d.fail(path, "must be true or false")
		return false
	}
	return b
}

// time decodes an RFC 3339 time into UTC; null, a missing value or "" is the zero time.
func (d *ixDecoder) time(path string, raw json.RawMessage) time.Time {
	s := d.str(path, raw)
	if d.err != nil || s == "" {
		return time.Time{}
	}
	var t time.Time
	if err := t.UnmarshalText([]byte(s)); err != nil {
		d.fail(path, "%q is not a time such as \"2025-01-28T09:00:00Z\"", s)
		return time.Time{}
	}
	t = t.UTC()
	if y := t.Year(); y < MinYear {
		d.fail(path, "%q is before %d", s, MinYear)
		return time.Time{}
	} else if y > MaxYear {
		d.fail(path, "%q is after the year %d in UTC", s, MaxYear)
		return time.Time{}
	}
	return t
}

func (d *ixDecoder) optTime(path string, raw json.RawMessage) *time.Time {
	if d.err != nil || ixNull(raw) {
		return nil
	}
	t := d.time(path, raw)
	if d.err != nil || t.IsZero() {
		return nil
	}
	return &t
}

func (d *ixDecoder) date(path string, raw json.RawMessage) Date {
	s := d.str(path, raw)
	if d.err != nil || s == "" {
		return Date{}
	}
	v, err := ParseDate(s)
	if err != nil {
		d.fail(path, "%s", ErrorMessage(err))
		return Date{}
	}
	return v
}

// amountText decodes the JSON string holding an amount; "" when null or missing.
func (d *ixDecoder) amountText(path string, raw json.RawMessage) string {
	if d.err != nil || ixNull(raw) {
		return ""
	}
	var s string
	if raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		d.fail(path, "must be a string such as \"1234.50\", not a json number")
		return ""
	}
	return s
}

// parseAmount parses a plain decimal string: an optional minus sign, digits and an
// optional fraction.
func (d *ixDecoder) parseAmount(path, s string) decimal.Decimal {
	if d.err != nil {
		return decimal.Decimal{}
	}
	if s == "" {
		d.fail(path, "must not be empty")
		return decimal.Decimal{}
	}
	if !ixPlainDecimal(s) {
		d.fail(path, "%q is not a decimal number such as \"1234.50\"", s)
		return decimal.Decimal{}
	}
	v, err := ParseDecimal(s)
	if err != nil {
		d.fail(path, "%s", ErrorMessage(err))
		return decimal.Decimal{}
	}
	return v
}

func ixPlainDecimal(s string) bool {
	digits := func(s string) bool {
		if s == "" {
			return false
		}
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		return true
	}
	whole, frac, dot := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	return digits(whole) && (!dot || digits(frac))
}

// decimal decodes a decimal string; null or a missing value is zero.
func (d *ixDecoder) decimal(path string, raw json.RawMessage) decimal.Decimal {
	s := d.amountText(path, raw)
	if d.err != nil || ixNull(raw) {
		return decimal.Decimal{}
	}
	return d.parseAmount(path, s)
}

// money decodes {"amount": "128.99", "currency": "USD"}. Null, a missing value or an
// object with neither amount nor currency (or amount "0" and no currency) is the zero
// Money. Subunit currencies (GBp) are converted as NewMoney does.
func (d *ixDecoder) money(path string, raw json.RawMessage) Money {
	var m struct {
		Amount   json.RawMessage `json:"amount"`
		Currency json.RawMessage `json:"currency"`
	}
	if !d.object(path, raw, &m, false) {
		return Money{}
	}
	amount := d.amountText(path+".amount", m.Amount)
	currency := d.str(path+".currency", m.Currency)
	if d.err != nil || currency == "" && (amount == "" || amount == "0") {
		return Money{}
	}
	v := d.parseAmount(path+".amount", amount)
	if d.err != nil {
		return Money{}
	}
	out, err := NewMoney(v, currency)
	if err != nil {
		d.fail(path+".currency", "%s", ErrorMessage(err))
		return Money{}
	}
	if err := converted(amount, out); err != nil {
		d.fail(path+".amount", "%s", ErrorMessage(err))
		return Money{}
	}
	return out
}

func (d *ixDecoder) optMoney(path string, raw json.RawMessage) *Money {
	if d.err != nil || ixNull(raw) {
		return nil
	}
	m := d.money(path, raw)
	if d.err != nil {
		return nil
	}
	return &m
}

func (d *ixDecoder) settings(path string, raw json.RawMessage) *Settings {
	var r struct {
		BaseCurrency    json.RawMessage `json:"base_currency"`
		TotalLossBudget json.RawMessage `json:"total_loss_budget"`
		Benchmark       json.RawMessage `json:"benchmark"`
		Author          json.RawMessage `json:"author"`
		CostMethod      json.RawMessage `json:"cost_method"`
		AlertThresholds json.RawMessage `json:"alert_thresholds"`
	}
	if !d.object(path, raw, &r, false) {
		return nil
	}
	s := &Settings{
		BaseCurrency:    d.str(path+".base_currency", r.BaseCurrency),
		TotalLossBudget: d.money(path+".total_loss_budget", r.TotalLossBudget),
		Benchmark:       strings.ToUpper(strings.TrimSpace(d.str(path+".benchmark", r.Benchmark))),
		Author:          d.str(path+".author", r.Author),
		CostMethod:      CostMethod(d.str(path+".cost_method", r.CostMethod)),
	}
	for i, item := range d.array(path+".alert_thresholds", r.AlertThresholds) {
		s.AlertThresholds = append(s.AlertThresholds, d.decimal(fmt.Sprintf("%s.alert_thresholds[%d]", path, i), item))
	}
	if d.err != nil {
		return nil
	}
	if code, err := NormalizeCurrency(s.BaseCurrency); err == nil {
		s.BaseCurrency = code
	}
	if err := s.Validate(); err != nil {
		d.err = ixProblems(path, err)
		return nil
	}
	return s
}

// thesis decodes the thesis at index i; seen maps the ids decoded so far to their index.
func (d *ixDecoder) thesis(path string, raw json.RawMessage, seen map[string]int, i int) *Thesis {
	var r struct {
		ID           json.RawMessage `json:"id"`
		Title        json.RawMessage `json:"title"`
		Body         json.RawMessage `json:"body"`
		Trigger      json.RawMessage `json:"trigger"`
		Reasons      json.RawMessage `json:"reasons"`
		Expectation  json.RawMessage `json:"expectation"`
		Invalidation json.RawMessage `json:"invalidation"`
		Conviction   json.RawMessage `json:"conviction"`
		PreMortem    json.RawMessage `json:"pre_mortem"`
		BaseRate     json.RawMessage `json:"base_rate"`
		Levels       json.RawMessage `json:"levels"`
		Links        json.RawMessage `json:"links"`
		Tags         json.RawMessage `json:"tags"`
		Status       json.RawMessage `json:"status"`
		CreatedAt    json.RawMessage `json:"created_at"`
		UpdatedAt    json.RawMessage `json:"updated_at"`
		ReviewBy     json.RawMessage `json:"review_by"`
		LossBudget   json.RawMessage `json:"loss_budget"`
		Benchmark    json.RawMessage `json:"benchmark"`
		Positions    json.RawMessage `json:"positions"`
		Snapshots    json.RawMessage `json:"snapshots"`
		Reviews      json.RawMessage `json:"reviews"`
		Revisions    json.RawMessage `json:"revisions"`
	}
	if !d.object(path, raw, &r, true) {
		return nil
	}
	id := d.str(path+".id", r.ID)
	if d.err == nil {
		if id == "" {
			d.fail(path+".id", "must be set")
		} else if j, dup := seen[id]; dup {
			d.fail(path+".id", "duplicate id %q (also at $.theses[%d])", id, j)
		} else {
			seen[id] = i
		}
	}
	t := &Thesis{
		ID:           id,
		Title:        d.str(path+".title", r.Title),
		Body:         d.str(path+".body", r.Body),
		Trigger:      d.str(path+".trigger", r.Trigger),
		Reasons:      d.strs(path+".reasons", r.Reasons),
		Expectation:  d.str(path+".expectation", r.Expectation),
		Invalidation: d.str(path+".invalidation", r.Invalidation),
		Conviction:   d.integer(path+".conviction", r.Conviction),
		PreMortem:    d.strs(path+".pre_mortem", r.PreMortem),
		BaseRate:     d.optInteger(path+".base_rate", r.BaseRate),
		Tags:         d.strs(path+".tags", r.Tags),
		Status:       Status(d.str(path+".status", r.Status)),
		CreatedAt:    d.time(path+".created_at", r.CreatedAt),
		UpdatedAt:    d.time(path+".updated_at", r.UpdatedAt),
		ReviewBy:     d.date(path+".review_by", r.ReviewBy),
		LossBudget:   d.money(path+".loss_budget", r.LossBudget),
		Benchmark:    d.str(path+".benchmark", r.Benchmark),
	}
	for j, item := range d.array(path+".levels", r.Levels) {
		t.Levels = append(t.Levels, d.level(fmt.Sprintf("%s.levels[%d]", path, j), item))
	}
	for j, item := range d.array(path+".links", r.Links) {
		p := fmt.Sprintf("%s.links[%d]", path, j)
		var l struct {
			Kind json.RawMessage `json:"kind"`
			To   json.RawMessage `json:"to"`
		}
		if !d.object(p, item, &l, true) {
			break
		}
		t.Links = append(t.Links, Link{Kind: LinkKind(d.str(p+".kind", l.Kind)), To: d.str(p+".to", l.To)})
	}
	for j, item := range d.array(path+".positions", r.Positions) {
		t.Positions = append(t.Positions, d.position(fmt.Sprintf("%s.positions[%d]", path, j), item, id, j))
	}
	for j, item := range d.array(path+".snapshots", r.Snapshots) {
		t.Snapshots = append(t.Snapshots, d.snapshot(fmt.Sprintf("%s.snapshots[%d]", path, j), item))
	}
	for j, item := range d.array(path+".reviews", r.Reviews) {
		t.Reviews = append(t.Reviews, d.review(fmt.Sprintf("%s.reviews[%d]", path, j), item))
	}
	for j, item := range d.array(path+".revisions", r.Revisions) {
		t.Revisions = append(t.Revisions, d.revision(fmt.Sprintf("%s.revisions[%d]", path, j), item))
	}
	return t
}

// position decodes a position: in version 1 one entry and exit (turned into fills), in
// version 2 its fills and dividends. thesisID and i name it for the legacy fills' ids.
func (d *ixDecoder) position(path string, raw json.RawMessage, thesisID string, i int) Position {
	if d.version < 2 {
		var r struct {
			Symbol     json.RawMessage `json:"symbol"`
			Side       json.RawMessage `json:"side"`
			Quantity   json.RawMessage `json:"quantity"`
			EntryPrice json.RawMessage `json:"entry_price"`
			EnteredAt  json.RawMessage `json:"entered_at"`
			ExitPrice  json.RawMessage `json:"exit_price"`
			ExitedAt   json.RawMessage `json:"exited_at"`
			FXToBase   json.RawMessage `json:"fx_to_base"`
		}
		if !d.object(path, raw, &r, true) {
			return Position{}
		}
		lp := LegacyPosition{
			Symbol:     d.str(path+".symbol", r.Symbol),
			Side:       Side(d.str(path+".side", r.Side)),
			Quantity:   d.decimal(path+".quantity", r.Quantity),
			EntryPrice: d.money(path+".entry_price", r.EntryPrice),
			EnteredAt:  d.time(path+".entered_at", r.EnteredAt),
			ExitPrice:  d.optMoney(path+".exit_price", r.ExitPrice),
			ExitedAt:   d.optTime(path+".exited_at", r.ExitedAt),
			FXToBase:   d.decimal(path+".fx_to_base", r.FXToBase),
		}
		if d.err == nil && lp.ExitPrice != nil && lp.ExitedAt == nil {
			d.fail(path+".exited_at", "must be set when there is an exit price")
		}
		return lp.Position(thesisID, i, d.base)
	}
	var r struct {
		Symbol    json.RawMessage `json:"symbol"`
		Side      json.RawMessage `json:"side"`
		Fills     json.RawMessage `json:"fills"`
		Dividends json.RawMessage `json:"dividends"`
	}
	if !d.object(path, raw, &r, true) {
		return Position{}
	}
	p := Position{
		Symbol: d.str(path+".symbol", r.Symbol),
		Side:   Side(d.str(path+".side", r.Side)),
	}
	for j, item := range d.array(path+".fills", r.Fills) {
		p.Fills = append(p.Fills, d.fill(fmt.Sprintf("%s.fills[%d]", path, j), item))
	}
	if p.Fills == nil && d.err == nil {
		p.Fills = []Fill{}
	}
	for j, item := range d.array(path+".dividends", r.Dividends) {
		p.Dividends = append(p.Dividends, d.dividend(fmt.Sprintf("%s.dividends[%d]", path, j), item))
	}
	return p
}

func (d *ixDecoder) fill(path string, raw json.RawMessage) Fill {
	var r struct {
		ID       json.RawMessage `json:"id"`
		At       json.RawMessage `json:"at"`
		Action   json.RawMessage `json:"action"`
		Quantity json.RawMessage `json:"quantity"`
		Price    json.RawMessage `json:"price"`
		Fees     json.RawMessage `json:"fees"`
		Taxes    json.RawMessage `json:"taxes"`
		FXToBase json.RawMessage `json:"fx_to_base"`
		Note     json.RawMessage `json:"note"`
		Source   json.RawMessage `json:"source"`
		Ref      json.RawMessage `json:"ref"`
	}
	if !d.object(path, raw, &r, true) {
		return Fill{}
	}
	return Fill{
		ID:       d.str(path+".id", r.ID),
		At:       d.time(path+".at", r.At),
		Action:   Action(d.str(path+".action", r.Action)),
		Quantity: d.decimal(path+".quantity", r.Quantity),
		Price:    d.money(path+".price", r.Price),
		Fees:     d.money(path+".fees", r.Fees),
		Taxes:    d.money(path+".taxes", r.Taxes),
		FXToBase: d.decimal(path+".fx_to_base", r.FXToBase),
		Note:     d.str(path+".note", r.Note),
		Source:   d.str(path+".source", r.Source),
		Ref:      d.str(path+".ref", r.Ref),
	}
}

func (d *ixDecoder) dividend(path string, raw json.RawMessage) Dividend {
	var r struct {
		ID       json.RawMessage `json:"id"`
		At       json.RawMessage `json:"at"`
		PerShare json.RawMessage `json:"per_share"`
		Amount   json.RawMessage `json:"amount"`
		Withheld json.RawMessage `json:"withheld"`
		FXToBase json.RawMessage `json:"fx_to_base"`
		Note     json.RawMessage `json:"note"`
		Source   json.RawMessage `json:"source"`
		Ref      json.RawMessage `json:"ref"`
	}
	if !d.object(path, raw, &r, true) {
		return Dividend{}
	}
	return Dividend{
		ID:       d.str(path+".id", r.ID),
		At:       d.time(path+".at", r.At),
		PerShare: d.money(path+".per_share", r.PerShare),
		Amount:   d.money(path+".amount", r.Amount),
		Withheld: d.money(path+".withheld", r.Withheld),
		FXToBase: d.decimal(path+".fx_to_base", r.FXToBase),
		Note:     d.str(path+".note", r.Note),
		Source:   d.str(path+".source", r.Source),
		Ref:      d.str(path+".ref", r.Ref),
	}
}

func (d *ixDecoder) corporateAction(path string, raw json.RawMessage) CorporateAction {
	var r struct {
		ID     json.RawMessage `json:"id"`
		Symbol json.RawMessage `json:"symbol"`
		Kind   json.RawMessage `json:"kind"`
		Ratio  json.RawMessage `json:"ratio"`
		At     json.RawMessage `json:"at"`
		Source json.RawMessage `json:"source"`
	}
	if !d.object(path, raw, &r, true) {
		return CorporateAction{}
	}
	a := CorporateAction{
		ID:     d.str(path+".id", r.ID),
		Symbol: d.str(path+".symbol", r.Symbol),
		Kind:   ActionKind(d.str(path+".kind", r.Kind)),
		Ratio:  d.str(path+".ratio", r.Ratio),
		At:     d.time(path+".at", r.At),
		Source: d.str(path+".source", r.Source),
	}
	if d.err != nil {
		return a
	}
	if err := a.Validate(); err != nil {
		d.err = ixProblems(path, err)
	}
	return a
}

func (d *ixDecoder) snapshot(path string, raw json.RawMessage) Snapshot {
	var r struct {
		Symbol json.RawMessage `json:"symbol"`
		Price  json.RawMessage `json:"price"`
		At     json.RawMessage `json:"at"`
		Source json.RawMessage `json:"source"`
		Name   json.RawMessage `json:"name"`
	}
	if !d.object(path, raw, &r, true) {
		return Snapshot{}
	}
	return Snapshot{
		Symbol: d.str(path+".symbol", r.Symbol),
		Price:  d.money(path+".price", r.Price),
		At:     d.time(path+".at", r.At),
		Source: Source(d.str(path+".source", r.Source)),
		Name:   d.str(path+".name", r.Name),
	}
}

func (d *ixDecoder) review(path string, raw json.RawMessage) Review {
	var r struct {
		At      json.RawMessage `json:"at"`
		Verdict json.RawMessage `json:"verdict"`
		Note    json.RawMessage `json:"note"`
		Checks  json.RawMessage `json:"checks"`
		Prices  json.RawMessage `json:"prices"`
		Quality json.RawMessage `json:"decision_quality"`
		Risks   json.RawMessage `json:"risks_happened"`
	}
	if !d.object(path, raw, &r, true) {
		return Review{}
	}
	out := Review{
		At:      d.time(path+".at", r.At),
		Verdict: Verdict(d.str(path+".verdict", r.Verdict)),
		Note:    d.str(path+".note", r.Note),
		Quality: d.integer(path+".decision_quality", r.Quality),
	}
	for j, item := range d.array(path+".risks_happened", r.Risks) {
		out.Risks = append(out.Risks, d.integer(fmt.Sprintf("%s.risks_happened[%d]", path, j), item))
	}
	for j, item := range d.array(path+".checks", r.Checks) {
		p := fmt.Sprintf("%s.checks[%d]", path, j)
		var c struct {
			Reason json.RawMessage `json:"reason"`
			Held   json.RawMessage `json:"held"`
		}
		if !d.object(p, item, &c, true) {
			break
		}
		out.Checks = append(out.Checks, ReasonCheck{
			Reason: d.integer(p+".reason", c.Reason),
			Held:   d.boolean(p+".held", c.Held),
		})
	}
	for j, item := range d.array(path+".prices", r.Prices) {
		out.Prices = append(out.Prices, d.snapshot(fmt.Sprintf("%s.prices[%d]", path, j), item))
	}
	return out
}

func (d *ixDecoder) revision(path string, raw json.RawMessage) Revision {
	var r struct {
		At           json.RawMessage `json:"at"`
		Title        json.RawMessage `json:"title"`
		Expectation  json.RawMessage `json:"expectation"`
		Invalidation json.RawMessage `json:"invalidation"`
		Conviction   json.RawMessage `json:"conviction"`
		LossBudget   json.RawMessage `json:"loss_budget"`
		PreMortem    json.RawMessage `json:"pre_mortem"`
		BaseRate     json.RawMessage `json:"base_rate"`
		Ledger       json.RawMessage `json:"ledger"`
	}
	if !d.object(path, raw, &r, true) {
		return Revision{}
	}
	var ledger []LedgerChange
	for j, item := range d.array(path+".ledger", r.Ledger) {
		ledger = append(ledger, d.ledgerChange(fmt.Sprintf("%s.ledger[%d]", path, j), item))
	}
	return Revision{
		Ledger:       ledger,
		At:           d.time(path+".at", r.At),
		Title:        d.str(path+".title", r.Title),
		Expectation:  d.str(path+".expectation", r.Expectation),
		Invalidation: d.str(path+".invalidation", r.Invalidation),
		Conviction:   d.integer(path+".conviction", r.Conviction),
		LossBudget:   d.money(path+".loss_budget", r.LossBudget),
		PreMortem:    d.strs(path+".pre_mortem", r.PreMortem),
		BaseRate:     d.optInteger(path+".base_rate", r.BaseRate),
	}
}

// ledgerChange decodes one fill or dividend an edit added, changed or removed.
func (d *ixDecoder) ledgerChange(path string, raw json.RawMessage) LedgerChange {
	var r struct {
		Symbol   json.RawMessage `json:"symbol"`
		Change   json.RawMessage `json:"change"`
		ID       json.RawMessage `json:"id"`
		Fill     json.RawMessage `json:"fill"`
		Dividend json.RawMessage `json:"dividend"`
	}
	if !d.object(path, raw, &r, true) {
		return LedgerChange{}
	}
	c := LedgerChange{
		Symbol: d.str(path+".symbol", r.Symbol),
		Change: d.str(path+".change", r.Change),
		ID:     d.str(path+".id", r.ID),
	}
	if d.err == nil && c.Change != LedgerAdded && c.Change != LedgerChanged && c.Change != LedgerRemoved {
		d.fail(path+".change", "must be added, changed or removed (is %q)", c.Change)
	}
	if !ixNull(r.Fill) && len(r.Fill) > 0 {
		f := d.fill(path+".fill", r.Fill)
		c.Fill = &f
	}
	if !ixNull(r.Dividend) && len(r.Dividend) > 0 {
		dv := d.dividend(path+".dividend", r.Dividend)
		c.Dividend = &dv
	}
	return c
}

// level decodes an invalidation level.
func (d *ixDecoder) level(path string, raw json.RawMessage) Level {
	var r struct {
		Symbol json.RawMessage `json:"symbol"`
		When   json.RawMessage `json:"when"`
		Price  json.RawMessage `json:"price"`
		Close  json.RawMessage `json:"close"`
	}
	if !d.object(path, raw, &r, true) {
		return Level{}
	}
	return Level{
		Symbol: d.str(path+".symbol", r.Symbol),
		When:   LevelWhen(d.str(path+".when", r.When)),
		Price:  d.money(path+".price", r.Price),
		Close:  d.boolean(path+".close", r.Close),
	}
}
