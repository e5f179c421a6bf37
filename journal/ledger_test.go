package journal_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

// The figures below are computed by hand; each case writes its arithmetic out. Money is
// written "amount CUR" and compared exactly.

// lgAt returns 15:00 UTC (US trading hours) on the given day.
func lgAt(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 15, 0, 0, 0, time.UTC) }

// lgBar returns a daily bar starting 14:30 UTC on the given day of 2025.
func lgBar(m time.Month, d int, close string) journal.Bar {
	return journal.Bar{Time: time.Date(2025, m, d, 14, 30, 0, 0, time.UTC), Close: ocDec(close)}
}

// lgFill returns a fill; fx "" leaves the rate unknown, fees and taxes "" leave them unset
// and are written "amount CUR".
func lgFill(id string, at time.Time, action journal.Action, qty, price, cur, fx, fees, taxes string) journal.Fill {
	f := journal.Fill{
		ID: id, At: at, Action: action, Quantity: ocDec(qty),
		Price: journal.MustMoney(price, cur), Source: journal.FillManual,
	}
	if fx != "" {
		f.FXToBase = ocDec(fx)
	}
	f.Fees, f.Taxes = lgMoney(fees), lgMoney(taxes)
	return f
}

// lgMoney parses "12.5 USD"; "" is the zero Money.
func lgMoney(s string) journal.Money {
	if s == "" {
		return journal.Money{}
	}
	amount, cur, _ := strings.Cut(s, " ")
	return journal.MustMoney(amount, cur)
}

func lgBuy(id string, at time.Time, qty, price, cur, fx, fees string) journal.Fill {
	return lgFill(id, at, journal.ActionBuy, qty, price, cur, fx, fees, "")
}

func lgSell(id string, at time.Time, qty, price, cur, fx, fees string) journal.Fill {
	return lgFill(id, at, journal.ActionSell, qty, price, cur, fx, fees, "")
}

// lgDec compares a decimal with want ("" wants nil).
func lgDec(t *testing.T, field string, got *decimal.Decimal, want string) {
	t.Helper()
	switch {
	case want == "" && got != nil:
		t.Errorf("%s = %s, want unknown", field, got)
	case want == "":
	case got == nil:
		t.Errorf("%s unknown, want %s", field, want)
	case !got.Equal(ocDec(want)):
		t.Errorf("%s = %s, want %s", field, got, want)
	}
}

// The tranches every ledger case below starts from, in a KRW journal (a USD stock):
//
//	B1 6 Jan  buy 10 @ 100 USD, FX 1300, fee 1 USD: cost (1000 + 1) = 1001 USD,
//	          1001 × 1300 = 1,301,300 KRW
//	B2 3 Feb  buy 20 @ 110 USD, FX 1350: 2200 USD, 2,970,000 KRW
//	B3 3 Mar  buy 10 @  90 USD, FX 1400:  900 USD, 1,260,000 KRW
//
// Holding 40, cost 4101 USD = 5,531,300 KRW, average 4101 / 40 = 102.525 USD.
//
//	S1 1 Apr  sell 10 @ 120 USD, FX 1450, fee 2 USD: proceeds (1200 − 2) = 1198 USD,
//	          1198 × 1450 = 1,737,100 KRW
//	S2 1 May  sell 15 @ 100 USD, FX 1380: 1500 USD, 2,070,000 KRW
func lgTranches() []journal.Fill {
	return []journal.Fill{
		lgBuy("b1", lgAt(2025, 1, 6), "10", "100", "USD", "1300", "1 USD"),
		lgBuy("b2", lgAt(2025, 2, 3), "20", "110", "USD", "1350", ""),
		lgBuy("b3", lgAt(2025, 3, 3), "10", "90", "USD", "1400", ""),
		lgSell("s1", lgAt(2025, 4, 1), "10", "120", "USD", "1450", "2 USD"),
		lgSell("s2", lgAt(2025, 5, 1), "15", "100", "USD", "1380", ""),
	}
}

type lgWant struct {
	holding, avg             string // avg in the instrument's currency, "" for nothing held
	costHeld, invested       string // instrument currency
	realized, dividends, fee string // instrument currency
	costHeldBase, investedB  string // base; "" wants unknown
	realizedB, dividendsB    string
	feesB                    string
	err                      string // the LedgerError's text; the figures are not checked
	missingFX                string // the currencies missing, joined by ","; the instrument figures are not checked
}

