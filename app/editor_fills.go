package app

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"hindsight/journal"
)

// The positions part of the thesis form: each position is its symbol and side with the
// list of its fills (each buy and sell) and its dividends. A fill or a dividend is typed
// in a small dialog; what the dialog gives back is kept in the position as it will be
// saved, so the draft holds it exactly.

var sides = []journal.Side{journal.SideLong, journal.SideShort, journal.SideWatch}

// positionDraft is a position as typed: its symbol and side as written, and its fills
// and dividends as the dialogs gave them.
type positionDraft struct {
	Symbol    string             `json:"symbol"`
	Side      string             `json:"side"`
	Fills     []journal.Fill     `json:"fills,omitempty"`
	Dividends []journal.Dividend `json:"dividends,omitempty"`

	// The fields below are those of a draft kept before positions held fills: one entry
	// and at most one exit. They are read only to turn such a draft into fills.
	Quantity  string    `json:"quantity,omitempty"`
	Price     string    `json:"price,omitempty"`
	Currency  string    `json:"currency,omitempty"`
	At        time.Time `json:"at,omitzero"`
	FX        string    `json:"fx,omitempty"`
	ExitPrice string    `json:"exit_price,omitempty"`
	ExitAt    time.Time `json:"exit_at,omitzero"`
}

// upgrade turns the entry and exit of a draft kept by an older version into fills.
func (p positionDraft) upgrade() positionDraft {
	if len(p.Fills) > 0 || strings.TrimSpace(p.Quantity) == "" || strings.TrimSpace(p.Price) == "" {
		return p
	}
	lp := journal.LegacyPosition{Symbol: p.Symbol, Side: journal.Side(p.Side), EnteredAt: p.At}
	lp.Quantity, _ = journal.ParseDecimal(p.Quantity)
	lp.EntryPrice.Amount, _ = journal.ParseDecimal(p.Price)
	lp.EntryPrice.Currency = p.Currency
	lp.FXToBase, _ = journal.ParseDecimal(p.FX)
	if ep, err := journal.ParseDecimal(p.ExitPrice); err == nil && !p.ExitAt.IsZero() {
		m := journal.Money{Amount: ep, Currency: p.Currency}
		at := p.ExitAt
		lp.ExitPrice, lp.ExitedAt = &m, &at
	}
	np := lp.Position(journal.NewLedgerID(), 0, "")
	for i := range np.Fills {
		np.Fills[i].ID, np.Fills[i].Source = journal.NewLedgerID(), journal.FillManual
	}
	return positionDraft{Symbol: p.Symbol, Side: p.Side, Fills: np.Fills, Dividends: p.Dividends}
}

// positionEditor edits one position of the form.
type positionEditor struct {
	e         *editorView
	symbol    *formEntry
	side      *widget.Select
	fills     []journal.Fill
	dividends []journal.Dividend
	fillsBox  *fyne.Container
	divBox    *fyne.Container
	addFill   *widget.Button
	addDiv    *widget.Button
	remove    *widget.Button
	// err shows the position's own problems; fillErr and divErr those of each fill and
	// dividend, beside its row.
	err      *widget.Label
	fillErr  []*widget.Label
	fillEdit []*widget.Button
	divErr   []*widget.Label
	divEdit  []*widget.Button
	content  fyne.CanvasObject
}

// newPositionEditor makes the editor of position p.
func newPositionEditor(e *editorView, p positionDraft) *positionEditor {
	p = p.upgrade()
	r := &positionEditor{e: e, fills: slices.Clone(p.Fills), dividends: slices.Clone(p.Dividends)}
	r.buildUI(p)
	return r
}

