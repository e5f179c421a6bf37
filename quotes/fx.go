package quotes

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
)

// FXSymbol returns the Yahoo symbol of the rate that converts from into to: "USDKRW=X"
// quotes how many KRW one USD buys.
func FXSymbol(from, to string) string { return from + to + "=X" }

// FXRates returns, for each currency, how many units of base one unit of it is worth
// (the journal's FXToBase): with base KRW, rates["USD"] is the price of USDKRW=X. The
// base itself is 1; a subunit currency is converted through its ISO currency
// (rates["GBp"] is rates["GBP"]/100). Rates are fetched in one Quote call of XXXbase=X
// symbols; a pair the provider does not have is tried inverted (baseXXX=X, 1/price).
// Currencies without a rate are left out and named in the returned SymbolErrors, keyed
// by currency.
func FXRates(ctx context.Context, p Provider, currencies []string, base string) (map[string]decimal.Decimal, error) {
	b, err := journal.NormalizeCurrency(base)
	if err != nil {
		return nil, fmt.Errorf("fx base: %w", err)
	}
	one, err := journal.NewMoney(decimal.NewFromInt(1), b)
	if err != nil {
		return nil, fmt.Errorf("fx base: %w", err)
	}
	if !one.Amount.Equal(decimal.NewFromInt(1)) {
		return nil, journal.Errorf(journal.EINVALID, "fx base %q must be an ISO currency, not a subunit", base)
	}
	rates := map[string]decimal.Decimal{}
	// wanted maps each ISO currency to fetch to the codes asked for and their factor
	// (1 for the ISO code, 1/100 for its subunit).
	type want struct {
		code   string
		factor decimal.Decimal
	}
	wanted := map[string][]want{}
	var order []string
	for _, c := range currencies {
		code, err := journal.NormalizeCurrency(c)
		if err != nil {
			return nil, fmt.Errorf("fx: %w", err)
		}
		if _, done := rates[code]; done {
			continue
		}
		unit, err := journal.NewMoney(decimal.NewFromInt(1), code)
		if err != nil {
			return nil, fmt.Errorf("fx: %w", err)
		}
		if unit.Currency == b {
			rates[code] = unit.Amount
			continue
		}
		if _, seen := wanted[unit.Currency]; !seen {
			order = append(order, unit.Currency)
		}
		wanted[unit.Currency] = append(wanted[unit.Currency], want{code, unit.Amount})
	}
	if len(order) == 0 {
		return rates, nil
	}
	iso := map[string]decimal.Decimal{}
	direct := make([]string, len(order))
	for i, c := range order {
		direct[i] = FXSymbol(c, b)
	}
	qs, derr := p.Quote(ctx, direct...)
	for _, q := range qs {
		for _, c := range order {
			if q.Symbol == FXSymbol(c, b) && q.Price.Currency == b && q.Price.Amount.IsPositive() {
				iso[c] = q.Price.Amount
			}
		}
	}
	var inverse []string
	for _, c := range order {
		if _, ok := iso[c]; !ok {
			inverse = append(inverse, FXSymbol(b, c))
		}
	}
	var ierr error
	if len(inverse) > 0 {
		var iq []Quote
		iq, ierr = p.Quote(ctx, inverse...)
		for _, q := range iq {
			for _, c := range order {
				if q.Symbol == FXSymbol(b, c) && q.Price.Currency == c && q.Price.Amount.IsPositive() {
					iso[c] = decimal.NewFromInt(1).DivRound(q.Price.Amount, 12)
				}
			}
		}
	}
	errs := SymbolErrors{}
	for _, c := range order {
		r, ok := iso[c]
		for _, w := range wanted[c] {
			if ok {
				rates[w.code] = r.Mul(w.factor)
				continue
			}
			cause := ErrorOf(derr, FXSymbol(c, b))
			if cause == nil {
				cause = ErrorOf(ierr, FXSymbol(b, c))
			}
			if cause == nil {
				cause = ErrNoPrice
			}
			errs[w.code] = fmt.Errorf("no %s rate (%s): %w", c+"/"+b, FXSymbol(c, b), cause)
		}
	}
	if len(errs) > 0 {
		return rates, errs
	}
	return rates, nil
}

// Convert returns m in base using rates from FXRates (m itself when it is already in
// base). A missing rate is an error.
func Convert(m journal.Money, base string, rates map[string]decimal.Decimal) (journal.Money, error) {
	if m.Currency == base {
		return m, nil
	}
	r, ok := rates[m.Currency]
	if !ok {
		return journal.Money{}, errors.New("no " + m.Currency + "/" + base + " rate")
	}
	return journal.Money{Amount: m.Amount.Mul(r), Currency: base}, nil
}

