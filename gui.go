package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"hindsight/app"
	"hindsight/journal"
	"hindsight/journal/boltdb"
	"hindsight/notify"
	"hindsight/quotes"
	"hindsight/quotes/cache"
	"hindsight/quotes/yahoo"
)

// appID is the desktop app's identifier (as in FyneApp.toml); Fyne keeps the app's
// preferences under it.
const appID = "app.hindsight.journal"

// envOffline, set to 1, keeps the desktop app off the network: prices come from the
// journal and the quotes cache only.
const envOffline = "HINDSIGHT_OFFLINE"

// runGUI opens the desktop app on the journal named by --db, HINDSIGHT_DB or the default
// location, with the Yahoo quotes provider behind the quotes cache kept beside it.
func runGUI(e *env) int {
	if msg := noDisplay(runtime.GOOS, os.Getenv); msg != "" {
		fmt.Fprintf(e.stderr, "hindsight: %s\n", msg)
		return exitRuntime
	}
	path, err := boltdb.ResolvePath(e.db)
	if err != nil {
		fmt.Fprintf(e.stderr, "hindsight: %s\n", journal.ErrorMessage(err))
		return exitRuntime
	}
	path, _ = filepath.Abs(path)

	store := &lazyCache{path: cache.Path(path)}
	defer store.Close()
	var live quotes.Provider
	if os.Getenv(envOffline) != "1" {
		live = quotes.NewCached(yahoo.New(yahoo.Options{BaseURL: yahoo.BaseURLFromEnv()}), store, quotes.CachedOptions{Now: e.now})
	}
	cached := quotes.NewCached(nil, store, quotes.CachedOptions{Offline: true, Now: e.now})

	a := fyneapp.NewWithID(appID)
	w := a.NewWindow("Hindsight")
	w.SetMaster()
	var shown atomic.Pointer[app.UI]
	notifier := openNotifier(func(id uint32) {
		if ui := shown.Load(); ui != nil {
			ui.NotificationClicked(id)
		}
	})
	if notifier != nil {
		defer notifier.client.Close()
	}
	ui := app.Create(a, w, app.Deps{
		JournalPath:  path,
		Tray:         trayAvailable,
		Notifier:     notifier.orNil(),
		DemoPath:     guiDemoPath(path),
		ExportGuard:  exportGuard(path),
		Open:         func(p string) (journal.Store, error) { return openForGUI(p, e.now) },
		Backups:      listBackups,
		Restore:      boltdb.Restore,
		Backup:       backupNow,
		Quotes:       live,
		CachedQuotes: cached,
		Now:          e.now,
		Version:      version,
		TradeFormats: tradeFormats(),
		// Import and export use the system's own file dialogs where it has them.
		NativeFileDialogs: true,
	})
	shown.Store(ui)
	quitOnSignal(a)
	w.ShowAndRun()
	if err := ui.Close(); err != nil {
		fmt.Fprintf(e.stderr, "hindsight: %s\n", journal.ErrorMessage(err))
		return exitRuntime
	}
	return exitOK
}

// noDisplay says why the window cannot be opened on a Linux or BSD machine without a
// graphical session (over ssh, in a console), or "" when it can be tried: the window
// system library would otherwise stop the process with a panic.
func noDisplay(goos string, getenv func(string) string) string {
	switch goos {
	case "windows", "darwin", "ios", "android", "js":
		return ""
	}
	if getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != "" {
		return ""
	}
	return "no display to open the window on (DISPLAY is not set); the commands work without one: hindsight --help"
}

// guiDemoPath is the demo journal beside the default journal (or beside the journal
// shown when no default location exists); "" when the journal shown is the demo.
func guiDemoPath(journalPath string) string {
	dir := filepath.Dir(journalPath)
	if p, err := boltdb.DefaultPath(); err == nil {
		dir = filepath.Dir(p)
	}
	demo := filepath.Join(dir, "demo.db")
	if demo == journalPath {
		return ""
	}
	return demo
}

// openForGUI opens a journal for the app. The day's backup is made while opening only
// when it is due, so that opening a large journal is quick the rest of the day.
func openForGUI(path string, now func() time.Time) (journal.Store, error) {
	opts := boltdb.Options{Now: now, NoBackup: !backupDue(path, now())}
	return boltdb.Open(path, opts)
}

// backupDue reports whether the journal at path has no backup from today.
func backupDue(path string, now time.Time) bool {
	if _, err := os.Stat(path); err != nil {
		return false // a new journal has nothing to back up
	}
	bs, err := boltdb.ListBackups(path)
	if err != nil || len(bs) == 0 {
		return true
	}
	y, m, d := now.Date()
	by, bm, bd := bs[0].Time.In(now.Location()).Date()
	return y != by || m != bm || d != bd
}

