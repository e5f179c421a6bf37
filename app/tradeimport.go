package app

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hindsight/app/filedialog"
	"hindsight/journal"
	"hindsight/journal/trades"
	"hindsight/journal/trades/csvmap"
	"hindsight/journal/trades/tradefile"
)

// mappingFields are the generic CSV's fields the wizard lets a person map, in order.
var mappingFields = []string{"date", "symbol", "name", "action", "quantity", "price", "fees", "taxes", "currency", "note"}

// tradeColumns are the preview table's columns, each with a sample of its widest usual
// value; the name and where the row goes share the width left.
var tradeColumns = []struct {
	key, sample string
}{
	{"line", "999"}, {"date", "2024-06-10"}, {"kind", ""}, {"symbol", "000660.KS"}, {"name", ""},
	{"quantity", "10,000"}, {"price", "₩215,000"}, {"costs", "₩12,345"}, {"dest", ""},
}

// showImportMenu offers the two kinds of import under the Import button: a journal file,
// or trades made elsewhere. Without trade formats it imports a journal file at once.
func (t *toolbar) showImportMenu() {
	u := t.u
	if len(u.deps.TradeFormats) == 0 {
		u.importJSON()
		return
	}
	menu := fyne.NewMenu("",
		fyne.NewMenuItem(tr("import.menu_journal"), u.importJSON),
		fyne.NewMenuItem(tr("import.menu_trades"), u.importTrades),
	)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(t.importBtn)
	widget.ShowPopUpMenuAtPosition(menu, u.win.Canvas(), pos.Add(fyne.NewPos(0, t.importBtn.Size().Height)))
}

// importTrades asks for a file of trades (a broker's CSV, another tool's export) and opens
// the import wizard on it.
func (u *UI) importTrades() {
	if u.store == nil {
		return
	}
	if u.showingDemo() {
		u.toOwnJournal("demo.back_for_import", u.importTrades)
		return
	}
	filters := []filedialog.Filter{{Name: tr("tradeimport.files"), Extensions: []string{"csv", "json", "xml", "txt"}}}
	u.pickFile(fileRequest{title: tr("tradeimport.pick_title"), filters: filters}, func(path string) { u.showTradeImport(path) }, func() {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil {
				u.showError(err)
				return
			}
			if r == nil {
				return
			}
			_ = r.Close()
			u.showTradeImport(r.URI().Path())
		}, u.win)
		d.Show()
	})
}

// tradeWizard is the trade import dialog: what the file holds, how it is read, and where
// each row will go, before anything is written.
type tradeWizard struct {
	u       *UI
	path    string
	name    string
	formats []trades.Format

	// What the person chose.
	mapping  *csvmap.Mapping // nil: as guessed from the header
	thesisID string
	choice   map[string]string // ambiguous code key → symbol

	// What the last reading found; gen drops late readings, and shownGen is the reading
	// shown.
	gen, shownGen int
	file          tradefile.File
	readErr       error
	rows          []journal.Trade
	ambiguous     []tradefile.Ambiguity
	open          map[string]bool // keys still to choose
	plan          *journal.TradeImportResult
	presets       []journal.TradePreset
	titles        map[string]string
	importing     bool
	done          bool

	dlg        *dialog.CustomDialog
	formatLbl  *widget.Label
	content    *fyne.Container
	mappingBox *fyne.Container
	columns    *widget.AccordionItem
	selects    map[string]*widget.Select
	presetSel  *widget.Select
	saveBtn    *widget.Button
	thesisSel  *widget.Select
	thesisIDs  []string
	symbolsBox *fyne.Container
	problem    *widget.Label
	summary    *widget.Label
	table      *widget.Table
	importBtn  *widget.Button
	quiet      bool // set while selects are filled in, so their OnChanged stays still
}

// showTradeImport opens the import wizard on the file at path.
func (u *UI) showTradeImport(path string) *tradeWizard {
	w := &tradeWizard{u: u, path: path, name: filepath.Base(path), formats: u.deps.TradeFormats, choice: map[string]string{}, titles: map[string]string{}}
	if len(w.formats) == 0 {
		w.formats = []trades.Format{csvmap.Auto()}
	}
	for _, t := range u.all {
		w.titles[t.ID] = t.Title
	}
	w.build()
	w.reload()
	return w
}

