package app

// The UI tests live inside the package (as fyne-io/calculator's do): they drive the real
// views through their widgets with test.Type and test.Tap, over a real bbolt journal in
// t.TempDir() and the Yahoo provider talking to a local server that speaks Yahoo's
// recorded wire format. The test goroutine plays the UI goroutine: work the views start
// in the background hands its results to a queue that the test drains, exactly as
// fyne.Do hands them to the event loop in the app.

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/journal/boltdb"
	"hindsight/quotes"
	"hindsight/quotes/cache"
	"hindsight/quotes/yahoo"
	"hindsight/quotes/yahoo/yahootest"
)

// pumpLimit bounds how long a test waits for background work before it gives up; it
// guards against a deadlock and is never what a test asserts.
const pumpLimit = 60 * time.Second

// clock is a settable time source shared by the UI and the quotes cache.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// harness is the app running on the Fyne test driver.
type harness struct {
	t     *testing.T
	app   fyne.App
	win   fyne.Window
	u     *UI
	queue chan func()
	srv   *yahootest.Server
	clock *clock
	path  string
	deps  Deps
	// closed is set once the window was closed.
	closed bool
}

type harnessOptions struct {
	// seed is written to the journal before the app opens it.
	seed     []*journal.Thesis
	settings *journal.Settings
	// noServer leaves the app without a quotes source.
	noServer bool
	// lockTimeout is how long opening waits for another holder of the file.
	lockTimeout time.Duration
	// path is the journal file (default: journal.db in a new temporary folder).
	path string
	// app reuses an app (and so its preferences).
	app fyne.App
	// async builds the views off the test goroutine, as the app does (Create).
	async bool
	// nativeDialogs uses the system's file dialogs (the stand-in portal in tests).
	nativeDialogs bool
	// notifier receives the desktop notifications instead of Fyne.
	notifier Notifier
}

var testStart = time.Date(2026, 3, 2, 14, 30, 0, 0, time.UTC)

func newHarness(t *testing.T, o harnessOptions) *harness {
	t.Helper()
	h := &harness{t: t, queue: make(chan func(), 4096), clock: &clock{t: testStart}}
	h.app = o.app
	if h.app == nil {
		h.app = test.NewTempApp(t)
	}
	h.path = o.path
	if h.path == "" {
		h.path = filepath.Join(t.TempDir(), "journal.db")
	}
	if o.seed != nil || o.settings != nil {
		seedJournal(t, h.path, o.seed, o.settings)
	}
	lt := o.lockTimeout
	if lt == 0 {
		lt = time.Second
	}
	h.deps = Deps{
		JournalPath: h.path,
		DemoPath:    filepath.Join(filepath.Dir(h.path), "demo.db"),
		Open: func(p string) (journal.Store, error) {
			return boltdb.Open(p, boltdb.Options{Now: h.clock.Now, NoBackup: true, LockTimeout: lt})
		},
		Backups: func(p string) ([]Backup, error) {
			bs, err := boltdb.ListBackups(p)
			out := make([]Backup, len(bs))
			for i, b := range bs {
				out[i] = Backup{Path: b.Path, Time: b.Time, Size: b.Size}
			}
			return out, err
		},
		Restore: boltdb.Restore,
		Backup: func(s journal.Store, p string) (string, error) {
			return s.(*boltdb.DB).Backup()
		},
		Now:               h.clock.Now,
		NativeFileDialogs: o.nativeDialogs,
		Notifier:          o.notifier,
	}
	if !o.noServer {
		h.srv = yahootest.NewServer(t)
		qc, err := cache.Open(cache.Path(h.path))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { qc.Close() })
		yp := yahoo.New(yahoo.Options{
			BaseURL: h.srv.URL, Timeout: 20 * time.Second, MaxRetries: -1, Now: h.clock.Now,
			Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() },
		})
		h.deps.Quotes = quotes.NewCached(yp, qc, quotes.CachedOptions{Now: h.clock.Now})
		h.deps.CachedQuotes = quotes.NewCached(nil, qc, quotes.CachedOptions{Offline: true, Now: h.clock.Now})
	}
	h.win = h.app.NewWindow("Hindsight")
	h.win.Resize(fyne.NewSize(1200, 800))
	h.win.SetOnClosed(func() { h.closed = true })
	if o.async {
		h.u = createAsync(h.app, h.win, h.deps, func(f func()) { h.queue <- f }, false)
	} else {
		h.u = newUI(h.app, h.win, h.deps, func(f func()) { h.queue <- f }, false)
	}
	h.win.Resize(fyne.NewSize(1200, 800))
	t.Cleanup(func() {
		h.settle()
		if err := h.u.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
		if !h.closed {
			h.win.Close()
		}
	})
	h.settle()
	return h
}

// seedJournal writes theses and settings into the journal file at path.
func seedJournal(t *testing.T, path string, seed []*journal.Thesis, s *journal.Settings) {
	t.Helper()
	db, err := boltdb.Open(path, boltdb.Options{NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if s != nil {
		if err := db.SaveSettings(ctx, *s); err != nil {
			t.Fatal(err)
		}
	}
	if len(seed) > 0 {
		if _, err := db.Import(ctx, seed, nil); err != nil {
			t.Fatal(err)
		}
	}
}

// pump runs what background work hands to the UI until cond holds.
func (h *harness) pump(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.After(pumpLimit)
	tick := time.NewTicker(2 * time.Millisecond) // conditions on other goroutines' state are polled
	defer tick.Stop()
	for !cond() {
		select {
		case f := <-h.queue:
			f()
		case <-tick.C:
		case <-deadline:
			h.t.Fatalf("gave up waiting for %s", what)
		}
	}
}

// settle runs queued UI work until no background task is left.
func (h *harness) settle() {
	h.t.Helper()
	deadline := time.After(pumpLimit)
	for {
		select {
		case f := <-h.queue:
			f()
			continue
		default:
		}
		if h.u == nil || h.u.running.Load() == 0 {
			select {
			case f := <-h.queue:
				f()
				continue
			default:
				return
			}
		}
		select {
		case f := <-h.queue:
			f()
		case <-time.After(5 * time.Millisecond):
		case <-deadline:
			h.t.Fatal("background work did not finish")
		}
	}
}

// shortcut presses Ctrl (Cmd on macOS) with key.
func (h *harness) shortcut(k fyne.KeyName) {
	h.win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault})
}

