package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestGroupThousands groups plain numbers and leaves anything else as typed.
func TestGroupThousands(t *testing.T) {
	for in, want := range map[string]string{
		"":            "",
		"3000000":     "3,000,000",
		"3,000000":    "3,000,000",
		"300":         "300",
		"1234.5":      "1,234.5",
		"1234.56789":  "1,234.56789",
		"0.000731":    "0.000731",
		"-1500000":    "-1,500,000",
		"+1000":       "+1,000",
		".":           ".",
		"1000.":       "1,000.",
		"3 000 000":   "3,000,000",
		"삼백만":         "삼백만",
		"1.2.3":       "1.2.3",
		"12a3456":     "12a3456",
		"1-000":       "1-000",
		"₩3000000":    "₩3000000",
		"10000000000": "10,000,000,000",
	} {
		if got := groupThousands(in); got != want {
			t.Errorf("groupThousands(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMoneyEntryGroupsAsTyped types, edits, deletes and pastes amounts in the thesis
// form's loss budget and the settings' total budget: the thousands are grouped at once
// and the cursor stays where the person is typing.
func TestMoneyEntryGroupsAsTyped(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	h := newHarness(t, harnessOptions{settings: &s, noServer: true})
	u := h.u
	h.shortcut(fyne.KeyN)
	e := u.editor.budget
	at := func(what, text string, col int) {
		t.Helper()
		if e.Text != text || e.CursorColumn != col {
			t.Errorf("%s: %q with the cursor at %d, want %q at %d", what, e.Text, e.CursorColumn, text, col)
		}
	}
	test.Type(e, "3000000")
	at("typed", "3,000,000", 9)

	e.CursorColumn = 1 // after the 3
	test.Type(e, "5")
	at("inserted at the front", "35,000,000", 2)

	e.CursorColumn = 3 // after "35,"
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	at("backspace after a separator", "3,000,000", 1)

	e.CursorColumn = 1 // before the first separator
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	at("delete before a separator", "300,000", 1)

	e.CursorColumn = len([]rune(e.Text))
	test.Type(e, ".75")
	at("decimals", "300,000.75", 10)

	typeInto(e, "")
	h.app.Clipboard().SetContent("1250000")
	e.TypedShortcut(&fyne.ShortcutPaste{Clipboard: h.app.Clipboard()})
	at("pasted", "1,250,000", 9)

	typeInto(e, "삼백만")
	at("not a number", "삼백만", 3)

	// The fill dialog's amounts group too.
	test.Tap(u.editor.addPosBtn)
	p := u.editor.positions[len(u.editor.positions)-1].editFill(-1)
	test.Type(p.price, "55300")
	test.Type(p.qty, "1200")
	if p.price.Text != "55,300" || p.qty.Text != "1,200" {
		t.Errorf("fill price %q, quantity %q", p.price.Text, p.qty.Text)
	}
	p.dialog.Hide()

	// And the settings' total loss budget.
	test.Tap(u.toolbar.settingsBtn)
	h.settle()
	f := u.settingsForm
	typeInto(f.total, "20000000")
	if f.total.Text != "20,000,000" {
		t.Errorf("settings total shows %q", f.total.Text)
	}
}
