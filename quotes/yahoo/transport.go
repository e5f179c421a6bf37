package yahoo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/piquette/finance-go/form"

	"hindsight/quotes"
)

// maxBody bounds the bytes read from one response.
const maxBody = 16 << 20

// reply is one completed HTTP exchange (after retries).
type reply struct {
	status     int
	header     http.Header
	body       []byte
	url        string // without the crumb
	attempts   int
	retryAfter time.Duration
}

// redact returns u without its crumb parameter, for errors and logs.
func redact(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return u
	}
	q := pu.Query()
	if q.Has("crumb") {
		q.Del("crumb")
		pu.RawQuery = q.Encode()
	}
	return pu.String()
}

// maxRedirects is how many redirects one request follows, as net/http's default.
const maxRedirects = 10

// redirectPolicy decides which redirects a Provider follows.
//
// With a base URL (HINDSIGHT_YAHOO_URL), a redirect is followed only to the same scheme,
// host and port as the base URL: a redirect to another port or host, or from https to
// http, is refused. Without one, every request goes to Yahoo over https, and a redirect
// is followed only to https on yahoo.com or one of its subdomains (fc.yahoo.com,
// query1/query2.finance.yahoo.com, ...) on the default port; anything else, plain http
// included, is refused. A refused redirect is never requested: the exchange fails with
// a *quotes.HTTPError (wrapping quotes.ErrBadResponse) that names the target, so nothing
// from it is answered or cached.
type redirectPolicy struct {
	origin *url.URL // nil: Yahoo's hosts
}

func newRedirectPolicy(base string) redirectPolicy {
	base = strings.TrimSpace(base)
	if base == "" {
		return redirectPolicy{}
	}
	u, err := url.Parse(base)
	if err != nil {
		// An unparsable base URL fails every request anyway; follow no redirect.
		return redirectPolicy{origin: &url.URL{Scheme: "invalid"}}
	}
	return redirectPolicy{origin: u}
}

// allowed describes what the policy follows, for errors.
func (rp redirectPolicy) allowed() string {
	if rp.origin == nil {
		return "https://*.yahoo.com"
	}
	return rp.origin.Scheme + "://" + hostPort(rp.origin)
}

// hostPort returns u's lower-case host with its port, the scheme's default port filled in.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		switch strings.ToLower(u.Scheme) {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return strings.ToLower(u.Hostname()) + ":" + port
}

// follows reports whether a redirect to u is followed.
func (rp redirectPolicy) follows(u *url.URL) bool {
	if rp.origin == nil {
		host := strings.ToLower(u.Hostname())
		return strings.EqualFold(u.Scheme, "https") && (host == "yahoo.com" || strings.HasSuffix(host, ".yahoo.com")) &&
			(u.Port() == "" || u.Port() == "443")
	}
	return strings.EqualFold(u.Scheme, rp.origin.Scheme) && hostPort(u) == hostPort(rp.origin)
}

// redirectError is a redirect a Provider refused to follow.
type redirectError struct {
	status  int
	to      string
	allowed string
}

func (e *redirectError) Error() string {
	return fmt.Sprintf("redirect to %s refused (only %s is followed)", quotes.ShortText(e.to, 120), e.allowed)
}

// checkRedirect is the http.Client's CheckRedirect: it applies the policy, then next
// (the caller's own CheckRedirect, if any).
func (rp redirectPolicy) checkRedirect(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		status := http.StatusFound
		if req.Response != nil {
			status = req.Response.StatusCode
		}
		if !rp.follows(req.URL) {
			return &redirectError{status: status, to: redact(req.URL.String()), allowed: rp.allowed()}
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
}

// get sends GET u, each attempt bounded by Timeout, and repeats it up to retries times
// while Yahoo answers 429 or 5xx, waiting as Retry-After asks (or 0.5 s, 1 s, 2 s, ...
// without it). It returns the last reply whatever its status; the error is for
// requests that got no reply: ErrNetwork (refused, reset, no answer in time) or ctx's
// error.
func (p *Provider) get(ctx context.Context, u string, retries int) (*reply, error) {
	shown := redact(u)
	for attempt := 1; ; attempt++ {
		r, err := p.once(ctx, u)
		if err != nil {
			var re *redirectError
			if errors.As(err, &re) {
				return nil, &quotes.HTTPError{Status: re.status, URL: shown, Attempts: attempt, Reason: re.Error(), Err: quotes.ErrBadResponse}
			}
			if ctx.Err() != nil {
				return nil, fmt.Errorf("GET %s: %w", shown, ctx.Err())
			}
			if errors.Is(err, context.DeadlineExceeded) {
				return nil, fmt.Errorf("GET %s: no answer within %s: %w: %w", shown, p.opts.Timeout, quotes.ErrNetwork, context.DeadlineExceeded)
			}
			return nil, fmt.Errorf("GET %s: %w: %w", shown, quotes.ErrNetwork, err)
		}
		r.url, r.attempts = shown, attempt
		if r.status != http.StatusTooManyRequests && r.status < 500 {
			return r, nil
		}
		wait, asked := retryWait(r.header, attempt, p.now())
		r.retryAfter = asked
		if attempt > retries || wait > p.opts.MaxWait {
			return r, nil
		}
		if err := p.opts.Sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("GET %s: %w", shown, err)
		}
	}
}

