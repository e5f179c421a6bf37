package pdf

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParseMarkdown(t *testing.T) {
	src := "# 요약\n\n첫 문단 first line\nsecond line kept\n\n- one\n- two\n  continued\n  - nested\n1. first\n2) second\n\n> quoted\n> more\n\n---\n\n```\ncode **not bold**\n  indented\n```\n### Closing ###\nplain"
	want := []mdBlock{
		{kind: mdHeading, level: 1, text: "요약"},
		{kind: mdPara, text: "첫 문단 first line\nsecond line kept"},
		{kind: mdItem, marker: "•", text: "one"},
		{kind: mdItem, marker: "•", text: "two\ncontinued"},
		{kind: mdItem, level: 1, marker: "◦", text: "nested"},
		{kind: mdItem, marker: "1.", text: "first"},
		{kind: mdItem, marker: "2)", text: "second"},
		{kind: mdQuote, text: "quoted\nmore"},
		{kind: mdRule},
		{kind: mdCode, text: "code **not bold**\n  indented"},
		{kind: mdHeading, level: 3, text: "Closing"},
		{kind: mdPara, text: "plain"},
	}
	got := parseMarkdown(src)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseMarkdown:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseInline(t *testing.T) {
	type sp struct {
		text         string
		bold, italic bool
		link         string
	}
	tests := []struct {
		in   string
		want []sp
	}{
		{"plain 텍스트", []sp{{text: "plain 텍스트"}}},
		{"**굵게** and *기울임*", []sp{{text: "굵게", bold: true}, {text: " and "}, {text: "기울임", italic: true}}},
		{"__bold__ _it_ ***both***", []sp{{text: "bold", bold: true}, {text: " "}, {text: "it", italic: true}, {text: " "}, {text: "both", bold: true, italic: true}}},
		{"**bold with *italic* inside**", []sp{{text: "bold with ", bold: true}, {text: "italic", bold: true, italic: true}, {text: " inside", bold: true}}},
		{"2 * 3 * 4 and a*b", []sp{{text: "2 * 3 * 4 and a*b"}}},
		{"snake_case_name stays", []sp{{text: "snake_case_name stays"}}},
		{"unclosed **bold", []sp{{text: "unclosed **bold"}}},
		{`escaped \*stars\*`, []sp{{text: "escaped *stars*"}}},
		{"`code`", []sp{{text: "code"}}},
		{"see [the filing](https://example.com/a) now", []sp{{text: "see "}, {text: "the filing", link: "https://example.com/a"}, {text: " now"}}},
		{"[not a link] (x)", []sp{{text: "[not a link] (x)"}}},
	}
	for _, tc := range tests {
		var got []sp
		for _, s := range parseInline(tc.in) {
			got = append(got, sp{s.text, s.bold, s.italic, s.link})
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseInline(%q):\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
	}
}

func testWriter(t *testing.T) *writer {
	t.Helper()
	w, err := newWriter(Options{Now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}.withDefaults(), "test", "test")
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TestWrap checks line breaking: no line is wider than asked, breaks fall at spaces
// when a word fits a line, a word longer than a line (Hangul written without spaces)
// is broken between characters, and no character is lost or added.
func TestWrap(t *testing.T) {
	w := testWriter(t)
	long := strings.Repeat("가나다라마바사아자차카타파하", 12)
	tests := []struct {
		name     string
		spans    []span
		width    float64
		minLines int
	}{
		{"english words", plain(strings.Repeat("investment thesis review ", 20)), 60, 5},
		{"korean words", plain(strings.Repeat("딥시크 쇼크가 AI 수요를 키운다 ", 15)), 50, 5},
		{"hangul without spaces", plain(long), 80, 5},
		{"a long word after a short one", plain("짧다 " + long), 80, 5},
		{"styles and hard breaks", []span{{text: "bold 굵게 ", bold: true}, {text: "italic\n기울임 ", italic: true}, {text: strings.Repeat("x", 300)}}, 40, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines := w.wrap(tc.spans, 10, tc.width)
			if len(lines) < tc.minLines {
				t.Errorf("%d lines, want at least %d", len(lines), tc.minLines)
			}
			var in, out strings.Builder
			for _, s := range tc.spans {
				in.WriteString(s.text)
			}
			for i, ln := range lines {
				if ln.width > tc.width+1e-6 {
					t.Errorf("line %d is %.2f mm wide, limit %.2f", i, ln.width, tc.width)
				}
				var text strings.Builder
				for _, p := range ln.pieces {
					text.WriteString(p.text)
					if got := w.width(p.text, p.bold, 10); got-p.w > 1e-6 || p.w-got > 1e-6 {
						t.Errorf("line %d piece %q: width %.3f recorded, %.3f measured", i, p.text, p.w, got)
					}
				}
				out.WriteString(text.String())
			}
			squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
			if squash(out.String()) != squash(in.String()) {
				t.Errorf("text changed by wrapping:\n got %q\nwant %q", squash(out.String()), squash(in.String()))
			}
		})
	}
	// A word that fits on a line is moved whole rather than broken.
	lines := w.wrap(plain("aaaa "+strings.Repeat("b", 30)), 10, w.width(strings.Repeat("b", 32), false, 10))
	if len(lines) != 2 || lines[1].pieces[0].text != strings.Repeat("b", 30) {
		t.Errorf("a fitting word was broken: %+v", lines)
	}
}

func TestClean(t *testing.T) {
	m, err := fontMetrics()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"한글 and ASCII ①", "한글 and ASCII ①"},
		{"a\tb\r\nc", "a    b\nc"},
		{"line\u2028sep\u0085next", "line\nsep\nnext"},
		{"bell\a and \x1b escape", "bell and  escape"},
		// Characters the faces lack are kept: glyphs.go draws or reports them.
		{"−17% ⚠️ zero\u200bwidth 🚀 \ue000", "−17% ⚠️ zero\u200bwidth 🚀 \ue000"},
	}
	for _, tc := range tests {
		if got := m.clean(tc.in); got != tc.want {
			t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if !utf8.ValidString(m.clean(tc.in)) {
			t.Errorf("clean(%q) is not valid UTF-8", tc.in)
		}
	}
}

func TestReasonMarker(t *testing.T) {
	tests := []struct {
		in           string
		i            int
		marker, text string
	}{
		{"① 주주환원율 목표", 0, "①", "주주환원율 목표"},
		{"price-to-book far below peers", 1, "②", "price-to-book far below peers"},
		{"⑤already numbered", 0, "⑤", "already numbered"},
		{"twenty-first", 20, "(21)", "twenty-first"},
	}
	for _, tc := range tests {
		m, text := reasonMarker(tc.in, tc.i)
		if m != tc.marker || text != tc.text {
			t.Errorf("reasonMarker(%q, %d) = %q, %q; want %q, %q", tc.in, tc.i, m, text, tc.marker, tc.text)
		}
	}
}
