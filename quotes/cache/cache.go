// Package cache is the on-disk quotes.Cache: a bbolt file of its own, kept beside the
// journal as quotes-cache.db and never inside the journal file. It holds the last good
// quote of each symbol and the bars of each symbol and interval.
//
// The file is disposable. A damaged file is moved aside and a new, empty one started; a
// file locked by another Hindsight process is not waited for beyond LockTimeout: the
// Store then keeps its values in memory for this run.
//
// Bucket tree (schema version 1):
//
//	meta/
//	    "version"              → "1"
//	quotes/
//	    <SYMBOL>               → JSON quoteRecord (last good quote)
//	series/
//	    <SYMBOL> "|" <interval> → JSON seriesRecord (v2: currency, bars in its main unit,
//	                              covered span, fetch time)
//	events/
//	    <SYMBOL>               → JSON eventsRecord (v1: splits, dividends in their main
//	                              unit, covered span, fetch time)
//
// Keys are the normalised symbol (journal.ParseSymbol) and the interval as Yahoo spells
// it, e.g. "005930.KS|1d". Values carry a version field "v"; a record that cannot be read
// is treated as missing.
package cache

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/shopspring/decimal"
	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
	"hindsight/quotes"
)

// FileName is the cache file's name in the journal's directory.
const FileName = "quotes-cache.db"

// LockTimeout is how long Open waits for another process to release the file.
const LockTimeout = 500 * time.Millisecond

const schemaVersion = "1"

var (
	bucketMeta   = []byte("meta")
	bucketQuotes = []byte("quotes")
	bucketSeries = []byte("series")
	bucketEvents = []byte("events")
	keyVersion   = []byte("version")
)

// Path returns the cache file's path beside the journal file journalPath.
func Path(journalPath string) string {
	return filepath.Join(filepath.Dir(journalPath), FileName)
}

// Store is a quotes.Cache in a bbolt file, or in memory when the file could not be
// used. It is safe for concurrent use.
type Store struct {
	path string

	mu   sync.RWMutex
	db   *bolt.DB            // nil when the values live in mem
	mem  *quotes.MemoryCache // non-nil when the file could not be used
	note string
}

var (
	_ quotes.Cache      = (*Store)(nil)
	_ quotes.EventCache = (*Store)(nil)
)

// Open opens or creates the cache file at path. A damaged file is moved aside (to
// path.damaged-<time>) and replaced by an empty one; a file locked by another process
// makes an in-memory Store. Either way Note says what happened. The error is reserved
// for a path that cannot be used at all (its directory cannot be created).
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("quotes cache %s: %w", path, err)
	}
	s := &Store{path: path}
	db, err := openDB(path)
	switch {
	case err == nil:
		s.db = db
	case errors.Is(err, bolt.ErrTimeout):
		s.mem = quotes.NewMemoryCache()
		s.note = fmt.Sprintf("quotes cache %s is in use by another Hindsight; quotes are cached in memory only", path)
	case !damaged(path, err):
		// A cache that cannot be written (permissions, a read-only medium) or is not a
		// file at all is left exactly as it is.
		s.mem = quotes.NewMemoryCache()
		s.note = fmt.Sprintf("quotes cache %s cannot be used (%v); quotes are cached in memory only", path, err)
	default:
		s.recover(err)
	}
	return s, nil
}

// damaged reports whether err, from opening the cache at path, means the file itself is
// damaged (and may be moved aside): not when the system refused access, the medium is
// read-only, or path is not a regular file.
func damaged(path string, err error) bool {
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		return false
	}
	fi, serr := os.Lstat(path)
	return serr == nil && fi.Mode().IsRegular()
}

// openDB opens the file with a short lock timeout and makes sure the buckets and the
// schema version are in place. A version it does not know empties the file.
func openDB(path string) (db *bolt.DB, err error) {
	db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: LockTimeout})
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("quotes cache %s: damaged: %v", path, r)
		}
		if err != nil {
			_ = db.Close()
			db = nil
		}
	}()
	err = db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		if v := meta.Get(keyVersion); v != nil && string(v) != schemaVersion {
			for _, b := range [][]byte{bucketQuotes, bucketSeries, bucketEvents} {
				if tx.Bucket(b) != nil {
					if err := tx.DeleteBucket(b); err != nil {
						return err
					}
				}
			}
		}
		for _, b := range [][]byte{bucketQuotes, bucketSeries, bucketEvents} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return meta.Put(keyVersion, []byte(schemaVersion))
	})
	return db, err
}

