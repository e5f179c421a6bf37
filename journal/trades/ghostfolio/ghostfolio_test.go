package ghostfolio_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"hindsight/journal"
	"hindsight/journal/trades/ghostfolio"
	"hindsight/journal/trades/tradestest"
)

// TestGolden reads testdata/export.json, written to Ghostfolio's export fields, and
// compares with export.golden.json. Line is the activity's index + 1:
//
//	[0] FEE → skipped
//	[1] BUY 8 MSFT at 371.25 USD, fee 4.5 USD, 2024-01-10T00:00:00Z, note "Opening position"
//	[2] DIVIDEND on 8 MSFT at 0.75 → 8 × 0.75 = 6 USD; fee 0 → none
//	[3] BUY of a MANUAL asset → skipped
//	[4] SELL 3 MSFT at 420.5 USD, fee 4.5 USD, at 2024-05-20T13:45:00Z
//	[5] BUY 2.5e-3 = 0.0025 BTC-USD at 61000 USD, fee 1.25 USD
//	[6] BUY 50 ULVR.L at 1234.5 GBp = 12.345 GBP
func TestGolden(t *testing.T) {
	got := tradestest.Golden(t, ghostfolio.Format{}, "testdata/export.json", "testdata/export.golden.json")
	lines := []int{}
	for _, tr := range got {
		lines = append(lines, tr.Line)
	}
	if len(lines) != 5 || lines[0] != 2 || lines[4] != 7 {
		t.Errorf("lines %v, want [2 3 5 6 7]", lines)
	}
}

func TestBadActivities(t *testing.T) {
	const ok = `{"type":"BUY","symbol":"MSFT","dataSource":"YAHOO","date":"2024-01-10T00:00:00.000Z","quantity":1,"unitPrice":10,"fee":0,"currency":"USD"}`
	tests := []struct{ activity, want string }{
		{`{"type":"BUY","symbol":"MSFT","dataSource":"YAHOO","date":"2024-01-10T00:00:00.000Z","quantity":-1,"unitPrice":10,"fee":0,"currency":"USD"}`, "activities[1].quantity"},
		{`{"type":"BUY","symbol":"MSFT","dataSource":"YAHOO","date":"2024-01-10T00:00:00.000Z","quantity":"x","unitPrice":10,"fee":0,"currency":"USD"}`, "activities[1]"},
		{`{"type":"BUY","symbol":"MSFT","dataSource":"YAHOO","date":"2024-01-10T00:00:00.000Z","quantity":true,"unitPrice":10,"fee":0,"currency":"USD"}`, "activities[1].quantity"},
		{`{"type":"SELL","symbol":"MSFT","dataSource":"YAHOO","date":"10.01.2024","quantity":1,"unitPrice":10,"fee":0,"currency":"USD"}`, "activities[1].date"},
		{`{"type":"BUY","symbol":"MSFT","dataSource":"YAHOO","date":"2024-01-10T00:00:00.000Z","quantity":1,"unitPrice":0,"fee":0,"currency":"USD"}`, "activities[1].unitPrice"},
		{`{"type":"BUY","symbol":"MSFT","dataSource":"YAHOO","date":"2024-01-10T00:00:00.000Z","quantity":1,"unitPrice":10,"fee":0,"currency":"XXX"}`, "activities[1].currency"},
		{`{"type":"BUY","symbol":"MS FT","dataSource":"YAHOO","date":"2024-01-10T00:00:00.000Z","quantity":1,"unitPrice":10,"fee":0,"currency":"USD"}`, "activities[1].symbol"},
		{`{"type":"","symbol":"MSFT"}`, "activities[1].type"},
		{`{"type":"BUY",`, "activities[1]"},
	}
	for _, tc := range tests {
		in := `{"meta":{},"activities":[` + ok + "," + tc.activity + `]}`
		err := ghostfolio.Format{}.Read(context.Background(), strings.NewReader(in), func(journal.Trade) error { return nil })
		if journal.ErrorCode(err) != journal.EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v; want an EINVALID error naming %s", tc.activity, err, tc.want)
		}
	}
	if err := (ghostfolio.Format{}).Read(context.Background(), strings.NewReader(`[1]`), func(journal.Trade) error { return nil }); journal.ErrorCode(err) != journal.EINVALID {
		t.Errorf("an array: %v", err)
	}
}

func TestSniff(t *testing.T) {
	for head, want := range map[string]bool{
		`{"meta":{"date":"2024-07-01"},"activities":[`: true,
		"\n  {\n  \"meta\": {},\n  \"accounts\": [":    true,
		`{"activities":[]}`:                            false,
		"date,type,symbol\n":                           false,
	} {
		if got := (ghostfolio.Format{}).Sniff([]byte(head)); got != want {
			t.Errorf("Sniff(%q) = %v, want %v", head, got, want)
		}
	}
}

func FuzzRead(f *testing.F) {
	b, err := os.ReadFile("testdata/export.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = ghostfolio.Format{}.Read(context.Background(), bytes.NewReader(b), func(journal.Trade) error { return nil })
		ghostfolio.Format{}.Sniff(b)
	})
}
