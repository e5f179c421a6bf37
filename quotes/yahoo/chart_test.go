package yahoo_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/quotes"
	"hindsight/quotes/yahoo"
	"hindsight/quotes/yahoo/yahootest"
)

// recorded is a chart body taken apart for expectations.
type recorded struct {
	ts                          []any
	open, high, low, close, adj []any
	volume                      []any
	hint                        int32
	body                        map[string]any
}

func takeApart(t *testing.T, body map[string]any) recorded {
	t.Helper()
	res := body["chart"].(map[string]any)["result"].([]any)[0].(map[string]any)
	ind := res["indicators"].(map[string]any)
	q := ind["quote"].([]any)[0].(map[string]any)
	r := recorded{body: body, ts: res["timestamp"].([]any), open: q["open"].([]any), high: q["high"].([]any),
		low: q["low"].([]any), close: q["close"].([]any), volume: q["volume"].([]any)}
	if a, ok := ind["adjclose"].([]any); ok {
		r.adj = a[0].(map[string]any)["adjclose"].([]any)
	}
	if h, ok := res["meta"].(map[string]any)["priceHint"].(float64); ok {
		r.hint = int32(h)
	}
	return r
}

func jsonBody(t *testing.T, v any) yahootest.Response {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return yahootest.Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: string(b)}
}

func d(v any) decimal.Decimal { return decimal.NewFromFloat(v.(float64)) }

var (
	aaplFrom = time.Date(2020, 8, 31, 0, 0, 0, 0, time.UTC)
	aaplTo   = time.Date(2020, 11, 7, 0, 0, 0, 0, time.UTC)
	wideFrom = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	wideTo   = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
)

func TestHistoryRecordedDailyBars(t *testing.T) {
	srv := yahootest.NewServer(t)
	p, _ := newProvider(t, srv, yahoo.Options{})
	for _, sym := range []string{"AAPL", "WSU.DE", "EURUSD=X", "BTC-USD"} {
		t.Run(sym, func(t *testing.T) {
			rec := takeApart(t, srv.ChartBody(sym))
			bars, err := p.History(context.Background(), sym, wideFrom, wideTo, quotes.Interval1d)
			if err != nil {
				t.Fatal(err)
			}
			if len(bars) != len(rec.ts) {
				t.Fatalf("%d bars, want %d", len(bars), len(rec.ts))
			}
			for i, b := range bars {
				want := quotes.Bar{
					Time: time.Unix(int64(rec.ts[i].(float64)), 0).UTC(),
					Open: d(rec.open[i]).Round(rec.hint), High: d(rec.high[i]).Round(rec.hint),
					Low: d(rec.low[i]).Round(rec.hint), Close: d(rec.close[i]).Round(rec.hint),
					AdjClose: d(rec.adj[i]).Round(rec.hint + 4), Volume: int64(rec.volume[i].(float64)),
				}
				if !b.Time.Equal(want.Time) || !b.Open.Equal(want.Open) || !b.High.Equal(want.High) || !b.Low.Equal(want.Low) ||
					!b.Close.Equal(want.Close) || !b.AdjClose.Equal(want.AdjClose) || b.Volume != want.Volume {
					t.Fatalf("bar %d\n got %+v\nwant %+v", i, b, want)
				}
			}
		})
	}
	// The request carried both ends and the interval; never finance-go's period1=-1.
	for _, r := range srv.Requests() {
		if r.Kind != yahootest.Chart {
			continue
		}
		if r.Query.Get("period1") != strconv.FormatInt(wideFrom.Unix(), 10) || r.Query.Get("period2") != strconv.FormatInt(wideTo.Unix(), 10) {
			t.Errorf("period1=%s period2=%s", r.Query.Get("period1"), r.Query.Get("period2"))
		}
		if r.Query.Get("interval") != "1d" {
			t.Errorf("interval=%s", r.Query.Get("interval"))
		}
		if r.Query.Has("crumb") {
			t.Errorf("chart request carries a crumb")
		}
	}
	if srv.Count(yahootest.Crumb) != 0 {
		t.Errorf("history fetched a crumb")
	}
}

