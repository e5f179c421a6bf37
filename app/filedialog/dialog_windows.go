//go:build windows

package filedialog

import (
	"context"
	"fmt"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// Procedures of the Windows common dialog library.
var (
	comdlg32                 = windows.NewLazySystemDLL("comdlg32.dll")
	procGetOpenFileNameW     = comdlg32.NewProc("GetOpenFileNameW")
	procGetSaveFileNameW     = comdlg32.NewProc("GetSaveFileNameW")
	procCommDlgExtendedError = comdlg32.NewProc("CommDlgExtendedError")
)

// pick shows the common open or save dialog for r. The dialog is modal and
// cannot be closed from the outside: when ctx ends while it is open, the
// error is returned once the person closes it.
func pick(ctx context.Context, r request) (string, error) {
	if mode := override(); mode != "" && mode != BackendWindows {
		return "", unavailable(mode)
	}
	if err := procGetOpenFileNameW.Find(); err != nil {
		return "", fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	path, err := showCommonDialog(r)
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	return path, err
}

// backend reports "windows" unless HINDSIGHT_FILE_DIALOG names another
// mechanism or comdlg32.dll is missing.
func backend(context.Context) string {
	if mode := override(); mode != "" && mode != BackendWindows {
		return ""
	}
	if err := procGetOpenFileNameW.Find(); err != nil {
		return ""
	}
	return BackendWindows
}

// showCommonDialog fills an OPENFILENAMEW for r and calls GetOpenFileNameW
// or GetSaveFileNameW on a locked OS thread.
func showCommonDialog(r request) (string, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	// The Explorer-style dialog uses COM; make sure this thread is in a
	// single-threaded apartment. A thread already in another apartment keeps it.
	if err := windows.CoInitializeEx(0, windows.COINIT_APARTMENTTHREADED|windows.COINIT_DISABLE_OLE1DDE); err == nil || err == syscall.Errno(windows.S_FALSE) {
		defer windows.CoUninitialize()
	}

	buf := make([]uint16, windowsFileBufferLen)
	if r.save && r.fileName != "" {
		name, err := windows.UTF16FromString(r.fileName)
		if err != nil {
			return "", fmt.Errorf("file name %q: %w", r.fileName, err)
		}
		if len(name) > len(buf) {
			return "", fmt.Errorf("file name %q is too long", r.fileName)
		}
		copy(buf, name)
	}

	ofn := openFileName{
		owner:       r.parent.HWND,
		file:        &buf[0],
		maxFile:     uint32(len(buf)),
		filterIndex: 1,
		flags:       ofnOpenFlags,
	}
	ofn.structSize = uint32(unsafe.Sizeof(ofn))
	if r.save {
		ofn.flags = ofnSaveFlags
	}
	filter := windowsFilter(r.filters)
	if len(filter) > 0 {
		ofn.filter = &filter[0]
	}
	var err error
	if ofn.title, err = optionalUTF16(r.title); err != nil {
		return "", fmt.Errorf("title: %w", err)
	}
	if ofn.initialDir, err = optionalUTF16(r.dir); err != nil {
		return "", fmt.Errorf("folder: %w", err)
	}
	if ofn.defExt, err = optionalUTF16(defaultExtension(r.filters)); err != nil {
		return "", fmt.Errorf("extension: %w", err)
	}

	proc := procGetOpenFileNameW
	if r.save {
		proc = procGetSaveFileNameW
	}
	ok, _, _ := proc.Call(uintptr(unsafe.Pointer(&ofn)))
	runtime.KeepAlive(filter)
	runtime.KeepAlive(buf)
	if ok != 0 {
		return windows.UTF16ToString(buf), nil
	}
	code, _, _ := procCommDlgExtendedError.Call()
	if code == 0 {
		return "", nil
	}
	return "", fmt.Errorf("file dialog failed: code 0x%x", code)
}

// optionalUTF16 returns s as a NUL-terminated UTF-16 string, or nil when s
// is empty.
func optionalUTF16(s string) (*uint16, error) {
	if s == "" {
		return nil, nil
	}
	return windows.UTF16PtrFromString(s)
}
