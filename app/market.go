package app

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/quotes"
)

// Timeouts of market data requests. The providers bound each HTTP request themselves;
// these bound a whole call, retries included.
const (
	quoteTimeout   = 30 * time.Second
	historyTimeout = 45 * time.Second
	// refreshBatch is how many symbols one step of the refresh asks for, so the progress
	// bar moves and a cancel takes effect between steps.
	refreshBatch = 10
	// historyMaxAge is how long the bars fetched for a thesis are kept before the review
	// view asks again.
	historyMaxAge = 15 * time.Minute
)

// refreshQuotes fetches the prices of every open thesis (and the exchange rates and
// benchmark they need) in the background, showing progress in the status bar.
func (u *UI) refreshQuotes() {
	if u.refreshing != nil || u.store == nil {
		return
	}
	if u.deps.Quotes == nil {
		u.status.say(tr("refresh.no_source"), false)
		return
	}
	theses := u.all
	if !u.loaded {
		theses = nil
		for _, p := range u.list.pages {
			theses = append(theses, p...)
		}
	}
	syms := marketSymbols(theses, u.settings, true)
	if u.review.thesis != nil {
		syms = append(syms, marketSymbols([]*journal.Thesis{u.review.thesis}, u.settings, false)...)
	}
	syms, _ = quotes.NormalizeSymbols(syms)
	batches := quotes.Batches(syms, refreshBatch)
	ctx, cancel := context.WithCancel(context.Background())
	u.refreshing = cancel
	u.status.say("", false)
	u.status.update()
	u.status.showProgress(0, len(batches), false)
	u.toolbar.refreshBtn.Disable()
	provider, base := u.deps.Quotes, u.settings.BaseCurrency
	u.background(func() {
		var got []quotes.Quote
		offline := false
		for i, b := range batches {
			if ctx.Err() != nil {
				break
			}
			qctx, qcancel := context.WithTimeout(ctx, quoteTimeout)
			qs, err := provider.Quote(qctx, b...)
			qcancel()
			got = append(got, qs...)
			for _, q := range qs {
				offline = offline || q.Stale
			}
			offline = offline || (isNetworkError(err) && ctx.Err() == nil)
			u.do(func() { u.status.showProgress(i+1, len(batches), false) })
		}
		cancelled := ctx.Err() != nil
		u.do(func() {
			cancel()
			u.refreshing = nil
			u.toolbar.refreshBtn.Enable()
			u.status.showProgress(0, 0, true)
			if len(got) > 0 {
				m := cloneMarket(u.market)
				m.Overlay(pricesOf(got), nil, base)
				m.AsOf = u.now()
				u.setMarket(m)
			}
			switch {
			case cancelled:
				u.status.say(tr("refresh.cancelled"), false)
			case offline:
				u.offline = true
			default:
				u.offline = false
				u.quotesAt = u.now()
			}
			u.status.update()
			u.dash.refresh()
			if !cancelled {
				u.alerts.check(true)
			}
		})
	})
}

// cancelRefresh stops a running refresh; the prices fetched so far are kept.
func (u *UI) cancelRefresh() {
	if u.refreshing != nil {
		u.refreshing()
	}
}

// isNetworkError reports whether err says the source could not be reached.
func isNetworkError(err error) bool {
	return err != nil && (errors.Is(err, quotes.ErrNetwork) || errors.Is(err, context.DeadlineExceeded))
}

// fetchHistory fetches the daily bars of a thesis's symbols and of its benchmark since
// shortly before it was written, unless they were fetched lately, and lays them over the
// market.
func (u *UI) fetchHistory(t *journal.Thesis, bench string) {
	if u.deps.Quotes == nil || t == nil {
		return
	}
	from := t.CreatedAt
	for _, p := range t.Positions {
		for _, f := range p.Fills {
			if !f.At.IsZero() && f.At.Before(from) {
				from = f.At
			}
		}
	}
	from = from.AddDate(0, 0, -10)
	now := u.now()
	if u.historyAt == nil {
		u.historyAt = map[string]time.Time{}
	}
	var syms []string
	want := append(t.Symbols(), bench)
	// The pairs of the fills' currencies give each day's rate (the drawdown's daily
	// path, and fills recorded without a rate).
	for _, p := range t.Positions {
		for _, f := range p.Fills {
			if c := f.Price.Currency; c != "" && c != u.settings.BaseCurrency {
				if fx := journal.FXSymbol(c, u.settings.BaseCurrency); !slices.Contains(want, fx) {
					want = append(want, fx)
				}
			}
		}
	}
	for _, s := range append(want[:0:0], want...) {
		if _, err := journal.ParseSymbol(s); err != nil {
			continue
		}
		key := s + "|" + from.Format(time.DateOnly)
		if at, ok := u.historyAt[key]; ok && now.Sub(at) < historyMaxAge {
			continue
		}
		u.historyAt[key] = now
		syms = append(syms, s)
	}
	if len(syms) == 0 {
		return
	}
	currency := map[string]string{}
	current := map[string]decimal.Decimal{}
	for _, s := range syms {
		if p, ok := u.market.PriceOf(s); ok {
			currency[s], current[s] = p.Price.Currency, p.Price.Amount
		}
	}
	for _, p := range t.Positions {
		if _, ok := currency[p.Symbol]; !ok && p.Currency() != "" {
			currency[p.Symbol] = p.Currency()
		}
	}
	provider, base, store := u.deps.Quotes, u.settings.BaseCurrency, u.store
	held := heldSince(t)
	u.background(func() {
		bars := map[string][]journal.Bar{}
		for _, s := range syms {
			ctx, cancel := context.WithTimeout(context.Background(), historyTimeout)
			bs, err := provider.History(ctx, s, from, now, quotes.Interval1d)
			cancel()
			if err != nil && !errors.Is(err, quotes.ErrStale) {
				continue
			}
			jb := quotes.Closes(bs)
			if len(jb) > 0 {
				bars[s] = jb
			}
		}
		fresh := fetchSplits(provider, store, held, now)
		if len(bars) == 0 && len(fresh) == 0 {
			return
		}
		u.do(func() {
			u.addSplits(fresh)
			m := cloneMarket(u.market)
			m.Overlay(nil, bars, base)
			u.setMarket(m)
			u.alerts.check(true)
		})
	})
}

