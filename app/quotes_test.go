package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/quotes/yahoo/yahootest"
)

// oldDate is before the recorded quotes of the fake Yahoo were struck, so they count as newer.
var oldDate = time.Date(2025, 1, 6, 15, 0, 0, 0, time.UTC)

// aaplThesis is an open thesis holding ten AAPL shares bought at entry.
func aaplThesis(at time.Time, entry string) *journal.Thesis {
	return &journal.Thesis{
		ID: "aapl-1", Title: "애플 서비스 매출이 하드웨어를 넘어선다", Conviction: 60, Status: journal.StatusOpen,
		CreatedAt: at, LossBudget: journal.MustMoney("1000", "USD"),
		Positions: []journal.Position{onePosition("AAPL", journal.SideLong, decimal.NewFromInt(10), journal.MustMoney(entry, "USD"), at, decimal.NewFromInt(1))},
		Snapshots: []journal.Snapshot{{Symbol: "AAPL", Price: journal.MustMoney(entry, "USD"), At: at, Source: journal.SourceYahoo}},
	}
}

// TestOfflineRefreshShowsStalePrices refreshes once online, then with the source gone:
// the prices fetched before stay, marked stale with their age, and the status bar says
// the app is offline.
func TestOfflineRefreshShowsStalePrices(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	h := newHarness(t, harnessOptions{settings: &s, seed: []*journal.Thesis{aaplThesis(oldDate, "200")}})
	u := h.u
	u.showThesis("aapl-1")
	h.settle()
	if want := tr("status.saved_prices"); u.status.quotes.Text != want {
		t.Errorf("before any refresh the status bar says %q, want %q", u.status.quotes.Text, want)
	}

	test.Tap(u.toolbar.refreshBtn)
	h.pump("the online refresh", func() bool { return u.refreshing == nil })
	live := h.recordedPrice("AAPL")
	if p, _ := u.market.PriceOf("AAPL"); !p.Price.Amount.Equal(live.Amount) || p.Stale {
		t.Fatalf("after an online refresh AAPL is %+v, want %s fresh", p, live)
	}
	if u.offline {
		t.Fatal("online refresh marked the app offline")
	}

	h.srv.Close() // the network is gone
	h.clock.Add(3 * time.Hour)
	test.Tap(u.toolbar.refreshBtn)
	h.pump("the offline refresh", func() bool { return u.refreshing == nil })
	h.settle()
	if want := tr("status.offline"); u.status.quotes.Text != want {
		t.Errorf("status bar says %q, want %q", u.status.quotes.Text, want)
	}
	p, ok := u.market.PriceOf("AAPL")
	if !ok || !p.Stale || !p.Price.Amount.Equal(live.Amount) {
		t.Fatalf("offline AAPL is %+v, want the cached %s marked stale", p, live)
	}
	age := fmtAge(h.clock.Now().Sub(p.At))
	want := tr("review.stale_price", map[string]any{"Symbol": "AAPL", "Age": age})
	if !strings.Contains(u.review.stale.Text, want) {
		t.Errorf("review says %q, want %q", u.review.stale.Text, want)
	}
	if !strings.HasSuffix(positionCell(u, 0, 2), "*") {
		t.Errorf("the stale price is not marked in the positions: %q", positionCell(u, 0, 2))
	}
}

// positionCell returns the text in row row (0 is the first position) and column col of
// the review's positions table.
func positionCell(u *UI, row, col int) string {
	table, ok := u.review.positions.Objects[0].(*fyne.Container)
	if !ok {
		return ""
	}
	cols := table.Layout.(tableLayout).cols
	i := (row+1)*cols + col
	if i >= len(table.Objects) {
		return ""
	}
	return table.Objects[i].(*widget.Label).Text
}

