package journal_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
)

var (
	m0 = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	m1 = time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC)
	m2 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	m3 = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
)

func usd(s string) journal.Money {
	return journal.Money{Amount: decimal.RequireFromString(s), Currency: "USD"}
}

func snap(sym, price string, at time.Time) journal.Snapshot {
	return journal.Snapshot{Symbol: sym, Price: usd(price), At: at, Source: journal.SourceManual}
}

// mergeBase is a thesis written at m0 and never edited.
func mergeBase() *journal.Thesis {
	return &journal.Thesis{
		ID: "t-merge", Title: "AI demand grows", Body: "body", Trigger: "release",
		Reasons: []string{"cheaper compute"}, Expectation: "NVDA above 150", Invalidation: "below 100",
		Conviction: 70, Tags: []string{"ai"}, Status: journal.StatusOpen, CreatedAt: m0,
		LossBudget: usd("500"),
		Snapshots:  []journal.Snapshot{snap("NVDA", "120", m0)},
	}
}

// claimAt is the revision holding t's claim, dated at.
func claimAt(t *journal.Thesis, at time.Time) journal.Revision {
	return journal.Revision{At: at, Title: t.Title, Expectation: t.Expectation, Invalidation: t.Invalidation,
		Conviction: t.Conviction, LossBudget: t.LossBudget}
}

