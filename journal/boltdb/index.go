package boltdb

import (
	"bytes"
	"fmt"
	"math/bits"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
)

// bitset is a set of document numbers.
type bitset struct{ w []uint64 }

func newBitset(maxDocNum uint32) *bitset {
	return &bitset{w: make([]uint64, int(maxDocNum)/64+1)}
}

func (b *bitset) set(doc uint32) {
	i := int(doc / 64)
	if i >= len(b.w) {
		b.w = append(b.w, make([]uint64, i-len(b.w)+1)...)
	}
	b.w[i] |= 1 << (doc % 64)
}

func (b *bitset) clear(doc uint32) {
	if i := int(doc / 64); i < len(b.w) {
		b.w[i] &^= 1 << (doc % 64)
	}
}

func (b *bitset) has(doc uint32) bool {
	i := int(doc / 64)
	return i < len(b.w) && b.w[i]&(1<<(doc%64)) != 0
}

func (b *bitset) and(o *bitset) {
	for i := range b.w {
		if i < len(o.w) {
			b.w[i] &= o.w[i]
		} else {
			b.w[i] = 0
		}
	}
}

func (b *bitset) count() int {
	n := 0
	for _, w := range b.w {
		n += bits.OnesCount64(w)
	}
	return n
}

// each calls fn for every member in increasing order until fn returns false.
func (b *bitset) each(fn func(uint32) bool) {
	for i, w := range b.w {
		for w != 0 {
			t := bits.TrailingZeros64(w)
			if !fn(uint32(i*64 + t)) {
				return
			}
			w &^= 1 << t
		}
	}
}

// entries are the keys of one thesis in the indexes written with it, by
// bucket; each key's value is the thesis's document number. Its search words
// (indexWords) are written behind them.
type entries struct {
	created []byte
	status  []byte
	tags    [][]byte
	symbols [][]byte
	review  []byte // nil without a review_by date
}

// sepKey returns prefix 0x00 id.
func sepKey(prefix, id string) []byte {
	k := make([]byte, 0, len(prefix)+1+len(id))
	k = append(k, prefix...)
	k = append(k, 0)
	return append(k, id...)
}

// splitSepKey returns the part of a "<prefix> 0x00 <id>" key before its last 0x00.
func splitSepKey(k []byte) (prefix []byte, ok bool) {
	i := bytes.LastIndexByte(k, 0)
	if i < 0 {
		return nil, false
	}
	return k[:i], true
}

func indexEntries(t *journal.Thesis) entries {
	e := entries{
		created: append(createdKey(t.CreatedAt), t.ID...),
		status:  sepKey(string(t.Status), t.ID),
	}
	for _, tag := range t.Tags {
		e.tags = append(e.tags, sepKey(tag, t.ID))
	}
	for _, s := range t.Symbols() {
		e.symbols = append(e.symbols, sepKey(s, t.ID))
	}
	if !t.ReviewBy.IsZero() {
		e.review = append(reviewKey(t.ReviewBy), t.ID...)
	}
	return e
}

// keyDiff returns the keys of a missing from b.
func keyDiff(a, b [][]byte) [][]byte {
	var out [][]byte
	for _, k := range a {
		found := false
		for _, o := range b {
			if bytes.Equal(k, o) {
				found = true
				break
			}
		}
		if !found {
			out = append(out, k)
		}
	}
	return out
}

// wordDiff returns the words of sorted a missing from sorted b.
func wordDiff(a, b []string) []string {
	var out []string
	j := 0
	for _, w := range a {
		for j < len(b) && b[j] < w {
			j++
		}
		if j < len(b) && b[j] == w {
			continue
		}
		out = append(out, w)
	}
	return out
}

func one(k []byte) [][]byte {
	if k == nil {
		return nil
	}
	return [][]byte{k}
}

// batch collects the writes of one transaction and applies them bucket by
// bucket in key order. bbolt splits its in-memory nodes only at commit, so a
// transaction that inserts many keys in random order into one bucket (an
// import, a migration) would otherwise spend quadratic time shifting them.
type batch struct {
	puts   map[string][]kv
	dels   map[string][][]byte
	post   map[string][]uint32 // postings to add: the documents of each word
	unpost map[string][]uint32 // postings to take out: the documents of each word
	vocab  map[string]int      // change in each word's document count
	count  int                 // change in the number of theses
}

type kv struct{ k, v []byte }

func newBatch() *batch {
	return &batch{puts: map[string][]kv{}, dels: map[string][][]byte{}, post: map[string][]uint32{}, unpost: map[string][]uint32{}, vocab: map[string]int{}}
}

func (b *batch) put(bucket, k, v []byte) {
	b.puts[string(bucket)] = append(b.puts[string(bucket)], kv{k, v})
}

func (b *batch) del(bucket, k []byte) {
	b.dels[string(bucket)] = append(b.dels[string(bucket)], k)
}

// index moves the entries of document doc in the indexes written with its
// thesis from old (nil for a new thesis) to new (nil for a deleted one),
// touching only the keys that change.
func (b *batch) index(doc uint32, old, new *entries) {
	var o, n entries
	if old != nil {
		o = *old
	}
	if new != nil {
		n = *new
	}
	dv := docKey(doc)
	for _, x := range []struct {
		bucket   []byte
		old, new [][]byte
	}{
		{bucketByCreated, one(o.created), one(n.created)},
		{bucketByStatus, one(o.status), one(n.status)},
		{bucketByTag, o.tags, n.tags},
		{bucketBySymbol, o.symbols, n.symbols},
		{bucketByReview, one(o.review), one(n.review)},
	} {
		for _, k := range keyDiff(x.old, x.new) {
			b.del(x.bucket, k)
		}
		for _, k := range keyDiff(x.new, x.old) {
			b.put(x.bucket, k, dv)
		}
	}
}

