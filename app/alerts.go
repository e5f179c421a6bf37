package app

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hindsight/journal"
)

// maxAlertRows is how many alerts the tab lists at most, newest first.
const maxAlertRows = 200

// maxNotifiedLines is how many alerts a summary notification spells out.
const maxNotifiedLines = 3

// alertsView is the left pane's Alerts tab: the alerts the rules fired (a review due, a
// loss budget running low, a price crossing a level), newest first, each with a way to
// open its thesis, dismiss it or snooze it. It outlives a rebuild of the views, so the
// alerts read and those already notified carry over a change of language.
type alertsView struct {
	u       *UI
	entries []journal.AlertEntry
	// notified holds the ids of the alerts a notification was sent for this session.
	notified map[string]bool
	// clickTo maps the id of a notification sent through Deps.Notifier to the thesis it
	// opens ("" for a summary of several: the Alerts tab).
	clickTo map[uint32]string
	// checking serialises the checks, so two never read the same state and fire twice.
	checking sync.Mutex
	gen      int

	tab           *container.TabItem
	count         *widget.Label
	showDismissed *widget.Check
	empty         fyne.CanvasObject
	rows          *fyne.Container
	body          fyne.CanvasObject
	content       *fyne.Container
}

func newAlertsView(u *UI) *alertsView {
	v := &alertsView{u: u, notified: map[string]bool{}}
	v.buildUI()
	return v
}

// buildUI lays the tab out (again, after the language changed).
func (v *alertsView) buildUI() {
	v.count = widget.NewLabel("")
	v.count.Truncation = fyne.TextTruncateEllipsis
	shown := v.showDismissed != nil && v.showDismissed.Checked
	v.showDismissed = widget.NewCheck(tr("alerts.show_dismissed"), func(bool) { v.show() })
	v.showDismissed.Checked = shown
	v.empty = container.NewPadded(wrapped(tr("alerts.empty")))
	v.rows = container.NewVBox()
	scroll := container.NewVScroll(v.rows)
	v.body = container.NewBorder(container.NewVBox(v.count, v.showDismissed), nil, nil, nil, scroll)
	v.content = container.NewStack(v.empty, v.body)
	v.tab = container.NewTabItem(tr("tab.alerts"), v.content)
	v.show()
}

// active returns how many alerts ask for attention now.
func (v *alertsView) active() int {
	now := v.u.now()
	n := 0
	for _, e := range v.entries {
		if e.Active(now) {
			n++
		}
	}
	return n
}

// visible returns the entries the tab lists: all of them with "Show dismissed", else
// those not dismissed.
func (v *alertsView) visible() []journal.AlertEntry {
	var out []journal.AlertEntry
	for _, e := range v.entries {
		if e.Dismissed && !v.showDismissed.Checked {
			continue
		}
		out = append(out, e)
		if len(out) == maxAlertRows {
			break
		}
	}
	return out
}

// show puts the alerts and the count of active ones on the tab, in the tray's menu too.
func (v *alertsView) show() {
	n := v.active()
	list := v.visible()
	if len(v.entries) == 0 {
		v.body.Hide()
		v.empty.Show()
	} else {
		v.empty.Hide()
		v.body.Show()
	}
	v.count.SetText(trN("alerts.count", n))
	objs := make([]fyne.CanvasObject, 0, 2*len(list))
	for i, e := range list {
		if i > 0 {
			objs = append(objs, widget.NewSeparator())
		}
		objs = append(objs, v.row(e))
	}
	v.rows.Objects = objs
	v.rows.Refresh()
	title := tr("tab.alerts")
	if n > 0 {
		title += " (" + strconv.Itoa(n) + ")"
	}
	if v.tab.Text != title {
		v.tab.Text = title
		if v.u.left != nil {
			v.u.left.Refresh()
		}
	}
	if v.u.tray != nil {
		v.u.tray.update()
	}
}

// alertIcon is the icon of an alert's kind.
func alertIcon(a journal.Alert) fyne.Resource {
	switch a.Kind {
	case journal.AlertReviewDue, journal.AlertReviewOverdue:
		return theme.HistoryIcon()
	case journal.AlertLossBudget:
		return theme.WarningIcon()
	case journal.AlertLevel:
		if a.When == journal.LevelAbove {
			return theme.MoveUpIcon()
		}
		return theme.MoveDownIcon()
	}
	return theme.InfoIcon()
}

