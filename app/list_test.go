package app

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/shopspring/decimal"

	"hindsight/journal"
)

// manyTheses makes n theses, one hour apart, alternating open and wrong, tagged by
// parity, half of them past their review date.
func manyTheses(n int) []*journal.Thesis {
	out := make([]*journal.Thesis, n)
	for i := range out {
		at := oldDate.Add(time.Duration(i) * time.Hour)
		t := &journal.Thesis{
			ID: fmt.Sprintf("t%04d", i), Title: fmt.Sprintf("논지 %04d", i), Conviction: 50, Status: journal.StatusOpen,
			CreatedAt: at, Tags: []string{[]string{"even", "odd"}[i%2]},
			LossBudget: journal.MustMoney("100", "USD"),
			Positions: []journal.Position{onePosition("AAPL", journal.SideLong, decimal.NewFromInt(1),
				journal.MustMoney(fmt.Sprint(100+i%50), "USD"), at, decimal.NewFromInt(1))},
		}
		if i%2 == 1 {
			t.Status = journal.StatusWrong
		}
		if i%4 == 0 {
			t.ReviewBy = journal.DateOf(at.AddDate(0, 1, 0))
		}
		out[i] = t
	}
	return out
}

// TestListReadsRowsAsTheyShow lists a journal larger than a page: the first frame holds
// the newest page only, further pages are read when their rows scroll into view, and the
// filters narrow the list.
func TestListReadsRowsAsTheyShow(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	n := 2*pageSize + 30
	h := newHarness(t, harnessOptions{settings: &s, seed: manyTheses(n), noServer: true})
	u := h.u
	l := u.list
	if l.total != n {
		t.Fatalf("list counts %d, want %d", l.total, n)
	}
	if len(l.pages) == 0 || l.pages[0][0].ID != fmt.Sprintf("t%04d", n-1) {
		t.Fatal("the newest thesis should come first")
	}
	if _, ok := l.pages[2]; ok {
		t.Error("the last page was read before anyone scrolled to it")
	}
	l.list.ScrollToBottom()
	h.settle()
	if last := l.at(n - 1); last == nil || last.ID != "t0000" {
		t.Fatalf("scrolling to the end did not read the oldest thesis: %v", last)
	}

	// Row figures: P&L from the prices the journal holds.
	row := newThesisRow()
	first := l.at(0)
	row.set(first, u.figureOf(first), h.clock.Now())
	if row.title.Text != first.Title || row.meta.Text != "AAPL" || row.status.Text != statusText(first.Status) {
		t.Errorf("row shows %q / %q / %q", row.title.Text, row.meta.Text, row.status.Text)
	}

	tests := []struct {
		name  string
		setup func()
		want  int
	}{
		{"status wrong", func() { l.status.SetSelectedIndex(indexOf(l.statusKeys, string(journal.StatusWrong))) }, n / 2},
		{"due for review", func() { l.status.SetSelectedIndex(indexOf(l.statusKeys, filterDue)) }, countDue(manyTheses(n), h.clock.Now())},
		{"tag even, all statuses", func() {
			l.status.SetSelectedIndex(0)
			l.tag.SetSelectedIndex(indexOf(l.tags, "even") + 1)
		}, n / 2},
		{"search within the tag", func() { test.Type(u.toolbar.search, "0012"); u.toolbar.flushSearch() }, 1},
		{"everything again", func() { l.showAll() }, n},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.setup()
			h.settle()
			if l.total != tc.want {
				t.Errorf("%d theses listed, want %d", l.total, tc.want)
			}
		})
	}
}

func indexOf(ss []string, s string) int {
	for i, v := range ss {
		if v == s {
			return i
		}
	}
	return -1
}

func countDue(ts []*journal.Thesis, now time.Time) int {
	n := 0
	for _, t := range ts {
		if t.Status == journal.StatusOpen && !t.ReviewBy.IsZero() && !journal.DateOf(now.Local()).Before(t.ReviewBy) {
			n++
		}
	}
	return n
}

// TestDeleteAsksAndUndoes deletes the thesis shown with the Delete key after confirming,
// and brings it back, unchanged, with Undo.
func TestDeleteAsksAndUndoes(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	seed := manyTheses(3)
	seed[1].Reviews = []journal.Review{{At: oldDate.Add(48 * time.Hour), Verdict: journal.VerdictWrong, Note: "틀렸다"}}
	h := newHarness(t, harnessOptions{settings: &s, seed: seed, noServer: true})
	u := h.u
	u.showThesis("t0001")
	h.settle()
	before := h.get("t0001")

	h.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if h.topOverlay() == nil {
		t.Fatal("Delete did not ask first")
	}
	h.tapDialogButton(tr("dialog.cancel"))
	h.settle()
	if len(h.all()) != 3 {
		t.Fatal("cancelling still deleted")
	}

	h.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyDelete})
	h.tapDialogButton(tr("delete.confirm"))
	h.settle()
	if len(h.all()) != 2 || u.list.total != 2 {
		t.Fatalf("after delete: %d stored, %d listed", len(h.all()), u.list.total)
	}
	if !u.status.undo.Visible() {
		t.Fatal("no undo offered")
	}
	test.Tap(u.status.undo)
	h.settle()
	after := h.get("t0001")
	if !sameJSONForTest(before, after) {
		t.Errorf("undo changed the thesis:\n%+v\n%+v", before, after)
	}
	if u.list.total != 3 || u.review.thesis == nil || u.review.thesis.ID != "t0001" {
		t.Error("the restored thesis is not listed and shown")
	}
}
