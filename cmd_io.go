package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"hindsight/journal"
	"hindsight/journal/boltdb"
	"hindsight/journal/safefile"
)

func buildFilter(e *env, status, tag, symbol, search string, due bool, ids []string, limit int) (journal.Filter, error) {
	f := journal.Filter{Tag: strings.ToLower(strings.TrimSpace(tag)), Query: search, IDs: ids, Limit: limit}
	if status != "" {
		s := journal.Status(strings.ToLower(status))
		if !s.Valid() {
			return f, usagef("--status must be one of open, played_out, wrong, mixed, closed (got %q)", status)
		}
		f.Status = s
	}
	if symbol != "" {
		sym, err := journal.ParseSymbol(symbol)
		if err != nil {
			return f, usagef("--symbol: %s", journal.ErrorMessage(err))
		}
		f.Symbol = sym
	}
	if due {
		f.DueBy = journal.DateOf(e.now())
	}
	if limit < 0 {
		return f, usagef("--limit must not be negative")
	}
	return f, nil
}

func cmdList(ctx context.Context, e *env, args []string) error {
	fs := e.flags("list")
	asJSON := fs.Bool("json", false, "print JSON")
	status := fs.String("status", "", "only theses with this `status` (open, played_out, wrong, mixed, closed)")
	tag := fs.String("tag", "", "only theses with this `tag`")
	symbol := fs.String("symbol", "", "only theses with this `symbol`")
	search := fs.String("search", "", "only theses containing every word of `text` (Korean or English)")
	due := fs.Bool("due", false, "only open theses whose review date has passed")
	limit := fs.Int("limit", 0, "show at most `N` theses (0: all)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("list takes only options (got %q)", fs.Arg(0))
	}
	f, err := buildFilter(e, *status, *tag, *symbol, *search, *due, nil, *limit)
	if err != nil {
		return err
	}
	db, err := e.openForReading()
	if err != nil {
		return err
	}
	defer db.Close()
	theses, total, err := db.List(ctx, f)
	if err != nil && journal.ErrorCode(err) != journal.EDAMAGED {
		return err
	}
	// A damaged thesis is left out: the others are listed, then the error
	// names it and the backup.
	damaged := err
	if *asJSON {
		if err := writeJSON(e.stdout, listOutput(theses, total)); err != nil {
			return err
		}
		return damaged
	}
	if len(theses) == 0 && damaged == nil {
		fmt.Fprintln(e.stdout, "no theses")
		return nil
	}
	tb := newTable("", false, false, false, true)
	for _, t := range theses {
		syms := strings.Join(t.Symbols(), ",")
		if syms == "" {
			syms = "-"
		}
		tb.add(t.ID, localDate(t.CreatedAt), string(t.Status), fmt.Sprintf("%d%%", t.Conviction),
			truncateCells(syms, 22), truncateCells(t.Title, listTitleCells))
	}
	if err := tb.write(e.stdout); err != nil {
		return err
	}
	if total > len(theses) {
		fmt.Fprintf(e.stdout, "(%d of %d shown)\n", len(theses), total)
	}
	return damaged
}

// listTitleCells is the most terminal cells a title takes in list; longer ones end in "…".
const listTitleCells = 60

func cmdImport(ctx context.Context, e *env, args []string) error {
	fs := e.flags("import")
	dryRun := fs.Bool("dry-run", false, "show what the import would do and write nothing")
	settingsMode := fs.String("settings", "keep", "the file's settings: `keep` the journal's, or replace them with the file's")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *settingsMode != "keep" && *settingsMode != "replace" {
		return usagef("--settings must be keep or replace (got %q)", *settingsMode)
	}
	if fs.NArg() != 1 {
		return usagef("import needs exactly one FILE (use - for standard input)")
	}
	var r io.Reader = e.stdin
	name := fs.Arg(0)
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		r = f
	}
	doc, err := journal.DecodeInterchange(r)
	if err != nil {
		return fileError(name, err)
	}
	jpath, err := boltdb.ResolvePath(e.db)
	if err != nil {
		return err
	}
	_, statErr := os.Stat(jpath)
	isNew := errors.Is(statErr, os.ErrNotExist)
	db, err := e.open()
	if err != nil {
		return err
	}
	defer db.Close()
	current, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	// The journal's settings are kept unless the person asks for the file's, or the
	// journal is new and has none of its own yet.
	var settings *journal.Settings
	var changes []journal.SettingsChange
	if doc.Settings != nil {
		changes = journal.DiffSettings(current, *doc.Settings)
		if *settingsMode == "replace" || isNew {
			settings = doc.Settings
		}
	}
	importFn := db.Import
	if *dryRun {
		importFn = db.ImportDryRun
	}
	res, err := importFn(ctx, doc.Theses, settings, doc.CorporateActions...)
	if err != nil {
		return fileError(name, err)
	}
	for _, n := range res.Merged {
		fmt.Fprintln(e.stdout, mergeLine(n))
	}
	for _, c := range changes {
		switch {
		case settings == nil:
			fmt.Fprintf(e.stdout, "settings: kept the journal's %s %s (the file has %s; --settings replace takes the file's)\n", c.Field, c.Journal, c.File)
		case isNew:
			fmt.Fprintf(e.stdout, "settings: %s %s from the file (the journal is new)\n", c.Field, c.File)
		default:
			fmt.Fprintf(e.stdout, "settings: %s %s replaced by the file's %s\n", c.Field, c.Journal, c.File)
		}
	}
	counts := fmt.Sprintf("%d added, %d updated, %d unchanged", len(res.Added), len(res.Updated), res.Unchanged)
	if res.DryRun {
		fmt.Fprintf(e.stdout, "dry run of %s: %s; nothing was written\n", name, counts)
		return nil
	}
	fmt.Fprintf(e.stdout, "imported %s: %s\n", name, counts)
	return nil
}

