// Package app is Hindsight's desktop UI, built with Fyne: the main window with the list
// of theses, the review view, the thesis form, the dashboard, settings, import and
// export. main.go creates the Fyne app and window and hands them to Create together
// with the journal and quotes adapters (Deps).
//
// Threading: widgets are touched only on the UI goroutine. Everything that reads the
// journal file in bulk, writes it, or talks to the network runs in a goroutine of its
// own and hands its result back through fyne.Do.
package app

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hindsight/assets"
	"hindsight/journal"
	"hindsight/journal/safefile"
	"hindsight/journal/trades"
	"hindsight/quotes"
)

// Backup describes one backup copy of a journal file.
type Backup struct {
	// Path is the backup file.
	Path string
	// Time is when it was made.
	Time time.Time
	// Size is its size in bytes.
	Size int64
}

// Notifier shows a desktop notification, with a button labelled open, and returns its
// id; a click on it is reported to UI.NotificationClicked with that id.
type Notifier interface {
	Notify(title, body, open string) (uint32, error)
}

// Deps is what the UI needs from the outside: the journal file and how to open it, its
// backups, and market data. main.go fills it with the bbolt journal and the Yahoo
// provider behind the offline cache.
type Deps struct {
	// JournalPath is the journal file to open.
	JournalPath string
	// Tray reports whether the system tray can be used (on Linux it needs a D-Bus
	// session bus); nil means it can whenever the app has one.
	Tray func() bool
	// Notifier shows desktop notifications whose clicks reach UI.NotificationClicked
	// (on Linux over D-Bus); nil uses Fyne's notifications, which report no click.
	Notifier Notifier
	// DemoPath is where the demo journal lives; "" hides "Open the demo journal".
	DemoPath string
	// ExportGuard names the files an export must never replace (the journal, its
	// backups, its sidecars, the quotes cache).
	ExportGuard safefile.Guard
	// Open opens (creating when missing) the journal file at path.
	Open func(path string) (journal.Store, error)
	// Backups lists the backups of the journal at path, newest first; nil hides backups.
	Backups func(path string) ([]Backup, error)
	// Backup copies the open journal at path into its backups now and returns the copy's
	// path; nil hides "Back up now".
	Backup func(store journal.Store, path string) (string, error)
	// Restore puts backup in place of the (closed) journal at path and returns where the
	// replaced file was moved.
	Restore func(path, backup string) (movedAside string, err error)
	// Quotes fetches quotes and price history, answering from its cache when the network
	// fails; nil means there is no market data source at all.
	Quotes quotes.Provider
	// CachedQuotes answers from the cache only, without the network; it gives the last
	// known prices at start-up. Nil means none.
	CachedQuotes quotes.Provider
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Version is the app's version, shown in the About box.
	Version string
	// TradeFormats are the formats of trade files the import wizard reads, in the order
	// detection tries them (the generic CSV last); nil hides the trade import.
	TradeFormats []trades.Format
	// NativeFileDialogs uses the operating system's own file dialogs for import and
	// export where it has them (Fyne's otherwise).
	NativeFileDialogs bool
}

// UI is the running desktop app: the main window's views and the journal they show.
type UI struct {
	app   fyne.App
	win   fyne.Window
	deps  Deps
	prefs fyne.Preferences
	now   func() time.Time
	// do runs f on the UI goroutine; fyne.Do in the app, a queue the test drains in tests.
	do func(f func())
	// bg counts running background tasks, so that Close can wait for them; running is
	// the same count, readable.
	bg      sync.WaitGroup
	running atomic.Int32
	// waitFirstFrame holds the reading of the whole journal until the first frame is
	// drawn; firstFrameDone says it was.
	waitFirstFrame, firstFrameDone bool
	// opened is the journal that Create's build opened, until the UI goroutine takes
	// it over.
	opened journal.Store
	// picking says a native file dialog is open; noNativeDialogs that the system
	// turned out to have none.
	picking, noNativeDialogs bool
	// size is the window's size at start-up.
	size fyne.Size
	// start is what the build read from the journal for the first frame, if anything.
	start *startData
	// root is cancelled by Close, ending background work on the journal early.
	root   context.Context
	cancel context.CancelFunc

	theme *appTheme
	shot  shotOptions

	store    journal.Store
	path     string
	settings journal.Settings
	// damageShown is set once the damage dialog was shown for the journal open now.
	damageShown bool

	// The journal as loaded, touched on the UI goroutine only.
	all    []*journal.Thesis // every thesis, newest first
	loaded bool              // all holds the whole journal
	market journal.Market    // what is known about prices; replaced, never changed in place
	// corpActions are the journal's corporate actions by symbol, laid into every market.
	corpActions map[string][]journal.CorporateAction
	rowMarket   journal.Market // market without bars, for the quick per-row figures
	figs        map[string]rowFigure
	loadGen     int // bumps when the journal changes, so late loads are dropped
	quotesAt    time.Time
	offline     bool
	refreshing  context.CancelFunc
	historyAt   map[string]time.Time // when the bars of "symbol|from" were last fetched
	trash       []*journal.Thesis    // deleted this session, newest last

	// The dialogs open now, if any.
	reviewForm *reviewForm
	// fillForm is the fill dialog open, if any.
	fillForm     *fillForm
	settingsForm *settingsForm

	toolbar *toolbar
	list    *thesisList
	review  *reviewView
	editor  *editorView
	dash    *dashboardView
	inbox   *inboxView
	alerts  *alertsView
	tray    *trayMenu
	status  *statusBar
	banner  *demoBanner

	left    *container.AppTabs
	detail  *fyne.Container
	split   *container.Split
	welcome fyne.CanvasObject
	hint    fyne.CanvasObject
	content fyne.CanvasObject
}

