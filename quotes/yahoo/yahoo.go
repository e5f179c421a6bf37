// Package yahoo is the Yahoo Finance quotes.Provider. It uses
// github.com/piquette/finance-go for the wire format and decoding (its quote and chart
// clients) and does the HTTP itself through a finance.Backend of its own: a session with
// a cookie jar and a crumb that is kept until Yahoo rejects it, a browser-like
// User-Agent, a timeout on every request, bounded retries that honour Retry-After on
// 429 and 5xx, HTTP statuses kept in the errors, and a fallback to the chart endpoint
// when the quote endpoint keeps failing.
//
// finance-go keeps a package-level backend (finance.SetBackend / GetBackend) and logger.
// This package never touches them: every request builds a quote.Client or chart.Client
// value around a backend that belongs to one Provider and one call, so several Providers
// (with different base URLs) can run concurrently in one process without sharing any
// state through finance-go. Only finance-go's read-only tables (form encoders) are shared.
package yahoo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"os"
	"strings"
	"sync"
	"time"

	finance "github.com/piquette/finance-go"
	"github.com/piquette/finance-go/quote"
	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/quotes"
)

// EnvBaseURL names the environment variable that points every Yahoo request at another
// server: with HINDSIGHT_YAHOO_URL=U the cookie comes from GET U/, the crumb from
// U/v1/test/getcrumb, quotes from U/v7/finance/quote and charts from
// U/v8/finance/chart/{symbol}.
const EnvBaseURL = "HINDSIGHT_YAHOO_URL"

// Yahoo's own hosts, used when no base URL is set.
const (
	DefaultCookieURL = "https://fc.yahoo.com/"
	DefaultAPIURL    = "https://query2.finance.yahoo.com"
)

// DefaultUserAgent is a current desktop browser's User-Agent; Yahoo answers requests
// without one with 429.
const DefaultUserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

// Defaults of Options.
const (
	DefaultTimeout          = 10 * time.Second
	DefaultMaxRetries       = 3
	DefaultMaxWait          = 20 * time.Second
	DefaultConcurrency      = 4
	DefaultFallbackCooldown = 5 * time.Minute
)