func TestComputeLedger(t *testing.T) {
	nvdaSplit := journal.CorporateAction{
		ID: "NVDA:split:2024-06-10", Symbol: "NVDA", Kind: journal.ActionSplit, Ratio: "10:1",
		At: time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC), Source: "yahoo",
	}
	otherSplit := journal.CorporateAction{ // another symbol's split changes nothing
		ID: "AAPL:split:2024-06-10", Symbol: "AAPL", Kind: journal.ActionSplit, Ratio: "4:1",
		At: time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC), Source: "yahoo",
	}
	// KRW per unit, for fees and dividends in another currency: 1 USD = 1250 KRW, so
	// 1 KRW = 1 / 1250 = 0.0008 USD.
	rate := func(cur string, at time.Time) (decimal.Decimal, bool) {
		switch cur {
		case "KRW":
			return ocDec("0.0008"), true
		case "USD":
			return ocDec("1250"), true
		}
		return decimal.Decimal{}, false
	}
	tests := []struct {
		name   string
		p      journal.Position
		base   string
		method journal.CostMethod
		splits []journal.CorporateAction
		rate   journal.RateFunc
		want   lgWant
	}{
		{
			// Three tranches only: holding 40, cost 4101 USD = 5,531,300 KRW,
			// average 102.525 USD; fees 1 USD = 1300 KRW.
			name: "tranches at three prices and rates",
			p:    journal.Position{Symbol: "NVDA", Side: journal.SideLong, Fills: lgTranches()[:3]},
			base: "KRW",
			want: lgWant{
				holding: "40", avg: "102.525", costHeld: "4101", invested: "4101", realized: "0", dividends: "0", fee: "1",
				costHeldBase: "5531300", investedB: "5531300", realizedB: "0", dividendsB: "0", feesB: "1300",
			},
		},
		{
			// Moving average. S1 takes out 4101 × 10/40 = 1025.25 USD and
			// 5,531,300 × 10/40 = 1,382,825 KRW: realized 1198 − 1025.25 = 172.75 USD,
			// 1,737,100 − 1,382,825 = 354,275 KRW; left 30 holding 3075.75 USD, 4,148,475 KRW.
			// S2 takes out 3075.75 × 15/30 = 1537.875 USD and 4,148,475 × 15/30 =
			// 2,074,237.5 KRW: realized 1500 − 1537.875 = −37.875 USD, 2,070,000 −
			// 2,074,237.5 = −4,237.5 KRW. Totals 134.875 USD, 350,037.5 KRW; left 15 at
			// 1537.875 USD (average still 102.525), 2,074,237.5 KRW. Fees 1 + 2 = 3 USD,
			// 1300 + 2 × 1450 = 4200 KRW.
			name: "partial sells, moving average",
			p:    journal.Position{Symbol: "NVDA", Side: journal.SideLong, Fills: lgTranches()},
			base: "KRW",
			want: lgWant{
				holding: "15", avg: "102.525", costHeld: "1537.875", invested: "4101", realized: "134.875", dividends: "0", fee: "3",
				costHeldBase: "2074237.5", investedB: "5531300", realizedB: "350037.5", dividendsB: "0", feesB: "4200",
			},
		},
		{
			// FIFO. S1 takes B1 whole, 1001 USD / 1,301,300 KRW: realized 1198 − 1001 =
			// 197 USD, 1,737,100 − 1,301,300 = 435,800 KRW. S2 takes 15 of B2's 20:
			// 2200 × 15/20 = 1650 USD, 2,970,000 × 15/20 = 2,227,500 KRW: realized 1500 −
			// 1650 = −150 USD, 2,070,000 − 2,227,500 = −157,500 KRW. Totals 47 USD and
			// 278,300 KRW, not the average's 134.875 and 350,037.5. Left: 5 of B2 (550 USD,
			// 742,500 KRW) and B3 (900 USD, 1,260,000 KRW): 1450 USD, 2,002,500 KRW,
			// average 1450 / 15 = 96.6666666666666667 (sixteen decimals of division).
			name:   "partial sells, FIFO",
			p:      journal.Position{Symbol: "NVDA", Side: journal.SideLong, Fills: lgTranches()},
			base:   "KRW",
			method: journal.CostFIFO,
			want: lgWant{
				holding: "15", avg: "96.6666666666666667", costHeld: "1450", invested: "4101", realized: "47", dividends: "0", fee: "3",
				costHeldBase: "2002500", investedB: "5531300", realizedB: "278300", dividendsB: "0", feesB: "4200",
			},
		},
		{
			// FIFO with the fills listed out of time order: the math orders them by time,
			// so the result is the FIFO case's.
			name: "FIFO orders the fills by time",
			p: journal.Position{Symbol: "NVDA", Side: journal.SideLong, Fills: func() []journal.Fill {
				f := lgTranches()
				return []journal.Fill{f[4], f[2], f[0], f[3], f[1]}
			}()},
			base:   "KRW",
			method: journal.CostFIFO,
			want: lgWant{
				holding: "15", avg: "96.6666666666666667", costHeld: "1450", invested: "4101", realized: "47", dividends: "0", fee: "3",
				costHeldBase: "2002500", investedB: "5531300", realizedB: "278300", dividendsB: "0", feesB: "4200",
			},
		},
		{
			// A short in a USD journal. Sell 10 @ 400, fee 5: proceeds held 4000 − 5 =
			// 3995. Cover 4 @ 350, fee 2: takes out 3995 × 4/10 = 1598 and pays
			// 1400 + 2 = 1402: realized 196. Left short 6 holding 2397, average 399.5.
			name: "short and a partial cover with fees",
			p: journal.Position{Symbol: "TSLA", Side: journal.SideShort, Fills: []journal.Fill{
				lgSell("o", lgAt(2025, 1, 6), "10", "400", "USD", "", "5 USD"),
				lgBuy("c", lgAt(2025, 2, 3), "4", "350", "USD", "", "2 USD"),
			}},
			base: "USD",
			want: lgWant{
				holding: "6", avg: "399.5", costHeld: "2397", invested: "3995", realized: "196", dividends: "0", fee: "7",
				costHeldBase: "2397", investedB: "3995", realizedB: "196", dividendsB: "0", feesB: "7",
			},
		},
		{
			// Covered in full: the 2397 still held comes out against 6 × 380 + 1 = 2281:
			// realized 196 + 116 = 312 (cash 3995 − 1402 − 2281 = 312); nothing held.
			name: "short covered in full",
			p: journal.Position{Symbol: "TSLA", Side: journal.SideShort, Fills: []journal.Fill{
				lgSell("o", lgAt(2025, 1, 6), "10", "400", "USD", "", "5 USD"),
				lgBuy("c", lgAt(2025, 2, 3), "4", "350", "USD", "", "2 USD"),
				lgBuy("c2", lgAt(2025, 3, 3), "6", "380", "USD", "", "1 USD"),
			}},
			base: "USD",
			want: lgWant{
				holding: "0", costHeld: "0", invested: "3995", realized: "312", dividends: "0", fee: "8",
				costHeldBase: "0", investedB: "3995", realizedB: "312", dividendsB: "0", feesB: "8",
			},
		},
		{
			// A USD stock with a KRW fee in a USD journal; the KRW rate comes from the
			// RateFunc: 14,000 × 0.0008 = 11.2 USD. Cost 1000 + 11.2 = 1011.2 USD.
			name: "fee in another currency, USD base",
			p: journal.Position{Symbol: "AAPL", Side: journal.SideLong, Fills: []journal.Fill{
				lgBuy("b", lgAt(2025, 1, 6), "10", "100", "USD", "", "14000 KRW"),
			}},
			base: "USD",
			rate: rate,
			want: lgWant{
				holding: "10", avg: "101.12", costHeld: "1011.2", invested: "1011.2", realized: "0", dividends: "0", fee: "11.2",
				costHeldBase: "1011.2", investedB: "1011.2", realizedB: "0", dividendsB: "0", feesB: "11.2",
			},
		},
		{
			// The same fill in a KRW journal at the fill's 1250: 10 × 100 × 1250 + 14,000 =
			// 1,264,000 KRW; in USD the fee is 14,000 / 1250 = 11.2.
			name: "fee in the base currency, foreign price",
			p: journal.Position{Symbol: "AAPL", Side: journal.SideLong, Fills: []journal.Fill{
				lgBuy("b", lgAt(2025, 1, 6), "10", "100", "USD", "1250", "14000 KRW"),
			}},
			base: "KRW",
			want: lgWant{
				holding: "10", avg: "101.12", costHeld: "1011.2", invested: "1011.2", realized: "0", dividends: "0", fee: "11.2",
				costHeldBase: "1264000", investedB: "1264000", realizedB: "0", dividendsB: "0", feesB: "14000",
			},
		},
		{
			// A KRW fee with no KRW rate known: every base figure is unknown and KRW is
			// listed as missing (the USD figures are not checked: the fee cannot be
			// counted in them either).
			name: "fee in another currency without a rate",
			p: journal.Position{Symbol: "AAPL", Side: journal.SideLong, Fills: []journal.Fill{
				lgBuy("b", lgAt(2025, 1, 6), "10", "100", "USD", "", "14000 KRW"),
			}},
			base: "USD",
			want: lgWant{holding: "10", missingFX: "KRW"},
		},
		{
			// Dividend of 2.50 USD on 10 shares with 15 % withheld, 0.375 USD, at 1450:
			// (2.50 − 0.375) = 2.125 USD, × 1450 = 3081.25 KRW.
			name: "dividend amount with 15 % withheld",
			p: journal.Position{Symbol: "AAPL", Side: journal.SideLong,
				Fills: []journal.Fill{lgBuy("b", lgAt(2025, 1, 6), "10", "200", "USD", "1400", "")},
				Dividends: []journal.Dividend{{ID: "d", At: lgAt(2025, 2, 13), Amount: lgMoney("2.50 USD"),
					Withheld: lgMoney("0.375 USD"), FXToBase: ocDec("1450"), Source: journal.FillManual}}},
			base: "KRW",
			want: lgWant{
				holding: "10", avg: "200", costHeld: "2000", invested: "2000", realized: "0", dividends: "2.125", fee: "0",
				costHeldBase: "2800000", investedB: "2800000", realizedB: "0", dividendsB: "3081.25", feesB: "0",
			},
		},
		{
			// The same dividend per share: 0.25 × 10 held = 2.50 USD, as above.
			name: "dividend per share with 15 % withheld",
			p: journal.Position{Symbol: "AAPL", Side: journal.SideLong,
				Fills: []journal.Fill{lgBuy("b", lgAt(2025, 1, 6), "10", "200", "USD", "1400", "")},
				Dividends: []journal.Dividend{{ID: "d", At: lgAt(2025, 2, 13), PerShare: lgMoney("0.25 USD"),
					Withheld: lgMoney("0.375 USD"), FXToBase: ocDec("1450"), Source: journal.FillManual}}},
			base: "KRW",
			want: lgWant{
				holding: "10", avg: "200", costHeld: "2000", invested: "2000", realized: "0", dividends: "2.125", fee: "0",
				costHeldBase: "2800000", investedB: "2800000", realizedB: "0", dividendsB: "3081.25", feesB: "0",
			},
		},
		{
			// A KRW dividend on a USD stock in a USD journal, withheld 15 % in KRW, rates
			// from the RateFunc: (12,500 − 1,875) × 0.0008 = 8.5 USD.
			name: "dividend in another currency",
			p: journal.Position{Symbol: "AAPL", Side: journal.SideLong,
				Fills: []journal.Fill{lgBuy("b", lgAt(2025, 1, 6), "10", "200", "USD", "", "")},
				Dividends: []journal.Dividend{{ID: "d", At: lgAt(2025, 2, 13), Amount: lgMoney("12500 KRW"),
					Withheld: lgMoney("1875 KRW"), Source: journal.FillManual}}},
			base: "USD",
			rate: rate,
			want: lgWant{
				holding: "10", avg: "200", costHeld: "2000", invested: "2000", realized: "0", dividends: "8.5", fee: "0",
				costHeldBase: "2000", investedB: "2000", realizedB: "0", dividendsB: "8.5", feesB: "0",
			},
		},
		{
			// NVDA 10:1 on 10 June 2024 between two buys. 5 @ 900 on 1 May are 50 of
			// today's shares at 90, cost 4500; 50 @ 120 on 1 July cost 6000. Holding 100,
			// cost 10,500, average 105 in today's units. A per-share dividend of 0.01 on
			// 1 Aug is paid on the 100 shares of its day: 1.00. Another symbol's split
			// changes nothing.
			name: "10:1 split between two buys",
			p: journal.Position{Symbol: "NVDA", Side: journal.SideLong, Fills: []journal.Fill{
				lgBuy("pre", lgAt(2024, 5, 1), "5", "900", "USD", "", ""),
				lgBuy("post", lgAt(2024, 7, 1), "50", "120", "USD", "", ""),
			}, Dividends: []journal.Dividend{{ID: "d", At: lgAt(2024, 8, 1), PerShare: lgMoney("0.01 USD"), Source: journal.FillManual}}},
			base:   "USD",
			splits: []journal.CorporateAction{otherSplit, nvdaSplit},
			want: lgWant{
				holding: "100", avg: "105", costHeld: "10500", invested: "10500", realized: "0", dividends: "1", fee: "0",
				costHeldBase: "10500", investedB: "10500", realizedB: "0", dividendsB: "1", feesB: "0",
			},
		},
		{
			// A per-share dividend before the split is paid on that day's 5 shares:
			// 0.10 × 5 = 0.50, though 50 of today's shares are held.
			name: "per-share dividend before a split",
			p: journal.Position{Symbol: "NVDA", Side: journal.SideLong, Fills: []journal.Fill{
				lgBuy("pre", lgAt(2024, 5, 1), "5", "900", "USD", "", ""),
			}, Dividends: []journal.Dividend{{ID: "d", At: lgAt(2024, 6, 1), PerShare: lgMoney("0.10 USD"), Source: journal.FillManual}}},
			base:   "USD",
			splits: []journal.CorporateAction{nvdaSplit},
			want: lgWant{
				holding: "50", avg: "90", costHeld: "4500", invested: "4500", realized: "0", dividends: "0.5", fee: "0",
				costHeldBase: "4500", investedB: "4500", realizedB: "0", dividendsB: "0.5", feesB: "0",
			},
		},
		{
			// After the split, selling 60 of 100: 10,500 × 60/100 = 6300 out against
			// 60 × 125 = 7500: realized 1200; left 40 at 4200, average 105.
			name: "sell after a split",
			p: journal.Position{Symbol: "NVDA", Side: journal.SideLong, Fills: []journal.Fill{
				lgBuy("pre", lgAt(2024, 5, 1), "5", "900", "USD", "", ""),
				lgBuy("post", lgAt(2024, 7, 1), "50", "120", "USD", "", ""),
				lgSell("s", lgAt(2024, 8, 1), "60", "125", "USD", "", ""),
			}},
			base:   "USD",
			splits: []journal.CorporateAction{nvdaSplit},
			want: lgWant{
				holding: "40", avg: "105", costHeld: "4200", invested: "10500", realized: "1200", dividends: "0", fee: "0",
				costHeldBase: "4200", investedB: "10500", realizedB: "1200", dividendsB: "0", feesB: "0",
			},
		},
		{
			// Before the split only 5 are held; selling 6 on 15 May is an error in that
			// day's shares.
			name: "sell more than held before a split",
			p: journal.Position{Symbol: "NVDA", Side: journal.SideLong, Fills: []journal.Fill{
				lgBuy("pre", lgAt(2024, 5, 1), "5", "900", "USD", "", ""),
				lgSell("s", lgAt(2024, 5, 15), "6", "950", "USD", "", ""),
			}},
			base:   "USD",
			splits: []journal.CorporateAction{nvdaSplit},
			want:   lgWant{err: "fills[1]: sells 6 on 2024-05-15 but only 5 are held then"},
		},
		{
			// Covering more than is short is the same error.
			name: "cover more than short",
			p: journal.Position{Symbol: "TSLA", Side: journal.SideShort, Fills: []journal.Fill{
				lgSell("o", lgAt(2025, 1, 6), "10", "400", "USD", "", ""),
				lgBuy("c", lgAt(2025, 2, 3), "11", "350", "USD", "", ""),
			}},
			base: "USD",
			want: lgWant{err: "fills[1]: covers 11 on 2025-02-03 but only 10 are held then"},
		},
		{
			// A sell dated before the first buy (listed after it) sells from nothing.
			name: "sell before the first buy",
			p: journal.Position{Symbol: "NVDA", Side: journal.SideLong, Fills: []journal.Fill{
				lgBuy("b", lgAt(2025, 2, 3), "10", "100", "USD", "", ""),
				lgSell("s", lgAt(2025, 1, 6), "3", "100", "USD", "", ""),
			}},
			base: "USD",
			want: lgWant{err: "fills[1]: sells 3 on 2025-01-06 but only 0 are held then"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := journal.ComputeLedger(tc.p, tc.base, tc.method, tc.splits, tc.rate)
			w := tc.want
			if w.err != "" {
				var le *journal.LedgerError
				if !errors.As(err, &le) || err.Error() != w.err {
					t.Fatalf("err = %v, want %s", err, w.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(l.MissingFX, ","); got != w.missingFX {
				t.Errorf("missing fx = %q, want %q", got, w.missingFX)
			}
			lgDec(t, "cost held base", l.CostHeldBase, w.costHeldBase)
			lgDec(t, "invested base", l.InvestedBase, w.investedB)
			lgDec(t, "realized base", l.RealizedBase, w.realizedB)
			lgDec(t, "dividends base", l.DividendsBase, w.dividendsB)
			lgDec(t, "fees base", l.FeesBase, w.feesB)
			if !l.Holding.Equal(ocDec(w.holding)) {
				t.Errorf("holding = %s, want %s", l.Holding, w.holding)
			}
			if w.missingFX != "" {
				return
			}
			for _, c := range []struct {
				field string
				got   decimal.Decimal
				want  string
			}{
				{"cost held", l.CostHeld, w.costHeld},
				{"invested", l.Invested, w.invested}, {"realized", l.Realized, w.realized},
				{"dividends", l.Dividends, w.dividends}, {"fees", l.Fees, w.fee},
			} {
				if !c.got.Equal(ocDec(c.want)) {
					t.Errorf("%s = %s, want %s", c.field, c.got, c.want)
				}
			}
			avg := w.avg
			if avg == "" {
				avg = "0"
			}
			if !l.AverageCost.Equal(ocDec(avg)) {
				t.Errorf("average cost = %s, want %s", l.AverageCost, avg)
			}
		})
	}
}

// lgPosWant is what Evaluate should say of one position; "" wants unknown.
type lgPosWant struct {
	holding, avg                               string
	realized, unrealized, dividends, fees, pnl string // base
	cost                                       string // base, what the opening fills cost
}

func lgCheckPosition(t *testing.T, po journal.PositionOutcome, w lgPosWant) {
	t.Helper()
	if po.Err != nil {
		t.Fatalf("position %s: %v", po.Symbol, po.Err)
	}
	if !po.Holding.Equal(ocDec(w.holding)) {
		t.Errorf("holding = %s, want %s", po.Holding, w.holding)
	}
	if w.avg == "" {
		if !po.AverageCost.IsZero() {
			t.Errorf("average cost = %s, want none", po.AverageCost)
		}
	} else {
		ocCheckMoney(t, "average cost", &po.AverageCost, w.avg)
	}
	ocCheckMoney(t, "realized base", po.RealizedBase, w.realized)
	ocCheckMoney(t, "unrealized base", po.UnrealizedBase, w.unrealized)
	ocCheckMoney(t, "dividends base", po.DividendsBase, w.dividends)
	ocCheckMoney(t, "fees base", po.FeesBase, w.fees)
	ocCheckMoney(t, "cost base", po.CostBase, w.cost)
	ocCheckMoney(t, "pnl base", po.PnLBase, w.pnl)
}

func TestEvaluateLedger(t *testing.T) {
	now := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	price := func(sym, p, cur string) map[string]journal.Price {
		return map[string]journal.Price{sym: {Symbol: sym, Price: journal.MustMoney(p, cur), At: now, Source: journal.SourceYahoo}}
	}
	nvdaSplit := journal.CorporateAction{
		ID: "NVDA:split:2024-06-10", Symbol: "NVDA", Kind: journal.ActionSplit, Ratio: "10:1",
		At: time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC), Source: "yahoo",
	}
	tests := []struct {
		name     string
		p        journal.Position
		settings journal.Settings
		market   journal.Market
		budget   string // KRW or USD, as the base
		want     lgPosWant
		total    string // PnLBase
		lossUsed string
	}{
		{
			// The moving-average case of TestComputeLedger valued at 105 USD, FX now 1400:
			// unrealized 15 × 105 × 1400 − 2,074,237.5 = 2,205,000 − 2,074,237.5 =
			// 130,762.5; P&L 350,037.5 + 130,762.5 = 480,800 KRW. A gain uses none of the
			// budget.
			name:     "tranches and partial sells, moving average",
			p:        journal.Position{Symbol: "NVDA", Side: journal.SideLong, Fills: lgTranches()},
			settings: journal.Settings{BaseCurrency: "KRW"},
			market:   journal.Market{Prices: price("NVDA", "105", "USD"), FX: map[string]decimal.Decimal{"USD": ocDec("1400")}},
			budget:   "1000000",
			want: lgPosWant{holding: "15", avg: "102.525 USD", realized: "350037.5 KRW", unrealized: "130762.5 KRW",
				dividends: "0 KRW", fees: "4200 KRW", cost: "5531300 KRW", pnl: "480800 KRW"},
			total: "480800 KRW", lossUsed: "0",
		},
		{
			// FIFO: unrealized 2,205,000 − 2,002,500 = 202,500; P&L 278,300 + 202,500 =
			// 480,800 KRW: the same total, split differently between realized and
			// unrealized.
			name:     "tranches and partial sells, FIFO",
			p:        journal.Position{Symbol: "NVDA", Side: journal.SideLong, Fills: lgTranches()},
			settings: journal.Settings{BaseCurrency: "KRW", CostMethod: journal.CostFIFO},
			market:   journal.Market{Prices: price("NVDA", "105", "USD"), FX: map[string]decimal.Decimal{"USD": ocDec("1400")}},
			budget:   "1000000",
			want: lgPosWant{holding: "15", avg: "96.6666666666666667 USD", realized: "278300 KRW", unrealized: "202500 KRW",
				dividends: "0 KRW", fees: "4200 KRW", cost: "5531300 KRW", pnl: "480800 KRW"},
			total: "480800 KRW", lossUsed: "0",
		},
		{
			// Short 6 left at 2397 proceeds held, valued at 380: −(6 × 380 − 2397) =
			// −(2280 − 2397) = 117; P&L 196 + 117 = 313 USD (net cash 3995 − 1402 = 2593
			// against 6 × 380 = 2280 owed).
			name: "short and its cover with fees",
			p: journal.Position{Symbol: "TSLA", Side: journal.SideShort, Fills: []journal.Fill{
				lgSell("o", lgAt(2025, 1, 6), "10", "400", "USD", "", "5 USD"),
				lgBuy("c", lgAt(2025, 2, 3), "4", "350", "USD", "", "2 USD"),
			}},
			settings: journal.Settings{BaseCurrency: "USD"},
			market:   journal.Market{Prices: price("TSLA", "380", "USD")},
			budget:   "1000",
			want: lgPosWant{holding: "6", avg: "399.5 USD", realized: "196 USD", unrealized: "117 USD",
				dividends: "0 USD", fees: "7 USD", cost: "3995 USD", pnl: "313 USD"},
			total: "313 USD", lossUsed: "0",
		},
		{
			// A KRW fee on a USD stock in a USD journal, the KRW rate from the USDKRW=X
			// bar of the fill's day (1250, so 1 KRW = 0.0008 USD): 14,000 × 0.0008 =
			// 11.2; cost 1011.2. At 90: 900 − 1011.2 = −111.2; 111.2 / 500 = 0.2224 of
			// the budget.
			name: "fee in another currency, rate from FX pair bars",
			p: journal.Position{Symbol: "AAPL", Side: journal.SideLong, Fills: []journal.Fill{
				lgBuy("b", lgAt(2025, 1, 6), "10", "100", "USD", "", "14000 KRW"),
			}},
			settings: journal.Settings{BaseCurrency: "USD"},
			market: journal.Market{Prices: price("AAPL", "90", "USD"), Bars: map[string][]journal.Bar{
				"USDKRW=X": {lgBar(1, 3, "1300"), lgBar(1, 6, "1250"), lgBar(1, 7, "1500")},
			}},
			budget: "500",
			want: lgPosWant{holding: "10", avg: "101.12 USD", realized: "0 USD", unrealized: "-111.2 USD",
				dividends: "0 USD", fees: "11.2 USD", cost: "1011.2 USD", pnl: "-111.2 USD"},
			total: "-111.2 USD", lossUsed: "0.2224",
		},
		{
			// The buy's rate unset, taken from the USDKRW=X bar of its day, 1420:
			// 10 × 200 × 1420 = 2,840,000 KRW. The dividend 2.50 − 0.375 withheld =
			// 2.125 USD at its own 1450 = 3081.25 KRW. At 210 and FX now 1450:
			// 10 × 210 × 1450 − 2,840,000 = 3,045,000 − 2,840,000 = 205,000; P&L
			// 205,000 + 3081.25 = 208,081.25 KRW.
			name: "dividend with 15 % withheld, buy rate from the day's bar",
			p: journal.Position{Symbol: "AAPL", Side: journal.SideLong,
				Fills: []journal.Fill{lgBuy("b", lgAt(2025, 1, 6), "10", "200", "USD", "", "")},
				Dividends: []journal.Dividend{{ID: "d", At: lgAt(2025, 2, 13), PerShare: lgMoney("0.25 USD"),
					Withheld: lgMoney("0.375 USD"), FXToBase: ocDec("1450"), Source: journal.FillManual}}},
			settings: journal.Settings{BaseCurrency: "KRW"},
			market: journal.Market{Prices: price("AAPL", "210", "USD"), FX: map[string]decimal.Decimal{"USD": ocDec("1450")},
				Bars: map[string][]journal.Bar{"USDKRW=X": {lgBar(1, 2, "1400"), lgBar(1, 6, "1420")}}},
			budget: "1000000",
			want: lgPosWant{holding: "10", avg: "200 USD", realized: "0 KRW", unrealized: "205000 KRW",
				dividends: "3081.25 KRW", fees: "0 KRW", cost: "2840000 KRW", pnl: "208081.25 KRW"},
			total: "208081.25 KRW", lossUsed: "0",
		},
		{
			// The 10:1 split from Market.Splits: holding 100 at 105. At a post-split 98:
			// 9800 − 10,500 = −700 USD; 700 / 1000 = 0.7.
			name: "10:1 split between two buys",
			p: journal.Position{Symbol: "NVDA", Side: journal.SideLong, Fills: []journal.Fill{
				lgBuy("pre", lgAt(2024, 5, 1), "5", "900", "USD", "", ""),
				lgBuy("post", lgAt(2024, 7, 1), "50", "120", "USD", "", ""),
			}},
			settings: journal.Settings{BaseCurrency: "USD"},
			market: journal.Market{Prices: price("NVDA", "98", "USD"),
				Splits: map[string][]journal.CorporateAction{"NVDA": {nvdaSplit}}},
			budget: "1000",
			want: lgPosWant{holding: "100", avg: "105 USD", realized: "0 USD", unrealized: "-700 USD",
				dividends: "0 USD", fees: "0 USD", cost: "10500 USD", pnl: "-700 USD"},
			total: "-700 USD", lossUsed: "0.7",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th := ocThesis("ledger", tc.budget, tc.settings.BaseCurrency, tc.p)
			o := journal.Evaluate(th, tc.settings, tc.market, now)
			if len(o.Positions) != 1 {
				t.Fatalf("%d positions", len(o.Positions))
			}
			lgCheckPosition(t, o.Positions[0], tc.want)
			ocCheckMoney(t, "total pnl", o.PnLBase, tc.total)
			ocCheckMoney(t, "total cost", o.CostBase, tc.want.cost)
			ocCheckRatio(t, "loss used", o.LossUsed, tc.lossUsed)
		})
	}
}

