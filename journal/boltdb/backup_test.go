package boltdb_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

var backupName = regexp.MustCompile(`^journal-\d{8}T\d{6}Z(-\d+)?\.db\.gz$`)

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
	ro := mustOpenAt(t, plainBackup(t, list[0].Path), boltdb.Options{ReadOnly: true})
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
		ro := mustOpenAt(t, plainBackup(t, tc.backup), boltdb.Options{ReadOnly: true})
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

// backupFiles returns the names of the files in the journal's backups folder
// that are backups.
func backupFiles(t *testing.T, path string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(filepath.Dir(path), "backups"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if backupName.MatchString(e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out
}

// A clock that was wrong once leaves backups dated in the future; each
// later backup is still kept, listed first and offered as the newest.
func TestBackupAfterFutureDatedOnes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	c := newClock(day1)
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now, BackupKeep: 3})
	mustCreate(t, db, plainThesis("future", ""))
	db.Close()
	var made []string
	open := func(at time.Time) string {
		t.Helper()
		c.Set(at)
		db := mustOpenAt(t, path, boltdb.Options{Now: c.Now, BackupKeep: 3})
		defer db.Close()
		b, err := db.OpenBackup()
		if err != nil {
			t.Fatalf("%v: %v", at, err)
		}
		if b != "" {
			made = append(made, b)
		}
		return b
	}
	// Three days with the clock four years ahead.
	for d := range 3 {
		open(day1.AddDate(4, 0, d+1))
	}
	// The clock is right again.
	for d := range 2 {
		b := open(day1.AddDate(0, 0, d+1))
		if b == "" {
			t.Fatalf("day %d: no backup made", d+1)
		}
		if _, err := os.Stat(b); err != nil {
			t.Fatalf("day %d: the backup just made is gone: %v", d+1, err)
		}
		list, err := boltdb.ListBackups(path)
		if err != nil || len(list) != 3 || list[0].Path != b {
			t.Fatalf("day %d: backups %+v (%v), want %s first", d+1, list, err, b)
		}
		// Later that day no other backup is due.
		if again := open(day1.AddDate(0, 0, d+1).Add(time.Hour)); again != "" {
			t.Fatalf("day %d: a second backup %s", d+1, again)
		}
	}
	list, _ := boltdb.ListBackups(path)
	var got []string
	for _, b := range list {
		got = append(got, b.Path)
	}
	slices.Reverse(made)
	if !slices.Equal(got, made[:3]) {
		t.Fatalf("kept %v, want the newest written %v", got, made[:3])
	}
}

// Of 20 backups, the 14 written last are kept, whatever their names say.
func TestBackupRotationByWriteOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	c := newClock(day1)
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now})
	mustCreate(t, db, plainThesis("rotation", ""))
	var made []string
	for i := range 20 {
		at := day1.AddDate(0, 0, i+1)
		if i < 14 {
			at = at.AddDate(5, 0, 0) // the clock was years ahead for a while
		}
		c.Set(at)
		b, err := db.Backup()
		if err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
		if _, err := os.Stat(b); err != nil {
			t.Fatalf("backup %d: the backup just made is gone: %v", i, err)
		}
		made = append(made, b)
	}
	list, _ := boltdb.ListBackups(path)
	var got []string
	for _, b := range list {
		got = append(got, b.Path)
	}
	slices.Reverse(made)
	if !slices.Equal(got, made[:14]) {
		t.Fatalf("kept %v\nwant the 14 written last %v", got, made[:14])
	}
	if n := len(backupFiles(t, path)); n != 14 {
		t.Fatalf("%d backup files", n)
	}
}

// Backup right after an open that made the day's backup writes no second,
// identical copy; a later call, or one after a change, writes a new one.
func TestBackupOneFilePerCall(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	c := newClock(day1)
	db := mustOpenAt(t, path, boltdb.Options{Now: c.Now})
	mustCreate(t, db, plainThesis("one", ""))
	db.Close()
	c.Set(day1.AddDate(0, 0, 1))
	db = mustOpenAt(t, path, boltdb.Options{Now: c.Now})
	opened, _ := db.OpenBackup()
	b, err := db.Backup()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(backupFiles(t, path)); n != 1 || b != opened {
		t.Fatalf("%d backup files after opening and one backup (%s, opened %s)", n, b, opened)
	}
	b2, err := db.Backup()
	if err != nil || b2 == b || len(backupFiles(t, path)) != 2 {
		t.Fatalf("second call: %s %v, %d files", b2, err, len(backupFiles(t, path)))
	}
	mustCreate(t, db, plainThesis("two", ""))
	b3, err := db.Backup()
	if err != nil || b3 == b2 || len(backupFiles(t, path)) != 3 {
		t.Fatalf("after a change: %s %v, %d files", b3, err, len(backupFiles(t, path)))
	}
	ro := mustOpenAt(t, plainBackup(t, b3), boltdb.Options{ReadOnly: true})
	if _, total, err := ro.List(ctx, journal.Filter{}); err != nil || total != 2 {
		t.Fatalf("the last backup holds %d theses, %v", total, err)
	}
}

