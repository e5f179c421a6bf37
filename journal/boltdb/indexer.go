package boltdb

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
)

// The search words of a saved thesis are written behind it: see the comment
// at the top of schema.go for the design.

// pendingMax is the number of pending documents at which they are indexed
// without waiting for writes to pause. It bounds the documents a search
// matches one by one.
const pendingMax = 128

// applyMax bounds the documents indexed in one background transaction.
const applyMax = 4096

// pendingRecordVersion is the first byte of every pending value.
const pendingRecordVersion = 1

// indexer indexes pending documents in the background.
type indexer struct {
	kick chan struct{} // a write added pending entries
	stop chan struct{} // closed by Close
	done chan struct{} // closed when the goroutine has returned

	// pending is the number of entries in the pending bucket. It changes
	// only when a write transaction commits, under the DB's write mutex.
	pending atomic.Int64
}

// encodeWords returns the pending value recording that postings holds the
// sorted words ws for a document.
func encodeWords(ws []string) []byte {
	n := 1
	for _, w := range ws {
		n += len(w) + 1
	}
	b := make([]byte, 1, n)
	b[0] = pendingRecordVersion
	for _, w := range ws {
		b = append(append(b, w...), 0)
	}
	return b
}

// decodeWords reads a pending value; the words share no memory with v.
func decodeWords(v []byte) ([]string, error) {
	if len(v) == 0 || v[0] != pendingRecordVersion {
		return nil, fmt.Errorf("pending record version is not %d", pendingRecordVersion)
	}
	s := string(v[1:])
	if s == "" {
		return nil, nil
	}
	if !strings.HasSuffix(s, "\x00") {
		return nil, fmt.Errorf("pending words are not terminated")
	}
	return strings.Split(s[:len(s)-1], "\x00"), nil
}

// queueWords records in b that the postings of document doc must catch up
// with its thesis t, unless a pending entry already says so. prev is the
// thesis as stored before this write (nil for a new one): while doc is not
// pending, postings hold exactly prev's words, and the entry keeps them so
// that they can be taken out later. An edit that leaves the words as they
// were needs no entry. It reports whether an entry was added.
func queueWords(tx *bolt.Tx, b *batch, doc uint32, prev, t *journal.Thesis) bool {
	k := docKey(doc)
	if tx.Bucket(bucketPending).Get(k) != nil {
		return false
	}
	var old []string
	if prev != nil {
		old = indexWords(prev)
		if slices.Equal(old, indexWords(t)) {
			return false
		}
	}
	b.put(bucketPending, k, encodeWords(old))
	return true
}

// queueDelete records in b that the postings of document doc, whose thesis
// prev is being deleted, must be taken out. It returns the change in the
// number of pending entries.
func queueDelete(tx *bolt.Tx, b *batch, doc uint32, prev *journal.Thesis) int {
	k := docKey(doc)
	switch v := tx.Bucket(bucketPending).Get(k); {
	case v == nil:
		ws := indexWords(prev)
		if len(ws) == 0 {
			return 0
		}
		b.put(bucketPending, k, encodeWords(ws))
		return 1
	case len(v) == 1:
		// Never indexed: nothing to take out.
		b.del(bucketPending, k)
		return -1
	}
	return 0 // the entry already names the words to take out
}

// notePending records that tx changes the number of pending entries by delta
// once it commits, and wakes the background indexer when it adds some.
func (db *DB) notePending(tx *bolt.Tx, delta int) {
	if delta == 0 {
		return
	}
	tx.OnCommit(func() {
		db.idx.pending.Add(int64(delta))
		if delta > 0 && db.idx.kick != nil {
			select {
			case db.idx.kick <- struct{}{}:
			default:
			}
		}
	})
}

// applyPending brings the postings of up to limit pending documents (all of
// them when limit is 0) up to date with their theses, inside tx, and removes
// their pending entries. written holds theses written earlier in tx by
// document number, which spares decoding them again. It returns the number
// of documents indexed.
func (db *DB) applyPending(tx *bolt.Tx, written map[uint32]*journal.Thesis, limit int) (int, error) {
	docs := tx.Bucket(bucketDocs)
	b := newBatch()
	n := 0
	c := tx.Bucket(bucketPending).Cursor()
	for k, v := c.First(); k != nil && (limit <= 0 || n < limit); k, v = c.Next() {
		doc, ok := docOf(k)
		if !ok {
			return 0, db.unreadable(fmt.Sprintf("pending search entry %x", k), errors.New("it is not a document number"))
		}
		old, err := decodeWords(v)
		if err != nil {
			return 0, db.unreadable(fmt.Sprintf("pending search entry %d", doc), err)
		}
		var cur []string
		if t := written[doc]; t != nil {
			cur = indexWords(t)
		} else if ck := docs.Get(k); ck != nil {
			t, err := db.docThesis(tx, doc, ck)
			if err != nil {
				return 0, err
			}
			cur = indexWords(t)
		}
		b.words(doc, old, cur)
		b.del(bucketPending, bytes.Clone(k))
		n++
	}
	if n == 0 {
		return 0, nil
	}
	if err := db.flush(tx, b); err != nil {
		return 0, fmt.Errorf("index search words: %w", err)
	}
	return n, nil
}

