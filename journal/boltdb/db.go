// Package boltdb keeps a Hindsight journal in a single bbolt file. It
// implements journal.Store with secondary indexes (status, tag, symbol,
// review date) kept in the same transaction as each thesis, a full-text
// search index written behind them in batches, schema migrations, daily
// verified backups, and detection of damaged files.
package boltdb

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"hindsight/journal"
)

// Defaults for Options.
const (
	DefaultLockTimeout = time.Second
	DefaultBackupKeep  = 14
	DefaultIndexDelay  = time.Second
)

// fullCheckMax is the largest journal that Open checks page by page (with
// bbolt's consistency check) before using it. Larger journals are checked
// when the daily backup is verified, and any damage met while reading them
// is reported as EDAMAGED.
var fullCheckMax int64 = 32 << 20

// Options configure Open.
type Options struct {
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// LockTimeout bounds the wait for another Hindsight to release the file;
	// zero means DefaultLockTimeout.
	LockTimeout time.Duration
	// ReadOnly opens the journal without writing to it. The file must exist.
	ReadOnly bool
	// NoBackup turns off the backup made when the journal is opened.
	NoBackup bool
	// BackupKeep is the number of backups kept; zero means DefaultBackupKeep.
	BackupKeep int
	// IndexDelay is how long writes must pause before the search words of
	// the theses saved meanwhile are indexed in the background; zero means
	// DefaultIndexDelay. Searches find those theses all the same.
	IndexDelay time.Duration
}

func (o Options) withDefaults() Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.LockTimeout <= 0 {
		o.LockTimeout = DefaultLockTimeout
	}
	if o.BackupKeep <= 0 {
		o.BackupKeep = DefaultBackupKeep
	}
	if o.IndexDelay <= 0 {
		o.IndexDelay = DefaultIndexDelay
	}
	return o
}

// DB is a journal kept in a bbolt file. It implements journal.Store and is
// safe for concurrent use.
type DB struct {
	path string
	opts Options
	bolt *bolt.DB

	// commit is the commit record (see commit.go), held open for writing;
	// nil when read-only.
	commit *os.File

	// wmu serialises write transactions with loads of the vocabulary cache.
	wmu   sync.Mutex
	vocab vocabCache

	// bare is set while the file is of a layout that stores thesis records
	// without their checksum (a read-only open, or before migrating).
	bare bool
	// legacyBase is the base currency that turns the positions of version 1
	// thesis records into fills, set while the file is of a layout before 6
	// (a read-only open).
	legacyBase string

	// damaged is set once damage has been met; writes are then refused.
	damaged atomic.Bool

	// recent holds the theses written last, decoded, so that the next edit of one
	// need not decode its stored record again (see recent.go).
	recent recentTheses

	// idx indexes pending search words in the background (not when read-only).
	idx indexer

	openBackup    string
	openBackupErr error
	// openBackupFresh is set while the backup made at open has not been
	// returned by Backup; openBackupCommits is commits when it was made.
	openBackupFresh   atomic.Bool
	openBackupCommits uint64
	// commits counts the write transactions committed since the open.
	commits atomic.Uint64

	closeOnce sync.Once
	closeErr  error
}

var _ journal.Store = (*DB)(nil)

// DefaultPath returns the journal's usual place: Hindsight/journal.db in the
// user's configuration directory.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("journal path: %w", err)
	}
	return filepath.Join(dir, "Hindsight", "journal.db"), nil
}

// ResolvePath returns the journal path to use: flagValue when set, else the
// HINDSIGHT_DB environment variable when set, else DefaultPath.
func ResolvePath(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if env := os.Getenv("HINDSIGHT_DB"); env != "" {
		return env, nil
	}
	return DefaultPath()
}

