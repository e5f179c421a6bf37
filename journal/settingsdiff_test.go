package journal_test

import (
	"testing"

	"hindsight/journal"
)

func TestDiffSettings(t *testing.T) {
	mine := journal.Settings{BaseCurrency: "KRW", TotalLossBudget: journal.MustMoney("10000000", "KRW"), Author: "김"}
	file := journal.Settings{BaseCurrency: "USD", TotalLossBudget: journal.MustMoney("10000000", "KRW"), Benchmark: "^GSPC"}
	got := journal.DiffSettings(mine, file)
	want := []journal.SettingsChange{
		{Field: "base_currency", Journal: "KRW", File: "USD"},
		{Field: "benchmark", Journal: "none", File: "^GSPC"},
		{Field: "author", Journal: "김", File: "none"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if d := journal.DiffSettings(mine, mine); len(d) != 0 {
		t.Errorf("same settings differ: %+v", d)
	}
	other := mine
	other.TotalLossBudget = journal.MustMoney("10000000.0", "KRW")
	if d := journal.DiffSettings(mine, other); len(d) != 0 {
		t.Errorf("equal amounts written differently count as a difference: %+v", d)
	}
}
