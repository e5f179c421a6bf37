package quotes

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"hindsight/journal"
)

// Bounds of a price Hindsight accepts from a market-data source. A price outside them is
// a broken answer, not a market move: it is refused where quotes and bars are built, and
// never reaches the journal or the cache.
const (
	// MaxJump is how many times larger or smaller than the previous close a price may be.
	MaxJump = 1000
	// MaxPriceDigits is how many digits a price may have before the decimal point:
	// 10^15 is far above any listing's price in any currency Hindsight knows.
	MaxPriceDigits = 15
	// MinPriceExp is the exponent of the smallest price accepted: 10^-12 is far below
	// any traded coin's price in any currency Hindsight knows.
	MinPriceExp = -12
)

var (
	maxPrice = decimal.New(1, MaxPriceDigits)
	minPrice = decimal.New(1, MinPriceExp)
	maxJump  = decimal.NewFromInt(MaxJump)
)

// BadPriceError is a price refused by SanePrice, CheckQuote or SaneBars. It wraps
// ErrBadResponse: the source answered, but not with a usable price.
type BadPriceError struct {
	// Symbol is the instrument, "" where unknown.
	Symbol string
	// What names the price: "price", "previous close", "close of 2025-02-14", ...
	What string
	// Value is the refused price; Currency its currency ("" where unknown).
	Value    decimal.Decimal
	Currency string
	// Reason says which bound it broke.
	Reason string
}

// Error returns e.g. "price 1e+308 USD of ZZZ refused: more than 15 digits before the
// decimal point".
func (e *BadPriceError) Error() string {
	var b strings.Builder
	b.WriteString(e.What + " " + ShortDecimal(e.Value))
	if e.Currency != "" {
		b.WriteString(" " + e.Currency)
	}
	if e.Symbol != "" {
		b.WriteString(" of " + e.Symbol)
	}
	b.WriteString(" refused: " + e.Reason)
	return b.String()
}

// Unwrap returns ErrBadResponse.
func (e *BadPriceError) Unwrap() error { return ErrBadResponse }

// ShortDecimal returns d as text of at most about 24 characters: as it is when short
// enough, else in exponent form ("1e+308", "1.2345e-40").
func ShortDecimal(d decimal.Decimal) string {
	s := d.String()
	if len(s) <= 24 {
		return s
	}
	c := d.Coefficient()
	sign := ""
	if c.Sign() < 0 {
		sign = "-"
		c.Neg(c)
	}
	digits := c.String()
	exp := int64(d.Exponent()) + int64(len(digits)) - 1
	digits = strings.TrimRight(digits, "0")
	if digits == "" {
		return "0"
	}
	mant := digits[:1]
	if len(digits) > 1 {
		mant += "." + digits[1:min(len(digits), 8)]
	}
	es := strconv.FormatInt(exp, 10)
	if exp >= 0 {
		es = "+" + es
	}
	return sign + mant + "e" + es
}

// SanePrice checks that d can be a price: greater than zero, at most MaxPriceDigits digits
// before the decimal point, and written out in full short enough for the journal's
// interchange format to read back (journal.ParseDecimal), so a tiny price such as
// 1e-400 is refused too; nor below 10^MinPriceExp. The error is a *BadPriceError without symbol.
func SanePrice(d decimal.Decimal) error {
	bad := func(reason string) error { return &BadPriceError{What: "price", Value: d, Reason: reason} }
	switch {
	case !d.IsPositive():
		return bad("not greater than zero")
	case d.Cmp(maxPrice) >= 0:
		return bad(fmt.Sprintf("more than %d digits before the decimal point", MaxPriceDigits))
	case d.Cmp(minPrice) < 0:
		return bad(fmt.Sprintf("smaller than 1e%d", MinPriceExp))
	}
	if _, err := journal.ParseDecimal(d.String()); err != nil {
		return bad("too many digits for the journal to store")
	}
	return nil
}

// withinJump reports whether a and b (both positive) are at most MaxJump times apart.
func withinJump(a, b decimal.Decimal) bool {
	return a.Cmp(b.Mul(maxJump)) <= 0 && b.Cmp(a.Mul(maxJump)) <= 0
}

// named fills in the symbol, the name of the price and its currency of a SanePrice error.
func named(err error, sym, what, currency string) error {
	var bp *BadPriceError
	if errors.As(err, &bp) {
		e := *bp
		e.Symbol, e.What, e.Currency = sym, what, currency
		return &e
	}
	return err
}

