package app

import (
	"fmt"
	"net/url"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// mainMenu is the window's menu bar: File (new thesis, import, export, settings; Fyne adds
// Quit with Ctrl/Cmd+Q) and Help (About).
func (u *UI) mainMenu() *fyne.MainMenu {
	file := fyne.NewMenu(tr("menu.file"),
		fyne.NewMenuItem(tr("toolbar.new"), u.newThesis),
		fyne.NewMenuItem(tr("toolbar.import"), u.importJSON),
		fyne.NewMenuItem(tr("toolbar.export"), func() { u.toolbar.showExportMenu() }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(tr("toolbar.settings"), func() { u.showSettings() }),
	)
	help := fyne.NewMenu(tr("menu.help"), fyne.NewMenuItem(tr("menu.about"), u.showAbout))
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
