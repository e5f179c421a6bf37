package app

import (
	"cmp"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hindsight/journal"
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
	s.updateQuotes()
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

// updateQuotes says how fresh the prices are. After a refresh it names the time of the
// quotes, unless a price the open view uses is still a cached one: then it says so, with
// the age of the oldest, as the review does beside that price.
func (s *statusBar) updateQuotes() {
	u := s.u
	text := tr("status.saved_prices")
	switch {
	case u.refreshing != nil:
		text = tr("status.refreshing")
	case u.offline:
		text = tr("status.offline")
	case !u.quotesAt.IsZero():
		if old := cachedPrices(u.thesesInView(), u.market); len(old) > 0 {
			text = tr("status.some_cached", map[string]any{"Age": fmtAge(u.now().Sub(old[0].At))})
		} else {
			text = tr("status.quotes_as_of", map[string]any{"Time": fmtClock(u.quotesAt)})
		}
	}
	if s.quotes.Text != text {
		s.quotes.SetText(text)
		s.relayout()
	}
}

// thesesInView returns the theses whose prices the open view shows: the thesis in the
// review when it is shown, else every open thesis read so far.
func (u *UI) thesesInView() []*journal.Thesis {
	if u.review != nil && u.review.thesis != nil && u.detail != nil && len(u.detail.Objects) > 0 && u.detail.Objects[0] == u.review.content {
		return []*journal.Thesis{u.review.thesis}
	}
	var out []*journal.Thesis
	add := func(ts []*journal.Thesis) {
		for _, t := range ts {
			if t.Status == journal.StatusOpen {
				out = append(out, t)
			}
		}
	}
	if u.loaded {
		add(u.all)
	} else if u.list != nil {
		for _, p := range u.list.pages {
			add(p)
		}
	}
	return out
}

// cachedPrices returns the stale prices the positions of theses are valued at, one per
// symbol, oldest first: the prices the review marks as cached. A position that holds
// nothing any more needs no price and does not count.
func cachedPrices(theses []*journal.Thesis, m journal.Market) []journal.Price {
	var out []journal.Price
	for _, t := range theses {
		for _, p := range t.Positions {
			if positionClosed(p) {
				continue
			}
			q, ok := m.PriceOf(p.Symbol)
			if !ok || !q.Stale || q.Price.Currency != p.Currency() {
				continue
			}
			if !slices.ContainsFunc(out, func(o journal.Price) bool { return o.Symbol == q.Symbol }) {
				out = append(out, q)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b journal.Price) int { return cmp.Compare(a.At.UnixNano(), b.At.UnixNano()) })
	return out
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
