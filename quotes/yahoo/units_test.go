package yahoo_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/quotes"
	"hindsight/quotes/yahoo"
	"hindsight/quotes/yahoo/yahootest"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func londonDay(d int) time.Time { return time.Date(2026, 11, d, 8, 0, 0, 0, time.UTC) }

// TestHistoryInPence: a London listing's chart comes in pence and leaves the provider in
// pounds, like its quote, with the bars marked GBP.
func TestHistoryInPence(t *testing.T) {
	srv := yahootest.NewServer(t)
	srv.SetBars("VOD.L", "GBp", []time.Time{londonDay(2), londonDay(3), londonDay(4), londonDay(5)}, []float64{68.50, 67.90, 66.10, 65.40})
	now := londonDay(5).Add(10 * time.Hour)
	p, _ := newProvider(t, srv, yahoo.Options{Now: func() time.Time { return now }})
	bars, err := p.History(context.Background(), "VOD.L", londonDay(1), now, quotes.Interval1d)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"0.685", "0.679", "0.661", "0.654"}
	if len(bars) != len(want) {
		t.Fatalf("%d bars, want %d", len(bars), len(want))
	}
	for i, b := range bars {
		if b.Currency != "GBP" || !b.Close.Equal(dec(want[i])) || !b.AdjClose.Equal(dec(want[i])) || !b.Open.Equal(dec(want[i])) {
			t.Errorf("bar %d: %+v, want close %s GBP", i, b, want[i])
		}
	}
	// A listing in a main unit is left as it is.
	srv.SetBars("SAP.DE", "EUR", []time.Time{londonDay(4), londonDay(5)}, []float64{231.5, 233.25})
	bars, err = p.History(context.Background(), "SAP.DE", londonDay(1), now, quotes.Interval1d)
	if err != nil || len(bars) != 2 || bars[1].Currency != "EUR" || !bars[1].Close.Equal(dec("233.25")) {
		t.Errorf("EUR bars %+v, %v", bars, err)
	}

	// The quote derived from the chart (when the quote endpoint fails) is in pounds too,
	// its previous close from the bars included.
	srv.Enqueue(yahootest.Quote, yahootest.Response{Status: 500}, yahootest.Response{Status: 500},
		yahootest.Response{Status: 500}, yahootest.Response{Status: 500})
	qs, err := p.Quote(context.Background(), "VOD.L")
	if err != nil || len(qs) != 1 {
		t.Fatalf("chart quote: %v %v", qs, err)
	}
	if q := qs[0]; q.Price.Currency != "GBP" || !q.Price.Amount.Equal(dec("0.654")) || !q.PreviousClose.Amount.Equal(dec("0.661")) || q.Basis != quotes.BasisMarket {
		t.Errorf("chart quote %+v, want 0.654 GBP after 0.661", q)
	}
}

// TestFundPrices: a quote without a regular-market price takes the fund's NAV, else the
// previous close, else the chart's last close, each marked; only a symbol with none of
// them is "no price".
func TestFundPrices(t *testing.T) {
	srv := yahootest.NewServer(t)
	at := float64(londonDay(5).Unix())
	srv.SetQuote("VFIAX", "AAPL", map[string]any{"quoteType": "MUTUALFUND", "regularMarketPrice": nil, "navPrice": 512.34, "regularMarketPreviousClose": 510.0, "regularMarketTime": at})
	srv.SetQuote("FUNDB", "AAPL", map[string]any{"quoteType": "MUTUALFUND", "regularMarketPrice": nil, "regularMarketPreviousClose": 101.25, "regularMarketTime": at})
	srv.SetQuote("FUNDC", "AAPL", map[string]any{"quoteType": "MUTUALFUND", "regularMarketPrice": nil, "regularMarketPreviousClose": nil})
	srv.SetBars("FUNDC", "USD", []time.Time{londonDay(3), londonDay(4)}, []float64{20.5, 20.75})
	srv.SetChart("FUNDC", "FUNDC", map[string]any{"regularMarketPrice": 0.0})
	now := londonDay(5).Add(10 * time.Hour)
	p, _ := newProvider(t, srv, yahoo.Options{Now: func() time.Time { return now }})
	qs, err := p.Quote(context.Background(), "VFIAX", "FUNDB", "FUNDC", "BRKS")
	got := map[string]quotes.Quote{}
	for _, q := range qs {
		got[q.Symbol] = q
	}
	cases := []struct {
		sym, price string
		basis      quotes.Basis
	}{
		{"VFIAX", "512.34", quotes.BasisNAV},
		{"FUNDB", "101.25", quotes.BasisPreviousClose},
		{"FUNDC", "20.75", quotes.BasisLastClose},
	}
	for _, c := range cases {
		q, ok := got[c.sym]
		if !ok {
			t.Errorf("%s: no quote (%v)", c.sym, err)
			continue
		}
		if !q.Price.Amount.Equal(dec(c.price)) || q.Price.Currency != "USD" || q.Basis != c.basis {
			t.Errorf("%s: %s %q, want %s USD %q", c.sym, q.Price, q.Basis, c.price, c.basis)
		}
		if c.basis.Label() == "" {
			t.Errorf("%s: basis %q has no label", c.sym, c.basis)
		}
	}
	// A previous close is not compared with itself.
	if q := got["FUNDB"]; !q.Change.IsZero() || !q.PreviousClose.IsZero() {
		t.Errorf("FUNDB change %s from %s, want none", q.Change, q.PreviousClose)
	}
	// The delisted symbol has nothing anywhere: no price, and it is the only failure.
	var se quotes.SymbolErrors
	if !errors.As(err, &se) || len(se) != 1 || !errors.Is(se["BRKS"], quotes.ErrNoPrice) {
		t.Errorf("errors %v, want BRKS: no price only", err)
	}
}
