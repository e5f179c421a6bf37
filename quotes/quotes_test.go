package quotes_test

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/quotes"
)

func TestNormalizeSymbols(t *testing.T) {
	tests := []struct {
		in      []string
		want    []string
		invalid []string
	}{
		{nil, []string{}, nil},
		{[]string{"aapl", "AAPL", " aapl "}, []string{"AAPL"}, nil},
		{[]string{"005930.ks", "^ks11", "usdkrw=x", "brk-b"}, []string{"005930.KS", "^KS11", "USDKRW=X", "BRK-B"}, nil},
		{[]string{"", "삼성전자", "NVDA", "a b"}, []string{"NVDA"}, []string{"", "a b", "삼성전자"}},
	}
	for _, tt := range tests {
		got, errs := quotes.NormalizeSymbols(tt.in)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("NormalizeSymbols(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !reflect.DeepEqual(errs.Symbols(), append([]string{}, tt.invalid...)) {
			t.Errorf("NormalizeSymbols(%q) invalid %q, want %q", tt.in, errs.Symbols(), tt.invalid)
		}
		for _, s := range tt.invalid {
			if journal.ErrorCode(errs[s]) != journal.EINVALID {
				t.Errorf("%q: error %v", s, errs[s])
			}
		}
	}
}

func TestBatches(t *testing.T) {
	syms := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprint("S", i)
		}
		return out
	}
	tests := []struct {
		n, size int
		want    []int
	}{
		{0, 50, nil},
		{1, 50, []int{1}},
		{50, 50, []int{50}},
		{51, 50, []int{50, 1}},
		{120, 50, []int{50, 50, 20}},
		{200, 0, []int{50, 50, 50, 50}},
		{200, 80, []int{50, 50, 50, 50}},
		{5, 2, []int{2, 2, 1}},
	}
	for _, tt := range tests {
		in := syms(tt.n)
		var sizes []int
		var joined []string
		for _, b := range quotes.Batches(in, tt.size) {
			sizes = append(sizes, len(b))
			joined = append(joined, b...)
		}
		if !reflect.DeepEqual(sizes, tt.want) {
			t.Errorf("Batches(%d, %d) sizes %v, want %v", tt.n, tt.size, sizes, tt.want)
		}
		if len(joined) != len(in) || (len(in) > 0 && !reflect.DeepEqual(joined, in)) {
			t.Errorf("Batches(%d, %d) lost or reordered symbols", tt.n, tt.size)
		}
	}
}

func TestParseInterval(t *testing.T) {
	tests := []struct {
		in   string
		want quotes.Interval
		ok   bool
	}{
		{"", quotes.Interval1d, true},
		{"1d", quotes.Interval1d, true},
		{"1WK", quotes.Interval1wk, true},
		{"1mo", quotes.Interval1mo, true},
		{"60m", quotes.Interval1h, true},
		{"5m", quotes.Interval5m, true},
		{"2y", "", false},
		{"daily", "", false},
	}
	for _, tt := range tests {
		got, err := quotes.ParseInterval(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseInterval(%q) = %q, %v", tt.in, got, err)
		}
		if tt.ok && got.Duration() <= 0 {
			t.Errorf("%s has no duration", got)
		}
	}
}

func bar(day int, close string) quotes.Bar {
	c := decimal.RequireFromString(close)
	return quotes.Bar{Time: time.Date(2024, 1, day, 14, 30, 0, 0, time.UTC), Open: c, High: c, Low: c, Close: c, AdjClose: c}
}

func closes(bs []quotes.Bar) string {
	var parts []string
	for _, b := range bs {
		parts = append(parts, fmt.Sprintf("%d:%s", b.Time.Day(), b.Close))
	}
	return strings.Join(parts, " ")
}

func TestMergeBars(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name       string
		old, fresh []quotes.Bar
		from, to   time.Time
		want       string
	}{
		{"into empty", nil, []quotes.Bar{bar(2, "10"), bar(1, "9")}, day(1), day(3), "1:9 2:10"},
		{"appends after", []quotes.Bar{bar(1, "9"), bar(2, "10")}, []quotes.Bar{bar(3, "11")}, day(3), day(4), "1:9 2:10 3:11"},
		{"fresh wins inside the span", []quotes.Bar{bar(1, "9"), bar(2, "10"), bar(3, "11")}, []quotes.Bar{bar(2, "10.5")}, day(2), day(4), "1:9 2:10.5"},
		{"old outside the span kept", []quotes.Bar{bar(1, "9"), bar(5, "13")}, []quotes.Bar{bar(3, "11")}, day(2), day(4), "1:9 3:11 5:13"},
		{"empty answer erases nothing", []quotes.Bar{bar(1, "9")}, nil, day(1), day(2), "1:9"},
	}
	for _, tt := range tests {
		if got := closes(quotes.MergeBars(tt.old, tt.fresh, tt.from, tt.to)); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestSeriesBetween(t *testing.T) {
	s := quotes.Series{Bars: []quotes.Bar{bar(1, "1"), bar(2, "2"), bar(3, "3"), bar(4, "4")}}
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		from, to time.Time
		want     string
	}{
		{day(1), day(5), "1:1 2:2 3:3 4:4"},
		{day(2), day(4), "2:2 3:3"},
		{day(5), day(9), ""},
	}
	for _, tt := range tests {
		if got := closes(s.Between(tt.from, tt.to)); got != tt.want {
			t.Errorf("Between(%d, %d) = %q, want %q", tt.from.Day(), tt.to.Day(), got, tt.want)
		}
	}
}

