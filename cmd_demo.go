package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"hindsight/journal/boltdb"
	"hindsight/journal/demo"
)

// demoPath returns where the demo journal lives: --db when given, else demo.db beside
// the default journal, so demo entries never mix with real ones.
func (e *env) demoPath() (string, error) {
	if e.db != "" {
		return e.db, nil
	}
	p, err := boltdb.DefaultPath()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(p), "demo.db"), nil
}

func cmdDemo(ctx context.Context, e *env, args []string) error {
	fs := e.flags("demo")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("demo takes only options")
	}
	path, err := e.demoPath()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	db, err := boltdb.Open(path, boltdb.Options{Now: e.now, NoBackup: true})
	if err != nil {
		return err
	}
	defer db.Close()
	s := demo.Settings()
	res, err := db.Import(ctx, demo.Theses(), &s)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	fmt.Fprintf(e.stderr, "demo journal: %d added, %d updated, %d unchanged\n", len(res.Added), len(res.Updated), res.Unchanged)
	fmt.Fprintln(e.stdout, path)
	return nil
}
