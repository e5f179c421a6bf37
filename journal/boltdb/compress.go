package boltdb

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Backups are written compacted and compressed: the journal's buckets are
// copied in key order into a new bbolt file with full pages (no free pages,
// none half empty), which is then gzipped into "<stem>-<time>.db.gz". Older
// backups, plain bbolt files named "<stem>-<time>.db", are read as before;
// which of the two a file is, is told by its first bytes, not its name.

// compressedSuffix ends the names of compressed backups.
const compressedSuffix = ".db.gz"

// compactTxBytes is about how many bytes of keys and values one transaction
// of a compaction copies before it commits and starts the next.
const compactTxBytes = 32 << 20

// gzipMagic starts every gzip stream.
var gzipMagic = []byte{0x1f, 0x8b}

// isCompressed reports whether the file at path starts as a gzip stream.
func isCompressed(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, len(gzipMagic))
	n, err := io.ReadFull(f, head)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return bytes.Equal(head[:n], gzipMagic), nil
}

// compactInto copies every top-level bucket of tx, with its sequence, into
// the new bbolt file at dst, in key order with full pages.
func compactInto(tx *bolt.Tx, dst string) (err error) {
	out, err := bolt.Open(dst, 0o600, &bolt.Options{NoSync: true, NoFreelistSync: true})
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	wtx, err := out.Begin(true)
	if err != nil {
		return err
	}
	defer func() { _ = wtx.Rollback() }()
	size := 0
	err = tx.ForEach(func(name []byte, src *bolt.Bucket) error {
		b, err := wtx.CreateBucket(name)
		if err != nil {
			return fmt.Errorf("bucket %s: %w", name, err)
		}
		if err := b.SetSequence(src.Sequence()); err != nil {
			return fmt.Errorf("bucket %s: %w", name, err)
		}
		c := src.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if v == nil {
				return fmt.Errorf("bucket %s: nested bucket %x", name, k)
			}
			if size > compactTxBytes {
				if err := wtx.Commit(); err != nil {
					return err
				}
				if wtx, err = out.Begin(true); err != nil {
					return err
				}
				b, size = wtx.Bucket(name), 0
			}
			b.FillPercent = 1.0
			if err := b.Put(k, v); err != nil {
				return fmt.Errorf("bucket %s: %w", name, err)
			}
			size += len(k) + len(v)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := wtx.Commit(); err != nil {
		return err
	}
	return out.Sync()
}

// compressFile writes src gzipped to the open file dst and syncs it.
func compressFile(dst *os.File, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	zw, err := gzip.NewWriterLevel(dst, gzip.BestSpeed)
	if err != nil {
		return err
	}
	if _, err := io.Copy(zw, bufio.NewReaderSize(in, 1<<20)); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return dst.Sync()
}

// decompressFile writes the gzipped file src, decompressed, to the open file dst.
func decompressFile(dst *os.File, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	zr, err := gzip.NewReader(bufio.NewReaderSize(in, 1<<20))
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(dst, 1<<20)
	if _, err := io.Copy(w, zr); err != nil {
		return err
	}
	if err := zr.Close(); err != nil {
		return err
	}
	return w.Flush()
}

// decompressTemp decompresses the backup at path into a new temporary file,
// beside it when its folder is writable, and returns the temporary file's
// path; the caller removes it.
func decompressTemp(path string) (string, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".hindsight-verify-*.tmp")
	if err != nil {
		if tmp, err = os.CreateTemp("", "hindsight-verify-*.tmp"); err != nil {
			return "", err
		}
	}
	name := tmp.Name()
	err = decompressFile(tmp, path)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(name)
		return "", err
	}
	return name, nil
}
