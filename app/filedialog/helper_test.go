//go:build !windows && !darwin

package filedialog

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"hindsight/app/filedialog/portaltest"
)

// standIn is a folder on PATH holding small shell scripts named zenity or
// kdialog that speak those programs' exit-status protocol: they record
// their arguments and then print STANDIN_RESULT (mode ok), exit 1 (cancel),
// fail with a message on standard error (fail) or never finish (hang).
type standIn struct {
	dir string
}

const standInScript = `#!/bin/sh
name=${0##*/}
for a in "$@"; do printf '%s\0' "$a"; done > "$STANDIN_DIR/$name.args"
case "$STANDIN_MODE" in
ok) printf '%s\n' "$STANDIN_RESULT" ;;
cancel) exit 1 ;;
fail) echo "$name: something broke" >&2; exit 5 ;;
nodisplay) echo "(zenity:1): Gtk-WARNING **: cannot open display: :99" >&2; exit 1 ;;
hang) exec SLEEP 30 ;;
badlocale)
	# As GLib does when LANG names a locale the C library lacks: only under
	# C.UTF-8 are non-ASCII arguments accepted.
	if [ "$LC_ALL" != C.UTF-8 ]; then
		echo "(process:1): Gtk-WARNING **: Locale not supported by C library." >&2
		echo "This option is not available. Please see --help for all possible usages." >&2
		exit 255
	fi
	printf '%s\n' "$STANDIN_RESULT" ;;
badlocale-always)
	echo "(process:1): Gtk-WARNING **: Locale not supported by C library." >&2
	exit 255 ;;
*) echo "unknown STANDIN_MODE" >&2; exit 9 ;;
esac
`

// newStandIn isolates the test from any real bus or display helper and puts
// stand-ins for the named programs alone on PATH. DISPLAY is set, so the
// automatic choice may use them.
func newStandIn(t *testing.T, names ...string) *standIn {
	t.Helper()
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep program")
	}
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh")
	}
	isolate(t, "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	s := &standIn{dir: t.TempDir()}
	script := strings.ReplaceAll(standInScript, "SLEEP", sleep)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(s.dir, n), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", s.dir)
	t.Setenv("STANDIN_DIR", s.dir)
	t.Setenv("DISPLAY", ":99")
	return s
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// mode sets how the stand-ins behave and what they print.
func (s *standIn) mode(t *testing.T, mode, result string) {
	t.Helper()
	t.Setenv("STANDIN_MODE", mode)
	t.Setenv("STANDIN_RESULT", result)
}

// args returns the arguments the named stand-in was last run with, or nil
// when it never ran.
func (s *standIn) args(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.dir, name+".args"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	out := strings.Split(string(b), "\x00")
	return out[:len(out)-1]
}

func TestHelperZenityOpen(t *testing.T) {
	s := newStandIn(t, "zenity", "kdialog")
	s.mode(t, "ok", "/tmp/x/한글 일지.json")
	ctx := testContext(t)
	if got := Backend(ctx); got != BackendZenity {
		t.Errorf("Backend = %q, want zenity", got)
	}
	o := OpenOptions{Title: "열기", Dir: "/tmp/x", Filters: []Filter{jsonFilter}}
	got, err := Open(ctx, o)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if got != "/tmp/x/한글 일지.json" {
		t.Errorf("Open = %q", got)
	}
	want := zenityArgs(request{title: o.Title, dir: o.Dir, filters: o.Filters})
	if a := s.args(t, "zenity"); !reflect.DeepEqual(a, want) {
		t.Errorf("zenity ran with %q, want %q", a, want)
	}
	if a := s.args(t, "kdialog"); a != nil {
		t.Errorf("kdialog ran too: %q", a)
	}
}

func TestHelperZenitySaveAddsExtension(t *testing.T) {
	s := newStandIn(t, "zenity")
	s.mode(t, "ok", "/tmp/x/보고서")
	got, err := Save(testContext(t), SaveOptions{Dir: "/tmp/x", FileName: "한글 일지.json", Filters: []Filter{jsonFilter}})
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	if got != "/tmp/x/보고서.json" {
		t.Errorf("Save = %q, want /tmp/x/보고서.json", got)
	}
	a := s.args(t, "zenity")
	if !contains(a, "--save") || !contains(a, "/tmp/x/한글 일지.json") {
		t.Errorf("zenity ran with %q", a)
	}
}

func TestHelperWaylandOnly(t *testing.T) {
	s := newStandIn(t, "zenity")
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "wayland-0")
	s.mode(t, "ok", "/tmp/a.json")
	if got, err := Open(testContext(t), OpenOptions{}); err != nil || got != "/tmp/a.json" {
		t.Errorf("Open = %q, %v", got, err)
	}
}

func TestHelperKDialog(t *testing.T) {
	s := newStandIn(t, "kdialog")
	s.mode(t, "ok", "/tmp/x/a.json")
	ctx := testContext(t)
	if got := Backend(ctx); got != BackendKDialog {
		t.Errorf("Backend = %q, want kdialog", got)
	}
	o := OpenOptions{Title: "Open", Dir: "/tmp/x", Filters: []Filter{jsonFilter}, Parent: Parent{X11Window: 42}}
	if got, err := Open(ctx, o); err != nil || got != "/tmp/x/a.json" {
		t.Errorf("Open = %q, %v", got, err)
	}
	want := kdialogArgs(request{title: o.Title, dir: o.Dir, filters: o.Filters, parent: o.Parent}, "")
	if a := s.args(t, "kdialog"); !reflect.DeepEqual(a, want) {
		t.Errorf("kdialog ran with %q, want %q", a, want)
	}
}

