package journal

import (
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// KnownMarket builds a Market from the prices the journal itself holds: every snapshot and
// every price recorded with a review, across the given theses. Each symbol's points form
// its bar series (oldest first) and its newest point is its price, marked stale with
// source cache, since it was not just fetched. FX rates for base come from the newest
// points of pair symbols such as USDKRW=X (KRW per USD) or KRWUSD=X. Live quotes, when
// there are any, are laid over this with Market.Overlay.
func KnownMarket(theses []*Thesis, base string, asOf time.Time) Market {
	points := map[string][]Snapshot{}
	add := func(s Snapshot) {
		if s.Price.Valid() && s.Price.Amount.IsPositive() {
			points[s.Symbol] = append(points[s.Symbol], s)
		}
	}
	for _, t := range theses {
		for _, s := range t.Snapshots {
			add(s)
		}
		for _, r := range t.Reviews {
			for _, s := range r.Prices {
				add(s)
			}
		}
	}
	m := Market{Prices: map[string]Price{}, FX: map[string]decimal.Decimal{}, Bars: map[string][]Bar{}, AsOf: asOf}
	for sym, ps := range points {
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].At.Before(ps[j].At) })
		bars := make([]Bar, 0, len(ps))
		for _, p := range ps {
			if n := len(bars); n > 0 && bars[n-1].Time.Equal(p.At) {
				bars[n-1].Close = p.Price.Amount
				continue
			}
			bars = append(bars, Bar{Time: p.At, Close: p.Price.Amount})
		}
		m.Bars[sym] = bars
		last := ps[len(ps)-1]
		m.Prices[sym] = Price{Symbol: sym, Price: last.Price, At: last.At, Stale: true, Source: SourceCache}
	}
	m.fillFX(base)
	return m
}

// fillFX derives FX[currency] (units of base per unit) from pair prices in m.Prices.
func (m *Market) fillFX(base string) {
	if m.FX == nil {
		m.FX = map[string]decimal.Decimal{}
	}
	for sym, p := range m.Prices {
		from, to, ok := FXPair(sym)
		if !ok || !p.Price.Amount.IsPositive() {
			continue
		}
		switch {
		case to == base && from != base:
			m.FX[from] = p.Price.Amount
		case from == base && to != base:
			if _, direct := m.Prices[to+base+"=X"]; !direct {
				m.FX[to] = decimal.NewFromInt(1).DivRound(p.Price.Amount, 12)
			}
		}
	}
}

// Overlay lays newer prices and bars over m: a price replaces the known one when it is
// at least as new, bars are merged by time, and FX rates for base are derived again.
func (m *Market) Overlay(prices []Price, bars map[string][]Bar, base string) {
	if m.Prices == nil {
		m.Prices = map[string]Price{}
	}
	if m.Bars == nil {
		m.Bars = map[string][]Bar{}
	}
	for _, p := range prices {
		if old, ok := m.Prices[p.Symbol]; ok && old.At.After(p.At) {
			continue
		}
		m.Prices[p.Symbol] = p
	}
	for sym, bs := range bars {
		merged := map[int64]Bar{}
		for _, b := range m.Bars[sym] {
			merged[b.Time.UnixNano()] = b
		}
		for _, b := range bs {
			merged[b.Time.UnixNano()] = b
		}
		out := make([]Bar, 0, len(merged))
		for _, b := range merged {
			out = append(out, b)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
		m.Bars[sym] = out
	}
	m.fillFX(base)
}

// FXPair splits a currency pair symbol such as "USDKRW=X" into its currencies ("USD",
// "KRW"): the price is units of the second per unit of the first.
func FXPair(symbol string) (from, to string, ok bool) {
	s, found := strings.CutSuffix(symbol, "=X")
	if !found || len(s) != 6 {
		return "", "", false
	}
	from, to = s[:3], s[3:]
	_, f := currencies[from]
	_, t := currencies[to]
	return from, to, f && t
}

// FXSymbol returns the pair symbol quoting currency in base, e.g. FXSymbol("USD", "KRW")
// is "USDKRW=X".
func FXSymbol(currency, base string) string { return currency + base + "=X" }
