//go:build windows

package boltdb

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

var errLockTimeout = errors.New("lock timeout")

// releaseLockBeforeReplace says Restore must let go of the journal's lock before it
// renames the restored copy over the journal: Windows refuses to replace a file that is open, even by the process replacing it.
const releaseLockBeforeReplace = true

// lockRange is the byte range bbolt locks: one byte at offset 2^64-1.
func lockRange() *windows.Overlapped {
	const m1 = (1 << 32) - 1
	return &windows.Overlapped{Offset: m1, OffsetHigh: m1}
}

// lockFile takes the exclusive lock bbolt takes on a journal file, waiting
// up to timeout for another process to release it.
func lockFile(f *os.File, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		err := windows.LockFileEx(windows.Handle(f.Fd()),
			windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, lockRange())
		if err == nil {
			return nil
		}
		if err != windows.ERROR_LOCK_VIOLATION {
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
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, lockRange())
}