// row lays out one alert: its kind, time and thesis, its sentence, and what can be done
// with it. A dismissed or snoozed alert is greyed.
func (v *alertsView) row(e journal.AlertEntry) fyne.CanvasObject {
	now := v.u.now()
	active := e.Active(now)
	icon := widget.NewIcon(alertIcon(e.Alert))
	when := widget.NewLabel(fmtDateTime(e.At) + " · " + tr("alerts.kind."+string(e.Kind)))
	when.Truncation = fyne.TextTruncateEllipsis
	title := widget.NewLabel(shown(e.Title))
	title.TextStyle.Bold = true
	title.Truncation = fyne.TextTruncateEllipsis
	text := wrapped(shown(e.Text(uiLang)))
	if !active {
		title.Importance = widget.LowImportance
		text.Importance = widget.LowImportance
	}
	head := container.NewBorder(nil, nil, icon, nil, container.New(&tightRows{}, when, title))
	id, thesisID := e.ID, e.ThesisID
	open := widget.NewButtonWithIcon(tr("alerts.open"), theme.NavigateNextIcon(), func() {
		v.u.openThesis(thesisID, nil)
	})
	buttons := []fyne.CanvasObject{open}
	switch {
	case e.Dismissed:
		state := widget.NewLabel(tr("alerts.dismissed"))
		state.Importance = widget.LowImportance
		buttons = append(buttons, state)
	default:
		if e.SnoozedUntil.After(now) {
			state := widget.NewLabel(tr("alerts.snoozed_until", map[string]any{"Date": fmtDateTime(e.SnoozedUntil)}))
			state.Importance = widget.LowImportance
			buttons = append(buttons, state)
		}
		dismiss := widget.NewButtonWithIcon(tr("alerts.dismiss"), theme.VisibilityOffIcon(), func() {
			v.setStatus(id, true, time.Time{})
		})
		var snooze *widget.Button
		snooze = widget.NewButtonWithIcon(tr("alerts.snooze"), theme.HistoryIcon(), func() { v.askSnooze(id, snooze) })
		buttons = append(buttons, dismiss, snooze)
	}
	return container.NewVBox(head, text, container.New(&flowLayout{}, buttons...))
}

// askSnooze offers how long to snooze an alert for, in a menu under its button.
func (v *alertsView) askSnooze(id string, from fyne.CanvasObject) {
	now := v.u.now()
	menu := fyne.NewMenu("",
		fyne.NewMenuItem(tr("alerts.snooze_day"), func() { v.setStatus(id, false, now.Add(24*time.Hour)) }),
		fyne.NewMenuItem(tr("alerts.snooze_week"), func() { v.setStatus(id, false, now.Add(7*24*time.Hour)) }),
	)
	widget.ShowPopUpMenuAtRelativePosition(menu, v.u.win.Canvas(), fyne.NewPos(0, from.Size().Height), from)
}

// setStatus dismisses or snoozes an alert in the journal, in the background, and lists
// the alerts again.
func (v *alertsView) setStatus(id string, dismissed bool, until time.Time) {
	u := v.u
	store := u.store
	if store == nil {
		return
	}
	u.background(func() {
		ctx, cancel := u.ctx()
		defer cancel()
		err := store.SetAlertStatus(ctx, id, dismissed, until)
		u.do(func() {
			if err != nil {
				u.showError(err)
				return
			}
			if dismissed {
				u.status.say(tr("alerts.dismissed_done"), false)
			} else {
				u.status.say(tr("alerts.snoozed_done", map[string]any{"Date": fmtDateTime(until)}), false)
			}
			v.reload()
		})
	})
}

// reload reads the alerts from the journal in the background.
func (v *alertsView) reload() {
	u := v.u
	if u.store == nil {
		return
	}
	v.gen++
	gen, store := v.gen, u.store
	u.background(func() {
		ctx, cancel := u.ctx()
		defer cancel()
		entries, err := store.Alerts(ctx)
		u.do(func() {
			if gen != v.gen || store != u.store {
				return
			}
			if err != nil {
				u.showError(err)
				return
			}
			v.entries = entries
			v.show()
		})
	})
}

