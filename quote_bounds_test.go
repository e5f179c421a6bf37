package main

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/quotes/yahoo/yahootest"
)

// TestCLIQuoteRefusesAbsurdPrices checks that `quote` never panics on a hostile reply,
// exits 1 naming the symbol and the value, and caches nothing a later offline quote could
// show.
func TestCLIQuoteRefusesAbsurdPrices(t *testing.T) {
	for _, c := range []struct {
		fields map[string]any
		want   string
	}{
		{map[string]any{"regularMarketPrice": 1e308}, "price 1e+308 USD of ZZZ refused"},
		{map[string]any{"regularMarketPrice": -5.0}, "regularMarketPrice is -5, not a price"},
		{map[string]any{"regularMarketPrice": "NaN"}, `regularMarketPrice is "NaN", not a price`},
		{map[string]any{"regularMarketPrice": 1e-300}, "price 1e-300 USD of ZZZ refused"},
		{map[string]any{"regularMarketPreviousClose": 1e308}, "previous close 1e+308 USD of ZZZ refused"},
		{map[string]any{"currency": strings.Repeat("X", 100_000)}, "currency code of 100000 characters"},
		{map[string]any{"currency": "XXX"}, `unknown currency "XXX"`},
	} {
		srv := yahootest.NewServer(t)
		srv.SetQuote("ZZZ", "AAPL", c.fields)
		t.Setenv("HINDSIGHT_YAHOO_URL", srv.URL)
		db := filepath.Join(t.TempDir(), "journal.db")
		out, errs, code := hs(t, db, "", "quote", "ZZZ")
		if code != 1 || out != "" || !strings.Contains(errs, c.want) || len(errs) > 400 {
			t.Errorf("%.40v: quote = %d %.200q %.400q; want exit 1 saying %q", c.fields, code, out, errs, c.want)
		}
		srv.Close()
		if out, errs, code := hs(t, db, "", "quote", "--offline", "ZZZ"); code != 1 || out != "" {
			t.Errorf("%.40v: the refused price was cached: %d %.200q %.200q", c.fields, code, out, errs)
		}
	}
}

// TestCLIAbsurdBarsKeepBenchmarkSane checks that a benchmark history holding one bar at
// 1e308, or a 5000× jump, does not turn the benchmark into −100 % (or +500,000 %), and
// that a position's history with a 5000× dip does not become a 99.98 % drawdown: the
// review reads exactly as if the absurd bar had not been sent.
func TestCLIAbsurdBarsKeepBenchmarkSane(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d.Add(6 * time.Hour)
	}
	type figures struct {
		Outcome struct {
			Benchmark *struct {
				Return string `json:"return"`
			} `json:"benchmark"`
			Drawdown *struct {
				WorstReturn string `json:"worst_return"`
			} `json:"drawdown"`
		} `json:"outcome"`
	}
	review := func(t *testing.T, days []time.Time, bench, nvda []float64) figures {
		t.Helper()
		srv := yahootest.NewServer(t)
		srv.SetBars("^KS11", "KRW", days, bench)
		srv.SetBars("NVDA", "USD", days, nvda)
		t.Setenv("HINDSIGHT_YAHOO_URL", srv.URL)
		db := filepath.Join(t.TempDir(), "demo.db")
		if _, errs, code := hs(t, db, "", "demo"); code != 0 {
			t.Fatal(errs)
		}
		out, errs, code := hs(t, db, "", "review", "--json", "demo-deepseek")
		var r figures
		if code != 0 || json.Unmarshal([]byte(out), &r) != nil {
			t.Fatalf("review: %d %.300s %.300s", code, out, errs)
		}
		if r.Outcome.Benchmark == nil {
			t.Fatalf("no benchmark in %.500s", out)
		}
		return r
	}
	days := []time.Time{day("2025-01-27"), day("2025-01-31"), day("2025-06-02"), day("2026-11-27")}
	for _, c := range []struct {
		name        string
		bench, nvda []float64
		bad         int // the index of the absurd bar
	}{
		{"a 1e308 start", []float64{1e308, 2500, 2550, 2600}, []float64{128.99, 120, 130, 140}, 0},
		{"a 5000x end", []float64{2500, 2510, 2550, 13_000_000}, []float64{128.99, 120, 130, 700_000}, 3},
		{"a 5000x dip", []float64{2500, 0.5, 2550, 2600}, []float64{128.99, 0.024, 130, 140}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := review(t, days, c.bench, c.nvda)
			drop := func(xs []float64) []float64 { return append(append([]float64(nil), xs[:c.bad]...), xs[c.bad+1:]...) }
			want := review(t, append(append([]time.Time(nil), days[:c.bad]...), days[c.bad+1:]...), drop(c.bench), drop(c.nvda))
			gb, wb := decimal.RequireFromString(got.Outcome.Benchmark.Return), decimal.RequireFromString(want.Outcome.Benchmark.Return)
			if !gb.Equal(wb) || gb.LessThan(decimal.RequireFromString("-0.5")) || gb.GreaterThan(decimal.NewFromInt(1)) {
				t.Errorf("benchmark return %s; want %s, as without the absurd bar", gb, wb)
			}
			if (got.Outcome.Drawdown == nil) != (want.Outcome.Drawdown == nil) ||
				got.Outcome.Drawdown != nil && got.Outcome.Drawdown.WorstReturn != want.Outcome.Drawdown.WorstReturn {
				t.Errorf("drawdown %+v; want %+v, as without the absurd bar", got.Outcome.Drawdown, want.Outcome.Drawdown)
			}
		})
	}
}

// TestCLIQuoteRefusesRedirect checks that a redirect to another port is not followed:
// `quote` exits 1 naming the target, and caches nothing.
func TestCLIQuoteRefusesRedirect(t *testing.T) {
	srv := yahootest.NewServer(t)
	other := yahootest.NewServer(t) // a valid Yahoo on another port
	t.Setenv("HINDSIGHT_YAHOO_URL", srv.URL)
	to := yahootest.Response{Status: http.StatusFound, Header: http.Header{"Location": {other.URL + "/v8/finance/chart/AAPL"}}}
	srv.Enqueue(yahootest.Quote, to)
	srv.Enqueue(yahootest.Chart, to)
	db := filepath.Join(t.TempDir(), "journal.db")
	out, errs, code := hs(t, db, "", "quote", "AAPL")
	if code != 1 || out != "" || !strings.Contains(errs, "redirect to "+other.URL) || !strings.Contains(errs, "refused") {
		t.Errorf("quote through a redirect: %d %q %q", code, out, errs)
	}
	if other.Total() != 0 {
		t.Errorf("the other server got %d requests", other.Total())
	}
	if out, _, code := hs(t, db, "", "quote", "--offline", "AAPL"); code != 1 || out != "" {
		t.Errorf("something was cached: %d %q", code, out)
	}
}
