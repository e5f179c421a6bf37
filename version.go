package main

import (
	_ "embed"
	"regexp"
	"runtime/debug"
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

// versionLine is what --version and the version command print: the version, the commit
// the binary was built from and whether the tree had changes not committed, as the Go
// toolchain recorded them (go build -buildvcs), e.g. "hindsight 1.2.0 (commit 3f2a9c1d, modified)".
func versionLine() string {
	info, _ := debug.ReadBuildInfo()
	return formatVersion(version, info)
}

func formatVersion(v string, info *debug.BuildInfo) string {
	rev, modified := "", false
	if info != nil {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if rev == "" {
		return "hindsight " + v + " (unknown commit)"
	}
	if len(rev) > 8 {
		rev = rev[:8]
	}
	if modified {
		return "hindsight " + v + " (commit " + rev + ", modified)"
	}
	return "hindsight " + v + " (commit " + rev + ")"
}

// buildTime is the commit time recorded by the toolchain (vcs.time, RFC 3339), or "".
func buildTime() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.time" {
				return s.Value
			}
		}
	}
	return ""
}
