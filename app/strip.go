package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"hindsight/journal"
)

// summaryStrip answers at a glance how a thesis stands: the total P&L in the base
// currency and in per cent, the share of the loss budget used, the worst drawdown in
// money with its day, and the days until the review. A figure that is not known reads
// "n/a".
type summaryStrip struct {
	pnl, used, worst, review *widget.Label
}

// build makes the strip's widgets and returns its content.
func (s *summaryStrip) build() fyne.CanvasObject {
	figure := func(caption string) (*widget.Label, fyne.CanvasObject) {
		c := widget.NewLabel(caption)
		c.Importance = widget.LowImportance
		v := widget.NewLabel("")
		v.TextStyle.Bold = true
		return v, container.New(tightVBox{}, c, v)
	}
	var a, b, c, d fyne.CanvasObject
	s.pnl, a = figure(tr("review.strip.pnl"))
	s.used, b = figure(tr("review.strip.used"))
	s.worst, c = figure(tr("review.strip.worst"))
	s.review, d = figure(tr("review.strip.review"))
	return container.New(&flowLayout{}, a, b, c, d)
}

// set fills the strip from thesis t and its outcome o at now.
func (s *summaryStrip) set(t *journal.Thesis, o journal.Outcome, now time.Time) {
	na := tr("review.strip.na")
	show := func(l *widget.Label, text string, imp widget.Importance) {
		l.Text, l.Importance = text, imp
		l.Refresh()
	}
	if o.PnLBase != nil {
		show(s.pnl, tr("review.strip.pnl_value", map[string]any{"PnL": fmtSignedMoney(o.PnLBase), "Return": fmtPctPtr(o.Return)}),
			signImportance(o.PnLBase, nil))
	} else {
		show(s.pnl, na, widget.LowImportance)
	}
	if o.LossUsed != nil {
		show(s.used, fmtShare(*o.LossUsed), budgetImportance(toFloat(*o.LossUsed)))
	} else {
		show(s.used, na, widget.LowImportance)
	}
	if dd := o.Drawdown; dd != nil {
		show(s.worst, tr("review.strip.worst_value", map[string]any{"Amount": fmtSignedMoney(&dd.Worst), "Date": fmtDate(dd.WorstOn)}),
			moneyImportance(dd.Worst))
	} else {
		show(s.worst, na, widget.LowImportance)
	}
	text, imp := reviewCountdown(t, now)
	show(s.review, text, imp)
}

// reviewCountdown says when an open thesis is due for review: "in 10 days", "today" or
// "overdue by 3 days", counted in calendar days of now's location; "n/a" without a
// review date or once the thesis is closed.
func reviewCountdown(t *journal.Thesis, now time.Time) (string, widget.Importance) {
	if t.Status != journal.StatusOpen || t.ReviewBy.IsZero() {
		return tr("review.strip.na"), widget.LowImportance
	}
	days := int(t.ReviewBy.Time().Sub(journal.DateOf(now.Local()).Time()).Hours() / 24)
	switch {
	case days > 0:
		return trN("review.strip.review_in", days), widget.MediumImportance
	case days == 0:
		return tr("review.strip.review_today"), widget.WarningImportance
	}
	return trN("review.strip.overdue", -days), widget.WarningImportance
}
