package yahoo_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/quotes"
	"hindsight/quotes/yahoo"
	"hindsight/quotes/yahoo/yahootest"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

type wantSplit struct {
	at       time.Time
	num, den string
	ratio    string
}

type wantDividend struct {
	at       time.Time
	amount   string
	currency string
}

func checkEvents(t *testing.T, name string, ev quotes.Events, sym string, splits []wantSplit, divs []wantDividend) {
	t.Helper()
	if len(ev.Splits) != len(splits) || len(ev.Dividends) != len(divs) {
		t.Fatalf("%s: %d splits and %d dividends, want %d and %d: %+v", name, len(ev.Splits), len(ev.Dividends), len(splits), len(divs), ev)
	}
	for i, w := range splits {
		s := ev.Splits[i]
		if s.Symbol != sym || !s.At.Equal(w.at) || s.At.Location() != time.UTC || !s.Numerator.Equal(decimal.RequireFromString(w.num)) ||
			!s.Denominator.Equal(decimal.RequireFromString(w.den)) || s.Ratio() != w.ratio {
			t.Errorf("%s: split %d = %+v (ratio %s), want %+v", name, i, s, s.Ratio(), w)
		}
	}
	for i, w := range divs {
		dv := ev.Dividends[i]
		if dv.Symbol != sym || !dv.At.Equal(w.at) || dv.At.Location() != time.UTC || !dv.Amount.Amount.Equal(decimal.RequireFromString(w.amount)) ||
			dv.Amount.Currency != w.currency {
			t.Errorf("%s: dividend %d = %+v, want %+v", name, i, dv, w)
		}
	}
}

func TestEventsFromRecordedCharts(t *testing.T) {
	srv := yahootest.NewServer(t)
	srv.UseChart(yahootest.NVDAEvents)
	p, _ := newProvider(t, srv, yahoo.Options{})
	// Hand-checked against the fixtures: NVDA's split is dated 1718026200 = 2024-06-10
	// 13:30 UTC, 09:30 in New York (gmtoffset -14400): ex-date 2024-06-10, 10 for 1. Its
	// dividends are 1709649000 = 2024-03-05 14:30 UTC (0.004) and 1718112600 = 2024-06-11
	// 13:30 UTC (0.01), in USD. AAPL's split is 1598880600 = 2020-08-31 13:30 UTC, 4 for
	// 1; its dividend 1604673000 = 2020-11-06 14:30 UTC, 0.205 USD.
	split := wantSplit{day(2024, 6, 10), "10", "1", "10:1"}
	march := wantDividend{day(2024, 3, 5), "0.004", "USD"}
	june := wantDividend{day(2024, 6, 11), "0.01", "USD"}
	tests := []struct {
		name     string
		sym      string
		from, to time.Time
		splits   []wantSplit
		divs     []wantDividend
	}{
		{"NVDA whole span", "nvda", day(2024, 3, 1), day(2024, 6, 15), []wantSplit{split}, []wantDividend{march, june}},
		// The day of to counts whole: 2024-06-10 00:00 still takes the split of that day.
		{"NVDA up to the split", "NVDA", day(2024, 6, 1), day(2024, 6, 10).Add(23 * time.Hour), []wantSplit{split}, nil},
		{"NVDA after the split", "NVDA", day(2024, 6, 11), day(2024, 6, 15), nil, []wantDividend{june}},
		{"NVDA before any event", "NVDA", day(2024, 4, 1), day(2024, 5, 1), nil, nil},
		{"AAPL", "AAPL", day(2020, 8, 31), day(2020, 11, 7), []wantSplit{{day(2020, 8, 31), "4", "1", "4:1"}},
			[]wantDividend{{day(2020, 11, 6), "0.205", "USD"}}},
	}
	for _, tt := range tests {
		srv.Reset()
		ev, err := p.Events(context.Background(), tt.sym, tt.from, tt.to)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		checkEvents(t, tt.name, ev, strings.ToUpper(tt.sym), tt.splits, tt.divs)
		reqs := srv.Requests()
		if srv.Count(yahootest.Chart) != 1 || len(reqs) != 1 {
			t.Errorf("%s: %d requests, want one chart request", tt.name, len(reqs))
			continue
		}
		if q := reqs[0].Query; q.Get("events") != "div,split" || q.Get("interval") != "1d" ||
			q.Get("period1") != itoa(tt.from.Unix()) || q.Get("period2") != itoa(tt.to.Unix()) {
			t.Errorf("%s: query %v", tt.name, q)
		}
	}

	a := split
	act := quotes.Split{Symbol: "NVDA", At: a.at, Numerator: decimal.NewFromInt(10), Denominator: decimal.NewFromInt(1)}.Action()
	if act.ID != "NVDA:split:2024-06-10" || act.Symbol != "NVDA" || act.Kind != journal.ActionSplit || act.Ratio != "10:1" ||
		!act.At.Equal(a.at) || act.Source != "yahoo" {
		t.Errorf("Action = %+v", act)
	}

	// History does not ask for events.
	srv.Reset()
	if _, err := p.History(context.Background(), "NVDA", day(2024, 3, 1), day(2024, 6, 15), quotes.Interval1d); err != nil {
		t.Fatal(err)
	}
	if r := srv.Requests(); len(r) != 1 || r[0].Query.Has("events") {
		t.Errorf("history requests %+v", r)
	}
}

