package app

import (
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hindsight/journal"
)

// The parts of the thesis form that judge the decision apart from its outcome: the
// pre-mortem, the base rate, invalidation price levels and links to other theses.

// linkKinds are the kinds of links offered, in this order.
var linkKinds = []journal.LinkKind{journal.LinkFollowsUp, journal.LinkContradicts, journal.LinkReplaces}

// levelWhens are the directions of a level, in the order offered.
var levelWhens = []journal.LevelWhen{journal.LevelBelow, journal.LevelAbove}

// decisionFields are the form's pre-mortem, base rate, levels and links.
type decisionFields struct {
	risksBox   *fyne.Container
	risks      []*riskRow
	risksErr   *widget.Label
	addRisk    *widget.Button
	baseRate   *formEntry
	baseErr    *widget.Label
	levelsBox  *fyne.Container
	levels     []*levelRow
	levelsErr  *widget.Label
	addLevel   *widget.Button
	linksBox   *fyne.Container
	links      []journal.Link
	linksErr   *widget.Label
	linkKind   *widget.Select
	linkTo     *widget.Select
	linkIDs    []string // the ids of linkTo's options
	addLink    *widget.Button
	levelsUsed []*levelRow // the rows that made the thesis's levels, in order
}

// riskRow is one pre-mortem risk with its remove button.
type riskRow struct {
	entry   *formEntry
	remove  *widget.Button
	err     *widget.Label
	content fyne.CanvasObject
}

// levelRow is one invalidation level: symbol, below or above, price with currency, and
// whether it is judged on the close.
type levelRow struct {
	symbol  *formEntry
	when    *widget.Select
	price   *moneyEntry
	cur     *widget.Select
	close   *widget.Check
	remove  *widget.Button
	err     *widget.Label
	content fyne.CanvasObject
}

// levelDraft is a level as typed.
type levelDraft struct {
	Symbol   string `json:"symbol"`
	When     string `json:"when"`
	Price    string `json:"price"`
	Currency string `json:"currency"`
	Close    bool   `json:"close"`
}

// buildDecision makes the widgets; the sections are placed by buildUI.
func (e *editorView) buildDecision() {
	d := &e.dec
	d.risksBox = container.NewVBox()
	d.risksErr = errorLabel()
	d.addRisk = widget.NewButtonWithIcon(tr("editor.add_risk"), theme.ContentAddIcon(), func() {
		r := e.addRisk("")
		e.onChanged()
		e.u.win.Canvas().Focus(r.entry)
	})
	d.baseRate = newFormEntry(false, e.u.onTypedKey)
	d.baseRate.SetPlaceHolder(tr("editor.base_rate_hint"))
	d.baseRate.OnChanged = func(string) { e.onChanged() }
	d.baseErr = errorLabel()
	d.levelsBox = container.NewVBox()
	d.levelsErr = errorLabel()
	d.addLevel = widget.NewButtonWithIcon(tr("editor.add_level"), theme.ContentAddIcon(), func() {
		r := e.addLevelRow(levelDraft{When: string(journal.LevelBelow), Close: true})
		e.onChanged()
		e.u.win.Canvas().Focus(r.symbol)
	})
	d.linksBox = container.NewVBox()
	d.linksErr = errorLabel()
	var kinds []string
	for _, k := range linkKinds {
		kinds = append(kinds, tr("link."+string(k)))
	}
	d.linkKind = widget.NewSelect(kinds, nil)
	d.linkKind.SetSelectedIndex(0)
	d.linkTo = widget.NewSelect(nil, nil)
	d.linkTo.PlaceHolder = tr("editor.link_pick")
	d.addLink = widget.NewButtonWithIcon(tr("editor.add_link"), theme.ContentAddIcon(), e.addLinkFromPick)
}

// preMortemSection is the pre-mortem: its prompt, the risks and "Add a risk".
func (e *editorView) preMortemSection() fyne.CanvasObject {
	d := &e.dec
	prompt := wrapped(tr("editor.pre_mortem_prompt"))
	prompt.TextStyle.Italic = true
	return container.NewVBox(heading(tr("editor.pre_mortem")), prompt, d.risksBox, container.NewHBox(d.addRisk), d.risksErr)
}

