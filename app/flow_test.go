package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/shopspring/decimal"

	"hindsight/journal"
)

func decimalFromFloat(f float64) decimal.Decimal { return decimal.NewFromFloat(f) }

var usd = journal.Settings{BaseCurrency: "USD", TotalLossBudget: journal.MustMoney("10000", "USD")}

// TestWriteAttachSaveFindReview walks through the two moments the app is for: writing a
// thesis in Korean with a live quote frozen and a position taken from it, then finding
// it by a Hangul substring and recording a review, with the loss budget figure shown.
func TestWriteAttachSaveFindReview(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	h := newHarness(t, harnessOptions{settings: &s})
	u := h.u

	if h.detail() != u.welcome {
		t.Fatalf("an empty journal should greet with the welcome screen, shows %q", visibleTexts(h.detail()))
	}
	if b := findButton(u.welcome, tr("welcome.write")); b == nil || findButton(u.welcome, tr("welcome.demo")) == nil {
		t.Fatalf("welcome offers %q", visibleTexts(u.welcome))
	}

	h.shortcut(fyne.KeyN)
	e := u.editor
	if !e.active || h.detail() != e.content {
		t.Fatal("Ctrl+N did not open the form")
	}
	if h.win.Canvas().Focused() != e.title {
		t.Error("the cursor should start in the title")
	}
	title := "딥시크 쇼크가 AI 수요를 키운다"
	test.Type(e.title, title)
	test.Type(e.trigger, "DeepSeek-R1 공개, 엔비디아 17% 급락")
	test.Type(e.reasons[0].entry, "효율이 좋아지면 더 많이 쓴다")
	enter(e.reasons[0].entry) // Enter adds the next reason
	if len(e.reasons) != 2 || h.win.Canvas().Focused() != e.reasons[1].entry {
		t.Fatalf("Enter in a reason should add and focus the next one (%d reasons)", len(e.reasons))
	}
	test.Type(e.reasons[1].entry, "스푸트니크 모멘트")
	test.Tap(e.addReasonBtn)
	test.Type(e.reasons[2].entry, "power demand")
	test.Tap(e.reasons[2].up) // move "power demand" above the Sputnik reason
	test.Type(e.body, "## 요약\n추론 비용이 내려가면 쓰임새가 늘어난다.")
	test.Type(e.expect, "AAPL above its price today within a year")
	test.Type(e.wrongIf, "capex cut by two hyperscalers")
	e.conviction.SetValue(70)
	e.reviewBy.setText("2026-12-31")
	test.Type(e.tags, "ai, 반도체")
	test.Type(e.budget, "3,000")

	// Attach a quote: symbol, Enter, fetched in the background, frozen as a snapshot.
	test.Type(e.symbol, "aapl")
	enter(e.symbol)
	h.pump("the AAPL quote", func() bool { return len(e.snapshots) == 1 })
	snap := e.snapshots[0]
	want := h.recordedPrice("AAPL")
	if snap.Symbol != "AAPL" || !snap.Price.Amount.Equal(want.Amount) || snap.Price.Currency != want.Currency || snap.Source != journal.SourceYahoo {
		t.Fatalf("snapshot %+v, want AAPL at %s from yahoo", snap, want)
	}
	// Add a position prefilled from the snapshot: one buy at its price, asking the quantity.
	test.Tap(e.snapAdd[0])
	h.settle()
	if len(e.positions) != 1 || u.fillForm == nil {
		t.Fatalf("%d positions after add, fill dialog %v", len(e.positions), u.fillForm != nil)
	}
	p, ff := e.positions[0], u.fillForm
	if p.symbol.Text != "AAPL" || ff.price.Text != want.Amount.String() || ff.currency.Selected != "USD" || ff.fx.Text != "1" ||
		ff.action.SelectedIndex() != 0 {
		t.Fatalf("position prefilled with %q %q %q fx %q", p.symbol.Text, ff.price.Text, ff.currency.Selected, ff.fx.Text)
	}
	test.Type(ff.qty, "10")
	test.Tap(ff.save)
	h.settle()

	h.shortcut(fyne.KeyS) // Ctrl+S saves
	h.pump("the save", func() bool { return !e.active })
	saved := h.all()
	if len(saved) != 1 {
		t.Fatalf("%d theses saved", len(saved))
	}
	th := saved[0]
	if th.Title != title || th.Conviction != 70 || th.ReviewBy.String() != "2026-12-31" || !th.LossBudget.Amount.Equal(decimal.NewFromInt(3000)) {
		t.Errorf("saved %q conviction %d review %s budget %s", th.Title, th.Conviction, th.ReviewBy, th.LossBudget)
	}
	if strings.Join(th.Reasons, "|") != "효율이 좋아지면 더 많이 쓴다|power demand|스푸트니크 모멘트" {
		t.Errorf("reasons %q", th.Reasons)
	}
	if strings.Join(th.Tags, ",") != "ai,반도체" || len(th.Snapshots) != 1 || len(th.Positions) != 1 {
		t.Errorf("tags %q, %d snapshots, %d positions", th.Tags, len(th.Snapshots), len(th.Positions))
	}
	if pos := th.Positions[0]; len(pos.Fills) != 1 || pos.Fills[0].Action != journal.ActionBuy || !pos.Fills[0].Quantity.Equal(decimal.NewFromInt(10)) ||
		!pos.Fills[0].Price.Amount.Equal(want.Amount) || !pos.Fills[0].At.Equal(snap.At) {
		t.Errorf("position %+v", pos)
	}
	if h.detail() != u.review.content || u.review.thesis.ID != th.ID {
		t.Fatal("after saving, the thesis should show in review mode")
	}
	if h.app.Preferences().String(prefDraft) != "" {
		t.Error("the draft should be gone once saved")
	}

	// Find it by a Hangul substring typed into the search box.
	seedOther(t, h)
	h.shortcut(fyne.KeyF)
	if h.win.Canvas().Focused() != u.toolbar.search {
		t.Error("Ctrl+F should focus the search box")
	}
	test.Type(u.toolbar.search, "수요")
	h.pump("search results", func() bool { return u.list.filter.Query == "수요" && u.list.pages[0] != nil })
	if got := h.listTitles(); len(got) != 1 || got[0] != title {
		t.Fatalf("search 수요 lists %q", got)
	}
	typeInto(u.toolbar.search, "쇼크가")
	h.pump("search results", func() bool { return u.list.filter.Query == "쇼크가" && u.list.pages[0] != nil })
	if got := h.listTitles(); len(got) != 1 || got[0] != title {
		t.Fatalf("search 쇼크가 lists %q", got)
	}

	// The price falls by 30 dollars: ten shares lose $300, a tenth of the $3,000 budget.
	h.clock.Add(15 * time.Minute) // past the cache's freshness, even for a closed market
	h.srv.SetQuote("AAPL", "AAPL", map[string]any{"regularMarketPrice": toFloat(want.Amount.Sub(decimal.NewFromInt(30)))})
	h.shortcut(fyne.KeyR)
	h.pump("the refresh", func() bool { return u.refreshing == nil })
	h.settle()
	loss := decimal.NewFromInt(30 * 10)
	wantUsed := tr("review.used", map[string]any{"Pct": fmtShare(loss.Div(decimal.NewFromInt(3000)))})
	if u.review.used.Text != wantUsed {
		t.Errorf("loss budget shows %q, want %q", u.review.used.Text, wantUsed)
	}
	if want := tr("review.affordable", map[string]any{"Amount": "$3,000.00"}); u.review.budget.Text != want {
		t.Errorf("budget shows %q, want %q", u.review.budget.Text, want)
	}
	if !strings.Contains(u.review.total.Text, "-$300.00") {
		t.Errorf("total P&L shows %q", u.review.total.Text)
	}
	if want := tr("status.quotes_as_of", map[string]any{"Time": fmtClock(h.clock.Now())}); u.status.quotes.Text != want {
		t.Errorf("status bar says %q, want %q", u.status.quotes.Text, want)
	}
	h.pump("the price chart", func() bool { return u.review.chartImage != nil })
	if b := u.review.chartImage.Bounds(); b.Dx() < chartWidth || b.Dy() < chartHeight {
		t.Errorf("chart drawn at %v", b)
	}

	// Record a review: the verdict, a note, one reason broke; the prices are kept with it.
	test.Tap(u.review.recordBtn)
	f := u.reviewForm
	if f == nil {
		t.Fatal("no review form opened")
	}
	f.verdict.SetSelected(verdictText(journal.VerdictWrong))
	if f.status.Selected != statusText(journal.StatusWrong) {
		t.Errorf("a wrong verdict should suggest the status wrong, suggests %q", f.status.Selected)
	}
	test.Type(f.note, "관세 충격: 예산의 10 %를 썼다")
	f.checks[2].SetSelected(tr("review.broke"))
	test.Tap(f.saveBtn)
	h.pump("the review to save", func() bool { return f.done })
	got := h.get(th.ID)
	if len(got.Reviews) != 1 || got.Status != journal.StatusWrong {
		t.Fatalf("%d reviews, status %s", len(got.Reviews), got.Status)
	}
	rv := got.Reviews[0]
	if rv.Verdict != journal.VerdictWrong || rv.Note != "관세 충격: 예산의 10 %를 썼다" || len(rv.Checks) != 3 || rv.Checks[2].Held || !rv.Checks[0].Held {
		t.Errorf("review %+v", rv)
	}
	if len(rv.Prices) != 1 || !rv.Prices[0].Price.Amount.Equal(want.Amount.Sub(decimal.NewFromInt(30))) {
		t.Errorf("review prices %+v", rv.Prices)
	}
	if !strings.Contains(u.review.reviews.Text, "관세 충격") {
		t.Errorf("review history shows %q", u.review.reviews.Text)
	}
}

// seedOther adds an English thesis so a search has something to leave out.
func seedOther(t *testing.T, h *harness) {
	t.Helper()
	other := &journal.Thesis{Title: "Copper squeeze", Expectation: "copper above 5", Conviction: 40, CreatedAt: h.clock.Now()}
	done := false
	h.u.saveThesis(other, true, func(_ *journal.Thesis, err error) {
		if err != nil {
			t.Fatal(err)
		}
		done = true
	})
	h.pump("the second thesis", func() bool { return done })
	h.settle()
}