// check applies the alert rules to the whole journal at the market known now, in the
// background: the alerts that fire are recorded in the journal, the list is read again
// and each alert never recorded before is notified; afterRefresh says so in the status
// bar too (a check as the journal opens leaves the status bar to what opened it). The
// rules themselves leave out the prices that are stale, so a check on cached prices
// fires nothing on them. The demo journal is only listed.
func (v *alertsView) check(afterRefresh bool) {
	u := v.u
	if u.store == nil || !u.loaded {
		return
	}
	if u.showingDemo() {
		// The demo journal's examples raise no alerts of their own.
		v.reload()
		return
	}
	v.gen++
	gen := v.gen
	store, theses, s, m, now := u.store, u.all, u.settings, u.market, u.now()
	u.background(func() {
		v.checking.Lock()
		defer v.checking.Unlock()
		ctx, cancel := u.ctx()
		defer cancel()
		fresh, err := recordAlerts(ctx, store, theses, s, m, now)
		entries, lerr := store.Alerts(ctx)
		u.do(func() {
			if store != u.store {
				return
			}
			if err == nil {
				err = lerr
			}
			if err != nil {
				u.showError(err)
				return
			}
			if gen == v.gen {
				v.entries = entries
				v.show()
			}
			v.announce(fresh, afterRefresh)
		})
	})
}

// recordAlerts runs the alert rules on theses and records what fired; it returns the
// alerts the journal did not hold before (another check, in the app or on the command
// line, may have recorded one already).
func recordAlerts(ctx context.Context, store journal.Store, theses []*journal.Thesis, s journal.Settings, m journal.Market, now time.Time) ([]journal.Alert, error) {
	state, err := store.AlertState(ctx)
	if err != nil {
		return nil, err
	}
	fired, next := journal.CheckAlerts(theses, s, m, state, now)
	var fresh []journal.Alert
	if len(fired) > 0 {
		known, err := store.Alerts(ctx)
		if err != nil {
			return nil, err
		}
		for _, a := range fired {
			if !slices.ContainsFunc(known, func(e journal.AlertEntry) bool { return e.ID == a.ID }) {
				fresh = append(fresh, a)
			}
		}
	}
	if err := store.RecordAlerts(ctx, fired, next); err != nil {
		return nil, err
	}
	return fresh, nil
}

// announce tells of alerts that fired in one desktop notification (one alert's sentence,
// or a summary of several) and, with inStatus, in the status bar. An alert is notified
// once at most.
func (v *alertsView) announce(fired []journal.Alert, inStatus bool) {
	var news []journal.Alert
	for _, a := range fired {
		if !v.notified[a.ID] {
			v.notified[a.ID] = true
			news = append(news, a)
		}
	}
	if len(news) == 0 {
		return
	}
	if inStatus {
		v.u.status.say(trN("alerts.new", len(news)), false)
	}
	n := alertNotification(news, uiLang)
	if nt := v.u.deps.Notifier; nt != nil {
		if id, err := nt.Notify(n.Title, n.Content, tr("alerts.open")); err == nil {
			target := ""
			if len(news) == 1 {
				target = news[0].ThesisID
			}
			if v.clickTo == nil {
				v.clickTo = map[uint32]string{}
			}
			v.clickTo[id] = target
			return
		}
	}
	v.u.app.SendNotification(n)
}

// NotificationClicked brings the window forward on what the clicked notification was
// about: the thesis of its alert, or the Alerts tab for a summary. It may be called from
// any goroutine.
func (u *UI) NotificationClicked(id uint32) {
	u.do(func() {
		if u.alerts == nil {
			return
		}
		target, ok := u.alerts.clickTo[id]
		if !ok {
			return
		}
		if u.tray != nil {
			u.tray.hidden = false
		}
		u.win.Show()
		u.win.RequestFocus()
		if target == "" {
			if u.left != nil {
				u.left.Select(u.alerts.tab)
			}
			return
		}
		u.openThesis(target, nil)
	})
}

// alertNotification is the desktop notification of alerts, in lang: one alert's title
// and sentence, or for several their count and the first few sentences.
func alertNotification(alerts []journal.Alert, lang string) *fyne.Notification {
	if len(alerts) == 1 {
		a := alerts[0]
		return fyne.NewNotification(tr("alerts.notify_title", map[string]any{"Title": shown(a.Title)}), shown(a.Text(lang)))
	}
	var lines []string
	for i, a := range alerts {
		if i == maxNotifiedLines {
			lines = append(lines, trN("alerts.more", len(alerts)-i))
			break
		}
		lines = append(lines, "• "+shown(a.Text(lang)))
	}
	return fyne.NewNotification(trN("alerts.notify_summary", len(alerts)), strings.Join(lines, "\n"))
}
