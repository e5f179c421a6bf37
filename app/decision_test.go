package app

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hindsight/journal"
)

// TestPreMortemAndBaseRateKeptInRevisions types a pre-mortem risk and a base rate, saves,
// edits both and saves again: the thesis holds the new ones and its revision the earlier.
func TestPreMortemAndBaseRateKeptInRevisions(t *testing.T) {
	s := usd
	h := newHarness(t, harnessOptions{settings: &s, seed: []*journal.Thesis{fillsThesis()}, noServer: true})
	u := h.u
	u.editThesis(h.get("nvda"))
	h.settle()
	e := u.editor
	test.Type(e.dec.risks[0].entry, "hyperscalers cut capex")
	test.Type(e.dec.baseRate, "30")
	saved := saveEditor(t, h)
	if !slices.Equal(saved.PreMortem, []string{"hyperscalers cut capex"}) || saved.BaseRate == nil || *saved.BaseRate != 30 {
		t.Fatalf("saved pre-mortem %q, base rate %v", saved.PreMortem, saved.BaseRate)
	}

	h.clock.Add(time.Hour)
	u.editThesis(saved)
	h.settle()
	if got := e.dec.risks[0].entry.Text; got != "hyperscalers cut capex" {
		t.Fatalf("form shows risk %q", got)
	}
	test.Tap(e.dec.addRisk)
	test.Type(e.dec.risks[1].entry, "export ban")
	typeInto(e.dec.baseRate, "40")
	saved = saveEditor(t, h)
	if !slices.Equal(saved.PreMortem, []string{"hyperscalers cut capex", "export ban"}) || *saved.BaseRate != 40 {
		t.Fatalf("saved pre-mortem %q, base rate %d", saved.PreMortem, *saved.BaseRate)
	}
	last := saved.Revisions[len(saved.Revisions)-1]
	if !slices.Equal(last.PreMortem, []string{"hyperscalers cut capex"}) || last.BaseRate == nil || *last.BaseRate != 30 {
		t.Fatalf("revision keeps pre-mortem %q, base rate %v", last.PreMortem, last.BaseRate)
	}
}

// TestBaseRateAndLevelValidated refuses a base rate over 100 and a level without a
// readable price, each beside its field, and keeps them in the draft.
func TestBaseRateAndLevelValidated(t *testing.T) {
	s := usd
	h := newHarness(t, harnessOptions{settings: &s, seed: []*journal.Thesis{fillsThesis()}, noServer: true})
	u := h.u
	u.editThesis(h.get("nvda"))
	h.settle()
	e := u.editor
	test.Type(e.dec.baseRate, "130")
	test.Tap(e.dec.addLevel)
	r := e.dec.levels[0]
	test.Type(r.symbol, "NVDA")
	test.Type(r.price, "abc")
	test.Tap(e.saveBtn)
	h.settle()
	if !e.active {
		t.Fatal("the form saved a base rate of 130 and a level without a price")
	}
	if !e.dec.baseErr.Visible() || !strings.Contains(e.dec.baseErr.Text, "130") {
		t.Errorf("base rate error %q", e.dec.baseErr.Text)
	}
	if !r.err.Visible() || !strings.Contains(r.err.Text, tr("editor.bad_amount")) {
		t.Errorf("level error %q", r.err.Text)
	}
	typeInto(r.price, "0")
	h.settle()
	if !strings.Contains(r.err.Text, ruleText("must be greater than zero")) {
		t.Errorf("level error for 0: %q", r.err.Text)
	}

	e.saveDraftNow()
	var d draft
	if err := json.Unmarshal([]byte(u.prefs.String(prefDraft)), &d); err != nil {
		t.Fatal(err)
	}
	if d.BaseRate != "130" || len(d.Levels) != 1 || d.Levels[0].Symbol != "NVDA" || d.Levels[0].Price != "0" || !d.Levels[0].Close {
		t.Fatalf("draft keeps base rate %q, levels %+v", d.BaseRate, d.Levels)
	}

	typeInto(e.dec.baseRate, "30")
	typeInto(r.price, "90")
	r.when.SetSelectedIndex(0)
	saved := saveEditor(t, h)
	want := journal.Level{Symbol: "NVDA", When: journal.LevelBelow, Price: journal.MustMoney("90", "USD"), Close: true}
	if len(saved.Levels) != 1 || saved.Levels[0].Key() != want.Key() {
		t.Fatalf("saved levels %+v", saved.Levels)
	}
}

