package boltdb_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// legacyFillID is the id a migrated entry ("entry") or exit ("exit") of the
// i-th position of a thesis gets: the first 8 bytes of the SHA-256 of
// "<thesis id>/<i>/<what>", in hex (journal.LegacyPosition.Position).
func legacyFillID(thesis string, i int, what string) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s/%d/%s", thesis, i, what))
	return hex.EncodeToString(sum[:8])
}

// copyTestdata copies a file of testdata into a new temporary directory.
func copyTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "journal.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestMigrateLayout5File opens a journal the previous release wrote (see
// testdata/README.md) and checks that each entry and exit became a fill.
func TestMigrateLayout5File(t *testing.T) {
	path := copyTestdata(t, "layout5.db")
	if v := schemaVersionOf(t, path); v != 5 {
		t.Fatalf("testdata layout %d, want 5", v)
	}
	// A read-only open reads the layout 5 file as it is, converting as it reads.
	ro := mustOpenAt(t, path, boltdb.Options{ReadOnly: true})
	roAll, _, err := ro.List(ctx, journal.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}

	db := mustOpenAt(t, path, boltdb.Options{Now: newClock(day1).Now, NoBackup: true})
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	d := decimal.RequireFromString
	one := d("1")
	var none decimal.Decimal
	fill := func(thesis string, i int, what string, action journal.Action, qty, price, cur, when string, fx decimal.Decimal) journal.Fill {
		return journal.Fill{
			ID: legacyFillID(thesis, i, what), At: at(when), Action: action, Quantity: d(qty),
			Price: journal.MustMoney(price, cur), FXToBase: fx, Source: journal.FillMigrated,
		}
	}
	tests := []struct {
		id   string
		want []journal.Position
	}{
		// Long with an exit in the base currency (KRW): the exit's rate is 1.
		// Long in USD without an exit: one buy at the entry's rate.
		{"t1-long-exit", []journal.Position{
			{Symbol: "005930.KS", Side: journal.SideLong, Fills: []journal.Fill{
				fill("t1-long-exit", 0, "entry", journal.ActionBuy, "10", "70000", "KRW", "2024-03-04T01:00:00Z", one),
				fill("t1-long-exit", 0, "exit", journal.ActionSell, "10", "82000", "KRW", "2024-09-02T06:30:00Z", one),
			}},
			{Symbol: "NVDA", Side: journal.SideLong, Fills: []journal.Fill{
				fill("t1-long-exit", 1, "entry", journal.ActionBuy, "5", "120.5", "USD", "2024-03-05T15:00:00Z", d("1350.25")),
			}},
		}},
		// Short: opens with a sell, covered with a buy whose USD rate was never recorded.
		{"t2-short", []journal.Position{
			{Symbol: "TSLA", Side: journal.SideShort, Fills: []journal.Fill{
				fill("t2-short", 0, "entry", journal.ActionSell, "3", "250", "USD", "2024-04-02T14:30:00Z", d("1320.5")),
				fill("t2-short", 0, "exit", journal.ActionBuy, "3", "180.25", "USD", "2024-06-03T19:45:00Z", none),
			}},
		}},
		// Watch: its reference price becomes one buy (the old release set the KRW rate to 1).
		{"t3-watch", []journal.Position{
			{Symbol: "000660.KS", Side: journal.SideWatch, Fills: []journal.Fill{
				fill("t3-watch", 0, "entry", journal.ActionBuy, "1", "180000", "KRW", "2024-05-10T02:05:00Z", one),
			}},
		}},
		{"t4-no-positions", nil},
	}
	for _, tc := range tests {
		got, err := db.Get(ctx, tc.id)
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		if g, w := mustJSON(t, got.Positions), mustJSON(t, tc.want); g != w {
			t.Errorf("%s positions:\n got %s\nwant %s", tc.id, g, w)
		}
		if tc.want == nil && got.Positions != nil {
			t.Errorf("%s: positions %#v, want nil", tc.id, got.Positions)
		}
	}
	t2, _ := db.Get(ctx, "t2-short")
	if len(t2.Revisions) != 1 || t2.Revisions[0].Conviction != 55 || t2.Revisions[0].Ledger != nil || t2.Conviction != 60 {
		t.Errorf("t2-short revisions %+v, conviction %d", t2.Revisions, t2.Conviction)
	}
	if s, _ := db.Settings(ctx); s.BaseCurrency != "KRW" || s.Author != "김투자" || s.CostMethod != "" {
		t.Errorf("settings %+v", s)
	}
	all, total, err := db.List(ctx, journal.Filter{})
	if err != nil || total != 4 {
		t.Fatalf("list: %d theses, %v", total, err)
	}
	if mustJSON(t, all) != mustJSON(t, roAll) {
		t.Errorf("the read-only open of layout 5 read other theses than the migrated journal holds")
	}
	searches := []struct {
		f    journal.Filter
		want []string
	}{
		{journal.Filter{Query: "메모리"}, []string{"t1-long-exit"}},
		{journal.Filter{Query: "반도체"}, []string{"t3-watch", "t1-long-exit"}},
		{journal.Filter{Query: "margin"}, []string{"t2-short"}},
		{journal.Filter{Symbol: "TSLA"}, []string{"t2-short"}},
		{journal.Filter{Symbol: "NVDA"}, []string{"t1-long-exit"}},
		{journal.Filter{Tag: "반도체"}, []string{"t3-watch", "t1-long-exit"}},
		{journal.Filter{Status: journal.StatusPlayedOut}, []string{"t1-long-exit"}},
	}
	for _, s := range searches {
		got, _, err := db.List(ctx, s.f)
		if err != nil || !slices.Equal(ids(got), s.want) {
			t.Errorf("%+v: %v (%v), want %v", s.f, ids(got), err, s.want)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if v := schemaVersionOf(t, path); v != currentLayout {
		t.Fatalf("layout %d after opening, want %d", v, currentLayout)
	}

	// A second open finds nothing to migrate and changes no record.
	names := []string{"meta", "theses", "corporate_actions", "inbox", "trade_refs", "trade_presets"}
	before, exists := rawBuckets(t, path, names...)
	for _, n := range names {
		if !exists[n] {
			t.Errorf("bucket %s missing after the upgrade", n)
		}
	}
	db = mustOpenAt(t, path, boltdb.Options{Now: newClock(day1.Add(time.Hour)).Now, NoBackup: true})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	after, _ := rawBuckets(t, path, names...)
	for _, n := range names {
		if !maps.Equal(before[n], after[n]) {
			t.Errorf("bucket %s changed on the second open", n)
		}
	}
}
