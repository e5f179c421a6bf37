package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

var (
	child       = flag.String("child", "", "internal: run one measured step (`import` or `baseline`) and report it")
	childFile   = flag.String("child-file", "", "internal: the interchange file of -child")
	childDB     = flag.String("child-db", "", "internal: the journal file of -child")
	importSizes = flag.String("import-sizes", "20000,100000", "comma-separated `counts` of theses for the import benchmark")
	importCap   = flag.Bool("import-cap", false, "also import the largest file the import size cap allows (minimal theses)")
	importKind  = flag.String("import-kind", "short", "theses of the import benchmark: `short` (about 500 bytes) or minimal")
	importOnly  = flag.Bool("import-only", false, "run the import benchmark alone")
	cpuProfile  = flag.String("child-cpuprofile", "", "internal: write the child's CPU profile to `file`")
)

// childResult is what one measured step reports: wall time and peak resident memory.
type childResult struct {
	elapsed time.Duration
	cpu     time.Duration
	peakKiB int64
}

// runChild is the measured step in its own process, so that its peak memory
// (VmHWM) is its own. It prints "<nanoseconds> <peak KiB>".
func runChild() {
	if *cpuProfile != "" {
		stop := startProfile(*cpuProfile)
		defer stop()
	}
	start := time.Now()
	switch *child {
	case "import":
		childImport(*childFile, *childDB)
	case "baseline":
		childBaseline(*childFile, *childDB)
	case "trades":
		childTrades(*childFile, *childDB)
	case "trades-baseline":
		childTradesBaseline(*childFile, *childDB)
	default:
		fail(fmt.Errorf("unknown -child %q", *child))
	}
	elapsed := time.Since(start)
	fmt.Printf("%d %d %d\n", elapsed.Nanoseconds(), cpuTime().Nanoseconds(), vmHWM())
}

// decodeFile reads the interchange file at file, or ends the child with the error.
func decodeFile(file string) *journal.Interchange {
	f, err := os.Open(file)
	if err != nil {
		fail(err)
	}
	defer f.Close()
	doc, err := journal.DecodeInterchange(bufio.NewReader(f))
	if err != nil {
		fail(err)
	}
	return doc
}

// childImport is `hindsight import FILE` into a new journal: decode, open, import, close.
func childImport(file, dbPath string) {
	doc := decodeFile(file)
	db, err := boltdb.Open(dbPath, boltdb.Options{NoBackup: true})
	if err != nil {
		fail(err)
	}
	res, err := db.Import(context.Background(), doc.Theses, doc.Settings)
	if err != nil {
		fail(err)
	}
	if len(res.Added) != len(doc.Theses) {
		fail(fmt.Errorf("import added %d of %d theses", len(res.Added), len(doc.Theses)))
	}
	if err := db.Close(); err != nil {
		fail(err)
	}
}

