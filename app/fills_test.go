package app

import (
	"context"
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

// fillsThesis is a thesis on NVDA with one buy of 10 at $100 on Feb 2, 2026.
func fillsThesis() *journal.Thesis {
	at := time.Date(2026, 2, 2, 15, 0, 0, 0, time.UTC)
	return &journal.Thesis{
		ID: "nvda", Title: "AI demand keeps growing", Conviction: 60, Status: journal.StatusOpen,
		Expectation: "NVDA above $150", Invalidation: "capex cut", ReviewBy: journal.Date{Year: 2026, Month: 12, Day: 31},
		CreatedAt: at.Add(-time.Hour), LossBudget: journal.MustMoney("1000", "USD"),
		Positions: []journal.Position{onePosition("NVDA", journal.SideLong, decimal.NewFromInt(10),
			journal.MustMoney("100", "USD"), at, decimal.NewFromInt(1))},
	}
}

// saveEditor saves the open form and waits until it is written.
func saveEditor(t *testing.T, h *harness) *journal.Thesis {
	t.Helper()
	e := h.u.editor
	test.Tap(e.saveBtn)
	h.pump("the save", func() bool { return !e.active })
	return h.get("nvda")
}

// TestFillAddEditDelete adds a fill to a saved position, edits it and deletes it (after
// being asked), saving each time: each save is a revision the history lists.
func TestFillAddEditDelete(t *testing.T) {
	for _, lang := range []string{langEnglish, langKorean} {
		t.Run(lang, func(t *testing.T) {
			applyLanguage(lang)
			t.Cleanup(func() { applyLanguage(langEnglish) })
			s := usd
			h := newHarness(t, harnessOptions{settings: &s, seed: []*journal.Thesis{fillsThesis()}, noServer: true})
			u := h.u

			// Add: buy 5 at $120 on Feb 20 with $1 of fees.
			u.editThesis(h.get("nvda"))
			h.settle()
			r := u.editor.positions[0]
			ff := r.editFill(-1)
			ff.date.setText("2026-02-20")
			test.Type(ff.qty, "5")
			test.Type(ff.price, "120")
			test.Type(ff.fees, "1")
			test.Tap(ff.save)
			h.settle()
			if len(r.fills) != 2 || u.fillForm != nil {
				t.Fatalf("%d fills after adding one; dialog open %v", len(r.fills), u.fillForm != nil)
			}
			if got := strings.Join(visibleTexts(r.fillsBox), "\n"); !strings.Contains(got, "▲ "+fillText("NVDA", r.fills[1])) {
				t.Errorf("the fills list says %q", got)
			}
			th := saveEditor(t, h)
			if n := len(th.Positions[0].Fills); n != 2 {
				t.Fatalf("%d fills saved", n)
			}
			added := th.Positions[0].Fills[1]
			if !added.Quantity.Equal(decimal.NewFromInt(5)) || !added.Price.Amount.Equal(decimal.NewFromInt(120)) ||
				!added.Fees.Amount.Equal(decimal.NewFromInt(1)) || added.Action != journal.ActionBuy || added.ID == "" {
				t.Errorf("fill saved as %+v", added)
			}
			addedLine := tr("revision.fill_added", map[string]any{"Fill": fillRevisionText("NVDA", &added), "When": fmtDay(testStart)})
			if got := revisionLines(th); !strings.Contains(got, addedLine) {
				t.Errorf("history %q lacks %q", got, addedLine)
			}

			// Edit: 6 instead of 5.
			u.editThesis(th)
			h.settle()
			r = u.editor.positions[0]
			ff = r.editFill(1)
			typeInto(ff.qty, "6")
			test.Tap(ff.save)
			h.settle()
			th = saveEditor(t, h)
			changed := th.Positions[0].Fills[1]
			if !changed.Quantity.Equal(decimal.NewFromInt(6)) || changed.ID != added.ID {
				t.Fatalf("edited fill saved as %+v", changed)
			}
			changedLine := tr("revision.fill_changed", map[string]any{"Fill": fillRevisionText("NVDA", &changed),
				"Before": fillRevisionText("NVDA", &added), "When": fmtDay(testStart)})
			if got := revisionLines(th); !strings.Contains(got, changedLine) {
				t.Errorf("history %q lacks %q", got, changedLine)
			}
			// The earlier addition is told with the fill as it was then.
			if got := revisionLines(th); !strings.Contains(got, addedLine) {
				t.Errorf("history %q lost %q", got, addedLine)
			}

			// Delete: asked first; saying no keeps it.
			u.editThesis(th)
			h.settle()
			r = u.editor.positions[0]
			r.deleteFill(1)
			h.settle()
			if !strings.Contains(h.dialogText(), tr("fill.delete_title")) {
				t.Fatalf("deleting asked %q", h.dialogText())
			}
			h.tapDialogButton(tr("dialog.cancel"))
			h.settle()
			if len(r.fills) != 2 {
				t.Fatalf("%d fills after saying no", len(r.fills))
			}
			r.deleteFill(1)
			h.settle()
			h.tapDialogButton(tr("fill.delete"))
			h.settle()
			if len(r.fills) != 1 {
				t.Fatalf("%d fills after deleting", len(r.fills))
			}
			th = saveEditor(t, h)
			if n := len(th.Positions[0].Fills); n != 1 || len(th.Revisions) != 3 {
				t.Fatalf("%d fills, %d revisions saved", n, len(th.Revisions))
			}
			removedLine := tr("revision.fill_removed", map[string]any{"Fill": fillRevisionText("NVDA", &changed), "When": fmtDay(testStart)})
			if got := revisionLines(th); !strings.Contains(got, removedLine) {
				t.Errorf("history %q lacks %q", got, removedLine)
			}
			// The review shows the history.
			h.settle()
			if got := u.review.revisions.Text; !strings.Contains(got, removedLine) || !strings.Contains(got, changedLine) {
				t.Errorf("the review's history says %q", got)
			}
			if lang == langEnglish && !strings.Contains(removedLine, "Removed fill: buy 6 NVDA @ $120.00 on Feb 20, 2026") {
				t.Errorf("removal told as %q", removedLine)
			}
		})
	}
}

// TestFillDraftKeepsFills keeps the fills typed in the draft and restores them.
func TestFillDraftKeepsFills(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	h := newHarness(t, harnessOptions{settings: &s, seed: []*journal.Thesis{fillsThesis()}, noServer: true})
	u := h.u
	u.editThesis(h.get("nvda"))
	h.settle()
	r := u.editor.positions[0]
	ff := r.editFill(-1)
	ff.date.setText("2026-02-25")
	ff.action.SetSelectedIndex(1)
	test.Type(ff.qty, "4")
	test.Type(ff.price, "130")
	test.Tap(ff.save)
	u.editor.saveDraftNow()
	u.editor.close()
	u.editor.restoreDraft()
	h.settle()
	if !u.editor.active || len(u.editor.positions) != 1 {
		t.Fatal("the draft was not restored")
	}
	fills := u.editor.positions[0].fills
	if len(fills) != 2 || fills[1].Action != journal.ActionSell || !fills[1].Quantity.Equal(decimal.NewFromInt(4)) {
		t.Errorf("restored fills %+v", fills)
	}
}

// TestReviewLedgerFigures shows a position's parts for a case worked out by hand.
func TestReviewLedgerFigures(t *testing.T) {
	for _, lang := range []string{langEnglish, langKorean} {
		t.Run(lang, func(t *testing.T) {
			applyLanguage(lang)
			t.Cleanup(func() { applyLanguage(langEnglish) })
			th := fillsThesis()
			p := &th.Positions[0]
			day := func(d int) time.Time { return time.Date(2026, 2, d, 15, 0, 0, 0, time.UTC) }
			p.Fills = append(p.Fills,
				journal.Fill{ID: "b2", At: day(10), Action: journal.ActionBuy, Quantity: decimal.NewFromInt(10),
					Price: journal.MustMoney("120", "USD"), FXToBase: decimal.NewFromInt(1), Source: journal.FillManual},
				journal.Fill{ID: "s1", At: day(20), Action: journal.ActionSell, Quantity: decimal.NewFromInt(5),
					Price: journal.MustMoney("130", "USD"), FXToBase: decimal.NewFromInt(1), Source: journal.FillManual})
			s := usd
			h := newHarness(t, harnessOptions{settings: &s, seed: []*journal.Thesis{th}})
			at := float64(day(27).Unix())
			h.srv.SetQuote("NVDA", "AAPL", map[string]any{"currency": "USD", "regularMarketPrice": 140.0, "regularMarketTime": at})
			u := h.u
			u.showThesis("nvda")
			h.settle()
			test.Tap(u.toolbar.refreshBtn)
			h.pump("the refresh", func() bool { return u.refreshing == nil })
			h.settle()

			// Moving average: 10 × 100 + 10 × 120 = 2,200 for 20 shares, 110 a share.
			// Selling 5 at 130 brings in 650 and takes out 5 × 110 = 550: realized +100.
			// 15 are held at a cost of 1,650, worth 15 × 140 = 2,100: unrealized +450.
			// P&L 100 + 450 = +550 on 2,200 put in: +25.0 %.
			money := func(s string) string { m := journal.MustMoney(s, "USD"); return fmtSignedMoney(&m) }
			want := []string{
				tr("review.holding", map[string]any{"Side": sideText(journal.SideLong), "Qty": "15", "Avg": "$110.00"}),
				tr("review.realized", map[string]any{"Amount": money("100")}),
				tr("review.unrealized", map[string]any{"Amount": money("450")}),
				tr("review.dividends", map[string]any{"Amount": fmtSignedMoney(&journal.Money{Currency: "USD"})}),
				tr("review.return", map[string]any{"Pct": fmtPct(decimal.RequireFromString("0.25"))}),
				money("550"),
			}
			got := strings.Join(append(visibleTexts(u.review.positions), visibleTexts(u.review.parts)...), "\n")
			for _, w := range want {
				if !strings.Contains(got, w) {
					t.Errorf("the review lacks %q; it says:\n%s", w, got)
				}
			}
			// A gain is coloured as gains are in the language's convention.
			for _, o := range labelsIn(u.review.parts) {
				if o.Text == tr("review.realized", map[string]any{"Amount": money("100")}) && o.Importance != moveImportance(1) {
					t.Errorf("realized gain coloured %v", o.Importance)
				}
			}
		})
	}
}

// labelsIn returns the labels under o.
func labelsIn(o fyne.CanvasObject) []*widget.Label {
	var out []*widget.Label
	walk(o, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l)
		}
	})
	return out
}