// docThesis reads the thesis of document doc, whose docs value is ck.
func (db *DB) docThesis(tx *bolt.Tx, doc uint32, ck []byte) (*journal.Thesis, error) {
	if len(ck) <= 8 {
		return nil, db.unreadable(fmt.Sprintf("document %d", doc), errors.New("its by_created key is malformed"))
	}
	id := string(ck[8:])
	t, err := db.get(tx, id)
	if journal.ErrorCode(err) == journal.ENOTFOUND {
		return nil, db.unreadable("thesis "+id, errors.New("indexed but not stored"))
	}
	return t, err
}

// errNothingPending rolls back a transaction that found nothing to index.
var errNothingPending = errors.New("nothing pending")

// indexPending indexes the pending documents in durable transactions of up
// to applyMax documents, until a transaction finds fewer: it does not chase
// a writer that keeps adding entries one at a time, which would undo the
// batching.
func (db *DB) indexPending() error { return db.indexPendingBy(applyMax, nil) }

// indexPendingBy is indexPending with transactions of up to most documents;
// written holds theses by document number that need not be read again (see
// applyPending).
func (db *DB) indexPendingBy(most int, written map[uint32]*journal.Thesis) error {
	for n := most; n == most && db.idx.pending.Load() > 0; {
		err := db.update(func(tx *bolt.Tx) error {
			var err error
			if n, err = db.applyPending(tx, written, most); err != nil {
				return err
			}
			if n == 0 {
				return errNothingPending
			}
			db.notePending(tx, -n)
			return nil
		})
		switch {
		case errors.Is(err, errNothingPending):
			return nil
		case err != nil:
			return err
		}
	}
	return nil
}

// startIndexer indexes what a crash left pending and starts the background
// indexer.
func (db *DB) startIndexer() error {
	var n int64
	err := db.view(func(tx *bolt.Tx) error {
		n = int64(tx.Bucket(bucketPending).Stats().KeyN)
		return nil
	})
	if err != nil {
		return err
	}
	db.idx.pending.Store(n)
	if err := db.indexPending(); err != nil {
		return fmt.Errorf("journal %s: index search words left pending: %w", db.path, err)
	}
	db.idx.kick = make(chan struct{}, 1)
	db.idx.stop = make(chan struct{})
	db.idx.done = make(chan struct{})
	go db.runIndexer(db.opts.IndexDelay)
	return nil
}

// runIndexer indexes the pending documents once writes have paused for
// delay, or at once when pendingMax of them are waiting, until stopped. A
// failed attempt leaves the entries pending, where search still finds them,
// for the next attempt.
func (db *DB) runIndexer(delay time.Duration) {
	defer close(db.idx.done)
	idle := time.NewTimer(delay)
	idle.Stop()
	defer idle.Stop()
	for {
		select {
		case <-db.idx.stop:
			return
		case <-db.idx.kick:
			if db.idx.pending.Load() >= pendingMax {
				idle.Stop()
				_ = db.indexPending()
			} else {
				idle.Reset(delay)
			}
		case <-idle.C:
			_ = db.indexPending()
		}
	}
}

// stopIndexer stops the background indexer and indexes what is pending,
// unless the journal is read-only or known to be damaged.
func (db *DB) stopIndexer() error {
	if db.idx.stop == nil {
		return nil
	}
	close(db.idx.stop)
	<-db.idx.done
	if db.damaged.Load() {
		return nil
	}
	if err := db.indexPending(); err != nil {
		return fmt.Errorf("index search words: %w", err)
	}
	return nil
}

// matchPending corrects found, the documents that postings match for query,
// for the pending documents, whose postings may be out of date: each is taken
// out and put back when its stored text matches. When within is not nil, the
// documents outside it are taken out without being read.
func (db *DB) matchPending(tx *bolt.Tx, query string, found, within *bitset) error {
	pending := tx.Bucket(bucketPending)
	if pending == nil {
		return nil // a layout 2 file opened read-only
	}
	var qws [][]byte
	words(query, func(w string) { qws = append(qws, []byte(w)) })
	docs, theses := tx.Bucket(bucketDocs), tx.Bucket(bucketTheses)
	c := pending.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		doc, ok := docOf(k)
		if !ok {
			continue
		}
		found.clear(doc)
		if within != nil && !within.has(doc) {
			continue
		}
		ck := docs.Get(k)
		if ck == nil {
			continue // deleted
		}
		if len(ck) > 8 && !mayMatch(theses.Get(ck[8:]), qws) {
			continue
		}
		t, err := db.docThesis(tx, doc, ck)
		if err != nil {
			return err
		}
		if matchesQuery(t, query) {
			found.set(doc)
		}
	}
	return nil
}

// mayMatch reports whether the stored thesis record v may match the query
// words qws, without decoding it: false when some query word is nowhere in
// the lower-cased record. That is sound because a word of the thesis's text
// is a run of letters, digits and marks, none of which JSON escapes, so the
// lower-cased record holds every lower-cased word verbatim, and a matching
// thesis has every query word inside one of them.
func mayMatch(v []byte, qws [][]byte) bool {
	if v == nil {
		return true // let the decoding report it
	}
	lower := bytes.ToLower(v)
	for _, w := range qws {
		if !bytes.Contains(lower, w) {
			return false
		}
	}
	return true
}
