package yahoo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	finance "github.com/piquette/finance-go"
	"github.com/piquette/finance-go/chart"
	"github.com/piquette/finance-go/datetime"
	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/quotes"
)

// chartMeta holds the chart meta fields finance-go's ChartMeta leaves out.
type chartMeta struct {
	Currency           string  `json:"currency"`
	Symbol             string  `json:"symbol"`
	ExchangeName       string  `json:"exchangeName"`
	FullExchangeName   string  `json:"fullExchangeName"`
	ShortName          string  `json:"shortName"`
	LongName           string  `json:"longName"`
	RegularMarketPrice float64 `json:"regularMarketPrice"`
	RegularMarketTime  int64   `json:"regularMarketTime"`
	PreviousClose      float64 `json:"previousClose"`
	ChartPreviousClose float64 `json:"chartPreviousClose"`
	PriceHint          int32   `json:"priceHint"`
}

func metaOf(raw []byte) chartMeta {
	var c struct {
		Chart struct {
			Result []*struct {
				Meta chartMeta `json:"meta"`
			} `json:"result"`
		} `json:"chart"`
	}
	_ = json.Unmarshal(raw, &c) // checked before; a missing meta leaves zeros
	if len(c.Chart.Result) == 0 || c.Chart.Result[0] == nil {
		return chartMeta{}
	}
	return c.Chart.Result[0].Meta
}

// History returns the bars of symbol from the chart endpoint that start between from
// and to, oldest first. Bars with
// null prices (Yahoo's gaps) are dropped, never returned as zeros; prices are rounded to
// Yahoo's price hint for the listing. AdjClose carries the split- and dividend-adjusted
// close (Close itself for intraday bars, which have none).
func (p *Provider) History(ctx context.Context, symbol string, from, to time.Time, interval quotes.Interval) ([]quotes.Bar, error) {
	sym, err := journal.ParseSymbol(symbol)
	if err != nil {
		return nil, err
	}
	if interval == "" {
		interval = quotes.Interval1d
	}
	if !interval.Valid() {
		return nil, journal.Errorf(journal.EINVALID, "unknown interval %q", interval)
	}
	if to.IsZero() {
		to = p.now()
	}
	if from.IsZero() || !from.Before(to) {
		return nil, journal.Errorf(journal.EINVALID, "history %s: start must be set and before the end", sym)
	}
	bars, _, _, err := p.chart(ctx, sym, from, to, interval, p.opts.MaxRetries, "")
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", sym, err)
	}
	// Keep to the span asked for; Yahoo may add the live bar of today.
	return quotes.Series{Bars: bars}.Between(from, to), nil
}

// chart fetches one chart through finance-go and returns its usable bars, its meta and
// the raw body. events, when set, asks for the chart's events too ("div,split").
func (p *Provider) chart(ctx context.Context, sym string, from, to time.Time, interval quotes.Interval, retries int, events string) (bars []quotes.Bar, meta chartMeta, raw []byte, err error) {
	b := p.backend(kindChart, retries)
	b.events = events
	from, to = from.UTC(), to.UTC()
	// Both ends are always set: finance-go sends period1=-1 for a nil Start.
	params := &chart.Params{
		Symbol:   sym,
		Start:    datetime.New(&from),
		End:      datetime.New(&to),
		Interval: datetime.Interval(interval),
	}
	params.Context = &ctx
	var it *chart.Iter
	func() {
		defer func() {
			if r := recover(); r != nil {
				it = nil
				err = &quotes.HTTPError{Status: b.status, URL: b.url, Reason: fmt.Sprintf("chart decoding failed: %v", r), Err: quotes.ErrBadResponse}
			}
		}()
		it = chart.Client{B: b}.Get(params)
	}()
	if b.err != nil {
		if errors.Is(b.err, errNoBars) {
			return nil, metaOf(b.raw), b.raw, nil
		}
		return nil, chartMeta{}, nil, b.err
	}
	if err != nil {
		return nil, chartMeta{}, nil, err
	}
	if it.Err() != nil {
		return nil, chartMeta{}, nil, &quotes.HTTPError{Status: b.status, URL: b.url, Reason: it.Err().Error(), Err: quotes.ErrBadResponse}
	}
	meta = metaOf(b.raw)
	if fm, ok := it.Iter.Meta().(finance.ChartMeta); ok && meta.Currency == "" {
		meta.Currency = fm.Currency
	}
	hint := meta.PriceHint
	if hint <= 0 {
		hint = 4
	}
	adjusted := hasAdjClose(b.raw)
	byTime := map[int64]quotes.Bar{}
	for it.Next() {
		fb := it.Bar()
		if fb == nil || fb.Timestamp <= 0 {
			continue
		}
		// finance-go decodes a JSON null inside a bar array as 0: such a bar is a gap.
		if fb.Open.IsZero() || fb.High.IsZero() || fb.Low.IsZero() || fb.Close.IsZero() {
			continue
		}
		bar := quotes.Bar{
			Time:   time.Unix(int64(fb.Timestamp), 0).UTC(),
			Open:   fb.Open.Round(hint),
			High:   fb.High.Round(hint),
			Low:    fb.Low.Round(hint),
			Close:  fb.Close.Round(hint),
			Volume: int64(fb.Volume),
		}
		switch {
		case !adjusted:
			bar.AdjClose = bar.Close
		case fb.AdjClose.IsZero():
			continue
		default:
			bar.AdjClose = fb.AdjClose.Round(hint + 4)
		}
		byTime[int64(fb.Timestamp)] = bar
	}
	bars = make([]quotes.Bar, 0, len(byTime))
	for _, bar := range byTime {
		bars = append(bars, bar)
	}
	sort.Slice(bars, func(i, j int) bool { return bars[i].Time.Before(bars[j].Time) })
	if len(meta.Currency) > 8 {
		return nil, chartMeta{}, nil, &quotes.HTTPError{Status: b.status, URL: b.url, Err: quotes.ErrBadResponse,
			Reason: fmt.Sprintf("chart of %s in a currency code of %d characters (%s)", sym, len(meta.Currency), quotes.ShortText(meta.Currency, 8))}
	}
	if meta.Currency != "" {
		// Bars come in the listing's quote currency (pence for most London listings);
		// they leave this package in its main unit, like the quote.
		if bars, err = quotes.InMainUnit(bars, meta.Currency); err != nil {
			return nil, chartMeta{}, nil, &quotes.HTTPError{Status: b.status, URL: b.url, Reason: fmt.Sprintf("chart of %s: %v", sym, err), Err: quotes.ErrBadResponse}
		}
	}
	// A bar with an absurd price (or a jump of more than 1,000× from its neighbour) is
	// dropped; a series that is mostly such bars is refused.
	if bars, err = quotes.SaneBars(sym, bars); err != nil {
		return nil, chartMeta{}, nil, fmt.Errorf("chart: %w", err)
	}
	return bars, meta, b.raw, nil
}

