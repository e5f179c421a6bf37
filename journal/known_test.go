package journal_test

import (
	"testing"
	"time"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

func TestKnownMarket(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2025, 2, day, 21, 0, 0, 0, time.UTC) }
	snap := func(sym, amount, cur string, day int) journal.Snapshot {
		return journal.Snapshot{Symbol: sym, Price: journal.MustMoney(amount, cur), At: d(day), Source: journal.SourceYahoo}
	}
	a := &journal.Thesis{Snapshots: []journal.Snapshot{snap("NVDA", "120", "USD", 3), snap("USDKRW=X", "1450", "KRW", 3)}}
	b := &journal.Thesis{
		Snapshots: []journal.Snapshot{snap("NVDA", "130", "USD", 1), snap("OCDO.L", "250", "GBp", 1)},
		Reviews: []journal.Review{{At: d(5), Verdict: journal.VerdictTooEarly, Prices: []journal.Snapshot{
			snap("NVDA", "110", "USD", 5), snap("USDKRW=X", "1400", "KRW", 5), snap("GBPKRW=X", "1800", "KRW", 5),
			snap("BAD", "0", "USD", 5)}}},
	}
	m := journal.KnownMarket([]*journal.Thesis{a, b}, "KRW", d(6))

	bars := m.Bars["NVDA"]
	if len(bars) != 3 || !bars[0].Close.Equal(decimal.NewFromInt(130)) || !bars[2].Close.Equal(decimal.NewFromInt(110)) {
		t.Fatalf("NVDA series = %+v, want 130,120,110 oldest first", bars)
	}
	p := m.Prices["NVDA"]
	if !p.Price.Amount.Equal(decimal.NewFromInt(110)) || !p.Stale || p.Source != journal.SourceCache || !p.At.Equal(d(5)) {
		t.Fatalf("NVDA price = %+v, want newest point 110, stale, cache", p)
	}
	if r, ok := m.Rate("USD", "KRW"); !ok || !r.Equal(decimal.NewFromInt(1400)) {
		t.Fatalf("USD rate = %v %v, want the newest 1400", r, ok)
	}
	if r, ok := m.Rate("GBP", "KRW"); !ok || !r.Equal(decimal.NewFromInt(1800)) {
		t.Fatalf("GBP rate = %v %v", r, ok)
	}
	if gb := m.Prices["OCDO.L"]; gb.Price.String() != "2.5 GBP" {
		t.Fatalf("OCDO.L = %v, want pence converted to 2.5 GBP", gb.Price)
	}
	if _, ok := m.Prices["BAD"]; ok {
		t.Fatal("a zero price must not become a price")
	}

	// Live prices laid over replace older known ones and refresh FX.
	m.Overlay([]journal.Price{
		{Symbol: "NVDA", Price: journal.MustMoney("125", "USD"), At: d(6), Source: journal.SourceYahoo},
		{Symbol: "USDKRW=X", Price: journal.MustMoney("1380", "KRW"), At: d(6), Source: journal.SourceYahoo},
		{Symbol: "GBPKRW=X", Price: journal.MustMoney("1", "KRW"), At: d(1), Source: journal.SourceYahoo},
	}, map[string][]journal.Bar{"NVDA": {{Time: d(4), Close: decimal.NewFromInt(115)}}}, "KRW")
	if r, _ := m.Rate("USD", "KRW"); !r.Equal(decimal.NewFromInt(1380)) {
		t.Fatalf("USD rate after overlay = %v, want 1380", r)
	}
	if r, _ := m.Rate("GBP", "KRW"); !r.Equal(decimal.NewFromInt(1800)) {
		t.Fatalf("an older overlay price replaced a newer one: GBP = %v", r)
	}
	if got := len(m.Bars["NVDA"]); got != 4 {
		t.Fatalf("merged NVDA bars = %d, want 4", got)
	}

	// The inverse pair works when the direct one is missing.
	inv := journal.KnownMarket([]*journal.Thesis{{Snapshots: []journal.Snapshot{snap("KRWJPY=X", "0.1", "JPY", 1)}}}, "KRW", d(2))
	if r, ok := inv.Rate("JPY", "KRW"); !ok || !r.Equal(decimal.NewFromInt(10)) {
		t.Fatalf("JPY from KRWJPY=X = %v %v, want 10", r, ok)
	}
}

func TestFXPair(t *testing.T) {
	if f, to, ok := journal.FXPair("USDKRW=X"); !ok || f != "USD" || to != "KRW" {
		t.Fatalf("FXPair(USDKRW=X) = %s %s %v", f, to, ok)
	}
	for _, s := range []string{"NVDA", "BTC-USD", "EURUSD", "ABCDEF=X", "^KS11"} {
		if _, _, ok := journal.FXPair(s); ok {
			t.Errorf("FXPair(%s) ok, want not a pair", s)
		}
	}
}

func TestBenchmarkFromSparseKnownSeries(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 21, 0, 0, 0, time.UTC) }
	gspc := func(amount string, at time.Time) journal.Snapshot {
		return journal.Snapshot{Symbol: "^GSPC", Price: journal.MustMoney(amount, "USD"), At: at, Source: journal.SourceYahoo}
	}
	th := &journal.Thesis{
		ID: "t", CreatedAt: day(2025, 1, 28), Status: journal.StatusOpen, LossBudget: journal.MustMoney("1000", "USD"),
		Positions: []journal.Position{journal.LegacyPosition{Symbol: "NVDA", Side: journal.SideLong, Quantity: decimal.NewFromInt(1),
			EntryPrice: journal.MustMoney("100", "USD"), EnteredAt: day(2025, 1, 28), FXToBase: decimal.NewFromInt(1)}.Position("t", 0, "USD")},
		Snapshots: []journal.Snapshot{{Symbol: "NVDA", Price: journal.MustMoney("120", "USD"), At: day(2025, 6, 1), Source: journal.SourceManual}},
	}
	// Another thesis holds an S&P 500 point eight months before this one was written.
	other := &journal.Thesis{Snapshots: []journal.Snapshot{gspc("5000", day(2024, 6, 1)), gspc("6000", day(2025, 2, 1)), gspc("6600", day(2025, 6, 1))}}
	m := journal.KnownMarket([]*journal.Thesis{th, other}, "USD", day(2025, 6, 2))
	o := journal.Evaluate(th, journal.Settings{BaseCurrency: "USD"}, m, day(2025, 6, 2))
	if o.Benchmark == nil {
		t.Fatal("no benchmark")
	}
	// The point four days after writing stands for the start, not the one eight months
	// before: 6600/6000 - 1 = +10 %; the thesis made 120/100 - 1 = +20 %, so +10 % excess.
	if !o.Benchmark.Return.Equal(decimal.RequireFromString("0.1")) || !o.Benchmark.Excess.Equal(decimal.RequireFromString("0.1")) {
		t.Fatalf("benchmark return %v excess %v, want 0.1 and 0.1", o.Benchmark.Return, o.Benchmark.Excess)
	}
}
