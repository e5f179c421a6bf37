package main

import (
	"path/filepath"

	"hindsight/journal/boltdb"
	"hindsight/journal/safefile"
	"hindsight/quotes/cache"
)

// exportGuard returns what an export to a file must never replace for the journal at
// journalPath: the journal, its sidecars (lock, moved-aside copies), its backups folder,
// the quotes cache beside it and the demo journal.
func exportGuard(journalPath string) safefile.Guard {
	abs, err := filepath.Abs(journalPath)
	if err != nil {
		abs = journalPath
	}
	dir := filepath.Dir(abs)
	cachePath := cache.Path(abs)
	return safefile.Guard{
		Files:    []string{abs, cachePath, filepath.Join(dir, "demo.db")},
		Dirs:     []string{boltdb.BackupDir(abs)},
		Prefixes: []string{abs + ".", abs + "-", cachePath + ".", cachePath + "-"},
	}
}
