// Command bench measures the journal store against baselines measured in the same run:
//
//   - save one thesis (an fsync'd transaction with its indexes) vs a raw bbolt put+commit
//     of the same bytes;
//   - search a 100,000-thesis journal (≈2 KB each, mixed Korean and English) vs
//     `grep -F -c` over the JSON export of the same journal;
//   - open the 100k journal and list the newest 50.
//
// The large journal is generated once into bench/data/ and reused. Run it with `make bench`.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"hindsight/journal"
	"hindsight/journal/boltdb"

	"github.com/shopspring/decimal"
	bolt "go.etcd.io/bbolt"
)

var (
	dataDir  = flag.String("data", "bench/data", "`dir` for the generated journals")
	n        = flag.Int("n", 100_000, "theses in the large journal")
	saves    = flag.Int("saves", 200, "saves to time")
	runs     = flag.Int("runs", 21, "repetitions for medians")
	sizeOnly = flag.Bool("size-only", false, "measure the journal's and its backup's size alone")
)

func main() {
	flag.Parse()
	if *child != "" {
		runChild()
		return
	}
	if err := os.MkdirAll(*dataDir, 0o700); err != nil {
		fail(err)
	}
	if *importOnly {
		benchImport()
		return
	}
	if *tradesOnly {
		benchTrades()
		return
	}
	if *sizeOnly {
		big := filepath.Join(*dataDir, fmt.Sprintf("journal-%d.db", *n))
		export := filepath.Join(*dataDir, fmt.Sprintf("journal-%d.json", *n))
		ensureLarge(big, export)
		benchSize(big, export)
		return
	}
	benchSave()
	big := filepath.Join(*dataDir, fmt.Sprintf("journal-%d.db", *n))
	export := filepath.Join(*dataDir, fmt.Sprintf("journal-%d.json", *n))
	ensureLarge(big, export)
	benchSearch(big, export)
	benchOpenList(big)
	benchSize(big, export)
	benchImport()
	benchTrades()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

// benchSave times Create of one thesis against a raw bbolt put+commit of the same bytes.
func benchSave() {
	dir, err := os.MkdirTemp(*dataDir, "save-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	rng := rand.New(rand.NewPCG(1, 2))
	db, err := boltdb.Open(filepath.Join(dir, "journal.db"), boltdb.Options{NoBackup: true})
	if err != nil {
		fail(err)
	}
	raw, err := bolt.Open(filepath.Join(dir, "raw.db"), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	var store, baseline []time.Duration
	for i := 0; i < *saves; i++ {
		t := genThesis(rng, time.Now().Add(-time.Duration(*saves-i)*time.Minute))
		b, _ := jsonBytes(t)
		// Alternate the order so neither side always runs on a warmer cache.
		timeStore := func() {
			start := time.Now()
			if err := db.Create(ctx, t.Clone()); err != nil {
				fail(err)
			}
			store = append(store, time.Since(start))
		}
		timeRaw := func() {
			start := time.Now()
			err := raw.Update(func(tx *bolt.Tx) error {
				bk, err := tx.CreateBucketIfNotExists([]byte("theses"))
				if err != nil {
					return err
				}
				return bk.Put([]byte(t.ID), b)
			})
			if err != nil {
				fail(err)
			}
			baseline = append(baseline, time.Since(start))
		}
		if i%2 == 0 {
			timeStore()
			timeRaw()
		} else {
			timeRaw()
			timeStore()
		}
	}
	db.Close()
	raw.Close()
	s, r := median(store), median(baseline)
	fmt.Printf("save one thesis (fsync'd, %d saves): median %s; raw bbolt put+commit of the same bytes: %s; ratio %.2fx (target <= 2x)\n",
		*saves, ms(s), ms(r), float64(s)/float64(r))
}

// ensureLarge generates the large journal and its JSON export unless they exist.
func ensureLarge(path, export string) {
	if _, err := os.Stat(path); err == nil {
		if _, err := os.Stat(export); err == nil {
			return
		}
	}
	fmt.Printf("generating %d theses into %s (once)...\n", *n, path)
	os.Remove(path)
	start := time.Now()
	db, err := boltdb.Open(path, boltdb.Options{NoBackup: true})
	if err != nil {
		fail(err)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	ctx := context.Background()
	first := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	const batch = 2000
	for i := 0; i < *n; i += batch {
		var ts []*journal.Thesis
		for j := i; j < min(i+batch, *n); j++ {
			ts = append(ts, genThesis(rng, first.Add(time.Duration(j)*17*time.Minute)))
		}
		if _, err := db.Import(ctx, ts, nil); err != nil {
			fail(err)
		}
	}
	all, _, err := db.List(ctx, journal.Filter{})
	if err != nil {
		fail(err)
	}
	s, _ := db.Settings(ctx)
	f, err := os.Create(export)
	if err != nil {
		fail(err)
	}
	if err := journal.EncodeInterchange(f, s, all, time.Now()); err != nil {
		fail(err)
	}
	f.Close()
	db.Close()
	st, _ := os.Stat(path)
	ex, _ := os.Stat(export)
	fmt.Printf("generated in %s: journal %d MiB, export %d MiB\n", time.Since(start).Round(time.Second), st.Size()>>20, ex.Size()>>20)
}

var queries = []string{"딥시크", "수요", "deepseek", "반도체 수요", "Nvidia", "hbm", "냉각", "capex guidance"}

func benchSearch(path, export string) {
	db, err := boltdb.Open(path, boltdb.Options{NoBackup: true, ReadOnly: true})
	if err != nil {
		fail(err)
	}
	defer db.Close()
	ctx := context.Background()
	fmt.Printf("search a %d-thesis journal (median of %d runs per query) vs grep -F -c over its JSON export:\n", *n, *runs)
	var all, allGrep []time.Duration
	for _, q := range queries {
		var ds, gs []time.Duration
		var hits int
		var grepOut string
		for r := 0; r < *runs; r++ {
			start := time.Now()
			_, total, err := db.List(ctx, journal.Filter{Query: q, Limit: 50})
			if err != nil {
				fail(err)
			}
			ds = append(ds, time.Since(start))
			hits = total
			// grep -F -c looks for one string, case-sensitively; give it the first word.
			word := strings.Fields(q)[0]
			start = time.Now()
			out, _ := exec.Command("grep", "-F", "-c", word, export).Output()
			gs = append(gs, time.Since(start))
			grepOut = strings.TrimSpace(string(out))
		}
		all = append(all, median(ds))
		allGrep = append(allGrep, median(gs))
		fmt.Printf("  %-16q %7d matches  store %9s  grep %9s (%s lines)  ratio %.3f\n", q, hits, ms(median(ds)), ms(median(gs)), grepOut, float64(median(ds))/float64(median(gs)))
	}
	fmt.Printf("search: median over queries %s vs grep %s; ratio %.3f (target: faster than grep, <= 50 ms)\n",
		ms(median(all)), ms(median(allGrep)), float64(median(all))/float64(median(allGrep)))
}

func benchOpenList(path string) {
	ctx := context.Background()
	var ds, opens []time.Duration
	for r := 0; r < *runs; r++ {
		start := time.Now()
		db, err := boltdb.Open(path, boltdb.Options{NoBackup: true})
		if err != nil {
			fail(err)
		}
		opens = append(opens, time.Since(start))
		ts, _, err := db.List(ctx, journal.Filter{Limit: 50})
		if err != nil || len(ts) != 50 {
			fail(fmt.Errorf("list newest 50: %d, %v", len(ts), err))
		}
		ds = append(ds, time.Since(start))
		db.Close()
	}
	fmt.Printf("open the %d journal and list the newest 50: median %s (open alone %s) (target <= 200 ms)\n", *n, ms(median(ds)), ms(median(opens)))
}

var (
	enWords = strings.Fields(`the market demand supply capex guidance earnings revenue margin growth valuation
		inference training model cluster data center power cooling grid utility transformer memory hbm dram nand
		wafer foundry export control tariff inflation rate cut yield curve dollar yen won recession soft landing
		consumer spending hyperscaler cloud software subscription advertising search agent robot battery lithium
		copper uranium nuclear gas oil shipping freight rail airline bank insurance dividend buyback split
		guidance raised lowered beat miss surprise quarter annual outlook risk reward downside upside catalyst
		nvidia samsung hynix tsmc broadcom micron vertiv schneider siemens hitachi kospi kosdaq nasdaq
		because therefore however although meanwhile expect believe doubt estimate forecast scenario probability`)
	koWords = strings.Fields(`시장 수요 공급 설비투자 가이던스 실적 매출 마진 성장 밸류에이션 추론 학습 모델 데이터센터
		전력 냉각 송전망 변압기 메모리 반도체 파운드리 수출 규제 관세 물가 금리 인하 환율 경기 침체 소비 클라우드
		광고 검색 로봇 배터리 구리 원전 가스 유가 해운 은행 보험 배당 자사주 소각 분기 전망 위험 보상 하방 상방 계기
		삼성전자 하이닉스 엔비디아 코스피 코스닥 그러나 따라서 한편 예상 판단 가능성 시나리오 투자 심리 외국인 기관 개인`)
	particles = []string{"", "가", "이", "는", "은", "를", "을", "의", "에서", "으로", "도"}
	rareTerms = []string{"딥시크", "DeepSeek-R1", "Jevons paradox", "스푸트니크 모멘트"}
)

func sentence(rng *rand.Rand) string {
	var b strings.Builder
	for i, n := 0, 6+rng.IntN(10); i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		if rng.IntN(2) == 0 {
			b.WriteString(koWords[rng.IntN(len(koWords))])
			b.WriteString(particles[rng.IntN(len(particles))])
		} else {
			b.WriteString(enWords[rng.IntN(len(enWords))])
		}
	}
	if rng.IntN(100) == 0 {
		b.WriteString(" " + rareTerms[rng.IntN(len(rareTerms))])
	}
	b.WriteString(". ")
	return b.String()
}

// genThesis makes a thesis of about 2 KB of mixed Korean and English text.
func genThesis(rng *rand.Rand, at time.Time) *journal.Thesis {
	var body strings.Builder
	for body.Len() < 1700 {
		body.WriteString(sentence(rng))
		if rng.IntN(5) == 0 {
			body.WriteString("\n\n")
		}
	}
	syms := []string{"NVDA", "005930.KS", "000660.KS", "VRT", "TSM", "MU", "^KS11"}
	sym := syms[rng.IntN(len(syms))]
	return &journal.Thesis{
		ID:           journal.NewID(at),
		Title:        strings.TrimSpace(sentence(rng)),
		Body:         body.String(),
		Trigger:      strings.TrimSpace(sentence(rng)),
		Reasons:      []string{sentence(rng), sentence(rng)},
		Expectation:  sentence(rng),
		Invalidation: sentence(rng),
		Conviction:   50 + rng.IntN(50),
		Tags:         []string{[]string{"ai", "semis", "macro", "korea", "energy"}[rng.IntN(5)]},
		Status:       journal.Statuses[rng.IntN(len(journal.Statuses))],
		CreatedAt:    at.UTC(),
		Snapshots: []journal.Snapshot{{Symbol: sym, Price: journal.Money{Amount: decimal.NewFromInt(int64(50 + rng.IntN(500))), Currency: "USD"},
			At: at.UTC(), Source: journal.SourceYahoo}},
	}
}
