package quotes_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/quotes"
)

// absurdUpstream answers every quote with an absurd price and every history with bars
// that are mostly absurd, as a provider without checks of its own would.
type absurdUpstream struct{ now time.Time }

func (u absurdUpstream) Quote(ctx context.Context, symbols ...string) ([]quotes.Quote, error) {
	var out []quotes.Quote
	for _, s := range symbols {
		out = append(out, quotes.Quote{Symbol: s, Price: journal.Money{Amount: decimal.New(1, 308), Currency: "USD"},
			Source: journal.SourceYahoo, FetchedAt: u.now})
	}
	return out, nil
}

func (u absurdUpstream) History(ctx context.Context, symbol string, from, to time.Time, interval quotes.Interval) ([]quotes.Bar, error) {
	return []quotes.Bar{usdBar(from.Add(24*time.Hour), "1e308"), usdBar(from.Add(48*time.Hour), "1e307"), usdBar(from.Add(72*time.Hour), "100")}, nil
}

func usdBar(at time.Time, close string) quotes.Bar {
	c := decimal.RequireFromString(close)
	return quotes.Bar{Time: at, Currency: "USD", Open: c, High: c, Low: c, Close: c, AdjClose: c}
}

// TestCachedRefusesAbsurdPrices checks the Cached provider's own defence: an upstream
// that lets absurd prices through gets them neither answered nor cached.
func TestCachedRefusesAbsurdPrices(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	store := quotes.NewMemoryCache()
	c := quotes.NewCached(absurdUpstream{now: clk.Now()}, store, quotes.CachedOptions{Now: clk.Now})
	qs, err := c.Quote(ctx, "ZZZ")
	if len(qs) != 0 || !errors.Is(quotes.ErrorOf(err, "ZZZ"), quotes.ErrBadResponse) {
		t.Fatalf("Quote = %v, %v; want ZZZ refused", qs, err)
	}
	if got, _ := store.LoadQuotes(ctx, []string{"ZZZ"}); len(got) != 0 {
		t.Errorf("cached %v", got)
	}
	from := clk.Now().Add(-10 * 24 * time.Hour)
	bars, err := c.History(ctx, "ZZZ", from, time.Time{}, quotes.Interval1d)
	if len(bars) != 0 || !errors.Is(err, quotes.ErrBadResponse) {
		t.Fatalf("History = %v, %v; want refused", bars, err)
	}
	if s, ok, _ := store.LoadSeries(ctx, "ZZZ", quotes.Interval1d); ok {
		t.Errorf("cached series %v", s.Bars)
	}
}

// TestCachedIgnoresAbsurdCachedValues checks that absurd values an older version put in
// the cache are treated as missing, not served when the source is down.
func TestCachedIgnoresAbsurdCachedValues(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, quotes.CachedOptions{})
	now := r.clock.Now()
	from := now.Add(-5 * 24 * time.Hour)
	if err := r.store.StoreQuotes(ctx, []quotes.Quote{{Symbol: "AAPL", Price: journal.Money{Amount: decimal.New(1, 308), Currency: "USD"},
		Source: journal.SourceYahoo, FetchedAt: now.Add(-time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	if err := r.store.StoreSeries(ctx, quotes.Series{Symbol: "AAPL", Interval: quotes.Interval1d, From: from, To: now, FetchedAt: now,
		Bars: []quotes.Bar{usdBar(from.Add(24*time.Hour), "1e308"), usdBar(from.Add(48*time.Hour), "240"), usdBar(from.Add(72*time.Hour), "241")}}); err != nil {
		t.Fatal(err)
	}
	r.srv.Close()
	qs, err := r.cached.Quote(ctx, "AAPL")
	if len(qs) != 0 || err == nil {
		t.Errorf("Quote with the source down = %v, %v; want no answer rather than the cached 1e308", qs, err)
	}
	bars, err := r.cached.History(ctx, "AAPL", from, now, quotes.Interval1d)
	if err != nil || len(bars) != 2 || !bars[0].Close.Equal(decimal.NewFromInt(240)) {
		t.Errorf("History from the cache = %v, %v; want the two sane bars", bars, err)
	}
}
