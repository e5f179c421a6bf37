package app

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/shopspring/decimal"

	"hindsight/journal"
)

// trayApp is the test app with a system tray: it keeps the tray's menu and every
// notification sent.
type trayApp struct {
	fyne.App
	mu     sync.Mutex
	menu   *fyne.Menu
	notes  []*fyne.Notification
	icon   fyne.Resource
	window fyne.Window
}

func (a *trayApp) SetSystemTrayMenu(m *fyne.Menu)    { a.menu = m }
func (a *trayApp) SetSystemTrayIcon(r fyne.Resource) { a.icon = r }
func (a *trayApp) SetSystemTrayWindow(w fyne.Window) { a.window = w }
func (a *trayApp) SendNotification(n *fyne.Notification) {
	a.mu.Lock()
	a.notes = append(a.notes, n)
	a.mu.Unlock()
	a.App.SendNotification(n)
}

// sent returns the notifications sent so far.
func (a *trayApp) sent() []*fyne.Notification {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.notes)
}

// labels returns the labels of the tray's menu.
func (a *trayApp) labels() []string {
	var out []string
	if a.menu != nil {
		for _, it := range a.menu.Items {
			if !it.IsSeparator {
				out = append(out, it.Label)
			}
		}
	}
	return out
}

// wrongIf is the invalidation sentence of the XOM thesis.
const wrongIf = "XOM closes under $90: OPEC members are pumping above quota again"

// budgetThesis holds ten XOM bought at $100 with a $100 loss budget: at $92 it has used
// 80 % of it.
func budgetThesis() *journal.Thesis {
	at := testStart.Add(-48 * time.Hour)
	return &journal.Thesis{
		ID: "xom", Title: "Oil majors re-rate", Conviction: 60, Status: journal.StatusOpen,
		CreatedAt: at.Add(-time.Hour), LossBudget: journal.MustMoney("100", "USD"), Invalidation: wrongIf,
		Positions: []journal.Position{onePosition("XOM", journal.SideLong, decimal.NewFromInt(10), journal.MustMoney("100", "USD"), at, decimal.NewFromInt(1))},
	}
}

// newAlertHarness opens the XOM thesis's journal in an app with a tray.
func newAlertHarness(t *testing.T, o harnessOptions) (*harness, *trayApp) {
	t.Helper()
	a := &trayApp{App: test.NewTempApp(t)}
	o.app = a
	if o.path == "" {
		s := usd
		o.settings, o.seed = &s, []*journal.Thesis{budgetThesis()}
	}
	h := newHarness(t, o)
	return h, a
}

// refreshAt has XOM quoted at price and refreshes the quotes.
func refreshAt(h *harness, price float64) {
	h.t.Helper()
	at := float64(h.clock.Now().Add(-time.Minute).Unix())
	h.srv.SetQuote("XOM", "AAPL", map[string]any{"currency": "USD", "regularMarketPrice": price, "regularMarketTime": at})
	test.Tap(h.u.toolbar.refreshBtn)
	h.pump("the refresh", func() bool { return h.u.refreshing == nil })
	h.settle()
}