// TestHistorySplitUsesAdjustedClose rewrites the recorded AAPL chart as an unadjusted
// source would send it: closes before the 4:1 split of 2020-08-31 four times higher,
// adjusted closes unchanged. The adjusted series must show no crash at the split.
func TestHistorySplitUsesAdjustedClose(t *testing.T) {
	srv := yahootest.NewServer(t)
	body := srv.ChartBody("AAPL")
	rec := takeApart(t, body)
	split := time.Date(2020, 9, 2, 0, 0, 0, 0, time.UTC) // first two bars "before" the split
	for i, ts := range rec.ts {
		if time.Unix(int64(ts.(float64)), 0).Before(split) {
			for _, arr := range [][]any{rec.open, rec.high, rec.low, rec.close} {
				arr[i] = arr[i].(float64) * 4
			}
		}
	}
	srv.Enqueue(yahootest.Chart, jsonBody(t, body))
	p, _ := newProvider(t, srv, yahoo.Options{})
	bars, err := p.History(context.Background(), "AAPL", aaplFrom, aaplTo, quotes.Interval1d)
	if err != nil {
		t.Fatal(err)
	}
	worst := func(price func(quotes.Bar) decimal.Decimal) decimal.Decimal {
		w := decimal.Zero
		for i := 1; i < len(bars); i++ {
			ch := price(bars[i]).Div(price(bars[i-1])).Sub(decimal.NewFromInt(1))
			if ch.LessThan(w) {
				w = ch
			}
		}
		return w
	}
	limit := decimal.NewFromFloat(-0.2)
	if w := worst(func(b quotes.Bar) decimal.Decimal { return b.Close }); !w.LessThan(limit) {
		t.Fatalf("raw closes show no split drop (worst %s): test data not rewritten", w)
	}
	if w := worst(func(b quotes.Bar) decimal.Decimal { return b.AdjClose }); w.LessThan(limit) {
		t.Errorf("adjusted closes drop %s at the split", w)
	}
	if w := worst(func(b quotes.Bar) decimal.Decimal { return b.Adjusted().Low }); w.LessThan(limit) {
		t.Errorf("adjusted lows drop %s at the split", w)
	}
}

func TestHistoryDropsNullBars(t *testing.T) {
	srv := yahootest.NewServer(t)
	body := srv.ChartBody("AAPL")
	rec := takeApart(t, body)
	nulled := map[int]bool{3: true, 10: true, 20: true, 30: true}
	rec.close[3] = nil
	rec.open[10] = nil
	rec.adj[20] = nil
	rec.low[30], rec.high[30], rec.volume[30] = nil, nil, nil
	srv.Enqueue(yahootest.Chart, jsonBody(t, body))
	p, _ := newProvider(t, srv, yahoo.Options{})
	bars, err := p.History(context.Background(), "AAPL", aaplFrom, aaplTo, quotes.Interval1d)
	if err != nil {
		t.Fatal(err)
	}
	if len(bars) != len(rec.ts)-len(nulled) {
		t.Fatalf("%d bars, want %d", len(bars), len(rec.ts)-len(nulled))
	}
	kept := map[int64]bool{}
	for _, b := range bars {
		kept[b.Time.Unix()] = true
		for _, v := range []decimal.Decimal{b.Open, b.High, b.Low, b.Close, b.AdjClose} {
			if !v.IsPositive() {
				t.Errorf("bar at %s has a price of %s", b.Time, v)
			}
		}
	}
	for i, ts := range rec.ts {
		if kept[int64(ts.(float64))] == nulled[i] {
			t.Errorf("bar %d kept=%v, nulled=%v", i, kept[int64(ts.(float64))], nulled[i])
		}
	}
}

