// Package quotes is Hindsight's market data: quotes, price bars, the Provider interface
// that market data sources implement, the symbol rules shared by them, FX rates, and a
// caching provider that answers from the last good values when the network is down.
//
// Concrete sources live in subpackages (quotes/yahoo); the on-disk cache lives in
// quotes/cache. This package depends on the journal domain for Money, Source and the
// symbol syntax, never the other way round.
package quotes

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
)

// MaxBatch is the largest number of symbols a provider sends in one quote request.
const MaxBatch = 50

// Quote is the latest price of one symbol as a source reported it.
type Quote struct {
	// Symbol is the normalised symbol (journal.ParseSymbol), e.g. "005930.KS".
	Symbol string `json:"symbol"`
	// Price is the regular-market price in the listing's ISO currency; prices quoted in
	// a subunit (GBp, ZAc, ILA) are already converted (308.8 GBp is 3.088 GBP).
	Price journal.Money `json:"price"`
	// PreviousClose is the previous regular session's close, in Price's currency; its
	// zero value means the source did not say.
	PreviousClose journal.Money `json:"previous_close,omitzero"`
	// Change is Price minus PreviousClose, in Price's currency.
	Change decimal.Decimal `json:"change"`
	// ChangePercent is Change as a percentage of PreviousClose (1.27 means +1.27 %).
	ChangePercent decimal.Decimal `json:"change_percent"`
	// Basis says which price the source gave: the regular-market price (""), a fund's
	// net asset value, the previous close, or the last daily close. Anything but the
	// regular-market price is shown marked as such.
	Basis Basis `json:"basis,omitempty"`
	// MarketTime is when the price was struck (UTC).
	MarketTime time.Time `json:"market_time,omitzero"`
	// Exchange names the listing venue, e.g. "NasdaqGS" or "KSE".
	Exchange string `json:"exchange,omitempty"`
	// ShortName is the instrument's short display name.
	ShortName string `json:"short_name,omitempty"`
	// MarketState is the source's session state: "REGULAR", "PRE", "POST", "CLOSED", ...
	// or "" when unknown.
	MarketState string `json:"market_state,omitempty"`
	// Source says where this answer came from: journal.SourceYahoo for a live answer,
	// journal.SourceCache for one served from the cache.
	Source journal.Source `json:"source"`
	// Stale is true when the quote came from the cache because a refresh was not
	// possible (network down, source failing, offline mode).
	Stale bool `json:"stale"`
	// StaleReason says briefly why a stale quote could not be refreshed.
	StaleReason string `json:"stale_reason,omitempty"`
	// FetchedAt is when the price was fetched from its source (UTC).
	FetchedAt time.Time `json:"fetched_at"`
}

// Basis names the price a quote carries when the source had no regular-market price.
type Basis string

// Bases of a quote's price, in the order a source is asked for them.
const (
	// BasisMarket is the regular-market price (the usual case).
	BasisMarket Basis = ""
	// BasisNAV is a fund's net asset value per share (Yahoo's navPrice).
	BasisNAV Basis = "nav"
	// BasisPreviousClose is the previous regular session's close.
	BasisPreviousClose Basis = "previous_close"
	// BasisLastClose is the close of the newest daily bar of the price history.
	BasisLastClose Basis = "last_close"
)

// Label returns a short English note for a price that is not the regular-market price
// ("NAV", "previous close", "last close"), or "".
func (b Basis) Label() string {
	switch b {
	case BasisNAV:
		return "NAV"
	case BasisPreviousClose:
		return "previous close"
	case BasisLastClose:
		return "last close"
	}
	return ""
}

// subunitVenues are the Yahoo symbol suffixes of exchanges that quote listings in a
// hundredth of their currency: London (GBp), Johannesburg (ZAc), Tel Aviv (ILA).
var subunitVenues = []string{".L", ".IL", ".JO", ".TA"}

