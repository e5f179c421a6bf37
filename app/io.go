package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"hindsight/journal"
	"hindsight/journal/pdf"
	"hindsight/journal/safefile"
)

// Export kinds.
const (
	exportJSON = "json"
	exportCSV  = "csv"
	exportPDF  = "pdf"
)

// importJSON asks for a hindsight-journal JSON file and merges it into the person's own
// journal (switching back to it from the demo journal).
func (u *UI) importJSON() {
	if u.store == nil {
		return
	}
	if u.showingDemo() {
		u.toOwnJournal("demo.back_for_import", u.importJSON)
		return
	}
	u.pickFile(fileRequest{title: tr("files.import_title"), filters: kindFilter(exportJSON)}, func(path string) {
		f, err := os.Open(path)
		if err != nil {
			u.showErrorWith(tr("import.failed", map[string]any{"Name": filepath.Base(path)}), err)
			return
		}
		u.importFrom(f, filepath.Base(path), nil)
	}, u.importJSONFyne)
}

// importJSONFyne asks for the file with Fyne's own dialog.
func (u *UI) importJSONFyne() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if r == nil {
			return
		}
		u.importFrom(r, r.URI().Name(), nil)
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".json"}))
	d.Show()
}

// importFrom reads an interchange file from r (closing it when it is a Closer) in the
// background and merges it. The journal's settings are kept (the status says which of
// the file's differ) unless the journal is still empty, when the file's are taken.
// done, when set, runs on the UI goroutine afterwards.
func (u *UI) importFrom(r io.Reader, name string, done func(journal.ImportResult, error)) {
	store, current, empty := u.store, u.settings, u.list.total == 0
	u.background(func() {
		doc, err := journal.DecodeInterchange(r)
		if c, ok := r.(io.Closer); ok {
			_ = c.Close()
		}
		var res journal.ImportResult
		if err == nil {
			ctx, cancel := u.ctx()
			var take *journal.Settings
			if empty {
				take = doc.Settings
			}
			res, err = store.Import(ctx, doc.Theses, take, doc.CorporateActions...)
			cancel()
			if err == nil && take != nil {
				u.do(func() { u.settings = *take })
			}
		}
		var kept []string
		if err == nil && doc.Settings != nil && !empty {
			for _, c := range journal.DiffSettings(current, *doc.Settings) {
				kept = append(kept, tr("settings.field."+c.Field))
			}
		}
		u.do(func() {
			if err != nil {
				u.showErrorWith(tr("import.failed", map[string]any{"Name": name}), err)
			} else {
				key := "import.done"
				if len(res.Merged) > 0 {
					// Theses the journal held in another version were merged, keeping the newer.
					key = "import.done_merged"
				}
				msg := tr(key, map[string]any{
					"Name": name, "Added": len(res.Added), "Updated": len(res.Updated), "Unchanged": res.Unchanged,
					"Merged": len(res.Merged),
				})
				if len(kept) > 0 {
					msg += " · " + tr("import.settings_kept", map[string]any{"Fields": strings.Join(kept, ", ")})
				}
				u.status.say(msg, false)
				u.loadGen++
				u.loadAll()
				u.list.reload()
				if u.list.total == 0 && len(res.Added) > 0 {
					u.showDetail(u.hint)
				}
			}
			if done != nil {
				done(res, err)
			}
		})
	})
}

func (u *UI) exportJSON() { u.exportDialog(exportJSON, nil) }
func (u *UI) exportCSV()  { u.exportDialog(exportCSV, nil) }

// exportJournalPDF writes the whole journal as a PDF.
func (u *UI) exportJournalPDF() { u.exportDialog(exportPDF, nil) }

// exportThesisPDF writes one thesis as a PDF.
func (u *UI) exportThesisPDF(t *journal.Thesis) { u.exportDialog(exportPDF, t) }

// exportDialog asks where to save and writes the journal (or one thesis) there.
func (u *UI) exportDialog(kind string, one *journal.Thesis) {
	if u.store == nil {
		return
	}
	name := "hindsight-" + u.now().Format("2006-01-02") + "." + kind
	if one != nil {
		name = thesisFileName(one, kind)
	}
	req := fileRequest{save: true, title: tr("files.export_title"), name: name, filters: kindFilter(kind)}
	u.pickFile(req, func(path string) {
		u.exportToFile(kind, one, path, nil)
	}, func() { u.exportDialogFyne(kind, one, name) })
}

