package quotes_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/quotes"
	"hindsight/quotes/yahoo"
	"hindsight/quotes/yahoo/yahootest"
)

// pair makes the quote endpoint answer an FX symbol in the recorded EURUSD=X shape.
func pair(srv *yahootest.Server, symbol, currency string, price float64) {
	srv.SetQuote(symbol, "EURUSD=X", map[string]any{
		"currency": currency, "regularMarketPrice": price, "regularMarketPreviousClose": price,
		"shortName": symbol[:3] + "/" + symbol[3:6],
	})
}

func TestFXRates(t *testing.T) {
	srv := yahootest.NewServer(t)
	const usdkrw, gbpkrw, krwjpy = 1443.5, 1818.25, 0.1049
	pair(srv, "USDKRW=X", "KRW", usdkrw)
	pair(srv, "GBPKRW=X", "KRW", gbpkrw)
	pair(srv, "KRWJPY=X", "JPY", krwjpy) // only the inverse of JPYKRW=X is listed
	p := yahoo.New(yahoo.Options{BaseURL: srv.URL, Timeout: 5 * time.Second})

	rates, err := quotes.FXRates(context.Background(), p, []string{"USD", "usd", "KRW", "GBp", "GBP", "JPY", "CHF"}, "KRW")
	want := map[string]decimal.Decimal{
		"USD": decimal.NewFromFloat(usdkrw),
		"KRW": decimal.NewFromInt(1),
		"GBP": decimal.NewFromFloat(gbpkrw),
		"GBp": decimal.NewFromFloat(gbpkrw).Div(decimal.NewFromInt(100)),
		"JPY": decimal.NewFromInt(1).DivRound(decimal.NewFromFloat(krwjpy), 12),
	}
	for c, w := range want {
		if got, ok := rates[c]; !ok || !got.Equal(w) {
			t.Errorf("rate %s = %s, want %s", c, got, w)
		}
	}
	if _, ok := rates["CHF"]; ok {
		t.Errorf("CHF has a rate though no pair is listed")
	}
	var se quotes.SymbolErrors
	if !errors.As(err, &se) || len(se) != 1 || !errors.Is(se["CHF"], quotes.ErrUnknownSymbol) {
		t.Fatalf("error %v, want CHF unknown", err)
	}
	// One request for the direct pairs, one for the inverses of those missing.
	if c := srv.Count(yahootest.Quote); c != 2 {
		t.Errorf("%d quote requests, want 2", c)
	}
	var asked []string
	for _, r := range srv.Requests() {
		if r.Kind == yahootest.Quote {
			asked = append(asked, r.Query.Get("symbols"))
		}
	}
	if len(asked) != 2 || asked[0] != "USDKRW=X,GBPKRW=X,JPYKRW=X,CHFKRW=X" || asked[1] != "KRWJPY=X,KRWCHF=X" {
		t.Errorf("asked %q", asked)
	}

	// The rates convert a position's money into the base currency.
	m, err := quotes.Convert(journal.MustMoney("308.8", "GBp"), "KRW", rates)
	if err != nil {
		t.Fatal(err)
	}
	if wantKRW := decimal.RequireFromString("3.088").Mul(decimal.NewFromFloat(gbpkrw)); !m.Amount.Equal(wantKRW) || m.Currency != "KRW" {
		t.Errorf("Convert = %s, want %s KRW", m, wantKRW)
	}
	if _, err := quotes.Convert(journal.MustMoney("1", "CHF"), "KRW", rates); err == nil {
		t.Errorf("Convert without a rate succeeded")
	}
}

func TestFXRatesRecordedPair(t *testing.T) {
	srv := yahootest.NewServer(t)
	p := yahoo.New(yahoo.Options{BaseURL: srv.URL, Timeout: 5 * time.Second})
	rates, err := quotes.FXRates(context.Background(), p, []string{"EUR"}, "USD")
	if err != nil {
		t.Fatal(err)
	}
	fields := srv.QuoteFields("EURUSD=X")
	if want := decimal.NewFromFloat(fields["regularMarketPrice"].(float64)); !rates["EUR"].Equal(want) {
		t.Errorf("EUR = %s, want %s", rates["EUR"], want)
	}
}

func TestFXRatesArguments(t *testing.T) {
	srv := yahootest.NewServer(t)
	p := yahoo.New(yahoo.Options{BaseURL: srv.URL, Timeout: 5 * time.Second})
	tests := []struct {
		name       string
		currencies []string
		base       string
		ok         bool
	}{
		{"base only", []string{"KRW", "krw"}, "KRW", true},
		{"nothing", nil, "USD", true},
		{"subunit base", []string{"USD"}, "GBp", false},
		{"unknown base", []string{"USD"}, "XYZ", false},
		{"unknown currency", []string{"XYZ"}, "USD", false},
	}
	for _, tt := range tests {
		rates, err := quotes.FXRates(context.Background(), p, tt.currencies, tt.base)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.name, err)
		}
		if tt.ok && len(tt.currencies) > 0 && !rates[tt.base].Equal(decimal.NewFromInt(1)) {
			t.Errorf("%s: base rate %s", tt.name, rates[tt.base])
		}
	}
	if srv.Total() != 0 {
		t.Errorf("%d requests where none were needed", srv.Total())
	}
}
