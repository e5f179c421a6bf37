package main

import (
	"context"
	"fmt"
	"time"

	"hindsight/journal"
	"hindsight/quotes"

	"github.com/shopspring/decimal"
)

// ledgerFacts is what refresh learns for the ledgers of the open theses: the splits of
// the symbols held, and the day rates of fills and dividends recorded without one.
type ledgerFacts struct {
	splits []journal.CorporateAction
	rates  map[string]map[journal.Date]decimal.Decimal // currency → day → rate
}

// rate returns the rate learnt for cur on the day of at.
func (f ledgerFacts) rate(cur string, at time.Time) (decimal.Decimal, bool) {
	r, ok := f.rates[cur][journal.DateOf(at.UTC())]
	return r, ok
}

// fetchLedgerFacts asks the provider for the splits of every symbol held by a long or
// short position since its first fill, and for the day rates the theses' fills lack. A
// failure leaves that part out: the figures that need it say so.
func fetchLedgerFacts(ctx context.Context, p *quotes.Cached, theses []*journal.Thesis, base string, now time.Time) (ledgerFacts, int) {
	facts := ledgerFacts{rates: map[string]map[journal.Date]decimal.Decimal{}}
	failed := 0
	since := map[string]time.Time{}
	days := map[string][]time.Time{}
	for _, t := range theses {
		for _, pos := range t.Positions {
			if pos.Side == journal.SideWatch {
				continue
			}
			if f, ok := pos.FirstFill(); ok {
				if old, seen := since[pos.Symbol]; !seen || f.At.Before(old) {
					since[pos.Symbol] = f.At
				}
			}
		}
		for cur, ts := range t.RatesNeeded(base) {
			days[cur] = append(days[cur], ts...)
		}
	}
	for sym, from := range since {
		ev, err := p.Events(ctx, sym, from.Add(-historyLead), now)
		if err != nil && len(ev.Splits) == 0 {
			failed++
			continue
		}
		for _, s := range ev.Splits {
			facts.splits = append(facts.splits, s.Action())
		}
	}
	for cur, ts := range days {
		rs, err := quotes.RatesOn(ctx, p, cur, base, ts)
		if err != nil && len(rs) == 0 {
			failed++
			continue
		}
		facts.rates[cur] = rs
	}
	return facts, failed
}

// recordLedgerFacts writes what refresh learnt: new splits, and the day rates on the
// fills and dividends of the given theses that still lack one (each such thesis is
// saved as an edit). It returns how many splits and rates it recorded.
func (e *env) recordLedgerFacts(ctx context.Context, ids []string, facts ledgerFacts) (splits, rates int, err error) {
	if len(facts.splits) == 0 && len(facts.rates) == 0 {
		return 0, 0, nil
	}
	db, err := e.open()
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	s, err := db.Settings(ctx)
	if err != nil {
		return 0, 0, err
	}
	if len(facts.splits) > 0 {
		known, err := db.CorporateActions(ctx)
		if err != nil {
			return 0, 0, err
		}
		have := map[string]bool{}
		for _, a := range known {
			have[a.ID] = true
		}
		var fresh []journal.CorporateAction
		for _, a := range facts.splits {
			if !have[a.ID] {
				have[a.ID] = true
				fresh = append(fresh, a)
			}
		}
		if len(fresh) > 0 {
			if splits, err = db.SaveCorporateActions(ctx, fresh); err != nil {
				return 0, 0, fmt.Errorf("record splits: %w", err)
			}
		}
	}
	if len(facts.rates) == 0 {
		return splits, 0, nil
	}
	for _, id := range ids {
		t, err := db.Get(ctx, id)
		if err != nil {
			continue // deleted meanwhile
		}
		n := t.SetRates(s.BaseCurrency, facts.rate)
		if n == 0 {
			continue
		}
		if err := db.Update(ctx, t); err != nil {
			return splits, rates, fmt.Errorf("thesis %s: record exchange rates: %w", id, err)
		}
		rates += n
	}
	return splits, rates, nil
}