// words moves the postings of document doc from the sorted words old to the
// sorted words new, touching only the words that change.
func (b *batch) words(doc uint32, old, new []string) {
	// Postings are kept as document numbers by word, not as keys: an
	// import adds millions of them, and they are written block by block.
	for _, w := range wordDiff(old, new) {
		b.unpost[w] = append(b.unpost[w], doc)
		b.vocab[w]--
	}
	for _, w := range wordDiff(new, old) {
		b.post[w] = append(b.post[w], doc)
		b.vocab[w]++
	}
}

// flushFill is how full bbolt fills the pages it splits when a batch is
// flushed. Most keys are appended (time-ordered ids and by_created keys,
// increasing document numbers, each word's postings taking the newest
// documents last), so a page is seldom written into again once full; the
// default of one half would leave half of every page empty.
const flushFill = 1.0

// flush applies the batch to tx and returns the words that are new to the
// vocabulary.
func (b *batch) flush(tx *bolt.Tx) ([]string, error) {
	for name, keys := range b.dels {
		// Last key first: a key put earlier in the transaction sits in an
		// in-memory node that may hold all the keys put, and taking out the
		// first of those shifts all the others each time.
		slices.SortFunc(keys, func(x, y []byte) int { return bytes.Compare(y, x) })
		bk := tx.Bucket([]byte(name))
		for _, k := range keys {
			if err := bk.Delete(k); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	for name, puts := range b.puts {
		slices.SortFunc(puts, func(x, y kv) int { return bytes.Compare(x.k, y.k) })
		bk := tx.Bucket([]byte(name))
		bk.FillPercent = flushFill
		for i, p := range puts {
			if err := bk.Put(p.k, p.v); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			// bbolt keeps a copy of the key and the value itself: a large
			// batch lets go of what it no longer needs as it goes.
			puts[i] = kv{}
		}
		b.puts[name] = nil
	}
	if err := b.flushPostings(tx); err != nil {
		return nil, err
	}
	words := make([]string, 0, len(b.vocab))
	for w, d := range b.vocab {
		if d != 0 {
			words = append(words, w)
		}
	}
	slices.Sort(words)
	vocab := tx.Bucket(bucketVocab)
	var added []string
	for _, w := range words {
		key := []byte(w)
		old := decodeUint32(vocab.Get(key))
		n := int64(old) + int64(b.vocab[w])
		var err error
		switch {
		case n <= 0:
			err = vocab.Delete(key)
		default:
			if old == 0 {
				added = append(added, w)
			}
			err = vocab.Put(key, putUint32(uint32(min(n, maxDoc))))
		}
		if err != nil {
			return nil, fmt.Errorf("vocab: %w", err)
		}
	}
	if b.count != 0 {
		meta := tx.Bucket(bucketMeta)
		n := max(int64(decodeCount(meta.Get(keyThesisCount)))+int64(b.count), 0)
		if err := meta.Put(keyThesisCount, putUint64(uint64(n))); err != nil {
			return nil, fmt.Errorf("meta: %w", err)
		}
	}
	return added, nil
}

// flushPostings applies the postings of b.post and b.unpost, word by word
// in key order.
func (b *batch) flushPostings(tx *bolt.Tx) error {
	if len(b.post) == 0 && len(b.unpost) == 0 {
		return nil
	}
	words := make([]string, 0, len(b.post)+len(b.unpost))
	for w := range b.post {
		words = append(words, w)
	}
	for w := range b.unpost {
		if _, ok := b.post[w]; !ok {
			words = append(words, w)
		}
	}
	slices.Sort(words)
	bk := tx.Bucket(bucketPostings)
	bk.FillPercent = flushFill
	for _, w := range words {
		add, del := b.post[w], b.unpost[w]
		slices.Sort(add)
		slices.Sort(del)
		if err := updatePostings(bk, w, add, del); err != nil {
			return fmt.Errorf("%s: %w", bucketPostings, err)
		}
	}
	return nil
}

// prefixDocs returns the documents of the "<prefix> 0x00 <id>" keys of bucket.
func prefixDocs(tx *bolt.Tx, bucket []byte, prefix string, maxDocNum uint32) *bitset {
	out := newBitset(maxDocNum)
	p := append([]byte(prefix), 0)
	c := tx.Bucket(bucket).Cursor()
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		if bytes.IndexByte(k[len(p):], 0) >= 0 {
			continue // a longer prefix that itself holds 0x00
		}
		if doc, ok := docOf(v); ok {
			out.set(doc)
		}
	}
	return out
}

// dueDocs returns the documents whose review_by is on or before d.
func dueDocs(tx *bolt.Tx, d journal.Date, maxDocNum uint32) *bitset {
	out := newBitset(maxDocNum)
	limit := reviewKey(d)
	c := tx.Bucket(bucketByReview).Cursor()
	for k, v := c.First(); k != nil && len(k) >= 8 && bytes.Compare(k[:8], limit) <= 0; k, v = c.Next() {
		if doc, ok := docOf(v); ok {
			out.set(doc)
		}
	}
	return out
}

// normTag normalises a tag the way journal.Thesis.Normalize does.
func normTag(tag string) string {
	return strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(tag), "#")))
}