// Open opens the journal at path, creating it (and its directory) when it
// does not exist. An existing file is checked before anything is written to
// it: a damaged file gives an EDAMAGED error naming the newest good backup,
// a file held by another Hindsight an ELOCKED error after opts.LockTimeout.
// A symbolic link to a missing file gives an ENOTFOUND error naming both;
// no journal is created through it.
// An older layout is backed up and migrated; a newer one is refused. Unless
// opts.ReadOnly or opts.NoBackup, a verified backup is made once per calendar
// day.
func Open(path string, opts Options) (*DB, error) {
	opts = opts.withDefaults()
	path = filepath.Clean(path)
	if err := danglingLink(path); err != nil {
		return nil, err
	}
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("journal %s: %w", path, err)
		}
	}
	isNew := false
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if opts.ReadOnly {
			return nil, &journal.Error{Code: journal.ENOTFOUND, Message: fmt.Sprintf("journal %s does not exist", path)}
		}
		isNew = true
	case err != nil:
		return nil, fmt.Errorf("journal %s: %w", path, err)
	case fi.IsDir():
		return nil, journal.Errorf(journal.EINVALID, "journal %s is a directory", path)
	case !fi.Mode().IsRegular():
		return nil, notRegular("journal "+path, fi)
	}

	var bdb *bolt.DB
	if isNew {
		bdb, err = openBolt(path, false, true, opts.LockTimeout)
		if errors.Is(err, fs.ErrExist) {
			isNew = false // created by someone else meanwhile: check it like any other
		} else if err != nil {
			return nil, openError(path, err)
		}
	}
	if !isNew {
		if bdb, err = probe(path, opts); err != nil {
			return nil, err
		}
		if !opts.ReadOnly {
			if err := bdb.Close(); err != nil {
				return nil, fmt.Errorf("journal %s: %w", path, err)
			}
			if bdb, err = openBolt(path, false, false, opts.LockTimeout); err != nil {
				if notWritable(err) {
					return nil, readOnlyError(path, err)
				}
				return nil, openError(path, err)
			}
		}
	}
	db := &DB{path: path, opts: opts, bolt: bdb}
	if !opts.ReadOnly {
		if err := db.openCommit(isNew); err != nil {
			_ = bdb.Close()
			return nil, err
		}
	}
	if err := db.setup(isNew); err != nil {
		db.closeFiles()
		return nil, err
	}
	if !opts.ReadOnly {
		if err := db.startIndexer(); err != nil {
			db.closeFiles()
			return nil, err
		}
	}
	return db, nil
}

// openCommit opens the commit record; a new journal starts it afresh, so a
// record left by a deleted journal of the same name does not apply to it.
func (db *DB) openCommit(isNew bool) error {
	f, err := openCommitRecord(db.path)
	if err == nil && isNew {
		err = db.bolt.View(func(tx *bolt.Tx) error { return putCommit(f, uint64(tx.ID())) })
		if err != nil {
			_ = f.Close()
		}
	}
	if err != nil && notWritable(err) {
		return &journal.Error{Code: journal.EINVALID, Message: fmt.Sprintf(
			"journal %s cannot be changed: its commit record %s cannot be written (%s)", db.path, commitPath(db.path), errnoText(err)),
			Err: fmt.Errorf("%w: %w", ErrNotWritable, err)}
	}
	if err != nil {
		return fmt.Errorf("journal %s: commit record %s: %w", db.path, commitPath(db.path), err)
	}
	db.commit = f
	return nil
}

// closeFiles closes the journal and its commit record after a failed open.
func (db *DB) closeFiles() {
	_ = db.bolt.Close()
	if db.commit != nil {
		_ = db.commit.Close()
	}
}

// setup backs up and migrates (or initialises) a freshly opened journal.
func (db *DB) setup(isNew bool) error {
	version, hasMeta, err := db.schemaVersion()
	if err != nil {
		return err
	}
	if !hasMeta {
		if db.opts.ReadOnly {
			return journal.Errorf(journal.EINVALID, "journal %s is not a Hindsight journal", db.path)
		}
		return db.createSchema()
	}
	db.bare = version < bareRecordsBefore
	if version > schemaVersion {
		return journal.Errorf(journal.EINVALID,
			"journal %s was written by a newer Hindsight (layout %d; this version reads up to %d): update Hindsight to open it",
			db.path, version, schemaVersion)
	}
	if db.opts.ReadOnly {
		if version < readOnlyFrom {
			return journal.Errorf(journal.EINVALID,
				"journal %s uses an older layout (%d): it must be opened writable once to upgrade it", db.path, version)
		}
		if version < fillsFrom {
			return db.view(func(tx *bolt.Tx) error {
				var err error
				db.legacyBase, err = db.baseCurrency(tx)
				return err
			})
		}
		return nil
	}
	if !isNew && !db.opts.NoBackup && (version < schemaVersion || db.backupDue()) {
		db.openBackup, db.openBackupErr = db.backup()
		db.openBackupFresh.Store(db.openBackupErr == nil)
		db.openBackupCommits = db.commits.Load()
		if db.openBackupErr != nil && journal.ErrorCode(db.openBackupErr) == journal.EDAMAGED {
			// The copy failed its check; find out whether the journal itself is damaged.
			if reason := db.checkLive(); reason != "" {
				db.damaged.Store(true)
				return damagedError(db.path, reason)
			}
		}
		if version < schemaVersion && db.openBackupErr != nil {
			return fmt.Errorf("journal %s: backup before upgrading: %w", db.path, db.openBackupErr)
		}
	}
	if version < schemaVersion {
		if err := db.migrate(version); err != nil {
			return err
		}
		db.bare = false
	}
	return nil
}

