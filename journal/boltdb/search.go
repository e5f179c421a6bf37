package boltdb

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
)

// Words longer than maxWordRunes are indexed as overlapping windows of
// maxWordRunes runes that start every windowStep runes, so any piece of such a
// word up to maxWordRunes-windowStep+1 runes long lies inside one window.
const (
	maxWordRunes = 64
	windowStep   = 32
	maxPiece     = maxWordRunes - windowStep + 1
)

// words splits s into lower-cased runs of letters, digits and combining marks,
// Korean and English alike, and calls fn for each.
func words(s string, fn func(string)) {
	eachWord(s, func(w string) bool { fn(w); return true })
}

// eachWord is words that stops as soon as fn returns false; it reports
// whether it went through all of s.
func eachWord(s string, fn func(string) bool) bool {
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if !fn(strings.ToLower(s[start:i])) {
				return false
			}
			start = -1
		}
	}
	if start >= 0 {
		return fn(strings.ToLower(s[start:]))
	}
	return true
}

// thesisText calls fn with every piece of text search looks at.
func thesisText(t *journal.Thesis, fn func(string)) {
	fn(t.Title)
	fn(t.Body)
	fn(t.Trigger)
	for _, r := range t.Reasons {
		fn(r)
	}
	fn(t.Expectation)
	fn(t.Invalidation)
	for _, tag := range t.Tags {
		fn(tag)
	}
	for _, s := range t.Symbols() {
		fn(s)
	}
	for _, r := range t.Reviews {
		fn(r.Note)
	}
}

// indexWords returns the distinct index terms of t, sorted: every word, with
// words longer than maxWordRunes replaced by their windows.
func indexWords(t *journal.Thesis) []string {
	set := map[string]struct{}{}
	thesisText(t, func(s string) {
		words(s, func(w string) {
			if utf8.RuneCountInString(w) <= maxWordRunes {
				set[w] = struct{}{}
				return
			}
			for _, win := range wordWindows(w) {
				set[win] = struct{}{}
			}
		})
	})
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}

// wordWindows cuts a long word into overlapping windows of maxWordRunes runes.
func wordWindows(w string) []string {
	rs := []rune(w)
	var out []string
	for start := 0; ; start += windowStep {
		end := start + maxWordRunes
		if end >= len(rs) {
			out = append(out, string(rs[max(0, len(rs)-maxWordRunes):]))
			return out
		}
		out = append(out, string(rs[start:end]))
	}
}

// queryTerms splits a query into the terms looked up in the vocabulary. A
// query word longer than maxPiece runes is cut into pieces; exact reports
// whether no word was cut, so that the index alone decides the match.
func queryTerms(q string) (terms []string, exact bool) {
	exact = true
	seen := map[string]bool{}
	add := func(w string) {
		if !seen[w] {
			seen[w] = true
			terms = append(terms, w)
		}
	}
	words(q, func(w string) {
		rs := []rune(w)
		if len(rs) <= maxPiece {
			add(w)
			return
		}
		exact = false
		for i := 0; i < len(rs); i += maxPiece {
			add(string(rs[i:min(i+maxPiece, len(rs))]))
		}
	})
	return terms, exact
}

// matchesQuery reports whether every word of q is a substring of some word of t.
func matchesQuery(t *journal.Thesis, q string) bool {
	var qw []string
	words(q, func(w string) {
		if !slices.Contains(qw, w) {
			qw = append(qw, w)
		}
	})
	// Cross off the query words as the thesis's words are read; stop when
	// none is left.
	thesisText(t, func(s string) {
		if len(qw) == 0 {
			return
		}
		eachWord(s, func(w string) bool {
			qw = slices.DeleteFunc(qw, func(x string) bool { return strings.Contains(w, x) })
			return len(qw) > 0
		})
	})
	return len(qw) == 0
}

// vocabCache keeps every vocabulary word in memory as one byte string
// ("w1\x00w2\x00...") so that substring matching against the vocabulary is a
// fast bytes.Index scan. The cache may hold words no longer in the vocab
// bucket (every hit is confirmed there) but never misses one: writers append
// new words before they commit, and a (re)load runs while no writer can.
type vocabCache struct {
	mu       sync.Mutex
	loaded   bool
	blob     []byte
	loadedN  int // words in blob when it was loaded
	appended int // words appended since
}

// snapshot returns the current blob; it is append-only, so the slice stays valid.
func (c *vocabCache) snapshot() ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.blob, c.loaded
}

