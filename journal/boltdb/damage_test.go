package boltdb_test

import (
	"bytes"
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
	"hindsight/journal/boltdb"
)

// journalWithBackup writes a journal of n theses with roughly 2 KB of text
// each, then reopens it on the next day so that a verified backup exists.
func journalWithBackup(t *testing.T, n int) (path, backup string, theses []string, c *clock) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "journal.db")
	c = newClock(day1)
	db, err := boltdb.Open(path, boltdb.Options{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		th := sampleThesis(fmt.Sprintf("MARK%03d 손상 테스트", i))
		th.Body = strings.Repeat(fmt.Sprintf("본문 %d body text ", i), 80)
		if err := db.Create(ctx, th); err != nil {
			t.Fatal(err)
		}
		theses = append(theses, th.ID)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	c.Set(day1.Add(24 * time.Hour))
	db, err = boltdb.Open(path, boltdb.Options{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	backup, err = db.OpenBackup()
	if err != nil || backup == "" {
		t.Fatalf("no backup: %q %v", backup, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path, backup, theses, c
}

// leafPage returns the page size and the id of a page in use that is a leaf
// with at least two elements and whose first key satisfies keep.
func leafPage(t *testing.T, path string, keep func(key []byte) bool) (pageSize, id int) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, PreLoadFreelist: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pageSize = bdb.Info().PageSize
	err = bdb.View(func(tx *bolt.Tx) error {
		for i := 2; ; i++ {
			info, err := tx.Page(i)
			if err != nil {
				return err
			}
			if info == nil {
				return fmt.Errorf("no leaf page found")
			}
			if info.Type != "leaf" || info.Count < 2 {
				continue
			}
			p := raw[i*pageSize:]
			pos := binary.NativeEndian.Uint32(p[16+4:])
			ksize := binary.NativeEndian.Uint32(p[16+8:])
			if keep(p[16+pos : 16+pos+ksize]) {
				id = i
				return nil
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return pageSize, id
}

func isID(ids []string) func([]byte) bool {
	return func(k []byte) bool { return slices.Contains(ids, string(k)) }
}

func patch(t *testing.T, path string, off int64, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

func TestDamagedJournals(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, path string, theses []string)
		reason string
	}{
		{"empty file", func(t *testing.T, path string, _ []string) {
			if err := os.Truncate(path, 0); err != nil {
				t.Fatal(err)
			}
		}, "empty file"},
		{"truncated file", func(t *testing.T, path string, _ []string) {
			if err := os.Truncate(path, 5*4096+100); err != nil {
				t.Fatal(err)
			}
		}, "truncated"},
		{"truncated inside the first page", func(t *testing.T, path string, _ []string) {
			if err := os.Truncate(path, 3000); err != nil {
				t.Fatal(err)
			}
		}, "truncated"},
		{"not a bbolt file", func(t *testing.T, path string, _ []string) {
			if err := os.WriteFile(path, []byte(strings.Repeat("my investment notes\n", 500)), 0o600); err != nil {
				t.Fatal(err)
			}
		}, "not a bbolt file"},
		{"both meta pages flipped", func(t *testing.T, path string, _ []string) {
			patch(t, path, 16+56, []byte{0xde, 0xad, 0xbe, 0xef})
			patch(t, path, 4096+16+56, []byte{0xde, 0xad, 0xbe, 0xef})
		}, "both meta pages are damaged"},
		{"element offsets flipped in a data page", func(t *testing.T, path string, theses []string) {
			ps, id := leafPage(t, path, isID(theses))
			patch(t, path, int64(id*ps+16), bytes.Repeat([]byte{0xff}, 32))
		}, "points outside the page"},
		{"page header flipped in a data page", func(t *testing.T, path string, theses []string) {
			ps, id := leafPage(t, path, isID(theses))
			patch(t, path, int64(id*ps), []byte{0x5a, 0x5a, 0x5a})
		}, "header names page"},
		{"key bytes flipped in a data page", func(t *testing.T, path string, theses []string) {
			ps, id := leafPage(t, path, isID(theses))
			raw, _ := os.ReadFile(path)
			pos := binary.NativeEndian.Uint32(raw[id*ps+16+4:])
			patch(t, path, int64(id*ps+16)+int64(pos), []byte{0xff, 0xff})
		}, "consistency check"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path, backup, theses, c := journalWithBackup(t, 30)
			tc.damage(t, path, theses)
			sum, mtime := fileSum(t, path)
			prefix := fmt.Sprintf("journal %s is damaged (", path)
			suffix := "); newest good backup: " + backup
			for _, opts := range []boltdb.Options{{Now: c.Now}, {Now: c.Now, ReadOnly: true}} {
				start := time.Now()
				_, err := boltdb.Open(path, opts)
				wantCode(t, err, journal.EDAMAGED)
				msg := journal.ErrorMessage(err)
				if !strings.HasPrefix(msg, prefix) || !strings.HasSuffix(msg, suffix) || !strings.Contains(msg, tc.reason) {
					t.Fatalf("message %q\nwant %q…%q…%q", msg, prefix, tc.reason, suffix)
				}
				t.Log(msg)
				if d := time.Since(start); d > 5*time.Second {
					t.Fatalf("open took %v", d)
				}
			}
			// The day moved on, so a backup was due: it must not have been made.
			c.Set(day1.Add(72 * time.Hour))
			_, err := boltdb.Open(path, boltdb.Options{Now: c.Now})
			wantCode(t, err, journal.EDAMAGED)
			if backups, _ := boltdb.ListBackups(path); len(backups) != 1 {
				t.Fatalf("backups after opening a damaged journal: %v", backups)
			}
			wantCode(t, boltdb.Verify(path), journal.EDAMAGED)
			if s, m := fileSum(t, path); s != sum || !m.Equal(mtime) {
				t.Fatal("the damaged file was written to")
			}

			// Restore brings the backup back and keeps the damaged file aside.
			aside, err := boltdb.Restore(path, backup)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(aside, path+".damaged-") {
				t.Fatalf("moved aside to %q", aside)
			}
			if s, _ := fileSum(t, aside); s != sum {
				t.Fatal("the file moved aside is not the damaged journal")
			}
			if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
				t.Fatalf("restored journal: %v, %v", fi, err)
			}
			db := mustOpenAt(t, path, boltdb.Options{Now: c.Now, NoBackup: true})
			got, total, err := db.List(ctx, journal.Filter{Query: "손상"})
			if err != nil || total != len(theses) {
				t.Fatalf("after restore: %d theses, %v", total, err)
			}
			if !slices.Equal(slices.Sorted(slices.Values(ids(got))), slices.Sorted(slices.Values(theses))) {
				t.Fatal("restored journal holds other theses")
			}
			mustCreate(t, db, plainThesis("after restore", ""))
		})
	}
}

func TestDamagedRecordRefusesWrites(t *testing.T) {
	path, _, theses, c := journalWithBackup(t, 5)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Break the JSON of one thesis wherever its text sits in the file: the
	// page structure stays sound, so only reading the record finds it.
	n := bytes.Count(raw, []byte(`"MARK002`))
	if n == 0 {
		t.Fatal("record not found in the file")
	}
	raw = bytes.ReplaceAll(raw, []byte(`"MARK002`), []byte(`{MARK002`))
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	sum, _ := fileSum(t, path)
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now})
	if _, err := db.Get(ctx, theses[0]); err != nil {
		t.Fatalf("a sound thesis: %v", err)
	}
	_, err = db.Get(ctx, theses[2])
	wantCode(t, err, journal.EDAMAGED)
	if msg := journal.ErrorMessage(err); !strings.Contains(msg, path) || !strings.Contains(msg, theses[2]) || !strings.Contains(msg, "newest good backup") {
		t.Fatalf("message %q", msg)
	}
	_, _, err = db.List(ctx, journal.Filter{})
	wantCode(t, err, journal.EDAMAGED)
	wantCode(t, db.Create(ctx, plainThesis("not written", "")), journal.EDAMAGED)
	wantCode(t, db.SaveSettings(ctx, journal.Settings{BaseCurrency: "USD"}), journal.EDAMAGED)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if s, _ := fileSum(t, path); s != sum {
		t.Fatal("the damaged file was written to")
	}
}

func TestDamagedWithoutGoodBackup(t *testing.T) {
	path, backup, _, c := journalWithBackup(t, 3)
	// A second, newer backup that is itself damaged is passed over.
	c.Set(day1.Add(48 * time.Hour))
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now})
	newer, err := db.OpenBackup()
	if err != nil || newer == "" || newer == backup {
		t.Fatalf("second backup %q, %v", newer, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(newer, 4096); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	_, err = boltdb.Open(path, boltdb.Options{Now: c.Now})
	if want := fmt.Sprintf("journal %s is damaged (empty file); newest good backup: %s", path, backup); journal.ErrorMessage(err) != want {
		t.Fatalf("message %q\n   want %q", journal.ErrorMessage(err), want)
	}
	// Restoring from the damaged backup is refused and changes nothing.
	_, err = boltdb.Restore(path, newer)
	wantCode(t, err, journal.EDAMAGED)
	if fi, _ := os.Stat(path); fi.Size() != 0 {
		t.Fatal("a refused restore changed the journal")
	}
	if err := os.Remove(backup); err != nil {
		t.Fatal(err)
	}
	_, err = boltdb.Open(path, boltdb.Options{Now: c.Now})
	if want := fmt.Sprintf("journal %s is damaged (empty file); no good backup found", path); journal.ErrorMessage(err) != want {
		t.Fatalf("message %q\n   want %q", journal.ErrorMessage(err), want)
	}
}

func TestRestoreOntoMissingJournal(t *testing.T) {
	path, backup, theses, c := journalWithBackup(t, 2)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	aside, err := boltdb.Restore(path, backup)
	if err != nil || aside != "" {
		t.Fatalf("restore: %q, %v", aside, err)
	}
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now, NoBackup: true})
	if _, err := db.Get(ctx, theses[1]); err != nil {
		t.Fatal(err)
	}
	_, err = boltdb.Restore(path, path)
	wantCode(t, err, journal.EINVALID)
}
