package journal_test

import (
	"slices"
	"testing"
	"time"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

// Times shared by the outcome tests: entries on 2 January 2025 during US trading hours,
// evaluation on 3 March 2025.
var (
	ocEntered = time.Date(2025, 1, 2, 15, 0, 0, 0, time.UTC)
	ocCreated = time.Date(2024, 12, 30, 9, 0, 0, 0, time.UTC)
	ocNow     = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
)

func ocDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// ocDay returns 14:30 UTC on the given day of 2025, when a US daily bar starts.
func ocDay(month time.Month, day int) time.Time {
	return time.Date(2025, month, day, 14, 30, 0, 0, time.UTC)
}

// ocPos returns a position of one opening fill on ocEntered; fx "" leaves the fill's
// FXToBase unset.
func ocPos(sym string, side journal.Side, qty, price, cur, fx string) journal.Position {
	lp := journal.LegacyPosition{
		Symbol: sym, Side: side, Quantity: ocDec(qty),
		EntryPrice: journal.MustMoney(price, cur), EnteredAt: ocEntered,
	}
	if fx != "" {
		lp.FXToBase = ocDec(fx)
	}
	return lp.Position("oc-"+sym+"-"+string(side), 0, "")
}

// ocAt returns p with its first fill moved to at.
func ocAt(p journal.Position, at time.Time) journal.Position {
	p.Fills = slices.Clone(p.Fills)
	p.Fills[0].At = at
	return p
}

// ocClosed returns p closed at price on at by a fill of the whole first fill's quantity
// whose rate is unknown (it is 1 only when price is in the base currency).
func ocClosed(p journal.Position, price string, at time.Time) journal.Position {
	return ocClosedFX(p, price, "", at)
}

// ocClosedFX is ocClosed with the closing fill's rate fx ("" for unknown).
func ocClosedFX(p journal.Position, price, fx string, at time.Time) journal.Position {
	open := p.Fills[0]
	action := journal.ActionSell
	if open.Action == journal.ActionSell {
		action = journal.ActionBuy
	}
	exit := journal.Fill{
		ID: open.ID + "-exit", At: at, Action: action, Quantity: open.Quantity,
		Price: journal.MustMoney(price, open.Price.Currency), Source: journal.FillManual,
	}
	if fx != "" {
		exit.FXToBase = ocDec(fx)
	}
	p.Fills = append(slices.Clone(p.Fills), exit)
	return p
}

func ocThesis(id, budget, budgetCur string, ps ...journal.Position) *journal.Thesis {
	t := &journal.Thesis{
		ID: id, Title: "thesis " + id, Conviction: 70, Status: journal.StatusOpen,
		CreatedAt: ocCreated, Positions: ps,
	}
	if budget != "" {
		t.LossBudget = journal.MustMoney(budget, budgetCur)
	}
	return t
}

func ocPrice(sym, price, cur string) journal.Price {
	return journal.Price{
		Symbol: sym, Price: journal.MustMoney(price, cur), At: ocNow.Add(-time.Hour),
		Source: journal.SourceYahoo,
	}
}

func ocPrices(ps ...journal.Price) map[string]journal.Price {
	m := map[string]journal.Price{}
	for _, p := range ps {
		m[p.Symbol] = p
	}
	return m
}

// ocCheckMoney compares a Money figure with want, written "-179390.85 KRW"; "" wants nil.
func ocCheckMoney(t *testing.T, field string, got *journal.Money, want string) {
	t.Helper()
	if want == "" {
		if got != nil {
			t.Errorf("%s = %s, want unavailable", field, got)
		}
		return
	}
	var amount, cur string
	for i := len(want) - 1; i >= 0; i-- {
		if want[i] == ' ' {
			amount, cur = want[:i], want[i+1:]
			break
		}
	}
	switch {
	case got == nil:
		t.Errorf("%s unavailable, want %s", field, want)
	case !got.Amount.Equal(ocDec(amount)) || got.Currency != cur:
		t.Errorf("%s = %s, want %s", field, got, want)
	}
}

// ocCheckRatio compares a ratio, rounded to 10 decimals, with want; "" wants nil.
func ocCheckRatio(t *testing.T, field string, got *decimal.Decimal, want string) {
	t.Helper()
	if want == "" {
		if got != nil {
			t.Errorf("%s = %s, want unavailable", field, got)
		}
		return
	}
	switch {
	case got == nil:
		t.Errorf("%s unavailable, want %s", field, want)
	case !got.Round(10).Equal(ocDec(want)):
		t.Errorf("%s = %s, want %s", field, got, want)
	}
}

func ocCheckList(t *testing.T, field string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s = %q, want %q", field, got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s = %q, want %q", field, got, want)
			return
		}
	}
}

var (
	ocUSD = journal.Settings{BaseCurrency: "USD"}
	ocKRW = journal.Settings{BaseCurrency: "KRW"}
)

