package journal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// MergeCounts counts the snapshots, reviews, revisions, fills and dividends a merge took
// from one side.
type MergeCounts struct {
	Snapshots int
	Reviews   int
	Revisions int
	Fills     int
	Dividends int
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
	// FromIncoming counts the snapshots, reviews, revisions, fills and dividends only the
	// incoming thesis had; they are in the merged thesis (fills and dividends the stored
	// side removed are neither counted nor taken).
	FromIncoming MergeCounts
	// OnlyStored counts those only the stored thesis had; they are kept too (fills and
	// dividends the incoming side removed are neither counted nor kept).
	OnlyStored MergeCounts
	// ClaimDiffered reports whether the two sides stated different claims (title,
	// expectation, invalidation, conviction, loss budget, pre-mortem or base rate).
	ClaimDiffered bool
	// ClaimToHistory reports whether the claim of the side not kept was added to the
	// revision history; it is false when the history already held that claim.
	ClaimToHistory bool
	// Fields names, by their JSON names, the other editable fields (body, trigger,
	// reasons, tags, status, review_by, benchmark) that differed; the values of the side
	// not kept were not taken.
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
// Positions are matched by symbol and side (the newer side's first, then those only the
// other side has), and their fills and dividends are sets by id: the merged position has
// every fill and dividend of either side, except those the other side removed (listed
// with change "removed" in a Revision.Ledger of that side and no longer in its
// positions), which stay removed. A fill or dividend both sides hold with different
// content is taken from the newer side. A long or short position left without fills
// after removals is dropped. When one side's ledger is kept as it is, so is its order;
// otherwise a position's fills and dividends are ordered by time, then by id.
//
// Levels and links are sets too: the merged thesis has those of the newer side, in its
// order, then those only the other side has. (A level or link removed on one copy comes
// back when merged with a copy that still holds it.)
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
	out.Positions = mergePositions(a, b, note.KeptIncoming, &fromB, &onlyA)
	out.Levels = mergeList(kept.Levels, other.Levels, sameLevel)
	out.Links = mergeList(kept.Links, other.Links, func(x, y Link) bool { return x == y })
	note.FromIncoming, note.OnlyStored = fromB, onlyA

	if claimChanged(kept, other) {
		note.ClaimDiffered = true
		// addClaim records t's claim in the history unless it already holds it.
		addClaim := func(t *Thesis) bool {
			r := claimOf(t, savedAt(t))
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

// mergeList returns kept followed by the items of other that kept lacks, each once.
func mergeList[T any](kept, other []T, same func(a, b T) bool) []T {
	out := slices.Clone(kept)
	for _, v := range other {
		if !slices.ContainsFunc(out, func(w T) bool { return same(v, w) }) {
			out = append(out, v)
		}
	}
	return out
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

// removedIDs returns the ids of the fills and dividends t's revisions list as removed and
// its positions no longer hold.
func removedIDs(t *Thesis) map[string]bool {
	held := map[string]bool{}
	for _, p := range t.Positions {
		for _, f := range p.Fills {
			held[f.ID] = true
		}
		for _, d := range p.Dividends {
			held[d.ID] = true
		}
	}
	out := map[string]bool{}
	for _, r := range t.Revisions {
		for _, c := range r.Ledger {
			if c.Change == LedgerRemoved && !held[c.ID] {
				out[c.ID] = true
			}
		}
	}
	return out
}

// mergePositions merges the positions of a (stored) and b (incoming) as MergeThesis
// describes; bNewer says b's copy of a fill or dividend wins. It adds to fromB and onlyA
// the fills and dividends only b, or only a, brought into the result.
func mergePositions(a, b *Thesis, bNewer bool, fromB, onlyA *MergeCounts) []Position {
	goneA, goneB := removedIDs(a), removedIDs(b)
	type key struct {
		sym  string
		side Side
	}
	find := func(ps []Position, k key) *Position {
		for i := range ps {
			if ps[i].Symbol == k.sym && ps[i].Side == k.side {
				return &ps[i]
			}
		}
		return nil
	}
	first, second := a, b
	if bNewer {
		first, second = b, a
	}
	var keys []key
	for _, t := range []*Thesis{first, second} {
		for _, p := range t.Positions {
			if k := (key{p.Symbol, p.Side}); !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	var out []Position
	for _, k := range keys {
		pa, pb := find(a.Positions, k), find(b.Positions, k)
		var p Position
		switch {
		case pa == nil:
			p = *pb
			p.Fills, fromB.Fills = mergeSet(nil, pb.Fills, goneA, goneB, bNewer, func(f Fill) (string, time.Time) { return f.ID, f.At }, fromB.Fills, &onlyA.Fills)
			p.Dividends, fromB.Dividends = mergeSet(nil, pb.Dividends, goneA, goneB, bNewer, func(d Dividend) (string, time.Time) { return d.ID, d.At }, fromB.Dividends, &onlyA.Dividends)
		default:
			p = *pa
			var fb []Fill
			var db []Dividend
			if pb != nil {
				fb, db = pb.Fills, pb.Dividends
			}
			p.Fills, fromB.Fills = mergeSet(pa.Fills, fb, goneA, goneB, bNewer, func(f Fill) (string, time.Time) { return f.ID, f.At }, fromB.Fills, &onlyA.Fills)
			p.Dividends, fromB.Dividends = mergeSet(pa.Dividends, db, goneA, goneB, bNewer, func(d Dividend) (string, time.Time) { return d.ID, d.At }, fromB.Dividends, &onlyA.Dividends)
		}
		had := pa != nil && len(pa.Fills) > 0 || pb != nil && len(pb.Fills) > 0
		if p.Side != SideWatch && had && len(p.Fills) == 0 {
			continue
		}
		out = append(out, p)
	}
	return out
}

// mergeSet merges two sets of records by id: a's and b's records, less those the other
// side removed (goneB holds the ids b removed, goneA those a removed), each id once, b's
// copy when bNewer. It returns the records and fromB plus the number only b brought, and
// adds the number only a brought to *onlyA. When the result holds exactly a's (or b's)
// ids, that side's order is kept; otherwise records are ordered by time, then id.
func mergeSet[T any](a, b []T, goneA, goneB map[string]bool, bNewer bool, idAt func(T) (string, time.Time), fromB int, onlyA *int) ([]T, int) {
	ina, inb := map[string]int{}, map[string]int{}
	for i, v := range a {
		id, _ := idAt(v)
		ina[id] = i
	}
	for i, v := range b {
		id, _ := idAt(v)
		inb[id] = i
	}
	var out []T
	seen, kept := map[string]bool{}, map[string]bool{}
	add := func(v T) {
		id, _ := idAt(v)
		if seen[id] {
			return
		}
		seen[id] = true
		_, inA := ina[id]
		_, inB := inb[id]
		switch {
		case inA && inB:
			if bNewer {
				v = b[inb[id]]
			} else {
				v = a[ina[id]]
			}
		case inA && goneB[id], inB && goneA[id]:
			return
		case inA:
			*onlyA++
		default:
			fromB++
		}
		kept[id] = true
		out = append(out, v)
	}
	first, second := a, b
	if bNewer {
		first, second = b, a
	}
	for _, v := range first {
		add(v)
	}
	for _, v := range second {
		add(v)
	}
	sameIDs := func(s []T) bool {
		if len(s) != len(out) {
			return false
		}
		for _, v := range s {
			if id, _ := idAt(v); !kept[id] {
				return false
			}
		}
		return true
	}
	switch {
	case len(out) == 0:
		return first[:0:0], fromB // empty, or nil as the kept side's list was
	case sameIDs(a):
		return orderAs(out, a, idAt), fromB
	case sameIDs(b):
		return orderAs(out, b, idAt), fromB
	}
	slices.SortStableFunc(out, func(x, y T) int {
		ix, tx := idAt(x)
		iy, ty := idAt(y)
		if c := tx.Compare(ty); c != 0 {
			return c
		}
		return strings.Compare(ix, iy)
	})
	return out, fromB
}

// orderAs returns recs in the order of the same ids in order.
func orderAs[T any](recs, order []T, idAt func(T) (string, time.Time)) []T {
	pos := make(map[string]int, len(order))
	for i, v := range order {
		id, _ := idAt(v)
		pos[id] = i
	}
	out := slices.Clone(recs)
	slices.SortStableFunc(out, func(x, y T) int {
		ix, _ := idAt(x)
		iy, _ := idAt(y)
		return pos[ix] - pos[iy]
	})
	return out
}
