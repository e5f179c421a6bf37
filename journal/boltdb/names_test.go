package boltdb_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"hindsight/journal"
)

// TestSnapshotNames stores the instrument's name with a snapshot and reads it back, from
// the journal and through the interchange file; a snapshot without one keeps none.
func TestSnapshotNames(t *testing.T) {
	db, _ := mustOpen(t)
	th := sampleThesis("이름이 있는 스냅샷")
	th.Snapshots = append(th.Snapshots, journal.Snapshot{
		Symbol: "005930.KS", Price: journal.MustMoney("70200", "KRW"), At: day1.Add(time.Hour), Source: journal.SourceYahoo, Name: "삼성전자",
	})
	mustCreate(t, db, th)
	got, err := db.Get(context.Background(), th.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Snapshots[0].Name != "" || got.Snapshots[1].Name != "삼성전자" {
		t.Errorf("stored names %q, %q", got.Snapshots[0].Name, got.Snapshots[1].Name)
	}
	var buf bytes.Buffer
	if err := journal.EncodeInterchange(&buf, journal.Settings{BaseCurrency: "KRW"}, []*journal.Thesis{got}, day1); err != nil {
		t.Fatal(err)
	}
	doc, err := journal.DecodeInterchange(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if s := doc.Theses[0].Snapshots; s[0].Name != "" || s[1].Name != "삼성전자" {
		t.Errorf("names through the interchange file %q, %q", s[0].Name, s[1].Name)
	}
	if bytes.Contains(buf.Bytes(), []byte(`"name": ""`)) {
		t.Error("an unnamed snapshot writes an empty name")
	}
}
