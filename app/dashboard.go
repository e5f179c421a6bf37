package app

import (
	"fmt"
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hindsight/journal"
)

// rankSize is how many theses the best and worst lists show.
const rankSize = 5

// dashboardView sums the journal up: the total loss budget against what open theses
// commit and what is actually lost, calibration with its Brier score, and the best and
// worst theses. Its side pane (the Dashboard tab) lists the theses due for review.
type dashboardView struct {
	u          *UI
	gen        int
	budgetBar  *stackedBar
	budgetText *widget.Label
	lostText   *widget.Label
	lostYear   *widget.Label
	lostEver   *widget.Label
	calib      *calibrationChart
	brier      *widget.Label
	calibNote  *widget.Label
	best       *fyne.Container
	worst      *fyne.Container
	byBudget   *fyne.Container
	content    fyne.CanvasObject

	// last holds the latest sums, shown when the main pane is first built.
	last *dashboardSums
	// decLast holds the latest 2×2 and calibration by quarter; decPanels show them.
	decLast   *decisionSums
	decPanels decisionPanels

	due      []*journal.Thesis
	dueList  *widget.List
	dueEmpty *widget.Label
	side     fyne.CanvasObject
}

// newDashboardView makes the dashboard: the due list beside its tab now, the main pane
// when it is first shown.
func newDashboardView(u *UI) *dashboardView {
	d := &dashboardView{u: u}
	d.buildSide()
	return d
}

// view returns the main pane, building it on first use and filling it with the last sums.
func (d *dashboardView) view() fyne.CanvasObject {
	if d.content == nil {
		d.buildUI()
		if d.last != nil {
			d.show(d.last.sum, d.last.cal)
		}
	}
	return d.content
}

func (d *dashboardView) buildUI() {
	d.budgetBar = newStackedBar()
	d.budgetText = wrapped("")
	d.lostText = wrapped("")
	d.lostYear, d.lostEver = wrapped(""), wrapped("")
	d.calib = newCalibrationChart()
	d.brier = heading("")
	d.brier.Wrapping = fyne.TextWrapWord
	d.calibNote = wrapped("")
	d.best, d.worst, d.byBudget = container.NewVBox(), container.NewVBox(), container.NewVBox()
	budget := newPanel(tr("dash.budget"), container.NewVBox(d.budgetBar, d.budgetText, d.lostText, d.lostYear, d.lostEver))
	calibSub := wrapped(tr("dash.calibration_sub"))
	calib := newPanel(tr("dash.calibration"), container.NewVBox(calibSub,
		container.NewBorder(nil, nil, d.calib, nil, container.NewVBox(d.brier, d.calibNote))))
	ranks := newPanel(tr("dash.ranks"), container.NewGridWithColumns(3,
		container.NewVBox(heading(tr("dash.best")), d.best),
		container.NewVBox(heading(tr("dash.worst")), d.worst),
		container.NewVBox(heading(tr("dash.most_budget")), d.byBudget)))
	panels := append([]fyne.CanvasObject{budget, calib}, d.buildDecisionPanels()...)
	d.content = vscroll(container.NewPadded(container.NewVBox(append(panels, ranks)...)))
}

// buildSide makes the list of theses due for review shown under the Dashboard tab.
func (d *dashboardView) buildSide() {
	d.dueList = widget.NewList(
		func() int { return len(d.due) },
		func() fyne.CanvasObject {
			t := widget.NewLabel("")
			t.TextStyle.Bold = true
			t.Truncation = fyne.TextTruncateEllipsis
			m := widget.NewLabel("")
			m.Importance = widget.WarningImportance
			return container.New(tightVBox{}, t, m)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(d.due) {
				return
			}
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(shown(d.due[i].Title))
			c.Objects[1].(*widget.Label).SetText(tr("dash.due_since", map[string]any{"Date": fmtDate(d.due[i].ReviewBy)}))
		},
	)
	d.dueList.OnSelected = func(i widget.ListItemID) {
		if i < len(d.due) {
			id := d.due[i].ID
			d.dueList.UnselectAll()
			d.u.openThesis(id, nil)
		}
	}
	d.dueEmpty = wrapped(tr("dash.none_due"))
	d.side = container.NewBorder(heading(tr("dash.due")), nil, nil, nil, container.NewStack(d.dueList, container.NewVBox(d.dueEmpty)))
}

// refresh sums the journal up in the background and shows the result.
func (d *dashboardView) refresh() {
	u := d.u
	d.gen++
	if !u.loaded {
		if d.content != nil {
			d.budgetText.SetText(tr("dash.loading"))
		}
		return
	}
	gen, all, s, m, now := d.gen, u.all, u.settings, u.rowMarket, u.now()
	u.background(func() {
		sum := journal.Summarize(all, s, m, now)
		cal := journal.Calibrate(all)
		dec := sumDecisions(all, now)
		u.do(func() {
			if gen == d.gen {
				d.decLast = &dec
				d.show(sum, cal)
			}
		})
	})
}