// baseRateSection is the base rate, a percent typed by hand.
func (e *editorView) baseRateSection() fyne.CanvasObject {
	d := &e.dec
	prompt := wrapped(tr("editor.base_rate_prompt"))
	prompt.TextStyle.Italic = true
	entry := container.NewBorder(nil, nil, nil, widget.NewLabel("%"), d.baseRate)
	return container.NewVBox(heading(tr("editor.base_rate")), prompt,
		container.NewGridWrap(fyne.NewSize(160, d.baseRate.MinSize().Height), entry), d.baseErr)
}

// levelsSection is the invalidation levels, shown under the invalidation text.
func (e *editorView) levelsSection() fyne.CanvasObject {
	d := &e.dec
	hint := wrapped(tr("editor.levels_hint"))
	hint.TextStyle.Italic = true
	return container.NewVBox(heading(tr("editor.levels")), hint, d.levelsBox, container.NewHBox(d.addLevel), d.levelsErr)
}

// linksSection is the linked theses: each link, then a kind, a thesis and "Link".
func (e *editorView) linksSection() fyne.CanvasObject {
	d := &e.dec
	pick := container.NewBorder(nil, nil,
		container.NewGridWrap(fyne.NewSize(170, d.linkKind.MinSize().Height), d.linkKind),
		d.addLink, d.linkTo)
	return container.NewVBox(heading(tr("editor.links")), d.linksBox, pick, d.linksErr)
}

// fillDecision fills the sections from a draft.
func (e *editorView) fillDecision(dr draft) {
	d := &e.dec
	d.risks = nil
	for _, r := range dr.PreMortem {
		e.addRisk(r)
	}
	if len(dr.PreMortem) == 0 {
		e.addRisk("")
	}
	d.baseRate.SetText(dr.BaseRate)
	d.levels = nil
	for _, l := range dr.Levels {
		e.addLevelRow(l)
	}
	e.layoutLevels()
	d.links = slices.Clone(dr.Links)
	e.renderLinks()
	e.refreshLinkChoices()
}

// addRisk appends a pre-mortem row.
func (e *editorView) addRisk(text string) *riskRow {
	r := &riskRow{entry: newFormEntry(false, e.u.onTypedKey), err: errorLabel()}
	r.entry.SetText(text)
	r.entry.SetPlaceHolder(tr("editor.risk_hint"))
	r.entry.OnChanged = func(string) { e.onChanged() }
	r.entry.OnSubmitted = func(string) {
		nr := e.addRisk("")
		e.onChanged()
		e.u.win.Canvas().Focus(nr.entry)
	}
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		e.dec.risks = slices.DeleteFunc(e.dec.risks, func(x *riskRow) bool { return x == r })
		e.layoutRisks()
		e.onChanged()
	})
	r.content = container.NewVBox(container.NewBorder(nil, nil, nil, r.remove, r.entry), r.err)
	e.dec.risks = append(e.dec.risks, r)
	e.layoutRisks()
	return r
}

func (e *editorView) layoutRisks() {
	objs := make([]fyne.CanvasObject, len(e.dec.risks))
	for i, r := range e.dec.risks {
		objs[i] = r.content
	}
	e.dec.risksBox.Objects = objs
	e.dec.risksBox.Refresh()
}

// addLevelRow appends a level row filled from l.
func (e *editorView) addLevelRow(l levelDraft) *levelRow {
	changed := func(string) { e.onChanged() }
	r := &levelRow{symbol: newFormEntry(false, e.u.onTypedKey), price: newMoneyEntry(), err: errorLabel()}
	r.symbol.SetPlaceHolder(tr("editor.level_symbol"))
	r.symbol.SetText(l.Symbol)
	r.symbol.OnChanged = changed
	var whens []string
	for _, w := range levelWhens {
		whens = append(whens, tr("level."+string(w)))
	}
	r.when = widget.NewSelect(whens, changed)
	r.when.SetSelectedIndex(max(slices.Index(levelWhens, journal.LevelWhen(l.When)), 0))
	r.price.SetPlaceHolder(tr("editor.level_price"))
	r.price.SetText(l.Price)
	r.price.OnChanged = changed
	cur := l.Currency
	if cur == "" {
		cur = e.u.settings.BaseCurrency
		if strings.TrimSpace(l.Symbol) != "" {
			cur = guessCurrency(l.Symbol, cur)
		}
	}
	r.cur = widget.NewSelect(journal.Currencies(), changed)
	r.cur.SetSelected(cur)
	r.close = widget.NewCheck(tr("editor.level_close"), func(bool) { e.onChanged() })
	r.close.SetChecked(l.Close)
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		e.dec.levels = slices.DeleteFunc(e.dec.levels, func(x *levelRow) bool { return x == r })
		e.layoutLevels()
		e.onChanged()
	})
	// The row wraps onto a second line in a narrow form.
	h := r.symbol.MinSize().Height
	row := container.New(&flowLayout{},
		container.NewGridWrap(fyne.NewSize(120, h), r.symbol),
		container.NewGridWrap(fyne.NewSize(110, h), r.when),
		container.NewGridWrap(fyne.NewSize(120, h), r.price),
		container.NewGridWrap(fyne.NewSize(90, h), r.cur), r.close, r.remove)
	r.content = container.NewVBox(row, r.err)
	e.dec.levels = append(e.dec.levels, r)
	e.layoutLevels()
	return r
}

