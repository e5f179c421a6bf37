package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// TestSecondInstance opens a journal another Hindsight holds: a dialog says so and offers
// to try again, which works once the other has let go.
func TestSecondInstance(t *testing.T) {
	applyLanguage(langEnglish)
	path := filepath.Join(t.TempDir(), "journal.db")
	seedJournal(t, path, manyTheses(2), nil)
	other, err := boltdb.Open(path, boltdb.Options{NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, harnessOptions{path: path, noServer: true, lockTimeout: 50 * time.Millisecond})
	if h.u.store != nil {
		t.Fatal("the journal opened although another process holds it")
	}
	text := h.dialogText()
	if !strings.Contains(text, tr("open.locked_title")) || !strings.Contains(text, path) {
		t.Fatalf("dialog says %q", text)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	h.tapDialogButton(tr("open.retry"))
	h.settle()
	if h.u.store == nil || h.u.list.total != 2 {
		t.Fatalf("retry did not open the journal (%d listed)", h.u.list.total)
	}
}

// TestDamagedJournalOffersBackup opens a damaged journal: the dialog names the damage
// and restores the newest backup, keeping the damaged file aside.
func TestDamagedJournalOffersBackup(t *testing.T) {
	applyLanguage(langEnglish)
	path := filepath.Join(t.TempDir(), "journal.db")
	seedJournal(t, path, manyTheses(3), nil)
	db, err := boltdb.Open(path, boltdb.Options{NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Backup(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.WriteFile(path, bytes.Repeat([]byte("damaged "), 4096), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, harnessOptions{path: path, noServer: true})
	text := h.dialogText()
	if !strings.Contains(text, tr("open.damaged_title")) {
		t.Fatalf("dialog says %q", text)
	}
	h.tapDialogButton(tr("open.restore_newest"))
	h.settle()
	if h.u.store == nil || h.u.list.total != 3 {
		t.Fatalf("the backup was not restored and opened (%d listed)", h.u.list.total)
	}
	aside, _ := filepath.Glob(path + ".damaged-*")
	if len(aside) != 1 {
		t.Errorf("damaged file kept as %q", aside)
	}
}

// TestFailedSaveIsShown makes a save fail (the journal was closed under the form) and
// expects a dialog, with the form and its text still there.
func TestFailedSaveIsShown(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	h := newHarness(t, harnessOptions{settings: &s, noServer: true})
	h.u.newThesis()
	e := h.u.editor
	test.Type(e.title, "저장 실패")
	if err := h.u.store.Close(); err != nil {
		t.Fatal(err)
	}
	test.Tap(e.saveBtn)
	h.tapDialogButton(tr("editor.save_anyway")) // no expectation, invalidation, review date or budget
	h.settle()
	if !strings.Contains(h.dialogText(), tr("editor.save_failed")) {
		t.Fatalf("no dialog about the failed save; shows %q", h.dialogText())
	}
	if !e.active || e.title.Text != "저장 실패" {
		t.Error("the form was lost after a failed save")
	}
	// Reopen so the harness can close cleanly.
	store, err := h.deps.Open(h.path)
	if err != nil {
		t.Fatal(err)
	}
	h.u.store = store
}

// TestDraftSurvivesRestart types a thesis, closes the window without saving, and finds
// it again when the app starts next.
func TestDraftSurvivesRestart(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	a := test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "journal.db")
	h := newHarness(t, harnessOptions{settings: &s, noServer: true, app: a, path: path})
	h.u.newThesis()
	e := h.u.editor
	test.Type(e.title, "환율이 1500원을 넘는다")
	test.Type(e.reasons[0].entry, "경상수지 악화")
	test.Type(e.budget, "500")
	h.pump("the draft", func() bool { return a.Preferences().String(prefDraft) != "" })
	h.u.onCloseRequested()
	h.tapDialogButton(tr("editor.close_anyway"))
	h.settle()
	h.u.Close()

	h2 := newHarness(t, harnessOptions{noServer: true, app: a, path: path})
	e2 := h2.u.editor
	if !e2.active || e2.title.Text != "환율이 1500원을 넘는다" || e2.reasons[0].entry.Text != "경상수지 악화" || e2.budget.Text != "500" {
		t.Fatalf("draft not restored: active %v title %q", e2.active, e2.title.Text)
	}
	if h2.detail() != e2.content {
		t.Error("the restored draft is not shown")
	}
	// Leaving it asks first; discarding forgets the draft.
	h2.u.newThesis()
	h2.tapDialogButton(tr("editor.discard"))
	h2.settle()
	if a.Preferences().String(prefDraft) != "" {
		t.Error("discarding kept the draft")
	}
}

// TestWindowGeometryRemembered closes the window and expects its size and split back.
func TestWindowGeometryRemembered(t *testing.T) {
	applyLanguage(langEnglish)
	a := test.NewTempApp(t)
	h := newHarness(t, harnessOptions{noServer: true, app: a})
	h.u.split.SetOffset(0.5)
	h.u.onCloseRequested()
	if got := a.Preferences().Float(prefSplit); got != 0.5 {
		t.Errorf("split kept as %v", got)
	}
	if w := a.Preferences().Float(prefWindowWidth); w <= 0 {
		t.Errorf("width kept as %v", w)
	}
	h2 := newHarness(t, harnessOptions{noServer: true, app: a})
	if h2.u.split.Offset != 0.5 {
		t.Errorf("split restored as %v", h2.u.split.Offset)
	}
}

// TestOpenDemo writes the demo journal into its own file from the welcome screen.
func TestOpenDemo(t *testing.T) {
	applyLanguage(langEnglish)
	h := newHarness(t, harnessOptions{noServer: true})
	test.Tap(findButton(h.u.welcome, tr("welcome.demo")))
	h.settle()
	if h.u.path != h.deps.DemoPath || h.u.list.total == 0 {
		t.Fatalf("showing %s with %d theses", h.u.path, h.u.list.total)
	}
	if _, err := os.Stat(h.path); err != nil {
		t.Fatal(err)
	}
	real, err := boltdb.Open(h.path, boltdb.Options{NoBackup: true, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer real.Close()
	if _, n, _ := real.List(context.Background(), journal.Filter{}); n != 0 {
		t.Errorf("the demo wrote %d theses into the real journal", n)
	}
}

// TestDamagedRecordOffersBackup opens a journal in which one thesis's stored bytes
// changed: the list shows the others, a dialog names the damaged thesis and restores
// the newest backup, which holds it as it was.
func TestDamagedRecordOffersBackup(t *testing.T) {
	applyLanguage(langEnglish)
	path := filepath.Join(t.TempDir(), "journal.db")
	seedJournal(t, path, manyTheses(3), nil)
	db, err := boltdb.Open(path, boltdb.Options{NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Backup(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("theses"))
		v := bytes.Replace(b.Get([]byte("t0001")), []byte("0001"), []byte("0007"), 1)
		return b.Put([]byte("t0001"), v)
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, harnessOptions{path: path, noServer: true})
	h.settle()
	if h.u.store == nil {
		t.Fatalf("the journal did not open; dialog says %q", h.dialogText())
	}
	var listed []string
	for _, th := range h.u.list.pages[0] {
		listed = append(listed, th.ID)
	}
	if strings.Join(listed, ",") != "t0002,t0000" {
		t.Fatalf("listed %v, want the two sound theses", listed)
	}
	text := h.dialogText()
	if !strings.Contains(text, tr("open.damaged_title")) || !strings.Contains(text, "t0001") {
		t.Fatalf("dialog says %q", text)
	}
	h.tapDialogButton(tr("open.restore_newest"))
	h.settle()
	if h.u.store == nil {
		t.Fatalf("the backup was not opened; dialog says %q", h.dialogText())
	}
	th, err := h.u.store.Get(context.Background(), "t0001")
	if err != nil || th.Title != "논지 0001" {
		t.Fatalf("after restoring: %v", err)
	}
	if n := len(h.u.list.pages[0]); n != 3 {
		t.Fatalf("%d listed after restoring", n)
	}
}
