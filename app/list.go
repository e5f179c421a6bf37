package app

import (
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hindsight/journal"
)

// pageSize is how many theses the list reads from the journal at a time; rows are read
// as they scroll into view, so a journal of any size lists at once.
const pageSize = 100

// Status filter choices beyond the statuses themselves.
const (
	filterAll = "all"
	filterDue = "due"
)

// thesisList is the left pane: the filters and the theses, newest first.
type thesisList struct {
	u       *UI
	status  *widget.Select
	tag     *widget.Select
	symbol  *widget.Select
	count   *widget.Label
	list    *keyList
	empty   *widget.Label
	content fyne.CanvasObject

	statusKeys []string // the filter choice behind each status option
	tags       []string
	symbols    []string

	filter     journal.Filter
	gen        int
	total      int
	pages      map[int][]*journal.Thesis
	loading    map[int]bool
	selectedID string
	quiet      bool // set while the list is selected from code
	picked     int  // counts the rows picked, by pointer or keyboard
}

func newThesisList(u *UI) *thesisList {
	l := &thesisList{u: u, pages: map[int][]*journal.Thesis{}, loading: map[int]bool{}}
	l.buildUI()
	return l
}

func (l *thesisList) buildUI() {
	l.statusKeys = []string{filterAll, string(journal.StatusOpen), filterDue}
	opts := []string{tr("filter.all_statuses"), statusText(journal.StatusOpen), tr("filter.due")}
	for _, s := range journal.Statuses[1:] {
		l.statusKeys = append(l.statusKeys, string(s))
		opts = append(opts, statusText(s))
	}
	l.status = widget.NewSelect(opts, func(string) { l.onFilterChanged() })
	l.status.SetSelectedIndex(0)
	l.tag = widget.NewSelect([]string{tr("filter.all_tags")}, func(string) { l.onFilterChanged() })
	l.tag.SetSelectedIndex(0)
	l.symbol = widget.NewSelect([]string{tr("filter.all_symbols")}, func(string) { l.onFilterChanged() })
	l.symbol.SetSelectedIndex(0)
	l.count = widget.NewLabel("")
	l.empty = widget.NewLabel("")
	l.empty.Alignment = fyne.TextAlignCenter
	l.empty.Wrapping = fyne.TextWrapWord
	l.empty.Hide()

	l.list = &keyList{onKey: l.u.onTypedKey, onEnter: l.openFocused}
	l.list.Length = func() int { return l.total }
	l.list.CreateItem = func() fyne.CanvasObject { return newThesisRow() }
	l.list.UpdateItem = l.updateRow
	l.list.ExtendBaseWidget(l.list)
	l.list.OnSelected = l.onSelected
	// Three filters side by side while each shows its choice whole, else one a line.
	cols := newColumnsLayout(3, 0)
	cols.natural = selectWidth
	filters := container.New(cols, l.status, l.tag, l.symbol)
	l.content = container.NewBorder(container.NewVBox(filters, l.count), nil, nil, nil,
		container.NewStack(l.list, container.NewVBox(l.empty)))
}

// onFilterChanged reads the filter widgets and lists again.
func (l *thesisList) onFilterChanged() {
	if l.status == nil || l.tag == nil || l.symbol == nil {
		return // still being built
	}
	f := journal.Filter{Query: l.filter.Query}
	switch key := l.statusKeys[max(l.status.SelectedIndex(), 0)]; key {
	case filterAll:
	case filterDue:
		f.DueBy = journal.DateOf(l.u.now().Local())
	default:
		f.Status = journal.Status(key)
	}
	if i := l.tag.SelectedIndex(); i > 0 && i-1 < len(l.tags) {
		f.Tag = l.tags[i-1]
	}
	if i := l.symbol.SelectedIndex(); i > 0 && i-1 < len(l.symbols) {
		f.Symbol = l.symbols[i-1]
	}
	if sameFilter(f, l.filter) {
		return
	}
	l.filter = f
	l.reload()
}

func sameFilter(a, b journal.Filter) bool {
	return a.Query == b.Query && a.Status == b.Status && a.Tag == b.Tag && a.Symbol == b.Symbol && a.DueBy == b.DueBy
}