func (r *positionEditor) buildUI(p positionDraft) {
	e := r.e
	r.err = errorLabel()
	r.symbol = newFormEntry(false, e.u.onTypedKey)
	r.symbol.SetPlaceHolder(tr("position.symbol"))
	r.symbol.SetText(p.Symbol)
	r.symbol.OnChanged = func(string) { e.onChanged() }
	var sideOpts []string
	for _, s := range sides {
		sideOpts = append(sideOpts, sideText(s))
	}
	r.side = widget.NewSelect(sideOpts, func(string) { e.onChanged() })
	r.side.SetSelectedIndex(max(slices.Index(sides, journal.Side(p.Side)), 0))
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), r.askRemove)
	r.fillsBox = container.NewVBox()
	r.divBox = container.NewVBox()
	r.addFill = widget.NewButtonWithIcon(tr("editor.add_fill"), theme.ContentAddIcon(), func() { r.editFill(-1) })
	r.addDiv = widget.NewButtonWithIcon(tr("editor.add_dividend"), theme.ContentAddIcon(), func() { r.editDividend(-1) })
	r.addDiv.Importance = widget.LowImportance

	cell := func(label string, obj fyne.CanvasObject) fyne.CanvasObject {
		return container.New(tightVBox{}, widget.NewLabel(label), obj)
	}
	top := container.New(newColumnsLayout(2, 140), cell(tr("position.symbol"), r.symbol), cell(tr("position.side"), r.side))
	r.renderFills()
	r.renderDividends()
	r.content = widget.NewCard("", "", container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewVBox(r.remove), top),
		r.err,
		heading(tr("editor.fills")), r.fillsBox,
		container.NewHBox(r.addFill, r.addDiv),
		r.divBox,
	))
}

// draft returns the position as typed.
func (r *positionEditor) draft() positionDraft {
	d := positionDraft{Symbol: r.symbol.Text, Fills: slices.Clone(r.fills), Dividends: slices.Clone(r.dividends)}
	if i := r.side.SelectedIndex(); i >= 0 {
		d.Side = string(sides[i])
	}
	return d
}

// build returns the position as it will be saved.
func (r *positionEditor) build() journal.Position {
	p := journal.Position{Symbol: r.symbol.Text, Fills: slices.Clone(r.fills), Dividends: slices.Clone(r.dividends)}
	if i := r.side.SelectedIndex(); i >= 0 {
		p.Side = sides[i]
	}
	return p
}

// currency is the position's currency: that of its first fill, else the base currency.
func (r *positionEditor) currency() string {
	if len(r.fills) > 0 && r.fills[0].Price.Currency != "" {
		return r.fills[0].Price.Currency
	}
	return r.e.u.settings.BaseCurrency
}

// askRemove removes the position, asking first when it holds fills or dividends.
func (r *positionEditor) askRemove() {
	e := r.e
	drop := func() {
		e.positions = slices.DeleteFunc(e.positions, func(x *positionEditor) bool { return x == r })
		e.layoutPositions()
		e.onChanged()
	}
	n := len(r.fills) + len(r.dividends)
	if n == 0 {
		drop()
		return
	}
	sym := strings.TrimSpace(r.symbol.Text)
	e.u.confirmDestructive(tr("editor.remove_position_title"),
		tr("editor.remove_position_message", map[string]any{"Symbol": sym, "N": n}), tr("editor.remove_position"), drop)
}

// changed redraws the lists after a fill or dividend changed and marks the form changed.
func (r *positionEditor) changed() {
	r.renderFills()
	r.renderDividends()
	r.e.onChanged()
}

// fillText writes a fill in one line: "Buy 10 @ $120.00".
func fillText(symbol string, f journal.Fill) string {
	return tr("fill.line", map[string]any{"Action": actionText(f.Action), "Qty": fmtQuantity(f.Quantity),
		"Price": journal.FormatPrice(symbol, f.Price)})
}

// actionText names buy or sell in the UI language.
func actionText(a journal.Action) string {
	if a == journal.ActionSell {
		return tr("fill.sell")
	}
	return tr("fill.buy")
}

// fillDetails writes a fill's fees, taxes, exchange rate and note: what the list shows
// under its line. A watched position's fill marks a price only, so a rate it lacks is
// not pointed out.
func fillDetails(f journal.Fill, base string, watch bool) string {
	var parts []string
	if !f.Fees.IsZero() {
		parts = append(parts, tr("fill.fees_part", map[string]any{"Amount": f.Fees.Format()}))
	}
	if !f.Taxes.IsZero() {
		parts = append(parts, tr("fill.taxes_part", map[string]any{"Amount": f.Taxes.Format()}))
	}
	switch {
	case f.Price.Currency == base, watch && !f.FXToBase.IsPositive():
	case f.FXToBase.IsPositive():
		parts = append(parts, tr("fill.fx_part", map[string]any{"Rate": journal.FormatDecimal(f.FXToBase, fxPlaces(f.FXToBase))}))
	default:
		parts = append(parts, tr("fill.fx_unknown"))
	}
	if n := strings.TrimSpace(f.Note); n != "" {
		parts = append(parts, n)
	}
	return strings.Join(parts, " · ")
}

