package boltdb

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"hindsight/journal"
)

// BackupDir returns the folder that holds the backups of the journal at path.
func BackupDir(path string) string { return backupDir(path) }

// maxLinks bounds the symbolic links followed from one path.
const maxLinks = 40

// followLinks returns the file that path names once the symbolic links at
// its end are followed, which need not exist (a link to a missing file gives
// that file's path). A path that is not a link is returned as it is.
func followLinks(path string) (string, error) {
	for range maxLinks {
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return path, nil
		}
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		target, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		path = filepath.Clean(target)
	}
	return "", fmt.Errorf("%s: too many levels of symbolic links", path)
}

// danglingLink refuses a path that is a symbolic link to a missing file with
// an ENOTFOUND error naming both. The journal it names is elsewhere (on a
// drive not mounted, or moved), so no new journal is started in its place.
func danglingLink(path string) error {
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	target, err := followLinks(path)
	if err != nil {
		return nil
	}
	return &journal.Error{Code: journal.ENOTFOUND, Message: fmt.Sprintf(
		"journal %s: no such file (it is a symbolic link to %s, which does not exist)", path, target)}
}