// TestEvaluateClosedThesisBreach follows a thesis that crossed its loss budget mid-way and
// was closed at a smaller loss, in a KRW journal, every rate taken from the USDKRW=X bars.
//
//	6 Jan  buy 100 AMD @ 150 USD, rate 1400: 15,000 × 1400 = 21,000,000 KRW
//	8 Jan  buy 100 @ 140, rate 1420:         14,000 × 1420 = 19,880,000 KRW
//	10 Jan sell 200 @ 139, fee 10 USD, rate 1430: (27,800 − 10) × 1430 = 39,739,700 KRW
//
// Realized 39,739,700 − 40,880,000 = −1,140,300 KRW; fees 10 × 1430 = 14,300 KRW.
// The daily path (holding × close × that day's rate − cost held, realized carried):
//
//	6 Jan  100 × 148 × 1400 = 20,720,000 − 21,000,000 = −280,000
//	7 Jan  100 × 146 × 1410 = 20,586,000 − 21,000,000 = −414,000
//	8 Jan  200 × 141 × 1420 = 40,044,000 − 40,880,000 = −836,000
//	9 Jan  200 × 137 × 1425 = 39,045,000 − 40,880,000 = −1,835,000  ← budget 1,000,000 reached
//	10 Jan nothing held: −1,140,300 (the close of 139 no longer counts)
//	13 Jan −1,140,300, whatever the price (160) and the rate (1300) do
//
// Worst −1,835,000 on 9 Jan: −1,835,000 / 40,880,000 = −0.0448874755; 1.835 of the
// budget. Final loss used 1,140,300 / 1,000,000 = 1.1403.
func TestEvaluateClosedThesisBreach(t *testing.T) {
	fills := []journal.Fill{
		lgBuy("b1", lgAt(2025, 1, 6), "100", "150", "USD", "", ""),
		lgBuy("b2", lgAt(2025, 1, 8), "100", "140", "USD", "", ""),
		lgSell("s", lgAt(2025, 1, 10), "200", "139", "USD", "", "10 USD"),
	}
	bars := map[string][]journal.Bar{
		"AMD": {lgBar(1, 3, "155"), lgBar(1, 6, "148"), lgBar(1, 7, "146"), lgBar(1, 8, "141"),
			lgBar(1, 9, "137"), lgBar(1, 10, "139"), lgBar(1, 13, "160")},
		"USDKRW=X": {lgBar(1, 3, "1390"), lgBar(1, 6, "1400"), lgBar(1, 7, "1410"), lgBar(1, 8, "1420"),
			lgBar(1, 9, "1425"), lgBar(1, 10, "1430"), lgBar(1, 13, "1300")},
	}
	now := time.Date(2025, 1, 14, 9, 0, 0, 0, time.UTC)
	for _, fxNow := range []string{"1300", "1600"} {
		t.Run("FX now "+fxNow, func(t *testing.T) {
			th := ocThesis("amd", "1000000", "KRW", journal.Position{Symbol: "AMD", Side: journal.SideLong, Fills: fills})
			m := journal.Market{Bars: bars, FX: map[string]decimal.Decimal{"USD": ocDec(fxNow)}}
			o := journal.Evaluate(th, journal.Settings{BaseCurrency: "KRW"}, m, now)
			po := o.Positions[0]
			if !po.Closed || po.PriceMissing {
				t.Errorf("closed, price missing = %v, %v; want true, false", po.Closed, po.PriceMissing)
			}
			lgCheckPosition(t, po, lgPosWant{holding: "0", realized: "-1140300 KRW", unrealized: "0 KRW",
				dividends: "0 KRW", fees: "14300 KRW", cost: "40880000 KRW", pnl: "-1140300 KRW"})
			ocCheckMoney(t, "total pnl", o.PnLBase, "-1140300 KRW")
			ocCheckRatio(t, "loss used", o.LossUsed, "1.1403")
			// 6 Jan 15:00 → 10 Jan 15:00.
			if o.DaysHeld != 4 {
				t.Errorf("days held = %d, want 4", o.DaysHeld)
			}
			d := o.Drawdown
			if d == nil {
				t.Fatal("no drawdown")
			}
			ocCheckMoney(t, "worst", &d.Worst, "-1835000 KRW")
			ocCheckRatio(t, "worst return", &d.WorstReturn, "-0.0448874755")
			ocCheckRatio(t, "worst loss used", d.WorstLossUsed, "1.835")
			if d.WorstOn.String() != "2025-01-09" {
				t.Errorf("worst on %s, want 2025-01-09", d.WorstOn)
			}
			if d.BreachedOn == nil || d.BreachedOn.String() != "2025-01-09" {
				t.Errorf("breached on %v, want 2025-01-09", d.BreachedOn)
			}
		})
	}
}

