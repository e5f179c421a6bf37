package boltdb

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"os"
)

// The commit record is a 16-byte file beside the journal, "<journal>.commit":
// the id of the last bbolt transaction committed through this package
// (uint64 big-endian), then an FNV-64a checksum of those 8 bytes (uint64
// big-endian). It is rewritten in place and synced after every write
// transaction has committed, so it never names a transaction the journal does
// not hold: a journal that opens at an older transaction was rolled back
// (a damaged newest meta page, or an older copy put in its place) and is
// treated as damaged. Restore rewrites it for the file it puts in place.
// A missing or unreadable record checks nothing; the next commit writes it.
const commitRecordSize = 16

// commitPath returns the path of the commit record of the journal at path.
func commitPath(path string) string { return path + ".commit" }

func encodeCommit(txid uint64) []byte {
	b := binary.BigEndian.AppendUint64(nil, txid)
	h := fnv.New64a()
	h.Write(b)
	return binary.BigEndian.AppendUint64(b, h.Sum64())
}

// readCommitRecord returns the transaction recorded beside the journal at
// path; ok is false when there is no readable record.
func readCommitRecord(path string) (txid uint64, ok bool) {
	b, err := os.ReadFile(commitPath(path))
	if err != nil || len(b) != commitRecordSize {
		return 0, false
	}
	h := fnv.New64a()
	h.Write(b[:8])
	if h.Sum64() != binary.BigEndian.Uint64(b[8:]) {
		return 0, false
	}
	return binary.BigEndian.Uint64(b), true
}

// openCommitRecord opens the commit record of the journal at path for
// writing, creating it when missing.
func openCommitRecord(path string) (*os.File, error) {
	f, err := os.OpenFile(commitPath(path), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || fi.Size() > commitRecordSize {
		if err == nil {
			err = f.Truncate(commitRecordSize)
		}
		if err != nil {
			_ = f.Close()
			return nil, err
		}
	}
	return f, nil
}

// writeCommitRecord records txid beside the journal at path and syncs it.
func writeCommitRecord(path string, txid uint64) error {
	f, err := openCommitRecord(path)
	if err != nil {
		return err
	}
	err = putCommit(f, txid)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// putCommit overwrites the record held open in f with txid and syncs it.
// The record fits in one disk sector, so it is never left half written.
func putCommit(f *os.File, txid uint64) error {
	if _, err := f.WriteAt(encodeCommit(txid), 0); err != nil {
		return err
	}
	return f.Sync()
}

// rollbackReason checks the journal at path against its commit record and
// its two meta pages. The caller holds the file's lock, so no commit is under
// way. It returns "" when the journal holds its last commit, and the reason
// otherwise: a meta page is damaged (bbolt would silently use the other, one
// transaction older), unless the record shows that the damaged page is a
// commit that never finished; or the file is older than the last commit.
func rollbackReason(path string) string {
	f, _, m, reason := openMeta(path)
	if reason != "" {
		return reason
	}
	f.Close()
	recorded, ok := readCommitRecord(path)
	if m.invalid != "" && (!ok || recorded != m.txid) {
		return fmt.Sprintf("%s; using the other would go back to transaction %d", m.invalid, m.txid)
	}
	if ok && recorded > m.txid {
		return fmt.Sprintf("rolled back: it ends at transaction %d, but %d was committed", m.txid, recorded)
	}
	return ""
}

// recordCommit writes txid to the commit record after a write transaction
// has committed. A failure is not reported: the record then stays at an
// older transaction, which weakens the check but never makes it misfire.
func (db *DB) recordCommit(txid uint64) {
	if db.commit != nil {
		_ = putCommit(db.commit, txid)
	}
}

// recordCopy records, as the commit record of the journal at journalPath,
// the transaction that the file at copyPath holds.
func recordCopy(journalPath, copyPath string) error {
	f, err := os.Open(copyPath)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	m, reason := readMeta(f, fi.Size())
	if reason != "" {
		return fmt.Errorf("%s: %s", copyPath, reason)
	}
	return writeCommitRecord(journalPath, m.txid)
}
