package pdf

import (
	"fmt"
	"math"
	"strconv"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

// cover draws the journal summary on the first page.
func (w *writer) cover(sum journal.Summary, cal journal.Calibration) {
	w.y += 6
	w.paragraph(para{spans: []span{{text: w.docTitle, bold: true}}, size: 24, lh: 10.5, color: black})
	w.y += 1
	sub := w.tf("%d theses · exported %s", sum.Count, w.when(w.o.Now))
	if a := w.author(); a != "" {
		sub = a + " · " + sub
	}
	w.paragraph(para{spans: plain(sub), size: 10.5, lh: 5.6, color: muted})
	asOf := []span{{text: w.tf("Figures as of %s, in %s", w.when(sum.AsOf), sum.Base)}}
	if sum.Stale {
		asOf = append(asOf, span{text: w.t(" · prices cached/offline"), bold: true, color: &amber})
	}
	w.paragraph(para{spans: asOf, size: 9, lh: 4.8, color: muted})
	w.y += 4

	w.sectionTitle(w.t("Theses by status"))
	rows := make([][]cell, 0, len(journal.Statuses)+1)
	for _, st := range journal.Statuses {
		rows = append(rows, []cell{{text: w.statusName(st), color: ptr(statusColor(string(st)))}, {text: strconv.Itoa(sum.ByStatus[st])}})
	}
	rows = append(rows, []cell{{text: w.t("All"), bold: true}, {text: strconv.Itoa(sum.Count), bold: true}})
	w.narrowTable([]column{{title: w.t("Status"), share: 3}, {title: w.t("Theses"), share: 1, right: true}}, rows, 0.45)

	w.sectionTitle(w.t("Loss budget"))
	w.budgetBars(sum)

	w.sectionTitle(w.t("Calibration"))
	if cal.Count == 0 {
		w.paragraph(para{spans: plain(w.t("No thesis has a verdict yet (played out, wrong or mixed), so there is nothing to calibrate.")),
			size: textSize, lh: textLH, color: muted})
	} else {
		w.paragraph(para{size: textSize, lh: textLH, color: ink, spans: []span{
			{text: w.t("Brier score ")}, {text: cal.Brier.StringFixed(3), bold: true},
			{text: w.t(" (0 is perfect, 0.25 is what always saying 50% earns) · hit rate ")},
			{text: pct(&cal.HitRate), bold: true},
			{text: w.tf(" over %d theses with a verdict; mixed counts as half.", cal.Count)},
		}})
		w.y += 2
		rows := make([][]cell, 0, len(cal.Buckets))
		for _, b := range cal.Buckets {
			hit, mean := "-", "-"
			if b.Count > 0 {
				hit, mean = pct(&b.HitRate), pct(&b.MeanConviction)
			}
			label := fmt.Sprintf("%d–%d%%", b.Low, b.High)
			if b.High == 100 {
				label = fmt.Sprintf("%d–100%%", b.Low)
			}
			rows = append(rows, []cell{{text: label}, {text: strconv.Itoa(b.Count)}, {text: mean}, {text: hit}})
		}
		w.narrowTable([]column{{title: w.t("Stated conviction"), share: 3}, {title: w.t("Theses"), share: 2, right: true},
			{title: w.t("Mean stated"), share: 2, right: true}, {title: w.t("Played out"), share: 2, right: true}}, rows, 0.75)
	}

	if len(sum.Due) > 0 {
		w.sectionTitle(w.t("Due for review"))
		for i, t := range sum.Due {
			if i == 12 {
				w.paragraph(para{spans: plain(w.tf("… and %d more.", len(sum.Due)-i)), size: 9, lh: 4.8, color: muted})
				break
			}
			w.paragraph(para{size: 9, lh: 4.8, color: ink, spans: []span{{text: w.date(t.ReviewBy) + "   ", bold: true}, {text: t.Title}}})
		}
	}
}

func (w *writer) author() string {
	if w.o.Author != "" {
		return w.o.Author
	}
	return w.o.Settings.Author
}

// narrowTable draws a table share (0–1) of the content width wide.
func (w *writer) narrowTable(cols []column, rows [][]cell, share float64) {
	right := w.right
	w.right += w.contentWidth() * (1 - share)
	w.table(cols, rows)
	w.right = right
}

// budgetBars draws the total loss budget against what the open theses put at risk and
// what they have lost, as figures and as bars on one scale.
func (w *writer) budgetBars(sum journal.Summary) {
	type bar struct {
		label, value string
		amount       *journal.Money
		color        rgb
	}
	withRatio := func(m *journal.Money, r *decimal.Decimal) string {
		if m == nil {
			return w.t("n/a")
		}
		if r == nil {
			return m.Format()
		}
		return w.tf("%s (%s of the total)", m.Format(), pct(r))
	}
	total := w.t("not set")
	if sum.TotalBudget != nil {
		total = sum.TotalBudget.Format()
	}
	bars := []bar{
		{w.t("Total loss budget"), total, sum.TotalBudget, faint},
		{w.t("At risk (open theses' budgets)"), withRatio(sum.Committed, sum.CommittedRatio), sum.Committed, amber},
		{w.t("Lost (open theses)"), withRatio(sum.Lost, sum.LostRatio), sum.Lost, red},
	}
	scale := 0.0
	for _, b := range bars {
		if b.amount != nil {
			scale = math.Max(scale, b.amount.Amount.InexactFloat64())
		}
	}
	const lh = 5.6
	labelW := 62.0
	valueW := 62.0
	barW := w.contentWidth() - labelW - valueW - 4
	w.ensure(lh * float64(len(bars)))
	for _, b := range bars {
		base := baseline(w.y, lh, textSize)
		w.text(w.left, base, b.label, false, false, 9, muted)
		w.text(w.left+labelW, base, w.ellipsize(b.value, true, 9, valueW), true, false, 9, ink)
		x := w.left + labelW + valueW + 4
		w.fillColor(panel)
		w.f.Rect(x, w.y+1.3, barW, lh-2.6, "F")
		if b.amount != nil && scale > 0 {
			frac := math.Max(0, b.amount.Amount.InexactFloat64()/scale)
			w.fillColor(b.color)
			if frac > 0 {
				w.f.Rect(x, w.y+1.3, barW*frac, lh-2.6, "F")
			}
		}
		w.y += lh
	}
	if len(sum.Incomplete) > 0 {
		w.paragraph(para{spans: plain(fmt.Sprintf("%d open theses lack a price or rate, so the loss is not known.", len(sum.Incomplete))),
			size: 8.5, lh: 4.6, color: muted})
	}
	w.y += 2
}

// tocEntry is one line of the table of contents.
type tocEntry struct {
	title  string
	status journal.Status
	page   int
	link   int
}

// contents is the table of contents: the pages kept for it and its entries.
type contents struct {
	pages   []int
	perPage []int
	entries []tocEntry
}

// Table of contents metrics.
const (
	tocLH      = 6.0
	tocHeading = 14.0
)

// reserveContents adds the empty pages the table of contents of n theses will fill once
// their page numbers are known.
func (w *writer) reserveContents(n int) *contents {
	c := &contents{entries: make([]tocEntry, n)}
	avail := w.bottom() - w.top
	first := int((avail - tocHeading) / tocLH)
	rest := int(avail / tocLH)
	left := n
	for i := 0; i == 0 || left > 0; i++ {
		w.newPage()
		if i == 0 {
			w.bookmark(w.t("Contents"), 0)
		}
		per := rest
		if i == 0 {
			per = first
		}
		c.pages = append(c.pages, len(w.pages))
		c.perPage = append(c.perPage, min(per, left))
		left -= min(per, left)
	}
	return c
}

// fillContents draws the table of contents on its reserved pages.
func (w *writer) fillContents(c *contents) {
	next := 0
	const size = 9.5
	for i, page := range c.pages {
		w.f.SetPage(page)
		w.forgetState()
		w.y = w.top
		if i == 0 {
			w.text(w.left, baseline(w.y, 9, 16), w.t("Contents"), true, false, 16, black)
			w.y += tocHeading
		}
		for range c.perPage[i] {
			e := c.entries[next]
			next++
			base := baseline(w.y, tocLH, size)
			num := strconv.Itoa(next)
			w.text(w.left, base, num, false, false, 8, faint)
			pageNo := strconv.Itoa(e.page)
			pw := w.width(pageNo, false, size)
			status := w.statusName(e.status)
			sw := w.width(status, false, 7.5)
			titleX := w.left + 9
			statusX := w.pageW - w.right - pw - 6 - sw
			title := w.ellipsize(e.title, false, size, statusX-titleX-8)
			w.text(titleX, base, title, false, false, size, ink)
			// Dotted leader from the title to the status.
			lead := titleX + w.width(title, false, size) + 2
			w.fillColor(faint)
			for x := lead; x < statusX-3; x += 1.6 {
				w.f.Rect(x, base-0.35, 0.3, 0.3, "F")
			}
			w.text(statusX, base, status, false, false, 7.5, statusColor(string(e.status)))
			w.text(w.pageW-w.right-pw, base, pageNo, true, false, size, ink)
			w.f.Link(w.left, w.y, w.contentWidth(), tocLH, e.link)
			w.y += tocLH
		}
	}
}
