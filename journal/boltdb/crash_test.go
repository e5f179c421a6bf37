package boltdb_test

import (
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// TestCrashSafety kills a writing process at random moments and checks that
// every thesis it reported as saved survives, in a file that stays sound.
func TestCrashSafety(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("kills a child process with SIGKILL; run on Linux")
	}
	path := filepath.Join(t.TempDir(), "journal.db")
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 7))
	var saved []string
	pendingSeen := 0
	const kills = 30
	deadline := time.Now().Add(40 * time.Second)
	for round := 0; round < kills; round++ {
		if time.Now().After(deadline) {
			t.Fatalf("only %d kills in the time allowed", round)
		}
		cmd, stdin, out := startChild(t, "writer", path)
		reported := make(chan []string)
		go func() {
			var got []string
			for out.Scan() {
				got = append(got, out.Text())
			}
			reported <- got
		}()
		time.Sleep(time.Duration(5+r.IntN(76)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		got := <-reported
		_ = cmd.Wait()
		stdin.Close()
		saved = append(saved, got...)

		if err := boltdb.Verify(path); err != nil {
			t.Fatalf("round %d: journal fails verification after a kill: %v", round, err)
		}
		raw, _ := rawBuckets(t, path, "pending")
		pendingSeen += len(raw["pending"])

		// Read-only, the search words left pending are matched directly.
		ro, err := boltdb.Open(path, boltdb.Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("round %d: read-only open after a kill: %v", round, err)
		}
		checkFound(t, ro, round, got)
		if err := ro.Close(); err != nil {
			t.Fatal(err)
		}

		// Opened for writing, they are indexed at once.
		db, err := boltdb.Open(path, boltdb.Options{NoBackup: true})
		if err != nil {
			t.Fatalf("round %d: open after a kill: %v", round, err)
		}
		for _, id := range saved {
			if _, err := db.Get(ctx, id); err != nil {
				db.Close()
				t.Fatalf("round %d: thesis %s reported saved is missing: %v", round, id, err)
			}
		}
		if n := db.PendingCount(); n != 0 {
			t.Fatalf("round %d: %d documents still pending after opening", round, n)
		}
		if round == kills-1 {
			checkFound(t, db, round, saved)
		} else {
			checkFound(t, db, round, got)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if len(saved) == 0 {
		t.Fatal("the writer never saved anything before being killed")
	}
	if pendingSeen == 0 {
		t.Fatal("no kill ever left search words pending")
	}
	t.Logf("%d kills, %d theses reported saved, %d left pending in all", kills, len(saved), pendingSeen)
}

// crashWord returns the word that only the crash test thesis with this
// title holds: its last.
func crashWord(title string) string {
	f := strings.Fields(title)
	return f[len(f)-1]
}

// checkFound checks that search finds each of the theses by its own word,
// and every thesis by the word they share.
func checkFound(t *testing.T, db *boltdb.DB, round int, ids []string) {
	t.Helper()
	for _, id := range ids {
		th, err := db.Get(ctx, id)
		if err != nil {
			t.Fatalf("round %d: thesis %s reported saved is missing: %v", round, id, err)
		}
		got, total, err := db.List(ctx, journal.Filter{Query: crashWord(th.Title)})
		if err != nil {
			t.Fatal(err)
		}
		if total != 1 || len(got) != 1 || got[0].ID != id {
			t.Fatalf("round %d: search for %q found %d theses, want %s alone", round, crashWord(th.Title), total, id)
		}
	}
	_, all, err := db.List(ctx, journal.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if _, n, err := db.List(ctx, journal.Filter{Query: "크래시"}); err != nil || n != all {
		t.Fatalf("round %d: search for the shared word found %d of %d theses (%v)", round, n, all, err)
	}
}
