package yahoo

import (
	"net/url"
	"testing"
)

func TestRedirectPolicy(t *testing.T) {
	for _, c := range []struct {
		base, to string
		follow   bool
	}{
		// Yahoo's own hosts: https on *.yahoo.com only.
		{"", "https://query1.finance.yahoo.com/v7/finance/quote", true},
		{"", "https://fc.yahoo.com/", true},
		{"", "https://guce.yahoo.com:443/consent", true},
		{"", "http://query2.finance.yahoo.com/v7/finance/quote", false}, // https to http
		{"", "https://query2.finance.yahoo.com:8443/", false},
		{"", "https://yahoo.com.evil.example/", false},
		{"", "https://evilyahoo.com/", false},
		{"", "https://127.0.0.1/", false},
		// A configured server: its scheme, host and port only.
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/other", true},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8081/", false},
		{"http://127.0.0.1:8080", "http://localhost:8080/", false},
		{"https://quotes.example", "https://QUOTES.example:443/v7", true},
		{"https://quotes.example", "http://quotes.example/v7", false},
		{"http://quotes.example", "http://quotes.example:80/v7", true},
	} {
		u, err := url.Parse(c.to)
		if err != nil {
			t.Fatal(err)
		}
		if got := newRedirectPolicy(c.base).follows(u); got != c.follow {
			t.Errorf("base %q, redirect to %s: follows = %v, want %v", c.base, c.to, got, c.follow)
		}
	}
}
