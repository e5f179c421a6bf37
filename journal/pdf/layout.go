package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// The layout below does its own line breaking and page breaking on top of fpdf, which
// only draws: every block knows its height before it is drawn, so a page break never
// cuts a line or a table row, and the page header and footer ("Page N of M") are drawn
// once the page count is known.

// ptMM is the length of a typographic point in millimetres.
const ptMM = 25.4 / 72

const family = "nanum"

// rgb is a colour.
type rgb struct{ r, g, b uint8 }

// Colours of the printed page.
var (
	black     = rgb{0x1a, 0x1a, 0x1a}
	ink       = rgb{0x2b, 0x2d, 0x31}
	muted     = rgb{0x6b, 0x70, 0x78}
	faint     = rgb{0xa8, 0xad, 0xb4}
	rule      = rgb{0xd5, 0xd8, 0xdd}
	panel     = rgb{0xf3, 0xf5, 0xf8}
	headFill  = rgb{0xe8, 0xec, 0xf2}
	zebra     = rgb{0xf8, 0xf9, 0xfb}
	accent    = rgb{0x1f, 0x5f, 0xb0}
	green     = rgb{0x1b, 0x7f, 0x3b}
	red       = rgb{0xc0, 0x24, 0x24}
	blue      = rgb{0x12, 0x5c, 0xd6} // losses in the Korean convention
	amber     = rgb{0xb0, 0x6a, 0x00}
	linkColor = rgb{0x1f, 0x5f, 0xb0}
)

// span is a run of text in one style.
type span struct {
	text         string
	bold, italic bool
	color        *rgb   // nil: the paragraph's colour
	link         string // a URL the run points to
}

// piece is a part of a laid-out line: text in one style at an offset from the line start.
type piece struct {
	span
	x, w float64
}

// line is one laid-out line.
type line struct {
	pieces []piece
	width  float64
}

// pageInfo is what the header of a page shows on the right.
type pageInfo struct{ section string }

// writer lays out a document page by page.
type writer struct {
	f        *fpdf.Fpdf
	m        *metrics
	o        Options
	loc      *time.Location
	docTitle string // header, left

	pageW, pageH           float64
	left, right, top, foot float64 // margins
	y                      float64 // where the next block starts
	pages                  []pageInfo
	section                string

	// What the page stream was last told, so unchanged state is not repeated.
	curFace *face
	curSize float64

	added   map[*face]bool // the faces added to the document so far
	missing map[rune]bool  // the characters no face has, drawn as □

	images int
}

// paper sizes in millimetres.
var papers = map[string][2]float64{"a4": {210, 297}, "letter": {215.9, 279.4}}

// newWriter sets up a document: paper, margins, fonts and metadata.
func newWriter(o Options, docTitle, subject string) (*writer, error) {
	m, err := fontMetrics()
	if err != nil {
		return nil, err
	}
	paper := strings.ToLower(strings.TrimSpace(o.Paper))
	if paper == "" {
		paper = "a4"
	}
	size, ok := papers[paper]
	if !ok {
		return nil, fmt.Errorf("pdf: unknown paper %q (a4 or letter)", o.Paper)
	}
	f := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: size[0], Ht: size[1]},
	})
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCompression(true)
	w := &writer{
		f: f, m: m, o: o, loc: o.Now.Location(), docTitle: docTitle,
		pageW: size[0], pageH: size[1], left: 18, right: 18, top: 20, foot: 18,
		added: map[*face]bool{}, missing: map[rune]bool{},
	}
	// The primary faces are always used; the fallback faces are added when first needed.
	w.addFace(m.chain[0][facePrimary])
	w.addFace(m.chain[1][facePrimary])
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: font: %w", err)
	}
	author := o.Author
	if author == "" {
		author = o.Settings.Author
	}
	f.SetTitle(textString(docTitle), true)
	f.SetSubject(subject, true)
	if author != "" {
		f.SetAuthor(textString(author), true)
	}
	f.SetCreator("Hindsight", true)
	f.SetProducer("Hindsight", true)
	f.SetCreationDate(o.Now)
	f.SetModificationDate(o.Now)
	f.SetDisplayMode("fullwidth", "continuous")
	return w, nil
}