func listBackups(path string) ([]app.Backup, error) {
	bs, err := boltdb.ListBackups(path)
	out := make([]app.Backup, len(bs))
	for i, b := range bs {
		out[i] = app.Backup{Path: b.Path, Time: b.Time, Size: b.Size}
	}
	return out, err
}

func backupNow(s journal.Store, path string) (string, error) {
	db, ok := s.(*boltdb.DB)
	if !ok {
		return "", journal.Errorf(journal.EINTERNAL, "journal %s cannot be backed up from here", path)
	}
	return db.Backup()
}

// lazyCache is the quotes cache file, opened when it is first used (from a background
// task of the app) rather than before the window appears. A file that cannot be used is
// replaced by a cache in memory.
type lazyCache struct {
	path string

	mu     sync.Mutex
	cache  quotes.Cache
	file   *cache.Store
	closed bool
}

var _ quotes.Cache = (*lazyCache)(nil)

func (l *lazyCache) get() quotes.Cache {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cache == nil {
		if s, err := cache.Open(l.path); err == nil && !l.closed {
			l.cache, l.file = s, s
		} else {
			if err == nil {
				_ = s.Close()
			}
			l.cache = quotes.NewMemoryCache()
		}
	}
	return l.cache
}

// Close closes the cache file if it was opened.
func (l *lazyCache) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	if l.file == nil {
		return nil
	}
	return l.file.Close()
}

// LoadQuotes reads cached quotes.
func (l *lazyCache) LoadQuotes(ctx context.Context, symbols []string) (map[string]quotes.Quote, error) {
	return l.get().LoadQuotes(ctx, symbols)
}

// StoreQuotes saves quotes.
func (l *lazyCache) StoreQuotes(ctx context.Context, qs []quotes.Quote) error {
	return l.get().StoreQuotes(ctx, qs)
}

// LoadSeries reads a cached series.
func (l *lazyCache) LoadSeries(ctx context.Context, symbol string, interval quotes.Interval) (quotes.Series, bool, error) {
	return l.get().LoadSeries(ctx, symbol, interval)
}

// StoreSeries saves a series.
func (l *lazyCache) StoreSeries(ctx context.Context, s quotes.Series) error {
	return l.get().StoreSeries(ctx, s)
}

// LoadEvents reads a symbol's cached dividends and splits; a cache that cannot hold
// them has none.
func (l *lazyCache) LoadEvents(ctx context.Context, symbol string) (quotes.EventSeries, bool, error) {
	if ec, ok := l.get().(quotes.EventCache); ok {
		return ec.LoadEvents(ctx, symbol)
	}
	return quotes.EventSeries{}, false, nil
}

// StoreEvents saves a symbol's dividends and splits.
func (l *lazyCache) StoreEvents(ctx context.Context, s quotes.EventSeries) error {
	if ec, ok := l.get().(quotes.EventCache); ok {
		return ec.StoreEvents(ctx, s)
	}
	return nil
}

var _ quotes.EventCache = (*lazyCache)(nil)

// quitOnSignal quits the app the way closing its window does when the process is asked
// to stop (Ctrl+C in a terminal, SIGTERM from the session), so the journal is closed
// cleanly and a draft is kept.
func quitOnSignal(a fyne.App) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ch
		fyne.Do(a.Quit)
	}()
}

// trayAvailable reports whether the system tray can be used: on Linux and the BSDs the
// tray is a D-Bus service, and setting it up without a session bus leaves Fyne's tray
// half made (quitting then crashes), so it needs one that answers.
func trayAvailable() bool {
	switch runtime.GOOS {
	case "windows", "darwin":
		return true
	}
	return notify.SessionBusAvailable()
}

// dbusNotifier shows the app's notifications over D-Bus, where a click on one is heard
// (Fyne's own notifications report none) and brings the window to what it was about.
type dbusNotifier struct{ client *notify.Client }

// openNotifier connects to the session bus on Linux and the BSDs; nil elsewhere or
// without a bus that answers (the app then uses Fyne's notifications).
func openNotifier(clicked func(id uint32)) *dbusNotifier {
	switch runtime.GOOS {
	case "windows", "darwin":
		return nil
	}
	if !notify.SessionBusAvailable() {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	c, err := notify.Open(ctx, func(id uint32, _ string) { clicked(id) })
	if err != nil {
		return nil
	}
	return &dbusNotifier{client: c}
}

// orNil returns n as an app.Notifier, or nil (not a nil pointer in an interface).
func (n *dbusNotifier) orNil() app.Notifier {
	if n == nil {
		return nil
	}
	return n
}

// Notify shows a notification whose body and button open what it is about.
func (n *dbusNotifier) Notify(title, body, open string) (uint32, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return n.client.Send(ctx, notify.Notification{Title: title, Body: body, AppName: "Hindsight",
		Action: notify.DefaultAction, ActionLabel: open, DesktopEntry: appID})
}