// recover moves a damaged file aside and starts an empty one; if that fails too the
// Store continues in memory. The caller holds mu for writing (or owns s exclusively).
func (s *Store) recover(cause error) {
	if s.db != nil {
		_ = s.db.Close()
		s.db = nil
	}
	aside := fmt.Sprintf("%s.damaged-%s", s.path, time.Now().UTC().Format("20060102T150405.000000000"))
	if err := os.Rename(s.path, aside); err != nil && !errors.Is(err, os.ErrNotExist) {
		s.mem = quotes.NewMemoryCache()
		s.note = fmt.Sprintf("quotes cache %s is damaged (%v) and could not be moved aside (%v); quotes are cached in memory only", s.path, cause, err)
		return
	}
	db, err := openDB(s.path)
	if err != nil {
		s.mem = quotes.NewMemoryCache()
		s.note = fmt.Sprintf("quotes cache %s could not be recreated (%v); quotes are cached in memory only", s.path, err)
		return
	}
	s.db = db
	s.note = fmt.Sprintf("quotes cache %s was damaged (%v); it was moved to %s and a new one started", s.path, cause, aside)
}

// Note returns what Open had to do, or "" when the file opened normally.
func (s *Store) Note() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.note
}

// InMemory reports whether the Store keeps its values in memory only.
func (s *Store) InMemory() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.mem != nil
}

// Path returns the cache file's path.
func (s *Store) Path() string { return s.path }

// Close releases the file. A Store in memory has nothing to release.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db == nil {
		return nil
	}
	err := s.db.Close()
	s.db = nil
	if s.mem == nil {
		s.mem = quotes.NewMemoryCache()
	}
	if err != nil {
		return fmt.Errorf("quotes cache %s: close: %w", s.path, err)
	}
	return nil
}

// errDamaged marks a panic inside bbolt, the sign of a damaged file.
var errDamaged = errors.New("damaged")

// tx runs fn in a bbolt transaction, or returns mem for the caller to use instead. A
// panic inside bbolt (a damaged page) moves the file aside, starts an empty one, and is
// reported as an error for this call only.
func (s *Store) tx(write bool, fn func(*bolt.Tx) error) (mem *quotes.MemoryCache, err error) {
	s.mu.RLock()
	db, m := s.db, s.mem
	if db == nil {
		s.mu.RUnlock()
		if m == nil {
			m = quotes.NewMemoryCache()
		}
		return m, nil
	}
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("quotes cache %s: %w: %v", s.path, errDamaged, r)
			}
		}()
		if write {
			err = db.Update(fn)
		} else {
			err = db.View(fn)
		}
	}()
	s.mu.RUnlock()
	if errors.Is(err, errDamaged) {
		s.mu.Lock()
		if s.db == db {
			s.recover(err)
		}
		s.mu.Unlock()
	}
	return nil, err
}

type quoteRecord struct {
	V             int            `json:"v"`
	Symbol        string         `json:"symbol"`
	Price         journal.Money  `json:"price"`
	PreviousClose journal.Money  `json:"previous_close,omitzero"`
	Change        string         `json:"change"`
	ChangePercent string         `json:"change_percent"`
	MarketTime    time.Time      `json:"market_time,omitzero"`
	Exchange      string         `json:"exchange,omitempty"`
	ShortName     string         `json:"short_name,omitempty"`
	MarketState   string         `json:"market_state,omitempty"`
	Basis         quotes.Basis   `json:"basis,omitempty"`
	Source        journal.Source `json:"source"`
	FetchedAt     time.Time      `json:"fetched_at"`
}

func toQuoteRecord(q quotes.Quote) quoteRecord {
	return quoteRecord{
		V: 1, Symbol: q.Symbol, Price: q.Price, PreviousClose: q.PreviousClose,
		Change: q.Change.String(), ChangePercent: q.ChangePercent.String(),
		MarketTime: q.MarketTime.UTC(), Exchange: q.Exchange, ShortName: q.ShortName,
		MarketState: q.MarketState, Basis: q.Basis, Source: q.Source, FetchedAt: q.FetchedAt.UTC(),
	}
}

