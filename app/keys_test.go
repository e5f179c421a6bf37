package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// pressTab presses Tab (Shift+Tab with back) as the desktop driver delivers it: a
// focused widget that accepts tabs gets the key, otherwise the focus moves.
func pressTab(c fyne.Canvas, back bool) {
	if t, ok := c.Focused().(fyne.Tabbable); ok && t.AcceptsTab() {
		c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
		return
	}
	if back {
		c.FocusPrevious()
	} else {
		c.FocusNext()
	}
}

// pressKey presses a key as the desktop driver delivers it: to the focused widget, or
// to the window when nothing has the focus.
func pressKey(c fyne.Canvas, k fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: k}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	if on := c.(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey(); on != nil {
		on(ev)
	}
}

// TestTabLeavesLongFields writes a thesis with the keyboard: Tab moves from the body to
// the expectation and on to the invalidation, Shift+Tab moves back, and Ctrl+I types a
// tab where one is wanted.
func TestTabLeavesLongFields(t *testing.T) {
	applyLanguage(langEnglish)
	h := newHarness(t, harnessOptions{noServer: true})
	u := h.u
	c := h.win.Canvas()
	h.shortcut(fyne.KeyN)
	h.settle()
	e := u.editor
	c.Focus(e.body)
	test.Type(e.body, "Cheaper inference")
	pressTab(c, false)
	if c.Focused() != e.expect {
		t.Fatalf("Tab in the body moved the focus to %T, not to the expectation", c.Focused())
	}
	test.Type(e.expect, "NVDA above 150")
	pressTab(c, false)
	if c.Focused() != e.wrongIf {
		t.Fatalf("Tab in the expectation moved the focus to %T, not to the invalidation", c.Focused())
	}
	pressTab(c, true)
	if c.Focused() != e.expect {
		t.Fatalf("Shift+Tab moved the focus to %T, not back to the expectation", c.Focused())
	}
	if strings.Contains(e.body.Text+e.expect.Text, "\t") {
		t.Errorf("Tab typed a tab: %q, %q", e.body.Text, e.expect.Text)
	}
	e.body.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: fyne.KeyModifierShortcutDefault})
	if !strings.Contains(e.body.Text, "\t") {
		t.Errorf("Ctrl+I typed no tab: %q", e.body.Text)
	}
}

// TestEnterOpensHighlightedRow moves through the list with the arrow keys and opens the
// highlighted thesis with Enter.
func TestEnterOpensHighlightedRow(t *testing.T) {
	h := demoHarness(t, langEnglish)
	u := h.u
	c := h.win.Canvas()
	h.shortcut(fyne.KeyL)
	if c.Focused() != u.list.list {
		t.Fatalf("Ctrl+L focused %T, not the list", c.Focused())
	}
	pressKey(c, fyne.KeyDown)
	pressKey(c, fyne.KeyReturn)
	h.settle()
	want := u.list.at(1)
	if u.review.thesis == nil || u.review.thesis.ID != want.ID {
		t.Fatalf("Enter on the second row shows %v, want %s", u.review.thesis, want.ID)
	}
	// Enter on the open row after editing it opens it again.
	u.editThesis(u.review.thesis)
	h.settle()
	c.Focus(u.list.list)
	pressKey(c, fyne.KeyReturn)
	h.settle()
	if u.editor.active || h.detail() != u.review.view() {
		t.Error("Enter on the selected row did not open it again")
	}
}

