package boltdb

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
)

// dump returns the contents of the index buckets with document numbers
// replaced by thesis ids, so two journals (or one before and after a
// rebuild) can be compared.
func dump(t *testing.T, db *DB) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	err := db.view(func(tx *bolt.Tx) error {
		idOf := map[string]string{} // doc key -> id
		if err := tx.Bucket(bucketDocOf).ForEach(func(k, v []byte) error {
			idOf[string(v)] = string(k)
			return nil
		}); err != nil {
			return err
		}
		for _, name := range indexBuckets {
			m := map[string]string{}
			err := tx.Bucket(name).ForEach(func(k, v []byte) error {
				key, val := string(k), string(v)
				missing := false
				switch string(name) {
				case "postings":
					i := len(k) - 5 // <word> 0x00 <4-byte doc>
					id := idOf[string(k[i+1:])]
					key, missing = string(k[:i])+"\x00"+id, id == ""
				case "docs":
					key = idOf[key]
					missing = key == ""
				case "vocab":
					val = fmt.Sprint(decodeUint32(v))
				default:
					val = idOf[val]
					missing = val == ""
				}
				if missing {
					return fmt.Errorf("%s: entry %q points at no thesis", name, k)
				}
				m[key] = val
				return nil
			})
			if err != nil {
				return err
			}
			out[string(name)] = m
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// expected computes what the index buckets must hold from the stored theses.
func expected(t *testing.T, db *DB) (map[string]map[string]string, int) {
	t.Helper()
	out := map[string]map[string]string{}
	for _, name := range indexBuckets {
		out[string(name)] = map[string]string{}
	}
	n := 0
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTheses).ForEach(func(k, v []byte) error {
			th, err := decodeThesis(v)
			if err != nil {
				return err
			}
			n++
			id := th.ID
			e := indexEntries(th)
			out["doc_of"][id] = id
			out["docs"][id] = string(e.created)
			out["by_created"][string(e.created)] = id
			out["by_status"][string(e.status)] = id
			for _, k := range e.tags {
				out["by_tag"][string(k)] = id
			}
			for _, k := range e.symbols {
				out["by_symbol"][string(k)] = id
			}
			if e.review != nil {
				out["by_review"][string(e.review)] = id
			}
			for _, w := range e.words {
				out["postings"][w+"\x00"+id] = ""
				c := out["vocab"][w]
				var cn int
				fmt.Sscan(c, &cn)
				out["vocab"][w] = fmt.Sprint(cn + 1)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, n
}

func checkIndexes(t *testing.T, db *DB) {
	t.Helper()
	got := dump(t, db)
	want, n := expected(t, db)
	for name, w := range want {
		g := got[name]
		// doc_of's values are document numbers; compare its keys only.
		if name == "doc_of" {
			if !slices.Equal(slices.Sorted(maps.Keys(g)), slices.Sorted(maps.Keys(w))) {
				t.Fatalf("doc_of keys differ")
			}
			continue
		}
		if !maps.Equal(g, w) {
			for k, v := range w {
				if g[k] != v {
					t.Errorf("%s[%q] = %q, want %q", name, k, g[k], v)
				}
			}
			for k, v := range g {
				if _, ok := w[k]; !ok {
					t.Errorf("%s[%q] = %q is stale", name, k, v)
				}
			}
			t.FailNow()
		}
	}
	var count uint64
	_ = db.view(func(tx *bolt.Tx) error {
		count = decodeCount(tx.Bucket(bucketMeta).Get(keyThesisCount))
		return nil
	})
	if int(count) != n {
		t.Fatalf("thesis_count = %d, want %d", count, n)
	}
	// Every vocabulary word must be in the search cache once it is loaded.
	if blob, loaded := db.vocab.snapshot(); loaded {
		inCache := map[string]bool{}
		for _, w := range strings.Split(string(blob), "\x00") {
			inCache[w] = true
		}
		for w := range want["vocab"] {
			if !inCache[w] {
				t.Fatalf("vocabulary word %q missing from the search cache", w)
			}
		}
	}
}

var wordPool = []string{
	"딥시크", "딥시크가", "수요", "수요를", "AI", "DeepSeek-R1", "엔비디아", "반도체", "memory",
	"capex", "재고", "하락", "상승", "금리", "환율", "KOSPI", "nasdaq", "배당", "실적", "가이던스",
}

func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(wordPool[r.IntN(len(wordPool))])
	}
	return b.String()
}

func randomThesis(r *rand.Rand, now time.Time) *journal.Thesis {
	th := &journal.Thesis{
		Title:      randomText(r, 1+r.IntN(3)),
		Body:       randomText(r, r.IntN(12)),
		Reasons:    []string{randomText(r, 2)},
		Conviction: r.IntN(101),
		Status:     journal.Statuses[r.IntN(len(journal.Statuses))],
	}
	for range r.IntN(3) {
		th.Tags = append(th.Tags, []string{"ai", "semis", "한국", "us", "macro"}[r.IntN(5)])
	}
	if r.IntN(2) == 0 {
		th.ReviewBy = journal.DateOf(now.AddDate(0, 0, r.IntN(60)))
	}
	for range r.IntN(3) {
		th.Snapshots = append(th.Snapshots, journal.Snapshot{
			Symbol: []string{"NVDA", "005930.KS", "MSFT", "^KS11"}[r.IntN(4)],
			Price:  journal.MustMoney(fmt.Sprint(1+r.IntN(1000)), "USD"), At: now, Source: journal.SourceManual,
		})
	}
	return th
}

func TestIndexesStayConsistent(t *testing.T) {
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Second); return now }
	db, err := Open(filepath.Join(t.TempDir(), "journal.db"), Options{Now: clock, NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	var live []string
	for step := range 300 {
		switch op := r.IntN(10); {
		case op < 4 || len(live) == 0:
			th := randomThesis(r, now)
			if err := db.Create(ctx, th); err != nil {
				t.Fatalf("step %d create: %v", step, err)
			}
			live = append(live, th.ID)
		case op < 7:
			id := live[r.IntN(len(live))]
			th, err := db.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			nt := randomThesis(r, now)
			th.Title, th.Body, th.Tags, th.Status, th.ReviewBy = nt.Title, nt.Body, nt.Tags, nt.Status, nt.ReviewBy
			th.Snapshots = append(th.Snapshots, nt.Snapshots...)
			if err := db.Update(ctx, th); err != nil {
				t.Fatalf("step %d update: %v", step, err)
			}
		case op < 9:
			i := r.IntN(len(live))
			if err := db.Delete(ctx, live[i]); err != nil {
				t.Fatalf("step %d delete: %v", step, err)
			}
			live = slices.Delete(live, i, i+1)
		default:
			batch := []*journal.Thesis{randomThesis(r, now)}
			batch[0].CreatedAt = now
			if len(live) > 0 {
				th, _ := db.Get(ctx, live[r.IntN(len(live))])
				th.Body = randomText(r, 5)
				batch = append(batch, th)
			}
			res, err := db.Import(ctx, batch, nil)
			if err != nil {
				t.Fatalf("step %d import: %v", step, err)
			}
			live = append(live, res.Added...)
		}
		if step%10 == 0 {
			// Searching loads the cache, so later steps exercise its updates.
			if _, _, err := db.List(ctx, journal.Filter{Query: wordPool[r.IntN(len(wordPool))]}); err != nil {
				t.Fatal(err)
			}
		}
		if step%25 == 0 {
			checkIndexes(t, db)
		}
	}
	checkIndexes(t, db)

	// Searching agrees with a plain scan of every thesis.
	all, _, err := db.List(ctx, journal.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"딥시크", "수요를", "seek", "r1 ai", "하락 상승", "KOS", "한국", "nvda 딥"} {
		var want []string
		for _, th := range all {
			if matchesQuery(th, q) {
				want = append(want, th.ID)
			}
		}
		got, total, err := db.List(ctx, journal.Filter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if gotIDs := idsOf(got); total != len(want) || !slices.Equal(gotIDs, want) {
			t.Errorf("query %q: index found %d, scan found %d", q, len(gotIDs), len(want))
		}
	}

	// A rebuild from the theses gives the same indexes.
	before := dump(t, db)
	if err := db.update(func(tx *bolt.Tx) error { return db.rebuildIndexes(tx) }); err != nil {
		t.Fatal(err)
	}
	after := dump(t, db)
	delete(before, "doc_of")
	delete(after, "doc_of")
	if !maps.EqualFunc(before, after, maps.Equal) {
		t.Fatal("indexes differ from a rebuild")
	}
}

func idsOf(ts []*journal.Thesis) []string {
	out := []string{}
	for _, t := range ts {
		out = append(out, t.ID)
	}
	return out
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"DeepSeek-R1 공개", []string{"deepseek", "r1", "공개"}},
		{"AI 수요를, 과소평가!", []string{"ai", "수요를", "과소평가"}},
		{"005930.KS ^KS11", []string{"005930", "ks", "ks11"}},
		{"ÉCOLE café", []string{"école", "café"}},
		{"  ", nil},
	}
	for _, tc := range tests {
		var got []string
		words(tc.in, func(w string) { got = append(got, w) })
		if !slices.Equal(got, tc.want) {
			t.Errorf("words(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWordWindowsCoverPieces(t *testing.T) {
	for _, n := range []int{65, 96, 97, 130, 300} {
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = rune('가' + i)
		}
		w := string(rs)
		wins := wordWindows(w)
		for start := 0; start+maxPiece <= n; start++ {
			piece := string(rs[start : start+maxPiece])
			found := false
			for _, win := range wins {
				if strings.Contains(win, piece) {
					found = true
					break
				}
			}
			if !found {
				t.Fatalf("length %d: piece at %d is in no window", n, start)
			}
		}
		for _, win := range wins {
			if c := len([]rune(win)); c != maxWordRunes {
				t.Fatalf("length %d: window of %d runes", n, c)
			}
		}
	}
}
