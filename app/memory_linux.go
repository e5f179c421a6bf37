package app

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// releasePages tells the kernel that the memory pages wholly inside b will not be needed
// soon, so it may drop them from the resident set. b must be read-only data backed by the
// executable (such as go:embed files): a later read simply loads the pages again.
func releasePages(b []byte) {
	if len(b) == 0 {
		return
	}
	page := uintptr(unix.Getpagesize())
	start := uintptr(unsafe.Pointer(&b[0]))
	end := start + uintptr(len(b))
	first := (start + page - 1) &^ (page - 1)
	last := end &^ (page - 1)
	if last <= first {
		return
	}
	_ = unix.Madvise(b[first-start:last-start], unix.MADV_DONTNEED)
}