// setQuery lists the theses matching a search.
func (l *thesisList) setQuery(q string) {
	l.filter.Query = q
	l.reload()
}

// showAll clears every filter and the search.
func (l *thesisList) showAll() {
	l.filter = journal.Filter{}
	l.status.SetSelectedIndex(0)
	l.tag.SetSelectedIndex(0)
	l.symbol.SetSelectedIndex(0)
	l.u.toolbar.search.SetText("")
	l.reload()
}

// reload forgets the pages read so far and reads the first one again in the background.
func (l *thesisList) reload() {
	l.gen++
	l.pages = map[int][]*journal.Thesis{}
	l.loading = map[int]bool{}
	l.requestPage(0)
}

// loadFirstPageNow reads the first page on the calling goroutine; used once at start-up
// so that the first frame already shows the newest theses.
func (l *thesisList) loadFirstPageNow() error {
	l.gen++
	l.pages = map[int][]*journal.Thesis{}
	l.loading = map[int]bool{}
	if sd := l.u.start; sd != nil {
		// Read while the views were built.
		l.u.start = nil
		if sd.listErr != nil && !partialList(sd.first, sd.listErr) {
			return sd.listErr
		}
		l.pageLoaded(0, sd.first, sd.total)
		return sd.listErr
	}
	ctx, cancel := l.u.ctx()
	defer cancel()
	f := l.filter
	f.Offset, f.Limit = 0, pageSize
	ts, total, err := l.u.store.List(ctx, f)
	if err != nil && !partialList(ts, err) {
		return err
	}
	l.pageLoaded(0, ts, total)
	return err
}

// requestPage reads page p in the background unless it is read or being read.
func (l *thesisList) requestPage(p int) {
	store := l.u.store
	if store == nil || l.loading[p] {
		return
	}
	l.loading[p] = true
	gen := l.gen
	f := l.filter
	f.Offset, f.Limit = p*pageSize, pageSize
	l.u.background(func() {
		ctx, cancel := l.u.ctx()
		defer cancel()
		ts, total, err := store.List(ctx, f)
		l.u.do(func() {
			if gen != l.gen {
				return
			}
			delete(l.loading, p)
			if err != nil {
				l.u.showError(err)
				if !partialList(ts, err) {
					return
				}
			}
			l.pageLoaded(p, ts, total)
		})
	})
}

// partialList reports whether a List that failed with err still returned the theses it
// could read: some stored theses are damaged, and the others are shown.
func partialList(ts []*journal.Thesis, err error) bool {
	return ts != nil && journal.ErrorCode(err) == journal.EDAMAGED
}

// pageLoaded keeps a page just read and shows it.
func (l *thesisList) pageLoaded(p int, ts []*journal.Thesis, total int) {
	l.pages[p] = ts
	l.total = total
	l.updateCount()
	l.list.Refresh()
	l.syncSelection()
}

// at returns the thesis in row id, or nil when its page is not read yet.
func (l *thesisList) at(id int) *journal.Thesis {
	page, ok := l.pages[id/pageSize]
	if !ok || id%pageSize >= len(page) {
		return nil
	}
	return page[id%pageSize]
}

// indexOf returns the row of the thesis with the id among the pages read, or -1.
func (l *thesisList) indexOf(id string) int {
	for p, ts := range l.pages {
		for i, t := range ts {
			if t.ID == id {
				return p*pageSize + i
			}
		}
	}
	return -1
}

// updateRow fills a row, asking for its page when it is not read yet.
func (l *thesisList) updateRow(id widget.ListItemID, obj fyne.CanvasObject) {
	row := obj.(*thesisRow)
	t := l.at(id)
	if t == nil {
		row.setLoading()
		// A page read short left out damaged theses (the damage dialog names them):
		// reading it again would not fill the row.
		if _, read := l.pages[id/pageSize]; !read {
			l.requestPage(id / pageSize)
		}
		return
	}
	row.set(t, l.u.figureOf(t), l.u.now())
}