// once sends one GET with the session's headers and reads the whole body.
func (p *Provider) once(ctx context.Context, u string) (*reply, error) {
	actx, cancel := context.WithTimeout(ctx, p.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", p.opts.UserAgent)
	req.Header.Set("Accept", "application/json,text/plain,*/*")
	req.Header.Set("Accept-Language", "en-US,en;q=0.9")
	res, err := p.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxBody))
	if err != nil {
		return nil, err
	}
	return &reply{status: res.StatusCode, header: res.Header, body: body}, nil
}

// retryWait returns how long to wait before attempt+1: Retry-After (seconds or an HTTP
// date) when given, else 0.5 s doubled per attempt. asked is the Retry-After wait, 0
// when there was none.
func retryWait(h http.Header, attempt int, now time.Time) (wait, asked time.Duration) {
	if ra := strings.TrimSpace(h.Get("Retry-After")); ra != "" {
		if secs, err := strconv.Atoi(ra); err == nil && secs >= 0 {
			return time.Duration(secs) * time.Second, time.Duration(secs) * time.Second
		}
		if t, err := http.ParseTime(ra); err == nil {
			d := max(t.Sub(now), 0)
			return d, d
		}
	}
	return (500 * time.Millisecond) << min(attempt-1, 6), 0
}

// httpError describes a reply that is not the data asked for.
func httpError(r *reply, kind error) *quotes.HTTPError {
	return &quotes.HTTPError{
		Status: r.status, Reason: reasonOf(r), URL: r.url, Attempts: r.attempts,
		RetryAfter: r.retryAfter, Err: kind,
	}
}

// reasonOf finds a short reason in a reply: Yahoo's JSON error description, a short
// plain-text body, or the kind of body it was.
func reasonOf(r *reply) string {
	body := bytes.TrimSpace(r.body)
	if len(body) > 0 && body[0] == '{' {
		var e struct {
			Finance, QuoteResponse, Chart struct {
				Error *struct{ Code, Description string } `json:"error"`
			}
		}
		_ = json.Unmarshal(body, &e)
		for _, x := range []*struct{ Code, Description string }{e.Finance.Error, e.QuoteResponse.Error, e.Chart.Error} {
			if x != nil && (x.Description != "" || x.Code != "") {
				if x.Description != "" {
					return x.Description
				}
				return x.Code
			}
		}
	}
	ct := r.header.Get("Content-Type")
	switch {
	case len(body) == 0:
		if r.status == http.StatusTooManyRequests {
			return "rate limited"
		}
		return ""
	case strings.Contains(ct, "html") || bytes.HasPrefix(bytes.ToLower(body), []byte("<!doctype")) || bytes.HasPrefix(body, []byte("<")):
		return "an HTML page instead of data"
	case len(body) <= 80 && !bytes.ContainsAny(body, "{}<>\n"):
		return string(body)
	}
	if r.status == http.StatusTooManyRequests {
		return "rate limited"
	}
	return ""
}

// session holds Yahoo's crumb. The cookies that go with it live in the client's jar.
// The crumb is kept until Yahoo rejects it; concurrent callers that find no crumb share
// one fetch.
type session struct {
	mu       sync.Mutex
	crumb    string
	gen      uint64 // bumped by every successful fetch
	inflight *crumbFetch
}

type crumbFetch struct {
	done  chan struct{}
	crumb string
	gen   uint64
	err   error
}