func TestEvaluate(t *testing.T) {
	type posWant struct {
		pnl, pnlBase, cost, ret, retBase string // "" wants unavailable
		missing                          bool
	}
	tests := []struct {
		name     string
		thesis   *journal.Thesis
		settings journal.Settings
		market   journal.Market
		pos      []posWant
		pnlBase  string
		cost     string
		ret      string
		budget   string
		lossUsed string
		missing  []string
		fx       []string
		stale    bool
		days     int
	}{
		{
			// 10 × (112.50 − 100) = 125 USD on a cost of 1,000 USD: +12.5 %. A gain uses
			// none of the 500 USD budget. 2 Jan 15:00 → 3 Mar 09:00 is 59 days 18 hours.
			name:     "long USD in USD base",
			thesis:   ocThesis("long", "500", "USD", ocPos("NVDA", journal.SideLong, "10", "100", "USD", "1")),
			settings: ocUSD,
			market:   journal.Market{Prices: ocPrices(ocPrice("NVDA", "112.50", "USD"))},
			pos:      []posWant{{pnl: "125 USD", pnlBase: "125 USD", cost: "1000 USD", ret: "0.125", retBase: "0.125"}},
			pnlBase:  "125 USD", cost: "1000 USD", ret: "0.125",
			budget: "500 USD", lossUsed: "0", days: 59,
		},
		{
			// In USD: 10 × (120.00 − 128.99) = −89.90 USD, −8.99/128.99 = −6.97 %.
			// In KRW: 10 × (120 × 1400 − 128.99 × 1441.5) = 10 × (168,000 − 185,939.085)
			// = −179,390.85 KRW, of which 10 × 120 × (1400 − 1441.5) = −49,800 is the won
			// strengthening. Cost 10 × 128.99 × 1441.5 = 1,859,390.85 KRW, so
			// −179,390.85 / 1,859,390.85 = −9.65 %. Budget used 179,390.85 / 3,000,000.
			name:     "USD position in KRW base with FX move",
			thesis:   ocThesis("nvda", "3000000", "KRW", ocPos("NVDA", journal.SideLong, "10", "128.99", "USD", "1441.5")),
			settings: ocKRW,
			market: journal.Market{
				Prices: ocPrices(ocPrice("NVDA", "120.00", "USD")),
				FX:     map[string]decimal.Decimal{"USD": ocDec("1400")},
			},
			pos: []posWant{{
				pnl: "-89.90 USD", pnlBase: "-179390.85 KRW", cost: "1859390.85 KRW",
				ret: "-0.0696953252", retBase: "-0.0964782902",
			}},
			pnlBase: "-179390.85 KRW", cost: "1859390.85 KRW", ret: "-0.0964782902",
			budget: "3000000 KRW", lossUsed: "0.05979695", days: 59,
		},
		{
			// A budget in another currency is converted with FX now: 1,000 USD × 1400 =
			// 1,400,000 KRW. Short 5 TSLA @ 400 USD (FX 1300), now 420 (FX 1400):
			// USD (400 − 420) × 5 = −100; KRW −5 × (420 × 1400 − 400 × 1300)
			// = −5 × (588,000 − 520,000) = −340,000 on a cost of 5 × 400 × 1300 = 2,600,000:
			// −13.08 %. Used 340,000 / 1,400,000 = 0.2428571429.
			name:     "short position loses on price and currency",
			thesis:   ocThesis("short", "1000", "USD", ocPos("TSLA", journal.SideShort, "5", "400", "USD", "1300")),
			settings: ocKRW,
			market: journal.Market{
				Prices: ocPrices(ocPrice("TSLA", "420", "USD")),
				FX:     map[string]decimal.Decimal{"USD": ocDec("1400")},
			},
			pos: []posWant{{
				pnl: "-100 USD", pnlBase: "-340000 KRW", cost: "2600000 KRW",
				ret: "-0.05", retBase: "-0.1307692308",
			}},
			pnlBase: "-340000 KRW", cost: "2600000 KRW", ret: "-0.1307692308",
			budget: "1400000 KRW", lossUsed: "0.2428571429", days: 59,
		},
		{
			// Short 5 @ 400 USD, now 350: (400 − 350) × 5 = +250 USD on 2,000: +12.5 %.
			name:     "short position in USD base gains",
			thesis:   ocThesis("short-usd", "1000", "USD", ocPos("TSLA", journal.SideShort, "5", "400", "USD", "1")),
			settings: ocUSD,
			market:   journal.Market{Prices: ocPrices(ocPrice("TSLA", "350", "USD"))},
			pos:      []posWant{{pnl: "250 USD", pnlBase: "250 USD", cost: "2000 USD", ret: "0.125", retBase: "0.125"}},
			pnlBase:  "250 USD", cost: "2000 USD", ret: "0.125",
			budget: "1000 USD", lossUsed: "0", days: 59,
		},
		{
			// The watch position has no P&L and stays out of the totals; its missing price
			// is still reported. AAPL 10 × (210 − 200) = 100 USD on 2,000: +5 %.
			name: "watch position excluded",
			thesis: ocThesis("watch", "300", "USD",
				ocPos("AMD", journal.SideWatch, "1", "120", "USD", ""),
				ocPos("AAPL", journal.SideLong, "10", "200", "USD", "1")),
			settings: ocUSD,
			market:   journal.Market{Prices: ocPrices(ocPrice("AAPL", "210", "USD"))},
			pos: []posWant{
				{missing: true},
				{pnl: "100 USD", pnlBase: "100 USD", cost: "2000 USD", ret: "0.05", retBase: "0.05"},
			},
			pnlBase: "100 USD", cost: "2000 USD", ret: "0.05",
			budget: "300 USD", lossUsed: "0", missing: []string{"AMD"}, days: 59,
		},
		{
			// Closed at 130 USD at 1,350 KRW, the exit fill's own rate; FX now (1,400) no
			// longer counts: USD 10 × (130 − 100) = 300; KRW 10 × 130 × 1350 − 10 × 100 ×
			// 1300 = 1,755,000 − 1,300,000 = 455,000 on a cost of 1,300,000: +35 %. No
			// current price is needed. Held 2 Jan 15:00 → 1 Feb 15:00 = 30 days.
			name: "closed position",
			thesis: ocThesis("closed", "1000000", "KRW",
				ocClosedFX(ocPos("NVDA", journal.SideLong, "10", "100", "USD", "1300"), "130", "1350", ocEntered.AddDate(0, 0, 30))),
			settings: ocKRW,
			market:   journal.Market{FX: map[string]decimal.Decimal{"USD": ocDec("1400")}},
			pos:      []posWant{{pnl: "300 USD", pnlBase: "455000 KRW", cost: "1300000 KRW", ret: "0.3", retBase: "0.35"}},
			pnlBase:  "455000 KRW", cost: "1300000 KRW", ret: "0.35",
			budget: "1000000 KRW", lossUsed: "0", days: 30,
		},
		{
			// The same exit with no rate of its own and no USDKRW=X bar that day: the USD
			// figures stand, nothing in KRW does (FX now is not used for a closed position).
			name: "closed position, exit rate unknown",
			thesis: ocThesis("closed-nofx", "1000000", "KRW",
				ocClosed(ocPos("NVDA", journal.SideLong, "10", "100", "USD", "1300"), "130", ocEntered.AddDate(0, 0, 30))),
			settings: ocKRW,
			market:   journal.Market{FX: map[string]decimal.Decimal{"USD": ocDec("1400")}},
			pos:      []posWant{{pnl: "300 USD", ret: "0.3"}},
			budget:   "1000000 KRW", fx: []string{"USD"}, days: 30,
		},
		{
			// 250 GBp is 2.50 GBP and 230 GBp is 2.30 GBP. GBP: 1000 × (2.30 − 2.50) = −200,
			// −8 %. USD: 1000 × (2.30 × 1.27 − 2.50 × 1.25) = 1000 × (2.921 − 3.125) = −204
			// on a cost of 3,125: −6.528 %. Used 204 / 1,000.
			name:     "GBp listing",
			thesis:   ocThesis("ocdo", "1000", "USD", ocPos("OCDO.L", journal.SideLong, "1000", "250", "GBp", "1.25")),
			settings: ocUSD,
			market: journal.Market{
				Prices: ocPrices(ocPrice("OCDO.L", "230", "GBp")),
				FX:     map[string]decimal.Decimal{"GBP": ocDec("1.27")},
			},
			pos:     []posWant{{pnl: "-200 GBP", pnlBase: "-204 USD", cost: "3125 USD", ret: "-0.08", retBase: "-0.06528"}},
			pnlBase: "-204 USD", cost: "3125 USD", ret: "-0.06528",
			budget: "1000 USD", lossUsed: "0.204", days: 59,
		},
		{
			// NVDA has no price, so no total is computed even though AAPL has one.
			name: "missing price",
			thesis: ocThesis("missing", "1000", "USD",
				ocPos("NVDA", journal.SideLong, "10", "100", "USD", "1"),
				ocPos("AAPL", journal.SideLong, "10", "200", "USD", "1")),
			settings: ocUSD,
			market:   journal.Market{Prices: ocPrices(ocPrice("AAPL", "210", "USD"))},
			pos: []posWant{
				{cost: "1000 USD", missing: true},
				{pnl: "100 USD", pnlBase: "100 USD", cost: "2000 USD", ret: "0.05", retBase: "0.05"},
			},
			budget: "1000 USD", missing: []string{"NVDA"}, days: 59,
		},
		{
			// A price of zero is no price.
			name:     "zero price is missing",
			thesis:   ocThesis("zero", "1000", "USD", ocPos("NVDA", journal.SideLong, "10", "100", "USD", "1")),
			settings: ocUSD,
			market:   journal.Market{Prices: ocPrices(ocPrice("NVDA", "0", "USD"))},
			pos:      []posWant{{cost: "1000 USD", missing: true}},
			budget:   "1000 USD", missing: []string{"NVDA"}, days: 59,
		},
		{
			// Without a USD rate the USD figures stand but nothing in KRW does, the USD
			// budget included. A stale quote marks the outcome stale.
			name:     "missing FX",
			thesis:   ocThesis("nofx", "1000", "USD", ocPos("NVDA", journal.SideLong, "10", "100", "USD", "1300")),
			settings: ocKRW,
			market: journal.Market{Prices: map[string]journal.Price{"NVDA": {
				Symbol: "NVDA", Price: journal.MustMoney("90", "USD"), Stale: true, Source: journal.SourceCache,
			}}},
			pos:   []posWant{{pnl: "-100 USD", cost: "1300000 KRW", ret: "-0.1"}},
			fx:    []string{"USD"},
			stale: true, days: 59,
		},
		{
			// No positions: nothing at risk, no totals; held from creation (30 Dec 09:00)
			// to 3 Mar 09:00 = 2 + 31 + 28 + 2 = 63 days.
			name:     "no positions",
			thesis:   ocThesis("empty", "", ""),
			settings: ocUSD,
			days:     63,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := journal.Evaluate(tc.thesis, tc.settings, tc.market, ocNow)
			if o.ThesisID != tc.thesis.ID || o.Base != tc.settings.BaseCurrency {
				t.Errorf("id, base = %q, %q", o.ThesisID, o.Base)
			}
			if len(o.Positions) != len(tc.pos) {
				t.Fatalf("%d positions, want %d", len(o.Positions), len(tc.pos))
			}
			for i, w := range tc.pos {
				p := o.Positions[i]
				ocCheckMoney(t, "pnl", p.PnL, w.pnl)
				ocCheckMoney(t, "pnl base", p.PnLBase, w.pnlBase)
				if p.Side != journal.SideWatch {
					ocCheckMoney(t, "cost", p.CostBase, w.cost)
				}
				ocCheckRatio(t, "return", p.Return, w.ret)
				ocCheckRatio(t, "return base", p.ReturnBase, w.retBase)
				if p.PriceMissing != w.missing {
					t.Errorf("position %d price missing = %v, want %v", i, p.PriceMissing, w.missing)
				}
				if p.PriceMissing && !p.Price.IsZero() {
					t.Errorf("position %d has price %s though missing", i, p.Price)
				}
			}
			ocCheckMoney(t, "total pnl", o.PnLBase, tc.pnlBase)
			ocCheckMoney(t, "total cost", o.CostBase, tc.cost)
			ocCheckRatio(t, "total return", o.Return, tc.ret)
			ocCheckMoney(t, "loss budget", o.LossBudget, tc.budget)
			ocCheckRatio(t, "loss used", o.LossUsed, tc.lossUsed)
			ocCheckList(t, "missing", o.Missing, tc.missing)
			ocCheckList(t, "missing fx", o.MissingFX, tc.fx)
			if o.Stale != tc.stale {
				t.Errorf("stale = %v, want %v", o.Stale, tc.stale)
			}
			if o.DaysHeld != tc.days {
				t.Errorf("days held = %d, want %d", o.DaysHeld, tc.days)
			}
		})
	}
}

