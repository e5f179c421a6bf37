package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"hindsight/journal"
	"hindsight/journal/boltdb"
	"hindsight/journal/demo"
)

// demoPath returns where the demo journal lives: demo.db in the folder of the journal
// that --db, HINDSIGHT_DB or the default names, never the journal itself, so demo
// entries never mix with real ones.
func (e *env) demoPath() (string, error) {
	p, err := boltdb.ResolvePath(e.db)
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(p), "demo.db"), nil
}

// refuseNonDemo returns an error when the journal at path holds a thesis that is not one
// of the demo's: it is someone's journal, and the demo never goes into it.
func refuseNonDemo(ctx context.Context, db *boltdb.DB) error {
	demoIDs := map[string]bool{}
	for _, t := range demo.Theses() {
		demoIDs[t.ID] = true
	}
	all, _, err := db.List(ctx, journal.Filter{})
	if err != nil {
		return err
	}
	for _, t := range all {
		if !demoIDs[t.ID] {
			return journal.Errorf(journal.ECONFLICT, "%s holds your own theses (%s), not the demo: the demo journal is written only into a file of its own", db.Path(), t.ID)
		}
	}
	return nil
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
	if err := refuseNonDemo(ctx, db); err != nil {
		return err
	}
	s := demo.Settings()
	res, err := db.Import(ctx, demo.Theses(), &s)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	fmt.Fprintf(e.stderr, "demo journal: %d added, %d updated, %d unchanged\n", len(res.Added), len(res.Updated), res.Unchanged)
	fmt.Fprintln(e.stdout, path)
	return nil
}
