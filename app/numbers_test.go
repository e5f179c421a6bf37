package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"hindsight/journal"
)

// oilDay is a day of the oil thesis's price history.
func oilDay(d int) time.Time { return time.Date(2026, 2, d, 8, 0, 0, 0, time.UTC) }

// oilThesis holds ten XOM and ten CVX bought at $100 on Feb 2, with a $500 loss budget
// and a review due on Mar 12.
func oilThesis() *journal.Thesis {
	pos := func(sym string) journal.Position {
		return onePosition(sym, journal.SideLong, decimal.NewFromInt(10), journal.MustMoney("100", "USD"), oilDay(2).Add(-time.Hour), decimal.NewFromInt(1))
	}
	return &journal.Thesis{
		ID: "oil", Title: "OPEC cuts hold", Conviction: 60, Status: journal.StatusOpen,
		CreatedAt: oilDay(2).Add(-2 * time.Hour), LossBudget: journal.MustMoney("500", "USD"),
		ReviewBy:  journal.Date{Year: 2026, Month: time.March, Day: 12},
		Positions: []journal.Position{pos("XOM"), pos("CVX")},
	}
}

// openOil opens the oil thesis after a refresh: XOM at $88 (−12 %), CVX at $92, so the
// thesis stands at −$200 (−10 %); its worst close was −$220 on Feb 4.
func openOil(t *testing.T, lang string) *harness {
	t.Helper()
	t.Cleanup(func() { applyLanguage(langEnglish) })
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefLanguage, lang)
	s := usd
	s.Benchmark = "XOM"
	h := newHarness(t, harnessOptions{app: a, settings: &s, seed: []*journal.Thesis{oilThesis()}})
	at := float64(testStart.Add(-6 * time.Hour).Unix())
	h.srv.SetQuote("XOM", "AAPL", map[string]any{"currency": "USD", "regularMarketPrice": 88.0, "regularMarketTime": at})
	h.srv.SetQuote("CVX", "AAPL", map[string]any{"currency": "USD", "regularMarketPrice": 92.0, "regularMarketTime": at})
	days := []time.Time{oilDay(2), oilDay(3), oilDay(4), oilDay(5)}
	h.srv.SetBars("XOM", "USD", days, []float64{100, 95, 85, 88})
	h.srv.SetBars("CVX", "USD", days, []float64{100, 98, 93, 92})
	u := h.u
	u.showThesis("oil")
	h.settle()
	test.Tap(u.toolbar.refreshBtn)
	h.pump("the refresh", func() bool { return u.refreshing == nil })
	h.pump("the price history", func() bool { return len(u.market.Bars["XOM"]) == 4 && len(u.market.Bars["CVX"]) == 4 })
	h.settle()
	return h
}

// TestFiguresSayWhoseReturn labels the list's figure as the thesis's total and the
// review's P&L columns as the positions', in both languages.
func TestFiguresSayWhoseReturn(t *testing.T) {
	for _, tc := range []struct {
		lang                      string
		total, posHead, thesisTot string
	}{
		{langEnglish, "total -10.0 %", "Position P&L", "Thesis total -$200.00 (-10.0 %)"},
		{langKorean, "전체 -10.0%", "포지션 손익", "논지 전체"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			h := openOil(t, tc.lang)
			u := h.u
			row := newThesisRow()
			th := h.get("oil")
			row.set(th, u.figureOf(th), h.clock.Now())
			if row.pnl.Text != tc.total {
				t.Errorf("list row figure %q, want %q", row.pnl.Text, tc.total)
			}
			if got := positionCell(u, -1, 3); got != tc.posHead {
				t.Errorf("positions' P&L column is headed %q, want %q", got, tc.posHead)
			}
			if got := positionCell(u, -1, 4); !strings.HasPrefix(got, tc.posHead+" (") {
				t.Errorf("positions' base P&L column is headed %q, want %q…", got, tc.posHead)
			}
			if got := positionCell(u, 0, 3); !strings.Contains(got, "12.0") {
				t.Errorf("XOM's row shows %q, want its own −12 %%", got)
			}
			if !strings.HasPrefix(u.review.total.Text, tc.thesisTot) {
				t.Errorf("review total %q, want %q…", u.review.total.Text, tc.thesisTot)
			}
		})
	}
}

// TestReviewSummaryStrip reads the strip at the top of the review: total P&L, loss budget
// used, worst drawdown with its day and the days until review, each coloured by what it
// means; then the review date passes, and a thesis with no prices reads n/a.
func TestReviewSummaryStrip(t *testing.T) {
	h := openOil(t, langEnglish)
	u := h.u
	st := u.review.strip
	today := journal.DateOf(h.clock.Now().Local())
	days := int(journal.Date{Year: 2026, Month: time.March, Day: 12}.Time().Sub(today.Time()).Hours() / 24)
	checks := []struct {
		name string
		l    *widget.Label
		text string
		imp  widget.Importance
	}{
		{"total P&L", st.pnl, "-$200.00 (-10.0 %)", moveImportance(-1)},
		{"loss budget used", st.used, "40 %", widget.SuccessImportance},
		{"worst drawdown", st.worst, "-$220.00 on " + fmtDate(journal.DateOf(oilDay(4))), moveImportance(-1)},
		{"review", st.review, trN("review.strip.review_in", days), widget.MediumImportance},
	}
	for _, c := range checks {
		if c.l.Text != c.text || c.l.Importance != c.imp {
			t.Errorf("%s reads %q (importance %v), want %q (%v)", c.name, c.l.Text, c.l.Importance, c.text, c.imp)
		}
	}
	if !slices.Contains(visibleTexts(u.review.view()), "-$200.00 (-10.0 %)") {
		t.Error("the strip is not on the review page")
	}

	h.clock.Add(time.Duration(days+2) * 24 * time.Hour)
	u.review.render()
	if want := "overdue by 2 days"; st.review.Text != want {
		t.Errorf("after the review date the strip says %q, want %q", st.review.Text, want)
	}

	bare := oilThesis()
	bare.ID, bare.ReviewBy = "bare", journal.Date{}
	bare.Positions[0].Symbol, bare.Positions[1].Symbol = "NOPE1", "NOPE2"
	u.review.show(bare)
	for name, l := range map[string]*widget.Label{"P&L": st.pnl, "used": st.used, "worst": st.worst, "review": st.review} {
		if l.Text != "n/a" {
			t.Errorf("without prices or a review date, %s reads %q, want n/a", name, l.Text)
		}
	}
}