// A backup is the journal compacted and gzipped: smaller than the journal,
// and restoring it gives back every thesis, index, search word and document
// number, so the journal goes on as before.
func TestCompressedBackupRestores(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	db := mustOpenAt(t, path, boltdb.Options{NoBackup: true})
	var want []string
	for i := range 60 {
		th := plainThesis(fmt.Sprintf("압축 백업 %d", i), strings.Repeat(fmt.Sprintf("word%d 본문 ", i), 50), "backup")
		th.CreatedAt = day1.Add(time.Duration(i) * time.Minute)
		mustCreate(t, db, th)
		want = append([]string{th.ID}, want...)
	}
	if err := db.Delete(ctx, want[0]); err != nil {
		t.Fatal(err)
	}
	want = want[1:]
	backup, err := db.Backup()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 2)
	if f, err := os.Open(backup); err != nil {
		t.Fatal(err)
	} else {
		_, _ = io.ReadFull(f, head)
		f.Close()
	}
	if head[0] != 0x1f || head[1] != 0x8b {
		t.Fatalf("backup %s starts % x, not a gzip stream", backup, head)
	}
	jf, _ := os.Stat(path)
	bf, _ := os.Stat(backup)
	if bf.Size()*2 > jf.Size() {
		t.Errorf("backup %d bytes for a %d-byte journal, want at most half", bf.Size(), jf.Size())
	}

	// Damage the journal, then restore.
	if err := os.WriteFile(path, []byte("not a journal"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := boltdb.Restore(path, backup); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path, boltdb.Options{NoBackup: true})
	got, total, err := db.List(ctx, journal.Filter{})
	if err != nil || total != len(want) || !slices.Equal(ids(got), want) {
		t.Fatalf("restored journal lists %v (%d, %v), want %v", ids(got), total, err, want)
	}
	for q, n := range map[string]int{"word7": 1, "본문": len(want), "백업": len(want), "word59": 0, "word0": 1} {
		if _, total, err := db.List(ctx, journal.Filter{Query: q}); err != nil || total != n {
			t.Errorf("%q finds %d (%v), want %d", q, total, err, n)
		}
	}
	if _, total, err := db.List(ctx, journal.Filter{Tag: "backup"}); err != nil || total != len(want) {
		t.Errorf("tag finds %d (%v), want %d", total, err, len(want))
	}
	// Document numbers go on from where they were: a new thesis is found
	// alone by its word, not together with an older one.
	fresh := mustCreate(t, db, plainThesis("after the restore", "freshword"))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path, boltdb.Options{NoBackup: true})
	oldest := want[len(want)-1]
	for q, w := range map[string][]string{"freshword": {fresh.ID}, "word0": {oldest}, "word58": {want[0]}, "word59": nil} {
		if got, _, err := db.List(ctx, journal.Filter{Query: q}); err != nil || !slices.Equal(ids(got), w) {
			t.Errorf("after a save: %q finds %v (%v), want %v", q, ids(got), err, w)
		}
	}
}

// Backups written before they were compressed, plain bbolt files named
// "<stem>-<time>.db", are listed, verified and restored as before.
func TestOldUncompressedBackup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	db := mustOpenAt(t, path, boltdb.Options{NoBackup: true})
	a := mustCreate(t, db, plainThesis("old backup", "oldword"))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(filepath.Dir(path), "backups")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(dir, "journal-20261128T083000Z.db")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(old, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path, boltdb.Options{NoBackup: true, Now: newClock(day1).Now})
	mustCreate(t, db, plainThesis("newer", "newword"))
	newer, err := db.Backup()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	list, err := boltdb.ListBackups(path)
	if err != nil || len(list) != 2 || list[0].Path != newer || list[1].Path != old {
		t.Fatalf("backups %+v (%v), want %s then %s", list, err, newer, old)
	}
	if err := boltdb.Verify(old); err != nil {
		t.Fatal(err)
	}
	if _, err := boltdb.Restore(path, old); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path, boltdb.Options{NoBackup: true})
	got, _, err := db.List(ctx, journal.Filter{Query: "oldword"})
	if err != nil || !slices.Equal(ids(got), []string{a.ID}) {
		t.Fatalf("restored from the old backup: %v, %v", ids(got), err)
	}
	if _, total, _ := db.List(ctx, journal.Filter{}); total != 1 {
		t.Fatalf("restored journal holds %d theses, want 1", total)
	}
}

// A compressed backup with a changed byte fails verification, and restoring
// it is refused without touching the journal.
func TestDamagedCompressedBackup(t *testing.T) {
	path, backup, _, _ := journalWithBackup(t, 5)
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x40
	if err := os.WriteFile(backup, b, 0o600); err != nil {
		t.Fatal(err)
	}
	wantCode(t, boltdb.Verify(backup), journal.EDAMAGED)
	before, _ := fileSum(t, path)
	_, err = boltdb.Restore(path, backup)
	wantCode(t, err, journal.EDAMAGED)
	if after, _ := fileSum(t, path); after != before {
		t.Fatal("a refused restore changed the journal")
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*tmp"))
	more, _ := filepath.Glob(filepath.Join(filepath.Dir(backup), ".*tmp"))
	if len(left)+len(more) > 0 {
		t.Fatalf("temporary files left behind: %v %v", left, more)
	}
}
