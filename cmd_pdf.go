package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"hindsight/journal"
	"hindsight/journal/boltdb"
	"hindsight/journal/pdf"
	"hindsight/journal/safefile"
)

// pdfRequest is what `export --format pdf` was asked for.
type pdfRequest struct {
	out, paper string
	offline    bool
	// single is true when exactly one thesis was named with --id: it is exported
	// without a cover page or contents.
	single bool
	// scope describes the filter for the document title, e.g. "open · #ai".
	scope string
	// guard names the files the export must never replace.
	guard safefile.Guard
}

// checkPaper validates --paper.
func checkPaper(paper string) (string, error) {
	p := strings.ToLower(strings.TrimSpace(paper))
	if p != "a4" && p != "letter" {
		return "", usagef("--paper must be a4 or letter (got %q)", paper)
	}
	return p, nil
}

// exportPDF writes theses as a PDF. It reads the whole journal for the prices it holds,
// closes db, and gathers the market as `review` does, so the PDF shows the same figures.
func (e *env) exportPDF(ctx context.Context, db *boltdb.DB, theses []*journal.Thesis, settings journal.Settings, req pdfRequest) error {
	all, _, err := db.List(ctx, journal.Filter{})
	if err != nil {
		return err
	}
	path := db.Path()
	if err := db.Close(); err != nil {
		return err
	}
	m := e.market(ctx, path, all, theses, settings, req.offline)
	o := pdf.Options{Paper: req.paper, Now: e.now(), Market: m, Settings: settings}
	if isTerminal(e.rawStderr) && len(theses) > 1 {
		o.Progress = func(done, total int) {
			fmt.Fprintf(e.rawStderr, "\rlaying out %d/%d theses", done, total)
			if done == total {
				fmt.Fprintln(e.rawStderr)
			}
		}
	}
	// Characters none of the bundled fonts has are drawn as □: say which, once.
	var missing []rune
	o.Missing = func(chars []rune) { missing = chars }
	warn := func() {
		if len(missing) > 0 {
			what := "characters"
			if len(missing) == 1 {
				what = "character"
			}
			fmt.Fprintf(e.stderr, "warning: the PDF fonts lack %d %s, drawn as □: %s\n", len(missing), what, pdf.CharList(missing))
		}
	}
	write := func(w io.Writer) error {
		if req.single && len(theses) == 1 {
			return pdf.WriteThesis(w, theses[0], o)
		}
		o.Title = "Hindsight journal"
		if req.scope != "" {
			o.Title += " — " + req.scope
		}
		return pdf.WriteJournal(ctx, w, theses, o)
	}
	if req.out == "-" {
		if err := write(e.rawStdout); err != nil {
			return err
		}
		warn()
		return nil
	}
	if err := safefile.Write(ctx, req.out, req.guard, write); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "exported %d theses to %s\n", len(theses), req.out)
	warn()
	return nil
}

// pdfScope describes a filter in a few words for the document title.
func pdfScope(f journal.Filter, from, to journal.Date) string {
	var parts []string
	if f.Status != "" {
		parts = append(parts, strings.ReplaceAll(string(f.Status), "_", " "))
	}
	if f.Tag != "" {
		parts = append(parts, "#"+f.Tag)
	}
	switch {
	case !from.IsZero() && !to.IsZero():
		parts = append(parts, from.String()+" to "+to.String())
	case !from.IsZero():
		parts = append(parts, "from "+from.String())
	case !to.IsZero():
		parts = append(parts, "until "+to.String())
	}
	if len(f.IDs) > 0 {
		parts = append(parts, fmt.Sprintf("%d selected", len(f.IDs)))
	}
	return strings.Join(parts, " · ")
}
