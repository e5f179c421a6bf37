package yahoo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/quotes"
)

var _ quotes.EventSource = (*Provider)(nil)

// chartEvents asks the chart endpoint for dividends and splits. Yahoo also accepts
// "div|split" (node-yahoo-finance2 records its requests with events=div%7Csplit%7Cearn).
const chartEvents = "div,split"

// maxGMTOffset bounds the meta's gmtoffset: no time zone is more than 14 hours from UTC.
const maxGMTOffset = 14 * 3600

// eventsBody is the part of a chart reply that carries the events. With events=div,split
// the result holds, beside the bars,
//
//	"events": {
//	  "dividends": {"1604673000": {"amount": 0.205, "date": 1604673000}},
//	  "splits":    {"1598880600": {"date": 1598880600, "numerator": 4, "denominator": 1,
//	                               "splitRatio": "4:1"}}}
//
// each object keyed by the event's Unix time as a string, the time being the opening of
// the ex-date's session. The shape is that of the recorded exchange
// chart-AAPL-2020-08-31-to-2020-11-07.json in testdata (from node-yahoo-finance2's
// tests/fixtures/http), and the field names match the split model of
// github.com/felipeoriani/Fynance (src/Fynance/Yahoo/YSplit.cs). Amounts are in the
// meta's currency, the currency of the prices. Numbers are decoded as json.Number, so
// an amount never passes through a float.
type eventsBody struct {
	Chart struct {
		Result []*struct {
			Meta struct {
				Currency  string      `json:"currency"`
				GMTOffset json.Number `json:"gmtoffset"`
			} `json:"meta"`
			Events *struct {
				Dividends map[string]json.RawMessage `json:"dividends"`
				Splits    map[string]json.RawMessage `json:"splits"`
			} `json:"events"`
		} `json:"result"`
	} `json:"chart"`
}

type rawDividend struct {
	Amount json.Number `json:"amount"`
	Date   json.Number `json:"date"`
}

type rawSplit struct {
	Date        json.Number `json:"date"`
	Numerator   json.Number `json:"numerator"`
	Denominator json.Number `json:"denominator"`
	SplitRatio  string      `json:"splitRatio"`
}

// Events returns the splits and dividends of symbol with an ex-date from the day of
// from to the day of to (to zero means now), oldest first, from one chart request with
// events=div,split over the span: the same HTTP path as History, with its timeouts,
// retries, redirect policy and price checks. A dividend quoted in a subunit (pence) is
// returned in the main unit (pounds). An event that is malformed (a missing or
// non-numeric field, a date out of bounds, a ratio or amount out of bounds) fails the
// call with an EINVALID error naming the symbol that wraps quotes.ErrBadResponse.
func (p *Provider) Events(ctx context.Context, symbol string, from, to time.Time) (quotes.Events, error) {
	sym, err := journal.ParseSymbol(symbol)
	if err != nil {
		return quotes.Events{}, err
	}
	now := p.now()
	if to.IsZero() {
		to = now
	}
	if from.IsZero() || !from.Before(to) {
		return quotes.Events{}, journal.Errorf(journal.EINVALID, "events %s: start must be set and before the end", sym)
	}
	_, meta, raw, err := p.chart(ctx, sym, from, to, quotes.Interval1d, p.opts.MaxRetries, chartEvents)
	if err != nil {
		return quotes.Events{}, fmt.Errorf("events %s: %w", sym, err)
	}
	ev, err := parseEvents(sym, raw, meta.Currency, now)
	if err != nil {
		return quotes.Events{}, fmt.Errorf("events %s: %w: %w", sym, err, quotes.ErrBadResponse)
	}
	return ev.Between(from, to), nil
}

