package boltdb

// IndexPending indexes the pending search words now, as Close does.
func (db *DB) IndexPending() error { return db.indexPending() }

// PendingCount returns the number of documents whose search words are
// pending (always 0 for a read-only journal, which does not count them).
func (db *DB) PendingCount() int { return int(db.idx.pending.Load()) }

// WriteCommitRecord records txid as the last committed transaction of the
// journal at path, as a commit does.
func WriteCommitRecord(path string, txid uint64) error { return writeCommitRecord(path, txid) }
