package boltdb_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// TestImportOlderCopyLosesNothing imports a copy of a thesis taken before a
// snapshot was added and the conviction lowered: the journal keeps both.
func TestImportOlderCopyLosesNothing(t *testing.T) {
	db, c := mustOpen(t)
	th := sampleThesis("older copy")
	th.Conviction = 70
	mustCreate(t, db, th)
	old, err := db.Get(ctx, th.ID) // the export
	if err != nil {
		t.Fatal(err)
	}

	c.Set(day1.Add(24 * time.Hour))
	th.Snapshots = append(th.Snapshots, journal.Snapshot{
		Symbol: "005930.KS", Price: journal.MustMoney("81000", "KRW"), At: day1.Add(23 * time.Hour), Source: journal.SourceManual,
	})
	th.Conviction = 55
	if err := db.Update(ctx, th); err != nil {
		t.Fatal(err)
	}
	before, err := db.Get(ctx, th.ID)
	if err != nil {
		t.Fatal(err)
	}

	for _, dry := range []bool{true, false} {
		importFn := db.Import
		if dry {
			importFn = db.ImportDryRun
		}
		res, err := importFn(ctx, []*journal.Thesis{old}, nil)
		if err != nil {
			t.Fatal(err)
		}
		// The journal's version is newer and already holds everything of the old copy.
		if res.Unchanged != 1 || len(res.Added)+len(res.Updated) != 0 || len(res.Merged) != 1 || res.DryRun != dry {
			t.Fatalf("dry run %v: result %+v", dry, res)
		}
		n := res.Merged[0]
		if n.KeptIncoming || !n.StoredAt.Equal(before.UpdatedAt) || !n.IncomingAt.Equal(old.CreatedAt) ||
			!n.ClaimDiffered || n.ClaimToHistory || !n.FromIncoming.IsZero() || n.OnlyStored.Snapshots != 1 || n.Changed {
			t.Fatalf("dry run %v: note %+v", dry, n)
		}
		got, err := db.Get(ctx, th.ID)
		if err != nil {
			t.Fatal(err)
		}
		if mustJSON(t, got) != mustJSON(t, before) {
			t.Fatalf("dry run %v: the thesis changed:\n%s\n%s", dry, mustJSON(t, got), mustJSON(t, before))
		}
	}
	if before.Conviction != 55 || len(before.Snapshots) != 2 || len(before.Revisions) != 1 || before.Revisions[0].Conviction != 70 {
		t.Fatalf("journal: %+v", before)
	}
}

// TestImportNewerCopyKeepsJournalHistory imports a newer copy into an older
// journal that meanwhile took a snapshot of its own.
func TestImportNewerCopyKeepsJournalHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	c := newClock(day1)
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now, NoBackup: true})
	th := sampleThesis("newer copy")
	th.Conviction = 70
	mustCreate(t, db, th)
	stored, _ := db.Get(ctx, th.ID)

	// The journal adds a snapshot and moves its expectation at day1+1h; the copy
	// (another device) lowers the conviction to 55 at day1+2h.
	c.Set(day1.Add(time.Hour))
	own := journal.Snapshot{Symbol: "005930.KS", Price: journal.MustMoney("80000", "KRW"), At: day1.Add(time.Hour), Source: journal.SourceManual}
	th.Snapshots = append(th.Snapshots, own)
	th.Expectation = "8개월 안에 20% 상승"
	if err := db.Update(ctx, th); err != nil {
		t.Fatal(err)
	}
	newer := stored.Clone()
	newer.Conviction = 55
	newer.Body = "다른 기기에서 고쳤다"
	if err := journal.ApplyEdit(stored, newer, day1.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	journalAt := day1.Add(time.Hour + time.Millisecond) // the clock ticks once per call

	// A dry run says what would happen and writes nothing.
	fileBefore, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.ImportDryRun(ctx, []*journal.Thesis{newer}, &journal.Settings{BaseCurrency: "USD", Author: "dry run"})
	if err != nil || !slices.Equal(res.Updated, []string{th.ID}) || len(res.Merged) != 1 || !res.DryRun {
		t.Fatalf("dry run: %+v, %v", res, err)
	}
	if fileAfter, _ := os.ReadFile(path); !bytes.Equal(fileBefore, fileAfter) {
		t.Fatal("a dry run changed the journal file")
	}
	if s, _ := db.Settings(ctx); s.Author == "dry run" {
		t.Fatalf("a dry run replaced the settings: %+v", s)
	}

	res2, err := db.Import(ctx, []*journal.Thesis{newer}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res.DryRun = false
	if mustJSON(t, res) != mustJSON(t, res2) {
		t.Fatalf("the dry run and the import differ:\n%+v\n%+v", res, res2)
	}
	n := res2.Merged[0]
	if !n.KeptIncoming || !n.StoredAt.Equal(journalAt) || !n.IncomingAt.Equal(day1.Add(2*time.Hour)) ||
		!n.ClaimToHistory || n.FromIncoming.Revisions != 1 || n.OnlyStored != (journal.MergeCounts{Snapshots: 1, Revisions: 1}) ||
		!slices.Equal(n.Fields, []string{"body"}) || !n.Changed {
		t.Fatalf("note %+v", n)
	}
	got, err := db.Get(ctx, th.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Conviction != 55 || got.Body != newer.Body || !got.UpdatedAt.Equal(newer.UpdatedAt) {
		t.Fatalf("the newer copy's fields were not taken: %+v", got)
	}
	if len(got.Snapshots) != 2 || mustJSON(t, got.Snapshots[1]) != mustJSON(t, own) {
		t.Fatalf("the journal's own snapshot was lost: %+v", got.Snapshots)
	}
	// The history: the first claim as both sides recorded it when they edited it, and
	// the journal's own claim, dated when the journal saved it. At the same moment
	// "6개월…" sorts before "8개월…".
	type claim struct {
		at          time.Time
		expectation string
		conviction  int
	}
	want := []claim{{journalAt, "6개월 안에 20% 상승", 70}, {journalAt, "8개월 안에 20% 상승", 70}, {day1.Add(2 * time.Hour), "6개월 안에 20% 상승", 70}}
	var have []claim
	for _, r := range got.Revisions {
		have = append(have, claim{r.At, r.Expectation, r.Conviction})
	}
	if mustJSON(t, have) != mustJSON(t, want) {
		t.Fatalf("revisions %+v, want %+v", have, want)
	}
	if found, _, _ := db.List(ctx, journal.Filter{Query: "다른 기기"}); !slices.Equal(ids(found), []string{th.ID}) {
		t.Fatalf("search after the merge: %v", ids(found))
	}
}

func TestImportRefusesADifferentThesisWithTheSameID(t *testing.T) {
	db, _ := mustOpen(t)
	th := mustCreate(t, db, sampleThesis("same id"))
	before := mustJSON(t, th)
	other := th.Clone()
	other.CreatedAt = day1.Add(-48 * time.Hour)
	other.UpdatedAt = day1.Add(time.Hour)
	_, err := db.Import(ctx, []*journal.Thesis{other}, nil)
	wantCode(t, err, journal.ECONFLICT)
	for _, want := range []string{th.ID, "2026-11-29T08:30:00.001Z", "2026-11-27T08:30:00Z"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	if got, _ := db.Get(ctx, th.ID); mustJSON(t, got) != before {
		t.Fatal("a refused import changed the thesis")
	}
}