// TestShortcutsDialogAndEscape opens the list of shortcuts with F1 (from the window and
// from a text field) and from Help, closes it with Esc, and Esc cancels a question.
func TestShortcutsDialogAndEscape(t *testing.T) {
	h := demoHarness(t, langKorean)
	u := h.u
	c := h.win.Canvas()
	pressKey(c, fyne.KeyF1)
	text := h.dialogText()
	for _, want := range []string{tr("shortcuts.title"), shortcutText(fyne.KeyN), shortcutText(fyne.KeyQ), "F1", "Esc", tr("shortcuts.tab_char")} {
		if !strings.Contains(text, want) {
			t.Errorf("the shortcuts dialog lacks %q:\n%s", want, text)
		}
	}
	pressKey(c, fyne.KeyEscape)
	if h.topOverlay() != nil {
		t.Fatal("Esc left the shortcuts dialog open")
	}

	h.shortcut(fyne.KeyN)
	h.settle()
	if len(u.editor.reasons) == 0 {
		u.editor.addReason("")
	}
	fields := []fyne.Focusable{u.editor.title, u.editor.body, u.editor.tags, u.editor.symbol, u.editor.reasons[0].entry}
	for _, field := range fields {
		c.Focus(field)
		pressKey(c, fyne.KeyF1)
		if !strings.Contains(h.dialogText(), tr("shortcuts.title")) {
			t.Fatalf("F1 in %p did not list the shortcuts", field)
		}
		pressKey(c, fyne.KeyEscape)
		if h.topOverlay() != nil {
			t.Fatal("Esc left the shortcuts dialog open")
		}
	}
	u.editor.cancel()
	h.settle()

	var shortcuts *fyne.MenuItem
	for _, m := range u.mainMenu().Items {
		for _, it := range m.Items {
			if it.Label == tr("menu.shortcuts") {
				shortcuts = it
			}
		}
	}
	if shortcuts == nil {
		t.Fatal("Help has no Keyboard shortcuts")
	}
	shortcuts.Action()
	if !strings.Contains(h.dialogText(), tr("shortcuts.title")) {
		t.Fatal("Help → Keyboard shortcuts showed nothing")
	}
	pressKey(c, fyne.KeyEscape)

	u.showThesis("demo-deepseek")
	h.settle()
	n := len(h.all())
	c.Unfocus()
	pressKey(c, fyne.KeyDelete)
	if h.topOverlay() == nil {
		t.Fatal("Delete did not ask")
	}
	pressKey(c, fyne.KeyEscape)
	h.settle()
	if h.topOverlay() != nil || len(h.all()) != n {
		t.Errorf("Esc on the question: dialog %v, %d theses of %d", h.topOverlay(), len(h.all()), n)
	}
}

// TestQuitShortcut quits with Ctrl+Q (Cmd+Q), which the File menu offers too.
func TestQuitShortcut(t *testing.T) {
	applyLanguage(langEnglish)
	h := newHarness(t, harnessOptions{noServer: true})
	file := h.u.mainMenu().Items[0]
	last := file.Items[len(file.Items)-1]
	if !last.IsQuit || last.Shortcut == nil || last.Shortcut.ShortcutName() != (&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}).ShortcutName() {
		t.Errorf("File ends with %q (%v), not Quit on Ctrl+Q", last.Label, last.Shortcut)
	}
	h.shortcut(fyne.KeyQ)
	if !h.closed {
		t.Fatal("Ctrl+Q left the window open")
	}
}

// TestEscapeFromDialogFields: Esc typed in a text field of a dialog (the review's note,
// Settings' author) closes that dialog, and Tab leaves the review's note.
func TestEscapeFromDialogFields(t *testing.T) {
	h := demoHarness(t, langEnglish)
	u := h.u
	c := h.win.Canvas()
	u.showThesis("demo-deepseek")
	h.settle()
	f := u.showRecordReview(h.get("demo-deepseek"))
	h.settle()
	if h.topOverlay() == nil {
		t.Fatal("Record review showed no dialog")
	}
	note := f.note
	c.Focus(note)
	pressKey(c, fyne.KeyTab)
	if c.Focused() == note {
		t.Error("Tab stayed in the review's note")
	}
	c.Focus(note)
	pressKey(c, fyne.KeyEscape)
	h.settle()
	if h.topOverlay() != nil {
		t.Error("Esc in the review's note left the dialog open")
	}
}
