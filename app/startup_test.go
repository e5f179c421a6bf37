package app

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// TestCreateBuildsOffTheUIGoroutine starts the app the way the real one starts: the
// window gets its background at once, the fonts, the views and the journal come from
// another goroutine, and only then do the list, the menu and the shortcuts work.
func TestCreateBuildsOffTheUIGoroutine(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	path := filepath.Join(t.TempDir(), "journal.db")
	seedJournal(t, path, manyTheses(3), &s)

	a := test.NewTempApp(t)
	w := a.NewWindow("Hindsight")
	queue := make(chan func(), 64)
	release := make(chan struct{})
	d := Deps{
		JournalPath: path,
		Open: func(p string) (journal.Store, error) {
			<-release // the journal opens slowly
			return boltdb.Open(p, boltdb.Options{NoBackup: true, LockTimeout: time.Second})
		},
		Now: func() time.Time { return testStart },
	}
	u := createAsync(a, w, d, func(f func()) { queue <- f }, false)
	if _, ok := w.Content().(*canvas.Rectangle); !ok {
		t.Fatalf("before its views are built the window shows %T, want its background", w.Content())
	}
	h := &harness{t: t, app: a, win: w, u: u, queue: queue}
	// A shortcut pressed this early does nothing (and does not crash).
	h.shortcut(fyne.KeyN)
	close(release)
	h.settle()
	if w.Content() != u.content {
		t.Fatal("the views did not replace the background")
	}
	if got, want := h.listTitles(), []string{"논지 0002", "논지 0001", "논지 0000"}; !slices.Equal(got, want) {
		t.Fatalf("list shows %q, want %q", got, want)
	}
	if w.MainMenu() == nil {
		t.Error("no menu bar after the views were built")
	}
	h.shortcut(fyne.KeyN)
	if !u.editor.active {
		t.Error("Ctrl+N did not open a new thesis once the views were up")
	}
	if err := u.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestQuitWhileBuilding quits before the views took over the journal their build opened:
// Close still closes that journal, so its lock is released.
func TestQuitWhileBuilding(t *testing.T) {
	applyLanguage(langEnglish)
	path := filepath.Join(t.TempDir(), "journal.db")
	a := test.NewTempApp(t)
	w := a.NewWindow("Hindsight")
	release := make(chan struct{})
	d := Deps{
		JournalPath: path,
		Open: func(p string) (journal.Store, error) {
			<-release
			return boltdb.Open(p, boltdb.Options{NoBackup: true, LockTimeout: time.Second})
		},
	}
	// The event loop has stopped: what the build hands to it never runs.
	u := createAsync(a, w, d, func(func()) {}, true)
	time.AfterFunc(50*time.Millisecond, func() { close(release) })
	if err := u.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := boltdb.Open(path, boltdb.Options{NoBackup: true, LockTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("the journal is still held after Close: %v", err)
	}
	db.Close()
}
