//go:build unix

package boltdb_test

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// within fails the test when f does not return within a few seconds.
func within(t *testing.T, what string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatalf("%s blocked", what)
		return nil
	}
}

// Only regular files are read: a FIFO would block the reader for ever.
func TestFIFOIsRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.db")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	path, backup, _, _ := journalWithBackup(t, 2)
	sum, _ := fileSum(t, path)

	check := func(what string, err error) {
		t.Helper()
		wantCode(t, err, journal.EINVALID)
		if msg := journal.ErrorMessage(err); !strings.Contains(msg, fifo) || !strings.Contains(msg, "not a regular file") {
			t.Fatalf("%s: message %q", what, msg)
		}
	}
	check("restore from a FIFO", within(t, "restore from a FIFO", func() error {
		_, err := boltdb.Restore(path, fifo)
		return err
	}))
	if s, _ := fileSum(t, path); s != sum {
		t.Fatal("a refused restore changed the journal")
	}
	check("verify", within(t, "verify of a FIFO", func() error { return boltdb.Verify(fifo) }))
	for _, opts := range []boltdb.Options{{NoBackup: true}, {ReadOnly: true}} {
		check("open", within(t, "open of a FIFO", func() error {
			db, err := boltdb.Open(fifo, opts)
			if err == nil {
				db.Close()
			}
			return err
		}))
	}
	check("restore onto a FIFO", within(t, "restore onto a FIFO", func() error {
		_, err := boltdb.Restore(fifo, backup)
		return err
	}))
}
