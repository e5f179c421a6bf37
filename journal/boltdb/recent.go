package boltdb

import (
	"bytes"
	"sync"

	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
)

// recentMax is how many theses recentTheses keeps.
const recentMax = 4

// recentTheses keeps a decoded copy of the theses written last, each with the
// checksum and length of its stored record. Editing a large thesis (a ledger of
// a thousand fills) reads the stored version first; when the record is still
// the one written, its copy stands in for decoding it again. A record written
// by any other path has another checksum or length and is decoded as before.
type recentTheses struct {
	mu      sync.Mutex
	entries []recentThesis
}

type recentThesis struct {
	id  string
	sum []byte // the envelope's checksum digits
	n   int    // the record's length
	t   *journal.Thesis
}

// envelopeSum returns the checksum digits of a stored envelope, or nil for a
// value that is not one.
func envelopeSum(v []byte) []byte {
	n := len(sealedPrefix)
	if len(v) < n+8 || !bytes.HasPrefix(v, sealedPrefix) {
		return nil
	}
	return v[n : n+8]
}

// lookup returns the copy of thesis id when v is the record it was written as.
// The copy is shared: callers only read it.
func (r *recentTheses) lookup(id string, v []byte) *journal.Thesis {
	sum := envelopeSum(v)
	if sum == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.entries {
		if e.id == id && e.n == len(v) && bytes.Equal(e.sum, sum) {
			return e.t
		}
	}
	return nil
}

// remember keeps a copy of t as the thesis stored in v.
func (r *recentTheses) remember(t *journal.Thesis, v []byte) {
	sum := envelopeSum(v)
	if sum == nil {
		return
	}
	e := recentThesis{id: t.ID, sum: bytes.Clone(sum), n: len(v), t: t.Copy()}
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, old := range r.entries {
		if old.id == t.ID {
			r.entries = append(r.entries[:i], r.entries[i+1:]...)
			break
		}
	}
	if len(r.entries) == recentMax {
		r.entries = r.entries[1:]
	}
	r.entries = append(r.entries, e)
}

// getForEdit returns the stored thesis id for an edit to compare with, which it
// only reads: the copy kept when it was last written, if the record is still
// that one, else the record decoded.
func (db *DB) getForEdit(tx *bolt.Tx, id string) (*journal.Thesis, error) {
	if !db.bare {
		if t := db.recent.lookup(id, tx.Bucket(bucketTheses).Get([]byte(id))); t != nil {
			return t, nil
		}
	}
	return db.get(tx, id)
}

// rememberStored keeps t as the thesis now stored under its id in tx.
func (db *DB) rememberStored(tx *bolt.Tx, t *journal.Thesis) {
	if v := tx.Bucket(bucketTheses).Get([]byte(t.ID)); v != nil {
		db.recent.remember(t, v)
	}
}
