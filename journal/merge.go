package journal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// MergeCounts counts the snapshots, reviews and revisions a merge took from one side.
type MergeCounts struct {
	Snapshots int
	Reviews   int
	Revisions int
}

// IsZero reports whether nothing was counted.
func (c MergeCounts) IsZero() bool { return c == MergeCounts{} }

// MergeNote tells what MergeThesis did with one thesis and why.
type MergeNote struct {
	// ID is the thesis's id.
	ID string
	// KeptIncoming reports whether the incoming thesis's fields were kept because it is
	// newer; otherwise the stored thesis's fields were kept (it is newer, or both are
	// equally new).
	KeptIncoming bool
	// StoredAt and IncomingAt are the times compared: each side's UpdatedAt, or its
	// CreatedAt when it was never edited.
	StoredAt, IncomingAt time.Time
	// FromIncoming counts the snapshots, reviews and revisions only the incoming
	// thesis had; they are in the merged thesis.
	FromIncoming MergeCounts
	// OnlyStored counts those only the stored thesis had; they are kept too.
	OnlyStored MergeCounts
	// ClaimDiffered reports whether the two sides stated different claims (title,
	// expectation, invalidation, conviction or loss budget).
	ClaimDiffered bool
	// ClaimToHistory reports whether the claim of the side not kept was added to the
	// revision history; it is false when the history already held that claim.
	ClaimToHistory bool
	// Fields names, by their JSON names, the other editable fields (body, trigger,
	// reasons, tags, status, review_by, benchmark, positions) that differed; the
	// values of the side not kept were not taken.
	Fields []string
	// Changed reports whether the merged thesis differs from the stored one.
	Changed bool
}

// Tie reports whether both sides were saved at the same time, so the stored one was kept.
func (n MergeNote) Tie() bool { return n.StoredAt.Equal(n.IncomingAt) }

// MergeThesis merges incoming, another copy of the thesis stored, into it and says
// what it did. Neither argument is modified. Both must have the same id and the same
// creation time; a different creation time means they are not the same thesis and is
// an ECONFLICT error naming the id and both times.
//
// Snapshots, reviews and revisions are sets that only grow: the merged thesis has every
// record of either side once (a record is identified by its whole content). When one
// side already has every record, its list is kept as it is; otherwise the records are
// ordered by time, then by their content.
//
// Every other field is taken from the newer side by UpdatedAt (CreatedAt when a side
// was never edited); when both are equally new the stored side is kept, so a tie never
// changes the journal. When the claims differ, the claim of the side not kept goes into
// the revision history, dated at that side's time, unless the history already holds
// that claim; on a tie the kept claim is recorded there too, so the history does not
// depend on which copy is merged into which. The merged thesis keeps the newer side's
// UpdatedAt: a merge is not an edit.
//
// The set parts are commutative and idempotent: merging a and b gives the same
// snapshots, reviews and revisions as merging b and a (in the same order too, unless
// both sides hold the same records listed in different orders), and merging a or b
// again into the result changes nothing.
func MergeThesis(stored, incoming *Thesis) (*Thesis, MergeNote, error) {
	if stored == nil || incoming == nil {
		return nil, MergeNote{}, Errorf(EINVALID, "merge: thesis is missing")
	}
	if stored.ID != incoming.ID {
		return nil, MergeNote{}, Errorf(EINVALID, "merge: thesis %s and thesis %s are different theses", stored.ID, incoming.ID)
	}
	if !stored.CreatedAt.Equal(incoming.CreatedAt) {
		return nil, MergeNote{}, Errorf(ECONFLICT,
			"thesis %s: created at %s in the journal and at %s in the copy being merged; they are not the same thesis, so it is not merged",
			stored.ID, stored.CreatedAt.UTC().Format(time.RFC3339Nano), incoming.CreatedAt.UTC().Format(time.RFC3339Nano))
	}
	a, b := stored.Clone(), incoming.Clone()
	a.Normalize()
	b.Normalize()
	note := MergeNote{ID: a.ID, StoredAt: savedAt(a), IncomingAt: savedAt(b)}
	note.KeptIncoming = note.IncomingAt.After(note.StoredAt)
	kept, other := a, b
	if note.KeptIncoming {
		kept, other = b, a
	}
	out := kept.Clone()

	var fromB, onlyA MergeCounts
	out.Snapshots, fromB.Snapshots, onlyA.Snapshots = union(a.Snapshots, b.Snapshots, func(s Snapshot) time.Time { return s.At })
	out.Reviews, fromB.Reviews, onlyA.Reviews = union(a.Reviews, b.Reviews, func(r Review) time.Time { return r.At })
	revisionAt := func(r Revision) time.Time { return r.At }
	out.Revisions, fromB.Revisions, onlyA.Revisions = union(a.Revisions, b.Revisions, revisionAt)
	note.FromIncoming, note.OnlyStored = fromB, onlyA

	if claimChanged(kept, other) {
		note.ClaimDiffered = true
		// addClaim records t's claim in the history unless it already holds it.
		addClaim := func(t *Thesis) bool {
			r := Revision{
				At: savedAt(t), Title: t.Title, Expectation: t.Expectation,
				Invalidation: t.Invalidation, Conviction: t.Conviction, LossBudget: t.LossBudget,
			}
			if slices.ContainsFunc(out.Revisions, func(h Revision) bool { return sameClaim(h, r) }) {
				return false
			}
			out.Revisions, _, _ = union(out.Revisions, []Revision{r}, revisionAt)
			return true
		}
		note.ClaimToHistory = addClaim(other)
		if note.Tie() {
			// Which copy is merged into which decides the claim kept on a tie; both
			// claims go into the history so that it does not decide the history.
			addClaim(kept)
		}
	}
	note.Fields = otherFieldsDiffering(kept, other)
	note.Changed = !sameJSON(out, a)
	return out, note, nil
}

