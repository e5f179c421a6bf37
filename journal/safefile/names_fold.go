//go:build windows || darwin

package safefile

import "strings"

// sameName reports whether two canonical paths name the same file; Windows and macOS
// file systems ignore case by default.
func sameName(a, b string) bool { return strings.EqualFold(a, b) }

// hasPrefix reports whether canonical path p starts with prefix, ignoring case.
func hasPrefix(p, prefix string) bool {
	return len(p) >= len(prefix) && strings.EqualFold(p[:len(prefix)], prefix)
}
