package boltdb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
)

// The bbolt file layout read here (bbolt's file format version 2, in the
// machine's byte order): every page starts with a 16-byte header (id uint64,
// flags uint16, count uint16, overflow uint32). Pages 0 and 1 are meta pages;
// the meta follows the header: magic uint32, version uint32, page size
// uint32, flags uint32, root bucket (root page uint64, sequence uint64),
// freelist page uint64, high-water mark uint64, txid uint64, and an FNV-64a
// checksum of the preceding 56 bytes.
const (
	boltMagic       = 0xED0CDAED
	boltVersion     = 2
	pageHeaderSize  = 16
	metaSize        = 64
	elementSize     = 16
	bucketHeader    = 16
	flagBranch      = 0x01
	flagLeaf        = 0x02
	flagMeta        = 0x04
	flagFreelist    = 0x10
	flagBucketEntry = 0x01
	noFreelist      = ^uint64(0)
)

var order = binary.NativeEndian

var errShortMeta = errors.New("meta page cut short")

type meta struct {
	pageSize                  uint32
	root, freelist, hwm, txid uint64
	// invalid says why the other meta page is not valid; "" when it is.
	invalid string
}

// parseMeta reads the meta at the start of page; magic reports whether the
// bbolt marker is there at all.
func parseMeta(page []byte) (m meta, magic bool, err error) {
	if len(page) < pageHeaderSize+4 || order.Uint32(page[pageHeaderSize:]) != boltMagic {
		return m, false, errors.New("no bbolt marker")
	}
	if len(page) < pageHeaderSize+metaSize {
		return m, true, errShortMeta
	}
	b := page[pageHeaderSize : pageHeaderSize+metaSize]
	if v := order.Uint32(b[4:]); v != boltVersion {
		return m, true, fmt.Errorf("bbolt file format %d", v)
	}
	h := fnv.New64a()
	h.Write(b[:56])
	if h.Sum64() != order.Uint64(b[56:]) {
		return m, true, errors.New("meta checksum mismatch")
	}
	m = meta{
		pageSize: order.Uint32(b[8:]),
		root:     order.Uint64(b[16:]),
		freelist: order.Uint64(b[32:]),
		hwm:      order.Uint64(b[40:]),
		txid:     order.Uint64(b[48:]),
	}
	if m.pageSize < 512 || m.pageSize > 1<<24 || m.pageSize&(m.pageSize-1) != 0 {
		return m, true, fmt.Errorf("page size %d", m.pageSize)
	}
	return m, true, nil
}

// openMeta opens the file at path and reads its meta pages (readMeta). With a reason
// the file is already closed; otherwise the caller closes it.
func openMeta(path string) (f *os.File, size int64, m meta, reason string) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, meta{}, fmt.Sprintf("cannot read: %v", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, meta{}, fmt.Sprintf("cannot read: %v", err)
	}
	if m, reason = readMeta(f, fi.Size()); reason != "" {
		f.Close()
		return nil, 0, meta{}, reason
	}
	return f, fi.Size(), m, ""
}

// readMeta returns the meta bbolt would use (the valid one with the higher
// txid). It returns a reason when the file is not usable.
func readMeta(f *os.File, size int64) (meta, string) {
	if size == 0 {
		return meta{}, "empty file"
	}
	buf := make([]byte, 4096)
	n, _ := f.ReadAt(buf, 0)
	buf = buf[:n]
	m0, magic0, err0 := parseMeta(buf)
	var m1 meta
	magic1 := false
	err1 := errors.New("no second meta page")
	// The second meta page sits one page in; the page size is not known yet.
	for i := 0; i <= 14; i++ {
		pos := int64(1024) << i
		if pos+pageHeaderSize+metaSize > size {
			break
		}
		p := make([]byte, pageHeaderSize+metaSize)
		if _, err := f.ReadAt(p, pos); err != nil {
			break
		}
		m, magic, err := parseMeta(p)
		if magic {
			magic1 = true
			if err == nil && int64(m.pageSize) == pos {
				m1, err1 = m, nil
				break
			}
			err1 = err
		}
	}
	switch {
	case !magic0 && !magic1:
		if looksLikeMetaHeader(buf) {
			return meta{}, fmt.Sprintf("truncated: only %d bytes", size)
		}
		return meta{}, "not a bbolt file"
	case err0 != nil && err1 != nil:
		if errors.Is(err0, errShortMeta) {
			return meta{}, fmt.Sprintf("truncated: only %d bytes", size)
		}
		return meta{}, fmt.Sprintf("both meta pages are damaged: %v", err0)
	}
	m := m0
	if err0 != nil || (err1 == nil && m1.txid > m0.txid) {
		m = m1
	}
	switch {
	case err0 != nil:
		m.invalid = fmt.Sprintf("meta page 0 is damaged: %v", err0)
	case err1 != nil:
		m.invalid = fmt.Sprintf("meta page 1 is damaged: %v", err1)
	}
	if need := 2 * int64(m.pageSize); size < need {
		return m, fmt.Sprintf("truncated: %d bytes, at least %d needed", size, need)
	}
	if need := int64(m.hwm) * int64(m.pageSize); size < need {
		return m, fmt.Sprintf("truncated: %d bytes, its pages need %d", size, need)
	}
	if m.root >= m.hwm || (m.freelist != noFreelist && m.freelist >= m.hwm) {
		return m, "meta page points past the end of the data"
	}
	return m, ""
}