func TestEvaluateGBpEntry(t *testing.T) {
	th := ocThesis("ocdo", "1000", "USD", ocPos("OCDO.L", journal.SideLong, "1000", "250", "GBp", "1.25"))
	o := journal.Evaluate(th, ocUSD, journal.Market{
		Prices: ocPrices(ocPrice("OCDO.L", "230", "GBp")),
		FX:     map[string]decimal.Decimal{"GBP": ocDec("1.27")},
	}, ocNow)
	p := o.Positions[0]
	if p.AverageCost.Currency != "GBP" || !p.AverageCost.Amount.Equal(ocDec("2.5")) {
		t.Errorf("average cost = %s, want 2.50 GBP", p.AverageCost)
	}
	if p.Price.Currency != "GBP" || !p.Price.Amount.Equal(ocDec("2.3")) {
		t.Errorf("price = %s, want 2.30 GBP", p.Price)
	}
	// 1000 × 2.50 GBP × 1.25 = 3,125 USD.
	ocCheckMoney(t, "cost", p.CostBase, "3125 USD")
	if !p.FXNow.Equal(ocDec("1.27")) {
		t.Errorf("fx now = %s, want 1.27", p.FXNow)
	}
}

func TestEvaluateCurrencyMismatch(t *testing.T) {
	// A quote in another currency than the entry cannot be compared with it.
	th := ocThesis("mismatch", "1000", "USD", ocPos("SHOP", journal.SideLong, "10", "100", "USD", "1"))
	o := journal.Evaluate(th, ocUSD, journal.Market{Prices: ocPrices(ocPrice("SHOP", "140", "CAD"))}, ocNow)
	if !o.Positions[0].PriceMissing || o.PnLBase != nil {
		t.Errorf("price missing = %v, total = %v; want missing and no total", o.Positions[0].PriceMissing, o.PnLBase)
	}
	ocCheckList(t, "missing", o.Missing, []string{"SHOP"})
}

