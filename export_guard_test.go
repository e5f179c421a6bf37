//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestExportNeverReplacesTheJournal: export -o onto the journal, its cache, a backup or a
// sidecar, in any format, is refused and the journal is left byte for byte; a folder is
// refused before anything is rendered.
func TestExportNeverReplacesTheJournal(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if _, errs, code := hs(t, db, "", "demo"); code != 0 {
		t.Fatal(errs)
	}
	if _, errs, code := hs(t, db, "", "backup"); code != 0 {
		t.Fatal(errs)
	}
	backups, _ := filepath.Glob(filepath.Join(dir, "backups", "*"))
	if len(backups) == 0 {
		t.Fatal("no backup written")
	}
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "looks-harmless.json")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	targets := []string{db, backups[0], filepath.Join(dir, "quotes-cache.db"), db + ".lock", link}
	for _, format := range []string{"json", "csv", "pdf"} {
		for _, out := range targets {
			_, errs, code := hs(t, db, "", "export", "--format", format, "--offline", "-o", out)
			if code == 0 || !strings.Contains(errs, "never replaces") || !strings.Contains(errs, out) {
				t.Errorf("export --format %s -o %s: code %d, %q", format, out, code, errs)
			}
		}
	}
	after, _ := os.ReadFile(db)
	if !bytes.Equal(before, after) {
		t.Fatal("an export changed the journal")
	}
	if out, _, code := hs(t, db, "", "list"); code != 0 || !strings.Contains(out, "demo-deepseek") {
		t.Fatalf("journal no longer lists: %d %s", code, out)
	}
	_, errs, code := hs(t, db, "", "export", "--format", "pdf", "-o", dir)
	if code == 0 || !strings.Contains(errs, "is a folder") || strings.Contains(errs, "laying out") {
		t.Errorf("export -o DIR: %d %q", code, errs)
	}
}

// TestExportFileModes: an export respects the umask and keeps an existing file's mode,
// and writes through a symbolic link instead of replacing it.
func TestExportFileModes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if _, errs, code := hs(t, db, "", "demo"); code != 0 {
		t.Fatal(errs)
	}
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	fresh := filepath.Join(dir, "fresh.json")
	if _, errs, code := hs(t, db, "", "export", "-o", fresh); code != 0 {
		t.Fatal(errs)
	}
	if fi, _ := os.Stat(fresh); fi.Mode().Perm() != 0o600 {
		t.Errorf("export under umask 077 is %v", fi.Mode().Perm())
	}
	private := filepath.Join(dir, "private.csv")
	if err := os.WriteFile(private, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	syscall.Umask(0o022)
	if _, errs, code := hs(t, db, "", "export", "--format", "csv", "-o", private); code != 0 {
		t.Fatal(errs)
	}
	if fi, _ := os.Stat(private); fi.Mode().Perm() != 0o600 {
		t.Errorf("overwriting a 0600 file made it %v", fi.Mode().Perm())
	}
	target := filepath.Join(dir, "elsewhere.json")
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := hs(t, db, "", "export", "-o", link); code != 0 {
		t.Fatal(errs)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symbolic link was replaced by the export")
	}
	if b, err := os.ReadFile(target); err != nil || !bytes.Contains(b, []byte("demo-deepseek")) {
		t.Errorf("the export did not reach the link's target: %v", err)
	}
}

