package app

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
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

// elideRow lays objects out left to right, each at its natural width while the row has
// room; when it has not, the widest labels that truncate are narrowed (with an ellipsis)
// until the row fits, so a long text never makes the window wider. Spacers take what is
// left over.
type elideRow struct{}

// naturalWidth is how wide o would like to be: a truncating label its whole text, any
// other object its minimum.
func naturalWidth(o fyne.CanvasObject) float32 {
	if l, ok := o.(*widget.Label); ok && l.Truncation != fyne.TextTruncateOff {
		if l.Text == "" {
			return 0
		}
		size := theme.TextSize()
		if l.SizeName != "" {
			size = theme.Size(l.SizeName)
		}
		// A few pixels of slack: the window's text measure rounds to whole pixels, and a
		// label short by less than one loses a word to its ellipsis.
		return fyne.MeasureText(l.Text, size, l.TextStyle).Width + 2*theme.InnerPadding() + 4
	}
	return o.MinSize().Width
}

func isSpacer(o fyne.CanvasObject) bool {
	s, ok := o.(layout.SpacerObject)
	return ok && s.ExpandHorizontal()
}

// MinSize returns the smallest size the objects need: truncating labels count as narrow.
func (elideRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	n := 0
	for _, o := range objs {
		if !o.Visible() || isSpacer(o) {
			continue
		}
		m := o.MinSize()
		s.Width += m.Width
		s.Height = max(s.Height, m.Height)
		n++
	}
	if n > 1 {
		s.Width += theme.Padding() * float32(n-1)
	}
	return s
}

// Layout places the objects in size.
func (elideRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var vis []fyne.CanvasObject
	for _, o := range objs {
		if o.Visible() {
			vis = append(vis, o)
		}
	}
	ws := make([]float32, len(vis))
	var total float32
	spacers := 0
	var shrinkable []int
	n := 0
	for i, o := range vis {
		if isSpacer(o) {
			spacers++
			continue
		}
		ws[i] = max(naturalWidth(o), o.MinSize().Width)
		total += ws[i]
		n++
		if l, ok := o.(*widget.Label); ok && l.Truncation != fyne.TextTruncateOff {
			shrinkable = append(shrinkable, i)
		}
	}
	if n > 1 {
		total += theme.Padding() * float32(n-1)
	}
	if over := total - size.Width; over > 0 && len(shrinkable) > 0 {
		// Lower a common cap on the shrinkable widths until the row fits.
		lo, hi := float32(0), float32(0)
		for _, i := range shrinkable {
			hi = max(hi, ws[i])
		}
		excess := func(c float32) float32 {
			var e float32
			for _, i := range shrinkable {
				if ws[i] > c {
					e += ws[i] - max(c, vis[i].MinSize().Width)
				}
			}
			return e
		}
		for range 30 {
			mid := (lo + hi) / 2
			if excess(mid) >= over {
				lo = mid
			} else {
				hi = mid
			}
		}
		for _, i := range shrinkable {
			ws[i] = max(min(ws[i], lo), vis[i].MinSize().Width)
		}
		total = size.Width
	}
	var spare float32
	if spacers > 0 && total < size.Width {
		spare = (size.Width - total) / float32(spacers)
	}
	x := float32(0)
	for i, o := range vis {
		if isSpacer(o) {
			o.Move(fyne.NewPos(x, 0))
			o.Resize(fyne.NewSize(spare, size.Height))
			x += spare
			continue
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		o.Resize(fyne.NewSize(ws[i], h))
		x += ws[i] + theme.Padding()
	}
}

// columnsLayout puts its objects side by side in up to cols equal columns while each
// column is at least minColumn wide, and below that stacks them in fewer columns (one,
// on a narrow window), so cards never clip. Its minimum height follows the width it was
// last given.
type columnsLayout struct {
	cols      int
	minColumn float32
	// natural, when set, gives the width an object needs to show itself whole.
	natural func(fyne.CanvasObject) float32
	width   float32
}

func newColumnsLayout(cols int, minColumn float32) *columnsLayout {
	return &columnsLayout{cols: cols, minColumn: minColumn}
}

// columns returns how many columns fit in width.
func (c *columnsLayout) columns(objs []fyne.CanvasObject, width float32) int {
	need := c.minColumn
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		need = max(need, o.MinSize().Width)
		if c.natural != nil {
			need = max(need, c.natural(o))
		}
	}
	pad := theme.Padding()
	for n := c.cols; n > 1; n-- {
		if (width-pad*float32(n-1))/float32(n) >= need {
			return n
		}
	}
	return 1
}

