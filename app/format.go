package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
)

var monthsEN = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// fmtDate writes a calendar date the way the UI language does: "Jan 28, 2025" or
// "2025년 1월 28일". The zero date is "".
func fmtDate(d journal.Date) string {
	if d.IsZero() {
		return ""
	}
	if uiLang == langKorean {
		return fmt.Sprintf("%d년 %d월 %d일", d.Year, int(d.Month), d.Day)
	}
	return fmt.Sprintf("%s %d, %d", monthsEN[d.Month-1], d.Day, d.Year)
}

// fmtDay writes the local calendar date of t.
func fmtDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmtDate(journal.DateOf(t.Local()))
}

// fmtDateTime writes t in local time with its date and minute.
func fmtDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmtDay(t) + " " + t.Local().Format("15:04")
}

// fmtClock writes the local time of day, "15:42".
func fmtClock(t time.Time) string { return t.Local().Format("15:04") }

// pctSign is what follows a percentage: " %" in English, "%" in Korean text ("77.7%").
func pctSign() string {
	if uiLang == langKorean {
		return "%"
	}
	return " %"
}

// fmtPct writes a fraction as a signed percentage with one decimal: 0.31 → "+31.0 %"
// ("+31.0%" in Korean).
func fmtPct(f decimal.Decimal) string {
	p := f.Mul(decimal.NewFromInt(100)).Round(1)
	s := journal.FormatDecimal(p, 1)
	if p.IsPositive() {
		s = "+" + s
	}
	return s + pctSign()
}

// fmtPctPtr is fmtPct, or "–" for an unknown figure.
func fmtPctPtr(f *decimal.Decimal) string {
	if f == nil {
		return "–"
	}
	return fmtPct(*f)
}

// fmtShare writes a fraction as an unsigned whole percentage: 0.456 → "46 %" ("46%" in
// Korean).
func fmtShare(f decimal.Decimal) string {
	return journal.FormatDecimal(f.Mul(decimal.NewFromInt(100)), 0) + pctSign()
}

// fmtMoney writes money with its currency sign, or "–" when unknown.
func fmtMoney(m *journal.Money) string {
	if m == nil {
		return "–"
	}
	return m.Format()
}

// fmtSignedMoney writes money with an explicit "+" for gains.
func fmtSignedMoney(m *journal.Money) string {
	if m == nil {
		return "–"
	}
	s := m.Format()
	if m.Round().Amount.IsPositive() {
		s = "+" + s
	}
	return s
}

// fmtCompact writes amounts of a million or more briefly ("₩9.2M") for the status bar,
// smaller ones in full. Won in Korean text count in 만, 억 and 조 instead ("1,000만 원",
// "1.2억 원").
func fmtCompact(m journal.Money) string {
	if m.Amount.IsNegative() {
		return "-" + fmtCompact(m.Neg())
	}
	if uiLang == langKorean && m.Currency == "KRW" {
		return compactWon(m.Amount)
	}
	million := decimal.NewFromInt(1_000_000)
	if m.Amount.LessThan(million) {
		return m.Format()
	}
	zero := journal.Money{Currency: m.Currency}.Format() // "₩0", "$0.00", "0.00 CHF"
	digits := journal.FormatDecimal(decimal.Zero, journal.MinorUnits(m.Currency))
	return strings.Replace(zero, digits, journal.FormatDecimal(m.Amount.Div(million), 1)+"M", 1)
}

// Korean units of large numbers.
var (
	man  = decimal.New(1, 4)  // 만, ten thousand
	eok  = decimal.New(1, 8)  // 억, a hundred million
	jo   = decimal.New(1, 12) // 조, a trillion
	wons = []struct {
		unit   decimal.Decimal
		name   string
		places int32
	}{{jo, "조", 1}, {eok, "억", 1}, {man, "만", 0}}
)

// compactWon writes a non-negative amount of won the Korean way: whole 만 below an 억
// ("1,000만 원"), 억 and 조 with one decimal when it is not zero ("1.2억 원", "3억 원"),
// and amounts below 만 in full ("9,500원").
func compactWon(a decimal.Decimal) string {
	a = a.Round(0)
	for i, w := range wons {
		if a.LessThan(w.unit) {
			continue
		}
		n := a.Div(w.unit).Round(w.places)
		// Rounding up into the next unit writes it in that unit ("1억", not "10,000만").
		if i > 0 && n.GreaterThanOrEqual(wons[i-1].unit.Div(w.unit)) {
			n, w = a.Div(wons[i-1].unit).Round(wons[i-1].places), wons[i-1]
		}
		places := w.places
		if n.Equal(n.Truncate(0)) {
			places = 0
		}
		return journal.FormatDecimal(n, places) + w.name + " 원"
	}
	return journal.FormatDecimal(a, 0) + "원"
}

// symbolName writes a symbol with the instrument's name beside it when it is known:
// "005930.KS 삼성전자".
func symbolName(sym, name string) string {
	if name = strings.TrimSpace(name); name == "" || strings.EqualFold(name, sym) {
		return sym
	}
	return sym + " " + name
}

// instrumentName returns the name the thesis's newest snapshot of sym gives, or "".
func instrumentName(t *journal.Thesis, sym string) string {
	for i := len(t.Snapshots) - 1; i >= 0; i-- {
		if s := t.Snapshots[i]; s.Symbol == sym && s.Name != "" {
			return s.Name
		}
	}
	return ""
}

// fmtAge writes how old something is: "just now", "5 min", "3 h", "2 days".
func fmtAge(d time.Duration) string {
	switch {
	case d < time.Minute:
		return tr("age.now")
	case d < time.Hour:
		return tr("age.minutes", map[string]any{"N": int(d / time.Minute)})
	case d < 48*time.Hour:
		return tr("age.hours", map[string]any{"N": int(d / time.Hour)})
	}
	return tr("age.days", map[string]any{"N": int(d / (24 * time.Hour))})
}

// statusText names a status in the UI language.
func statusText(s journal.Status) string {
	return tr("status." + string(s))
}

// verdictText names a verdict in the UI language.
func verdictText(v journal.Verdict) string {
	return tr("verdict." + string(v))
}

// sideText names a position side in the UI language.
func sideText(s journal.Side) string {
	return tr("side." + string(s))
}

// toFloat turns a decimal into a float64 for drawing only; amounts are never computed in floats.
func toFloat(d decimal.Decimal) float64 {
	f, _ := d.Float64()
	return f
}

// missingGlyphs maps characters the bundled fonts do not draw to ones they do, for text
// that is only shown (never for text being edited, which stays exactly as typed).
var missingGlyphs = strings.NewReplacer(
	"\u2212", "-", // minus sign
	"\u2011", "-", // non-breaking hyphen
	"\u2009", " ", // thin space
	"\u202f", " ", // narrow no-break space
)

// shown returns s as the read-only views show it.
func shown(s string) string { return missingGlyphs.Replace(s) }

// positionClosed reports whether a position's fills add up to nothing held (splits do
// not change that); a position whose fills cannot be counted is not closed.
func positionClosed(p journal.Position) bool {
	l, err := journal.ComputeLedger(p, "", journal.CostAverage, nil, nil)
	return err == nil && l.Closed()
}