// build lays the wizard out.
func (w *tradeWizard) build() {
	u := w.u
	w.formatLbl = widget.NewLabel(tr("tradeimport.reading"))
	w.formatLbl.Truncation = fyne.TextTruncateEllipsis
	w.selects = map[string]*widget.Select{}
	var cells []fyne.CanvasObject
	for _, f := range mappingFields {
		s := widget.NewSelect(nil, nil)
		s.OnChanged = func(string) { w.onMappingChanged() }
		w.selects[f] = s
		lbl := widget.NewLabel(tr("tradeimport.field." + f))
		lbl.Truncation = fyne.TextTruncateEllipsis
		cells = append(cells, container.NewBorder(nil, nil, lbl, nil, s))
	}
	grid := container.New(newColumnsLayout(5, 220), cells...)
	w.presetSel = widget.NewSelect(nil, func(name string) { w.onPreset(name) })
	w.presetSel.PlaceHolder = tr("tradeimport.preset_none")
	w.saveBtn = widget.NewButtonWithIcon(tr("tradeimport.save_preset"), theme.DocumentSaveIcon(), w.askPresetName)
	presetRow := container.NewBorder(nil, nil, widget.NewLabel(tr("tradeimport.preset")), w.saveBtn, w.presetSel)
	w.columns = widget.NewAccordionItem(tr("tradeimport.columns"), container.NewVBox(grid, presetRow))
	w.mappingBox = container.NewVBox(widget.NewAccordion(w.columns))
	w.mappingBox.Hide()

	w.thesisSel = widget.NewSelect(nil, func(string) { w.onThesis() })
	w.fillTheses()
	thesisRow := container.NewBorder(nil, nil, widget.NewLabel(tr("tradeimport.thesis")), nil, w.thesisSel)
	w.symbolsBox = container.NewVBox()
	w.problem = errorLabel()
	w.summary = widget.NewLabel("")
	w.summary.Truncation = fyne.TextTruncateEllipsis

	w.table = widget.NewTable(
		func() (int, int) { return len(w.rows), len(tradeColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) { o.(*widget.Label).SetText(w.cell(id.Row, id.Col)) },
	)
	w.table.ShowHeaderRow = true
	w.table.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.TextStyle.Bold = true
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	w.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(tr("tradeimport.col." + tradeColumns[id.Col].key))
		}
	}

	w.importBtn = widget.NewButtonWithIcon(tr("tradeimport.import"), theme.DownloadIcon(), w.importNow)
	w.importBtn.Importance = widget.HighImportance
	w.importBtn.Disable()
	cancel := widget.NewButton(tr("dialog.cancel"), func() { w.close() })
	top := container.NewVBox(w.formatLbl, w.mappingBox, thesisRow, w.symbolsBox, w.problem, w.summary)
	buttons := container.NewHBox(layout.NewSpacer(), cancel, w.importBtn)
	w.content = container.NewBorder(top, buttons, nil, nil, w.table)
	w.dlg = dialog.NewCustomWithoutButtons(tr("tradeimport.title", map[string]any{"Name": w.name}), w.content, u.win)
	w.dlg.SetOnClosed(func() { w.done = true })
	cs := u.win.Canvas().Size()
	size := fyne.NewSize(min(cs.Width-24, 1120), min(cs.Height-24, 760))
	w.sizeColumns(size.Width - 12*theme.Padding())
	w.dlg.Resize(size)
	w.dlg.Show()
}

// sizeColumns fits the preview's columns in width: each as wide as its header or its
// sample, the name and the destination sharing what is left.
func (w *tradeWizard) sizeColumns(width float32) {
	pad := 2*theme.InnerPadding() + theme.Padding()
	measure := func(s string) float32 { return fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{}).Width }
	bold := func(s string) float32 { return fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{Bold: true}).Width }
	widths := make([]float32, len(tradeColumns))
	var used float32
	for i, c := range tradeColumns {
		wd := max(bold(tr("tradeimport.col."+c.key)), measure(c.sample))
		if c.key == "kind" {
			for _, k := range []string{"buy", "sell", "dividend"} {
				wd = max(wd, measure(tr("tradeimport.kind."+k)))
			}
		}
		widths[i] = wd + pad
		if c.key != "name" && c.key != "dest" {
			used += widths[i]
		}
	}
	left := width - used
	name, dest := colIndex("name"), colIndex("dest")
	widths[name] = max(80, left*0.4)
	widths[dest] = max(100, left-widths[name])
	for i, wd := range widths {
		w.table.SetColumnWidth(i, wd)
	}
}

