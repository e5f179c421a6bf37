package boltdb_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// A journal reached through a symbolic link is restored through the link:
// the link stays, its target gets the backup, and the file moved aside is
// kept beside the target.
func TestRestoreThroughSymlink(t *testing.T) {
	path, backup, theses, c := journalWithBackup(t, 2)
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now, NoBackup: true})
	later := mustCreate(t, db, sampleThesis("written after the backup"))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "journal.db")
	if err := os.Symlink(path, link); err != nil {
		t.Skipf("symbolic links: %v", err)
	}

	aside, err := boltdb.Restore(link, backup)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(link)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v, %v", fi.Mode(), err)
	}
	if got, _ := os.Readlink(link); got != path {
		t.Fatalf("the link points to %q, want %q", got, path)
	}
	if filepath.Dir(aside) != filepath.Dir(path) || !strings.HasPrefix(filepath.Base(aside), "journal.db.damaged-") {
		t.Fatalf("moved aside to %q, want beside %s", aside, path)
	}
	old := mustOpenAt(t, aside, boltdb.Options{ReadOnly: true})
	if _, err := old.Get(ctx, later.ID); err != nil {
		t.Fatalf("the file moved aside lacks the newer thesis: %v", err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	// The target holds the backup, whether opened through the link or directly.
	for _, p := range []string{link, path} {
		db := mustOpenAt(t, p, boltdb.Options{Now: c.Now, NoBackup: true})
		if _, err := db.Get(ctx, theses[1]); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		_, err := db.Get(ctx, later.ID)
		wantCode(t, err, journal.ENOTFOUND)
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// Restoring the journal from itself, under any name, is refused and
// leaves it where it is.
func TestRestoreRefusesTheJournalItself(t *testing.T) {
	path, _, theses, c := journalWithBackup(t, 1)
	other := t.TempDir()
	link := filepath.Join(other, "link.db")
	if err := os.Symlink(path, link); err != nil {
		t.Skipf("symbolic links: %v", err)
	}
	hard := filepath.Join(filepath.Dir(path), "hard.db")
	if err := os.Link(path, hard); err != nil {
		t.Fatal(err)
	}
	linkToLink := filepath.Join(other, "journal.db")
	if err := os.Symlink(link, linkToLink); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ journal, backup string }{
		{path, link},
		{path, hard},
		{link, path},
		{linkToLink, link},
		{linkToLink, hard},
	} {
		_, err := boltdb.Restore(c.journal, c.backup)
		wantCode(t, err, journal.EINVALID)
		if !strings.Contains(journal.ErrorMessage(err), c.backup+" is the journal itself") {
			t.Errorf("restore %s from %s: %q", c.journal, c.backup, journal.ErrorMessage(err))
		}
	}
	for _, dir := range []string{filepath.Dir(path), other} {
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if strings.Contains(e.Name(), ".damaged-") {
				t.Errorf("the journal was moved aside: %s", e.Name())
			}
		}
	}
	if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
		t.Fatalf("journal: %v", err)
	}
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now, NoBackup: true})
	if _, err := db.Get(ctx, theses[0]); err != nil {
		t.Fatal(err)
	}
}

// A journal path that is a symbolic link to a missing file is reported as
// missing, never as damaged, and no journal is created through the link.
func TestOpenDanglingSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "gone", "journal.db")
	link := filepath.Join(dir, "journal.db")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symbolic links: %v", err)
	}
	chain := filepath.Join(dir, "chain.db")
	if err := os.Symlink("journal.db", chain); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{link, chain} {
		for _, ro := range []bool{false, true} {
			_, err := boltdb.Open(p, boltdb.Options{ReadOnly: ro})
			wantCode(t, err, journal.ENOTFOUND)
			want := p + ": no such file (it is a symbolic link to " + target + ", which does not exist)"
			if msg := journal.ErrorMessage(err); !strings.Contains(msg, want) {
				t.Errorf("open %s (read-only %v): %q\nwant it to contain %q", p, ro, msg, want)
			}
		}
	}
	if _, err := os.Lstat(filepath.Dir(target)); !os.IsNotExist(err) {
		t.Fatalf("opening created the link's target folder: %v", err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	if _, err := os.Lstat(link + ".commit"); !os.IsNotExist(err) {
		t.Fatalf("opening wrote a commit record: %v", err)
	}
}
