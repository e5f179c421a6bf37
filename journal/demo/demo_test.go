package demo_test

import (
	"testing"

	"hindsight/journal"
	"hindsight/journal/demo"
)

func TestDemoThesesAreValid(t *testing.T) {
	if err := demo.Settings().Validate(); err != nil {
		t.Fatalf("settings: %v", err)
	}
	seen := map[string]bool{}
	korean := 0
	for _, th := range demo.Theses() {
		th.Normalize()
		if err := th.Validate(); err != nil {
			t.Errorf("thesis %s: %v", th.ID, err)
		}
		if seen[th.ID] {
			t.Errorf("duplicate id %s", th.ID)
		}
		seen[th.ID] = true
		for _, r := range th.Title {
			if r >= 0xAC00 && r <= 0xD7A3 {
				korean++
				break
			}
		}
	}
	if len(seen) < 4 || korean < 2 {
		t.Fatalf("demo has %d theses, %d with Korean titles; want at least 4 and 2", len(seen), korean)
	}
	if demo.Theses()[0] == demo.Theses()[0] {
		t.Fatal("Theses must return fresh values each call")
	}
	_ = journal.StatusOpen
}
