package boltdb_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// Limits the ledger benchmarks check.
const (
	importTradesMaxSeconds = 10
	importTradesMaxMiB     = 300
	save1000MaxRatio       = 3
)

// heapPeak samples the Go heap (objects in use) until stop is called and
// returns the largest value seen, in bytes.
func heapPeak() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var (
		mu   sync.Mutex
		peak uint64
	)
	read := func() {
		metrics.Read(sample)
		mu.Lock()
		peak = max(peak, sample[0].Value.Uint64())
		mu.Unlock()
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				read()
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		read()
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// benchTrades returns n buys of 005930.KS, one a minute, as a broker's file would give them.
func benchTrades(n int) []journal.Trade {
	start := time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)
	out := make([]journal.Trade, n)
	for i := range out {
		out[i] = journal.Trade{
			Format: "kiwoom", Ref: fmt.Sprintf("E%09d", i), Line: i + 2, Kind: journal.TradeBuy,
			At: start.Add(time.Duration(i) * time.Minute), Symbol: "005930.KS", Code: "005930",
			Quantity: decimal.NewFromInt(int64(1 + i%7)),
			Price:    journal.Money{Amount: decimal.NewFromInt(int64(60000 + i%5000)), Currency: "KRW"},
			Fees:     journal.Money{Amount: decimal.NewFromInt(15), Currency: "KRW"},
		}
	}
	return out
}

// storedBytes sums the bytes of the keys and values of buckets in the closed journal at path.
func storedBytes(tb testing.TB, path string, buckets ...string) int {
	tb.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer bdb.Close()
	n := 0
	err = bdb.View(func(tx *bolt.Tx) error {
		for _, name := range buckets {
			if err := tx.Bucket([]byte(name)).ForEach(func(k, v []byte) error {
				n += len(k) + len(v)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// rawPut times one fsync'd bbolt transaction putting a value of n bytes in a fresh file.
func rawPut(tb testing.TB, dir string, n int) time.Duration {
	tb.Helper()
	bdb, err := bolt.Open(filepath.Join(dir, fmt.Sprintf("raw-%d.db", time.Now().UnixNano())), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer bdb.Close()
	val := make([]byte, n)
	for i := range val {
		val[i] = byte('a' + i%26)
	}
	start := time.Now()
	err = bdb.Update(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists([]byte("theses"))
		if err != nil {
			return err
		}
		return bk.Put([]byte("x"), val)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return time.Since(start)
}

// BenchmarkImportTrades100k imports 100,000 trades into one thesis and
// prints the seconds it took, the peak heap (the trades included) and the
// ratio to a raw bbolt put of as many bytes as the import stored (the
// thesis record and the rows imported). It fails beyond 10 s or 300 MiB.
//
//	go test -run XXX -bench ImportTrades100k -benchtime 1x ./journal/boltdb/
func BenchmarkImportTrades100k(b *testing.B) {
	const n = 100_000
	for range b.N {
		b.StopTimer()
		dir := b.TempDir()
		path := filepath.Join(dir, "journal.db")
		db, err := boltdb.Open(path, boltdb.Options{NoBackup: true})
		if err != nil {
			b.Fatal(err)
		}
		th := &journal.Thesis{Title: "삼성전자 적립식 매수", Conviction: 50, LossBudget: journal.MustMoney("10000000", "KRW")}
		if err := db.Create(ctx, th); err != nil {
			b.Fatal(err)
		}
		trades := benchTrades(n)
		runtime.GC()
		stop := heapPeak()
		b.StartTimer()
		start := time.Now()
		res, err := db.ImportTrades(ctx, trades, journal.TradeOptions{ThesisID: th.ID})
		elapsed := time.Since(start)
		b.StopTimer()
		peak := stop()
		if err != nil {
			b.Fatal(err)
		}
		if res.Fills != n {
			b.Fatalf("%d fills imported, want %d", res.Fills, n)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		size := storedBytes(b, path, "theses", "trade_refs")
		raw := rawPut(b, dir, size)
		mib := float64(peak) / (1 << 20)
		fmt.Printf("import 100,000 trades into one thesis: %.2f s, peak heap %.0f MiB (limits %d s, %d MiB); raw bbolt put of the same %d bytes: %.3f s; ratio %.1fx\n",
			elapsed.Seconds(), mib, importTradesMaxSeconds, importTradesMaxMiB, size, raw.Seconds(), elapsed.Seconds()/raw.Seconds())
		b.ReportMetric(elapsed.Seconds(), "s/import")
		b.ReportMetric(mib, "peak-MiB")
		if elapsed.Seconds() > importTradesMaxSeconds || mib > importTradesMaxMiB {
			b.Errorf("import of 100,000 trades: %.2f s, %.0f MiB; limits %d s, %d MiB", elapsed.Seconds(), mib, importTradesMaxSeconds, importTradesMaxMiB)
		}
	}
}

// BenchmarkSaveThesis1000Fills times saving an edit of a thesis with 1,000
// fills against a raw bbolt put, fsync'd the same way, of as many bytes as
// its record, alternating the two; it prints both medians and their ratio
// and fails beyond 3x.
//
//	go test -run XXX -bench SaveThesis1000Fills -benchtime 1x ./journal/boltdb/
func BenchmarkSaveThesis1000Fills(b *testing.B) {
	const saves = 15
	for range b.N {
		b.StopTimer()
		dir := b.TempDir()
		path := filepath.Join(dir, "journal.db")
		db, err := boltdb.Open(path, boltdb.Options{NoBackup: true})
		if err != nil {
			b.Fatal(err)
		}
		th := &journal.Thesis{Title: "천 번의 매수", Conviction: 50, LossBudget: journal.MustMoney("10000000", "KRW")}
		pos := journal.Position{Symbol: "005930.KS", Side: journal.SideLong}
		for _, tr := range benchTrades(1000) {
			pos.Fills = append(pos.Fills, tr.Fill())
		}
		th.Positions = []journal.Position{pos}
		if err := db.Create(ctx, th); err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		size := storedBytes(b, path, "theses")
		db, err = boltdb.Open(path, boltdb.Options{NoBackup: true})
		if err != nil {
			b.Fatal(err)
		}
		var store, raw []time.Duration
		for i := range saves {
			th.Body = fmt.Sprintf("메모 %d", i)
			timeStore := func() {
				start := time.Now()
				if err := db.Update(ctx, th); err != nil {
					b.Fatal(err)
				}
				store = append(store, time.Since(start))
			}
			timeRaw := func() { raw = append(raw, rawPut(b, dir, size)) }
			b.StartTimer()
			if i%2 == 0 {
				timeStore()
				timeRaw()
			} else {
				timeRaw()
				timeStore()
			}
			b.StopTimer()
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		slices.Sort(store)
		slices.Sort(raw)
		s, r := store[saves/2], raw[saves/2]
		ratio := float64(s) / float64(r)
		fmt.Printf("save a thesis with 1,000 fills (%d bytes, fsync'd): median %.2f ms; raw bbolt put of the same bytes: %.2f ms; ratio %.2fx (limit %dx)\n",
			size, float64(s.Microseconds())/1000, float64(r.Microseconds())/1000, ratio, save1000MaxRatio)
		b.ReportMetric(ratio, "ratio")
		if ratio > save1000MaxRatio {
			b.Errorf("saving a thesis with 1,000 fills took %.2fx a raw put of its bytes; limit %dx", ratio, save1000MaxRatio)
		}
	}
}
