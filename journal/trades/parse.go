package trades

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"

	"hindsight/journal"
)

// currencySigns are the signs ParseNumber drops before or after a number.
var currencySigns = []string{"₩", "$", "€", "£", "¥", "원", "KRW", "USD"}

// ParseNumber parses a number as broker files write it: thousands separators
// ("1,234.5"), a sign ("-3", "+5"), parentheses for a negative amount ("(12.50)"), a
// currency sign or the Korean 원 ("₩1,234", "1,234원", "$1,234.56") and spaces around it.
// A number in exponent notation, with two decimal points, or empty is an EINVALID error.
// It never goes through float64.
func ParseNumber(s string) (decimal.Decimal, error) {
	orig := s
	s = strings.TrimSpace(s)
	if s == "" {
		return decimal.Decimal{}, journal.Errorf(journal.EINVALID, "number must not be empty")
	}
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg = true
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	sign := ""
	if s != "" && (s[0] == '-' || s[0] == '+') {
		sign, s = s[:1], strings.TrimSpace(s[1:])
	}
	for _, c := range currencySigns {
		if t, ok := strings.CutPrefix(s, c); ok {
			s = strings.TrimSpace(t)
			break
		}
		if t, ok := strings.CutSuffix(s, c); ok {
			s = strings.TrimSpace(t)
			break
		}
	}
	if sign == "" && s != "" && (s[0] == '-' || s[0] == '+') {
		sign, s = s[:1], strings.TrimSpace(s[1:])
	}
	if neg && sign != "" {
		return decimal.Decimal{}, journal.Errorf(journal.EINVALID, "number %q has both parentheses and a sign", orig)
	}
	if s == "" || strings.ContainsAny(s, "eE") {
		return decimal.Decimal{}, journal.Errorf(journal.EINVALID, "number %q is not a number", orig)
	}
	d, err := journal.ParseDecimal(sign + s)
	if err != nil {
		return decimal.Decimal{}, journal.Errorf(journal.EINVALID, "number %q: %s", orig, errMessage(err))
	}
	if neg {
		d = d.Neg()
	}
	return d, nil
}

// errMessage returns the message of a journal error without its code.
func errMessage(err error) string {
	if e, ok := err.(*journal.Error); ok {
		return e.Message
	}
	return err.Error()
}