// contentWidth is the width between the margins.
func (w *writer) contentWidth() float64 { return w.pageW - w.left - w.right }

// bottom is the lowest y content may reach.
func (w *writer) bottom() float64 { return w.pageH - w.foot }

// space is the height left on the page.
func (w *writer) space() float64 { return w.bottom() - w.y }

// newPage starts a page.
func (w *writer) newPage() {
	w.f.AddPage()
	w.pages = append(w.pages, pageInfo{section: w.section})
	w.y = w.top
}

// ensure starts a new page unless h millimetres are left on this one.
func (w *writer) ensure(h float64) {
	if w.y+h > w.bottom()+1e-6 && w.y > w.top+1e-6 {
		w.newPage()
	}
}

// gap adds vertical space, unless at the top of a page.
func (w *writer) gap(h float64) {
	if w.y > w.top+1e-6 {
		w.y = min(w.y+h, w.bottom())
	}
}

// setFont selects the primary face, regular or bold, at size points.
func (w *writer) setFont(bold bool, size float64) { w.setFace(facePrimary, bold, size) }

// setFace selects face i of the regular or bold chain at size points, adding it to the
// document the first time.
func (w *writer) setFace(i int, bold bool, size float64) {
	fc := w.m.chain[weight(bold)][i]
	if fc == w.curFace && size == w.curSize {
		return
	}
	w.addFace(fc)
	w.f.SetFont(fc.family, fc.style, size)
	w.curFace, w.curSize = fc, size
}

// addFace adds a face to the document unless it is there already.
func (w *writer) addFace(fc *face) {
	if !w.added[fc] {
		w.f.AddUTF8FontFromBytes(fc.family, fc.style, fc.data)
		w.added[fc] = true
	}
}

// forgetState makes the next setFont write the font again, after jumping to another page
// or restoring a saved graphics state.
func (w *writer) forgetState() { w.curSize = 0 }

func (w *writer) textColor(c rgb) { w.f.SetTextColor(int(c.r), int(c.g), int(c.b)) }
func (w *writer) fillColor(c rgb) { w.f.SetFillColor(int(c.r), int(c.g), int(c.b)) }
func (w *writer) drawColor(c rgb) { w.f.SetDrawColor(int(c.r), int(c.g), int(c.b)) }

// width returns the width of s in millimetres.
func (w *writer) width(s string, bold bool, size float64) float64 {
	return float64(w.m.width(s, bold)) / 1000 * size * ptMM
}

// text draws s with its left end at x and its baseline at y, each run of it with the
// face that has its characters (glyphs.go).
func (w *writer) text(x, y float64, s string, bold, italic bool, size float64, c rgb) {
	if s == "" {
		return
	}
	runs := w.m.runs(s, bold, w.missing)
	if len(runs) == 0 {
		return
	}
	w.textColor(c)
	if italic {
		// NanumGothic has no italic; slant the upright glyphs instead. The font is part of
		// the graphics state the transformation saves: select the first face before it.
		w.setFace(runs[0].face, bold, size)
		w.f.TransformBegin()
		w.f.TransformSkewX(12, x, y)
	}
	for _, r := range runs {
		w.setFace(r.face, bold, size)
		if r.actual != "" {
			w.f.RawWriteStr(actualText(r.actual))
		}
		w.f.Text(x, y, r.text)
		if r.actual != "" {
			w.f.RawWriteStr("EMC")
		}
		x += float64(r.width) / 1000 * size * ptMM
	}
	if italic {
		w.f.TransformEnd()
		if len(runs) > 1 {
			// Restoring the state brought back the first face: say the next one again.
			w.forgetState()
		}
	}
}

// baseline returns the baseline of a line of height lh whose top is at y.
func baseline(y, lh, size float64) float64 {
	em := size * ptMM
	return y + (lh-em)/2 + 0.8*em
}

