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

func mergeFill(id string, at time.Time, action journal.Action, qty, price string) journal.Fill {
	return journal.Fill{ID: id, At: at, Action: action, Quantity: decimal.RequireFromString(qty),
		Price: usd(price), FXToBase: decimal.NewFromInt(1), Source: journal.FillManual}
}

// ledgerIDs lists each position as "SYMBOL/side: fill ids | dividend ids".
func ledgerIDs(t *journal.Thesis) []string {
	var out []string
	for _, p := range t.Positions {
		var ids []string
		for _, f := range p.Fills {
			ids = append(ids, f.ID)
		}
		ids = append(ids, "|")
		for _, d := range p.Dividends {
			ids = append(ids, d.ID)
		}
		out = append(out, p.Symbol+"/"+string(p.Side)+": "+strings.Join(ids, " "))
	}
	return out
}

func TestMergeThesisLedgerAsSets(t *testing.T) {
	// The common ancestor: NVDA long with f0 (1 Nov) and f1 (2 Nov), AMD long with a0.
	d := func(day int) time.Time { return time.Date(2026, 10, day, 15, 0, 0, 0, time.UTC) }
	base := mergeBase()
	base.Positions = []journal.Position{
		{Symbol: "NVDA", Side: journal.SideLong, Fills: []journal.Fill{
			mergeFill("f0", d(1), journal.ActionBuy, "10", "100"),
			mergeFill("f1", d(2), journal.ActionBuy, "5", "110"),
		}},
		{Symbol: "AMD", Side: journal.SideLong, Fills: []journal.Fill{mergeFill("a0", d(3), journal.ActionBuy, "2", "150")}},
	}
	// Stored, edited at m1: f0 removed, f2 added (5 Oct), AMD deleted, f1's price fixed to 111.
	stored := edited(t, base, m1, func(th *journal.Thesis) {
		nv := &th.Positions[0]
		nv.Fills = []journal.Fill{nv.Fills[1], mergeFill("f2", d(5), journal.ActionBuy, "1", "120")}
		nv.Fills[0].Price = usd("111")
		th.Positions = th.Positions[:1]
	})
	// Incoming, edited at m2 (newer): f3 (4 Oct) and a dividend added to NVDA, f1's price
	// fixed to 112, a TSLA short opened; f0 and AMD untouched.
	incoming := edited(t, base, m2, func(th *journal.Thesis) {
		nv := &th.Positions[0]
		nv.Fills = append(nv.Fills, mergeFill("f3", d(4), journal.ActionSell, "2", "130"))
		nv.Fills[1].Price = usd("112")
		nv.Dividends = []journal.Dividend{{ID: "dv", At: d(6), Amount: usd("0.4"), FXToBase: decimal.NewFromInt(1), Source: journal.FillManual}}
		th.Positions = append(th.Positions, journal.Position{Symbol: "TSLA", Side: journal.SideShort,
			Fills: []journal.Fill{mergeFill("s0", d(7), journal.ActionSell, "3", "400")}})
	})

	tests := []struct {
		name       string
		a, b       *journal.Thesis
		want       []string
		f1Price    string // the copy of f1 kept: the newer side's
		fromB, onA journal.MergeCounts
	}{
		{
			// f0 stays removed (stored removed it); AMD stays deleted (its one fill was
			// removed); f1 is incoming's (newer) copy; f1, f3, f2 ordered by time; the
			// dividend and TSLA come from incoming; incoming's positions first.
			name: "incoming newer", a: stored, b: incoming,
			want:    []string{"NVDA/long: f1 f3 f2 | dv", "TSLA/short: s0 |"},
			f1Price: "112 USD",
			fromB:   journal.MergeCounts{Revisions: 1, Fills: 2, Dividends: 1},
			onA:     journal.MergeCounts{Revisions: 1, Fills: 1},
		},
		{
			// The other way round the sets are the same; the newer copy of f1 is still
			// incoming's, which is now the stored side.
			name: "stored newer", a: incoming, b: stored,
			want:    []string{"NVDA/long: f1 f3 f2 | dv", "TSLA/short: s0 |"},
			f1Price: "112 USD",
			fromB:   journal.MergeCounts{Revisions: 1, Fills: 1},
			onA:     journal.MergeCounts{Revisions: 1, Fills: 2, Dividends: 1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, note, err := journal.MergeThesis(tc.a, tc.b)
			if err != nil {
				t.Fatal(err)
			}
			if got := ledgerIDs(out); !slices.Equal(got, tc.want) {
				t.Errorf("ledger = %q, want %q", got, tc.want)
			}
			if got := out.Positions[0].Fills[0]; got.ID != "f1" || got.Price.String() != tc.f1Price {
				t.Errorf("f1 = %s at %s, want %s", got.ID, got.Price, tc.f1Price)
			}
			if note.FromIncoming != tc.fromB || note.OnlyStored != tc.onA {
				t.Errorf("from incoming %+v, only stored %+v; want %+v, %+v", note.FromIncoming, note.OnlyStored, tc.fromB, tc.onA)
			}
			if slices.Contains(note.Fields, "positions") {
				t.Errorf("fields = %q: positions are merged, not dropped", note.Fields)
			}
			if err := out.Validate(); err != nil {
				t.Errorf("merged thesis invalid: %v", err)
			}
			// Merging either side again changes nothing.
			for _, again := range []*journal.Thesis{tc.a, tc.b} {
				out2, n2, err := journal.MergeThesis(out, again)
				if err != nil {
					t.Fatal(err)
				}
				if n2.Changed || asJSON(t, out2) != asJSON(t, out) {
					t.Errorf("merging a side again changed the ledger to %q", ledgerIDs(out2))
				}
			}
		})
	}

	t.Run("older side's copy loses", func(t *testing.T) {
		// Stored fixed f1 to 111 at m1, incoming to 112 at m2: when stored is newer
		// (saved at m3) its copy wins.
		newer := edited(t, stored, m3, func(th *journal.Thesis) { th.Body = "later" })
		out, _, err := journal.MergeThesis(incoming, newer)
		if err != nil {
			t.Fatal(err)
		}
		if got := out.Positions[0].Fills[0]; got.ID != "f1" || got.Price.String() != "111 USD" {
			t.Errorf("f1 = %s at %s, want 111 USD", got.ID, got.Price)
		}
	})
	t.Run("identical ledgers keep their order", func(t *testing.T) {
		a := base.Clone()
		b := base.Clone()
		b.Positions[0].Fills[0], b.Positions[0].Fills[1] = b.Positions[0].Fills[1], b.Positions[0].Fills[0]
		out, note, err := journal.MergeThesis(a, b)
		if err != nil {
			t.Fatal(err)
		}
		if got := ledgerIDs(out); !slices.Equal(got, []string{"NVDA/long: f0 f1 |", "AMD/long: a0 |"}) || note.Changed {
			t.Errorf("ledger = %q, changed = %v; want the stored order, unchanged", got, note.Changed)
		}
	})
}
