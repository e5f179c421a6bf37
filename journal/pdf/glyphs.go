package pdf

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"hindsight/assets"
)

// Glyph fallback. NanumGothic, the face the text is set in, lacks many characters a thesis
// may hold: the minus sign U+2212, accented letters such as Ä and å, many arrows and
// symbols, every emoji. Each character is drawn from the first of these faces that has it:
//
//	NanumGothic        regular, bold  Hangul, Latin, the KS X 1001 symbols (①, ₩, →, €)
//	DejaVu Sans        regular, bold  Latin, Greek and Cyrillic at large, −, most symbols
//	Symbola Hindsight  one weight     the remaining symbols (₿, ✅) and monochrome emoji
//
// Text is cut into runs drawn from one face each (metrics.runs), and measured the same way
// (metrics.width), so wrapping stays exact. A fallback face is added to the document the
// first time a run needs it, so a PDF embeds only the faces it uses.
//
// The PDF writer knows a character of a font by its UTF-16 code alone, so it cannot reach
// the emoji of plane 1: Symbola Hindsight stores U+1F000+n at U+E000+n, the run draws that
// code, and the real character is written as the run's ActualText, the text a reader
// copies and pdftotext returns. ActualText also keeps the invisible characters no face
// draws (the variation selector of ⚠️, zero-width joiners, skin-tone modifiers), and the
// characters none of the faces has: those are drawn as □ and reported, once per export,
// through Options.Missing. No character is replaced without a trace.

// face is one font file the text can be drawn with.
type face struct {
	family, style string // as the PDF writer knows it; pdffonts shows "utf8"+family+style
	data          []byte
	adv           []uint16 // advance of every BMP code, in thousandths of an em, or noGlyph
	// plane1 is set on the face that stores U+1F000+n at plane1+n.
	plane1 rune
}

// Chain indices of the faces, the same for both weights.
const (
	facePrimary  = 0 // NanumGothic
	faceFallback = 1 // DejaVu Sans
	faceSymbols  = 2 // Symbola Hindsight
)

// The first and the end of the plane-1 characters Symbola Hindsight stores in the
// Private Use Area.
const (
	plane1First = 0x1F000
	plane1End   = 0x1FB00
)

// Values of metrics.pick besides a chain index.
const (
	invisible = -1 // drawn as nothing: format characters, variation selectors
	absent    = -2 // no face has it: drawn as □ by the primary face, and reported
	blank     = -3 // a space no face has: drawn as a plain space
)

// replacement is what a character no face has is drawn as.
const replacement = '□'

// faceFiles returns the faces text is drawn with, regular and bold, in the order they are
// tried. Symbola Hindsight has one weight and serves both.
func faceFiles() [2][]*face {
	symbols := &face{family: "symbols", data: assets.Symbols, plane1: assets.SymbolsPlane1}
	return [2][]*face{
		{{family: family, data: assets.FontRegular}, {family: "dejavu", data: assets.FallbackRegular}, symbols},
		{{family: family, style: "B", data: assets.FontBold}, {family: "dejavu", style: "B", data: assets.FallbackBold}, symbols},
	}
}

// isInvisible reports whether r is a character nothing is drawn for: a format character
// (zero-width space and joiners, directional marks, the soft hyphen, tags), a variation
// selector, or an emoji skin-tone modifier, which a monochrome face cannot show.
func isInvisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r) || r >= 0x1F3FB && r <= 0x1F3FF
}

// bmp returns which face draws the BMP character r in weight b, and its width; inv tells
// whether r is invisible.
func (m *metrics) bmp(r rune, b int, inv bool) (int8, uint16) {
	if inv {
		return invisible, 0
	}
	for i, fc := range m.chain[b] {
		if fc.plane1 != 0 && r >= fc.plane1 && r < fc.plane1+(plane1End-plane1First) {
			continue // these codes stand for plane-1 characters
		}
		if w := fc.adv[r]; w != noGlyph {
			return int8(i), w
		}
	}
	primary := m.chain[b][facePrimary]
	if unicode.IsSpace(r) {
		return blank, primary.adv[' ']
	}
	return absent, primary.adv[replacement]
}

// glyph tells how a character is drawn.
type glyph struct {
	face  int    // chain index, or invisible, absent or blank
	code  rune   // what the face is given
	width uint16 // thousandths of the font size
}

// glyph returns how r is drawn in weight b.
func (m *metrics) glyph(r rune, b int) glyph {
	if r < 0x10000 {
		switch p := m.pick[b][r]; p {
		case invisible:
			return glyph{face: invisible, code: r}
		case absent:
			return glyph{face: absent, code: replacement, width: m.widths[b][r]}
		case blank:
			return glyph{face: blank, code: ' ', width: m.widths[b][r]}
		default:
			return glyph{face: int(p), code: r, width: m.widths[b][r]}
		}
	}
	if isInvisible(r) {
		return glyph{face: invisible, code: r}
	}
	if r >= plane1First && r < plane1End {
		for i, fc := range m.chain[b] {
			if fc.plane1 == 0 {
				continue
			}
			code := fc.plane1 + r - plane1First
			if w := fc.adv[code]; w != noGlyph {
				return glyph{face: i, code: code, width: w}
			}
		}
	}
	return glyph{face: absent, code: replacement, width: m.widths[b][replacement]}
}