func TestOutcomeMarketRate(t *testing.T) {
	m := journal.Market{FX: map[string]decimal.Decimal{"USD": ocDec("1400"), "EUR": ocDec("1500"), "JPY": ocDec("0")}}
	usdBased := journal.Market{FX: map[string]decimal.Decimal{"USD": ocDec("1"), "KRW": ocDec("0.0008")}}
	tests := []struct {
		name           string
		m              journal.Market
		currency, base string
		want           string // "" wants unknown
	}{
		{"same currency", m, "KRW", "KRW", "1"},
		{"quoted", m, "USD", "KRW", "1400"},
		{"unknown", m, "GBP", "KRW", ""},
		{"zero rate is unknown", m, "JPY", "KRW", ""},
		// 1 EUR = 1500 KRW and 1 USD = 1400 KRW, so 1 EUR = 1500 / 1400 USD.
		{"crossed through base", m, "EUR", "USD", "1.0714285714"},
		// In a USD-quoted map 1 USD = 1 / 0.0008 = 1250 KRW.
		{"map in another base", usdBased, "USD", "KRW", "1250"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, ok := tc.m.Rate(tc.currency, tc.base)
			if tc.want == "" {
				if ok {
					t.Errorf("rate = %s, want unknown", r)
				}
				return
			}
			ocCheckRatio(t, "rate", &r, tc.want)
			if !ok {
				t.Errorf("rate unknown, want %s", tc.want)
			}
		})
	}
}

func TestEvaluateDrawdown(t *testing.T) {
	usdBars := []journal.Bar{
		{Time: ocDay(1, 1), Close: ocDec("101")}, // before the entry
		{Time: ocDay(1, 2), Close: ocDec("99")},  // entry day: 10 × (99 − 100) = −10
		{Time: ocDay(1, 3), Close: ocDec("90")},  // −100
		{Time: ocDay(1, 6), Close: ocDec("84")},  // −160
		{Time: ocDay(1, 7), Close: ocDec("80")},  // −200, the worst
		{Time: ocDay(1, 8), Close: ocDec("95")},  // −50
		{Time: ocDay(1, 9), Close: ocDec("0")},   // a bad bar, never used
	}
	long := ocPos("NVDA", journal.SideLong, "10", "100", "USD", "1")

	// KRW base, FX now 1400. NVDA long 10 @ 100 USD (FX 1300) from 2 Jan: 14,000c − 1,300,000.
	// TSLA short 5 @ 50 USD (FX 1350) from 6 Jan, closed 8 Jan @ 40: 337,500 − 7,000c,
	// 57,500 once closed.
	nvda := []journal.Bar{
		{Time: ocDay(1, 2), Close: ocDec("100")}, // 100,000
		{Time: ocDay(1, 3), Close: ocDec("95")},  // 30,000
		{Time: ocDay(1, 6), Close: ocDec("90")},  // −40,000
		{Time: ocDay(1, 7), Close: ocDec("85")},  // −110,000
		{Time: ocDay(1, 8), Close: ocDec("88")},  // −68,000
		{Time: ocDay(1, 9), Close: ocDec("92")},  // −12,000
	}
	tsla := []journal.Bar{
		{Time: ocDay(1, 3), Close: ocDec("100")}, // before the entry: must not count
		{Time: ocDay(1, 6), Close: ocDec("52")},  // −26,500
		{Time: ocDay(1, 7), Close: ocDec("55")},  // −47,500
		{Time: ocDay(1, 8), Close: ocDec("70")},  // exit day: valued at the exit, 40: 57,500
		{Time: ocDay(1, 9), Close: ocDec("60")},  // after the exit: still 57,500
	}
	short := ocPos("TSLA", journal.SideShort, "5", "50", "USD", "1350")
	short = ocAt(short, time.Date(2025, 1, 6, 16, 0, 0, 0, time.UTC))
	short = ocClosedFX(short, "40", "1400", time.Date(2025, 1, 8, 17, 0, 0, 0, time.UTC))
	krwFX := map[string]decimal.Decimal{"USD": ocDec("1400")}
	now := time.Date(2025, 1, 10, 12, 0, 0, 0, time.UTC)

	tests := []struct {
		name     string
		thesis   *journal.Thesis
		settings journal.Settings
		market   journal.Market
		none     bool
		worst    string
		worstRet string
		worstOn  string
		used     string
		breached string
	}{
		{
			// Worst −200 on 7 Jan: −200 / 1,000 = −20 %, 200 / 150 of the budget. The
			// loss first reached 150 on 6 Jan (−160).
			name:     "breached",
			thesis:   ocThesis("dd", "150", "USD", long),
			settings: ocUSD,
			market:   journal.Market{Bars: map[string][]journal.Bar{"NVDA": usdBars}},
			worst:    "-200 USD", worstRet: "-0.2", worstOn: "2025-01-07",
			used: "1.3333333333", breached: "2025-01-06",
		},
		{
			// A loss equal to the budget reaches it: 160 on 6 Jan; 200 / 160 = 1.25.
			name:     "breached exactly",
			thesis:   ocThesis("dd", "160", "USD", long),
			settings: ocUSD,
			market:   journal.Market{Bars: map[string][]journal.Bar{"NVDA": usdBars}},
			worst:    "-200 USD", worstRet: "-0.2", worstOn: "2025-01-07",
			used: "1.25", breached: "2025-01-06",
		},
		{
			// Same series, a budget of 300: 200 / 300 used, never breached.
			name:     "not breached",
			thesis:   ocThesis("dd", "300", "USD", long),
			settings: ocUSD,
			market:   journal.Market{Bars: map[string][]journal.Bar{"NVDA": usdBars}},
			worst:    "-200 USD", worstRet: "-0.2", worstOn: "2025-01-07", used: "0.6666666667",
		},
		{
			name:     "no budget",
			thesis:   ocThesis("dd", "", "", long),
			settings: ocUSD,
			market:   journal.Market{Bars: map[string][]journal.Bar{"NVDA": usdBars}},
			worst:    "-200 USD", worstRet: "-0.2", worstOn: "2025-01-07",
		},
		{
			// Totals by day: 2 Jan 100,000; 3 Jan 30,000; 6 Jan −40,000 − 26,500 = −66,500;
			// 7 Jan −110,000 − 47,500 = −157,500; 8 Jan −68,000 + 57,500 = −10,500;
			// 9 Jan −12,000 + 57,500 = 45,500. Worst −157,500 on a cost of
			// 1,300,000 + 5 × 50 × 1350 = 1,637,500: −9.62 %; 157,500 / 150,000 = 1.05,
			// first reached on 7 Jan.
			name:     "two positions in KRW base",
			thesis:   ocThesis("dd2", "150000", "KRW", ocPos("NVDA", journal.SideLong, "10", "100", "USD", "1300"), short),
			settings: ocKRW,
			market:   journal.Market{FX: krwFX, Bars: map[string][]journal.Bar{"NVDA": nvda, "TSLA": tsla}},
			worst:    "-157500 KRW", worstRet: "-0.0961832061", worstOn: "2025-01-07",
			used: "1.05", breached: "2025-01-07",
		},
		{
			name:     "no bars for a symbol",
			thesis:   ocThesis("dd3", "150000", "KRW", ocPos("NVDA", journal.SideLong, "10", "100", "USD", "1300"), short),
			settings: ocKRW,
			market:   journal.Market{FX: krwFX, Bars: map[string][]journal.Bar{"NVDA": nvda}},
			none:     true,
		},
		{
			name:     "no rate",
			thesis:   ocThesis("dd4", "150000", "KRW", ocPos("NVDA", journal.SideLong, "10", "100", "USD", "1300")),
			settings: ocKRW,
			market:   journal.Market{Bars: map[string][]journal.Bar{"NVDA": nvda}},
			none:     true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := journal.Evaluate(tc.thesis, tc.settings, tc.market, now).Drawdown
			if tc.none {
				if d != nil {
					t.Errorf("drawdown = %+v, want none", d)
				}
				return
			}
			if d == nil {
				t.Fatal("no drawdown")
			}
			ocCheckMoney(t, "worst", &d.Worst, tc.worst)
			ocCheckRatio(t, "worst return", &d.WorstReturn, tc.worstRet)
			if d.WorstOn.String() != tc.worstOn {
				t.Errorf("worst on %s, want %s", d.WorstOn, tc.worstOn)
			}
			ocCheckRatio(t, "worst loss used", d.WorstLossUsed, tc.used)
			switch {
			case tc.breached == "" && d.BreachedOn != nil:
				t.Errorf("breached on %s, want never", d.BreachedOn)
			case tc.breached != "" && (d.BreachedOn == nil || d.BreachedOn.String() != tc.breached):
				t.Errorf("breached on %v, want %s", d.BreachedOn, tc.breached)
			}
		})
	}
}

