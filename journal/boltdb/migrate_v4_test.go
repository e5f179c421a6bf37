package boltdb_test

import (
	"encoding/binary"
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// v4Queries are searched before and after the upgrade: whole words, prefixes
// and pieces of words, Korean and English, common and rare, and a word in no
// thesis.
var v4Queries = []string{
	"수요", "반도체", "딥시크", "딥", "회복", "시크", "메모리 수요", "공통", "공통어",
	"nvidia", "NVID", "vid", "capex", "hbm", "005930", "ks", "rare", "rare 수요", "없는말",
}

// writeV4 builds a layout 4 journal of n theses: one written by this version,
// with its postings written out again as layout 4 kept them, one key per
// word and document, and the layout set back. Some words are in every
// thesis, so that their postings fill several blocks.
func writeV4(t *testing.T, path string, n int) {
	t.Helper()
	db := mustOpenAt(t, path, boltdb.Options{Now: newClock(day1).Now, NoBackup: true})
	var ts []*journal.Thesis
	for i := range n {
		body := fmt.Sprintf("공통어 메모리 수요 회복 %d번째", i)
		switch {
		case i%3 == 0:
			body += " 딥시크가 반도체 수요를 줄인다"
		case i%7 == 0:
			body += " Nvidia capex guidance raised"
		case i%50 == 0:
			body += fmt.Sprintf(" rare%d", i)
		}
		th := plainThesis(fmt.Sprintf("v4 thesis %d", i), body, "반도체")
		th.CreatedAt = day1.Add(time.Duration(i) * time.Minute)
		ts = append(ts, th)
	}
	if _, err := db.Import(ctx, ts, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	raw, _ := rawBuckets(t, path, "postings")
	pairs := postingPairs(t, raw["postings"])
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket([]byte("postings")); err != nil {
			return err
		}
		bk, err := tx.CreateBucket([]byte("postings"))
		if err != nil {
			return err
		}
		for k := range pairs {
			if err := bk.Put([]byte(k), nil); err != nil {
				return err
			}
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), binary.BigEndian.AppendUint32(nil, 4))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// searchAll returns, for every query of v4Queries, the ids of every thesis
// it finds and their number.
func searchAll(t *testing.T, db *boltdb.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, q := range v4Queries {
		ts, total, err := db.List(ctx, journal.Filter{Query: q})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		ids := make([]string, len(ts))
		for i, th := range ts {
			ids[i] = th.ID
		}
		out[q] = fmt.Sprintf("%d: %s", total, strings.Join(ids, " "))
	}
	return out
}

func TestMigrateV4GroupsPostings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	writeV4(t, path, 400)
	before, _ := rawBuckets(t, path, "postings", "vocab", "theses")

	// A read-only open searches the layout 4 postings as they are.
	sum, _ := fileSum(t, path)
	ro := mustOpenAt(t, path, boltdb.Options{ReadOnly: true})
	want := searchAll(t, ro)
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
	if s, _ := fileSum(t, path); s != sum {
		t.Fatal("a read-only open changed the file")
	}
	if !strings.HasPrefix(want["공통어"], "400: ") || !strings.HasPrefix(want["rare"], "4: ") || !strings.HasPrefix(want["없는말"], "0: ") {
		t.Fatalf("searches of the layout 4 file: 공통어 %.4s, rare %.4s, 없는말 %.4s", want["공통어"], want["rare"], want["없는말"])
	}

	db := mustOpenAt(t, path, boltdb.Options{Now: newClock(day1.Add(24 * time.Hour)).Now})
	if b, err := db.OpenBackup(); err != nil || b == "" {
		t.Fatalf("no backup before upgrading: %q %v", b, err)
	}
	if got := searchAll(t, db); !maps.Equal(got, want) {
		t.Fatalf("searches after the upgrade: %s", searchDiff(got, want))
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if v := schemaVersionOf(t, path); v != currentLayout {
		t.Fatalf("layout %d after the upgrade", v)
	}
	after, _ := rawBuckets(t, path, "postings", "vocab", "theses")
	for _, name := range []string{"vocab", "theses"} {
		if !maps.Equal(before[name], after[name]) {
			t.Errorf("bucket %s changed in the upgrade", name)
		}
	}
	// The same postings, grouped: a word in every thesis takes ceil(400/128)
	// blocks, not 400 keys.
	if got := postingPairs(t, after["postings"]); !maps.Equal(got, before["postings"]) {
		t.Fatalf("postings changed in the upgrade: %d documents of words, want %d", len(got), len(before["postings"]))
	}
	blocks := 0
	for k, v := range after["postings"] {
		if strings.HasPrefix(k, "공통어\x00") {
			blocks++
			if len(v) != 127 && len(v) != 400-3*128-1 {
				t.Errorf("block %q holds %d bytes of gaps", k, len(v))
			}
		}
	}
	if blocks != 4 || len(after["postings"])*4 > len(before["postings"]) {
		t.Fatalf("%d blocks for a word in every thesis; %d postings keys for %d documents of words", blocks, len(after["postings"]), len(before["postings"]))
	}

	ro = mustOpenAt(t, path, boltdb.Options{ReadOnly: true})
	if got := searchAll(t, ro); !maps.Equal(got, want) {
		t.Fatalf("searches after reopening: %s", searchDiff(got, want))
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
}

// A layout 4 posting that does not decode stops the upgrade, which is one
// transaction: the file stays as it was, layout 4 postings and all, and
// still searches as before.
func TestMigrateV4RefusesBrokenPosting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	writeV4(t, path, 150)
	ro := mustOpenAt(t, path, boltdb.Options{ReadOnly: true})
	want := searchAll(t, ro)
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	// The last key of all, so every other word has been read when it is.
	err = bdb.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("postings")).Put([]byte("힣힣\x01\x00\x00\x00\x07"), nil)
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	before, _ := rawBuckets(t, path, "postings")
	sum, _ := fileSum(t, path)
	_, err = boltdb.Open(path, boltdb.Options{Now: newClock(day1).Now, NoBackup: true})
	wantCode(t, err, journal.EDAMAGED)
	if msg := journal.ErrorMessage(err); !strings.Contains(msg, path) || !strings.Contains(msg, "posting") {
		t.Fatalf("message %q", msg)
	}
	if s, _ := fileSum(t, path); s != sum {
		t.Fatal("the refused upgrade changed the file")
	}
	if v := schemaVersionOf(t, path); v != 4 {
		t.Fatalf("layout %d", v)
	}
	if after, _ := rawBuckets(t, path, "postings"); !maps.Equal(after["postings"], before["postings"]) {
		t.Fatal("postings changed")
	}
	ro = mustOpenAt(t, path, boltdb.Options{ReadOnly: true})
	defer ro.Close()
	if got := searchAll(t, ro); !maps.Equal(got, want) {
		t.Fatalf("searches after the refused upgrade: %s", searchDiff(got, want))
	}
}

// searchDiff names the queries whose results differ, with their counts.
func searchDiff(got, want map[string]string) string {
	var out []string
	for _, q := range v4Queries {
		if got[q] != want[q] {
			g, _, _ := strings.Cut(got[q], ":")
			w, _, _ := strings.Cut(want[q], ":")
			out = append(out, fmt.Sprintf("%q found %s, want %s", q, g, w))
		}
	}
	return strings.Join(out, "; ")
}