// Create builds the app in window w: it applies the theme and language chosen in the
// preferences, opens the journal, lays out the main window and starts loading. A journal
// that cannot be opened (open in another Hindsight, damaged) is reported in a dialog
// offering what can be done. Call Close when the app has stopped.
//
// The window can be shown as soon as Create returns: it draws its background while the
// bundled fonts are parsed, the views are built and the journal is opened on another
// goroutine, in parallel with the window system's and the GL driver's own start-up; the
// views take the window's place when they are ready.
func Create(a fyne.App, w fyne.Window, d Deps) *UI {
	return createAsync(a, w, d, fyne.Do, true)
}

// createAsync is Create with do running a function on the UI goroutine (fyne.Do in the
// app) and afterFirstFrame as for newUI.
func createAsync(a fyne.App, w fyne.Window, d Deps, do func(func()), afterFirstFrame bool) *UI {
	u := newShell(a, w, d, do, afterFirstFrame)
	var blank fyne.CanvasObject = canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	if u.shot.quitAfterFirstFrame {
		blank = container.NewStack(blank, newFrameProbe(func() { reportWindowShown() }))
	}
	w.SetContent(blank)
	u.background(func() {
		parseFonts()
		u.buildViews()
		// Lay the views out here, so the UI goroutine finds their sizes measured.
		u.content.Resize(u.size)
		store, err := u.openStore(d.JournalPath)
		u.opened = store
		if store != nil {
			u.start = readStart(u, store)
		}
		u.do(func() {
			u.opened = nil
			u.attach()
			u.useStore(d.JournalPath, store, err, true)
			u.started()
		})
	})
	return u
}

// newUI builds the app; do runs a function on the UI goroutine. With afterFirstFrame
// (the app itself) the whole journal is read once the window has drawn its first frame,
// so that frame comes as soon as possible; without it (tests) it is read at once.
func newUI(a fyne.App, w fyne.Window, d Deps, do func(func()), afterFirstFrame bool) *UI {
	u := newShell(a, w, d, do, afterFirstFrame)
	u.buildViews()
	u.attach()
	u.openJournal(d.JournalPath, true)
	u.started()
	return u
}

// newShell makes the UI without its views: the clock, the preferences, the theme and the
// language, and the window's size.
func newShell(a fyne.App, w fyne.Window, d Deps, do func(func()), afterFirstFrame bool) *UI {
	if d.Now == nil {
		d.Now = time.Now
	}
	u := &UI{app: a, win: w, deps: d, prefs: a.Preferences(), now: d.Now, do: do, figs: map[string]rowFigure{}}
	u.root, u.cancel = context.WithCancel(context.Background())
	u.waitFirstFrame = afterFirstFrame
	u.shot = shotFromEnv()
	u.theme = newTheme(u.prefs.StringWithFallback(prefTheme, choiceSystem))
	a.Settings().SetTheme(u.theme)
	applyLanguage(u.prefs.StringWithFallback(prefLanguage, choiceSystem))
	moveColors = u.prefs.StringWithFallback(prefMoveColors, choiceSystem)
	u.restoreGeometry()
	return u
}

// parseFonts has Fyne parse the bundled regular and bold faces, each on a goroutine of
// its own, and returns when both are in its font cache: Fyne parses a face the first
// time a text style is measured, and the Korean faces are large.
func parseFonts() {
	var wg sync.WaitGroup
	for _, bold := range []bool{false, true} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fyne.MeasureText("Hindsight 한글", theme.TextSize(), fyne.TextStyle{Bold: bold})
		}()
	}
	wg.Wait()
}

