package trades_test

import (
	"context"
	"testing"

	"hindsight/journal"
	"hindsight/journal/trades"
	"hindsight/journal/trades/csvmap"
	"hindsight/journal/trades/ghostfolio"
	"hindsight/journal/trades/ibkr"
	"hindsight/journal/trades/pp"
	"hindsight/journal/trades/wealthfolio"
)

// TestReadFileDetects reads each format's test file with every format on offer, the
// generic CSV last, and checks that the right one is chosen.
func TestReadFileDetects(t *testing.T) {
	formats := []trades.Format{ibkr.Format{}, wealthfolio.Format{}, ghostfolio.Format{}, pp.Format{}, csvmap.Auto()}
	tests := []struct {
		path, format string
		enc          trades.Encoding
		n            int
	}{
		{"ibkr/testdata/trades.csv", "ibkr-flex", trades.UTF8, 4},
		{"wealthfolio/testdata/activities.csv", "wealthfolio", trades.UTF8, 5},
		{"wealthfolio/testdata/legacy.csv", "wealthfolio", trades.UTF8, 2},
		{"ghostfolio/testdata/export.json", "ghostfolio", trades.UTF8, 5},
		{"pp/testdata/transactions-en.csv", "pp", trades.UTF8, 5},
		{"pp/testdata/transactions-de.csv", "pp", trades.UTF8, 3},
		{"csvmap/testdata/kr-broker.cp949.csv", "csv", trades.CP949, 5},
		{"csvmap/testdata/kr-broker.bom.csv", "csv", trades.UTF8BOM, 5},
		{"csvmap/testdata/en-semicolon.csv", "csv", trades.UTF8, 3},
	}
	for _, tc := range tests {
		n := 0
		f, enc, err := trades.ReadFile(context.Background(), tc.path, nil, formats, func(journal.Trade) error {
			n++
			return nil
		})
		if err != nil || f.Name() != tc.format || enc != tc.enc || n != tc.n {
			name := ""
			if f != nil {
				name = f.Name()
			}
			t.Errorf("ReadFile(%s) = %s, %s, %d trades, %v; want %s, %s, %d", tc.path, name, enc, n, err, tc.format, tc.enc, tc.n)
		}
	}
	if _, _, err := trades.ReadFile(context.Background(), "testdata/none.csv", nil, formats, nil); journal.ErrorCode(err) != journal.ENOTFOUND {
		t.Errorf("a missing file: %v", err)
	}
}