// TestOneFreshnessForPrices refreshes online, then opens a thesis judged wrong whose
// stock is still held and was last priced 397 days ago (it is not refreshed, being
// closed): the status bar no longer claims fresh quotes while the review marks the
// price cached, and both give the same age.
func TestOneFreshnessForPrices(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	old := testStart.Add(-397 * 24 * time.Hour)
	held := aaplThesis(old, "200")
	held.ID, held.Status = "held", journal.StatusWrong
	held.Positions[0].Symbol, held.Snapshots[0].Symbol = "XOM", "XOM"
	fresh := aaplThesis(oldDate, "200")
	h := newHarness(t, harnessOptions{settings: &s, seed: []*journal.Thesis{held, fresh}})
	u := h.u
	h.pump("the journal", func() bool { return u.loaded })
	test.Tap(u.toolbar.refreshBtn)
	h.pump("the refresh", func() bool { return u.refreshing == nil })
	h.settle()
	asOf := tr("status.quotes_as_of", map[string]any{"Time": fmtClock(h.clock.Now())})
	if u.offline || u.status.quotes.Text != asOf {
		t.Fatalf("after an online refresh the status bar says %q (offline %v), want %q", u.status.quotes.Text, u.offline, asOf)
	}

	u.showThesis("aapl-1")
	h.settle()
	if u.status.quotes.Text != asOf || u.review.stale.Text != "" {
		t.Errorf("the refreshed thesis: status %q, review %q; want %q and nothing cached", u.status.quotes.Text, u.review.stale.Text, asOf)
	}

	u.showThesis("held")
	h.settle()
	age := fmtAge(h.clock.Now().Sub(old))
	if want := tr("review.stale_price", map[string]any{"Symbol": "XOM", "Age": age}); !strings.Contains(u.review.stale.Text, want) {
		t.Fatalf("review says %q, want %q", u.review.stale.Text, want)
	}
	if want := tr("status.some_cached", map[string]any{"Age": age}); u.status.quotes.Text != want {
		t.Errorf("status bar says %q while the review marks XOM cached; want %q", u.status.quotes.Text, want)
	}

	u.left.SelectIndex(1) // the dashboard: the open theses' prices are fresh
	h.settle()
	if u.status.quotes.Text != asOf {
		t.Errorf("on the dashboard the status bar says %q, want %q", u.status.quotes.Text, asOf)
	}
}

// TestChartForEveryPosition offers a chart of each position of a thesis holding two
// stocks: the main one first, the other a tap away, with its own entry and budget price.
func TestChartForEveryPosition(t *testing.T) {
	h := openOil(t, langEnglish)
	r := h.u.review
	if !r.chartTabs.Visible() || !slices.Equal(r.chartTabs.Options, []string{"XOM", "CVX"}) || r.chartTabs.Selected != "XOM" {
		t.Fatalf("chart tabs %v (shown %v), selected %q; want XOM and CVX, XOM chosen", r.chartTabs.Options, r.chartTabs.Visible(), r.chartTabs.Selected)
	}
	if spec, ok := r.chartSpec(); !ok || spec.Symbol != "XOM" {
		t.Fatalf("first chart is of %q, want XOM", spec.Symbol)
	}
	r.chartTabs.SetSelected("CVX")
	h.settle()
	spec, ok := r.chartSpec()
	if !ok || spec.Symbol != "CVX" || len(spec.Bars) != 4 || !spec.Bars[3].Close.Equal(decimal.NewFromInt(92)) {
		t.Fatalf("after choosing CVX the chart is of %q with %d bars", spec.Symbol, len(spec.Bars))
	}
	// $500 over ten shares bought at $100.
	if spec.BudgetPrice == nil || !spec.BudgetPrice.Amount.Equal(decimal.NewFromInt(50)) || spec.Entry == nil || !spec.Entry.Amount.Equal(decimal.NewFromInt(100)) {
		t.Errorf("CVX chart: entry %v, budget price %v; want $100 and $50", spec.Entry, spec.BudgetPrice)
	}
	if r.lastChart.sym != "CVX" || r.chartImage == nil {
		t.Errorf("the CVX chart was not drawn (last drawn %q)", r.lastChart.sym)
	}

	single := aaplThesis(oldDate, "200")
	r.show(single)
	h.settle()
	if r.chartTabs.Visible() {
		t.Error("a thesis with one symbol shows chart tabs")
	}
}
