package quotes_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/quotes"
	"hindsight/quotes/yahoo"
	"hindsight/quotes/yahoo/yahootest"
)

// clock is a settable time source.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2025, 2, 17, 15, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func noSleep(ctx context.Context, d time.Duration) error { return ctx.Err() }

type rig struct {
	srv    *yahootest.Server
	clock  *clock
	store  *quotes.MemoryCache
	cached *quotes.Cached
}

func newRig(t *testing.T, opts quotes.CachedOptions) *rig {
	t.Helper()
	r := &rig{srv: yahootest.NewServer(t), clock: newClock(), store: quotes.NewMemoryCache()}
	up := yahoo.New(yahoo.Options{BaseURL: r.srv.URL, Timeout: 2 * time.Second, Sleep: noSleep, Now: r.clock.Now})
	opts.Now = r.clock.Now
	r.cached = quotes.NewCached(up, r.store, opts)
	return r
}

func mustQuote(t *testing.T, p quotes.Provider, syms ...string) []quotes.Quote {
	t.Helper()
	qs, err := p.Quote(context.Background(), syms...)
	if err != nil {
		t.Fatalf("Quote(%v): %v", syms, err)
	}
	if len(qs) != len(syms) {
		t.Fatalf("Quote(%v) gave %d quotes", syms, len(qs))
	}
	return qs
}

func TestCachedFreshQuoteMakesNoRequest(t *testing.T) {
	tests := []struct {
		name        string
		symbol      string // EURUSD=X was recorded REGULAR, AAPL CLOSED
		advance     time.Duration
		wantRequest bool
	}{
		{"open market, 10 s later", "EURUSD=X", 10 * time.Second, false},
		{"open market, 59 s later", "EURUSD=X", 59 * time.Second, false},
		{"open market, 61 s later", "EURUSD=X", 61 * time.Second, true},
		{"closed market, 5 min later", "AAPL", 5 * time.Minute, false},
		{"closed market, 11 min later", "AAPL", 11 * time.Minute, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, quotes.CachedOptions{})
			first := mustQuote(t, r.cached, tt.symbol)[0]
			if first.Source != journal.SourceYahoo || first.Stale {
				t.Fatalf("first answer %+v", first)
			}
			before := r.srv.Total()
			r.clock.Advance(tt.advance)
			again := mustQuote(t, r.cached, tt.symbol)[0]
			sent := r.srv.Total() - before
			if tt.wantRequest {
				if r.srv.Count(yahootest.Quote) != 2 || again.Source != journal.SourceYahoo {
					t.Errorf("stale cache answered: %d quote requests, source %s", r.srv.Count(yahootest.Quote), again.Source)
				}
				return
			}
			if sent != 0 {
				t.Errorf("%d requests within the freshness window", sent)
			}
			if again.Source != journal.SourceCache || again.Stale || !again.Price.Amount.Equal(first.Price.Amount) {
				t.Errorf("cached answer %+v", again)
			}
			if again.Age(r.clock.Now()) != tt.advance {
				t.Errorf("age %s, want %s", again.Age(r.clock.Now()), tt.advance)
			}
		})
	}
}

func TestCachedNetworkDownAnswersStale(t *testing.T) {
	r := newRig(t, quotes.CachedOptions{})
	warm := mustQuote(t, r.cached, "BTC-USD", "OCDO.L")
	r.srv.Close()
	r.clock.Advance(5 * time.Minute)
	qs, err := r.cached.Quote(context.Background(), "BTC-USD", "OCDO.L", "BABA")
	if len(qs) != 2 {
		t.Fatalf("quotes %+v", qs)
	}
	for i, q := range qs {
		if q.Source != journal.SourceCache || !q.Stale || q.StaleReason != "network unavailable" {
			t.Errorf("%s: source %s stale %v reason %q", q.Symbol, q.Source, q.Stale, q.StaleReason)
		}
		if !sameMoney(q.Price, warm[i].Price) || !q.FetchedAt.Equal(warm[i].FetchedAt) {
			t.Errorf("%s: cached value changed: %+v, was %+v", q.Symbol, q, warm[i])
		}
		if q.Age(r.clock.Now()) != 5*time.Minute {
			t.Errorf("%s: age %s", q.Symbol, q.Age(r.clock.Now()))
		}
	}
	// A symbol never fetched has nothing to fall back on.
	if e := quotes.ErrorOf(err, "BABA"); !errors.Is(e, quotes.ErrNetwork) {
		t.Errorf("BABA: %v, want ErrNetwork", e)
	}
	// The failed refresh left the cache as it was.
	stored, _ := r.store.LoadQuotes(context.Background(), []string{"BTC-USD", "OCDO.L"})
	for i, s := range []string{"BTC-USD", "OCDO.L"} {
		if !sameMoney(stored[s].Price, warm[i].Price) || !stored[s].FetchedAt.Equal(warm[i].FetchedAt) || stored[s].Stale {
			t.Errorf("%s stored %+v, want the warm value", s, stored[s])
		}
	}
}

