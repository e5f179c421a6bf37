package boltdb

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
)

// backupStamp is the UTC time format in backup file names.
const backupStamp = "20060102T150405Z"

// BackupInfo describes one backup file.
type BackupInfo struct {
	// Path is the backup file's path.
	Path string
	// Time is when the backup was made (UTC), from its name.
	Time time.Time
	// Size is the file's size in bytes.
	Size int64

	seq   int
	order int // position in the order file, from 1; 0 when not listed there
}

// backupDir returns the folder that holds the backups of the journal at path.
func backupDir(path string) string { return filepath.Join(filepath.Dir(path), "backups") }

// backupStem returns the journal file's name without its extension, the
// start of its backups' names ("journal" for journal.db).
func backupStem(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// orderPath returns the order file of the backups of the journal at path:
// "backups/.<stem>.order" lists the names of the backups in the order they
// were written and verified, one a line, the last written last. The clock
// that dates backup names may have been wrong; this order is not.
func orderPath(path string) string {
	return filepath.Join(backupDir(path), "."+backupStem(path)+".order")
}

// readOrder returns the names listed in the order file, oldest first; none
// when it is missing or unreadable.
func readOrder(path string) []string {
	b, err := os.ReadFile(orderPath(path))
	if err != nil {
		return nil
	}
	return strings.Fields(string(b))
}

// recordBackup adds the backup just written at final to the end of the
// order file, dropping the names of backups that are gone. The file is
// replaced in one step.
func recordBackup(path, final string) error {
	dir := backupDir(path)
	var names []string
	for _, name := range readOrder(path) {
		if name == filepath.Base(final) {
			continue
		}
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			names = append(names, name)
		}
	}
	names = append(names, filepath.Base(final))
	tmp, err := os.CreateTemp(dir, "."+backupStem(path)+"-order-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	_, err = tmp.WriteString(strings.Join(names, "\n") + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), orderPath(path))
	}
	if err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// parseBackupName reads "<stem>-20261129T083000Z.db.gz" or
// "<stem>-20261129T083000Z-2.db.gz", and the same names ending in ".db"
// (uncompressed backups).
func parseBackupName(stem, name string) (t time.Time, seq int, ok bool) {
	rest, found := strings.CutPrefix(name, stem+"-")
	if !found {
		return t, 0, false
	}
	rest, found = strings.CutSuffix(rest, compressedSuffix)
	if !found {
		rest, found = strings.CutSuffix(rest, ".db")
	}
	if !found || len(rest) < len(backupStamp) {
		return t, 0, false
	}
	t, err := time.Parse(backupStamp, rest[:len(backupStamp)])
	if err != nil {
		return t, 0, false
	}
	if tail := rest[len(backupStamp):]; tail != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(tail, "-"))
		if !strings.HasPrefix(tail, "-") || err != nil || n < 2 {
			return t, 0, false
		}
		seq = n
	}
	return t, seq, true
}

// ListBackups returns the backups of the journal at journalPath, newest first:
// those in the order file by when they were written and verified, then any
// others (made by an older Hindsight, or copied there) by the time in their
// names.
func ListBackups(journalPath string) ([]BackupInfo, error) {
	dir := backupDir(journalPath)
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("backups of %s: %w", journalPath, err)
	}
	stem := backupStem(journalPath)
	order := map[string]int{}
	for i, name := range readOrder(journalPath) {
		order[name] = i + 1
	}
	var out []BackupInfo
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		t, seq, ok := parseBackupName(stem, e.Name())
		if !ok {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		out = append(out, BackupInfo{Path: filepath.Join(dir, e.Name()), Time: t, Size: fi.Size(), seq: seq, order: order[e.Name()]})
	}
	slices.SortFunc(out, func(a, b BackupInfo) int {
		if a.order != b.order {
			return b.order - a.order
		}
		if c := b.Time.Compare(a.Time); c != 0 {
			return c
		}
		return b.seq - a.seq
	})
	return out, nil
}