// looksLikeMetaHeader reports whether b starts like a bbolt meta page 0 cut
// short before its marker.
func looksLikeMetaHeader(b []byte) bool {
	if len(b) < 10 || len(b) >= pageHeaderSize+4 {
		return false
	}
	return order.Uint64(b[0:]) == 0 && order.Uint16(b[8:]) == flagMeta
}

// inspectFile classifies a file by its bytes alone, without bbolt: it returns
// "" when the meta pages are sound and the file is long enough, and the
// reason otherwise. It never writes.
func inspectFile(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("cannot read: %v", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Sprintf("cannot read: %v", err)
	}
	_, reason := readMeta(f, fi.Size())
	return reason
}

// walker checks the page structure of a bbolt file through plain reads, so
// that damaged offsets are found before bbolt follows them through its
// memory map (where a wild offset is a fatal fault, not a panic).
type walker struct {
	f        *os.File
	size     int64
	pageSize int64
	hwm      uint64
	seen     map[uint64]bool
}

// walkFile checks every page reachable from the current meta page: ids,
// types, element bounds, child page numbers, nested and inline buckets, and
// the freelist. It returns "" when the structure is sound.
func walkFile(path string) string {
	f, size, m, reason := openMeta(path)
	if reason != "" {
		return reason
	}
	defer f.Close()
	w := &walker{f: f, size: size, pageSize: int64(m.pageSize), hwm: m.hwm, seen: map[uint64]bool{}}
	if m.freelist != noFreelist {
		if err := w.freelist(m.freelist); err != nil {
			return err.Error()
		}
	}
	if err := w.walk(m.root, 0); err != nil {
		return err.Error()
	}
	return ""
}

// page reads page id with its overflow pages.
func (w *walker) page(id uint64) ([]byte, error) {
	if id < 2 || id >= w.hwm {
		return nil, fmt.Errorf("page %d: out of range 2-%d", id, w.hwm-1)
	}
	if w.seen[id] {
		return nil, fmt.Errorf("page %d: referenced twice", id)
	}
	w.seen[id] = true
	hdr := make([]byte, pageHeaderSize)
	if _, err := w.f.ReadAt(hdr, int64(id)*w.pageSize); err != nil {
		return nil, fmt.Errorf("page %d: %v", id, err)
	}
	if got := order.Uint64(hdr); got != id {
		return nil, fmt.Errorf("page %d: header names page %d", id, got)
	}
	overflow := uint64(order.Uint32(hdr[12:]))
	if id+overflow >= w.hwm {
		return nil, fmt.Errorf("page %d: %d overflow pages run past the end", id, overflow)
	}
	buf := make([]byte, int64(overflow+1)*w.pageSize)
	if _, err := w.f.ReadAt(buf, int64(id)*w.pageSize); err != nil {
		return nil, fmt.Errorf("page %d: %v", id, err)
	}
	for i := uint64(1); i <= overflow; i++ {
		w.seen[id+i] = true
	}
	return buf, nil
}

func (w *walker) freelist(id uint64) error {
	p, err := w.page(id)
	if err != nil {
		return fmt.Errorf("freelist: %w", err)
	}
	if flags := order.Uint16(p[8:]); flags != flagFreelist {
		return fmt.Errorf("freelist page %d: has type %#x", id, flags)
	}
	count, start := int64(order.Uint16(p[10:])), int64(pageHeaderSize)
	if count == 0xFFFF {
		count, start = int64(order.Uint64(p[pageHeaderSize:])), pageHeaderSize+8
	}
	if count < 0 || start+count*8 > int64(len(p)) {
		return fmt.Errorf("freelist page %d: %d entries do not fit", id, count)
	}
	for i := int64(0); i < count; i++ {
		if free := order.Uint64(p[start+8*i:]); free < 2 || free >= w.hwm {
			return fmt.Errorf("freelist page %d: free page %d out of range", id, free)
		}
	}
	return nil
}

