package app

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/shopspring/decimal"

	"hindsight/assets"
	"hindsight/journal"
)

// catalogue reads a translation file as the app ships it.
func catalogue(t *testing.T, lang string) map[string]any {
	t.Helper()
	b, err := assets.Translations.ReadFile(translationsDir + "/" + lang + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestValidationBesideFields(t *testing.T) {
	applyLanguage(langEnglish)
	t.Cleanup(func() { applyLanguage(langEnglish) })
	s := usd
	h := newHarness(t, harnessOptions{settings: &s, noServer: true})
	h.u.newThesis()
	e := h.u.editor

	test.Tap(e.saveBtn)
	h.settle()
	if !e.active || len(h.all()) != 0 {
		t.Fatal("an empty thesis must not be saved")
	}
	if e.titleErr.Text != tr("rule.empty") || !e.titleErr.Visible() {
		t.Errorf("title error %q (visible %v)", e.titleErr.Text, e.titleErr.Visible())
	}
	if !e.formErr.Visible() || e.formErr.Text != tr("editor.fix_errors") {
		t.Errorf("form error %q", e.formErr.Text)
	}

	// Once a save was refused, the form checks itself as the person types.
	test.Type(e.title, "금리 인하가 은행 마진을 줄인다")
	if e.titleErr.Visible() {
		t.Errorf("title error still shown: %q", e.titleErr.Text)
	}

	tests := []struct {
		name  string
		setup func()
		label func() string
		want  string
	}{
		{"amount not a number", func() { typeInto(e.budget, "삼백만") }, func() string { return e.budgetErr.Text }, tr("editor.bad_amount")},
		{"date not ISO", func() { e.reviewBy.setText("31/12/2026") }, func() string { return e.reviewByErr.Text },
			tr("editor.bad_date", map[string]any{"Text": "31/12/2026"})},
		{"review before written", func() { e.reviewBy.setText("2020-01-01") }, func() string { return e.reviewByErr.Text },
			tr("rule.review_before", map[string]any{"A": fmtDate(journal.DateOf(h.clock.Now()))})},
		{"position without budget", func() {
			typeInto(e.budget, "")
			e.reviewBy.setText("")
			test.Tap(e.addPosBtn)
			test.Type(e.positions[0].symbol, "NVDA")
			ff := e.positions[0].editFill(-1)
			test.Type(ff.qty, "10")
			test.Type(ff.price, "120")
			ff.date.setText("2026-03-02")
			test.Tap(ff.save)
		}, func() string { return e.budgetErr.Text }, tr("rule.budget_needed")},
		{"quantity zero", func() {
			// A fill the dialog would refuse, as an imported or older one may be.
			e.positions[0].fills[0].Quantity = decimal.Zero
			e.positions[0].changed()
		}, func() string { return e.positions[0].fillErr[0].Text },
			tr("position.field.quantity") + ": " + tr("rule.positive")},
		{"sold more than held", func() {
			e.positions[0].fills[0].Quantity = decimal.NewFromInt(10)
			r := e.positions[0]
			r.fills = append(r.fills, journal.Fill{ID: "sell1", At: r.fills[0].At.Add(24 * time.Hour), Action: journal.ActionSell,
				Quantity: decimal.NewFromInt(15), Price: journal.MustMoney("130", "USD"), Source: journal.FillManual})
			typeInto(e.budget, "1,000")
			r.changed()
		}, func() string { return e.positions[0].fillErr[1].Text },
			tr("rule.oversold", map[string]any{"A": "15", "B": "2026-03-03", "C": "10"})},
		{"bad symbol", func() { typeInto(e.positions[0].symbol, "NV DA") }, func() string { return e.positions[0].err.Text },
			tr("position.field.symbol") + ": " + tr("rule.symbol_chars", map[string]any{"A": "NV DA"})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup()
			}
			h.settle()
			if got := tc.label(); !strings.Contains(got, tc.want) {
				t.Errorf("shows %q, want it to say %q", got, tc.want)
			}
		})
	}

	// In Korean the same problems are told in Korean, beside the same fields.
	ko := catalogue(t, langKorean)
	applyLanguage(langKorean)
	typeInto(e.budget, "")
	typeInto(e.title, "")
	h.settle()
	if want := ko["rule.empty"].(string); e.titleErr.Text != want {
		t.Errorf("Korean title error %q, want %q", e.titleErr.Text, want)
	}
	if want := ko["rule.budget_needed"].(string); e.budgetErr.Text != want {
		t.Errorf("Korean budget error %q, want %q", e.budgetErr.Text, want)
	}
}

// TestRuleTexts checks that every rule journal.Validate can break has a translation, by
// breaking them and reading the messages back.
func TestRuleTexts(t *testing.T) {
	applyLanguage(langEnglish)
	now := testStart
	bad := &journal.Thesis{
		Title: strings.Repeat("가", journal.MaxTitle+1), Conviction: 120, Tags: []string{"a,b"}, Status: "open",
		CreatedAt: now, ReviewBy: journal.Date{Year: 2020, Month: 1, Day: 1},
		LossBudget: journal.Money{Currency: "XXX"},
		Positions: []journal.Position{
			{Symbol: "", Side: journal.SideLong, Fills: []journal.Fill{
				{ID: "f1", At: now, Action: "hold", Price: journal.Money{}, Source: journal.FillManual},
				{ID: "f2", At: now, Action: journal.ActionSell, Quantity: decimal.NewFromInt(1), Price: journal.MustMoney("1", "EUR"),
					Fees: journal.MustMoney("-1", "EUR"), Source: journal.FillManual}},
				Dividends: []journal.Dividend{{ID: "d1", At: now, Source: journal.FillManual}}},
			{Symbol: "TOO-LONG-SYMBOL-NAME-123", Side: journal.SideLong},
		},
		Snapshots: []journal.Snapshot{{Symbol: "A", Price: journal.MustMoney("-1", "USD"), At: now, Source: journal.SourceManual}},
	}
	err := bad.Validate()
	v, ok := asValidation(err)
	if !ok {
		t.Fatalf("validate: %v", err)
	}
	problems := v.Problems
	// Fills that pass one by one but sell more than is held, on a long and a short.
	over := &journal.Thesis{Positions: []journal.Position{
		onePosition("A", journal.SideLong, decimal.NewFromInt(1), journal.MustMoney("1", "USD"), now, decimal.NewFromInt(1)),
		onePosition("B", journal.SideShort, decimal.NewFromInt(1), journal.MustMoney("1", "USD"), now, decimal.NewFromInt(1)),
	}}
	for i, a := range []journal.Action{journal.ActionSell, journal.ActionBuy} {
		over.Positions[i].Fills = append(over.Positions[i].Fills, journal.Fill{ID: "x" + string(a), At: now.Add(time.Hour), Action: a,
			Quantity: decimal.NewFromInt(2), Price: journal.MustMoney("1", "USD"), Source: journal.FillManual})
	}
	lv, ok := asValidation(over.ValidateLedger(nil))
	if !ok || len(lv.Problems) != 2 {
		t.Fatalf("ledger problems %v", lv)
	}
	for _, p := range append(problems, lv.Problems...) {
		if _, _, ok := ruleKey(p.Rule); !ok {
			t.Errorf("%s: rule %q has no translation", p.Field, p.Rule)
		}
	}
}
