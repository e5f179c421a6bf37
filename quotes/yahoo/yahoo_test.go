package yahoo_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/quotes"
	"hindsight/quotes/yahoo"
	"hindsight/quotes/yahoo/yahootest"
)

// sleeper records the waits a Provider asks for instead of sleeping.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	return ctx.Err()
}

func (s *sleeper) Waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

func newProvider(t testing.TB, srv *yahootest.Server, opts yahoo.Options) (*yahoo.Provider, *sleeper) {
	t.Helper()
	sl := &sleeper{}
	opts.BaseURL = srv.URL
	if opts.Sleep == nil {
		opts.Sleep = sl.Sleep
	}
	if opts.Timeout == 0 {
		opts.Timeout = 5 * time.Second
	}
	return yahoo.New(opts), sl
}

func num(t *testing.T, m map[string]any, key string) decimal.Decimal {
	t.Helper()
	f, ok := m[key].(float64)
	if !ok {
		t.Fatalf("fixture field %s is %T, not a number", key, m[key])
	}
	return decimal.NewFromFloat(f)
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// expectQuote builds the expected quote from the recorded fields, converting pence to
// pounds by the ISO rule (a hundredth).
func expectQuote(t *testing.T, fields map[string]any) quotes.Quote {
	t.Helper()
	cur := str(fields, "currency")
	scale := decimal.NewFromInt(1)
	iso := cur
	if cur == "GBp" {
		scale, iso = decimal.New(1, -2), "GBP"
	}
	price := num(t, fields, "regularMarketPrice").Mul(scale)
	prev := num(t, fields, "regularMarketPreviousClose").Mul(scale)
	change := price.Sub(prev)
	return quotes.Quote{
		Symbol:        str(fields, "symbol"),
		Price:         journal.Money{Amount: price, Currency: iso},
		PreviousClose: journal.Money{Amount: prev, Currency: iso},
		Change:        change,
		ChangePercent: change.Mul(decimal.NewFromInt(100)).DivRound(prev, 4),
		MarketTime:    time.Unix(num(t, fields, "regularMarketTime").IntPart(), 0).UTC(),
		Exchange:      str(fields, "fullExchangeName"),
		ShortName:     str(fields, "shortName"),
		MarketState:   str(fields, "marketState"),
		Source:        journal.SourceYahoo,
	}
}

func sameQuote(t *testing.T, got, want quotes.Quote) {
	t.Helper()
	if got.Symbol != want.Symbol || !got.Price.Amount.Equal(want.Price.Amount) || got.Price.Currency != want.Price.Currency ||
		!got.PreviousClose.Amount.Equal(want.PreviousClose.Amount) || got.PreviousClose.Currency != want.PreviousClose.Currency ||
		!got.Change.Equal(want.Change) || !got.ChangePercent.Equal(want.ChangePercent) ||
		!got.MarketTime.Equal(want.MarketTime) || got.Exchange != want.Exchange || got.ShortName != want.ShortName ||
		got.MarketState != want.MarketState || got.Source != want.Source || got.Stale {
		t.Errorf("quote\n got %+v\nwant %+v", got, want)
	}
	if got.FetchedAt.IsZero() {
		t.Errorf("%s: FetchedAt not set", got.Symbol)
	}
}

func TestQuoteRecordedSymbols(t *testing.T) {
	srv := yahootest.NewServer(t)
	// A Korean listing in the real wire shape: the recorded AAPL result with the fields
	// a KRX listing differs in.
	srv.SetQuote("005930.KS", "AAPL", map[string]any{
		"currency": "KRW", "regularMarketPrice": 55000.0, "regularMarketPreviousClose": 54300.0,
		"shortName": "SamsungElec", "fullExchangeName": "KSE", "exchange": "KSC", "marketState": "REGULAR",
	})
	p, _ := newProvider(t, srv, yahoo.Options{})
	tests := []struct {
		symbol    string // as a person types it
		recorded  string // the recorded result
		currency  string
		formatted string // journal.Money.Format of the price
	}{
		{"AAPL", "AAPL", "USD", "$244.60"},
		{"ocdo.l", "OCDO.L", "GBP", "£3.09"},
		{"EURUSD=X", "EURUSD=X", "USD", "$1.05"},
		{"BTC-USD", "BTC-USD", "USD", "$96,077.45"},
		{" 005930.ks ", "005930.KS", "KRW", "₩55,000"},
	}
	for _, tt := range tests {
		t.Run(tt.recorded, func(t *testing.T) {
			qs, err := p.Quote(context.Background(), tt.symbol)
			if err != nil {
				t.Fatalf("Quote(%q): %v", tt.symbol, err)
			}
			if len(qs) != 1 {
				t.Fatalf("Quote(%q) returned %d quotes", tt.symbol, len(qs))
			}
			sameQuote(t, qs[0], expectQuote(t, srv.QuoteFields(tt.recorded)))
			if qs[0].Price.Currency != tt.currency {
				t.Errorf("currency %s, want %s", qs[0].Price.Currency, tt.currency)
			}
			if f := qs[0].Price.Format(); f != tt.formatted {
				t.Errorf("Format() = %q, want %q", f, tt.formatted)
			}
		})
	}
	// One session for all of them: one cookie, one crumb, one quote request per call.
	if c := srv.Count(yahootest.Cookie); c != 1 {
		t.Errorf("cookie requests %d, want 1", c)
	}
	if c := srv.Count(yahootest.Crumb); c != 1 {
		t.Errorf("crumb requests %d, want 1", c)
	}
	if c := srv.Count(yahootest.Quote); c != len(tests) {
		t.Errorf("quote requests %d, want %d", c, len(tests))
	}
	for _, r := range srv.Requests() {
		if !strings.HasPrefix(r.UserAgent, "Mozilla/5.0") {
			t.Errorf("%s request with User-Agent %q", r.Kind, r.UserAgent)
		}
		if r.Kind == yahootest.Quote && (r.Query.Get("crumb") != srv.CurrentCrumb() || r.Cookie == "") {
			t.Errorf("quote request without the session: crumb %q cookie %q", r.Query.Get("crumb"), r.Cookie)
		}
	}
}

func TestQuoteUnknownAndDelisted(t *testing.T) {
	srv := yahootest.NewServer(t)
	p, _ := newProvider(t, srv, yahoo.Options{})
	qs, err := p.Quote(context.Background(), "AAPL", "SIX", "BRKS", "not a symbol!")
	if len(qs) != 1 || qs[0].Symbol != "AAPL" {
		t.Fatalf("quotes %+v, want AAPL only", qs)
	}
	var se quotes.SymbolErrors
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T), want SymbolErrors", err, err)
	}
	tests := []struct {
		symbol string
		want   error
	}{
		{"SIX", quotes.ErrUnknownSymbol},
		{"BRKS", quotes.ErrNoPrice},
	}
	for _, tt := range tests {
		if !errors.Is(se[tt.symbol], tt.want) {
			t.Errorf("%s: error %v, want %v", tt.symbol, se[tt.symbol], tt.want)
		}
	}
	if journal.ErrorCode(se["not a symbol!"]) != journal.EINVALID {
		t.Errorf("invalid symbol: %v", se["not a symbol!"])
	}
	if se["SIX"].Error() == se["BRKS"].Error() {
		t.Errorf("unknown and delisted read the same: %q", se["SIX"])
	}
	if !strings.Contains(err.Error(), "SIX: unknown symbol") || !strings.Contains(err.Error(), "BRKS: no price") {
		t.Errorf("message %q does not name both", err)
	}
	if c := srv.Count(yahootest.Quote); c != 1 {
		t.Errorf("quote requests %d, want 1", c)
	}
}

