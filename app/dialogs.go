package app

import (
	"errors"
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hindsight/journal"
)

// asValidation returns the validation error in err's chain.
func asValidation(err error) (*journal.ValidationError, bool) {
	var v *journal.ValidationError
	if errors.As(err, &v) {
		return v, true
	}
	return nil, false
}

// showError shows err in a dialog: the domain message a person can act on, never a
// stack of wrapped internals.
func (u *UI) showError(err error) {
	if journal.ErrorCode(err) == journal.EDAMAGED && u.store != nil {
		u.showDamage(err)
		return
	}
	u.showErrorWith(tr("error.title"), err)
}

// showDamage says that the journal open now is damaged, and offers to close it and put
// the newest backup that restores cleanly in its place. It is shown once for each
// journal opened; nothing more is written to a damaged journal meanwhile.
func (u *UI) showDamage(err error) {
	fyne.LogError(tr("open.damaged_title"), err)
	if u.damageShown {
		return
	}
	u.damageShown = true
	msg := wrapped(errorText(err))
	var d *dialog.CustomDialog
	var buttons []fyne.CanvasObject
	if u.deps.Backups != nil && u.deps.Restore != nil {
		restore := widget.NewButtonWithIcon(tr("open.restore_newest"), theme.HistoryIcon(), func() {
			d.Hide()
			path, store := u.path, u.store
			u.store = nil
			u.background(func() {
				_ = store.Close()
				u.do(func() { u.restoreNewest(path) })
			})
		})
		restore.Importance = widget.HighImportance
		buttons = append(buttons, restore)
	}
	buttons = append(buttons, widget.NewButton(tr("dialog.close"), func() { d.Hide() }))
	content := container.NewVBox(container.NewGridWrap(fyne.NewSize(520, msg.MinSize().Height*3), msg), container.NewHBox(buttons...))
	d = dialog.NewCustomWithoutButtons(tr("open.damaged_title"), content, u.win)
	d.Show()
}

// showErrorWith shows err in a dialog with the given title.
func (u *UI) showErrorWith(title string, err error) {
	if err == nil {
		return
	}
	fyne.LogError(title, err)
	msg := wrapped(errorText(err))
	d := dialog.NewCustom(title, tr("dialog.close"), container.NewGridWrap(fyne.NewSize(460, msg.MinSize().Height*3), msg), u.win)
	d.Show()
}

// confirm asks a yes/no question; yes runs onYes, and onNo (optional) runs otherwise.
func (u *UI) confirm(title, message, yes string, onYes func(), onNo ...func()) {
	u.ask(title, message, yes, tr("dialog.cancel"), widget.HighImportance, onYes, onNo...)
}

// confirmDestructive is confirm for an action that deletes or discards something: its
// button has the destructive style.
func (u *UI) confirmDestructive(title, message, yes string, onYes func(), onNo ...func()) {
	u.ask(title, message, yes, tr("dialog.cancel"), widget.DangerImportance, onYes, onNo...)
}

// ask asks a question with two answers: yes (in the given style) runs onYes, no runs
// onNo (optional). The cursor starts on no, the answer that changes nothing, so that
// Return or Space there is safe.
func (u *UI) ask(title, message, yes, no string, style widget.Importance, onYes func(), onNo ...func()) {
	msg := wrapped(message)
	var d *dialog.CustomDialog
	answered := false
	answer := func(ok bool) {
		if answered {
			return
		}
		answered = true
		d.Hide()
		if ok {
			onYes()
		} else if len(onNo) > 0 && onNo[0] != nil {
			onNo[0]()
		}
	}
	yesBtn := newDialogButton(yes, func() { answer(true) })
	yesBtn.Importance = style
	noBtn := newDialogButton(no, func() { answer(false) })
	noBtn.dismisses = true
	d = dialog.NewCustomWithoutButtons(title, container.NewGridWrap(fyne.NewSize(420, msg.MinSize().Height*2), msg), u.win)
	d.SetButtons([]fyne.CanvasObject{noBtn, yesBtn})
	d.SetOnClosed(func() { answer(false) })
	d.Show()
	u.win.Canvas().Focus(noBtn)
}

// dialogButton is a dialog's button that Return presses as well as Space.
type dialogButton struct {
	widget.Button
	// dismisses marks the answer that changes nothing, which Esc presses.
	dismisses bool
}

func newDialogButton(text string, tapped func()) *dialogButton {
	b := &dialogButton{}
	b.Text, b.OnTapped = text, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Return, Enter or Space.
func (b *dialogButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(nil)
	case fyne.KeyEscape, fyne.KeyF1:
		// The window's own keys still work while the cursor is on an answer.
		if c := fyne.CurrentApp().Driver().CanvasForObject(b); c != nil && c.OnTypedKey() != nil {
			c.OnTypedKey()(ev)
		}
	default:
		b.Button.TypedKey(ev)
	}
}

// showOpenError explains why the journal could not be opened and offers what can be done:
// try again when another Hindsight has it, restore the newest backup when it is damaged,
// or open the demo journal instead.
func (u *UI) showOpenError(path string, err error) {
	code := journal.ErrorCode(err)
	var title string
	switch code {
	case journal.ELOCKED:
		title = tr("open.locked_title")
	case journal.EDAMAGED:
		title = tr("open.damaged_title")
	default:
		title = tr("open.failed_title")
	}
	msg := wrapped(errorText(err))
	var d *dialog.CustomDialog
	var buttons []fyne.CanvasObject
	retry := widget.NewButtonWithIcon(tr("open.retry"), theme.ViewRefreshIcon(), func() {
		d.Hide()
		u.openJournal(path, true)
	})
	buttons = append(buttons, retry)
	if code == journal.EDAMAGED && u.deps.Backups != nil && u.deps.Restore != nil {
		restore := widget.NewButtonWithIcon(tr("open.restore_newest"), theme.HistoryIcon(), func() {
			d.Hide()
			u.restoreNewest(path)
		})
		restore.Importance = widget.HighImportance
		buttons = append(buttons, restore)
	}
	if u.deps.DemoPath != "" && u.deps.DemoPath != path {
		buttons = append(buttons, widget.NewButtonWithIcon(tr("welcome.demo"), theme.FileIcon(), func() {
			d.Hide()
			u.openDemo()
		}))
	}
	quit := widget.NewButtonWithIcon(tr("open.quit"), theme.LogoutIcon(), func() {
		d.Hide()
		u.app.Quit()
	})
	buttons = append(buttons, quit)
	content := container.NewVBox(container.NewGridWrap(fyne.NewSize(520, msg.MinSize().Height*3), msg), container.NewHBox(buttons...))
	d = dialog.NewCustomWithoutButtons(title, content, u.win)
	d.Show()
}

// restoreNewest puts the newest backup that restores cleanly in place of a damaged
// journal, then opens it.
func (u *UI) restoreNewest(path string) {
	u.background(func() {
		backups, err := u.deps.Backups(path)
		var moved, used string
		if err == nil {
			err = journal.Errorf(journal.ENOTFOUND, "no backup of %s was found", path)
			for _, b := range backups {
				if moved, err = u.deps.Restore(path, b.Path); err == nil {
					used = b.Path
					break
				}
			}
		}
		u.do(func() {
			if err != nil {
				u.showErrorWith(tr("open.restore_failed"), err)
				return
			}
			u.openJournal(path, true)
			u.status.say(tr("settings.restored", map[string]any{"Backup": used, "Moved": moved}), false)
		})
	})
}

// fileExists reports whether path names an existing file.
func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// bytesText writes a file size for people: "1.2 MB".
func bytesText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
