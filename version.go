package main

import (
	_ "embed"
	"regexp"
)

//go:embed FyneApp.toml
var fyneAppToml string

// version is the app version, read from FyneApp.toml so it is kept in one place.
var version = func() string {
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindStringSubmatch(fyneAppToml)
	if m == nil {
		return "dev"
	}
	return m[1]
}()
