package app

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hindsight/journal"
	"hindsight/quotes"
)

// draftDelay is how long the form waits after a change before it keeps a draft.
const draftDelay = 400 * time.Millisecond

// editorView is the thesis form: every field of a thesis, the quotes frozen with it and
// its positions. What is typed is kept as a draft in the preferences until it is saved
// or discarded, so a crash or a closed window never loses it.
type editorView struct {
	u       *UI
	active  bool            // the form is open
	orig    *journal.Thesis // the saved thesis being edited; nil for a new one
	dirty   bool
	filling bool // set while the form is filled from code
	checked bool // validation runs as the person types once a save was refused
	saving  bool
	// softAsked says the form already asked about saving without the claim's
	// expectation, invalidation, review date or loss budget; it asks once per form.
	softAsked bool
	created   time.Time // when a new thesis was started
	draftTmr  *time.Timer

	heading       *widget.Label
	title         *formEntry
	titleErr      *widget.Label
	trigger       *formEntry
	triggerErr    *widget.Label
	reasonsBox    *fyne.Container
	reasons       []*reasonRow
	reasonsErr    *widget.Label
	addReasonBtn  *widget.Button
	body          *formEntry
	bodyErr       *widget.Label
	expect        *formEntry
	expectErr     *widget.Label
	wrongIf       *formEntry
	wrongIfErr    *widget.Label
	conviction    *widget.Slider
	convictionTx  *widget.Label
	convictionErr *widget.Label
	reviewBy      *dateField
	reviewByErr   *widget.Label
	tags          *formEntry
	tagChips      *widget.Label
	tagsErr       *widget.Label
	status        *widget.Select
	statusRow     fyne.CanvasObject
	budget        *moneyEntry
	budgetCur     *widget.Select
	budgetErr     *widget.Label
	// dec holds the pre-mortem, base rate, invalidation levels and links.
	dec decisionFields

	symbol       *formEntry
	symbolErr    *widget.Label
	fetching     *widget.ProgressBarInfinite
	quoteNote    *widget.Label
	offerBox     *fyne.Container
	manualPrice  *moneyEntry
	manualCur    *widget.Select
	snapBox      *fyne.Container
	snapshots    []journal.Snapshot
	savedSnaps   int // the first savedSnaps snapshots are saved and cannot change
	snapErr      *widget.Label
	snapAdd      []*widget.Button // "add position" of each snapshot
	posBox       *fyne.Container
	positions    []*positionEditor
	addPosBtn    *widget.Button
	formErr      *widget.Label
	saveBtn      *widget.Button
	cancelBtn    *widget.Button
	scroll       *container.Scroll
	content      fyne.CanvasObject
	pendingQuote string // symbol being fetched
}

// newEditorView makes the form; its widgets are built when it is first opened.
func newEditorView(u *UI) *editorView {
	return &editorView{u: u}
}

// view returns the form, building it on first use.
func (e *editorView) view() fyne.CanvasObject {
	e.ensure()
	return e.content
}

// ensure builds the widgets unless they are built.
func (e *editorView) ensure() {
	if e.content == nil {
		e.buildUI()
	}
}