func (r quoteRecord) quote() (quotes.Quote, error) {
	if r.V != 1 {
		return quotes.Quote{}, fmt.Errorf("quote record version %d", r.V)
	}
	ch, err := decimal.NewFromString(r.Change)
	if err != nil {
		return quotes.Quote{}, err
	}
	pct, err := decimal.NewFromString(r.ChangePercent)
	if err != nil {
		return quotes.Quote{}, err
	}
	return quotes.Quote{
		Symbol: r.Symbol, Price: r.Price, PreviousClose: r.PreviousClose, Change: ch, ChangePercent: pct,
		MarketTime: r.MarketTime, Exchange: r.Exchange, ShortName: r.ShortName, MarketState: r.MarketState,
		Basis: r.Basis, Source: r.Source, FetchedAt: r.FetchedAt,
	}, nil
}

// LoadQuotes returns the cached quotes of those symbols it has. Unreadable records and
// quotes with a price quotes.CheckQuote refuses (stored by an older version) are
// skipped.
func (s *Store) LoadQuotes(ctx context.Context, symbols []string) (map[string]quotes.Quote, error) {
	out := make(map[string]quotes.Quote, len(symbols))
	mem, err := s.tx(false, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketQuotes)
		for _, sym := range symbols {
			v := b.Get([]byte(sym))
			if v == nil {
				continue
			}
			var r quoteRecord
			if json.Unmarshal(v, &r) != nil { // v is only read inside the transaction
				continue
			}
			if q, err := r.quote(); err == nil && quotes.CheckQuote(q) == nil {
				out[sym] = q
			}
		}
		return nil
	})
	if mem != nil {
		return mem.LoadQuotes(ctx, symbols)
	}
	if err != nil {
		return nil, fmt.Errorf("quotes cache: load quotes: %w", err)
	}
	return out, nil
}

// StoreQuotes saves quotes in one transaction. Quotes with a price quotes.CheckQuote
// refuses are not stored; the others are, and the error names the refused ones.
func (s *Store) StoreQuotes(ctx context.Context, qs []quotes.Quote) error {
	var refused []error
	good := make([]quotes.Quote, 0, len(qs))
	for _, q := range qs {
		if err := quotes.CheckQuote(q); err != nil {
			refused = append(refused, err)
			continue
		}
		good = append(good, q)
	}
	if err := s.storeQuotes(ctx, good); err != nil {
		return err
	}
	if len(refused) > 0 {
		return fmt.Errorf("quotes cache: not stored: %w", errors.Join(refused...))
	}
	return nil
}

func (s *Store) storeQuotes(ctx context.Context, qs []quotes.Quote) error {
	if len(qs) == 0 {
		return nil
	}
	vals := make([][]byte, len(qs))
	for i, q := range qs {
		v, err := json.Marshal(toQuoteRecord(q))
		if err != nil {
			return fmt.Errorf("quotes cache: quote %s: %w", q.Symbol, err)
		}
		vals[i] = v
	}
	mem, err := s.tx(true, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketQuotes)
		for i, q := range qs {
			if err := b.Put([]byte(q.Symbol), vals[i]); err != nil {
				return fmt.Errorf("quote %s: %w", q.Symbol, err)
			}
		}
		return nil
	})
	if mem != nil {
		return mem.StoreQuotes(ctx, qs)
	}
	if err != nil {
		return fmt.Errorf("quotes cache: store quotes: %w", err)
	}
	return nil
}

type barRecord struct {
	T int64  `json:"t"` // Unix seconds
	O string `json:"o"`
	H string `json:"h"`
	L string `json:"l"`
	C string `json:"c"`
	A string `json:"a"`
	V int64  `json:"v"`
}

// seriesRecord is a stored series. Version 2 added Currency: its bars are in the
// listing's main unit (pounds, not pence). Version 1 records kept bars as the source
// quoted them, so those of listings that may be quoted in a subunit are read as missing
// (and fetched again); the others were already in their main unit.
type seriesRecord struct {
	V         int         `json:"v"`
	Symbol    string      `json:"symbol"`
	Interval  string      `json:"interval"`
	Currency  string      `json:"currency,omitempty"`
	From      time.Time   `json:"from"`
	To        time.Time   `json:"to"`
	FetchedAt time.Time   `json:"fetched_at"`
	Bars      []barRecord `json:"bars"`
}

func seriesKey(symbol string, interval quotes.Interval) []byte {
	return []byte(symbol + "|" + string(interval))
}

