package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// openCalendar taps the review-by date's calendar button and returns the calendar.
func openCalendar(t *testing.T, h *harness) *monthCalendar {
	t.Helper()
	test.Tap(h.u.editor.reviewBy.pick)
	var cal *monthCalendar
	walk(h.topOverlay(), func(o fyne.CanvasObject) {
		if c, ok := o.(*monthCalendar); ok {
			cal = c
		}
	})
	if cal == nil {
		t.Fatal("no calendar popped up")
	}
	return cal
}

// TestCalendarInKorean shows the date picker's month and weekdays in Korean, moves to
// the next month and picks a day.
func TestCalendarInKorean(t *testing.T) {
	t.Cleanup(func() { applyLanguage(langEnglish) })
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefLanguage, langKorean)
	h := newHarness(t, harnessOptions{noServer: true, app: a})
	h.shortcut(fyne.KeyN)
	cal := openCalendar(t, h)
	if cal.header.Text != "2026년 3월" {
		t.Errorf("calendar header %q, want 2026년 3월", cal.header.Text)
	}
	if l, ok := cal.days.Objects[0].(*widget.Label); !ok || l.Text != "일" {
		t.Errorf("the week starts with %v", cal.days.Objects[0])
	}
	test.Tap(cal.next)
	if cal.header.Text != "2026년 4월" {
		t.Errorf("after next the header says %q", cal.header.Text)
	}
	b := findButton(cal, "15")
	if b == nil {
		t.Fatal("no day 15")
	}
	test.Tap(b)
	if got := h.u.editor.reviewBy.text(); got != "2026-04-15" {
		t.Errorf("picked %q", got)
	}
	if h.topOverlay() != nil {
		t.Error("the calendar stays open after a day was picked")
	}

	applyLanguage(langEnglish)
	if cal := openCalendar(t, h); cal.header.Text != "April 2026" {
		t.Errorf("English header %q", cal.header.Text)
	}
}
