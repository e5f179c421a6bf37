package app

import (
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hindsight/journal"
)

// The dashboard's view of decisions apart from outcomes: the 2×2 of decision quality
// against outcome, and calibration quarter by quarter.

// matrixShown is how many titles a cell of the 2×2 lists before "and N more".
const matrixShown = 5

// brierQuarters is how many quarters the calibration table shows, the latest last.
const brierQuarters = 8

// decisionCells are the cells of the 2×2 in the order shown: the sound decisions first,
// the good outcomes left.
var decisionCells = []journal.DecisionCell{journal.CellSkill, journal.CellBadLuck, journal.CellLuck, journal.CellDeservedLoss}

// decisionSums is what the dashboard shows about decisions.
type decisionSums struct {
	matrix journal.Matrix
	// notGraded counts the judged theses whose latest review does not grade the decision.
	notGraded int
	rolling   []journal.QuarterBrier
}

// decisionPanels are the dashboard's decision panels.
type decisionPanels struct {
	cells   []*fyne.Container
	others  *widget.Label
	brier   *fyne.Container
	content []fyne.CanvasObject
}

// sumDecisions places the theses in the 2×2 and scores calibration by quarter.
func sumDecisions(all []*journal.Thesis, now time.Time) decisionSums {
	s := decisionSums{matrix: journal.DecisionMatrix(all), rolling: journal.RollingBrier(all, now)}
	for _, t := range all {
		r := t.LastReview()
		if r == nil {
			continue
		}
		if _, judged := r.Verdict.Score(); !judged {
			continue
		}
		if _, ok := journal.DecisionCellOf(t); !ok {
			s.notGraded++
		}
	}
	return s
}

// buildDecisionPanels makes the 2×2 and the calibration table.
func (d *dashboardView) buildDecisionPanels() []fyne.CanvasObject {
	p := &d.decPanels
	var cells []fyne.CanvasObject
	for range decisionCells {
		c := container.New(tightVBox{})
		p.cells = append(p.cells, c)
		bg := canvas.NewRectangle(themeColor(theme.ColorNameInputBackground))
		bg.CornerRadius = theme.InputRadiusSize()
		cells = append(cells, container.NewStack(bg, container.NewPadded(c)))
	}
	p.others = wrapped("")
	q := wrapped(tr("dash.matrix_sub"))
	matrix := newPanel(tr("dash.matrix"), container.NewVBox(q,
		container.New(newColumnsLayout(2, 220), cells...), p.others))
	p.brier = container.New(tableLayout{cols: 4, stretch: 3})
	note := wrapped(tr("dash.brier_time_sub"))
	brier := newPanel(tr("dash.brier_time"), container.NewVBox(note, p.brier))
	p.content = []fyne.CanvasObject{matrix, brier}
	return p.content
}

// showDecisions fills the decision panels from the last sums.
func (d *dashboardView) showDecisions() {
	p := &d.decPanels
	if d.content == nil || d.decLast == nil || len(p.cells) == 0 {
		return
	}
	s := d.decLast
	for i, name := range decisionCells {
		cell := s.matrix.Cell(name)
		title := heading(tr("dash.cell."+string(name), map[string]any{"N": cell.Count}))
		sub := widget.NewLabel(tr("dash.cell_sub." + string(name)))
		sub.TextStyle.Italic = true
		sub.Truncation = fyne.TextTruncateEllipsis
		objs := []fyne.CanvasObject{title, sub}
		for j, id := range cell.IDs {
			if j == matrixShown {
				objs = append(objs, widget.NewLabel(tr("dash.cell_more", map[string]any{"N": len(cell.IDs) - matrixShown})))
				break
			}
			text := id
			if t := d.u.thesisByID(id); t != nil {
				text = shown(t.Title)
			}
			objs = append(objs, newLinkLabel("• "+text, func() { d.u.openThesis(id, nil) }))
		}
		p.cells[i].Objects = objs
		p.cells[i].Refresh()
	}
	p.others.SetText(tr("dash.matrix_others", map[string]any{"Graded": s.matrix.Neither.Count, "Ungraded": s.notGraded}))

	objs := []fyne.CanvasObject{heading(tr("dash.brier_quarter")), heading(tr("dash.brier_count")),
		heading(tr("dash.brier_score")), heading(tr("dash.brier_rolling"))}
	rows := s.rolling[max(len(s.rolling)-brierQuarters, 0):]
	for _, q := range rows {
		score, rolling := "–", "–"
		if q.Count > 0 {
			score = journal.FormatDecimal(q.Brier, 3)
		}
		if q.RollingCount > 0 {
			rolling = tr("dash.brier_rolling_value", map[string]any{"Score": journal.FormatDecimal(q.Rolling, 3), "N": q.RollingCount})
		}
		objs = append(objs, widget.NewLabel(quarterText(q)), widget.NewLabel(strconv.Itoa(q.Count)),
			widget.NewLabel(score), widget.NewLabel(rolling))
	}
	if len(rows) == 0 {
		objs = []fyne.CanvasObject{widget.NewLabel(tr("dash.no_judged")), widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel("")}
	}
	p.brier.Objects = objs
	p.brier.Refresh()
}

// quarterText names a quarter: "Q3 2026" (Korean "2026년 3분기").
func quarterText(q journal.QuarterBrier) string {
	return tr("dash.quarter", map[string]any{"Year": fmt.Sprint(q.Year), "Q": q.Quarter})
}