// fxPlaces is the number of decimals an exchange rate is shown with: as typed, at most six.
func fxPlaces(d decimal.Decimal) int32 {
	_, frac, _ := strings.Cut(d.String(), ".")
	return int32(min(len(frac), 6))
}

// renderFills lists the fills in time order, each with its date, what was done, its
// fees, taxes, rate and note, and Edit and Delete.
func (r *positionEditor) renderFills() {
	base := r.e.u.settings.BaseCurrency
	sym := strings.TrimSpace(r.symbol.Text)
	order := make([]int, len(r.fills))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return r.fills[a].At.Compare(r.fills[b].At) })
	r.fillErr = make([]*widget.Label, len(r.fills))
	r.fillEdit = make([]*widget.Button, len(r.fills))
	objs := make([]fyne.CanvasObject, 0, len(r.fills)+1)
	if len(r.fills) == 0 {
		l := widget.NewLabel(tr("editor.no_fills"))
		l.Importance = widget.LowImportance
		l.Wrapping = fyne.TextWrapWord
		objs = append(objs, l)
	}
	for _, i := range order {
		f := r.fills[i]
		idx := i
		mark := "▲ "
		if f.Action == journal.ActionSell {
			mark = "▼ "
		}
		line := widget.NewLabel(mark + fillText(sym, f))
		line.TextStyle.Bold = true
		line.Truncation = fyne.TextTruncateEllipsis
		line.Importance = moveImportance(1)
		if f.Action == journal.ActionSell {
			line.Importance = moveImportance(-1)
		}
		date := widget.NewLabel(fmtDay(f.At))
		details := widget.NewLabel(fillDetails(f, base, r.side.SelectedIndex() >= 0 && sides[r.side.SelectedIndex()] == journal.SideWatch))
		details.Importance = widget.LowImportance
		details.Truncation = fyne.TextTruncateEllipsis
		edit := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { r.editFill(idx) })
		del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { r.deleteFill(idx) })
		errL := errorLabel()
		r.fillErr[i], r.fillEdit[i] = errL, edit
		texts := container.New(tightVBox{}, container.NewBorder(nil, nil, nil, date, line), details)
		objs = append(objs, container.NewBorder(nil, errL, nil, container.NewHBox(edit, del), texts))
	}
	r.fillsBox.Objects = objs
	r.fillsBox.Refresh()
}

// renderDividends lists the dividends, each with Edit and Delete.
func (r *positionEditor) renderDividends() {
	r.divErr = make([]*widget.Label, len(r.dividends))
	r.divEdit = make([]*widget.Button, len(r.dividends))
	var objs []fyne.CanvasObject
	if len(r.dividends) > 0 {
		objs = append(objs, heading(tr("editor.dividends")))
	}
	for i, d := range r.dividends {
		idx := i
		line := widget.NewLabel(dividendText(d))
		line.Truncation = fyne.TextTruncateEllipsis
		edit := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { r.editDividend(idx) })
		del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { r.deleteDividend(idx) })
		errL := errorLabel()
		r.divErr[i], r.divEdit[i] = errL, edit
		objs = append(objs, container.NewBorder(nil, errL, nil, container.NewHBox(edit, del), line))
	}
	r.divBox.Objects = objs
	r.divBox.Refresh()
}

// dividendText writes a dividend in one line: its date, amount and tax withheld.
func dividendText(d journal.Dividend) string {
	amount := tr("dividend.line", map[string]any{"Amount": d.Amount.Format()})
	if d.Amount.IsZero() {
		amount = tr("dividend.per_share_line", map[string]any{"Amount": d.PerShare.Format()})
	}
	s := fmtDay(d.At) + " · " + amount
	if !d.Withheld.IsZero() {
		s += " · " + tr("dividend.withheld_part", map[string]any{"Amount": d.Withheld.Format()})
	}
	if n := strings.TrimSpace(d.Note); n != "" {
		s += " · " + n
	}
	return s
}

