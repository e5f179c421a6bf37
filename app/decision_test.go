package app

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

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