// enter presses Return in a focused entry.
func enter(e interface{ TypedKey(*fyne.KeyEvent) }) {
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// textEntry is a text field: Fyne's entry, or one of the app's own.
type textEntry interface {
	fyne.Focusable
	SetText(string)
}

// typeInto replaces the entry's text by typing, as a person would.
func typeInto(e textEntry, s string) {
	e.SetText("")
	test.Type(e, s)
}

// store returns the journal the app has open.
func (h *harness) store() journal.Store { return h.u.store }

// get reads a thesis straight from the journal file.
func (h *harness) get(id string) *journal.Thesis {
	h.t.Helper()
	t, err := h.store().Get(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return t
}

// all reads every thesis straight from the journal file.
func (h *harness) all() []*journal.Thesis {
	h.t.Helper()
	ts, _, err := h.store().List(context.Background(), journal.Filter{})
	if err != nil {
		h.t.Fatal(err)
	}
	return ts
}

// visibleTexts returns the texts of the labels, buttons and entries inside o.
func visibleTexts(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			if w.Visible() && w.Text != "" {
				out = append(out, w.Text)
			}
		case *widget.Button:
			if w.Visible() && w.Text != "" {
				out = append(out, w.Text)
			}
		case *dialogButton:
			if w.Visible() && w.Text != "" {
				out = append(out, w.Text)
			}
		}
	})
	return out
}

// walk visits o and everything inside it, widgets' rendered parts included.
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	f(o)
	switch w := o.(type) {
	case *fyne.Container:
		for _, c := range w.Objects {
			walk(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(w).Objects() {
			walk(c, f)
		}
	}
}

// findButton returns the visible button labelled text inside o, or nil.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	var found *widget.Button
	walk(o, func(o fyne.CanvasObject) {
		b, ok := o.(*widget.Button)
		if db, isDialog := o.(*dialogButton); isDialog {
			b, ok = &db.Button, true
		}
		if ok && b.Text == text && b.Visible() && found == nil {
			found = b
		}
	})
	return found
}

// topOverlay returns what the window shows on top (a dialog), or nil.
func (h *harness) topOverlay() fyne.CanvasObject {
	return h.win.Canvas().Overlays().Top()
}

// tapDialogButton taps the button labelled text in the dialog on top.
func (h *harness) tapDialogButton(text string) {
	h.t.Helper()
	top := h.topOverlay()
	if top == nil {
		h.t.Fatalf("no dialog is open to tap %q", text)
	}
	b := findButton(top, text)
	if b == nil {
		h.t.Fatalf("dialog has no button %q; it shows %q", text, visibleTexts(top))
	}
	test.Tap(b)
}

// dialogText joins the texts of the dialog on top.
func (h *harness) dialogText() string {
	top := h.topOverlay()
	if top == nil {
		return ""
	}
	return strings.Join(visibleTexts(top), "\n")
}

// detail returns what the right-hand pane shows.
func (h *harness) detail() fyne.CanvasObject {
	if len(h.u.detail.Objects) == 0 {
		return nil
	}
	return h.u.detail.Objects[0]
}

// listTitles returns the titles of the listed theses that are read.
func (h *harness) listTitles() []string {
	var out []string
	for i := 0; i < h.u.list.total; i++ {
		if t := h.u.list.at(i); t != nil {
			out = append(out, t.Title)
		}
	}
	return out
}

// recordedPrice returns a symbol's regularMarketPrice as the fake Yahoo records it.
func (h *harness) recordedPrice(sym string) journal.Money {
	h.t.Helper()
	f := h.srv.QuoteFields(sym)
	p, ok := f["regularMarketPrice"].(float64)
	cur, _ := f["currency"].(string)
	if !ok || cur == "" {
		h.t.Fatalf("no recorded price of %s", sym)
	}
	m, err := journal.NewMoney(decimalFromFloat(p), cur)
	if err != nil {
		h.t.Fatal(err)
	}
	return m
}

func TestMain(m *testing.M) {
	// Fyne reads the locale from the environment; a bare "C" makes it log errors.
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(v); l == "C" || l == "POSIX" || l == "C.UTF-8" {
			os.Unsetenv(v)
		}
	}
	if os.Getenv("LANG") == "" {
		os.Setenv("LANG", "en_US.UTF-8")
	}
	os.Exit(m.Run())
}

func sameJSONForTest(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// onePosition is a position opened with one fill of qty at price at the time at, with
// the rate fx: a buy, or a sell for a short.
func onePosition(sym string, side journal.Side, qty decimal.Decimal, price journal.Money, at time.Time, fx decimal.Decimal) journal.Position {
	action := journal.ActionBuy
	if side == journal.SideShort {
		action = journal.ActionSell
	}
	return journal.Position{Symbol: sym, Side: side, Fills: []journal.Fill{{ID: journal.NewLedgerID(), At: at, Action: action,
		Quantity: qty, Price: price, FXToBase: fx, Source: journal.FillManual}}}
}
