package boltdb_test

import (
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

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
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if len(saved) == 0 {
		t.Fatal("the writer never saved anything before being killed")
	}
	t.Logf("%d kills, %d theses reported saved", kills, len(saved))
}
