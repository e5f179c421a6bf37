package journal_test

import (
	"encoding/json"
	"strings"
	"testing"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		amount, currency string
		want             string // Money.String()
		format           string // Money.Format()
		err              string
	}{
		{"128.99", "USD", "128.99 USD", "$128.99", ""},
		{"1,234.5", "usd", "1234.5 USD", "$1,234.50", ""},
		{"3000000", "KRW", "3000000 KRW", "₩3,000,000", ""},
		{"55,000.4", "KRW", "55000.4 KRW", "₩55,000", ""},
		{"-12000", "KRW", "-12000 KRW", "-₩12,000", ""},
		{"1500", "JPY", "1500 JPY", "¥1,500", ""},
		{"250", "GBp", "2.5 GBP", "£2.50", ""},
		{"1234.5", "GBp", "12.345 GBP", "£12.35", ""},
		{"99.999", "CHF", "99.999 CHF", "100.00 CHF", ""},
		{"0.004", "USD", "0.004 USD", "$0.00", ""},
		{"", "USD", "", "", "amount must not be empty"},
		{"12,5x", "USD", "", "", `amount "12,5x" is not a number`},
		{"1e3", "USD", "", "", `amount "1e3" is not a number`},
		{"1.2.3", "USD", "", "", `amount "1.2.3" has more than one decimal point`},
		{"--1", "USD", "", "", `amount "--1" is not a number`},
		{"NaN", "USD", "", "", `amount "NaN" is not a number`},
		{"10", "XYZ", "", "", `unknown currency "XYZ"`},
		{"10", "", "", "", "currency must not be empty"},
	}
	for _, tt := range tests {
		m, err := journal.ParseMoney(tt.amount, tt.currency)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseMoney(%q, %q) error = %v, want %q", tt.amount, tt.currency, err, tt.err)
			}
			if journal.ErrorCode(err) != journal.EINVALID {
				t.Errorf("ParseMoney(%q, %q) code = %q, want invalid", tt.amount, tt.currency, journal.ErrorCode(err))
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseMoney(%q, %q): %v", tt.amount, tt.currency, err)
			continue
		}
		if got := m.String(); got != tt.want {
			t.Errorf("ParseMoney(%q, %q) = %q, want %q", tt.amount, tt.currency, got, tt.want)
		}
		if got := m.Format(); got != tt.format {
			t.Errorf("ParseMoney(%q, %q).Format() = %q, want %q", tt.amount, tt.currency, got, tt.format)
		}
	}
}

