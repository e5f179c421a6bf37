package quotes

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Sentinel errors that tell market-data failures apart. Test for them with errors.Is.
var (
	// ErrUnknownSymbol means the source does not know the symbol (an empty result).
	ErrUnknownSymbol = errors.New("unknown symbol")
	// ErrNoPrice means the source knows the symbol but has no price for it, as for a
	// delisted listing.
	ErrNoPrice = errors.New("no price (delisted?)")
	// ErrNetwork means the source could not be reached or did not answer in time.
	ErrNetwork = errors.New("network unavailable")
	// ErrBadResponse means the source answered with something that is not the data
	// asked for: an HTML page, truncated or malformed JSON, an error object.
	ErrBadResponse = errors.New("unexpected response")
	// ErrNotCached means offline mode was asked for a value the cache does not hold.
	ErrNotCached = errors.New("not in the offline cache")
	// ErrStale means the values returned alongside the error come from the cache
	// because they could not be refreshed; they are still usable.
	ErrStale = errors.New("stale data from the cache")
)

// HTTPError is a failed HTTP exchange with a market-data source: the status it
// answered with and a short reason a person can read.
type HTTPError struct {
	// Status is the HTTP status code (200 for a well-delivered but unusable body).
	Status int
	// Reason is a short explanation, e.g. "Invalid Crumb" or "too many requests".
	Reason string
	// URL is the request URL without credentials such as the crumb.
	URL string
	// Attempts is how many times the request was sent.
	Attempts int
	// RetryAfter is the wait the source asked for, if it did.
	RetryAfter time.Duration
	// Err is the underlying kind, e.g. ErrBadResponse, if any.
	Err error
}

// Error returns e.g. "GET https://host/v7/finance/quote: 429 Too Many Requests: rate
// limited (3 attempts)".
func (e *HTTPError) Error() string {
	var b strings.Builder
	u := e.URL
	if len(u) > 120 {
		u = u[:117] + "..."
	}
	fmt.Fprintf(&b, "GET %s: %d", u, e.Status)
	if t := http.StatusText(e.Status); t != "" {
		b.WriteString(" " + t)
	}
	if e.Reason != "" && !strings.EqualFold(e.Reason, http.StatusText(e.Status)) {
		b.WriteString(": " + e.Reason)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (%d attempts)", e.Attempts)
	}
	return b.String()
}

// Unwrap returns the underlying kind.
func (e *HTTPError) Unwrap() error { return e.Err }

// SymbolErrors maps each symbol that got no answer to its cause. Quote returns it next
// to the quotes it did get.
type SymbolErrors map[string]error

// Error lists the failed symbols in order, symbols that failed the same way together,
// e.g. "3 symbols failed: BRKS: no price (delisted?); SIX, XYZ: unknown symbol".
func (se SymbolErrors) Error() string {
	keys := se.Symbols()
	var msgs []string
	bySymbols := map[string][]string{}
	for _, k := range keys {
		m := se[k].Error()
		if _, ok := bySymbols[m]; !ok {
			msgs = append(msgs, m)
		}
		bySymbols[m] = append(bySymbols[m], k)
	}
	parts := make([]string, len(msgs))
	for i, m := range msgs {
		parts[i] = strings.Join(bySymbols[m], ", ") + ": " + m
	}
	if len(keys) == 1 {
		return parts[0]
	}
	return fmt.Sprintf("%d symbols failed: %s", len(keys), strings.Join(parts, "; "))
}

// Unwrap returns the causes, so errors.Is(err, ErrUnknownSymbol) reports whether any
// symbol failed that way.
func (se SymbolErrors) Unwrap() []error {
	keys := se.Symbols()
	out := make([]error, len(keys))
	for i, k := range keys {
		out[i] = se[k]
	}
	return out
}

// Symbols returns the failed symbols, sorted.
func (se SymbolErrors) Symbols() []string {
	keys := make([]string, 0, len(se))
	for k := range se {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Of returns the error of one symbol, or nil.
func (se SymbolErrors) Of(symbol string) error { return se[symbol] }

// ErrorOf returns the cause err gives for symbol: its entry when err is a SymbolErrors,
// err itself otherwise (nil for nil).
func ErrorOf(err error, symbol string) error {
	if err == nil {
		return nil
	}
	var se SymbolErrors
	if errors.As(err, &se) {
		return se[symbol]
	}
	return err
}

// Reason returns a short description of a refresh failure for display
// next to a stale value: "network unavailable", "source answered 429 Too Many
// Requests", "unknown symbol", "offline", or a refused price with its value.
func Reason(err error) string {
	var he *HTTPError
	var bp *BadPriceError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrNotCached):
		return "offline"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.Is(err, ErrNetwork), errors.Is(err, context.DeadlineExceeded):
		return ErrNetwork.Error()
	case errors.As(err, &bp):
		return bp.Error()
	case errors.As(err, &he):
		s := fmt.Sprintf("source answered %d %s", he.Status, http.StatusText(he.Status))
		if he.Reason != "" && !strings.EqualFold(he.Reason, http.StatusText(he.Status)) {
			s += ": " + he.Reason
		}
		return s
	case errors.Is(err, ErrUnknownSymbol):
		return ErrUnknownSymbol.Error()
	case errors.Is(err, ErrNoPrice):
		return ErrNoPrice.Error()
	case errors.Is(err, ErrBadResponse):
		return ErrBadResponse.Error()
	}
	return err.Error()
}
