package app

import (
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// addShortcuts binds the keyboard: Ctrl/Cmd+N new thesis, +F search, +L the list, +S
// save, +R refresh, +E export, +Q quit; F1 lists the shortcuts, Esc closes the dialog on
// top, and Delete deletes the thesis shown (asking first).
func (u *UI) addShortcuts() {
	c := u.win.Canvas()
	bind := func(k fyne.KeyName, f func()) {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { f() })
	}
	// The views are rebuilt when the language changes, so look them up at each press.
	bind(fyne.KeyN, func() { u.newThesis() })
	bind(fyne.KeyF, func() { u.focusSearch() })
	bind(fyne.KeyL, func() { u.focusList() })
	bind(fyne.KeyS, func() { u.editor.save() })
	bind(fyne.KeyR, func() { u.refreshQuotes() })
	bind(fyne.KeyE, func() { u.toolbar.showExportMenu() })
	bind(fyne.KeyQ, func() { u.quit() })
	c.SetOnTypedKey(u.onTypedKey)
}

// focusSearch moves the cursor to the search box.
func (u *UI) focusSearch() {
	u.showTheses()
	u.win.Canvas().Focus(u.toolbar.search)
}

// focusList moves the keyboard to the list of theses: Up and Down move through it and
// Enter opens the highlighted thesis.
func (u *UI) focusList() {
	u.showTheses()
	u.win.Canvas().Focus(u.list.list)
}

// quit closes the window as its close button does, keeping the draft and the geometry.
func (u *UI) quit() {
	u.onCloseRequested()
}

// onTypedKey handles keys no focused widget took (and those the text fields and the list
// hand on): F1 lists the shortcuts, Esc closes the dialog on top, Delete asks to delete
// the thesis shown.
func (u *UI) onTypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyF1:
		u.showShortcuts()
	case fyne.KeyEscape:
		u.closeTopDialog()
	case fyne.KeyDelete:
		if u.editor.active || u.review.thesis == nil || u.win.Canvas().Overlays().Top() != nil {
			return
		}
		u.deleteThesis(u.review.thesis)
	}
}

// closeTopDialog closes the dialog on top as its Cancel or Close button would.
func (u *UI) closeTopDialog() {
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		return
	}
	var dismiss *widget.Button
	walkObjects(top, func(o fyne.CanvasObject) {
		switch b := o.(type) {
		case *dialogButton:
			if b.dismisses && b.Visible() && !b.Disabled() {
				dismiss = &b.Button
			}
		case *widget.Button:
			if b.Visible() && !b.Disabled() && (b.Text == tr("dialog.cancel") || b.Text == tr("dialog.close")) {
				dismiss = b
			}
		}
	})
	if dismiss != nil && dismiss.OnTapped != nil {
		dismiss.OnTapped()
		return
	}
	top.Hide()
}

// walkObjects visits o and the containers inside it.
func walkObjects(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	switch w := o.(type) {
	case *fyne.Container:
		for _, c := range w.Objects {
			walkObjects(c, f)
		}
	case *widget.PopUp:
		walkObjects(w.Content, f)
	}
}

// shortcutRows pairs each key with what it does, for the Keyboard shortcuts dialog.
func shortcutRows() [][2]string {
	return [][2]string{
		{shortcutText(fyne.KeyN), tr("shortcuts.new")},
		{shortcutText(fyne.KeyS), tr("shortcuts.save")},
		{shortcutText(fyne.KeyF), tr("shortcuts.search")},
		{shortcutText(fyne.KeyL), tr("shortcuts.list")},
		{"Up, Down", tr("shortcuts.rows")},
		{"Enter", tr("shortcuts.open")},
		{"Tab, Shift+Tab", tr("shortcuts.tab")},
		{shortcutText(fyne.KeyI) + ", " + shortcutText(fyne.KeyTab), tr("shortcuts.tab_char")},
		{shortcutText(fyne.KeyR), tr("shortcuts.refresh")},
		{shortcutText(fyne.KeyE), tr("shortcuts.export")},
		{"Delete", tr("shortcuts.delete")},
		{"Esc", tr("shortcuts.escape")},
		{"F1", tr("shortcuts.help")},
		{shortcutText(fyne.KeyQ), tr("shortcuts.quit")},
	}
}

// showShortcuts lists the keyboard shortcuts (F1, Help → Keyboard shortcuts).
func (u *UI) showShortcuts() {
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		return // one dialog at a time
	}
	var cells []fyne.CanvasObject
	for _, r := range shortcutRows() {
		cells = append(cells, heading(r[0]), widget.NewLabel(r[1]))
	}
	d := dialog.NewCustom(tr("shortcuts.title"), tr("dialog.close"), container.New(tableLayout{cols: 2, stretch: 1}, cells...), u.win)
	d.Show()
}

// shortcutText names the key with the platform's shortcut modifier: "Ctrl+N", or "Cmd+N"
// on macOS.
func shortcutText(k fyne.KeyName) string {
	if runtime.GOOS == "darwin" {
		return "Cmd+" + string(k)
	}
	return "Ctrl+" + string(k)
}