// Verify checks that the bbolt file at path is a sound Hindsight journal:
// it opens it read-only and runs the page walk and bbolt's consistency
// check. A compressed backup is decompressed into a temporary file first,
// which is checked the same way and removed. A damaged file gives an
// EDAMAGED error with the reason.
func Verify(path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &journal.Error{Code: journal.ENOTFOUND, Message: fmt.Sprintf("%s does not exist", path)}
	}
	if err != nil {
		return fmt.Errorf("verify %s: %w", path, err)
	}
	if fi.IsDir() {
		return journal.Errorf(journal.EINVALID, "%s is a directory", path)
	}
	if !fi.Mode().IsRegular() {
		return notRegular(path, fi)
	}
	compressed, err := isCompressed(path)
	if err != nil {
		return fmt.Errorf("verify %s: %w", path, err)
	}
	if !compressed {
		return verifyFile(path, path)
	}
	tmp, err := decompressTemp(path)
	if err != nil {
		return &journal.Error{Code: journal.EDAMAGED, Message: fmt.Sprintf("backup %s is damaged (it does not decompress: %v)", path, err)}
	}
	defer os.Remove(tmp)
	return verifyFile(tmp, path)
}

// verifyFile is Verify of the bbolt file at path, named name in errors.
func verifyFile(path, name string) error {
	damaged := func(reason string) error {
		return &journal.Error{Code: journal.EDAMAGED, Message: fmt.Sprintf("journal %s is damaged (%s)", name, reason)}
	}
	if reason := inspectFile(path); reason != "" {
		return damaged(reason)
	}
	bdb, err := openBolt(path, true, false, DefaultLockTimeout)
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return lockedError(name)
		}
		return damaged(err.Error())
	}
	defer bdb.Close()
	if reason := rollbackReason(path); reason != "" {
		return damaged(reason)
	}
	if reason := checkOpen(path, bdb); reason != "" {
		return damaged(reason)
	}
	err = bdb.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil || len(meta.Get(keySchemaVersion)) != 4 {
			return damaged("not a Hindsight journal")
		}
		return nil
	})
	return err
}

// backupDue reports whether the newest backup written is not dated on the
// current calendar day.
func (db *DB) backupDue() bool {
	now := db.opts.Now()
	backups, err := ListBackups(db.path)
	if err != nil || len(backups) == 0 {
		return true
	}
	y, m, d := now.Date()
	by, bm, bd := backups[0].Time.In(now.Location()).Date()
	return y != by || m != bm || d != bd
}

// Backup makes a backup of the journal now, whatever the day's backups: a
// hot copy, compacted and gzipped (see compress.go), written to a temporary
// file, renamed into backups/ beside the journal and verified by
// decompressing it and checking the copy. A copy that fails verification is removed and the
// error says so. The backups written before the newest Options.BackupKeep
// are removed; the one just written never is. It returns the backup's path.
// The first call after an open that made a backup, with nothing written
// since, returns that backup instead of writing an identical one.
func (db *DB) Backup() (string, error) {
	if db.openBackupFresh.CompareAndSwap(true, false) && db.commits.Load() == db.openBackupCommits {
		if _, err := os.Stat(db.openBackup); err == nil {
			return db.openBackup, nil
		}
	}
	return db.backup()
}