func TestEvaluateBenchmark(t *testing.T) {
	spx := []journal.Bar{
		{Time: ocDay(1, 1).AddDate(0, 0, -1), Close: ocDec("5800")},
		{Time: ocDay(1, 2), Close: ocDec("6000")}, // 14:30, before the 15:00 entry: the start
		{Time: ocDay(1, 3), Close: ocDec("6100")},
		{Time: ocDay(2, 3), Close: ocDec("5700")},
		{Time: ocDay(2, 28), Close: ocDec("6300")},
		{Time: ocDay(3, 4), Close: ocDec("6500")}, // after now
	}
	kospi := []journal.Bar{ // starts after the entry
		{Time: time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC), Close: ocDec("2500")},
		{Time: time.Date(2025, 2, 28, 0, 0, 0, 0, time.UTC), Close: ocDec("2450")},
	}
	bars := map[string][]journal.Bar{"^GSPC": spx, "^KS11": kospi}
	closedAt := ocDay(2, 3) // exactly when that day's bar starts
	atBar := ocPos("NVDA", journal.SideLong, "10", "100", "USD", "1")
	atBar = ocAt(atBar, ocDay(1, 3))
	withBench := ocThesis("qqq", "1000", "USD", ocPos("NVDA", journal.SideLong, "10", "100", "USD", "1"))
	withBench.Benchmark = "QQQ"

	tests := []struct {
		name     string
		thesis   *journal.Thesis
		settings journal.Settings
		prices   map[string]journal.Price
		none     bool
		symbol   string
		bench    string
		thesisR  string
		excess   string
		from, to time.Time
	}{
		{
			// Thesis 110/100 − 1 = 10 %; S&P 500 6300/6000 − 1 = 5 % (2 Jan to 28 Feb);
			// excess 5 %.
			name:     "open thesis against the S&P 500",
			thesis:   ocThesis("spx", "1000", "USD", ocPos("NVDA", journal.SideLong, "10", "100", "USD", "1")),
			settings: ocUSD,
			prices:   ocPrices(ocPrice("NVDA", "110", "USD")),
			symbol:   "^GSPC", bench: "0.05", thesisR: "0.1", excess: "0.05",
			from: ocDay(1, 2), to: ocDay(2, 28),
		},
		{
			// Entered at 14:30 on 3 Jan, exactly when a bar starts: that bar is the start.
			// S&P 500 6300/6100 − 1 = 0.0327868852; excess 0.1 − 0.0327868852 = 0.0672131148.
			name:     "bar at the entry time",
			thesis:   ocThesis("spx-at", "1000", "USD", atBar),
			settings: ocUSD,
			prices:   ocPrices(ocPrice("NVDA", "110", "USD")),
			symbol:   "^GSPC", bench: "0.0327868852", thesisR: "0.1", excess: "0.0672131148",
			from: ocDay(1, 3), to: ocDay(2, 28),
		},
		{
			// Closed on 3 Feb at 120: thesis +20 %; S&P 500 5700/6000 − 1 = −5 % up to
			// the exit; excess 25 %.
			name: "closed thesis up to its exit",
			thesis: ocThesis("spx-closed", "1000", "USD",
				ocClosed(ocPos("NVDA", journal.SideLong, "10", "100", "USD", "1"), "120", closedAt)),
			settings: ocUSD,
			symbol:   "^GSPC", bench: "-0.05", thesisR: "0.2", excess: "0.25",
			from: ocDay(1, 2), to: ocDay(2, 3),
		},
		{
			// KOSPI for a KRW base. No bar on or before the entry, so the first one after:
			// 2450/2500 − 1 = −2 %. Thesis 10 × (53,000 − 50,000) / 500,000 = 6 %; excess 8 %.
			name:     "KOSPI from the first bar after the entry",
			thesis:   ocThesis("kospi", "100000", "KRW", ocPos("005930.KS", journal.SideLong, "10", "50000", "KRW", "")),
			settings: ocKRW,
			prices:   ocPrices(ocPrice("005930.KS", "53000", "KRW")),
			symbol:   "^KS11", bench: "-0.02", thesisR: "0.06", excess: "0.08",
			from: kospi[0].Time, to: kospi[1].Time,
		},
		{
			// No positions: from creation (30 Dec 09:00; no bar by then, so the first one
			// after, 31 Dec at 5800) to now: 6300/5800 − 1 = 0.0862068966; no thesis return.
			name:     "no positions",
			thesis:   ocThesis("none", "", ""),
			settings: ocUSD,
			symbol:   "^GSPC", bench: "0.0862068966",
			from: spx[0].Time, to: ocDay(2, 28),
		},
		{
			name:     "benchmark without bars",
			thesis:   withBench,
			settings: ocUSD,
			prices:   ocPrices(ocPrice("NVDA", "110", "USD")),
			none:     true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := journal.Evaluate(tc.thesis, tc.settings, journal.Market{Prices: tc.prices, Bars: bars}, ocNow).Benchmark
			if tc.none {
				if b != nil {
					t.Errorf("benchmark = %+v, want none", b)
				}
				return
			}
			if b == nil {
				t.Fatal("no benchmark")
			}
			if b.Symbol != tc.symbol || !b.From.Equal(tc.from) || !b.To.Equal(tc.to) {
				t.Errorf("benchmark %s %s..%s, want %s %s..%s", b.Symbol, b.From, b.To, tc.symbol, tc.from, tc.to)
			}
			ocCheckRatio(t, "benchmark return", &b.Return, tc.bench)
			ocCheckRatio(t, "thesis return", b.Thesis, tc.thesisR)
			ocCheckRatio(t, "excess", b.Excess, tc.excess)
		})
	}
}

