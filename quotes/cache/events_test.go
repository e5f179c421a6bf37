package cache_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/quotes"
	"hindsight/quotes/cache"
	"hindsight/quotes/yahoo"
	"hindsight/quotes/yahoo/yahootest"
)

func utcDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// nvdaEvents checks the events of the recorded NVDA chart between 2024-03-01 and
// 2024-06-15: the 10:1 split of 2024-06-10 and the dividends of 2024-03-05 (0.004 USD)
// and 2024-06-11 (0.01 USD).
func nvdaEvents(t *testing.T, name string, ev quotes.Events) {
	t.Helper()
	if len(ev.Splits) != 1 || len(ev.Dividends) != 2 {
		t.Fatalf("%s: %+v", name, ev)
	}
	s := ev.Splits[0]
	if s.Symbol != "NVDA" || !s.At.Equal(utcDay(2024, 6, 10)) || s.Ratio() != "10:1" || s.Action().ID != "NVDA:split:2024-06-10" {
		t.Errorf("%s: split %+v", name, s)
	}
	for i, w := range []struct {
		at     time.Time
		amount string
	}{{utcDay(2024, 3, 5), "0.004"}, {utcDay(2024, 6, 11), "0.01"}} {
		d := ev.Dividends[i]
		if !d.At.Equal(w.at) || !d.Amount.Amount.Equal(decimal.RequireFromString(w.amount)) || d.Amount.Currency != "USD" {
			t.Errorf("%s: dividend %d = %+v", name, i, d)
		}
	}
}

func TestCachedEvents(t *testing.T) {
	ctx := context.Background()
	srv := yahootest.NewServer(t)
	srv.UseChart(yahootest.NVDAEvents)
	path := filepath.Join(t.TempDir(), cache.FileName)
	store, err := cache.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	up := yahoo.New(yahoo.Options{BaseURL: srv.URL, Timeout: 2 * time.Second, MaxRetries: -1, Now: clock})
	c := quotes.NewCached(up, store, quotes.CachedOptions{Now: clock})
	from, to := utcDay(2024, 3, 1), utcDay(2024, 6, 15)

	steps := []struct {
		name     string
		advance  time.Duration
		from, to time.Time
		charts   int // chart requests in all after the step
		check    func(quotes.Events)
	}{
		{"first fetch", 0, from, to, 1, func(ev quotes.Events) { nvdaEvents(t, "first", ev) }},
		{"an hour later, from the cache", time.Hour, from, to, 1, func(ev quotes.Events) { nvdaEvents(t, "cached", ev) }},
		{"a part of the span, from the cache", time.Hour, utcDay(2024, 6, 11), to, 1, func(ev quotes.Events) {
			if len(ev.Splits) != 0 || len(ev.Dividends) != 1 || !ev.Dividends[0].At.Equal(utcDay(2024, 6, 11)) {
				t.Errorf("part: %+v", ev)
			}
		}},
		// 2 h + 23 h = 25 h after the fetch: older than a day.
		{"a day later, fetched again", 23 * time.Hour, from, to, 2, func(ev quotes.Events) { nvdaEvents(t, "refetched", ev) }},
	}
	for _, st := range steps {
		now = now.Add(st.advance)
		ev, err := c.Events(ctx, "NVDA", st.from, st.to)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		st.check(ev)
		if n := srv.Count(yahootest.Chart); n != st.charts {
			t.Errorf("%s: %d chart requests in all, want %d", st.name, n, st.charts)
		}
	}
	// A wider span is fetched whole: period1 is the new start, period2 the cached end.
	srv.Reset()
	if _, err := c.Events(ctx, "NVDA", utcDay(2024, 1, 1), to); err != nil {
		t.Fatal(err)
	}
	if r := srv.Requests(); len(r) != 1 || r[0].Query.Get("period1") != "1704067200" || r[0].Query.Get("period2") != "1718409600" {
		t.Errorf("wider span: %+v", r)
	}

	// The network goes down two days later: the cached events, stale.
	srv.Close()
	now = now.Add(48 * time.Hour)
	ev, err := c.Events(ctx, "NVDA", from, to)
	if !errors.Is(err, quotes.ErrStale) || !errors.Is(err, quotes.ErrNetwork) {
		t.Errorf("network down: %v", err)
	}
	nvdaEvents(t, "network down", ev)
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}

	// Offline after a restart, over the same file.
	off := quotes.NewCached(nil, mustOpen(t, path), quotes.CachedOptions{Offline: true, Now: clock})
	ev, err = off.Events(ctx, "NVDA", from, to)
	if !errors.Is(err, quotes.ErrStale) || quotes.Reason(err) != "offline" {
		t.Errorf("offline: %v", err)
	}
	nvdaEvents(t, "offline", ev)
	if _, err := off.Events(ctx, "AAPL", from, to); !errors.Is(err, quotes.ErrNotCached) || errors.Is(err, quotes.ErrStale) {
		t.Errorf("offline, never fetched: %v", err)
	}
}

