package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hindsight/quotes/yahoo/yahootest"
)

// buildBinary builds the real hindsight binary once per test run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "hindsight")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestCLIQuoteBinary runs the built binary against a local server speaking Yahoo's wire
// format and checks the prices of a US, a Korean (KRW) and an FX symbol.
func TestCLIQuoteBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	srv := yahootest.NewServer(t)
	srv.SetQuote("005930.KS", "AAPL", map[string]any{"currency": "KRW", "regularMarketPrice": 55000,
		"exchange": "KSC", "shortName": "SamsungElec", "fullExchangeName": "KSE"})
	srv.SetQuote("USDKRW=X", "EURUSD=X", map[string]any{"currency": "KRW", "regularMarketPrice": 1441.5, "shortName": "USD/KRW"})
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "journal.db")
	run := func(args ...string) (string, string, error) {
		cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
		cmd.Env = append(os.Environ(), "HINDSIGHT_YAHOO_URL="+srv.URL, "LANG=en_US.UTF-8", "TZ=UTC")
		var out, errb strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		return out.String(), errb.String(), err
	}

	out, errs, err := run("quote", "AAPL", "005930.KS", "usdkrw=x")
	if err != nil {
		t.Fatalf("quote: %v\n%s\n%s", err, out, errs)
	}
	for _, want := range []string{"AAPL", "$244.60", "005930.KS", "₩55,000", "KRW", "USDKRW=X", "1,441.50 KRW", "yahoo"} {
		if !strings.Contains(out, want) {
			t.Errorf("quote output lacks %q:\n%s", want, out)
		}
	}

	// Within the freshness window the cache answers and no request is sent.
	before := srv.Count(yahootest.Quote)
	out, _, err = run("quote", "--json", "AAPL", "005930.KS")
	var res jsonQuoteOutput
	if err != nil || json.Unmarshal([]byte(out), &res) != nil || len(res.Quotes) != 2 {
		t.Fatalf("quote --json: %v %q", err, out)
	}
	rows := res.Quotes
	if rows[0].Price == nil || *rows[0].Price != (jsonMoney{"244.6", "USD"}) || rows[0].Stale {
		t.Errorf("AAPL row = %+v", rows[0])
	}
	if rows[1].Price == nil || *rows[1].Price != (jsonMoney{"55000", "KRW"}) {
		t.Errorf("005930.KS row = %+v", rows[1])
	}
	if n := srv.Count(yahootest.Quote); n != before {
		t.Errorf("a repeat within the freshness window sent %d quote requests", n-before)
	}

	// Unknown symbols and usage errors.
	_, errs, err = run("quote", "NV DA")
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(errs, "may only hold") {
		t.Errorf("bad symbol: %v %q", err, errs)
	}
}

// TestCLIQuoteOffline checks that with the network down the cache answers, marked stale
// with its age, and keeps the value.
func TestCLIQuoteOffline(t *testing.T) {
	srv := yahootest.NewServer(t)
	t.Setenv("HINDSIGHT_YAHOO_URL", srv.URL)
	db := filepath.Join(t.TempDir(), "journal.db")
	if out, errs, code := hs(t, db, "", "quote", "AAPL"); code != 0 || !strings.Contains(out, "$244.60") {
		t.Fatalf("quote: %d %q %q", code, out, errs)
	}
	srv.Close()
	defer func(c func() time.Time) { clock = c }(clock)
	later := clock().Add(2 * time.Hour)
	clock = func() time.Time { return later }
	for i := 0; i < 2; i++ { // a failed refresh must not erase the cached value
		// NVDA was never fetched: AAPL is still printed, NVDA gets an error row, and the
		// command exits 1.
		out, errs, code := hs(t, db, "", "quote", "--json", "AAPL", "NVDA")
		var res jsonQuoteOutput
		if code != 1 || json.Unmarshal([]byte(out), &res) != nil || len(res.Quotes) != 2 || !strings.Contains(errs, "NVDA") {
			t.Fatalf("offline quote: %d %q %q", code, out, errs)
		}
		rows := res.Quotes
		if rows[0].Price == nil || rows[0].Price.Amount != "244.6" || rows[0].Source == nil || *rows[0].Source != "cache" ||
			!rows[0].Stale || rows[0].AgeSeconds == nil || *rows[0].AgeSeconds != 7200 {
			t.Errorf("offline AAPL = %+v, want the cached 244.6, stale, 2 h old", rows[0])
		}
		if rows[1].Error == nil || rows[1].Price != nil {
			t.Errorf("NVDA was never fetched; want an error row, got %+v", rows[1])
		}
	}
	// The same in text: the quote that worked on standard output, the one that did not
	// on standard error.
	out, errs, code := hs(t, db, "", "quote", "AAPL", "NVDA")
	if code != 1 || !strings.Contains(out, "$244.60") || strings.Contains(out, "NVDA") || !strings.Contains(errs, "NVDA") {
		t.Errorf("text quote with one unknown: %d %q %q", code, out, errs)
	}
	out, _, code = hs(t, db, "", "quote", "--offline", "AAPL")
	if code != 0 || !strings.Contains(out, "stale (2h0m0s old)") {
		t.Errorf("--offline: %d %q", code, out)
	}
	_, errs, code = hs(t, db, "", "quote", "--offline", "MSFT")
	if code != 1 || !strings.Contains(errs, "no quotes") {
		t.Errorf("nothing cached: %d %q", code, errs)
	}
}