// TestAttachQuoteOffline offers the cached price with its age, or a typed price, when the
// source cannot be reached.
func TestAttachQuoteOffline(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	h := newHarness(t, harnessOptions{settings: &s})
	u := h.u
	u.newThesis()
	e := u.editor
	test.Type(e.symbol, "AAPL")
	enter(e.symbol)
	h.pump("AAPL online", func() bool { return len(e.snapshots) == 1 })

	h.srv.Close()
	h.clock.Add(2 * time.Hour)
	typeInto(e.symbol, "AAPL")
	enter(e.symbol)
	h.pump("the offline answer", func() bool { return e.pendingQuote == "" && len(e.offerBox.Objects) > 0 })
	want := tr("editor.offline_cached", map[string]any{
		"Symbol": "AAPL", "Reason": "network unavailable", "Price": e.snapshots[0].Price.Format(), "Age": fmtAge(2 * time.Hour),
	})
	if e.quoteNote.Text != want {
		t.Errorf("note %q, want %q", e.quoteNote.Text, want)
	}
	use := findButton(e.offerBox, tr("editor.use_cached"))
	if use == nil {
		t.Fatalf("no cached price offered: %q", visibleTexts(e.offerBox))
	}
	test.Tap(use)
	if len(e.snapshots) != 2 || e.snapshots[1].Source != journal.SourceCache || !e.snapshots[1].Price.Amount.Equal(e.snapshots[0].Price.Amount) {
		t.Fatalf("snapshots %+v", e.snapshots)
	}

	// A symbol the cache never saw: only a typed price is possible.
	typeInto(e.symbol, "005930.KS")
	enter(e.symbol)
	h.pump("the answer for 005930.KS", func() bool { return e.pendingQuote == "" && len(e.offerBox.Objects) > 0 })
	if findButton(e.offerBox, tr("editor.use_cached")) != nil {
		t.Error("a cached price is offered for a symbol never fetched")
	}
	if e.manualCur.Selected != "KRW" {
		t.Errorf("a .KS listing should default to KRW, got %q", e.manualCur.Selected)
	}
	test.Type(e.manualPrice, "55,300")
	test.Tap(findButton(e.offerBox, tr("editor.use_manual")))
	last := e.snapshots[len(e.snapshots)-1]
	if last.Symbol != "005930.KS" || last.Source != journal.SourceManual || last.Price.String() != "55300 KRW" {
		t.Errorf("typed price gave %+v", last)
	}
}

// TestSlowServerNeverBlocksTheUI hangs the quote endpoint: while the refresh waits for it,
// the person keeps searching and writing, and can cancel the refresh.
func TestSlowServerNeverBlocksTheUI(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	h := newHarness(t, harnessOptions{settings: &s, seed: []*journal.Thesis{
		aaplThesis(oldDate, "200"),
		{ID: "copper", Title: "구리 공급 부족", Conviction: 55, Status: journal.StatusOpen, CreatedAt: testStart.Add(-time.Hour)},
	}})
	u := h.u
	h.srv.Enqueue(yahootest.Quote, yahootest.Response{Hang: true})
	h.srv.Enqueue(yahootest.Chart, yahootest.Response{Hang: true}, yahootest.Response{Hang: true})
	test.Tap(u.toolbar.refreshBtn)
	if u.refreshing == nil || !u.status.progress.Visible() || !u.status.cancel.Visible() {
		t.Fatal("the refresh did not start with progress and cancel shown")
	}
	h.pump("the request to reach the server", func() bool { return h.srv.Count(yahootest.Quote) > 0 })

	// The window answers while the request hangs.
	test.Type(u.toolbar.search, "구리")
	h.pump("the search", func() bool { return u.list.filter.Query == "구리" && u.list.pages[0] != nil })
	if got := h.listTitles(); len(got) != 1 || got[0] != "구리 공급 부족" {
		t.Errorf("search while refreshing lists %q", got)
	}
	u.newThesis()
	test.Type(u.editor.title, "새 논지")
	if u.editor.title.Text != "새 논지" {
		t.Error("typing did not reach the form")
	}
	if u.refreshing == nil {
		t.Fatal("the hanging request finished on its own; the test proves nothing")
	}
	test.Tap(u.status.cancel)
	h.pump("the cancelled refresh", func() bool { return u.refreshing == nil })
	if u.status.progress.Visible() || u.status.cancel.Visible() {
		t.Error("progress still shown after cancel")
	}
	if want := tr("refresh.cancelled"); u.status.message.Text != want {
		t.Errorf("status says %q, want %q", u.status.message.Text, want)
	}
	u.editor.close()
}
