package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// searchDelay is how long the search waits for the next keystroke before it asks the journal.
const searchDelay = 150 * time.Millisecond

// Widths of the search box: it shrinks towards searchMinWidth before the buttons lose
// their labels.
const (
	searchMinWidth = 160
	searchMaxWidth = 320
)

// toolbar is the row of actions above the list and the search box.
type toolbar struct {
	u           *UI
	newBtn      *hintButton
	refreshBtn  *hintButton
	exportBtn   *hintButton
	importBtn   *hintButton
	settingsBtn *hintButton
	buttons     []*hintButton
	search      *formEntry
	searchTimer *time.Timer
	row         *fyne.Container
	content     fyne.CanvasObject
}

func newToolbar(u *UI) *toolbar {
	t := &toolbar{u: u}
	t.buildUI()
	return t
}

func (t *toolbar) buildUI() {
	u := t.u
	btn := func(label string, key fyne.KeyName, icon fyne.Resource, tapped func()) *hintButton {
		hint := label
		if key != "" {
			hint = fmt.Sprintf("%s (%s)", label, shortcutText(key))
		}
		return newHintButton(label, hint, icon, tapped, func(h string) { u.status.hint(h) })
	}
	t.newBtn = btn(tr("toolbar.new"), fyne.KeyN, theme.ContentAddIcon(), u.newThesis)
	t.newBtn.Importance = widget.HighImportance
	t.refreshBtn = btn(tr("toolbar.refresh"), fyne.KeyR, theme.ViewRefreshIcon(), u.refreshQuotes)
	t.exportBtn = btn(tr("toolbar.export"), fyne.KeyE, theme.DocumentSaveIcon(), t.showExportMenu)
	t.importBtn = btn(tr("toolbar.import"), "", theme.FolderOpenIcon(), t.showImportMenu)
	t.settingsBtn = btn(tr("toolbar.settings"), "", theme.SettingsIcon(), func() { u.showSettings() })
	t.buttons = []*hintButton{t.newBtn, t.refreshBtn, t.exportBtn, t.importBtn, t.settingsBtn}
	t.search = newFormEntry(false, u.onTypedKey)
	t.search.SetPlaceHolder(tr("toolbar.search"))
	t.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	t.search.OnChanged = t.onSearchChanged
	t.search.OnSubmitted = func(string) { t.flushSearch() }
	t.row = container.New(&toolbarLayout{t: t}, t.newBtn, t.refreshBtn, t.exportBtn, t.importBtn, t.settingsBtn, t.search)
	t.content = container.NewVBox(t.row, widget.NewSeparator())
}

// toolbarLayout puts the buttons on the left and the search box on the right, never
// over each other: when the window is too narrow for every label, the buttons from the
// right end show their icons only (the status bar names them on hover).
type toolbarLayout struct{ t *toolbar }

// MinSize is every button as an icon and the narrowest search box.
func (l *toolbarLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	var s fyne.Size
	for _, b := range l.t.buttons {
		s.Width += b.iconWidth() + pad
		s.Height = max(s.Height, b.MinSize().Height)
	}
	s.Width += searchMinWidth
	s.Height = max(s.Height, l.t.search.MinSize().Height)
	return s
}

// Layout places the objects in size.
func (l *toolbarLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	bs := l.t.buttons
	width := func(labelled int) float32 {
		var w float32
		for i, b := range bs {
			if i < labelled {
				w += b.fullWidth()
			} else {
				w += b.iconWidth()
			}
			w += pad
		}
		return w
	}
	labelled := len(bs)
	for labelled > 0 && width(labelled)+searchMinWidth > size.Width {
		labelled--
	}
	x := float32(0)
	for i, b := range bs {
		b.showLabel(i < labelled)
		w := b.iconWidth()
		if i < labelled {
			w = b.fullWidth()
		}
		h := b.MinSize().Height
		b.Move(fyne.NewPos(x, (size.Height-h)/2))
		b.Resize(fyne.NewSize(w, h))
		x += w + pad
	}
	sw := min(max(size.Width-x, searchMinWidth), searchMaxWidth)
	sh := l.t.search.MinSize().Height
	l.t.search.Move(fyne.NewPos(size.Width-sw, (size.Height-sh)/2))
	l.t.search.Resize(fyne.NewSize(sw, sh))
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
