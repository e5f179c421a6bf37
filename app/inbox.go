package app

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hindsight/journal"
)

// inboxView is the left pane's Inbox tab: imported fills and dividends that found no open
// thesis of their symbol, waiting to be put on one or thrown away.
type inboxView struct {
	u        *UI
	entries  []journal.InboxEntry
	selected map[string]bool
	gen      int

	tab        *container.TabItem
	count      *widget.Label
	empty      fyne.CanvasObject
	list       *widget.List
	allCheck   *widget.Check
	assignBtn  *widget.Button
	discardBtn *widget.Button
	body       *fyne.Container
	content    fyne.CanvasObject
	quiet      bool
	// The assign dialog open now, and its choice of thesis.
	assignDialog *dialog.ConfirmDialog
	assignSelect *widget.Select
}

func newInboxView(u *UI) *inboxView {
	v := &inboxView{u: u, selected: map[string]bool{}}
	v.buildUI()
	return v
}

// buildUI lays the tab out.
func (v *inboxView) buildUI() {
	v.count = widget.NewLabel("")
	v.count.Truncation = fyne.TextTruncateEllipsis
	v.empty = container.NewPadded(wrapped(tr("inbox.empty")))
	v.list = widget.NewList(
		func() int { return len(v.entries) },
		func() fyne.CanvasObject {
			top := widget.NewLabel("")
			top.TextStyle.Bold = true
			top.Truncation = fyne.TextTruncateEllipsis
			bottom := widget.NewLabel("")
			bottom.Truncation = fyne.TextTruncateEllipsis
			check := widget.NewCheck("", nil)
			return container.NewBorder(nil, nil, check, nil, container.New(&tightRows{}, top, bottom))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(v.entries) {
				return
			}
			e := v.entries[i]
			row := o.(*fyne.Container)
			rows := row.Objects[0].(*fyne.Container)
			check := row.Objects[1].(*widget.Check)
			top, bottom := inboxLines(e)
			rows.Objects[0].(*widget.Label).SetText(top)
			rows.Objects[1].(*widget.Label).SetText(bottom)
			check.OnChanged = nil
			check.SetChecked(v.selected[e.ID])
			id := e.ID
			check.OnChanged = func(on bool) { v.setSelected(id, on) }
		},
	)
	v.list.OnSelected = func(i widget.ListItemID) {
		if i < len(v.entries) {
			id := v.entries[i].ID
			v.setSelected(id, !v.selected[id])
			v.list.RefreshItem(i)
		}
		v.list.UnselectAll()
	}
	v.allCheck = widget.NewCheck(tr("inbox.select_all"), func(on bool) {
		if v.quiet {
			return
		}
		v.selected = map[string]bool{}
		if on {
			for _, e := range v.entries {
				v.selected[e.ID] = true
			}
		}
		v.list.Refresh()
		v.updateButtons()
	})
	v.assignBtn = widget.NewButtonWithIcon(tr("inbox.assign"), theme.MailForwardIcon(), v.askAssign)
	v.assignBtn.Importance = widget.HighImportance
	v.discardBtn = widget.NewButtonWithIcon(tr("inbox.discard"), theme.DeleteIcon(), v.askDiscard)
	buttons := container.New(&flowLayout{}, v.assignBtn, v.discardBtn)
	top := container.NewVBox(v.count, v.allCheck)
	v.body = container.NewStack(container.NewBorder(top, buttons, nil, nil, v.list))
	v.content = container.NewStack(v.empty, v.body)
	v.tab = container.NewTabItem(tr("tab.inbox"), v.content)
	v.show()
}

// tightRows stacks two labels with no padding between them.
type tightRows struct{}

// MinSize is the widest label and the labels' heights less the padding between them.
func (tightRows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
	}
	return fyne.NewSize(s.Width, s.Height-theme.Padding()*float32(len(objs)))
}

// Layout places the labels one under the other.
func (tightRows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := -theme.Padding() / 2
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - theme.Padding()
	}
}

// inboxLines writes an entry as two lines: which instrument; when, what, how much and
// from where.
func inboxLines(e journal.InboxEntry) (string, string) {
	t := e.Trade
	top := t.Symbol
	if t.Name != "" {
		top += " " + shown(t.Name)
	}
	var amount string
	switch {
	case t.Kind == journal.TradeDividend:
		amount = t.Amount.Format()
	case t.Quantity.IsZero():
		amount = t.Price.Format()
	default:
		amount = journal.FormatDecimal(t.Quantity, -1) + " × " + t.Price.Format()
	}
	bottom := fmt.Sprintf("%s · %s · %s · %s", t.At.UTC().Format("2006-01-02"), tr("tradeimport.kind."+string(t.Kind)), amount,
		tr("inbox.source", map[string]any{"Format": t.Format, "Line": t.Line}))
	return top, bottom
}

// setSelected ticks or unticks an entry.
func (v *inboxView) setSelected(id string, on bool) {
	if on {
		v.selected[id] = true
	} else {
		delete(v.selected, id)
	}
	v.quiet = true
	v.allCheck.SetChecked(len(v.entries) > 0 && len(v.selected) == len(v.entries))
	v.quiet = false
	v.updateButtons()
}

