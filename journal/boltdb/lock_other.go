//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package boltdb

import (
	"errors"
	"os"
	"time"
)

var errLockTimeout = errors.New("lock timeout")

// releaseLockBeforeReplace says Restore must let go of the journal's lock before it
// renames the restored copy over the journal: Nothing is locked here.
const releaseLockBeforeReplace = false

// lockFile reports that this system has no lock compatible with bbolt's.
func lockFile(*os.File, time.Duration) error {
	return errors.New("file locking is not supported on this system")
}

// unlockFile does nothing.
func unlockFile(*os.File) {}
