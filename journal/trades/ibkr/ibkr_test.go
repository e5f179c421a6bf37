package ibkr_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"hindsight/journal"
	"hindsight/journal/trades/ibkr"
	"hindsight/journal/trades/tradestest"
)

// TestGolden reads Flex Query trade reports written to IBKR's documented fields. Times
// are US Eastern: in June that is daylight time, UTC−4.
//
// testdata/trades.csv → trades.golden.json:
//
//	line 2: BUY 10 NVDA at 121.79 USD, 2024-06-10 09:35:12 ET → 13:35:12Z; commission −1 → fees 1 USD;
//	        taxes 0 → none; FXToBase 1; Ref the IBExecID
//	line 3: SELL −2 "BRK B" → 2 BRK-B at 405.12 USD, 15:45 ET → 19:45Z; fees 1.0012 USD
//	line 4: OPT → skipped
//	line 5: BUY 1000 VOD (LSE, kept plain) at 0.7012 GBP, 04:30 ET → 08:30Z; fees 3 GBP, taxes 3.51 GBP;
//	        FXToBase 1.2745
//	line 6: BUY 5 005930 (KSE) → no symbol, candidates 005930.KS and 005930.KQ; 78,500 KRW;
//	        2024-06-13 21:00 ET → 2024-06-14T01:00Z; fees 1,200 KRW; FXToBase 0.000727
//
// testdata/two-accounts.csv → two-accounts.golden.json (a header per account):
//
//	line 2: BUY 3 AAPL at 196.89 USD, "2024-06-10, 10:00:00" ET → 14:00Z; fees 1 USD; Ref the TradeID
//	line 3: the header again → skipped
//	line 4: SELL −4 SAP at 170.2 EUR, no DateTime: TradeDate 2024-01-16 → midnight UTC; fees 1.25 EUR;
//	        no ids → Ref a digest of the row
//	line 5: the same row → the same digest with #2
func TestGolden(t *testing.T) {
	if got := tradestest.Golden(t, ibkr.Format{}, "testdata/trades.csv", "testdata/trades.golden.json"); len(got) != 4 {
		t.Errorf("%d trades, want 4", len(got))
	}
	got := tradestest.Golden(t, ibkr.Format{}, "testdata/two-accounts.csv", "testdata/two-accounts.golden.json")
	if len(got) != 3 || got[0].Ref != "800000001" || got[2].Ref != got[1].Ref+"#2" {
		t.Errorf("refs: %+v", got)
	}
}

func TestLocation(t *testing.T) {
	in := "CurrencyPrimary,Symbol,DateTime,Buy/Sell,Quantity,TradePrice\nUSD,NVDA,20240610;093000,BUY,1,100\n"
	var at time.Time
	err := ibkr.Format{Location: time.UTC}.Read(context.Background(), strings.NewReader(in), func(tr journal.Trade) error {
		at = tr.At
		return nil
	})
	if err != nil || at != time.Date(2024, 6, 10, 9, 30, 0, 0, time.UTC) {
		t.Errorf("Read with UTC: %s, %v", at, err)
	}
}

func TestBadRows(t *testing.T) {
	const header = "CurrencyPrimary,Symbol,DateTime,Buy/Sell,Quantity,TradePrice,IBCommission\n"
	tests := []struct{ row, want string }{
		{"USD,NVDA,20240632;093000,BUY,1,100,-1\n", `line 2, column "DateTime"`},
		{"USD,NVDA,20240610;093000,HOLD,1,100,-1\n", `line 2, column "Buy/Sell"`},
		{"USD,NVDA,20240610;093000,SELL,1,100,-1\n", `line 2, column "Quantity"`},
		{"USD,NVDA,20240610;093000,BUY,1,-100,-1\n", `line 2, column "TradePrice"`},
		{"USD,NVDA,20240610;093000,BUY,1,100,x\n", `line 2, column "IBCommission"`},
		{"US,NVDA,20240610;093000,BUY,1,100,-1\n", `line 2, column "CurrencyPrimary"`},
		{"USD,N/A,20240610;093000,BUY,1,100,-1\n", `line 2, column "Symbol"`},
	}
	for _, tc := range tests {
		err := ibkr.Format{}.Read(context.Background(), strings.NewReader(header+tc.row), func(journal.Trade) error { return nil })
		if journal.ErrorCode(err) != journal.EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v; want an EINVALID error naming %s", tc.row, err, tc.want)
		}
	}
}

func TestSniff(t *testing.T) {
	for head, want := range map[string]bool{
		`"ClientAccountID","CurrencyPrimary","Symbol","Buy/Sell","Quantity","TradePrice"` + "\n": true,
		"date,type,symbol,quantity,unit_price,currency\n":                                        false,
	} {
		if got := (ibkr.Format{}).Sniff([]byte(head)); got != want {
			t.Errorf("Sniff(%q) = %v, want %v", head, got, want)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, p := range []string{"testdata/trades.csv", "testdata/two-accounts.csv"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = ibkr.Format{}.Read(context.Background(), bytes.NewReader(b), func(journal.Trade) error { return nil })
		ibkr.Format{}.Sniff(b)
	})
}