// crumb returns the session's crumb and its generation, fetching cookie and crumb when
// there is none. Only one fetch runs at a time; other callers wait for it.
func (p *Provider) crumb(ctx context.Context) (string, uint64, error) {
	s := &p.sess
	s.mu.Lock()
	if s.crumb != "" {
		c, g := s.crumb, s.gen
		s.mu.Unlock()
		return c, g, nil
	}
	if f := s.inflight; f != nil {
		s.mu.Unlock()
		select {
		case <-f.done:
			return f.crumb, f.gen, f.err
		case <-ctx.Done():
			return "", 0, ctx.Err()
		}
	}
	f := &crumbFetch{done: make(chan struct{})}
	s.inflight = f
	s.mu.Unlock()

	// The fetch serves every waiter, so it does not stop when this caller's context is
	// cancelled; each request in it is still bounded by Timeout.
	c, err := p.fetchCrumb(context.WithoutCancel(ctx))

	s.mu.Lock()
	s.inflight = nil
	if err == nil {
		s.gen++
		s.crumb = c
	}
	f.crumb, f.gen, f.err = c, s.gen, err
	s.mu.Unlock()
	close(f.done)
	return f.crumb, f.gen, f.err
}

// dropCrumb forgets the crumb of generation gen after Yahoo rejected it. A crumb that
// was already replaced by a newer fetch is kept, so many callers rejected at once cause
// one new fetch.
func (p *Provider) dropCrumb(gen uint64) {
	s := &p.sess
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gen == gen {
		s.crumb = ""
	}
}

// fetchCrumb gets fresh cookies (GET the cookie URL into the jar; its status does not
// matter, Yahoo's answers 404 with the cookie) and then the crumb, a plain-text body.
func (p *Provider) fetchCrumb(ctx context.Context) (string, error) {
	if _, err := p.get(ctx, p.ep.cookie, 0); err != nil {
		return "", fmt.Errorf("cookie: %w", err)
	}
	r, err := p.get(ctx, p.ep.crumb, p.opts.MaxRetries)
	if err != nil {
		return "", fmt.Errorf("crumb: %w", err)
	}
	if r.status != http.StatusOK {
		return "", fmt.Errorf("crumb: %w", httpError(r, nil))
	}
	c := strings.TrimSpace(string(r.body))
	if c == "" || len(c) > 128 || strings.ContainsAny(c, "<>{}\" \t\n") {
		e := httpError(r, quotes.ErrBadResponse)
		e.Reason = "no crumb in the answer"
		return "", fmt.Errorf("crumb: %w", e)
	}
	return c, nil
}

// endpoint kinds a backend serves.
const (
	kindQuote = "quote"
	kindChart = "chart"
)

// backend is the finance.Backend of one finance-go call. It does the HTTP through the
// Provider and keeps what finance-go would lose: the typed error with the HTTP status,
// the status itself and the raw body (for the chart fields finance-go does not decode).
type backend struct {
	p       *Provider
	kind    string
	retries int
	// events is sent as the chart's events parameter when set ("div,split"): finance-go's
	// chart.Params has no field for it.
	events string

	url    string
	status int
	raw    []byte
	err    error
}

func (p *Provider) backend(kind string, retries int) *backend {
	return &backend{p: p, kind: kind, retries: retries}
}

// errNoBars tells the chart code that Yahoo answered with a chart that has no bars in a
// shape finance-go cannot iterate (an empty "quote" list). It never leaves the package.
var errNoBars = errors.New("chart without bars")

// Call implements finance.Backend: GET api+path?form, with the crumb for the quote
// endpoint. A 401 or 403 there drops the crumb and retries once with a fresh one.
func (b *backend) Call(path string, f *form.Values, ctxp *context.Context, v interface{}) error {
	b.err = b.call(path, f, ctxp, v)
	return b.err
}

func (b *backend) call(path string, f *form.Values, ctxp *context.Context, v interface{}) error {
	ctx := context.Background()
	if ctxp != nil && *ctxp != nil {
		ctx = *ctxp
	}
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	base := b.p.ep.api + "/" + strings.Join(segs, "/")
	if b.events != "" {
		if f == nil {
			f = &form.Values{}
		}
		f.Set("events", b.events)
	}
	query := ""
	if f != nil {
		query = f.Encode()
	}
	for refreshed := false; ; refreshed = true {
		u := base
		if query != "" {
			u += "?" + query
		}
		var gen uint64
		if b.kind == kindQuote {
			crumb, g, err := b.p.crumb(ctx)
			if err != nil {
				return err
			}
			gen = g
			sep := "?"
			if query != "" {
				sep = "&"
			}
			u += sep + "crumb=" + url.QueryEscape(crumb)
		}
		r, err := b.p.get(ctx, u, b.retries)
		if err != nil {
			return err
		}
		b.url, b.status, b.raw = r.url, r.status, r.body
		if b.kind == kindQuote && (r.status == http.StatusUnauthorized || r.status == http.StatusForbidden) && !refreshed {
			b.p.dropCrumb(gen)
			continue
		}
		return b.decode(r, v)
	}
}