func TestValidateLedgerNamesTheFill(t *testing.T) {
	nvdaSplit := journal.CorporateAction{
		ID: "NVDA:split:2024-06-10", Symbol: "NVDA", Kind: journal.ActionSplit, Ratio: "10:1",
		At: time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC), Source: "yahoo",
	}
	watch := journal.Position{Symbol: "AMD", Side: journal.SideWatch, Fills: []journal.Fill{
		lgSell("w", lgAt(2025, 1, 6), "5", "100", "USD", "", ""), // a watch's fills are not counted
	}}
	tests := []struct {
		name    string
		ps      []journal.Position
		actions []journal.CorporateAction
		want    string // "" wants no error
	}{
		{
			// 10 bought, 5 sold, then 6 more: only 5 are left.
			name: "sell more than held",
			ps: []journal.Position{{Symbol: "NVDA", Side: journal.SideLong, Fills: []journal.Fill{
				lgBuy("a", lgAt(2025, 1, 6), "10", "100", "USD", "", ""),
				lgSell("b", lgAt(2025, 2, 3), "5", "110", "USD", "", ""),
				lgSell("c", lgAt(2025, 3, 3), "6", "120", "USD", "", ""),
			}}},
			want: "positions[0].fills[2]: sells 6 on 2025-03-03 but only 5 are held then",
		},
		{
			name: "the second position",
			ps: []journal.Position{watch, {Symbol: "TSLA", Side: journal.SideShort, Fills: []journal.Fill{
				lgSell("a", lgAt(2025, 1, 6), "10", "400", "USD", "", ""),
				lgBuy("b", lgAt(2025, 2, 3), "12", "350", "USD", "", ""),
			}}},
			want: "positions[1].fills[1]: covers 12 on 2025-02-03 but only 10 are held then",
		},
		{
			// 5 bought before a 10:1 split are 50 after it: selling 50 is fine.
			name: "split makes the sell fit",
			ps: []journal.Position{{Symbol: "NVDA", Side: journal.SideLong, Fills: []journal.Fill{
				lgBuy("a", lgAt(2024, 5, 1), "5", "900", "USD", "", ""),
				lgSell("b", lgAt(2024, 7, 1), "50", "120", "USD", "", ""),
			}}},
			actions: []journal.CorporateAction{nvdaSplit},
		},
		{
			name: "without the split it does not",
			ps: []journal.Position{{Symbol: "NVDA", Side: journal.SideLong, Fills: []journal.Fill{
				lgBuy("a", lgAt(2024, 5, 1), "5", "900", "USD", "", ""),
				lgSell("b", lgAt(2024, 7, 1), "50", "120", "USD", "", ""),
			}}},
			want: "positions[0].fills[1]: sells 50 on 2024-07-01 but only 5 are held then",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th := ocThesis("v", "1000", "USD", tc.ps...)
			err := th.ValidateLedger(tc.actions)
			var v *journal.ValidationError
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("err = %v, want none", err)
			case tc.want == "":
			case !errors.As(err, &v) || len(v.Problems) != 1 || v.Problems[0].String() != tc.want:
				t.Errorf("err = %v, want the one problem %s", err, tc.want)
			}
			if tc.want != "" && journal.ErrorCode(err) != journal.EINVALID {
				t.Errorf("code = %s, want %s", journal.ErrorCode(err), journal.EINVALID)
			}
		})
	}
}

