package quotes_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/quotes"
	"hindsight/quotes/cache"
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

// krwSeries makes the chart endpoint answer USDKRW=X with daily closes at midnight
// London time: 00:00 UTC in winter, 23:00 UTC the day before in summer.
func krwSeries(srv *yahootest.Server) {
	utc := func(m time.Month, d, h int) time.Time { return time.Date(2025, m, d, h, 0, 0, 0, time.UTC) }
	srv.SetBars("USDKRW=X", "KRW",
		[]time.Time{utc(3, 3, 0), utc(3, 4, 0), utc(3, 5, 0), utc(3, 6, 0), utc(3, 7, 0), utc(3, 10, 0), utc(6, 12, 23)},
		[]float64{1450.5, 1460.25, 1455, 1449.75, 1452.5, 1458, 1370.5})
}

func TestRatesOn(t *testing.T) {
	ctx := context.Background()
	srv := yahootest.NewServer(t)
	krwSeries(srv)
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 12, 0, 0, 0, time.UTC) }
	date := func(m time.Month, d int) journal.Date { return journal.Date{Year: 2025, Month: m, Day: d} }
	days := []time.Time{day(3, 8), day(3, 9), day(3, 4), day(3, 10), day(3, 17), day(3, 18), day(6, 13), day(3, 1)}
	// KRW per USD, by hand: Saturday 03-08 and Sunday 03-09 take Friday 03-07's 1452.5;
	// Tuesday 03-04 its own 1460.25; Monday 03-10 its own 1458; Monday 03-17 is 7 days
	// after 03-10 and still takes 1458; Tuesday 03-18 is 8 days after it: absent. The bar
	// of 2025-06-12 23:00 UTC is midnight of 06-13 in London: 1370.5 for 06-13. Saturday
	// 03-01 has no close before it: absent.
	want := map[journal.Date]string{
		date(3, 8): "1452.5", date(3, 9): "1452.5", date(3, 4): "1460.25", date(3, 10): "1458",
		date(3, 17): "1458", date(6, 13): "1370.5",
	}
	// USD per KRW from the inverted pair (KRWUSD=X is unknown): 1/1452.5 and 1/1460.25
	// rounded to 12 places.
	inverse := map[journal.Date]string{date(3, 8): "0.000688468158", date(3, 4): "0.000684814244"}

	p := yahoo.New(yahoo.Options{BaseURL: srv.URL, Timeout: 5 * time.Second})
	tests := []struct {
		name           string
		currency, base string
		days           []time.Time
		want           map[journal.Date]string
		charts         int
	}{
		{"USD in KRW", "USD", "KRW", days, want, 1},
		{"KRW in USD, inverted", "krw", "USD", []time.Time{day(3, 8), day(3, 4)}, inverse, 2},
		{"same currency", "KRW", "KRW", []time.Time{day(3, 8)}, map[journal.Date]string{date(3, 8): "1"}, 0},
		{"pence in pounds", "GBp", "GBP", []time.Time{day(3, 8)}, map[journal.Date]string{date(3, 8): "0.01"}, 0},
		{"no days", "USD", "KRW", nil, map[journal.Date]string{}, 0},
	}
	for _, tt := range tests {
		srv.Reset()
		got, err := quotes.RatesOn(ctx, p, tt.currency, tt.base, tt.days)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		sameRates(t, tt.name, got, tt.want)
		if n := srv.Count(yahootest.Chart); n != tt.charts || srv.Total() != tt.charts {
			t.Errorf("%s: %d chart requests (%d in all), want %d", tt.name, n, srv.Total(), tt.charts)
		}
	}
	// The one request spans the days: from 8 days before the first (2025-02-21) to the
	// day after the last (2025-06-14).
	srv.Reset()
	if _, err := quotes.RatesOn(ctx, p, "USD", "KRW", days); err != nil {
		t.Fatal(err)
	}
	if r := srv.Requests(); len(r) != 1 || r[0].Path != "/v8/finance/chart/USDKRW=X" ||
		r[0].Query.Get("period1") != "1740096000" || r[0].Query.Get("period2") != "1749859200" {
		t.Errorf("requests %+v", r)
	}

	// Errors: an unknown pair both ways, a subunit base, an unknown currency.
	if _, err := quotes.RatesOn(ctx, p, "CHF", "KRW", days); !errors.Is(err, quotes.ErrUnknownSymbol) {
		t.Errorf("unknown pair: %v", err)
	}
	if _, err := quotes.RatesOn(ctx, p, "USD", "GBp", days); journal.ErrorCode(err) != journal.EINVALID {
		t.Errorf("subunit base: %v", err)
	}
	if _, err := quotes.RatesOn(ctx, p, "QQQ", "KRW", days); journal.ErrorCode(err) != journal.EINVALID {
		t.Errorf("unknown currency: %v", err)
	}
}

func sameRates(t *testing.T, name string, got map[journal.Date]decimal.Decimal, want map[journal.Date]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d rates %v, want %d %v", name, len(got), got, len(want), want)
	}
	for d, w := range want {
		if r, ok := got[d]; !ok || !r.Equal(decimal.RequireFromString(w)) {
			t.Errorf("%s: rate on %s = %v (%v), want %s", name, d, r, ok, w)
		}
	}
}

// TestRatesOnThroughTheCache: through a Cached provider over a cache file the rates
// take one request, then none, and are answered offline after a restart.
func TestRatesOnThroughTheCache(t *testing.T) {
	ctx := context.Background()
	srv := yahootest.NewServer(t)
	krwSeries(srv)
	path := filepath.Join(t.TempDir(), cache.FileName)
	store, err := cache.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	days := []time.Time{time.Date(2025, 3, 8, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 18, 0, 0, 0, 0, time.UTC)}
	// 03-08 takes Friday 03-07's 1452.5; 03-18 is 8 days after the last close: absent.
	want := map[journal.Date]string{{Year: 2025, Month: 3, Day: 8}: "1452.5"}
	online := quotes.NewCached(yahoo.New(yahoo.Options{BaseURL: srv.URL, Timeout: 5 * time.Second}), store, quotes.CachedOptions{})
	for i := range 2 {
		got, err := quotes.RatesOn(ctx, online, "USD", "KRW", days)
		if err != nil {
			t.Fatal(err)
		}
		sameRates(t, "online", got, want)
		if n := srv.Count(yahootest.Chart); n != 1 {
			t.Errorf("call %d: %d chart requests in all, want 1", i+1, n)
		}
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	offline := quotes.NewCached(nil, mustOpenCache(t, path), quotes.CachedOptions{Offline: true})
	got, err := quotes.RatesOn(ctx, offline, "USD", "KRW", days)
	if err != nil {
		t.Fatal(err)
	}
	sameRates(t, "offline", got, want)
}

func mustOpenCache(tb testing.TB, path string) *cache.Store {
	tb.Helper()
	s, err := cache.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}