// wrap lays spans out in lines at most width wide. Lines break at spaces and at "\n";
// a word wider than a whole line (a long run of Hangul written without spaces, a URL)
// is broken between characters.
func (w *writer) wrap(spans []span, size, width float64) []line {
	var lines []line
	var cur line
	flush := func() {
		// Trailing spaces take no room at the end of a line.
		for n := len(cur.pieces); n > 0; n = len(cur.pieces) {
			p := &cur.pieces[n-1]
			t := strings.TrimRight(p.text, " ")
			if t == p.text {
				break
			}
			if t == "" {
				cur.pieces = cur.pieces[:n-1]
				continue
			}
			p.text, p.w = t, w.width(t, p.bold, size)
			break
		}
		cur.width = 0
		if n := len(cur.pieces); n > 0 {
			cur.width = cur.pieces[n-1].x + cur.pieces[n-1].w
		}
		lines = append(lines, cur)
		cur = line{}
	}
	x := 0.0
	add := func(sp span, s string, sw float64) {
		if n := len(cur.pieces); n > 0 {
			last := &cur.pieces[n-1]
			if last.bold == sp.bold && last.italic == sp.italic && last.color == sp.color && last.link == sp.link {
				last.text += s
				last.w += sw
				x += sw
				return
			}
		}
		p := piece{span: sp, x: x, w: sw}
		p.text = s
		cur.pieces = append(cur.pieces, p)
		x += sw
	}
	newLine := func() { flush(); x = 0 }
	for _, sp := range spans {
		for i, seg := range strings.Split(w.m.clean(sp.text), "\n") {
			if i > 0 {
				newLine()
			}
			for _, tok := range tokens(seg) {
				if tok[0] == ' ' {
					if len(cur.pieces) > 0 {
						add(sp, tok, w.width(tok, sp.bold, size))
					}
					continue
				}
				tw := w.width(tok, sp.bold, size)
				if x+tw <= width+1e-9 {
					add(sp, tok, tw)
					continue
				}
				if tw <= width && len(cur.pieces) > 0 {
					newLine()
					add(sp, tok, tw)
					continue
				}
				// Wider than the room left on a fresh line: break between characters.
				for tok != "" {
					n, nw := w.fit(tok, sp.bold, size, width-x)
					if n == 0 {
						if len(cur.pieces) > 0 && x > 0 {
							newLine()
							continue
						}
						n = cluster(tok)
						nw = w.width(tok[:n], sp.bold, size)
					}
					add(sp, tok[:n], nw)
					tok = tok[n:]
					if tok != "" {
						newLine()
					}
				}
			}
		}
	}
	flush()
	return lines
}

// fit returns how many bytes of s fit in room, and their width. Invisible characters
// take no room, so they stay with the character before them.
func (w *writer) fit(s string, bold bool, size, room float64) (int, float64) {
	scale := size * ptMM / 1000
	used := 0.0
	for i, r := range s {
		cw := float64(w.m.advance(r, bold)) * scale
		if used+cw > room+1e-9 {
			return i, used
		}
		used += cw
	}
	return len(s), used
}

// tokens splits s into words and runs of spaces.
func tokens(s string) []string {
	var out []string
	for s != "" {
		space := s[0] == ' '
		i := 1
		for i < len(s) && (s[i] == ' ') == space {
			i++
		}
		out = append(out, s[:i])
		s = s[i:]
	}
	return out
}

// para is a block of wrapped text.
type para struct {
	spans    []span
	size, lh float64
	color    rgb
	x, width float64 // relative to the left margin
}

// drawLines draws lines, starting a new page whenever the next line does not fit.
func (w *writer) drawLines(lines []line, p para) {
	for _, ln := range lines {
		w.ensure(p.lh)
		w.drawLine(ln, p, w.y)
		w.y += p.lh
	}
}

