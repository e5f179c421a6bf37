package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/transform"

	"hindsight/journal"
	"hindsight/journal/boltdb"
	"hindsight/journal/trades"
	"hindsight/journal/trades/csvmap"

	"github.com/shopspring/decimal"
)

var (
	tradeRows  = flag.Int("trade-rows", 100_000, "rows of the generated broker CSV for the trade import benchmark")
	tradesOnly = flag.Bool("trades-only", false, "run the trade import benchmark alone")
)

// The trade import benchmark: `hindsight trades import` of a Korean broker's CSV of
// 100,000 fills (CP949, twenty KRX symbols, each held by its own open thesis), in its
// own process for its peak memory, against the least any import must do with the
// same file: read it and put each row's JSON raw into bbolt in one transaction.
// Targets: at most 10 s and 300 MiB.

// tradeSymbols are the generated file's symbols; each gets an open thesis.
var tradeSymbols = func() []string {
	var out []string
	for i := range 20 {
		out = append(out, fmt.Sprintf("%06d.KS", 5930+i*1111))
	}
	return out
}()

// ensureTradesFile writes a CP949 broker CSV of n rows unless it exists: buys, and sells
// never larger than what is held of the symbol.
func ensureTradesFile(path string, n int) {
	if _, err := os.Stat(path); err == nil {
		return
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		fail(err)
	}
	w := bufio.NewWriter(f)
	enc := korean949(w)
	rng := rand.New(rand.NewPCG(13, 13))
	held := map[string]int{}
	day := time.Date(2019, 1, 2, 0, 0, 0, 0, time.UTC)
	fmt.Fprintln(enc, "일자,종목코드,종목명,매수/매도,수량,단가,수수료,세금,메모")
	for i := range n {
		if i%40 == 39 {
			day = day.AddDate(0, 0, 1)
		}
		sym := tradeSymbols[rng.IntN(len(tradeSymbols))]
		qty := 1 + rng.IntN(50)
		action := "매수"
		if held[sym] >= qty && rng.IntN(3) == 0 {
			action = "매도"
			held[sym] -= qty
		} else {
			held[sym] += qty
		}
		price := 10_000 + rng.IntN(90_000)
		fmt.Fprintf(enc, "%s,%s,종목%d,%s,%d,\"%s\",%d,0,주문 %d\n", day.Format("2006.01.02"), sym, i%20, action, qty,
			decimal.NewFromInt(int64(price)).StringFixed(0), price*qty/10_000, i)
	}
	if err := enc.Close(); err != nil {
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

// readTradesFile reads the benchmark's file the way trades import does.
func readTradesFile(file string) []journal.Trade {
	var out []journal.Trade
	if _, _, err := trades.ReadFile(context.Background(), file, nil, []trades.Format{csvmap.Auto()}, func(t journal.Trade) error {
		out = append(out, t)
		return nil
	}); err != nil {
		fail(err)
	}
	return out
}

// childTrades is `hindsight trades import FILE` into a journal whose open theses each
// hold one of the file's symbols: read, open, import, close.
func childTrades(file, dbPath string) {
	db, err := boltdb.Open(dbPath, boltdb.Options{NoBackup: true})
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	if err := db.SaveSettings(ctx, journal.Settings{BaseCurrency: "KRW"}); err != nil {
		fail(err)
	}
	start := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, sym := range tradeSymbols {
		t := &journal.Thesis{ID: fmt.Sprintf("t%02d", i), Title: "보유 " + sym, Conviction: 50, CreatedAt: start,
			LossBudget: journal.MustMoney("10000000", "KRW"),
			Positions: []journal.Position{{Symbol: sym, Side: journal.SideLong, Fills: []journal.Fill{{
				At: start, Action: journal.ActionBuy, Quantity: decimal.NewFromInt(1),
				Price: journal.MustMoney("10000", "KRW")}}}}}
		if err := db.Create(ctx, t); err != nil {
			fail(err)
		}
	}
	rows := readTradesFile(file)
	res, err := db.ImportTrades(ctx, rows, journal.TradeOptions{})
	if err != nil {
		fail(err)
	}
	if res.Fills != len(rows) {
		fail(fmt.Errorf("trades import placed %d fills and %d inbox entries of %d rows", res.Fills, res.Inbox, len(rows)))
	}
	if err := db.Close(); err != nil {
		fail(err)
	}
}

// childTradesBaseline reads the same file and puts each row's JSON under its ref in one
// bbolt bucket, in one transaction.
func childTradesBaseline(file, dbPath string) {
	rows := readTradesFile(file)
	slices.SortFunc(rows, func(a, b journal.Trade) int { return strings.Compare(a.Ref, b.Ref) })
	raw, err := bolt.Open(dbPath, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		fail(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists([]byte("trades"))
		if err != nil {
			return err
		}
		for _, t := range rows {
			b, err := json.Marshal(t)
			if err != nil {
				return err
			}
			if err := bk.Put([]byte(t.Ref), b); err != nil {
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

// korean949 returns a writer that encodes UTF-8 text to CP949 (EUC-KR) into w.
func korean949(w io.Writer) io.WriteCloser { return transform.NewWriter(w, korean.EUCKR.NewEncoder()) }

func benchTrades() {
	file := filepath.Join(*dataDir, fmt.Sprintf("trades-%d.cp949.csv", *tradeRows))
	ensureTradesFile(file, *tradeRows)
	fi, err := os.Stat(file)
	if err != nil {
		fail(err)
	}
	imp := measure("trades", file)
	base := measure("trades-baseline", file)
	fmt.Printf("trades import of %d fills from a %.1f MiB CP949 CSV (own process): %.2f s, peak RSS %s (targets 10 s, 300 MiB); "+
		"reading it and putting each row raw into bbolt: %.2f s, %s; ratio %.1fx time, %.1fx memory\n",
		*tradeRows, float64(fi.Size())/(1<<20), imp.elapsed.Seconds(), mib(imp.peakKiB), base.elapsed.Seconds(), mib(base.peakKiB),
		imp.elapsed.Seconds()/base.elapsed.Seconds(), float64(imp.peakKiB)/float64(max(base.peakKiB, 1)))
	if imp.elapsed > 10*time.Second || imp.peakKiB > 300<<10 {
		fail(fmt.Errorf("trades import of %d fills: %.2f s, %s; targets 10 s, 300 MiB", *tradeRows, imp.elapsed.Seconds(), mib(imp.peakKiB)))
	}
}
