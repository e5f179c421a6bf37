package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestTickerNames freezes a quote whose source names the instrument: the form and the
// review show "005930.KS 삼성전자", and the name is stored with the snapshot.
func TestTickerNames(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	h := newHarness(t, harnessOptions{settings: &s})
	h.srv.SetQuote("005930.KS", "AAPL", map[string]any{"shortName": "삼성전자", "currency": "KRW", "regularMarketPrice": 55000})
	u := h.u
	h.shortcut(fyne.KeyN)
	e := u.editor
	test.Type(e.title, "반도체 회복")
	test.Type(e.symbol, "005930.KS")
	enter(e.symbol)
	h.pump("the quote", func() bool { return len(e.snapshots) == 1 })
	if got := strings.Join(visibleTexts(e.snapBox), "\n"); !strings.Contains(got, "005930.KS 삼성전자") {
		t.Errorf("the form's snapshot lines say %q", got)
	}
	test.Tap(e.snapAdd[0])
	ff := u.fillForm
	test.Type(ff.qty, "10")
	typeInto(ff.fx, "0.00075")
	test.Tap(ff.save)
	test.Type(e.budget, "300")
	h.shortcut(fyne.KeyS)
	h.settle()
	h.tapDialogButton(tr("editor.save_anyway")) // no expectation, invalidation or review date
	h.settle()
	if e.active {
		t.Fatalf("not saved: %q", visibleTexts(e.content))
	}
	saved := h.all()
	if len(saved) != 1 || len(saved[0].Snapshots) != 1 || saved[0].Snapshots[0].Name != "삼성전자" {
		t.Fatalf("stored snapshots %+v", saved)
	}
	u.showThesis(saved[0].ID)
	h.settle()
	got := strings.Join(visibleTexts(u.review.snapshots), "\n") + "\n" + strings.Join(visibleTexts(u.review.positions), "\n")
	if strings.Count(got, "005930.KS 삼성전자") < 2 {
		t.Errorf("the review's snapshots and positions say %q", got)
	}
}