func (e *editorView) buildUI() {
	changed := func(string) { e.onChanged() }
	e.heading = heading("")
	e.heading.SizeName = theme.SizeNameSubHeadingText
	e.title = newFormEntry(false, e.u.onTypedKey)
	e.title.SetPlaceHolder(tr("editor.title_hint"))
	e.title.OnChanged = changed
	e.titleErr = errorLabel()
	e.trigger = newFormEntry(false, e.u.onTypedKey)
	e.trigger.SetPlaceHolder(tr("editor.trigger_hint"))
	e.trigger.OnChanged = changed
	e.triggerErr = errorLabel()
	e.reasonsBox = container.NewVBox()
	e.reasonsErr = errorLabel()
	e.addReasonBtn = widget.NewButtonWithIcon(tr("editor.add_reason"), theme.ContentAddIcon(), func() {
		r := e.addReason("")
		e.onChanged()
		e.u.win.Canvas().Focus(r.entry)
	})
	e.body = newFormEntry(true, e.u.onTypedKey)
	e.body.SetPlaceHolder(tr("editor.body_hint"))
	e.body.Wrapping = fyne.TextWrapWord
	e.body.SetMinRowsVisible(8)
	e.body.OnChanged = changed
	e.bodyErr = errorLabel()
	e.expect = newFormEntry(true, e.u.onTypedKey)
	e.expect.Wrapping = fyne.TextWrapWord
	e.expect.SetMinRowsVisible(2)
	e.expect.SetPlaceHolder(tr("editor.expectation_hint"))
	e.expect.OnChanged = changed
	e.expectErr = errorLabel()
	e.wrongIf = newFormEntry(true, e.u.onTypedKey)
	e.wrongIf.Wrapping = fyne.TextWrapWord
	e.wrongIf.SetMinRowsVisible(2)
	e.wrongIf.SetPlaceHolder(tr("editor.invalidation_hint"))
	e.wrongIf.OnChanged = changed
	e.wrongIfErr = errorLabel()
	e.conviction = widget.NewSlider(0, 100)
	e.conviction.Step = 1
	e.convictionTx = widget.NewLabel("")
	e.conviction.OnChanged = func(v float64) {
		e.convictionTx.SetText(fmt.Sprintf("%d %%", int(v)))
		e.onChanged()
	}
	e.convictionErr = errorLabel()
	e.reviewBy = newDateField(e.u, e.onChanged)
	e.reviewByErr = errorLabel()
	e.tags = newFormEntry(false, e.u.onTypedKey)
	e.tags.SetPlaceHolder(tr("editor.tags_hint"))
	e.tags.OnChanged = func(s string) {
		e.tagChips.SetText(strings.Join(prefixAll("#", splitTags(s)), "  "))
		e.onChanged()
	}
	e.tagChips = widget.NewLabel("")
	e.tagChips.Importance = widget.HighImportance
	e.tagsErr = errorLabel()
	var statusOpts []string
	for _, s := range journal.Statuses {
		statusOpts = append(statusOpts, statusText(s))
	}
	e.status = widget.NewSelect(statusOpts, func(string) { e.onChanged() })
	e.budget = newMoneyEntry()
	e.budget.SetPlaceHolder(tr("editor.budget_hint"))
	e.budget.OnChanged = changed
	e.budgetCur = widget.NewSelect(journal.Currencies(), func(string) { e.onChanged() })
	e.budgetErr = errorLabel()
	e.buildDecision()

	e.symbol = newFormEntry(false, e.u.onTypedKey)
	e.symbol.SetPlaceHolder(tr("editor.symbol_hint"))
	e.symbol.OnSubmitted = func(s string) { e.attachQuote(s) }
	e.symbolErr = errorLabel()
	e.fetching = widget.NewProgressBarInfinite()
	e.fetching.Stop()
	e.fetching.Hide()
	e.quoteNote = wrapped("")
	e.offerBox = container.NewVBox()
	e.manualPrice = newMoneyEntry()
	e.manualPrice.SetPlaceHolder(tr("editor.manual_price_hint"))
	e.manualCur = widget.NewSelect(journal.Currencies(), nil)
	e.snapBox = container.NewVBox()
	e.snapErr = errorLabel()
	e.posBox = container.NewVBox()
	e.addPosBtn = widget.NewButtonWithIcon(tr("editor.add_position"), theme.ContentAddIcon(), func() {
		r := e.addPosition(positionDraft{Side: string(journal.SideLong)})
		e.onChanged()
		e.u.win.Canvas().Focus(r.symbol)
	})
	e.formErr = errorLabel()
	e.saveBtn = widget.NewButtonWithIcon(tr("editor.save"), theme.DocumentSaveIcon(), e.save)
	e.saveBtn.Importance = widget.HighImportance
	e.cancelBtn = widget.NewButtonWithIcon(tr("editor.cancel"), theme.CancelIcon(), e.cancel)

	field := func(label string, obj fyne.CanvasObject, errL *widget.Label) fyne.CanvasObject {
		return container.NewVBox(heading(label), obj, errL)
	}
	attach := container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewButtonWithIcon(tr("editor.fetch"), theme.DownloadIcon(), func() { e.attachQuote(e.symbol.Text) })), e.symbol)
	e.statusRow = field(tr("editor.status"), e.status, errorLabel())
	form := container.NewVBox(
		e.heading,
		field(tr("editor.title"), e.title, e.titleErr),
		field(tr("editor.trigger"), e.trigger, e.triggerErr),
		container.NewVBox(heading(tr("editor.reasons")), e.reasonsBox, container.NewHBox(e.addReasonBtn), e.reasonsErr),
		field(tr("editor.body"), e.body, e.bodyErr),
		field(tr("editor.expectation"), e.expect, e.expectErr),
		field(tr("editor.invalidation"), e.wrongIf, e.wrongIfErr),
		e.levelsSection(),
		field(tr("editor.conviction"), container.NewBorder(nil, nil, nil, e.convictionTx, e.conviction), e.convictionErr),
		e.baseRateSection(),
		e.preMortemSection(),
		field(tr("editor.review_by"), container.NewGridWrap(fyne.NewSize(220, e.reviewBy.entry.MinSize().Height), e.reviewBy.content), e.reviewByErr),
		container.NewVBox(heading(tr("editor.tags")), e.tags, e.tagChips, e.tagsErr),
		e.statusRow,
		field(tr("editor.loss_budget"), container.NewBorder(nil, nil, nil,
			container.NewGridWrap(fyne.NewSize(110, e.budgetCur.MinSize().Height), e.budgetCur), e.budget), e.budgetErr),
		e.linksSection(),
		widget.NewSeparator(),
		heading(tr("editor.quotes")),
		attach, e.symbolErr, e.fetching, e.quoteNote, e.offerBox, e.snapBox, e.snapErr,
		heading(tr("editor.positions")), e.posBox, container.NewHBox(e.addPosBtn),
		e.formErr,
	)
	e.scroll = vscroll(container.NewPadded(form))
	saveHint := widget.NewLabel(tr("editor.save_hint"))
	saveHint.Truncation = fyne.TextTruncateEllipsis
	buttons := container.New(elideRow{}, e.saveBtn, e.cancelBtn, layout.NewSpacer(), saveHint)
	e.content = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), container.NewPadded(buttons)), nil, nil, e.scroll)
}

// edit opens the form on t, or on a new thesis when t is nil.
func (e *editorView) edit(t *journal.Thesis) {
	e.ensure()
	d := draft{Conviction: 50, BudgetCurrency: e.u.settings.BaseCurrency, Status: string(journal.StatusOpen)}
	if t != nil {
		d = draftOf(t)
	}
	e.open(t, d)
	e.dirty = false
	e.u.win.Canvas().Focus(e.title)
}