// MaxRateAge is how many days before a day the daily close RatesOn gives for it may be:
// a weekend or a holiday takes the last close before it, but never one older than this.
const MaxRateAge = 7

// barDayShift moves a bar's start forward before its UTC date is taken: Yahoo's FX bars
// start at midnight London time, which in summer is 23:00 UTC of the day before.
const barDayShift = 2 * time.Hour

// RatesOn returns, for each of days, how many units of base one unit of currency was
// worth at the daily close of that day, or of the last day before it with a close, at
// most MaxRateAge days back; a day without such a close is absent from the map (the
// caller says which figure needs it). Days are keyed by their date in UTC. The rates
// come from one History call over the span of the days for the Yahoo pair quoting
// currency in base (USDKRW=X: KRW per USD), so a Cached provider answers from its
// cache; only when that pair has no bars is the inverted pair (KRWUSD=X, 1/close) asked
// for. The same currency is 1 every day; a subunit currency is converted through its
// ISO currency (GBp in GBP is 0.01, GBp in USD is GBPUSD=X/100). When the bars came
// stale from a cache the rates are returned with the error, which then wraps ErrStale.
func RatesOn(ctx context.Context, p Provider, currency, base string, days []time.Time) (map[journal.Date]decimal.Decimal, error) {
	b, err := journal.NormalizeCurrency(base)
	if err != nil {
		return nil, fmt.Errorf("fx base: %w", err)
	}
	if journal.IsSubunit(b) {
		return nil, journal.Errorf(journal.EINVALID, "fx base %q must be an ISO currency, not a subunit", base)
	}
	code, err := journal.NormalizeCurrency(currency)
	if err != nil {
		return nil, fmt.Errorf("fx: %w", err)
	}
	iso, factor, err := journal.MainUnit(code)
	if err != nil {
		return nil, fmt.Errorf("fx: %w", err)
	}
	out := make(map[journal.Date]decimal.Decimal, len(days))
	if len(days) == 0 {
		return out, nil
	}
	if iso == b {
		for _, d := range days {
			out[journal.DateOf(d.UTC())] = factor
		}
		return out, nil
	}
	first, last := days[0].UTC(), days[0].UTC()
	for _, d := range days[1:] {
		first, last = minTime(first, d.UTC()), maxTime(last, d.UTC())
	}
	from := dayOf(first).AddDate(0, 0, -MaxRateAge-1)
	to := dayOf(last).AddDate(0, 0, 1)
	type fxClose struct {
		day  time.Time
		rate decimal.Decimal
	}
	read := func(sym, quoted string, invert bool) ([]fxClose, error) {
		bars, err := p.History(ctx, sym, from, to, Interval1d)
		if err != nil && (!errors.Is(err, ErrStale) || len(bars) == 0) {
			return nil, err
		}
		var cs []fxClose
		for _, bar := range bars {
			if !bar.Close.IsPositive() || bar.Currency != "" && bar.Currency != quoted {
				continue
			}
			r := bar.Close
			if invert {
				r = decimal.NewFromInt(1).DivRound(r, 12)
			}
			cs = append(cs, fxClose{dayOf(bar.Time.Add(barDayShift)), r})
		}
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].day.Before(cs[j].day) })
		return cs, err // err is nil or wraps ErrStale
	}
	direct, inverse := FXSymbol(iso, b), FXSymbol(b, iso)
	closes, err := read(direct, b, false)
	if len(closes) == 0 {
		ic, ierr := read(inverse, iso, true)
		if len(ic) == 0 {
			if err == nil {
				err = ierr
			}
			if err != nil {
				return nil, fmt.Errorf("no %s/%s rates (%s): %w", iso, b, direct, err)
			}
			return out, nil
		}
		closes, err = ic, ierr
	}
	for _, d := range days {
		day := dayOf(d)
		// The last close on or before the day.
		i := sort.Search(len(closes), func(i int) bool { return closes[i].day.After(day) }) - 1
		if i < 0 || day.Sub(closes[i].day) > MaxRateAge*24*time.Hour {
			continue
		}
		out[journal.DateOf(day)] = closes[i].rate.Mul(factor)
	}
	if err != nil {
		return out, fmt.Errorf("%s/%s rates (%s): %w", iso, b, direct, err)
	}
	return out, nil
}
