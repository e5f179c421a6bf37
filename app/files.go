package app

import (
	"errors"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2/driver"

	"hindsight/app/filedialog"
)

// prefLastDir remembers the folder of the last file imported or exported.
const prefLastDir = "files.last_dir"

// fileRequest is what a file dialog asks for.
type fileRequest struct {
	save    bool
	title   string
	name    string // suggested file name (save)
	filters []filedialog.Filter
}

// pickFile asks for a file with the operating system's own dialog (when Deps allows it
// and the system has one) and runs picked with its path on the UI goroutine; a cancelled
// dialog does nothing. Without a native dialog, fallback shows Fyne's. The dialog runs
// off the UI goroutine, so the window keeps drawing while it is open; only one is open
// at a time.
func (u *UI) pickFile(r fileRequest, picked func(path string), fallback func()) {
	if !u.deps.NativeFileDialogs || u.noNativeDialogs {
		fallback()
		return
	}
	if u.picking {
		return
	}
	u.picking = true
	parent := u.nativeParent()
	dir := u.prefs.String(prefLastDir)
	if dir == "" {
		dir = defaultFileDir()
	}
	u.background(func() {
		var path string
		var err error
		if r.save {
			path, err = filedialog.Save(u.root, filedialog.SaveOptions{
				Title: r.title, Dir: dir, FileName: r.name, Filters: r.filters, Parent: parent,
			})
		} else {
			path, err = filedialog.Open(u.root, filedialog.OpenOptions{
				Title: r.title, Dir: dir, Filters: r.filters, Parent: parent,
			})
		}
		u.do(func() {
			u.picking = false
			switch {
			case u.root.Err() != nil:
				// The app is closing.
			case errors.Is(err, filedialog.ErrUnavailable):
				u.noNativeDialogs = true
				fallback()
			case err != nil:
				u.showErrorWith(tr("files.failed"), err)
			case path == "":
				// Cancelled.
			default:
				u.prefs.SetString(prefLastDir, filepath.Dir(path))
				picked(path)
			}
		})
	})
}

// nativeParent identifies the main window to the window system, so that a native dialog
// opens over it and is modal to it.
func (u *UI) nativeParent() filedialog.Parent {
	var p filedialog.Parent
	nw, ok := u.win.(driver.NativeWindow)
	if !ok {
		return p
	}
	nw.RunNative(func(ctx any) {
		switch c := ctx.(type) {
		case driver.X11WindowContext:
			p.X11Window = c.WindowHandle
		case driver.WindowsWindowContext:
			p.HWND = c.HWND
		}
	})
	return p
}

// defaultFileDir is where the first import or export starts: the Documents folder when
// there is one, else the home folder.
func defaultFileDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	docs := filepath.Join(home, "Documents")
	if st, err := os.Stat(docs); err == nil && st.IsDir() {
		return docs
	}
	return home
}

// kindFilter is the file type of an import or export kind.
func kindFilter(kind string) []filedialog.Filter {
	switch kind {
	case exportJSON:
		return []filedialog.Filter{{Name: tr("files.json"), Extensions: []string{"json"}}}
	case exportCSV:
		return []filedialog.Filter{{Name: tr("files.csv"), Extensions: []string{"csv"}}}
	case exportPDF:
		return []filedialog.Filter{{Name: tr("files.pdf"), Extensions: []string{"pdf"}}}
	}
	return nil
}
