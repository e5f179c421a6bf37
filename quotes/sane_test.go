package quotes_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/quotes"
)

func TestSanePrice(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // "" for accepted, else part of the error
	}{
		{"244.6", ""},
		{"0.00001234", ""},         // a small coin
		{"25000000000", ""},        // Bitcoin in dong
		{"999999999999999.99", ""}, // just below 10^15
		{"1000000000000000", "more than 15 digits"},
		{"1e308", "more than 15 digits"},
		{"0", "not greater than zero"},
		{"-5", "not greater than zero"},
		{"1e-400", "smaller than 1e-12"},
		{"0.000000000000000000000000000000000000001", "smaller than 1e-12"},
		{"0.000000000001", ""}, // the smallest accepted
		{"0.0000000000009", "smaller than 1e-12"},
		{"0.123456789012345678901234567890123456789012345", "too many digits"},
	} {
		err := quotes.SanePrice(decimal.RequireFromString(c.in))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("SanePrice(%s) = %v, want accepted", c.in, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, quotes.ErrBadResponse)):
			t.Errorf("SanePrice(%s) = %v, want an ErrBadResponse with %q", c.in, err, c.want)
		}
	}
	// What SanePrice accepts the journal's own number syntax reads back.
	if _, err := journal.ParseDecimal(decimal.RequireFromString("999999999999999.99").String()); err != nil {
		t.Fatal(err)
	}
}

func TestShortDecimal(t *testing.T) {
	for in, want := range map[string]string{
		"244.6": "244.6", "1e308": "1e+308", "1e-400": "1e-400", "-123456789012345678901234567": "-1.2345678e+26",
	} {
		if got := quotes.ShortDecimal(decimal.RequireFromString(in)); got != want {
			t.Errorf("ShortDecimal(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckQuote(t *testing.T) {
	q := func(price, prev string) quotes.Quote {
		out := quotes.Quote{Symbol: "ZZZ", Price: journal.Money{Amount: decimal.RequireFromString(price), Currency: "USD"}}
		if prev != "" {
			out.PreviousClose = journal.Money{Amount: decimal.RequireFromString(prev), Currency: "USD"}
		}
		return out
	}
	for _, c := range []struct {
		q    quotes.Quote
		want string
	}{
		{q("244.6", "241.53"), ""},
		{q("244.6", ""), ""},
		{q("1e308", ""), "price 1e+308 USD of ZZZ refused: more than 15 digits"},
		{q("244.6", "1e308"), "previous close 1e+308 USD of ZZZ refused"},
		{q("1223000", "244.6"), "more than 1000× away from the previous close 244.6"}, // 5000×
		{q("0.04", "244.6"), "more than 1000× away"},
		{q("240000", "244.6"), ""}, // 981×: a wild day, still a price
		{quotes.Quote{Symbol: "ZZZ", Price: journal.Money{Amount: decimal.NewFromInt(5), Currency: "XXX"}}, "unknown currency"},
	} {
		err := quotes.CheckQuote(c.q)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("CheckQuote(%v, %v) = %v, want accepted", c.q.Price, c.q.PreviousClose, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("CheckQuote(%v, %v) = %v, want %q", c.q.Price, c.q.PreviousClose, err, c.want)
		}
	}
	if r := quotes.Reason(quotes.CheckQuote(q("1e308", ""))); !strings.Contains(r, "1e+308") || !strings.Contains(r, "ZZZ") {
		t.Errorf("Reason of a refused price = %q; want it to name the symbol and value", r)
	}
}

func TestSaneBars(t *testing.T) {
	day := func(i int) time.Time { return time.Date(2025, 2, 3+i, 0, 0, 0, 0, time.UTC) }
	bars := func(closes ...string) []quotes.Bar {
		out := make([]quotes.Bar, len(closes))
		for i, c := range closes {
			d := decimal.RequireFromString(c)
			out[i] = quotes.Bar{Time: day(i), Currency: "USD", Open: d, High: d, Low: d, Close: d, AdjClose: d}
		}
		return out
	}
	closes := func(bs []quotes.Bar) string {
		var s []string
		for _, b := range bs {
			s = append(s, b.Close.String())
		}
		return strings.Join(s, " ")
	}
	for _, c := range []struct {
		in   []quotes.Bar
		want string // kept closes, or "error"
	}{
		{bars("100", "101", "102"), "100 101 102"},
		{bars("1e308", "101", "102", "103"), "101 102 103"},  // absurd first bar
		{bars("100", "101", "505000", "102"), "100 101 102"}, // a 5000× spike
		{bars("100", "101", "0.02", "102"), "100 101 102"},   // a 5000× dip
		{bars("500000", "101", "102", "103"), "101 102 103"}, // the first bar is the odd one out
		{bars("100", "101", "102", "510000"), "100 101 102"}, // the last bar is the odd one out
		{bars("100", "1e-400", "102"), "100 102"},            // too many digits
		{bars("1e308", "1e307", "101"), "error"},             // mostly absurd: refused
		{bars("1e308"), "error"},
		{bars("100", "900", "8100", "72900", "656100"), "100 900 8100 72900 656100"}, // 9× a day is steep, not absurd
	} {
		got, err := quotes.SaneBars("ZZZ", c.in)
		switch {
		case c.want == "error":
			if err == nil || !errors.Is(err, quotes.ErrBadResponse) || !strings.Contains(err.Error(), "ZZZ") {
				t.Errorf("SaneBars(%s) = %s, %v; want an error naming ZZZ", closes(c.in), closes(got), err)
			}
		case err != nil || closes(got) != c.want:
			t.Errorf("SaneBars(%s) = %s, %v; want %s", closes(c.in), closes(got), err, c.want)
		}
	}
	// A bar whose low is 5000× below its close is dropped.
	b := bars("100", "101", "102")
	b[1].Low = decimal.RequireFromString("0.0202")
	if got, err := quotes.SaneBars("ZZZ", b); err != nil || closes(got) != "100 102" {
		t.Errorf("bar with an absurd low: %s, %v", closes(got), err)
	}
}
