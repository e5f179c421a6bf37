//go:build !linux

package app

// releasePages does nothing where the kernel cannot be advised.
func releasePages([]byte) {}
