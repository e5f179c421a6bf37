package boltdb_test

import (
	"encoding/binary"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// metaTxids returns the page size and the txids held by the two meta pages
// of the bbolt file at path.
func metaTxids(t *testing.T, path string) (pageSize int, txid [2]uint64) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pageSize = int(binary.NativeEndian.Uint32(raw[16+8:]))
	for i := range 2 {
		txid[i] = binary.NativeEndian.Uint64(raw[i*pageSize+16+48:])
	}
	return pageSize, txid
}

// breakNewestMeta overwrites the checksum of the meta page with the higher
// txid, so that bbolt would fall back to the other one.
func breakNewestMeta(t *testing.T, path string) (newest, previous uint64) {
	t.Helper()
	ps, txid := metaTxids(t, path)
	i := 0
	if txid[1] > txid[0] {
		i = 1
	}
	patch(t, path, int64(i*ps+16+56), []byte{0xde, 0xad, 0xbe, 0xef})
	return txid[i], txid[1-i]
}

// journalOverTransactions writes a journal of 6 theses, one transaction
// each, then 200 more in one import, and makes a backup of the first state.
func journalOverTransactions(t *testing.T) (path string, c *clock) {
	t.Helper()
	path = t.TempDir() + "/journal.db"
	c = newClock(day1)
	db, err := boltdb.Open(path, boltdb.Options{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		mustCreate(t, db, plainThesis(fmt.Sprintf("early %d", i), "되돌림"))
	}
	if _, err := db.Backup(); err != nil {
		t.Fatal(err)
	}
	var many []*journal.Thesis
	for i := range 200 {
		th := plainThesis(fmt.Sprintf("imported %d", i), "되돌림")
		th.CreatedAt = day1.Add(time.Duration(i+1) * time.Minute)
		many = append(many, th)
	}
	if _, err := db.Import(ctx, many, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path, c
}

// wantRefused checks that opening path, for writing and read-only, is
// refused as damage naming the file and the reason, and that the file is
// left exactly as it was.
func wantRefused(t *testing.T, path string, c *clock, reason string) {
	t.Helper()
	sum, mtime := fileSum(t, path)
	c.Set(day1.Add(48 * time.Hour)) // a backup would be due
	before, _ := boltdb.ListBackups(path)
	for _, opts := range []boltdb.Options{{Now: c.Now}, {Now: c.Now, ReadOnly: true}} {
		db, err := boltdb.Open(path, opts)
		if err == nil {
			_, total, _ := db.List(ctx, journal.Filter{})
			_ = db.Close()
			t.Fatalf("opened (read-only %v) with %d theses, want it refused as damaged", opts.ReadOnly, total)
		}
		wantCode(t, err, journal.EDAMAGED)
		msg := journal.ErrorMessage(err)
		if !strings.Contains(msg, "journal "+path+" is damaged (") || !strings.Contains(msg, reason) ||
			!strings.Contains(msg, "newest good backup: ") {
			t.Fatalf("message %q, want it to name %s, %q and the backup", msg, path, reason)
		}
		t.Log(msg)
	}
	if s, m := fileSum(t, path); s != sum || !m.Equal(mtime) {
		t.Fatal("the damaged journal was written to")
	}
	if after, _ := boltdb.ListBackups(path); len(after) != len(before) {
		t.Fatalf("backups %d, then %d: a backup of the damaged journal was made", len(before), len(after))
	}
	wantCode(t, boltdb.Verify(path), journal.EDAMAGED)
}

func TestDamagedNewestMetaPage(t *testing.T) {
	path, c := journalOverTransactions(t)
	breakNewestMeta(t, path)
	wantRefused(t, path, c, "meta page")
}

func TestRolledBackJournal(t *testing.T) {
	path := t.TempDir() + "/journal.db"
	c := newClock(day1)
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now})
	for i := range 6 {
		mustCreate(t, db, plainThesis(fmt.Sprintf("early %d", i), ""))
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path, boltdb.Options{Now: c.Now})
	for i := range 20 {
		mustCreate(t, db, plainThesis(fmt.Sprintf("later %d", i), ""))
	}
	if _, err := db.Backup(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// The file goes back to an older state of itself, meta pages and all.
	if err := os.WriteFile(path, old, 0o600); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, path, c, "rolled back")
	if err := boltdb.Verify(path); journal.ErrorCode(err) != journal.EDAMAGED {
		t.Fatalf("verify: %v", err)
	}

	// Restoring the backup puts the newer state back, and it opens.
	backups, _ := boltdb.ListBackups(path)
	if _, err := boltdb.Restore(path, backups[0].Path); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path, boltdb.Options{Now: c.Now, NoBackup: true})
	if _, total, err := db.List(ctx, journal.Filter{}); err != nil || total != 26 {
		t.Fatalf("after restore: %d theses, %v", total, err)
	}
}

// A restored backup older than the journal it replaces opens: Restore
// records it as the journal's state.
func TestRestoreOlderBackupOpens(t *testing.T) {
	path, c := journalOverTransactions(t)
	backups, _ := boltdb.ListBackups(path)
	oldest := backups[len(backups)-1].Path
	if _, err := boltdb.Restore(path, oldest); err != nil {
		t.Fatal(err)
	}
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now, NoBackup: true})
	if _, total, err := db.List(ctx, journal.Filter{}); err != nil || total != 6 {
		t.Fatalf("after restore: %d theses, %v", total, err)
	}
	mustCreate(t, db, plainThesis("after restore", ""))
}

// A new journal made where an older one was deleted does not inherit its
// record of commits.
func TestNewJournalInPlaceOfDeletedOne(t *testing.T) {
	path, c := journalOverTransactions(t)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now})
	mustCreate(t, db, plainThesis("fresh", ""))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path, boltdb.Options{Now: c.Now})
	if _, total, err := db.List(ctx, journal.Filter{}); err != nil || total != 1 {
		t.Fatalf("%d theses, %v", total, err)
	}
}

// A newest meta page torn by a crash before its commit returned loses only
// that commit, which was never reported as done: the journal opens at the
// last commit that was, and the next write replaces the torn page.
func TestTornUnfinishedCommit(t *testing.T) {
	path, c := journalOverTransactions(t)
	_, previous := breakNewestMeta(t, path)
	if err := boltdb.WriteCommitRecord(path, previous); err != nil {
		t.Fatal(err)
	}
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now, NoBackup: true})
	mustCreate(t, db, plainThesis("after the crash", ""))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := boltdb.Verify(path); err != nil {
		t.Fatalf("after the next write: %v", err)
	}
	db = mustOpenAt(t, path, boltdb.Options{Now: c.Now, NoBackup: true})
	if _, _, err := db.List(ctx, journal.Filter{}); err != nil {
		t.Fatal(err)
	}
}