// TestAlertLossBudget: a refresh that finds 80 % of the loss budget used lists one alert
// quoting the thesis's own sentence, counts it on the tab and notifies it once; a second
// refresh notifies nothing; a dismissed alert leaves the count and stays dismissed.
func TestAlertLossBudget(t *testing.T) {
	h, a := newAlertHarness(t, harnessOptions{})
	v := h.u.alerts
	if v.tab.Text != "Alerts" || len(v.entries) != 0 || len(a.sent()) != 0 {
		t.Fatalf("before any price: tab %q, %d alerts, %d notifications", v.tab.Text, len(v.entries), len(a.sent()))
	}
	if !slices.Contains(visibleTexts(v.content), tr("alerts.empty")) {
		t.Errorf("the empty tab shows %q", visibleTexts(v.content))
	}

	refreshAt(h, 92)
	if len(v.entries) != 1 {
		t.Fatalf("%d alerts after the refresh, want 1", len(v.entries))
	}
	e := v.entries[0]
	if e.Kind != journal.AlertLossBudget || !strings.Contains(e.Text(langEnglish), wrongIf) {
		t.Errorf("the alert is %s: %q", e.Kind, e.Text(langEnglish))
	}
	if v.tab.Text != "Alerts (1)" {
		t.Errorf("the tab says %q", v.tab.Text)
	}
	texts := strings.Join(visibleTexts(v.content), "\n")
	for _, want := range []string{"Oil majors re-rate", wrongIf, "80 %", "Open thesis", "Dismiss", "Snooze…"} {
		if !strings.Contains(texts, want) {
			t.Errorf("the tab does not show %q:\n%s", want, texts)
		}
	}
	if h.u.status.said != "1 new alert" {
		t.Errorf("the status bar says %q", h.u.status.said)
	}
	sent := a.sent()
	if len(sent) != 1 || !strings.Contains(sent[0].Content, wrongIf) || !strings.Contains(sent[0].Title, "Oil majors re-rate") {
		t.Fatalf("notifications: %+v", sent)
	}
	if got := a.labels(); !slices.Equal(got, []string{"Due: 0", "Alerts: 1", "Open Oil majors re-rate", "Refresh now", "Open Hindsight", "Quit"}) {
		t.Errorf("the tray's menu: %q", got)
	}

	// Fyne's own record of the last notification: the second refresh sends none.
	h.clock.Add(2 * time.Minute)
	test.AssertNotificationSent(t, nil, func() { refreshAt(h, 91) })
	if len(a.sent()) != 1 || len(v.entries) != 1 {
		t.Errorf("the second refresh: %d notifications, %d alerts", len(a.sent()), len(v.entries))
	}

	// "Open thesis" shows it beside the list.
	test.Tap(findButton(v.content, "Open thesis"))
	h.settle()
	if h.u.review.thesis == nil || h.u.review.thesis.ID != "xom" || h.u.left.SelectedIndex() != 0 {
		t.Errorf("Open thesis did not show it")
	}
	h.u.left.Select(v.tab)
	h.settle()

	test.Tap(findButton(v.content, "Dismiss"))
	h.settle()
	if v.tab.Text != "Alerts" || !v.entries[0].Dismissed {
		t.Errorf("after dismissing: tab %q, %+v", v.tab.Text, v.entries)
	}
	if strings.Contains(strings.Join(visibleTexts(v.content), "\n"), wrongIf) {
		t.Error("the dismissed alert is still listed")
	}
	v.showDismissed.SetChecked(true)
	if texts := strings.Join(visibleTexts(v.content), "\n"); !strings.Contains(texts, wrongIf) || !strings.Contains(texts, "Dismissed") {
		t.Errorf("Show dismissed shows %q", texts)
	}

	// Opened again, the journal still holds it dismissed, and nothing is notified again.
	path := h.path
	h.settle()
	if err := h.u.Close(); err != nil {
		t.Fatal(err)
	}
	h2, a2 := newAlertHarness(t, harnessOptions{path: path, noServer: true})
	h2.settle()
	v2 := h2.u.alerts
	if len(v2.entries) != 1 || !v2.entries[0].Dismissed || v2.tab.Text != "Alerts" || len(a2.sent()) != 0 {
		t.Errorf("reopened: %d alerts %+v, tab %q, %d notifications", len(v2.entries), v2.entries, v2.tab.Text, len(a2.sent()))
	}
}