func (db *DB) backup() (string, error) {
	dir := backupDir(db.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("backup of %s: %w", db.path, err)
	}
	stem := backupStem(db.path)
	stamp := db.opts.Now().UTC().Format(backupStamp)
	final := ""
	for seq := 1; ; seq++ {
		name := fmt.Sprintf("%s-%s%s", stem, stamp, compressedSuffix)
		if seq > 1 {
			name = fmt.Sprintf("%s-%s-%d%s", stem, stamp, seq, compressedSuffix)
		}
		final = filepath.Join(dir, name)
		if _, err := os.Lstat(final); errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	tmp, err := os.CreateTemp(dir, "."+stem+"-*.tmp")
	if err != nil {
		return "", fmt.Errorf("backup of %s: %w", db.path, err)
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName) // no-op once renamed
	compact := tmpName + ".compact"
	defer os.Remove(compact)
	err = db.view(func(tx *bolt.Tx) error {
		return compactInto(tx, compact)
	})
	if err == nil {
		err = compressFile(tmp, compact)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmpName, 0o600)
	}
	if err == nil {
		err = os.Rename(tmpName, final)
	}
	if err != nil {
		return "", fmt.Errorf("backup of %s: %w", db.path, err)
	}
	syncDir(dir)
	if err := Verify(final); err != nil {
		_ = os.Remove(final)
		return "", &journal.Error{
			Code:    journal.ErrorCode(err),
			Message: fmt.Sprintf("backup %s failed verification and was removed", final),
			Err:     err,
		}
	}
	// Without the order recorded, rotation could take the wrong backups:
	// keep them all.
	if err := recordBackup(db.path, final); err != nil {
		return final, fmt.Errorf("backup %s: recording its order: %w", final, err)
	}
	if err := rotateBackups(db.path, db.opts.BackupKeep, final); err != nil {
		return final, err
	}
	return final, nil
}

// rotateBackups removes all but the newest keep backups, never the one at
// final, just written.
func rotateBackups(path string, keep int, final string) error {
	backups, err := ListBackups(path)
	if err != nil {
		return err
	}
	for _, b := range backups[min(keep, len(backups)):] {
		if b.Path == final {
			continue
		}
		if err := os.Remove(b.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove old backup: %w", err)
		}
	}
	return nil
}

// notRegular refuses a path that is not a regular file (a FIFO or a device
// would block or never end when read); what names it.
func notRegular(what string, fi fs.FileInfo) error {
	kind := "a special file"
	switch {
	case fi.IsDir():
		kind = "a directory"
	case fi.Mode()&fs.ModeNamedPipe != 0:
		kind = "a named pipe"
	case fi.Mode()&fs.ModeSocket != 0:
		kind = "a socket"
	case fi.Mode()&fs.ModeDevice != 0:
		kind = "a device"
	}
	return journal.Errorf(journal.EINVALID, "%s is not a regular file (it is %s); only regular files are read", what, kind)
}