const maxDepth = 64

// walk checks the tree rooted at page id.
func (w *walker) walk(id uint64, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("page %d: tree too deep", id)
	}
	p, err := w.page(id)
	if err != nil {
		return err
	}
	return w.node(p, fmt.Sprintf("page %d", id), depth)
}

// node checks one page held in p (a file page or an inline bucket's page).
func (w *walker) node(p []byte, name string, depth int) error {
	if len(p) < pageHeaderSize {
		return fmt.Errorf("%s: shorter than a page header", name)
	}
	flags, count := order.Uint16(p[8:]), int(order.Uint16(p[10:]))
	if pageHeaderSize+count*elementSize > len(p) {
		return fmt.Errorf("%s: %d elements do not fit", name, count)
	}
	switch flags {
	case flagBranch:
		for i := 0; i < count; i++ {
			off := pageHeaderSize + i*elementSize
			pos, ksize := int(order.Uint32(p[off:])), int(order.Uint32(p[off+4:]))
			if end := off + pos + ksize; pos < 0 || ksize < 0 || end > len(p) || end < off {
				return fmt.Errorf("%s: branch element %d points outside the page", name, i)
			}
			if err := w.walk(order.Uint64(p[off+8:]), depth+1); err != nil {
				return err
			}
		}
	case flagLeaf:
		for i := 0; i < count; i++ {
			off := pageHeaderSize + i*elementSize
			eflags := order.Uint32(p[off:])
			pos, ksize, vsize := int64(order.Uint32(p[off+4:])), int64(order.Uint32(p[off+8:])), int64(order.Uint32(p[off+12:]))
			start := int64(off) + pos
			if end := start + ksize + vsize; end > int64(len(p)) {
				return fmt.Errorf("%s: leaf element %d points outside the page", name, i)
			}
			if eflags&flagBucketEntry == 0 {
				continue
			}
			v := p[start+ksize : start+ksize+vsize]
			if len(v) < bucketHeader {
				return fmt.Errorf("%s: bucket element %d is too short", name, i)
			}
			if root := order.Uint64(v); root != 0 {
				if err := w.walk(root, depth+1); err != nil {
					return err
				}
			} else if err := w.node(v[bucketHeader:], name+" inline bucket", depth+1); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("%s: unexpected page type %#x", name, flags)
	}
	return nil
}

// checkOpen checks a file that bdb has open: first its page structure
// through plain reads, then bbolt's own consistency check.
func checkOpen(path string, bdb *bolt.DB) string {
	if reason := walkFile(path); reason != "" {
		return reason
	}
	return boltCheck(bdb)
}

// boltCheck runs bbolt's consistency check and returns its first complaint.
func boltCheck(bdb *bolt.DB) (reason string) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			reason = fmt.Sprintf("%v", r)
		}
	}()
	err := bdb.View(func(tx *bolt.Tx) error {
		var first error
		for err := range tx.Check() {
			if first == nil {
				first = err
			}
		}
		return first
	})
	if err != nil {
		return fmt.Sprintf("consistency check: %v", err)
	}
	return ""
}

// checkLive checks the open journal's file. The caller holds the write mutex.
func (db *DB) checkLive() string {
	return checkOpen(db.path, db.bolt)
}

// checkFile checks a file that is not open here.
func checkFile(path string) string {
	if reason := inspectFile(path); reason != "" {
		return reason
	}
	bdb, err := openBolt(path, true, false, DefaultLockTimeout)
	if err != nil {
		if je := openError(path, err); journal.ErrorCode(je) == journal.EDAMAGED {
			return err.Error()
		}
		return ""
	}
	defer bdb.Close()
	return checkOpen(path, bdb)
}

// maxReason caps the length of the reason shown in an EDAMAGED message.
const maxReason = 160

// damagedError returns the EDAMAGED error for path, naming the newest backup
// that passes Verify.
func damagedError(path, reason string) *journal.Error {
	if r := []rune(reason); len(r) > maxReason {
		reason = string(r[:maxReason]) + "…"
	}
	msg := fmt.Sprintf("journal %s is damaged (%s); ", path, reason)
	if good := newestGoodBackup(path); good != "" {
		msg += "newest good backup: " + good
	} else {
		msg += "no good backup found"
	}
	return &journal.Error{Code: journal.EDAMAGED, Message: msg}
}

// newestGoodBackup returns the newest backup of the journal at path that
// passes Verify, or "".
func newestGoodBackup(path string) string {
	backups, err := ListBackups(path)
	if err != nil {
		return ""
	}
	for _, b := range backups {
		if Verify(b.Path) == nil {
			return b.Path
		}
	}
	return ""
}
