package app

import (
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// weekdayKeys name the days of the week in the translation catalogues, Sunday first.
var weekdayKeys = [...]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// monthCalendar picks a day from a month at a time. It is Fyne's calendar written in the
// interface language: Fyne's own writes its month header in English whatever the locale
// ("December 2026"), where this one writes "2026년 12월" in Korean.
type monthCalendar struct {
	widget.BaseWidget
	month    time.Time // the first day of the month shown
	chosen   time.Time // the day the calendar opened on
	onPicked func(time.Time)

	header     *widget.Label
	prev, next *widget.Button
	days       *fyne.Container
}

// newMonthCalendar shows the month of start; onPicked gets the day tapped.
func newMonthCalendar(start time.Time, onPicked func(time.Time)) *monthCalendar {
	c := &monthCalendar{onPicked: onPicked, chosen: start}
	c.month = time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.Local)
	c.header = widget.NewLabel("")
	c.header.TextStyle.Bold = true
	c.prev = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { c.show(c.month.AddDate(0, -1, 0)) })
	c.next = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { c.show(c.month.AddDate(0, 1, 0)) })
	c.prev.Importance, c.next.Importance = widget.LowImportance, widget.LowImportance
	c.days = container.NewGridWithColumns(7)
	c.ExtendBaseWidget(c)
	c.show(c.month)
	return c
}

// monthTitle writes a month in the interface language: "December 2026", "2026년 12월".
func monthTitle(t time.Time) string {
	if uiLang == langKorean {
		return fmt.Sprintf("%d년 %d월", t.Year(), int(t.Month()))
	}
	return t.Format("January 2006")
}

// show fills the calendar with month m.
func (c *monthCalendar) show(m time.Time) {
	c.month = m
	c.header.SetText(monthTitle(m))
	objs := make([]fyne.CanvasObject, 0, 7*7)
	for _, k := range weekdayKeys {
		l := widget.NewLabel(tr(k + ".short"))
		l.Alignment = fyne.TextAlignCenter
		l.Importance = widget.LowImportance
		objs = append(objs, l)
	}
	for range int(m.Weekday()) {
		objs = append(objs, widget.NewLabel(""))
	}
	for d := m; d.Month() == m.Month(); d = d.AddDate(0, 0, 1) {
		day := d
		b := widget.NewButton(strconv.Itoa(d.Day()), func() {
			if c.onPicked != nil {
				c.onPicked(day)
			}
		})
		b.Importance = widget.LowImportance
		if d.Year() == c.chosen.Year() && d.YearDay() == c.chosen.YearDay() {
			b.Importance = widget.HighImportance
		}
		objs = append(objs, b)
	}
	c.days.Objects = objs
	c.days.Refresh()
}

// CreateRenderer lays out the header above the days.
func (c *monthCalendar) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewBorder(nil, nil, c.prev, c.next, container.NewCenter(c.header))
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, c.days))
}