// savedAt is when t was last saved: UpdatedAt, or CreatedAt when it was never edited.
func savedAt(t *Thesis) time.Time {
	if t.UpdatedAt.IsZero() {
		return t.CreatedAt
	}
	return t.UpdatedAt
}

// sameClaim reports whether two revisions hold the same claim, whenever they were dated.
func sameClaim(a, b Revision) bool {
	a.At, b.At = time.Time{}, time.Time{}
	return sameJSON(a, b)
}

// otherFieldsDiffering names the editable fields outside the claim that differ between
// a and b. Empty and missing lists are alike.
func otherFieldsDiffering(a, b *Thesis) []string {
	same := func(x, y any) bool { return sameJSON(x, y) }
	list := func(x, y any, nx, ny int) bool { return nx == 0 && ny == 0 || same(x, y) }
	var out []string
	for _, f := range []struct {
		name string
		same bool
	}{
		{"body", a.Body == b.Body},
		{"trigger", a.Trigger == b.Trigger},
		{"reasons", list(a.Reasons, b.Reasons, len(a.Reasons), len(b.Reasons))},
		{"tags", list(a.Tags, b.Tags, len(a.Tags), len(b.Tags))},
		{"status", a.Status == b.Status},
		{"review_by", a.ReviewBy == b.ReviewBy},
		{"benchmark", a.Benchmark == b.Benchmark},
		{"positions", list(a.Positions, b.Positions, len(a.Positions), len(b.Positions))},
	} {
		if !f.same {
			out = append(out, f.name)
		}
	}
	return out
}

// union returns every record of a and b once, a record being identified by its JSON
// form, with the number of records only b had and only a had. When a (or else b) holds
// every record exactly once, that list is returned as it is; otherwise the records are
// ordered by time, then by their JSON form.
func union[T any](a, b []T, at func(T) time.Time) (out []T, onlyB, onlyA int) {
	type rec struct {
		key string
		v   T
	}
	keyed := func(s []T) ([]rec, map[string]bool) {
		rs := make([]rec, len(s))
		set := make(map[string]bool, len(s))
		for i, v := range s {
			k, err := json.Marshal(v)
			if err != nil {
				panic(fmt.Sprintf("journal: merge: %v", err))
			}
			rs[i] = rec{string(k), v}
			set[rs[i].key] = true
		}
		return rs, set
	}
	ra, ka := keyed(a)
	rb, kb := keyed(b)
	for k := range kb {
		if !ka[k] {
			onlyB++
		}
	}
	for k := range ka {
		if !kb[k] {
			onlyA++
		}
	}
	switch {
	case onlyB == 0 && len(ka) == len(a):
		return a, onlyB, onlyA
	case onlyA == 0 && len(kb) == len(b):
		return b, onlyB, onlyA
	}
	all := make([]rec, 0, len(ra)+len(rb))
	seen := make(map[string]bool, len(ra)+len(rb))
	for _, r := range append(ra, rb...) {
		if !seen[r.key] {
			seen[r.key] = true
			all = append(all, r)
		}
	}
	slices.SortFunc(all, func(x, y rec) int {
		if c := at(x.v).Compare(at(y.v)); c != 0 {
			return c
		}
		return bytes.Compare([]byte(x.key), []byte(y.key))
	})
	out = make([]T, len(all))
	for i, r := range all {
		out[i] = r.v
	}
	return out, onlyB, onlyA
}