func TestCachedFailingSourceKeepsValue(t *testing.T) {
	r := newRig(t, quotes.CachedOptions{})
	warm := mustQuote(t, r.cached, "OCDO.L")[0]
	r.clock.Advance(2 * time.Minute)
	// The quote endpoint fails and OCDO.L has no chart to fall back on.
	fail := yahootest.Response{Status: 500, Body: "Internal Server Error"}
	r.srv.Enqueue(yahootest.Quote, fail, fail, fail, fail)
	q := mustQuote(t, r.cached, "OCDO.L")[0]
	if !q.Stale || q.Source != journal.SourceCache || !sameMoney(q.Price, warm.Price) {
		t.Fatalf("while failing: %+v", q)
	}
	if q.StaleReason != "source answered 500 Internal Server Error" {
		t.Errorf("reason %q", q.StaleReason)
	}
	// Yahoo forgetting the symbol does not erase it either.
	r.clock.Advance(6 * time.Minute) // past the fallback cooldown
	r.srv.Enqueue(yahootest.Quote, yahootest.Response{Status: 200, Body: `{"quoteResponse":{"result":[],"error":null}}`})
	q = mustQuote(t, r.cached, "OCDO.L")[0]
	if !q.Stale || q.StaleReason != "unknown symbol" || !sameMoney(q.Price, warm.Price) {
		t.Fatalf("after an empty answer: %+v", q)
	}
	// Once the source answers again the value is live.
	q = mustQuote(t, r.cached, "OCDO.L")[0]
	if q.Stale || q.Source != journal.SourceYahoo || !q.FetchedAt.Equal(r.clock.Now()) {
		t.Fatalf("after recovery: %+v", q)
	}
}

func TestCachedOffline(t *testing.T) {
	r := newRig(t, quotes.CachedOptions{})
	warm := mustQuote(t, r.cached, "AAPL")[0]
	r.clock.Advance(time.Hour)
	before := r.srv.Total()
	off := quotes.NewCached(nil, r.store, quotes.CachedOptions{Now: r.clock.Now})
	qs, err := off.Quote(context.Background(), "AAPL", "BABA")
	if len(qs) != 1 || !qs[0].Stale || qs[0].StaleReason != "offline" || !sameMoney(qs[0].Price, warm.Price) {
		t.Fatalf("offline quotes %+v", qs)
	}
	if !errors.Is(quotes.ErrorOf(err, "BABA"), quotes.ErrNotCached) {
		t.Errorf("BABA: %v", err)
	}
	if _, err := off.History(context.Background(), "AAPL", time.Date(2020, 8, 31, 0, 0, 0, 0, time.UTC), time.Time{}, quotes.Interval1d); !errors.Is(err, quotes.ErrNotCached) {
		t.Errorf("offline history: %v", err)
	}
	if r.srv.Total() != before {
		t.Errorf("offline mode sent %d requests", r.srv.Total()-before)
	}
}

func TestCachedKoreanSymbol(t *testing.T) {
	r := newRig(t, quotes.CachedOptions{})
	r.srv.SetQuote("005930.KS", "AAPL", map[string]any{"currency": "KRW", "regularMarketPrice": 55000.0,
		"regularMarketPreviousClose": 54000.0, "marketState": "REGULAR", "fullExchangeName": "KSE"})
	q := mustQuote(t, r.cached, "005930.ks")[0]
	if q.Symbol != "005930.KS" || q.Price.Currency != "KRW" || q.Price.Format() != "₩55,000" {
		t.Errorf("quote %+v formats as %s", q, q.Price.Format())
	}
	if want := decimal.NewFromInt(55000 - 54000); !q.Change.Equal(want) {
		t.Errorf("change %s, want %s", q.Change, want)
	}
}