// MayQuoteInSubunit reports whether symbol trades on an exchange that quotes prices in a
// subunit (pence, cents, agorot), so that data stored without its currency cannot be
// trusted to be in the main unit.
func MayQuoteInSubunit(symbol string) bool {
	for _, s := range subunitVenues {
		if strings.HasSuffix(strings.ToUpper(symbol), s) {
			return true
		}
	}
	return false
}

// Age returns how long ago the quote was fetched from its source, never negative.
func (q Quote) Age(now time.Time) time.Duration {
	if q.FetchedAt.IsZero() {
		return 0
	}
	d := now.Sub(q.FetchedAt)
	if d < 0 {
		return 0
	}
	return d
}

// Snapshot returns the quote as a journal snapshot (symbol, price, market time or fetch
// time, source) ready to be attached to a thesis.
func (q Quote) Snapshot() journal.Snapshot {
	at := q.MarketTime
	if at.IsZero() {
		at = q.FetchedAt
	}
	src := q.Source
	if src == "" {
		src = journal.SourceYahoo
	}
	name := []rune(strings.TrimSpace(q.ShortName))
	if len(name) > journal.MaxName {
		name = name[:journal.MaxName]
	}
	return journal.Snapshot{Symbol: q.Symbol, Price: q.Price, At: at.UTC(), Source: src, Name: string(name)}
}

// ManualSnapshot returns the snapshot of a price a person entered for a symbol the
// source lacks: source journal.SourceManual, the symbol normalised, the time in UTC (now
// when at is zero). The price must be positive and in a known currency; a subunit price
// is expected already converted (journal.NewMoney).
func ManualSnapshot(symbol string, price journal.Money, at, now time.Time) (journal.Snapshot, error) {
	sym, err := journal.ParseSymbol(symbol)
	if err != nil {
		return journal.Snapshot{}, err
	}
	if !price.Valid() {
		return journal.Snapshot{}, journal.Errorf(journal.EINVALID, "price of %s needs a known currency, not %q", sym, price.Currency)
	}
	if !price.Amount.IsPositive() {
		return journal.Snapshot{}, journal.Errorf(journal.EINVALID, "price of %s must be greater than zero", sym)
	}
	if at.IsZero() {
		at = now
	}
	if at.After(now.Add(time.Minute)) {
		return journal.Snapshot{}, journal.Errorf(journal.EINVALID, "price of %s is dated in the future", sym)
	}
	return journal.Snapshot{Symbol: sym, Price: price, At: at.UTC(), Source: journal.SourceManual}, nil
}

// Bar is one price bar of a history. Prices are in the instrument's main currency unit,
// like Quote.Price: a listing quoted in pence has its bars converted to pounds by
// InMainUnit when they come from the source, so a bar and a quote of one symbol can
// always be compared.
type Bar struct {
	// Time is the start of the bar (UTC).
	Time time.Time `json:"time"`
	// Currency is the ISO currency of the prices ("" where the source did not say).
	Currency string `json:"currency,omitempty"`
	// Open, High, Low and Close are the bar's prices as the source reports them
	// (Yahoo adjusts them for splits, not for dividends), in Currency.
	Open  decimal.Decimal `json:"open"`
	High  decimal.Decimal `json:"high"`
	Low   decimal.Decimal `json:"low"`
	Close decimal.Decimal `json:"close"`
	// AdjClose is the close adjusted for splits and dividends; a chart or drawdown that
	// spans a split must use it so the split does not look like a crash. It equals
	// Close where the source gives no adjusted close (intraday bars).
	AdjClose decimal.Decimal `json:"adj_close"`
	// Volume is the number of units traded.
	Volume int64 `json:"volume"`
}

