package cache_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
	"hindsight/quotes"
	"hindsight/quotes/cache"
	"hindsight/quotes/yahoo"
	"hindsight/quotes/yahoo/yahootest"
)

func mustOpen(tb testing.TB, path string) *cache.Store {
	tb.Helper()
	s, err := cache.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

var t0 = time.Date(2025, 2, 17, 10, 54, 49, 0, time.UTC)

func sampleQuotes() []quotes.Quote {
	return []quotes.Quote{
		{Symbol: "005930.KS", Price: journal.MustMoney("55000", "KRW"), PreviousClose: journal.MustMoney("54300", "KRW"),
			Change: decimal.NewFromInt(700), ChangePercent: decimal.RequireFromString("1.2891"),
			MarketTime: t0.Add(-time.Hour), Exchange: "KSE", ShortName: "삼성전자", MarketState: "REGULAR",
			Source: journal.SourceYahoo, FetchedAt: t0},
		{Symbol: "OCDO.L", Price: journal.MustMoney("3.088", "GBP"), Change: decimal.RequireFromString("-0.064"),
			ChangePercent: decimal.RequireFromString("-2.0305"), Source: journal.SourceYahoo, FetchedAt: t0},
	}
}

func sampleSeries() quotes.Series {
	s := quotes.Series{Symbol: "^KS11", Interval: quotes.Interval1d, From: t0.AddDate(0, -1, 0), To: t0, FetchedAt: t0}
	for i := range 3 {
		c := decimal.RequireFromString("2600.15").Add(decimal.NewFromInt(int64(i)))
		s.Bars = append(s.Bars, quotes.Bar{Time: t0.AddDate(0, 0, i-3), Open: c, High: c.Add(decimal.NewFromInt(5)),
			Low: c.Sub(decimal.NewFromInt(5)), Close: c, AdjClose: c, Volume: int64(1000 * (i + 1))})
	}
	return s
}

func sameQuotes(t *testing.T, got map[string]quotes.Quote, want []quotes.Quote) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d quotes, want %d", len(got), len(want))
	}
	for _, w := range want {
		g := got[w.Symbol]
		if !sameMoney(g.Price, w.Price) || !sameMoney(g.PreviousClose, w.PreviousClose) || !g.Change.Equal(w.Change) ||
			!g.ChangePercent.Equal(w.ChangePercent) || !g.MarketTime.Equal(w.MarketTime) || !g.FetchedAt.Equal(w.FetchedAt) ||
			g.Exchange != w.Exchange || g.ShortName != w.ShortName || g.MarketState != w.MarketState || g.Source != w.Source {
			t.Errorf("%s\n got %+v\nwant %+v", w.Symbol, g, w)
		}
	}
}

func sameSeries(t *testing.T, got, want quotes.Series) {
	t.Helper()
	if got.Symbol != want.Symbol || got.Interval != want.Interval || !got.From.Equal(want.From) || !got.To.Equal(want.To) ||
		!got.FetchedAt.Equal(want.FetchedAt) || len(got.Bars) != len(want.Bars) {
		t.Fatalf("series\n got %+v\nwant %+v", got, want)
	}
	for i := range want.Bars {
		g, w := got.Bars[i], want.Bars[i]
		if !g.Time.Equal(w.Time) || !g.Open.Equal(w.Open) || !g.High.Equal(w.High) || !g.Low.Equal(w.Low) ||
			!g.Close.Equal(w.Close) || !g.AdjClose.Equal(w.AdjClose) || g.Volume != w.Volume {
			t.Errorf("bar %d\n got %+v\nwant %+v", i, g, w)
		}
	}
}

func TestRoundTripAndReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), cache.FileName)
	s, err := cache.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.InMemory() || s.Note() != "" {
		t.Fatalf("fresh file: in memory %v, note %q", s.InMemory(), s.Note())
	}
	if err := s.StoreQuotes(ctx, sampleQuotes()); err != nil {
		t.Fatal(err)
	}
	if err := s.StoreSeries(ctx, sampleSeries()); err != nil {
		t.Fatal(err)
	}
	got, err := s.LoadQuotes(ctx, []string{"005930.KS", "OCDO.L", "NVDA"})
	if err != nil {
		t.Fatal(err)
	}
	sameQuotes(t, got, sampleQuotes())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s2 := mustOpen(t, path)
	got, err = s2.LoadQuotes(ctx, []string{"005930.KS", "OCDO.L"})
	if err != nil {
		t.Fatal(err)
	}
	sameQuotes(t, got, sampleQuotes())
	ser, ok, err := s2.LoadSeries(ctx, "^KS11", quotes.Interval1d)
	if err != nil || !ok {
		t.Fatalf("series after reopen: %v %v", ok, err)
	}
	sameSeries(t, ser, sampleSeries())
	if _, ok, _ := s2.LoadSeries(ctx, "^KS11", quotes.Interval1wk); ok {
		t.Errorf("a weekly series appeared")
	}
	// A newer quote replaces the older one.
	q := sampleQuotes()[0]
	q.Price, q.FetchedAt = journal.MustMoney("56000", "KRW"), t0.Add(time.Minute)
	if err := s2.StoreQuotes(ctx, []quotes.Quote{q}); err != nil {
		t.Fatal(err)
	}
	got, _ = s2.LoadQuotes(ctx, []string{q.Symbol})
	if !sameMoney(got[q.Symbol].Price, q.Price) {
		t.Errorf("replaced quote %+v", got[q.Symbol])
	}
}

