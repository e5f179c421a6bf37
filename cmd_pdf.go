package main

import (
	"context"
	"fmt"
	"io"
	"os"
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
	// lang is the language of the document: pdf.LangEnglish or pdf.LangKorean.
	lang string
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

// checkLang validates --lang; empty means the system's language: Korean when the first
// of LC_ALL, LC_MESSAGES and LANG that is set names Korean, English otherwise.
func checkLang(lang string) (string, error) {
	l := strings.ToLower(strings.TrimSpace(lang))
	switch l {
	case pdf.LangEnglish, pdf.LangKorean:
		return l, nil
	case "":
		return systemLang(), nil
	}
	return "", usagef("--lang must be en or ko (got %q)", lang)
}

// systemLang is the language the environment asks for, as the app reads it.
func systemLang() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			if strings.HasPrefix(strings.ToLower(s), "ko") {
				return pdf.LangKorean
			}
			return pdf.LangEnglish
		}
	}
	return pdf.LangEnglish
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
	o := pdf.Options{Paper: req.paper, Now: e.now(), Market: m, Settings: settings, Lang: req.lang}
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
		if req.lang == pdf.LangKorean {
			o.Title = "Hindsight 투자 일지"
		}
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

// pdfScope describes a filter in a few words of lang for the document title.
func pdfScope(f journal.Filter, from, to journal.Date, lang string) string {
	ko := lang == pdf.LangKorean
	var parts []string
	if f.Status != "" {
		parts = append(parts, strings.ReplaceAll(string(f.Status), "_", " "))
	}
	if f.Tag != "" {
		parts = append(parts, "#"+f.Tag)
	}
	switch {
	case ko && !from.IsZero() && !to.IsZero():
		parts = append(parts, from.String()+" ~ "+to.String())
	case ko && !from.IsZero():
		parts = append(parts, from.String()+" 이후")
	case ko && !to.IsZero():
		parts = append(parts, to.String()+" 까지")
	case !from.IsZero() && !to.IsZero():
		parts = append(parts, from.String()+" to "+to.String())
	case !from.IsZero():
		parts = append(parts, "from "+from.String())
	case !to.IsZero():
		parts = append(parts, "until "+to.String())
	}
	switch {
	case len(f.IDs) > 0 && ko:
		parts = append(parts, fmt.Sprintf("%d개 선택", len(f.IDs)))
	case len(f.IDs) > 0:
		parts = append(parts, fmt.Sprintf("%d selected", len(f.IDs)))
	}
	return strings.Join(parts, " · ")
}
