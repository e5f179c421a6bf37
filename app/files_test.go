package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"hindsight/app/filedialog"
	"hindsight/app/filedialog/portaltest"
	"hindsight/journal"
	"hindsight/journal/demo"
)

// TestFilesThroughSystemDialog exports and imports through the system's own file
// dialog, reached over a real D-Bus session bus (a stand-in portal answers as the
// desktop's would): the export lands where the person chose, with its extension added;
// the import reads the file chosen; a cancelled dialog does nothing; the next dialog
// starts in the folder used last; and without a system dialog Fyne's own opens.
func TestFilesThroughSystemDialog(t *testing.T) {
	p := portaltest.Start(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", p.Address())
	t.Setenv(filedialog.EnvBackend, "")
	applyLanguage(langKorean)
	defer applyLanguage(langEnglish)
	s := demo.Settings()
	h := newHarness(t, harnessOptions{settings: &s, seed: demo.Theses(), noServer: true, nativeDialogs: true})

	dir := filepath.Join(t.TempDir(), "내 문서")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p.Answer(filepath.Join(dir, "한글 일지")) // typed without an extension
	h.u.exportJSON()
	h.settle()
	if top := h.topOverlay(); top != nil {
		t.Fatalf("export showed a dialog: %q", h.dialogText())
	}
	saved := filepath.Join(dir, "한글 일지.json")
	f, err := os.Open(saved)
	if err != nil {
		t.Fatalf("the export is not where the person chose: %v", err)
	}
	doc, err := journal.DecodeInterchange(f)
	f.Close()
	if err != nil || len(doc.Theses) != len(demo.Theses()) {
		t.Fatalf("exported file: %d theses, %v", len(doc.Theses), err)
	}
	calls := p.Calls()
	if len(calls) != 1 {
		t.Fatalf("portal saw %d calls", len(calls))
	}
	c := calls[0]
	if c.Method != "SaveFile" || c.Title != tr("files.export_title") || !c.Modal {
		t.Errorf("save call: %s %q modal=%v", c.Method, c.Title, c.Modal)
	}
	if want := "hindsight-" + testStart.Format("2006-01-02") + ".json"; c.CurrentName != want {
		t.Errorf("suggested name %q, want %q", c.CurrentName, want)
	}
	if len(c.Filters) != 1 || c.Filters[0].Name != tr("files.json") || len(c.Filters[0].Patterns) == 0 || c.Filters[0].Patterns[0].Pattern != "*.json" {
		t.Errorf("filters %+v", c.Filters)
	}

	// Cancelled: nothing is written, nothing is said.
	p.Cancel()
	h.u.exportCSV()
	h.settle()
	if entries, _ := os.ReadDir(dir); len(entries) != 1 || h.topOverlay() != nil {
		t.Fatalf("after a cancelled export: %d files, dialog %q", len(entries), h.dialogText())
	}
	if c := p.Calls()[1]; string(c.CurrentFolder) != dir+"\x00" {
		t.Errorf("the next dialog starts in %q, want the folder used last %q", c.CurrentFolder, dir)
	}

	// Import into another journal through the open dialog.
	h2 := newHarness(t, harnessOptions{noServer: true, nativeDialogs: true, app: h.app})
	p.Answer(saved)
	h2.u.importJSON()
	h2.settle()
	c = p.Calls()[2]
	if c.Method != "OpenFile" || c.Title != tr("files.import_title") {
		t.Errorf("open call: %s %q", c.Method, c.Title)
	}
	if got := h2.listTitles(); len(got) != len(demo.Theses()) || !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "딥시크") }) {
		t.Fatalf("after import the list shows %q", got)
	}

	// A file that cannot be read is reported, naming it.
	p.Answer(filepath.Join(dir, "없는 파일.json"))
	h2.u.importJSON()
	h2.settle()
	if msg := h2.dialogText(); !strings.Contains(msg, "없는 파일.json") {
		t.Errorf("a missing file was reported as %q", msg)
	}
	h2.tapDialogButton(tr("dialog.close"))

	// Without a system dialog, Fyne's own opens.
	t.Setenv(filedialog.EnvBackend, "none")
	n := len(p.Calls())
	h.u.importJSON()
	h.settle()
	if h.topOverlay() == nil || len(p.Calls()) != n {
		t.Fatalf("no fallback dialog (portal calls %d → %d)", n, len(p.Calls()))
	}
}