// exportDialogFyne asks where to save with Fyne's own dialog.
func (u *UI) exportDialogFyne(kind string, one *journal.Thesis, name string) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if w == nil {
			return
		}
		uri := w.URI()
		if uri.Scheme() == "file" {
			// Write through a temporary file renamed into place, so a failed export never
			// leaves half a file.
			_ = w.Close()
			u.exportToFile(kind, one, uri.Path(), nil)
			return
		}
		u.exportTo(kind, one, w, uri.String(), nil)
	}, u.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{"." + kind}))
	d.Show()
}

// exportToFile writes the journal (or one thesis) as kind to the file at path, through a
// temporary file renamed into place, in the background; done, when set, runs on the UI
// goroutine afterwards.
func (u *UI) exportToFile(kind string, one *journal.Thesis, path string, done func(error)) {
	u.export(kind, one, path, done, func(ctx context.Context, write func(io.Writer) error) error {
		return safefile.Write(ctx, path, u.deps.ExportGuard, write)
	})
}

// exportTo writes the journal (or one thesis) as kind to w in the background, closing w
// when it is a Closer; done, when set, runs on the UI goroutine afterwards.
func (u *UI) exportTo(kind string, one *journal.Thesis, w io.Writer, where string, done func(error)) {
	u.export(kind, one, where, done, func(ctx context.Context, write func(io.Writer) error) error {
		err := write(w)
		if c, ok := w.(io.Closer); ok {
			if cerr := c.Close(); err == nil {
				err = cerr
			}
		}
		return err
	})
}

// export runs an export in the background: sink hands write the destination. Exporting
// the whole journal shows its progress in the status bar.
func (u *UI) export(kind string, one *journal.Thesis, where string, done func(error), sink func(context.Context, func(io.Writer) error) error) {
	store, s, m, now := u.store, u.settings, u.market, u.now()
	look := pdf.Options{Lang: uiLang, MoveColors: pdfMoveColors()}
	progress := func(n, total int) {
		u.do(func() { u.status.showProgress(n, total, false) })
	}
	u.background(func() {
		ctx, cancel := u.ctx()
		defer cancel()
		var missing []rune // characters no bundled font has, drawn as □ in a PDF
		err := sink(ctx, func(w io.Writer) error {
			return writeExport(ctx, store, kind, one, s, m, now, look, w, progress, func(c []rune) { missing = c })
		})
		u.do(func() {
			if u.refreshing == nil {
				u.status.showProgress(0, 0, true)
			}
			switch {
			case err != nil:
				u.showErrorWith(tr("export.failed"), err)
			case len(missing) > 0:
				u.status.say(tr("export.done_missing", map[string]any{"Path": where, "Count": len(missing), "Chars": pdf.CharList(missing)}), false)
			default:
				u.status.say(tr("export.done", map[string]any{"Path": where}), false)
			}
			if done != nil {
				done(err)
			}
		})
	})
}

// writeExport writes the journal (or one thesis) as kind to w; a PDF takes its language
// and colours from look.
func writeExport(ctx context.Context, store journal.Store, kind string, one *journal.Thesis, s journal.Settings, m journal.Market, now time.Time, look pdf.Options, w io.Writer, progress func(done, total int), missing func([]rune)) error {
	var theses []*journal.Thesis
	if one != nil {
		t, err := store.Get(ctx, one.ID)
		if err != nil {
			return err
		}
		theses = []*journal.Thesis{t}
	} else {
		all, _, err := store.List(ctx, journal.Filter{})
		if err != nil {
			return err
		}
		theses = all
	}
	switch kind {
	case exportJSON:
		// The journal's corporate actions travel with it: the ledgers are read through them.
		actions, err := store.CorporateActions(ctx)
		if err != nil {
			return err
		}
		if one != nil {
			held := map[string]bool{}
			for _, sym := range theses[0].Symbols() {
				held[sym] = true
			}
			actions = slices.DeleteFunc(actions, func(a journal.CorporateAction) bool { return !held[a.Symbol] })
		}
		return journal.EncodeInterchangeActions(w, s, theses, actions, now)
	case exportCSV:
		return journal.EncodeCSV(w, s, theses)
	case exportPDF:
		o := pdf.Options{Now: now, Market: m, Settings: s, Missing: missing, Lang: look.Lang, MoveColors: look.MoveColors}
		if one != nil {
			return pdf.WriteThesis(w, theses[0], o)
		}
		o.Progress = progress
		return pdf.WriteJournal(ctx, w, theses, o)
	}
	return fmt.Errorf("unknown export format %q", kind)
}
