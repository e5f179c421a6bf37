package app

import (
	"fmt"
	"net/url"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// mainMenu is the window's menu bar: File (new thesis, save, search, refresh, import,
// export, settings; Fyne adds Quit with Ctrl/Cmd+Q) and Help (About). The keyboard
// shortcuts live on the menu items because the window offers a shortcut to the menu
// before the focused widget: Ctrl/Cmd+S saves even while the cursor is in a text field,
// which would otherwise keep the keystroke to itself.
func (u *UI) mainMenu() *fyne.MainMenu {
	item := func(label string, key fyne.KeyName, action func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, action)
		if key != "" {
			it.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
		}
		return it
	}
	quit := item(tr("menu.quit"), fyne.KeyQ, u.quit)
	quit.IsQuit = true
	file := fyne.NewMenu(tr("menu.file"),
		item(tr("toolbar.new"), fyne.KeyN, u.newThesis),
		item(tr("editor.save"), fyne.KeyS, func() { u.editor.save() }),
		item(tr("menu.search"), fyne.KeyF, u.focusSearch),
		item(tr("shortcuts.list"), fyne.KeyL, u.focusList),
		item(tr("toolbar.refresh"), fyne.KeyR, u.refreshQuotes),
		fyne.NewMenuItemSeparator(),
		item(tr("toolbar.import"), "", u.importJSON),
		item(tr("toolbar.export"), fyne.KeyE, func() { u.toolbar.showExportMenu() }),
		fyne.NewMenuItemSeparator(),
		item(tr("toolbar.settings"), "", func() { u.showSettings() }),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	help := fyne.NewMenu(tr("menu.help"),
		fyne.NewMenuItem(tr("menu.shortcuts"), u.showShortcuts),
		fyne.NewMenuItem(tr("menu.about"), u.showAbout))
	return fyne.NewMainMenu(file, help)
}

// aboutText is the About box's text: the version and where the journal lives.
func (u *UI) aboutText() string {
	return tr("about.text", map[string]any{"Version": u.deps.Version, "Path": u.deps.JournalPath})
}

// showAbout shows the version, the journal's location and the font licence.
func (u *UI) showAbout() {
	text := widget.NewLabel(u.aboutText())
	text.Wrapping = fyne.TextWrapWord
	folder := widget.NewButton(tr("settings.open_folder"), func() {
		if err := u.app.OpenURL(&url.URL{Scheme: "file", Path: filepath.Dir(u.deps.JournalPath)}); err != nil {
			dialog.ShowError(fmt.Errorf("%s: %w", filepath.Dir(u.deps.JournalPath), err), u.win)
		}
	})
	content := container.NewVBox(container.NewGridWrap(fyne.NewSize(460, text.MinSize().Height*4), text), container.NewHBox(folder))
	dialog.ShowCustom(tr("about.title", map[string]any{"Version": u.deps.Version}), tr("dialog.close"), content, u.win)
}
