package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// envAsMain, set to 1, makes the test binary run main() instead of the tests: the tests
// start it to see what the program prints from the start of the process, before main.
const envAsMain = "HINDSIGHT_TEST_AS_MAIN"

// asMain runs the program, as a new process of the test binary, with the locale variables
// in locale (and no others) and args, and returns its stdout, stderr and exit code.
func asMain(t *testing.T, locale []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = []string{envAsMain + "=1", "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"),
		"HINDSIGHT_YAHOO_URL=http://127.0.0.1:1"}
	cmd.Env = append(cmd.Env, locale...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	return out.String(), errb.String(), code
}

// TestCommandsQuietUnderCLocale checks that the commands print nothing of the UI toolkit's
// on stderr (Fyne logged "Error parsing user locale C" while it was initialized when LANG
// was C.UTF-8) whatever the locale: a command's stderr is only what the command itself
// writes there (run in-process, after initialization), empty for most.
func TestCommandsQuietUnderCLocale(t *testing.T) {
	base := t.TempDir()
	db := filepath.Join(base, "demo.db")
	if _, errs, code := hs(t, db, "", "demo"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	commands := func(dir string) [][]string {
		return [][]string{
			{"list"},
			{"show", "demo-deepseek"},
			{"review", "--offline", "demo-deepseek"},
			{"summary", "--offline"},
			{"export", "--format", "pdf", "--offline", "-o", filepath.Join(dir, "journal.pdf")},
			{"quote", "--offline", "NVDA"},
			{"--version"},
			{"--help"},
		}
	}
	quiet := map[string]bool{"list": true, "show": true, "review": true, "summary": true, "--version": true, "--help": true}
	wantErr, wantCode := map[string]string{}, map[string]int{}
	for _, c := range commands(base) {
		_, errs, code := hs(t, db, "", c...)
		if quiet[c[0]] && errs != "" {
			t.Fatalf("%s in-process: stderr %q", c[0], errs)
		}
		wantErr[c[0]], wantCode[c[0]] = strings.ReplaceAll(errs, base, "DIR"), code
	}
	journal, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	locales := map[string][]string{
		"C":              {"LANG=C"},
		"C.UTF-8":        {"LANG=C.UTF-8"},
		"unset":          nil,
		"LC_ALL=C.UTF-8": {"LC_ALL=C.UTF-8", "LANG=en_US.UTF-8"},
	}
	for name, locale := range locales {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			db := filepath.Join(dir, "demo.db")
			if err := os.WriteFile(db, journal, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, c := range commands(dir) {
				_, got, code := asMain(t, locale, append([]string{"--db", db}, c...)...)
				got = strings.ReplaceAll(got, dir, "DIR")
				if got != wantErr[c[0]] || code != wantCode[c[0]] {
					t.Errorf("%s: exit %d, stderr %q; want exit %d, stderr %q", strings.Join(c, " "), code, got, wantCode[c[0]], wantErr[c[0]])
				}
			}
		})
	}
}
