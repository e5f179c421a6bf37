package app

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// searchDelay is how long the search waits for the next keystroke before it asks the journal.
const searchDelay = 150 * time.Millisecond

// toolbar is the row of actions above the list and the search box.
type toolbar struct {
	u           *UI
	newBtn      *widget.Button
	refreshBtn  *widget.Button
	exportBtn   *widget.Button
	importBtn   *widget.Button
	settingsBtn *widget.Button
	search      *widget.Entry
	searchTimer *time.Timer
	content     fyne.CanvasObject
}

func newToolbar(u *UI) *toolbar {
	t := &toolbar{u: u}
	t.buildUI()
	return t
}

func (t *toolbar) buildUI() {
	u := t.u
	t.newBtn = widget.NewButtonWithIcon(tr("toolbar.new"), theme.ContentAddIcon(), u.newThesis)
	t.newBtn.Importance = widget.HighImportance
	t.refreshBtn = widget.NewButtonWithIcon(tr("toolbar.refresh"), theme.ViewRefreshIcon(), u.refreshQuotes)
	t.exportBtn = widget.NewButtonWithIcon(tr("toolbar.export"), theme.DocumentSaveIcon(), t.showExportMenu)
	t.importBtn = widget.NewButtonWithIcon(tr("toolbar.import"), theme.FolderOpenIcon(), u.importJSON)
	t.settingsBtn = widget.NewButtonWithIcon(tr("toolbar.settings"), theme.SettingsIcon(), func() { u.showSettings() })
	t.search = widget.NewEntry()
	t.search.SetPlaceHolder(tr("toolbar.search"))
	t.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	t.search.OnChanged = t.onSearchChanged
	t.search.OnSubmitted = func(string) { t.flushSearch() }
	searchBox := container.NewGridWrap(fyne.NewSize(320, t.search.MinSize().Height), t.search)
	t.content = container.NewVBox(
		container.NewHBox(t.newBtn, t.refreshBtn, t.exportBtn, t.importBtn, t.settingsBtn, layout.NewSpacer(), searchBox),
		widget.NewSeparator(),
	)
}

// onSearchChanged waits briefly for more typing, then filters the list.
func (t *toolbar) onSearchChanged(string) {
	if t.searchTimer != nil {
		t.searchTimer.Stop()
	}
	t.searchTimer = time.AfterFunc(searchDelay, func() { t.u.do(t.flushSearch) })
}

// flushSearch applies the search box to the list now.
func (t *toolbar) flushSearch() {
	if t.searchTimer != nil {
		t.searchTimer.Stop()
	}
	q := strings.TrimSpace(t.search.Text)
	if q == t.u.list.filter.Query {
		return
	}
	t.u.showTheses()
	t.u.list.setQuery(q)
}

// showExportMenu opens the export choices under the button.
func (t *toolbar) showExportMenu() {
	u := t.u
	menu := fyne.NewMenu("",
		fyne.NewMenuItem(tr("export.json"), u.exportJSON),
		fyne.NewMenuItem(tr("export.csv"), u.exportCSV),
		fyne.NewMenuItem(tr("export.pdf_journal"), u.exportJournalPDF),
	)
	c := u.win.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(t.exportBtn)
	widget.ShowPopUpMenuAtPosition(menu, c, pos.Add(fyne.NewPos(0, t.exportBtn.Size().Height)))
}