// startData is what the first frame shows of a journal: its settings and newest page.
type startData struct {
	settings    journal.Settings
	settingsErr error
	first       []*journal.Thesis
	total       int
	listErr     error
}

// readStart reads the settings and the list's first page from store.
func readStart(u *UI, store journal.Store) *startData {
	ctx, cancel := u.ctx()
	defer cancel()
	sd := &startData{}
	sd.settings, sd.settingsErr = store.Settings(ctx)
	f := u.list.filter
	f.Offset, f.Limit = 0, pageSize
	sd.first, sd.total, sd.listErr = store.List(ctx, f)
	return sd
}

// attach puts the views built by buildViews into the window, with the menu bar, the
// keyboard shortcuts and the close handler.
func (u *UI) attach() {
	u.win.SetContent(u.content)
	u.win.SetMainMenu(u.mainMenu())
	u.addShortcuts()
	u.win.SetCloseIntercept(u.onCloseRequested)
	u.setupTray()
}

// started runs once the views show the journal: in the app, the whole journal is read
// after the first frame.
func (u *UI) started() {
	if u.waitFirstFrame {
		trimMemory()
		u.status.addProbe(newFrameProbe(func() { u.do(u.onFirstFrame) }))
		// Should no frame be drawn (a window that starts hidden), read the journal anyway.
		time.AfterFunc(3*time.Second, func() { u.do(u.onFirstFrame) })
	}
}

// trimMemory gives memory back once the window is built: Fyne has parsed the bundled
// fonts into its own structures by now, so the pages of the font files embedded in the
// executable, and the garbage the parsing left, need not stay resident while the
// window system and the GL driver start.
func trimMemory() {
	releasePages(assets.FontRegular)
	releasePages(assets.FontBold)
	// The collection runs beside the window system's start-up instead of before it.
	go debug.FreeOSMemory()
}

// onFirstFrame runs once the window has drawn its first frame: the whole journal is
// read now, and the start-up benchmark quits here.
func (u *UI) onFirstFrame() {
	if u.firstFrameDone || u.status == nil {
		return
	}
	u.firstFrameDone = true
	if u.shot.quitAfterFirstFrame {
		u.shot.reportAndQuit(u, "first frame")
		return
	}
	if u.store != nil && !u.loaded {
		u.loadAll()
	}
	u.setIcon()
}

// setIcon gives the app and its window their icon, scaled down in the background: the
// window system gets a 256-pixel image rather than the 1024-pixel original, and the
// first frame does not wait for it.
func (u *UI) setIcon() {
	u.background(func() {
		res := iconResource(256)
		u.do(func() {
			u.app.SetIcon(res)
			u.win.SetIcon(res)
		})
	})
}

// buildUI makes every view and puts them in the window.
func (u *UI) buildUI() {
	u.buildViews()
	u.win.SetContent(u.content)
	u.win.SetMainMenu(u.mainMenu())
}

// buildViews makes every view and lays them out, without touching the window.
func (u *UI) buildViews() {
	u.toolbar = newToolbar(u)
	u.status = newStatusBar(u)
	u.list = newThesisList(u)
	u.review = newReviewView(u)
	u.editor = newEditorView(u)
	u.dash = newDashboardView(u)
	u.banner = newDemoBanner(u)
	u.inbox = newInboxView(u)
	if u.alerts == nil {
		u.alerts = newAlertsView(u)
	} else {
		u.alerts.buildUI()
	}
	u.welcome = nil // built when an empty journal first shows it
	u.hint = container.NewCenter(widget.NewLabel(tr("detail.hint")))

	u.left = container.NewAppTabs(
		container.NewTabItem(tr("tab.theses"), u.list.content),
		container.NewTabItem(tr("tab.dashboard"), u.dash.side),
		u.inbox.tab,
		u.alerts.tab,
	)
	u.left.OnSelected = u.onTabChanged
	u.detail = container.NewStack(u.hint)
	u.split = container.NewHSplit(u.left, u.detail)
	u.split.Offset = u.prefs.FloatWithFallback(prefSplit, defaultSplit)
	u.content = container.NewBorder(container.NewVBox(u.toolbar.content, u.banner.content), u.status.content, nil, nil, u.split)
}

// rebuild lays the window out again after the language changed; the journal, the
// market and the draft (kept in the preferences) carry over.
func (u *UI) rebuild() {
	selected := u.list.selectedID
	editing := u.editor.active
	u.editor.saveDraftNow()
	u.buildUI()
	u.updateTitle()
	u.status.update()
	u.list.reload()
	u.list.refreshChoices()
	switch {
	case editing:
		u.editor.restoreDraft()
	case selected != "":
		u.list.selectedID = selected
		u.showThesis(selected)
	case u.store != nil && u.list.total == 0 && u.list.filter.Query == "":
		u.showDetail(u.welcomeView())
	}
	u.dash.refresh()
}

