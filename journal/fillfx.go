package journal

import (
	"time"

	"github.com/shopspring/decimal"
)

// RatesNeeded returns, per currency other than base, the times of the fills and
// dividends of t that carry no exchange rate of their own (fees and taxes in a third
// currency included), so that the caller can look the day's rates up.
func (t *Thesis) RatesNeeded(base string) map[string][]time.Time {
	out := map[string][]time.Time{}
	need := func(cur string, at time.Time) {
		if cur != "" && cur != base {
			out[cur] = append(out[cur], at)
		}
	}
	for _, p := range t.Positions {
		for _, f := range p.Fills {
			if !f.FXToBase.IsPositive() {
				need(f.Price.Currency, f.At)
			}
		}
		for _, d := range p.Dividends {
			if !d.FXToBase.IsPositive() {
				need(d.currency(), d.At)
			}
		}
	}
	return out
}

// SetRates records on every fill and dividend of t without an exchange rate the day's
// rate that rate knows, and returns how many it set. Rates already recorded are never
// changed.
func (t *Thesis) SetRates(base string, rate RateFunc) int {
	n := 0
	set := func(fx *decimal.Decimal, cur string, at time.Time) {
		if fx.IsPositive() || cur == "" {
			return
		}
		if cur == base {
			*fx = decOne
			n++
			return
		}
		if r, ok := rate(cur, at); ok && r.IsPositive() {
			*fx = r
			n++
		}
	}
	for i := range t.Positions {
		p := &t.Positions[i]
		for j := range p.Fills {
			set(&p.Fills[j].FXToBase, p.Fills[j].Price.Currency, p.Fills[j].At)
		}
		for j := range p.Dividends {
			set(&p.Dividends[j].FXToBase, p.Dividends[j].currency(), p.Dividends[j].At)
		}
	}
	return n
}
