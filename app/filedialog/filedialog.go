// Package filedialog shows the operating system's own file-open and file-save
// dialogs.
//
// On Linux and the BSDs it asks the xdg-desktop-portal FileChooser over the
// D-Bus session bus, and falls back to the zenity or kdialog programs. On
// Windows it calls the common dialogs in comdlg32.dll, and on macOS it runs
// AppleScript through osascript. Nothing here needs cgo.
//
// Every call blocks until the person has chosen or cancelled, so call it from
// a background goroutine, never from the UI goroutine. When no native dialog
// can be shown the functions return ErrUnavailable and the caller shows its
// own dialog instead.
//
// The environment variable HINDSIGHT_FILE_DIALOG overrides the automatic
// choice: "portal", "zenity" or "kdialog" force that mechanism, "none" turns
// native dialogs off, and an empty value or "auto" selects automatically.
// Any other value, or a mechanism this operating system does not have, makes
// every call return ErrUnavailable.
package filedialog

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// EnvBackend is the environment variable that overrides the automatic
// choice of dialog mechanism.
const EnvBackend = "HINDSIGHT_FILE_DIALOG"

// Backend names reported by Backend and accepted in HINDSIGHT_FILE_DIALOG.
const (
	// BackendPortal is the xdg-desktop-portal FileChooser on the session bus.
	BackendPortal = "portal"
	// BackendZenity is the zenity program.
	BackendZenity = "zenity"
	// BackendKDialog is the kdialog program.
	BackendKDialog = "kdialog"
	// BackendWindows is the Windows common file dialog.
	BackendWindows = "windows"
	// BackendMacOS is AppleScript's file dialogs run through osascript.
	BackendMacOS = "macos"
	// BackendNone is the HINDSIGHT_FILE_DIALOG value that turns native
	// dialogs off; Backend never reports it.
	BackendNone = "none"
)

// ErrUnavailable reports that no native file dialog can be shown on this
// system; the caller should fall back to its own dialog.
var ErrUnavailable = errors.New("no native file dialog available")

// Filter is one entry of the dialog's file-type list, for example
// {Name: "JSON", Extensions: []string{"json"}}. Extensions are written
// without dots; a filter without extensions matches every file.
type Filter struct {
	Name       string
	Extensions []string
}

// Parent identifies the application window a dialog belongs to, so that the
// dialog is modal to it. The zero value means no parent.
type Parent struct {
	// X11Window is the X11 window id, used on Linux and the BSDs.
	X11Window uintptr
	// HWND is the window handle, used on Windows.
	HWND uintptr
}

// OpenOptions configures Open.
type OpenOptions struct {
	// Title is the dialog's title; empty leaves the system default.
	Title string
	// Dir is the folder the dialog starts in; empty leaves the system default.
	Dir string
	// Filters is the file-type list; the first entry is selected initially.
	Filters []Filter
	// Parent is the window the dialog is modal to.
	Parent Parent
}

// SaveOptions configures Save.
type SaveOptions struct {
	// Title is the dialog's title; empty leaves the system default.
	Title string
	// Dir is the folder the dialog starts in; empty leaves the system default.
	Dir string
	// FileName is the suggested file name, without a folder.
	FileName string
	// Filters is the file-type list; the first entry is selected initially and
	// its first extension is added to a name typed without one.
	Filters []Filter
	// Parent is the window the dialog is modal to.
	Parent Parent
}

// request is what every platform implementation receives.
type request struct {
	save     bool
	title    string
	dir      string
	fileName string
	filters  []Filter
	parent   Parent
}

// Open shows the native file-open dialog and returns the chosen file's
// absolute path, or "" with a nil error when the person cancelled. It blocks
// until the dialog closes or ctx ends; when ctx ends first it returns an
// error wrapping ctx.Err() (on Windows the dialog cannot be closed from the
// outside, so the error comes once the person has closed it).
func Open(ctx context.Context, o OpenOptions) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("open dialog: %w", err)
	}
	path, err := pick(ctx, request{
		title:   o.Title,
		dir:     absDir(o.Dir),
		filters: cleanFilters(o.Filters),
		parent:  o.Parent,
	})
	if err != nil {
		return "", fmt.Errorf("open dialog: %w", err)
	}
	return path, nil
}

// Save shows the native file-save dialog and returns the path the person
// chose to save to, or "" with a nil error when the person cancelled. When
// the chosen name has no extension, the first extension of the first filter
// is appended. Blocking and ctx behave as for Open.
func Save(ctx context.Context, o SaveOptions) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("save dialog: %w", err)
	}
	filters := cleanFilters(o.Filters)
	path, err := pick(ctx, request{
		save:     true,
		title:    o.Title,
		dir:      absDir(o.Dir),
		fileName: baseName(o.FileName),
		filters:  filters,
		parent:   o.Parent,
	})
	if err != nil {
		return "", fmt.Errorf("save dialog: %w", err)
	}
	return ensureExtension(path, filters), nil
}

// Backend reports which mechanism Open and Save would use now: "portal",
// "zenity", "kdialog", "windows", "macos", or "" when none is available. It
// is meant for the About box and logs, and never shows a dialog.
func Backend(ctx context.Context) string {
	return backend(ctx)
}

// override returns the lower-cased value of HINDSIGHT_FILE_DIALOG, with
// "auto" mapped to "".
func override() string {
	v := strings.ToLower(strings.TrimSpace(os.Getenv(EnvBackend)))
	if v == "auto" {
		return ""
	}
	return v
}

// unavailable builds an ErrUnavailable error for a forced backend value this
// platform cannot honour.
func unavailable(mode string) error {
	if mode == BackendNone {
		return fmt.Errorf("%w: turned off by %s=none", ErrUnavailable, EnvBackend)
	}
	return fmt.Errorf("%w: %s=%q is not supported here", ErrUnavailable, EnvBackend, mode)
}

// baseName returns the last element of name, or "" when name is empty, so a
// suggested file name never carries a folder into the dialog.
func baseName(name string) string {
	if name == "" {
		return ""
	}
	b := filepath.Base(name)
	if b == "." || b == string(filepath.Separator) {
		return ""
	}
	return b
}

// absDir returns dir as an absolute, cleaned path, or "" when dir is empty.
func absDir(dir string) string {
	if dir == "" {
		return ""
	}
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return filepath.Clean(dir)
}