// repaintMoves redraws the signed figures after the colours of gains and losses changed.
func (u *UI) repaintMoves() {
	u.list.list.Refresh()
	if u.review.thesis != nil {
		u.review.render()
	}
	if d := u.dash; d.last != nil {
		d.show(d.last.sum, d.last.cal)
	}
}

// showDetail puts obj in the right-hand pane.
func (u *UI) showDetail(obj fyne.CanvasObject) {
	u.detail.Objects = []fyne.CanvasObject{obj}
	u.detail.Refresh()
	u.status.updateQuotes()
}

// onTabChanged shows the dashboard beside its tab, and the selected thesis beside the list.
func (u *UI) onTabChanged(t *container.TabItem) {
	if u.left.SelectedIndex() == 1 {
		u.dash.refresh()
		u.showDetail(u.dash.view())
		return
	}
	switch {
	case u.editor.active:
		u.showDetail(u.editor.view())
	case u.review.thesis != nil:
		u.showDetail(u.review.view())
	case u.loaded && len(u.all) == 0:
		u.showDetail(u.welcomeView())
	default:
		u.showDetail(u.hint)
	}
}

// showTheses switches the left pane to the list.
func (u *UI) showTheses() {
	if u.left.SelectedIndex() != 0 {
		u.left.SelectIndex(0)
	}
}

// updateTitle names the journal file in the window title.
func (u *UI) updateTitle() {
	if u.path == "" {
		u.win.SetTitle("Hindsight")
		return
	}
	u.win.SetTitle(fmt.Sprintf("Hindsight — %s", filepath.Base(u.path)))
}

// background runs f in a goroutine of its own, counted so Close can wait for it.
func (u *UI) background(f func()) {
	u.bg.Add(1)
	u.running.Add(1)
	go func() {
		defer u.bg.Done()
		defer u.running.Add(-1)
		f()
	}()
}

// ctx returns a context for a background task on the journal file.
func (u *UI) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(u.root, 2*time.Minute)
}

// restoreGeometry sizes the window as it was left.
func (u *UI) restoreGeometry() {
	wd := u.prefs.FloatWithFallback(prefWindowWidth, defaultWidth)
	ht := u.prefs.FloatWithFallback(prefWindowHeight, defaultHeight)
	if u.shot.size.Width > 0 {
		wd, ht = float64(u.shot.size.Width), float64(u.shot.size.Height)
	}
	u.size = fyne.NewSize(float32(max(wd, 640)), float32(max(ht, 480)))
	u.win.Resize(u.size)
}

// saveGeometry remembers the window's size and split position.
func (u *UI) saveGeometry() {
	if u.shot.active() || u.split == nil {
		return
	}
	s := u.win.Canvas().Size()
	if s.Width > 0 && s.Height > 0 {
		u.prefs.SetFloat(prefWindowWidth, float64(s.Width))
		u.prefs.SetFloat(prefWindowHeight, float64(s.Height))
	}
	u.prefs.SetFloat(prefSplit, u.split.Offset)
}

// onCloseRequested keeps the window geometry and the draft, then closes the window (or
// hides it, when the app keeps running in the tray). With unsaved changes in the form it
// asks first; the draft is kept either way.
func (u *UI) onCloseRequested() {
	if u.hideToTray() {
		return
	}
	if u.editor != nil && u.editor.active && u.editor.dirty {
		u.editor.saveDraftNow()
		u.ask(tr("editor.close_title"), tr("editor.close_message"), tr("editor.close_anyway"), tr("editor.keep_writing"),
			widget.HighImportance, u.closeWindow)
		return
	}
	u.closeWindow()
}

// closeWindow keeps the window geometry and the draft, then closes the window.
func (u *UI) closeWindow() {
	u.saveGeometry()
	if u.editor != nil {
		u.editor.saveDraftNow()
	}
	if u.refreshing != nil {
		u.refreshing()
	}
	u.win.Close()
}

// Close waits (a few seconds at most) for background work and releases the journal.
// Call it after the app stopped.
func (u *UI) Close() error {
	if u.refreshing != nil {
		u.refreshing()
	}
	u.cancel()
	done := make(chan struct{})
	go func() {
		u.bg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		// A request that does not honour its context must not keep the app from quitting.
	}
	if u.opened != nil {
		// The app stopped before the views took over the journal they opened.
		err := u.opened.Close()
		u.opened = nil
		return err
	}
	if u.store == nil {
		return nil
	}
	err := u.store.Close()
	u.store = nil
	return err
}