type dashboardSums struct {
	sum journal.Summary
	cal journal.Calibration
}

// show puts the sums in the due list and, when it is built, the main pane.
func (d *dashboardView) show(sum journal.Summary, cal journal.Calibration) {
	d.last = &dashboardSums{sum, cal}
	d.due = sum.Due
	d.dueList.Refresh()
	if len(d.due) == 0 {
		d.dueEmpty.Show()
	} else {
		d.dueEmpty.Hide()
	}
	if d.content == nil {
		return
	}
	var committed, lost float64
	if sum.CommittedRatio != nil {
		committed = toFloat(*sum.CommittedRatio)
	}
	if sum.LostRatio != nil {
		lost = toFloat(*sum.LostRatio)
	}
	d.budgetBar.set(committed, lost)
	switch {
	case sum.TotalBudget == nil:
		d.budgetText.SetText(tr("dash.no_total", map[string]any{"Committed": fmtMoney(sum.Committed)}))
	default:
		d.budgetText.SetText(tr("dash.committed", map[string]any{
			"Committed": fmtMoney(sum.Committed), "Total": sum.TotalBudget.Format(), "Pct": fmtPtrShare(sum.CommittedRatio),
		}))
	}
	if sum.Lost != nil {
		d.lostText.SetText(tr("dash.lost", map[string]any{"Lost": sum.Lost.Format(), "Pct": fmtPtrShare(sum.LostRatio)}))
	} else {
		d.lostText.SetText(tr("dash.lost_unknown", map[string]any{"N": len(sum.Incomplete)}))
	}
	lostSince := func(m *journal.Money) string {
		if m == nil {
			return tr("dash.unknown")
		}
		return m.Format()
	}
	d.lostYear.SetText(tr("dash.lost_year", map[string]any{"Lost": lostSince(sum.LostThisYear)}))
	d.lostEver.SetText(tr("dash.lost_ever", map[string]any{"Lost": lostSince(sum.LostAllTime)}))
	d.showDecisions()
	d.calib.set(cal)
	if cal.Count == 0 {
		d.brier.SetText(tr("dash.no_judged"))
		d.calibNote.SetText("")
	} else {
		d.brier.SetText(tr("dash.brier", map[string]any{"Score": journal.FormatDecimal(cal.Brier, 3), "N": cal.Count}))
		d.calibNote.SetText(tr("dash.brier_note", map[string]any{"Hit": fmtShare(cal.HitRate), "Conv": fmtShare(cal.MeanConviction)}))
	}
	fill := func(c *fyne.Container, rs []journal.ThesisResult, figure func(journal.ThesisResult) (string, widget.Importance)) {
		var objs []fyne.CanvasObject
		for _, r := range rs {
			id := r.ID
			text, imp := figure(r)
			fig := widget.NewLabel(text)
			fig.Importance = imp
			objs = append(objs, container.NewBorder(nil, nil, fig, nil, newLinkLabel(shown(r.Title), func() { d.u.openThesis(id, nil) })))
		}
		if len(objs) == 0 {
			objs = append(objs, widget.NewLabel("–"))
		}
		c.Objects = objs
		c.Refresh()
	}
	// Gains rank among the best and losses among the worst, so a small journal does not
	// list the same thesis on both sides.
	var best, worst []journal.ThesisResult
	for _, r := range sum.ByReturn {
		if r.Return.IsPositive() && len(best) < rankSize {
			best = append(best, r)
		}
	}
	for i := len(sum.ByReturn) - 1; i >= 0 && len(worst) < rankSize; i-- {
		if r := sum.ByReturn[i]; r.Return.IsNegative() {
			worst = append(worst, r)
		}
	}
	byBudget := slices.Clone(sum.ByReturn)
	byBudget = slices.DeleteFunc(byBudget, func(r journal.ThesisResult) bool { return r.LossUsed == nil || !r.LossUsed.IsPositive() })
	slices.SortStableFunc(byBudget, func(a, b journal.ThesisResult) int { return b.LossUsed.Cmp(*a.LossUsed) })
	ret := func(r journal.ThesisResult) (string, widget.Importance) {
		return fmtPct(r.Return), pctImportance(r.Return)
	}
	fill(d.best, best, ret)
	fill(d.worst, worst, ret)
	// The share of a loss budget used keeps the budget's traffic-light colours: it is not
	// a price move.
	fill(d.byBudget, byBudget[:min(rankSize, len(byBudget))], func(r journal.ThesisResult) (string, widget.Importance) {
		return fmtShare(*r.LossUsed), budgetImportance(toFloat(*r.LossUsed))
	})
}

