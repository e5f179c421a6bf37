package boltdb_test

import (
	"encoding/binary"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// v2Doc is one thesis of a layout 2 journal with every index entry that
// layout 2 kept for it, search words included.
type v2Doc struct {
	id, created, status string
	tags, symbols       []string
	reviewBy            string // YYYYMMDD, "" for none
	words               []string
	record              string
}

var v2Docs = []v2Doc{
	{
		id: "181d8e5c1a2b3c10aabbccddee", created: "2025-01-27T09:00:00Z", status: "open",
		tags: []string{"ai"}, reviewBy: "20250427",
		words: []string{"ai", "deepseek", "r1", "딥시크", "쇼크", "수요"},
		record: `{"v":1,"id":"181d8e5c1a2b3c10aabbccddee","title":"딥시크 쇼크","body":"DeepSeek-R1 수요","trigger":"",` +
			`"reasons":null,"expectation":"","invalidation":"","conviction":65,"tags":["ai"],"status":"open",` +
			`"created_at":"2025-01-27T09:00:00Z","review_by":"2025-04-27","positions":null,"snapshots":null,"reviews":null,"revisions":null}`,
	},
	{
		id: "181d8e5c1a2b3c11aabbccddee", created: "2025-02-03T00:00:00Z", status: "wrong",
		tags: []string{"반도체"}, symbols: []string{"005930.KS"},
		words: []string{"005930", "ks", "늦다", "메모리", "바닥", "반도체", "수요", "회복", "회복이"},
		record: `{"v":1,"id":"181d8e5c1a2b3c11aabbccddee","title":"메모리 바닥","body":"수요 회복","trigger":"",` +
			`"reasons":null,"expectation":"","invalidation":"","conviction":40,"tags":["반도체"],"status":"wrong",` +
			`"created_at":"2025-02-03T00:00:00Z","positions":null,` +
			`"snapshots":[{"symbol":"005930.KS","price":{"amount":"53000","currency":"KRW"},"at":"2025-02-03T00:00:00Z","source":"manual"}],` +
			`"reviews":[{"at":"2025-03-01T00:00:00Z","verdict":"wrong","note":"회복이 늦다"}],"revisions":null}`,
	},
}

// writeV2 builds a journal file the way layout 2 wrote it: document numbers
// from 1, every index complete, no pending bucket.
func writeV2(t *testing.T, path string) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	u32 := func(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
	err = bdb.Update(func(tx *bolt.Tx) error {
		bk := map[string]*bolt.Bucket{}
		for _, name := range []string{"meta", "theses", "doc_of", "docs", "by_created", "by_status", "by_tag",
			"by_symbol", "by_review", "vocab", "postings"} {
			b, err := tx.CreateBucket([]byte(name))
			if err != nil {
				return err
			}
			bk[name] = b
		}
		type put struct{ bucket, key, val string }
		puts := []put{
			{"meta", "schema_version", string(u32(2))},
			{"meta", "settings", `{"v":1,"base_currency":"KRW","author":"이전 버전"}`},
			{"meta", "thesis_count", string(binary.BigEndian.AppendUint64(nil, uint64(len(v2Docs))))},
		}
		vocab := map[string]uint32{}
		for i, d := range v2Docs {
			created, err := time.Parse(time.RFC3339, d.created)
			if err != nil {
				return err
			}
			doc := string(u32(uint32(i + 1)))
			ck := string(binary.BigEndian.AppendUint64(nil, uint64(created.UnixNano())^(1<<63))) + d.id
			puts = append(puts,
				put{"theses", d.id, d.record},
				put{"doc_of", d.id, doc},
				put{"docs", doc, ck},
				put{"by_created", ck, doc},
				put{"by_status", d.status + "\x00" + d.id, doc},
			)
			for _, tag := range d.tags {
				puts = append(puts, put{"by_tag", tag + "\x00" + d.id, doc})
			}
			for _, s := range d.symbols {
				puts = append(puts, put{"by_symbol", s + "\x00" + d.id, doc})
			}
			if d.reviewBy != "" {
				puts = append(puts, put{"by_review", d.reviewBy + d.id, doc})
			}
			for _, w := range d.words {
				puts = append(puts, put{"postings", w + "\x00" + doc, ""})
				vocab[w]++
			}
		}
		for w, n := range vocab {
			puts = append(puts, put{"vocab", w, string(u32(n))})
		}
		for _, p := range puts {
			if err := bk[p.bucket].Put([]byte(p.key), []byte(p.val)); err != nil {
				return err
			}
		}
		return bk["docs"].SetSequence(uint64(len(v2Docs)))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// rawBuckets returns the keys and values of the named buckets of the closed
// journal at path, and whether each bucket exists.
func rawBuckets(t *testing.T, path string, names ...string) (map[string]map[string]string, map[string]bool) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	out, exists := map[string]map[string]string{}, map[string]bool{}
	_ = bdb.View(func(tx *bolt.Tx) error {
		for _, name := range names {
			m := map[string]string{}
			if b := tx.Bucket([]byte(name)); b != nil {
				exists[name] = true
				_ = b.ForEach(func(k, v []byte) error { m[string(k)] = string(v); return nil })
			}
			out[name] = m
		}
		return nil
	})
	return out, exists
}

func TestMigrateV2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	writeV2(t, path)
	a, b := v2Docs[0].id, v2Docs[1].id
	searches := []struct {
		query string
		want  []string
	}{
		{"딥시크", []string{a}},
		{"seek", []string{a}},
		{"수요", []string{b, a}},
		{"회복이", []string{b}},
		{"ks 늦", []string{b}},
		{"쇼크 반도체", nil},
	}
	checkSearches := func(t *testing.T, db *boltdb.DB) {
		t.Helper()
		for _, tc := range searches {
			got, total, err := db.List(ctx, journal.Filter{Query: tc.query})
			if err != nil {
				t.Fatal(err)
			}
			if total != len(tc.want) || !slices.Equal(ids(got), tc.want) {
				t.Errorf("%q: got %v (total %d), want %v", tc.query, ids(got), total, tc.want)
			}
		}
	}

	// Read-only opens read layout 2 as it is and leave the file alone.
	t.Run("read-only", func(t *testing.T) {
		sum, mtime := fileSum(t, path)
		ro := mustOpenAt(t, path, boltdb.Options{ReadOnly: true})
		checkSearches(t, ro)
		if _, total, _ := ro.List(ctx, journal.Filter{Symbol: "005930.KS"}); total != 1 {
			t.Errorf("symbol filter found %d", total)
		}
		if err := ro.Close(); err != nil {
			t.Fatal(err)
		}
		if s, m := fileSum(t, path); s != sum || !m.Equal(mtime) || schemaVersionOf(t, path) != 2 {
			t.Fatal("a read-only open wrote to the file")
		}
	})

	c := newClock(day1)
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now})
	backup, err := db.OpenBackup()
	if err != nil || backup == "" {
		t.Fatalf("no backup before migrating: %q, %v", backup, err)
	}
	if v := schemaVersionOf(t, plainBackup(t, backup)); v != 2 {
		t.Fatalf("backup layout %d, want 2", v)
	}
	checkSearches(t, db)

	// Writes after the upgrade: a new thesis, an edit that drops a word
	// that layout 2 indexed, a delete; each is searched for at once.
	n := mustCreate(t, db, plainThesis("새 글", "딥시크 이후"))
	edit, err := db.Get(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	edit.Title = "쇼크 이후"
	if err := db.Update(ctx, edit); err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(ctx, b); err != nil {
		t.Fatal(err)
	}
	searches = []struct {
		query string
		want  []string
	}{
		{"딥시크", []string{n.ID}},
		{"이후", []string{n.ID, a}},
		{"수요", []string{a}},
		{"회복", nil},
		{"seek", []string{a}},
	}
	checkSearches(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if v := schemaVersionOf(t, path); v != currentLayout {
		t.Fatalf("layout after migration %d, want %d", v, currentLayout)
	}
	after, exists := rawBuckets(t, path, "pending", "postings")
	if !exists["pending"] || len(after["pending"]) != 0 {
		t.Fatalf("pending bucket after close: exists %v, %d entries", exists["pending"], len(after["pending"]))
	}
	// Close indexed the words: b's postings are gone, the new thesis's are there.
	var docB, docN string
	for k := range after["postings"] {
		switch w, doc, _ := strings.Cut(k, "\x00"); w {
		case "회복이":
			docB = doc
		case "새":
			docN = doc
		}
	}
	if docB != "" || docN == "" {
		t.Fatalf("postings after close: deleted thesis's words present %v, new thesis's present %v", docB != "", docN != "")
	}
	ro := mustOpenAt(t, path, boltdb.Options{ReadOnly: true})
	checkSearches(t, ro)
}

// TestMigrateV2KeepsSearchIndex checks that the upgrade adds the pending
// bucket and leaves every other bucket byte for byte as layout 2 wrote it,
// but for the checksums layout 4 puts around the thesis records and the
// blocks layout 5 groups the same postings into.
func TestMigrateV2KeepsSearchIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	writeV2(t, path)
	names := []string{"meta", "theses", "doc_of", "docs", "by_created", "by_status", "by_tag", "by_symbol", "by_review", "vocab", "postings"}
	before, _ := rawBuckets(t, path, names...)
	db := mustOpenAt(t, path, boltdb.Options{Now: newClock(day1).Now, NoBackup: true})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	after, exists := rawBuckets(t, path, append(names, "pending")...)
	if !exists["pending"] || len(after["pending"]) != 0 {
		t.Fatalf("pending bucket: exists %v, %d entries", exists["pending"], len(after["pending"]))
	}
	before["meta"]["schema_version"] = string(binary.BigEndian.AppendUint32(nil, currentLayout))
	// Layout 4 puts each record in its checksummed envelope, layout 6 writes
	// it again in the current record version (fills, version 2 and later):
	// the same ids, each in an envelope of a current record.
	if !slices.Equal(slices.Sorted(maps.Keys(after["theses"])), slices.Sorted(maps.Keys(before["theses"]))) {
		t.Errorf("theses after the upgrade: %v", slices.Sorted(maps.Keys(after["theses"])))
	}
	for id, rec := range after["theses"] {
		inner, ok := strings.CutPrefix(rec[len(`{"v":1,"crc32c":"00000000",`):], `"thesis":`)
		if !ok || rec != sealed(strings.TrimSuffix(inner, "}")) || !strings.HasPrefix(inner, `{"v":3,`) {
			t.Errorf("thesis %s stored as %s", id, rec)
		}
	}
	delete(before, "theses")
	delete(after, "theses")
	if len(after["postings"]) >= len(before["postings"]) {
		t.Errorf("postings: %d keys after the upgrade, %d before; want them grouped", len(after["postings"]), len(before["postings"]))
	}
	before["postings"], after["postings"] = postingPairs(t, before["postings"]), postingPairs(t, after["postings"])
	for _, name := range names {
		if name != "theses" && !maps.Equal(before[name], after[name]) {
			t.Errorf("bucket %s changed in the upgrade", name)
		}
	}
}

func TestReadOnlyRefusesLayout1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	writeV1(t, path, v1Theses, 1)
	sum, mtime := fileSum(t, path)
	_, err := boltdb.Open(path, boltdb.Options{ReadOnly: true})
	wantCode(t, err, journal.EINVALID)
	if !strings.Contains(err.Error(), "older layout") {
		t.Fatalf("error %q", err)
	}
	if s, m := fileSum(t, path); s != sum || !m.Equal(mtime) {
		t.Fatal("a refused file was written to")
	}
}

// postingPairs returns the raw postings blocks of a journal as one
// "<word> 0x00 <doc>" entry per document, checking that each block is well
// formed: a 4-byte first document after the word, then uvarint gaps above 0.
func postingPairs(t *testing.T, raw map[string]string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k, v := range raw {
		if len(k) < 5 || k[len(k)-5] != 0 {
			t.Fatalf("postings key %q", k)
		}
		word := k[:len(k)-5]
		doc := uint64(binary.BigEndian.Uint32([]byte(k[len(k)-4:])))
		add := func() { out[word+"\x00"+string(binary.BigEndian.AppendUint32(nil, uint32(doc)))] = "" }
		add()
		for b := []byte(v); len(b) > 0; {
			d, n := binary.Uvarint(b)
			if n <= 0 || d == 0 {
				t.Fatalf("postings block %q: %x", k, v)
			}
			doc += d
			b = b[n:]
			add()
		}
	}
	return out
}
