package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// budgetBar draws how much of a loss budget is used: a track with a fill that turns from
// green to amber at 50 % and red at 100 %. A bar with no figure shows the track only.
type budgetBar struct {
	widget.BaseWidget
	used    float64 // share of the budget used; negative means unknown
	minSize fyne.Size
}

func newBudgetBar(w, h float32) *budgetBar {
	b := &budgetBar{used: -1, minSize: fyne.NewSize(w, h)}
	b.ExtendBaseWidget(b)
	return b
}

// set shows used (a share, 1 is the whole budget); a negative value means unknown.
func (b *budgetBar) set(used float64) {
	if b.used == used {
		return
	}
	b.used = used
	b.Refresh()
}

// CreateRenderer draws the track and the fill.
func (b *budgetBar) CreateRenderer() fyne.WidgetRenderer {
	r := &budgetBarRenderer{b: b, track: canvas.NewRectangle(color.Transparent), fill: canvas.NewRectangle(color.Transparent)}
	r.track.CornerRadius = 2
	r.fill.CornerRadius = 2
	r.Refresh()
	return r
}

type budgetBarRenderer struct {
	b           *budgetBar
	track, fill *canvas.Rectangle
}

// Layout places the objects in size.
func (r *budgetBarRenderer) Layout(s fyne.Size) {
	r.track.Resize(s)
	r.track.Move(fyne.NewPos(0, 0))
	used := r.b.used
	if used < 0 {
		used = 0
	}
	w := s.Width * float32(min(used, 1))
	if r.b.used > 0 && w < 2 {
		w = 2 // a sliver, so a small loss is still visible
	}
	r.fill.Resize(fyne.NewSize(w, s.Height))
	r.fill.Move(fyne.NewPos(0, 0))
}

// MinSize returns the smallest size the objects need.
func (r *budgetBarRenderer) MinSize() fyne.Size { return r.b.minSize }

// Refresh redraws with the current theme and values.
func (r *budgetBarRenderer) Refresh() {
	r.track.FillColor = themeColor(theme.ColorNameInputBackground)
	r.track.StrokeColor = themeColor(theme.ColorNameSeparator)
	r.track.StrokeWidth = 1
	if r.b.used >= 0 {
		r.fill.FillColor = themeColor(budgetColor(r.b.used))
	} else {
		r.fill.FillColor = color.Transparent
	}
	r.Layout(r.b.Size())
	r.track.Refresh()
	r.fill.Refresh()
}

// Objects returns the drawn objects.
func (r *budgetBarRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.track, r.fill}
}

// Destroy releases nothing; the objects are garbage collected.
func (r *budgetBarRenderer) Destroy() {}

// stackedBar draws one total with two shares laid over it: the budget committed by open
// theses and, on top, what is actually lost.
type stackedBar struct {
	widget.BaseWidget
	committed, lost float64 // shares of the total, 0–1 (and more when over)
}

func newStackedBar() *stackedBar {
	b := &stackedBar{}
	b.ExtendBaseWidget(b)
	return b
}

func (b *stackedBar) set(committed, lost float64) {
	b.committed, b.lost = committed, lost
	b.Refresh()
}

// CreateRenderer draws the total, the committed share and the lost share.
func (b *stackedBar) CreateRenderer() fyne.WidgetRenderer {
	r := &stackedRenderer{b: b, total: canvas.NewRectangle(color.Transparent),
		committed: canvas.NewRectangle(color.Transparent), lost: canvas.NewRectangle(color.Transparent)}
	r.Refresh()
	return r
}

type stackedRenderer struct {
	b                      *stackedBar
	total, committed, lost *canvas.Rectangle
}

// Layout places the objects in size.
func (r *stackedRenderer) Layout(s fyne.Size) {
	r.total.Resize(s)
	r.committed.Resize(fyne.NewSize(s.Width*float32(min(max(r.b.committed, 0), 1)), s.Height))
	lw := s.Width * float32(min(max(r.b.lost, 0), 1))
	if r.b.lost > 0 && lw < 2 {
		lw = 2
	}
	r.lost.Resize(fyne.NewSize(lw, s.Height))
}

// MinSize returns the smallest size the objects need.
func (r *stackedRenderer) MinSize() fyne.Size { return fyne.NewSize(200, 18) }