// fetchQuote fetches one symbol's quote in the background and hands it to done on the UI
// goroutine: a live quote, a stale one from the cache (Stale set), or an error.
func (u *UI) fetchQuote(symbol string, done func(*quotes.Quote, error)) {
	provider := u.deps.Quotes
	if provider == nil {
		done(nil, quotes.ErrNotCached)
		return
	}
	u.background(func() {
		ctx, cancel := context.WithTimeout(context.Background(), quoteTimeout)
		defer cancel()
		qs, err := provider.Quote(ctx, symbol)
		var q *quotes.Quote
		for i := range qs {
			if qs[i].Symbol == symbol {
				q = &qs[i]
			}
		}
		if q != nil {
			err = nil
		} else if err == nil {
			err = quotes.ErrUnknownSymbol
		}
		u.do(func() { done(q, err) })
	})
}

// fxRate finds how many units of the base currency one unit of currency is worth: from
// the market when known, else from the quotes source. done runs on the UI goroutine with
// ok false when no rate could be found.
func (u *UI) fxRate(currency string, done func(rate decimal.Decimal, ok bool)) {
	base := u.settings.BaseCurrency
	if r, ok := u.market.Rate(currency, base); ok {
		done(r, true)
		return
	}
	provider := u.deps.Quotes
	if provider == nil {
		done(decimal.Decimal{}, false)
		return
	}
	u.background(func() {
		ctx, cancel := context.WithTimeout(context.Background(), quoteTimeout)
		defer cancel()
		rates, _ := quotes.FXRates(ctx, provider, []string{currency}, base)
		r, ok := rates[currency]
		u.do(func() { done(r, ok) })
	})
}

// knownPrices returns the market's current prices of a thesis's symbols, as snapshots to
// store with a review.
func (u *UI) knownPrices(t *journal.Thesis) []journal.Snapshot {
	var out []journal.Snapshot
	for _, s := range t.Symbols() {
		p, ok := u.market.PriceOf(s)
		if !ok {
			continue
		}
		src := p.Source
		if p.Stale || src == "" {
			src = journal.SourceCache
		}
		out = append(out, journal.Snapshot{Symbol: s, Price: p.Price, At: p.At.UTC(), Source: src})
	}
	return out
}

// splits returns the corporate actions the market knows, of every symbol.
func (u *UI) splits() []journal.CorporateAction {
	var out []journal.CorporateAction
	for _, acts := range u.market.Splits {
		out = append(out, acts...)
	}
	return out
}

// heldSince returns, for each symbol of t's long and short positions, its first fill's
// time: the splits that matter are those after it.
func heldSince(t *journal.Thesis) map[string]time.Time {
	out := map[string]time.Time{}
	for _, p := range t.Positions {
		if p.Side == journal.SideWatch {
			continue
		}
		if f, ok := p.FirstFill(); ok {
			if old, seen := out[p.Symbol]; !seen || f.At.Before(old) {
				out[p.Symbol] = f.At
			}
		}
	}
	return out
}

// fetchSplits asks the provider (when it knows dividends and splits) for the splits of
// the symbols held since their first fill, records those the journal does not hold yet
// (as refresh does on the command line) and returns them. Failures leave them out.
func fetchSplits(provider quotes.Provider, store journal.Store, held map[string]time.Time, now time.Time) []journal.CorporateAction {
	src, ok := provider.(quotes.EventSource)
	if !ok || len(held) == 0 || store == nil {
		return nil
	}
	var found []journal.CorporateAction
	for sym, since := range held {
		ctx, cancel := context.WithTimeout(context.Background(), historyTimeout)
		ev, _ := src.Events(ctx, sym, since.AddDate(0, 0, -7), now)
		cancel()
		for _, sp := range ev.Splits {
			found = append(found, sp.Action())
		}
	}
	if len(found) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), quoteTimeout)
	defer cancel()
	known, err := store.CorporateActions(ctx)
	if err != nil {
		return nil
	}
	var fresh []journal.CorporateAction
	for _, a := range found {
		if !slices.ContainsFunc(known, func(k journal.CorporateAction) bool { return k.ID == a.ID }) {
			fresh = append(fresh, a)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	if _, err := store.SaveCorporateActions(ctx, fresh); err != nil {
		return nil
	}
	return fresh
}

// addSplits merges corporate actions into those the app knows.
func (u *UI) addSplits(acts []journal.CorporateAction) {
	if len(acts) == 0 {
		return
	}
	if u.corpActions == nil {
		u.corpActions = map[string][]journal.CorporateAction{}
	}
	for _, a := range acts {
		if !slices.ContainsFunc(u.corpActions[a.Symbol], func(k journal.CorporateAction) bool { return k.ID == a.ID }) {
			u.corpActions[a.Symbol] = append(slices.Clone(u.corpActions[a.Symbol]), a)
		}
	}
}
