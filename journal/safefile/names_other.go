//go:build !windows && !darwin

package safefile

import "strings"

// sameName reports whether two canonical paths name the same file.
func sameName(a, b string) bool { return a == b }

// hasPrefix reports whether canonical path p starts with prefix.
func hasPrefix(p, prefix string) bool { return strings.HasPrefix(p, prefix) }
