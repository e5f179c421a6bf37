package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// addShortcuts binds the keyboard: Ctrl/Cmd+N new thesis, +F search, +S save, +R
// refresh, +E export, and Delete to delete the thesis shown (asking first).
func (u *UI) addShortcuts() {
	c := u.win.Canvas()
	bind := func(k fyne.KeyName, f func()) {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { f() })
	}
	// The views are rebuilt when the language changes, so look them up at each press.
	bind(fyne.KeyN, func() { u.newThesis() })
	bind(fyne.KeyF, func() { u.focusSearch() })
	bind(fyne.KeyS, func() { u.editor.save() })
	bind(fyne.KeyR, func() { u.refreshQuotes() })
	bind(fyne.KeyE, func() { u.toolbar.showExportMenu() })
	c.SetOnTypedKey(u.onTypedKey)
}

// focusSearch moves the cursor to the search box.
func (u *UI) focusSearch() {
	u.showTheses()
	u.win.Canvas().Focus(u.toolbar.search)
}

// onTypedKey handles keys no focused widget took: Delete asks to delete the thesis shown.
func (u *UI) onTypedKey(ev *fyne.KeyEvent) {
	if ev.Name != fyne.KeyDelete || u.editor.active || u.review.thesis == nil {
		return
	}
	u.deleteThesis(u.review.thesis)
}