// childBaseline is the least an import has to do with the same file: decode it
// as the interchange format, and put each thesis's JSON under its id in one
// bbolt bucket, in key order, in one transaction.
func childBaseline(file, dbPath string) {
	doc := decodeFile(file)
	raw, err := bolt.Open(dbPath, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		fail(err)
	}
	slices.SortFunc(doc.Theses, func(a, b *journal.Thesis) int { return strings.Compare(a.ID, b.ID) })
	err = raw.Update(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists([]byte("theses"))
		if err != nil {
			return err
		}
		for _, t := range doc.Theses {
			b, err := json.Marshal(t)
			if err != nil {
				return err
			}
			if err := bk.Put([]byte(t.ID), b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		fail(err)
	}
	if err := raw.Close(); err != nil {
		fail(err)
	}
}

// vmHWM returns this process's peak resident set size in KiB (0 where /proc is missing).
func vmHWM() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// measure runs one step in a child process on a fresh journal file.
func measure(step, file string, extra ...string) childResult {
	self, err := os.Executable()
	if err != nil {
		fail(err)
	}
	dir, err := os.MkdirTemp(*dataDir, "import-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	args := append([]string{"-child", step, "-child-file", file, "-child-db", filepath.Join(dir, "journal.db")}, extra...)
	cmd := exec.Command(self, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		fail(fmt.Errorf("%s of %s: %w", step, file, err))
	}
	var ns, cpu, kib int64
	if _, err := fmt.Sscan(string(out), &ns, &cpu, &kib); err != nil {
		fail(fmt.Errorf("%s of %s: unreadable report %q", step, file, out))
	}
	return childResult{time.Duration(ns), time.Duration(cpu), kib}
}

// ensureImportFile writes an interchange file of n theses made by gen unless it exists.
func ensureImportFile(path string, n int, gen func(*rand.Rand, time.Time) *journal.Thesis) {
	if _, err := os.Stat(path); err == nil {
		return
	}
	rng := rand.New(rand.NewPCG(3, 5))
	first := time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)
	ts := make([]*journal.Thesis, n)
	for i := range ts {
		// Interchange files come in any order: shuffle the times so ids arrive unsorted.
		ts[i] = gen(rng, first.Add(time.Duration(rng.IntN(n*60))*time.Minute+time.Duration(i)))
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		fail(err)
	}
	w := bufio.NewWriter(f)
	if err := journal.EncodeInterchange(w, journal.DefaultSettings("en_US.UTF-8"), ts, time.Now()); err != nil {
		fail(err)
	}
	if err := w.Flush(); err != nil {
		fail(err)
	}
	if err := f.Close(); err != nil {
		fail(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		fail(err)
	}
}

// genShort makes a thesis of about 500 bytes of mixed Korean and English text, so
// that 100,000 of them fit in one interchange file under journal.MaxImportSize.
func genShort(rng *rand.Rand, at time.Time) *journal.Thesis {
	t := genThesis(rng, at)
	t.Title = strings.Join(strings.Fields(t.Title)[:3], " ")
	t.Body = sentence(rng)
	t.Trigger = ""
	t.Reasons = nil
	t.Snapshots = nil
	t.Expectation, t.Invalidation = "", ""
	return t
}

// genMinimal makes a thesis with a title and little else.
func genMinimal(rng *rand.Rand, at time.Time) *journal.Thesis {
	return &journal.Thesis{
		ID:        journal.NewID(at),
		Title:     enWords[rng.IntN(len(enWords))],
		Status:    journal.StatusOpen,
		CreatedAt: at.UTC(),
	}
}

func mib(kib int64) string { return fmt.Sprintf("%d MiB", kib>>10) }

// benchImport times `import` of interchange files of several sizes into a new
// journal against the baseline (decoding the same file and putting its theses
// into bbolt raw), each in its own process for its peak memory, and checks that
// the time per thesis stays flat as the file grows.
func benchImport() {
	var sizes []int
	for _, s := range strings.Split(*importSizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			fail(fmt.Errorf("-import-sizes: %q is not a count", s))
		}
		sizes = append(sizes, n)
	}
	fmt.Println("import an interchange file into a new journal (own process; time and peak RSS) vs decoding it and putting each thesis's JSON raw into bbolt:")
	perThesis := map[int]float64{}
	for _, n := range sizes {
		gen := genShort
		if *importKind == "minimal" {
			gen = genMinimal
		}
		file := filepath.Join(*dataDir, fmt.Sprintf("import-%s-%d.json", *importKind, n))
		ensureImportFile(file, n, gen)
		perThesis[n] = reportImport(fmt.Sprintf("%d theses", n), file, n)
	}
	if len(sizes) > 1 {
		lo, hi := sizes[0], sizes[len(sizes)-1]
		f := perThesis[hi] / perThesis[lo]
		fmt.Printf("import scaling: %.1f µs per thesis at %d, %.1f µs at %d; ratio %.2f (target <= 1.5: linear)\n",
			perThesis[lo], lo, perThesis[hi], hi, f)
	}
	if *importCap {
		file, n := ensureCapFile()
		reportImport(fmt.Sprintf("%d minimal", n), file, n)
	}
}

// reportImport measures one file and returns the import's time per thesis in µs.
func reportImport(label, file string, n int) float64 {
	fi, err := os.Stat(file)
	if err != nil {
		fail(err)
	}
	if fi.Size() > journal.MaxImportSize {
		fail(fmt.Errorf("%s is %d MiB, over the import cap", file, fi.Size()>>20))
	}
	base := measure("baseline", file)
	imp := measure("import", file)
	per := float64(imp.elapsed.Microseconds()) / float64(n)
	fmt.Printf("  %-16s (%2d MiB file)  import %8s (cpu %8s) %8s peak  baseline %8s (cpu %8s) %8s peak  ratio time %.2fx memory %.2fx\n",
		label, fi.Size()>>20, imp.elapsed.Round(10*time.Millisecond), imp.cpu.Round(10*time.Millisecond), mib(imp.peakKiB),
		base.elapsed.Round(10*time.Millisecond), base.cpu.Round(10*time.Millisecond), mib(base.peakKiB),
		float64(imp.elapsed)/float64(base.elapsed), float64(imp.peakKiB)/float64(max(base.peakKiB, 1)))
	return per
}

// ensureCapFile writes, unless it exists, the interchange file with the most
// theses that fits under journal.MaxImportSize: compact JSON, each thesis an
// id, a one-word title and its creation time, every other field left out (a
// reader takes them as empty). It returns the file and its number of theses.
func ensureCapFile() (string, int) {
	const each = `{"id":"%s","title":"%s","created_at":"%s"}`
	first := time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(13, 17))
	var buf strings.Builder
	head := fmt.Sprintf(`{"format":%q,"version":%d,"exported_at":%q,"theses":[`, journal.InterchangeFormat, journal.InterchangeVersion, first.Format(time.RFC3339))
	buf.WriteString(head)
	n := 0
	for {
		at := first.Add(time.Duration(rng.IntN(1<<30)) * time.Second).Add(time.Duration(n))
		item := fmt.Sprintf(each, journal.NewID(at), enWords[rng.IntN(len(enWords))], at.Format(time.RFC3339Nano))
		if buf.Len()+len(item)+3 > journal.MaxImportSize-1024 {
			break
		}
		if n > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(item)
		n++
	}
	buf.WriteString("]}\n")
	file := filepath.Join(*dataDir, fmt.Sprintf("import-cap-%d.json", n))
	if _, err := os.Stat(file); err == nil {
		return file, n
	}
	if err := os.WriteFile(file+".tmp", []byte(buf.String()), 0o600); err != nil {
		fail(err)
	}
	if err := os.Rename(file+".tmp", file); err != nil {
		fail(err)
	}
	return file, n
}
