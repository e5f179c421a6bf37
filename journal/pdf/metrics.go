package pdf

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

	"hindsight/assets"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// metrics holds the advance widths of the two fonts for every character of the Basic
// Multilingual Plane, in thousandths of the font size, so that text can be measured
// without touching the PDF. A width of noGlyph marks a character the font lacks.
type metrics struct {
	widths [2][]uint16 // regular, bold
}

const noGlyph = 0xffff

var (
	metricsOnce sync.Once
	metricsVal  *metrics
	metricsErr  error
)

// fontMetrics parses the fonts once per process.
func fontMetrics() (*metrics, error) {
	metricsOnce.Do(func() {
		m := &metrics{}
		for i, data := range [][]byte{assets.FontRegular, assets.FontBold} {
			w, err := advanceTable(data)
			if err != nil {
				metricsErr = fmt.Errorf("pdf: font: %w", err)
				return
			}
			m.widths[i] = w
		}
		metricsVal = m
	})
	return metricsVal, metricsErr
}

// advanceTable returns the advance of every BMP character in thousandths of an em,
// rounded as the PDF writer rounds the widths it stores.
func advanceTable(data []byte) ([]uint16, error) {
	f, err := sfnt.Parse(data)
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	upem := int(f.UnitsPerEm())
	ppem := fixed.I(upem)
	out := make([]uint16, 0x10000)
	for r := range out {
		out[r] = noGlyph
		gi, err := f.GlyphIndex(&buf, rune(r))
		if err != nil || gi == 0 {
			continue
		}
		adv, err := f.GlyphAdvance(&buf, gi, ppem, xfont.HintingNone)
		if err != nil {
			continue
		}
		units := float64(adv) / 64
		out[r] = uint16(units*1000/float64(upem) + 0.5)
	}
	return out, nil
}

// has reports whether the fonts draw r.
func (m *metrics) has(r rune) bool {
	return r >= 0 && r < 0x10000 && m.widths[0][r] != noGlyph
}

// width returns the width of s in thousandths of the font size.
func (m *metrics) width(s string, bold bool) int {
	tab := m.widths[0]
	if bold {
		tab = m.widths[1]
	}
	n := 0
	for _, r := range s {
		if r < 0x10000 {
			if w := tab[r]; w != noGlyph {
				n += int(w)
			}
		}
	}
	return n
}

// substitutes replace characters the font lacks with ones it has.
var substitutes = map[rune]string{
	'\u2212': "-",   // minus sign
	'\u2010': "-",   // hyphen
	'\u2011': "-",   // non-breaking hyphen
	'\u00a0': " ",   // no-break space
	'\u2009': " ",   // thin space
	'\u200b': "",    // zero-width space
	'\ufeff': "",    // byte-order mark
	'\u2713': "√",   // check mark
	'\u2714': "√",   // heavy check mark
	'\u2717': "×",   // ballot x
	'\u2718': "×",   // heavy ballot x
	'\u2026': "...", // only used when the font lacks the ellipsis
}

// replacement stands for a character that cannot be drawn at all.
const replacement = "□"

// clean returns s ready to be drawn: tabs become four spaces, carriage returns and other
// control characters go, and characters the font lacks are substituted or replaced by
// a white square, so no line ever holds an invisible character.
func (m *metrics) clean(s string) string {
	ok := true
	for _, r := range s {
		if r == '\n' {
			continue
		}
		if r < 0x20 || r == 0x7f || !m.has(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString("    ")
		case r < 0x20 || r == 0x7f || unicode.Is(unicode.Cf, r) && r != '\u200b' && r != '\ufeff':
			// control and invisible format characters are dropped
		case m.has(r):
			b.WriteRune(r)
		default:
			if sub, found := substitutes[r]; found {
				b.WriteString(sub)
			} else if unicode.IsSpace(r) {
				b.WriteByte(' ')
			} else {
				b.WriteString(replacement)
			}
		}
	}
	return b.String()
}