func toSeriesRecord(s quotes.Series) seriesRecord {
	r := seriesRecord{
		V: 2, Symbol: s.Symbol, Interval: string(s.Interval),
		From: s.From.UTC(), To: s.To.UTC(), FetchedAt: s.FetchedAt.UTC(),
		Bars: make([]barRecord, len(s.Bars)),
	}
	for i, b := range s.Bars {
		if b.Currency != "" {
			r.Currency = b.Currency
		}
		r.Bars[i] = barRecord{
			T: b.Time.Unix(), O: b.Open.String(), H: b.High.String(), L: b.Low.String(),
			C: b.Close.String(), A: b.AdjClose.String(), V: b.Volume,
		}
	}
	return r
}

func (r seriesRecord) series() (quotes.Series, error) {
	switch {
	case r.V == 1 && quotes.MayQuoteInSubunit(r.Symbol):
		return quotes.Series{}, fmt.Errorf("series record version 1 of %s may hold subunit prices", r.Symbol)
	case r.V != 1 && r.V != 2:
		return quotes.Series{}, fmt.Errorf("series record version %d", r.V)
	}
	s := quotes.Series{
		Symbol: r.Symbol, Interval: quotes.Interval(r.Interval),
		From: r.From, To: r.To, FetchedAt: r.FetchedAt, Bars: make([]quotes.Bar, len(r.Bars)),
	}
	for i, b := range r.Bars {
		var vals [5]decimal.Decimal
		for j, str := range []string{b.O, b.H, b.L, b.C, b.A} {
			d, err := decimal.NewFromString(str)
			if err != nil {
				return quotes.Series{}, fmt.Errorf("bar %d: %w", i, err)
			}
			vals[j] = d
		}
		s.Bars[i] = quotes.Bar{
			Time: time.Unix(b.T, 0).UTC(), Currency: r.Currency, Open: vals[0], High: vals[1], Low: vals[2],
			Close: vals[3], AdjClose: vals[4], Volume: b.V,
		}
	}
	return s, nil
}

// LoadSeries returns the cached bars of symbol and interval. An unreadable record is
// reported as missing; bars quotes.SaneBars refuses (stored by an older version) are
// left out, and a series made mostly of them is missing.
func (s *Store) LoadSeries(ctx context.Context, symbol string, interval quotes.Interval) (quotes.Series, bool, error) {
	var r seriesRecord
	found := false
	mem, err := s.tx(false, func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketSeries).Get(seriesKey(symbol, interval))
		if v == nil {
			return nil
		}
		found = json.Unmarshal(v, &r) == nil
		return nil
	})
	if mem != nil {
		return mem.LoadSeries(ctx, symbol, interval)
	}
	if err != nil {
		return quotes.Series{}, false, fmt.Errorf("quotes cache: load %s %s: %w", symbol, interval, err)
	}
	if !found {
		return quotes.Series{}, false, nil
	}
	out, err := r.series()
	if err != nil {
		return quotes.Series{}, false, nil
	}
	if out.Bars, err = quotes.SaneBars(out.Symbol, out.Bars); err != nil {
		return quotes.Series{}, false, nil
	}
	return out, true, nil
}

// StoreSeries saves s, replacing the stored series of its symbol and interval. Bars
// quotes.SaneBars refuses are left out; a series made mostly of them is not stored.
func (s *Store) StoreSeries(ctx context.Context, series quotes.Series) error {
	bars, err := quotes.SaneBars(series.Symbol, series.Bars)
	if err != nil {
		return fmt.Errorf("quotes cache: not stored: %s %s: %w", series.Symbol, series.Interval, err)
	}
	series.Bars = bars
	v, err := json.Marshal(toSeriesRecord(series))
	if err != nil {
		return fmt.Errorf("quotes cache: series %s %s: %w", series.Symbol, series.Interval, err)
	}
	mem, err := s.tx(true, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSeries).Put(seriesKey(series.Symbol, series.Interval), v)
	})
	if mem != nil {
		return mem.StoreSeries(ctx, series)
	}
	if err != nil {
		return fmt.Errorf("quotes cache: store %s %s: %w", series.Symbol, series.Interval, err)
	}
	return nil
}

type splitRecord struct {
	T int64  `json:"t"` // Unix seconds of the ex-date's UTC midnight
	N string `json:"n"`
	D string `json:"d"`
}

type dividendRecord struct {
	T int64  `json:"t"` // Unix seconds of the ex-date's UTC midnight
	A string `json:"a"`
	C string `json:"c"`
}

