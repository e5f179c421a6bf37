package boltdb_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// mustOpenSlow opens a journal whose background indexer waits an hour for
// writes to pause, so that the test decides when words are indexed.
func mustOpenSlow(t *testing.T) *boltdb.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "journal.db")
	return mustOpenAt(t, path, boltdb.Options{Now: newClock(day1).Now, NoBackup: true, IndexDelay: time.Hour})
}

func mustIndex(t *testing.T, db *boltdb.DB) {
	t.Helper()
	if err := db.IndexPending(); err != nil {
		t.Fatal(err)
	}
	if n := db.PendingCount(); n != 0 {
		t.Fatalf("%d documents pending after indexing", n)
	}
}

// waitPending waits for the background indexer to bring the number of
// pending documents to one that ok accepts. It gives up after a minute,
// which is not a measure of speed but the sign of an indexer that never ran.
func waitPending(t *testing.T, db *boltdb.DB, ok func(int) bool) {
	t.Helper()
	for start := time.Now(); !ok(db.PendingCount()); time.Sleep(time.Millisecond) {
		if time.Since(start) > time.Minute {
			t.Fatalf("the background indexer left %d documents pending", db.PendingCount())
		}
	}
}

// TestSearchWhileWordsPending follows theses through every combination of
// indexed and pending words, searching after each step.
func TestSearchWhileWordsPending(t *testing.T) {
	db := mustOpenSlow(t)
	find := func(q string) []string {
		t.Helper()
		got, total, err := db.List(ctx, journal.Filter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if total != len(got) {
			t.Fatalf("%q: total %d for %d results", q, total, len(got))
		}
		return ids(got)
	}
	edit := func(id, body string) {
		t.Helper()
		th, err := db.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		th.Body = body
		if err := db.Update(ctx, th); err != nil {
			t.Fatal(err)
		}
	}
	a := mustCreate(t, db, plainThesis("alpha", "사과 apple"))
	b := mustCreate(t, db, plainThesis("bravo", "바나나 banana 사과"))
	steps := []struct {
		name    string
		do      func()
		pending int
		want    map[string][]string
	}{
		{"new theses, pending", func() {}, 2, map[string][]string{
			"사과": {b.ID, a.ID}, "appl": {a.ID}, "나나": {b.ID}, "cherry": {},
		}},
		{"indexed", func() { mustIndex(t, db) }, 0, map[string][]string{
			"사과": {b.ID, a.ID}, "appl": {a.ID}, "나나": {b.ID},
		}},
		{"indexed thesis edited", func() { edit(a.ID, "체리 cherry") }, 1, map[string][]string{
			"사과": {b.ID}, "apple": {}, "체리": {a.ID}, "cherry": {a.ID},
		}},
		{"pending thesis edited again", func() { edit(a.ID, "두리안 durian 사과") }, 1, map[string][]string{
			"사과": {b.ID, a.ID}, "apple": {}, "cherry": {}, "durian": {a.ID},
		}},
		{"edits indexed", func() { mustIndex(t, db) }, 0, map[string][]string{
			"사과": {b.ID, a.ID}, "apple": {}, "cherry": {}, "durian": {a.ID}, "alpha": {a.ID},
		}},
		{"indexed thesis edited, then deleted while pending", func() {
			edit(b.ID, "엘더베리 elderberry")
			if err := db.Delete(ctx, b.ID); err != nil {
				t.Fatal(err)
			}
		}, 1, map[string][]string{
			"사과": {a.ID}, "banana": {}, "elder": {}, "bravo": {},
		}},
		{"deletion indexed", func() { mustIndex(t, db) }, 0, map[string][]string{
			"사과": {a.ID}, "banana": {}, "bravo": {},
		}},
		{"indexed thesis edited without changing its words", func() {
			th, err := db.Get(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			th.Conviction = 90
			th.Body = "사과 durian 두리안!"
			if err := db.Update(ctx, th); err != nil {
				t.Fatal(err)
			}
		}, 0, map[string][]string{
			"사과": {a.ID}, "durian": {a.ID},
		}},
		{"thesis never indexed, deleted", func() {
			c := mustCreate(t, db, plainThesis("charlie", "무화과 fig"))
			if err := db.Delete(ctx, c.ID); err != nil {
				t.Fatal(err)
			}
		}, 0, map[string][]string{
			"fig": {}, "charlie": {},
		}},
		{"indexed thesis deleted", func() {
			if err := db.Delete(ctx, a.ID); err != nil {
				t.Fatal(err)
			}
		}, 1, map[string][]string{
			"사과": {}, "durian": {},
		}},
	}
	for _, st := range steps {
		st.do()
		if n := db.PendingCount(); n != st.pending {
			t.Fatalf("%s: %d documents pending, want %d", st.name, n, st.pending)
		}
		for q, want := range st.want {
			if got := find(q); !slices.Equal(got, want) {
				t.Errorf("%s: %q found %v, want %v", st.name, q, got, want)
			}
		}
	}
}

// TestImportIndexesPending checks that an import indexes its own words and
// whatever else was pending in its transaction.
func TestImportIndexesPending(t *testing.T) {
	db := mustOpenSlow(t)
	a := mustCreate(t, db, plainThesis("alpha", "사과"))
	b := mustCreate(t, db, plainThesis("bravo", "바나나"))
	if n := db.PendingCount(); n != 2 {
		t.Fatalf("%d pending, want 2", n)
	}
	edited, err := db.Get(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	edited.Body = "체리"
	edited.UpdatedAt = edited.CreatedAt.Add(time.Hour) // newer, so its body is kept
	imported := plainThesis("charlie", "사과 체리")
	imported.ID = "imported-1"
	imported.CreatedAt = day1.Add(time.Hour)
	if _, err := db.Import(ctx, []*journal.Thesis{edited, imported}, nil); err != nil {
		t.Fatal(err)
	}
	if n := db.PendingCount(); n != 0 {
		t.Fatalf("%d pending after an import, want 0", n)
	}
	for q, want := range map[string][]string{
		"사과": {imported.ID}, "체리": {imported.ID, a.ID}, "바나나": {b.ID},
	} {
		got, _, err := db.List(ctx, journal.Filter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(got), want) {
			t.Errorf("%q found %v, want %v", q, ids(got), want)
		}
	}
}

// TestPendingWordsSurviveInCopies opens a hot copy taken while words were
// pending, as a crash would leave the file: read-only it matches them
// directly, opened for writing it indexes them at once.
func TestPendingWordsSurviveInCopies(t *testing.T) {
	db := mustOpenSlow(t)
	a := mustCreate(t, db, plainThesis("indexed", "사과 apple"))
	mustIndex(t, db)
	b := mustCreate(t, db, plainThesis("pending", "바나나 banana"))
	edit, err := db.Get(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	edit.Body = "체리 cherry"
	if err := db.Update(ctx, edit); err != nil {
		t.Fatal(err)
	}
	if n := db.PendingCount(); n != 2 {
		t.Fatalf("%d pending, want 2", n)
	}
	backup, err := db.Backup()
	if err != nil {
		t.Fatal(err)
	}
	copyPath := plainBackup(t, backup)
	want := map[string][]string{"사과": {}, "apple": {}, "cherry": {a.ID}, "바나": {b.ID}, "pending": {b.ID}}
	check := func(name string, db *boltdb.DB) {
		t.Helper()
		for q, w := range want {
			got, total, err := db.List(ctx, journal.Filter{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			if total != len(w) || !slices.Equal(ids(got), w) {
				t.Errorf("%s: %q found %v, want %v", name, q, ids(got), w)
			}
		}
	}
	if raw, _ := rawBuckets(t, copyPath, "pending"); len(raw["pending"]) != 2 {
		t.Fatalf("the copy holds %d pending entries, want 2", len(raw["pending"]))
	}
	ro := mustOpenAt(t, copyPath, boltdb.Options{ReadOnly: true})
	check("read-only", ro)
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
	rw := mustOpenAt(t, copyPath, boltdb.Options{NoBackup: true, IndexDelay: time.Hour})
	if n := rw.PendingCount(); n != 0 {
		t.Fatalf("%d pending after opening, want 0", n)
	}
	check("reopened", rw)
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	if raw, _ := rawBuckets(t, copyPath, "pending"); len(raw["pending"]) != 0 {
		t.Fatalf("%d pending entries left in the file", len(raw["pending"]))
	}
}

// TestIndexerRuns checks the two triggers of the background indexer: a
// pause in the writes, and many documents waiting.
func TestIndexerRuns(t *testing.T) {
	t.Run("when writes pause", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "journal.db")
		db := mustOpenAt(t, path, boltdb.Options{NoBackup: true, IndexDelay: time.Millisecond})
		a := mustCreate(t, db, plainThesis("alpha", "사과"))
		waitPending(t, db, func(n int) bool { return n == 0 })
		got, _, err := db.List(ctx, journal.Filter{Query: "사과"})
		if err != nil || !slices.Equal(ids(got), []string{a.ID}) {
			t.Fatalf("after indexing: %v, %v", ids(got), err)
		}
	})
	t.Run("when many are pending", func(t *testing.T) {
		db := mustOpenSlow(t)
		var ths []*journal.Thesis
		for range 150 {
			ths = append(ths, mustCreate(t, db, plainThesis("대량 bulk", "본문")))
		}
		// The indexer was woken with 128 waiting, though writes never paused
		// for the hour it would otherwise wait.
		waitPending(t, db, func(n int) bool { return n < 128 })
		if _, total, err := db.List(ctx, journal.Filter{Query: "bulk"}); err != nil || total != len(ths) {
			t.Fatalf("search found %d of %d (%v)", total, len(ths), err)
		}
	})
}

// TestLargeImportIndexesAfter imports more theses than an import indexes in
// its own transaction: their words are indexed before Import returns, and a
// refused file of that size still changes nothing.
func TestLargeImportIndexesAfter(t *testing.T) {
	db := mustOpenSlow(t)
	const n = 4500
	batch := make([]*journal.Thesis, n)
	for i := range batch {
		th := plainThesis(fmt.Sprintf("bulk %d", i), fmt.Sprintf("bulkword%05d 대량", i))
		th.ID = fmt.Sprintf("bulk-%05d", i)
		th.CreatedAt = day1.Add(time.Duration(i) * time.Second)
		batch[i] = th
	}
	bad := slices.Clone(batch)
	bad = append(bad, plainThesis("", "a thesis without a title is refused"))
	if _, err := db.Import(ctx, bad, nil); err == nil {
		t.Fatal("an import with an invalid thesis was accepted")
	}
	if _, total, err := db.List(ctx, journal.Filter{}); err != nil || total != 0 {
		t.Fatalf("a refused import left %d theses (%v)", total, err)
	}
	res, err := db.Import(ctx, batch, nil)
	if err != nil || len(res.Added) != n {
		t.Fatalf("import: %d added, %v", len(res.Added), err)
	}
	if p := db.PendingCount(); p != 0 {
		t.Fatalf("%d pending after the import returned, want 0", p)
	}
	for q, want := range map[string][]string{
		"bulkword04499": {"bulk-04499"}, "bulkword00000": {"bulk-00000"}, "bulkword0450": nil,
	} {
		got, _, err := db.List(ctx, journal.Filter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(got), want) {
			t.Errorf("%q found %v, want %v", q, ids(got), want)
		}
	}
	if _, total, err := db.List(ctx, journal.Filter{Query: "대량"}); err != nil || total != n {
		t.Fatalf("대량 found %d (%v), want %d", total, err, n)
	}
}