// syncDir flushes a directory's entries where the platform allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// Restore puts the backup at backupPath in place of the journal at
// journalPath. The backup is verified first; the current journal file, if
// any, is kept as "<journal file>.damaged-<time>" (returned as movedAside).
// It refuses with ELOCKED while another Hindsight has the journal open, and
// with EINVALID when backupPath is the journal itself (under any name).
// A journalPath that is a symbolic link is restored through the link: the
// link stays, the file it names is replaced and moved aside beside itself.
func Restore(journalPath, backupPath string) (movedAside string, err error) {
	journalPath = filepath.Clean(journalPath)
	if isJournalItself(journalPath, backupPath) {
		return "", journal.Errorf(journal.EINVALID, "cannot restore %s from %s: %s is the journal itself",
			journalPath, backupPath, backupPath)
	}
	// A compressed backup is verified once decompressed beside the journal.
	compressed := false
	if fi, err := os.Stat(backupPath); err == nil && fi.Mode().IsRegular() {
		if compressed, err = isCompressed(backupPath); err != nil {
			return "", fmt.Errorf("restore from %s: %w", backupPath, err)
		}
	}
	if !compressed {
		if err := Verify(backupPath); err != nil {
			return "", fmt.Errorf("restore from %s: %w", backupPath, err)
		}
	}
	target, err := followLinks(journalPath)
	if err != nil {
		return "", fmt.Errorf("restore %s: %w", journalPath, err)
	}
	if fi, err := os.Stat(target); err == nil && !fi.Mode().IsRegular() {
		return "", notRegular("journal "+journalPath, fi)
	}
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("restore %s: %w", journalPath, err)
	}

	// Hold the journal's lock (as bbolt takes it) for the whole swap (on Windows, up to
	// the final rename, which it would refuse while the journal is open).
	lock, err := os.Open(target)
	release := func() {}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		lock = nil
	case err != nil:
		return "", fmt.Errorf("restore %s: %w", journalPath, err)
	default:
		if err := lockFile(lock, DefaultLockTimeout); err != nil {
			_ = lock.Close()
			if errors.Is(err, errLockTimeout) {
				return "", lockedError(journalPath)
			}
			return "", fmt.Errorf("restore %s: lock: %w", journalPath, err)
		}
		var once sync.Once
		release = func() {
			once.Do(func() {
				unlockFile(lock)
				_ = lock.Close()
			})
		}
	}
	defer release()

	// Copy the backup beside the journal first, so that the journal's path
	// never stands empty.
	tmp, err := os.CreateTemp(dir, "."+backupStem(target)+"-restore-*.tmp")
	if err != nil {
		return "", fmt.Errorf("restore %s: %w", journalPath, err)
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName)
	if compressed {
		if err = decompressFile(tmp, backupPath); err != nil {
			_ = tmp.Close()
			return "", &journal.Error{Code: journal.EDAMAGED, Message: fmt.Sprintf("restore from %s: backup is damaged (it does not decompress: %v)", backupPath, err)}
		}
	} else {
		var src *os.File
		if src, err = os.Open(backupPath); err == nil {
			_, err = io.Copy(tmp, src)
			_ = src.Close()
		}
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil && compressed {
		if err := verifyFile(tmpName, backupPath); err != nil {
			return "", fmt.Errorf("restore from %s: %w", backupPath, err)
		}
	}
	if err == nil {
		err = os.Chmod(tmpName, 0o600)
	}
	if err == nil {
		// The journal's record of its last commit now describes the copy
		// (see commit.go). A record older than the file is harmless, so it
		// is written before the copy takes the journal's place.
		err = recordCopy(journalPath, tmpName)
	}
	// A journal reached through a link may also be opened by its own name.
	if _, lerr := os.Lstat(commitPath(target)); err == nil && target != journalPath && lerr == nil {
		err = recordCopy(target, tmpName)
	}
	if err != nil {
		return "", fmt.Errorf("restore %s: %w", journalPath, err)
	}

	if lock != nil {
		stamp := time.Now().UTC().Format(backupStamp)
		for seq := 1; ; seq++ {
			movedAside = fmt.Sprintf("%s.damaged-%s", target, stamp)
			if seq > 1 {
				movedAside = fmt.Sprintf("%s-%d", movedAside, seq)
			}
			if _, err := os.Lstat(movedAside); errors.Is(err, fs.ErrNotExist) {
				break
			}
		}
		// A hard link keeps the old file under its new name while the
		// rename below replaces the journal in one step.
		if err := os.Link(target, movedAside); err != nil {
			if releaseLockBeforeReplace {
				release()
			}
			if err := os.Rename(target, movedAside); err != nil {
				return "", fmt.Errorf("restore %s: move aside: %w", journalPath, err)
			}
		}
	}
	if releaseLockBeforeReplace {
		release()
	}
	if err := os.Rename(tmpName, target); err != nil {
		return movedAside, fmt.Errorf("restore %s: %w", journalPath, err)
	}
	syncDir(dir)
	return movedAside, nil
}

// isJournalItself reports whether backupPath names the journal at
// journalPath: the same path, the same file through links, or the same file
// under another name.
func isJournalItself(journalPath, backupPath string) bool {
	abs1, err1 := filepath.Abs(journalPath)
	abs2, err2 := filepath.Abs(backupPath)
	if err1 == nil && err2 == nil && abs1 == abs2 {
		return true
	}
	jfi, err1 := os.Stat(journalPath)
	bfi, err2 := os.Stat(backupPath)
	return err1 == nil && err2 == nil && os.SameFile(jfi, bfi)
}