// TestRecordReviewWithQualityAndRisks records a review graded 4 in which the second
// pre-mortem risk happened: both are stored and the review lists them.
func TestRecordReviewWithQualityAndRisks(t *testing.T) {
	s := usd
	th := fillsThesis()
	th.PreMortem = []string{"hyperscalers cut capex", "export ban"}
	h := newHarness(t, harnessOptions{settings: &s, seed: []*journal.Thesis{th}, noServer: true})
	u := h.u
	u.showThesis("nvda")
	h.settle()
	test.Tap(u.review.recordBtn)
	f := u.reviewForm
	if f == nil {
		t.Fatal("no review form opened")
	}
	f.verdict.SetSelected(verdictText(journal.VerdictWrong))
	f.quality.SetSelected(qualityOption(4))
	if len(f.risks) != 2 {
		t.Fatalf("%d risks offered", len(f.risks))
	}
	test.Tap(f.risks[1])
	test.Tap(f.saveBtn)
	h.pump("the review to save", func() bool { return f.done })
	h.settle()
	rv := h.get("nvda").Reviews[0]
	if rv.Quality != 4 || !slices.Equal(rv.Risks, []int{1}) {
		t.Fatalf("stored quality %d, risks %v", rv.Quality, rv.Risks)
	}
	text := u.review.reviews.Text
	for _, want := range []string{"decision quality 4/5", "risks that happened: export ban"} {
		if !strings.Contains(text, want) {
			t.Errorf("reviews show %q, want %q", text, want)
		}
	}
}

// TestLinkShownOnBothTheses links a thesis to an earlier one in the form: the review of
// each names the other, and tapping the name opens it.
func TestLinkShownOnBothTheses(t *testing.T) {
	s := usd
	first := fillsThesis()
	second := &journal.Thesis{ID: "nvda2", Title: "Blackwell ramps", Conviction: 55, Status: journal.StatusOpen,
		CreatedAt: first.CreatedAt.Add(24 * time.Hour), BaseRate: new(int)}
	*second.BaseRate = 35
	h := newHarness(t, harnessOptions{settings: &s, seed: []*journal.Thesis{first, second}, noServer: true})
	u := h.u
	u.editThesis(h.get("nvda2"))
	h.settle()
	e := u.editor
	i := slices.Index(e.dec.linkIDs, "nvda")
	if i < 0 || slices.Contains(e.dec.linkIDs, "nvda2") {
		t.Fatalf("link choices %v", e.dec.linkIDs)
	}
	e.dec.linkKind.SetSelectedIndex(0)
	e.dec.linkTo.SetSelectedIndex(i)
	test.Tap(e.dec.addLink)
	test.Tap(e.saveBtn)
	h.pump("the save", func() bool { return !e.active })
	h.settle()
	if got := h.get("nvda2").Links; len(got) != 1 || got[0] != (journal.Link{Kind: journal.LinkFollowsUp, To: "nvda"}) {
		t.Fatalf("stored links %+v", got)
	}
	if !strings.Contains(u.review.meta.Text, "conviction 55 %, base rate 35 %") {
		t.Errorf("meta line %q", u.review.meta.Text)
	}
	if got := strings.Join(visibleTexts(u.review.links), "|"); !strings.Contains(got, "follows up: AI demand keeps growing") {
		t.Errorf("links of the second thesis: %q", got)
	}
	u.showThesis("nvda")
	h.settle()
	back := linkLabelsIn(u.review.links)
	if len(back) != 1 || back[0].label.Text != "followed up by: Blackwell ramps" {
		t.Fatalf("links of the first thesis: %q", visibleTexts(u.review.links))
	}
	test.Tap(back[0])
	h.settle()
	if u.review.thesis == nil || u.review.thesis.ID != "nvda2" {
		t.Errorf("tapping the link opened %v", u.review.thesis)
	}
}