// Options configure a Provider. Zero fields take the defaults.
type Options struct {
	// BaseURL sends every request to this server instead of Yahoo's hosts (see
	// EnvBaseURL); "" means Yahoo. BaseURLFromEnv reads it from the environment.
	BaseURL string
	// HTTPClient does the requests. Its Jar is used when set; otherwise the Provider
	// uses a copy of the client with a cookie jar of its own. Nil means a default client.
	// Redirects are followed only within BaseURL's scheme, host and port (or, without
	// one, to https on *.yahoo.com) before the client's own CheckRedirect is asked.
	HTTPClient *http.Client
	// Timeout bounds every single request, body included (DefaultTimeout, 10 s).
	Timeout time.Duration
	// UserAgent is sent with every request (DefaultUserAgent).
	UserAgent string
	// MaxRetries is how many times a request answered with 429 or 5xx is repeated
	// (DefaultMaxRetries); a negative value means never.
	MaxRetries int
	// MaxWait caps a single wait between retries (DefaultMaxWait). When Yahoo's
	// Retry-After asks for longer, the request fails at once with that wait in the error.
	MaxWait time.Duration
	// BatchSize is the number of symbols per quote request, at most quotes.MaxBatch (50).
	BatchSize int
	// Concurrency is how many requests one Quote call runs at once (DefaultConcurrency).
	Concurrency int
	// FallbackCooldown is how long quotes come from the chart endpoint after the quote
	// endpoint failed (DefaultFallbackCooldown).
	FallbackCooldown time.Duration
	// Sleep waits between retries; it returns early with ctx's error. Tests inject one
	// that records the waits instead of sleeping.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// BaseURLFromEnv returns the base URL set in HINDSIGHT_YAHOO_URL, or "" for Yahoo's hosts.
func BaseURLFromEnv() string { return strings.TrimSpace(os.Getenv(EnvBaseURL)) }

type endpoints struct {
	cookie, crumb, api string
}

func endpointsFor(base string) endpoints {
	base = strings.TrimRight(strings.TrimSpace(base), "/")
	if base == "" {
		return endpoints{cookie: DefaultCookieURL, crumb: DefaultAPIURL + "/v1/test/getcrumb", api: DefaultAPIURL}
	}
	return endpoints{cookie: base + "/", crumb: base + "/v1/test/getcrumb", api: base}
}

// Provider is the Yahoo Finance quotes.Provider. It is safe for concurrent use.
type Provider struct {
	opts   Options
	ep     endpoints
	client *http.Client
	sess   session

	mu        sync.Mutex
	quoteDown time.Time // until then quotes come from the chart endpoint
}

var _ quotes.Provider = (*Provider)(nil)

// New returns a Provider configured by opts.
func New(opts Options) *Provider {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	switch {
	case opts.MaxRetries == 0:
		opts.MaxRetries = DefaultMaxRetries
	case opts.MaxRetries < 0:
		opts.MaxRetries = 0
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = DefaultMaxWait
	}
	if opts.BatchSize <= 0 || opts.BatchSize > quotes.MaxBatch {
		opts.BatchSize = quotes.MaxBatch
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.FallbackCooldown <= 0 {
		opts.FallbackCooldown = DefaultFallbackCooldown
	}
	if opts.Sleep == nil {
		opts.Sleep = sleep
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	var client http.Client
	if opts.HTTPClient != nil {
		client = *opts.HTTPClient
	}
	if client.Jar == nil {
		jar, err := cookiejar.New(nil)
		if err != nil {
			panic(fmt.Sprintf("yahoo: cookie jar: %v", err)) // cookiejar.New(nil) never fails
		}
		client.Jar = jar
	}
	// Redirects stay on the configured server, or on Yahoo's hosts over https.
	client.CheckRedirect = newRedirectPolicy(opts.BaseURL).checkRedirect(client.CheckRedirect)
	return &Provider{opts: opts, ep: endpointsFor(opts.BaseURL), client: &client}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *Provider) now() time.Time { return p.opts.Now().UTC() }

// Quote returns the quotes of symbols, asking Yahoo for up to 50 symbols per request
// and running a few requests at once. Symbols Yahoo does not know fail with
// quotes.ErrUnknownSymbol, symbols without a price with quotes.ErrNoPrice. When the quote
// endpoint fails for other reasons than rate limiting or the network, the quotes are
// derived from the chart endpoint instead, for this call and FallbackCooldown after it.
func (p *Provider) Quote(ctx context.Context, symbols ...string) ([]quotes.Quote, error) {
	syms, errs := quotes.NormalizeSymbols(symbols)
	if errs == nil {
		errs = quotes.SymbolErrors{}
	}
	var mu sync.Mutex
	got := make(map[string]quotes.Quote, len(syms))
	record := func(sym string, q quotes.Quote, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			errs[sym] = err
			return
		}
		got[sym] = q
	}
	batches := quotes.Batches(syms, p.opts.BatchSize)
	p.parallel(len(batches), func(i int) {
		batch := batches[i]
		var batchErr error
		if !p.quoteEndpointDown() {
			qs, perSymbol, err := p.quoteBatch(ctx, batch)
			if err == nil {
				var priceless []string
				for _, s := range batch {
					switch q, ok := qs[s]; {
					case ok:
						record(s, q, nil)
					case errors.Is(perSymbol[s], quotes.ErrNoPrice):
						priceless = append(priceless, s)
					default:
						record(s, quotes.Quote{}, perSymbol[s])
					}
				}
				// Yahoo knows these but gave no price at all: the chart endpoint may
				// still have one (the meta's price or the last daily close).
				p.parallel(len(priceless), func(j int) {
					s := priceless[j]
					q, cerr := p.chartQuote(ctx, s)
					if cerr != nil {
						cerr = fmt.Errorf("%w; chart: %w", quotes.ErrNoPrice, cerr)
					}
					record(s, q, cerr)
				})
				return
			}
			if !fallbackWorthy(err) {
				for _, s := range batch {
					record(s, quotes.Quote{}, err)
				}
				return
			}
			batchErr = err
			p.markQuoteDown()
		}
		p.parallel(len(batch), func(j int) {
			s := batch[j]
			q, err := p.chartQuote(ctx, s)
			if err != nil && batchErr != nil {
				err = fmt.Errorf("%w; chart fallback: %w", batchErr, err)
			}
			record(s, q, err)
		})
	})
	out := make([]quotes.Quote, 0, len(got))
	for _, s := range syms {
		if q, ok := got[s]; ok {
			out = append(out, q)
		}
	}
	if len(errs) > 0 {
		return out, errs
	}
	return out, nil
}

// parallel runs f(0..n-1) with at most Concurrency running at once and waits for all.
func (p *Provider) parallel(n int, f func(i int)) {
	if n == 1 {
		f(0)
		return
	}
	sem := make(chan struct{}, p.opts.Concurrency)
	var wg sync.WaitGroup
	for i := range n {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			f(i)
		}()
	}
	wg.Wait()
}

func (p *Provider) quoteEndpointDown() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.now().Before(p.quoteDown)
}