// parseEvents reads the events of a chart body already checked by the transport.
// currency is the meta's currency as the chart code read it (used when the events
// body's own meta has none). The errors are EINVALID errors naming sym.
func parseEvents(sym string, raw []byte, currency string, now time.Time) (quotes.Events, error) {
	var body eventsBody
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		return quotes.Events{}, journal.Errorf(journal.EINVALID, "events of %s cannot be read: %v", sym, err)
	}
	var ev quotes.Events
	if len(body.Chart.Result) == 0 || body.Chart.Result[0] == nil || body.Chart.Result[0].Events == nil {
		return ev, nil
	}
	res := body.Chart.Result[0]
	if res.Meta.Currency != "" {
		currency = res.Meta.Currency
	}
	var offset int64
	if res.Meta.GMTOffset != "" {
		o, err := res.Meta.GMTOffset.Int64()
		if err != nil || o < -maxGMTOffset || o > maxGMTOffset {
			return ev, journal.Errorf(journal.EINVALID, "events of %s: time zone offset %q out of bounds", sym, quotes.ShortText(string(res.Meta.GMTOffset), 24))
		}
		offset = o
	}
	latest := now.Add(366 * 24 * time.Hour)
	// exDate turns an event's Unix time (the session's opening) into UTC midnight of the
	// exchange's calendar day, using the meta's offset from UTC.
	exDate := func(what string, n json.Number) (time.Time, error) {
		secs, err := n.Int64()
		if err != nil || secs <= 0 || time.Unix(secs, 0).After(latest) {
			return time.Time{}, journal.Errorf(journal.EINVALID, "%s of %s: date %q out of bounds", what, sym, quotes.ShortText(string(n), 24))
		}
		y, m, d := time.Unix(secs+offset, 0).UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	}
	number := func(what, field string, n json.Number) (decimal.Decimal, error) {
		d, err := decimal.NewFromString(string(n))
		if n == "" || err != nil {
			return decimal.Decimal{}, journal.Errorf(journal.EINVALID, "%s of %s: %s %q is not a number", what, sym, field, quotes.ShortText(string(n), 24))
		}
		return d, nil
	}
	for _, key := range sortedKeys(res.Events.Splits) {
		var r rawSplit
		if err := json.Unmarshal(res.Events.Splits[key], &r); err != nil || r.Date == "" {
			return ev, journal.Errorf(journal.EINVALID, "split of %s at %s is malformed", sym, quotes.ShortText(key, 24))
		}
		at, err := exDate("split", r.Date)
		if err != nil {
			return ev, err
		}
		s := quotes.Split{Symbol: sym, At: at}
		if s.Numerator, err = number("split", "numerator", r.Numerator); err != nil {
			return ev, err
		}
		if s.Denominator, err = number("split", "denominator", r.Denominator); err != nil {
			return ev, err
		}
		if err := quotes.CheckSplit(s); err != nil {
			return ev, err
		}
		ev.Splits = append(ev.Splits, s)
	}
	if len(res.Events.Dividends) > 0 {
		if currency == "" {
			return ev, journal.Errorf(journal.EINVALID, "dividends of %s come without a currency", sym)
		}
		if _, _, err := journal.MainUnit(currency); err != nil {
			return ev, journal.Errorf(journal.EINVALID, "dividends of %s in an unknown currency %q", sym, quotes.ShortText(currency, 8))
		}
	}
	for _, key := range sortedKeys(res.Events.Dividends) {
		var r rawDividend
		if err := json.Unmarshal(res.Events.Dividends[key], &r); err != nil || r.Date == "" {
			return ev, journal.Errorf(journal.EINVALID, "dividend of %s at %s is malformed", sym, quotes.ShortText(key, 24))
		}
		at, err := exDate("dividend", r.Date)
		if err != nil {
			return ev, err
		}
		amount, err := number("dividend", "amount", r.Amount)
		if err != nil {
			return ev, err
		}
		m, err := journal.NewMoney(amount, currency)
		if err != nil {
			return ev, journal.Errorf(journal.EINVALID, "dividend of %s: %v", sym, err)
		}
		d := quotes.Dividend{Symbol: sym, At: at, Amount: m}
		if err := quotes.CheckDividend(d); err != nil {
			return ev, err
		}
		ev.Dividends = append(ev.Dividends, d)
	}
	quotes.SortEvents(ev)
	return ev, nil
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