// colIndex returns the preview column called key.
func colIndex(key string) int {
	for i, c := range tradeColumns {
		if c.key == key {
			return i
		}
	}
	return -1
}

// fillTheses offers the theses the trades may all be put on, open ones first.
func (w *tradeWizard) fillTheses() {
	all := slices.Clone(w.u.all)
	slices.SortStableFunc(all, func(a, b *journal.Thesis) int {
		ao, bo := a.Status == journal.StatusOpen, b.Status == journal.StatusOpen
		switch {
		case ao && !bo:
			return -1
		case bo && !ao:
			return 1
		}
		return 0
	})
	opts := []string{tr("tradeimport.thesis_auto")}
	w.thesisIDs = []string{""}
	seen := map[string]int{}
	for _, t := range all {
		label := t.Title
		if label == "" {
			label = t.ID
		}
		if seen[label]++; seen[label] > 1 {
			label = fmt.Sprintf("%s (%s)", label, t.ID)
		}
		opts = append(opts, label)
		w.thesisIDs = append(w.thesisIDs, t.ID)
	}
	w.quiet = true
	w.thesisSel.Options = opts
	w.thesisSel.SetSelectedIndex(0)
	w.quiet = false
}

// reload reads the file again with the choices made, and plans the import (a dry run)
// once every row can be placed.
func (w *tradeWizard) reload() {
	u := w.u
	w.gen++
	gen, store, formats, path := w.gen, u.store, w.formats, w.path
	var mapping *csvmap.Mapping
	if w.mapping != nil {
		m := *w.mapping
		mapping = &m
	}
	choice := copyChoices(w.choice)
	thesisID := w.thesisID
	now := u.now()
	w.importBtn.Disable()
	u.background(func() {
		ctx, cancel := u.ctx()
		defer cancel()
		var file tradefile.File
		f, err := os.Open(path)
		if err == nil {
			file, err = tradefile.Read(ctx, f, tradefile.Options{Formats: formats, Mapping: mapping})
			_ = f.Close()
		}
		presets, _ := store.TradePresets(ctx)
		var all []tradefile.Ambiguity
		var open []tradefile.Ambiguity
		var plan *journal.TradeImportResult
		var planErr error
		rows := slices.Clone(file.Trades)
		if err == nil {
			var held map[string]bool
			heldFn := func() (map[string]bool, error) {
				if held == nil {
					all, _, err := store.List(ctx, journal.Filter{})
					if err != nil {
						return nil, err
					}
					held = tradefile.Held(all)
				}
				return held, nil
			}
			all, err = tradefile.Resolve(slices.Clone(rows), nil, heldFn)
			if err == nil {
				open, err = tradefile.Resolve(rows, choice, heldFn)
			}
			if err == nil && len(open) == 0 && len(rows) > 0 {
				res, perr := store.ImportTrades(ctx, rows, journal.TradeOptions{ThesisID: thesisID, Symbols: choice, DryRun: true, Now: now})
				if perr == nil {
					plan = &res
				}
				planErr = perr
			}
		} else {
			// Show the rows read before the problem, as they would be read.
			_, _ = tradefile.Resolve(rows, choice, func() (map[string]bool, error) { return nil, nil })
		}
		u.do(func() {
			if gen != w.gen || w.done {
				return
			}
			w.shownGen = gen
			w.file, w.readErr, w.rows, w.ambiguous, w.plan, w.presets = file, err, rows, all, plan, presets
			if err == nil && planErr != nil {
				w.readErr = planErr
			}
			w.open = map[string]bool{}
			for _, a := range open {
				w.open[a.Key] = true
			}
			w.show()
		})
	})
}

