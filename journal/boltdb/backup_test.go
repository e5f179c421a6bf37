package boltdb_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

var backupName = regexp.MustCompile(`^journal-\d{8}T\d{6}Z(-\d+)?\.db$`)

func TestBackupOncePerDay(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "journal.db")
	c := newClock(day1)
	open := func() (string, error) {
		t.Helper()
		db, err := boltdb.Open(path, boltdb.Options{Now: c.Now})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		mustCreate(t, db, plainThesis("백업 "+c.Now().Format(time.RFC3339), "body"))
		return db.OpenBackup()
	}
	steps := []struct {
		at      time.Time
		backup  bool
		backups int
	}{
		{day1, false, 0},                        // a new journal has nothing to back up
		{day1.Add(time.Hour), true, 1},          // first open of an existing journal today
		{day1.Add(2 * time.Hour), false, 1},     // same day
		{day1.Add(15 * time.Hour), false, 1},    // 23:30 UTC, still the same day
		{day1.Add(16 * time.Hour), true, 2},     // next day
		{day1.Add(24 * time.Hour), false, 2},    // same day again
		{day1.Add(5 * 24 * time.Hour), true, 3}, // days later
	}
	for i, s := range steps {
		c.Set(s.at)
		got, err := open()
		if err != nil {
			t.Fatalf("step %d: backup error %v", i, err)
		}
		if (got != "") != s.backup {
			t.Fatalf("step %d (%v): backup %q, want one: %v", i, s.at, got, s.backup)
		}
		list, err := boltdb.ListBackups(path)
		if err != nil || len(list) != s.backups {
			t.Fatalf("step %d: %d backups (%v), want %d", i, len(list), err, s.backups)
		}
		if s.backup && list[0].Path != got {
			t.Fatalf("step %d: newest backup %q, made %q", i, list[0].Path, got)
		}
	}
	list, _ := boltdb.ListBackups(path)
	for i, b := range list {
		if !backupName.MatchString(filepath.Base(b.Path)) {
			t.Errorf("backup name %q", b.Path)
		}
		if i > 0 && !list[i-1].Time.After(b.Time) {
			t.Errorf("backups not newest first: %v", list)
		}
		fi, err := os.Stat(b.Path)
		if err != nil || fi.Mode().Perm() != 0o600 || fi.Size() != b.Size {
			t.Errorf("backup %s: %v, %v", b.Path, fi.Mode(), err)
		}
		if err := boltdb.Verify(b.Path); err != nil {
			t.Errorf("backup %s: %v", b.Path, err)
		}
	}
	if got := list[0].Time; !got.Equal(day1.Add(5 * 24 * time.Hour)) {
		t.Errorf("newest backup time %v", got)
	}
	for _, dir := range []string{filepath.Dir(path), filepath.Join(filepath.Dir(path), "backups")} {
		if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("directory %s: %v, %v", dir, fi.Mode(), err)
		}
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("journal file: %v, %v", fi.Mode(), err)
	}
	// Each backup holds the journal as it was: the newest has all but the
	// thesis written after it was made.
	ro := mustOpenAt(t, list[0].Path, boltdb.Options{ReadOnly: true})
	_, total, err := ro.List(ctx, journal.Filter{Query: "백업"})
	if err != nil || total != len(steps)-1 {
		t.Fatalf("newest backup holds %d theses (%v), want %d", total, err, len(steps)-1)
	}
}

func TestBackupRotation(t *testing.T) {
	tests := []struct {
		keep, days, want int
	}{
		{0, 20, 14},
		{3, 6, 3},
		{14, 10, 10},
	}
	for _, tc := range tests {
		path := filepath.Join(t.TempDir(), "journal.db")
		c := newClock(day1)
		db := mustOpenAt(t, path, boltdb.Options{Now: c.Now, BackupKeep: tc.keep})
		mustCreate(t, db, plainThesis("rotation", ""))
		db.Close()
		var made []string
		for d := 1; d <= tc.days; d++ {
			c.Set(day1.AddDate(0, 0, d))
			db := mustOpenAt(t, path, boltdb.Options{Now: c.Now, BackupKeep: tc.keep})
			b, err := db.OpenBackup()
			if err != nil || b == "" {
				t.Fatalf("day %d: %q %v", d, b, err)
			}
			made = append(made, b)
			db.Close()
		}
		list, err := boltdb.ListBackups(path)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, b := range list {
			got = append(got, b.Path)
			if err := boltdb.Verify(b.Path); err != nil {
				t.Errorf("kept backup %s: %v", b.Path, err)
			}
		}
		slices.Reverse(made)
		if !slices.Equal(got, made[:tc.want]) {
			t.Errorf("keep %d over %d days: kept %v, want %v", tc.keep, tc.days, got, made[:tc.want])
		}
	}
}

func TestForcedBackup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	c := newClock(day1)
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now})
	a := mustCreate(t, db, plainThesis("first", ""))
	first, err := db.Backup()
	if err != nil {
		t.Fatal(err)
	}
	b := mustCreate(t, db, plainThesis("second", ""))
	second, err := db.Backup()
	if err != nil {
		t.Fatal(err)
	}
	if first == second || !backupName.MatchString(filepath.Base(second)) {
		t.Fatalf("backups in the same second: %q and %q", first, second)
	}
	// Unrelated files in backups/ are left alone and not listed.
	dir := filepath.Dir(first)
	for _, name := range []string{"notes.txt", "other-20261129T083000Z.db", "journal-garbage.db"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	list, err := boltdb.ListBackups(path)
	if err != nil || len(list) != 2 || list[0].Path != second || list[1].Path != first {
		t.Fatalf("list = %+v, %v", list, err)
	}
	for _, tc := range []struct {
		backup string
		want   []string
	}{{first, []string{a.ID}}, {second, []string{b.ID, a.ID}}} {
		ro := mustOpenAt(t, tc.backup, boltdb.Options{ReadOnly: true})
		got, _, err := ro.List(ctx, journal.Filter{})
		if err != nil || !slices.Equal(ids(got), tc.want) {
			t.Fatalf("%s holds %v (%v), want %v", tc.backup, ids(got), err, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
		t.Fatal("an unrelated file was removed")
	}
	if backups, _ := boltdb.ListBackups(filepath.Join(t.TempDir(), "none.db")); len(backups) != 0 {
		t.Fatal("backups listed for a journal without any")
	}
}

func TestVerify(t *testing.T) {
	db, _ := mustOpen(t)
	mustCreate(t, db, plainThesis("verify", ""))
	b, err := db.Backup()
	if err != nil {
		t.Fatal(err)
	}
	if err := boltdb.Verify(b); err != nil {
		t.Fatal(err)
	}
	wantCode(t, boltdb.Verify(filepath.Join(t.TempDir(), "missing.db")), journal.ENOTFOUND)
	text := filepath.Join(t.TempDir(), "notes.db")
	if err := os.WriteFile(text, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	wantCode(t, boltdb.Verify(text), journal.EDAMAGED)
}
