//go:build !windows && !darwin

package filedialog

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"hindsight/app/filedialog/portaltest"
)

// testTimeout bounds every dialog call in these tests.
const testTimeout = 10 * time.Second

// isolate points the package at addr as the session bus and hides every
// other mechanism: no override, no zenity or kdialog on PATH, no display.
func isolate(t *testing.T, addr string) {
	t.Helper()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	t.Setenv(EnvBackend, "")
	t.Setenv("PATH", t.TempDir())
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
}

// startPortal starts a stand-in portal and isolates the test with it.
func startPortal(t *testing.T, o portaltest.Options) *portaltest.Portal {
	t.Helper()
	p := portaltest.StartWith(t, o)
	isolate(t, p.Address())
	return p
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// onlyCall returns the single call the portal received.
func onlyCall(t *testing.T, p *portaltest.Portal) portaltest.Call {
	t.Helper()
	calls := p.Calls()
	if len(calls) != 1 {
		t.Fatalf("portal received %d calls, want 1: %+v", len(calls), calls)
	}
	return calls[0]
}

var (
	wantJSON = portaltest.Filter{Name: "JSON", Patterns: []portaltest.Pattern{{Kind: 0, Pattern: "*.json"}}}
	wantCSV  = portaltest.Filter{Name: "CSV", Patterns: []portaltest.Pattern{{Kind: 0, Pattern: "*.csv"}, {Kind: 0, Pattern: "*.txt"}}}
)

func TestPortalOpenKoreanPath(t *testing.T) {
	p := startPortal(t, portaltest.Options{})
	p.AnswerURI("file:///tmp/x/%ED%95%9C%EA%B8%80%20%EC%9D%BC%EC%A7%80.json")

	got, err := Open(testContext(t), OpenOptions{
		Title:   "일지 가져오기",
		Dir:     "/tmp/x",
		Filters: []Filter{jsonFilter, csvFilter},
		Parent:  Parent{X11Window: 0x1a2b},
	})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if want := "/tmp/x/한글 일지.json"; got != want {
		t.Errorf("Open = %q, want %q", got, want)
	}

	c := onlyCall(t, p)
	if c.Method != "OpenFile" {
		t.Errorf("method = %q, want OpenFile", c.Method)
	}
	if c.ParentWindow != "x11:1a2b" {
		t.Errorf("parent_window = %q, want x11:1a2b", c.ParentWindow)
	}
	if c.Title != "일지 가져오기" {
		t.Errorf("title = %q", c.Title)
	}
	if !c.Modal {
		t.Error("modal option not true")
	}
	if c.HandleToken == "" {
		t.Error("no handle_token")
	}
	wantHandle := "/org/freedesktop/portal/desktop/request/" +
		strings.ReplaceAll(strings.TrimPrefix(c.Sender, ":"), ".", "_") + "/" + c.HandleToken
	if c.Handle != wantHandle {
		t.Errorf("handle = %q, want %q", c.Handle, wantHandle)
	}
	if want := []portaltest.Filter{wantJSON, wantCSV}; !reflect.DeepEqual(c.Filters, want) {
		t.Errorf("filters = %+v, want %+v", c.Filters, want)
	}
	if c.CurrentFilter == nil || !reflect.DeepEqual(*c.CurrentFilter, wantJSON) {
		t.Errorf("current_filter = %+v, want %+v", c.CurrentFilter, wantJSON)
	}
	if want := "/tmp/x\x00"; string(c.CurrentFolder) != want {
		t.Errorf("current_folder = %q, want %q", c.CurrentFolder, want)
	}
	if _, ok := c.Options["current_name"]; ok {
		t.Error("OpenFile sent current_name")
	}
	wantSigs := map[string]string{
		"handle_token": "s", "modal": "b", "filters": "a(sa(us))",
		"current_filter": "(sa(us))", "current_folder": "ay",
	}
	if !reflect.DeepEqual(c.Signatures, wantSigs) {
		t.Errorf("option signatures = %v, want %v", c.Signatures, wantSigs)
	}
}

func TestPortalOpenWithoutOptions(t *testing.T) {
	p := startPortal(t, portaltest.Options{})
	p.Answer("/srv/data/a b.json")
	got, err := Open(testContext(t), OpenOptions{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if got != "/srv/data/a b.json" {
		t.Errorf("Open = %q", got)
	}
	c := onlyCall(t, p)
	if c.ParentWindow != "" {
		t.Errorf("parent_window = %q, want empty", c.ParentWindow)
	}
	for _, k := range []string{"filters", "current_filter", "current_folder", "current_name"} {
		if _, ok := c.Options[k]; ok {
			t.Errorf("option %s sent although not asked for", k)
		}
	}
}

func TestPortalSave(t *testing.T) {
	tests := []struct {
		name, answered, want string
	}{
		{"adds extension", "/tmp/x/보고서", "/tmp/x/보고서.json"},
		{"keeps extension", "/tmp/x/보고서.csv", "/tmp/x/보고서.csv"},
		{"keeps json", "/tmp/x/한글 일지.json", "/tmp/x/한글 일지.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := startPortal(t, portaltest.Options{})
			p.Answer(tt.answered)
			got, err := Save(testContext(t), SaveOptions{
				Title:    "내보내기",
				Dir:      "/tmp/x",
				FileName: "한글 일지.json",
				Filters:  []Filter{jsonFilter, csvFilter},
			})
			if err != nil {
				t.Fatalf("Save: %v", err)
			}
			if got != tt.want {
				t.Errorf("Save = %q, want %q", got, tt.want)
			}
			c := onlyCall(t, p)
			if c.Method != "SaveFile" {
				t.Errorf("method = %q, want SaveFile", c.Method)
			}
			if c.CurrentName != "한글 일지.json" {
				t.Errorf("current_name = %q", c.CurrentName)
			}
			if want := "/tmp/x\x00"; string(c.CurrentFolder) != want {
				t.Errorf("current_folder = %q, want %q", c.CurrentFolder, want)
			}
			if c.CurrentFilter == nil || !reflect.DeepEqual(*c.CurrentFilter, wantJSON) {
				t.Errorf("current_filter = %+v", c.CurrentFilter)
			}
			if !c.Modal {
				t.Error("modal option not true")
			}
		})
	}
}

func TestPortalRelativeDirSentAbsolute(t *testing.T) {
	p := startPortal(t, portaltest.Options{})
	p.Cancel()
	if _, err := Open(testContext(t), OpenOptions{Dir: "sub/dir"}); err != nil {
		t.Fatalf("Open: %v", err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(wd, "sub/dir") + "\x00"; string(onlyCall(t, p).CurrentFolder) != want {
		t.Errorf("current_folder = %q, want %q", onlyCall(t, p).CurrentFolder, want)
	}
}

func TestPortalCancel(t *testing.T) {
	p := startPortal(t, portaltest.Options{})
	p.Cancel()
	p.Cancel()
	ctx := testContext(t)
	if got, err := Open(ctx, OpenOptions{Filters: []Filter{jsonFilter}}); got != "" || err != nil {
		t.Errorf("Open after cancel = %q, %v; want empty, nil", got, err)
	}
	if got, err := Save(ctx, SaveOptions{FileName: "a", Filters: []Filter{jsonFilter}}); got != "" || err != nil {
		t.Errorf("Save after cancel = %q, %v; want empty, nil", got, err)
	}
}

func TestPortalOtherResponse(t *testing.T) {
	p := startPortal(t, portaltest.Options{})
	p.Fail()
	got, err := Open(testContext(t), OpenOptions{})
	if err == nil || got != "" {
		t.Fatalf("Open = %q, %v; want an error", got, err)
	}
	if errors.Is(err, ErrUnavailable) {
		t.Errorf("error %v is ErrUnavailable; the portal was there", err)
	}
	if !strings.Contains(err.Error(), "response 2") {
		t.Errorf("error %q does not give the response code", err)
	}
}

func TestPortalNonFileURI(t *testing.T) {
	p := startPortal(t, portaltest.Options{})
	p.AnswerURI("https://example.com/a.json")
	if _, err := Open(testContext(t), OpenOptions{}); err == nil {
		t.Fatal("Open accepted a non-file URI")
	}
}

func TestPortalContextTimeoutClosesRequest(t *testing.T) {
	p := startPortal(t, portaltest.Options{})
	p.Hold()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	got, err := Open(ctx, OpenOptions{Filters: []Filter{jsonFilter}})
	if !errors.Is(err, context.DeadlineExceeded) || got != "" {
		t.Fatalf("Open = %q, %v; want context.DeadlineExceeded", got, err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("Open took %v after its deadline", elapsed)
	}
	c := onlyCall(t, p)
	if closed := p.Closed(); !reflect.DeepEqual(closed, []string{c.Handle}) {
		t.Errorf("closed requests = %q, want [%q]", closed, c.Handle)
	}
}

func TestPortalContextCancelSave(t *testing.T) {
	p := startPortal(t, portaltest.Options{})
	p.Hold()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		// Cancel once the request is open at the portal.
		for len(p.Calls()) == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	_, err := Save(ctx, SaveOptions{FileName: "a.json"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Save error = %v, want context.Canceled", err)
	}
	if len(p.Closed()) != 1 {
		t.Errorf("closed requests = %q, want one", p.Closed())
	}
}

func TestPortalLegacyHandle(t *testing.T) {
	p := startPortal(t, portaltest.Options{LegacyHandles: true})
	p.Answer("/tmp/legacy.json")
	got, err := Open(testContext(t), OpenOptions{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if got != "/tmp/legacy.json" {
		t.Errorf("Open = %q", got)
	}
	if c := onlyCall(t, p); strings.HasSuffix(c.Handle, "/"+c.HandleToken) {
		t.Errorf("legacy portal used the token in %q; the test proves nothing", c.Handle)
	}
}

func TestPortalConcurrentCalls(t *testing.T) {
	p := startPortal(t, portaltest.Options{ResponseDelay: 50 * time.Millisecond})
	want := []string{"/tmp/a.json", "/tmp/b.json", "/tmp/c.json"}
	for _, w := range want {
		p.Answer(w)
	}
	ctx := testContext(t)
	var (
		mu  sync.Mutex
		got []string
		wg  sync.WaitGroup
	)
	for range want {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path, err := Open(ctx, OpenOptions{})
			if err != nil {
				t.Errorf("Open: %v", err)
				return
			}
			mu.Lock()
			got = append(got, path)
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.Strings(got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("answers = %q, want %q", got, want)
	}
	tokens := make(map[string]bool)
	for _, c := range p.Calls() {
		if tokens[c.HandleToken] {
			t.Errorf("handle_token %q used twice", c.HandleToken)
		}
		tokens[c.HandleToken] = true
	}
}

// TestPortalImmediateResponse has the portal answer at once, so the signal
// may reach the client before the method reply does; the client must have
// subscribed before calling.
func TestPortalImmediateResponse(t *testing.T) {
	p := startPortal(t, portaltest.Options{ResponseDelay: time.Nanosecond})
	const n = 20
	for i := 0; i < n; i++ {
		p.Answer("/tmp/fast.json")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for i := 0; i < n; i++ {
		if got, err := Open(ctx, OpenOptions{}); err != nil || got != "/tmp/fast.json" {
			t.Fatalf("call %d: Open = %q, %v", i, got, err)
		}
	}
}

func TestPortalBackend(t *testing.T) {
	startPortal(t, portaltest.Options{})
	ctx := testContext(t)
	if got := Backend(ctx); got != BackendPortal {
		t.Errorf("Backend = %q, want portal", got)
	}
	t.Setenv(EnvBackend, "portal")
	if got := Backend(ctx); got != BackendPortal {
		t.Errorf("forced: Backend = %q, want portal", got)
	}
}

func TestPortalForced(t *testing.T) {
	p := startPortal(t, portaltest.Options{})
	t.Setenv(EnvBackend, "Portal")
	p.Answer("/tmp/forced.json")
	got, err := Open(testContext(t), OpenOptions{})
	if err != nil || got != "/tmp/forced.json" {
		t.Errorf("Open = %q, %v", got, err)
	}
}

func TestNoneDespitePortal(t *testing.T) {
	p := startPortal(t, portaltest.Options{})
	t.Setenv(EnvBackend, "none")
	ctx := testContext(t)
	if _, err := Open(ctx, OpenOptions{}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Open error = %v, want ErrUnavailable", err)
	}
	if _, err := Save(ctx, SaveOptions{}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Save error = %v, want ErrUnavailable", err)
	}
	if got := Backend(ctx); got != "" {
		t.Errorf("Backend = %q, want empty", got)
	}
	if calls := p.Calls(); len(calls) != 0 {
		t.Errorf("portal was called: %+v", calls)
	}
}

func TestPortalWithoutFileChooser(t *testing.T) {
	p := startPortal(t, portaltest.Options{WithoutFileChooser: true})
	ctx := testContext(t)
	if got := Backend(ctx); got != "" {
		t.Errorf("Backend = %q, want empty", got)
	}
	if _, err := Open(ctx, OpenOptions{}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Open error = %v, want ErrUnavailable", err)
	}
	t.Setenv(EnvBackend, "portal")
	if _, err := Save(ctx, SaveOptions{}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("forced portal: Save error = %v, want ErrUnavailable", err)
	}
	if calls := p.Calls(); len(calls) != 0 {
		t.Errorf("portal was called: %+v", calls)
	}
}

func TestBusWithoutPortal(t *testing.T) {
	bus := portaltest.StartBus(t)
	isolate(t, bus.Address())
	ctx := testContext(t)
	start := time.Now()
	if _, err := Open(ctx, OpenOptions{}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Open error = %v, want ErrUnavailable", err)
	}
	if got := Backend(ctx); got != "" {
		t.Errorf("Backend = %q, want empty", got)
	}
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("detection took %v", elapsed)
	}
}

func TestDeadBusUnavailableQuickly(t *testing.T) {
	dir := t.TempDir()
	isolate(t, "unix:path="+filepath.Join(dir, "no-such-bus"))
	ctx := testContext(t)
	start := time.Now()
	if _, err := Open(ctx, OpenOptions{Filters: []Filter{jsonFilter}}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Open error = %v, want ErrUnavailable", err)
	}
	if _, err := Save(ctx, SaveOptions{FileName: "a"}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Save error = %v, want ErrUnavailable", err)
	}
	if got := Backend(ctx); got != "" {
		t.Errorf("Backend = %q, want empty", got)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("detection took %v, want well under 2s", elapsed)
	}
}

// TestNoBusAddressStartsNothing checks that without any session bus the
// package does not launch one (as dbus-launch autolaunch would).
func TestNoBusAddressStartsNothing(t *testing.T) {
	isolate(t, "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	// A dbus-launch on PATH that leaves a mark if anyone runs it.
	bin := t.TempDir()
	mark := filepath.Join(bin, "ran")
	script := "#!/bin/sh\ntouch '" + mark + "'\nexit 1\n"
	if err := os.WriteFile(filepath.Join(bin, "dbus-launch"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	if _, err := Open(testContext(t), OpenOptions{}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Open error = %v, want ErrUnavailable", err)
	}
	if _, err := os.Stat(mark); err == nil {
		t.Error("dbus-launch was run")
	}
	if got := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); got != "" {
		t.Errorf("DBUS_SESSION_BUS_ADDRESS changed to %q", got)
	}
}

// TestStalledBusTimesOut checks that a socket that accepts but never
// answers the handshake does not hold the caller past the probe timeout.
func TestStalledBusTimesOut(t *testing.T) {
	dir, err := os.MkdirTemp("", "stall")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	sock := filepath.Join(dir, "bus")
	ln := listenUnix(t, sock)
	defer ln.Close()
	isolate(t, "unix:path="+sock)
	start := time.Now()
	if _, err := Open(testContext(t), OpenOptions{}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Open error = %v, want ErrUnavailable", err)
	}
	if elapsed := time.Since(start); elapsed > probeTimeout+time.Second {
		t.Errorf("Open took %v against a stalled bus", elapsed)
	}
}

// listenUnix listens on a Unix socket at path and accepts connections
// without ever writing to them.
func listenUnix(t *testing.T, path string) net.Listener {
	t.Helper()
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
	)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return ln
}
