package app

import (
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// moneyEntry is a one-line entry for amounts, prices and quantities that groups the
// thousands as the person types, pastes or deletes ("3,000,000", not "3000000"). The
// cursor stays after the same digit it was after, and deleting next to a separator
// deletes the digit beyond it. Text that is not a plain number is left as typed, for
// the form to point out.
type moneyEntry struct {
	widget.Entry
}

// newMoneyEntry returns an empty money entry.
func newMoneyEntry() *moneyEntry {
	e := &moneyEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedRune inserts r and regroups.
func (e *moneyEntry) TypedRune(r rune) {
	e.Entry.TypedRune(r)
	e.regroup()
}

// TypedKey handles a key, stepping over a separator before Backspace or Delete removes
// a digit, and regroups.
func (e *moneyEntry) TypedKey(k *fyne.KeyEvent) {
	if e.SelectedText() == "" && e.CursorRow == 0 {
		runes := []rune(e.Text)
		c := e.CursorColumn
		switch {
		case k.Name == fyne.KeyBackspace && c > 0 && c <= len(runes) && runes[c-1] == ',':
			e.CursorColumn--
		case k.Name == fyne.KeyDelete && c < len(runes) && runes[c] == ',':
			e.CursorColumn++
		}
	}
	e.Entry.TypedKey(k)
	e.regroup()
}

// TypedShortcut handles paste, cut, undo and the rest, and regroups.
func (e *moneyEntry) TypedShortcut(s fyne.Shortcut) {
	e.Entry.TypedShortcut(s)
	e.regroup()
}

// SetText shows s grouped.
func (e *moneyEntry) SetText(s string) {
	e.Entry.SetText(groupThousands(s))
}

// regroup groups the text again and puts the cursor back after the same character.
func (e *moneyEntry) regroup() {
	g := groupThousands(e.Text)
	if g == e.Text {
		return
	}
	kept := 0 // characters before the cursor that are not separators
	for i, r := range []rune(e.Text) {
		if i >= e.CursorColumn {
			break
		}
		if r != ',' {
			kept++
		}
	}
	e.Entry.SetText(g)
	col := 0
	for _, r := range g {
		if kept == 0 {
			break
		}
		if r != ',' {
			kept--
		}
		col++
	}
	e.CursorRow, e.CursorColumn = 0, col
	e.Refresh()
}

// groupThousands writes a plain number with its whole part grouped by commas:
// "3000000.5" → "3,000,000.5". Spaces and commas already in it are dropped first. Text
// that is not a plain number (letters, two points, a sign inside) is returned as it is.
func groupThousands(s string) string {
	if !utf8.ValidString(s) || strings.TrimSpace(s) == "" {
		return s
	}
	plain := strings.NewReplacer(",", "", " ", "").Replace(s)
	sign := ""
	if plain != "" && (plain[0] == '-' || plain[0] == '+') {
		sign, plain = plain[:1], plain[1:]
	}
	whole, frac, dot := strings.Cut(plain, ".")
	if strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		return s
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if dot {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}
