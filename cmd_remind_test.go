package main

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// remindHome gives a test a temporary home with a journal at a path of
// spaces and Hangul, and records the commands the reminder runs.
func remindHome(t *testing.T) (home, db string, ran *[][]string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the reminder tests check the systemd user units; other systems are covered by package remind")
	}
	home = filepath.Join(t.TempDir(), "김 민수")
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	db = filepath.Join(home, ".config", "hindsight", "journal.db")
	if err := os.MkdirAll(filepath.Dir(db), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var cmds [][]string
	oldRun, oldInteractive := remindRun, remindInteractive
	remindRun = func(name string, args ...string) ([]byte, error) {
		cmds = append(cmds, append([]string{name}, args...))
		if len(args) > 1 && args[1] == "show" {
			return []byte("ActiveState=active\nNextElapseUSecRealtime=Thu 2026-12-03 07:05:00 KST\n"), nil
		}
		return nil, nil
	}
	remindInteractive = func(io.Reader) bool { return false }
	t.Cleanup(func() { remindRun, remindInteractive = oldRun, oldInteractive })
	return home, db, &cmds
}

func unitFiles(home string) []string {
	dir := filepath.Join(home, ".config", "systemd", "user")
	return []string{filepath.Join(dir, "hindsight-check.service"), filepath.Join(dir, "hindsight-check.timer")}
}

func TestRemindInstallStatusUninstall(t *testing.T) {
	home, db, ran := remindHome(t)

	out, errs, code := hs(t, db, "", "remind", "install", "--print")
	if code != exitOK || !strings.Contains(out, `--db "`+db+`" check --notify`) || !strings.Contains(out, "OnCalendar=*-*-* 08:30:00") ||
		!strings.Contains(out, "run: systemctl --user enable --now hindsight-check.timer") {
		t.Fatalf("install --print: code %d\n%s\n%s", code, out, errs)
	}
	for _, f := range unitFiles(home) {
		if fileExists(f) {
			t.Errorf("--print wrote %s", f)
		}
	}
	if len(*ran) != 0 {
		t.Errorf("--print ran %q", *ran)
	}

	// Without --yes and no terminal to ask on: refused, nothing written.
	_, errs, code = hs(t, db, "y\n", "remind", "install")
	if code != exitUsage || !strings.Contains(errs, "--yes") || fileExists(unitFiles(home)[0]) {
		t.Fatalf("install without --yes: code %d, %q", code, errs)
	}

	out, errs, code = hs(t, db, "", "remind", "install", "--yes", "--at", "7:05")
	if code != exitOK || !strings.Contains(out, "runs daily at 07:05 on "+db) || !strings.Contains(out, "next run: Thu 2026-12-03 07:05:00 KST") {
		t.Fatalf("install --yes: code %d\n%s\n%s", code, out, errs)
	}
	want := [][]string{
		{"systemctl", "--user", "daemon-reload"},
		{"systemctl", "--user", "enable", "--now", "hindsight-check.timer"},
		{"systemctl", "--user", "show", "hindsight-check.timer", "--property=ActiveState,NextElapseUSecRealtime"},
	}
	if !reflect.DeepEqual(*ran, want) {
		t.Errorf("install ran %q, want %q", *ran, want)
	}
	timer, err := os.ReadFile(unitFiles(home)[1])
	if err != nil || !strings.Contains(string(timer), "OnCalendar=*-*-* 07:05:00") {
		t.Errorf("timer: %v\n%s", err, timer)
	}

	out, _, code = hs(t, db, "", "remind", "status")
	if code != exitOK || !strings.HasPrefix(out, "installed\n") || !strings.Contains(out, unitFiles(home)[0]) || !strings.Contains(out, "state: timer active") {
		t.Errorf("status: code %d\n%s", code, out)
	}

	*ran = nil
	out, errs, code = hs(t, db, "", "remind", "uninstall")
	if code != exitOK || !strings.Contains(out, "removed "+unitFiles(home)[1]) {
		t.Fatalf("uninstall: code %d\n%s\n%s", code, out, errs)
	}
	want = [][]string{{"systemctl", "--user", "disable", "--now", "hindsight-check.timer"}, {"systemctl", "--user", "daemon-reload"}}
	if !reflect.DeepEqual(*ran, want) {
		t.Errorf("uninstall ran %q, want %q", *ran, want)
	}
	for _, f := range unitFiles(home) {
		if fileExists(f) {
			t.Errorf("uninstall left %s", f)
		}
	}
	out, _, _ = hs(t, db, "", "remind", "status")
	if !strings.HasPrefix(out, "not installed\n") {
		t.Errorf("status after uninstall:\n%s", out)
	}
	out, _, code = hs(t, db, "", "remind", "uninstall")
	if code != exitOK || !strings.Contains(out, "no daily check was installed") {
		t.Errorf("second uninstall: code %d %q", code, out)
	}
}

func TestRemindInstallAsks(t *testing.T) {
	home, db, _ := remindHome(t)
	remindInteractive = func(io.Reader) bool { return true }
	_, errs, code := hs(t, db, "n\n", "remind", "install")
	if code != exitOK || !strings.Contains(errs, "[y/N]") || !strings.Contains(errs, "not installed") || fileExists(unitFiles(home)[0]) {
		t.Fatalf("answer n: code %d, %q", code, errs)
	}
	_, errs, code = hs(t, db, "y\n", "remind", "install")
	if code != exitOK || !fileExists(unitFiles(home)[0]) {
		t.Fatalf("answer y: code %d, %q", code, errs)
	}
}

func TestRemindInstallRefuses(t *testing.T) {
	home, db, ran := remindHome(t)
	_, errs, code := hs(t, db, "", "remind", "install", "--yes", "--at", "25:00")
	if code != exitUsage || !strings.Contains(errs, "25:00") {
		t.Errorf("--at 25:00: code %d, %q", code, errs)
	}
	missing := filepath.Join(home, "nowhere.db")
	_, errs, code = hs(t, missing, "", "remind", "install", "--yes")
	if code != exitRuntime || !strings.Contains(errs, missing) {
		t.Errorf("missing journal: code %d, %q", code, errs)
	}
	// A unit of the person's own at the same path is never removed.
	f := unitFiles(home)[0]
	if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, []byte("[Service]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, code = hs(t, db, "", "remind", "uninstall")
	if code != exitRuntime || !strings.Contains(errs, f) || !fileExists(f) {
		t.Errorf("uninstall over a foreign unit: code %d, %q", code, errs)
	}
	if len(*ran) != 0 {
		t.Errorf("ran %q", *ran)
	}
}
