package pdf

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"hindsight/assets"
)

// pua is where Symbola Hindsight keeps the plane-1 character r.
func pua(r rune) string { return string(assets.SymbolsPlane1 + r - plane1First) }

func TestRuns(t *testing.T) {
	m, err := fontMetrics()
	if err != nil {
		t.Fatal(err)
	}
	const (
		nanum  = facePrimary
		dejavu = faceFallback
		sym    = faceSymbols
	)
	tests := []struct {
		name    string
		in      string
		bold    bool
		want    []run // widths are checked apart
		missing string
	}{
		{"all in NanumGothic", "한글 ASCII ①②③ ₩3,000,000 → € £ ¥", false, []run{{face: nanum, text: "한글 ASCII ①②③ ₩3,000,000 → € £ ¥"}}, ""},
		{"minus from DejaVu", "−12 %", false, []run{{face: dejavu, text: "−"}, {face: nanum, text: "12 %"}}, ""},
		{"bold minus from DejaVu Bold", "−12 %", true, []run{{face: dejavu, text: "−"}, {face: nanum, text: "12 %"}}, ""},
		{"letters NanumGothic lacks", "Ångström Öl", false, []run{{face: dejavu, text: "Å"}, {face: nanum, text: "ngström "}, {face: dejavu, text: "Ö"}, {face: nanum, text: "l"}}, ""},
		{"symbols from Symbola", "₿ ✅", false, []run{{face: sym, text: "₿"}, {face: nanum, text: " "}, {face: sym, text: "✅"}}, ""},
		{"emoji at their private codes", "수익 📈🚀!", false, []run{{face: nanum, text: "수익 "}, {face: sym, text: pua('📈') + pua('🚀'), actual: "📈🚀"}, {face: nanum, text: "!"}}, ""},
		{"emoji in bold: the one weight", "🚀", true, []run{{face: sym, text: pua('🚀'), actual: "🚀"}}, ""},
		{"variation selector kept as actual text", "⚠️ risk", false, []run{{face: dejavu, text: "⚠", actual: "⚠\ufe0f"}, {face: nanum, text: " risk"}}, ""},
		{"skin tone and joiner", "👍🏽 👨\u200d💻", false, []run{{face: sym, text: pua('👍'), actual: "👍🏽"}, {face: nanum, text: " "}, {face: sym, text: pua('👨') + pua('💻'), actual: "👨\u200d💻"}}, ""},
		{"zero-width space", "a\u200bb", false, []run{{face: nanum, text: "a", actual: "a\u200b"}, {face: nanum, text: "b"}}, ""},
		{"leading invisible", "\ufeffx", false, []run{{face: nanum, text: "x", actual: "\ufeffx"}}, ""},
		{"invisible alone", "\u200b\ufe0f", false, nil, ""},
		{"private use: no face", "a\ue000b", false, []run{{face: nanum, text: "a"}, {face: nanum, text: "□", actual: "\ue000"}, {face: nanum, text: "b"}}, "\ue000"},
		{"Linear B and an unassigned code", "𐀀\U000E0080", false, []run{{face: nanum, text: "□□", actual: "𐀀\U000E0080"}}, "𐀀\U000E0080"},
		{"a real □ stays itself", "□", false, []run{{face: nanum, text: "□"}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			missing := map[rune]bool{}
			got := m.runs(tc.in, tc.bold, missing)
			total := 0
			for i := range got {
				total += got[i].width
				got[i].width = 0
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("runs(%q):\n got %+v\nwant %+v", tc.in, got, tc.want)
			}
			if w := m.width(tc.in, tc.bold); w != total {
				t.Errorf("width %d, runs add up to %d", w, total)
			}
			var want []rune
			for _, r := range tc.missing {
				want = append(want, r)
			}
			var gotMissing []rune
			for _, r := range tc.in {
				if missing[r] {
					gotMissing = append(gotMissing, r)
				}
			}
			if len(missing) != len(want) || !reflect.DeepEqual(gotMissing, want) {
				t.Errorf("missing %q, want %q", gotMissing, want)
			}
			// Each face draws every code it is given.
			for _, r := range m.runs(tc.in, tc.bold, nil) {
				fc := m.chain[weight(tc.bold)][r.face]
				for _, c := range r.text {
					if c >= 0x10000 || fc.adv[c] == noGlyph {
						t.Errorf("face %s lacks %U", fc.family, c)
					}
				}
			}
		})
	}
}