// TestAlertSnoozeAndKorean: a snoozed alert leaves the count until its time; the tab and
// the notification speak Korean when the app does.
func TestAlertSnoozeAndKorean(t *testing.T) {
	t.Cleanup(func() { applyLanguage(langEnglish) })
	a := &trayApp{App: test.NewTempApp(t)}
	a.Preferences().SetString(prefLanguage, langKorean)
	s := usd
	h := newHarness(t, harnessOptions{app: a, settings: &s, seed: []*journal.Thesis{budgetThesis()}})
	v := h.u.alerts
	refreshAt(h, 92)
	if v.tab.Text != "알림 (1)" {
		t.Errorf("the tab says %q", v.tab.Text)
	}
	sent := a.sent()
	if len(sent) != 1 || !strings.Contains(sent[0].Content, "손실 한도") || !strings.Contains(sent[0].Content, wrongIf) {
		t.Fatalf("notifications: %+v", sent)
	}
	if h.u.status.said != "새 알림 1개" {
		t.Errorf("the status bar says %q", h.u.status.said)
	}
	snooze := findButton(v.content, "미루기…")
	if snooze == nil {
		t.Fatalf("no snooze button in %q", visibleTexts(v.content))
	}
	v.setStatus(v.entries[0].ID, false, h.clock.Now().Add(24*time.Hour))
	h.settle()
	if v.tab.Text != "알림" || v.active() != 0 {
		t.Errorf("snoozed: tab %q", v.tab.Text)
	}
	h.clock.Add(25 * time.Hour)
	v.show()
	if v.tab.Text != "알림 (1)" {
		t.Errorf("a day later: tab %q", v.tab.Text)
	}
}

// TestAlertSummaryNotification: several alerts at once make one notification.
func TestAlertSummaryNotification(t *testing.T) {
	var alerts []journal.Alert
	for i, title := range []string{"A", "B", "C", "D"} {
		alerts = append(alerts, journal.Alert{ID: title, Title: title, Kind: journal.AlertReviewDue, ThesisID: title, Due: journal.Date{Year: 2026, Month: 3, Day: i + 1}})
	}
	n := alertNotification(alerts, langEnglish)
	if n.Title != "Hindsight — 4 new alerts" || strings.Count(n.Content, "•") != 3 || !strings.HasSuffix(n.Content, "…and 1 more") {
		t.Errorf("summary: %q / %q", n.Title, n.Content)
	}
}

// TestTrayKeepsRunning: with "Keep running in the tray" closing the window hides it, the
// tray's "Open Hindsight" brings it back, and the periodic refresh runs once its time
// came while a market may be open; without it closing closes.
func TestTrayKeepsRunning(t *testing.T) {
	h, a := newAlertHarness(t, harnessOptions{})
	u := h.u
	if u.tray == nil || a.window != h.win || a.icon == nil {
		t.Fatalf("no tray: %v %v %v", u.tray, a.window, a.icon)
	}
	f := u.showSettings()
	h.settle()
	if f.keepTray.Disabled() || f.keepTray.Checked {
		t.Fatal("the setting is not offered, or on from the start")
	}
	test.Tap(f.keepTray)
	f.interval.SetSelectedIndex(0)
	f.dialog.Hide()
	if !u.prefs.Bool(prefKeepInTray) || refreshInterval(u.prefs) != 15*time.Minute {
		t.Fatalf("the settings were not kept: %v %v", u.prefs.Bool(prefKeepInTray), refreshInterval(u.prefs))
	}

	u.onCloseRequested()
	if h.closed || !u.tray.hidden {
		t.Fatalf("closing with the tray: closed %v, hidden %v", h.closed, u.tray.hidden)
	}
	item := u.tray.item("Open Hindsight")
	if item == nil {
		t.Fatalf("the tray's menu: %q", a.labels())
	}
	item.Action()
	if u.tray.hidden {
		t.Error("Open Hindsight did not bring the window back")
	}

	// Monday 14:30 UTC: the US market is open; the periodic refresh waits for its time.
	h.srv.SetQuote("XOM", "AAPL", map[string]any{"currency": "USD", "regularMarketPrice": 92.0, "regularMarketTime": float64(testStart.Unix())})
	u.tray.tick()
	if u.refreshing != nil {
		t.Fatal("the periodic refresh ran before its time")
	}
	h.clock.Add(16 * time.Minute)
	u.tray.tick()
	if u.refreshing == nil {
		t.Fatal("the periodic refresh did not run")
	}
	h.pump("the periodic refresh", func() bool { return u.refreshing == nil })
	h.settle()
	if len(u.alerts.entries) != 1 || len(a.sent()) != 1 {
		t.Errorf("after the periodic refresh: %d alerts, %d notifications", len(u.alerts.entries), len(a.sent()))
	}

	u.prefs.SetBool(prefKeepInTray, false)
	u.onCloseRequested()
	if !h.closed {
		t.Error("closing without the tray did not close the window")
	}
}

