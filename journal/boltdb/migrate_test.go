package boltdb_test

import (
	"crypto/sha256"
	"encoding/binary"
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

// v1Thesis is one thesis as layout 1 stored it.
type v1Thesis struct {
	id, created, status string
	tags                []string
	record              string
}

var v1Theses = []v1Thesis{
	{
		id: "181d8e5c1a2b3c00aabbccddee", created: "2025-01-27T09:00:00Z", status: "open", tags: []string{"ai", "us"},
		record: `{"v":1,"id":"181d8e5c1a2b3c00aabbccddee","title":"딥시크 쇼크는 과장됐다","body":"DeepSeek-R1 공개로 엔비디아가 17% 빠졌지만 AI 수요를 과소평가했다.","trigger":"엔비디아 급락","reasons":["학습 비용 절감은 수요를 늘린다"],"expectation":"3개월 안에 회복","invalidation":"빅테크 capex 축소","conviction":65,"tags":["ai","us"],"status":"open","created_at":"2025-01-27T09:00:00Z","review_by":"2025-04-27","loss_budget":{"amount":"2000000","currency":"KRW"},"positions":[{"symbol":"NVDA","side":"long","quantity":"10","entry_price":{"amount":"118.42","currency":"USD"},"entered_at":"2025-01-27T14:30:00Z","fx_to_base":"1450.5"}],"snapshots":[{"symbol":"NVDA","price":{"amount":"118.42","currency":"USD"},"at":"2025-01-27T14:30:00Z","source":"yahoo"}],"reviews":null,"revisions":null}`,
	},
	{
		id: "181d8e5c1a2b3c01aabbccddee", created: "2025-02-03T00:00:00Z", status: "wrong", tags: []string{"반도체"},
		record: `{"v":1,"id":"181d8e5c1a2b3c01aabbccddee","title":"메모리 바닥론","body":"재고가 줄고 있다.","trigger":"","reasons":null,"expectation":"","invalidation":"","conviction":40,"tags":["반도체"],"status":"wrong","created_at":"2025-02-03T00:00:00Z","updated_at":"2025-03-01T00:00:00Z","review_by":"2025-03-01","positions":null,"snapshots":[{"symbol":"005930.KS","price":{"amount":"53000","currency":"KRW"},"at":"2025-02-03T00:00:00Z","source":"manual"}],"reviews":[{"at":"2025-03-01T00:00:00Z","verdict":"wrong","note":"수요 회복이 늦다"}],"revisions":null}`,
	},
}

// writeV1 builds a journal file the way layout 1 wrote it.
func writeV1(t *testing.T, path string, theses []v1Thesis, version uint32) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := func(name string) *bolt.Bucket {
			bk, err := tx.CreateBucketIfNotExists([]byte(name))
			if err != nil {
				t.Fatal(err)
			}
			return bk
		}
		meta := b("meta")
		if err := meta.Put([]byte("schema_version"), binary.BigEndian.AppendUint32(nil, version)); err != nil {
			return err
		}
		if err := meta.Put([]byte("settings"), []byte(`{"v":1,"base_currency":"KRW","author":"이전 버전"}`)); err != nil {
			return err
		}
		for _, th := range theses {
			created, err := time.Parse(time.RFC3339, th.created)
			if err != nil {
				return err
			}
			ck := binary.BigEndian.AppendUint64(nil, uint64(created.UnixNano())^(1<<63))
			puts := []struct{ bucket, key, val string }{
				{"theses", th.id, th.record},
				{"by_created", string(ck) + th.id, ""},
				{"by_status", th.status + "\x00" + th.id, ""},
			}
			for _, tag := range th.tags {
				puts = append(puts, struct{ bucket, key, val string }{"by_tag", tag + "\x00" + th.id, ""})
			}
			for _, p := range puts {
				if err := b(p.bucket).Put([]byte(p.key), []byte(p.val)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func schemaVersionOf(t *testing.T, path string) uint32 {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	var v uint32
	_ = bdb.View(func(tx *bolt.Tx) error {
		v = binary.BigEndian.Uint32(tx.Bucket([]byte("meta")).Get([]byte("schema_version")))
		return nil
	})
	return v
}

// currentLayout is the layout version this Hindsight writes.
const currentLayout = 7

func TestMigrateV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	writeV1(t, path, v1Theses, 1)
	c := newClock(day1)
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now})

	// The journal was backed up in its old layout before the upgrade.
	backup, err := db.OpenBackup()
	if err != nil || backup == "" {
		t.Fatalf("no backup before migrating: %q, %v", backup, err)
	}
	if v := schemaVersionOf(t, plainBackup(t, backup)); v != 1 {
		t.Fatalf("backup layout %d, want 1", v)
	}

	older, newer := v1Theses[0].id, v1Theses[1].id
	date := func(s string) journal.Date { d, _ := journal.ParseDate(s); return d }
	tests := []struct {
		name string
		f    journal.Filter
		want []string
	}{
		{"all newest first", journal.Filter{}, []string{newer, older}},
		{"search korean", journal.Filter{Query: "딥시크"}, []string{older}},
		{"search english substring", journal.Filter{Query: "seek"}, []string{older}},
		{"search review note", journal.Filter{Query: "회복이"}, []string{newer}},
		{"search both", journal.Filter{Query: "수요"}, []string{newer, older}},
		{"symbol from position", journal.Filter{Symbol: "NVDA"}, []string{older}},
		{"symbol from snapshot", journal.Filter{Symbol: "005930.KS"}, []string{newer}},
		{"due open only", journal.Filter{DueBy: date("2025-12-31")}, []string{older}},
		{"old tag index", journal.Filter{Tag: "반도체"}, []string{newer}},
		{"old status index", journal.Filter{Status: journal.StatusWrong}, []string{newer}},
	}
	for _, tc := range tests {
		got, total, err := db.List(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		if total != len(tc.want) || !slices.Equal(ids(got), tc.want) {
			t.Errorf("%s: got %v (total %d), want %v", tc.name, ids(got), total, tc.want)
		}
	}
	th, err := db.Get(ctx, older)
	if err != nil {
		t.Fatal(err)
	}
	if th.Positions[0].Fills[0].FXToBase.String() != "1450.5" || th.LossBudget.String() != "2000000 KRW" || th.ReviewBy.String() != "2025-04-27" {
		t.Fatalf("thesis fields after migration: %+v", th)
	}
	if s, _ := db.Settings(ctx); s.Author != "이전 버전" {
		t.Fatalf("settings after migration: %+v", s)
	}
	tags, _ := db.Tags(ctx)
	if tags["ai"] != 1 || tags["us"] != 1 || tags["반도체"] != 1 || len(tags) != 3 {
		t.Fatalf("tags after migration: %v", tags)
	}
	// Writes work on the migrated file, and it stays at the new layout.
	mustCreate(t, db, plainThesis("새 글", "딥시크 이후"))
	if got, _, _ := db.List(ctx, journal.Filter{Query: "딥시크"}); len(got) != 2 {
		t.Fatalf("search after a new thesis: %v", ids(got))
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if v := schemaVersionOf(t, path); v != currentLayout {
		t.Fatalf("layout after migration %d, want %d", v, currentLayout)
	}
	db = mustOpenAt(t, path, boltdb.Options{Now: c.Now, NoBackup: true})
	if _, total, _ := db.List(ctx, journal.Filter{}); total != 3 {
		t.Fatalf("total after reopen %d", total)
	}
}

func TestMigrationIsOneTransaction(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	broken := v1Theses[1]
	broken.record = strings.Replace(broken.record, `"conviction":40`, `"conviction":"forty"`, 1)
	writeV1(t, path, []v1Thesis{v1Theses[0], broken}, 1)
	_, err := boltdb.Open(path, boltdb.Options{Now: newClock(day1).Now, NoBackup: true})
	if err == nil {
		t.Fatal("opened a journal whose migration cannot read a thesis")
	}
	if !strings.Contains(err.Error(), broken.id) {
		t.Fatalf("error %q does not name the thesis", err)
	}
	if v := schemaVersionOf(t, path); v != 1 {
		t.Fatalf("layout after a failed migration %d, want 1 (untouched)", v)
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	_ = bdb.View(func(tx *bolt.Tx) error {
		for _, name := range []string{"vocab", "postings", "docs", "pending"} {
			if tx.Bucket([]byte(name)) != nil {
				t.Errorf("bucket %s left behind by a failed migration", name)
			}
		}
		return nil
	})
}

func fileSum(t *testing.T, path string) ([32]byte, time.Time) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b), fi.ModTime()
}

func TestRefuseNewerOrForeignFiles(t *testing.T) {
	tests := []struct {
		name  string
		write func(t *testing.T, path string)
		code  string
		msg   string
	}{
		{"newer layout", func(t *testing.T, path string) { writeV1(t, path, v1Theses, 99) }, journal.EINVALID, "newer Hindsight"},
		{"foreign bbolt file", func(t *testing.T, path string) {
			bdb, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer bdb.Close()
			_ = bdb.Update(func(tx *bolt.Tx) error {
				b, _ := tx.CreateBucket([]byte("widgets"))
				return b.Put([]byte("a"), []byte("b"))
			})
		}, journal.EINVALID, "not a Hindsight journal"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "journal.db")
			tc.write(t, path)
			sum, mtime := fileSum(t, path)
			for _, ro := range []bool{false, true} {
				_, err := boltdb.Open(path, boltdb.Options{ReadOnly: ro, Now: newClock(day1).Now})
				wantCode(t, err, tc.code)
				if !strings.Contains(err.Error(), tc.msg) || !strings.Contains(err.Error(), path) {
					t.Fatalf("error %q should name %s and say %q", err, path, tc.msg)
				}
			}
			if s, m := fileSum(t, path); s != sum || !m.Equal(mtime) {
				t.Fatal("a refused file was written to")
			}
		})
	}
}