// open fills the form from d; orig is the saved thesis d edits, or nil.
func (e *editorView) open(orig *journal.Thesis, d draft) {
	e.ensure()
	e.filling = true
	defer func() { e.filling = false }()
	e.orig = orig
	e.active = true
	e.checked = false
	e.softAsked = false
	e.created = e.u.now()
	if orig == nil {
		e.heading.SetText(tr("editor.new_heading"))
		e.statusRow.Hide()
	} else {
		e.heading.SetText(tr("editor.edit_heading"))
		e.statusRow.Show()
	}
	e.title.SetText(d.Title)
	e.trigger.SetText(d.Trigger)
	e.reasons = nil
	e.reasonsBox.Objects = nil
	for _, r := range d.Reasons {
		e.addReason(r)
	}
	if len(d.Reasons) == 0 {
		e.addReason("")
	}
	e.reasonsBox.Refresh()
	e.body.SetText(d.Body)
	e.expect.SetText(d.Expectation)
	e.wrongIf.SetText(d.Invalidation)
	e.conviction.SetValue(float64(d.Conviction))
	e.convictionTx.SetText(fmt.Sprintf("%d %%", d.Conviction))
	e.fillDecision(d)
	e.reviewBy.setText(d.ReviewBy)
	e.tags.SetText(d.Tags)
	e.status.SetSelectedIndex(max(slices.Index(journal.Statuses, journal.Status(d.Status)), 0))
	e.budget.SetText(d.BudgetAmount)
	cur := d.BudgetCurrency
	if cur == "" {
		cur = e.u.settings.BaseCurrency
	}
	e.budgetCur.SetSelected(cur)
	e.manualCur.SetSelected(e.u.settings.BaseCurrency)
	e.snapshots = slices.Clone(d.Snapshots)
	e.savedSnaps = 0
	if orig != nil {
		e.savedSnaps = len(orig.Snapshots)
	}
	e.renderSnapshots()
	e.positions = nil
	e.posBox.Objects = nil
	for _, p := range d.Positions {
		e.addPosition(p)
	}
	e.posBox.Refresh()
	e.symbol.SetText("")
	e.quoteNote.SetText("")
	e.offerBox.Objects = nil
	e.offerBox.Refresh()
	e.clearErrors()
	e.scroll.ScrollToTop()
	e.u.showDetail(e.content)
}

// onChanged marks the form changed, keeps a draft soon, and re-checks it once a save
// was refused.
func (e *editorView) onChanged() {
	if e.filling || !e.active {
		return
	}
	e.dirty = true
	if e.draftTmr != nil {
		e.draftTmr.Stop()
	}
	e.draftTmr = time.AfterFunc(draftDelay, func() { e.u.do(e.saveDraftNow) })
	if e.checked {
		e.validate()
	}
}

// reasonRow is one reason with its move and remove buttons.
type reasonRow struct {
	entry    *formEntry
	up, down *widget.Button
	remove   *widget.Button
	err      *widget.Label
	content  fyne.CanvasObject
}

// addReason appends a reason row.
func (e *editorView) addReason(text string) *reasonRow {
	r := &reasonRow{entry: newFormEntry(false, e.u.onTypedKey), err: errorLabel()}
	r.entry.SetText(text)
	r.entry.SetPlaceHolder(tr("editor.reason_hint"))
	r.entry.OnChanged = func(string) { e.onChanged() }
	r.entry.OnSubmitted = func(string) {
		nr := e.addReason("")
		e.onChanged()
		e.u.win.Canvas().Focus(nr.entry)
	}
	r.up = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { e.moveReason(r, -1) })
	r.down = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { e.moveReason(r, 1) })
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { e.removeReason(r) })
	r.content = container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(r.up, r.down, r.remove), r.entry), r.err)
	e.reasons = append(e.reasons, r)
	e.layoutReasons()
	return r
}

func (e *editorView) moveReason(r *reasonRow, by int) {
	i := slices.Index(e.reasons, r)
	j := i + by
	if i < 0 || j < 0 || j >= len(e.reasons) {
		return
	}
	e.reasons[i], e.reasons[j] = e.reasons[j], e.reasons[i]
	e.layoutReasons()
	e.onChanged()
}

func (e *editorView) removeReason(r *reasonRow) {
	e.reasons = slices.DeleteFunc(e.reasons, func(x *reasonRow) bool { return x == r })
	e.layoutReasons()
	e.onChanged()
}

func (e *editorView) layoutReasons() {
	objs := make([]fyne.CanvasObject, len(e.reasons))
	for i, r := range e.reasons {
		objs[i] = r.content
		if i == 0 {
			r.up.Disable()
		} else {
			r.up.Enable()
		}
		if i == len(e.reasons)-1 {
			r.down.Disable()
		} else {
			r.down.Enable()
		}
	}
	e.reasonsBox.Objects = objs
	e.reasonsBox.Refresh()
}

// renderSnapshots lists the frozen prices, each with "add position"; those not saved yet
// can be removed.
func (e *editorView) renderSnapshots() {
	var objs []fyne.CanvasObject
	e.snapAdd = e.snapAdd[:0]
	for i, s := range e.snapshots {
		line := widget.NewLabel(tr("editor.snapshot_line", map[string]any{
			"Symbol": symbolName(s.Symbol, s.Name), "Price": journal.FormatPrice(s.Symbol, s.Price), "Date": fmtDateTime(s.At),
			"Source": tr("source." + string(s.Source)),
		}))
		line.Truncation = fyne.TextTruncateEllipsis
		snap := s
		add := widget.NewButtonWithIcon(tr("editor.add_position_from"), theme.ContentAddIcon(), func() {
			e.addPositionFrom(snap)
		})
		e.snapAdd = append(e.snapAdd, add)
		right := container.NewHBox(add)
		if i >= e.savedSnaps {
			idx := i
			right.Add(widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
				e.snapshots = slices.Delete(e.snapshots, idx, idx+1)
				e.renderSnapshots()
				e.onChanged()
			}))
		} else {
			lock := widget.NewLabel(tr("editor.saved_snapshot"))
			lock.Importance = widget.LowImportance
			right.Add(lock)
		}
		objs = append(objs, container.NewBorder(nil, nil, nil, right, line))
	}
	e.snapBox.Objects = objs
	e.snapBox.Refresh()
}