func TestBarAdjusted(t *testing.T) {
	b := quotes.Bar{Open: decimal.RequireFromString("400"), High: decimal.RequireFromString("420"),
		Low: decimal.RequireFromString("380"), Close: decimal.RequireFromString("400"), AdjClose: decimal.RequireFromString("100")}
	a := b.Adjusted()
	for name, pair := range map[string][2]decimal.Decimal{"open": {a.Open, b.Open}, "high": {a.High, b.High}, "low": {a.Low, b.Low}, "close": {a.Close, b.Close}} {
		if !pair[0].Mul(decimal.NewFromInt(4)).Equal(pair[1]) {
			t.Errorf("%s adjusted %s from %s, want a quarter", name, pair[0], pair[1])
		}
	}
	same := quotes.Bar{Close: decimal.NewFromInt(5), AdjClose: decimal.NewFromInt(5), Open: decimal.NewFromInt(4)}
	if !same.Adjusted().Open.Equal(same.Open) {
		t.Errorf("an unadjusted bar changed")
	}
}

func TestQuoteAgeAndSnapshot(t *testing.T) {
	fetched := time.Date(2025, 2, 17, 10, 0, 0, 0, time.UTC)
	q := quotes.Quote{Symbol: "005930.KS", Price: journal.MustMoney("55000", "KRW"), FetchedAt: fetched,
		MarketTime: fetched.Add(-time.Minute), Source: journal.SourceCache}
	if got := q.Age(fetched.Add(90 * time.Second)); got != 90*time.Second {
		t.Errorf("Age = %s", got)
	}
	if got := q.Age(fetched.Add(-time.Hour)); got != 0 {
		t.Errorf("Age before fetch = %s", got)
	}
	s := q.Snapshot()
	if s.Symbol != q.Symbol || !sameMoney(s.Price, q.Price) || !s.At.Equal(q.MarketTime) || s.Source != journal.SourceCache {
		t.Errorf("Snapshot = %+v", s)
	}
	th := &journal.Thesis{Title: "t", Snapshots: []journal.Snapshot{s}}
	th.Normalize()
	for _, p := range errorsOf(th.Validate()) {
		if strings.HasPrefix(p.Field, "snapshots") {
			t.Errorf("snapshot rejected by the journal: %s", p)
		}
	}
}

func errorsOf(err error) []journal.Problem {
	var v *journal.ValidationError
	if errors.As(err, &v) {
		return v.Problems
	}
	return nil
}

