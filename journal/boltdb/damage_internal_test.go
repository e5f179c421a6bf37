package boltdb

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
)

// TestDamageInLargeJournal covers journals above fullCheckMax, which Open
// does not check page by page: damage is found when a read meets it, and by
// the daily backup's verification.
func TestDamageInLargeJournal(t *testing.T) {
	saved := fullCheckMax
	fullCheckMax = 0
	t.Cleanup(func() { fullCheckMax = saved })

	ctx := context.Background()
	now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Millisecond); return now }
	path := filepath.Join(t.TempDir(), "journal.db")
	db, err := Open(path, Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 30 {
		th := &journal.Thesis{Title: fmt.Sprintf("thesis %d", i), Body: strings.Repeat("본문 body ", 200)}
		if err := db.Create(ctx, th); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, th.ID)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	now = now.Add(24 * time.Hour)
	db, err = Open(path, Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	good, err := db.OpenBackup()
	if err != nil || good == "" {
		t.Fatalf("first backup: %q %v", good, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// Point the first element of a leaf page of the theses bucket far
	// outside the file: following it through the memory map faults.
	pageID, pageSize := thesesLeaf(t, path, ids)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(binary.NativeEndian.AppendUint32(nil, 0x7ffffff0), int64(pageID*pageSize+pageHeaderSize+4)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	sum := func() [32]byte {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b)
	}
	damaged := sum()

	// Same day: no backup is due, so Open does not notice; reading does.
	db, err = Open(path, Options{Now: clock})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	_, _, err = db.List(ctx, journal.Filter{})
	if journal.ErrorCode(err) != journal.EDAMAGED {
		t.Fatalf("list over a damaged page: %v", err)
	}
	want := fmt.Sprintf("journal %s is damaged (page %d: leaf element 0 points outside the page); newest good backup: %s", path, pageID, good)
	if msg := journal.ErrorMessage(err); msg != want {
		t.Fatalf("message %q\n   want %q", msg, want)
	}
	if err := db.Create(ctx, &journal.Thesis{Title: "refused"}); journal.ErrorCode(err) != journal.EDAMAGED {
		t.Fatalf("write after damage: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// Next day: the backup is due; its verification fails, the failed copy
	// is removed and Open reports the damage.
	now = now.Add(24 * time.Hour)
	_, err = Open(path, Options{Now: clock})
	if journal.ErrorCode(err) != journal.EDAMAGED || !strings.Contains(err.Error(), good) {
		t.Fatalf("open on the next day: %v", err)
	}
	backups, err := ListBackups(path)
	if err != nil || len(backups) != 1 || backups[0].Path != good {
		t.Fatalf("backups: %v, %v", backups, err)
	}
	if sum() != damaged {
		t.Fatal("the damaged file was written to")
	}
}

// thesesLeaf finds a leaf page in use whose first key is one of ids.
func thesesLeaf(t *testing.T, path string, ids []string) (id, pageSize int) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, PreLoadFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	pageSize = bdb.Info().PageSize
	_ = bdb.View(func(tx *bolt.Tx) error {
		for i := 2; ; i++ {
			info, err := tx.Page(i)
			if err != nil || info == nil {
				return err
			}
			if info.Type != "leaf" || info.Count < 2 {
				continue
			}
			p := raw[i*pageSize:]
			pos := int(binary.NativeEndian.Uint32(p[pageHeaderSize+4:]))
			ksize := int(binary.NativeEndian.Uint32(p[pageHeaderSize+8:]))
			if slices.Contains(ids, string(p[pageHeaderSize+pos:pageHeaderSize+pos+ksize])) {
				id = i
				return nil
			}
		}
	})
	if id == 0 {
		t.Fatal("no leaf page of the theses bucket found")
	}
	return id, pageSize
}
