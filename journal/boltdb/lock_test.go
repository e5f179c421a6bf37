package boltdb_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

func TestSecondInstanceIsLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	db := mustOpenAt(t, path, boltdb.Options{NoBackup: true})
	mustCreate(t, db, plainThesis("locked", ""))
	backup, err := db.Backup()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	cmd, stdin, _ := startChild(t, "hold", path)
	defer func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("child: %v", err)
		}
	}()

	want := fmt.Sprintf("journal %s is open in another Hindsight", path)
	for _, opts := range []boltdb.Options{{}, {ReadOnly: true}, {LockTimeout: 200 * time.Millisecond}} {
		start := time.Now()
		_, err := boltdb.Open(path, opts)
		elapsed := time.Since(start)
		wantCode(t, err, journal.ELOCKED)
		if journal.ErrorMessage(err) != want {
			t.Fatalf("message %q, want %q", journal.ErrorMessage(err), want)
		}
		if elapsed >= 2*time.Second {
			t.Fatalf("open gave up after %v, want well within 2 s", elapsed)
		}
	}
	_, err = boltdb.Restore(path, backup)
	wantCode(t, err, journal.ELOCKED)
	if journal.ErrorMessage(err) != want {
		t.Fatalf("restore message %q", journal.ErrorMessage(err))
	}
}

func TestSecondOpenInSameProcessIsLocked(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("flock conflicts between descriptors of one process are checked on Linux only")
	}
	path := filepath.Join(t.TempDir(), "journal.db")
	mustOpenAt(t, path, boltdb.Options{NoBackup: true})
	_, err := boltdb.Open(path, boltdb.Options{NoBackup: true, LockTimeout: 100 * time.Millisecond})
	wantCode(t, err, journal.ELOCKED)
}

func TestEmptyFileBeingCreatedIsLocked(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the child takes the lock with flock")
	}
	path := filepath.Join(t.TempDir(), "journal.db")
	cmd, stdin, _ := startChild(t, "flock", path)
	defer func() {
		stdin.Close()
		_ = cmd.Wait()
	}()
	_, err := boltdb.Open(path, boltdb.Options{LockTimeout: 300 * time.Millisecond})
	wantCode(t, err, journal.ELOCKED)
	if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
		t.Fatalf("the file being created was written to: %v %v", fi, err)
	}
}
