package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/journal/boltdb"
	"hindsight/quotes/yahoo/yahootest"
)

// The VOD.L case: a London listing quoted in pence. 2,000 shares bought at 68.50p with
// GBP at 1,805.40 KRW, GBPKRW now 1,822.75, a loss budget of ₩60,000 and daily closes of
// 68.50, 67.90, 66.10 and 65.40p. Worked by hand:
//
//	cost in KRW   2,000 × 0.6850 × 1,805.40 = 2,473,398
//	67.90p        2,000 × 0.6790 × 1,822.75 = 2,475,294.5 → +1,896.5
//	66.10p        2,000 × 0.6610 × 1,822.75 = 2,409,675.5 → −63,722.5 (budget breached)
//	65.40p        2,000 × 0.6540 × 1,822.75 = 2,384,157   → −89,241   (the worst)
var (
	vodDays   = []time.Time{vodDay(2), vodDay(3), vodDay(4), vodDay(5)}
	vodCloses = []float64{68.50, 67.90, 66.10, 65.40}
)

// vodDay returns 08:00 UTC on a day of November 2026, when a London daily bar starts.
func vodDay(d int) time.Time { return time.Date(2026, 11, d, 8, 0, 0, 0, time.UTC) }

// vodSetup serves VOD.L in pence and GBPKRW=X, and writes a journal in KRW with the VOD.L
// thesis; it returns the journal's path.
func vodSetup(t *testing.T) (*yahootest.Server, string) {
	t.Helper()
	srv := yahootest.NewServer(t)
	at := float64(vodDay(5).Add(8 * time.Hour).Unix())
	srv.SetQuote("VOD.L", "OCDO.L", map[string]any{"currency": "GBp", "regularMarketPrice": 65.40,
		"regularMarketPreviousClose": 66.10, "regularMarketTime": at, "shortName": "VODAFONE GROUP PLC"})
	srv.SetQuote("GBPKRW=X", "EURUSD=X", map[string]any{"currency": "KRW", "regularMarketPrice": 1822.75, "regularMarketTime": at})
	srv.SetBars("VOD.L", "GBp", vodDays, vodCloses)
	t.Setenv("HINDSIGHT_YAHOO_URL", srv.URL)

	path := filepath.Join(t.TempDir(), "journal.db")
	db, err := boltdb.Open(path, boltdb.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.SaveSettings(ctx, journal.Settings{BaseCurrency: "KRW"}); err != nil {
		t.Fatal(err)
	}
	entry, err := journal.ParseMoney("68.50", "GBp")
	if err != nil {
		t.Fatal(err)
	}
	th := &journal.Thesis{
		ID: "vod", Title: "Vodafone re-rates", Conviction: 60, Status: journal.StatusOpen,
		CreatedAt: vodDay(2).Add(-time.Hour), LossBudget: journal.MustMoney("60000", "KRW"),
		Expectation: "VOD.L back above 80p", Invalidation: "a dividend cut",
		Positions: []journal.Position{journal.LegacyPosition{
			Symbol: "VOD.L", Side: journal.SideLong, Quantity: decimal.NewFromInt(2000),
			EntryPrice: entry, EnteredAt: vodDay(2).Add(-time.Hour), FXToBase: decimal.RequireFromString("1805.40"),
		}.Position("vod", 0, "KRW")},
	}
	if err := db.Create(ctx, th); err != nil {
		t.Fatal(err)
	}
	return srv, path
}

// TestPenceEveryPath walks a price quoted in pence through every path that carries it:
// the quote, the bars (live and from the cache), the snapshot, the outcome math, the
// review text and the PDF. Each must show the listing in pounds, converted once.
func TestPenceEveryPath(t *testing.T) {
	_, db := vodSetup(t)

	// Quote: 65.40p is £0.6540, shown at the precision pence need.
	out, errs, code := hs(t, db, "", "quote", "VOD.L")
	if code != 0 || !strings.Contains(out, "£0.6540") {
		t.Fatalf("quote: %d %q %q", code, out, errs)
	}

	// Bars and the outcome math, live: the market the review evaluates.
	e := &env{stdout: &strings.Builder{}, stderr: &strings.Builder{}, now: clock, db: db}
	check := func(path string, offline bool) {
		t.Helper()
		s, all := vodLoad(t, db)
		m := e.market(context.Background(), db, all, all, s, offline)
		bars := m.Bars["VOD.L"]
		if len(bars) != 4 || !bars[3].Close.Equal(decimal.RequireFromString("0.654")) {
			t.Fatalf("%s: VOD.L bars %v, want 4 closes ending 0.654 (GBP)", path, bars)
		}
		o := journal.Evaluate(all[0], s, m, clock())
		d := o.Drawdown
		if d == nil {
			t.Fatalf("%s: no drawdown", path)
		}
		if !d.Worst.Amount.Equal(decimal.NewFromInt(-89241)) || d.Worst.Currency != "KRW" || d.WorstOn.String() != "2026-11-05" {
			t.Errorf("%s: worst drawdown %s on %s, want -89241 KRW on 2026-11-05", path, d.Worst, d.WorstOn)
		}
		if d.BreachedOn == nil || d.BreachedOn.String() != "2026-11-04" {
			t.Errorf("%s: breached on %v, want 2026-11-04", path, d.BreachedOn)
		}
		if o.PnLBase == nil || !o.PnLBase.Amount.Equal(decimal.NewFromInt(-89241)) {
			t.Errorf("%s: P&L %v, want -89241 KRW", path, o.PnLBase)
		}
	}
	check("live", false)
	// The same bars come back from the quotes cache with the network gone.
	check("cache", true)

	// The review as a person reads it.
	out, errs, code = hs(t, db, "", "review", "--offline", "vod")
	for _, want := range []string{"-₩89,241", "on 2026-11-05", "Budget breached:   on 2026-11-04", "£0.6850", "£0.6540"} {
		if !strings.Contains(out, want) {
			t.Errorf("review lacks %q (code %d, %s):\n%s", want, code, errs, out)
		}
	}

	// Snapshot: stored in pounds, exactly.
	out, errs, code = hs(t, db, "", "snapshot", "vod", "VOD.L")
	if code != 0 || !strings.Contains(out, "VOD.L £0.6540") {
		t.Fatalf("snapshot: %d %q %q", code, out, errs)
	}
	_, all := vodLoad(t, db)
	sn := all[0].Snapshots
	if len(sn) != 1 || sn[0].Price.Currency != "GBP" || !sn[0].Price.Amount.Equal(decimal.RequireFromString("0.654")) {
		t.Fatalf("snapshot stored as %v, want 0.654 GBP", sn)
	}

	// The PDF prints the same figures.
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (poppler-utils)")
	}
	pdf := filepath.Join(t.TempDir(), "vod.pdf")
	if _, errs, code := hs(t, db, "", "export", "--format", "pdf", "--offline", "--id", "vod", "-o", pdf); code != 0 {
		t.Fatalf("export pdf: %d %s", code, errs)
	}
	txt, err := exec.Command("pdftotext", "-enc", "UTF-8", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"89,241", "0.6850", "0.6540"} {
		if !strings.Contains(string(txt), want) {
			t.Errorf("PDF lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(string(txt), "£0.69") || strings.Contains(string(txt), "£0.65 ") {
		t.Errorf("PDF rounds a pence price to whole pence of a pound:\n%s", txt)
	}
}

func vodLoad(t *testing.T, path string) (journal.Settings, []*journal.Thesis) {
	t.Helper()
	db, err := boltdb.Open(path, boltdb.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := db.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	all, _, err := db.List(context.Background(), journal.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return s, all
}

// TestQuoteFund: a fund quoted without a market price is printed at its NAV, marked.
func TestQuoteFund(t *testing.T) {
	srv := yahootest.NewServer(t)
	srv.SetQuote("VFIAX", "AAPL", map[string]any{"quoteType": "MUTUALFUND", "regularMarketPrice": nil, "navPrice": 512.34})
	t.Setenv("HINDSIGHT_YAHOO_URL", srv.URL)
	db := filepath.Join(t.TempDir(), "journal.db")
	out, errs, code := hs(t, db, "", "quote", "VFIAX")
	if code != 0 || !strings.Contains(out, "$512.34") || !strings.Contains(out, "yahoo (NAV)") {
		t.Fatalf("quote: %d %q %q", code, out, errs)
	}
	out, errs, code = hs(t, db, "", "quote", "--json", "VFIAX")
	if code != 0 || !strings.Contains(out, `"basis": "nav"`) || !strings.Contains(out, `"amount": "512.34"`) {
		t.Fatalf("quote --json: %d %s %s", code, out, errs)
	}
}
