package pp_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"hindsight/journal"
	"hindsight/journal/trades/pp"
	"hindsight/journal/trades/tradestest"
)

// TestGolden reads exports written to Portfolio Performance's documented columns.
//
// testdata/transactions-en.csv → transactions-en.golden.json:
//
//	line 2: Buy 10 EUNL.DE, value 1,508.50 EUR incl. fees 8.50 → (1508.50 − 8.50) / 10 = 150 EUR,
//	        at 2024-02-05T10:15Z, note "savings plan"
//	line 3: Deposit → skipped
//	line 4: Sell 5, value −791 → (791 + 9) / 5 = 160 EUR, fees 9 EUR
//	line 5: Buy 4 MSFT, gross 2,340.00 USD → 2340 / 4 = 585 USD; fees 5 EUR
//	line 6: Dividend: credited 4.41 + taxes 0.79 = 5.20 EUR on 4 shares, taxes 0.79 EUR
//	line 7: Delivery (Inbound) → buy of ISIN KR7005930003: no ticker, candidates
//	        005930.KS and 005930.KQ; 78,500 / 1 = 78500 KRW
//	line 8: Transfer (Outbound) → skipped
//
// testdata/transactions-de.csv (German header, ";" and 1.234,56) → transactions-de.golden.json:
//
//	line 2: Kauf 20 SAP.DE: (1234.50 − 4.50) / 20 = 61.5 EUR, fees 4.5 EUR, 2024-01-15T09:05Z
//	line 3: Verkauf 10: (1780.25 + 4.90 + 24.85) / 10 = 181 EUR, fees 4.9, taxes 24.85, note "Teilverkauf"
//	line 4: Dividende: 16.11 + 5.89 = 22 EUR on 10 shares, taxes 5.89 EUR
func TestGolden(t *testing.T) {
	if got := tradestest.Golden(t, pp.Format{}, "testdata/transactions-en.csv", "testdata/transactions-en.golden.json"); len(got) != 5 {
		t.Errorf("%d trades, want 5", len(got))
	}
	if got := tradestest.Golden(t, pp.Format{}, "testdata/transactions-de.csv", "testdata/transactions-de.golden.json"); len(got) != 3 {
		t.Errorf("%d trades, want 3", len(got))
	}
}

func TestBadRows(t *testing.T) {
	const header = "Date,Type,Value,Transaction Currency,Fees,Taxes,Shares,ISIN,Ticker Symbol\n"
	tests := []struct{ row, want string }{
		{"2024-02-30T10:00,Buy,100,EUR,,,1,,SAP.DE\n", `line 2, column "Date"`},
		{"2024-02-05T10:00,,100,EUR,,,1,,SAP.DE\n", `line 2, column "Type"`},
		{"2024-02-05T10:00,Buy,1.0.0,EUR,,,1,,SAP.DE\n", `line 2, column "Value"`},
		{"2024-02-05T10:00,Buy,100,EURO,,,1,,SAP.DE\n", `line 2, column "Transaction Currency"`},
		{"2024-02-05T10:00,Buy,100,EUR,,,0,,SAP.DE\n", `line 2, column "Shares"`},
		{"2024-02-05T10:00,Buy,100,EUR,100,,1,,SAP.DE\n", `line 2, column "Value"`},
		{"2024-02-05T10:00,Buy,100,EUR,,,1,,\n", `line 2, column "Ticker Symbol"`},
		{"2024-02-05T10:00,Buy,100,EUR,x,,1,,SAP.DE\n", `line 2, column "Fees"`},
	}
	for _, tc := range tests {
		err := pp.Format{}.Read(context.Background(), strings.NewReader(header+tc.row), func(journal.Trade) error { return nil })
		if journal.ErrorCode(err) != journal.EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v; want an EINVALID error naming %s", tc.row, err, tc.want)
		}
	}
}

func TestSniff(t *testing.T) {
	for head, want := range map[string]bool{
		"Date,Ex-Date,Type,Value,Transaction Currency,Gross Amount,Fees,Taxes,Shares,ISIN\r\n": true,
		"Datum;Typ;Wert;Buchungswährung;Stück;ISIN\r\n":                                        true,
		"date,type,symbol,quantity,unit_price,currency\n":                                      false,
	} {
		if got := (pp.Format{}).Sniff([]byte(head)); got != want {
			t.Errorf("Sniff(%q) = %v, want %v", head, got, want)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, p := range []string{"testdata/transactions-en.csv", "testdata/transactions-de.csv"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = pp.Format{}.Read(context.Background(), bytes.NewReader(b), func(journal.Trade) error { return nil })
		pp.Format{}.Sniff(b)
	})
}