func TestEvaluateSnapshots(t *testing.T) {
	th := ocThesis("snap", "", "")
	th.Snapshots = []journal.Snapshot{
		{Symbol: "NVDA", Price: journal.MustMoney("128.99", "USD"), At: ocCreated, Source: journal.SourceYahoo},
		{Symbol: "OCDO.L", Price: journal.MustMoney("250", "GBp"), At: ocCreated, Source: journal.SourceYahoo},
		{Symbol: "VRT", Price: journal.MustMoney("120", "USD"), At: ocCreated, Source: journal.SourceManual},
	}
	cached := ocPrice("OCDO.L", "300", "GBp")
	cached.Stale, cached.Source = true, journal.SourceCache
	m := journal.Market{Prices: ocPrices(ocPrice("NVDA", "169.00", "USD"), cached)}
	o := journal.Evaluate(th, ocUSD, m, ocNow)
	if !o.Stale {
		t.Error("outcome not stale though a stale snapshot price was used")
	}
	if len(o.Snapshots) != 3 {
		t.Fatalf("%d snapshot moves, want 3", len(o.Snapshots))
	}
	// (169.00 − 128.99) / 128.99 = 40.01 / 128.99 = 0.3101790836.
	ocCheckRatio(t, "NVDA move", o.Snapshots[0].Move, "0.3101790836")
	// (3.00 − 2.50) / 2.50 = 0.2.
	ocCheckRatio(t, "OCDO.L move", o.Snapshots[1].Move, "0.2")
	ocCheckRatio(t, "VRT move", o.Snapshots[2].Move, "")
	ocCheckList(t, "missing", o.Missing, []string{"VRT"})
	if o.Snapshots[2].Snapshot.Symbol != "VRT" || !o.Snapshots[2].Price.IsZero() {
		t.Errorf("VRT move = %+v", o.Snapshots[2])
	}
}