func TestQuoteBatchesAndDeduplicates(t *testing.T) {
	srv := yahootest.NewServer(t)
	srv.Synthesize("AAPL")
	p, _ := newProvider(t, srv, yahoo.Options{})
	var syms []string
	for i := range 120 {
		syms = append(syms, fmt.Sprintf("S%03d", i))
	}
	// Repeats in other spellings are asked for once.
	in := append(append([]string(nil), syms...), "s000", " S001 ", "S119")
	qs, err := p.Quote(context.Background(), in...)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != len(syms) {
		t.Fatalf("%d quotes, want %d", len(qs), len(syms))
	}
	for i, q := range qs {
		if q.Symbol != syms[i] {
			t.Fatalf("quote %d is %s, want %s (request order)", i, q.Symbol, syms[i])
		}
	}
	if c := srv.Count(yahootest.Quote); c != 3 {
		t.Errorf("quote requests %d, want 3", c)
	}
	seen := map[string]int{}
	for _, r := range srv.Requests() {
		if r.Kind != yahootest.Quote {
			continue
		}
		batch := strings.Split(r.Query.Get("symbols"), ",")
		if len(batch) > quotes.MaxBatch {
			t.Errorf("batch of %d symbols", len(batch))
		}
		for _, s := range batch {
			seen[s]++
		}
	}
	for _, s := range syms {
		if seen[s] != 1 {
			t.Errorf("%s asked %d times", s, seen[s])
		}
	}
}