func cmdExport(ctx context.Context, e *env, args []string) error {
	fs := e.flags("export")
	format := fs.String("format", "json", "`format`: json, csv or pdf")
	out := fs.String("o", "", "write to `FILE` instead of standard output (required for pdf; - for standard output)")
	status := fs.String("status", "", "only theses with this `status`")
	tag := fs.String("tag", "", "only theses with this `tag`")
	paper := fs.String("paper", "a4", "pdf `paper` size: a4 or letter")
	fromFlag := fs.String("from", "", "only theses written on or after this `date` (YYYY-MM-DD)")
	toFlag := fs.String("to", "", "only theses written on or before this `date` (YYYY-MM-DD)")
	offline := fs.Bool("offline", false, "pdf: use only stored and cached prices")
	langFlag := fs.String("lang", "", "pdf `language`: en or ko (default: the system's, from LC_ALL, LC_MESSAGES or LANG)")
	var ids stringList
	fs.Var(&ids, "id", "export this thesis `ID` (repeatable)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("export takes only options (got %q)", fs.Arg(0))
	}
	*format = strings.ToLower(*format)
	if *format != "json" && *format != "csv" && *format != "pdf" {
		return usagef("--format must be json or csv (data) or pdf (print) (got %q)", *format)
	}
	if *format == "pdf" && *out == "" {
		return usagef("--format pdf needs -o FILE (or -o - for standard output)")
	}
	pdfLang, err := checkLang(*langFlag)
	if err != nil {
		return err
	}
	toFile := *out != "" && *out != "-"
	var guard safefile.Guard
	if toFile {
		// Refuse a folder, a pipe or the journal's own files before anything is read.
		jpath, err := boltdb.ResolvePath(e.db)
		if err != nil {
			return err
		}
		guard = exportGuard(jpath)
		if _, err := safefile.Target(*out, guard); err != nil {
			return err
		}
	}
	var from, to journal.Date
	for _, d := range []struct {
		name, value string
		dst         *journal.Date
	}{{"--from", *fromFlag, &from}, {"--to", *toFlag, &to}} {
		if d.value == "" {
			continue
		}
		v, err := journal.ParseDate(d.value)
		if err != nil {
			return usagef("%s: %s", d.name, journal.ErrorMessage(err))
		}
		*d.dst = v
	}
	if *format == "pdf" {
		p, err := checkPaper(*paper)
		if err != nil {
			return err
		}
		*paper = p
	}
	f, err := buildFilter(e, *status, *tag, "", "", false, ids, 0)
	if err != nil {
		return err
	}
	db, err := e.openForReading()
	if err != nil {
		return err
	}
	defer db.Close()
	settings, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	theses, _, err := db.List(ctx, f)
	if err != nil {
		return err
	}
	if len(ids) > 0 {
		found := map[string]bool{}
		for _, t := range theses {
			found[t.ID] = true
		}
		for _, id := range ids {
			if !found[id] {
				return journal.Errorf(journal.ENOTFOUND, "thesis %s not found", id)
			}
		}
	}
	if !from.IsZero() || !to.IsZero() {
		kept := theses[:0]
		for _, t := range theses {
			d := journal.DateOf(t.CreatedAt.Local())
			if (from.IsZero() || !d.Before(from)) && (to.IsZero() || !to.Before(d)) {
				kept = append(kept, t)
			}
		}
		theses = kept
	}
	// Oldest first in files, so an export reads like the journal was written.
	for i, j := 0, len(theses)-1; i < j; i, j = i+1, j-1 {
		theses[i], theses[j] = theses[j], theses[i]
	}
	if *format == "pdf" {
		return e.exportPDF(ctx, db, theses, settings, pdfRequest{out: *out, paper: *paper, offline: *offline,
			lang: pdfLang, single: len(ids) == 1, scope: pdfScope(f, from, to, pdfLang), guard: guard})
	}
	actions, err := db.CorporateActions(ctx)
	if err != nil {
		return err
	}
	write := func(w io.Writer) error {
		if *format == "csv" {
			return journal.EncodeCSV(w, settings, theses)
		}
		return journal.EncodeInterchangeActions(w, settings, theses, actions, e.now())
	}
	if *out == "" || *out == "-" {
		return write(e.rawStdout)
	}
	if err := safefile.Write(ctx, *out, guard, write); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "exported %d theses to %s\n", len(theses), *out)
	return nil
}