// Refresh redraws with the current theme and values.
func (r *stackedRenderer) Refresh() {
	r.total.FillColor = themeColor(theme.ColorNameInputBackground)
	r.total.StrokeColor = themeColor(theme.ColorNameSeparator)
	r.total.StrokeWidth = 1
	c := themeColor(theme.ColorNamePrimary)
	if r.b.committed > 1 {
		c = themeColor(theme.ColorNameWarning)
	}
	r.committed.FillColor = c
	r.lost.FillColor = themeColor(theme.ColorNameError)
	r.Layout(r.b.Size())
	canvas.Refresh(r.b)
}

// Objects returns the drawn objects.
func (r *stackedRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.total, r.committed, r.lost}
}

// Destroy releases nothing; the objects are garbage collected.
func (r *stackedRenderer) Destroy() {}

// heading returns a bold label.
func heading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle.Bold = true
	return l
}

// wrapped returns a label that wraps its text by words.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// errorLabel returns the label that shows a field's problem beside it; hidden while empty.
func errorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// setError shows msg in an error label, or hides it when msg is "".
func setError(l *widget.Label, msg string) {
	l.SetText(msg)
	if msg == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// tableLayout lays cells out in rows of cols, each column as wide as its widest cell; the
// space left over goes to the column stretch.
type tableLayout struct {
	cols    int
	stretch int
}

func (t tableLayout) widths(objs []fyne.CanvasObject) ([]float32, []float32) {
	ws := make([]float32, t.cols)
	rows := (len(objs) + t.cols - 1) / t.cols
	hs := make([]float32, rows)
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		ws[i%t.cols] = max(ws[i%t.cols], m.Width)
		hs[i/t.cols] = max(hs[i/t.cols], m.Height)
	}
	return ws, hs
}

// MinSize returns the smallest size the objects need.
func (t tableLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	ws, hs := t.widths(objs)
	var s fyne.Size
	for _, w := range ws {
		s.Width += w
	}
	for _, h := range hs {
		s.Height += h
	}
	return s
}

// Layout places the objects in size.
func (t tableLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	ws, hs := t.widths(objs)
	total := float32(0)
	for _, w := range ws {
		total += w
	}
	if extra := size.Width - total; extra > 0 && t.stretch < len(ws) {
		ws[t.stretch] += extra
	}
	y := float32(0)
	for r, h := range hs {
		x := float32(0)
		for c := 0; c < t.cols; c++ {
			i := r*t.cols + c
			if i >= len(objs) {
				break
			}
			objs[i].Move(fyne.NewPos(x, y))
			objs[i].Resize(fyne.NewSize(ws[c], h))
			x += ws[c]
		}
		y += h
	}
}

// panel frames content under a bold title on a softly shaded background: a lighter
// card than widget.Card, whose heading-sized title takes too much room in the review.
type panel struct {
	widget.BaseWidget
	title   string
	content fyne.CanvasObject
}

func newPanel(title string, content fyne.CanvasObject) *panel {
	p := &panel{title: title, content: content}
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer lays the title and content over the background.
func (p *panel) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(themeColor(theme.ColorNameHeaderBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	box := container.NewStack(bg, container.NewPadded(container.NewBorder(heading(p.title), nil, nil, nil, p.content)))
	return &panelRenderer{WidgetRenderer: widget.NewSimpleRenderer(box), bg: bg}
}

type panelRenderer struct {
	fyne.WidgetRenderer
	bg *canvas.Rectangle
}

// Refresh follows the theme's colours.
func (r *panelRenderer) Refresh() {
	r.bg.FillColor = themeColor(theme.ColorNameHeaderBackground)
	r.bg.Refresh()
	r.WidgetRenderer.Refresh()
}

// linkLabel is a one-line label that can be tapped, truncated to the space it gets.
type linkLabel struct {
	widget.BaseWidget
	label    *widget.Label
	onTapped func()
}

func newLinkLabel(text string, tapped func()) *linkLabel {
	l := &linkLabel{label: widget.NewLabel(text), onTapped: tapped}
	l.label.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// CreateRenderer draws the label.
func (l *linkLabel) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(l.label) }

// Tapped runs the action.
func (l *linkLabel) Tapped(*fyne.PointEvent) {
	if l.onTapped != nil {
		l.onTapped()
	}
}

// Cursor shows a pointing hand.
func (l *linkLabel) Cursor() desktop.Cursor { return desktop.PointerCursor }
