package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIDecimalComma: an amount whose comma may be a decimal comma is refused, with
// the number it would be written with a point, and nothing is saved.
func TestCLIDecimalComma(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	if _, errs, code := hs(t, db, "", "settings", "--base", "krw", "--total-budget", "1,000,000"); code != 0 {
		t.Fatalf("settings: %d %q", code, errs)
	}
	for _, c := range []struct{ in, msg string }{
		{"5,5", `amount "5,5": a comma groups thousands (1,234); for a decimal use a point: 5.5`},
		{"1.234,56", `amount "1.234,56": a comma cannot follow the decimal point; for 1234.56 write 1234.56 or 1,234.56`},
	} {
		out, errs, code := hs(t, db, "", "settings", "--total-budget", c.in)
		if code != 1 || !strings.Contains(errs, c.msg) || out != "" {
			t.Errorf("settings --total-budget %s: exit %d, stdout %q, stderr %q; want 1 and %q", c.in, code, out, errs, c.msg)
		}
	}
	out, _, _ := hs(t, db, "", "settings")
	if !strings.Contains(out, "₩1,000,000") {
		t.Errorf("the total loss budget changed: %q", out)
	}

	if _, errs, code := hs(t, db, "", "demo"); code != 0 {
		t.Fatalf("demo: %q", errs)
	}
	_, errs, code := hs(t, db, "", "snapshot", "--price", "1,23", "--currency", "USD", "demo-deepseek", "NVDA")
	if code != 1 || !strings.Contains(errs, "for a decimal use a point: 1.23") {
		t.Errorf("snapshot --price 1,23: exit %d, stderr %q", code, errs)
	}
}
