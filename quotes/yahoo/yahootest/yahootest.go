// Package yahootest runs a local HTTP server that speaks Yahoo Finance's wire format by
// replaying the recorded exchanges kept in quotes/yahoo/testdata, for tests of the quotes code and of the CLI (point HINDSIGHT_YAHOO_URL at Server.URL).
//
// The server behaves like Yahoo where the code under test depends on it: GET / sets the
// session cookie, /v1/test/getcrumb answers the crumb as plain text only with that
// cookie, /v7/finance/quote answers 401 "Invalid Crumb" without the current crumb and
// leaves unknown symbols out of its result, /v8/finance/chart/{symbol} answers 404 for
// unknown symbols and carries the events (dividends, splits) only when asked for. Tests
// queue failures (status, headers, body, hang) per endpoint and
// count requests per endpoint.
package yahootest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Endpoint kinds, as counted and scripted.
const (
	Cookie = "cookie"
	Crumb  = "crumb"
	Quote  = "quote"
	Chart  = "chart"
)

// NVDAEvents is the constructed weekly NVDA chart with the 10:1 split of 2024-06-10 and
// the dividends of 2024-03-05 and 2024-06-11 (see testdata/README.md); UseChart
// serves it.
const NVDAEvents = "chart-NVDA-2024-03-01-to-2024-06-15-interval-1wk.constructed.json"

// EnvFixtures names an environment variable that overrides the fixture directory.
const EnvFixtures = "HINDSIGHT_YAHOO_FIXTURES"

// Response is a scripted answer for the next request to an endpoint.
type Response struct {
	// Status is the HTTP status (200 when 0).
	Status int
	// Header is sent as given.
	Header http.Header
	// Body is sent as given.
	Body string
	// Hang accepts the request and never answers until the client gives up.
	Hang bool
	// Delay holds the answer back this long (added to the server's latency).
	Delay time.Duration
}

// Request is one request the server received.
type Request struct {
	Kind      string
	Path      string
	Query     url.Values
	UserAgent string
	Cookie    string
}

// Server is the fake Yahoo. Its exported methods are safe for concurrent use.
type Server struct {
	*httptest.Server
	// Dir is the fixture directory it loaded.
	Dir string

	mu        sync.Mutex
	crumb     string
	cookie    string
	quotes    map[string]map[string]any // symbol -> quote result object
	charts    map[string]map[string]any // symbol -> whole chart body
	fixtures  map[string]map[string]any // file name -> response object
	template  string
	latency   time.Duration
	scripts   map[string][]Response
	counts    map[string]int
	requests  []Request
	hangDone  chan struct{}
	closeOnce sync.Once
}

// FixtureDir finds the recorded Yahoo exchanges: $HINDSIGHT_YAHOO_FIXTURES, or the
// repository's quotes/yahoo/testdata, found beside this source file.
func FixtureDir() (string, error) {
	if d := os.Getenv(EnvFixtures); d != "" {
		return d, nil
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", fmt.Errorf("yahoo fixtures: cannot locate the yahootest package's source")
	}
	dir := filepath.Join(filepath.Dir(filepath.Dir(file)), "testdata")
	if _, err := os.Stat(filepath.Join(dir, "getCrumb-getcrumb.json")); err != nil {
		return "", fmt.Errorf("yahoo fixtures not found in %s: %w", dir, err)
	}
	return dir, nil
}

// NewServer loads the fixtures and starts the server; it is closed when the test ends.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	s, err := Start()
	if err != nil {
		tb.Fatalf("yahootest: %v", err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Start loads the fixtures and starts the server; the caller closes it.
func Start() (*Server, error) {
	dir, err := FixtureDir()
	if err != nil {
		return nil, err
	}
	s := &Server{
		Dir: dir, quotes: map[string]map[string]any{}, charts: map[string]map[string]any{},
		fixtures: map[string]map[string]any{}, scripts: map[string][]Response{},
		counts: map[string]int{}, cookie: "d=AQABBKvcsWcCEIGLkyl67hr2YX7XekV46j4F",
		hangDone: make(chan struct{}),
	}
	if err := s.load(); err != nil {
		return nil, err
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s, nil
}

// Close releases hanging requests and shuts the server down. It may be called twice.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.hangDone)
		s.Server.Close()
	})
}

