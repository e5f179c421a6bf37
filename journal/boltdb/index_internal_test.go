package boltdb

import (
	"bytes"
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

// docName names a document in a dump: its thesis id, or "#<doc>" for a
// deleted document that is still pending.
type docNames map[string]string // doc key -> id

func (n docNames) name(k []byte) string {
	if id, ok := n[string(k)]; ok {
		return id
	}
	if doc, ok := docOf(k); ok {
		return fmt.Sprintf("#%d", doc)
	}
	return fmt.Sprintf("#%x", k)
}

// dump returns the contents of the index buckets in tx with document numbers
// replaced by thesis ids, so two journals (or one before and after a rebuild)
// can be compared. Pending values are shown as their word lists.
func dump(t *testing.T, db *DB, tx *bolt.Tx) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	names := docNames{}
	if err := tx.Bucket(bucketDocOf).ForEach(func(k, v []byte) error {
		names[string(v)] = string(k)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, name := range indexBuckets {
		m := map[string]string{}
		// The word and last document of the postings block before.
		var prevWord []byte
		var prevLast uint32
		err := tx.Bucket(name).ForEach(func(k, v []byte) error {
			key, val := string(k), string(v)
			missing := false
			switch string(name) {
			case "postings":
				// A block: <word> 0x00 <first doc> : the further documents.
				// Each is shown as its own <word> 0x00 <id> entry, once the
				// block is checked to be well formed and after the word's
				// block before it.
				i := len(k) - 5
				if i < 0 || k[i] != 0 || bytes.IndexByte(k[:i], 0) >= 0 {
					return fmt.Errorf("postings key %q is not <word> 0x00 <doc>", k)
				}
				word := k[:i]
				docs, err := decodeBlock(nil, k, v)
				if err != nil {
					return fmt.Errorf("postings %q: %w", k, err)
				}
				if len(docs) > blockMax {
					return fmt.Errorf("postings %q holds %d documents, more than %d", k, len(docs), blockMax)
				}
				if bytes.Equal(word, prevWord) && docs[0] <= prevLast {
					return fmt.Errorf("postings %q starts at %d, within the block before (up to %d)", k, docs[0], prevLast)
				}
				prevWord, prevLast = bytes.Clone(word), docs[len(docs)-1]
				for _, d := range docs {
					dk := string(word) + "\x00" + names.name(docKey(d))
					if _, dup := m[dk]; dup {
						return fmt.Errorf("postings hold %q twice", dk)
					}
					m[dk] = ""
				}
				return nil
			case "pending":
				ws, err := decodeWords(v)
				if err != nil {
					return fmt.Errorf("pending %x: %w", k, err)
				}
				key, val = names.name(k), strings.Join(ws, " ")
			case "docs":
				key = names[key]
				missing = key == ""
			case "vocab":
				val = fmt.Sprint(decodeUint32(v))
			default:
				val = names[val]
				missing = val == ""
			}
			if missing {
				return fmt.Errorf("%s: entry %q points at no thesis", name, k)
			}
			m[key] = val
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		out[string(name)] = m
	}
	return out
}

// expected computes what the index buckets of tx must hold from the stored
// theses and the pending entries: a pending document's postings are the
// words its entry names, every other document's are its thesis's words.
func expected(t *testing.T, tx *bolt.Tx, pending map[string]string) (map[string]map[string]string, int) {
	t.Helper()
	out := map[string]map[string]string{}
	for _, name := range indexBuckets {
		out[string(name)] = map[string]string{}
	}
	addWords := func(name string, ws []string) {
		for _, w := range ws {
			out["postings"][w+"\x00"+name] = ""
			var cn int
			fmt.Sscan(out["vocab"][w], &cn)
			out["vocab"][w] = fmt.Sprint(cn + 1)
		}
	}
	n := 0
	err := tx.Bucket(bucketTheses).ForEach(func(k, v []byte) error {
		th, err := decodeThesis(v, false, "KRW")
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
		if _, ok := pending[id]; !ok {
			addWords(id, indexWords(th))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, ws := range pending {
		out["pending"][name] = ws
		if ws != "" {
			addWords(name, strings.Split(ws, " "))
		}
	}
	return out, n
}

// checkIndexes checks, in one read transaction, that every index agrees with
// the stored theses and the pending entries; settled requires that nothing
// is pending.
func checkIndexes(t *testing.T, db *DB, settled bool) {
	t.Helper()
	err := db.view(func(tx *bolt.Tx) error {
		checkIndexesTx(t, db, tx, settled)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func checkIndexesTx(t *testing.T, db *DB, tx *bolt.Tx, settled bool) {
	t.Helper()
	got := dump(t, db, tx)
	if settled && len(got["pending"]) > 0 {
		t.Fatalf("%d documents still pending", len(got["pending"]))
	}
	for name, ws := range got["pending"] {
		if strings.HasPrefix(name, "#") && ws == "" {
			t.Fatalf("pending entry %s of a deleted document has nothing to take out", name)
		}
	}
	want, n := expected(t, tx, got["pending"])
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
	if count := decodeCount(tx.Bucket(bucketMeta).Get(keyThesisCount)); int(count) != n {
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

// TestIndexesStayConsistent runs random writes, checking that the indexes
// agree with the theses and the pending entries and that search agrees with
// a plain scan throughout, with the pending words indexed at chosen moments
// or by the background indexer whenever the writes pause.
func TestIndexesStayConsistent(t *testing.T) {
	tests := []struct {
		name   string
		delay  time.Duration
		settle func(t *testing.T, db *DB)
	}{
		{"indexed on demand", time.Hour, func(t *testing.T, db *DB) {
			if err := db.indexPending(); err != nil {
				t.Fatal(err)
			}
		}},
		{"indexed when idle", time.Millisecond, waitIndexed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { randomWrites(t, tc.delay, tc.settle) })
	}
}

// waitIndexed waits for the background indexer to empty the queue.
func waitIndexed(t *testing.T, db *DB) {
	t.Helper()
	// A minute is no measure of speed: only an indexer that never runs
	// takes that long.
	for start := time.Now(); db.idx.pending.Load() != 0; time.Sleep(time.Millisecond) {
		if time.Since(start) > time.Minute {
			t.Fatalf("the background indexer left %d documents pending", db.idx.pending.Load())
		}
	}
}

func randomWrites(t *testing.T, delay time.Duration, settle func(*testing.T, *DB)) {
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Second); return now }
	db, err := Open(filepath.Join(t.TempDir(), "journal.db"), Options{Now: clock, NoBackup: true, IndexDelay: delay})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))

	// checkSearch compares a search, alone and with a status filter, with a
	// scan of every thesis.
	checkSearch := func(step int, q string) {
		t.Helper()
		all, _, err := db.List(ctx, journal.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		status := journal.Statuses[r.IntN(len(journal.Statuses))]
		for _, f := range []journal.Filter{{Query: q}, {Query: q, Status: status}} {
			var want []string
			for _, th := range all {
				if matchesQuery(th, q) && (f.Status == "" || th.Status == f.Status) {
					want = append(want, th.ID)
				}
			}
			got, total, err := db.List(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if gotIDs := idsOf(got); total != len(want) || !slices.Equal(gotIDs, want) {
				t.Fatalf("step %d: query %q status %q: index found %v (total %d), scan found %v", step, q, f.Status, gotIDs, total, want)
			}
		}
	}
	randomQuery := func() string {
		var words []string
		for range 1 + r.IntN(2) {
			rs := []rune(wordPool[r.IntN(len(wordPool))])
			i := r.IntN(len(rs))
			words = append(words, string(rs[i:i+1+r.IntN(len(rs)-i)]))
		}
		return strings.Join(words, " ")
	}

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
				// The imported copy is newer, so its body is kept.
				if th.UpdatedAt.Before(th.CreatedAt) {
					th.UpdatedAt = th.CreatedAt
				}
				th.UpdatedAt = th.UpdatedAt.Add(time.Second)
				batch = append(batch, th)
			}
			res, err := db.Import(ctx, batch, nil)
			if err != nil {
				t.Fatalf("step %d import: %v", step, err)
			}
			live = append(live, res.Added...)
		}
		if step%3 == 0 {
			// Searching also loads the cache, so later steps exercise its updates.
			checkSearch(step, randomQuery())
		}
		if step%25 == 0 {
			checkIndexes(t, db, false)
		}
		if step%60 == 59 {
			settle(t, db)
			checkIndexes(t, db, true)
		}
	}
	checkIndexes(t, db, false)
	for _, q := range []string{"딥시크", "수요를", "seek", "r1 ai", "하락 상승", "KOS", "한국", "nvda 딥"} {
		checkSearch(-1, q)
	}
	settle(t, db)
	checkIndexes(t, db, true)
	for _, q := range []string{"딥시크", "seek", "nvda 딥"} {
		checkSearch(-1, q)
	}

	// A rebuild from the theses gives the same indexes.
	var before, after map[string]map[string]string
	_ = db.view(func(tx *bolt.Tx) error { before = dump(t, db, tx); return nil })
	if err := db.update(func(tx *bolt.Tx) error { return db.rebuildIndexes(tx) }); err != nil {
		t.Fatal(err)
	}
	_ = db.view(func(tx *bolt.Tx) error { after = dump(t, db, tx); return nil })
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

// TestMayMatchIsSound checks that the quick test on stored records never
// rules out a thesis that matches, whatever JSON does to its text.
func TestMayMatchIsSound(t *testing.T) {
	tricky := []string{
		`<b>DeepSeek</b> & "AI" \ 수요`, "ÉCOLE Straße İstanbul ΣΊΣΥΦΟΣ", "e\u0301cole 한글\u2028줄바꿈\u2029",
		"tab\there\nnewline", "\x00null\x7fbyte", "bad \xff utf8 word", "Ⓐ circled Ⅻ roman",
	}
	r := rand.New(rand.NewPCG(3, 4))
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	for i := range 500 {
		th := randomThesis(r, now)
		th.ID = fmt.Sprintf("t%d", i)
		th.Body += " " + tricky[r.IntN(len(tricky))]
		v, err := encodeThesis(th)
		if err != nil {
			t.Fatal(err)
		}
		var tws []string
		thesisText(th, func(s string) { words(s, func(w string) { tws = append(tws, w) }) })
		for range 5 {
			// Pieces of the thesis's own words, and words from elsewhere.
			var q []string
			for range 1 + r.IntN(2) {
				src := tws
				if r.IntN(3) == 0 || len(src) == 0 {
					src = append(slices.Clone(wordPool), tricky...)
				}
				rs := []rune(src[r.IntN(len(src))])
				if len(rs) == 0 {
					continue
				}
				i := r.IntN(len(rs))
				q = append(q, string(rs[i:i+1+r.IntN(len(rs)-i)]))
			}
			query := strings.Join(q, " ")
			var qws [][]byte
			words(query, func(w string) { qws = append(qws, []byte(w)) })
			if matchesQuery(th, query) && !mayMatch(v, qws) {
				t.Fatalf("query %q matches %q but the record test rules it out", query, th.Body)
			}
		}
	}
}