func TestBudgetPriceTranches(t *testing.T) {
	// KRW journal, budget 1,000,000 KRW. Buys 10 @ 100 USD at 1300 (1,300,000 KRW) and
	// 10 @ 80 at 1400 (1,120,000); sell 5 @ 90 at 1350 takes out 2,420,000 × 5/20 =
	// 605,000 for 450 × 1350 = 607,500: realized 2,500. Held 15 at 1,815,000 KRW.
	// FX now 1500: price = (C − R − D − B) / (h × fxNow) = (1,815,000 − 2,500 − 0 −
	// 1,000,000) / (15 × 1500) = 812,500 / 22,500 = 36.1111111111 → 36.11111111.
	// Check: 15 × 36.1111… × 1500 = 812,500; 812,500 − 1,815,000 + 2,500 = −1,000,000.
	// FIFO: the sell takes 5 of the first lot, 650,000, for 607,500: realized −42,500;
	// held 5 of it (650,000) and the second lot (1,120,000) = 1,770,000. Price =
	// (1,770,000 + 42,500 − 1,000,000) / 22,500 = 812,500 / 22,500, the same price:
	// the budget price depends on the total cost, not on how it is split.
	// A 50:1 split after the fills makes 750 shares held: 812,500 / (750 × 1500) =
	// 0.72222222 in today's units.
	fills := []journal.Fill{
		lgBuy("a", lgAt(2025, 1, 6), "10", "100", "USD", "1300", ""),
		lgBuy("b", lgAt(2025, 2, 3), "10", "80", "USD", "1400", ""),
		lgSell("c", lgAt(2025, 3, 3), "5", "90", "USD", "1350", ""),
	}
	split := journal.CorporateAction{
		ID: "X:split:2025-04-01", Symbol: "X", Kind: journal.ActionSplit, Ratio: "50:1",
		At: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), Source: journal.FillManual,
	}
	tests := []struct {
		name     string
		settings journal.Settings
		splits   map[string][]journal.CorporateAction
		want     string
	}{
		{"moving average", journal.Settings{BaseCurrency: "KRW"}, nil, "36.11111111 USD"},
		{"fifo", journal.Settings{BaseCurrency: "KRW", CostMethod: journal.CostFIFO}, nil, "36.11111111 USD"},
		{"after a 50:1 split", journal.Settings{BaseCurrency: "KRW"}, map[string][]journal.CorporateAction{"X": {split}}, "0.72222222 USD"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th := ocThesis("bp", "1000000", "KRW", journal.Position{Symbol: "X", Side: journal.SideLong, Fills: fills})
			m := journal.Market{FX: map[string]decimal.Decimal{"USD": ocDec("1500")}, Splits: tc.splits}
			sym, p, ok := journal.BudgetPrice(th, tc.settings, m)
			if !ok || sym != "X" || p.String() != tc.want {
				t.Errorf("budget price = %s %s %v, want X %s", sym, p, ok, tc.want)
			}
		})
	}
}

