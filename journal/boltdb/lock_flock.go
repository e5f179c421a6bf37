//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package boltdb

import (
	"errors"
	"os"
	"syscall"
	"time"
)

var errLockTimeout = errors.New("lock timeout")

// releaseLockBeforeReplace says Restore must let go of the journal's lock before it
// renames the restored copy over the journal: Unix replaces an open file by rename; the lock can be held to the end.
const releaseLockBeforeReplace = false

// lockFile takes the exclusive lock bbolt takes on a journal file, waiting
// up to timeout for another process to release it.
func lockFile(f *os.File, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return nil
		}
		if err != syscall.EWOULDBLOCK {
			return err
		}
		if time.Now().After(deadline) {
			return errLockTimeout
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// unlockFile releases lockFile's lock.
func unlockFile(f *os.File) {
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}