func TestEvaluateDaysHeld(t *testing.T) {
	open := ocPos("NVDA", journal.SideLong, "10", "100", "USD", "1")
	later := ocAt(ocPos("MSFT", journal.SideLong, "10", "100", "USD", "1"), ocEntered.AddDate(0, 0, 10))
	watch := ocAt(ocPos("AMD", journal.SideWatch, "1", "100", "USD", ""), ocEntered.AddDate(0, 0, -20))
	tests := []struct {
		name string
		ps   []journal.Position
		want int
	}{
		// 2 Jan 15:00 → 3 Mar 09:00: 59 days and 18 hours.
		{"open", []journal.Position{open}, 59},
		// First entry counts: same 59 though the second came 10 days later.
		{"two entries", []journal.Position{later, open}, 59},
		// All closed: to the last exit, 2 Jan 15:00 → 1 Feb 15:00 = 30 days.
		{"all closed", []journal.Position{
			ocClosed(open, "110", ocEntered.AddDate(0, 0, 12)),
			ocClosed(later, "110", ocEntered.AddDate(0, 0, 30)),
		}, 30},
		// One still open: to now.
		{"partly closed", []journal.Position{ocClosed(open, "110", ocEntered.AddDate(0, 0, 12)), later}, 59},
		// A watch is not held: from creation, 30 Dec 09:00 → 3 Mar 09:00 = 63 days.
		{"watch only", []journal.Position{watch}, 63},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th := ocThesis("days", "1000", "USD", tc.ps...)
			if got := journal.Evaluate(th, ocUSD, journal.Market{}, ocNow).DaysHeld; got != tc.want {
				t.Errorf("days held = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	krw := journal.Settings{BaseCurrency: "KRW", TotalLossBudget: journal.MustMoney("10000000", "KRW")}
	fx := map[string]decimal.Decimal{"USD": ocDec("1400")}
	prices := ocPrices(ocPrice("NVDA", "120.00", "USD"), ocPrice("005930.KS", "53000", "KRW"), ocPrice("TSLA", "420", "USD"))
	review := func(th *journal.Thesis, d string) *journal.Thesis {
		th.ReviewBy, _ = journal.ParseDate(d)
		return th
	}
	status := func(th *journal.Thesis, s journal.Status) *journal.Thesis {
		th.Status = s
		return th
	}
	// t1: −179,390.85 KRW (as in TestEvaluate), return −0.0964782902, budget 3,000,000.
	t1 := review(ocThesis("t1", "3000000", "KRW", ocPos("NVDA", journal.SideLong, "10", "128.99", "USD", "1441.5")), "2025-03-01")
	// t2: 10 × (53,000 − 50,000) = +30,000 KRW on 500,000: 0.06; budget 1,000 USD = 1,400,000 KRW.
	t2 := review(ocThesis("t2", "1000", "USD", ocPos("005930.KS", journal.SideLong, "10", "50000", "KRW", "1")), "2025-03-03")
	// t3: short −340,000 KRW, return −0.1307692308, budget 1,000,000; review tomorrow.
	t3 := review(ocThesis("t3", "1000000", "KRW", ocPos("TSLA", journal.SideShort, "5", "400", "USD", "1300")), "2025-03-04")
	// t4: played out, closed at 1,400: 10 × (130 × 1400 − 100 × 1300) = +520,000 KRW on
	// 1,300,000: 0.4; its budget and overdue review do not count.
	t4 := status(review(ocThesis("t4", "2000000", "KRW",
		ocClosedFX(ocPos("NVDA", journal.SideLong, "10", "100", "USD", "1300"), "130", "1400", ocEntered.AddDate(0, 0, 30))), "2025-02-01"),
		journal.StatusPlayedOut)
	// t5: wrong, no positions.
	t5 := status(ocThesis("t5", "500000", "KRW"), journal.StatusWrong)
	// t6: open, no price for VRT.
	t6 := ocThesis("t6", "600000", "KRW", ocPos("VRT", journal.SideLong, "10", "100", "USD", "1300"))

	tests := []struct {
		name           string
		theses         []*journal.Thesis
		settings       journal.Settings
		count          int
		byStatus       map[journal.Status]int
		committed      string
		committedRatio string
		lost           string
		lostRatio      string
		incomplete     []string
		due            []string
		ranked         []string
		missing        []string
	}{
		{
			// Committed 3,000,000 + 1,400,000 + 1,000,000 = 5,400,000 of 10,000,000: 0.54.
			// Lost 179,390.85 + 340,000 = 519,390.85 of 10,000,000: 0.051939085.
			// Ranked 0.4 (t4), 0.06 (t2), −0.0965 (t1), −0.1308 (t3).
			name:      "journal",
			theses:    []*journal.Thesis{t1, t2, t3, t4, t5},
			settings:  krw,
			count:     5,
			byStatus:  map[journal.Status]int{journal.StatusOpen: 3, journal.StatusPlayedOut: 1, journal.StatusWrong: 1},
			committed: "5400000 KRW", committedRatio: "0.54",
			lost: "519390.85 KRW", lostRatio: "0.051939085",
			due:    []string{"t1", "t2"},
			ranked: []string{"t4", "t2", "t1", "t3"},
		},
		{
			// t6 has no price: its budget still counts (6,000,000: 0.6), the loss does not.
			name:      "an open thesis without a price",
			theses:    []*journal.Thesis{t6, t1, t2, t3},
			settings:  krw,
			count:     4,
			byStatus:  map[journal.Status]int{journal.StatusOpen: 4},
			committed: "6000000 KRW", committedRatio: "0.6",
			incomplete: []string{"t6"},
			due:        []string{"t1", "t2"},
			ranked:     []string{"t2", "t1", "t3"},
			missing:    []string{"VRT"},
		},
		{
			// No total budget set: committed and lost stand, their ratios do not.
			name:      "no total budget",
			theses:    []*journal.Thesis{t1},
			settings:  ocKRW,
			count:     1,
			byStatus:  map[journal.Status]int{journal.StatusOpen: 1},
			committed: "3000000 KRW", lost: "179390.85 KRW",
			due: []string{"t1"}, ranked: []string{"t1"},
		},
		{
			name:      "empty journal",
			settings:  krw,
			byStatus:  map[journal.Status]int{},
			committed: "0 KRW", committedRatio: "0", lost: "0 KRW", lostRatio: "0",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := journal.Summarize(tc.theses, tc.settings, journal.Market{Prices: prices, FX: fx}, ocNow)
			if s.Count != tc.count || len(s.Outcomes) != tc.count {
				t.Errorf("count = %d with %d outcomes, want %d", s.Count, len(s.Outcomes), tc.count)
			}
			if len(s.ByStatus) != len(tc.byStatus) {
				t.Errorf("by status = %v, want %v", s.ByStatus, tc.byStatus)
			}
			for k, v := range tc.byStatus {
				if s.ByStatus[k] != v {
					t.Errorf("by status = %v, want %v", s.ByStatus, tc.byStatus)
				}
			}
			ocCheckMoney(t, "committed", s.Committed, tc.committed)
			ocCheckRatio(t, "committed ratio", s.CommittedRatio, tc.committedRatio)
			ocCheckMoney(t, "lost", s.Lost, tc.lost)
			ocCheckRatio(t, "lost ratio", s.LostRatio, tc.lostRatio)
			ocCheckList(t, "incomplete", s.Incomplete, tc.incomplete)
			ocCheckList(t, "missing", s.Missing, tc.missing)
			var due, ranked []string
			for _, th := range s.Due {
				due = append(due, th.ID)
			}
			for _, r := range s.ByReturn {
				ranked = append(ranked, r.ID)
			}
			ocCheckList(t, "due", due, tc.due)
			ocCheckList(t, "ranked", ranked, tc.ranked)
			if len(tc.ranked) == 0 {
				if s.Best != nil || s.Worst != nil {
					t.Errorf("best, worst = %v, %v; want none", s.Best, s.Worst)
				}
				return
			}
			if s.Best == nil || s.Best.ID != tc.ranked[0] || s.Worst == nil || s.Worst.ID != tc.ranked[len(tc.ranked)-1] {
				t.Errorf("best, worst = %+v, %+v; want %s, %s", s.Best, s.Worst, tc.ranked[0], tc.ranked[len(tc.ranked)-1])
			}
		})
	}
}

func TestSummarizeBestWorstFigures(t *testing.T) {
	krw := journal.Settings{BaseCurrency: "KRW"}
	m := journal.Market{
		Prices: ocPrices(ocPrice("NVDA", "120.00", "USD"), ocPrice("TSLA", "420", "USD")),
		FX:     map[string]decimal.Decimal{"USD": ocDec("1400")},
	}
	s := journal.Summarize([]*journal.Thesis{
		ocThesis("t3", "1000000", "KRW", ocPos("TSLA", journal.SideShort, "5", "400", "USD", "1300")),
		ocThesis("t1", "3000000", "KRW", ocPos("NVDA", journal.SideLong, "10", "128.99", "USD", "1441.5")),
	}, krw, m, ocNow)
	if s.Best == nil || s.Worst == nil {
		t.Fatal("no best or worst")
	}
	// Best t1: −179,390.85 KRW, −0.0964782902, 179,390.85 / 3,000,000 used.
	ocCheckMoney(t, "best pnl", &s.Best.PnLBase, "-179390.85 KRW")
	ocCheckRatio(t, "best return", &s.Best.Return, "-0.0964782902")
	ocCheckRatio(t, "best used", s.Best.LossUsed, "0.05979695")
	// Worst t3: −340,000 KRW, −0.1307692308, 340,000 / 1,000,000 used.
	ocCheckMoney(t, "worst pnl", &s.Worst.PnLBase, "-340000 KRW")
	ocCheckRatio(t, "worst return", &s.Worst.Return, "-0.1307692308")
	ocCheckRatio(t, "worst used", s.Worst.LossUsed, "0.34")
}

// TestSummarizeLostByPeriod counts the losses taken on closed theses with the open
// theses' losses, this calendar year (by when each thesis was closed, in now's location)
// and all time.
func TestSummarizeLostByPeriod(t *testing.T) {
	seoul := time.FixedZone("KST", 9*60*60)
	usdOnly := journal.Settings{BaseCurrency: "USD"}
	m := journal.Market{Prices: ocPrices(ocPrice("A", "90", "USD"), ocPrice("B", "110", "USD"), ocPrice("I", "90", "USD"))}
	pos := func(sym string) journal.Position {
		return ocAt(ocPos(sym, journal.SideLong, "10", "100", "USD", "1"), time.Date(2024, 1, 2, 15, 0, 0, 0, time.UTC))
	}
	thesis := func(id string, s journal.Status, ps ...journal.Position) *journal.Thesis {
		th := ocThesis(id, "", "", ps...)
		th.Status = s
		return th
	}
	reviewed := func(th *journal.Thesis, at time.Time) *journal.Thesis {
		th.Reviews = append(th.Reviews, journal.Review{At: at, Verdict: journal.VerdictWrong})
		return th
	}
	// Open: A is down $100, B up $100 (counts 0).
	a := thesis("a", journal.StatusOpen, pos("A"))
	b := thesis("b", journal.StatusOpen, pos("B"))
	// Closed this year: C lost $200; E gained. Closed in 2024: D lost $500.
	c := thesis("c", journal.StatusWrong, ocClosed(pos("C"), "80", ocDay(time.February, 1)))
	d := thesis("d", journal.StatusWrong, ocClosed(pos("D"), "50", time.Date(2024, 6, 1, 15, 0, 0, 0, time.UTC)))
	e := thesis("e", journal.StatusPlayedOut, ocClosed(pos("E"), "130", ocDay(time.February, 3)))
	// F lost $300 on the evening of Dec 31, 2024 in UTC: already Jan 1, 2025 in Seoul.
	f := thesis("f", journal.StatusMixed, ocClosed(pos("F"), "70", time.Date(2024, 12, 31, 20, 0, 0, 0, time.UTC)))
	// G was closed with nothing at risk.
	g := thesis("g", journal.StatusClosed)
	// H was judged wrong in 2024 while still held, and has no price now.
	h := reviewed(thesis("h", journal.StatusWrong, pos("H")), time.Date(2024, 11, 5, 9, 0, 0, 0, time.UTC))
	// I was judged wrong this year while still held: valued at today's $90, down $100.
	i := reviewed(thesis("i", journal.StatusWrong, pos("I")), ocDay(time.February, 10))
	// An open thesis with no price.
	x := thesis("x", journal.StatusOpen, pos("X"))

	tests := []struct {
		name                  string
		theses                []*journal.Thesis
		now                   time.Time
		lost, thisYear, ever  string
		incomplete, incClosed []string
	}{
		{"open only", []*journal.Thesis{a, b}, ocNow, "100 USD", "100 USD", "100 USD", nil, nil},
		{"closed this year and before", []*journal.Thesis{a, b, c, d, e, g}, ocNow, "100 USD", "300 USD", "800 USD", nil, nil},
		{"year of the close in UTC", []*journal.Thesis{a, f}, ocNow, "100 USD", "100 USD", "400 USD", nil, nil},
		{"year of the close in Seoul", []*journal.Thesis{a, f}, ocNow.In(seoul), "100 USD", "400 USD", "400 USD", nil, nil},
		{"closed while held, valued now", []*journal.Thesis{i}, ocNow, "0 USD", "100 USD", "100 USD", nil, nil},
		{"closed last year without a price", []*journal.Thesis{a, c, h}, ocNow, "100 USD", "300 USD", "", nil, []string{"h"}},
		{"open without a price", []*journal.Thesis{a, c, x}, ocNow, "", "", "", []string{"x"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sum := journal.Summarize(tc.theses, usdOnly, m, tc.now)
			ocCheckMoney(t, "lost", sum.Lost, tc.lost)
			ocCheckMoney(t, "lost this year", sum.LostThisYear, tc.thisYear)
			ocCheckMoney(t, "lost all time", sum.LostAllTime, tc.ever)
			if !slices.Equal(sum.Incomplete, tc.incomplete) || !slices.Equal(sum.IncompleteClosed, tc.incClosed) {
				t.Errorf("incomplete %v and %v, want %v and %v", sum.Incomplete, sum.IncompleteClosed, tc.incomplete, tc.incClosed)
			}
		})
	}
}