func TestErrorsReadable(t *testing.T) {
	he := &quotes.HTTPError{Status: 429, Reason: "rate limited", URL: "http://x/v7/finance/quote?symbols=AAPL", Attempts: 4}
	se := quotes.SymbolErrors{"SIX": quotes.ErrUnknownSymbol, "BRKS": quotes.ErrNoPrice, "AAPL": he, "XYZ": quotes.ErrUnknownSymbol}
	msg := se.Error()
	for _, want := range []string{"4 symbols failed", "SIX, XYZ: unknown symbol", "BRKS: no price (delisted?)", "AAPL: GET http://x/v7/finance/quote?symbols=AAPL: 429 Too Many Requests: rate limited (4 attempts)"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
	var got *quotes.HTTPError
	if !errors.As(se, &got) || got.Status != 429 {
		t.Errorf("errors.As through SymbolErrors: %v", got)
	}
	if !errors.Is(se, quotes.ErrNoPrice) || errors.Is(se, quotes.ErrNetwork) {
		t.Errorf("errors.Is through SymbolErrors")
	}
	tests := []struct {
		err  error
		want string
	}{
		{nil, ""},
		{fmt.Errorf("GET x: %w: %w", quotes.ErrNetwork, errors.New("connection refused")), "network unavailable"},
		{he, "source answered 429 Too Many Requests: rate limited"},
		{&quotes.HTTPError{Status: http.StatusInternalServerError}, "source answered 500 Internal Server Error"},
		{quotes.ErrUnknownSymbol, "unknown symbol"},
		{quotes.ErrNotCached, "offline"},
	}
	for _, tt := range tests {
		if got := quotes.Reason(tt.err); got != tt.want {
			t.Errorf("Reason(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
	if quotes.ErrorOf(se, "SIX") != quotes.ErrUnknownSymbol || quotes.ErrorOf(se, "NVDA") != nil || quotes.ErrorOf(he, "ANY") != he {
		t.Errorf("ErrorOf")
	}
}

func sameMoney(a, b journal.Money) bool { return a.Currency == b.Currency && a.Amount.Equal(b.Amount) }

func TestManualSnapshot(t *testing.T) {
	now := time.Date(2025, 3, 4, 9, 0, 0, 0, time.FixedZone("KST", 9*3600))
	tests := []struct {
		name   string
		symbol string
		price  journal.Money
		at     time.Time
		ok     bool
	}{
		{"korean unlisted", "999999.kq", journal.MustMoney("12500", "KRW"), time.Time{}, true},
		{"dated", "PRIVATECO", journal.MustMoney("3.5", "USD"), now.Add(-48 * time.Hour), true},
		{"pence converted", "OCDO.L", journal.MustMoney("308.8", "GBp"), now, true},
		{"bad symbol", "비상장", journal.MustMoney("1", "KRW"), now, false},
		{"no currency", "X", journal.Money{Amount: decimal.NewFromInt(1)}, now, false},
		{"zero price", "X", journal.MustMoney("0", "USD"), now, false},
		{"future", "X", journal.MustMoney("1", "USD"), now.Add(time.Hour), false},
	}
	for _, tt := range tests {
		s, err := quotes.ManualSnapshot(tt.symbol, tt.price, tt.at, now)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !tt.ok {
			if journal.ErrorCode(err) != journal.EINVALID {
				t.Errorf("%s: code %s", tt.name, journal.ErrorCode(err))
			}
			continue
		}
		wantAt := tt.at
		if wantAt.IsZero() {
			wantAt = now
		}
		if s.Source != journal.SourceManual || s.Symbol != strings.ToUpper(tt.symbol) || !sameMoney(s.Price, tt.price) ||
			!s.At.Equal(wantAt) || s.At.Location() != time.UTC {
			t.Errorf("%s: %+v", tt.name, s)
		}
	}
}

func TestInMainUnit(t *testing.T) {
	d := decimal.RequireFromString
	at := time.Date(2026, 11, 5, 8, 0, 0, 0, time.UTC)
	pence := []quotes.Bar{{Time: at, Open: d("66.1"), High: d("66.5"), Low: d("65.2"), Close: d("65.4"), AdjClose: d("65.1"), Volume: 7}}
	got, err := quotes.InMainUnit(pence, "GBp")
	if err != nil {
		t.Fatal(err)
	}
	b, gbp := got[0], got
	if b.Currency != "GBP" || !b.Open.Equal(d("0.661")) || !b.High.Equal(d("0.665")) || !b.Low.Equal(d("0.652")) ||
		!b.Close.Equal(d("0.654")) || !b.AdjClose.Equal(d("0.651")) || b.Volume != 7 || !b.Time.Equal(at) {
		t.Errorf("GBp bar became %+v", b)
	}
	if !pence[0].Close.Equal(d("65.4")) {
		t.Error("InMainUnit changed its argument")
	}
	got, err = quotes.InMainUnit(pence, "USD")
	if err != nil || got[0].Currency != "USD" || !got[0].Close.Equal(d("65.4")) {
		t.Errorf("USD bar became %+v, %v", got, err)
	}
	if _, err := quotes.InMainUnit(pence, "QQQ"); journal.ErrorCode(err) != journal.EINVALID {
		t.Errorf("unknown currency: %v", err)
	}
	// Closes reads the plain close (adjusted for splits, not dividends), in the main
	// unit: 65.4 GBp is 0.654 GBP, not the adjusted 65.1 GBp (0.651 GBP); a bar without a
	// close is left out.
	cl := quotes.Closes(append(gbp, quotes.Bar{Time: at.Add(24 * time.Hour), AdjClose: d("1")}))
	if len(cl) != 1 || !cl[0].Close.Equal(d("0.654")) || !cl[0].Time.Equal(at) {
		t.Errorf("Closes = %+v", cl)
	}
	for sym, want := range map[string]bool{"VOD.L": true, "vod.l": true, "NPN.JO": true, "TEVA.TA": true, "0R2V.IL": true, "AAPL": false, "LMT": false, "005930.KS": false} {
		if quotes.MayQuoteInSubunit(sym) != want {
			t.Errorf("MayQuoteInSubunit(%s) = %v", sym, !want)
		}
	}
}