func itoa(n int64) string { return decimal.NewFromInt(n).String() }

// nvdaWith returns the recorded NVDA chart with its events replaced and its meta's
// fields set.
func nvdaWith(t *testing.T, srv *yahootest.Server, events any, meta map[string]any) yahootest.Response {
	t.Helper()
	body := srv.ChartBody("NVDA")
	r0 := body["chart"].(map[string]any)["result"].([]any)[0].(map[string]any)
	r0["events"] = events
	m := r0["meta"].(map[string]any)
	for k, v := range meta {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	return jsonBody(t, body)
}

func TestEventsInASubunit(t *testing.T) {
	srv := yahootest.NewServer(t)
	srv.UseChart(yahootest.NVDAEvents)
	p, _ := newProvider(t, srv, yahoo.Options{})
	// A London listing quotes its dividend in pence: 1234.5 GBp is 12.345 GBP. Its
	// date 1718002800 = 2024-06-10 07:00 UTC, 08:00 in London (gmtoffset 3600).
	srv.Enqueue(yahootest.Chart, nvdaWith(t, srv, map[string]any{
		"dividends": map[string]any{"1718002800": map[string]any{"amount": 1234.5, "date": 1718002800}},
	}, map[string]any{"currency": "GBp", "symbol": "VOD.L", "gmtoffset": 3600}))
	ev, err := p.Events(context.Background(), "VOD.L", day(2024, 3, 1), day(2024, 6, 15))
	if err != nil {
		t.Fatal(err)
	}
	checkEvents(t, "GBp", ev, "VOD.L", nil, []wantDividend{{day(2024, 6, 10), "12.345", "GBP"}})

	// Tokyo opens at 09:00 JST, 00:00 UTC; Sydney at 10:00 AEDT, 23:00 UTC the day
	// before: the ex-date is the exchange's day, 2024-01-10 in both cases
	// (1704844800 = 2024-01-10 00:00 UTC, 1704841200 = 2024-01-09 23:00 UTC).
	for _, tc := range []struct {
		date, offset int64
	}{{1704844800, 32400}, {1704841200, 39600}} {
		srv.Enqueue(yahootest.Chart, nvdaWith(t, srv, map[string]any{
			"splits": map[string]any{itoa(tc.date): map[string]any{"date": tc.date, "numerator": 1, "denominator": 5, "splitRatio": "1:5"}},
		}, map[string]any{"gmtoffset": tc.offset}))
		ev, err := p.Events(context.Background(), "NVDA", day(2024, 1, 1), day(2024, 2, 1))
		if err != nil {
			t.Fatal(err)
		}
		checkEvents(t, "offset "+itoa(tc.offset), ev, "NVDA", []wantSplit{{day(2024, 1, 10), "1", "5", "1:5"}}, nil)
	}
}

func TestMalformedEventsRefused(t *testing.T) {
	srv := yahootest.NewServer(t)
	srv.UseChart(yahootest.NVDAEvents)
	p, _ := newProvider(t, srv, yahoo.Options{Now: func() time.Time { return day(2024, 7, 1) }})
	at := int64(1718026200) // 2024-06-10 13:30 UTC
	split := func(fields map[string]any) any {
		s := map[string]any{"date": at, "numerator": 10, "denominator": 1, "splitRatio": "10:1"}
		for k, v := range fields {
			if v == nil {
				delete(s, k)
			} else {
				s[k] = v
			}
		}
		return map[string]any{"splits": map[string]any{itoa(at): s}}
	}
	div := func(amount, date any) any {
		e := map[string]any{}
		if amount != nil {
			e["amount"] = amount
		}
		if date != nil {
			e["date"] = date
		}
		return map[string]any{"dividends": map[string]any{itoa(at): e}}
	}
	tests := []struct {
		name   string
		events any
		meta   map[string]any
		want   string
	}{
		{"zero numerator", split(map[string]any{"numerator": 0}), nil, "numerator 0"},
		{"negative denominator", split(map[string]any{"denominator": -2}), nil, "denominator -2"},
		{"numerator above 1000", split(map[string]any{"numerator": 1001}), nil, "numerator 1001"},
		{"missing denominator", split(map[string]any{"denominator": nil}), nil, "denominator"},
		{"textual numerator", split(map[string]any{"numerator": "ten"}), nil, "split of NVDA"},
		{"split without a date", split(map[string]any{"date": nil}), nil, "split of NVDA"},
		{"split dated 0", split(map[string]any{"date": 0}), nil, "date"},
		{"split dated in 2100", split(map[string]any{"date": 4102444800}), nil, "date"},
		{"fractional date", split(map[string]any{"date": 1718026200.5}), nil, "date"},
		{"negative dividend", div(-0.01, at), nil, "negative"},
		{"dividend without amount", div(nil, at), nil, "amount"},
		{"textual amount", div("a lot", at), nil, "dividend of NVDA"},
		{"absurd amount", div(1e300, at), nil, "dividend of NVDA"},
		{"dividend without date", div(0.01, nil), nil, "dividend of NVDA"},
		{"null event", map[string]any{"dividends": map[string]any{"1": nil}}, nil, "dividend of NVDA"},
		{"events not an object", []any{1, 2}, nil, "events of NVDA"},
		{"dividend in no currency", div(0.01, at), map[string]any{"currency": nil}, "currency"},
		{"time zone 20 hours off", div(0.01, at), map[string]any{"gmtoffset": 72000}, "offset"},
	}
	for _, tt := range tests {
		srv.Enqueue(yahootest.Chart, nvdaWith(t, srv, tt.events, tt.meta))
		ev, err := p.Events(context.Background(), "NVDA", day(2024, 6, 1), day(2024, 6, 15))
		if err == nil {
			t.Errorf("%s: no error, got %+v", tt.name, ev)
			continue
		}
		if !strings.Contains(err.Error(), "NVDA") || !strings.Contains(err.Error(), tt.want) ||
			journal.ErrorCode(err) != journal.EINVALID || !errors.Is(err, quotes.ErrBadResponse) {
			t.Errorf("%s: %v (code %s)", tt.name, err, journal.ErrorCode(err))
		}
		if len(ev.Splits)+len(ev.Dividends) != 0 {
			t.Errorf("%s: events returned with the error: %+v", tt.name, ev)
		}
	}

	// A zero dividend and a 1000:1 split are within bounds.
	srv.Enqueue(yahootest.Chart, nvdaWith(t, srv, map[string]any{
		"dividends": map[string]any{itoa(at): map[string]any{"amount": 0, "date": at}},
		"splits":    map[string]any{itoa(at): map[string]any{"date": at, "numerator": 1000, "denominator": 1}},
	}, nil))
	ev, err := p.Events(context.Background(), "NVDA", day(2024, 6, 1), day(2024, 6, 15))
	if err != nil {
		t.Fatal(err)
	}
	checkEvents(t, "bounds", ev, "NVDA", []wantSplit{{day(2024, 6, 10), "1000", "1", "1000:1"}}, []wantDividend{{day(2024, 6, 10), "0", "USD"}})
}
