package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// mergeFile is a journal file with one thesis written on 2026-11-01 at 70 % conviction.
const mergeFile = `{
  "format": "hindsight-journal",
  "version": 1,
  "settings": {"base_currency": "USD"},
  "theses": [{
    "id": "t-merge",
    "title": "AI demand grows",
    "expectation": "NVDA above 150 by June",
    "invalidation": "NVDA below 100",
    "conviction": 70,
    "created_at": "2026-11-01T09:00:00Z",
    "snapshots": [{"symbol": "NVDA", "price": {"amount": "120", "currency": "USD"}, "at": "2026-11-01T09:00:00Z", "source": "manual"}]
  }]
}
`

// listJSON returns the journal's theses as list --json prints them.
func listJSON(t *testing.T, db string) (string, []journal.Thesis) {
	t.Helper()
	out, errs, code := hs(t, db, "", "list", "--json")
	var list struct {
		Theses []journal.Thesis `json:"theses"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil {
		t.Fatalf("list --json: %d %q %q", code, out, errs)
	}
	return out, list.Theses
}

// stamp is how the import report shows a time: local, to the minute.
func stamp(s string) string {
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return at.Local().Format("2006-01-02 15:04")
}

// TestCLIImportOlderExportKeepsNewerThesis imports an export taken before a snapshot
// and an edit: nothing of the journal is lost, and the report says why.
func TestCLIImportOlderExportKeepsNewerThesis(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "journal.db")
	first := filepath.Join(dir, "first.json")
	if err := os.WriteFile(first, []byte(mergeFile), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, errs, code := hs(t, db, "", "import", first); code != 0 || !strings.Contains(out, "1 added") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	old := filepath.Join(dir, "old.json")
	if _, errs, code := hs(t, db, "", "export", "--format", "json", "-o", old); code != 0 {
		t.Fatalf("export: %s", errs)
	}

	// Since the export: a snapshot (the clock says 2026-11-29 09:00) and the conviction
	// lowered from 70 to 55 at 10:00.
	if _, errs, code := hs(t, db, "", "snapshot", "--price", "131.5", "--currency", "USD", "t-merge", "NVDA"); code != 0 {
		t.Fatalf("snapshot: %s", errs)
	}
	edit := func(at time.Time, change func(*journal.Thesis)) {
		t.Helper()
		j, err := boltdb.Open(db, boltdb.Options{Now: func() time.Time { return at }, NoBackup: true})
		if err != nil {
			t.Fatal(err)
		}
		defer j.Close()
		th, err := j.Get(context.Background(), "t-merge")
		if err != nil {
			t.Fatal(err)
		}
		change(th)
		if err := j.Update(context.Background(), th); err != nil {
			t.Fatal(err)
		}
	}
	edit(time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC), func(th *journal.Thesis) { th.Conviction = 55 })

	wantLine := "t-merge: kept the journal's version, which is newer (" + stamp("2026-11-29T10:00:00Z") +
		" vs the file's " + stamp("2026-11-01T09:00:00Z") + "); the file's claim is already in the revision history; nothing new from the file\n"

	// The dry run first: the same report, and nothing written.
	listBefore, _ := listJSON(t, db)
	bytesBefore, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	out, errs, code := hs(t, db, "", "import", "--dry-run", old)
	if code != 0 || out != wantLine+"dry run of "+old+": 0 added, 0 updated, 1 unchanged; nothing was written\n" {
		t.Fatalf("dry run: %d\n%s%s", code, out, errs)
	}
	if after, _ := os.ReadFile(db); string(after) != string(bytesBefore) {
		t.Fatal("a dry run changed the journal file")
	}
	if after, _ := listJSON(t, db); after != listBefore {
		t.Fatalf("a dry run changed the journal:\n%s\n%s", listBefore, after)
	}

	out, errs, code = hs(t, db, "", "import", old)
	if code != 0 || out != wantLine+"imported "+old+": 0 added, 0 updated, 1 unchanged\n" {
		t.Fatalf("import: %d\n%s%s", code, out, errs)
	}
	_, theses := listJSON(t, db)
	if len(theses) != 1 {
		t.Fatalf("%d theses", len(theses))
	}
	th := theses[0]
	if th.Conviction != 55 || len(th.Snapshots) != 2 || th.Snapshots[1].Price.Amount.String() != "131.5" {
		t.Fatalf("the journal's newer thesis was not kept: conviction %d, snapshots %+v", th.Conviction, th.Snapshots)
	}
	if len(th.Revisions) != 1 || th.Revisions[0].Conviction != 70 {
		t.Fatalf("the 70 %% claim is not in the history: %+v", th.Revisions)
	}
}

// TestCLIImportNewerExportIntoOlderJournal imports a newer export into a journal that
// still holds the first version: the file's claim and snapshot are taken, and the
// journal's own claim stays in the history.
func TestCLIImportNewerExportIntoOlderJournal(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "first.json")
	if err := os.WriteFile(first, []byte(mergeFile), 0o600); err != nil {
		t.Fatal(err)
	}
	older, newer := filepath.Join(dir, "older.db"), filepath.Join(dir, "newer.db")
	for _, db := range []string{older, newer} {
		if _, errs, code := hs(t, db, "", "import", first); code != 0 {
			t.Fatalf("import: %s", errs)
		}
	}
	// The newer journal takes a snapshot at 09:00 and lowers the conviction at 10:00.
	if _, errs, code := hs(t, newer, "", "snapshot", "--price", "131.5", "--currency", "USD", "t-merge", "NVDA"); code != 0 {
		t.Fatalf("snapshot: %s", errs)
	}
	j, err := boltdb.Open(newer, boltdb.Options{Now: func() time.Time { return time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC) }, NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	th, err := j.Get(context.Background(), "t-merge")
	if err != nil {
		t.Fatal(err)
	}
	th.Conviction = 55
	if err := j.Update(context.Background(), th); err != nil {
		t.Fatal(err)
	}
	j.Close()
	export := filepath.Join(dir, "newer.json")
	if _, errs, code := hs(t, newer, "", "export", "--format", "json", "-o", export); code != 0 {
		t.Fatalf("export: %s", errs)
	}

	wantLine := "t-merge: took the file's version, which is newer (" + stamp("2026-11-29T10:00:00Z") +
		" vs the journal's " + stamp("2026-11-01T09:00:00Z") +
		"); the journal's claim is already in the revision history; from the file: 1 snapshot, 1 revision\n"
	listBefore, _ := listJSON(t, older)
	out, errs, code := hs(t, older, "", "import", "--dry-run", export)
	if code != 0 || out != wantLine+"dry run of "+export+": 0 added, 1 updated, 0 unchanged; nothing was written\n" {
		t.Fatalf("dry run: %d\n%s%s", code, out, errs)
	}
	if after, _ := listJSON(t, older); after != listBefore {
		t.Fatal("a dry run changed the journal")
	}
	out, errs, code = hs(t, older, "", "import", export)
	if code != 0 || out != wantLine+"imported "+export+": 0 added, 1 updated, 0 unchanged\n" {
		t.Fatalf("import: %d\n%s%s", code, out, errs)
	}
	got, theses := listJSON(t, older)
	want, _ := listJSON(t, newer)
	if got != want {
		t.Fatalf("the older journal did not become the newer one:\n%s\n%s", got, want)
	}
	if th := theses[0]; th.Conviction != 55 || len(th.Snapshots) != 2 || len(th.Revisions) != 1 || th.Revisions[0].Conviction != 70 {
		t.Fatalf("merged thesis: %+v", th)
	}
	// Importing the same file again changes nothing and says so.
	out, _, _ = hs(t, older, "", "import", export)
	if out != "imported "+export+": 0 added, 0 updated, 1 unchanged\n" {
		t.Fatalf("second import: %q", out)
	}
}