// edited returns base edited at when by change, through ApplyEdit as the store does.
func edited(t *testing.T, base *journal.Thesis, when time.Time, change func(*journal.Thesis)) *journal.Thesis {
	t.Helper()
	next := base.Clone()
	change(next)
	if err := journal.ApplyEdit(base, next, when); err != nil {
		t.Fatal(err)
	}
	return next
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustMerge(t *testing.T, stored, incoming *journal.Thesis) (*journal.Thesis, journal.MergeNote) {
	t.Helper()
	out, note, err := journal.MergeThesis(stored, incoming)
	if err != nil {
		t.Fatal(err)
	}
	return out, note
}

func TestMergeThesis(t *testing.T) {
	base := mergeBase()
	// The journal: a snapshot added and the conviction lowered to 55 at m2.
	journalSide := edited(t, base, m2, func(x *journal.Thesis) {
		x.Snapshots = append(x.Snapshots, snap("NVDA", "131.5", m1))
		x.Conviction = 55
	})
	// Another copy: a review added and the conviction raised to 80 at m3, body rewritten.
	otherSide := edited(t, base, m3, func(x *journal.Thesis) {
		x.Reviews = append(x.Reviews, journal.Review{At: m1, Verdict: journal.VerdictTooEarly, Note: "wait"})
		x.Conviction = 80
		x.Body = "rewritten"
	})
	// A copy saved at the same moment as journalSide, with another title.
	tieSide := edited(t, base, m2, func(x *journal.Thesis) { x.Title = "AI demand grows a lot" })

	tests := []struct {
		name                 string
		stored, incoming     *journal.Thesis
		want                 func() *journal.Thesis
		keptIncoming         bool
		from, onlyStored     journal.MergeCounts
		claimDiffered        bool
		claimToHistory       bool
		fields               []string
		changed, tie         bool
		storedAt, incomingAt time.Time
	}{
		{
			name: "identical", stored: journalSide, incoming: journalSide.Clone(),
			want:     func() *journal.Thesis { return journalSide },
			storedAt: m2, incomingAt: m2, tie: true,
		},
		{
			// The older export: its claim (70) is in the history already, its snapshot too.
			name: "older copy changes nothing", stored: journalSide, incoming: base,
			want:       func() *journal.Thesis { return journalSide },
			onlyStored: journal.MergeCounts{Snapshots: 1, Revisions: 1},
			storedAt:   m2, incomingAt: m0, claimDiffered: true,
		},
		{
			// The newer copy into an old journal: its claim wins, the old claim goes into
			// the history dated when it was saved.
			name: "newer copy into an older journal", stored: base, incoming: otherSide,
			want: func() *journal.Thesis {
				w := otherSide.Clone()
				w.Revisions = []journal.Revision{claimAt(base, m3)} // the old claim, 70
				return w
			},
			keptIncoming: true, from: journal.MergeCounts{Reviews: 1, Revisions: 1},
			storedAt: m0, incomingAt: m3, claimDiffered: true, fields: []string{"body"}, changed: true,
		},
		{
			// Both edited since the common version: the newer claim (80) wins, the other
			// (55) joins the history at m2, every snapshot and review is kept.
			name: "diverged copies", stored: journalSide, incoming: otherSide,
			want: func() *journal.Thesis {
				w := otherSide.Clone()
				w.Snapshots = journalSide.Snapshots
				c55 := claimAt(journalSide, m2)
				// At m2 the 55 claim sorts before the 70 one by content ("55" < "70").
				w.Revisions = []journal.Revision{c55, claimAt(base, m2), claimAt(base, m3)}
				return w
			},
			keptIncoming: true, from: journal.MergeCounts{Reviews: 1, Revisions: 1},
			onlyStored: journal.MergeCounts{Snapshots: 1, Revisions: 1},
			storedAt:   m2, incomingAt: m3, claimDiffered: true, claimToHistory: true, fields: []string{"body"}, changed: true,
		},
		{
			name: "diverged copies, the other way round", stored: otherSide, incoming: journalSide,
			want: func() *journal.Thesis {
				w := otherSide.Clone()
				w.Snapshots = journalSide.Snapshots
				w.Revisions = []journal.Revision{claimAt(journalSide, m2), claimAt(base, m2), claimAt(base, m3)}
				return w
			},
			from:       journal.MergeCounts{Snapshots: 1, Revisions: 1},
			onlyStored: journal.MergeCounts{Reviews: 1, Revisions: 1},
			storedAt:   m3, incomingAt: m2, claimDiffered: true, claimToHistory: true, fields: []string{"body"}, changed: true,
		},
		{
			// Saved at the same moment: the journal is kept, the other title is not lost.
			name: "tie keeps the stored claim", stored: journalSide, incoming: tieSide,
			want: func() *journal.Thesis {
				w := journalSide.Clone()
				// Both claims join the history, so the history does not depend on the order
				// of the merge. All are dated m2; by content "AI demand grows a lot" sorts
				// before `AI demand grows"`, and conviction 55 before 70.
				w.Revisions = []journal.Revision{claimAt(tieSide, m2), claimAt(journalSide, m2), claimAt(base, m2)}
				return w
			},
			from:       journal.MergeCounts{},
			onlyStored: journal.MergeCounts{Snapshots: 1},
			storedAt:   m2, incomingAt: m2, tie: true, claimDiffered: true, claimToHistory: true, changed: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			storedBefore, incomingBefore := asJSON(t, tc.stored), asJSON(t, tc.incoming)
			got, note := mustMerge(t, tc.stored, tc.incoming)
			if asJSON(t, tc.stored) != storedBefore || asJSON(t, tc.incoming) != incomingBefore {
				t.Fatal("MergeThesis changed its arguments")
			}
			if g, w := asJSON(t, got), asJSON(t, tc.want()); g != w {
				t.Errorf("merged:\n got %s\nwant %s", g, w)
			}
			if note.ID != "t-merge" || note.KeptIncoming != tc.keptIncoming || note.FromIncoming != tc.from ||
				note.OnlyStored != tc.onlyStored || note.ClaimDiffered != tc.claimDiffered ||
				note.ClaimToHistory != tc.claimToHistory || !slices.Equal(note.Fields, tc.fields) ||
				note.Changed != tc.changed || note.Tie() != tc.tie ||
				!note.StoredAt.Equal(tc.storedAt) || !note.IncomingAt.Equal(tc.incomingAt) {
				t.Errorf("note = %+v", note)
			}
		})
	}
}

func TestMergeThesisOrdersNewRecords(t *testing.T) {
	stored := mergeBase()
	stored.Snapshots = []journal.Snapshot{snap("NVDA", "120", m0), snap("NVDA", "140", m2)}
	incoming := mergeBase()
	// Two snapshots taken at the same moment order by content: "AMD" before "NVDA".
	incoming.Snapshots = []journal.Snapshot{snap("NVDA", "120", m0), snap("NVDA", "130", m1), snap("AMD", "90", m1)}
	got, note := mustMerge(t, stored, incoming)
	want := []journal.Snapshot{snap("NVDA", "120", m0), snap("AMD", "90", m1), snap("NVDA", "130", m1), snap("NVDA", "140", m2)}
	if asJSON(t, got.Snapshots) != asJSON(t, want) {
		t.Fatalf("snapshots = %s", asJSON(t, got.Snapshots))
	}
	if note.FromIncoming.Snapshots != 2 || note.OnlyStored.Snapshots != 1 || !note.Changed {
		t.Fatalf("note = %+v", note)
	}
}