// deleteFill removes fill i, asking first.
func (r *positionEditor) deleteFill(i int) {
	if i < 0 || i >= len(r.fills) {
		return
	}
	id := r.fills[i].ID
	desc := fmtDay(r.fills[i].At) + " " + fillText(strings.TrimSpace(r.symbol.Text), r.fills[i])
	r.e.u.confirmDestructive(tr("fill.delete_title"), tr("fill.delete_message", map[string]any{"Fill": desc}), tr("fill.delete"), func() {
		r.fills = slices.DeleteFunc(r.fills, func(f journal.Fill) bool { return f.ID == id })
		r.changed()
	})
}

// deleteDividend removes dividend i, asking first.
func (r *positionEditor) deleteDividend(i int) {
	if i < 0 || i >= len(r.dividends) {
		return
	}
	id := r.dividends[i].ID
	r.e.u.confirmDestructive(tr("dividend.delete_title"), tr("dividend.delete_message", map[string]any{"Dividend": dividendText(r.dividends[i])}),
		tr("fill.delete"), func() {
			r.dividends = slices.DeleteFunc(r.dividends, func(d journal.Dividend) bool { return d.ID == id })
			r.changed()
		})
}

// fillForm is the dialog that adds or edits a fill.
type fillForm struct {
	r        *positionEditor
	index    int // the fill edited; -1 adds one
	orig     journal.Fill
	date     *dateField
	action   *widget.Select
	qty      *moneyEntry
	price    *moneyEntry
	currency *widget.Select
	fees     *moneyEntry
	taxes    *moneyEntry
	fx       *moneyEntry
	fxHelp   *widget.Label
	note     *formEntry
	err      *widget.Label
	save     *widget.Button
	dialog   *dialog.CustomDialog
}

// editFill opens the fill dialog on fill i, or on a new fill when i is -1.
func (r *positionEditor) editFill(i int) *fillForm {
	f := journal.Fill{Action: journal.ActionBuy, Price: journal.Money{Currency: r.currency()}, Source: journal.FillManual}
	if r.side.SelectedIndex() >= 0 && sides[r.side.SelectedIndex()] == journal.SideShort && len(r.fills) == 0 {
		f.Action = journal.ActionSell
	}
	if i >= 0 && i < len(r.fills) {
		f = r.fills[i]
	} else {
		i = -1
	}
	return r.openFillForm(i, f)
}

// openFillForm shows the fill dialog filled from f; index is the fill it edits or -1.
func (r *positionEditor) openFillForm(index int, f journal.Fill) *fillForm {
	u := r.e.u
	ff := &fillForm{r: r, index: index, orig: f}
	ff.date = newDateField(u, func() {})
	if !f.At.IsZero() {
		ff.date.setText(journal.DateOf(f.At.Local()).String())
	}
	ff.action = widget.NewSelect([]string{tr("fill.buy"), tr("fill.sell")}, nil)
	ff.action.SetSelectedIndex(0)
	if f.Action == journal.ActionSell {
		ff.action.SetSelectedIndex(1)
	}
	amount := func(d decimal.Decimal) string {
		if d.IsZero() {
			return ""
		}
		return d.String()
	}
	ff.qty = newMoneyEntry()
	ff.qty.SetText(amount(f.Quantity))
	ff.price = newMoneyEntry()
	ff.price.SetText(amount(f.Price.Amount))
	ff.currency = widget.NewSelect(journal.Currencies(), nil)
	ff.currency.SetSelected(f.Price.Currency)
	// Every fill of a position is in its currency: only a first fill chooses it.
	if len(r.fills) > 1 || (len(r.fills) == 1 && index != 0) {
		ff.currency.Disable()
	}
	ff.fees = newMoneyEntry()
	ff.fees.SetText(amount(f.Fees.Amount))
	ff.taxes = newMoneyEntry()
	ff.taxes.SetText(amount(f.Taxes.Amount))
	ff.fx = newMoneyEntry()
	ff.fx.SetText(amount(f.FXToBase))
	ff.fxHelp = widget.NewLabel("")
	ff.fxHelp.Wrapping = fyne.TextWrapWord
	ff.fxHelp.Importance = widget.LowImportance
	ff.note = newFormEntry(false, u.onTypedKey)
	ff.note.SetText(f.Note)
	ff.err = errorLabel()
	ff.currency.OnChanged = func(string) { ff.fxVisible() }
	ff.fxVisible()

	base := u.settings.BaseCurrency
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(tr("fill.date")), ff.date.content,
		widget.NewLabel(tr("fill.action")), ff.action,
		widget.NewLabel(tr("fill.quantity")), ff.qty,
		widget.NewLabel(tr("fill.price")), container.NewBorder(nil, nil, nil,
			container.NewGridWrap(fyne.NewSize(96, ff.currency.MinSize().Height), ff.currency), ff.price),
		widget.NewLabel(tr("fill.fees")), ff.fees,
		widget.NewLabel(tr("fill.taxes")), ff.taxes,
		widget.NewLabel(tr("fill.fx", map[string]any{"Base": base})), ff.fx,
		layout.NewSpacer(), ff.fxHelp,
		widget.NewLabel(tr("fill.note")), ff.note,
	)
	title := tr("fill.add_title")
	if index >= 0 {
		title = tr("fill.edit_title")
	}
	ff.save = widget.NewButtonWithIcon(tr("fill.save"), theme.ConfirmIcon(), ff.submit)
	ff.save.Importance = widget.HighImportance
	cancel := widget.NewButton(tr("dialog.cancel"), func() { ff.dialog.Hide() })
	ff.dialog = dialog.NewCustomWithoutButtons(title, container.NewVBox(form, ff.err), u.win)
	ff.dialog.SetButtons([]fyne.CanvasObject{cancel, ff.save})
	ff.dialog.Resize(fyne.NewSize(min(480, max(360, u.win.Canvas().Size().Width-40)), 0))
	ff.dialog.Show()
	u.fillForm = ff
	ff.dialog.SetOnClosed(func() {
		if u.fillForm == ff {
			u.fillForm = nil
		}
	})
	if f.At.IsZero() {
		u.win.Canvas().Focus(ff.date.entry)
	} else {
		u.win.Canvas().Focus(ff.qty)
	}
	return ff
}

