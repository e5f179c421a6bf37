package journal_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

// benchReviewBudget is the most one review (an Evaluate of a thesis) may take.
const benchReviewBudget = 30 * time.Millisecond

// benchMarket returns five years of weekday bars (1,305 from 4 Jan 2021) of NVDA and of
// USDKRW=X, and a price and a rate now.
func benchMarket() (journal.Market, []time.Time) {
	var days []time.Time
	for d := time.Date(2021, 1, 4, 14, 30, 0, 0, time.UTC); len(days) < 1305; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			days = append(days, d)
		}
	}
	nvda := make([]journal.Bar, len(days))
	fx := make([]journal.Bar, len(days))
	for i, d := range days {
		nvda[i] = journal.Bar{Time: d, Close: decimal.NewFromInt(int64(100 + i%57)).Add(decimal.New(int64(i%100), -2))}
		fx[i] = journal.Bar{Time: d, Close: decimal.NewFromInt(int64(1150 + i%300))}
	}
	last := days[len(days)-1]
	return journal.Market{
		Prices: map[string]journal.Price{"NVDA": {Symbol: "NVDA", Price: journal.MustMoney("130", "USD"), At: last, Source: journal.SourceYahoo}},
		FX:     map[string]decimal.Decimal{"USD": decimal.NewFromInt(1400)},
		Bars:   map[string][]journal.Bar{"NVDA": nvda, "USDKRW=X": fx},
		AsOf:   last,
	}, days
}

// benchThesis returns a thesis with n fills of NVDA spread over days: two buys of 10 then
// a sell of 15, over and over, each without a rate of its own (so each needs the day's
// USDKRW=X close), the sells with a fee.
func benchThesis(n int, days []time.Time) *journal.Thesis {
	p := journal.Position{Symbol: "NVDA", Side: journal.SideLong}
	for i := 0; i < n; i++ {
		at := days[i*len(days)/n].Add(time.Hour)
		f := journal.Fill{ID: fmt.Sprintf("f%04d", i), At: at, Action: journal.ActionBuy, Quantity: decimal.NewFromInt(10),
			Price: journal.MustMoney(fmt.Sprintf("%d.25", 100+i%57), "USD"), Source: journal.FillManual}
		if i%3 == 2 {
			f.Action, f.Quantity, f.Fees = journal.ActionSell, decimal.NewFromInt(15), journal.MustMoney("1.5", "USD")
		}
		p.Fills = append(p.Fills, f)
	}
	return &journal.Thesis{ID: "bench", Title: "bench", Status: journal.StatusOpen, CreatedAt: days[0],
		LossBudget: journal.MustMoney("5000000", "KRW"), Positions: []journal.Position{p}}
}

var benchSettings = journal.Settings{BaseCurrency: "KRW"}

// BenchmarkEvaluate1000Fills is one review of a thesis with 1,000 fills and five years of
// daily bars and rates.
func BenchmarkEvaluate1000Fills(b *testing.B) {
	m, days := benchMarket()
	th := benchThesis(1000, days)
	now := m.AsOf.Add(time.Hour)
	if o := journal.Evaluate(th, benchSettings, m, now); o.PnLBase == nil || o.Drawdown == nil {
		b.Fatalf("incomplete outcome: %+v", o)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		journal.Evaluate(th, benchSettings, m, now)
	}
}

// BenchmarkEvaluateBaseline is the floor any review pays: one pass over the same bars
// summing the closes (in decimal, as the review adds money).
func BenchmarkEvaluateBaseline(b *testing.B) {
	m, _ := benchMarket()
	bars, fx := m.Bars["NVDA"], m.Bars["USDKRW=X"]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var sum decimal.Decimal
		for j := range bars {
			sum = sum.Add(bars[j].Close.Mul(fx[j].Close))
		}
		if !sum.IsPositive() {
			b.Fatal("no sum")
		}
	}
}

// TestEvaluateSpeed times both benchmarks and prints them with their ratio; it runs
// only with HINDSIGHT_BENCH=1 (go test -run TestEvaluateSpeed -v ./journal/) and
// fails when a review takes more than benchReviewBudget.
func TestEvaluateSpeed(t *testing.T) {
	if os.Getenv("HINDSIGHT_BENCH") == "" {
		t.Skip("set HINDSIGHT_BENCH=1 to time Evaluate")
	}
	review := testing.Benchmark(BenchmarkEvaluate1000Fills)
	base := testing.Benchmark(BenchmarkEvaluateBaseline)
	per := time.Duration(review.NsPerOp())
	fmt.Printf("Evaluate, 1,000 fills, 5 years of daily bars: %v per review (%d runs)\n", per, review.N)
	fmt.Printf("baseline, one pass over the same bars:         %v (%d runs)\n", time.Duration(base.NsPerOp()), base.N)
	fmt.Printf("ratio: %.1f×; budget %v per review\n", float64(review.NsPerOp())/float64(max(base.NsPerOp(), 1)), benchReviewBudget)
	if per > benchReviewBudget {
		t.Errorf("a review takes %v, more than %v", per, benchReviewBudget)
	}
}