var (
	// dateRe matches 2024-06-10, 2024.06.10, 2024/6/10 and 2024. 6. 10, then an optional time.
	dateRe = regexp.MustCompile(`^(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\.?(?:(?:[T ;]|,\s*)\s*(.+))?$`)
	// compactRe matches 20240610 and IBKR's 20240610;093000 (or 20240610 09:30:00).
	compactRe = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})(?:[;T ]\s*(.+))?$`)
	// koreanRe matches 2024년 6월 10일, then an optional time.
	koreanRe = regexp.MustCompile(`^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일(?:\s+(.+))?$`)
	// clockRe matches 09:30, 09:30:00, 09:30:00.123 and 093000, then an optional zone.
	clockRe = regexp.MustCompile(`^(\d{1,2}):?(\d{2})(?::?(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$`)
)

// ParseTime parses a date or a date and time as broker files write them and returns it
// in UTC: ISO dates and date-times (2024-06-10, 2024-06-10T09:30:00Z,
// 2024-06-10 09:30:00, 2024-06-10T09:30:00.000+09:00), the Korean forms 2024.06.10,
// 2024/06/10, 2024.6.10, 20240610 and 2024년 6월 10일 with an optional HH:MM[:SS], and
// Interactive Brokers' 20240610;093000 and 2024-06-10, 09:30:00. A time without a zone
// is in loc, and a date alone is midnight in loc.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	t, _, err := ParseWhen(s, loc)
	return t, err
}

// ParseWhen is ParseTime that also reports whether s held a time of day, so that a
// reader can keep a date alone at midnight UTC of that date.
func ParseWhen(s string, loc *time.Location) (t time.Time, hasClock bool, err error) {
	orig := s
	s = strings.TrimSpace(s)
	bad := func() (time.Time, bool, error) {
		return time.Time{}, false, journal.Errorf(journal.EINVALID, "%q is not a date", orig)
	}
	var m []string
	for _, re := range []*regexp.Regexp{dateRe, compactRe, koreanRe} {
		if m = re.FindStringSubmatch(s); m != nil {
			break
		}
	}
	if m == nil {
		return bad()
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return bad()
	}
	var hh, mm, ss, ns int
	zone := loc
	if m[4] != "" {
		c := clockRe.FindStringSubmatch(strings.TrimSpace(m[4]))
		if c == nil {
			return time.Time{}, false, journal.Errorf(journal.EINVALID, "%q: %q is not a time of day", orig, m[4])
		}
		hh, _ = strconv.Atoi(c[1])
		mm, _ = strconv.Atoi(c[2])
		if c[3] != "" {
			ss, _ = strconv.Atoi(c[3])
		}
		if c[4] != "" {
			frac := c[4] + strings.Repeat("0", 9-len(c[4]))
			ns, _ = strconv.Atoi(frac)
		}
		if hh > 23 || mm > 59 || ss > 59 {
			return time.Time{}, false, journal.Errorf(journal.EINVALID, "%q: %q is not a time of day", orig, m[4])
		}
		if z := c[5]; z != "" {
			off := 0
			if z != "Z" {
				z = strings.ReplaceAll(z, ":", "")
				oh, _ := strconv.Atoi(z[1:3])
				om, _ := strconv.Atoi(z[3:5])
				if oh > 23 || om > 59 {
					return bad()
				}
				off = (oh*60 + om) * 60
				if z[0] == '-' {
					off = -off
				}
			}
			zone = time.FixedZone("", off)
		}
		hasClock = true
	}
	if zone == nil {
		zone = time.UTC
	}
	t = time.Date(y, time.Month(mo), d, hh, mm, ss, ns, zone)
	if t.Day() != d || int(t.Month()) != mo {
		return time.Time{}, false, journal.Errorf(journal.EINVALID, "%q is not a date: %d-%02d has no day %d", orig, y, mo, d)
	}
	return t.UTC(), hasClock, nil
}

// KRXCode returns the 6-digit Korea Exchange code s writes, as Korean brokers write it:
// "005930", "A005930" (the standard code's short form), "'005930" (a spreadsheet's text
// mark) or with spaces around it. ok is false for anything else.
func KRXCode(s string) (code string, ok bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "'")
	s = strings.TrimSpace(s)
	if len(s) == 7 && (s[0] == 'A' || s[0] == 'a') {
		s = s[1:]
	}
	if len(s) != 6 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", false
		}
	}
	return s, true
}

// KRXCandidates returns the Yahoo symbols a bare KRX code may stand for: the KOSPI
// listing (.KS) and the KOSDAQ one (.KQ).
func KRXCandidates(code string) []string {
	return []string{code + ".KS", code + ".KQ"}
}

// Instrument fills t's Code, Symbol and Candidates from the code a file gives (Code
// without a spreadsheet's leading text mark "'"): a bare
// KRX code (KRXCode) leaves Symbol empty with its KRXCandidates; anything else ("NVDA",
// "005930.KS", "VOD.L") must be a symbol (journal.ParseSymbol).
func Instrument(t *journal.Trade, code string) error {
	t.Code = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(code), "'"))
	if c, ok := KRXCode(code); ok {
		t.Symbol, t.Candidates = "", KRXCandidates(c)
		return nil
	}
	sym, err := journal.ParseSymbol(code)
	if err != nil {
		return err
	}
	t.Symbol, t.Candidates = sym, nil
	return nil
}

// RowRef returns a stable reference for a row of a file that has no execution id: the
// first 24 hex digits of the SHA-256 of format and the row's fields, each trimmed of
// spaces and separated so that no two different rows share their input.
func RowRef(format string, fields ...string) string {
	h := sha256.New()
	var n [8]byte
	write := func(s string) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	write(format)
	for _, f := range fields {
		write(strings.TrimFunc(f, unicode.IsSpace))
	}
	return hex.EncodeToString(h.Sum(nil))[:24]
}

// Occurrences numbers identical references within one file, so that two identical rows
// stay two trades with distinct, stable references. The zero value is ready to use.
type Occurrences struct {
	seen map[uint64]uint32
}

// Next returns ref for its first occurrence and ref#n for its n-th.
func (o *Occurrences) Next(ref string) string {
	if o.seen == nil {
		o.seen = map[uint64]uint32{}
	}
	sum := sha256.Sum256([]byte(ref))
	k := binary.BigEndian.Uint64(sum[:8])
	o.seen[k]++
	if n := o.seen[k]; n > 1 {
		return ref + "#" + strconv.FormatUint(uint64(n), 10)
	}
	return ref
}

// FieldError returns the EINVALID error for a bad value in a file: "line 3, column
// "price": msg".
func FieldError(line int, column, msg string) error {
	return journal.Errorf(journal.EINVALID, "line %d, column %q: %s", line, column, msg)
}

// Message returns err's message without its code, for wrapping in a FieldError.
func Message(err error) string { return errMessage(err) }

// Cost returns a fee or tax of amount in currency as a positive Money (files write
// costs with either sign), or the zero Money when amount is zero.
func Cost(amount decimal.Decimal, currency string) (journal.Money, error) {
	if amount.IsZero() {
		return journal.Money{}, nil
	}
	return journal.NewMoney(amount.Abs(), currency)
}
