package app

import (
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"hindsight/journal"
	"hindsight/quotes"
)

// refreshChoices are the intervals of the periodic refresh the settings offer, in
// minutes.
var refreshChoices = []int{15, 30, 60, 120}

// minRefreshInterval is the shortest interval of the periodic refresh: no shorter than
// the quotes cache reuses what it fetched (a quote for a minute, ten while its market
// is closed, bars for a quarter of an hour), so that every periodic refresh asks anew.
const minRefreshInterval = max(quotes.DefaultMaxAge, quotes.DefaultClosedMaxAge, quotes.DefaultHistoryMaxAge)

// trayTick is how often the periodic refresh looks whether it is due.
const trayTick = time.Minute

// maxTrayTheses is how many theses with active alerts the tray's menu offers to open.
const maxTrayTheses = 5

// trayMenu is the app's menu in the system tray (where the desktop has one): the reviews
// due, the active alerts, the theses they are about, "Refresh now", "Open Hindsight" and
// "Quit". With "Keep running in the tray" chosen, closing the window hides it, and the
// prices are refreshed every few minutes while a market of a held symbol may be open.
type trayMenu struct {
	u    *UI
	desk desktop.App
	menu *fyne.Menu
	// shownAs is the labels of the menu set last, so an unchanged menu is not set again.
	shownAs string
	// hidden says the window was hidden into the tray.
	hidden bool
	// lastTick is when the periodic refresh last ran (or the tray was set up).
	lastTick time.Time
}

// setupTray puts the app's menu in the system tray when the app has one, and starts the
// periodic refresh. It runs once; later calls bring the menu up to date.
func (u *UI) setupTray() {
	if u.tray != nil {
		u.tray.update()
		return
	}
	desk, ok := u.app.(desktop.App)
	if !ok || (u.deps.Tray != nil && !u.deps.Tray()) {
		return
	}
	t := &trayMenu{u: u, desk: desk, lastTick: u.now()}
	u.tray = t
	t.update()
	// A tap on the tray's icon shows the window; Fyne makes closing the window hide it
	// then, so the app's own close handling is put back.
	desk.SetSystemTrayWindow(u.win)
	u.win.SetCloseIntercept(u.onCloseRequested)
	u.background(func() {
		res := iconResource(64)
		u.do(func() { desk.SetSystemTrayIcon(res) })
	})
	root := u.root
	go func() {
		tick := time.NewTicker(trayTick)
		defer tick.Stop()
		for {
			select {
			case <-root.Done():
				return
			case <-tick.C:
				u.do(t.tick)
			}
		}
	}()
}

// keepInTray reports whether closing the window hides it into the tray.
func (u *UI) keepInTray() bool {
	return u.tray != nil && u.prefs.Bool(prefKeepInTray)
}

// hideToTray hides the window instead of closing it when the app keeps running in the
// tray, keeping its geometry and the draft as closing does; it reports whether it did.
func (u *UI) hideToTray() bool {
	if !u.keepInTray() {
		return false
	}
	u.saveGeometry()
	if u.editor != nil {
		u.editor.saveDraftNow()
	}
	u.tray.hidden = true
	u.win.Hide()
	return true
}

// refreshInterval is the interval of the periodic refresh chosen in the settings, no
// shorter than minRefreshInterval.
func refreshInterval(p fyne.Preferences) time.Duration {
	d := time.Duration(p.IntWithFallback(prefRefreshMinutes, defaultRefreshMinutes)) * time.Minute
	return max(d, minRefreshInterval)
}

// tick runs the periodic refresh when it is due: the quotes when a market of a held
// symbol may be open, else only the alert rules (a review date comes with the day,
// prices or not). Nothing runs unless the app keeps running in the tray.
func (t *trayMenu) tick() {
	u := t.u
	if u.store == nil || !u.loaded || !u.prefs.Bool(prefKeepInTray) || u.showingDemo() {
		return
	}
	now := u.now()
	last := t.lastTick
	if u.quotesAt.After(last) {
		last = u.quotesAt
	}
	if now.Sub(last) < refreshInterval(u.prefs) {
		return
	}
	t.lastTick = now
	if u.deps.Quotes != nil && marketMayBeOpen(heldSymbols(u.all), now) {
		u.refreshQuotes()
		return
	}
	u.alerts.check(true)
}

// heldSymbols returns the symbols of the long and short positions of the open theses
// that still hold something.
func heldSymbols(theses []*journal.Thesis) []string {
	var out []string
	for _, t := range theses {
		if t.Status != journal.StatusOpen {
			continue
		}
		for _, p := range t.Positions {
			if p.Side == journal.SideWatch || slices.Contains(out, p.Symbol) || positionClosed(p) {
				continue
			}
			out = append(out, p.Symbol)
		}
	}
	return out
}

