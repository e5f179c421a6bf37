package chart

import (
	"slices"
	"testing"
	"time"
)

// TestDateTickLabels writes the time axis in the chart's language.
func TestDateTickLabels(t *testing.T) {
	day := func(y int, m time.Month, d int) float64 { return unix(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) }
	for _, c := range []struct {
		korean   bool
		from, to float64
		want     string
	}{
		{false, day(2025, 1, 27), day(2025, 1, 30), "Jan 28"},
		{true, day(2025, 1, 27), day(2025, 1, 30), "1월 28일"},
		{false, day(2024, 11, 15), day(2025, 4, 1), "Jan 2025"},
		{true, day(2024, 11, 15), day(2025, 4, 1), "2025년 1월"},
		{true, day(2018, 1, 15), day(2025, 4, 1), "2020년"},
	} {
		var labels []string
		for _, tk := range (dateTicks{loc: time.UTC, korean: c.korean}).Ticks(c.from, c.to) {
			labels = append(labels, tk.Label)
		}
		if !slices.Contains(labels, c.want) {
			t.Errorf("korean=%v: ticks %q lack %q", c.korean, labels, c.want)
		}
	}
}