func TestEvaluateHeldToAcrossASplit(t *testing.T) {
	// 5 NVDA bought on 1 May 2024 are 50 after the 10:1 split of 10 June; selling 50 on
	// 1 July closes the position, so the holding period ends then: 61 days (1 May 15:00
	// → 1 July 15:00: 30 + 31). P&L 50 × 120 − 5 × 900 = 6000 − 4500 = 1500 USD.
	split := journal.CorporateAction{
		ID: "NVDA:split:2024-06-10", Symbol: "NVDA", Kind: journal.ActionSplit, Ratio: "10:1",
		At: time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC), Source: "yahoo",
	}
	th := ocThesis("split", "1000", "USD", journal.Position{Symbol: "NVDA", Side: journal.SideLong, Fills: []journal.Fill{
		lgBuy("a", lgAt(2024, 5, 1), "5", "900", "USD", "", ""),
		lgSell("b", lgAt(2024, 7, 1), "50", "120", "USD", "", ""),
	}})
	m := journal.Market{Splits: map[string][]journal.CorporateAction{"NVDA": {split}}}
	o := journal.Evaluate(th, journal.Settings{BaseCurrency: "USD"}, m, time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC))
	if !o.Positions[0].Closed {
		t.Errorf("position not closed")
	}
	ocCheckMoney(t, "pnl", o.PnLBase, "1500 USD")
	if !o.HeldTo.Equal(lgAt(2024, 7, 1)) || o.DaysHeld != 61 {
		t.Errorf("held to %s, %d days; want 2024-07-01 15:00, 61", o.HeldTo, o.DaysHeld)
	}
}

