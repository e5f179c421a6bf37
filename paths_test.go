package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A --db that is a symbolic link to a missing file is reported as missing,
// by reading and writing commands alike, and nothing is created through it.
func TestCLIDanglingSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "usb", "journal.db")
	link := filepath.Join(dir, "journal.db")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symbolic links: %v", err)
	}
	want := link + ": no such file (it is a symbolic link to " + target + ", which does not exist)"
	for _, args := range [][]string{{"list"}, {"show", "x"}, {"summary", "--offline"}, {"export", "--format", "json"}, {"settings", "--author", "A"}, {"backup"}} {
		out, errs, code := hs(t, link, "", args...)
		if code != exitRuntime || !strings.Contains(errs, want) || strings.Contains(errs, "damaged") {
			t.Errorf("%v: code %d, out %q, err %q\nwant %q", args, code, out, errs, want)
		}
	}
	if _, err := os.Lstat(filepath.Dir(target)); !os.IsNotExist(err) {
		t.Fatalf("a command created the link's target folder: %v", err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 1 {
		t.Fatalf("files written beside the link: %v", ents)
	}
}

// "restore LINK" where LINK names the journal itself is refused, and the
// healthy journal is not filed away as damaged.
func TestCLIRestoreFromTheJournalItself(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "journal.db")
	if _, errs, code := hs(t, db, "", "settings", "--author", "Kim"); code != 0 {
		t.Fatal(errs)
	}
	link := filepath.Join(t.TempDir(), "backup.db")
	if err := os.Symlink(db, link); err != nil {
		t.Skipf("symbolic links: %v", err)
	}
	out, errs, code := hs(t, db, "", "restore", link)
	if code != exitRuntime || !strings.Contains(errs, link+" is the journal itself") {
		t.Fatalf("restore %s: code %d, out %q, err %q", link, code, out, errs)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.damaged-*")); len(m) != 0 {
		t.Fatalf("the journal was moved aside: %v", m)
	}
	if out, _, code := hs(t, db, "", "settings"); code != 0 || !strings.Contains(out, "Kim") {
		t.Fatalf("the journal lost its settings: %d %q", code, out)
	}
}
