package boltdb_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// sealed returns a bare thesis record as layout 4 stores it: in an envelope
// with the CRC-32C (Castagnoli) checksum of its bytes.
func sealed(rec string) string {
	sum := crc32.Checksum([]byte(rec), crc32.MakeTable(crc32.Castagnoli))
	return fmt.Sprintf(`{"v":1,"crc32c":"%08x","thesis":%s}`, sum, rec)
}

// writeV3 builds a layout 3 journal of n theses: one written by this
// version, with its records taken out of their envelopes and the layout
// set back. It returns the ids and the bare records.
func writeV3(t *testing.T, path string, n int) (ids []string, bare map[string]string) {
	t.Helper()
	db := mustOpenAt(t, path, boltdb.Options{Now: newClock(day1).Now, NoBackup: true})
	for i := range n {
		ids = append(ids, mustCreate(t, db, sampleThesis(fmt.Sprintf("v3 thesis %d 체크섬", i))).ID)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	bare = map[string]string{}
	err = bdb.Update(func(tx *bolt.Tx) error {
		theses := tx.Bucket([]byte("theses"))
		for _, id := range ids {
			var env struct {
				Thesis json.RawMessage `json:"thesis"`
			}
			if err := json.Unmarshal(theses.Get([]byte(id)), &env); err != nil || env.Thesis == nil {
				t.Fatalf("thesis %s is not in an envelope: %v", id, err)
			}
			bare[id] = string(env.Thesis)
			if err := theses.Put([]byte(id), bytes.Clone(env.Thesis)); err != nil {
				return err
			}
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), binary.BigEndian.AppendUint32(nil, 3))
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids, bare
}

func TestMigrateV3SealsRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	ids, bare := writeV3(t, path, 4)

	// A read-only open reads the bare records and writes nothing.
	sum, _ := fileSum(t, path)
	ro := mustOpenAt(t, path, boltdb.Options{ReadOnly: true})
	before, _, err := ro.List(ctx, journal.Filter{})
	if err != nil || len(before) != 4 {
		t.Fatalf("read-only layout 3: %d theses, %v", len(before), err)
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
	if s, _ := fileSum(t, path); s != sum {
		t.Fatal("a read-only open changed the file")
	}

	c := newClock(day1.Add(24 * time.Hour))
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now})
	if b, err := db.OpenBackup(); err != nil || b == "" {
		t.Fatalf("no backup before upgrading: %q %v", b, err)
	}
	after, _, err := db.List(ctx, journal.Filter{})
	if err != nil || mustJSON(t, after) != mustJSON(t, before) {
		t.Fatalf("theses changed in the upgrade (%v)", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if v := schemaVersionOf(t, path); v != currentLayout {
		t.Fatalf("layout %d after the upgrade", v)
	}
	raw, _ := rawBuckets(t, path, "theses")
	for _, id := range ids {
		if raw["theses"][id] != sealed(bare[id]) {
			t.Fatalf("thesis %s stored as %s\nwant %s", id, raw["theses"][id], sealed(bare[id]))
		}
	}
}

// A layout 3 record that does not decode stops the upgrade: it is not sealed
// with a checksum that would make it look sound.
func TestMigrateV3RefusesBrokenRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	ids, bare := writeV3(t, path, 3)
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("theses")).Put([]byte(ids[1]), []byte(strings.Replace(bare[ids[1]], `"title"`, `{title"`, 1)))
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	sum, _ := fileSum(t, path)
	_, err = boltdb.Open(path, boltdb.Options{Now: newClock(day1).Now, NoBackup: true})
	wantCode(t, err, journal.EDAMAGED)
	if msg := journal.ErrorMessage(err); !strings.Contains(msg, path) || !strings.Contains(msg, ids[1]) {
		t.Fatalf("message %q", msg)
	}
	if s, _ := fileSum(t, path); s != sum {
		t.Fatal("the refused upgrade changed the file")
	}
	if v := schemaVersionOf(t, path); v != 3 {
		t.Fatalf("layout %d", v)
	}
}