// InMainUnit returns bars whose prices a source quoted in currency (as Yahoo's chart
// meta names it: "GBp", "USD", ...) converted to the currency's main unit
// (journal.MainUnit), each bar marked with that ISO currency. Every source converts its
// bars through it, once, as they arrive.
func InMainUnit(bars []Bar, currency string) ([]Bar, error) {
	iso, factor, err := journal.MainUnit(currency)
	if err != nil {
		return nil, err
	}
	scale := !factor.Equal(decimal.NewFromInt(1))
	out := make([]Bar, len(bars))
	for i, b := range bars {
		if scale {
			b.Open, b.High, b.Low = b.Open.Mul(factor), b.High.Mul(factor), b.Low.Mul(factor)
			b.Close, b.AdjClose = b.Close.Mul(factor), b.AdjClose.Mul(factor)
		}
		b.Currency = iso
		out[i] = b
	}
	return out, nil
}

// Closes returns bars as the outcome math reads them: each bar's plain close, which
// Yahoo adjusts for splits (so a split does not look like a crash) but not for
// dividends (the ledger counts those as cash, so adjusting the price for them too
// would count them twice), in the main unit InMainUnit gave it, leaving out bars
// without a price.
func Closes(bars []Bar) []journal.Bar {
	out := make([]journal.Bar, 0, len(bars))
	for _, b := range bars {
		if c := b.Close; c.IsPositive() {
			out = append(out, journal.Bar{Time: b.Time, Close: c})
		}
	}
	return out
}

// Adjusted returns the bar with Open, High, Low and Close scaled by AdjClose/Close, so
// that a whole series of adjusted bars is continuous across splits and dividends.
func (b Bar) Adjusted() Bar {
	if b.Close.IsZero() || b.AdjClose.IsZero() || b.AdjClose.Equal(b.Close) {
		return b
	}
	f := b.AdjClose.Div(b.Close)
	b.Open = b.Open.Mul(f).Round(8)
	b.High = b.High.Mul(f).Round(8)
	b.Low = b.Low.Mul(f).Round(8)
	b.Close = b.AdjClose
	return b
}

// Interval is the width of a history bar, as Yahoo spells it.
type Interval string

// Supported intervals.
const (
	Interval1m  Interval = "1m"
	Interval5m  Interval = "5m"
	Interval15m Interval = "15m"
	Interval30m Interval = "30m"
	Interval1h  Interval = "1h"
	Interval1d  Interval = "1d"
	Interval1wk Interval = "1wk"
	Interval1mo Interval = "1mo"
)

var intervals = map[Interval]time.Duration{
	Interval1m:  time.Minute,
	Interval5m:  5 * time.Minute,
	Interval15m: 15 * time.Minute,
	Interval30m: 30 * time.Minute,
	Interval1h:  time.Hour,
	Interval1d:  24 * time.Hour,
	Interval1wk: 7 * 24 * time.Hour,
	Interval1mo: 31 * 24 * time.Hour,
}

// Valid reports whether i is a supported interval.
func (i Interval) Valid() bool {
	_, ok := intervals[i]
	return ok
}

// Duration returns the nominal length of one bar (a month counts as 31 days), or 0 for
// an unsupported interval.
func (i Interval) Duration() time.Duration { return intervals[i] }

// ParseInterval returns the interval named s ("1d", "1wk", "1mo", "1h", "5m", ...);
// "" means "1d". An unknown name is an EINVALID error.
func ParseInterval(s string) (Interval, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return Interval1d, nil
	}
	if s == "60m" {
		return Interval1h, nil
	}
	if Interval(s).Valid() {
		return Interval(s), nil
	}
	return "", journal.Errorf(journal.EINVALID, "unknown interval %q (use 1m, 5m, 15m, 30m, 1h, 1d, 1wk or 1mo)", s)
}

// Provider is a source of market data. Implementations are safe for concurrent use.
type Provider interface {
	// Quote returns the latest quote of each symbol it could get, in the order the
	// symbols were first given, after normalising and de-duplicating them. When some
	// symbols got no quote the error is a SymbolErrors naming each of them with its
	// cause (ErrUnknownSymbol, ErrNoPrice, an *HTTPError, ErrNetwork, ...); the quotes
	// it did get are returned all the same.
	Quote(ctx context.Context, symbols ...string) ([]Quote, error)
	// History returns the bars of symbol between from and to (to zero means now),
	// oldest first. Bars the source left empty are dropped, never returned as zero
	// prices.
	History(ctx context.Context, symbol string, from, to time.Time, interval Interval) ([]Bar, error)
}

