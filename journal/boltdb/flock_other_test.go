//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package boltdb_test

import (
	"errors"
	"os"
)

func flockExclusive(*os.File) error { return errors.New("flock is not available here") }