func (s *Server) load() error {
	files, err := filepath.Glob(filepath.Join(s.Dir, "*.json"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no fixtures in %s", s.Dir)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var ex struct {
			Response map[string]any `json:"response"`
		}
		if err := json.Unmarshal(b, &ex); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		name := filepath.Base(f)
		s.fixtures[name] = ex.Response
		body, _ := ex.Response["bodyJson"].(map[string]any)
		switch {
		case strings.HasPrefix(name, "getCrumb"):
			s.crumb, _ = ex.Response["bodyText"].(string)
		case strings.HasPrefix(name, "quote-"):
			qr, _ := body["quoteResponse"].(map[string]any)
			res, _ := qr["result"].([]any)
			for _, r := range res {
				if m, ok := r.(map[string]any); ok {
					sym, _ := m["symbol"].(string)
					s.quotes[strings.ToUpper(sym)] = m
				}
			}
		case strings.HasPrefix(name, "chart-") && !strings.Contains(name, ".fake.") && !strings.Contains(name, ".constructed."):
			ch, _ := body["chart"].(map[string]any)
			res, _ := ch["result"].([]any)
			if len(res) == 0 {
				continue
			}
			r0, _ := res[0].(map[string]any)
			meta, _ := r0["meta"].(map[string]any)
			sym, _ := meta["symbol"].(string)
			sym = strings.ToUpper(sym)
			// Keep the daily chart when a symbol has several (the intraday one has no bars).
			if old, ok := s.charts[sym]; ok && chartBars(old) >= chartBars(body) {
				continue
			}
			s.charts[sym] = body
		}
	}
	if s.crumb == "" {
		return fmt.Errorf("no crumb fixture in %s", s.Dir)
	}
	return nil
}

func chartBars(body map[string]any) int {
	ch, _ := body["chart"].(map[string]any)
	res, _ := ch["result"].([]any)
	if len(res) == 0 {
		return 0
	}
	r0, _ := res[0].(map[string]any)
	ts, _ := r0["timestamp"].([]any)
	return len(ts)
}

// Fixture returns the body of a recorded exchange by file name (the JSON body
// re-encoded, or the text body), its status and content type.
func (s *Server) Fixture(name string) (body string, status int, contentType string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.fixtures[name]
	if r == nil {
		panic("yahootest: no fixture " + name)
	}
	st, _ := r["status"].(float64)
	if h, ok := r["headers"].(map[string]any); ok {
		switch ct := h["content-type"].(type) {
		case string:
			contentType = ct
		case []any:
			if len(ct) > 0 {
				contentType, _ = ct[0].(string)
			}
		}
	}
	if bj, ok := r["bodyJson"]; ok {
		b, _ := json.Marshal(bj)
		return string(b), int(st), contentType
	}
	t, _ := r["bodyText"].(string)
	return t, int(st), contentType
}

// FixtureResponse returns a recorded exchange as a scripted Response.
func (s *Server) FixtureResponse(name string) Response {
	body, status, ct := s.Fixture(name)
	return Response{Status: status, Header: http.Header{"Content-Type": {ct}}, Body: body}
}

// QuoteFields returns a copy of the recorded quote result of symbol (nil if none).
func (s *Server) QuoteFields(symbol string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return deepCopy(s.quotes[strings.ToUpper(symbol)])
}

