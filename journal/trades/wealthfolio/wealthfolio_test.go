package wealthfolio_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"hindsight/journal"
	"hindsight/journal/trades/tradestest"
	"hindsight/journal/trades/wealthfolio"
)

// TestGolden reads files written to Wealthfolio's documented columns.
//
// testdata/activities.csv → activities.golden.json:
//
//	line 2: BUY 3 MSFT at 415.10 USD, fee 1.50 USD, 2024-03-04 → midnight UTC; note "first buy"
//	line 3: DEPOSIT → skipped
//	line 4: SELL 1 MSFT at 420 USD, fee 1.5 USD, at 2024-04-02T14:30:00Z
//	line 5: DIVIDEND on 2 MSFT, no amount: 2 × 0.75 = 1.50 USD
//	line 6: BUY 200 VOD.L at 70.12 GBp = 0.7012 GBP
//	line 7: DIVIDEND on 100 005930.KS, amount 36,100 KRW (the amount wins over 100 × 361)
//	line 8: WITHDRAWAL → skipped
//
// testdata/legacy.csv (activityType, unitPrice) → legacy.golden.json: two identical buys
// of 5 NVDA at 490.5 USD, fee 0 → no fee; the second's Ref is the first's with #2.
func TestGolden(t *testing.T) {
	got := tradestest.Golden(t, wealthfolio.Format{}, "testdata/activities.csv", "testdata/activities.golden.json")
	if len(got) != 5 {
		t.Errorf("%d trades, want 5", len(got))
	}
	legacy := tradestest.Golden(t, wealthfolio.Format{}, "testdata/legacy.csv", "testdata/legacy.golden.json")
	if len(legacy) != 2 || legacy[1].Ref != legacy[0].Ref+"#2" {
		t.Errorf("identical rows: %+v", legacy)
	}
}

func TestSniff(t *testing.T) {
	for head, want := range map[string]bool{
		"date,type,symbol,instrumentType,quantity,unit_price,currency,fee,amount\n": true,
		"date,activityType,symbol,quantity,unitPrice,currency,fee\n":                true,
		"Date,Type,Security,Shares,Value,Transaction Currency\n":                    false,
		"일자,종목코드,종목명,매수/매도,수량,단가\n":                                                 false,
	} {
		if got := (wealthfolio.Format{}).Sniff([]byte(head)); got != want {
			t.Errorf("Sniff(%q) = %v, want %v", head, got, want)
		}
	}
}

func TestBadRows(t *testing.T) {
	const header = "date,type,symbol,quantity,unit_price,currency,fee,amount\n"
	tests := []struct{ row, want string }{
		{"2024-02-30,BUY,MSFT,1,400,USD,,\n", `line 2, column "date"`},
		{"2024-03-04,,MSFT,1,400,USD,,\n", `line 2, column "type"`},
		{"2024-03-04,BUY,MS FT,1,400,USD,,\n", `line 2, column "symbol"`},
		{"2024-03-04,BUY,MSFT,-1,400,USD,,\n", `line 2, column "quantity"`},
		{"2024-03-04,BUY,MSFT,1,,USD,,\n", `line 2, column "unit_price"`},
		{"2024-03-04,BUY,MSFT,1,400,XYZ,,\n", `line 2, column "currency"`},
		{"2024-03-04,SELL,MSFT,1,400,USD,1.2.3,\n", `line 2, column "fee"`},
		{"2024-03-04,DIVIDEND,MSFT,1,0,USD,,\n", `line 2, column "amount"`},
	}
	for _, tc := range tests {
		err := wealthfolio.Format{}.Read(context.Background(), strings.NewReader(header+tc.row), func(journal.Trade) error { return nil })
		if journal.ErrorCode(err) != journal.EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v; want an EINVALID error naming %s", tc.row, err, tc.want)
		}
	}
}

func FuzzRead(f *testing.F) {
	b, err := os.ReadFile("testdata/activities.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = wealthfolio.Format{}.Read(context.Background(), bytes.NewReader(b), func(journal.Trade) error { return nil })
		wealthfolio.Format{}.Sniff(b)
	})
}