// drawLine draws one line with its top at y.
func (w *writer) drawLine(ln line, p para, y float64) {
	base := baseline(y, p.lh, p.size)
	x0 := w.left + p.x
	for _, pc := range ln.pieces {
		c := p.color
		if pc.color != nil {
			c = *pc.color
		}
		w.text(x0+pc.x, base, pc.text, pc.bold, pc.italic, p.size, c)
		if pc.link != "" {
			w.f.LinkString(x0+pc.x, y, pc.w, p.lh, pc.link)
		}
	}
}

// paragraph wraps and draws p.
func (w *writer) paragraph(p para) {
	if p.width == 0 {
		p.width = w.contentWidth() - p.x
	}
	w.drawLines(w.wrap(p.spans, p.size, p.width), p)
}

// plain is a span list holding s alone.
func plain(s string) []span { return []span{{text: s}} }

// heading draws a heading, kept on a page with the keep millimetres that follow it.
func (w *writer) heading(s string, size, keep float64) {
	lh := size * ptMM * 1.5
	w.gap(size * ptMM * 0.9)
	w.ensure(lh + keep)
	w.paragraph(para{spans: []span{{text: s, bold: true}}, size: size, lh: lh, color: black})
	w.y += 0.8
}

// sectionTitle draws a heading with a rule under it.
func (w *writer) sectionTitle(s string) {
	w.heading(s, 11.5, 18)
	w.drawColor(rule)
	w.f.SetLineWidth(0.3)
	w.f.Line(w.left, w.y, w.pageW-w.right, w.y)
	w.y += 2
}

// hrule draws a thin line across the content width.
func (w *writer) hrule() {
	w.ensure(4)
	w.y += 1.5
	w.drawColor(rule)
	w.f.SetLineWidth(0.25)
	w.f.Line(w.left, w.y, w.pageW-w.right, w.y)
	w.y += 2.5
}

// image draws PNG bytes at the full content width and height h, on one page.
func (w *writer) image(data []byte, h float64) error {
	w.images++
	name := fmt.Sprintf("img%d", w.images)
	opts := fpdf.ImageOptions{ImageType: "PNG"}
	w.f.RegisterImageOptionsReader(name, opts, bytes.NewReader(data))
	if err := w.f.Error(); err != nil {
		return fmt.Errorf("pdf: image: %w", err)
	}
	w.ensure(h)
	w.f.ImageOptions(name, w.left, w.y, w.contentWidth(), h, false, opts, 0, "")
	w.y += h
	return nil
}

// ellipsize shortens s with "…" to fit width.
func (w *writer) ellipsize(s string, bold bool, size, width float64) string {
	s = strings.ReplaceAll(w.m.clean(s), "\n", " ")
	if w.width(s, bold, size) <= width {
		return s
	}
	n, _ := w.fit(s, bold, size, width-w.width("…", bold, size))
	return strings.TrimRight(s[:n], " ") + "…"
}

// decorate draws every page's header and footer, now that the page count is known.
func (w *writer) decorate() {
	total := len(w.pages)
	exported := w.tf("Exported %s · Hindsight", w.when(w.o.Now))
	size := 7.5
	for i, pg := range w.pages {
		w.f.SetPage(i + 1)
		w.forgetState()
		headY := w.top - 8
		half := w.contentWidth()/2 - 4
		left := w.ellipsize(w.docTitle, true, size, half)
		w.text(w.left, headY, left, true, false, size, muted)
		if pg.section != "" {
			right := w.ellipsize(pg.section, false, size, half)
			w.text(w.pageW-w.right-w.width(right, false, size), headY, right, false, false, size, muted)
		}
		w.drawColor(rule)
		w.f.SetLineWidth(0.2)
		w.f.Line(w.left, headY+1.8, w.pageW-w.right, headY+1.8)

		footY := w.pageH - w.foot + 9
		w.f.Line(w.left, footY-4.2, w.pageW-w.right, footY-4.2)
		w.text(w.left, footY, exported, false, false, size, muted)
		page := w.tf("Page %d of %d", i+1, total)
		w.text(w.pageW-w.right-w.width(page, false, size), footY, page, false, false, size, muted)
	}
	w.f.SetPage(total)
	w.forgetState()
}