func hasAdjClose(raw []byte) bool {
	var c struct {
		Chart struct {
			Result []*struct {
				Indicators *struct {
					Adjclose []json.RawMessage `json:"adjclose"`
				} `json:"indicators"`
			} `json:"result"`
		} `json:"chart"`
	}
	_ = json.Unmarshal(raw, &c)
	return len(c.Chart.Result) > 0 && c.Chart.Result[0] != nil && c.Chart.Result[0].Indicators != nil &&
		len(c.Chart.Result[0].Indicators.Adjclose) > 0
}

// chartQuote derives a quote from the chart endpoint (which needs no crumb): the
// meta's regularMarketPrice, or the last bar's close when the meta has none (marked
// BasisLastClose). The previous close is the meta's previousClose, else the close of
// the bar before the last, else the meta's chartPreviousClose. The meta's prices are in
// the quote currency and the bars already in its main unit: both are brought to the
// main unit before they meet.
func (p *Provider) chartQuote(ctx context.Context, sym string) (quotes.Quote, error) {
	now := p.now()
	bars, meta, _, err := p.chart(ctx, sym, now.Add(-7*24*time.Hour), now, quotes.Interval1d, 0, "")
	if err != nil {
		return quotes.Quote{}, err
	}
	if meta.Currency == "" {
		return quotes.Quote{}, fmt.Errorf("chart of %s without currency: %w", sym, quotes.ErrBadResponse)
	}
	iso, factor, err := journal.MainUnit(meta.Currency)
	if err != nil {
		return quotes.Quote{}, fmt.Errorf("chart of %s: %w", sym, err)
	}
	price := dec(meta.RegularMarketPrice).Mul(factor)
	basis := quotes.BasisMarket
	var mt time.Time
	if meta.RegularMarketTime > 0 {
		mt = time.Unix(meta.RegularMarketTime, 0).UTC()
	}
	if !price.IsPositive() && len(bars) > 0 {
		price, mt, basis = bars[len(bars)-1].Close, bars[len(bars)-1].Time, quotes.BasisLastClose
	}
	var prev decimal.Decimal
	switch {
	case meta.PreviousClose > 0:
		prev = dec(meta.PreviousClose).Mul(factor)
	case len(bars) >= 2:
		prev = bars[len(bars)-2].Close
	default:
		prev = dec(meta.ChartPreviousClose).Mul(factor)
	}
	exchange := meta.FullExchangeName
	if exchange == "" {
		exchange = meta.ExchangeName
	}
	name := meta.ShortName
	if name == "" {
		name = meta.LongName
	}
	q, err := makeQuote(sym, iso, price, prev, decimal.Zero, decimal.Zero, mt, exchange, name, "", now)
	q.Basis = basis
	return q, err
}
