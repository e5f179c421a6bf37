package boltdb_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// flipInRecord changes one byte of the stored record of thesis id, through
// bbolt, so that the file stays sound: the first "body" becomes "cody".
func flipInRecord(t *testing.T, path, id string) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("theses"))
		v := bytes.Clone(b.Get([]byte(id)))
		i := bytes.Index(v, []byte("body text"))
		if i < 0 {
			t.Fatalf("thesis %s: no body text in %s", id, v)
		}
		v[i] = 'c'
		return b.Put([]byte(id), v)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestFlippedByteInRecord(t *testing.T) {
	path, backup, theses, c := journalWithBackup(t, 5)
	flipInRecord(t, path, theses[2])
	sum, _ := fileSum(t, path)

	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now})
	got, err := db.Get(ctx, theses[2])
	if err == nil {
		t.Fatalf("the changed record was read as %q…", got.Body[:40])
	}
	wantCode(t, err, journal.EDAMAGED)
	msg := journal.ErrorMessage(err)
	if !strings.Contains(msg, path) || !strings.Contains(msg, "thesis "+theses[2]) || !strings.Contains(msg, "newest good backup: "+backup) {
		t.Fatalf("message %q", msg)
	}
	for _, id := range []string{theses[0], theses[4]} {
		if _, err := db.Get(ctx, id); err != nil {
			t.Fatalf("a sound thesis: %v", err)
		}
	}
	// The list holds every other thesis, with an error naming the damaged one.
	list, total, err := db.List(ctx, journal.Filter{})
	wantCode(t, err, journal.EDAMAGED)
	if msg := journal.ErrorMessage(err); !strings.Contains(msg, theses[2]) || !strings.Contains(msg, "newest good backup: "+backup) {
		t.Fatalf("list message %q", msg)
	}
	want := slices.DeleteFunc(slices.Clone(theses), func(id string) bool { return id == theses[2] })
	if !slices.Equal(slices.Sorted(slices.Values(ids(list))), slices.Sorted(slices.Values(want))) || total != 5 {
		t.Fatalf("list holds %v of %d, want %v of 5", ids(list), total, want)
	}
	// Nothing more is written to the file.
	wantCode(t, db.Create(ctx, plainThesis("not written", "")), journal.EDAMAGED)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if s, _ := fileSum(t, path); s != sum {
		t.Fatal("the damaged journal was written to")
	}
	// The backup holds the thesis as it was.
	ro := mustOpenAt(t, plainBackup(t, backup), boltdb.Options{ReadOnly: true})
	if th, err := ro.Get(ctx, theses[2]); err != nil || !strings.Contains(th.Body, "body text") {
		t.Fatalf("backup: %v", err)
	}
}
