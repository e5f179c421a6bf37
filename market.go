package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"hindsight/journal"
	"hindsight/quotes"
	"hindsight/quotes/cache"
	"hindsight/quotes/yahoo"
)

// historyLead is how far before a thesis's start its price history is fetched, so the
// chart and the benchmark have a bar at or before the start.
const historyLead = 7 * 24 * time.Hour

// quotesFor opens the quote provider for the journal at journalPath: Yahoo (or
// HINDSIGHT_YAHOO_URL) behind the offline cache that lives beside the journal. With
// offline set it answers from the cache only.
func (e *env) quotesFor(journalPath string, offline bool) (*quotes.Cached, func(), error) {
	store, err := cache.Open(cache.Path(journalPath))
	if err != nil {
		return nil, nil, err
	}
	if note := store.Note(); note != "" {
		fmt.Fprintf(e.stderr, "hindsight: %s\n", note)
	}
	var up quotes.Provider
	if !offline {
		up = yahoo.New(yahoo.Options{BaseURL: yahoo.BaseURLFromEnv(), Now: e.now})
	}
	c := quotes.NewCached(up, store, quotes.CachedOptions{Offline: offline, Now: e.now})
	return c, func() { store.Close() }, nil
}

// toPrice converts a quote for the outcome math.
func toPrice(q quotes.Quote) journal.Price {
	at := q.MarketTime
	if at.IsZero() {
		at = q.FetchedAt
	}
	return journal.Price{Symbol: q.Symbol, Price: q.Price, At: at, Stale: q.Stale, Source: q.Source}
}

// marketSymbols returns what evaluating targets needs: their symbols, the FX pairs of
// their currencies into base and their benchmarks; and for each symbol that needs a
// price history, the start of that history.
func marketSymbols(targets []*journal.Thesis, s journal.Settings) ([]string, map[string]time.Time) {
	var syms []string
	add := func(sym string) {
		if sym != "" && !slices.Contains(syms, sym) {
			syms = append(syms, sym)
		}
	}
	since := map[string]time.Time{}
	need := func(sym string, from time.Time) {
		if old, ok := since[sym]; !ok || from.Before(old) {
			since[sym] = from
		}
	}
	for _, t := range targets {
		start := t.CreatedAt
		for _, p := range t.Positions {
			add(p.Symbol)
			first, ok := p.FirstFill()
			if !ok {
				continue
			}
			if first.At.Before(start) {
				start = first.At
			}
			if p.Side != journal.SideWatch {
				need(p.Symbol, first.At.Add(-historyLead))
			}
			// The rates of the fills' days (for fills, fees and dividends without a rate of
			// their own, and for the drawdown's daily path) come from the pairs' histories.
			for _, c := range ledgerCurrencies(p) {
				if c != s.BaseCurrency {
					fx := journal.FXSymbol(c, s.BaseCurrency)
					add(fx)
					if p.Side != journal.SideWatch {
						need(fx, first.At.Add(-historyLead))
					}
				}
			}
		}
		for _, sn := range t.Snapshots {
			add(sn.Symbol)
			if c := sn.Price.Currency; c != s.BaseCurrency && c != "" {
				add(journal.FXSymbol(c, s.BaseCurrency))
			}
		}
		if c := t.LossBudget.Currency; c != s.BaseCurrency && c != "" {
			add(journal.FXSymbol(c, s.BaseCurrency))
		}
		bench := t.Benchmark
		if bench == "" {
			bench = s.DefaultBenchmark()
		}
		add(bench)
		need(bench, start.Add(-historyLead))
	}
	return syms, since
}

// ledgerCurrencies returns the currencies a position's fills and dividends are in.
func ledgerCurrencies(p journal.Position) []string {
	var out []string
	add := func(m journal.Money) {
		if m.Currency != "" && !slices.Contains(out, m.Currency) {
			out = append(out, m.Currency)
		}
	}
	for _, f := range p.Fills {
		add(f.Price)
		add(f.Fees)
		add(f.Taxes)
	}
	for _, d := range p.Dividends {
		add(d.Amount)
		add(d.PerShare)
		add(d.Withheld)
	}
	return out
}

// splitsBySymbol groups corporate actions by symbol.
func splitsBySymbol(actions []journal.CorporateAction) map[string][]journal.CorporateAction {
	out := map[string][]journal.CorporateAction{}
	for _, a := range actions {
		out[a.Symbol] = append(out[a.Symbol], a)
	}
	return out
}

// market gathers the prices for evaluating targets: what the journal holds (snapshots and
// review prices of all theses), overlaid with the cached and, unless offline, live quotes
// and daily price histories. A failed or partial fetch keeps whatever is known.
func (e *env) market(ctx context.Context, journalPath string, all, targets []*journal.Thesis, s journal.Settings, offline bool) journal.Market {
	m := journal.KnownMarket(all, s.BaseCurrency, e.now())
	m.Splits = splitsBySymbol(e.actions)
	provider, closeQuotes, err := e.quotesFor(journalPath, offline)
	if err != nil {
		fmt.Fprintf(e.stderr, "hindsight: quotes unavailable: %v\n", err)
		return m
	}
	defer closeQuotes()
	syms, since := marketSymbols(targets, s)
	if len(syms) == 0 {
		return m
	}
	qs, err := provider.Quote(ctx, syms...)
	if err != nil && len(qs) == 0 && !offline {
		fmt.Fprintf(e.stderr, "hindsight: no live or cached quotes (%s); using the prices stored in the journal\n", quotes.Reason(err))
	}
	prices := make([]journal.Price, 0, len(qs))
	for _, q := range qs {
		prices = append(prices, toPrice(q))
	}
	bars := map[string][]journal.Bar{}
	for _, sym := range slices.Sorted(maps.Keys(since)) {
		bs, err := provider.History(ctx, sym, since[sym], e.now(), quotes.Interval1d)
		if err != nil && !errors.Is(err, quotes.ErrStale) {
			continue
		}
		if len(bs) > 0 {
			bars[sym] = quotes.Closes(bs)
		}
	}
	m.Overlay(prices, bars, s.BaseCurrency)
	// Splits the journal does not hold yet (refresh records them) count as well.
	for _, t := range targets {
		for _, p := range t.Positions {
			first, ok := p.FirstFill()
			if !ok || p.Side == journal.SideWatch {
				continue
			}
			ev, _ := provider.Events(ctx, p.Symbol, first.At.Add(-historyLead), e.now())
			for _, sp := range ev.Splits {
				a := sp.Action()
				if !slices.ContainsFunc(m.Splits[a.Symbol], func(x journal.CorporateAction) bool { return x.ID == a.ID }) {
					m.Splits[a.Symbol] = append(m.Splits[a.Symbol], a)
				}
			}
		}
	}
	return m
}