// add records words that a write transaction is adding to the vocab bucket.
func (c *vocabCache) add(ws []string) {
	if len(ws) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded {
		return
	}
	for _, w := range ws {
		c.blob = append(c.blob, w...)
		c.blob = append(c.blob, 0)
	}
	c.appended += len(ws)
}

// reset drops the cache; the next search loads it again.
func (c *vocabCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.blob, c.loaded, c.loadedN, c.appended = nil, false, 0, 0
}

// stale reports whether the cache should be (re)loaded.
func (c *vocabCache) stale() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.loaded || c.appended > 1024+c.loadedN
}

// vocabBlob returns every word of the vocab bucket, each followed by 0x00,
// and their number.
func vocabBlob(tx *bolt.Tx) []byte {
	blob, _ := vocabBlobN(tx)
	return blob
}

func vocabBlobN(tx *bolt.Tx) ([]byte, int) {
	var blob []byte
	n := 0
	if b := tx.Bucket(bucketVocab); b != nil {
		cur := b.Cursor()
		for k, _ := cur.First(); k != nil; k, _ = cur.Next() {
			blob = append(blob, k...)
			blob = append(blob, 0)
			n++
		}
	}
	return blob, n
}

// load rebuilds the cache from the vocab bucket. The caller must hold the
// DB's write mutex so that no writer runs meanwhile.
func (c *vocabCache) load(tx *bolt.Tx) {
	blob, n := vocabBlobN(tx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.blob, c.loaded, c.loadedN, c.appended = blob, true, n, 0
}

// matchVocab returns the vocabulary words that contain term, with their
// document counts, confirmed against the vocab bucket of tx.
func matchVocab(blob []byte, vocab *bolt.Bucket, term string) (ws []string, total uint64) {
	q := []byte(term)
	seen := map[string]bool{}
	for pos := 0; pos < len(blob); {
		i := bytes.Index(blob[pos:], q)
		if i < 0 {
			break
		}
		i += pos
		start := bytes.LastIndexByte(blob[:i], 0) + 1
		end := i + bytes.IndexByte(blob[i:], 0)
		if end < i { // no terminator: cannot happen with a well-formed blob
			break
		}
		w := string(blob[start:end])
		pos = end + 1
		if seen[w] {
			continue
		}
		seen[w] = true
		if v := vocab.Get([]byte(w)); v != nil {
			ws = append(ws, w)
			total += uint64(decodeUint32(v))
		}
	}
	return ws, total
}

// search returns the documents matching every term of query. within, when not
// nil, holds the documents the other filters kept; search may use it to check
// candidates one by one instead of reading long postings lists. The caller
// intersects the result with within.
func search(tx *bolt.Tx, blob []byte, query string, within *bitset, maxDocNum uint32) (*bitset, bool) {
	terms, exact := queryTerms(query)
	if len(terms) == 0 {
		return nil, exact
	}
	vocab, postings := tx.Bucket(bucketVocab), tx.Bucket(bucketPostings)
	type termMatch struct {
		words []string
		est   uint64
	}
	matches := make([]termMatch, 0, len(terms))
	probe := newPostingProbe(postings)
	for _, t := range terms {
		ws, est := matchVocab(blob, vocab, t)
		if len(ws) == 0 {
			return newBitset(maxDocNum), exact
		}
		matches = append(matches, termMatch{ws, est})
	}
	slices.SortFunc(matches, func(a, b termMatch) int {
		switch {
		case a.est < b.est:
			return -1
		case a.est > b.est:
			return 1
		}
		return 0
	})
	cand := within
	for _, m := range matches {
		// Reading the postings of every matching word costs about est
		// documents decoded; checking each candidate costs one block lookup
		// per (candidate, word).
		if cand != nil {
			if n := uint64(cand.count()); n*uint64(len(m.words)) < m.est {
				next := newBitset(maxDocNum)
				cand.each(func(doc uint32) bool {
					for _, w := range m.words {
						if probe.has(w, doc) {
							next.set(doc)
							break
						}
					}
					return true
				})
				cand = next
				if cand.count() == 0 {
					return cand, exact
				}
				continue
			}
		}
		union := newBitset(maxDocNum)
		cur := postings.Cursor()
		for _, w := range m.words {
			eachPosting(cur, w, union.set)
		}
		if cand != nil {
			union.and(cand)
		}
		cand = union
		if cand.count() == 0 {
			return cand, exact
		}
	}
	return cand, exact
}