// linkLabelsIn returns the tappable labels inside o.
func linkLabelsIn(o fyne.CanvasObject) []*linkLabel {
	var out []*linkLabel
	walk(o, func(o fyne.CanvasObject) {
		if l, ok := o.(*linkLabel); ok {
			out = append(out, l)
		}
	})
	return out
}

// decisionSeed is a journal whose 2×2, worked out by hand, holds 2 skill (a, e), 1 luck
// (c), 1 bad luck (b), 1 deserved loss (d), 1 in between (f: graded 3) and 1 not graded
// (g); h is too early and i never reviewed. a was judged in Q4 2025 with conviction 80
// and played out: a Brier score of (0.8 − 1)² = 0.040 for that quarter.
func decisionSeed() []*journal.Thesis {
	made := time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC)
	q1 := time.Date(2026, 2, 10, 12, 0, 0, 0, time.UTC)
	th := func(id string, conv, quality int, v journal.Verdict, at time.Time) *journal.Thesis {
		t := &journal.Thesis{ID: id, Title: "Thesis " + id, Conviction: conv, Status: journal.StatusOpen, CreatedAt: made}
		if v != "" {
			t.Reviews = []journal.Review{{At: at, Verdict: v, Quality: quality}}
		}
		return t
	}
	return []*journal.Thesis{
		th("a", 80, 5, journal.VerdictPlayedOut, time.Date(2025, 11, 20, 12, 0, 0, 0, time.UTC)),
		th("b", 70, 4, journal.VerdictWrong, q1),
		th("c", 60, 2, journal.VerdictPlayedOut, q1),
		th("d", 90, 1, journal.VerdictWrong, q1),
		th("e", 50, 4, journal.VerdictPlayedOut, q1),
		th("f", 50, 3, journal.VerdictWrong, q1),
		th("g", 50, 0, journal.VerdictWrong, q1),
		th("h", 50, 5, journal.VerdictTooEarly, q1),
		th("i", 50, 0, "", q1),
	}
}

// TestDashboardDecisionMatrix shows the 2×2 with its counts and titles, the theses in
// between and not graded, and the Brier score by quarter.
func TestDashboardDecisionMatrix(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	h := newHarness(t, harnessOptions{settings: &s, seed: decisionSeed(), noServer: true})
	u := h.u
	u.left.SelectIndex(1)
	h.settle()
	p := &u.dash.decPanels
	want := map[journal.DecisionCell][]string{
		journal.CellSkill: {"Skill · 2", "Thesis a", "Thesis e"}, journal.CellLuck: {"Luck · 1", "Thesis c"},
		journal.CellBadLuck: {"Bad luck · 1", "Thesis b"}, journal.CellDeservedLoss: {"Deserved loss · 1", "Thesis d"},
	}
	for i, cell := range decisionCells {
		got := visibleTexts(p.cells[i])
		for _, w := range want[cell] {
			if !slices.ContainsFunc(got, func(s string) bool { return strings.HasSuffix(s, w) }) {
				t.Errorf("cell %s shows %q, want %q", cell, got, w)
			}
		}
	}
	if got := p.others.Text; got != "In between (graded 3 or mixed): 1 · not graded: 1" {
		t.Errorf("others: %q", got)
	}
	// Tapping a title opens the thesis.
	links := linkLabelsIn(p.cells[2])
	if len(links) != 1 {
		t.Fatalf("%d titles in the luck cell", len(links))
	}
	test.Tap(links[0])
	h.settle()
	if u.review.thesis == nil || u.review.thesis.ID != "c" {
		t.Errorf("tapping opened %v", u.review.thesis)
	}
	table := visibleTexts(p.brier)
	for _, w := range []string{"Q4 2025", "Q1 2026", "0.040"} {
		if !slices.Contains(table, w) {
			t.Errorf("calibration table %q lacks %q", table, w)
		}
	}
}