// OpenBackup returns the backup made when the journal was opened ("" when
// none was due) and the error that kept it from being made or verified.
func (db *DB) OpenBackup() (string, error) { return db.openBackup, db.openBackupErr }

// Path returns the journal file's path.
func (db *DB) Path() string { return db.path }

// Close indexes the search words still pending, stops the background
// indexing and releases the journal file. Calling it again does nothing.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		if err := db.stopIndexer(); err != nil {
			db.closeErr = fmt.Errorf("journal %s: close: %w", db.path, err)
		}
		if err := db.bolt.Close(); err != nil && db.closeErr == nil {
			db.closeErr = fmt.Errorf("journal %s: close: %w", db.path, err)
		}
		if db.commit != nil {
			if err := db.commit.Close(); err != nil && db.closeErr == nil {
				db.closeErr = fmt.Errorf("journal %s: close: %w", db.path, err)
			}
		}
	})
	return db.closeErr
}

// initialMmapSize is the address space bbolt maps from the start where a
// mapping may be larger than its file (64-bit Unix; on Windows the file
// would grow to it). When a write transaction outgrows the mapping, bbolt
// remaps at commit and first copies every key and value of the
// transaction's changed pages onto the heap: for a large import, a copy of
// all it wrote. Mapping ahead avoids that for journals up to this size; it
// costs address space, not memory.
var initialMmapSize = func() int {
	if runtime.GOOS == "windows" || strconv.IntSize < 64 {
		return 0
	}
	return 1 << 30
}()

// openBolt opens path with bbolt. create makes the file with O_EXCL so that a
// file that appeared meanwhile is never initialised by bbolt. Panics and
// memory faults from a damaged file are returned as errors.
func openBolt(path string, readOnly, create bool, timeout time.Duration) (bdb *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			bdb, err = nil, fmt.Errorf("%w: %v", errPanic, r)
		}
	}()
	o := &bolt.Options{Timeout: timeout, ReadOnly: readOnly, InitialMmapSize: initialMmapSize}
	if create {
		o.OpenFile = func(name string, flag int, perm os.FileMode) (*os.File, error) {
			return os.OpenFile(name, flag|os.O_CREATE|os.O_EXCL, perm)
		}
	}
	return bolt.Open(path, 0o600, o)
}

var errPanic = errors.New("bbolt panicked")

// openError translates an error from opening the file.
func openError(path string, err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return lockedError(path)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum),
		errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, errPanic):
		reason := inspectFile(path)
		if reason == "" {
			reason = err.Error()
		}
		return damagedError(path, reason)
	}
	return fmt.Errorf("journal %s: %w", path, err)
}

// ErrNotWritable is in the chain of the error Open returns for a journal
// that exists but cannot be opened for writing (its permissions, or a
// read-only medium). Such a journal can still be opened with ReadOnly.
var ErrNotWritable = errors.New("cannot be opened for writing")

// notWritable reports whether err from opening a file for writing means
// that it may not be written, rather than that something is wrong with it.
func notWritable(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// readOnlyError is the error for a journal that cannot be opened for writing.
func readOnlyError(path string, err error) error {
	return &journal.Error{Code: journal.EINVALID,
		Message: fmt.Sprintf("journal %s is read-only (%s): it can be read but not changed", path, errnoText(err)),
		Err:     fmt.Errorf("%w: %w", ErrNotWritable, err)}
}

// errnoText returns the system's reason in err ("permission denied")
// without the operation and path that wrap it.
func errnoText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func lockedError(path string) error {
	return &journal.Error{Code: journal.ELOCKED, Message: fmt.Sprintf("journal %s is open in another Hindsight", path)}
}

// probe checks an existing journal without writing to it and returns it
// opened read-only.
func probe(path string, opts Options) (*bolt.DB, error) {
	if reason := inspectFile(path); reason != "" {
		// A process that holds the lock may be creating the file right now.
		if lockedElsewhere(path, opts.LockTimeout) {
			return nil, lockedError(path)
		}
		return nil, damagedError(path, reason)
	}
	bdb, err := openBolt(path, true, false, opts.LockTimeout)
	if err != nil {
		return nil, openError(path, err)
	}
	if reason := rollbackReason(path); reason != "" {
		_ = bdb.Close()
		return nil, damagedError(path, reason)
	}
	fi, err := os.Stat(path)
	if err == nil && fi.Size() <= fullCheckMax {
		if reason := checkOpen(path, bdb); reason != "" {
			_ = bdb.Close()
			return nil, damagedError(path, reason)
		}
	}
	return bdb, nil
}

// lockedElsewhere reports whether another process holds the lock on path
// for longer than timeout. It only reads the file.
func lockedElsewhere(path string, timeout time.Duration) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if err := lockFile(f, timeout); err != nil {
		return errors.Is(err, errLockTimeout)
	}
	unlockFile(f)
	return false
}

