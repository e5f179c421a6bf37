// Command gen writes a large journal for the startup benchmark: N theses (default
// 10,000) of about 2 KB each, mixed Korean and English, with positions, snapshots, tags
// and some reviews, so that the app has real figures to compute for every row.
//
//	go run ./bench/startup/gen -o bench/data/startup-10000.db -n 10000
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

func main() {
	out := flag.String("o", "bench/data/startup-10000.db", "the journal `file` to write (replaced)")
	n := flag.Int("n", 10_000, "number of theses")
	flag.Parse()
	if err := write(*out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func write(path string, n int) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	for _, p := range []string{path, path + ".lock"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	db, err := boltdb.Open(path, boltdb.Options{NoBackup: true})
	if err != nil {
		return err
	}
	defer db.Close()
	rng := rand.New(rand.NewPCG(3, 5))
	ctx := context.Background()
	first := time.Date(2021, 1, 4, 0, 0, 0, 0, time.UTC)
	step := time.Duration(int64(4*365*24*time.Hour) / int64(max(n, 1)))
	const batch = 2000
	for i := 0; i < n; i += batch {
		var ts []*journal.Thesis
		for j := i; j < min(i+batch, n); j++ {
			ts = append(ts, thesis(rng, first.Add(time.Duration(j)*step)))
		}
		if _, err := db.Import(ctx, ts, nil); err != nil {
			return err
		}
	}
	s := journal.Settings{BaseCurrency: "KRW", TotalLossBudget: journal.MustMoney("500000000", "KRW")}
	if err := db.SaveSettings(ctx, s); err != nil {
		return err
	}
	fmt.Println(path)
	return nil
}

var (
	enWords = strings.Fields(`market demand supply capex guidance earnings revenue margin growth valuation
		inference training model cluster data center power cooling grid utility memory hbm dram wafer foundry
		export tariff inflation rate yield dollar won recession consumer hyperscaler cloud software robot battery
		copper nuclear shipping bank dividend buyback quarter outlook risk reward downside upside catalyst`)
	koWords = strings.Fields(`시장 수요 공급 설비투자 가이던스 실적 매출 마진 성장 추론 학습 모델 데이터센터 전력 냉각
		송전망 메모리 반도체 파운드리 수출 관세 물가 금리 환율 경기 소비 클라우드 로봇 배터리 구리 원전 해운 은행 배당
		자사주 분기 전망 위험 하방 상방 삼성전자 하이닉스 엔비디아 코스피 예상 판단 가능성 투자 심리 외국인`)
	tags    = []string{"ai", "semis", "macro", "korea", "energy", "반도체", "배당", "power"}
	symbols = []struct{ sym, cur, price string }{
		{"NVDA", "USD", "120"}, {"005930.KS", "KRW", "55000"}, {"000660.KS", "KRW", "180000"},
		{"VRT", "USD", "100"}, {"TSM", "USD", "170"}, {"MU", "USD", "95"}, {"AAPL", "USD", "210"},
		{"035420.KS", "KRW", "190000"}, {"SAP.DE", "EUR", "230"}, {"7203.T", "JPY", "2800"},
	}
)

func sentence(rng *rand.Rand, words int) string {
	var b strings.Builder
	for i := 0; i < words; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		if rng.IntN(2) == 0 {
			b.WriteString(koWords[rng.IntN(len(koWords))])
		} else {
			b.WriteString(enWords[rng.IntN(len(enWords))])
		}
	}
	return b.String()
}

func thesis(rng *rand.Rand, at time.Time) *journal.Thesis {
	var body strings.Builder
	for body.Len() < 1500 {
		body.WriteString(sentence(rng, 12))
		body.WriteString(". ")
		if rng.IntN(4) == 0 {
			body.WriteString("\n\n")
		}
	}
	s := symbols[rng.IntN(len(symbols))]
	price := decimal.RequireFromString(s.price).Mul(decimal.NewFromFloat(0.7 + rng.Float64()*0.6)).Round(journal.MinorUnits(s.cur))
	fx := map[string]string{"USD": "1350", "EUR": "1450", "JPY": "9.1", "KRW": "1"}[s.cur]
	qty := decimal.NewFromInt(int64(1 + rng.IntN(50)))
	id := journal.NewID(at)
	t := &journal.Thesis{
		ID:           id,
		Title:        sentence(rng, 4+rng.IntN(5)),
		Body:         body.String(),
		Trigger:      sentence(rng, 8),
		Reasons:      []string{sentence(rng, 8), sentence(rng, 8), sentence(rng, 6)},
		Expectation:  sentence(rng, 10),
		Invalidation: sentence(rng, 10),
		Conviction:   30 + rng.IntN(70),
		Tags:         []string{tags[rng.IntN(len(tags))], tags[rng.IntN(len(tags))]},
		Status:       journal.StatusOpen,
		CreatedAt:    at,
		ReviewBy:     journal.DateOf(at.AddDate(0, 6, 0)),
		LossBudget:   journal.MustMoney(fmt.Sprint(100_000*(1+rng.IntN(30))), "KRW"),
		Positions: []journal.Position{journal.LegacyPosition{Symbol: s.sym, Side: journal.SideLong, Quantity: qty,
			EntryPrice: journal.Money{Amount: price, Currency: s.cur}, EnteredAt: at, FXToBase: decimal.RequireFromString(fx)}.Position(id, 0, "KRW")},
		Snapshots: []journal.Snapshot{{Symbol: s.sym, Price: journal.Money{Amount: price, Currency: s.cur}, At: at, Source: journal.SourceYahoo}},
	}
	if rng.IntN(3) == 0 {
		v := []journal.Verdict{journal.VerdictPlayedOut, journal.VerdictWrong, journal.VerdictMixed, journal.VerdictTooEarly}[rng.IntN(4)]
		later := at.AddDate(0, 3, 0)
		p := price.Mul(decimal.NewFromFloat(0.6 + rng.Float64()*0.8)).Round(journal.MinorUnits(s.cur))
		t.Reviews = []journal.Review{{At: later, Verdict: v, Note: sentence(rng, 10),
			Checks: []journal.ReasonCheck{{Reason: 0, Held: rng.IntN(2) == 0}},
			Prices: []journal.Snapshot{{Symbol: s.sym, Price: journal.Money{Amount: p, Currency: s.cur}, At: later, Source: journal.SourceYahoo}}}}
		switch v {
		case journal.VerdictPlayedOut:
			t.Status = journal.StatusPlayedOut
		case journal.VerdictWrong:
			t.Status = journal.StatusWrong
		case journal.VerdictMixed:
			t.Status = journal.StatusMixed
		}
	}
	return t
}