// onSelected opens the thesis in the row the person picked.
func (l *thesisList) onSelected(id widget.ListItemID) {
	if l.quiet {
		return
	}
	l.picked++
	t := l.at(id)
	if t == nil {
		return
	}
	if t.ID == l.selectedID && l.u.review.thesis != nil && l.u.review.thesis.ID == t.ID && !l.u.editor.active {
		return
	}
	prev := l.selectedID
	l.u.openThesis(t.ID, func(ok bool) {
		if !ok {
			l.selectedID = prev
			l.syncSelection()
		}
	})
}

// openFocused opens the thesis in the row the keyboard highlights (Enter), even when
// that row is selected already.
func (l *thesisList) openFocused() {
	before := l.picked
	l.quietly(l.list.UnselectAll)
	l.list.List.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if l.picked == before {
		l.syncSelection() // no row is highlighted: keep the selection as it was
	}
}

// keyList is the list of theses with keys of its own: Enter opens the highlighted row,
// and F1 and Esc go to the window (onKey).
type keyList struct {
	widget.List
	onKey   func(*fyne.KeyEvent)
	onEnter func()
}

// TypedKey handles Enter, F1 and Esc and leaves the rest to the list.
func (k *keyList) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if k.onEnter != nil {
			k.onEnter()
		}
	case fyne.KeyF1, fyne.KeyEscape:
		if k.onKey != nil {
			k.onKey(ev)
		}
	default:
		k.List.TypedKey(ev)
	}
}

// selectID marks the thesis with the id as selected, without opening it again.
func (l *thesisList) selectID(id string) {
	l.selectedID = id
	l.syncSelection()
}

// syncSelection shows selectedID as the list's selection when its row is read.
func (l *thesisList) syncSelection() {
	l.quiet = true
	defer func() { l.quiet = false }()
	if l.selectedID == "" {
		l.list.UnselectAll()
		return
	}
	if i := l.indexOf(l.selectedID); i >= 0 {
		l.list.Select(i)
	} else {
		l.list.UnselectAll()
	}
}

// updateCount says how many theses are listed, and why none are.
func (l *thesisList) updateCount() {
	filtered := l.filter.Query != "" || l.filter.Status != "" || l.filter.Tag != "" || l.filter.Symbol != "" || !l.filter.DueBy.IsZero()
	switch {
	case filtered:
		l.count.SetText(trN("list.matches", l.total))
	default:
		l.count.SetText(trN("list.count", l.total))
	}
	switch {
	case l.total > 0:
		l.empty.Hide()
	case filtered:
		l.empty.SetText(tr("list.none_match"))
		l.empty.Show()
	default:
		l.empty.SetText(tr("list.empty"))
		l.empty.Show()
	}
}

// setChoices fills the tag and symbol filters from what the journal holds.
func (l *thesisList) setChoices(tags map[string]int, symbols []string) {
	l.tags = l.tags[:0]
	for t := range tags {
		l.tags = append(l.tags, t)
	}
	slices.Sort(l.tags)
	l.symbols = slices.Clone(symbols)
	slices.Sort(l.symbols)
	l.refreshChoices()
}

// refreshChoices puts the known tags and symbols into the filter menus, keeping the choice.
func (l *thesisList) refreshChoices() {
	keepTag, keepSym := l.filter.Tag, l.filter.Symbol
	tagOpts := append([]string{tr("filter.all_tags")}, prefixAll("#", l.tags)...)
	symOpts := append([]string{tr("filter.all_symbols")}, l.symbols...)
	l.quietly(func() {
		l.tag.SetOptions(tagOpts)
		l.symbol.SetOptions(symOpts)
		l.tag.SetSelectedIndex(slices.Index(l.tags, keepTag) + 1)
		l.symbol.SetSelectedIndex(slices.Index(l.symbols, keepSym) + 1)
	})
}

// quietly runs f with the filter callbacks off.
func (l *thesisList) quietly(f func()) {
	st, tg, sy := l.status.OnChanged, l.tag.OnChanged, l.symbol.OnChanged
	l.status.OnChanged, l.tag.OnChanged, l.symbol.OnChanged = nil, nil, nil
	f()
	l.status.OnChanged, l.tag.OnChanged, l.symbol.OnChanged = st, tg, sy
}

func prefixAll(p string, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = p + s
	}
	return out
}

