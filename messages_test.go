package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A date in year 1 is refused as before 1900 (not as unset), and an amount
// with too many digits as too long (not as "not a number"), on every path of
// the command line: flags and imported files.
func TestCLIOutOfRangeDatesAndLongAmounts(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "journal.db")
	if _, errs, code := hs(t, db, "", "settings", "--base", "USD"); code != 0 {
		t.Fatal(errs)
	}
	digits := func(n int) string { return "0." + strings.Repeat("1", n) }
	tooLong := "too many digits (41); at most 40"

	check := func(args []string, wantCode int, want string) {
		t.Helper()
		out, errs, code := hs(t, db, "", args...)
		if code != wantCode || !strings.Contains(errs, want) || strings.Contains(errs, "must be set") || strings.Contains(errs, "not a number") {
			t.Errorf("%.80q: code %d, out %q, err %q\nwant code %d and %q", args, code, out, errs, wantCode, want)
		}
	}
	check([]string{"export", "--format", "json", "--from", "0001-01-01"}, exitUsage, "--from: date 0001-01-01 is before 1900")
	check([]string{"export", "--format", "json", "--to", "0001-01-01"}, exitUsage, "--to: date 0001-01-01 is before 1900")
	check([]string{"settings", "--total-budget", digits(41)}, exitRuntime, "--total-budget: amount \"0.111111111111111111…\": "+tooLong)
	check([]string{"snapshot", "--price", digits(41), "--currency", "USD", "some-id", "NVDA"}, exitRuntime, "--price: amount \"0.111111111111111111…\": "+tooLong)
	if out, errs, code := hs(t, db, "", "settings", "--total-budget", digits(40)); code != 0 {
		t.Errorf("40 digits: code %d, out %q, err %q", code, out, errs)
	}

	// The same values in a file to import.
	demo := filepath.Join(dir, "demo.db")
	if _, errs, code := hs(t, db, "", "demo"); code != 0 {
		t.Fatal(errs)
	}
	export := filepath.Join(dir, "demo.json")
	if _, errs, code := hs(t, demo, "", "export", "--format", "json", "-o", export); code != 0 {
		t.Fatal(errs)
	}
	orig, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ field, value, want string }{
		{"review_by", `"0001-01-01"`, "review_by: date 0001-01-01 is before 1900"},
		{"created_at", `"0001-01-01T00:00:00Z"`, `created_at: "0001-01-01T00:00:00Z" is before 1900`},
		{"amount", `"` + digits(41) + `"`, "amount: amount \"0.111111111111111111…\": " + tooLong},
	} {
		re := regexp.MustCompile(`"` + c.field + `": *"[^"]*"`)
		loc := re.FindIndex(orig)
		if loc == nil {
			t.Fatalf("no %s in the export", c.field)
		}
		file := filepath.Join(dir, c.field+".json")
		edited := string(orig[:loc[0]]) + `"` + c.field + `": ` + c.value + string(orig[loc[1]:])
		if err := os.WriteFile(file, []byte(edited), 0o600); err != nil {
			t.Fatal(err)
		}
		check([]string{"import", "--dry-run", file}, exitRuntime, c.want)
	}
}