func TestHelperCancel(t *testing.T) {
	for _, name := range []string{"zenity", "kdialog"} {
		t.Run(name, func(t *testing.T) {
			s := newStandIn(t, name)
			s.mode(t, "cancel", "")
			if got, err := Open(testContext(t), OpenOptions{}); got != "" || err != nil {
				t.Errorf("Open = %q, %v; want empty, nil", got, err)
			}
			if got, err := Save(testContext(t), SaveOptions{Filters: []Filter{jsonFilter}}); got != "" || err != nil {
				t.Errorf("Save = %q, %v; want empty, nil", got, err)
			}
		})
	}
}

func TestHelperFailure(t *testing.T) {
	s := newStandIn(t, "zenity")
	s.mode(t, "fail", "")
	_, err := Open(testContext(t), OpenOptions{})
	if err == nil {
		t.Fatal("Open succeeded")
	}
	if errors.Is(err, ErrUnavailable) {
		t.Errorf("error %v is ErrUnavailable; zenity was there", err)
	}
	if !strings.Contains(err.Error(), "something broke") {
		t.Errorf("error %q does not carry zenity's message", err)
	}
}

// TestHelperLocaleMissing runs zenity again under C.UTF-8 when it refused a
// Korean title because the session's locale was never generated, and reports
// its message when that does not help either.
func TestHelperLocaleMissing(t *testing.T) {
	s := newStandIn(t, "zenity")
	t.Setenv("LC_ALL", "ko_KR.UTF-8")
	s.mode(t, "badlocale", "/tmp/x/한글 일지.json")
	got, err := Open(testContext(t), OpenOptions{Title: "저널 가져오기", Filters: []Filter{jsonFilter}})
	if err != nil || got != "/tmp/x/한글 일지.json" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	s.mode(t, "badlocale-always", "")
	_, err = Open(testContext(t), OpenOptions{Title: "저널 가져오기"})
	if err == nil || errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "Locale not supported") {
		t.Fatalf("a helper that keeps failing gave %v", err)
	}
}

// TestHelperDisplayFailureIsNoCancel checks that zenity's exit status 1
// after failing to reach the display is reported as an error, not a cancel.
func TestHelperDisplayFailureIsNoCancel(t *testing.T) {
	s := newStandIn(t, "zenity")
	s.mode(t, "nodisplay", "")
	got, err := Open(testContext(t), OpenOptions{})
	if err == nil {
		t.Fatalf("Open = %q, nil; want an error", got)
	}
	if !strings.Contains(err.Error(), "cannot open display") {
		t.Errorf("error %q does not carry zenity's message", err)
	}
}

func TestHelperContextEnds(t *testing.T) {
	s := newStandIn(t, "zenity")
	s.mode(t, "hang", "")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Open(ctx, OpenOptions{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Open error = %v, want context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("Open returned after %v", elapsed)
	}
}

func TestHelperNeedsDisplay(t *testing.T) {
	s := newStandIn(t, "zenity", "kdialog")
	s.mode(t, "ok", "/tmp/a.json")
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	ctx := testContext(t)
	if got := Backend(ctx); got != "" {
		t.Errorf("Backend = %q, want empty", got)
	}
	if _, err := Open(ctx, OpenOptions{}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Open error = %v, want ErrUnavailable", err)
	}
	if a := s.args(t, "zenity"); a != nil {
		t.Errorf("zenity ran without a display: %q", a)
	}
}

func TestHelperForced(t *testing.T) {
	s := newStandIn(t, "zenity", "kdialog")
	s.mode(t, "ok", "/tmp/a.json")
	t.Setenv(EnvBackend, "kdialog")
	ctx := testContext(t)
	if got := Backend(ctx); got != BackendKDialog {
		t.Errorf("Backend = %q, want kdialog", got)
	}
	if got, err := Open(ctx, OpenOptions{}); err != nil || got != "/tmp/a.json" {
		t.Errorf("Open = %q, %v", got, err)
	}
	if a := s.args(t, "zenity"); a != nil {
		t.Errorf("zenity ran although kdialog was forced: %q", a)
	}
	if a := s.args(t, "kdialog"); a == nil {
		t.Error("kdialog did not run")
	}
}

func TestHelperForcedMissing(t *testing.T) {
	newStandIn(t, "zenity")
	t.Setenv(EnvBackend, "kdialog")
	if _, err := Open(testContext(t), OpenOptions{}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Open error = %v, want ErrUnavailable", err)
	}
	if got := Backend(testContext(t)); got != "" {
		t.Errorf("Backend = %q, want empty", got)
	}
}

// TestHelperPortalFirst checks the automatic order: a working portal wins
// over zenity, and forcing zenity bypasses the portal.
func TestHelperPortalFirst(t *testing.T) {
	s := newStandIn(t, "zenity")
	s.mode(t, "ok", "/tmp/from-zenity.json")
	p := portaltest.Start(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", p.Address())
	p.Answer("/tmp/from-portal.json")
	ctx := testContext(t)
	if got, err := Open(ctx, OpenOptions{}); err != nil || got != "/tmp/from-portal.json" {
		t.Errorf("automatic Open = %q, %v; want the portal's answer", got, err)
	}
	t.Setenv(EnvBackend, "zenity")
	if got, err := Open(ctx, OpenOptions{}); err != nil || got != "/tmp/from-zenity.json" {
		t.Errorf("forced zenity Open = %q, %v", got, err)
	}
	if n := len(p.Calls()); n != 1 {
		t.Errorf("portal received %d calls, want 1", n)
	}
}