// eventsRecord is the stored events of one symbol (version 1). Amounts are decimal
// strings, dividends in their main unit.
type eventsRecord struct {
	V         int              `json:"v"`
	Symbol    string           `json:"symbol"`
	From      time.Time        `json:"from"`
	To        time.Time        `json:"to"`
	FetchedAt time.Time        `json:"fetched_at"`
	Splits    []splitRecord    `json:"splits,omitempty"`
	Dividends []dividendRecord `json:"dividends,omitempty"`
}

func toEventsRecord(s quotes.EventSeries) eventsRecord {
	r := eventsRecord{V: 1, Symbol: s.Symbol, From: s.From.UTC(), To: s.To.UTC(), FetchedAt: s.FetchedAt.UTC()}
	for _, sp := range s.Events.Splits {
		r.Splits = append(r.Splits, splitRecord{T: sp.At.Unix(), N: sp.Numerator.String(), D: sp.Denominator.String()})
	}
	for _, d := range s.Events.Dividends {
		r.Dividends = append(r.Dividends, dividendRecord{T: d.At.Unix(), A: d.Amount.Amount.String(), C: d.Amount.Currency})
	}
	return r
}

func (r eventsRecord) series() (quotes.EventSeries, error) {
	if r.V != 1 {
		return quotes.EventSeries{}, fmt.Errorf("events record version %d", r.V)
	}
	s := quotes.EventSeries{Symbol: r.Symbol, From: r.From, To: r.To, FetchedAt: r.FetchedAt}
	for i, sp := range r.Splits {
		n, err1 := decimal.NewFromString(sp.N)
		d, err2 := decimal.NewFromString(sp.D)
		if err := errors.Join(err1, err2); err != nil {
			return quotes.EventSeries{}, fmt.Errorf("split %d: %w", i, err)
		}
		s.Events.Splits = append(s.Events.Splits, quotes.Split{Symbol: r.Symbol, At: time.Unix(sp.T, 0).UTC(), Numerator: n, Denominator: d})
	}
	for i, dv := range r.Dividends {
		a, err := decimal.NewFromString(dv.A)
		if err != nil {
			return quotes.EventSeries{}, fmt.Errorf("dividend %d: %w", i, err)
		}
		s.Events.Dividends = append(s.Events.Dividends, quotes.Dividend{Symbol: r.Symbol, At: time.Unix(dv.T, 0).UTC(),
			Amount: journal.Money{Amount: a, Currency: dv.C}})
	}
	return s, quotes.CheckEvents(s.Events)
}

// LoadEvents returns the cached events of symbol. A record that cannot be read, or
// holds an event quotes.CheckEvents refuses, is reported as missing.
func (s *Store) LoadEvents(ctx context.Context, symbol string) (quotes.EventSeries, bool, error) {
	var r eventsRecord
	found := false
	mem, err := s.tx(false, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEvents)
		if b == nil {
			return nil
		}
		if v := b.Get([]byte(symbol)); v != nil {
			found = json.Unmarshal(v, &r) == nil
		}
		return nil
	})
	if mem != nil {
		return mem.LoadEvents(ctx, symbol)
	}
	if err != nil {
		return quotes.EventSeries{}, false, fmt.Errorf("quotes cache: load events %s: %w", symbol, err)
	}
	if !found {
		return quotes.EventSeries{}, false, nil
	}
	out, err := r.series()
	if err != nil {
		return quotes.EventSeries{}, false, nil
	}
	return out, true, nil
}

// StoreEvents saves the events of one symbol, replacing those stored. Events
// quotes.CheckEvents refuses are not stored at all.
func (s *Store) StoreEvents(ctx context.Context, es quotes.EventSeries) error {
	if err := quotes.CheckEvents(es.Events); err != nil {
		return fmt.Errorf("quotes cache: not stored: events %s: %w", es.Symbol, err)
	}
	v, err := json.Marshal(toEventsRecord(es))
	if err != nil {
		return fmt.Errorf("quotes cache: events %s: %w", es.Symbol, err)
	}
	mem, err := s.tx(true, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketEvents)
		if err != nil {
			return err
		}
		return b.Put([]byte(es.Symbol), v)
	})
	if mem != nil {
		return mem.StoreEvents(ctx, es)
	}
	if err != nil {
		return fmt.Errorf("quotes cache: store events %s: %w", es.Symbol, err)
	}
	return nil
}
