package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"hindsight/app/filedialog/portaltest"
	"hindsight/notify"
	"hindsight/quotes/yahoo/yahootest"
)

// notifyStub is a notification server on a private session bus that records each
// Notify call's summary and body.
type notifyStub struct {
	mu    sync.Mutex
	calls [][2]string
	apps  []string
}

func (s *notifyStub) GetCapabilities() ([]string, *dbus.Error) {
	return []string{"body", "actions"}, nil
}

func (s *notifyStub) Notify(app string, _ uint32, _, summary, body string, _ []string, _ map[string]dbus.Variant, _ int32) (uint32, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, [2]string{summary, body})
	s.apps = append(s.apps, app)
	return uint32(len(s.calls)), nil
}

// TestCheckNotifiesOverDBus runs `hindsight check --notify` with a private D-Bus session
// bus whose notification server is a stub: each alert that fires is one Notify call in
// the journal's language, and a second check sends none.
func TestCheckNotifiesOverDBus(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("desktop notifications from the command line go over D-Bus on Linux")
	}
	bus := portaltest.StartBus(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", bus.Address())
	conn, err := bus.Dial()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	stub := &notifyStub{}
	if err := conn.Export(stub, notify.ObjectPath, notify.Interface); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName(notify.BusName, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v %v", notify.BusName, reply, err)
	}

	srv := yahootest.NewServer(t)
	srv.SetQuote("NVDA", "AAPL", map[string]any{"currency": "USD", "regularMarketPrice": 88.2, "regularMarketTime": clock().Add(-time.Hour).Unix()})
	t.Setenv("HINDSIGHT_YAHOO_URL", srv.URL)
	dir := t.TempDir()
	db, in := filepath.Join(dir, "j.db"), filepath.Join(dir, "in.json")
	if err := os.WriteFile(in, []byte(levelJournal), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := hs(t, db, "", "import", in); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	out, errs, code := hs(t, db, "", "check", "--notify", "--lang", "ko")
	if code != exitFired {
		t.Fatalf("check: %d %s %s", code, out, errs)
	}
	stub.mu.Lock()
	calls, apps := append([][2]string(nil), stub.calls...), append([]string(nil), stub.apps...)
	stub.mu.Unlock()
	if len(calls) != 2 {
		t.Fatalf("%d Notify calls, want 2 (budget and level): %q", len(calls), calls)
	}
	for i, c := range calls {
		if c[0] != "Hindsight" || apps[i] != "Hindsight" || !strings.Contains(out, c[1]) || !strings.ContainsRune(c[1], '요') {
			t.Errorf("Notify %d: app %q, summary %q, body %q; check printed:\n%s", i, apps[i], c[0], c[1], out)
		}
	}
	if !strings.Contains(calls[1][1], "NVDA closes below USD 90") {
		t.Errorf("the level alert does not quote the thesis: %q", calls[1][1])
	}
	if _, _, code := hs(t, db, "", "check", "--notify"); code != 0 {
		t.Fatalf("second check: %d", code)
	}
	stub.mu.Lock()
	defer stub.mu.Unlock()
	if len(stub.calls) != 2 {
		t.Errorf("the second check sent %d more notifications", len(stub.calls)-2)
	}
}
