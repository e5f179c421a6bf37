package app

import (
	"testing"
	"time"

	"hindsight/journal"
)

// TestRulesOfTextAndDatesTranslated: the rules about control characters, UTF-8, the
// range of years and symbols without a letter are shown in the UI language.
func TestRulesOfTextAndDatesTranslated(t *testing.T) {
	th := &journal.Thesis{
		Title: "red\x1b[31m", Body: "a\x07", Tags: []string{"bad\xff"}, Status: journal.StatusOpen,
		CreatedAt: time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC), Benchmark: "..",
	}
	err := th.Validate()
	v, ok := asValidation(err)
	if !ok {
		t.Fatalf("Validate = %v", err)
	}
	for _, field := range []string{"title", "body", "tags[0]", "created_at", "benchmark"} {
		rule := v.Field(field)
		if _, _, ok := ruleKey(rule); rule == "" || !ok {
			t.Errorf("%s: rule %q has no translation", field, rule)
		}
	}
	if _, err := journal.ParseSymbol(".A"); err != nil {
		if _, _, ok := ruleKey(journal.ErrorMessage(err)); !ok {
			t.Errorf("%q has no translation", journal.ErrorMessage(err))
		}
	}
}