// copyChoices copies a map of strings.
func copyChoices(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// show puts what the last reading found into the widgets.
func (w *tradeWizard) show() {
	f := w.file
	w.formatLbl.SetText(w.formatText())
	w.quiet = true
	if f.Generic && f.Header != nil {
		opts := append([]string{tr("tradeimport.column_none")}, f.Header...)
		var cols csvmap.Columns
		if f.Mapping != nil {
			cols = f.Mapping.Columns
		}
		for _, field := range mappingFields {
			s := w.selects[field]
			s.Options = opts
			if v := columnOf(&cols, field); v != "" {
				s.SetSelected(v)
			} else {
				s.SetSelectedIndex(0)
			}
		}
		names := make([]string, len(w.presets))
		for i, p := range w.presets {
			names[i] = p.Name
		}
		w.presetSel.Options = names
		w.presetSel.Refresh()
		if len(f.Missing) > 0 && !w.columns.Open {
			w.columns.Open = true
			w.mappingBox.Refresh()
		}
		w.mappingBox.Show()
	} else {
		w.mappingBox.Hide()
	}
	w.quiet = false

	w.symbolsBox.Objects = nil
	for _, a := range w.ambiguous {
		name := ""
		for _, t := range w.rows {
			if tradefile.CodeKey(t.Code) == a.Key && t.Name != "" {
				name = t.Name
				break
			}
		}
		lbl := widget.NewLabel(tr("tradeimport.which_market", map[string]any{"Line": a.Line, "Code": a.Code, "Name": name}))
		lbl.Truncation = fyne.TextTruncateEllipsis
		key := a.Key
		opts := make([]string, len(a.Candidates))
		for i, c := range a.Candidates {
			opts[i] = marketText(c)
		}
		s := widget.NewSelect(opts, nil)
		s.PlaceHolder = tr("tradeimport.choose_market")
		if sym, ok := w.choice[key]; ok {
			s.SetSelectedIndex(slices.Index(a.Candidates, sym))
		}
		cands := a.Candidates
		s.OnChanged = func(string) {
			if i := s.SelectedIndex(); i >= 0 {
				w.choice[key] = cands[i]
				w.reload()
			}
		}
		w.symbolsBox.Add(container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(200, s.MinSize().Height), s), lbl))
	}
	w.symbolsBox.Refresh()

	switch {
	case w.readErr != nil:
		setError(w.problem, tr("tradeimport.problem", map[string]any{"Name": w.name, "Error": errorText(w.readErr)}))
	case f.Generic && len(f.Missing) > 0:
		setError(w.problem, tr("tradeimport.missing", map[string]any{"Fields": fieldList(f.Missing)}))
	case len(w.open) > 0:
		setError(w.problem, tr("tradeimport.choose_markets"))
	case len(w.rows) == 0:
		setError(w.problem, tr("tradeimport.empty"))
	default:
		setError(w.problem, "")
	}
	w.summary.SetText(w.summaryText())
	w.content.Refresh()
	if tw := w.table.Size().Width; tw > 0 {
		w.sizeColumns(tw - float32(len(tradeColumns))*theme.SeparatorThicknessSize() - theme.Padding())
	}
	w.table.Refresh()
	if w.ready() {
		w.importBtn.Enable()
	} else {
		w.importBtn.Disable()
	}
}

// ready reports whether the file can be imported as it is shown.
func (w *tradeWizard) ready() bool {
	return w.readErr == nil && len(w.open) == 0 && w.plan != nil && len(w.rows) > 0 && !w.importing
}

// formatText names the file's format and encoding: "CSV (columns guessed from the
// header) · Korean (CP949)".
func (w *tradeWizard) formatText() string {
	f := w.file
	title := tr("tradeimport.format_unknown")
	if f.Format != nil {
		title = f.Format.Title()
		if f.Generic {
			title = tr("tradeimport.format_csv")
		}
	} else if f.Generic {
		title = tr("tradeimport.format_csv")
	}
	enc := ""
	switch f.Encoding {
	case trades.CP949:
		enc = tr("tradeimport.enc_cp949")
	case trades.UTF8BOM:
		enc = tr("tradeimport.enc_utf8bom")
	case trades.UTF8:
		enc = "UTF-8"
	}
	if enc == "" {
		return tr("tradeimport.format", map[string]any{"Format": title})
	}
	return tr("tradeimport.format_enc", map[string]any{"Format": title, "Encoding": enc})
}

// summaryText says what the import would do.
func (w *tradeWizard) summaryText() string {
	if w.plan == nil {
		return trN("tradeimport.rows", len(w.rows))
	}
	p := w.plan
	return tr("tradeimport.plan", map[string]any{"Rows": len(w.rows), "Fills": p.Fills + p.Dividends, "Theses": len(p.Theses), "Inbox": p.Inbox, "Duplicates": p.Duplicates})
}