// SetQuote makes the quote endpoint answer symbol with the recorded result of base,
// its "symbol" field set to symbol and the given fields replaced (e.g. currency KRW,
// regularMarketPrice 55000). A nil value deletes a field.
//
// When the price is replaced and the previous close is not, and the recorded previous
// close is more than 1,000 times away from the new price (the base is another kind of
// instrument: EURUSD=X standing for USDKRW=X), the previous close and change are scaled
// with the price, keeping the recorded change in percent; a client rightly refuses a
// price 1,000 times away from its previous close.
func (s *Server) SetQuote(symbol, base string, fields map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := deepCopy(s.quotes[strings.ToUpper(base)])
	if m == nil {
		panic("yahootest: no recorded quote of " + base)
	}
	m["symbol"] = symbol
	oldPrice, _ := m["regularMarketPrice"].(float64)
	for k, v := range fields {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	newPrice, ok := toFloat(fields["regularMarketPrice"])
	prev, _ := m["regularMarketPreviousClose"].(float64)
	if _, set := fields["regularMarketPreviousClose"]; ok && !set && oldPrice > 0 && newPrice > 0 && prev > 0 &&
		(newPrice > 1000*prev || prev > 1000*newPrice) {
		f := newPrice / oldPrice
		for _, k := range []string{"regularMarketPreviousClose", "regularMarketChange"} {
			if v, ok := m[k].(float64); ok {
				m[k] = v * f
			}
		}
	}
	s.quotes[strings.ToUpper(symbol)] = m
}

// toFloat returns a JSON number given as any Go number.
func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// SetChart makes the chart endpoint answer symbol with the recorded chart of base, its
// meta's symbol set to symbol and the given meta fields replaced.
func (s *Server) SetChart(symbol, base string, meta map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	body := deepCopy(s.charts[strings.ToUpper(base)])
	if body == nil {
		panic("yahootest: no recorded chart of " + base)
	}
	m := body["chart"].(map[string]any)["result"].([]any)[0].(map[string]any)["meta"].(map[string]any)
	m["symbol"] = symbol
	maps.Copy(m, meta)
	s.charts[strings.ToUpper(symbol)] = body
}

// SetBars makes the chart endpoint answer symbol with daily bars at the given times
// (UTC) and closes, quoted in currency (as Yahoo's meta names it: "GBp", "USD"), built on
// the recorded chart of WSU.DE: open, high and low equal the close, the adjusted close
// too, and the meta's regularMarketPrice is the last close.
func (s *Server) SetBars(symbol, currency string, times []time.Time, closes []float64) {
	if len(times) != len(closes) || len(times) == 0 {
		panic("yahootest: SetBars needs as many closes as times")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	body := deepCopy(s.charts["WSU.DE"])
	if body == nil {
		panic("yahootest: no recorded chart of WSU.DE")
	}
	r0 := body["chart"].(map[string]any)["result"].([]any)[0].(map[string]any)
	meta := r0["meta"].(map[string]any)
	meta["symbol"], meta["currency"] = symbol, currency
	meta["regularMarketPrice"] = closes[len(closes)-1]
	meta["regularMarketTime"] = float64(times[len(times)-1].Unix())
	delete(meta, "previousClose")
	ts := make([]any, len(times))
	cs := make([]any, len(closes))
	vol := make([]any, len(closes))
	for i := range times {
		ts[i], cs[i], vol[i] = float64(times[i].Unix()), closes[i], float64(1000)
	}
	r0["timestamp"] = ts
	r0["indicators"] = map[string]any{
		"quote":    []any{map[string]any{"open": cs, "high": cs, "low": cs, "close": cs, "volume": vol}},
		"adjclose": []any{map[string]any{"adjclose": cs}},
	}
	s.charts[strings.ToUpper(symbol)] = body
}

// UseChart makes the chart endpoint answer the symbol of the chart in the fixture file
// name with that chart. Constructed charts (*.constructed.json) are answered only after
// this call, so tests that do not ask for them see the recordings alone.
func (s *Server) UseChart(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.fixtures[name]
	body, _ := r["bodyJson"].(map[string]any)
	ch, _ := body["chart"].(map[string]any)
	res, _ := ch["result"].([]any)
	if len(res) == 0 {
		panic("yahootest: no chart in fixture " + name)
	}
	r0, _ := res[0].(map[string]any)
	meta, _ := r0["meta"].(map[string]any)
	sym, _ := meta["symbol"].(string)
	s.charts[strings.ToUpper(sym)] = deepCopy(body)
}

// ChartBody returns a copy of the chart body recorded for symbol, for tests that edit
// it and script it back with Enqueue.
func (s *Server) ChartBody(symbol string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return deepCopy(s.charts[strings.ToUpper(symbol)])
}

// Synthesize makes the quote endpoint answer every symbol it has no recording of with
// the recorded result of base under that symbol ("" turns it off).
func (s *Server) Synthesize(base string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.template = strings.ToUpper(base)
}

// SetLatency delays every answer by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// RotateCrumb makes the current crumb invalid, as Yahoo does when a session expires,
// and returns the new one.
func (s *Server) RotateCrumb() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.crumb += "x"
	return s.crumb
}

// CurrentCrumb returns the crumb the server accepts.
func (s *Server) CurrentCrumb() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.crumb
}

