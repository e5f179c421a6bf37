package pdf

import (
	"fmt"
	"strings"
	"sync"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// metrics knows, for each weight, which face draws every character and how wide it is, in
// thousandths of the font size, so that text can be measured without touching the PDF
// (see glyphs.go for the faces and the order they are tried in).
type metrics struct {
	chain [2][]*face // the faces tried, regular and bold, in order

	// For every character of the Basic Multilingual Plane and each weight: the index in
	// the chain of the face that draws it, or one of invisible, absent and blank; and its
	// width. Characters beyond the plane are looked up one by one (glyph).
	pick   [2][]int8
	widths [2][]uint16
}

// noGlyph marks, in a face's advance table, a character the face lacks.
const noGlyph = 0xffff

var (
	metricsOnce sync.Once
	metricsVal  *metrics
	metricsErr  error
)

// fontMetrics parses the fonts once per process.
func fontMetrics() (*metrics, error) {
	metricsOnce.Do(func() {
		metricsVal, metricsErr = newMetrics(faceFiles())
		if metricsErr != nil {
			metricsErr = fmt.Errorf("pdf: font: %w", metricsErr)
		}
	})
	return metricsVal, metricsErr
}

// newMetrics reads the faces' advance tables and works out which face draws each
// character of the Basic Multilingual Plane.
func newMetrics(chain [2][]*face) (*metrics, error) {
	m := &metrics{chain: chain}
	parsed := map[*face]bool{}
	for b := range chain {
		for _, fc := range chain[b] {
			if parsed[fc] {
				continue
			}
			adv, err := advanceTable(fc.data)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", fc.family, err)
			}
			fc.adv = adv
			parsed[fc] = true
		}
	}
	for b := range chain {
		if chain[b][0].adv[replacement] == noGlyph || chain[b][0].adv[' '] == noGlyph {
			return nil, fmt.Errorf("%s: no %q or space", chain[b][0].family, replacement)
		}
		m.pick[b] = make([]int8, 0x10000)
		m.widths[b] = make([]uint16, 0x10000)
	}
	for r := range rune(0x10000) {
		inv := isInvisible(r)
		for b := range chain {
			m.pick[b][r], m.widths[b][r] = m.bmp(r, b, inv)
		}
	}
	return m, nil
}

// advanceTable returns the advance of every BMP character in thousandths of an em,
// rounded as the PDF writer rounds the widths it stores, and noGlyph for the characters
// the font lacks.
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

// width returns the width of s in thousandths of the font size.
func (m *metrics) width(s string, bold bool) int {
	b := weight(bold)
	n := 0
	for _, r := range s {
		if r < 0x10000 {
			n += int(m.widths[b][r])
		} else {
			n += int(m.glyph(r, b).width)
		}
	}
	return n
}

// advance returns the width of r in thousandths of the font size.
func (m *metrics) advance(r rune, bold bool) int {
	b := weight(bold)
	if r < 0x10000 {
		return int(m.widths[b][r])
	}
	return int(m.glyph(r, b).width)
}

func weight(bold bool) int {
	if bold {
		return 1
	}
	return 0
}

// clean returns s ready to be laid out: tabs become four spaces, the line and paragraph
// separators become line breaks, and carriage returns and other control characters go.
// Every other character stays; the faces draw it, or glyphs.go says what becomes of it.
func (m *metrics) clean(s string) string {
	ok := true
	for _, r := range s {
		if r != '\n' && (r < 0x20 || r >= 0x7f && r < 0xa0 || r == '\u2028' || r == '\u2029') {
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
		case r == '\n' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString("    ")
		case r < 0x20 || r >= 0x7f && r < 0xa0:
			// control characters are dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
