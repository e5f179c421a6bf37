package boltdb_test

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// TestMigrateLayout6AddsAlerts opens the layout 5 file of the previous release (the
// migration runs 6 then 7): the alerts bucket exists and nothing fired yet; a check's
// alerts and state are stored and read back; dismissing and snoozing are kept.
func TestMigrateLayout6AddsAlerts(t *testing.T) {
	path := copyTestdata(t, "layout5.db")
	db := mustOpenAt(t, path, boltdb.Options{NoBackup: true})
	got, err := db.Alerts(ctx)
	if err != nil || len(got) != 0 {
		t.Fatalf("alerts of a migrated journal: %v %v", got, err)
	}
	st, err := db.AlertState(ctx)
	if err != nil || len(st.Theses) != 0 {
		t.Fatalf("alert state of a migrated journal: %+v %v", st, err)
	}
	at := time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC)
	fired := []journal.Alert{
		{ID: "t1:budget:0.8:2026-12-01", ThesisID: "t1", Title: "딥시크", Kind: journal.AlertLossBudget, Key: "budget:0.8", At: at,
			Quote: "NVDA closes below USD 90", Threshold: decimal.RequireFromString("0.8"), LossUsed: decimal.RequireFromString("0.83"),
			Loss: journal.MustMoney("2490000", "KRW"), Budget: journal.MustMoney("3000000", "KRW")},
		{ID: "t1:level:NVDA:below:90:2026-12-01", ThesisID: "t1", Kind: journal.AlertLevel, Key: "level:NVDA:below:90", At: at.Add(time.Minute),
			Symbol: "NVDA", When: journal.LevelBelow, Close: true, Price: journal.MustMoney("88.2", "USD"),
			Level: journal.MustMoney("90", "USD"), PriceAt: at.Add(-10 * time.Hour)},
		{ID: "t2:review:2026-12-01", ThesisID: "t2", Kind: journal.AlertReviewOverdue, Key: "review", At: at,
			Due: journal.Date{Year: 2026, Month: 11, Day: 28}, DaysOverdue: 3},
	}
	state := journal.AlertState{Version: journal.AlertStateVersion, Theses: map[string]map[string]journal.RuleState{
		"t1": {"budget:0.8": {Held: true}, "level:NVDA:below:90": {Held: true}},
		"t2": {"review": {Fired: journal.Date{Year: 2026, Month: 12, Day: 1}}},
	}}
	if err := db.RecordAlerts(ctx, fired, state); err != nil {
		t.Fatal(err)
	}
	// The same alerts again (a second check the same day) add nothing.
	if err := db.RecordAlerts(ctx, fired[:1], state); err != nil {
		t.Fatal(err)
	}
	if err := db.SetAlertStatus(ctx, fired[0].ID, true, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetAlertStatus(ctx, fired[2].ID, false, at.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.SetAlertStatus(ctx, "nope", true, time.Time{}); journal.ErrorCode(err) != journal.ENOTFOUND {
		t.Errorf("an unknown alert: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if v := schemaVersionOf(t, path); v != currentLayout {
		t.Fatalf("layout %d after opening, want %d", v, currentLayout)
	}
	db = mustOpenAt(t, path, boltdb.Options{NoBackup: true})
	got, err = db.Alerts(ctx)
	if err != nil || len(got) != 3 {
		t.Fatalf("alerts: %d %v", len(got), err)
	}
	// Newest first: the level (a minute later), then the other two by id.
	if got[0].ID != fired[1].ID || !reflect.DeepEqual(got[0].Alert, fired[1]) {
		t.Errorf("level alert read back as %+v", got[0])
	}
	if got[1].ID != fired[0].ID || !got[1].Dismissed || !reflect.DeepEqual(got[1].Alert, fired[0]) {
		t.Errorf("budget alert read back as %+v", got[1])
	}
	if got[2].ID != fired[2].ID || got[2].Dismissed || !got[2].SnoozedUntil.Equal(at.Add(24*time.Hour)) || got[2].Active(at) || !got[2].Active(at.Add(25*time.Hour)) {
		t.Errorf("review alert read back as %+v", got[2])
	}
	st, err = db.AlertState(ctx)
	if err != nil || !reflect.DeepEqual(st, state) {
		t.Errorf("state read back as %+v (%v), want %+v", st, err, state)
	}
}

// TestDecisionFieldsRoundTrip stores a thesis with every field of record version 3
// and reads it back unchanged, with its settings' alert thresholds.
func TestDecisionFieldsRoundTrip(t *testing.T) {
	db := mustOpenAt(t, filepath.Join(t.TempDir(), "j.db"), boltdb.Options{NoBackup: true})
	s := journal.Settings{BaseCurrency: "KRW", AlertThresholds: []decimal.Decimal{decimal.RequireFromString("0.25"), decimal.RequireFromString("1")}}
	if err := db.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	rate := 30
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	other := &journal.Thesis{ID: "first", Title: "처음 논지", Conviction: 50, CreatedAt: at}
	th := &journal.Thesis{ID: "second", Title: "두 번째", Conviction: 60, CreatedAt: at.Add(time.Hour),
		Reasons: []string{"a"}, PreMortem: []string{"관세", "capex cut"}, BaseRate: &rate,
		Invalidation: "NVDA closes below USD 90",
		Levels:       []journal.Level{{Symbol: "NVDA", When: journal.LevelBelow, Price: journal.MustMoney("90", "USD"), Close: true}},
		Links:        []journal.Link{{Kind: journal.LinkFollowsUp, To: "first"}},
		Reviews:      []journal.Review{{At: at.Add(48 * time.Hour), Verdict: journal.VerdictWrong, Note: "n", Quality: 4, Risks: []int{1}}},
	}
	for _, x := range []*journal.Thesis{other, th} {
		if err := db.Create(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	// An edit of the pre-mortem and base rate keeps the earlier ones in the history.
	edited := th.Copy()
	edited.PreMortem = []string{"관세 25%", "capex cut"}
	rate2 := 40
	edited.BaseRate = &rate2
	if err := db.Update(ctx, edited); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, filepath.Join(filepath.Dir(db.Path()), "j.db"), boltdb.Options{NoBackup: true})
	got, err := db.Get(ctx, "second")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, edited) {
		t.Errorf("read back:\n%+v\nwant\n%+v", got, edited)
	}
	if r := got.Revisions; len(r) != 1 || len(r[0].PreMortem) != 2 || r[0].PreMortem[0] != "관세" || r[0].BaseRate == nil || *r[0].BaseRate != 30 {
		t.Errorf("revision of the pre-mortem and base rate: %+v", r)
	}
	gs, err := db.Settings(ctx)
	if err != nil || len(gs.AlertThresholds) != 2 || !gs.AlertThresholds[0].Equal(decimal.RequireFromString("0.25")) {
		t.Errorf("settings read back as %+v (%v)", gs, err)
	}
}