// attachQuote fetches a symbol's quote in the background and freezes it as a snapshot.
// Offline it offers the cached price (with its age) or a price typed by hand.
func (e *editorView) attachQuote(text string) {
	sym, err := journal.ParseSymbol(text)
	if err != nil {
		setError(e.symbolErr, ruleText(journal.ErrorMessage(err)))
		return
	}
	setError(e.symbolErr, "")
	e.pendingQuote = sym
	e.fetching.Show()
	e.fetching.Start()
	e.quoteNote.SetText(tr("editor.fetching", map[string]any{"Symbol": sym}))
	e.offerBox.Objects = nil
	e.offerBox.Refresh()
	e.u.fetchQuote(sym, func(q *quotes.Quote, err error) {
		if e.pendingQuote != sym || !e.active {
			return
		}
		e.pendingQuote = ""
		e.fetching.Stop()
		e.fetching.Hide()
		switch {
		case q != nil && !q.Stale:
			s := q.Snapshot()
			e.addSnapshot(s)
			e.quoteNote.SetText(tr("editor.frozen", map[string]any{
				"Symbol": sym, "Price": journal.FormatPrice(sym, s.Price), "Time": fmtDateTime(s.At), "Source": quoteSource(*q, s.Source),
			}))
			e.symbol.SetText("")
		case q != nil:
			e.quoteNote.SetText(tr("editor.offline_cached", map[string]any{
				"Symbol": sym, "Reason": quotes.Reason(errorOr(q.StaleReason)), "Price": journal.FormatPrice(sym, q.Price),
				"Age": fmtAge(q.Age(e.u.now())),
			}))
			cached := q.Snapshot()
			cached.Source = journal.SourceCache
			e.offerManual(sym, &cached, q.Price.Currency)
		default:
			e.quoteNote.SetText(tr("editor.no_quote", map[string]any{"Symbol": sym, "Reason": quotes.Reason(err)}))
			e.offerManual(sym, nil, guessCurrency(sym, e.u.settings.BaseCurrency))
		}
	})
}

// errorOr turns a stale reason back into something quotes.Reason can print.
func errorOr(reason string) error {
	if reason == "" {
		return nil
	}
	return fmt.Errorf("%s", reason)
}

// offerManual offers the cached price (when there is one) and a price typed by hand.
func (e *editorView) offerManual(sym string, cached *journal.Snapshot, currency string) {
	var objs []fyne.CanvasObject
	if cached != nil {
		c := *cached
		objs = append(objs, widget.NewButtonWithIcon(tr("editor.use_cached"), theme.HistoryIcon(), func() {
			e.addSnapshot(c)
			e.offerBox.Objects = nil
			e.offerBox.Refresh()
			e.quoteNote.SetText(tr("editor.frozen", map[string]any{
				"Symbol": sym, "Price": journal.FormatPrice(sym, c.Price), "Time": fmtDateTime(c.At), "Source": tr("source.cache"),
			}))
			e.symbol.SetText("")
		}))
	}
	e.manualPrice.SetText("")
	if currency != "" {
		e.manualCur.SetSelected(currency)
	}
	addManual := widget.NewButtonWithIcon(tr("editor.use_manual"), theme.DocumentCreateIcon(), func() { e.addManual(sym) })
	e.manualPrice.OnSubmitted = func(string) { e.addManual(sym) }
	objs = append(objs, container.NewBorder(nil, nil, widget.NewLabel(tr("editor.manual_label")),
		container.NewHBox(container.NewGridWrap(fyne.NewSize(100, e.manualCur.MinSize().Height), e.manualCur), addManual), e.manualPrice))
	e.offerBox.Objects = objs
	e.offerBox.Refresh()
}

// addManual freezes a price typed by hand.
func (e *editorView) addManual(sym string) {
	m, err := journal.ParseMoney(e.manualPrice.Text, e.manualCur.Selected)
	if err != nil || !m.Amount.IsPositive() {
		setError(e.symbolErr, tr("editor.bad_price"))
		return
	}
	setError(e.symbolErr, "")
	e.addSnapshot(journal.Snapshot{Symbol: sym, Price: m, At: e.u.now().UTC(), Source: journal.SourceManual})
	e.offerBox.Objects = nil
	e.offerBox.Refresh()
	e.quoteNote.SetText(tr("editor.frozen", map[string]any{
		"Symbol": sym, "Price": journal.FormatPrice(sym, m), "Time": fmtDateTime(e.u.now()), "Source": tr("source.manual"),
	}))
	e.symbol.SetText("")
}

// addSnapshot freezes s with the thesis.
func (e *editorView) addSnapshot(s journal.Snapshot) {
	e.snapshots = append(e.snapshots, s)
	e.renderSnapshots()
	e.onChanged()
}

// guessCurrency guesses a listing's currency from its symbol's exchange suffix.
func guessCurrency(sym, base string) string {
	switch {
	case strings.HasSuffix(sym, ".KS"), strings.HasSuffix(sym, ".KQ"):
		return "KRW"
	case strings.HasSuffix(sym, ".T"):
		return "JPY"
	case strings.HasSuffix(sym, ".L"):
		return "GBP"
	case strings.HasSuffix(sym, ".DE"), strings.HasSuffix(sym, ".PA"), strings.HasSuffix(sym, ".AS"):
		return "EUR"
	case strings.HasSuffix(sym, ".HK"):
		return "HKD"
	case strings.HasSuffix(sym, "=X"), strings.HasPrefix(sym, "^"):
		return base
	case strings.Contains(sym, "."):
		return base
	}
	return "USD"
}