func (c *columnsLayout) rows(objs []fyne.CanvasObject, cols int) [][]fyne.CanvasObject {
	var rows [][]fyne.CanvasObject
	var row []fyne.CanvasObject
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		row = append(row, o)
		if len(row) == cols {
			rows = append(rows, row)
			row = nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

// MinSize is one column wide, as tall as the objects are in the columns that the width
// last laid out allows.
func (c *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	cols := 1
	if c.width > 0 {
		cols = c.columns(objs, c.width)
	}
	var s fyne.Size
	for _, o := range objs {
		if o.Visible() {
			s.Width = max(s.Width, o.MinSize().Width)
		}
	}
	rows := c.rows(objs, cols)
	for _, r := range rows {
		var h float32
		for _, o := range r {
			h = max(h, o.MinSize().Height)
		}
		s.Height += h
	}
	if len(rows) > 1 {
		s.Height += theme.Padding() * float32(len(rows)-1)
	}
	return s
}

// Layout places the objects in size.
func (c *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	c.width = size.Width
	cols := c.columns(objs, size.Width)
	pad := theme.Padding()
	w := (size.Width - pad*float32(cols-1)) / float32(cols)
	y := float32(0)
	rows := c.rows(objs, cols)
	for _, r := range rows {
		var h float32
		for _, o := range r {
			h = max(h, o.MinSize().Height)
		}
		if len(rows) == 1 {
			h = max(h, size.Height) // a single row fills the height it is given
		}
		for i, o := range r {
			o.Move(fyne.NewPos(float32(i)*(w+pad), y))
			o.Resize(fyne.NewSize(w, h))
		}
		y += h + pad
	}
}

// flowLayout places objects left to right at their minimum widths and wraps to a new
// line when the next does not fit; a line's spacer pushes what follows it to the right
// edge. Its minimum height follows the width it was last given.
type flowLayout struct{ width float32 }

func (f *flowLayout) lines(objs []fyne.CanvasObject, width float32) [][]fyne.CanvasObject {
	var lines [][]fyne.CanvasObject
	var line []fyne.CanvasObject
	var x float32
	pad := theme.Padding()
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		if isSpacer(o) {
			line = append(line, o)
			continue
		}
		w := o.MinSize().Width
		if len(line) > 0 && x+w > width {
			lines = append(lines, line)
			line, x = nil, 0
		}
		line = append(line, o)
		x += w + pad
	}
	if len(line) > 0 {
		lines = append(lines, line)
	}
	return lines
}

func lineHeight(line []fyne.CanvasObject) float32 {
	var h float32
	for _, o := range line {
		if !isSpacer(o) {
			h = max(h, o.MinSize().Height)
		}
	}
	return h
}

// MinSize is as wide as the widest object, as tall as the lines at the last width.
func (f *flowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if o.Visible() && !isSpacer(o) {
			s.Width = max(s.Width, o.MinSize().Width)
		}
	}
	width := f.width
	if width <= 0 {
		width = 1 << 20
	}
	lines := f.lines(objs, width)
	for _, l := range lines {
		s.Height += lineHeight(l)
	}
	if len(lines) > 1 {
		s.Height += theme.Padding() * float32(len(lines)-1)
	}
	return s
}

// Layout places the objects in size.
func (f *flowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	f.width = size.Width
	pad := theme.Padding()
	y := float32(0)
	for _, line := range f.lines(objs, size.Width) {
		h := lineHeight(line)
		var used float32
		spacers := 0
		for _, o := range line {
			if isSpacer(o) {
				spacers++
			} else {
				used += o.MinSize().Width + pad
			}
		}
		var spare float32
		if spacers > 0 {
			spare = max(size.Width-used+pad, 0) / float32(spacers)
		}
		x := float32(0)
		for _, o := range line {
			if isSpacer(o) {
				x += spare
				continue
			}
			w := o.MinSize().Width
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(w, h))
			x += w + pad
		}
		y += h + pad
	}
}

