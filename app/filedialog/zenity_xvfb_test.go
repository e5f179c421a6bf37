//go:build !windows && !darwin

package filedialog

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// xvfbZenity starts a private Xvfb server and prepares the environment for
// a real zenity on it: a hermetic home, no session bus, no accessibility
// bus, in-memory settings. It skips the test when zenity, Xvfb or xdotool
// is missing, or in -short mode.
func xvfbZenity(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("drives a real zenity; skipped in -short mode")
	}
	for _, p := range []string{"zenity", "Xvfb", "xdotool"} {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("%s is not installed", p)
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	// -noreset: by default the server resets whenever its last client
	// leaves, and a zenity connecting during that reset cannot open the
	// display.
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-noreset", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start Xvfb: %v", err)
	}
	_ = w.Close()
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		_ = r.Close()
	})
	display := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		display <- strings.TrimSpace(line)
	}()
	select {
	case d := <-display:
		if d == "" {
			t.Fatal("Xvfb reported no display")
		}
		t.Setenv("DISPLAY", ":"+d)
	case <-time.After(10 * time.Second):
		t.Fatal("Xvfb did not start")
	}

	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, ".local/share"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	t.Setenv("XDG_RUNTIME_DIR", home)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(home, "no-bus"))
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("NO_AT_BRIDGE", "1")
	t.Setenv("GSETTINGS_BACKEND", "memory")
	t.Setenv(EnvBackend, "")
}

// xdotool runs xdotool with args and returns its trimmed output.
func xdotool(t *testing.T, ctx context.Context, args ...string) string {
	t.Helper()
	out, err := exec.CommandContext(ctx, "xdotool", args...).Output()
	if err != nil {
		t.Errorf("xdotool %q: %v", args, err)
	}
	return strings.TrimSpace(string(out))
}

// findWindow polls until a visible window titled title exists and returns
// its id. Polling instead of "search --sync" rides out the X errors a
// search meets when another dialog's window is torn down meanwhile. It
// fails early when the dialog call has already returned.
func findWindow(t *testing.T, ctx context.Context, title string, done <-chan dialogResult) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) && ctx.Err() == nil {
		select {
		case r := <-done:
			t.Fatalf("dialog %q returned %q, %v before its window was found", title, r.path, r.err)
		default:
		}
		out, err := exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--name", "^"+title+"$").CombinedOutput()
		if ids := strings.Fields(string(out)); err == nil && len(ids) > 0 {
			return ids[0]
		}
		lastErr = fmt.Errorf("%v: %s", err, out)
		time.Sleep(100 * time.Millisecond)
	}
	all, _ := exec.Command("xdotool", "search", "--name", ".").Output()
	t.Fatalf("no window titled %q (last search: %v; windows: %q)", title, lastErr, all)
	return ""
}

// driveDialog waits for the window titled title, focuses it and sends keys.
// Each element of steps is either "key:<keys>" or "type:<text>".
func driveDialog(t *testing.T, ctx context.Context, title string, done <-chan dialogResult, steps ...string) {
	t.Helper()
	id := findWindow(t, ctx, title, done)
	xdotool(t, ctx, "windowfocus", "--sync", id)
	time.Sleep(300 * time.Millisecond)
	for _, s := range steps {
		kind, arg, _ := strings.Cut(s, ":")
		switch kind {
		case "key":
			xdotool(t, ctx, "key", "--clearmodifiers", arg)
		case "type":
			xdotool(t, ctx, "type", "--delay", "20", arg)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// dialogResult is what Open or Save returned in the background.
type dialogResult struct {
	path string
	err  error
}

// TestRealZenityWithoutDisplay checks that a real zenity that cannot reach
// its display yields an error rather than a silent cancel.
func TestRealZenityWithoutDisplay(t *testing.T) {
	if _, err := exec.LookPath("zenity"); err != nil {
		t.Skip("zenity is not installed")
	}
	t.Setenv("DISPLAY", ":9999")
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("GDK_BACKEND", "x11")
	t.Setenv(EnvBackend, "zenity")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	got, err := Open(ctx, OpenOptions{})
	if err == nil {
		t.Fatalf("Open = %q, nil; want an error", got)
	}
	if errors.Is(err, ErrUnavailable) {
		t.Errorf("error %v is ErrUnavailable; zenity was found", err)
	}
}

func TestRealZenityUnderXvfb(t *testing.T) {
	xvfbZenity(t)
	dir := t.TempDir()
	existing := filepath.Join(dir, "data.json")
	if err := os.WriteFile(existing, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if got := Backend(ctx); got != BackendZenity {
		t.Fatalf("Backend = %q, want zenity", got)
	}

	t.Run("open", func(t *testing.T) {
		done := make(chan dialogResult, 1)
		go func() {
			p, err := Open(ctx, OpenOptions{Title: "Hindsight open test", Dir: dir, Filters: []Filter{jsonFilter}})
			done <- dialogResult{p, err}
		}()
		driveDialog(t, ctx, "Hindsight open test", done, "key:ctrl+l", "type:"+existing, "key:Return")
		if r := <-done; r.err != nil || r.path != existing {
			t.Errorf("Open = %q, %v; want %q", r.path, r.err, existing)
		}
	})

	t.Run("save adds extension", func(t *testing.T) {
		done := make(chan dialogResult, 1)
		go func() {
			p, err := Save(ctx, SaveOptions{Title: "Hindsight save test", Dir: dir, FileName: "draft.json", Filters: []Filter{jsonFilter}})
			done <- dialogResult{p, err}
		}()
		driveDialog(t, ctx, "Hindsight save test", done, "key:ctrl+a", "type:report", "key:Return")
		want := filepath.Join(dir, "report.json")
		if r := <-done; r.err != nil || r.path != want {
			t.Errorf("Save = %q, %v; want %q", r.path, r.err, want)
		}
	})

	t.Run("cancel", func(t *testing.T) {
		done := make(chan dialogResult, 1)
		go func() {
			p, err := Open(ctx, OpenOptions{Title: "Hindsight cancel test", Dir: dir})
			done <- dialogResult{p, err}
		}()
		driveDialog(t, ctx, "Hindsight cancel test", done, "key:Escape")
		if r := <-done; r.err != nil || r.path != "" {
			t.Errorf("Open = %q, %v; want empty, nil", r.path, r.err)
		}
	})

	t.Run("context ends", func(t *testing.T) {
		short, stop := context.WithTimeout(ctx, 2*time.Second)
		defer stop()
		_, err := Open(short, OpenOptions{Title: "Hindsight timeout test"})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Open error = %v, want context.DeadlineExceeded", err)
		}
	})
}
