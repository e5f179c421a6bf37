package boltdb_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

var ctx = context.Background()

func TestCreateGet(t *testing.T) {
	db, _ := mustOpen(t)
	th := sampleThesis("  삼성전자 반등  ")
	th.Tags = []string{"#반도체", "Memory", "memory"}
	mustCreate(t, db, th)
	if !journal.ValidID(th.ID) || len(th.ID) != 26 {
		t.Fatalf("assigned id %q", th.ID)
	}
	if !th.CreatedAt.After(day1) || th.CreatedAt.Location() != time.UTC {
		t.Fatalf("CreatedAt = %v, want a UTC time from the clock after %v", th.CreatedAt, day1)
	}
	if th.Title != "삼성전자 반등" || !slices.Equal(th.Tags, []string{"반도체", "memory"}) {
		t.Fatalf("not normalised: title %q tags %q", th.Title, th.Tags)
	}
	got, err := db.Get(ctx, th.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := mustJSON(t, th), mustJSON(t, got); a != b {
		t.Fatalf("read back differs:\n got %s\nwant %s", b, a)
	}
	// The stored copy is independent of the caller's.
	th.Title = "changed"
	if again, _ := db.Get(ctx, th.ID); again.Title != "삼성전자 반등" {
		t.Fatalf("stored thesis changed with the caller's copy: %q", again.Title)
	}
}

func TestCreateKeepsGivenIDAndTime(t *testing.T) {
	db, _ := mustOpen(t)
	created := time.Date(2024, 3, 1, 9, 0, 0, 0, time.FixedZone("KST", 9*3600))
	th := plainThesis("given", "body")
	th.ID, th.CreatedAt = "my-thesis_1", created
	mustCreate(t, db, th)
	got, err := db.Get(ctx, "my-thesis_1")
	if err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(created) || got.CreatedAt.Location() != time.UTC {
		t.Fatalf("CreatedAt = %v, want %v in UTC", got.CreatedAt, created)
	}
}

func TestCreateFillsFX(t *testing.T) {
	db, _ := mustOpen(t)
	if err := db.SaveSettings(ctx, journal.Settings{BaseCurrency: "KRW"}); err != nil {
		t.Fatal(err)
	}
	th := sampleThesis("fx")
	th.Positions[0].Fills[0].FXToBase = decimal.Decimal{}
	th.Positions = append(th.Positions, journal.Position{Symbol: "NVDA", Side: journal.SideWatch, Fills: []journal.Fill{{
		At: day1, Action: journal.ActionBuy, Quantity: decimal.NewFromInt(1), Price: journal.MustMoney("120", "USD"),
	}}})
	mustCreate(t, db, th)
	got, err := db.Get(ctx, th.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Positions[0].Fills[0].FXToBase.Equal(decimal.NewFromInt(1)) {
		t.Errorf("KRW fill fx = %s, want 1", got.Positions[0].Fills[0].FXToBase)
	}
	if !got.Positions[1].Fills[0].FXToBase.IsZero() {
		t.Errorf("USD watch fill fx = %s, want unset", got.Positions[1].Fills[0].FXToBase)
	}
}

func TestCreateErrors(t *testing.T) {
	db, _ := mustOpen(t)
	first := mustCreate(t, db, plainThesis("first", ""))
	tests := []struct {
		name  string
		th    *journal.Thesis
		code  string
		field string
	}{
		{"empty title", plainThesis("   ", "body"), journal.EINVALID, "title"},
		{"bad conviction", &journal.Thesis{Title: "x", Conviction: 101}, journal.EINVALID, "conviction"},
		{"bad id", &journal.Thesis{ID: "has space", Title: "x"}, journal.EINVALID, "id"},
		{"duplicate id", &journal.Thesis{ID: first.ID, Title: "again"}, journal.ECONFLICT, ""},
		{"position without loss budget", func() *journal.Thesis {
			th := sampleThesis("no budget")
			th.LossBudget = journal.Money{}
			return th
		}(), journal.EINVALID, "loss_budget"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := mustJSON(t, tc.th)
			err := db.Create(ctx, tc.th)
			wantCode(t, err, tc.code)
			if mustJSON(t, tc.th) != before {
				t.Fatal("a refused create changed the caller's thesis")
			}
			if tc.field != "" {
				var ve *journal.ValidationError
				if !errors.As(err, &ve) || ve.Field(tc.field) == "" {
					t.Fatalf("error %v does not name field %s", err, tc.field)
				}
			}
			if tc.code == journal.ECONFLICT && !strings.Contains(err.Error(), first.ID) {
				t.Fatalf("conflict error %q does not name the id", err)
			}
		})
	}
	_, total, err := db.List(ctx, journal.Filter{})
	if err != nil || total != 1 {
		t.Fatalf("after failed creates: total %d, %v; want 1", total, err)
	}
}

func TestNotFound(t *testing.T) {
	db, _ := mustOpen(t)
	_, err := db.Get(ctx, "nope")
	wantCode(t, err, journal.ENOTFOUND)
	if journal.ErrorMessage(err) != "thesis nope not found" {
		t.Fatalf("message %q", journal.ErrorMessage(err))
	}
	err = db.Delete(ctx, "gone")
	wantCode(t, err, journal.ENOTFOUND)
	if journal.ErrorMessage(err) != "thesis gone not found" {
		t.Fatalf("message %q", journal.ErrorMessage(err))
	}
	err = db.Update(ctx, &journal.Thesis{ID: "missing", Title: "x"})
	wantCode(t, err, journal.ENOTFOUND)
}

func TestDelete(t *testing.T) {
	db, _ := mustOpen(t)
	a := mustCreate(t, db, sampleThesis("keep"))
	b := mustCreate(t, db, sampleThesis("drop"))
	if err := db.Delete(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	_, err := db.Get(ctx, b.ID)
	wantCode(t, err, journal.ENOTFOUND)
	for _, f := range []journal.Filter{{}, {Tag: "반도체"}, {Symbol: "005930.KS"}, {Status: journal.StatusOpen}, {Query: "drop"}, {IDs: []string{a.ID, b.ID}}} {
		got, total, err := db.List(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{a.ID}
		if f.Query == "drop" {
			want = []string{}
		}
		if total != len(want) || !slices.Equal(ids(got), want) {
			t.Errorf("List(%+v) = %v (total %d), want %v", f, ids(got), total, want)
		}
	}
	tags, err := db.Tags(ctx)
	if err != nil || tags["반도체"] != 1 {
		t.Fatalf("tags after delete = %v, %v", tags, err)
	}
}

func TestUpdateRevisions(t *testing.T) {
	db, c := mustOpen(t)
	th := mustCreate(t, db, sampleThesis("original claim"))
	created := th.CreatedAt

	// A non-claim edit adds no revision.
	edit := th.Clone()
	edit.Body = "more notes"
	if err := db.Update(ctx, edit); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Get(ctx, th.ID)
	if len(got.Revisions) != 0 || got.Body != "more notes" || got.UpdatedAt.IsZero() {
		t.Fatalf("after body edit: revisions %d body %q updated %v", len(got.Revisions), got.Body, got.UpdatedAt)
	}

	// Two claim edits append two revisions, oldest first.
	for _, title := range []string{"second claim", "third claim"} {
		edit := got.Clone()
		edit.Title = title
		edit.Conviction += 10
		before := c.Now()
		if err := db.Update(ctx, edit); err != nil {
			t.Fatal(err)
		}
		got, _ = db.Get(ctx, th.ID)
		if !got.UpdatedAt.After(before) {
			t.Fatalf("UpdatedAt %v not after %v", got.UpdatedAt, before)
		}
	}
	if got.Title != "third claim" || len(got.Revisions) != 2 {
		t.Fatalf("title %q, %d revisions", got.Title, len(got.Revisions))
	}
	if got.Revisions[0].Title != "original claim" || got.Revisions[0].Conviction != 60 ||
		got.Revisions[1].Title != "second claim" || got.Revisions[1].Conviction != 70 {
		t.Fatalf("revisions = %+v", got.Revisions)
	}
	if !got.CreatedAt.Equal(created) {
		t.Fatalf("CreatedAt moved from %v to %v", created, got.CreatedAt)
	}

	// An edit without the revision list keeps the stored one.
	edit = got.Clone()
	edit.Revisions = nil
	edit.Body = "again"
	if err := db.Update(ctx, edit); err != nil {
		t.Fatal(err)
	}
	if got, _ = db.Get(ctx, th.ID); len(got.Revisions) != 2 {
		t.Fatalf("revisions after edit without them: %d", len(got.Revisions))
	}
}

func TestUpdateImmutable(t *testing.T) {
	db, _ := mustOpen(t)
	th := mustCreate(t, db, sampleThesis("snapshots"))
	stored := mustJSON(t, th)
	tests := []struct {
		name string
		edit func(*journal.Thesis)
	}{
		{"rewrite snapshot price", func(e *journal.Thesis) { e.Snapshots[0].Price = journal.MustMoney("1", "KRW") }},
		{"drop snapshot", func(e *journal.Thesis) { e.Snapshots = nil }},
		{"move created_at", func(e *journal.Thesis) { e.CreatedAt = e.CreatedAt.Add(-time.Hour) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := th.Clone()
			tc.edit(e)
			before := mustJSON(t, e)
			wantCode(t, db.Update(ctx, e), journal.ECONFLICT)
			if mustJSON(t, e) != before {
				t.Fatal("a refused update changed the caller's thesis")
			}
			got, _ := db.Get(ctx, th.ID)
			if mustJSON(t, got) != stored {
				t.Fatal("a refused update changed the stored thesis")
			}
		})
	}
	// Adding a snapshot at the end is allowed.
	e := th.Clone()
	e.Snapshots = append(e.Snapshots, journal.Snapshot{Symbol: "000660.ks", Price: journal.MustMoney("200000", "KRW"), At: day1.Add(time.Hour), Source: journal.SourceYahoo})
	if err := db.Update(ctx, e); err != nil {
		t.Fatal(err)
	}
	got, _, err := db.List(ctx, journal.Filter{Symbol: "000660.KS"})
	if err != nil || len(got) != 1 || len(got[0].Snapshots) != 2 {
		t.Fatalf("new snapshot not indexed: %v, %v", ids(got), err)
	}
}

func TestFilters(t *testing.T) {
	db, _ := mustOpen(t)
	mk := func(title string, status journal.Status, reviewBy string, tags []string, symbols ...string) string {
		th := plainThesis(title, "", tags...)
		th.Status = status
		if reviewBy != "" {
			d, err := journal.ParseDate(reviewBy)
			if err != nil {
				t.Fatal(err)
			}
			th.ReviewBy = d
		}
		for _, s := range symbols {
			th.Snapshots = append(th.Snapshots, journal.Snapshot{Symbol: s, Price: journal.MustMoney("10", "USD"), At: day1, Source: journal.SourceManual})
		}
		return mustCreate(t, db, th).ID
	}
	a := mk("a", journal.StatusOpen, "2026-12-01", []string{"ai", "us"}, "NVDA", "MSFT")
	b := mk("b", journal.StatusOpen, "2027-01-15", []string{"ai"}, "NVDA")
	c := mk("c", journal.StatusWrong, "2026-12-01", []string{"반도체"}, "005930.KS")
	d := mk("d", journal.StatusClosed, "", []string{"us"})
	e := mk("e", journal.StatusOpen, "", nil, "MSFT")
	date := func(s string) journal.Date {
		d, err := journal.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name string
		f    journal.Filter
		want []string // newest first
	}{
		{"all", journal.Filter{}, []string{e, d, c, b, a}},
		{"status open", journal.Filter{Status: journal.StatusOpen}, []string{e, b, a}},
		{"status closed", journal.Filter{Status: journal.StatusClosed}, []string{d}},
		{"status mixed", journal.Filter{Status: journal.StatusMixed}, []string{}},
		{"tag ai", journal.Filter{Tag: "ai"}, []string{b, a}},
		{"tag case and hash", journal.Filter{Tag: " #AI "}, []string{b, a}},
		{"tag korean", journal.Filter{Tag: "반도체"}, []string{c}},
		{"tag prefix only is no match", journal.Filter{Tag: "a"}, []string{}},
		{"symbol", journal.Filter{Symbol: "msft"}, []string{e, a}},
		{"symbol korean listing", journal.Filter{Symbol: "005930.KS"}, []string{c}},
		{"symbol prefix only is no match", journal.Filter{Symbol: "NV"}, []string{}},
		{"due by 2026-12-01", journal.Filter{DueBy: date("2026-12-01")}, []string{a}},
		{"due by 2026-11-30", journal.Filter{DueBy: date("2026-11-30")}, []string{}},
		{"due by 2027-12-31", journal.Filter{DueBy: date("2027-12-31")}, []string{b, a}},
		{"ids", journal.Filter{IDs: []string{a, d, "unknown"}}, []string{d, a}},
		{"tag and symbol", journal.Filter{Tag: "us", Symbol: "MSFT"}, []string{a}},
		{"tag and status", journal.Filter{Tag: "us", Status: journal.StatusClosed}, []string{d}},
		{"status and query", journal.Filter{Status: journal.StatusOpen, Query: "nvda"}, []string{b, a}},
		{"ids and tag", journal.Filter{IDs: []string{b, c}, Tag: "ai"}, []string{b}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, total, err := db.List(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(got), tc.want) || total != len(tc.want) {
				t.Fatalf("got %v (total %d), want %v", ids(got), total, tc.want)
			}
		})
	}
	// Status changes move the thesis between status and due lists.
	th, _ := db.Get(ctx, a)
	th.Status = journal.StatusPlayedOut
	if err := db.Update(ctx, th); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := db.List(ctx, journal.Filter{DueBy: date("2027-12-31")}); !slices.Equal(ids(got), []string{b}) {
		t.Fatalf("due after closing a: %v", ids(got))
	}
	if got, _, _ := db.List(ctx, journal.Filter{Status: journal.StatusPlayedOut}); !slices.Equal(ids(got), []string{a}) {
		t.Fatalf("played_out: %v", ids(got))
	}
	// Moving the review date moves the thesis in the review index.
	th, _ = db.Get(ctx, b)
	th.ReviewBy = date("2026-11-30")
	if err := db.Update(ctx, th); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := db.List(ctx, journal.Filter{DueBy: date("2026-11-30")}); !slices.Equal(ids(got), []string{b}) {
		t.Fatalf("due after moving b's date: %v", ids(got))
	}
}

func TestListOrderOffsetLimit(t *testing.T) {
	db, _ := mustOpen(t)
	var want []string // newest first
	for i := range 12 {
		th := plainThesis(fmt.Sprintf("thesis %d", i), "body", "all")
		mustCreate(t, db, th)
		want = append([]string{th.ID}, want...)
	}
	// An imported thesis with an id that sorts last but an early creation
	// time must list by time, not by id.
	old := plainThesis("old import", "body", "all")
	old.ID, old.CreatedAt = "zzz-imported", day1.Add(-24*time.Hour)
	if _, err := db.Import(ctx, []*journal.Thesis{old}, nil); err != nil {
		t.Fatal(err)
	}
	want = append(want, old.ID)

	tests := []struct {
		offset, limit int
		want          []string
	}{
		{0, 0, want},
		{0, 5, want[:5]},
		{5, 5, want[5:10]},
		{10, 5, want[10:]},
		{13, 5, nil},
		{100, 0, nil},
		{-1, -1, want},
	}
	for _, f := range []journal.Filter{{}, {Tag: "all"}, {Query: "body"}} {
		for _, tc := range tests {
			f.Offset, f.Limit = tc.offset, tc.limit
			got, total, err := db.List(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if total != len(want) || !slices.Equal(ids(got), tc.want) {
				t.Errorf("List(%+v) = %v (total %d), want %v (total %d)", f, ids(got), total, tc.want, len(want))
			}
		}
	}
}

func TestTags(t *testing.T) {
	db, _ := mustOpen(t)
	mustCreate(t, db, plainThesis("a", "", "ai", "us"))
	mustCreate(t, db, plainThesis("b", "", "AI", "반도체"))
	th := mustCreate(t, db, plainThesis("c", "", "us"))
	th.Tags = []string{"kr"}
	if err := db.Update(ctx, th); err != nil {
		t.Fatal(err)
	}
	got, err := db.Tags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"ai": 2, "us": 1, "반도체": 1, "kr": 1}
	if mustJSON(t, got) != mustJSON(t, want) {
		t.Fatalf("tags = %v, want %v", got, want)
	}
}

func TestSettings(t *testing.T) {
	tests := []struct{ lcAll, lang, want string }{
		{"", "ko_KR.UTF-8", "KRW"},
		{"", "en_US.UTF-8", "USD"},
		{"ko_KR.UTF-8", "en_US.UTF-8", "KRW"},
	}
	for _, tc := range tests {
		t.Run(tc.lcAll+"/"+tc.lang, func(t *testing.T) {
			t.Setenv("LC_ALL", tc.lcAll)
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", tc.lang)
			db, _ := mustOpen(t)
			s, err := db.Settings(ctx)
			if err != nil || s.BaseCurrency != tc.want {
				t.Fatalf("default settings = %+v, %v; want %s", s, err, tc.want)
			}
		})
	}
	db, _ := mustOpen(t)
	want := journal.Settings{BaseCurrency: "KRW", TotalLossBudget: journal.MustMoney("5000000", "KRW"), Benchmark: "^KS11", Author: "김투자"}
	if err := db.SaveSettings(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := db.Settings(ctx)
	if err != nil || mustJSON(t, got) != mustJSON(t, want) {
		t.Fatalf("settings = %+v, %v; want %+v", got, err, want)
	}
	wantCode(t, db.SaveSettings(ctx, journal.Settings{BaseCurrency: "XYZ"}), journal.EINVALID)
	if got, _ := db.Settings(ctx); got.BaseCurrency != "KRW" {
		t.Fatalf("refused settings were stored: %+v", got)
	}
}

func TestReopenKeepsEverything(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	c := newClock(day1)
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now, NoBackup: true})
	a := mustCreate(t, db, sampleThesis("딥시크 충격"))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path, boltdb.Options{Now: c.Now, NoBackup: true})
	got, total, err := db.List(ctx, journal.Filter{Query: "충격"})
	if err != nil || total != 1 || mustJSON(t, got[0]) != mustJSON(t, a) {
		t.Fatalf("after reopen: %v total %d, %v", ids(got), total, err)
	}
	if db.Path() != path {
		t.Fatalf("Path() = %q, want %q", db.Path(), path)
	}
}

func TestReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	_, err := boltdb.Open(path, boltdb.Options{ReadOnly: true})
	wantCode(t, err, journal.ENOTFOUND)
	db := mustOpenAt(t, path, boltdb.Options{NoBackup: true})
	a := mustCreate(t, db, plainThesis("읽기 전용", "본문"))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	ro := mustOpenAt(t, path, boltdb.Options{ReadOnly: true})
	got, total, err := ro.List(ctx, journal.Filter{Query: "읽기"})
	if err != nil || total != 1 || got[0].ID != a.ID {
		t.Fatalf("read-only list: %v %d %v", ids(got), total, err)
	}
	wantCode(t, ro.Create(ctx, plainThesis("x", "")), journal.EINVALID)
	wantCode(t, ro.Delete(ctx, a.ID), journal.EINVALID)
	if backups, _ := boltdb.ListBackups(path); len(backups) != 0 {
		t.Fatalf("read-only open made backups: %v", backups)
	}
}

func TestImport(t *testing.T) {
	db, _ := mustOpen(t)
	existing := mustCreate(t, db, sampleThesis("existing"))
	same := mustCreate(t, db, plainThesis("same", "unchanged body"))

	changed := existing.Clone()
	changed.Body = "replaced by the import"
	changed.UpdatedAt = existing.CreatedAt.Add(time.Hour) // newer, so its body is kept
	fresh := plainThesis("fresh", "new body")
	fresh.ID, fresh.CreatedAt = "fresh-1", day1.Add(-time.Hour)
	fresh.UpdatedAt = day1.Add(-time.Minute)
	noID := plainThesis("no id", "gets one")
	noID.CreatedAt = day1.Add(-2 * time.Hour)
	in := []*journal.Thesis{changed, same.Clone(), fresh, noID}
	before := mustJSON(t, in)

	s := journal.Settings{BaseCurrency: "USD", Author: "importer"}
	res, err := db.Import(ctx, in, &s)
	if err != nil {
		t.Fatal(err)
	}
	if mustJSON(t, in) != before {
		t.Fatal("Import changed the caller's theses")
	}
	if !slices.Equal(res.Updated, []string{existing.ID}) || res.Unchanged != 1 || len(res.Added) != 2 || res.Added[0] != "fresh-1" {
		t.Fatalf("result = %+v", res)
	}
	if len(res.Merged) != 1 || res.Merged[0].ID != existing.ID || !res.Merged[0].KeptIncoming ||
		!slices.Equal(res.Merged[0].Fields, []string{"body"}) || res.DryRun {
		t.Fatalf("merge notes = %+v", res.Merged)
	}
	got, err := db.Get(ctx, "fresh-1")
	if err != nil || !got.CreatedAt.Equal(fresh.CreatedAt) || !got.UpdatedAt.Equal(fresh.UpdatedAt) {
		t.Fatalf("fresh stored as %+v, %v", got, err)
	}
	if got, _ := db.Get(ctx, existing.ID); got.Body != "replaced by the import" {
		t.Fatalf("existing not replaced: %q", got.Body)
	}
	if got, _ := db.Get(ctx, res.Added[1]); got == nil || got.Title != "no id" {
		t.Fatalf("thesis without id not added under %q", res.Added[1])
	}
	if st, _ := db.Settings(ctx); st.Author != "importer" {
		t.Fatalf("settings not imported: %+v", st)
	}
	if got, _, _ := db.List(ctx, journal.Filter{Query: "replaced"}); !slices.Equal(ids(got), []string{existing.ID}) {
		t.Fatalf("search after import: %v", ids(got))
	}
}

