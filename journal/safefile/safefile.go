// Package safefile writes the files Hindsight exports without ever destroying what the
// person did not choose to replace: the file appears whole or not at all (a temporary
// file in the target's folder, synced, then renamed over it); a symbolic link is written
// through, never replaced; an existing file keeps its permissions and a new one gets
// those the umask allows; and a target that is a folder, a device or pipe, or one of the
// journal's own files (Guard) is refused before anything is written.
package safefile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"hindsight/journal"
)

// maxLinks bounds how many symbolic links are followed to reach a target.
const maxLinks = 40

// Guard names the files an export must never replace: the journal, its backups, its
// sidecar files and the quotes cache. Paths are compared after symbolic links are
// followed, and existing files also by identity (a hard link to the journal is the
// journal).
type Guard struct {
	// Files are refused as targets.
	Files []string
	// Dirs are folders no target may be in (at any depth).
	Dirs []string
	// Prefixes refuse any target whose path starts with one of them (the journal's
	// sidecars: "journal.db.lock", "journal.db.damaged-…").
	Prefixes []string
}

// Target resolves path as the file an export writes: symbolic links are followed to the
// file they name (which need not exist yet). It refuses a folder, anything that is not a
// regular file, and whatever g protects, with an EINVALID error naming path and why.
func Target(path string, g Guard) (string, error) {
	if path == "" {
		return "", journal.Errorf(journal.EINVALID, "no file name given")
	}
	target, err := follow(path)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(target)
	switch {
	case err == nil && fi.IsDir():
		return "", journal.Errorf(journal.EINVALID, "%s is a folder: give a file name inside it", path)
	case err == nil && !fi.Mode().IsRegular():
		return "", journal.Errorf(journal.EINVALID, "%s is not a regular file (%s): exports are written to files only", path, kind(fi.Mode()))
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if err := g.check(path, target, fi); err != nil {
		return "", err
	}
	return target, nil
}

// follow returns the path that path names once every symbolic link is followed; the
// last element need not exist.
func follow(path string) (string, error) {
	p := path
	for range maxLinks {
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, nil
		}
		if err != nil {
			return "", fmt.Errorf("%s: %w", path, err)
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return p, nil
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", fmt.Errorf("%s: %w", path, err)
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return "", journal.Errorf(journal.EINVALID, "%s: too many symbolic links", path)
}

// canonical returns p absolute, with the symbolic links of its folder resolved.
func canonical(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}

func (g Guard) check(asked, target string, fi fs.FileInfo) error {
	t := canonical(target)
	refuse := func(what string) error {
		return journal.Errorf(journal.EINVALID, "%s is %s: an export never replaces it; choose another file", asked, what)
	}
	for _, f := range g.Files {
		if f == "" {
			continue
		}
		c := canonical(f)
		if sameName(t, c) {
			return refuse("the journal's own file " + f)
		}
		if fi != nil {
			if other, err := os.Stat(c); err == nil && os.SameFile(fi, other) {
				return refuse("the journal's own file " + f)
			}
		}
	}
	for _, d := range g.Dirs {
		if d == "" {
			continue
		}
		c := canonical(d)
		if rel, err := filepath.Rel(c, t); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && rel != "." {
			return refuse("inside the journal's folder " + d)
		}
	}
	for _, p := range g.Prefixes {
		if p == "" {
			continue
		}
		if c := canonical(p); hasPrefix(t, c) {
			return refuse("one of the journal's own files (" + filepath.Base(p) + "…)")
		}
	}
	return nil
}

// kind names a non-regular file mode for a message.
func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

var tmpSeq atomic.Uint64

// Write writes a file at path (Target resolves it) through a temporary file in the
// target's folder that is synced and renamed over the target only when write succeeded
// and ctx is not cancelled; on any failure the target is left as it was. An existing
// target keeps its permission bits; a new one gets 0666 less the umask.
func Write(ctx context.Context, path string, g Guard, write func(io.Writer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	target, err := Target(path, g)
	if err != nil {
		return err
	}
	mode := fs.FileMode(0)
	if fi, err := os.Stat(target); err == nil {
		mode = fi.Mode().Perm()
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	var tmp *os.File
	var name string
	for {
		name = filepath.Join(dir, "."+base+".tmp-"+strconv.FormatInt(time.Now().UnixNano(), 36)+"-"+strconv.FormatUint(tmpSeq.Add(1), 36))
		// 0666: the umask decides, as for any new file.
		tmp, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		break
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if err := write(tmp); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if mode != 0 {
		if err := os.Chmod(name, mode); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(name, target); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done = true
	return nil
}