// fxVisible fixes the rate at 1 for a price in the base currency and explains it
// otherwise; a rate not typed is looked up when the fill is of today.
func (ff *fillForm) fxVisible() {
	u := ff.r.e.u
	base, cur := u.settings.BaseCurrency, ff.currency.Selected
	if cur == base {
		ff.fx.SetText("1")
		ff.fx.Disable()
		ff.fxHelp.Hide()
		return
	}
	if ff.fx.Disabled() {
		ff.fx.SetText("")
		ff.fx.Enable()
	}
	ff.fxHelp.SetText(tr("fill.fx_help", map[string]any{"Currency": cur, "Base": base}))
	ff.fxHelp.Show()
	today := journal.DateOf(u.now().Local()).String()
	if cur == "" || strings.TrimSpace(ff.fx.Text) != "" || (ff.date.text() != "" && ff.date.text() != today) {
		return
	}
	u.fxRate(cur, func(rate decimal.Decimal, ok bool) {
		if ok && ff.currency.Selected == cur && strings.TrimSpace(ff.fx.Text) == "" {
			ff.fx.SetText(rate.Round(6).String())
		}
	})
}

// read returns the fill typed, or the problems found (in the UI language).
func (ff *fillForm) read() (journal.Fill, []string) {
	f := ff.orig
	var errs []string
	num := func(label, s string) decimal.Decimal {
		if strings.TrimSpace(s) == "" {
			return decimal.Decimal{}
		}
		d, err := journal.ParseDecimal(s)
		if err != nil {
			errs = append(errs, label+": "+tr("editor.bad_number"))
		}
		return d
	}
	if s := strings.TrimSpace(ff.date.text()); s == "" {
		errs = append(errs, tr("fill.need_date"))
	} else if d, err := journal.ParseDate(s); err != nil {
		errs = append(errs, tr("fill.date")+": "+badDateText(s))
	} else {
		f.At = typedTime(d, ff.orig.At)
	}
	f.Action = journal.ActionBuy
	if ff.action.SelectedIndex() == 1 {
		f.Action = journal.ActionSell
	}
	f.Quantity = num(tr("fill.quantity"), ff.qty.Text)
	if !f.Quantity.IsPositive() && len(errs) == 0 {
		errs = append(errs, tr("fill.bad_quantity"))
	}
	cur := ff.currency.Selected
	f.Price = journal.Money{Amount: num(tr("fill.price"), ff.price.Text), Currency: cur}
	if !f.Price.Amount.IsPositive() {
		errs = append(errs, tr("editor.bad_price"))
	}
	f.Fees = journal.Money{Amount: num(tr("fill.fees"), ff.fees.Text), Currency: cur}
	if f.Fees.Amount.IsZero() {
		f.Fees = journal.Money{}
	}
	f.Taxes = journal.Money{Amount: num(tr("fill.taxes"), ff.taxes.Text), Currency: cur}
	if f.Taxes.Amount.IsZero() {
		f.Taxes = journal.Money{}
	}
	f.FXToBase = num(tr("fill.fx", map[string]any{"Base": ff.r.e.u.settings.BaseCurrency}), ff.fx.Text)
	f.Note = strings.TrimSpace(ff.note.Text)
	if f.ID == "" {
		f.ID = journal.NewLedgerID()
	}
	if f.Source == "" {
		f.Source = journal.FillManual
	}
	return f, errs
}