func TestEventsRecords(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), cache.FileName)
	store := mustOpen(t, path)
	at := utcDay(2024, 6, 10)
	es := quotes.EventSeries{
		Symbol: "VOD.L", From: utcDay(2024, 1, 1), To: utcDay(2024, 7, 1), FetchedAt: utcDay(2024, 7, 1),
		Events: quotes.Events{
			Splits:    []quotes.Split{{Symbol: "VOD.L", At: at, Numerator: decimal.NewFromInt(1), Denominator: decimal.RequireFromString("2.5")}},
			Dividends: []quotes.Dividend{{Symbol: "VOD.L", At: at, Amount: journal.MustMoney("0.04778", "GBP")}},
		},
	}
	if err := store.StoreEvents(ctx, es); err != nil {
		t.Fatal(err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	store = mustOpen(t, path)
	got, ok, err := store.LoadEvents(ctx, "VOD.L")
	if err != nil || !ok {
		t.Fatalf("load: %v %v", ok, err)
	}
	if !got.From.Equal(es.From) || !got.To.Equal(es.To) || !got.FetchedAt.Equal(es.FetchedAt) || len(got.Events.Splits) != 1 ||
		got.Events.Splits[0].Ratio() != "1:2.5" || !got.Events.Splits[0].At.Equal(at) || len(got.Events.Dividends) != 1 ||
		got.Events.Dividends[0].Amount.String() != journal.MustMoney("0.04778", "GBP").String() {
		t.Errorf("round trip: %+v", got)
	}
	if _, ok, err := store.LoadEvents(ctx, "AAPL"); ok || err != nil {
		t.Errorf("never stored: %v %v", ok, err)
	}
	// Events out of bounds are never stored.
	for _, bad := range []quotes.Events{
		{Splits: []quotes.Split{{Symbol: "VOD.L", At: at, Numerator: decimal.Zero, Denominator: decimal.NewFromInt(1)}}},
		{Splits: []quotes.Split{{Symbol: "VOD.L", At: at, Numerator: decimal.NewFromInt(2000), Denominator: decimal.NewFromInt(1)}}},
		{Dividends: []quotes.Dividend{{Symbol: "VOD.L", At: at, Amount: journal.MustMoney("-1", "GBP")}}},
		{Dividends: []quotes.Dividend{{Symbol: "VOD.L", At: at, Amount: journal.Money{Amount: decimal.NewFromInt(1), Currency: "GBp"}}}},
		{Dividends: []quotes.Dividend{{Symbol: "VOD.L", Amount: journal.MustMoney("1", "GBP")}}},
	} {
		if err := store.StoreEvents(ctx, quotes.EventSeries{Symbol: "VOD.L", Events: bad}); err == nil {
			t.Errorf("stored %+v", bad)
		}
	}
	got, ok, _ = store.LoadEvents(ctx, "VOD.L")
	if !ok || len(got.Events.Dividends) != 1 || got.Events.Dividends[0].Amount.Amount.String() != "0.04778" {
		t.Errorf("after refused stores: %+v", got)
	}
}
