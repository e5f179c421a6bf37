package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSubsystemOfGoBuilds cross-compiles a small program for Windows with and without
// -H=windowsgui, the two ways Hindsight's executables are linked, and reads the
// subsystems back.
func TestSubsystemOfGoBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds Windows executables")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		ldflags string
		arg     string
	}{
		{"-H=windowsgui", "gui"},
		{"", "console"},
	} {
		exe := filepath.Join(dir, tt.arg+".exe")
		cmd := exec.Command("go", "build", "-ldflags", tt.ldflags, "-o", exe, src)
		cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0", "GOFLAGS=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", tt.ldflags, err, out)
		}
		if err := checkArg(exe + "=" + tt.arg); err != nil {
			t.Errorf("built with %q: %v", tt.ldflags, err)
		}
		other := map[string]string{"gui": "console", "console": "gui"}[tt.arg]
		if err := checkArg(exe + "=" + other); err == nil {
			t.Errorf("built with %q, passes as %s too", tt.ldflags, other)
		}
	}
}

// TestBuiltExecutables checks hindsight.exe (GUI) and hindsight-cli.exe (console) in the
// folder named by HINDSIGHT_EXE_DIR, as make windows builds them; it is skipped when the
// variable is not set.
func TestBuiltExecutables(t *testing.T) {
	dir := os.Getenv("HINDSIGHT_EXE_DIR")
	if dir == "" {
		t.Skip("HINDSIGHT_EXE_DIR is not set (make windows, then HINDSIGHT_EXE_DIR=$PWD)")
	}
	for _, arg := range []string{"hindsight.exe=gui", "hindsight-cli.exe=console"} {
		if err := checkArg(filepath.Join(dir, arg)); err != nil {
			t.Error(err)
		}
	}
}

func TestCheckArgErrors(t *testing.T) {
	dir := t.TempDir()
	notPE := filepath.Join(dir, "x.exe")
	if err := os.WriteFile(notPE, []byte("MZ but nothing else"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, arg := range []string{"x.exe", notPE + "=tui", notPE + "=gui", filepath.Join(dir, "missing.exe") + "=gui"} {
		if err := checkArg(arg); err == nil {
			t.Errorf("checkArg(%q) passed", arg)
		}
	}
}
