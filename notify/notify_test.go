package notify

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"hindsight/app/filedialog/portaltest"
)

// call is one Notify call as the stub server received it.
type call struct {
	AppName       string
	ReplacesID    uint32
	Icon, Summary string
	Body          string
	Actions       []string
	Hints         map[string]dbus.Variant
	ExpireTimeout int32
}

// server is a stand-in notification server that records Notify calls.
type server struct {
	mu    sync.Mutex
	calls []call
	caps  []string
	// conn is the server's connection, for emitting signals.
	conn *dbus.Conn
}

func (s *server) GetCapabilities() ([]string, *dbus.Error) { return s.caps, nil }

func (s *server) Notify(appName string, replacesID uint32, icon, summary, body string, actions []string, hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, call{appName, replacesID, icon, summary, body, actions, hints, timeout})
	return uint32(len(s.calls)), nil
}

func (s *server) recorded() []call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]call(nil), s.calls...)
}

// startServer starts a private session bus (skipping when dbus-daemon is
// not installed), points DBUS_SESSION_BUS_ADDRESS at it and, unless
// noServer, serves a stub notification server on it.
func startServer(t *testing.T, noServer bool, caps ...string) *server {
	t.Helper()
	bus := portaltest.StartBus(t) // skips: "dbus-daemon is not installed" (Debian package dbus-daemon)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", bus.Address())
	s := &server{caps: caps}
	if noServer {
		return s
	}
	conn, err := bus.Dial()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if err := conn.Export(s, ObjectPath, Interface); err != nil {
		t.Fatal(err)
	}
	s.conn = conn
	reply, err := conn.RequestName(BusName, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v %v", BusName, reply, err)
	}
	return s
}

func TestSendOverDBus(t *testing.T) {
	s := startServer(t, false)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	n := Notification{
		Title: "알림 2건: 삼성전자", Body: "005930.KS 종가 70,000원 < 손절가 & 목표가",
		Icon: "/usr/share/icons/hindsight.png", Action: "open-alerts", DesktopEntry: "app.hindsight.journal",
	}
	if err := (Sender{OS: "linux"}).Send(ctx, n); err != nil {
		t.Fatal(err)
	}
	calls := s.recorded()
	if len(calls) != 1 {
		t.Fatalf("%d Notify calls, want 1", len(calls))
	}
	c := calls[0]
	want := call{
		AppName: "Hindsight", Icon: n.Icon, Summary: n.Title, Body: n.Body,
		Actions: []string{"open-alerts", "Open"}, ExpireTimeout: -1,
		Hints: map[string]dbus.Variant{"urgency": dbus.MakeVariant(byte(1)), "desktop-entry": dbus.MakeVariant("app.hindsight.journal")},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Notify got\n%+v\nwant\n%+v", c, want)
	}
}

func TestSendEscapesForMarkupServer(t *testing.T) {
	s := startServer(t, false, "body", "body-markup", "actions")
	err := Send(context.Background(), Notification{Title: "a<b", Body: "가 < 나 & 다", AppName: "hs"})
	if err != nil {
		t.Fatal(err)
	}
	c := s.recorded()
	if len(c) != 1 || c[0].Body != "가 &lt; 나 &amp; 다" || c[0].Summary != "a<b" || c[0].AppName != "hs" || len(c[0].Actions) != 0 {
		t.Errorf("Notify got %+v", c)
	}
}

func TestSendWithoutServer(t *testing.T) {
	startServer(t, true)
	err := Sender{OS: "linux"}.Send(context.Background(), Notification{Title: "x"})
	if err == nil || !strings.Contains(err.Error(), "no notification server") {
		t.Errorf("error %v, want one saying there is no notification server", err)
	}
}

func TestSendWithoutBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
	err := Sender{OS: "linux"}.Send(context.Background(), Notification{Title: "x"})
	if err == nil || !strings.Contains(err.Error(), "desktop notification") {
		t.Errorf("error %v", err)
	}
}

func TestSendWindowsUnsupported(t *testing.T) {
	err := Sender{OS: "windows"}.Send(context.Background(), Notification{Title: "x"})
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "need Linux") {
		t.Errorf("error %v", err)
	}
}

func TestSendMacOS(t *testing.T) {
	var got []string
	s := Sender{OS: "darwin", Run: func(_ context.Context, name string, args ...string) ([]byte, error) {
		got = append([]string{name}, args...)
		return nil, nil
	}}
	if err := s.Send(context.Background(), Notification{Title: `손절 "NVDA"`, Body: `a\b 가`}); err != nil {
		t.Fatal(err)
	}
	want := []string{"osascript", "-e", `display notification "a\\b 가" with title "Hindsight" subtitle "손절 \"NVDA\""`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ran %q, want %q", got, want)
	}
	s.Run = func(context.Context, string, ...string) ([]byte, error) {
		return []byte("execution error"), errors.New("exit status 1")
	}
	if err := s.Send(context.Background(), Notification{}); err == nil || !strings.Contains(err.Error(), "execution error") {
		t.Errorf("error %v", err)
	}
}

func TestSessionBusAvailable(t *testing.T) {
	startServer(t, true)
	if !SessionBusAvailable() {
		t.Error("a running private session bus is not seen")
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
	if SessionBusAvailable() {
		t.Error("a bus address that answers nothing is taken for a session bus")
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", "")
	if SessionBusAvailable() {
		t.Error("no bus address and no runtime dir, yet a session bus is seen")
	}
}

// TestClientHearsClicks sends through a Client and has the stub server emit the
// ActionInvoked signal, as a server does when the notification is clicked: the Client
// reports the click on its own notification and ignores others'.
func TestClientHearsClicks(t *testing.T) {
	s := startServer(t, false)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	clicks := make(chan [2]any, 4)
	c, err := Open(ctx, func(id uint32, action string) { clicks <- [2]any{id, action} })
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	id, err := c.Send(ctx, Notification{Title: "Hindsight", Body: "알림", AppName: "Hindsight", Action: DefaultAction, ActionLabel: "열기"})
	if err != nil || id == 0 {
		t.Fatalf("send: %d %v", id, err)
	}
	if calls := s.recorded(); len(calls) != 1 || !reflect.DeepEqual(calls[0].Actions, []string{DefaultAction, "열기"}) {
		t.Fatalf("Notify calls %+v", calls)
	}
	emit := func(id uint32, key string) {
		if err := s.conn.Emit(ObjectPath, Interface+".ActionInvoked", id, key); err != nil {
			t.Fatal(err)
		}
	}
	emit(id+100, DefaultAction) // someone else's notification
	emit(id, DefaultAction)
	select {
	case got := <-clicks:
		if got[0] != id || got[1] != DefaultAction {
			t.Errorf("click %v, want [%d default]", got, id)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the click was not heard")
	}
	select {
	case got := <-clicks:
		t.Errorf("a click on another notification was reported: %v", got)
	case <-time.After(200 * time.Millisecond):
	}
}
