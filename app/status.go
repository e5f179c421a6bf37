package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// statusBar is the line under the window: how fresh the prices are, the journal's size
// and budget, the progress of a refresh, and the last action with its undo.
type statusBar struct {
	u        *UI
	quotes   *widget.Label
	journal  *widget.Label
	online   *canvas.Circle
	onlineTx *widget.Label
	progress *widget.ProgressBar
	// progressBox holds the bar at its width; it hides with it.
	progressBox *fyne.Container
	cancel      *widget.Button
	message     *widget.Label
	undo        *widget.Button
	row         *fyne.Container
	content     fyne.CanvasObject
	// said is the last message; a hover hint shows in its place for a while.
	said string
}

func newStatusBar(u *UI) *statusBar {
	s := &statusBar{u: u}
	s.buildUI()
	return s
}

func (s *statusBar) buildUI() {
	s.quotes = widget.NewLabel("")
	s.journal = widget.NewLabel("")
	s.journal.Truncation = fyne.TextTruncateEllipsis
	s.online = canvas.NewCircle(themeColor(theme.ColorNameDisabled))
	s.onlineTx = widget.NewLabel("")
	s.progress = widget.NewProgressBar()
	s.progress.Hide()
	s.cancel = widget.NewButtonWithIcon(tr("status.cancel"), theme.CancelIcon(), s.u.cancelRefresh)
	s.cancel.Hide()
	s.message = widget.NewLabel("")
	s.undo = widget.NewButtonWithIcon(tr("status.undo"), theme.ContentUndoIcon(), s.u.undoDelete)
	s.undo.Hide()
	dot := container.NewCenter(container.NewGridWrap(fyne.NewSize(10, 10), s.online))
	s.progressBox = container.NewGridWrap(fyne.NewSize(160, s.progress.MinSize().Height), s.progress)
	s.progressBox.Hide()
	// Long texts end in an ellipsis rather than widen the window.
	s.quotes.Truncation = fyne.TextTruncateEllipsis
	s.message.Truncation = fyne.TextTruncateEllipsis
	s.row = container.New(elideRow{},
		s.quotes, widget.NewLabel("·"), s.journal, layout.NewSpacer(),
		s.message, s.undo, s.progressBox, s.cancel, dot, s.onlineTx,
	)
	s.content = container.NewVBox(widget.NewSeparator(), s.row)
	s.update()
}

// addProbe puts a tiny object at the end of the bar (the first-frame probe).
func (s *statusBar) addProbe(o fyne.CanvasObject) {
	box := s.content.(*fyne.Container)
	box.Add(o)
}

// update shows the freshness of the prices and the journal's totals.
func (s *statusBar) update() {
	u := s.u
	switch {
	case u.refreshing != nil:
		s.quotes.SetText(tr("status.refreshing"))
	case u.offline:
		s.quotes.SetText(tr("status.offline"))
	case !u.quotesAt.IsZero():
		s.quotes.SetText(tr("status.quotes_as_of", map[string]any{"Time": fmtClock(u.quotesAt)}))
	default:
		s.quotes.SetText(tr("status.saved_prices"))
	}
	if u.offline {
		s.online.FillColor = themeColor(theme.ColorNameWarning)
		s.onlineTx.SetText(tr("status.offline_short"))
	} else if !u.quotesAt.IsZero() {
		s.online.FillColor = themeColor(theme.ColorNameSuccess)
		s.onlineTx.SetText(tr("status.online_short"))
	} else {
		s.online.FillColor = themeColor(theme.ColorNameDisabled)
		s.onlineTx.SetText(tr("status.not_refreshed_short"))
	}
	s.online.Refresh()
	s.journal.SetText(u.journalSummaryLine())
	s.relayout()
}

// relayout shares the bar's width out again after a text changed.
func (s *statusBar) relayout() {
	if s.row != nil {
		s.row.Layout.Layout(s.row.Objects, s.row.Size())
	}
}

// showProgress shows (or hides, with done) the refresh progress.
func (s *statusBar) showProgress(done, total int, finished bool) {
	if finished {
		s.progress.Hide()
		s.progressBox.Hide()
		s.cancel.Hide()
		s.relayout()
		return
	}
	s.progress.Max = float64(max(total, 1))
	s.progress.SetValue(float64(done))
	s.progress.Show()
	s.progressBox.Show()
	s.cancel.Show()
	s.relayout()
}

// say shows a short message about the last action; withUndo offers to undo a delete.
func (s *statusBar) say(msg string, withUndo bool) {
	s.said = msg
	s.message.SetText(msg)
	if withUndo {
		s.undo.Show()
	} else {
		s.undo.Hide()
	}
	s.relayout()
}

// hint shows what the control under the pointer does in place of the last message, or,
// with "", the message again.
func (s *statusBar) hint(text string) {
	if text == "" {
		text = s.said
	}
	s.message.SetText(text)
	s.relayout()
}