// TestCopyIsDeepAndEqual checks that Copy gives what Clone gives and shares nothing.
func TestCopyIsDeepAndEqual(t *testing.T) {
	f := journal.Fill{ID: "f1", At: time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC), Action: journal.ActionBuy,
		Quantity: decimal.NewFromInt(3), Price: journal.MustMoney("10", "USD"), Source: journal.FillManual}
	th := &journal.Thesis{ID: "x", Title: "t", Reasons: []string{"a"}, Tags: []string{"b"},
		Positions: []journal.Position{{Symbol: "NVDA", Side: journal.SideLong, Fills: []journal.Fill{f},
			Dividends: []journal.Dividend{{ID: "d1", Amount: journal.MustMoney("1", "USD")}}}},
		Snapshots: []journal.Snapshot{{Symbol: "NVDA"}},
		Reviews:   []journal.Review{{Note: "n", Checks: []journal.ReasonCheck{{Reason: 0, Held: true}}, Prices: []journal.Snapshot{{Symbol: "NVDA"}}}},
		Revisions: []journal.Revision{{Title: "old", Ledger: []journal.LedgerChange{{Symbol: "NVDA", Change: journal.LedgerRemoved, ID: "f0", Fill: &f}}}},
	}
	c := th.Copy()
	a, _ := json.Marshal(th)
	b, _ := json.Marshal(c)
	if string(a) != string(b) {
		t.Fatalf("copy differs:\n%s\n%s", a, b)
	}
	c.Reasons[0], c.Tags[0] = "changed", "changed"
	c.Positions[0].Fills[0].Note = "changed"
	c.Positions[0].Dividends[0].Note = "changed"
	c.Snapshots[0].Symbol = "X"
	c.Reviews[0].Checks[0].Held = false
	c.Reviews[0].Prices[0].Symbol = "X"
	c.Revisions[0].Ledger[0].Fill.Note = "changed"
	if a2, _ := json.Marshal(th); string(a2) != string(a) {
		t.Fatalf("changing the copy changed the original:\n%s", a2)
	}
}