// formEntry is a text entry that keeps the keyboard moving: Tab and Shift+Tab move the
// focus even in a multi-line entry (Ctrl+I or Ctrl+Tab types a tab there), and the keys
// it has no use of itself, F1 and Esc, go to the window (onKey).
type formEntry struct {
	widget.Entry
	onKey func(*fyne.KeyEvent)
}

func newFormEntry(multiLine bool, onKey func(*fyne.KeyEvent)) *formEntry {
	e := &formEntry{onKey: onKey}
	e.MultiLine = multiLine
	if multiLine {
		e.Wrapping = fyne.TextWrapWord
	}
	e.ExtendBaseWidget(e)
	return e
}

// AcceptsTab says no: the window moves the focus on Tab.
func (e *formEntry) AcceptsTab() bool { return false }

// TypedKey moves the focus on a Tab that reaches the entry and hands F1 and Esc on.
func (e *formEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyTab:
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
			c.FocusNext()
		}
	case fyne.KeyF1, fyne.KeyEscape:
		if e.onKey != nil {
			e.onKey(k)
		}
	default:
		e.Entry.TypedKey(k)
	}
}

// TypedShortcut types a tab on Ctrl+I or Ctrl+Tab (Cmd on macOS) in a multi-line entry.
func (e *formEntry) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok && e.MultiLine && !e.Disabled() &&
		(cs.KeyName == fyne.KeyI || cs.KeyName == fyne.KeyTab) &&
		(cs.Modifier == fyne.KeyModifierControl || cs.Modifier == fyne.KeyModifierShortcutDefault) {
		e.TypedRune('\t')
		return
	}
	e.Entry.TypedShortcut(s)
}

// hintButton is a button that names itself and its shortcut in the status bar while
// the pointer is over it: Fyne's buttons have no tooltips, and a toolbar button may be
// showing its icon only.
type hintButton struct {
	widget.Button
	label   string
	hint    string
	onHover func(hint string)
	// full and icon cache the widths with and without the label, for the text size
	// and padding in sizesFor.
	sizesFor   string
	full, icon float32
}

func newHintButton(label, hint string, icon fyne.Resource, tapped func(), onHover func(string)) *hintButton {
	b := &hintButton{label: label, hint: hint, onHover: onHover}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// MouseIn shows the hint.
func (b *hintButton) MouseIn(ev *desktop.MouseEvent) {
	b.Button.MouseIn(ev)
	if b.onHover != nil {
		b.onHover(b.hint)
	}
}

// MouseOut takes the hint away.
func (b *hintButton) MouseOut() {
	b.Button.MouseOut()
	if b.onHover != nil {
		b.onHover("")
	}
}

// measure finds the button's widths with and without its label.
func (b *hintButton) measure() {
	key := fmt.Sprint(b.label, theme.TextSize(), theme.Padding())
	if b.sizesFor != key {
		b.full = widget.NewButtonWithIcon(b.label, b.Icon, nil).MinSize().Width
		b.icon = widget.NewButtonWithIcon("", b.Icon, nil).MinSize().Width
		b.sizesFor = key
	}
}

// fullWidth is the button's width with its label.
func (b *hintButton) fullWidth() float32 {
	b.measure()
	return b.full
}

// iconWidth is the button's width with its icon alone.
func (b *hintButton) iconWidth() float32 {
	b.measure()
	return b.icon
}

// showLabel shows the label, or the icon alone.
func (b *hintButton) showLabel(on bool) {
	text := ""
	if on {
		text = b.label
	}
	if b.Text != text {
		b.SetText(text)
	}
}

// vscroll scrolls content up and down with room kept on its right for the scroll bar,
// so the bar never covers the right edge of a field or a button.
func vscroll(content fyne.CanvasObject) *container.Scroll {
	return container.NewVScroll(container.New(scrollGutter{}, content))
}

// scrollGutter lays its object out less the scroll bar's width on the right.
type scrollGutter struct{}

// MinSize returns the smallest size the objects need.
func (scrollGutter) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	return s.Add(fyne.NewSize(theme.ScrollBarSize(), 0))
}

// Layout places the objects in size.
func (scrollGutter) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSize(size.Width-theme.ScrollBarSize(), size.Height))
	}
}