func TestMergeThesisRefuses(t *testing.T) {
	a := mergeBase()
	b := mergeBase()
	b.CreatedAt = m1
	_, _, err := journal.MergeThesis(a, b)
	if journal.ErrorCode(err) != journal.ECONFLICT {
		t.Fatalf("different created_at: %v", err)
	}
	for _, want := range []string{"t-merge", "2026-11-01T09:00:00Z", "2026-11-10T09:00:00Z"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	c := mergeBase()
	c.ID = "t-other"
	if _, _, err := journal.MergeThesis(a, c); journal.ErrorCode(err) != journal.EINVALID {
		t.Fatalf("different ids: %v", err)
	}
	if _, _, err := journal.MergeThesis(a, nil); journal.ErrorCode(err) != journal.EINVALID {
		t.Fatalf("nil: %v", err)
	}
}

// keys returns the JSON form of each record, sorted: the list as a set.
func keys[T any](t *testing.T, s []T) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = asJSON(t, v)
	}
	slices.Sort(out)
	return out
}

func TestMergeThesisCommutativeAndIdempotent(t *testing.T) {
	base := mergeBase()
	variants := map[string]*journal.Thesis{
		"base": base,
		"snapshot and 55": edited(t, base, m2, func(x *journal.Thesis) {
			x.Snapshots = append(x.Snapshots, snap("NVDA", "131.5", m1))
			x.Conviction = 55
		}),
		"review and 80": edited(t, base, m3, func(x *journal.Thesis) {
			x.Reviews = append(x.Reviews, journal.Review{At: m1, Verdict: journal.VerdictMixed, Note: "half"})
			x.Conviction = 80
			x.Tags = []string{"ai", "chips"}
		}),
		"title at m2": edited(t, base, m2, func(x *journal.Thesis) {
			x.Title = "AI demand grows a lot"
			x.Snapshots = append(x.Snapshots, snap("AMD", "90", m1))
		}),
	}
	for an, a := range variants {
		for bn, b := range variants {
			ab, _ := mustMerge(t, a, b)
			ba, _ := mustMerge(t, b, a)
			for part, pair := range map[string][2][]string{
				"snapshots": {keys(t, ab.Snapshots), keys(t, ba.Snapshots)},
				"reviews":   {keys(t, ab.Reviews), keys(t, ba.Reviews)},
				"revisions": {keys(t, ab.Revisions), keys(t, ba.Revisions)},
			} {
				if !slices.Equal(pair[0], pair[1]) {
					t.Errorf("merge(%s, %s) and merge(%s, %s) differ in %s:\n%q\n%q", an, bn, bn, an, part, pair[0], pair[1])
				}
			}
			// Lists in time order give the same order either way.
			if asJSON(t, ab.Snapshots) != asJSON(t, ba.Snapshots) || asJSON(t, ab.Reviews) != asJSON(t, ba.Reviews) {
				t.Errorf("merge(%s, %s): set parts ordered differently", an, bn)
			}
			// Unless saved at the same moment, the whole merged thesis is the same.
			if !a.UpdatedAt.Equal(b.UpdatedAt) && asJSON(t, ab) != asJSON(t, ba) {
				t.Errorf("merge(%s, %s) != merge(%s, %s):\n%s\n%s", an, bn, bn, an, asJSON(t, ab), asJSON(t, ba))
			}
			// Merging either side again changes nothing.
			for _, again := range []*journal.Thesis{a, b} {
				m, note := mustMerge(t, ab, again)
				if asJSON(t, m) != asJSON(t, ab) || note.Changed {
					t.Errorf("merge(%s, %s) is not idempotent:\n%s\n%s", an, bn, asJSON(t, m), asJSON(t, ab))
				}
			}
			// Every record of either side is in the result.
			for _, side := range []*journal.Thesis{a, b} {
				for _, s := range side.Snapshots {
					if !slices.ContainsFunc(ab.Snapshots, func(x journal.Snapshot) bool { return asJSON(t, x) == asJSON(t, s) }) {
						t.Errorf("merge(%s, %s) lost snapshot %+v", an, bn, s)
					}
				}
				for _, r := range side.Revisions {
					if !slices.ContainsFunc(ab.Revisions, func(x journal.Revision) bool { return asJSON(t, x) == asJSON(t, r) }) {
						t.Errorf("merge(%s, %s) lost revision %+v", an, bn, r)
					}
				}
			}
		}
	}
}