func (e *editorView) layoutLevels() {
	objs := make([]fyne.CanvasObject, len(e.dec.levels))
	for i, r := range e.dec.levels {
		objs[i] = r.content
	}
	e.dec.levelsBox.Objects = objs
	e.dec.levelsBox.Refresh()
}

// draft returns the level as typed.
func (r *levelRow) draft() levelDraft {
	d := levelDraft{Symbol: r.symbol.Text, Price: r.price.Text, Currency: r.cur.Selected, Close: r.close.Checked}
	if i := r.when.SelectedIndex(); i >= 0 {
		d.When = string(levelWhens[i])
	}
	return d
}

// empty reports whether nothing was typed in the row.
func (r *levelRow) empty() bool {
	return strings.TrimSpace(r.symbol.Text) == "" && strings.TrimSpace(r.price.Text) == ""
}

// refreshLinkChoices offers every other thesis of the journal to link to.
func (e *editorView) refreshLinkChoices() {
	d := &e.dec
	var opts []string
	d.linkIDs = nil
	for _, t := range e.u.all {
		if e.orig != nil && t.ID == e.orig.ID {
			continue
		}
		opts = append(opts, shown(t.Title)+" ("+fmtDay(t.CreatedAt)+")")
		d.linkIDs = append(d.linkIDs, t.ID)
	}
	d.linkTo.Options = opts
	d.linkTo.ClearSelected()
	d.linkTo.Refresh()
}

// addLinkFromPick links to the thesis picked, with the kind picked.
func (e *editorView) addLinkFromPick() {
	d := &e.dec
	i, k := d.linkTo.SelectedIndex(), d.linkKind.SelectedIndex()
	if i < 0 || i >= len(d.linkIDs) || k < 0 {
		setError(d.linksErr, tr("editor.link_pick_first"))
		return
	}
	l := journal.Link{Kind: linkKinds[k], To: d.linkIDs[i]}
	if !slices.Contains(d.links, l) {
		d.links = append(d.links, l)
	}
	setError(d.linksErr, "")
	d.linkTo.ClearSelected()
	e.renderLinks()
	e.onChanged()
}

// renderLinks lists the links, each with a remove button.
func (e *editorView) renderLinks() {
	d := &e.dec
	var objs []fyne.CanvasObject
	for i, l := range d.links {
		idx := i
		line := widget.NewLabel(linkText(e.u, l.Kind, l.To, false))
		line.Truncation = fyne.TextTruncateEllipsis
		rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			d.links = slices.Delete(d.links, idx, idx+1)
			e.renderLinks()
			e.onChanged()
		})
		objs = append(objs, container.NewBorder(nil, nil, nil, rm, line))
	}
	d.linksBox.Objects = objs
	d.linksBox.Refresh()
}

// linkText writes a link as "follows up: <title>", or seen from the other end
// ("followed up by: <title>") when back is set.
func linkText(u *UI, kind journal.LinkKind, id string, back bool) string {
	title := id
	if t := u.thesisByID(id); t != nil {
		title = shown(t.Title)
	}
	key := "link." + string(kind)
	if back {
		key = "backlink." + string(kind)
	}
	return tr(key) + ": " + title
}