// Enqueue scripts the next answers of an endpoint kind, in order; once they are used up
// the endpoint behaves normally again.
func (s *Server) Enqueue(kind string, rs ...Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scripts[kind] = append(s.scripts[kind], rs...)
}

// Count returns the number of requests an endpoint kind received.
func (s *Server) Count(kind string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[kind]
}

// Total returns the number of requests received.
func (s *Server) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Reset forgets the counts and recorded requests.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts = map[string]int{}
	s.requests = nil
}

func kindOf(path string) string {
	switch {
	case path == "/":
		return Cookie
	case path == "/v1/test/getcrumb":
		return Crumb
	case path == "/v7/finance/quote":
		return Quote
	case strings.HasPrefix(path, "/v8/finance/chart/"):
		return Chart
	}
	return ""
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	kind := kindOf(r.URL.Path)
	cookie := ""
	if c, err := r.Cookie("A3"); err == nil {
		cookie = c.Value
	}
	s.mu.Lock()
	s.counts[kind]++
	s.requests = append(s.requests, Request{Kind: kind, Path: r.URL.Path, Query: r.URL.Query(), UserAgent: r.UserAgent(), Cookie: cookie})
	latency := s.latency
	var script *Response
	if q := s.scripts[kind]; len(q) > 0 {
		script = &q[0]
		s.scripts[kind] = q[1:]
	}
	s.mu.Unlock()

	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	if script != nil && script.Delay > 0 {
		select {
		case <-time.After(script.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if script != nil {
		if script.Hang {
			select {
			case <-r.Context().Done():
			case <-s.hangDone:
			}
			return
		}
		for k, v := range script.Header {
			w.Header()[k] = v
		}
		st := script.Status
		if st == 0 {
			st = http.StatusOK
		}
		w.WriteHeader(st)
		_, _ = w.Write([]byte(script.Body))
		return
	}
	switch kind {
	case Cookie:
		http.SetCookie(w, &http.Cookie{Name: "A3", Value: s.cookie, Path: "/", MaxAge: 3600})
		http.Error(w, "Not Found", http.StatusNotFound) // as fc.yahoo.com does, cookie included
	case Crumb:
		if cookie != s.cookie {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"finance": map[string]any{"result": nil, "error": map[string]any{"code": "Unauthorized", "description": "Invalid Cookie"}}})
			return
		}
		w.Header().Set("Content-Type", "text/plain;charset=utf-8")
		_, _ = w.Write([]byte(s.CurrentCrumb()))
	case Quote:
		s.serveQuote(w, r, cookie)
	case Chart:
		s.serveChart(w, r)
	default:
		http.NotFound(w, r)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func (s *Server) serveQuote(w http.ResponseWriter, r *http.Request, cookie string) {
	s.mu.Lock()
	ok := r.URL.Query().Get("crumb") == s.crumb && cookie == s.cookie
	s.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"finance": map[string]any{"result": nil, "error": map[string]any{"code": "Unauthorized", "description": "Invalid Crumb"}}})
		return
	}
	var result []any
	s.mu.Lock()
	for _, sym := range strings.Split(r.URL.Query().Get("symbols"), ",") {
		sym = strings.ToUpper(strings.TrimSpace(sym))
		if sym == "" {
			continue
		}
		if m, ok := s.quotes[sym]; ok {
			result = append(result, m)
		} else if t, ok := s.quotes[s.template]; ok && s.template != "" {
			c := deepCopy(t)
			c["symbol"] = sym
			result = append(result, c)
		}
	}
	if result == nil {
		result = []any{}
	}
	body, err := json.Marshal(map[string]any{"quoteResponse": map[string]any{"result": result, "error": nil}})
	s.mu.Unlock()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	_, _ = w.Write(body)
}