func TestCrumbRefreshedOnceAfterRejection(t *testing.T) {
	tests := []struct {
		name   string
		reject func(srv *yahootest.Server)
	}{
		{"crumb expired", func(srv *yahootest.Server) { srv.RotateCrumb() }},
		{"401 Invalid Crumb", func(srv *yahootest.Server) {
			srv.Enqueue(yahootest.Quote, yahootest.Response{Status: 401, Header: http.Header{"Content-Type": {"application/json"}},
				Body: `{"finance":{"result":null,"error":{"code":"Unauthorized","description":"Invalid Crumb"}}}`})
		}},
		{"403", func(srv *yahootest.Server) {
			srv.Enqueue(yahootest.Quote, yahootest.Response{Status: 403, Body: "Forbidden"})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := yahootest.NewServer(t)
			p, _ := newProvider(t, srv, yahoo.Options{})
			ctx := context.Background()
			if _, err := p.Quote(ctx, "AAPL"); err != nil {
				t.Fatal(err)
			}
			// The crumb is kept while it works.
			if _, err := p.Quote(ctx, "BABA"); err != nil {
				t.Fatal(err)
			}
			if c := srv.Count(yahootest.Crumb); c != 1 {
				t.Fatalf("crumb requests %d before rejection, want 1", c)
			}
			tt.reject(srv)
			qs, err := p.Quote(ctx, "AAPL")
			if err != nil || len(qs) != 1 {
				t.Fatalf("after re-crumb: %v %v", qs, err)
			}
			if c := srv.Count(yahootest.Crumb); c != 2 {
				t.Errorf("crumb requests %d, want 2", c)
			}
			if c := srv.Count(yahootest.Cookie); c != 2 {
				t.Errorf("cookie requests %d, want 2 (cookie refreshed with the crumb)", c)
			}
			if c := srv.Count(yahootest.Quote); c != 4 {
				t.Errorf("quote requests %d, want 4 (2 + rejected + retried)", c)
			}
			if c := srv.Count(yahootest.Chart); c != 0 {
				t.Errorf("chart requests %d, want 0", c)
			}
		})
	}
}

func TestConcurrentCallersShareOneCrumbFetch(t *testing.T) {
	srv := yahootest.NewServer(t)
	srv.SetLatency(20 * time.Millisecond) // keep the callers overlapping
	p, _ := newProvider(t, srv, yahoo.Options{})
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			sym := []string{"AAPL", "BABA", "OCDO.L", "BTC-USD"}[i%4]
			qs, err := p.Quote(context.Background(), sym)
			if err == nil && (len(qs) != 1 || qs[0].Symbol != sym) {
				err = fmt.Errorf("got %v for %s", qs, sym)
			}
			errs <- err
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if c := srv.Count(yahootest.Crumb); c != 1 {
		t.Errorf("crumb requests %d, want 1", c)
	}
	if c := srv.Count(yahootest.Cookie); c != 1 {
		t.Errorf("cookie requests %d, want 1", c)
	}
	if c := srv.Count(yahootest.Quote); c != n {
		t.Errorf("quote requests %d, want %d", c, n)
	}
}