func TestMoneyJSON(t *testing.T) {
	m := journal.MustMoney("1441.50", "KRW")
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"amount":"1441.5","currency":"KRW"}` {
		t.Fatalf("marshal = %s", b)
	}
	var back journal.Money
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !back.Amount.Equal(m.Amount) || back.Currency != "KRW" {
		t.Fatalf("round trip = %v, want %v", back, m)
	}
	for _, bad := range []string{`{"amount":12.5,"currency":"USD"}`, `{"amount":"x","currency":"USD"}`, `{"amount":"1","currency":"ZZZ"}`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("unmarshal %s: want error", bad)
		}
	}
	var zero journal.Money
	if err := json.Unmarshal([]byte(`{"amount":"","currency":""}`), &zero); err != nil || !zero.IsZero() {
		t.Errorf("empty money = %v, %v; want zero", zero, err)
	}
}

func TestMoneyArithmetic(t *testing.T) {
	a := journal.MustMoney("0.1", "USD")
	b := journal.MustMoney("0.2", "USD")
	sum, err := a.Add(b)
	if err != nil || !sum.Amount.Equal(decimal.RequireFromString("0.3")) {
		t.Fatalf("0.1+0.2 = %v, %v; want exactly 0.3", sum, err)
	}
	if _, err := a.Add(journal.MustMoney("1", "KRW")); err == nil {
		t.Fatal("adding USD to KRW: want error")
	}
	if got := journal.MustMoney("2.675", "USD").Round().String(); got != "2.68 USD" {
		t.Fatalf("round = %s", got)
	}
}

func TestParseSymbol(t *testing.T) {
	ok := map[string]string{"nvda": "NVDA", " 005930.ks ": "005930.KS", "^KS11": "^KS11",
		"usdkrw=x": "USDKRW=X", "BRK-B": "BRK-B", "A": "A", "ABCDEFGHIJ0123456789": "ABCDEFGHIJ0123456789"}
	for in, want := range ok {
		got, err := journal.ParseSymbol(in)
		if err != nil || got != want {
			t.Errorf("ParseSymbol(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "  ", "ABCDEFGHIJ01234567890", "NV DA", "삼성전자", "NVDA!", "a/b", "$TSLA"} {
		if _, err := journal.ParseSymbol(bad); err == nil {
			t.Errorf("ParseSymbol(%q): want error", bad)
		}
	}
}

func TestFormatPrice(t *testing.T) {
	cases := []struct{ sym, amount, cur, want string }{
		{"NVDA", "128.99", "USD", "$128.99"},
		{"005930.KS", "53400", "KRW", "₩53,400"},
		{"^KS11", "2536.8", "KRW", "2,536.80"},
		{"USDKRW=X", "1441.5", "KRW", "1,441.50 KRW"},
		{"EURUSD=X", "1.08345", "USD", "1.0835 USD"},
		// A London listing quoted in pence keeps the pence: 68.50p is £0.6850.
		{"VOD.L", "68.50", "GBp", "£0.6850"},
		{"VOD.L", "65.4", "GBX", "£0.6540"},
		{"OCDO.L", "308.8", "GBp", "£3.088"},
		{"NPN.JO", "345678", "ZAc", "3,456.78 ZAR"},
		{"AAPL", "228.5", "USD", "$228.50"},
		// No decimals where the currency has none.
		{"7203.T", "2345.5", "JPY", "¥2,346"},
		{"005930.KS", "61000", "KRW", "₩61,000"},
		// Crypto and funds keep the decimals they have, up to eight.
		{"BTC-USD", "97123.453125", "USD", "$97,123.453125"},
		{"SHIB-USD", "0.00002345", "USD", "$0.00002345"},
		{"DOGE-KRW", "0.35", "KRW", "₩0.35"},
		{"XYZ-USD", "0.123456789123", "USD", "$0.12345679"},
		{"VFIAX", "512.3400", "USD", "$512.34"},
		{"NVDA", "-12.5", "USD", "-$12.50"},
	}
	for _, c := range cases {
		if got := journal.FormatPrice(c.sym, journal.MustMoney(c.amount, c.cur)); got != c.want {
			t.Errorf("FormatPrice(%s, %s) = %q, want %q", c.sym, c.amount, got, c.want)
		}
	}
}

func TestMainUnit(t *testing.T) {
	cases := []struct{ code, iso, factor string }{
		{"GBp", "GBP", "0.01"}, {"GBX", "GBP", "0.01"}, {"ZAc", "ZAR", "0.01"}, {"ILA", "ILS", "0.01"},
		{"GBP", "GBP", "1"}, {"usd", "USD", "1"}, {"KRW", "KRW", "1"},
	}
	for _, c := range cases {
		iso, f, err := journal.MainUnit(c.code)
		if err != nil || iso != c.iso || !f.Equal(decimal.RequireFromString(c.factor)) {
			t.Errorf("MainUnit(%q) = %q, %s, %v; want %q, %s", c.code, iso, f, err, c.iso, c.factor)
		}
		m, err := journal.NewMoney(decimal.RequireFromString("68.50"), c.code)
		if err != nil || m.Currency != c.iso || !m.Amount.Equal(decimal.RequireFromString("68.50").Mul(f)) {
			t.Errorf("NewMoney(68.50, %q) = %v, %v", c.code, m, err)
		}
	}
	if _, _, err := journal.MainUnit("XXX"); journal.ErrorCode(err) != journal.EINVALID {
		t.Errorf("unknown currency: %v", err)
	}
}

// TestParseDecimalSeparators: a grouping separator is read only where it groups digits
// in threes; anything else that could be a decimal comma is refused with a message that
// shows the number the person may have meant.
func TestParseDecimalSeparators(t *testing.T) {
	ok := []struct{ in, want string }{
		{"1234.56", "1234.56"},
		{"1,234.56", "1234.56"},
		{"1,234,567", "1234567"},
		{"12,500", "12500"},
		{"999,999.99", "999999.99"},
		{"-1,234", "-1234"},
		{"+1,234.5", "1234.5"},
		{"1 234 567", "1234567"},
		{" 1 000 ", "1000"},
		{"1\u00a0234.5", "1234.5"},
		{"1_000_000", "1000000"},
		{"-12.5", "-12.5"},
		{"+3", "3"},
		{".5", "0.5"},
		{"5.", "5"},
		{"0", "0"},
		{"0.000001", "0.000001"},
		{"1000", "1000"},
	}
	for _, tt := range ok {
		d, err := journal.ParseDecimal(tt.in)
		if err != nil {
			t.Errorf("ParseDecimal(%q): %v", tt.in, err)
			continue
		}
		if !d.Equal(decimal.RequireFromString(tt.want)) {
			t.Errorf("ParseDecimal(%q) = %v, want %s", tt.in, d, tt.want)
		}
	}
	bad := []struct{ in, msg string }{
		{"1,23", `amount "1,23": a comma groups thousands (1,234); for a decimal use a point: 1.23`},
		{"5,5", `amount "5,5": a comma groups thousands (1,234); for a decimal use a point: 5.5`},
		{"1,2345", `amount "1,2345": a comma groups thousands (1,234); for a decimal use a point: 1.2345`},
		{",5", `amount ",5": a comma groups thousands (1,234); for a decimal use a point: 0.5`},
		{"0,123", `amount "0,123": a comma groups thousands (1,234); for a decimal use a point: 0.123`},
		{"1,234,56", `amount "1,234,56": a comma groups thousands (1,234); for a decimal use a point: 1234.56`},
		{"1 234,56", `amount "1 234,56": a comma groups thousands (1,234); for a decimal use a point: 1234.56`},
		{"1.234,56", `amount "1.234,56": a comma cannot follow the decimal point; for 1234.56 write 1234.56 or 1,234.56`},
		{"1,234.5,6", `amount "1,234.5,6": a comma cannot follow the decimal point`},
		{"1,,234", `amount "1,,234": digits are grouped in threes, as in 1,234,567`},
		{"1,23,456", `amount "1,23,456": digits are grouped in threes, as in 1,234,567`},
		{"5,", `amount "5,": digits are grouped in threes, as in 1,234,567`},
		{",234", `amount ",234": digits are grouped in threes, as in 1,234,567`},
		{"1 2", `amount "1 2": digits are grouped in threes, as in 1,234,567`},
		{"1,234 567", `amount "1,234 567": digits are grouped with more than one kind of separator`},
		{"1.000_5", `amount "1.000_5": digits after the decimal point cannot be grouped`},
		{"1.234.567", `amount "1.234.567" has more than one decimal point; to group thousands use commas: 1,234,567`},
		{"12,5x", `amount "12,5x" is not a number`},
		{"-", `amount "-" is not a number`},
		{".", `amount "." is not a number`},
		{"+-1", `amount "+-1" is not a number`},
		{strings.Repeat("9", 41), `amount "99999999999999999999…": too many digits (41); at most 40`},
		{"0." + strings.Repeat("0", 40) + "1", `amount "0.000000000000000000…": too many digits (41); at most 40`},
		{"-" + strings.Repeat("1", 41), `amount "-1111111111111111111…": too many digits (41); at most 40`},
		{strings.Repeat("1", 101), `amount "11111111111111111111…" is longer than 100 characters`},
	}
	for _, tt := range bad {
		_, err := journal.ParseDecimal(tt.in)
		if err == nil || err.Error() != tt.msg {
			t.Errorf("ParseDecimal(%q) error = %v\n want %s", tt.in, err, tt.msg)
		}
		if journal.ErrorCode(err) != journal.EINVALID {
			t.Errorf("ParseDecimal(%q) code = %q, want invalid", tt.in, journal.ErrorCode(err))
		}
	}
	for _, in := range []string{strings.Repeat("9", 40), "9,999,999,999,999,999,999,999,999,999,999,999,999,999.00",
		"0.0" + strings.Repeat("7", 39), "00012.50000"} {
		if _, err := journal.ParseDecimal(in); err != nil {
			t.Errorf("40 digits: %v", err)
		}
	}
}

// TestParseDateRange: dates before 1900 are refused as out of range, not as unset.
func TestParseDateRange(t *testing.T) {
	for _, in := range []string{"0001-01-01", "1899-12-31"} {
		_, err := journal.ParseDate(in)
		if want := "date " + in + " is before 1900"; err == nil || err.Error() != want {
			t.Errorf("ParseDate(%q) error = %v, want %q", in, err, want)
		}
	}
	if d, err := journal.ParseDate("1900-01-01"); err != nil || d.String() != "1900-01-01" {
		t.Errorf("ParseDate(1900-01-01) = %v, %v", d, err)
	}
}

// TestParseMoneySubunitDigits: an amount in pence that would take more than 40
// digits in pounds is refused, so every accepted amount can be written and read again.
func TestParseMoneySubunitDigits(t *testing.T) {
	tiny := "0." + strings.Repeat("0", 39) + "1" // 40 digits; 42 in pounds
	_, err := journal.ParseMoney(tiny, "GBp")
	if want := `amount "0.000000000000000000…": too many digits in GBP (42); at most 40`; err == nil || err.Error() != want {
		t.Fatalf("ParseMoney(%s GBp) error = %v, want %s", tiny, err, want)
	}
	m, err := journal.ParseMoney("1234.5", "GBp")
	if err != nil {
		t.Fatal(err)
	}
	if back, err := journal.ParseMoney(m.Amount.String(), m.Currency); err != nil || !back.Amount.Equal(m.Amount) {
		t.Fatalf("round trip of %v: %v, %v", m, back, err)
	}
}