// NormalizeSymbols normalises each symbol with journal.ParseSymbol and drops repeats,
// keeping the first-seen order. Symbols that are not valid are left out and reported in
// the returned SymbolErrors (nil when all are valid), keyed by the symbol as given.
func NormalizeSymbols(symbols []string) ([]string, SymbolErrors) {
	out := make([]string, 0, len(symbols))
	seen := make(map[string]bool, len(symbols))
	var errs SymbolErrors
	for _, s := range symbols {
		sym, err := journal.ParseSymbol(s)
		if err != nil {
			if errs == nil {
				errs = SymbolErrors{}
			}
			errs[s] = err
			continue
		}
		if !seen[sym] {
			seen[sym] = true
			out = append(out, sym)
		}
	}
	return out, errs
}

// Batches splits symbols into consecutive groups of at most size symbols (size is
// clamped to 1..MaxBatch).
func Batches(symbols []string, size int) [][]string {
	if size <= 0 || size > MaxBatch {
		size = MaxBatch
	}
	var out [][]string
	for len(symbols) > 0 {
		n := min(size, len(symbols))
		out = append(out, symbols[:n:n])
		symbols = symbols[n:]
	}
	return out
}

// Series is a cached run of bars for one symbol and interval.
type Series struct {
	// Symbol and Interval identify the series.
	Symbol   string
	Interval Interval
	// Bars are sorted by time, without repeats.
	Bars []Bar
	// From and To bound the span the bars were fetched for (UTC).
	From, To time.Time
	// FetchedAt is when the span was last refreshed from the source (UTC).
	FetchedAt time.Time
}

// Between returns the bars of s with from <= Time <= to.
func (s Series) Between(from, to time.Time) []Bar {
	lo := sort.Search(len(s.Bars), func(i int) bool { return !s.Bars[i].Time.Before(from) })
	hi := sort.Search(len(s.Bars), func(i int) bool { return s.Bars[i].Time.After(to) })
	if lo >= hi {
		return nil
	}
	return append([]Bar(nil), s.Bars[lo:hi]...)
}

// MergeBars returns old with the bars in [from, to] replaced by fresh, sorted by time;
// fresh wins where both have a bar at the same time. Old bars outside the span are kept.
// When fresh is empty, old is returned unchanged (a source that answers with nothing
// never erases what was cached).
func MergeBars(old, fresh []Bar, from, to time.Time) []Bar {
	if len(fresh) == 0 {
		return append([]Bar(nil), old...)
	}
	byTime := make(map[int64]Bar, len(old)+len(fresh))
	for _, b := range old {
		if b.Time.Before(from) || b.Time.After(to) {
			byTime[b.Time.UnixNano()] = b
		}
	}
	for _, b := range fresh {
		byTime[b.Time.UnixNano()] = b
	}
	out := make([]Bar, 0, len(byTime))
	for _, b := range byTime {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out
}

// Cache stores the last good quotes and bars. It is disposable: losing it loses no
// journal data. Implementations are safe for concurrent use and copy what they return.
type Cache interface {
	// LoadQuotes returns the cached quotes of those symbols it has, keyed by symbol.
	LoadQuotes(ctx context.Context, symbols []string) (map[string]Quote, error)
	// StoreQuotes saves quotes, replacing older ones of the same symbols.
	StoreQuotes(ctx context.Context, qs []Quote) error
	// LoadSeries returns the cached bars of a symbol and interval; ok is false when
	// there are none.
	LoadSeries(ctx context.Context, symbol string, interval Interval) (s Series, ok bool, err error)
	// StoreSeries saves a series, replacing the stored one of the same symbol and interval.
	StoreSeries(ctx context.Context, s Series) error
}

func seriesKey(symbol string, interval Interval) string {
	return fmt.Sprintf("%s|%s", symbol, interval)
}