// chosen returns the ids of the entries ticked, in the inbox's order.
func (v *inboxView) chosen() []string {
	var ids []string
	for _, e := range v.entries {
		if v.selected[e.ID] {
			ids = append(ids, e.ID)
		}
	}
	return ids
}

// updateButtons enables the actions while entries are ticked.
func (v *inboxView) updateButtons() {
	if len(v.chosen()) == 0 {
		v.assignBtn.Disable()
		v.discardBtn.Disable()
		return
	}
	v.assignBtn.Enable()
	v.discardBtn.Enable()
}

// reload reads the inbox from the journal in the background.
func (v *inboxView) reload() {
	u := v.u
	if u.store == nil {
		return
	}
	v.gen++
	gen, store := v.gen, u.store
	u.background(func() {
		ctx, cancel := u.ctx()
		defer cancel()
		entries, err := store.Inbox(ctx)
		u.do(func() {
			if gen != v.gen {
				return
			}
			if err != nil {
				u.showError(err)
				return
			}
			v.entries = entries
			for id := range v.selected {
				if !slices.ContainsFunc(entries, func(e journal.InboxEntry) bool { return e.ID == id }) {
					delete(v.selected, id)
				}
			}
			v.show()
		})
	})
}

// show puts the entries and their count on the tab.
func (v *inboxView) show() {
	n := len(v.entries)
	if n == 0 {
		v.body.Hide()
		v.empty.Show()
	} else {
		v.empty.Hide()
		v.body.Show()
	}
	v.count.SetText(trN("inbox.count", n))
	title := tr("tab.inbox")
	if n > 0 {
		title = fmt.Sprintf("%s (%d)", title, n)
	}
	if v.tab.Text != title {
		v.tab.Text = title
		if v.u.left != nil {
			v.u.left.Refresh()
		}
	}
	v.quiet = true
	v.allCheck.SetChecked(n > 0 && len(v.selected) == n)
	v.quiet = false
	v.list.Refresh()
	v.updateButtons()
}

// askAssign asks which thesis the ticked entries go on, then moves them there.
func (v *inboxView) askAssign() {
	u := v.u
	ids := v.chosen()
	if len(ids) == 0 {
		return
	}
	theses := slices.Clone(u.all)
	slices.SortStableFunc(theses, func(a, b *journal.Thesis) int {
		ao, bo := a.Status == journal.StatusOpen, b.Status == journal.StatusOpen
		switch {
		case ao && !bo:
			return -1
		case bo && !ao:
			return 1
		}
		return 0
	})
	if len(theses) == 0 {
		u.showErrorWith(tr("inbox.assign_title"), journal.Errorf(journal.EINVALID, "%s", tr("inbox.no_theses")))
		return
	}
	opts := make([]string, len(theses))
	for i, t := range theses {
		opts[i] = shown(t.Title)
		if t.Status != journal.StatusOpen {
			opts[i] += " (" + statusText(t.Status) + ")"
		}
	}
	sel := widget.NewSelect(opts, nil)
	sel.PlaceHolder = tr("inbox.choose_thesis")
	msg := wrapped(trN("inbox.assign_message", len(ids)))
	content := container.NewVBox(container.NewGridWrap(fyne.NewSize(420, msg.MinSize().Height*2), msg), sel)
	d := dialog.NewCustomConfirm(tr("inbox.assign_title"), tr("inbox.assign_ok"), tr("dialog.cancel"), content, func(ok bool) {
		i := sel.SelectedIndex()
		if !ok || i < 0 {
			return
		}
		v.assign(ids, theses[i].ID)
	}, u.win)
	d.Show()
	v.assignDialog = d
	v.assignSelect = sel
}

// assign moves entries onto a thesis in the background.
func (v *inboxView) assign(ids []string, thesisID string) {
	u := v.u
	store := u.store
	u.background(func() {
		ctx, cancel := u.ctx()
		defer cancel()
		err := store.AssignInbox(ctx, ids, thesisID)
		u.do(func() {
			if err != nil {
				u.showError(err)
				return
			}
			title := thesisID
			if t := u.thesisByID(thesisID); t != nil {
				title = t.Title
			}
			u.status.say(tr("inbox.assigned", map[string]any{"Count": len(ids), "Title": title}), false)
			v.selected = map[string]bool{}
			u.refreshAfterTrades([]string{thesisID})
		})
	})
}

// askDiscard asks before throwing the ticked entries away: importing the file again
// will not bring them back.
func (v *inboxView) askDiscard() {
	u := v.u
	ids := v.chosen()
	if len(ids) == 0 {
		return
	}
	u.confirmDestructive(tr("inbox.discard_title"), trN("inbox.discard_message", len(ids)), tr("inbox.discard_ok"), func() {
		store := u.store
		u.background(func() {
			ctx, cancel := u.ctx()
			defer cancel()
			err := store.DiscardInbox(ctx, ids)
			u.do(func() {
				if err != nil {
					u.showError(err)
					return
				}
				u.status.say(trN("inbox.discarded", len(ids)), false)
				v.selected = map[string]bool{}
				v.reload()
			})
		})
	})
}