func TestConcurrentRejectionsShareOneRefresh(t *testing.T) {
	srv := yahootest.NewServer(t)
	p, _ := newProvider(t, srv, yahoo.Options{})
	if _, err := p.Quote(context.Background(), "AAPL"); err != nil {
		t.Fatal(err)
	}
	srv.RotateCrumb()
	srv.SetLatency(20 * time.Millisecond)
	var wg sync.WaitGroup
	var failed sync.Map
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := p.Quote(context.Background(), "AAPL"); err != nil {
				failed.Store(i, err)
			}
		}()
	}
	wg.Wait()
	failed.Range(func(k, v any) bool { t.Errorf("caller %v: %v", k, v); return true })
	if c := srv.Count(yahootest.Crumb); c != 2 {
		t.Errorf("crumb requests %d, want 2 (one refresh for all rejected callers)", c)
	}
}

// TestLateRejectionKeepsNewerCrumb: a request sent with the old crumb and rejected
// after another caller already fetched a new one must not throw the new one away.
func TestLateRejectionKeepsNewerCrumb(t *testing.T) {
	srv := yahootest.NewServer(t)
	p, _ := newProvider(t, srv, yahoo.Options{})
	ctx := context.Background()
	if _, err := p.Quote(ctx, "AAPL"); err != nil {
		t.Fatal(err)
	}
	reject := yahootest.Response{Status: 401, Body: `{"finance":{"result":null,"error":{"code":"Unauthorized","description":"Invalid Crumb"}}}`}
	late := reject
	late.Delay = 500 * time.Millisecond
	srv.Enqueue(yahootest.Quote, late, reject)
	lateDone := make(chan error, 1)
	go func() {
		_, err := p.Quote(ctx, "BABA")
		lateDone <- err
	}()
	for wait := 0; srv.Count(yahootest.Quote) < 2; wait++ { // the late request is at the server
		if wait > 5000 {
			t.Fatal("the late request never arrived")
		}
		time.Sleep(time.Millisecond)
	}
	if _, err := p.Quote(ctx, "AAPL"); err != nil { // rejected at once, re-crumbs
		t.Fatal(err)
	}
	if err := <-lateDone; err != nil {
		t.Fatal(err)
	}
	if c := srv.Count(yahootest.Crumb); c != 2 {
		t.Errorf("crumb requests %d, want 2: the late rejection dropped the new crumb", c)
	}
}

func htmlPage() yahootest.Response {
	return yahootest.Response{Status: 200, Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
		Body: "<!DOCTYPE html><html><head><title>Yahoo</title></head><body>Will be right back...</body></html>"}
}

func truncated(srv *yahootest.Server) yahootest.Response {
	r := srv.FixtureResponse("quote-AAPL.json")
	r.Body = r.Body[:len(r.Body)/2]
	return r
}