// buildDecisionInto puts the sections' content into t; problems reading them go in parse.
func (e *editorView) buildDecisionInto(t *journal.Thesis, parse map[string]string) {
	d := &e.dec
	t.PreMortem = nil
	for _, r := range d.risks {
		t.PreMortem = append(t.PreMortem, r.entry.Text)
	}
	t.BaseRate = nil
	if s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(d.baseRate.Text), "%")); s != "" {
		if n, err := strconv.Atoi(s); err == nil {
			t.BaseRate = &n
		} else {
			parse["base_rate"] = tr("editor.bad_base_rate")
		}
	}
	t.Levels = nil
	d.levelsUsed = nil
	for _, r := range d.levels {
		if r.empty() {
			continue
		}
		i := len(t.Levels)
		l := journal.Level{Symbol: strings.ToUpper(strings.TrimSpace(r.symbol.Text)), Close: r.close.Checked}
		if w := r.when.SelectedIndex(); w >= 0 {
			l.When = levelWhens[w]
		}
		if m, err := journal.ParseMoney(strings.TrimSpace(r.price.Text), r.cur.Selected); err == nil {
			l.Price = m
		} else {
			parse["levels["+strconv.Itoa(i)+"].price"] = tr("editor.bad_amount")
			l.Price = journal.Money{Amount: decOne, Currency: r.cur.Selected}
		}
		t.Levels = append(t.Levels, l)
		d.levelsUsed = append(d.levelsUsed, r)
	}
	t.Links = slices.Clone(d.links)
}

// decisionDraft puts the sections as typed into dr.
func (e *editorView) decisionDraft(dr *draft) {
	d := &e.dec
	for _, r := range d.risks {
		dr.PreMortem = append(dr.PreMortem, r.entry.Text)
	}
	dr.BaseRate = d.baseRate.Text
	for _, r := range d.levels {
		dr.Levels = append(dr.Levels, r.draft())
	}
	dr.Links = slices.Clone(d.links)
}

// decisionDraftOf puts a saved thesis's sections into dr.
func decisionDraftOf(t *journal.Thesis, dr *draft) {
	dr.PreMortem = slices.Clone(t.PreMortem)
	if t.BaseRate != nil {
		dr.BaseRate = strconv.Itoa(*t.BaseRate)
	}
	for _, l := range t.Levels {
		dr.Levels = append(dr.Levels, levelDraft{Symbol: l.Symbol, When: string(l.When), Price: l.Price.Amount.String(),
			Currency: l.Price.Currency, Close: l.Close})
	}
	dr.Links = slices.Clone(t.Links)
}

// decisionErrorLabels are the sections' error labels.
func (e *editorView) decisionErrorLabels() []*widget.Label {
	d := &e.dec
	out := []*widget.Label{d.risksErr, d.baseErr, d.levelsErr, d.linksErr}
	for _, r := range d.risks {
		out = append(out, r.err)
	}
	for _, r := range d.levels {
		out = append(out, r.err)
	}
	return out
}

// decisionErrorLabel returns the label beside the section field named (a validation
// path's first part and its index), or nil when the field is not one of them.
func (e *editorView) decisionErrorLabel(name string, idx int) *widget.Label {
	d := &e.dec
	switch name {
	case "pre_mortem":
		if idx >= 0 && len(d.risks) > 0 {
			n := -1
			for _, r := range d.risks {
				if strings.TrimSpace(r.entry.Text) != "" {
					n++
				}
				if n == idx {
					return r.err
				}
			}
		}
		return d.risksErr
	case "base_rate":
		return d.baseErr
	case "levels":
		if idx >= 0 && idx < len(d.levelsUsed) {
			return d.levelsUsed[idx].err
		}
		return d.levelsErr
	case "links":
		return d.linksErr
	}
	return nil
}

// decisionProblemTargets lists the sections' error labels with the fields that take the
// cursor for them, in the order the form shows them.
func (e *editorView) decisionProblemTargets(section string) []problemTarget {
	d := &e.dec
	var out []problemTarget
	switch section {
	case "levels":
		for _, r := range d.levels {
			out = append(out, problemTarget{r.err, r.price})
		}
		out = append(out, problemTarget{d.levelsErr, d.addLevel})
	case "base_rate":
		out = append(out, problemTarget{d.baseErr, d.baseRate})
	case "pre_mortem":
		for _, r := range d.risks {
			out = append(out, problemTarget{r.err, r.entry})
		}
		out = append(out, problemTarget{d.risksErr, d.addRisk})
	case "links":
		out = append(out, problemTarget{d.linksErr, d.linkTo})
	}
	return out
}