func (p *Provider) markQuoteDown() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.quoteDown = p.now().Add(p.opts.FallbackCooldown)
}

// fallbackWorthy reports whether a quote endpoint failure should be answered from the
// chart endpoint: Yahoo answered, but not usefully (401/403 after a fresh crumb, 404,
// 5xx after retries, HTML or broken JSON). Rate limiting, network failures and
// cancellation are not: the chart endpoint would fare no better.
func fallbackWorthy(err error) bool {
	var he *quotes.HTTPError
	if !errors.As(err, &he) {
		return false
	}
	return he.Status != http.StatusTooManyRequests
}

// quoteBatch asks the quote endpoint for up to 50 symbols. A batch-level failure is
// returned as the error; per-symbol outcomes are in the map and the SymbolErrors.
func (p *Provider) quoteBatch(ctx context.Context, batch []string) (map[string]quotes.Quote, quotes.SymbolErrors, error) {
	b := p.backend(kindQuote, p.opts.MaxRetries)
	params := &quote.Params{Symbols: batch}
	params.Context = &ctx
	it := quote.Client{B: b}.ListP(params)
	var raw []*finance.Quote
	for it.Next() {
		raw = append(raw, it.Quote())
	}
	if err := it.Err(); err != nil {
		if b.err != nil {
			return nil, nil, b.err
		}
		// Yahoo answered 200 with an error object instead of results.
		return nil, nil, &quotes.HTTPError{Status: b.status, URL: b.url, Reason: strings.TrimPrefix(err.Error(), "code: remote-error, detail: "), Err: quotes.ErrBadResponse}
	}
	now := p.now()
	extra := quoteExtras(b.raw)
	byUpper := make(map[string]*finance.Quote, len(raw))
	for _, q := range raw {
		if q != nil {
			byUpper[strings.ToUpper(q.Symbol)] = q
		}
	}
	out := make(map[string]quotes.Quote, len(batch))
	errs := quotes.SymbolErrors{}
	for _, s := range batch {
		fq, ok := byUpper[s]
		if !ok {
			errs[s] = quotes.ErrUnknownSymbol
			continue
		}
		ex := extra[strings.ToUpper(fq.Symbol)]
		if ex.bad != "" {
			errs[s] = &quotes.HTTPError{Status: b.status, URL: b.url, Reason: "quote of " + s + ": " + ex.bad, Err: quotes.ErrBadResponse}
			continue
		}
		q, err := fromQuote(s, fq, ex, now)
		if err != nil {
			errs[s] = err
			continue
		}
		out[s] = q
	}
	return out, errs, nil
}

// dec converts a float decoded by finance-go into a decimal with the shortest exact
// representation of that float ("244.6", not 244.599999...).
func dec(f float64) decimal.Decimal { return decimal.NewFromFloat(f) }

// quoteExtra holds the quote fields finance-go's Quote leaves out, and what is wrong
// with the fields it reads.
type quoteExtra struct {
	Symbol   string  `json:"symbol"`
	NavPrice float64 `json:"navPrice"`
	LongName string  `json:"longName"`
	// bad names a price or currency field that is not what it must be (a number of at
	// least zero, a string), e.g. `regularMarketPrice is "NaN", not a price`; "" when
	// all are fine.
	bad string
}

// quotePriceFields are the number fields of a quote result a price is read from.
var quotePriceFields = []string{"regularMarketPrice", "navPrice", "regularMarketPreviousClose"}

// quoteExtras decodes the fields finance-go does not from a quote response, keyed by
// upper-case symbol, and checks the fields a price is read from: encoding/json leaves a
// field it cannot read (a string, 1e400) at zero without saying which result it was in.
func quoteExtras(raw []byte) map[string]quoteExtra {
	var body struct {
		QuoteResponse struct {
			Result []json.RawMessage `json:"result"`
		} `json:"quoteResponse"`
	}
	_ = json.Unmarshal(raw, &body) // decoded by finance-go before; a failure leaves no extras
	out := make(map[string]quoteExtra, len(body.QuoteResponse.Result))
	for _, r := range body.QuoteResponse.Result {
		var fields map[string]json.RawMessage
		if json.Unmarshal(r, &fields) != nil {
			continue
		}
		var e quoteExtra
		if json.Unmarshal(fields["symbol"], &e.Symbol) != nil {
			continue
		}
		_ = json.Unmarshal(r, &e) // a field of another type stays zero; checked below
		for _, f := range quotePriceFields {
			v, ok := fields[f]
			if !ok || string(v) == "null" {
				continue
			}
			var x float64
			if json.Unmarshal(v, &x) != nil || x < 0 {
				e.bad = fmt.Sprintf("%s is %s, not a price", f, quotes.ShortText(string(v), 40))
				break
			}
		}
		if v, ok := fields["currency"]; ok && e.bad == "" && string(v) != "null" {
			var c string
			if json.Unmarshal(v, &c) != nil {
				e.bad = fmt.Sprintf("currency is %s, not a currency code", quotes.ShortText(string(v), 40))
			}
		}
		out[strings.ToUpper(e.Symbol)] = e
	}
	return out
}