// marketMayBeOpen reports whether a market of one of the symbols may be trading at now,
// by a simple rule that ignores holidays: on weekdays (UTC), the Korean exchange (.KS,
// .KQ) from 00:00 to 06:30 UTC, the US markets (a symbol without a suffix) from 13:30 to
// 21:00 UTC (the regular session in summer and in winter time), other exchanges all day.
// Currency pairs and indices do not count.
func marketMayBeOpen(symbols []string, now time.Time) bool {
	now = now.UTC()
	if wd := now.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	mins := now.Hour()*60 + now.Minute()
	for _, s := range symbols {
		switch {
		case strings.HasSuffix(s, ".KS") || strings.HasSuffix(s, ".KQ"):
			if mins < 6*60+30 {
				return true
			}
		case strings.Contains(s, "=") || strings.HasPrefix(s, "^"):
		case strings.Contains(s, "."):
			return true
		default:
			if mins >= 13*60+30 && mins < 21*60 {
				return true
			}
		}
	}
	return false
}

// dueCount counts the open theses whose review date has come (local day), as the list
// marks them.
func dueCount(theses []*journal.Thesis, now time.Time) int {
	today := journal.DateOf(now.Local())
	n := 0
	for _, t := range theses {
		if t.Status == journal.StatusOpen && !t.ReviewBy.IsZero() && !today.Before(t.ReviewBy) {
			n++
		}
	}
	return n
}

// update sets the tray's menu to the journal's counts and active alerts.
func (t *trayMenu) update() {
	u := t.u
	active := 0
	var opens []*fyne.MenuItem
	seen := map[string]bool{}
	if u.alerts != nil {
		now := u.now()
		for _, e := range u.alerts.entries {
			if !e.Active(now) {
				continue
			}
			active++
			if seen[e.ThesisID] || len(opens) == maxTrayTheses {
				continue
			}
			seen[e.ThesisID] = true
			id := e.ThesisID
			opens = append(opens, fyne.NewMenuItem(tr("tray.open_thesis", map[string]any{"Title": shown(e.Title)}), func() { t.openThesis(id) }))
		}
	}
	due := fyne.NewMenuItem(tr("tray.due", map[string]any{"N": dueCount(u.all, u.now())}), nil)
	due.Disabled = true
	items := []*fyne.MenuItem{due, fyne.NewMenuItem(tr("tray.alerts", map[string]any{"N": active}), t.showAlerts)}
	if len(opens) > 0 {
		items = append(items, fyne.NewMenuItemSeparator())
		items = append(items, opens...)
	}
	quit := fyne.NewMenuItem(tr("tray.quit"), t.quit)
	quit.IsQuit = true
	items = append(items, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(tr("tray.refresh"), u.refreshQuotes),
		fyne.NewMenuItem(tr("tray.show"), t.showWindow),
		fyne.NewMenuItemSeparator(), quit)
	var labels []string
	for _, it := range items {
		labels = append(labels, it.Label)
	}
	if sig := strings.Join(labels, "\n"); sig != t.shownAs || t.menu == nil {
		t.shownAs = sig
		t.menu = fyne.NewMenu("Hindsight", items...)
		t.desk.SetSystemTrayMenu(t.menu)
	}
}

// item returns the menu's item labelled label, or nil.
func (t *trayMenu) item(label string) *fyne.MenuItem {
	if t.menu == nil {
		return nil
	}
	for _, it := range t.menu.Items {
		if it.Label == label {
			return it
		}
	}
	return nil
}

// showWindow brings the window back from the tray.
func (t *trayMenu) showWindow() {
	t.hidden = false
	t.u.win.Show()
	t.u.win.RequestFocus()
}

// showAlerts shows the window on its Alerts tab.
func (t *trayMenu) showAlerts() {
	t.showWindow()
	if t.u.left != nil && t.u.alerts != nil {
		t.u.left.Select(t.u.alerts.tab)
	}
}

// openThesis shows the window with the thesis.
func (t *trayMenu) openThesis(id string) {
	t.showWindow()
	t.u.openThesis(id, nil)
}

// quit stops the app from the tray, keeping the window's geometry and the draft as
// closing the window does.
func (t *trayMenu) quit() {
	u := t.u
	u.saveGeometry()
	if u.editor != nil {
		u.editor.saveDraftNow()
	}
	if u.refreshing != nil {
		u.refreshing()
	}
	u.app.Quit()
}
