package app

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"hindsight/journal"
)

// TestSafeFileName makes titles into file names every common file system accepts.
func TestSafeFileName(t *testing.T) {
	long := strings.Repeat("가", 100) // 300 bytes
	for _, c := range []struct{ in, want string }{
		{"2025-01-28 딥시크 쇼크가 AI 수요를 키운다", "2025-01-28 딥시크 쇼크가 AI 수요를 키운다.pdf"},
		{`a/b\c:d*e?f"g<h>i|j`, "a-b-c-d-e-f-g-h-i-j.pdf"},
		{"tab\there\nnew\x00line\x7f", "tab here newline.pdf"},
		{"  spaced   out  ", "spaced out.pdf"},
		{"ends with dots...", "ends with dots.pdf"},
		{"...", "hindsight-x.pdf"},
		{"", "hindsight-x.pdf"},
		{"\u200bzero\u200ewidth", "zerowidth.pdf"},
		{"CON", "CON_.pdf"},
		{"con", "con_.pdf"},
		{"lpt1", "lpt1_.pdf"},
		{"Com9.tar", "Com9_.tar.pdf"},
		{"CONSOLE", "CONSOLE.pdf"},
		{"nul ", "nul_.pdf"},
		{"bad\xffutf8", "badutf8.pdf"},
		{long, strings.Repeat("가", 65) + ".pdf"},
	} {
		got := safeFileName(c.in, "pdf", "hindsight-x")
		if got != c.want {
			t.Errorf("safeFileName(%q) = %q, want %q", c.in, got, c.want)
		}
		if len(got) > maxNameBytes || !utf8.ValidString(got) {
			t.Errorf("safeFileName(%q) = %q: %d bytes", c.in, got, len(got))
		}
	}
	th := &journal.Thesis{ID: "t1", Title: "딥시크 쇼크가 AI 수요를 키운다", CreatedAt: time.Date(2025, 1, 28, 12, 0, 0, 0, time.Local)}
	if got := thesisFileName(th, "pdf"); got != "2025-01-28 딥시크 쇼크가 AI 수요를 키운다.pdf" {
		t.Errorf("thesisFileName = %q", got)
	}
}