// thesisRow is one line of the list: the title, then symbols, status, P&L and the
// share of the loss budget used.
type thesisRow struct {
	widget.BaseWidget
	title  *widget.Label
	meta   *widget.Label
	status *widget.Label
	due    *widget.Label
	pnl    *widget.Label
	bar    *budgetBar
}

func newThesisRow() *thesisRow {
	r := &thesisRow{
		title: widget.NewLabel(""), meta: widget.NewLabel(""), status: widget.NewLabel(""),
		due: widget.NewLabel(""), pnl: widget.NewLabel(""), bar: newBudgetBar(48, 8),
	}
	r.title.TextStyle.Bold = true
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.meta.Truncation = fyne.TextTruncateEllipsis
	r.due.Importance = widget.WarningImportance
	r.pnl.Alignment = fyne.TextAlignTrailing
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer lays the row out in two lines.
func (r *thesisRow) CreateRenderer() fyne.WidgetRenderer {
	line1 := container.NewBorder(nil, nil, nil, r.due, r.title)
	right := container.NewHBox(r.pnl, container.NewCenter(r.bar))
	line2 := container.NewBorder(nil, nil, r.status, right, r.meta)
	return widget.NewSimpleRenderer(container.New(tightVBox{}, line1, line2))
}

// setLoading shows a row whose thesis is still being read.
func (r *thesisRow) setLoading() {
	r.title.SetText("…")
	r.meta.SetText("")
	r.status.SetText("")
	r.due.SetText("")
	r.pnl.SetText("")
	r.bar.set(-1)
}

// set shows thesis t with its figures.
func (r *thesisRow) set(t *journal.Thesis, f rowFigure, now time.Time) {
	r.title.SetText(shown(t.Title))
	r.meta.SetText(symbolsLine(t))
	r.status.SetText(statusText(t.Status))
	r.status.Importance = statusImportance(t.Status)
	r.status.Refresh()
	if t.Status == journal.StatusOpen && !t.ReviewBy.IsZero() && !journal.DateOf(now.Local()).Before(t.ReviewBy) {
		r.due.SetText(tr("list.due"))
	} else {
		r.due.SetText("")
	}
	switch {
	case f.ret == nil:
		r.pnl.Importance = widget.LowImportance
		r.pnl.SetText(tr("list.total", map[string]any{"Pct": "–"}))
	default:
		r.pnl.Importance = pctImportance(*f.ret)
		r.pnl.SetText(tr("list.total", map[string]any{"Pct": fmtPct(*f.ret)}))
	}
	r.pnl.Refresh()
	if f.lossUsed != nil {
		r.bar.set(toFloat(*f.lossUsed))
	} else {
		r.bar.set(-1)
	}
}

// tightVBox stacks objects top to bottom with no gap, so a list row stays compact.
type tightVBox struct{}

// MinSize returns the smallest size the objects need.
func (tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
	}
	return s.Subtract(fyne.NewSize(0, theme.Padding()*float32(max(len(objs)-1, 0))))
}

// Layout places the objects in size.
func (tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - theme.Padding()
	}
}

// statusImportance colours a status badge.
func statusImportance(s journal.Status) widget.Importance {
	switch s {
	case journal.StatusOpen:
		return widget.HighImportance
	case journal.StatusPlayedOut:
		return widget.SuccessImportance
	case journal.StatusWrong:
		return widget.DangerImportance
	case journal.StatusMixed:
		return widget.WarningImportance
	}
	return widget.LowImportance
}

// symbolsLine joins a thesis's symbols for the list: "NVDA · 005930.KS".
func symbolsLine(t *journal.Thesis) string {
	syms := t.Symbols()
	if len(syms) > 3 {
		syms = append(syms[:3:3], "…")
	}
	return strings.Join(syms, " · ")
}

// selectWidth is how wide a choice box must be to show its choice whole.
func selectWidth(o fyne.CanvasObject) float32 {
	s, ok := o.(*widget.Select)
	if !ok {
		return o.MinSize().Width
	}
	// Fyne sizes a choice box for its placeholder; swap that for the choice's text.
	text := func(t string) float32 { return fyne.MeasureText(t, theme.TextSize(), fyne.TextStyle{}).Width }
	return s.MinSize().Width - text(s.PlaceHolder) + text(s.Selected) + theme.Padding()
}
