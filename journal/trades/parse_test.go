package trades_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/journal/trades"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"1,234.5", "1234.5"},
		{"1234", "1234"},
		{"-3", "-3"},
		{"+5", "5"},
		{"(12.50)", "-12.5"},
		{"₩1,234", "1234"},
		{"1,234원", "1234"},
		{"$1,234.56", "1234.56"},
		{"-$1,234.56", "-1234.56"},
		{"  78,500  ", "78500"},
		{"0.000123", "0.000123"},
		{"1 234", "1234"},
	}
	for _, tc := range tests {
		got, err := trades.ParseNumber(tc.in)
		if err != nil {
			t.Errorf("ParseNumber(%q): %v", tc.in, err)
			continue
		}
		if !got.Equal(decimal.RequireFromString(tc.want)) {
			t.Errorf("ParseNumber(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
	for _, in := range []string{"1.2.3", "", "abc", "1e5", "1.5E-3", "(-3)", "--3", "12,34"} {
		if got, err := trades.ParseNumber(in); journal.ErrorCode(err) != journal.EINVALID {
			t.Errorf("ParseNumber(%q) = %s, %v; want an EINVALID error", in, got, err)
		}
	}
}

func TestParseTime(t *testing.T) {
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in    string
		loc   *time.Location
		want  string // UTC, RFC 3339
		clock bool
	}{
		// Seoul is UTC+9 all year: midnight there is 15:00 UTC the day before.
		{"2024-06-10", seoul, "2024-06-09T15:00:00Z", false},
		{"2024-06-10", time.UTC, "2024-06-10T00:00:00Z", false},
		{"2024-06-10T09:30:00Z", seoul, "2024-06-10T09:30:00Z", true},
		{"2024-06-10T09:30:00+09:00", time.UTC, "2024-06-10T00:30:00Z", true},
		{"2024-06-10T09:30:00.000Z", time.UTC, "2024-06-10T09:30:00Z", true},
		{"2024-06-10 09:30:00", seoul, "2024-06-10T00:30:00Z", true},
		{"2024-06-10T09:30", time.UTC, "2024-06-10T09:30:00Z", true},
		{"2024.06.10", seoul, "2024-06-09T15:00:00Z", false},
		{"2024/06/10", time.UTC, "2024-06-10T00:00:00Z", false},
		{"20240610", time.UTC, "2024-06-10T00:00:00Z", false},
		{"2024년 6월 10일", time.UTC, "2024-06-10T00:00:00Z", false},
		{"2024년 6월 10일 14:05", seoul, "2024-06-10T05:05:00Z", true},
		{"2024.6.10", time.UTC, "2024-06-10T00:00:00Z", false},
		{"2024.06.10 14:05:30", seoul, "2024-06-10T05:05:30Z", true},
		// New York is UTC-4 in June (daylight saving time).
		{"20240610;093000", ny, "2024-06-10T13:30:00Z", true},
		{"2024-06-10, 09:30:00", ny, "2024-06-10T13:30:00Z", true},
		{"2024-06-10;09:30:00", ny, "2024-06-10T13:30:00Z", true},
	}
	for _, tc := range tests {
		got, clock, err := trades.ParseWhen(tc.in, tc.loc)
		if err != nil {
			t.Errorf("ParseWhen(%q): %v", tc.in, err)
			continue
		}
		if got.Location() != time.UTC || got.Format(time.RFC3339) != tc.want || clock != tc.clock {
			t.Errorf("ParseWhen(%q, %s) = %s (%s), %v; want %s, %v", tc.in, tc.loc, got.Format(time.RFC3339), got.Location(), clock, tc.want, tc.clock)
		}
	}
	for _, in := range []string{"", "2024-13-01", "2024-02-30", "10/06/2024", "2024-06-10 25:00", "yesterday", "2024-06-10T09:30:00+25:00"} {
		if got, err := trades.ParseTime(in, time.UTC); journal.ErrorCode(err) != journal.EINVALID {
			t.Errorf("ParseTime(%q) = %s, %v; want an EINVALID error", in, got, err)
		}
	}
}

func TestKRXCode(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"'005930", "005930", true},
		{"A005930", "005930", true},
		{"005930", "005930", true},
		{" 005930 ", "005930", true},
		{"005930.KS", "", false},
		{"NVDA", "", false},
		{"00593", "", false},
		{"B005930", "", false},
	}
	for _, tc := range tests {
		got, ok := trades.KRXCode(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("KRXCode(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if got := trades.KRXCandidates("005930"); strings.Join(got, ",") != "005930.KS,005930.KQ" {
		t.Errorf("KRXCandidates = %v", got)
	}
}

func TestInstrument(t *testing.T) {
	tests := []struct {
		code, symbol, candidates string
	}{
		{"A005930", "", "005930.KS,005930.KQ"},
		{"005930.KS", "005930.KS", ""},
		{"nvda", "NVDA", ""},
		{"BRK-B", "BRK-B", ""},
		{"VOD.L", "VOD.L", ""},
	}
	for _, tc := range tests {
		var tr journal.Trade
		if err := trades.Instrument(&tr, tc.code); err != nil {
			t.Errorf("Instrument(%q): %v", tc.code, err)
			continue
		}
		if tr.Symbol != tc.symbol || strings.Join(tr.Candidates, ",") != tc.candidates || tr.Code != tc.code {
			t.Errorf("Instrument(%q) = %q %q %v", tc.code, tr.Code, tr.Symbol, tr.Candidates)
		}
	}
	var tr journal.Trade
	if err := trades.Instrument(&tr, "삼성 전자"); journal.ErrorCode(err) != journal.EINVALID {
		t.Errorf("Instrument of a name: %v, want EINVALID", err)
	}
}

func TestRowRef(t *testing.T) {
	a := trades.RowRef("csv", "2024-06-10", "NVDA", "10")
	if len(a) != 24 {
		t.Errorf("RowRef length %d, want 24", len(a))
	}
	if b := trades.RowRef("csv", " 2024-06-10 ", "NVDA", "10"); b != a {
		t.Errorf("spaces around fields change the ref: %s != %s", a, b)
	}
	// Moving text between fields must change the ref.
	if b := trades.RowRef("csv", "2024-06-10N", "VDA", "10"); b == a {
		t.Errorf("fields are not separated")
	}
	if b := trades.RowRef("wealthfolio", "2024-06-10", "NVDA", "10"); b == a {
		t.Errorf("the format is not part of the ref")
	}
	var o trades.Occurrences
	got := []string{o.Next("x"), o.Next("y"), o.Next("x"), o.Next("x")}
	if strings.Join(got, " ") != "x y x#2 x#3" {
		t.Errorf("Occurrences = %v", got)
	}
}

func TestDetect(t *testing.T) {
	a, b := fakeFormat{"a", "AAA"}, fakeFormat{"b", "BBB"}
	f, err := trades.Detect([]byte("xBBBx"), []trades.Format{a, b})
	if err != nil || f.Name() != "b" {
		t.Errorf("Detect = %v, %v; want b", f, err)
	}
	_, err = trades.Detect([]byte("none"), []trades.Format{a, b})
	if journal.ErrorCode(err) != journal.EINVALID || !strings.Contains(err.Error(), "a, b") {
		t.Errorf("Detect of an unknown file: %v", err)
	}
}

type fakeFormat struct{ name, mark string }

func (f fakeFormat) Name() string           { return f.name }
func (f fakeFormat) Title() string          { return f.name }
func (f fakeFormat) Sniff(head []byte) bool { return bytes.Contains(head, []byte(f.mark)) }
func (f fakeFormat) Read(_ context.Context, _ io.Reader, _ func(journal.Trade) error) error {
	return nil
}
