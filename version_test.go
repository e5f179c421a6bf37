package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestFormatVersion(t *testing.T) {
	vcs := func(kv ...string) *debug.BuildInfo {
		info := &debug.BuildInfo{}
		for i := 0; i < len(kv); i += 2 {
			info.Settings = append(info.Settings, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return info
	}
	rev := "3f2a9c1d0b7e4a5f6c8d9e0f1a2b3c4d5e6f7a8b"
	for _, tc := range []struct {
		info *debug.BuildInfo
		want string
	}{
		{vcs("vcs.revision", rev, "vcs.modified", "false"), "hindsight 1.2.0 (commit 3f2a9c1d)"},
		{vcs("vcs.revision", rev, "vcs.modified", "true"), "hindsight 1.2.0 (commit 3f2a9c1d, modified)"},
		{vcs("vcs.revision", rev), "hindsight 1.2.0 (commit 3f2a9c1d)"},
		{vcs("-trimpath", "true"), "hindsight 1.2.0 (unknown commit)"},
		{nil, "hindsight 1.2.0 (unknown commit)"},
	} {
		if got := formatVersion("1.2.0", tc.info); got != tc.want {
			t.Errorf("formatVersion(%v) = %q, want %q", tc.info, got, tc.want)
		}
	}
}

// --version and the version command print the same line, which starts with the
// version from FyneApp.toml and names a commit (or says it is unknown).
func TestVersionOutput(t *testing.T) {
	db := t.TempDir() + "/journal.db"
	opt, _, code := hs(t, db, "", "--version")
	if code != exitOK {
		t.Fatalf("--version: exit %d", code)
	}
	cmd, _, code := hs(t, db, "", "version")
	if code != exitOK {
		t.Fatalf("version: exit %d", code)
	}
	if opt != cmd {
		t.Errorf("--version printed %q, version printed %q", opt, cmd)
	}
	if !strings.HasPrefix(opt, "hindsight "+version+" (") || !strings.Contains(opt, "commit") {
		t.Errorf("--version printed %q", opt)
	}
}
