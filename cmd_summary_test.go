package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// closedLosses holds two theses judged wrong and sold at a loss: $300 this year (the
// tests' clock stands in November 2026) and $500 in 2025.
const closedLosses = `{"format":"hindsight-journal","version":1,"settings":{"base_currency":"USD"},"theses":[
{"id":"sold-2026","title":"sold this year","created_at":"2026-01-05T00:00:00Z","conviction":50,"status":"wrong","loss_budget":{"amount":"1000","currency":"USD"},
 "positions":[{"symbol":"AAA","side":"long","quantity":"10","entry_price":{"amount":"100","currency":"USD"},
  "entered_at":"2026-01-05T15:00:00Z","exit_price":{"amount":"70","currency":"USD"},"exited_at":"2026-03-02T15:00:00Z","fx_to_base":"1"}]},
{"id":"sold-2025","title":"sold last year","created_at":"2025-01-05T00:00:00Z","conviction":50,"status":"wrong","loss_budget":{"amount":"1000","currency":"USD"},
 "positions":[{"symbol":"BBB","side":"long","quantity":"10","entry_price":{"amount":"100","currency":"USD"},
  "entered_at":"2025-01-05T15:00:00Z","exit_price":{"amount":"50","currency":"USD"},"exited_at":"2025-06-02T15:00:00Z","fx_to_base":"1"}]}]}`

// TestSummaryCountsClosedLosses shows the losses taken on closed theses, this year and
// all time, in the summary's text and JSON.
func TestSummaryCountsClosedLosses(t *testing.T) {
	db := filepath.Join(t.TempDir(), "journal.db")
	file := filepath.Join(t.TempDir(), "closed.json")
	if err := os.WriteFile(file, []byte(closedLosses), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := hs(t, db, "", "import", file); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	out, errs, code := hs(t, db, "", "summary", "--offline")
	if code != 0 {
		t.Fatalf("summary: %d %s", code, errs)
	}
	for _, want := range []string{"Lost this year:          $300.00", "Lost all time:           $800.00"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = hs(t, db, "", "summary", "--json", "--offline")
	m := checkOutput(t, "summary", "summary_output", out)
	for k, want := range map[string]string{"lost": "map[amount:0 currency:USD]",
		"lost_this_year": "map[amount:300 currency:USD]", "lost_all_time": "map[amount:800 currency:USD]"} {
		if got := fmt.Sprint(dig(m, "summary", k)); got != want {
			t.Errorf("summary.%s = %s, want %s", k, got, want)
		}
	}
}
