package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The manual page names every command and every option the commands define, is plain
// ASCII roff, and (where man-db is installed) formats without a warning.
func TestManPage(t *testing.T) {
	var b bytes.Buffer
	writeManPage(&b, "2026-01-02")
	page := b.String()
	if !strings.HasPrefix(page, `.\"`) || !strings.Contains(page, `.TH HINDSIGHT 1 "2026-01-02" "Hindsight `+version+`"`) {
		t.Fatalf("header:\n%.300s", page)
	}
	for _, r := range page {
		if r > 126 {
			t.Fatalf("non-ASCII %q in the page", r)
		}
	}
	for _, c := range commands() {
		if !strings.Contains(page, "\n.B "+roff(c.name)+"\n") && !strings.Contains(page, `\fB`+roff(c.name)+`\fR `) {
			t.Errorf("command %q missing", c.name)
		}
		for _, o := range commandOptions(c.name) {
			f, _, _ := strings.Cut(o[0], " ")
			if f != "-db" && !strings.Contains(page, `\-`+roff(f)) {
				t.Errorf("%s: option %s missing", c.name, f)
			}
		}
	}
	for _, line := range strings.Split(page, "\n") {
		if strings.HasPrefix(line, ".") {
			macro, _, _ := strings.Cut(line, " ")
			switch macro {
			case `.\"`, ".TH", ".SH", ".B", ".BI", ".BR", ".I", ".IR", ".RB", ".RI", ".TP", ".PP", ".RS", ".RE", ".br", ".EX", ".EE":
			default:
				t.Errorf("unexpected request %q", line)
			}
		}
	}
	if _, err := exec.LookPath("man"); err != nil {
		t.Skip("man not installed")
	}
	f := filepath.Join(t.TempDir(), "hindsight.1")
	os.WriteFile(f, b.Bytes(), 0o644)
	cmd := exec.Command("man", "--warnings", "-l", f)
	cmd.Env = append(os.Environ(), "MANWIDTH=80", "LC_ALL=C.UTF-8", "MANPAGER=cat", "PAGER=cat")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Errorf("man --warnings: %v\n%s", err, stderr.String())
	}
}

func TestRoff(t *testing.T) {
	for in, want := range map[string]string{
		`--at HH:MM`: `\-\-at HH:MM`,
		`a\b`:        `a\eb`,
		`.dot`:       `\&.dot`,
		`2×2`:        `2\[u00D7]2`,
	} {
		if got := roff(in); got != want {
			t.Errorf("roff(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHelpCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "journal.db")
	out, _, code := hs(t, db, "", "help")
	if code != exitOK || !strings.Contains(out, "Commands:") {
		t.Errorf("help: %d %q", code, out)
	}
	out, _, code = hs(t, db, "", "help", "trades", "import")
	if code != exitOK || !strings.HasPrefix(out, "Usage: hindsight trades import ") {
		t.Errorf("help trades import: %d %q", code, out)
	}
	out, _, code = hs(t, db, "", "help", "--man")
	if code != exitOK || !strings.Contains(out, ".SH COMMANDS") {
		t.Errorf("help --man: %d %.100q", code, out)
	}
}
