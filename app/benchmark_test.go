package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"hindsight/journal/demo"
)

// TestBenchmarkChoiceIsSavedWithTheThesis picks another benchmark in the review by typing
// it: only the symbol the box rests on is saved with the thesis (no revision, as it is
// not part of the claim), the review compares with it when the thesis is shown again,
// and choosing the journal's default benchmark clears the thesis's own.
func TestBenchmarkChoiceIsSavedWithTheThesis(t *testing.T) {
	applyLanguage(langEnglish)
	saved := benchmarkSaveDelay
	benchmarkSaveDelay = 20 * time.Millisecond
	defer func() { benchmarkSaveDelay = saved }()
	s := demo.Settings() // base KRW: the default benchmark is ^KS11
	h := newHarness(t, harnessOptions{settings: &s, seed: demo.Theses(), noServer: true})
	const id = "demo-deepseek"
	before := h.get(id)
	if before.Benchmark != "" {
		t.Fatalf("demo thesis starts with benchmark %q", before.Benchmark)
	}
	h.u.showThesis(id)
	h.settle()
	r := h.u.review
	if r.benchSel.Text != "^KS11" {
		t.Fatalf("benchmark box shows %q, want the journal's default", r.benchSel.Text)
	}

	r.benchSel.SetText("")
	test.Type(r.benchSel, "^gspc")
	h.settle()
	after := h.get(id)
	if after.Benchmark != "^GSPC" {
		t.Fatalf("saved benchmark %q, want ^GSPC", after.Benchmark)
	}
	if len(after.Revisions) != len(before.Revisions) {
		t.Errorf("choosing a benchmark added a revision: %d → %d", len(before.Revisions), len(after.Revisions))
	}

	// Shown again (after another thesis), the review compares with the saved choice.
	h.u.showThesis("demo-oil")
	h.settle()
	if r.thesis == nil || r.thesis.ID != "demo-oil" {
		t.Fatal("the other thesis is not shown")
	}
	h.settle()
	h.u.showThesis(id)
	h.settle()
	if r.benchSel.Text != "^GSPC" || r.benchmark() != "^GSPC" {
		t.Fatalf("shown again, the review compares with %q (box %q)", r.benchmark(), r.benchSel.Text)
	}

	// Back to the journal's default: the thesis no longer carries its own.
	r.benchSel.SetText("^KS11")
	h.settle()
	if got := h.get(id).Benchmark; got != "" {
		t.Errorf("after choosing the default the thesis keeps %q", got)
	}
}
