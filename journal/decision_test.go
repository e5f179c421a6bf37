package journal_test

import (
	"slices"
	"testing"
	"time"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

func reviewed(id string, conviction int, reviews ...journal.Review) *journal.Thesis {
	return &journal.Thesis{ID: id, Title: id, Conviction: conviction, Status: journal.StatusOpen, Reviews: reviews}
}

func graded(v journal.Verdict, quality int, at time.Time) journal.Review {
	return journal.Review{At: at, Verdict: v, Quality: quality}
}

func TestDecisionMatrix(t *testing.T) {
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	theses := []*journal.Thesis{
		reviewed("s1", 70, graded(journal.VerdictPlayedOut, 5, at)),
		reviewed("l1", 70, graded(journal.VerdictPlayedOut, 2, at)),
		reviewed("b1", 70, graded(journal.VerdictWrong, 4, at)),
		reviewed("d1", 70, graded(journal.VerdictWrong, 1, at)),
		reviewed("s2", 70, graded(journal.VerdictPlayedOut, 4, at)),
		reviewed("n1", 70, graded(journal.VerdictPlayedOut, 3, at)), // quality 3: neither
		reviewed("n2", 70, graded(journal.VerdictMixed, 5, at)),     // mixed: neither
		reviewed("x1", 70, graded(journal.VerdictPlayedOut, 0, at)), // not graded
		reviewed("x2", 70, graded(journal.VerdictTooEarly, 5, at)),  // not judged
		reviewed("x3", 70),
		// Only the latest review counts: graded before, not now.
		reviewed("x4", 70, graded(journal.VerdictPlayedOut, 5, at), graded(journal.VerdictWrong, 0, at.Add(time.Hour))),
		// And the other way round.
		reviewed("d2", 70, graded(journal.VerdictPlayedOut, 5, at), graded(journal.VerdictWrong, 2, at.Add(time.Hour))),
		nil,
	}
	m := journal.DecisionMatrix(theses)
	tests := []struct {
		name string
		cell journal.MatrixCell
		want []string
	}{
		{"skill", m.Skill, []string{"s1", "s2"}},
		{"luck", m.Luck, []string{"l1"}},
		{"bad_luck", m.BadLuck, []string{"b1"}},
		{"deserved_loss", m.DeservedLoss, []string{"d1", "d2"}},
		{"neither", m.Neither, []string{"n1", "n2"}},
	}
	for _, tt := range tests {
		if tt.cell.Count != len(tt.want) || !slices.Equal(tt.cell.IDs, tt.want) {
			t.Errorf("%s = %d %q, want %q", tt.name, tt.cell.Count, tt.cell.IDs, tt.want)
		}
		if c := m.Cell(journal.DecisionCell(tt.name)); tt.name != "neither" && (c == nil || !slices.Equal(c.IDs, tt.want)) {
			t.Errorf("Cell(%s) = %+v", tt.name, c)
		}
	}
	if m.Cell("other") != nil {
		t.Error("Cell of an unknown name is not nil")
	}
}

func TestRollingBrier(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC) }
	revised := reviewed("f", 40, graded(journal.VerdictPlayedOut, 0, day(2026, 1, 20)))
	revised.Revisions = []journal.Revision{{At: day(2025, 12, 1), Title: "f", Conviction: 90}} // stated 90 %
	theses := []*journal.Thesis{
		reviewed("a", 80, graded(journal.VerdictPlayedOut, 0, day(2025, 2, 10))),                          // (0.8 − 1)² = 0.04
		reviewed("b", 60, graded(journal.VerdictWrong, 0, time.Date(2025, 3, 31, 23, 0, 0, 0, time.UTC))), // 0.36, still Q1 in UTC
		reviewed("c", 70, graded(journal.VerdictMixed, 0, day(2025, 8, 1))),                               // (0.7 − 0.5)² = 0.04
		reviewed("d", 90, graded(journal.VerdictWrong, 0, day(2026, 1, 15))),                              // 0.81
		revised, // (0.9 − 1)² = 0.01
		reviewed("e", 50, graded(journal.VerdictTooEarly, 0, day(2025, 5, 1))), // not judged
		reviewed("g", 50, graded(journal.VerdictWrong, 0, day(2026, 5, 2))),    // after now
		reviewed("h", 50), // never reviewed
	}
	now := day(2026, 5, 1)
	d := decimal.RequireFromString
	three := decimal.NewFromInt(3)
	want := []struct {
		name      string
		count     int
		brier     decimal.Decimal
		rollCount int
		rolling   decimal.Decimal
	}{
		{"2025Q1", 2, d("0.2"), 2, d("0.2")},              // (0.04 + 0.36) / 2
		{"2025Q2", 0, d("0"), 2, d("0.2")},                // 2024Q3–2025Q2: a, b
		{"2025Q3", 1, d("0.04"), 3, d("0.44").Div(three)}, // a, b, c: 0.44 / 3
		{"2025Q4", 0, d("0"), 3, d("0.44").Div(three)},
		{"2026Q1", 2, d("0.41"), 3, d("0.86").Div(three)}, // (0.81 + 0.01) / 2; 2025Q2–2026Q1: c, d, f
		{"2026Q2", 0, d("0"), 3, d("0.86").Div(three)},    // 2025Q3–2026Q2: c, d, f
	}
	got := journal.RollingBrier(theses, now)
	if len(got) != len(want) {
		t.Fatalf("got %d quarters %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.String() != w.name || g.Count != w.count || !g.Brier.Equal(w.brier) || g.RollingCount != w.rollCount || !g.Rolling.Equal(w.rolling) {
			t.Errorf("quarter %d = %s %d %s %d %s, want %s %d %s %d %s", i, g, g.Count, g.Brier, g.RollingCount, g.Rolling,
				w.name, w.count, w.brier, w.rollCount, w.rolling)
		}
	}
	if q := journal.RollingBrier(theses[5:], now); q != nil {
		t.Errorf("no judged thesis: %+v, want nil", q)
	}
}