func TestFormatAverage(t *testing.T) {
	p := journal.Position{Symbol: "NVDA", Fills: []journal.Fill{{Price: journal.MustMoney("128.99", "USD")}, {Price: journal.MustMoney("96.3", "USD")}}}
	// (10 × 128.99 + 5 × 96.30 − 5 × 118.0933…) / 10 = 118.09333… shows as the fills do.
	if got := p.FormatAverage(journal.Money{Amount: decimal.RequireFromString("118.0933333333"), Currency: "USD"}); got != "$118.09" {
		t.Errorf("FormatAverage = %q, want $118.09", got)
	}
	pence := journal.Position{Symbol: "VOD.L", Fills: []journal.Fill{{Price: journal.MustMoney("0.685", "GBP")}}}
	if got := pence.FormatAverage(journal.Money{Amount: decimal.RequireFromString("0.67123456"), Currency: "GBP"}); got != "£0.6712" {
		t.Errorf("FormatAverage of pence = %q, want £0.6712", got)
	}
}

// TestInterchangeKeepsLedgerHistory exports a thesis whose history lists an added, a
// changed and a removed fill, imports it and exports it again: the same bytes, and the
// history read back.
func TestInterchangeKeepsLedgerHistory(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	f := func(id, qty string) journal.Fill {
		return journal.Fill{ID: id, At: at, Action: journal.ActionBuy, Quantity: decimal.RequireFromString(qty),
			Price: journal.MustMoney("10", "USD"), FXToBase: decimal.NewFromInt(1), Source: journal.FillManual}
	}
	prev := &journal.Thesis{ID: "h", Title: "history", Conviction: 50, CreatedAt: at, Status: journal.StatusOpen,
		LossBudget: journal.MustMoney("100", "USD"),
		Positions:  []journal.Position{{Symbol: "NVDA", Side: journal.SideLong, Fills: []journal.Fill{f("a", "1"), f("b", "2")}}}}
	next := prev.Copy()
	next.Positions[0].Fills = []journal.Fill{f("a", "3"), f("c", "4")}
	if err := journal.ApplyEdit(prev, next, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := len(next.Revisions); n != 1 || len(next.Revisions[0].Ledger) != 3 {
		t.Fatalf("revisions %+v", next.Revisions)
	}
	s := journal.Settings{BaseCurrency: "USD"}
	var one, two bytes.Buffer
	if err := journal.EncodeInterchange(&one, s, []*journal.Thesis{next}, at); err != nil {
		t.Fatal(err)
	}
	doc, err := journal.DecodeInterchange(bytes.NewReader(one.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	l := doc.Theses[0].Revisions[0].Ledger
	if len(l) != 3 || l[0].Change != journal.LedgerRemoved || l[0].Fill == nil || l[0].Fill.ID != "b" ||
		l[1].Change != journal.LedgerChanged || !l[1].Fill.Quantity.Equal(decimal.NewFromInt(1)) || l[2].Change != journal.LedgerAdded {
		t.Fatalf("history read back: %+v", l)
	}
	if err := journal.EncodeInterchange(&two, s, doc.Theses, at); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one.Bytes(), two.Bytes()) {
		t.Fatalf("export → import → export differs:\n%s\n%s", one.String(), two.String())
	}
}

// TestAssignTradesRefusesUnfitRows checks that a trade no importer would emit — a date of
// year 1, a price of zero, a negative fee, a bad symbol — is refused with its line before
// anything is placed, inbox included.
func TestAssignTradesRefusesUnfitRows(t *testing.T) {
	ok := journal.Trade{Format: "csv", Ref: "r", Line: 7, Kind: journal.TradeBuy, At: time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC),
		Symbol: "NVDA", Quantity: decimal.NewFromInt(5), Price: journal.MustMoney("10", "USD")}
	if _, inbox, _, err := journal.AssignTrades(nil, []journal.Trade{ok}, journal.TradeOptions{}, nil); err != nil || len(inbox) != 1 {
		t.Fatalf("a sound trade: %v, %d in the inbox", err, len(inbox))
	}
	for _, c := range []struct {
		name string
		edit func(*journal.Trade)
		want string
	}{
		{"year 1", func(tr *journal.Trade) { tr.At = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC) }, "line 7: invalid date"},
		{"no date", func(tr *journal.Trade) { tr.At = time.Time{} }, "line 7: invalid date: must be set"},
		{"zero price", func(tr *journal.Trade) { tr.Price = journal.MustMoney("0", "USD") }, "line 7: invalid price"},
		{"negative quantity", func(tr *journal.Trade) { tr.Quantity = decimal.NewFromInt(-1) }, "line 7: invalid quantity"},
		{"negative fee", func(tr *journal.Trade) { tr.Fees = journal.MustMoney("-1", "USD") }, "line 7: invalid fees"},
		{"bad symbol", func(tr *journal.Trade) { tr.Symbol = "../etc" }, "line 7: symbol \"../etc\""},
		{"dividend without amount", func(tr *journal.Trade) { tr.Kind = journal.TradeDividend }, "line 7: invalid amount"},
	} {
		tr := ok
		c.edit(&tr)
		_, inbox, _, err := journal.AssignTrades(nil, []journal.Trade{tr}, journal.TradeOptions{}, nil)
		if err == nil || !strings.HasPrefix(journal.ErrorMessage(err), c.want) || len(inbox) != 0 {
			t.Errorf("%s: %v (%d in the inbox), want an error starting %q", c.name, err, len(inbox), c.want)
		}
	}
}

// TestDecodeInterchangeNamesAnOversell checks that a file whose fills sell more than is
// held is refused with the fill's JSON path, counting the file's own splits.
func TestDecodeInterchangeNamesAnOversell(t *testing.T) {
	file := func(actions string) string {
		return `{"format":"hindsight-journal","version":2,"settings":{"base_currency":"USD"},
"theses":[{"id":"a","title":"t","created_at":"2024-01-01T00:00:00Z","loss_budget":{"amount":"100","currency":"USD"},
"positions":[{"symbol":"NVDA","side":"long","fills":[
{"id":"f1","at":"2024-01-02T00:00:00Z","action":"buy","quantity":"1","price":{"amount":"10","currency":"USD"},"source":"manual"},
{"id":"f2","at":"2024-07-03T00:00:00Z","action":"sell","quantity":"2","price":{"amount":"10","currency":"USD"},"source":"manual"}]}]}],
"corporate_actions":[` + actions + `]}`
	}
	_, err := journal.DecodeInterchange(strings.NewReader(file("")))
	if want := "$.theses[0].positions[0].fills[1]: sells 2 on 2024-07-03 but only 1 are held then"; err == nil || !strings.Contains(journal.ErrorMessage(err), want) {
		t.Fatalf("oversell: %v, want %q", err, want)
	}
	// With the 10:1 split of June between them, 1 share became 10: selling 2 is fine.
	split := `{"id":"NVDA:split:2024-06-10","symbol":"NVDA","kind":"split","ratio":"10:1","at":"2024-06-10T00:00:00Z","source":"manual"}`
	if _, err := journal.DecodeInterchange(strings.NewReader(file(split))); err != nil {
		t.Fatalf("with the split: %v", err)
	}
}