// CheckQuote checks a quote before it is used or stored: its price passes SanePrice in a
// known currency, and a previous close, when given, passes it too and is no more than
// MaxJump times above or below the price. The error is a *BadPriceError (wrapping
// ErrBadResponse) naming the symbol and the value.
func CheckQuote(q Quote) error {
	cur := q.Price.Currency
	if !q.Price.Valid() {
		return &BadPriceError{Symbol: q.Symbol, What: "price", Value: q.Price.Amount, Currency: ShortText(cur, 12), Reason: "unknown currency"}
	}
	if err := SanePrice(q.Price.Amount); err != nil {
		return named(err, q.Symbol, "price", cur)
	}
	if q.PreviousClose.IsZero() {
		return nil
	}
	if q.PreviousClose.Currency != cur {
		return &BadPriceError{Symbol: q.Symbol, What: "previous close", Value: q.PreviousClose.Amount, Currency: ShortText(q.PreviousClose.Currency, 12),
			Reason: "not in the price's currency " + cur}
	}
	if err := SanePrice(q.PreviousClose.Amount); err != nil {
		return named(err, q.Symbol, "previous close", cur)
	}
	if !withinJump(q.Price.Amount, q.PreviousClose.Amount) {
		return &BadPriceError{Symbol: q.Symbol, What: "price", Value: q.Price.Amount, Currency: cur,
			Reason: fmt.Sprintf("more than %d× away from the previous close %s", MaxJump, ShortDecimal(q.PreviousClose.Amount))}
	}
	return nil
}

// ShortText returns s cut to at most n bytes with "..." when longer, for quoting
// source-supplied text in messages.
func ShortText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// checkBar checks one bar on its own: every price passes SanePrice, and open, high, low
// and the adjusted close are within MaxJump of the close.
func checkBar(sym string, b Bar) error {
	day := b.Time.UTC().Format("2006-01-02 15:04")
	for _, p := range []struct {
		what string
		v    decimal.Decimal
	}{{"close", b.Close}, {"open", b.Open}, {"high", b.High}, {"low", b.Low}, {"adjusted close", b.AdjClose}} {
		if err := SanePrice(p.v); err != nil {
			return named(err, sym, p.what+" of the bar of "+day, b.Currency)
		}
		if !withinJump(p.v, b.Close) {
			return &BadPriceError{Symbol: sym, What: p.what + " of the bar of " + day, Value: p.v, Currency: b.Currency,
				Reason: fmt.Sprintf("more than %d× away from its close %s", MaxJump, ShortDecimal(b.Close))}
		}
	}
	return nil
}

// SaneBars returns the bars (sorted by time) that are fit to use: each passes the
// bounds of SanePrice on all its prices, and its adjusted close is no more than MaxJump
// times above or below that of the bar kept before it. A lone bad bar is dropped. The
// walk is made from the oldest and from the newest bar and the one keeping more bars
// wins, so one absurd bar at either end cannot make the good ones look like jumps. When
// more than half the bars would be dropped the series is systematically off and refused
// as a whole: the error is a *BadPriceError naming the first bad bar.
func SaneBars(sym string, bars []Bar) ([]Bar, error) {
	if len(bars) == 0 {
		return bars, nil
	}
	var firstErr error
	ok := make([]bool, len(bars))
	for i, b := range bars {
		if err := checkBar(sym, b); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		ok[i] = true
	}
	walk := func(order func(k int) int) ([]bool, error) {
		keep := make([]bool, len(bars))
		var last decimal.Decimal
		var err error
		for k := range bars {
			i := order(k)
			if !ok[i] {
				continue
			}
			c := bars[i].AdjClose
			if !last.IsZero() && !withinJump(c, last) {
				if err == nil {
					err = &BadPriceError{Symbol: sym, What: "close of the bar of " + bars[i].Time.UTC().Format("2006-01-02 15:04"), Value: c,
						Currency: bars[i].Currency, Reason: fmt.Sprintf("more than %d× away from the neighbouring close %s", MaxJump, ShortDecimal(last))}
				}
				continue
			}
			keep[i], last = true, c
		}
		return keep, err
	}
	fwd, fwdErr := walk(func(k int) int { return k })
	back, backErr := walk(func(k int) int { return len(bars) - 1 - k })
	keep, jumpErr := back, backErr
	if count(fwd) > count(back) {
		keep, jumpErr = fwd, fwdErr
	}
	if firstErr == nil {
		firstErr = jumpErr
	}
	n := count(keep)
	if n == len(bars) {
		return bars, nil
	}
	if 2*n < len(bars) {
		return nil, firstErr
	}
	out := make([]Bar, 0, n)
	for i, b := range bars {
		if keep[i] {
			out = append(out, b)
		}
	}
	return out, nil
}

func count(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
