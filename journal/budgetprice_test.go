package journal_test

import (
	"testing"
	"time"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

func bpMarket(fx map[string]string) journal.Market {
	m := journal.Market{FX: map[string]decimal.Decimal{}, AsOf: ocNow}
	for cur, r := range fx {
		m.FX[cur] = ocDec(r)
	}
	return m
}

func bpThesis(budget, budgetCur string, ps ...journal.Position) *journal.Thesis {
	return ocThesis("bp", budget, budgetCur, ps...)
}

func TestBudgetPrice(t *testing.T) {
	watch := ocPos("VRT", journal.SideWatch, "1", "100", "USD", "1")
	tests := []struct {
		name     string
		thesis   *journal.Thesis
		settings journal.Settings
		fx       map[string]string
		symbol   string
		want     string // "" wants ok == false
	}{
		// 50,000 − 300,000/30 = 50,000 − 10,000.
		{"long in base", bpThesis("300000", "KRW", ocPos("005930.KS", journal.SideLong, "30", "50000", "KRW", "1")),
			ocKRW, nil, "005930.KS", "40000 KRW"},
		// 50,000 + 10,000.
		{"short in base", bpThesis("300000", "KRW", ocPos("005930.KS", journal.SideShort, "30", "50000", "KRW", "1")),
			ocKRW, nil, "005930.KS", "60000 KRW"},
		// FX unset in the base currency counts as 1: 20 − 500/100.
		{"long base fx unset", bpThesis("500", "USD", ocPos("AAPL", journal.SideLong, "100", "20", "USD", "")),
			ocUSD, nil, "AAPL", "15 USD"},
		// 1,400,000 KRW / 10 shares = 140,000 KRW a share = 100 USD at 1,400: 130 − 100.
		{"long foreign, rate unchanged", bpThesis("1400000", "KRW", ocPos("NVDA", journal.SideLong, "10", "130", "USD", "1400")),
			ocKRW, map[string]string{"USD": "1400"}, "NVDA", "30 USD"},
		// The rate rose to 1,500: (130 × 1,400 − 140,000) / 1,500 = 42,000 / 1,500.
		{"long foreign, rate moved", bpThesis("1400000", "KRW", ocPos("NVDA", journal.SideLong, "10", "130", "USD", "1400")),
			ocKRW, map[string]string{"USD": "1500"}, "NVDA", "28 USD"},
		// (130 × 1,400 + 140,000) / 1,600 = 322,000 / 1,600.
		{"short foreign, rate moved", bpThesis("1400000", "KRW", ocPos("NVDA", journal.SideShort, "10", "130", "USD", "1400")),
			ocKRW, map[string]string{"USD": "1600"}, "NVDA", "201.25 USD"},
		// A budget of 1,000 USD is 1,500,000 KRW: (130 × 1,500 − 150,000) / 1,500.
		{"budget in another currency", bpThesis("1000", "USD", ocPos("NVDA", journal.SideLong, "10", "130", "USD", "1500")),
			ocKRW, map[string]string{"USD": "1500"}, "NVDA", "30 USD"},
		// The watch position is skipped; the long one is the main position: 200 − 600/4.
		{"first long after a watch", bpThesis("600", "USD", watch, ocPos("MSFT", journal.SideLong, "4", "200", "USD", "1"),
			ocPos("AAPL", journal.SideLong, "1", "10", "USD", "1")),
			ocUSD, nil, "MSFT", "50 USD"},
		// 1 − 1/3 keeps eight decimals.
		{"rounded to eight decimals", bpThesis("1", "USD", ocPos("X", journal.SideLong, "3", "1", "USD", "1")),
			ocUSD, nil, "X", "0.66666667 USD"},
		// 100 − 5,000/10 < 0: the position cannot lose the whole budget.
		{"budget beyond reach", bpThesis("5000", "USD", ocPos("AAPL", journal.SideLong, "10", "100", "USD", "1")),
			ocUSD, nil, "AAPL", ""},
		// Exactly zero is not a price either.
		{"budget equal to the cost", bpThesis("1000", "USD", ocPos("AAPL", journal.SideLong, "10", "100", "USD", "1")),
			ocUSD, nil, "AAPL", ""},
		{"no loss budget", bpThesis("", "", ocPos("AAPL", journal.SideLong, "10", "100", "USD", "1")),
			ocUSD, nil, "AAPL", ""},
		{"watch only", bpThesis("100", "USD", watch), ocUSD, nil, "", ""},
		{"rate now missing", bpThesis("1400000", "KRW", ocPos("NVDA", journal.SideLong, "10", "130", "USD", "1400")),
			ocKRW, nil, "NVDA", ""},
		{"entry rate missing", bpThesis("1400000", "KRW", ocPos("NVDA", journal.SideLong, "10", "130", "USD", "")),
			ocKRW, map[string]string{"USD": "1400"}, "NVDA", ""},
		{"budget rate missing", bpThesis("100", "EUR", ocPos("AAPL", journal.SideLong, "10", "100", "USD", "1")),
			ocUSD, nil, "AAPL", ""},
		{"zero quantity", bpThesis("100", "USD", ocPos("AAPL", journal.SideLong, "0", "100", "USD", "1")),
			ocUSD, nil, "AAPL", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sym, price, ok := journal.BudgetPrice(tc.thesis, tc.settings, bpMarket(tc.fx))
			if sym != tc.symbol {
				t.Errorf("symbol %q, want %q", sym, tc.symbol)
			}
			if tc.want == "" {
				if ok {
					t.Errorf("got %s, want no price", price)
				}
				return
			}
			if !ok {
				t.Fatalf("no price, want %s", tc.want)
			}
			ocCheckMoney(t, "price", &price, tc.want)
		})
	}
	if _, _, ok := journal.BudgetPrice(nil, ocUSD, journal.Market{}); ok {
		t.Error("nil thesis has a budget price")
	}
}

// TestBudgetPriceUsesUpBudget checks the price against the outcome math: with the main
// position valued at its budget price, Evaluate reports the whole budget used.
func TestBudgetPriceUsesUpBudget(t *testing.T) {
	theses := []*journal.Thesis{
		bpThesis("1400000", "KRW", ocPos("NVDA", journal.SideLong, "10", "130", "USD", "1400")),
		bpThesis("1400000", "KRW", ocPos("NVDA", journal.SideShort, "10", "130", "USD", "1400")),
		bpThesis("2000000", "KRW", ocPos("005930.KS", journal.SideLong, "40", "53400", "KRW", "1")),
	}
	for _, rate := range []string{"1400", "1500", "1250"} {
		for _, th := range theses {
			m := bpMarket(map[string]string{"USD": rate})
			sym, price, ok := journal.BudgetPrice(th, ocKRW, m)
			if !ok {
				t.Fatalf("%s at %s: no budget price", th.Positions[0].Side, rate)
			}
			m.Prices = ocPrices(journal.Price{Symbol: sym, Price: price, At: ocNow.Add(-time.Minute), Source: journal.SourceYahoo})
			o := journal.Evaluate(th, ocKRW, m, ocNow)
			if o.LossUsed == nil || !o.LossUsed.Round(6).Equal(decimal.NewFromInt(1)) {
				t.Errorf("%s %s at rate %s: price %s uses %v of the budget, want 1", sym, th.Positions[0].Side, rate, price, o.LossUsed)
			}
		}
	}
}
