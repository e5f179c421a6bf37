package pdf

// column is a table column.
type column struct {
	title string
	share float64 // of the table width, relative to the other columns
	right bool    // right-aligned, for figures
}

// cell is a table cell.
type cell struct {
	text  string
	bold  bool
	color *rgb
}

// Table metrics, in points and millimetres.
const (
	tableSize = 8.0
	tableLH   = 3.9
	tablePad  = 1.3
)

// table draws a table across the content width. A row never breaks across pages
// unless it is taller than a whole page; every page the table continues on starts with
// the header row again.
func (w *writer) table(cols []column, rows [][]cell) {
	total := 0.0
	for _, c := range cols {
		total += c.share
	}
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = c.share / total * w.contentWidth()
	}
	layout := func(cells []cell, bold bool) ([][]line, int) {
		out := make([][]line, len(cols))
		most := 1
		for i := range cols {
			if i >= len(cells) {
				continue
			}
			c := cells[i]
			out[i] = w.wrap([]span{{text: c.text, bold: c.bold || bold, color: c.color}}, tableSize, widths[i]-2*tablePad)
			most = max(most, len(out[i]))
		}
		return out, most
	}
	heads := make([]cell, len(cols))
	for i, c := range cols {
		heads[i] = cell{text: c.title}
	}
	headLines, headN := layout(heads, true)
	headH := float64(headN)*tableLH + 2*tablePad

	// drawRow draws lines [from, to) of each cell in a band of height h at w.y.
	drawRow := func(lines [][]line, from, to int, h float64, fill *rgb, color rgb) {
		if fill != nil {
			w.fillColor(*fill)
			w.f.Rect(w.left, w.y, w.contentWidth(), h, "F")
		}
		x := w.left
		p := para{size: tableSize, lh: tableLH, color: color}
		for i := range cols {
			for j := from; j < to && j < len(lines[i]); j++ {
				ln := lines[i][j]
				off := tablePad
				if cols[i].right {
					off = widths[i] - tablePad - ln.width
				}
				p.x = x - w.left + off
				w.drawLine(ln, p, w.y+tablePad+float64(j-from)*tableLH)
			}
			x += widths[i]
		}
		w.y += h
	}
	header := func() {
		drawRow(headLines, 0, headN, headH, &headFill, black)
		w.drawColor(faint)
		w.f.SetLineWidth(0.25)
		w.f.Line(w.left, w.y, w.pageW-w.right, w.y)
	}

	first := true
	for r, cells := range rows {
		lines, n := layout(cells, false)
		h := float64(n)*tableLH + 2*tablePad
		var fill *rgb
		if r%2 == 1 {
			fill = &zebra
		}
		if first {
			w.ensure(headH + min(h, 3*tableLH+2*tablePad))
			header()
			first = false
		}
		if w.y+h > w.bottom() {
			room := w.bottom() - w.top - headH
			if h <= room || w.space() < tableLH+2*tablePad+1 {
				w.newPage()
				header()
			}
		}
		// A row taller than the room left is drawn in parts, each on its own page.
		for from := 0; from < n; {
			fit := int((w.space() - 2*tablePad) / tableLH)
			to := min(n, from+max(1, fit))
			drawRow(lines, from, to, float64(to-from)*tableLH+2*tablePad, fill, ink)
			from = to
			if from < n {
				w.newPage()
				header()
			}
		}
	}
	if first {
		w.ensure(headH)
		header()
	}
	w.drawColor(faint)
	w.f.SetLineWidth(0.25)
	w.f.Line(w.left, w.y, w.pageW-w.right, w.y)
	w.y += 1
}
