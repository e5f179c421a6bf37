package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"hindsight/journal/boltdb"
)

// benchSize compares the journal file with its own JSON export, shows where
// its bytes go, and makes a backup of it to compare with the journal.
func benchSize(path, export string) {
	jf, err := os.Stat(path)
	if err != nil {
		fail(err)
	}
	ef, err := os.Stat(export)
	if err != nil {
		fail(err)
	}
	fmt.Printf("journal size: %d theses, journal %d MiB, JSON export %d MiB; ratio %.2fx (target <= 2.5x)\n",
		*n, jf.Size()>>20, ef.Size()>>20, float64(jf.Size())/float64(ef.Size()))
	sizeBreakdown(path)

	// Back up a copy, so the journal in bench/data keeps no backups beside it.
	dir, err := os.MkdirTemp(*dataDir, "size-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	cp := filepath.Join(dir, "journal.db")
	if err := copyFile(path, cp); err != nil {
		fail(err)
	}
	db, err := boltdb.Open(cp, boltdb.Options{NoBackup: true})
	if err != nil {
		fail(err)
	}
	start := time.Now()
	bk, err := db.Backup()
	took := time.Since(start)
	if err != nil {
		fail(err)
	}
	if err := db.Close(); err != nil {
		fail(err)
	}
	bf, err := os.Stat(bk)
	if err != nil {
		fail(err)
	}
	fmt.Printf("backup size: %d MiB (%s, written and verified in %s) for a %d MiB journal; ratio %.2fx (target <= 0.5x)\n",
		bf.Size()>>20, filepath.Base(bk), took.Round(10*time.Millisecond), jf.Size()>>20, float64(bf.Size())/float64(jf.Size()))
}

// sizeBreakdown prints the pages each top-level bucket takes and how full they are.
func sizeBreakdown(path string) {
	raw, err := bolt.Open(path, 0o400, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		fail(err)
	}
	defer raw.Close()
	type row struct {
		name         string
		alloc, inuse int
		keys         int
	}
	var rows []row
	var free int
	err = raw.View(func(tx *bolt.Tx) error {
		free = raw.Stats().FreePageN * raw.Info().PageSize
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			s := b.Stats()
			rows = append(rows, row{string(name), s.BranchAlloc + s.LeafAlloc, s.BranchInuse + s.LeafInuse, s.KeyN})
			return nil
		})
	})
	if err != nil {
		fail(err)
	}
	slices.SortFunc(rows, func(a, b row) int { return b.alloc - a.alloc })
	for _, r := range rows {
		if r.alloc < 1<<20 {
			continue
		}
		fmt.Printf("  %-12s %6d MiB in pages, %3.0f%% in use, %9d keys\n", r.name, r.alloc>>20, 100*float64(r.inuse)/float64(max(r.alloc, 1)), r.keys)
	}
	fmt.Printf("  %-12s %6d MiB\n", "free pages", free>>20)
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
