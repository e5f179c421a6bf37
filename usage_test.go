package main

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Every command's usage line names exactly the flags it defines (besides
// the global --db): none that does not exist, none left out.
func TestUsageLinesMatchFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "journal.db")
	usageFlag := regexp.MustCompile(`(?:^|[\s\[|])--?([a-z][a-z0-9-]*)`)
	defined := regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)`)
	for _, c := range commands() {
		out, errs, code := hs(t, db, "", append(strings.Fields(c.name), "--help")...)
		if code != exitOK {
			t.Errorf("%s --help: code %d, %q", c.name, code, errs)
			continue
		}
		if first, _, _ := strings.Cut(out, "\n"); first != strings.TrimSpace("Usage: hindsight "+c.name+" "+c.args) {
			t.Errorf("%s --help: usage line %q", c.name, first)
		}
		var inUsage, inSet []string
		for _, m := range usageFlag.FindAllStringSubmatch(c.args, -1) {
			inUsage = append(inUsage, m[1])
		}
		_, defaults, _ := strings.Cut(out, "\nOptions:\n")
		for _, m := range defined.FindAllStringSubmatch(defaults, -1) {
			inSet = append(inSet, m[1])
		}
		// Every command takes --db; its absence means the list was not read.
		if !slices.Contains(inSet, "db") {
			t.Errorf("%s --help lists no --db:\n%s", c.name, out)
		}
		inSet = slices.DeleteFunc(inSet, func(f string) bool { return f == "db" })
		for _, f := range inUsage {
			if !slices.Contains(inSet, f) {
				t.Errorf("%s: the usage line names --%s, which it does not define", c.name, f)
			}
		}
		for _, f := range inSet {
			if !slices.Contains(inUsage, f) {
				t.Errorf("%s: --%s is defined but missing from the usage line %q", c.name, f, c.args)
			}
		}
	}
}