// TestQuoteEndpointFailuresFallBackToChart covers the quote endpoint failing in every
// way the issue lists. WSU.DE has a recorded chart and is answered from it; OCDO.L has
// none, so its error shows the quote endpoint's failure with its status.
func TestQuoteEndpointFailuresFallBackToChart(t *testing.T) {
	srv0 := yahootest.NewServer(t)
	wsu := srv0.ChartBody("WSU.DE")
	meta := wsu["chart"].(map[string]any)["result"].([]any)[0].(map[string]any)["meta"].(map[string]any)
	wantPrice := decimal.NewFromFloat(meta["regularMarketPrice"].(float64))

	tests := []struct {
		name       string
		script     func(srv *yahootest.Server) []yahootest.Response
		wantStatus int
		wantKind   error
		wantWaits  int
	}{
		{"403 twice", func(*yahootest.Server) []yahootest.Response {
			return []yahootest.Response{{Status: 403, Body: "Forbidden"}, {Status: 403, Body: "Forbidden"}}
		}, 403, nil, 0},
		{"401 twice", func(*yahootest.Server) []yahootest.Response {
			r := yahootest.Response{Status: 401, Header: http.Header{"Content-Type": {"application/json"}},
				Body: `{"finance":{"result":null,"error":{"code":"Unauthorized","description":"Invalid Crumb"}}}`}
			return []yahootest.Response{r, r}
		}, 401, nil, 0},
		{"404", func(*yahootest.Server) []yahootest.Response {
			return []yahootest.Response{{Status: 404, Body: "Not Found"}}
		}, 404, nil, 0},
		{"500 until retries run out", func(*yahootest.Server) []yahootest.Response {
			r := yahootest.Response{Status: 500, Body: "Internal Server Error"}
			return []yahootest.Response{r, r, r, r}
		}, 500, nil, 3},
		{"HTML page", func(*yahootest.Server) []yahootest.Response {
			return []yahootest.Response{htmlPage()}
		}, 200, quotes.ErrBadResponse, 0},
		{"truncated JSON", func(srv *yahootest.Server) []yahootest.Response {
			return []yahootest.Response{truncated(srv)}
		}, 200, quotes.ErrBadResponse, 0},
		{"error object", func(*yahootest.Server) []yahootest.Response {
			return []yahootest.Response{{Status: 200, Header: http.Header{"Content-Type": {"application/json"}},
				Body: `{"quoteResponse":{"result":null,"error":{"code":"Bad Request","description":"Missing value for the \"symbols\" argument"}}}`}}
		}, 200, quotes.ErrBadResponse, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := yahootest.NewServer(t)
			p, sl := newProvider(t, srv, yahoo.Options{})
			srv.Enqueue(yahootest.Quote, tt.script(srv)...)
			qs, err := p.Quote(context.Background(), "WSU.DE", "OCDO.L")
			if len(qs) != 1 || qs[0].Symbol != "WSU.DE" {
				t.Fatalf("quotes %+v, want WSU.DE from the chart", qs)
			}
			if !qs[0].Price.Amount.Equal(wantPrice) || qs[0].Price.Currency != "EUR" || qs[0].Source != journal.SourceYahoo {
				t.Errorf("WSU.DE from chart: %+v, want %s EUR", qs[0].Price, wantPrice)
			}
			ocdo := quotes.ErrorOf(err, "OCDO.L")
			var he *quotes.HTTPError
			if !errors.As(ocdo, &he) || he.Status != tt.wantStatus {
				t.Fatalf("OCDO.L error %v, want HTTP %d", ocdo, tt.wantStatus)
			}
			if tt.wantKind != nil && !errors.Is(ocdo, tt.wantKind) {
				t.Errorf("OCDO.L error %v, want %v", ocdo, tt.wantKind)
			}
			if !errors.Is(ocdo, quotes.ErrUnknownSymbol) {
				t.Errorf("OCDO.L error %v does not carry the chart's unknown symbol", ocdo)
			}
			if strings.Contains(ocdo.Error(), srv.CurrentCrumb()) {
				t.Errorf("error %q shows the crumb", ocdo)
			}
			if got := len(sl.Waits()); got != tt.wantWaits {
				t.Errorf("%d retry waits, want %d", got, tt.wantWaits)
			}
			if c := srv.Count(yahootest.Chart); c != 2 {
				t.Errorf("chart requests %d, want 2", c)
			}
			// The quote endpoint is left alone for a while: the next call goes to the chart.
			before := srv.Count(yahootest.Quote)
			if qs, err := p.Quote(context.Background(), "WSU.DE"); err != nil || len(qs) != 1 {
				t.Fatalf("second call: %v %v", qs, err)
			}
			if c := srv.Count(yahootest.Quote); c != before {
				t.Errorf("quote endpoint asked again during the cooldown")
			}
		})
	}
}

