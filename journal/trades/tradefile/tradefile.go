// Package tradefile reads a whole file of trades the way the command line and the
// desktop app both do: it decodes the text (UTF-8, UTF-8 with a byte order mark or
// CP949), picks the format (a named one, a saved column mapping, or the first of the
// formats on offer that recognises the file, guessing a generic CSV's columns from its
// header) and collects the trades. Resolve then settles the codes a file writes
// ambiguously (bare 6-digit KRX codes, listed on KOSPI or KOSDAQ).
package tradefile

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"time"

	"hindsight/journal"
	"hindsight/journal/trades"
	"hindsight/journal/trades/csvmap"
)

// Options say how to read a file.
type Options struct {
	// Formats are the formats on offer, in the order detection tries them; the generic
	// CSV (csvmap.Auto), when present, must be last.
	Formats []trades.Format
	// Format is the chosen format; nil detects it.
	Format trades.Format
	// Mapping reads the file as a generic CSV with these columns (a saved preset, or a
	// person's choice); nil guesses them from the header when the file is a generic CSV.
	Mapping *csvmap.Mapping
	// Location is the zone of times written without one, for a generic CSV; nil keeps
	// the mapping's.
	Location *time.Location
}

// File is what Read found.
type File struct {
	// Trades are the rows read, in file order.
	Trades []journal.Trade
	// Format is the format the file was read with (nil when none could be chosen).
	Format trades.Format
	// Encoding is the file's text encoding.
	Encoding trades.Encoding
	// Header is the first row's fields when the file looks like a CSV, else nil.
	Header []string
	// Mapping is the column mapping a generic CSV was (or would be) read with: the one
	// given, or the guess from Header (which may lack columns, see Missing).
	Mapping *csvmap.Mapping
	// Missing are the required fields the guessed mapping could not map.
	Missing []string
	// Generic reports that the file is read (or would be read) as a generic CSV.
	Generic bool
}

// Read reads the whole of r with o. It returns what it learnt of the file even with an
// error: an error of a row names its line and column as the format's reader wrote it.
func Read(ctx context.Context, r io.Reader, o Options) (File, error) {
	var out File
	text, enc, err := trades.Decode(r)
	if err != nil {
		return out, err
	}
	out.Encoding = enc
	head, text, err := PeekHead(text, trades.HeadSize)
	if err != nil {
		return out, err
	}
	chosen, mapping := o.Format, o.Mapping
	if header, _, ok := trades.SniffHeader(head); ok && len(header) > 1 {
		out.Header = header
	}
	if mapping == nil && (chosen == nil || chosen.Name() == "csv") {
		// A generic CSV: guess the mapping from the header, so it can be shown and saved.
		distinct := o.Formats
		if n := len(distinct); n > 0 && distinct[n-1].Name() == "csv" {
			distinct = distinct[:n-1]
		}
		if out.Header != nil && (chosen != nil || !anySniffs(head, distinct)) {
			m, missing := csvmap.Guess(out.Header)
			out.Mapping, out.Missing, out.Generic = &m, missing, true
			if len(missing) > 0 && chosen != nil {
				return out, journal.Errorf(journal.EINVALID, "the header has no column for %s; choose them", strings.Join(missing, ", "))
			}
			if len(missing) == 0 {
				mapping = &m
			}
		}
	}
	if mapping != nil {
		m := *mapping
		if o.Location != nil {
			m.Timezone = o.Location.String()
		}
		out.Mapping, out.Missing, out.Generic = &m, nil, true
		chosen = csvmap.New(m)
	}
	if chosen == nil {
		if chosen, err = trades.Detect(head, o.Formats); err != nil {
			return out, err
		}
		out.Generic = chosen.Name() == "csv"
	}
	out.Format = chosen
	err = chosen.Read(ctx, text, func(t journal.Trade) error {
		out.Trades = append(out.Trades, t)
		return nil
	})
	return out, err
}

// anySniffs reports whether one of formats recognises head.
func anySniffs(head []byte, formats []trades.Format) bool {
	for _, f := range formats {
		if f.Sniff(head) {
			return true
		}
	}
	return false
}

// PeekHead returns the first n bytes of r (fewer at its end) and a reader that still
// yields all of r.
func PeekHead(r io.Reader, n int) ([]byte, io.Reader, error) {
	buf := make([]byte, n)
	k, err := io.ReadFull(r, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, nil, err
	}
	buf = buf[:k]
	return buf, io.MultiReader(strings.NewReader(string(buf)), r), nil
}

// Ambiguity is a code a file writes so that it may stand for more than one symbol, and
// that neither a choice nor the journal settles.
type Ambiguity struct {
	// Key is the code as choices name it: the bare six digits of a KRX code.
	Key string
	// Code is the code as the file first wrote it ("A000660").
	Code string
	// Line is the first line that writes it.
	Line int
	// Candidates are the symbols it may stand for ("000660.KS", "000660.KQ").
	Candidates []string
}

// CodeKey returns the key by which a choice names code: the six digits of a KRX code,
// else the code trimmed.
func CodeKey(code string) string {
	if c, ok := trades.KRXCode(code); ok {
		return c
	}
	return strings.TrimSpace(code)
}

// Resolve sets the Symbol of each trade whose code its file wrote ambiguously: the one
// chosen names (by the code as written, or by its key), else the one candidate held
// reports the journal already holds. held is called at most once, and only when needed.
// It returns the codes neither settles, each once, in the order of their first line.
func Resolve(rows []journal.Trade, chosen map[string]string, held func() (map[string]bool, error)) ([]Ambiguity, error) {
	pick := map[string]string{}
	for code, sym := range chosen {
		pick[CodeKey(code)] = sym
	}
	var known map[string]bool
	var open []Ambiguity
	asked := map[string]bool{}
	for i := range rows {
		t := &rows[i]
		if t.Symbol != "" {
			continue
		}
		k := CodeKey(t.Code)
		if sym, ok := pick[k]; ok {
			t.Symbol = sym
			continue
		}
		if known == nil {
			var err error
			if known, err = held(); err != nil {
				return nil, err
			}
			if known == nil {
				known = map[string]bool{}
			}
		}
		var hit []string
		for _, c := range t.Candidates {
			if known[c] {
				hit = append(hit, c)
			}
		}
		if len(hit) == 1 {
			pick[k] = hit[0]
			t.Symbol = hit[0]
			continue
		}
		if !asked[k] {
			asked[k] = true
			open = append(open, Ambiguity{Key: k, Code: t.Code, Line: t.Line, Candidates: slices.Clone(t.Candidates)})
		}
	}
	return open, nil
}

// Held returns the symbols the theses hold positions or snapshots in.
func Held(theses []*journal.Thesis) map[string]bool {
	known := map[string]bool{}
	for _, th := range theses {
		for _, s := range th.Symbols() {
			known[s] = true
		}
	}
	return known
}