// addPositionFrom adds a position in a snapshot's symbol with one buy at the snapshot's
// price and time, and opens that fill for its quantity (and the exchange rate to the
// base currency, looked up when the price is not in it).
func (e *editorView) addPositionFrom(s journal.Snapshot) *fillForm {
	f := journal.Fill{ID: journal.NewLedgerID(), At: s.At, Action: journal.ActionBuy, Price: s.Price, Source: journal.FillManual}
	if s.Price.Currency == e.u.settings.BaseCurrency {
		f.FXToBase = decOne
	}
	row := e.addPosition(positionDraft{Symbol: s.Symbol, Side: string(journal.SideLong), Fills: []journal.Fill{f}})
	e.onChanged()
	return row.editFill(0)
}

// addPosition appends a position filled from p as it is.
func (e *editorView) addPosition(p positionDraft) *positionEditor {
	r := newPositionEditor(e, p)
	e.positions = append(e.positions, r)
	e.layoutPositions()
	return r
}

func (e *editorView) layoutPositions() {
	objs := make([]fyne.CanvasObject, len(e.positions))
	for i, r := range e.positions {
		objs[i] = r.content
	}
	e.posBox.Objects = objs
	e.posBox.Refresh()
}

// draft is the form's content as typed, kept in the preferences until saved.
type draft struct {
	ID             string             `json:"id,omitempty"`
	Title          string             `json:"title"`
	Trigger        string             `json:"trigger"`
	Reasons        []string           `json:"reasons"`
	Body           string             `json:"body"`
	Expectation    string             `json:"expectation"`
	Invalidation   string             `json:"invalidation"`
	Conviction     int                `json:"conviction"`
	ReviewBy       string             `json:"review_by"`
	Tags           string             `json:"tags"`
	Status         string             `json:"status"`
	BudgetAmount   string             `json:"budget_amount"`
	BudgetCurrency string             `json:"budget_currency"`
	Snapshots      []journal.Snapshot `json:"snapshots"`
	Positions      []positionDraft    `json:"positions"`
	PreMortem      []string           `json:"pre_mortem,omitempty"`
	BaseRate       string             `json:"base_rate,omitempty"`
	Levels         []levelDraft       `json:"levels,omitempty"`
	Links          []journal.Link     `json:"links,omitempty"`
	CreatedAt      time.Time          `json:"created_at,omitzero"`
	// Journal is the file of the journal the draft was typed in.
	Journal string `json:"journal,omitempty"`
}

// draftOf returns a saved thesis as form content.
func draftOf(t *journal.Thesis) draft {
	d := draft{
		ID: t.ID, Title: t.Title, Trigger: t.Trigger, Reasons: slices.Clone(t.Reasons), Body: t.Body,
		Expectation: t.Expectation, Invalidation: t.Invalidation, Conviction: t.Conviction,
		ReviewBy: t.ReviewBy.String(), Tags: strings.Join(t.Tags, ", "), Status: string(t.Status),
		Snapshots: slices.Clone(t.Snapshots), CreatedAt: t.CreatedAt,
	}
	if !t.LossBudget.IsZero() {
		d.BudgetAmount, d.BudgetCurrency = t.LossBudget.Amount.String(), t.LossBudget.Currency
	}
	decisionDraftOf(t, &d)
	for _, p := range t.Positions {
		d.Positions = append(d.Positions, positionDraft{Symbol: p.Symbol, Side: string(p.Side),
			Fills: slices.Clone(p.Fills), Dividends: slices.Clone(p.Dividends)})
	}
	return d
}

// current returns the form's content as typed.
func (e *editorView) current() draft {
	d := draft{
		Title: e.title.Text, Trigger: e.trigger.Text, Body: e.body.Text, Expectation: e.expect.Text,
		Invalidation: e.wrongIf.Text, Conviction: int(e.conviction.Value), ReviewBy: e.reviewBy.text(),
		Tags: e.tags.Text, BudgetAmount: e.budget.Text, BudgetCurrency: e.budgetCur.Selected,
		Snapshots: slices.Clone(e.snapshots), CreatedAt: e.created,
	}
	if i := e.status.SelectedIndex(); i >= 0 {
		d.Status = string(journal.Statuses[i])
	}
	if e.orig != nil {
		d.ID, d.CreatedAt = e.orig.ID, e.orig.CreatedAt
	}
	for _, r := range e.reasons {
		d.Reasons = append(d.Reasons, r.entry.Text)
	}
	for _, r := range e.positions {
		d.Positions = append(d.Positions, r.draft())
	}
	e.decisionDraft(&d)
	return d
}

// saveDraftNow keeps the form's content in the preferences when it has unsaved changes.
func (e *editorView) saveDraftNow() {
	if e.draftTmr != nil {
		e.draftTmr.Stop()
	}
	if !e.active || !e.dirty {
		return
	}
	d := e.current()
	d.Journal = e.u.path
	b, err := json.Marshal(d)
	if err != nil {
		return
	}
	e.u.prefs.SetString(prefDraft, string(b))
}

// clearDraft forgets the kept draft.
func (e *editorView) clearDraft() {
	if e.draftTmr != nil {
		e.draftTmr.Stop()
	}
	e.u.prefs.RemoveValue(prefDraft)
}

// hasDraft reports whether a draft was kept.
func (e *editorView) hasDraft() bool { return e.u.prefs.String(prefDraft) != "" }