// run is a part of a text drawn with one face.
type run struct {
	face   int    // chain index
	text   string // the codes the face is given
	actual string // the characters text stands for, when they differ from text; else ""
	width  int    // thousandths of the font size
}

// runs cuts s into the runs it is drawn with in weight bold. Each character no face has
// is added to missing, when missing is not nil. A run whose text is not the characters
// themselves (an emoji, a □, a character followed by invisible ones) is kept as short as
// those characters, so that its ActualText covers nothing else.
func (m *metrics) runs(s string, bold bool, missing map[rune]bool) []run {
	b := weight(bold)
	if m.plain(s, b) {
		return []run{{face: facePrimary, text: s, width: m.width(s, bold)}}
	}
	// A cluster is a drawn character with the invisible characters that follow it (and,
	// for the first, those before it).
	type cluster struct {
		g    glyph
		orig string
	}
	var clusters []cluster
	lead := ""
	for i, r := range s {
		g := m.glyph(r, b)
		size := utf8.RuneLen(r)
		if g.face == invisible {
			if n := len(clusters); n > 0 {
				clusters[n-1].orig += s[i : i+size]
			} else {
				lead += s[i : i+size]
			}
			continue
		}
		if g.face == absent {
			if missing != nil {
				missing[r] = true
			}
			g.face = facePrimary
		} else if g.face == blank {
			g.face = facePrimary
		}
		clusters = append(clusters, cluster{g: g, orig: lead + s[i:i+size]})
		lead = ""
	}
	var out []run
	var text, actual strings.Builder
	for i, c := range clusters {
		own := c.orig != string(c.g.code)
		text.WriteRune(c.g.code)
		actual.WriteString(c.orig)
		last := i == len(clusters)-1
		if !last {
			next := clusters[i+1]
			if next.g.face == c.g.face && (next.orig != string(next.g.code)) == own {
				continue
			}
		}
		r := run{face: c.g.face, text: text.String()}
		if own {
			r.actual = actual.String()
		}
		out = append(out, r)
		text.Reset()
		actual.Reset()
	}
	// Widths, from the clusters in order.
	k := 0
	for i := range out {
		for range utf8.RuneCountInString(out[i].text) {
			out[i].width += int(clusters[k].g.width)
			k++
		}
	}
	return out
}

// plain reports whether the primary face draws every character of s as itself, the
// common case, which needs no cutting.
func (m *metrics) plain(s string, b int) bool {
	for _, r := range s {
		if r >= 0x10000 || m.pick[b][r] != facePrimary {
			return false
		}
	}
	return true
}

// cluster returns the length in bytes of the first character of s with the invisible
// characters that follow it, which are never set apart from it by a line break.
func cluster(s string) int {
	_, n := utf8.DecodeRuneInString(s)
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if !isInvisible(r) {
			break
		}
		n += size
	}
	return n
}

// actualText returns the marked-content operator that makes s the text a reader gets for
// what is drawn until the matching EMC: a UTF-16 string with its byte-order mark.
func actualText(s string) string {
	var b strings.Builder
	b.WriteString("/Span <</ActualText <FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">>> BDC")
	return b.String()
}

// textString returns s ready for a string the PDF writer converts to UTF-16 itself (the
// document's title and author, the outline): control characters dropped, line breaks as
// spaces, and each character beyond the Basic Multilingual Plane written as its two
// UTF-16 surrogates in the three-byte form (CESU-8), because the writer's conversion
// handles three-byte sequences only and would garble a four-byte one.
func textString(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t' || r == '\u2028' || r == '\u2029':
			b.WriteByte(' ')
		case r < 0x20 || r >= 0x7f && r < 0xa0:
		case r >= 0x10000:
			hi, lo := utf16.EncodeRune(r)
			for _, u := range []rune{hi, lo} {
				b.Write([]byte{0xE0 | byte(u>>12), 0x80 | byte(u>>6)&0x3F, 0x80 | byte(u)&0x3F})
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CharList names characters for a warning, in code point order: "U+E000, U+10000 𐀀".
// A character is shown beside its code when it is a visible one, not a private-use code.
func CharList(chars []rune) string {
	chars = slices.Clone(chars)
	slices.Sort(chars)
	chars = slices.Compact(chars)
	parts := make([]string, len(chars))
	for i, r := range chars {
		parts[i] = fmt.Sprintf("U+%04X", r)
		if unicode.IsGraphic(r) && !unicode.Is(unicode.Co, r) && !unicode.IsSpace(r) {
			parts[i] += " " + string(r)
		}
	}
	return strings.Join(parts, ", ")
}
