package yahoo_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"hindsight/quotes"
	"hindsight/quotes/yahoo"
	"hindsight/quotes/yahoo/yahootest"
)

func symbols200() []string {
	out := make([]string, 200)
	for i := range out {
		out[i] = fmt.Sprintf("T%03d.KS", i)
	}
	return out
}

// sequential is the baseline of BenchmarkRefresh200, measured once per process: it
// takes 200 round trips.
var sequential struct {
	once     sync.Once
	elapsed  time.Duration
	requests int
	err      error
}

// BenchmarkRefresh200 refreshes 200 symbols through the cached provider against a local
// server that adds 100 ms to every answer, and compares it with the baseline of one
// request per symbol in sequence, measured in the same run. It reports both times, the
// speed-up, the quote requests of each, and the requests of a repeat refresh within the
// freshness window (0). Run it with -benchtime=1x: the baseline takes 20 s.
func BenchmarkRefresh200(b *testing.B) {
	const latency = 100 * time.Millisecond
	srv := yahootest.NewServer(b)
	srv.Synthesize("AAPL")
	srv.SetLatency(latency)
	ctx := context.Background()
	syms := symbols200()
	newWarm := func() *yahoo.Provider {
		p := yahoo.New(yahoo.Options{BaseURL: srv.URL})
		if _, err := p.Quote(ctx, "AAPL"); err != nil { // the session, outside the timing
			b.Fatal(err)
		}
		return p
	}

	sequential.once.Do(func() {
		p := newWarm()
		before := srv.Count(yahootest.Quote)
		start := time.Now()
		for _, s := range syms {
			if _, err := p.Quote(ctx, s); err != nil {
				sequential.err = err
				return
			}
		}
		sequential.elapsed = time.Since(start)
		sequential.requests = srv.Count(yahootest.Quote) - before
	})
	if sequential.err != nil {
		b.Fatal(sequential.err)
	}

	p := newWarm()
	var batched time.Duration
	var requests, repeat int
	b.ResetTimer()
	for range b.N {
		c := quotes.NewCached(p, quotes.NewMemoryCache(), quotes.CachedOptions{})
		before := srv.Count(yahootest.Quote)
		start := time.Now()
		qs, err := c.Quote(ctx, syms...)
		batched += time.Since(start)
		if err != nil || len(qs) != len(syms) {
			b.Fatalf("%d quotes, %v", len(qs), err)
		}
		requests = srv.Count(yahootest.Quote) - before

		b.StopTimer()
		before = srv.Total()
		if qs, err := c.Quote(ctx, syms...); err != nil || len(qs) != len(syms) {
			b.Fatalf("repeat: %d quotes, %v", len(qs), err)
		}
		repeat = srv.Total() - before
		b.StartTimer()
	}
	per := batched / time.Duration(b.N)
	b.ReportMetric(float64(per.Milliseconds()), "batched-ms")
	b.ReportMetric(float64(sequential.elapsed.Milliseconds()), "sequential-ms")
	b.ReportMetric(float64(sequential.elapsed)/float64(per), "speedup-x")
	b.ReportMetric(float64(requests), "quote-requests")
	b.ReportMetric(float64(sequential.requests), "sequential-requests")
	b.ReportMetric(float64(repeat), "repeat-requests")
}

// TestRefresh200Requests checks the request counts the benchmark reports, without the
// latency: 200 symbols in 4 quote requests, and none for a repeat within the window.
func TestRefresh200Requests(t *testing.T) {
	srv := yahootest.NewServer(t)
	srv.Synthesize("AAPL")
	p, _ := newProvider(t, srv, yahoo.Options{})
	c := quotes.NewCached(p, quotes.NewMemoryCache(), quotes.CachedOptions{})
	ctx := context.Background()
	if qs, err := c.Quote(ctx, symbols200()...); err != nil || len(qs) != 200 {
		t.Fatalf("%d quotes, %v", len(qs), err)
	}
	if n := srv.Count(yahootest.Quote); n != 4 {
		t.Errorf("%d quote requests for 200 symbols, want 4", n)
	}
	before := srv.Total()
	if qs, err := c.Quote(ctx, symbols200()...); err != nil || len(qs) != 200 {
		t.Fatalf("repeat: %d quotes, %v", len(qs), err)
	}
	if n := srv.Total() - before; n != 0 {
		t.Errorf("repeat refresh sent %d requests, want 0", n)
	}
}