// TestDemoNeverEntersYourJournal: "--db MYJOURNAL demo" writes demo.db beside the
// journal and leaves the journal, settings included, exactly as it was; a file named
// demo.db that holds the person's own theses is refused.
func TestDemoNeverEntersYourJournal(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "mine.db")
	if _, errs, code := hs(t, mine, "", "settings", "--base", "EUR", "--author", "Kim"); code != 0 {
		t.Fatal(errs)
	}
	if _, errs, code := hs(t, mine, `{"format":"hindsight-journal","version":1,"theses":[{"id":"my-own","title":"My own thesis","conviction":60,"status":"open","created_at":"2026-11-01T09:00:00Z"}]}`, "import", "-"); code != 0 {
		t.Fatal(errs)
	}
	before, _ := os.ReadFile(mine)
	out, errs, code := hs(t, mine, "", "demo")
	if code != 0 || strings.TrimSpace(out) != filepath.Join(dir, "demo.db") {
		t.Fatalf("demo: %d %q %q", code, out, errs)
	}
	after, _ := os.ReadFile(mine)
	if !bytes.Equal(before, after) {
		t.Error("demo changed the journal named by --db")
	}
	list, _, _ := hs(t, mine, "", "list")
	if strings.Contains(list, "demo-") || !strings.Contains(list, "my-own") {
		t.Errorf("journal after demo:\n%s", list)
	}
	if s, _, _ := hs(t, mine, "", "settings"); !strings.Contains(s, "EUR") || !strings.Contains(s, "Kim") {
		t.Errorf("settings after demo:\n%s", s)
	}
	// A journal that happens to be called demo.db is someone's journal too.
	other := filepath.Join(t.TempDir(), "demo.db")
	if _, errs, code := hs(t, other, `{"format":"hindsight-journal","version":1,"theses":[{"id":"my-own","title":"Mine","conviction":60,"status":"open","created_at":"2026-11-01T09:00:00Z"}]}`, "import", "-"); code != 0 {
		t.Fatal(errs)
	}
	_, errs, code = hs(t, other, "", "demo")
	if code == 0 || !strings.Contains(errs, "holds your own theses") {
		t.Errorf("demo into a journal named demo.db: %d %q", code, errs)
	}
	if help, _, _ := hs(t, mine, "", "demo", "--help"); strings.Contains(help, "--force") {
		t.Errorf("demo --help names a flag that does not exist:\n%s", help)
	}
}

// TestImportKeepsSettings: importing a file does not replace the journal's settings
// unless asked to; the differences are reported either way; a new journal takes the
// file's.
func TestImportKeepsSettings(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "mine.db")
	if _, errs, code := hs(t, mine, "", "settings", "--base", "KRW", "--total-budget", "10,000,000", "--author", "Kim"); code != 0 {
		t.Fatal(errs)
	}
	file := `{"format":"hindsight-journal","version":1,"settings":{"base_currency":"USD","total_loss_budget":{"amount":"5000","currency":"USD"},"author":"Someone else"},"theses":[]}`
	out, errs, code := hs(t, mine, file, "import", "-")
	if code != 0 || !strings.Contains(out, "kept the journal's base_currency KRW (the file has USD") || !strings.Contains(out, "author Kim") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	if s, _, _ := hs(t, mine, "", "settings"); !strings.Contains(s, "KRW") || !strings.Contains(s, "Kim") || strings.Contains(s, "Someone else") {
		t.Fatalf("settings after import:\n%s", s)
	}
	out, errs, code = hs(t, mine, file, "import", "--settings", "replace", "-")
	if code != 0 || !strings.Contains(out, "base_currency KRW replaced by the file's USD") {
		t.Fatalf("import --settings replace: %d %q %q", code, out, errs)
	}
	if s, _, _ := hs(t, mine, "", "settings"); !strings.Contains(s, "USD") || !strings.Contains(s, "Someone else") {
		t.Fatalf("settings after replace:\n%s", s)
	}
	fresh := filepath.Join(dir, "fresh.db")
	if out, errs, code := hs(t, fresh, file, "import", "-"); code != 0 || !strings.Contains(out, "from the file (the journal is new)") {
		t.Fatalf("import into a new journal: %d %q %q", code, out, errs)
	}
	if _, errs, code := hs(t, mine, file, "import", "--settings", "merge", "-"); code != 2 || !strings.Contains(errs, "keep or replace") {
		t.Errorf("--settings merge: %d %q", code, errs)
	}
}