// decode checks the reply and decodes it into v with encoding/json, as finance-go would.
func (b *backend) decode(r *reply, v interface{}) error {
	if b.kind == kindChart && r.status == http.StatusNotFound {
		return httpError(r, quotes.ErrUnknownSymbol)
	}
	if r.status < 200 || r.status > 299 {
		return httpError(r, nil)
	}
	body := bytes.TrimSpace(r.body)
	if len(body) == 0 || body[0] != '{' {
		e := httpError(r, quotes.ErrBadResponse)
		if e.Reason == "" {
			e.Reason = "not JSON (" + r.header.Get("Content-Type") + ")"
		}
		return e
	}
	if b.kind == kindChart {
		if err := checkChart(r, body); err != nil {
			return err
		}
	}
	if err := json.Unmarshal(body, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			// One field of an unexpected type: encoding/json has filled in every other
			// field, and a price it could not read shows up as "no price".
			return nil
		}
		e := httpError(r, quotes.ErrBadResponse)
		e.Reason = "malformed JSON: " + err.Error()
		return e
	}
	return nil
}

// chartProbe is the part of a chart reply checked before finance-go walks it:
// finance-go indexes result[0] and quote[0] and the bar arrays by the timestamps'
// positions without checking, and panics when they are missing or short.
type chartProbe struct {
	Chart struct {
		Result []*struct {
			Timestamp  []int64 `json:"timestamp"`
			Indicators *struct {
				Quote []*struct {
					Open   []json.RawMessage `json:"open"`
					High   []json.RawMessage `json:"high"`
					Low    []json.RawMessage `json:"low"`
					Close  []json.RawMessage `json:"close"`
					Volume []json.RawMessage `json:"volume"`
				} `json:"quote"`
				Adjclose []*struct {
					Adjclose []json.RawMessage `json:"adjclose"`
				} `json:"adjclose"`
			} `json:"indicators"`
		} `json:"result"`
		Error *struct{ Code, Description string } `json:"error"`
	} `json:"chart"`
}

func checkChart(r *reply, body []byte) error {
	var c chartProbe
	if err := json.Unmarshal(body, &c); err != nil {
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) {
			e := httpError(r, quotes.ErrBadResponse)
			e.Reason = "malformed JSON: " + err.Error()
			return e
		}
	}
	if c.Chart.Error != nil {
		kind := quotes.ErrBadResponse
		if strings.EqualFold(c.Chart.Error.Code, "Not Found") {
			kind = quotes.ErrUnknownSymbol
		}
		e := httpError(r, kind)
		if e.Reason == "" {
			e.Reason = c.Chart.Error.Code
		}
		return e
	}
	if len(c.Chart.Result) == 0 || c.Chart.Result[0] == nil {
		e := httpError(r, quotes.ErrUnknownSymbol)
		e.Reason = "empty chart result"
		return e
	}
	res := c.Chart.Result[0]
	n := len(res.Timestamp)
	bad := func(reason string) error {
		e := httpError(r, quotes.ErrBadResponse)
		e.Reason = reason
		return e
	}
	if res.Indicators == nil || len(res.Indicators.Quote) == 0 || res.Indicators.Quote[0] == nil {
		if n > 0 {
			return bad("chart with timestamps but no prices")
		}
		return errNoBars
	}
	q := res.Indicators.Quote[0]
	for _, arr := range [][]json.RawMessage{q.Open, q.High, q.Low, q.Close, q.Volume} {
		if len(arr) < n {
			return bad("chart with fewer prices than timestamps")
		}
		if n == 0 && len(arr) > 0 {
			return bad("chart with prices but no timestamps")
		}
	}
	if a := res.Indicators.Adjclose; len(a) > 0 && (a[0] == nil || len(a[0].Adjclose) < n) {
		return bad("chart with fewer adjusted closes than timestamps")
	}
	return nil
}