func TestCLISnapshotAndLiveReview(t *testing.T) {
	srv := yahootest.NewServer(t)
	marketTime := clock().Add(-time.Hour).Unix()
	srv.SetQuote("005930.KS", "AAPL", map[string]any{"currency": "KRW", "regularMarketPrice": 61000, "regularMarketTime": marketTime})
	srv.SetQuote("USDKRW=X", "EURUSD=X", map[string]any{"currency": "KRW", "regularMarketPrice": 1400, "regularMarketTime": marketTime})
	t.Setenv("HINDSIGHT_YAHOO_URL", srv.URL)
	db := filepath.Join(t.TempDir(), "demo.db")
	if _, errs, code := hs(t, db, "", "demo"); code != 0 {
		t.Fatal(errs)
	}
	out, errs, code := hs(t, db, "", "snapshot", "demo-deepseek", "005930.KS")
	if code != 0 || !strings.Contains(out, "005930.KS ₩61,000") || !strings.Contains(out, "(yahoo)") {
		t.Fatalf("snapshot: %d %q %q", code, out, errs)
	}
	out, errs, code = hs(t, db, "", "snapshot", "--price", "12.5", "--currency", "GBp", "demo-deepseek", "OCDO.L")
	if code != 0 || !strings.Contains(out, "OCDO.L £0.1250") || !strings.Contains(out, "(manual)") {
		t.Fatalf("manual snapshot: %d %q %q", code, out, errs)
	}
	out, _, _ = hs(t, db, "", "show", "--json", "demo-deepseek")
	if !strings.Contains(out, `"source": "manual"`) || !strings.Contains(out, `"amount": "0.125"`) {
		t.Fatalf("manual snapshot not stored exactly: %s", out)
	}

	// The review now uses the live KRW price: 30 × (61,000 − 53,400) = +₩228,000.
	out, errs, code = hs(t, db, "", "review", "demo-deepseek")
	if code != 0 || !strings.Contains(out, "+₩228,000") {
		t.Fatalf("live review: %d\n%s\n%s", code, out, errs)
	}
}

func TestCLIRefresh(t *testing.T) {
	srv := yahootest.NewServer(t)
	srv.Synthesize("AAPL")
	t.Setenv("HINDSIGHT_YAHOO_URL", srv.URL)
	db := filepath.Join(t.TempDir(), "demo.db")
	if _, errs, code := hs(t, db, "", "demo"); code != 0 {
		t.Fatal(errs)
	}
	out, errs, code := hs(t, db, "", "refresh")
	if code != 0 || !strings.Contains(out, "refreshed 3 theses") {
		t.Fatalf("refresh: %d %q %q", code, out, errs)
	}
	// The open theses hold 10 symbols (with FX pairs and benchmarks); all come in at most
	// one batched quote request, and a repeat within the freshness window asks nothing.
	if n := srv.Count(yahootest.Quote); n != 1 {
		t.Errorf("quote requests = %d, want 1 batch", n)
	}
	before := srv.Count(yahootest.Quote)
	if _, _, code := hs(t, db, "", "refresh"); code != 0 {
		t.Fatal("second refresh failed")
	}
	if n := srv.Count(yahootest.Quote) - before; n != 0 {
		t.Errorf("a refresh within the freshness window sent %d quote requests", n)
	}
	srv.Close()
	out, _, code = hs(t, db, "", "refresh", "--offline")
	if code != 0 || !strings.Contains(out, "refreshed 3 theses") {
		t.Fatalf("offline refresh: %d %q", code, out)
	}
}
