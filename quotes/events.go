package quotes

import (
	"context"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
)

// MaxSplitFactor bounds the numerator and the denominator of a split: no listing has
// split more than 1000 for 1 or merged more than 1000 shares into one.
const MaxSplitFactor = 1000

var maxSplitFactor = decimal.NewFromInt(MaxSplitFactor)

// Split is a stock split of a symbol: Numerator new shares for every Denominator old
// ones (10 and 1 for a 10-for-1 split; 1 and 10 for a reverse split).
type Split struct {
	// Symbol is the normalised symbol.
	Symbol string `json:"symbol"`
	// At is UTC midnight of the ex-date, the first trading day at the new share count.
	At time.Time `json:"at"`
	// Numerator and Denominator are the new and the old share counts.
	Numerator   decimal.Decimal `json:"numerator"`
	Denominator decimal.Decimal `json:"denominator"`
}

// Ratio returns the split as "new:old", e.g. "10:1".
func (s Split) Ratio() string { return s.Numerator.String() + ":" + s.Denominator.String() }

// Action returns the split as the journal's corporate action, with the id the same
// split always gets (journal.ActionID) and source "yahoo".
func (s Split) Action() journal.CorporateAction {
	at := s.At.UTC()
	return journal.CorporateAction{
		ID: journal.ActionID(s.Symbol, journal.ActionSplit, at), Symbol: s.Symbol, Kind: journal.ActionSplit,
		Ratio: s.Ratio(), At: at, Source: string(journal.SourceYahoo),
	}
}

// Dividend is a cash dividend of a symbol as the source reports it.
type Dividend struct {
	// Symbol is the normalised symbol.
	Symbol string `json:"symbol"`
	// At is UTC midnight of the ex-date.
	At time.Time `json:"at"`
	// Amount is the gross dividend per share in the listing's main currency unit
	// (journal.MainUnit: a dividend quoted in pence is kept in pounds). Yahoo restates
	// the dividends paid before a split per share of the new count.
	Amount journal.Money `json:"amount"`
}

// Events are the splits and dividends of one symbol over a span, each list oldest first.
type Events struct {
	Splits    []Split    `json:"splits,omitempty"`
	Dividends []Dividend `json:"dividends,omitempty"`
}

// Between returns the events whose ex-date falls on a day from the day of from to the
// day of to (both in UTC), inclusive.
func (e Events) Between(from, to time.Time) Events {
	lo, hi := dayOf(from), dayOf(to)
	in := func(at time.Time) bool { return !at.Before(lo) && !at.After(hi) }
	var out Events
	for _, s := range e.Splits {
		if in(s.At) {
			out.Splits = append(out.Splits, s)
		}
	}
	for _, d := range e.Dividends {
		if in(d.At) {
			out.Dividends = append(out.Dividends, d)
		}
	}
	return out
}

// dayOf returns UTC midnight of t's day in UTC.
func dayOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// EventSource is a source of corporate events. It is kept apart from Provider, so
// that a Provider without events need not implement it.
type EventSource interface {
	// Events returns the splits and dividends of symbol whose ex-date falls between
	// from and to (to zero means now), oldest first. A malformed event in the source's
	// answer is an error naming the symbol, never silently dropped.
	Events(ctx context.Context, symbol string, from, to time.Time) (Events, error)
}

// CheckSplit checks a split before it is used or stored: numerator and denominator
// greater than zero and at most MaxSplitFactor, and a date set. The error is an
// EINVALID error naming the symbol.
func CheckSplit(s Split) error {
	if s.At.IsZero() || s.At.Year() < journal.MinYear {
		return journal.Errorf(journal.EINVALID, "split of %s has no valid date", s.Symbol)
	}
	for _, v := range []struct {
		name string
		d    decimal.Decimal
	}{{"numerator", s.Numerator}, {"denominator", s.Denominator}} {
		if !v.d.IsPositive() || v.d.GreaterThan(maxSplitFactor) {
			return journal.Errorf(journal.EINVALID, "split of %s on %s: %s %s is not between 0 and %d",
				s.Symbol, s.At.Format(time.DateOnly), v.name, ShortDecimal(v.d), MaxSplitFactor)
		}
	}
	return nil
}

// CheckDividend checks a dividend before it is used or stored: a date set, a known
// currency, an amount of at least zero within the bounds of a price (SanePrice). The
// error is an EINVALID error naming the symbol.
func CheckDividend(d Dividend) error {
	if d.At.IsZero() || d.At.Year() < journal.MinYear {
		return journal.Errorf(journal.EINVALID, "dividend of %s has no valid date", d.Symbol)
	}
	day := d.At.Format(time.DateOnly)
	if !d.Amount.Valid() {
		return journal.Errorf(journal.EINVALID, "dividend of %s on %s needs a known currency, not %q", d.Symbol, day, d.Amount.Currency)
	}
	if d.Amount.Amount.IsNegative() {
		return journal.Errorf(journal.EINVALID, "dividend of %s on %s is negative (%s)", d.Symbol, day, ShortDecimal(d.Amount.Amount))
	}
	if !d.Amount.Amount.IsZero() {
		if err := SanePrice(d.Amount.Amount); err != nil {
			return journal.Errorf(journal.EINVALID, "dividend of %s on %s: %v", d.Symbol, day, err)
		}
	}
	return nil
}

// CheckEvents checks every split and dividend of e (CheckSplit, CheckDividend) and
// returns the first error.
func CheckEvents(e Events) error {
	for _, s := range e.Splits {
		if err := CheckSplit(s); err != nil {
			return err
		}
	}
	for _, d := range e.Dividends {
		if err := CheckDividend(d); err != nil {
			return err
		}
	}
	return nil
}

// SortEvents sorts each list of e by date, oldest first.
func SortEvents(e Events) {
	sort.SliceStable(e.Splits, func(i, j int) bool { return e.Splits[i].At.Before(e.Splits[j].At) })
	sort.SliceStable(e.Dividends, func(i, j int) bool { return e.Dividends[i].At.Before(e.Dividends[j].At) })
}

// EventSeries is the cached events of one symbol.
type EventSeries struct {
	// Symbol is the normalised symbol.
	Symbol string
	// Events are the splits and dividends of the span, oldest first.
	Events Events
	// From and To bound the span the events were fetched for (UTC).
	From, To time.Time
	// FetchedAt is when the span was fetched from the source (UTC).
	FetchedAt time.Time
}

// EventCache is a Cache that also keeps events. It is a separate interface so that a
// Cache without it still serves Cached: events are then fetched every time.
type EventCache interface {
	// LoadEvents returns the cached events of symbol; ok is false when there are none.
	LoadEvents(ctx context.Context, symbol string) (s EventSeries, ok bool, err error)
	// StoreEvents saves s, replacing the stored events of its symbol.
	StoreEvents(ctx context.Context, s EventSeries) error
}

// copyEvents returns e with lists of its own.
func copyEvents(e Events) Events {
	return Events{Splits: append([]Split(nil), e.Splits...), Dividends: append([]Dividend(nil), e.Dividends...)}
}
