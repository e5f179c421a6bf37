package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/shopspring/decimal"

	"hindsight/journal"
)

// TestPenceChartAndReview opens a London listing quoted in pence (VOD.L: 2,000 bought at
// 68.50p, GBP at 1,805.40 KRW) and refreshes: the chart's line, entry and budget price,
// and the review's prices, are all in pounds, the same unit as the entry.
func TestPenceChartAndReview(t *testing.T) {
	applyLanguage(langEnglish)
	day := func(d int) time.Time { return time.Date(2026, 2, d, 8, 0, 0, 0, time.UTC) }
	entry, err := journal.ParseMoney("68.50", "GBp")
	if err != nil {
		t.Fatal(err)
	}
	th := &journal.Thesis{
		ID: "vod", Title: "Vodafone re-rates", Conviction: 60, Status: journal.StatusOpen,
		CreatedAt: day(2).Add(-time.Hour), LossBudget: journal.MustMoney("60000", "KRW"),
		Positions: []journal.Position{onePosition("VOD.L", journal.SideLong, decimal.NewFromInt(2000), entry, day(2).Add(-time.Hour), decimal.RequireFromString("1805.40"))},
	}
	s := journal.Settings{BaseCurrency: "KRW", Benchmark: "VOD.L"}
	h := newHarness(t, harnessOptions{settings: &s, seed: []*journal.Thesis{th}})
	at := float64(day(5).Add(8 * time.Hour).Unix())
	h.srv.SetQuote("VOD.L", "OCDO.L", map[string]any{"currency": "GBp", "regularMarketPrice": 65.40, "regularMarketTime": at})
	h.srv.SetQuote("GBPKRW=X", "EURUSD=X", map[string]any{"currency": "KRW", "regularMarketPrice": 1822.75, "regularMarketTime": at})
	h.srv.SetBars("VOD.L", "GBp", []time.Time{day(2), day(3), day(4), day(5)}, []float64{68.50, 67.90, 66.10, 65.40})

	u := h.u
	u.showThesis("vod")
	h.settle()
	test.Tap(u.toolbar.refreshBtn)
	h.pump("the refresh", func() bool { return u.refreshing == nil })
	h.pump("the price history", func() bool { return len(u.market.Bars["VOD.L"]) == 4 })
	h.settle()

	spec, ok := u.review.chartSpec()
	if !ok || len(spec.Bars) != 4 {
		t.Fatalf("chart: ok %v, %d bars", ok, len(spec.Bars))
	}
	if last := spec.Bars[3].Close; !last.Equal(decimal.RequireFromString("0.654")) {
		t.Errorf("chart's last close %s, want 0.654 (pounds, like the entry)", last)
	}
	if spec.Entry == nil || !spec.Entry.Amount.Equal(decimal.RequireFromString("0.685")) || spec.Entry.Currency != "GBP" {
		t.Errorf("chart entry %v, want 0.685 GBP", spec.Entry)
	}
	// The budget is used up where 2,000 × (0.685 × 1,805.40 − p × 1,822.75) = 60,000.
	if b := spec.BudgetPrice; b == nil || b.Amount.Sub(decimal.RequireFromString("0.6620")).Abs().GreaterThan(decimal.RequireFromString("0.0001")) {
		t.Errorf("chart budget price %v, want about 0.6620 GBP", spec.BudgetPrice)
	}
	if got := positionCell(u, 0, 2); !strings.Contains(got, "£0.6540") {
		t.Errorf("position's current price %q, want £0.6540", got)
	}
	worst := tr("review.worst_used", map[string]any{"Pct": fmtShare(decimal.RequireFromString("89241").Div(decimal.NewFromInt(60000))), "Date": fmtDate(journal.DateOf(day(5)))})
	if u.review.worst.Text != worst {
		t.Errorf("review says %q, want %q (−₩89,241 on the 65.40p close)", u.review.worst.Text, worst)
	}
	if want := fmtDate(journal.DateOf(day(4))); !strings.Contains(u.review.breach.Text, want) {
		t.Errorf("review says %q, want the breach on %s (the 66.10p close)", u.review.breach.Text, want)
	}
}

// TestAttachFundQuote freezes the price of a fund that has no regular-market price: its
// NAV is kept, and the note says it is the NAV.
func TestAttachFundQuote(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	h := newHarness(t, harnessOptions{settings: &s})
	h.srv.SetQuote("VFIAX", "AAPL", map[string]any{"quoteType": "MUTUALFUND", "regularMarketPrice": nil, "navPrice": 512.34})
	u := h.u
	u.newThesis()
	e := u.editor
	test.Type(e.symbol, "VFIAX")
	enter(e.symbol)
	h.pump("the fund's price", func() bool { return len(e.snapshots) == 1 })
	if got := e.snapshots[0].Price; got.String() != "512.34 USD" {
		t.Errorf("snapshot %s, want 512.34 USD", got)
	}
	if !strings.Contains(e.quoteNote.Text, "$512.34") || !strings.Contains(e.quoteNote.Text, "(Yahoo, NAV)") {
		t.Errorf("note %q does not say the price is the NAV", e.quoteNote.Text)
	}
}
