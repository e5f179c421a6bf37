package yahoo_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"hindsight/quotes"
	"hindsight/quotes/yahoo"
	"hindsight/quotes/yahoo/yahootest"
)

// otherServer is a second server, on another port, that answers every request with a
// valid quote of AAPL at 999.99 and counts the requests it gets.
func otherServer(t *testing.T, srv *yahootest.Server) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	aapl := srv.QuoteFields("AAPL")
	aapl["regularMarketPrice"] = 999.99
	b, err := json.Marshal(map[string]any{"quoteResponse": map[string]any{"result": []any{aapl}, "error": nil}})
	if err != nil {
		t.Fatal(err)
	}
	body := string(b)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(other.Close)
	return other, &n
}

func redirect(to string) yahootest.Response {
	return yahootest.Response{Status: http.StatusFound, Header: http.Header{"Location": {to}}}
}

// TestRedirectToAnotherPortRefused checks that a redirect away from the configured
// server is not followed: no request reaches the other server, its price is neither
// answered nor cached, and the error names the target.
func TestRedirectToAnotherPortRefused(t *testing.T) {
	srv := yahootest.NewServer(t)
	other, hits := otherServer(t, srv)
	p, _ := newProvider(t, srv, yahoo.Options{})
	cached, store := hostileCache(t, p)
	target := other.URL + "/v7/finance/quote?symbols=AAPL"
	srv.Enqueue(yahootest.Quote, redirect(target))
	srv.Enqueue(yahootest.Chart, redirect(target)) // the chart fallback is redirected too
	qs, err := cached.Quote(context.Background(), "AAPL")
	if len(qs) != 0 {
		t.Fatalf("quotes %v; want none", qs)
	}
	aerr := quotes.ErrorOf(err, "AAPL")
	if aerr == nil || !errors.Is(aerr, quotes.ErrBadResponse) || !strings.Contains(quotes.Reason(aerr), other.Listener.Addr().String()) ||
		!strings.Contains(quotes.Reason(aerr), "refused") {
		t.Errorf("error %v (reason %q); want a refused redirect naming %s", aerr, quotes.Reason(aerr), other.Listener.Addr())
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the other server got %d requests", n)
	}
	if got, _ := store.LoadQuotes(context.Background(), []string{"AAPL"}); len(got) != 0 {
		t.Errorf("cached %v", got["AAPL"].Price)
	}

	// The same for a price history, and for the cookie request of a new session.
	srv.Enqueue(yahootest.Chart, redirect(other.URL+"/v8/finance/chart/AAPL"))
	bars, err := p.History(context.Background(), "AAPL", time.Date(2020, 8, 31, 0, 0, 0, 0, time.UTC), time.Date(2020, 11, 7, 0, 0, 0, 0, time.UTC), quotes.Interval1d)
	if len(bars) != 0 || err == nil || !strings.Contains(err.Error(), other.Listener.Addr().String()) {
		t.Errorf("history through a redirect: %d bars, %v", len(bars), err)
	}
	fresh, _ := newProvider(t, srv, yahoo.Options{})
	srv.Enqueue(yahootest.Cookie, redirect(other.URL+"/"))
	// Without cookie and crumb the quote endpoint is out of reach; the chart endpoint of
	// the configured server still answers.
	if qs, _ := fresh.Quote(context.Background(), "AAPL"); len(qs) != 0 && qs[0].Price.Amount.String() == "999.99" {
		t.Errorf("the redirected cookie request's server priced AAPL: %v", qs[0].Price)
	}
	if n := srv.Count(yahootest.Crumb); n != 1 {
		t.Errorf("%d crumb requests; want only the first session's (the redirected cookie fails the second)", n)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the other server got %d requests", n)
	}
}

// TestRedirectWithinServerFollowed checks that a redirect to another path of the
// configured server is still followed.
func TestRedirectWithinServerFollowed(t *testing.T) {
	srv := yahootest.NewServer(t)
	p, _ := newProvider(t, srv, yahoo.Options{})
	mustQuoteAAPL := func() {
		t.Helper()
		qs, err := p.Quote(context.Background(), "AAPL")
		if err != nil || len(qs) != 1 || qs[0].Price.Amount.String() != "244.6" {
			t.Fatalf("Quote = %v, %v; want AAPL at 244.6", qs, err)
		}
	}
	mustQuoteAAPL() // fetches the crumb
	before := srv.Count(yahootest.Quote)
	q := url.Values{"symbols": {"AAPL"}, "crumb": {srv.CurrentCrumb()}}
	srv.Enqueue(yahootest.Quote, redirect("/v7/finance/quote?"+q.Encode()))
	mustQuoteAAPL()
	if n := srv.Count(yahootest.Quote) - before; n != 2 {
		t.Errorf("%d quote requests; want the redirect and its target", n)
	}
	// An absolute URL naming the same host and port is followed too.
	srv.Enqueue(yahootest.Quote, redirect(srv.URL+"/v7/finance/quote?"+q.Encode()))
	mustQuoteAAPL()
}
