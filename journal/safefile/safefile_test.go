//go:build unix

package safefile_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"hindsight/journal"
	"hindsight/journal/safefile"
)

func writeText(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteKeepsModeAndUmask(t *testing.T) {
	dir := t.TempDir()
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)

	fresh := filepath.Join(dir, "new.json")
	if err := safefile.Write(context.Background(), fresh, safefile.Guard{}, writeText("a")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(fresh); fi.Mode().Perm() != 0o600 {
		t.Errorf("new file under umask 077 is %v, want -rw-------", fi.Mode().Perm())
	}
	kept := filepath.Join(dir, "kept.json")
	if err := os.WriteFile(kept, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(kept, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := safefile.Write(context.Background(), kept, safefile.Guard{}, writeText("new")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(kept); fi.Mode().Perm() != 0o640 || read(t, kept) != "new" {
		t.Errorf("overwritten file is %v %q, want -rw-r----- \"new\"", fi.Mode().Perm(), read(t, kept))
	}
}

func TestWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real", "report.csv")
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(filepath.Join("real", "report.csv"), link); err != nil {
		t.Fatal(err)
	}
	if err := safefile.Write(context.Background(), link, safefile.Guard{}, writeText("new")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", fi.Mode(), err)
	}
	if read(t, real) != "new" {
		t.Errorf("the link's target holds %q", read(t, real))
	}
	// A dangling link is written through too: the file appears where it points.
	dangling := filepath.Join(dir, "dangling.csv")
	if err := os.Symlink("later.csv", dangling); err != nil {
		t.Fatal(err)
	}
	if err := safefile.Write(context.Background(), dangling, safefile.Guard{}, writeText("x")); err != nil {
		t.Fatal(err)
	}
	if read(t, filepath.Join(dir, "later.csv")) != "x" {
		t.Error("dangling link not written through")
	}
}

func TestTargetRefuses(t *testing.T) {
	dir := t.TempDir()
	j := filepath.Join(dir, "journal.db")
	for _, f := range []string{j, filepath.Join(dir, "quotes-cache.db")} {
		if err := os.WriteFile(f, []byte("precious"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "backups"), 0o700); err != nil {
		t.Fatal(err)
	}
	g := safefile.Guard{
		Files:    []string{j, filepath.Join(dir, "quotes-cache.db")},
		Dirs:     []string{filepath.Join(dir, "backups")},
		Prefixes: []string{j + ".", j + "-"},
	}
	linkToJournal := filepath.Join(dir, "innocent.json")
	if err := os.Symlink(j, linkToJournal); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(t.TempDir(), "hard.json")
	if err := os.Link(j, hard); err != nil {
		t.Skip("no hard links here:", err)
	}
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		j:                                     "journal's own file",
		filepath.Join(dir, ".", "journal.db"): "journal's own file",
		filepath.Join(dir, "quotes-cache.db"): "journal's own file",
		filepath.Join(dir, "backups", "journal-2026-11-30.db"): "inside the journal's folder",
		j + ".lock":   "journal's own files",
		j + "-txid":   "journal's own files",
		linkToJournal: "journal's own file",
		hard:          "journal's own file",
		dir:           "is a folder",
		fifo:          "not a regular file (a named pipe)",
	}
	for p, want := range cases {
		_, err := safefile.Target(p, g)
		if err == nil || !strings.Contains(err.Error(), want) || journal.ErrorCode(err) != journal.EINVALID {
			t.Errorf("Target(%s) = %v, want an EINVALID error saying %q", p, err, want)
		}
		if err != nil && !strings.Contains(err.Error(), p) {
			t.Errorf("Target(%s): %q does not name the path", p, err)
		}
	}
	// Writing refuses the same way, and the journal is untouched.
	err := safefile.Write(context.Background(), j, g, writeText("exported"))
	if err == nil || read(t, j) != "precious" {
		t.Fatalf("export onto the journal: %v, journal now %q", err, read(t, j))
	}
	// An ordinary file beside the journal is fine.
	if _, err := safefile.Target(filepath.Join(dir, "journal-export.json"), g); err != nil {
		t.Errorf("a file beside the journal refused: %v", err)
	}
}

func TestWriteFailureLeavesTarget(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.json")
	if err := os.WriteFile(p, []byte("before"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := safefile.Write(context.Background(), p, safefile.Guard{}, func(w io.Writer) error {
		_, _ = io.WriteString(w, "half")
		return boom
	})
	if !errors.Is(err, boom) || read(t, p) != "before" {
		t.Fatalf("failed write: %v, file %q", err, read(t, p))
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("temporary files left: %v", ents)
	}
}