func TestFallbackCooldownEnds(t *testing.T) {
	srv := yahootest.NewServer(t)
	now := time.Date(2025, 2, 17, 15, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	p, _ := newProvider(t, srv, yahoo.Options{Now: clock, FallbackCooldown: time.Minute})
	srv.Enqueue(yahootest.Quote, yahootest.Response{Status: 404})
	if _, err := p.Quote(context.Background(), "WSU.DE"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	now = now.Add(2 * time.Minute)
	mu.Unlock()
	srv.Reset()
	if _, err := p.Quote(context.Background(), "AAPL"); err != nil {
		t.Fatal(err)
	}
	if srv.Count(yahootest.Quote) != 1 || srv.Count(yahootest.Chart) != 0 {
		t.Errorf("after the cooldown: quote %d chart %d requests, want 1 and 0", srv.Count(yahootest.Quote), srv.Count(yahootest.Chart))
	}
}

func TestChartFallbackUsesLastBarWithoutMetaPrice(t *testing.T) {
	srv := yahootest.NewServer(t)
	srv.SetChart("WSU.DE", "WSU.DE", map[string]any{"regularMarketPrice": 0.0, "regularMarketTime": 0.0})
	body := srv.ChartBody("WSU.DE")
	res := body["chart"].(map[string]any)["result"].([]any)[0].(map[string]any)
	ts := res["timestamp"].([]any)
	q := res["indicators"].(map[string]any)["quote"].([]any)[0].(map[string]any)
	closes := q["close"].([]any)
	last := len(ts) - 1
	wantPrice := decimal.NewFromFloat(closes[last].(float64)).Round(2)
	wantPrev := decimal.NewFromFloat(closes[last-1].(float64)).Round(2)
	// The clock stands just after the recorded bars, so the last week holds them.
	at := time.Unix(int64(ts[last].(float64)), 0).Add(20 * time.Hour)
	p, _ := newProvider(t, srv, yahoo.Options{Now: func() time.Time { return at }})
	srv.Enqueue(yahootest.Quote, yahootest.Response{Status: 500}, yahootest.Response{Status: 500},
		yahootest.Response{Status: 500}, yahootest.Response{Status: 500})
	qs, err := p.Quote(context.Background(), "WSU.DE")
	if err != nil || len(qs) != 1 {
		t.Fatalf("%v %v", qs, err)
	}
	if !qs[0].Price.Amount.Equal(wantPrice) || !qs[0].PreviousClose.Amount.Equal(wantPrev) {
		t.Errorf("price %s prev %s, want %s and %s", qs[0].Price, qs[0].PreviousClose, wantPrice, wantPrev)
	}
	if want := time.Unix(int64(ts[last].(float64)), 0).UTC(); !qs[0].MarketTime.Equal(want) {
		t.Errorf("market time %s, want %s", qs[0].MarketTime, want)
	}
}

func TestRateLimit(t *testing.T) {
	limited := func(retryAfter string) yahootest.Response {
		h := http.Header{"Content-Type": {"text/plain"}}
		if retryAfter != "" {
			h.Set("Retry-After", retryAfter)
		}
		return yahootest.Response{Status: 429, Header: h, Body: "Too Many Requests"}
	}
	tests := []struct {
		name      string
		script    []yahootest.Response
		wantOK    bool
		wantWaits []time.Duration
		wantQuote int // quote requests
		wantAfter time.Duration
	}{
		{"Retry-After honoured, then success", []yahootest.Response{limited("7"), limited("2")},
			true, []time.Duration{7 * time.Second, 2 * time.Second}, 3, 0},
		{"no Retry-After: growing backoff, then success", []yahootest.Response{limited(""), limited(""), limited("")},
			true, []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second}, 4, 0},
		{"retries run out", []yahootest.Response{limited("1"), limited("1"), limited("1"), limited("1")},
			false, []time.Duration{time.Second, time.Second, time.Second}, 4, time.Second},
		{"Retry-After beyond the cap fails at once", []yahootest.Response{limited("3600")},
			false, nil, 1, time.Hour},
		{"Retry-After as a date", []yahootest.Response{limited(time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))},
			false, nil, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := yahootest.NewServer(t)
			p, sl := newProvider(t, srv, yahoo.Options{})
			srv.Enqueue(yahootest.Quote, tt.script...)
			qs, err := p.Quote(context.Background(), "AAPL")
			if tt.wantOK {
				if err != nil || len(qs) != 1 {
					t.Fatalf("%v %v", qs, err)
				}
			} else {
				var he *quotes.HTTPError
				if !errors.As(err, &he) || he.Status != 429 {
					t.Fatalf("error %v, want HTTP 429", err)
				}
				if he.Attempts != tt.wantQuote {
					t.Errorf("attempts %d, want %d", he.Attempts, tt.wantQuote)
				}
				if tt.wantAfter != 0 && he.RetryAfter != tt.wantAfter {
					t.Errorf("RetryAfter %s, want %s", he.RetryAfter, tt.wantAfter)
				}
				if he.RetryAfter <= 0 {
					t.Errorf("RetryAfter not kept")
				}
				if !strings.Contains(err.Error(), "429") {
					t.Errorf("message %q lacks the status", err)
				}
				if c := srv.Count(yahootest.Chart); c != 0 {
					t.Errorf("rate limited, yet %d chart requests", c)
				}
			}
			if got := sl.Waits(); fmt.Sprint(got) != fmt.Sprint(tt.wantWaits) {
				t.Errorf("waits %v, want %v", got, tt.wantWaits)
			}
			if c := srv.Count(yahootest.Quote); c != tt.wantQuote {
				t.Errorf("quote requests %d, want %d", c, tt.wantQuote)
			}
		})
	}
}