func TestHistoryMalformedAndEmpty(t *testing.T) {
	srv0 := yahootest.NewServer(t)
	fake, _, _ := srv0.Fixture("chart-notimestamp-quotes-length.fake.json")
	short := srv0.ChartBody("AAPL")
	rec := takeApart(t, short)
	q := short["chart"].(map[string]any)["result"].([]any)[0].(map[string]any)["indicators"].(map[string]any)["quote"].([]any)[0].(map[string]any)
	q["close"] = rec.close[:5]
	noQuote := srv0.ChartBody("WSU.DE")
	noQuote["chart"].(map[string]any)["result"].([]any)[0].(map[string]any)["indicators"].(map[string]any)["quote"] = []any{}
	delete(noQuote["chart"].(map[string]any)["result"].([]any)[0].(map[string]any), "timestamp")

	tests := []struct {
		name     string
		resp     func(t *testing.T, srv *yahootest.Server) yahootest.Response
		wantBars int // -1: an error is expected
		kind     error
		status   int
	}{
		{"result []", func(t *testing.T, _ *yahootest.Server) yahootest.Response {
			return jsonBody(t, map[string]any{"chart": map[string]any{"result": []any{}, "error": nil}})
		}, -1, quotes.ErrUnknownSymbol, 200},
		{"result null with error", func(t *testing.T, _ *yahootest.Server) yahootest.Response {
			return yahootest.Response{Status: 404, Body: `{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}`}
		}, -1, quotes.ErrUnknownSymbol, 404},
		{"bars without timestamps", func(t *testing.T, _ *yahootest.Server) yahootest.Response {
			return yahootest.Response{Status: 200, Body: fake}
		}, -1, quotes.ErrBadResponse, 200},
		{"fewer closes than timestamps", func(t *testing.T, _ *yahootest.Server) yahootest.Response {
			return jsonBody(t, short)
		}, -1, quotes.ErrBadResponse, 200},
		{"HTML page", func(t *testing.T, _ *yahootest.Server) yahootest.Response { return htmlPage() }, -1, quotes.ErrBadResponse, 200},
		{"truncated JSON", func(t *testing.T, srv *yahootest.Server) yahootest.Response {
			r := srv.FixtureResponse("chart-AAPL-2020-08-31-to-2020-11-07.json")
			r.Body = r.Body[:len(r.Body)-40]
			return r
		}, -1, quotes.ErrBadResponse, 200},
		{"500", func(t *testing.T, _ *yahootest.Server) yahootest.Response { return yahootest.Response{Status: 500} }, -1, nil, 500},
		{"a day without trading", func(t *testing.T, srv *yahootest.Server) yahootest.Response {
			return srv.FixtureResponse("chart-AAPL-2025-02-01-to-2025-02-02-includePrePost-false-interval-1m.json")
		}, 0, nil, 0},
		{"empty quote list", func(t *testing.T, _ *yahootest.Server) yahootest.Response { return jsonBody(t, noQuote) }, 0, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := yahootest.NewServer(t)
			p, _ := newProvider(t, srv, yahoo.Options{MaxRetries: -1})
			srv.Enqueue(yahootest.Chart, tt.resp(t, srv))
			bars, err := p.History(context.Background(), "AAPL", aaplFrom, aaplTo, quotes.Interval1m)
			if tt.wantBars >= 0 {
				if err != nil || len(bars) != tt.wantBars {
					t.Fatalf("bars %d err %v, want %d bars", len(bars), err, tt.wantBars)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, %d bars", len(bars))
			}
			if tt.kind != nil && !errors.Is(err, tt.kind) {
				t.Errorf("error %v, want %v", err, tt.kind)
			}
			var he *quotes.HTTPError
			if !errors.As(err, &he) || he.Status != tt.status {
				t.Errorf("error %v, want HTTP status %d kept", err, tt.status)
			}
		})
	}
}

func TestHistoryUnknownSymbol(t *testing.T) {
	srv := yahootest.NewServer(t)
	p, _ := newProvider(t, srv, yahoo.Options{})
	_, err := p.History(context.Background(), "NOSUCH", aaplFrom, aaplTo, quotes.Interval1d)
	var he *quotes.HTTPError
	if !errors.Is(err, quotes.ErrUnknownSymbol) || !errors.As(err, &he) || he.Status != 404 {
		t.Fatalf("error %v, want unknown symbol with 404", err)
	}
}

func TestHistoryArguments(t *testing.T) {
	srv := yahootest.NewServer(t)
	p, _ := newProvider(t, srv, yahoo.Options{})
	tests := []struct {
		name     string
		symbol   string
		from, to time.Time
		interval quotes.Interval
	}{
		{"bad symbol", "A B", aaplFrom, aaplTo, quotes.Interval1d},
		{"bad interval", "AAPL", aaplFrom, aaplTo, "2y"},
		{"no start", "AAPL", time.Time{}, aaplTo, quotes.Interval1d},
		{"start after end", "AAPL", aaplTo, aaplFrom, quotes.Interval1d},
	}
	for _, tt := range tests {
		if _, err := p.History(context.Background(), tt.symbol, tt.from, tt.to, tt.interval); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	if srv.Total() != 0 {
		t.Errorf("%d requests for invalid arguments", srv.Total())
	}
}