// fieldList names mapping fields for a person.
func fieldList(fields []string) string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = tr("tradeimport.field." + f)
	}
	return strings.Join(names, ", ")
}

// marketText names a candidate symbol with its market: "000660.KS (KOSPI)".
func marketText(sym string) string {
	switch {
	case strings.HasSuffix(sym, ".KS"):
		return sym + " (" + tr("tradeimport.kospi") + ")"
	case strings.HasSuffix(sym, ".KQ"):
		return sym + " (" + tr("tradeimport.kosdaq") + ")"
	}
	return sym
}

// cell is the text of one cell of the preview.
func (w *tradeWizard) cell(row, col int) string {
	if row < 0 || row >= len(w.rows) {
		return ""
	}
	t := w.rows[row]
	switch tradeColumns[col].key {
	case "line":
		return strconv.Itoa(t.Line)
	case "date":
		return t.At.UTC().Format("2006-01-02")
	case "kind":
		return tr("tradeimport.kind." + string(t.Kind))
	case "symbol":
		if t.Symbol == "" {
			return t.Code + " ?"
		}
		return t.Symbol
	case "name":
		return shown(t.Name)
	case "quantity":
		if t.Quantity.IsZero() {
			return ""
		}
		return journal.FormatDecimal(t.Quantity, -1)
	case "price":
		if t.Kind == journal.TradeDividend {
			return t.Amount.Format()
		}
		return t.Price.Format()
	case "costs":
		return costsText(t)
	case "dest":
		return w.destText(row)
	}
	return ""
}

// costsText adds fees and taxes in one currency, or writes both.
func costsText(t journal.Trade) string {
	switch {
	case t.Fees.IsZero() && t.Taxes.IsZero():
		return ""
	case t.Taxes.IsZero():
		return t.Fees.Format()
	case t.Fees.IsZero():
		return t.Taxes.Format()
	}
	if sum, err := t.Fees.Add(t.Taxes); err == nil {
		return sum.Format()
	}
	return t.Fees.Format() + " + " + t.Taxes.Format()
}

// destText says where a row will go.
func (w *tradeWizard) destText(row int) string {
	t := w.rows[row]
	if t.Symbol == "" {
		return tr("tradeimport.dest_choose")
	}
	if w.plan == nil || row >= len(w.plan.Rows) {
		return ""
	}
	r := w.plan.Rows[row]
	switch r.Dest {
	case journal.DestThesis:
		if title := w.titles[r.ThesisID]; title != "" {
			return shown(title)
		}
		return r.ThesisID
	case journal.DestInbox:
		return tr("tradeimport.dest_inbox")
	case journal.DestDuplicate:
		return tr("tradeimport.dest_duplicate")
	}
	return r.Dest
}

// columnOf returns the header name a field is mapped to.
func columnOf(c *csvmap.Columns, field string) string {
	switch field {
	case "date":
		return c.Date
	case "symbol":
		return c.Symbol
	case "name":
		return c.Name
	case "action":
		return c.Action
	case "quantity":
		return c.Quantity
	case "price":
		return c.Price
	case "fees":
		return c.Fees
	case "taxes":
		return c.Taxes
	case "currency":
		return c.Currency
	case "note":
		return c.Note
	}
	return ""
}

// setColumn maps field to the header name col ("" for none).
func setColumn(c *csvmap.Columns, field, col string) {
	switch field {
	case "date":
		c.Date = col
	case "symbol":
		c.Symbol = col
	case "name":
		c.Name = col
	case "action":
		c.Action = col
	case "quantity":
		c.Quantity = col
	case "price":
		c.Price = col
	case "fees":
		c.Fees = col
	case "taxes":
		c.Taxes = col
	case "currency":
		c.Currency = col
	case "note":
		c.Note = col
	}
}

// currentMapping is the mapping the selects show, on top of the file's.
func (w *tradeWizard) currentMapping() csvmap.Mapping {
	var m csvmap.Mapping
	if w.file.Mapping != nil {
		m = *w.file.Mapping
	}
	for _, field := range mappingFields {
		col := ""
		if s := w.selects[field]; s.SelectedIndex() > 0 {
			col = s.Selected
		}
		setColumn(&m.Columns, field, col)
	}
	return m
}

// onMappingChanged reads the file again with the columns the person chose.
func (w *tradeWizard) onMappingChanged() {
	if w.quiet {
		return
	}
	m := w.currentMapping()
	w.mapping = &m
	w.reload()
}

