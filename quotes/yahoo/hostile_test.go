package yahoo_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hindsight/quotes"
	"hindsight/quotes/cache"
	"hindsight/quotes/yahoo"
	"hindsight/quotes/yahoo/yahootest"
)

// quoteReply returns a quote endpoint body with the recorded AAPL result under symbol
// ZZZ with the given fields replaced by raw JSON text (a field set to "" is deleted),
// followed by the untouched AAPL result.
func quoteReply(t testing.TB, srv *yahootest.Server, raw map[string]string) string {
	t.Helper()
	zzz := srv.QuoteFields("AAPL")
	zzz["symbol"] = "ZZZ"
	for k, v := range raw {
		if v == "" {
			delete(zzz, k)
		} else {
			zzz[k] = "@@" + k + "@@"
		}
	}
	b, err := json.Marshal(map[string]any{"quoteResponse": map[string]any{"result": []any{zzz, srv.QuoteFields("AAPL")}, "error": nil}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for k, v := range raw {
		s = strings.Replace(s, `"@@`+k+`@@"`, v, 1)
	}
	return s
}

// hostileCache returns a Cached provider over p storing into a cache file in a temporary
// directory, and that file's store.
func hostileCache(t *testing.T, p quotes.Provider) (*quotes.Cached, *cache.Store) {
	t.Helper()
	store, err := cache.Open(filepath.Join(t.TempDir(), cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	return quotes.NewCached(p, store, quotes.CachedOptions{}), store
}

// TestHostileQuoteReplies feeds the quote endpoint replies with absurd, malformed and
// hostile values for one symbol: the provider must not panic, must fail that symbol
// (with the value named where there is one), keep the other symbol of the batch, and
// leave nothing of the bad symbol in the cache.
func TestHostileQuoteReplies(t *testing.T) {
	digits400 := strings.Repeat("9", 400)
	for _, c := range []struct {
		name string
		raw  map[string]string
		want string // part of the symbol's error
	}{
		{"1e308", map[string]string{"regularMarketPrice": "1e308"}, "1e+308"},
		{"negative", map[string]string{"regularMarketPrice": "-5"}, "-5"},
		{"zero without previous close", map[string]string{"regularMarketPrice": "0", "regularMarketPreviousClose": "0"}, ""},
		{"NaN as a string", map[string]string{"regularMarketPrice": `"NaN"`}, "NaN"},
		{"Infinity as a string", map[string]string{"regularMarketPrice": `"Infinity"`}, "Infinity"},
		{"a number as a string", map[string]string{"regularMarketPrice": `"244.6"`}, "244.6"},
		{"1e400", map[string]string{"regularMarketPrice": "1e400"}, "1e400"},
		{"1e-300", map[string]string{"regularMarketPrice": "1e-300"}, "1e-300"},
		{"1e-400 everywhere", map[string]string{"regularMarketPrice": "1e-400", "regularMarketPreviousClose": "1e-400"}, ""},
		{"400 digits", map[string]string{"regularMarketPrice": digits400}, "999999"},
		{"nested nulls", map[string]string{"regularMarketPrice": `{"raw":[null,{"x":null}]}`}, "not a price"},
		{"an array", map[string]string{"regularMarketPrice": `[1,2]`}, "not a price"},
		{"NAV 1e308", map[string]string{"regularMarketPrice": "", "navPrice": "1e308"}, "1e+308"},
		{"previous close 1e308", map[string]string{"regularMarketPreviousClose": "1e308"}, "previous close 1e+308"},
		{"a 5000x jump", map[string]string{"regularMarketPrice": "1207650", "regularMarketPreviousClose": "241.53"}, "1000×"},
		{"enormous currency code", map[string]string{"currency": `"` + strings.Repeat("X", 100_000) + `"`}, "currency code of 100000 characters"},
		{"unknown currency", map[string]string{"currency": `"XXX"`}, `unknown currency "XXX"`},
		{"currency as a number", map[string]string{"currency": "5"}, "currency"},
		{"no currency", map[string]string{"currency": ""}, "no currency"},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := yahootest.NewServer(t)
			p, _ := newProvider(t, srv, yahoo.Options{})
			cached, store := hostileCache(t, p)
			srv.Enqueue(yahootest.Quote, yahootest.Response{Header: http.Header{"Content-Type": {"application/json"}}, Body: quoteReply(t, srv, c.raw)})
			qs, err := cached.Quote(context.Background(), "ZZZ", "AAPL")
			if len(qs) != 1 || qs[0].Symbol != "AAPL" {
				t.Fatalf("quotes %v; want only AAPL", qs)
			}
			zerr := quotes.ErrorOf(err, "ZZZ")
			if zerr == nil || quotes.ErrorOf(err, "AAPL") != nil {
				t.Fatalf("error %.300v; want one for ZZZ alone", err)
			}
			if r := quotes.Reason(zerr); !strings.Contains(r, c.want) || len(r) > 300 {
				t.Errorf("reason %.300q; want it to say %q (and be short)", r, c.want)
			}
			if got, _ := store.LoadQuotes(context.Background(), []string{"ZZZ"}); len(got) != 0 {
				t.Errorf("cached %v", got["ZZZ"])
			}
		})
	}
}

// TestHostileWholeReplies feeds the quote endpoint replies that are wrong as a whole.
func TestHostileWholeReplies(t *testing.T) {
	for _, body := range []string{
		`{"quoteResponse":{"result":[null,{"symbol":null},{"symbol":{"a":null}}]}}`,
		`{"quoteResponse":{"result":"x"}}`, `{"quoteResponse":[]}`, `null`, `[]`, `{"quoteResponse":{"result":[NaN]}}`,
		`{"quoteResponse":{"result":[{"symbol":"ZZZ","regularMarketPrice":1e308,"currency":"USD"}]}}`,
	} {
		srv := yahootest.NewServer(t)
		p, _ := newProvider(t, srv, yahoo.Options{})
		cached, store := hostileCache(t, p)
		srv.Enqueue(yahootest.Quote, yahootest.Response{Body: body})
		qs, err := cached.Quote(context.Background(), "ZZZ")
		if len(qs) != 0 || quotes.ErrorOf(err, "ZZZ") == nil {
			t.Errorf("%s: %v, %.300v; want an error for ZZZ", body, qs, err)
		}
		if got, _ := store.LoadQuotes(context.Background(), []string{"ZZZ"}); len(got) != 0 {
			t.Errorf("%s: cached %v", body, got["ZZZ"])
		}
	}
}

// TestHostileChartReplies feeds the chart endpoint absurd bars and metas: a lone absurd
// bar is dropped, a series of them refused, an absurd meta price refused for the quote,
// and nothing absurd reaches the cache.
func TestHostileChartReplies(t *testing.T) {
	day := func(i int) time.Time { return time.Date(2025, 2, 3+i, 14, 30, 0, 0, time.UTC) }
	days := []time.Time{day(0), day(1), day(2), day(3)}
	from, to := day(-1), day(5)
	for _, c := range []struct {
		name    string
		closes  []float64
		meta    map[string]any
		want    string // kept closes, or "error: ..." with part of the error
		wantQ   string // the quote's price, or "error: ..."
		symbols []string
	}{
		{name: "one bar at 1e308", closes: []float64{100, 1e308, 101, 102}, want: "100 101 102", wantQ: "102"},
		{name: "a 5000x spike", closes: []float64{100, 101, 505000, 102}, want: "100 101 102", wantQ: "102"},
		{name: "a 5000x dip", closes: []float64{100, 101, 0.0202, 102}, want: "100 101 102", wantQ: "102"},
		{name: "a bar at 1e-300", closes: []float64{100, 1e-300, 101, 102}, want: "100 101 102", wantQ: "102"},
		{name: "all absurd", closes: []float64{1e308, 1e307, 1e306, 1e305}, want: "error: 1e+308", wantQ: "error: 1e+308"},
		{name: "meta price 1e308", closes: []float64{100, 101, 102, 103}, meta: map[string]any{"regularMarketPrice": 1e308},
			want: "100 101 102 103", wantQ: "error: price 1e+308 USD of ZZZ"},
		{name: "meta previous close 5000x", closes: []float64{100, 101, 102, 103}, meta: map[string]any{"previousClose": 515000.0},
			want: "100 101 102 103", wantQ: "error: 1000×"},
		{name: "enormous currency", closes: []float64{100, 101}, meta: map[string]any{"currency": strings.Repeat("X", 100_000)},
			want: "error: currency code of 100000 characters", wantQ: "error: currency code of 100000 characters"},
		{name: "unknown currency", closes: []float64{100, 101}, meta: map[string]any{"currency": "XXX"},
			want: "error: XXX", wantQ: "error: XXX"},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := yahootest.NewServer(t)
			ts := days[:len(c.closes)]
			srv.SetBars("ZZZ", "USD", ts, c.closes)
			if c.meta != nil {
				srv.SetChart("ZZZ", "ZZZ", c.meta)
			}
			now := ts[len(ts)-1].Add(3 * time.Hour)
			p, _ := newProvider(t, srv, yahoo.Options{Now: func() time.Time { return now }})
			store, err := cache.Open(filepath.Join(t.TempDir(), cache.FileName))
			if err != nil {
				t.Fatal(err)
			}
			defer store.Close()
			cached := quotes.NewCached(p, store, quotes.CachedOptions{Now: func() time.Time { return now }})
			bars, err := cached.History(context.Background(), "ZZZ", from, to, quotes.Interval1d)
			check := func(what, want string, got string, err error) {
				t.Helper()
				if msg, ok := strings.CutPrefix(want, "error: "); ok {
					if err == nil || !errors.Is(err, quotes.ErrBadResponse) || !strings.Contains(quotes.Reason(err)+" "+err.Error(), msg) {
						t.Errorf("%s: %s, %.300v; want an error with %q", what, got, err, msg)
					}
					return
				}
				if err != nil || got != want {
					t.Errorf("%s: %s, %.300v; want %s", what, got, err, want)
				}
			}
			check("history", c.want, closesOf(bars), err)
			if s, ok, _ := store.LoadSeries(context.Background(), "ZZZ", quotes.Interval1d); ok {
				for _, b := range s.Bars {
					if quotes.SanePrice(b.Close) != nil || b.Close.GreaterThan(dec("1000")) || b.Close.LessThan(dec("1")) {
						t.Errorf("cached bar %s", b.Close)
					}
				}
			}
			// The quote endpoint fails, so the quote comes from the chart.
			srv.Enqueue(yahootest.Quote, yahootest.Response{Status: 404}, yahootest.Response{Status: 404})
			qs, err := cached.Quote(context.Background(), "ZZZ")
			price := ""
			if len(qs) == 1 {
				price = qs[0].Price.Amount.String()
			}
			check("quote", c.wantQ, price, quotes.ErrorOf(err, "ZZZ"))
			if got, _ := store.LoadQuotes(context.Background(), []string{"ZZZ"}); len(got) == 1 && quotes.CheckQuote(got["ZZZ"]) != nil {
				t.Errorf("cached quote %v", got["ZZZ"])
			}
		})
	}
}