// submit keeps the fill typed in the position, or shows what is wrong with it.
func (ff *fillForm) submit() {
	f, errs := ff.read()
	if len(errs) > 0 {
		setError(ff.err, strings.Join(errs, "\n"))
		return
	}
	r := ff.r
	if ff.index >= 0 && ff.index < len(r.fills) && r.fills[ff.index].ID == f.ID {
		r.fills[ff.index] = f
	} else {
		r.fills = append(r.fills, f)
	}
	ff.dialog.Hide()
	r.changed()
}

// typedTime is the time a typed date stands for: exact when it falls on that date (a
// fill prefilled from a snapshot keeps its time), otherwise noon that day, local time.
func typedTime(d journal.Date, exact time.Time) time.Time {
	if !exact.IsZero() && journal.DateOf(exact.Local()) == d {
		return exact
	}
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.Local).UTC()
}

// dividendForm is the dialog that adds or edits a dividend.
type dividendForm struct {
	r        *positionEditor
	index    int
	orig     journal.Dividend
	date     *dateField
	amount   *moneyEntry
	currency *widget.Select
	perShare *widget.Check
	withheld *moneyEntry
	fx       *moneyEntry
	note     *formEntry
	err      *widget.Label
	dialog   *dialog.CustomDialog
}

// editDividend opens the dividend dialog on dividend i, or on a new one when i is -1.
func (r *positionEditor) editDividend(i int) *dividendForm {
	u := r.e.u
	d := journal.Dividend{Amount: journal.Money{Currency: r.currency()}, Source: journal.FillManual}
	if i >= 0 && i < len(r.dividends) {
		d = r.dividends[i]
	} else {
		i = -1
	}
	df := &dividendForm{r: r, index: i, orig: d}
	df.date = newDateField(u, func() {})
	if !d.At.IsZero() {
		df.date.setText(journal.DateOf(d.At.Local()).String())
	}
	m := d.Amount
	if m.IsZero() && !d.PerShare.IsZero() {
		m = d.PerShare
	}
	text := func(x decimal.Decimal) string {
		if x.IsZero() {
			return ""
		}
		return x.String()
	}
	df.amount = newMoneyEntry()
	df.amount.SetText(text(m.Amount))
	df.currency = widget.NewSelect(journal.Currencies(), nil)
	df.currency.SetSelected(m.Currency)
	df.perShare = widget.NewCheck(tr("dividend.per_share"), nil)
	df.perShare.SetChecked(!d.PerShare.IsZero())
	df.withheld = newMoneyEntry()
	df.withheld.SetText(text(d.Withheld.Amount))
	df.fx = newMoneyEntry()
	df.fx.SetText(text(d.FXToBase))
	df.note = newFormEntry(false, u.onTypedKey)
	df.note.SetText(d.Note)
	df.err = errorLabel()
	base := u.settings.BaseCurrency
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(tr("fill.date")), df.date.content,
		widget.NewLabel(tr("dividend.amount")), container.NewBorder(nil, nil, nil,
			container.NewGridWrap(fyne.NewSize(96, df.currency.MinSize().Height), df.currency), df.amount),
		layout.NewSpacer(), df.perShare,
		widget.NewLabel(tr("dividend.withheld")), df.withheld,
		widget.NewLabel(tr("fill.fx", map[string]any{"Base": base})), df.fx,
		widget.NewLabel(tr("fill.note")), df.note,
	)
	title := tr("dividend.add_title")
	if i >= 0 {
		title = tr("dividend.edit_title")
	}
	save := widget.NewButtonWithIcon(tr("fill.save"), theme.ConfirmIcon(), df.submit)
	save.Importance = widget.HighImportance
	cancel := widget.NewButton(tr("dialog.cancel"), func() { df.dialog.Hide() })
	df.dialog = dialog.NewCustomWithoutButtons(title, container.NewVBox(form, df.err), u.win)
	df.dialog.SetButtons([]fyne.CanvasObject{cancel, save})
	df.dialog.Resize(fyne.NewSize(min(480, max(360, u.win.Canvas().Size().Width-40)), 0))
	df.dialog.Show()
	u.win.Canvas().Focus(df.date.entry)
	return df
}