// restoreDraft reopens the form with the kept draft (and the saved thesis it edits).
func (e *editorView) restoreDraft() {
	var d draft
	if err := json.Unmarshal([]byte(e.u.prefs.String(prefDraft)), &d); err != nil {
		e.clearDraft()
		return
	}
	if d.Journal != "" && d.Journal != e.u.path && d.Journal == e.u.deps.DemoPath {
		// Typed in the demo journal: it must not become a thesis of the person's own.
		e.clearDraft()
		e.u.afterFirstPage()
		return
	}
	reopen := func(orig *journal.Thesis) {
		e.open(orig, d)
		if !d.CreatedAt.IsZero() && orig == nil {
			e.created = d.CreatedAt
		}
		e.dirty = true
		e.u.status.say(tr("editor.draft_restored"), false)
	}
	if d.ID == "" || e.u.store == nil {
		reopen(nil)
		return
	}
	store := e.u.store
	e.u.background(func() {
		ctx, cancel := e.u.ctx()
		defer cancel()
		orig, err := store.Get(ctx, d.ID)
		e.u.do(func() {
			if err != nil {
				d.ID = "" // the thesis is gone: what was typed becomes a new one
				orig = nil
			}
			reopen(orig)
		})
	})
}

// confirmLeave asks before unsaved changes are dropped; then(true) runs when the form
// may be left.
func (e *editorView) confirmLeave(then func(bool)) {
	if !e.active || !e.dirty {
		e.close()
		then(true)
		return
	}
	e.u.ask(tr("editor.leave_title"), tr("editor.leave_message"), tr("editor.discard"), tr("editor.keep_writing"), widget.DangerImportance, func() {
		e.clearDraft()
		e.close()
		then(true)
	}, func() { then(false) })
}

// close leaves the form without saving.
func (e *editorView) close() {
	e.active, e.dirty, e.orig = false, false, nil
	e.pendingQuote = ""
	if e.draftTmr != nil {
		e.draftTmr.Stop()
	}
}

// cancel drops the changes (asking first) and goes back.
func (e *editorView) cancel() {
	orig := e.orig
	e.confirmLeave(func(ok bool) {
		if !ok {
			return
		}
		e.clearDraft()
		if orig != nil {
			e.u.showThesis(orig.ID)
		} else {
			e.u.onTabChanged(nil)
		}
	})
}

// save checks the form and writes the thesis in the background.
func (e *editorView) save() {
	if !e.active || e.saving {
		return
	}
	t, ok := e.validate()
	e.checked = true
	if !ok {
		e.formErr.SetText(tr("editor.fix_errors"))
		e.formErr.Show()
		n := e.showFirstProblem()
		e.u.status.say(trN("editor.need_attention", max(n, 1)), false)
		return
	}
	if missing, first := e.missingClaim(t); len(missing) > 0 && !e.softAsked {
		e.softAsked = true
		e.u.ask(tr("editor.no_claim_title"), tr("editor.no_claim_message", map[string]any{"Missing": strings.Join(missing, ", ")}),
			tr("editor.save_anyway"), tr("editor.go_back"), widget.HighImportance, e.save, func() { e.reveal(first) })
		return
	}
	e.saving = true
	e.saveBtn.Disable()
	isNew := e.orig == nil
	e.u.saveThesis(t, isNew, func(saved *journal.Thesis, err error) {
		e.saving = false
		e.saveBtn.Enable()
		if err != nil {
			e.showSaveError(err)
			return
		}
		e.clearDraft()
		e.close()
		e.u.status.say(tr("editor.saved", map[string]any{"Title": saved.Title}), false)
		e.u.showThesis(saved.ID)
	})
}

// missingClaim names (in the UI language) the parts of the claim t lacks: what is
// expected, what would prove it wrong, when to review it and how much may be lost; first
// is the field of the first one. An edit is asked about only what it takes away.
func (e *editorView) missingClaim(t *journal.Thesis) (missing []string, first fyne.Focusable) {
	lacks := func(t *journal.Thesis) []bool {
		return []bool{strings.TrimSpace(t.Expectation) == "", strings.TrimSpace(t.Invalidation) == "",
			t.ReviewBy.IsZero(), !t.LossBudget.Valid() || t.LossBudget.Amount.IsZero()}
	}
	now := lacks(t)
	var before []bool
	if e.orig != nil {
		before = lacks(e.orig)
	}
	for i, c := range []struct {
		key   string
		field fyne.Focusable
	}{
		{"editor.missing.expectation", e.expect},
		{"editor.missing.invalidation", e.wrongIf},
		{"editor.missing.review_by", e.reviewBy.entry},
		{"editor.missing.loss_budget", e.budget},
	} {
		if now[i] && (before == nil || !before[i]) {
			missing = append(missing, tr(c.key))
			if first == nil {
				first = c.field
			}
		}
	}
	return missing, first
}

// problemTarget is a field's error label with the widget that takes the cursor for it.
type problemTarget struct {
	err   *widget.Label
	focus fyne.Focusable
}

// problemTargets lists the form's error labels in the order they appear.
func (e *editorView) problemTargets() []problemTarget {
	out := []problemTarget{{e.titleErr, e.title}, {e.triggerErr, e.trigger}}
	for _, r := range e.reasons {
		out = append(out, problemTarget{r.err, r.entry})
	}
	var firstReason fyne.Focusable = e.addReasonBtn
	if len(e.reasons) > 0 {
		firstReason = e.reasons[0].entry
	}
	out = append(out, problemTarget{e.reasonsErr, firstReason},
		problemTarget{e.bodyErr, e.body}, problemTarget{e.expectErr, e.expect}, problemTarget{e.wrongIfErr, e.wrongIf})
	out = append(out, e.decisionProblemTargets("levels")...)
	out = append(out, problemTarget{e.convictionErr, e.conviction})
	out = append(out, e.decisionProblemTargets("base_rate")...)
	out = append(out, e.decisionProblemTargets("pre_mortem")...)
	out = append(out, problemTarget{e.reviewByErr, e.reviewBy.entry},
		problemTarget{e.tagsErr, e.tags}, problemTarget{e.budgetErr, e.budget})
	out = append(out, e.decisionProblemTargets("links")...)
	out = append(out, problemTarget{e.snapErr, e.symbol})
	for _, r := range e.positions {
		out = append(out, r.problemTargets()...)
	}
	return out
}

