//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package boltdb_test

import (
	"os"
	"syscall"
)

func flockExclusive(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_EX) }