var (
	aaplFrom = time.Date(2020, 8, 31, 0, 0, 0, 0, time.UTC)
	aaplMid  = time.Date(2020, 10, 1, 0, 0, 0, 0, time.UTC)
	aaplTo   = time.Date(2020, 11, 7, 0, 0, 0, 0, time.UTC)
)

func TestCachedHistoryMergesAndReuses(t *testing.T) {
	r := newRig(t, quotes.CachedOptions{})
	ctx := context.Background()
	direct := yahoo.New(yahoo.Options{BaseURL: r.srv.URL})
	all, err := direct.History(ctx, "AAPL", aaplFrom, aaplTo, quotes.Interval1d)
	if err != nil {
		t.Fatal(err)
	}
	r.srv.Reset()

	first, err := r.cached.History(ctx, "AAPL", aaplFrom, aaplMid, quotes.Interval1d)
	if err != nil {
		t.Fatal(err)
	}
	second, err := r.cached.History(ctx, "AAPL", aaplMid.AddDate(0, 0, -10), aaplTo, quotes.Interval1d)
	if err != nil {
		t.Fatal(err)
	}
	if r.srv.Count(yahootest.Chart) != 2 || len(first) == 0 || len(second) == 0 {
		t.Fatalf("%d chart requests, %d and %d bars", r.srv.Count(yahootest.Chart), len(first), len(second))
	}
	s, ok, _ := r.store.LoadSeries(ctx, "AAPL", quotes.Interval1d)
	if !ok || len(s.Bars) != len(all) || !s.From.Equal(aaplFrom) || !s.To.Equal(aaplTo) {
		t.Fatalf("merged series: %d bars from %s to %s, want %d bars", len(s.Bars), s.From, s.To, len(all))
	}
	// The whole span is now served from the cache: it had closed when it was fetched,
	// so it stays good even a day later.
	r.clock.Advance(24 * time.Hour)
	whole, err := r.cached.History(ctx, "AAPL", aaplFrom, aaplTo, quotes.Interval1d)
	if err != nil {
		t.Fatal(err)
	}
	if r.srv.Count(yahootest.Chart) != 2 {
		t.Errorf("a covered span was fetched again")
	}
	if len(whole) != len(all) {
		t.Fatalf("%d bars from the cache, want %d", len(whole), len(all))
	}
	for i := range all {
		if !whole[i].Time.Equal(all[i].Time) || !whole[i].AdjClose.Equal(all[i].AdjClose) {
			t.Fatalf("bar %d: %+v, want %+v", i, whole[i], all[i])
		}
	}
}

func TestCachedHistoryUpToNow(t *testing.T) {
	r := newRig(t, quotes.CachedOptions{HistoryMaxAge: 10 * time.Minute})
	ctx := context.Background()
	if _, err := r.cached.History(ctx, "AAPL", aaplFrom, time.Time{}, quotes.Interval1d); err != nil {
		t.Fatal(err)
	}
	r.clock.Advance(5 * time.Minute)
	if _, err := r.cached.History(ctx, "AAPL", aaplFrom, time.Time{}, quotes.Interval1d); err != nil {
		t.Fatal(err)
	}
	if c := r.srv.Count(yahootest.Chart); c != 1 {
		t.Errorf("%d chart requests within HistoryMaxAge, want 1", c)
	}
	r.clock.Advance(10 * time.Minute)
	r.srv.Close()
	bars, err := r.cached.History(ctx, "AAPL", aaplFrom, time.Time{}, quotes.Interval1d)
	if !errors.Is(err, quotes.ErrStale) || !errors.Is(err, quotes.ErrNetwork) {
		t.Fatalf("error %v, want stale bars because of the network", err)
	}
	if len(bars) == 0 {
		t.Fatalf("no cached bars with the network down")
	}
	if _, err := r.cached.History(ctx, "BABA", aaplFrom, time.Time{}, quotes.Interval1d); errors.Is(err, quotes.ErrStale) || err == nil {
		t.Errorf("uncached symbol: %v", err)
	}
}