// schemaVersion reads the layout version; hasMeta is false for a file
// without a meta bucket, which must then hold no buckets at all.
func (db *DB) schemaVersion() (version int, hasMeta bool, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			c := tx.Cursor()
			if k, _ := c.First(); k != nil {
				return journal.Errorf(journal.EINVALID, "journal %s is not a Hindsight journal", db.path)
			}
			return nil
		}
		hasMeta = true
		v := meta.Get(keySchemaVersion)
		if len(v) != 4 {
			return journal.Errorf(journal.EINVALID, "journal %s is not a Hindsight journal (no schema version)", db.path)
		}
		version = int(decodeUint32(v))
		return nil
	})
	return version, hasMeta, err
}

// view runs a read transaction; damage met while reading is an EDAMAGED error.
func (db *DB) view(fn func(tx *bolt.Tx) error) error { return db.viewTx(false, fn) }

// viewTx is view for callers that may hold the write mutex (holdsW).
func (db *DB) viewTx(holdsW bool, fn func(tx *bolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer db.recoverDamage(&err, holdsW)
	return translate(db.path, db.bolt.View(fn))
}

// update runs one durable write transaction. Writes are refused once the
// file is known to be damaged.
func (db *DB) update(fn func(tx *bolt.Tx) error) (err error) {
	if db.opts.ReadOnly {
		return journal.Errorf(journal.EINVALID, "journal %s is open read-only", db.path)
	}
	db.wmu.Lock()
	defer db.wmu.Unlock()
	if db.damaged.Load() {
		return damagedError(db.path, "damage was found earlier; nothing more is written to it")
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer db.recoverDamage(&err, true)
	var txid uint64
	err = translate(db.path, db.bolt.Update(func(tx *bolt.Tx) error {
		txid = uint64(tx.ID())
		return fn(tx)
	}))
	if err == nil {
		db.commits.Add(1)
		db.recordCommit(txid)
	}
	return err
}

// recoverDamage turns a panic inside bbolt into an EDAMAGED error when the
// file is indeed damaged, and re-panics otherwise. holdsW tells whether the
// caller holds the write mutex.
func (db *DB) recoverDamage(err *error, holdsW bool) {
	r := recover()
	if r == nil {
		return
	}
	if !holdsW {
		db.wmu.Lock()
		defer db.wmu.Unlock()
	}
	reason := db.checkLive()
	if reason == "" {
		panic(r)
	}
	db.damaged.Store(true)
	*err = damagedError(db.path, reason)
}

// unreadable reports a stored record that cannot be decoded: the file is damaged.
func (db *DB) unreadable(what string, err error) error {
	db.damaged.Store(true)
	return damagedError(db.path, fmt.Sprintf("%s is unreadable: %v", what, err))
}

// translate maps bbolt's errors to journal errors.
func translate(path string, err error) error {
	var je *journal.Error
	var ve *journal.ValidationError
	switch {
	case err == nil, errors.As(err, &je), errors.As(err, &ve):
		return err
	case errors.Is(err, berrors.ErrDatabaseReadOnly), errors.Is(err, berrors.ErrTxNotWritable):
		return &journal.Error{Code: journal.EINVALID, Message: fmt.Sprintf("journal %s is open read-only", path), Err: err}
	case errors.Is(err, berrors.ErrDatabaseNotOpen), errors.Is(err, berrors.ErrTxClosed):
		return &journal.Error{Code: journal.EINTERNAL, Message: fmt.Sprintf("journal %s is closed", path), Err: err}
	case errors.Is(err, berrors.ErrKeyTooLarge), errors.Is(err, berrors.ErrValueTooLarge):
		return &journal.Error{Code: journal.EINVALID, Message: "too large to store", Err: err}
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return damagedError(path, err.Error())
	}
	return err
}