func TestDamagedFileIsMovedAside(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
	}{
		{"garbage", bytes.Repeat([]byte("not a bbolt file "), 1000)},
		{"journal text", []byte(`{"theses":[{"title":"삼성전자 반도체 회복"}]}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, cache.FileName)
			if err := os.WriteFile(path, tt.content, 0o600); err != nil {
				t.Fatal(err)
			}
			s := mustOpen(t, path)
			if s.InMemory() {
				t.Fatalf("damaged file left the cache in memory: %s", s.Note())
			}
			if !strings.Contains(s.Note(), "damaged") {
				t.Errorf("note %q", s.Note())
			}
			aside, _ := filepath.Glob(path + ".damaged-*")
			if len(aside) != 1 {
				t.Fatalf("moved-aside files: %v", aside)
			}
			if b, _ := os.ReadFile(aside[0]); !bytes.Equal(b, tt.content) {
				t.Errorf("the damaged file's content was not kept")
			}
			ctx := context.Background()
			if err := s.StoreQuotes(ctx, sampleQuotes()); err != nil {
				t.Fatal(err)
			}
			got, _ := s.LoadQuotes(ctx, []string{"005930.KS", "OCDO.L"})
			sameQuotes(t, got, sampleQuotes())
		})
	}
}

func TestLockedFileFallsBackToMemory(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), cache.FileName)
	first := mustOpen(t, path)
	if err := first.StoreQuotes(ctx, sampleQuotes()[:1]); err != nil {
		t.Fatal(err)
	}
	second := mustOpen(t, path) // a second process would hold the same lock
	if !second.InMemory() || !strings.Contains(second.Note(), "in use") {
		t.Fatalf("second open: in memory %v, note %q", second.InMemory(), second.Note())
	}
	if err := second.StoreQuotes(ctx, sampleQuotes()[1:]); err != nil {
		t.Fatal(err)
	}
	got, _ := second.LoadQuotes(ctx, []string{"OCDO.L"})
	sameQuotes(t, got, sampleQuotes()[1:])
	if err := second.StoreSeries(ctx, sampleSeries()); err != nil {
		t.Fatal(err)
	}
	if ser, ok, _ := second.LoadSeries(ctx, "^KS11", quotes.Interval1d); !ok {
		t.Errorf("memory series missing")
	} else {
		sameSeries(t, ser, sampleSeries())
	}
	// The file itself is untouched by the second Store.
	got, _ = first.LoadQuotes(ctx, []string{"005930.KS", "OCDO.L"})
	sameQuotes(t, got, sampleQuotes()[:1])
}

func TestUnreadableRecordsAndOtherSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), cache.FileName)
	s, err := cache.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.StoreQuotes(ctx, sampleQuotes()); err != nil {
		t.Fatal(err)
	}
	if err := s.StoreSeries(ctx, sampleSeries()); err != nil {
		t.Fatal(err)
	}
	_ = s.Close()

	// Spoil one quote and the series record by hand.
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket([]byte("quotes")).Put([]byte("OCDO.L"), []byte(`{"v":1,"price":`)); err != nil {
			return err
		}
		return tx.Bucket([]byte("series")).Put([]byte("^KS11|1d"), []byte(`{"v":7}`))
	})
	_ = db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s = mustOpen(t, path)
	got, err := s.LoadQuotes(ctx, []string{"005930.KS", "OCDO.L"})
	if err != nil {
		t.Fatal(err)
	}
	sameQuotes(t, got, sampleQuotes()[:1])
	if _, ok, err := s.LoadSeries(ctx, "^KS11", quotes.Interval1d); ok || err != nil {
		t.Errorf("unreadable series: ok %v err %v", ok, err)
	}
	_ = s.Close()

	// A file written by a schema this version does not know is emptied, not misread.
	db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Put([]byte("version"), []byte("99")) })
	_ = db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s = mustOpen(t, path)
	if got, _ := s.LoadQuotes(ctx, []string{"005930.KS"}); len(got) != 0 {
		t.Errorf("quotes of another schema were read: %v", got)
	}
}

func TestPath(t *testing.T) {
	j := filepath.Join("home", "me", ".hindsight", "journal.db")
	if got, want := cache.Path(j), filepath.Join("home", "me", ".hindsight", cache.FileName); got != want {
		t.Errorf("Path = %q, want %q", got, want)
	}
}

// TestCachedOverFileAfterRestart is the offline story end to end: quotes and bars
// fetched over HTTP are in the file; after a restart with the network down the cached
// provider answers from it, stale, with the values it had.
func TestCachedOverFileAfterRestart(t *testing.T) {
	ctx := context.Background()
	srv := yahootest.NewServer(t)
	path := filepath.Join(t.TempDir(), cache.FileName)
	now := time.Now().UTC()
	from := time.Date(2020, 8, 31, 0, 0, 0, 0, time.UTC)

	store, err := cache.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	online := quotes.NewCached(yahoo.New(yahoo.Options{BaseURL: srv.URL, Timeout: 2 * time.Second}), store, quotes.CachedOptions{})
	warm, err := online.Quote(ctx, "AAPL", "OCDO.L")
	if err != nil {
		t.Fatal(err)
	}
	bars, err := online.History(ctx, "AAPL", from, now, quotes.Interval1d)
	if err != nil || len(bars) == 0 {
		t.Fatalf("history: %d bars, %v", len(bars), err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	srv.Close()

	store = mustOpen(t, path)
	later := func() time.Time { return now.Add(time.Hour) }
	down := quotes.NewCached(yahoo.New(yahoo.Options{BaseURL: srv.URL, Timeout: 2 * time.Second}), store, quotes.CachedOptions{Now: later})
	qs, err := down.Quote(ctx, "AAPL", "OCDO.L")
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range qs {
		if !q.Stale || q.Source != journal.SourceCache || !sameMoney(q.Price, warm[i].Price) || q.Age(later()) < 59*time.Minute {
			t.Errorf("%s after restart: %+v", q.Symbol, q)
		}
	}
	again, err := down.History(ctx, "AAPL", from, now, quotes.Interval1d)
	if len(again) != len(bars) || !errors.Is(err, quotes.ErrStale) {
		t.Fatalf("history after restart: %d bars (%v), want %d stale bars", len(again), err, len(bars))
	}
}

func sameMoney(a, b journal.Money) bool { return a.Currency == b.Currency && a.Amount.Equal(b.Amount) }

// TestSeriesUnits: a series keeps the currency of its bars (in their main unit) and the
// basis of a quote; a series stored before bars carried a currency is trusted only where
// the listing cannot have been quoted in a subunit (pence), and read as missing, so
// fetched again, where it can.
func TestSeriesUnits(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), cache.FileName)
	s := mustOpen(t, path)
	gbp := quotes.Series{Symbol: "VOD.L", Interval: quotes.Interval1d, From: t0.AddDate(0, 0, -5), To: t0, FetchedAt: t0,
		Bars: []quotes.Bar{{Time: t0.AddDate(0, 0, -1), Currency: "GBP", Open: decimal.RequireFromString("0.661"),
			High: decimal.RequireFromString("0.665"), Low: decimal.RequireFromString("0.652"), Close: decimal.RequireFromString("0.654"),
			AdjClose: decimal.RequireFromString("0.654")}}}
	if err := s.StoreSeries(ctx, gbp); err != nil {
		t.Fatal(err)
	}
	nav := quotes.Quote{Symbol: "VFIAX", Price: journal.MustMoney("512.34", "USD"), Basis: quotes.BasisNAV, Source: journal.SourceYahoo, FetchedAt: t0}
	if err := s.StoreQuotes(ctx, []quotes.Quote{nav}); err != nil {
		t.Fatal(err)
	}
	_ = s.Close()

	s = mustOpen(t, path)
	got, ok, err := s.LoadSeries(ctx, "VOD.L", quotes.Interval1d)
	if err != nil || !ok || len(got.Bars) != 1 || got.Bars[0].Currency != "GBP" || !got.Bars[0].Close.Equal(decimal.RequireFromString("0.654")) {
		t.Fatalf("VOD.L series back as %+v (ok %v, %v)", got, ok, err)
	}
	qs, _ := s.LoadQuotes(ctx, []string{"VFIAX"})
	if qs["VFIAX"].Basis != quotes.BasisNAV {
		t.Errorf("quote basis back as %q", qs["VFIAX"].Basis)
	}
	_ = s.Close()

	// Version 1 records, as the previous release wrote them: VOD.L in pence, AAPL in dollars.
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	v1 := func(sym, close string) []byte {
		return []byte(`{"v":1,"symbol":"` + sym + `","interval":"1d","from":"2025-02-01T00:00:00Z","to":"2025-02-17T10:54:49Z","fetched_at":"2025-02-17T10:54:49Z","bars":[{"t":1739700000,"o":"` + close + `","h":"` + close + `","l":"` + close + `","c":"` + close + `","a":"` + close + `","v":1}]}`)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("series"))
		if err := b.Put([]byte("VOD.L|1d"), v1("VOD.L", "65.4")); err != nil {
			return err
		}
		return b.Put([]byte("AAPL|1d"), v1("AAPL", "228.5"))
	})
	_ = db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s = mustOpen(t, path)
	if got, ok, err := s.LoadSeries(ctx, "VOD.L", quotes.Interval1d); ok || err != nil {
		t.Errorf("a version 1 series of a pence listing was read: %+v (%v)", got, err)
	}
	got, ok, err = s.LoadSeries(ctx, "AAPL", quotes.Interval1d)
	if err != nil || !ok || len(got.Bars) != 1 || !got.Bars[0].Close.Equal(decimal.RequireFromString("228.5")) {
		t.Errorf("a version 1 series of a dollar listing was lost: %+v (ok %v, %v)", got, ok, err)
	}
}

// TestAbsurdPricesNeverStoredNorRead checks that the cache refuses to store prices
// quotes.CheckQuote and quotes.SaneBars refuse, and that such values already in a file
// (written by an older version) are read as missing.
func TestAbsurdPricesNeverStoredNorRead(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), cache.FileName)
	s := mustOpen(t, path)
	absurd := quotes.Quote{Symbol: "ZZZ", Price: journal.Money{Amount: decimal.New(1, 308), Currency: "USD"}, Source: journal.SourceYahoo, FetchedAt: t0}
	err := s.StoreQuotes(ctx, append(sampleQuotes(), absurd))
	if err == nil || !strings.Contains(err.Error(), "ZZZ") {
		t.Errorf("storing an absurd quote: %v; want an error naming ZZZ", err)
	}
	got, _ := s.LoadQuotes(ctx, []string{"005930.KS", "OCDO.L", "ZZZ"})
	sameQuotes(t, got, sampleQuotes())
	bad := sampleSeries()
	for i := range bad.Bars {
		bad.Bars[i].Close = decimal.New(1, 308)
	}
	if err := s.StoreSeries(ctx, bad); err == nil {
		t.Error("a series of absurd bars was stored")
	}
	if _, ok, _ := s.LoadSeries(ctx, "^KS11", quotes.Interval1d); ok {
		t.Error("a series of absurd bars was read back")
	}
	_ = s.Close()

	// Records as an older version wrote them, with 1e308.
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	huge := "1" + strings.Repeat("0", 308)
	err = db.Update(func(tx *bolt.Tx) error {
		q := `{"v":1,"symbol":"ZZZ","price":{"amount":"` + huge + `","currency":"USD"},"change":"0","change_percent":"0","source":"yahoo","fetched_at":"2025-02-17T10:54:49Z"}`
		if err := tx.Bucket([]byte("quotes")).Put([]byte("ZZZ"), []byte(q)); err != nil {
			return err
		}
		bar := func(t int64, c string) string {
			return `{"t":` + strconv.FormatInt(t, 10) + `,"o":"` + c + `","h":"` + c + `","l":"` + c + `","c":"` + c + `","a":"` + c + `","v":1}`
		}
		ser := `{"v":2,"symbol":"^KS11","interval":"1d","currency":"KRW","from":"2025-02-01T00:00:00Z","to":"2025-02-17T10:54:49Z","fetched_at":"2025-02-17T10:54:49Z","bars":[` +
			bar(1739500000, huge) + "," + bar(1739600000, "2600.5") + "," + bar(1739700000, "2610") + `]}`
		return tx.Bucket([]byte("series")).Put([]byte("^KS11|1d"), []byte(ser))
	})
	_ = db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s = mustOpen(t, path)
	if got, _ := s.LoadQuotes(ctx, []string{"ZZZ"}); len(got) != 0 {
		t.Errorf("an absurd cached quote was read: %v", got["ZZZ"].Price)
	}
	ser, ok, err := s.LoadSeries(ctx, "^KS11", quotes.Interval1d)
	if err != nil || !ok || len(ser.Bars) != 2 || !ser.Bars[0].Close.Equal(decimal.RequireFromString("2600.5")) {
		t.Errorf("series with one absurd bar read as %v (ok %v, %v); want the two sane bars", ser.Bars, ok, err)
	}
}

// TestNotAFileIsLeftAlone: a cache path that is not a regular file (here a folder someone
// made there) is never moved aside as damaged: the Store works in memory and says why.
func TestNotAFileIsLeftAlone(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, cache.FileName)
	if err := os.MkdirAll(filepath.Join(path, "keep"), 0o700); err != nil {
		t.Fatal(err)
	}
	s := mustOpen(t, path)
	if !s.InMemory() || !strings.Contains(s.Note(), "cannot be used") {
		t.Errorf("in memory %v, note %q", s.InMemory(), s.Note())
	}
	if fi, err := os.Stat(filepath.Join(path, "keep")); err != nil || !fi.IsDir() {
		t.Errorf("the folder at the cache's path was moved: %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("something was moved aside: %v", ents)
	}
}