func TestImportAllOrNothing(t *testing.T) {
	db, _ := mustOpen(t)
	keep := mustCreate(t, db, plainThesis("keep", "original"))
	export := func() string {
		all, _, err := db.List(ctx, journal.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		st, _ := db.Settings(ctx)
		return mustJSON(t, struct {
			T []*journal.Thesis
			S journal.Settings
		}{all, st})
	}
	before := export()
	changedKeep := keep.Clone()
	changedKeep.Body = "should not land"
	good := plainThesis("good", "fine")
	good.CreatedAt = day1
	tests := []struct {
		name   string
		batch  []*journal.Thesis
		s      *journal.Settings
		code   string
		needle string
	}{
		{"invalid thesis last", []*journal.Thesis{good, changedKeep, {ID: "bad", Title: "", CreatedAt: day1}}, nil, journal.EINVALID, "bad"},
		{"missing created_at", []*journal.Thesis{good, {ID: "nocreated", Title: "x"}}, nil, journal.EINVALID, "nocreated"},
		{"duplicate ids", []*journal.Thesis{good, changedKeep, changedKeep}, nil, journal.EINVALID, keep.ID},
		{"bad settings", []*journal.Thesis{good}, &journal.Settings{BaseCurrency: "??"}, journal.EINVALID, "settings"},
		{"nil thesis", []*journal.Thesis{good, nil}, nil, journal.EINVALID, "#2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.Import(ctx, tc.batch, tc.s)
			wantCode(t, err, tc.code)
			if !strings.Contains(err.Error(), tc.needle) {
				t.Fatalf("error %q does not mention %q", err, tc.needle)
			}
			if export() != before {
				t.Fatal("a refused import changed the journal")
			}
		})
	}
	// A cancelled context aborts the transaction too.
	many := make([]*journal.Thesis, 600)
	for i := range many {
		many[i] = plainThesis(fmt.Sprintf("bulk %d", i), "x")
		many[i].CreatedAt = day1
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := db.Import(cctx, many, nil); err == nil {
		t.Fatal("import with a cancelled context succeeded")
	}
	if export() != before {
		t.Fatal("a cancelled import changed the journal")
	}
}

func TestExportImportExportIsIdentical(t *testing.T) {
	src, _ := mustOpen(t)
	for i := range 5 {
		th := sampleThesis(fmt.Sprintf("왕복 %d", i))
		th.ReviewBy = journal.DateOf(day1.AddDate(0, 1, i))
		mustCreate(t, src, th)
		if i%2 == 0 {
			th.Title += " (edited)"
			th.Reviews = append(th.Reviews, journal.Review{At: day1.Add(time.Hour), Verdict: journal.VerdictTooEarly, Note: "아직 이르다", Checks: []journal.ReasonCheck{{Reason: 1, Held: true}}})
			if err := src.Update(ctx, th); err != nil {
				t.Fatal(err)
			}
		}
	}
	mustCreate(t, src, plainThesis("plain", ""))
	export := func(db *boltdb.DB) []byte {
		all, _, err := db.List(ctx, journal.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.MarshalIndent(all, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	first := export(src)
	var decoded []*journal.Thesis
	if err := json.Unmarshal(first, &decoded); err != nil {
		t.Fatal(err)
	}
	dst, _ := mustOpen(t)
	res, err := dst.Import(ctx, decoded, nil)
	if err != nil || len(res.Added) != 6 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	if second := export(dst); string(second) != string(first) {
		t.Fatalf("export after import differs:\n%s\nvs\n%s", second, first)
	}
	// Importing the same export again changes nothing.
	res, err = dst.Import(ctx, decoded, nil)
	if err != nil || res.Unchanged != 6 || len(res.Added)+len(res.Updated) != 0 {
		t.Fatalf("re-import: %+v, %v", res, err)
	}
}

func TestConcurrentUse(t *testing.T) {
	db, _ := mustOpen(t)
	done := make(chan error, 8)
	for w := range 4 {
		go func() {
			for i := range 10 {
				th := plainThesis(fmt.Sprintf("writer %d thesis %d", w, i), "동시 concurrent")
				if err := db.Create(ctx, th); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		go func() {
			for range 10 {
				if _, _, err := db.List(ctx, journal.Filter{Query: "동시", Limit: 5}); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	_, total, err := db.List(ctx, journal.Filter{Query: "concurrent 동시"})
	if err != nil || total != 40 {
		t.Fatalf("total %d, %v; want 40", total, err)
	}
}