// showFirstProblem scrolls to the first field with a problem and puts the cursor in it;
// it returns how many fields have one.
func (e *editorView) showFirstProblem() int {
	n := 0
	var first fyne.Focusable
	for _, p := range e.problemTargets() {
		if p.err.Visible() && p.err.Text != "" {
			n++
			if first == nil {
				first = p.focus
			}
		}
	}
	if first != nil {
		e.reveal(first)
	}
	return n
}

// reveal scrolls the form so that the field shows, its heading above it, and puts the
// cursor in it.
func (e *editorView) reveal(f fyne.Focusable) {
	if f == nil {
		return
	}
	if obj, ok := f.(fyne.CanvasObject); ok && e.scroll.Content != nil {
		d := fyne.CurrentApp().Driver()
		y := d.AbsolutePositionForObject(obj).Y - d.AbsolutePositionForObject(e.scroll.Content).Y
		above := heading("").MinSize().Height + theme.Padding()
		// Only scroll when the field is not in view already.
		top, bottom := e.scroll.Offset.Y, e.scroll.Offset.Y+e.scroll.Size().Height
		if y-above < top || y+obj.Size().Height > bottom {
			e.scroll.ScrollToOffset(fyne.NewPos(0, max(y-above, 0)))
		}
	}
	e.u.win.Canvas().Focus(f)
}

// showSaveError puts a refused save beside the fields, or in a dialog when it is not
// about a field.
func (e *editorView) showSaveError(err error) {
	if v, ok := asValidation(err); ok {
		e.showProblems(v, nil)
		return
	}
	setError(e.formErr, errorText(err))
	e.u.showErrorWith(tr("editor.save_failed"), err)
}

// validate builds the thesis from the form and shows every problem beside its field.
func (e *editorView) validate() (*journal.Thesis, bool) {
	t, parse := e.build()
	t.Normalize()
	t.FillFX(e.u.settings.BaseCurrency)
	var v *journal.ValidationError
	err := t.Validate()
	if err == nil {
		// Fills that pass one by one may still sell more than is held at the time.
		err = t.ValidateLedger(e.u.splits())
	}
	if err != nil {
		v, _ = asValidation(err)
	}
	e.showProblems(v, parse)
	return t, v == nil && len(parse) == 0
}

// build turns the form into a thesis; fields that cannot be read are left empty and
// named in parse (field path → message in the UI language).
func (e *editorView) build() (*journal.Thesis, map[string]string) {
	parse := map[string]string{}
	var t *journal.Thesis
	if e.orig != nil {
		t = e.orig.Clone()
	} else {
		t = &journal.Thesis{CreatedAt: e.created.UTC(), Status: journal.StatusOpen}
	}
	t.Title = e.title.Text
	t.Trigger = e.trigger.Text
	t.Body = e.body.Text
	t.Expectation = e.expect.Text
	t.Invalidation = e.wrongIf.Text
	t.Conviction = int(e.conviction.Value)
	t.Reasons = nil
	for _, r := range e.reasons {
		t.Reasons = append(t.Reasons, r.entry.Text)
	}
	t.Tags = splitTags(e.tags.Text)
	if e.orig != nil {
		if i := e.status.SelectedIndex(); i >= 0 {
			t.Status = journal.Statuses[i]
		}
	}
	t.ReviewBy = journal.Date{}
	if s := strings.TrimSpace(e.reviewBy.text()); s != "" {
		if d, err := journal.ParseDate(s); err == nil {
			t.ReviewBy = d
		} else {
			parse["review_by"] = badDateText(s)
		}
	}
	t.LossBudget = journal.Money{}
	if s := strings.TrimSpace(e.budget.Text); s != "" {
		if m, err := journal.ParseMoney(s, e.budgetCur.Selected); err == nil {
			t.LossBudget = m
		} else {
			parse["loss_budget"] = tr("editor.bad_amount")
		}
	}
	t.Snapshots = slices.Clone(e.snapshots)
	t.Positions = nil
	for _, r := range e.positions {
		t.Positions = append(t.Positions, r.build())
	}
	e.buildDecisionInto(t, parse)
	return t, parse
}

