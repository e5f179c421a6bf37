package main

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hindsight/quotes/cache"
)

// readOnlyDirEnv names, in the child process of TestCLIReadOnlyJournal, the
// folder that the parent has mounted read-only.
const readOnlyDirEnv = "HINDSIGHT_TEST_READONLY_DIR"

// A journal that cannot be opened for writing is read by the reading
// commands (read-only: no backup, no upgrade) and refused by the writing
// ones with a message that names it. As root, whom permissions do not stop,
// the journal's folder is bind-mounted read-only in a mount namespace of a
// child process (the test skips where that is not permitted); otherwise the
// files are made 0444.
func TestCLIReadOnlyJournal(t *testing.T) {
	if dir := os.Getenv(readOnlyDirEnv); dir != "" {
		// The child: the folder is mounted read-only.
		err := os.WriteFile(filepath.Join(dir, "probe"), nil, 0o600)
		if !errors.Is(err, syscall.EROFS) {
			t.Fatalf("the folder is not read-only: %v", err)
		}
		checkReadOnlyJournal(t, dir)
		return
	}
	dir := t.TempDir()
	out, errs, code := hs(t, filepath.Join(dir, "journal.db"), "", "demo")
	j := strings.TrimSpace(out)
	if code != 0 || filepath.Dir(j) != dir {
		t.Fatalf("demo: code %d, out %q, err %q", code, out, errs)
	}
	writeLayout1(t, filepath.Join(dir, "old.db"))
	before := dirSums(t, dir)

	if os.Geteuid() != 0 {
		for _, name := range []string{"demo.db", "old.db"} {
			if err := os.Chmod(filepath.Join(dir, name), 0o444); err != nil {
				t.Fatal(err)
			}
		}
		checkReadOnlyJournal(t, dir)
	} else {
		if _, err := exec.LookPath("unshare"); err != nil {
			t.Skipf("no unshare to mount the journal's folder read-only: %v", err)
		}
		const mount = `mount --bind -o ro "$1" "$1"`
		if out, err := exec.Command("unshare", "-m", "sh", "-c", mount, "sh", dir).CombinedOutput(); err != nil {
			t.Skipf("cannot mount the journal's folder read-only here: %v: %s", err, out)
		}
		child := exec.Command("unshare", "-m", "sh", "-c",
			mount+` && exec "$2" -test.run='^TestCLIReadOnlyJournal$' -test.count=1 -test.v`, "sh", dir, os.Args[0])
		child.Env = append(os.Environ(), readOnlyDirEnv+"="+dir)
		out, err := child.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestCLIReadOnlyJournal") {
			t.Fatalf("read-only child: %v\n%s", err, out)
		}
	}
	after := dirSums(t, dir)
	for name, sum := range before {
		if after[name] != sum {
			t.Errorf("%s changed", name)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("%s was written", name)
		}
	}
}

// checkReadOnlyJournal runs the commands on demo.db and old.db in dir, which
// cannot be opened for writing.
func checkReadOnlyJournal(t *testing.T, dir string) {
	j, old := filepath.Join(dir, "demo.db"), filepath.Join(dir, "old.db")
	for _, args := range [][]string{
		{"list"},
		{"show", "demo-deepseek"},
		{"review", "--offline", "demo-deepseek"},
		{"summary", "--offline"},
		{"export", "--format", "json"},
		{"backups"},
		{"settings"},
	} {
		out, errs, code := hs(t, j, "", args...)
		if code != 0 || out == "" {
			t.Errorf("%v: code %d, out %.200q, err %q", args, code, out, errs)
		}
	}
	for _, args := range [][]string{{"settings", "--author", "someone"}, {"backup"}} {
		out, errs, code := hs(t, j, "", args...)
		if want := "journal " + j + " is read-only ("; code != exitRuntime || !strings.Contains(errs, want) {
			t.Errorf("%v: code %d, out %q, err %q\nwant %q", args, code, out, errs, want)
		}
	}
	_, errs, code := hs(t, old, "", "list")
	if want := "journal " + old + " uses an older layout (1): it must be opened writable once to upgrade it"; code != exitRuntime || !strings.Contains(errs, want) {
		t.Errorf("list on layout 1: code %d, err %q\nwant %q", code, errs, want)
	}
}

// writeLayout1 writes an empty journal of the first layout, which a
// read-only open does not read.
func writeLayout1(t *testing.T, path string) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucket([]byte("meta"))
		if err != nil {
			return err
		}
		return meta.Put([]byte("schema_version"), binary.BigEndian.AppendUint32(nil, 1))
	})
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
}

// dirSums returns a checksum of every file under dir but the quotes cache,
// by its path relative to dir.
func dirSums(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), cache.FileName) {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sums[rel] = fmt.Sprintf("%x", sha256.Sum256(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}
