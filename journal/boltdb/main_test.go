package boltdb_test

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// Child processes: the test binary re-executed with childEnv set plays the
// other Hindsight process in the lock and crash tests.
const (
	childEnv     = "HINDSIGHT_BOLTDB_TEST_CHILD"
	childPathEnv = "HINDSIGHT_BOLTDB_TEST_PATH"
)

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "":
		code := m.Run()
		if code == 0 {
			code = checkIndexersStopped()
		}
		os.Exit(code)
	case "hold":
		os.Exit(childHold(os.Getenv(childPathEnv)))
	case "writer":
		os.Exit(childWriter(os.Getenv(childPathEnv)))
	case "flock":
		os.Exit(childFlock(os.Getenv(childPathEnv)))
	default:
		fmt.Fprintln(os.Stderr, "unknown child mode")
		os.Exit(2)
	}
}

// checkIndexersStopped fails the run when a background indexer outlives the
// tests: every journal a test opens must be closed, and Close must stop it.
func checkIndexersStopped() int {
	for range 100 {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		n := strings.Count(string(buf), "boltdb.(*DB).runIndexer(")
		if n == 0 {
			return 0
		}
		time.Sleep(20 * time.Millisecond) // one may still be returning
	}
	fmt.Fprintln(os.Stderr, "background indexers still running after the tests")
	return 1
}

// childHold opens the journal, says "ready" and keeps it open until its
// standard input closes.
func childHold(path string) int {
	db, err := boltdb.Open(path, boltdb.Options{NoBackup: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		return 1
	}
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := db.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "close:", err)
		return 1
	}
	return 0
}

// childFlock creates an empty file and holds an exclusive lock on it, as
// bbolt does in the moment between creating a journal and writing its first
// pages.
func childFlock(path string) int {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := flockExclusive(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin)
	return 0
}

// childWriter creates theses until it is killed, printing each id once
// Create has returned.
func childWriter(path string) int {
	db, err := boltdb.Open(path, boltdb.Options{NoBackup: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		return 1
	}
	fmt.Println("ready")
	// Each title ends in a word no other thesis holds (see crashWord).
	nonce := fmt.Sprintf("k%x", time.Now().UnixNano())
	for i := 0; ; i++ {
		t := sampleThesis(fmt.Sprintf("crash test %d 크래시 %sn%dz", i, nonce, i))
		if err := db.Create(context.Background(), t); err != nil {
			fmt.Fprintln(os.Stderr, "create:", err)
			return 1
		}
		fmt.Println(t.ID)
	}
}

// startChild starts the test binary in a child mode on path and waits for
// its "ready" line. The returned scanner reads the rest of its output.
func startChild(t *testing.T, mode, path string) (*exec.Cmd, io.WriteCloser, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, childPathEnv+"="+path)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() || sc.Text() != "ready" {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("child %s did not get ready (read %q, %v)", mode, sc.Text(), sc.Err())
	}
	return cmd, stdin, sc
}

// clock is an injectable time source that moves forward 1 ms per reading.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *clock { return &clock{t: t} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond)
	return c.t
}

// Set moves the clock to t.
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

var day1 = time.Date(2026, 11, 29, 8, 30, 0, 0, time.UTC)

// mustOpen opens a journal in a fresh temporary directory with backups off
// and closes it when the test ends.
func mustOpen(tb testing.TB) (*boltdb.DB, *clock) {
	tb.Helper()
	c := newClock(day1)
	db := mustOpenAt(tb, filepath.Join(tb.TempDir(), "journal.db"), boltdb.Options{Now: c.Now, NoBackup: true})
	return db, c
}

func mustOpenAt(tb testing.TB, path string, opts boltdb.Options) *boltdb.DB {
	tb.Helper()
	db, err := boltdb.Open(path, opts)
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	return db
}

// sampleThesis returns a valid thesis with a KRW position and snapshot.
func sampleThesis(title string) *journal.Thesis {
	return &journal.Thesis{
		Title:        title,
		Body:         "메모리 반도체 업황이 바닥을 지났다.",
		Trigger:      "분기 실적 발표",
		Reasons:      []string{"HBM 수요 증가", "재고 감소"},
		Expectation:  "6개월 안에 20% 상승",
		Invalidation: "재고가 다시 늘어나면",
		Conviction:   60,
		Tags:         []string{"반도체"},
		LossBudget:   journal.MustMoney("1000000", "KRW"),
		Positions: []journal.Position{journal.LegacyPosition{
			Symbol: "005930.KS", Side: journal.SideLong, Quantity: decimal.NewFromInt(10),
			EntryPrice: journal.MustMoney("70000", "KRW"), EnteredAt: day1,
			FXToBase: decimal.NewFromInt(1),
		}.Position("sample", 0, "KRW")},
		Snapshots: []journal.Snapshot{{
			Symbol: "005930.KS", Price: journal.MustMoney("70100", "KRW"), At: day1, Source: journal.SourceManual,
		}},
	}
}

// plainThesis returns a valid thesis with only text.
func plainThesis(title, body string, tags ...string) *journal.Thesis {
	return &journal.Thesis{Title: title, Body: body, Tags: tags, Conviction: 50}
}

func mustCreate(tb testing.TB, db *boltdb.DB, t *journal.Thesis) *journal.Thesis {
	tb.Helper()
	if err := db.Create(context.Background(), t); err != nil {
		tb.Fatalf("create %q: %v", t.Title, err)
	}
	return t
}

func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func ids(ts []*journal.Thesis) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := journal.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// plainBackup decompresses the compressed backup at path into a new file in a
// test folder and returns that file's path.
func plainBackup(tb testing.TB, path string) string {
	tb.Helper()
	in, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		tb.Fatalf("backup %s: %v", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatalf("backup %s: %v", path, err)
	}
	out := filepath.Join(tb.TempDir(), strings.TrimSuffix(filepath.Base(path), ".gz"))
	if err := os.WriteFile(out, b, 0o600); err != nil {
		tb.Fatal(err)
	}
	return out
}