// splitTags reads "ai, semis #딥시크" into tags.
func splitTags(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' })
	var out []string
	for _, t := range f {
		t = strings.ToLower(strings.TrimLeft(t, "#"))
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// clearErrors hides every error label.
func (e *editorView) clearErrors() {
	for _, l := range []*widget.Label{e.titleErr, e.triggerErr, e.reasonsErr, e.bodyErr, e.expectErr, e.wrongIfErr,
		e.convictionErr, e.reviewByErr, e.tagsErr, e.budgetErr, e.symbolErr, e.snapErr, e.formErr} {
		setError(l, "")
	}
	for _, r := range e.reasons {
		setError(r.err, "")
	}
	for _, l := range e.decisionErrorLabels() {
		setError(l, "")
	}
	for _, r := range e.positions {
		r.clearErrors()
	}
}

// showProblems puts each problem beside its field: the parse messages first, then the
// journal's rules in the UI language.
func (e *editorView) showProblems(v *journal.ValidationError, parse map[string]string) {
	msgs := map[*widget.Label][]string{}
	add := func(field, msg string) {
		l := e.errorLabelFor(field)
		prefix := ""
		if i := strings.LastIndex(field, "."); i >= 0 && strings.HasPrefix(field, "positions[") && !strings.Contains(field[i+1:], "[") {
			prefix = tr("position.field."+field[i+1:]) + ": "
		}
		if i := strings.LastIndex(field, "."); i >= 0 && strings.HasPrefix(field, "levels[") {
			prefix = tr("level.field."+field[i+1:]) + ": "
		}
		if strings.HasPrefix(field, "snapshots[") {
			prefix = field + ": "
		}
		if l == e.formErr {
			prefix = field + ": "
		}
		msgs[l] = append(msgs[l], prefix+msg)
	}
	keys := make([]string, 0, len(parse))
	for k := range parse {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		add(k, parse[k])
	}
	if v != nil {
		for _, p := range v.Problems {
			if _, done := parse[p.Field]; done {
				continue
			}
			add(p.Field, ruleText(p.Rule))
		}
	}
	e.clearErrors()
	for l, ms := range msgs {
		setError(l, strings.Join(ms, "\n"))
	}
}

// errorLabelFor returns the label beside the field named by a validation path.
func (e *editorView) errorLabelFor(field string) *widget.Label {
	name, rest, _ := strings.Cut(field, "[")
	idx := -1
	if rest != "" {
		if n, err := strconv.Atoi(strings.SplitN(rest, "]", 2)[0]); err == nil {
			idx = n
		}
	}
	if l := e.decisionErrorLabel(name, idx); l != nil {
		return l
	}
	switch name {
	case "title":
		return e.titleErr
	case "trigger":
		return e.triggerErr
	case "body":
		return e.bodyErr
	case "expectation":
		return e.expectErr
	case "invalidation":
		return e.wrongIfErr
	case "conviction":
		return e.convictionErr
	case "review_by":
		return e.reviewByErr
	case "loss_budget":
		return e.budgetErr
	case "tags":
		return e.tagsErr
	case "snapshots":
		return e.snapErr
	case "reasons":
		if idx >= 0 && idx < len(e.reasons) {
			return e.reasonRowFor(idx).err
		}
		return e.reasonsErr
	case "positions":
		if idx >= 0 && idx < len(e.positions) {
			_, sub, _ := strings.Cut(field, "].")
			return e.positions[idx].errorLabel(sub)
		}
	}
	return e.formErr
}

// reasonRowFor maps the index of a reason in the thesis (empty reasons are dropped by
// Normalize) to its row.
func (e *editorView) reasonRowFor(idx int) *reasonRow {
	n := -1
	for _, r := range e.reasons {
		if strings.TrimSpace(r.entry.Text) != "" {
			n++
		}
		if n == idx {
			return r
		}
	}
	return e.reasons[min(idx, len(e.reasons)-1)]
}

// dateField is a date typed as YYYY-MM-DD, with a calendar to pick it.
type dateField struct {
	u       *UI
	entry   *formEntry
	pick    *widget.Button
	content fyne.CanvasObject
}

func newDateField(u *UI, changed func()) *dateField {
	f := &dateField{u: u, entry: newFormEntry(false, u.onTypedKey)}
	f.entry.SetPlaceHolder("YYYY-MM-DD")
	f.entry.OnChanged = func(string) { changed() }
	f.pick = widget.NewButtonWithIcon("", theme.CalendarIcon(), f.showCalendar)
	f.content = container.NewBorder(nil, nil, nil, f.pick, f.entry)
	return f
}

func (f *dateField) text() string { return f.entry.Text }

func (f *dateField) setText(s string) { f.entry.SetText(s) }

// showCalendar pops a calendar up under the field.
func (f *dateField) showCalendar() {
	start := f.u.now()
	if d, err := journal.ParseDate(f.entry.Text); err == nil {
		start = d.Time()
	}
	var pop *widget.PopUp
	cal := newMonthCalendar(start, func(t time.Time) {
		f.entry.SetText(t.Format(time.DateOnly))
		if pop != nil {
			pop.Hide()
		}
	})
	c := f.u.win.Canvas()
	pop = widget.NewPopUp(cal, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.entry)
	pop.ShowAtPosition(pos.Add(fyne.NewPos(0, f.entry.Size().Height)))
}

// isoDateShape is a date written like YYYY-MM-DD, with one or two digits for the month
// and the day.
var isoDateShape = regexp.MustCompile(`^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$`)

// badDateText says exactly what is wrong with a date that journal.ParseDate refused: a
// month or a day that does not exist ("2027-02-30 is not a date: February 2027 has 28 days"),
// a month or day written with one digit, or a date not written as YYYY-MM-DD at all.
func badDateText(s string) string {
	s = strings.TrimSpace(s)
	m := isoDateShape.FindStringSubmatch(s)
	if m == nil {
		return tr("editor.bad_date", map[string]any{"Text": s})
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	if mo < 1 || mo > 12 {
		return tr("editor.date_no_month", map[string]any{"Text": s, "Month": mo})
	}
	days := time.Date(y, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d < 1 || d > days {
		return tr("editor.date_no_day", map[string]any{"Text": s, "Year": y, "Month": mo, "MonthName": time.Month(mo).String(), "Days": days})
	}
	return tr("editor.date_digits", map[string]any{"Text": s, "Want": fmt.Sprintf("%04d-%02d-%02d", y, mo, d)})
}

// quoteSource names where a quote's price came from, with what kind of price it is when
// it is not the regular-market price ("Yahoo, NAV").
func quoteSource(q quotes.Quote, src journal.Source) string {
	name := tr("source." + string(src))
	if q.Basis != quotes.BasisMarket {
		name += ", " + tr("basis."+string(q.Basis))
	}
	return name
}
