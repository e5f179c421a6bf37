package quotes

import (
	"context"
	"sync"
)

// MemoryCache is a Cache held in memory. It serves tests, and stands in for the file
// cache when that cannot be opened (another Hindsight process holds it).
type MemoryCache struct {
	mu     sync.RWMutex
	quotes map[string]Quote
	series map[string]Series
	events map[string]EventSeries
}

var _ EventCache = (*MemoryCache)(nil)

// NewMemoryCache returns an empty MemoryCache.
func NewMemoryCache() *MemoryCache {
	return &MemoryCache{quotes: map[string]Quote{}, series: map[string]Series{}, events: map[string]EventSeries{}}
}

// LoadQuotes returns the cached quotes of those symbols it has.
func (m *MemoryCache) LoadQuotes(ctx context.Context, symbols []string) (map[string]Quote, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make(map[string]Quote, len(symbols))
	for _, s := range symbols {
		if q, ok := m.quotes[s]; ok {
			out[s] = q
		}
	}
	return out, nil
}

// StoreQuotes saves quotes, replacing older ones of the same symbols.
func (m *MemoryCache) StoreQuotes(ctx context.Context, qs []Quote) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, q := range qs {
		m.quotes[q.Symbol] = q
	}
	return nil
}

// LoadSeries returns a copy of the cached series of symbol and interval.
func (m *MemoryCache) LoadSeries(ctx context.Context, symbol string, interval Interval) (Series, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	s, ok := m.series[seriesKey(symbol, interval)]
	if !ok {
		return Series{}, false, nil
	}
	s.Bars = append([]Bar(nil), s.Bars...)
	return s, true, nil
}

// StoreSeries saves a copy of s.
func (m *MemoryCache) StoreSeries(ctx context.Context, s Series) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s.Bars = append([]Bar(nil), s.Bars...)
	m.series[seriesKey(s.Symbol, s.Interval)] = s
	return nil
}

// LoadEvents returns a copy of the cached events of symbol.
func (m *MemoryCache) LoadEvents(ctx context.Context, symbol string) (EventSeries, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	s, ok := m.events[symbol]
	if !ok {
		return EventSeries{}, false, nil
	}
	s.Events = copyEvents(s.Events)
	return s, true, nil
}

// StoreEvents saves a copy of s.
func (m *MemoryCache) StoreEvents(ctx context.Context, s EventSeries) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s.Events = copyEvents(s.Events)
	m.events[s.Symbol] = s
	return nil
}
