package quotes

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"hindsight/journal"
)

// Defaults of CachedOptions.
const (
	DefaultMaxAge        = 60 * time.Second
	DefaultClosedMaxAge  = 10 * time.Minute
	DefaultHistoryMaxAge = 15 * time.Minute
	DefaultEventsMaxAge  = 24 * time.Hour
)

// CachedOptions tune a Cached provider. Zero fields take the defaults.
type CachedOptions struct {
	// MaxAge is how long a cached quote is answered without asking the source while its
	// market is open or its state unknown (DefaultMaxAge, 60 s).
	MaxAge time.Duration
	// ClosedMaxAge is the same for a quote whose market state was CLOSED, PREPRE or
	// POSTPOST when it was fetched: its price will not move until the next session
	// (DefaultClosedMaxAge).
	ClosedMaxAge time.Duration
	// HistoryMaxAge is how long cached bars that reach up to the present are reused
	// (DefaultHistoryMaxAge). Bars of a span that had closed when they were fetched are
	// reused for good.
	HistoryMaxAge time.Duration
	// EventsMaxAge is how long cached events (dividends, splits) are reused before they
	// are fetched again (DefaultEventsMaxAge, a day): Yahoo restates older dividends
	// after a split, so even the events of a closed span are refreshed.
	EventsMaxAge time.Duration
	// Offline answers from the cache only and never asks the source.
	Offline bool
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Cached is a Provider that keeps the last good answers of an upstream Provider in a
// Cache. A fresh-enough cached quote is answered without any request; when the upstream
// fails (network down, source failing) it answers from the cache with Source
// journal.SourceCache, Stale set and the reason; a failed refresh never erases a cached
// value. Bars are cached per symbol and interval and merged as they are fetched.
//
// Prices are checked on the way in and out (CheckQuote, SaneBars): a quote or bar with
// an absurd price from the upstream is neither answered nor cached, and one already in
// the cache (written by an older version) is treated as missing.
type Cached struct {
	up    Provider
	store Cache
	opts  CachedOptions
	// seriesMu serialises the read-merge-write of a series so that concurrent
	// refreshes do not lose each other's bars. It is never held across upstream calls.
	seriesMu sync.Mutex
}

var (
	_ Provider    = (*Cached)(nil)
	_ EventSource = (*Cached)(nil)
)

// NewCached returns a caching provider over upstream (which may be nil when
// opts.Offline is set) storing into store.
func NewCached(upstream Provider, store Cache, opts CachedOptions) *Cached {
	if opts.MaxAge <= 0 {
		opts.MaxAge = DefaultMaxAge
	}
	if opts.ClosedMaxAge <= 0 {
		opts.ClosedMaxAge = DefaultClosedMaxAge
	}
	if opts.HistoryMaxAge <= 0 {
		opts.HistoryMaxAge = DefaultHistoryMaxAge
	}
	if opts.EventsMaxAge <= 0 {
		opts.EventsMaxAge = DefaultEventsMaxAge
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if upstream == nil {
		opts.Offline = true
	}
	return &Cached{up: upstream, store: store, opts: opts}
}

func (c *Cached) now() time.Time { return c.opts.Now().UTC() }

// fresh reports whether a cached quote may be answered without asking the source.
func (c *Cached) fresh(q Quote, now time.Time) bool {
	if q.FetchedAt.IsZero() || q.FetchedAt.After(now.Add(time.Minute)) {
		return false // unknown age, or fetched "in the future": the clock moved
	}
	limit := c.opts.MaxAge
	switch q.MarketState {
	case "CLOSED", "PREPRE", "POSTPOST":
		limit = c.opts.ClosedMaxAge
	}
	return q.Age(now) < limit
}

// Quote answers fresh-enough symbols from the cache, asks the upstream for the rest in
// one call, stores what it got, and answers the symbols the upstream could not from the
// cache, marked stale. Only symbols with no answer at all are in the returned
// SymbolErrors.
func (c *Cached) Quote(ctx context.Context, symbols ...string) ([]Quote, error) {
	syms, errs := NormalizeSymbols(symbols)
	if errs == nil {
		errs = SymbolErrors{}
	}
	now := c.now()
	cached, err := c.store.LoadQuotes(ctx, syms)
	if err != nil {
		cached = nil // the cache is disposable: a read failure is a miss
	}
	for s, q := range cached {
		if CheckQuote(q) != nil {
			delete(cached, s) // an absurd price an older version stored is a miss
		}
	}
	got := make(map[string]Quote, len(syms))
	var need []string
	for _, s := range syms {
		if q, ok := cached[s]; ok && c.fresh(q, now) {
			q.Source, q.Stale, q.StaleReason = journal.SourceCache, false, ""
			got[s] = q
			continue
		}
		need = append(need, s)
	}
	if len(need) > 0 {
		var upErr error
		var fresh []Quote
		if c.opts.Offline {
			upErr = ErrNotCached
		} else {
			fresh, upErr = c.up.Quote(ctx, need...)
		}
		var keep []Quote
		refused := map[string]error{}
		for _, q := range fresh {
			if err := CheckQuote(q); err != nil {
				refused[q.Symbol] = err // never answered, never cached
				continue
			}
			if q.FetchedAt.IsZero() {
				q.FetchedAt = now
			}
			if q.Source == "" {
				q.Source = journal.SourceYahoo
			}
			q.Stale, q.StaleReason = false, ""
			got[q.Symbol] = q
			keep = append(keep, q)
		}
		if len(keep) > 0 {
			// A failed cache write costs the next offline answer, not this one.
			_ = c.store.StoreQuotes(ctx, keep)
		}
		for _, s := range need {
			if _, ok := got[s]; ok {
				continue
			}
			cause := refused[s]
			if cause == nil {
				cause = ErrorOf(upErr, s)
			}
			if cause == nil {
				cause = ErrUnknownSymbol
			}
			if q, ok := cached[s]; ok {
				q.Source, q.Stale, q.StaleReason = journal.SourceCache, true, Reason(cause)
				got[s] = q
				continue
			}
			errs[s] = cause
		}
	}
	out := make([]Quote, 0, len(got))
	for _, s := range syms {
		if q, ok := got[s]; ok {
			out = append(out, q)
		}
	}
	if len(errs) > 0 {
		return out, errs
	}
	return out, nil
}

// History answers from the cached series when it covers the span and is fresh enough:
// a span that had ended when it was fetched stays good, one that reached up to the
// present is reused for HistoryMaxAge. Otherwise it fetches the span, merges it into
// the cached series and returns the fetched bars. When the fetch fails and the cache
// has bars of the span, it returns them with an error that wraps ErrStale and the cause:
// callers may use the bars and show them as stale.
func (c *Cached) History(ctx context.Context, symbol string, from, to time.Time, interval Interval) ([]Bar, error) {
	sym, err := journal.ParseSymbol(symbol)
	if err != nil {
		return nil, err
	}
	if interval == "" {
		interval = Interval1d
	}
	if !interval.Valid() {
		return nil, journal.Errorf(journal.EINVALID, "unknown interval %q", interval)
	}
	now := c.now()
	if to.IsZero() || to.After(now) {
		to = now
	}
	from, to = from.UTC(), to.UTC()
	if from.IsZero() || !from.Before(to) {
		return nil, journal.Errorf(journal.EINVALID, "history %s: start %s must be before end %s", sym, from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	s, ok, err := c.store.LoadSeries(ctx, sym, interval)
	if err != nil {
		ok = false
	}
	if ok {
		// Bars with absurd prices an older version stored are left out; a series made
		// mostly of them is a miss.
		if s.Bars, err = SaneBars(sym, s.Bars); err != nil {
			ok = false
		}
	}
	if ok && !from.Before(s.From) {
		recent := now.Sub(s.FetchedAt) < c.opts.HistoryMaxAge
		// A series fetched up to the moment of its fetch stands for "up to now" while
		// it is recent.
		live := !s.To.Before(s.FetchedAt.Add(-time.Minute))
		closed := !to.Add(interval.Duration()).After(s.FetchedAt)
		if !to.After(s.To) && (closed || recent) || live && recent {
			return s.Between(from, to), nil
		}
	}
	var bars []Bar
	var upErr error
	if c.opts.Offline {
		upErr = ErrNotCached
	} else {
		bars, upErr = c.up.History(ctx, sym, from, to, interval)
		if upErr == nil {
			bars, upErr = SaneBars(sym, bars)
		}
	}
	if upErr != nil {
		if ok {
			if cached := s.Between(from, to); len(cached) > 0 {
				return cached, fmt.Errorf("history %s %s: %w (fetched %s ago): %w", sym, interval, ErrStale, now.Sub(s.FetchedAt).Round(time.Second), upErr)
			}
		}
		return nil, fmt.Errorf("history %s %s: %w", sym, interval, upErr)
	}
	c.merge(ctx, sym, interval, bars, from, to, now)
	return bars, nil
}

// merge folds freshly fetched bars of [from, to] into the stored series.
func (c *Cached) merge(ctx context.Context, sym string, interval Interval, bars []Bar, from, to, now time.Time) {
	c.seriesMu.Lock()
	defer c.seriesMu.Unlock()
	s, ok, err := c.store.LoadSeries(ctx, sym, interval)
	if err == nil && ok {
		s.Bars, err = SaneBars(sym, s.Bars)
	}
	if err != nil || !ok {
		s = Series{Symbol: sym, Interval: interval}
		ok = false
	}
	merged, err := SaneBars(sym, MergeBars(s.Bars, bars, from, to))
	if err != nil {
		// The stored bars and the fresh ones disagree wildly: keep only the fresh.
		s = Series{Symbol: sym, Interval: interval}
		ok, merged = false, bars
	}
	overlaps := ok && !from.After(s.To) && !to.Before(s.From)
	s.Bars = merged
	switch {
	case overlaps:
		if !to.Before(s.To) {
			s.FetchedAt = now // the refreshed span reaches the end of the coverage
		}
		s.From, s.To = minTime(s.From, from), maxTime(s.To, to)
	default:
		s.From, s.To, s.FetchedAt = from, to, now
	}
	// A failed cache write only costs a later offline answer.
	_ = c.store.StoreSeries(ctx, s)
}

// ErrNoEvents means the upstream provider is no EventSource.
var ErrNoEvents = errors.New("the source has no dividends or splits")

// Events answers from the cached events of symbol when they cover the span and were
// fetched less than EventsMaxAge ago (events fetched up to the moment of their fetch
// stand for "up to now" while that is so). Otherwise it asks the upstream (an
// EventSource) for the span, widened to the cached one so that the whole record is
// refreshed, stores the answer in the cache when the store is an EventCache, and
// returns the events of the span. When the fetch fails (offline, network down, a
// malformed answer) and the cache has events of an overlapping span, it returns them
// with an error that wraps ErrStale and the cause: callers may use them and show them
// as stale.
func (c *Cached) Events(ctx context.Context, symbol string, from, to time.Time) (Events, error) {
	sym, err := journal.ParseSymbol(symbol)
	if err != nil {
		return Events{}, err
	}
	now := c.now()
	if to.IsZero() || to.After(now) {
		to = now
	}
	from, to = from.UTC(), to.UTC()
	if from.IsZero() || !from.Before(to) {
		return Events{}, journal.Errorf(journal.EINVALID, "events %s: start %s must be before end %s", sym, from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	store, _ := c.store.(EventCache)
	var s EventSeries
	ok := false
	if store != nil {
		if s, ok, err = store.LoadEvents(ctx, sym); err != nil || ok && CheckEvents(s.Events) != nil {
			ok = false // the cache is disposable: a read failure or a bad record is a miss
		}
	}
	if ok && !from.Before(s.From) && !s.FetchedAt.After(now.Add(time.Minute)) && now.Sub(s.FetchedAt) < c.opts.EventsMaxAge {
		live := !s.To.Before(s.FetchedAt.Add(-time.Minute))
		if !to.After(s.To) || live {
			return s.Events.Between(from, to), nil
		}
	}
	var ev Events
	var upErr error
	src, isSource := c.up.(EventSource)
	fetchFrom, fetchTo := from, to
	if ok {
		fetchFrom, fetchTo = minTime(from, s.From), maxTime(to, minTime(s.To, now))
	}
	switch {
	case c.opts.Offline:
		upErr = ErrNotCached
	case !isSource:
		upErr = ErrNoEvents
	default:
		ev, upErr = src.Events(ctx, sym, fetchFrom, fetchTo)
		if upErr == nil {
			upErr = CheckEvents(ev)
		}
	}
	if upErr != nil {
		if ok && !from.After(s.To) && !to.Before(s.From) {
			return s.Events.Between(from, to), fmt.Errorf("events %s: %w (fetched %s ago): %w", sym, ErrStale, now.Sub(s.FetchedAt).Round(time.Second), upErr)
		}
		return Events{}, fmt.Errorf("events %s: %w", sym, upErr)
	}
	ev = copyEvents(ev)
	SortEvents(ev)
	if store != nil {
		// A failed cache write only costs a later offline answer.
		_ = store.StoreEvents(ctx, EventSeries{Symbol: sym, Events: ev, From: fetchFrom, To: fetchTo, FetchedAt: now})
	}
	return ev.Between(from, to), nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