// TestTrayMarketHours: the rule of when a market of a held symbol may be open.
func TestTrayMarketHours(t *testing.T) {
	mon := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, time.UTC) }
	for _, c := range []struct {
		syms []string
		at   time.Time
		want bool
	}{
		{[]string{"005930.KS"}, mon(1, 0), true},
		{[]string{"035720.KQ"}, mon(6, 30), false},
		{[]string{"AAPL"}, mon(13, 29), false},
		{[]string{"AAPL"}, mon(13, 30), true},
		{[]string{"AAPL"}, mon(20, 59), true},
		{[]string{"AAPL", "005930.KS"}, mon(22, 0), false},
		{[]string{"VOD.L"}, mon(22, 0), true},
		{[]string{"USDKRW=X", "^GSPC"}, mon(15, 0), false},
		{[]string{"AAPL"}, time.Date(2026, 3, 7, 15, 0, 0, 0, time.UTC), false},
		{nil, mon(15, 0), false},
	} {
		if got := marketMayBeOpen(c.syms, c.at); got != c.want {
			t.Errorf("%v at %s: %v, want %v", c.syms, c.at, got, c.want)
		}
	}
}

// fakeNotifier records the notifications sent through Deps.Notifier.
type fakeNotifier struct {
	mu    sync.Mutex
	shown [][3]string
}

func (f *fakeNotifier) Notify(title, body, open string) (uint32, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.shown = append(f.shown, [3]string{title, body, open})
	return uint32(40 + len(f.shown)), nil
}

// TestAlertNotificationClick: with a notifier that hears clicks (D-Bus on Linux), the
// alert's notification goes through it, not Fyne's, and a click on it brings the window
// forward on the thesis; a click on a notification the app did not send does nothing.
func TestAlertNotificationClick(t *testing.T) {
	n := &fakeNotifier{}
	h, a := newAlertHarness(t, harnessOptions{notifier: n})
	refreshAt(h, 92)
	n.mu.Lock()
	shown := append([][3]string(nil), n.shown...)
	n.mu.Unlock()
	if len(shown) != 1 || !strings.Contains(shown[0][0], "Oil majors re-rate") || !strings.Contains(shown[0][1], wrongIf) || shown[0][2] != "Open thesis" {
		t.Fatalf("notifications through the notifier: %q", shown)
	}
	if len(a.sent()) != 0 {
		t.Errorf("Fyne was asked to notify too: %d", len(a.sent()))
	}
	if h.u.review.thesis != nil {
		t.Fatalf("a thesis is open before the click: %s", h.u.review.thesis.ID)
	}
	h.u.NotificationClicked(99) // not one of ours
	h.settle()
	if h.u.review.thesis != nil {
		t.Fatalf("a click on another notification opened %s", h.u.review.thesis.ID)
	}
	h.u.NotificationClicked(41)
	h.pump("the thesis", func() bool { return h.u.review.thesis != nil })
	if h.u.review.thesis.ID != "xom" {
		t.Errorf("the click opened %s, want xom", h.u.review.thesis.ID)
	}
}