// TestSplitFetchedAndShown opens a thesis on NVDA bought before and after its 10:1 split
// of 2024-06-10: the review asks Yahoo for the split, records it in the journal and says
// the figures are adjusted for it.
func TestSplitFetchedAndShown(t *testing.T) {
	fill := func(id string, at time.Time, a journal.Action, qty int64, price string) journal.Fill {
		return journal.Fill{ID: id, At: at, Action: a, Quantity: decimal.NewFromInt(qty),
			Price: journal.MustMoney(price, "USD"), FXToBase: decimal.NewFromInt(1), Source: journal.FillManual}
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 15, 0, 0, 0, time.UTC) }
	th := &journal.Thesis{ID: "nvda", Title: "AI capex keeps growing", Conviction: 70, Status: journal.StatusOpen,
		CreatedAt: day(3, 1), LossBudget: journal.MustMoney("1000", "USD"),
		Positions: []journal.Position{{Symbol: "NVDA", Side: journal.SideLong, Fills: []journal.Fill{
			fill("b1", day(3, 4), journal.ActionBuy, 10, "900"),
			fill("b2", day(6, 12), journal.ActionBuy, 50, "120"),
		}}}}
	s := usd
	h := newHarness(t, harnessOptions{settings: &s, seed: []*journal.Thesis{th}})
	h.srv.UseChart(yahootest.NVDAEvents)
	h.u.showThesis("nvda")
	h.settle()
	h.pump("the split", func() bool { return len(h.u.corpActions["NVDA"]) == 1 })
	h.settle()
	acts, err := h.store().CorporateActions(context.Background())
	if err != nil || len(acts) != 1 || acts[0].ID != "NVDA:split:2024-06-10" {
		t.Fatalf("the journal's splits: %v %v", acts, err)
	}
	want := tr("review.split_adjusted", map[string]any{"Ratio": "10:1", "Date": fmtDate(journal.Date{Year: 2024, Month: 6, Day: 10})})
	// 10 bought before the split are 100 of today's shares: 150 held in all.
	holding := tr("review.holding", map[string]any{"Side": sideText(journal.SideLong), "Qty": "150", "Avg": "$100.00"})
	got := strings.Join(append(visibleTexts(h.u.review.positions), visibleTexts(h.u.review.parts)...), "\n")
	for _, w := range []string{want, holding} {
		if !strings.Contains(got, w) {
			t.Errorf("the review lacks %q; it says:\n%s", w, got)
		}
	}
}