// onPreset reads the file with a saved mapping.
func (w *tradeWizard) onPreset(name string) {
	if w.quiet {
		return
	}
	i := slices.IndexFunc(w.presets, func(p journal.TradePreset) bool { return p.Name == name })
	if i < 0 {
		return
	}
	var m csvmap.Mapping
	if err := json.Unmarshal(w.presets[i].Mapping, &m); err != nil {
		setError(w.problem, tr("tradeimport.preset_bad", map[string]any{"Name": name}))
		return
	}
	w.mapping = &m
	w.reload()
}

// onThesis plans the import again for the thesis chosen.
func (w *tradeWizard) onThesis() {
	if w.quiet {
		return
	}
	i := w.thesisSel.SelectedIndex()
	if i < 0 || i >= len(w.thesisIDs) {
		return
	}
	w.thesisID = w.thesisIDs[i]
	w.reload()
}

// askPresetName asks for a name and saves the columns shown as a preset.
func (w *tradeWizard) askPresetName() {
	u := w.u
	e := widget.NewEntry()
	e.SetText(w.presetSel.Selected)
	e.SetPlaceHolder(tr("tradeimport.preset_name"))
	dialog.ShowForm(tr("tradeimport.save_preset_title"), tr("tradeimport.save"), tr("dialog.cancel"),
		[]*widget.FormItem{widget.NewFormItem(tr("tradeimport.preset_name"), e)}, func(ok bool) {
			name := strings.TrimSpace(e.Text)
			if !ok || name == "" {
				return
			}
			m := w.currentMapping()
			m.Name = name
			raw, err := json.Marshal(m)
			if err != nil {
				u.showError(err)
				return
			}
			store := u.store
			u.background(func() {
				ctx, cancel := u.ctx()
				defer cancel()
				err := store.SaveTradePreset(ctx, journal.TradePreset{Name: name, Mapping: raw})
				u.do(func() {
					if err != nil {
						u.showError(err)
						return
					}
					u.status.say(tr("tradeimport.preset_saved", map[string]any{"Name": name}), false)
					if !slices.Contains(w.presetSel.Options, name) {
						w.presets = append(w.presets, journal.TradePreset{Name: name, Mapping: raw})
						w.presetSel.Options = append(w.presetSel.Options, name)
					}
					w.quiet = true
					w.presetSel.SetSelected(name)
					w.quiet = false
				})
			})
		}, w.u.win)
}

// importNow writes the trades as planned, in the background, then closes the wizard and
// says what was done.
func (w *tradeWizard) importNow() {
	if !w.ready() {
		return
	}
	u := w.u
	w.importing = true
	w.importBtn.Disable()
	store, rows, choice, thesisID, now, name := u.store, w.rows, copyChoices(w.choice), w.thesisID, u.now(), w.name
	u.background(func() {
		ctx, cancel := u.ctx()
		defer cancel()
		res, err := store.ImportTrades(ctx, rows, journal.TradeOptions{ThesisID: thesisID, Symbols: choice, Now: now})
		u.do(func() {
			w.importing = false
			if err != nil {
				setError(w.problem, tr("tradeimport.problem", map[string]any{"Name": name, "Error": errorText(err)}))
				w.importBtn.Enable()
				return
			}
			w.close()
			u.tradesImported(name, res)
		})
	})
}

// close hides the wizard.
func (w *tradeWizard) close() {
	w.done = true
	w.dlg.Hide()
}

// tradesImported says what an import of trades did and shows the journal as it is now.
func (u *UI) tradesImported(name string, res journal.TradeImportResult) {
	u.status.say(tr("tradeimport.done", map[string]any{
		"Name": name, "Fills": res.Fills + res.Dividends, "Theses": len(res.Theses), "Inbox": res.Inbox, "Duplicates": res.Duplicates,
	}), false)
	u.refreshAfterTrades(res.Theses)
}

// refreshAfterTrades reloads the journal after fills were written, and the review when it
// shows one of the theses changed.
func (u *UI) refreshAfterTrades(changed []string) {
	u.loadGen++
	u.loadAll()
	u.list.reload()
	if u.inbox != nil {
		u.inbox.reload()
	}
	if t := u.review.thesis; t != nil && slices.Contains(changed, t.ID) && !u.editor.active {
		u.showThesis(t.ID)
	}
}