// submit keeps the dividend typed, or shows what is wrong with it.
func (df *dividendForm) submit() {
	d := df.orig
	var errs []string
	num := func(label, s string) decimal.Decimal {
		if strings.TrimSpace(s) == "" {
			return decimal.Decimal{}
		}
		x, err := journal.ParseDecimal(s)
		if err != nil {
			errs = append(errs, label+": "+tr("editor.bad_number"))
		}
		return x
	}
	if s := strings.TrimSpace(df.date.text()); s == "" {
		errs = append(errs, tr("fill.need_date"))
	} else if day, err := journal.ParseDate(s); err != nil {
		errs = append(errs, tr("fill.date")+": "+badDateText(s))
	} else {
		d.At = typedTime(day, df.orig.At)
	}
	cur := df.currency.Selected
	m := journal.Money{Amount: num(tr("dividend.amount"), df.amount.Text), Currency: cur}
	if !m.Amount.IsPositive() {
		errs = append(errs, tr("editor.bad_amount"))
	}
	d.Amount, d.PerShare = m, journal.Money{}
	if df.perShare.Checked {
		d.Amount, d.PerShare = journal.Money{}, m
	}
	d.Withheld = journal.Money{Amount: num(tr("dividend.withheld"), df.withheld.Text), Currency: cur}
	if d.Withheld.Amount.IsZero() {
		d.Withheld = journal.Money{}
	}
	d.FXToBase = num(tr("fill.fx", map[string]any{"Base": df.r.e.u.settings.BaseCurrency}), df.fx.Text)
	if cur == df.r.e.u.settings.BaseCurrency {
		d.FXToBase = decimal.NewFromInt(1)
	}
	d.Note = strings.TrimSpace(df.note.Text)
	if d.ID == "" {
		d.ID = journal.NewLedgerID()
	}
	if len(errs) > 0 {
		setError(df.err, strings.Join(errs, "\n"))
		return
	}
	r := df.r
	if df.index >= 0 && df.index < len(r.dividends) && r.dividends[df.index].ID == d.ID {
		r.dividends[df.index] = d
	} else {
		r.dividends = append(r.dividends, d)
	}
	df.dialog.Hide()
	r.changed()
}

// errorLabel returns the label beside the part of the position a validation path names
// after "positions[i].": a fill's or a dividend's row, or the position's own.
func (r *positionEditor) errorLabel(rest string) *widget.Label {
	for _, part := range []struct {
		prefix string
		labels []*widget.Label
	}{{"fills[", r.fillErr}, {"dividends[", r.divErr}} {
		if !strings.HasPrefix(rest, part.prefix) {
			continue
		}
		n, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(rest, part.prefix), "]", 2)[0])
		if err == nil && n >= 0 && n < len(part.labels) {
			return part.labels[n]
		}
	}
	return r.err
}

// errorLabels returns every error label of the position with the widget that takes the
// cursor for it, in the order they appear.
func (r *positionEditor) problemTargets() []problemTarget {
	out := []problemTarget{{r.err, r.symbol}}
	order := make([]int, len(r.fills))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return r.fills[a].At.Compare(r.fills[b].At) })
	for _, i := range order {
		if i < len(r.fillErr) {
			out = append(out, problemTarget{r.fillErr[i], r.fillEdit[i]})
		}
	}
	for i := range r.divErr {
		out = append(out, problemTarget{r.divErr[i], r.divEdit[i]})
	}
	return out
}

// clearErrors hides the position's error labels.
func (r *positionEditor) clearErrors() {
	for _, p := range r.problemTargets() {
		setError(p.err, "")
	}
}