func TestHangingServerGivesUpByTimeout(t *testing.T) {
	tests := []struct {
		name string
		kind string
	}{
		{"cookie endpoint", yahootest.Cookie},
		{"crumb endpoint", yahootest.Crumb},
		{"quote endpoint", yahootest.Quote},
		{"chart endpoint", yahootest.Chart},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := yahootest.NewServer(t)
			p, _ := newProvider(t, srv, yahoo.Options{Timeout: 150 * time.Millisecond})
			srv.Enqueue(tt.kind, yahootest.Response{Hang: true})
			var err error
			if tt.kind == yahootest.Chart {
				_, err = p.History(context.Background(), "AAPL", time.Date(2020, 8, 31, 0, 0, 0, 0, time.UTC), time.Date(2020, 11, 7, 0, 0, 0, 0, time.UTC), quotes.Interval1d)
			} else {
				_, err = p.Quote(context.Background(), "AAPL")
			}
			if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, quotes.ErrNetwork) {
				t.Fatalf("error %v, want a timeout", err)
			}
			if quotes.Reason(err) != "network unavailable" {
				t.Errorf("reason %q", quotes.Reason(err))
			}
		})
	}
}

func TestNetworkDown(t *testing.T) {
	srv := yahootest.NewServer(t)
	p, _ := newProvider(t, srv, yahoo.Options{})
	srv.Close()
	qs, err := p.Quote(context.Background(), "AAPL", "BABA")
	if len(qs) != 0 {
		t.Errorf("quotes %v with the network down", qs)
	}
	if !errors.Is(err, quotes.ErrNetwork) {
		t.Fatalf("error %v, want ErrNetwork", err)
	}
	var se quotes.SymbolErrors
	if !errors.As(err, &se) || len(se) != 2 {
		t.Errorf("error %v does not name both symbols", err)
	}
	if _, err := p.History(context.Background(), "AAPL", time.Now().AddDate(0, -1, 0), time.Time{}, quotes.Interval1d); !errors.Is(err, quotes.ErrNetwork) {
		t.Errorf("history error %v, want ErrNetwork", err)
	}
}

func TestCancelledContext(t *testing.T) {
	srv := yahootest.NewServer(t)
	p, _ := newProvider(t, srv, yahoo.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := p.Quote(ctx, "AAPL")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

func TestBaseURLFromEnv(t *testing.T) {
	srv := yahootest.NewServer(t)
	t.Setenv(yahoo.EnvBaseURL, srv.URL+"/")
	if got := yahoo.BaseURLFromEnv(); got != srv.URL+"/" {
		t.Fatalf("BaseURLFromEnv() = %q", got)
	}
	p := yahoo.New(yahoo.Options{BaseURL: yahoo.BaseURLFromEnv(), Timeout: 5 * time.Second})
	if _, err := p.Quote(context.Background(), "AAPL"); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{yahootest.Cookie, yahootest.Crumb, yahootest.Quote} {
		if srv.Count(k) != 1 {
			t.Errorf("%s requests %d, want 1", k, srv.Count(k))
		}
	}
	for _, r := range srv.Requests() {
		if strings.Contains(r.Path, "//") {
			t.Errorf("path %q", r.Path)
		}
	}
}