func closesOf(bars []quotes.Bar) string {
	var s []string
	for _, b := range bars {
		s = append(s, b.Close.String())
	}
	return strings.Join(s, " ")
}

// FuzzQuoteReply sends arbitrary quote replies through a real HTTP server: the provider
// must never panic nor hang, and whatever it returns passes quotes.CheckQuote.
func FuzzQuoteReply(f *testing.F) {
	srv, err := yahootest.Start()
	if err != nil {
		f.Fatal(err)
	}
	defer srv.Close()
	f.Add(quoteReply(f, srv, nil))
	f.Add(quoteReply(f, srv, map[string]string{"regularMarketPrice": "1e308"}))
	f.Add(quoteReply(f, srv, map[string]string{"regularMarketPrice": `"NaN"`, "currency": "null"}))
	f.Add(`{"quoteResponse":{"result":[{"symbol":"ZZZ","regularMarketPrice":1e-400,"regularMarketPreviousClose":-1,"currency":"GBp"}]}}`)
	f.Add(`{"quoteResponse":{"result":[null]}}`)
	f.Fuzz(func(t *testing.T, body string) {
		p := yahoo.New(yahoo.Options{BaseURL: srv.URL, Timeout: 2 * time.Second, MaxRetries: -1,
			Sleep: func(ctx context.Context, d time.Duration) error { return nil }})
		srv.Reset()
		srv.Enqueue(yahootest.Quote, yahootest.Response{Body: body})
		var qs []quotes.Quote
		done := make(chan struct{})
		go func() {
			defer close(done)
			qs, _ = p.Quote(context.Background(), "ZZZ", "AAPL")
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("no answer within 20 s to %q (%d requests: %+v)", body, srv.Total(), srv.Requests())
		}
		for _, q := range qs {
			if err := quotes.CheckQuote(q); err != nil {
				t.Errorf("returned %v: %v", q, err)
			}
		}
	})
}