// TestRunsNanumOnly checks the spaces no face has, with NanumGothic alone.
func TestRunsNanumOnly(t *testing.T) {
	full := faceFiles()
	m, err := newMetrics([2][]*face{{full[0][0]}, {full[1][0]}})
	if err != nil {
		t.Fatal(err)
	}
	got := m.runs("a\u2003b−", false, map[rune]bool{})
	want := []run{{face: 0, text: "a"}, {face: 0, text: " ", actual: "\u2003"}, {face: 0, text: "b"}, {face: 0, text: "□", actual: "−"}}
	for i := range got {
		got[i].width = 0
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if m.advance('\u2003', false) != m.advance(' ', false) || m.advance('−', false) != m.advance('□', false) {
		t.Error("a blank is not as wide as a space, or a missing character as wide as □")
	}
}

func TestWrapFallback(t *testing.T) {
	w := testWriter(t)
	in := strings.Repeat("−12 % → ①②③ ₩3,000,000 € 📈🚀 ⚠️ ₿ ", 8)
	lines := w.wrap(plain(in), 10, 50)
	var out strings.Builder
	for i, ln := range lines {
		if ln.width > 50+1e-6 {
			t.Errorf("line %d is %.2f mm wide", i, ln.width)
		}
		for _, p := range ln.pieces {
			out.WriteString(p.text)
			if got := w.width(p.text, p.bold, 10); got-p.w > 1e-6 || p.w-got > 1e-6 {
				t.Errorf("line %d piece %q: width %.3f recorded, %.3f measured", i, p.text, p.w, got)
			}
		}
	}
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if squash(out.String()) != squash(in) {
		t.Errorf("text changed by wrapping:\n got %q\nwant %q", out.String(), in)
	}
	// A word broken between characters keeps a variation selector with its character.
	lines = w.wrap(plain(strings.Repeat("⚠️", 40)), 10, 20)
	for i, ln := range lines {
		if s := ln.pieces[0].text; strings.HasPrefix(s, "\ufe0f") {
			t.Errorf("line %d starts with a variation selector: %q", i, s)
		}
	}
	if n := utf8.RuneCountInString(lines[0].pieces[0].text); n%2 != 0 {
		t.Errorf("first line has %d characters", n)
	}
}

func TestTextString(t *testing.T) {
	// The PDF writer's own UTF-8 to UTF-16 conversion reads the result.
	tests := []struct{ in, want string }{
		{"내 투자 일지", "내 투자 일지"},
		{"a\nb\tc\x00", "a b c"},
		{"📈", "\xed\xa0\xbd\xed\xb3\x88"}, // U+D83D U+DCC8 in three bytes each
	}
	for _, tc := range tests {
		if got := textString(tc.in); got != tc.want {
			t.Errorf("textString(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCharList(t *testing.T) {
	got := CharList([]rune{0x10000, 0xE000, 0x10000, 0x2003})
	if want := "U+2003, U+E000, U+10000 𐀀"; got != want {
		t.Errorf("CharList = %q, want %q", got, want)
	}
}

func TestActualText(t *testing.T) {
	if got, want := actualText("a📈"), "/Span <</ActualText <FEFF0061D83DDCC8>>> BDC"; got != want {
		t.Errorf("actualText = %q, want %q", got, want)
	}
}

// TestFontState draws runs of several faces, slanted and upright, and follows the page's
// content stream: every string must be shown in the font the writer last selected, also
// after a slanted text restores the graphics state it saved (which holds the font).
func TestFontState(t *testing.T) {
	w := testWriter(t)
	w.f.SetCompression(false)
	w.newPage()
	w.text(10, 20, "plain −1", false, false, 10, ink)
	w.text(10, 30, "기울임 🚀 −", false, true, 10, ink)   // ends in DejaVu
	w.text(10, 40, "−2 after", false, false, 10, ink) // starts in DejaVu
	w.text(10, 50, "🚀", false, true, 10, ink)
	w.text(10, 60, "🚀 again", false, false, 10, ink)
	w.text(10, 70, "last", false, false, 10, ink)
	var buf bytes.Buffer
	if err := w.f.Output(&buf); err != nil {
		t.Fatal(err)
	}
	pdfData := buf.Bytes()
	start := bytes.Index(pdfData, []byte("stream\n"))
	end := bytes.Index(pdfData, []byte("endstream"))
	if start < 0 || end < start {
		t.Fatal("no content stream")
	}
	var selected string   // the last Tf operand
	var stack []string    // the font in each saved graphics state
	current := ""         // the font the graphics state holds
	var operands []string // since the last operator
	shown := 0
	content := pdfData[start+len("stream\n") : end]
	for i := 0; i < len(content); {
		c := content[i]
		switch {
		case c == '(': // a string, with \-escapes
			i++
			for i < len(content) && content[i] != ')' {
				if content[i] == '\\' {
					i++
				}
				i++
			}
			i++
			operands = append(operands, "(string)")
			continue
		case c == ' ' || c == '\n' || c == '\r':
			i++
			continue
		}
		j := i
		for j < len(content) && !strings.ContainsRune(" \n\r(", rune(content[j])) {
			j++
		}
		tok := string(content[i:j])
		i = j
		switch tok {
		case "q":
			stack = append(stack, current)
		case "Q":
			current = stack[len(stack)-1]
			stack = stack[:len(stack)-1]
		case "Tf":
			current = operands[len(operands)-2]
			selected = current
		case "Tj":
			shown++
			if current != selected {
				t.Errorf("string %d shown in %s, the writer selected %s", shown, current, selected)
			}
		default:
			operands = append(operands, tok)
			continue
		}
		operands = operands[:0]
	}
	if shown < 10 {
		t.Errorf("%d strings shown", shown)
	}
}