// fmtPtrShare is fmtShare, or "–" for an unknown share.
func fmtPtrShare(f *decimalValue) string {
	if f == nil {
		return "–"
	}
	return fmtShare(*f)
}

// calibrationChart plots stated conviction (x) against how often theses played out (y)
// per conviction bucket, with the diagonal of perfect calibration. A dot's size grows
// with the number of theses in its bucket.
type calibrationChart struct {
	widget.BaseWidget
	cal journal.Calibration
}

func newCalibrationChart() *calibrationChart {
	c := &calibrationChart{}
	c.ExtendBaseWidget(c)
	return c
}

func (c *calibrationChart) set(cal journal.Calibration) {
	c.cal = cal
	c.Refresh()
}

// CreateRenderer draws the chart from canvas primitives.
func (c *calibrationChart) CreateRenderer() fyne.WidgetRenderer {
	r := &calibrationRenderer{c: c}
	r.Refresh()
	return r
}

type calibrationRenderer struct {
	c    *calibrationChart
	objs []fyne.CanvasObject
}

// plot margins in points.
const (
	calLeft, calBottom, calTop, calRight = 44, 30, 10, 12
)

// MinSize returns the smallest size the objects need.
func (r *calibrationRenderer) MinSize() fyne.Size { return fyne.NewSize(360, 260) }

// Layout places the objects in size.
func (r *calibrationRenderer) Layout(fyne.Size) { r.build() }

// Refresh redraws with the current theme and values.
func (r *calibrationRenderer) Refresh() {
	r.build()
	canvas.Refresh(r.c)
}

// Objects returns the drawn objects.
func (r *calibrationRenderer) Objects() []fyne.CanvasObject { return r.objs }

// Destroy releases nothing; the objects are garbage collected.
func (r *calibrationRenderer) Destroy() {}

// build makes the axes, grid, diagonal and dots for the widget's current size.
func (r *calibrationRenderer) build() {
	s := r.c.Size()
	if s.Width == 0 || s.Height == 0 {
		s = r.MinSize()
	}
	w, h := s.Width-calLeft-calRight, s.Height-calTop-calBottom
	x := func(f float64) float32 { return calLeft + float32(f)*w }
	y := func(f float64) float32 { return calTop + h - float32(f)*h }
	fg := themeColor(theme.ColorNameForeground)
	grid := themeColor(theme.ColorNameSeparator)
	var objs []fyne.CanvasObject
	line := func(x1, y1, x2, y2 float32, c color.Color, width float32) {
		l := canvas.NewLine(c)
		l.StrokeWidth = width
		l.Position1, l.Position2 = fyne.NewPos(x1, y1), fyne.NewPos(x2, y2)
		objs = append(objs, l)
	}
	text := func(s string, px, py float32, align fyne.TextAlign) {
		t := canvas.NewText(s, fg)
		t.TextSize = theme.CaptionTextSize()
		t.Alignment = align
		ms := t.MinSize()
		switch align {
		case fyne.TextAlignTrailing:
			px -= ms.Width
		case fyne.TextAlignCenter:
			px -= ms.Width / 2
		}
		t.Move(fyne.NewPos(px, py-ms.Height/2))
		t.Resize(ms)
		objs = append(objs, t)
	}
	for _, f := range []float64{0, 0.25, 0.5, 0.75, 1} {
		line(x(0), y(f), x(1), y(f), grid, 1)
		line(x(f), y(0), x(f), y(1), grid, 1)
		text(fmt.Sprintf("%d%%", int(f*100)), x(0)-4, y(f), fyne.TextAlignTrailing)
		text(fmt.Sprintf("%d%%", int(f*100)), x(f), y(0)+12, fyne.TextAlignCenter)
	}
	line(x(0), y(0), x(1), y(1), themeColor(theme.ColorNameDisabled), 2)
	maxN := 1
	for _, b := range r.c.cal.Buckets {
		maxN = max(maxN, b.Count)
	}
	prev := fyne.Position{}
	first := true
	for _, b := range r.c.cal.Buckets {
		if b.Count == 0 {
			continue
		}
		px, py := x(toFloat(b.MeanConviction)), y(toFloat(b.HitRate))
		if !first {
			line(prev.X, prev.Y, px, py, themeColor(theme.ColorNamePrimary), 2)
		}
		prev, first = fyne.NewPos(px, py), false
		rad := 4 + 6*float32(b.Count)/float32(maxN)
		dot := canvas.NewCircle(themeColor(theme.ColorNamePrimary))
		dot.Move(fyne.NewPos(px-rad, py-rad))
		dot.Resize(fyne.NewSize(2*rad, 2*rad))
		objs = append(objs, dot)
	}
	text(tr("dash.axis_conviction"), x(0.5), s.Height-4, fyne.TextAlignCenter)
	r.objs = objs
}
