package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The demo journal is a separate file to look around in. What the person writes, imports
// or sets up never goes into it: New thesis, Import and Settings first switch back to the
// person's own journal and say so in the status bar, and the app always starts on the
// person's own journal.

// demoBanner is the strip under the toolbar that says the demo journal is shown, with
// the way back to the person's own journal.
type demoBanner struct {
	u       *UI
	back    *widget.Button
	text    *widget.Label
	bg      *canvas.Rectangle
	content *fyne.Container
}

func newDemoBanner(u *UI) *demoBanner {
	b := &demoBanner{u: u}
	b.text = widget.NewLabel(tr("demo.banner"))
	b.text.Wrapping = fyne.TextWrapWord
	b.back = widget.NewButtonWithIcon(tr("demo.back"), theme.NavigateBackIcon(), func() { u.toOwnJournal("demo.back_done", nil) })
	b.back.Importance = widget.HighImportance
	b.bg = canvas.NewRectangle(color.Transparent)
	row := container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), container.NewHBox(b.back, layout.NewSpacer()), b.text)
	b.content = container.NewStack(b.bg, container.NewPadded(row))
	b.update()
	return b
}

// update shows the banner while the demo journal is shown, and hides it otherwise.
func (b *demoBanner) update() {
	if !b.u.showingDemo() {
		b.content.Hide()
		return
	}
	r, g, bl, _ := themeColor(theme.ColorNameWarning).RGBA()
	b.bg.FillColor = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(bl >> 8), A: 0x38}
	b.bg.Refresh()
	b.content.Show()
}

// showingDemo reports whether the journal shown is the demo journal rather than the
// person's own.
func (u *UI) showingDemo() bool {
	return u.deps.DemoPath != "" && u.path == u.deps.DemoPath && u.path != u.deps.JournalPath
}

// toOwnJournal runs then (when set) on the person's own journal. While the demo journal
// is shown it switches back first (asking when the form holds unsaved changes) and says
// so in the status bar with the message under msgKey; a journal that cannot be opened is
// reported and then does not run.
func (u *UI) toOwnJournal(msgKey string, then func()) {
	if !u.showingDemo() {
		if then != nil {
			then()
		}
		return
	}
	u.editor.confirmLeave(func(ok bool) {
		if !ok {
			return
		}
		path := u.deps.JournalPath
		u.background(func() {
			store, err := u.openStore(path)
			u.do(func() {
				if !u.showingDemo() {
					// Switched already (a second press while the journal was opening).
					if store != nil && store != u.store {
						_ = store.Close()
					}
					return
				}
				if err != nil {
					u.showOpenError(path, err)
					return
				}
				if store == nil {
					return
				}
				u.setStore(store, path, false)
				u.showTheses()
				u.status.say(tr(msgKey), false)
				if then != nil {
					then()
				}
			})
		})
	})
}