// fromQuote converts one finance-go quote. A quote without a regular-market price (as
// for many funds) takes the fund's net asset value, else the previous close, each marked
// with its Basis; with none of them it is ErrNoPrice.
func fromQuote(sym string, fq *finance.Quote, extra quoteExtra, now time.Time) (quotes.Quote, error) {
	price, basis := fq.RegularMarketPrice, quotes.BasisMarket
	switch {
	case price > 0:
	case extra.NavPrice > 0:
		price, basis = extra.NavPrice, quotes.BasisNAV
	case fq.RegularMarketPreviousClose > 0:
		price, basis = fq.RegularMarketPreviousClose, quotes.BasisPreviousClose
	default:
		return quotes.Quote{}, quotes.ErrNoPrice
	}
	var mt time.Time
	if fq.RegularMarketTime > 0 {
		mt = time.Unix(int64(fq.RegularMarketTime), 0).UTC()
	}
	exchange := fq.FullExchangeName
	if exchange == "" {
		exchange = fq.ExchangeID
	}
	name := fq.ShortName
	if name == "" {
		name = extra.LongName
	}
	prev := dec(fq.RegularMarketPreviousClose)
	change, changePct := dec(fq.RegularMarketChange), dec(fq.RegularMarketChangePercent)
	if basis == quotes.BasisPreviousClose {
		// The previous close compared with itself says nothing.
		prev, change, changePct = decimal.Zero, decimal.Zero, decimal.Zero
	}
	q, err := makeQuote(sym, fq.CurrencyID, dec(price), prev, change, changePct, mt, exchange, name, string(fq.MarketState), now)
	q.Basis = basis
	return q, err
}

// makeQuote builds a quote in the listing's ISO currency. Change and ChangePercent are
// computed from price and previous close when both are known (Yahoo's own change
// fields carry float noise), taken from Yahoo otherwise. A price or previous close that
// fails quotes.CheckQuote (absurdly large or small, more than 1,000× apart) is refused
// with a *quotes.BadPriceError naming the symbol and the value.
func makeQuote(sym, currency string, price, prev, change, changePct decimal.Decimal, marketTime time.Time,
	exchange, name, state string, now time.Time) (quotes.Quote, error) {
	if !price.IsPositive() {
		return quotes.Quote{}, quotes.ErrNoPrice
	}
	if currency == "" {
		return quotes.Quote{}, &quotes.BadPriceError{Symbol: sym, What: "price", Value: price, Reason: "no currency given"}
	}
	if len(currency) > 8 {
		return quotes.Quote{}, &quotes.BadPriceError{Symbol: sym, What: "price", Value: price, Currency: quotes.ShortText(currency, 8),
			Reason: fmt.Sprintf("a currency code of %d characters", len(currency))}
	}
	pm, err := journal.NewMoney(price, currency)
	if err != nil {
		return quotes.Quote{}, fmt.Errorf("price of %s: %w", sym, err)
	}
	q := quotes.Quote{
		Symbol: sym, Price: pm, MarketTime: marketTime, Exchange: strings.TrimSpace(exchange),
		ShortName: strings.TrimSpace(name), MarketState: state,
		Source: journal.SourceYahoo, FetchedAt: now,
	}
	if prev.IsPositive() {
		q.PreviousClose, _ = journal.NewMoney(prev, currency)
		q.Change = q.Price.Amount.Sub(q.PreviousClose.Amount)
		q.ChangePercent = q.Change.Mul(decimal.NewFromInt(100)).DivRound(q.PreviousClose.Amount, 4)
	} else {
		c, _ := journal.NewMoney(change, currency)
		q.Change, q.ChangePercent = c.Amount, changePct.Round(4)
	}
	if err := quotes.CheckQuote(q); err != nil {
		return quotes.Quote{}, err
	}
	return q, nil
}