func (s *Server) serveChart(w http.ResponseWriter, r *http.Request) {
	sym := strings.ToUpper(strings.TrimPrefix(r.URL.Path, "/v8/finance/chart/"))
	s.mu.Lock()
	body, ok := s.charts[sym]
	var b []byte
	var err error
	if ok {
		b, err = json.Marshal(between(body, r.URL.Query()))
	}
	s.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]any{"chart": map[string]any{"result": nil, "error": map[string]any{"code": "Not Found", "description": "No data found, symbol may be delisted"}}})
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	_, _ = w.Write(b)
}

// between returns body with only the bars whose timestamps fall within period1 and
// period2 of the query, as Yahoo answers, and with only the events the query's events
// parameter asks for ("div", "split", separated by "," or "|") within the same span.
func between(body map[string]any, q url.Values) map[string]any {
	out := deepCopy(body)
	res, _ := out["chart"].(map[string]any)["result"].([]any)
	if len(res) == 0 {
		return out
	}
	r0, _ := res[0].(map[string]any)
	p1, err1 := strconv.ParseInt(q.Get("period1"), 10, 64)
	p2, err2 := strconv.ParseInt(q.Get("period2"), 10, 64)
	ranged := err1 == nil && err2 == nil
	keepEvents(r0, q.Get("events"), ranged, p1, p2)
	if !ranged {
		return out
	}
	ts, _ := r0["timestamp"].([]any)
	if ts == nil {
		return out
	}
	var keep []int
	for i, t := range ts {
		if v, ok := t.(float64); ok && int64(v) >= p1 && int64(v) <= p2 {
			keep = append(keep, i)
		}
	}
	pick := func(arr []any) []any {
		o := make([]any, 0, len(keep))
		for _, i := range keep {
			if i < len(arr) {
				o = append(o, arr[i])
			}
		}
		return o
	}
	r0["timestamp"] = pick(ts)
	ind, _ := r0["indicators"].(map[string]any)
	for _, key := range []string{"quote", "adjclose"} {
		list, _ := ind[key].([]any)
		for _, e := range list {
			if m, ok := e.(map[string]any); ok {
				for k, v := range m {
					if arr, ok := v.([]any); ok {
						m[k] = pick(arr)
					}
				}
			}
		}
	}
	return out
}

// keepEvents leaves in the chart result r0 the kinds of events asked for, within
// [p1, p2] when ranged; without any kind asked for it drops the events, as Yahoo does.
func keepEvents(r0 map[string]any, asked string, ranged bool, p1, p2 int64) {
	events, _ := r0["events"].(map[string]any)
	if events == nil {
		return
	}
	want := map[string]bool{}
	for _, k := range strings.FieldsFunc(asked, func(r rune) bool { return r == ',' || r == '|' }) {
		switch strings.TrimSpace(k) {
		case "div":
			want["dividends"] = true
		case "split":
			want["splits"] = true
		}
	}
	for kind, v := range events {
		m, _ := v.(map[string]any)
		if !want[kind] || m == nil {
			delete(events, kind)
			continue
		}
		if !ranged {
			continue
		}
		for key, e := range m {
			em, _ := e.(map[string]any)
			if d, ok := em["date"].(float64); ok && (int64(d) < p1 || int64(d) > p2) {
				delete(m, key)
			}
		}
	}
	if len(events) == 0 {
		delete(r0, "events")
	}
}

func deepCopy(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}
