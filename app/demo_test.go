package app

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hindsight/journal"
	"hindsight/journal/boltdb"
	"hindsight/journal/demo"
)

// openDemoNow opens the demo journal from the welcome screen and waits for it.
func (h *harness) openDemoNow() {
	h.t.Helper()
	b := findButton(h.detail(), tr("welcome.demo"))
	if b == nil {
		h.t.Fatalf("the welcome screen has no %q button", tr("welcome.demo"))
	}
	test.Tap(b)
	h.pump("the demo journal", func() bool { return h.u.path == h.deps.DemoPath && h.u.loaded })
	h.settle()
}

// TestNewThesisFromDemoGoesToOwnJournal opens the demo, presses Ctrl+N, writes and saves:
// the thesis is in the person's own journal, under their own settings, and not in the
// demo; the app starts on their journal next time.
func TestNewThesisFromDemoGoesToOwnJournal(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	s.Author = "김지수"
	a := test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "journal.db")
	h := newHarness(t, harnessOptions{settings: &s, noServer: true, app: a, path: path})
	h.openDemoNow()
	if !h.u.banner.content.Visible() || findButton(h.u.banner.content, tr("demo.back")) == nil {
		t.Fatal("no banner says the demo journal is shown")
	}
	if h.u.settings.Author != demo.Settings().Author {
		t.Fatalf("demo author %q", h.u.settings.Author)
	}

	h.shortcut(fyne.KeyN)
	h.pump("the form in the own journal", func() bool { return h.u.path == path && h.u.editor.active })
	h.settle()
	if h.u.banner.content.Visible() {
		t.Error("the demo banner stays after switching back")
	}
	if got := h.u.status.message.Text; got != tr("demo.back_for_new") {
		t.Errorf("status says %q", got)
	}
	e := h.u.editor
	if h.win.Canvas().Focused() != e.title {
		t.Error("the cursor should be in the title")
	}
	test.Type(e.title, "반도체 재고 사이클이 바닥을 지난다")
	test.Type(e.expect, "SK하이닉스 영업이익 회복")
	test.Type(e.wrongIf, "재고가 두 분기 더 늘어난다")
	e.reviewBy.setText("2026-12-31")
	test.Type(e.budget, "500")
	h.shortcut(fyne.KeyS)
	h.pump("the save", func() bool { return !e.active })
	h.settle()

	own := h.all()
	if len(own) != 1 || own[0].Title != "반도체 재고 사이클이 바닥을 지난다" {
		t.Fatalf("own journal holds %d theses", len(own))
	}
	if h.u.settings.Author != "김지수" {
		t.Errorf("exports would be signed %q", h.u.settings.Author)
	}
	h.settle()
	if err := h.u.Close(); err != nil {
		t.Fatal(err)
	}

	db, err := boltdb.Open(h.deps.DemoPath, boltdb.Options{NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	ts, _, err := db.List(context.Background(), journal.Filter{})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, th := range ts {
		if th.ID == own[0].ID || th.Title == own[0].Title {
			t.Errorf("the thesis went into the demo journal too")
		}
	}

	// Next start: the own journal, with the thesis.
	h2 := newHarness(t, harnessOptions{noServer: true, app: a, path: path})
	if h2.u.path != path || h2.u.showingDemo() || len(h2.all()) != 1 {
		t.Errorf("started on %s with %d theses", h2.u.path, len(h2.all()))
	}
}

// TestDemoBannerBack goes back to the own journal from the banner, and Settings and
// Import from the demo act on the own journal.
func TestDemoBannerBack(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	s.Author = "김지수"
	h := newHarness(t, harnessOptions{settings: &s, noServer: true})
	h.openDemoNow()
	test.Tap(findButton(h.u.banner.content, tr("demo.back")))
	h.pump("the own journal", func() bool { return h.u.path == h.path })
	h.settle()
	if h.u.banner.content.Visible() || h.u.status.message.Text != tr("demo.back_done") {
		t.Errorf("banner visible %v, status %q", h.u.banner.content.Visible(), h.u.status.message.Text)
	}

	h.u.openDemo()
	h.pump("the demo journal", func() bool { return h.u.showingDemo() })
	h.settle()
	test.Tap(h.u.toolbar.settingsBtn)
	h.pump("the settings", func() bool { return h.u.settingsForm != nil })
	h.settle()
	if h.u.showingDemo() || h.u.settingsForm.author.Text != "김지수" {
		t.Errorf("settings opened on %s (author %q)", h.u.path, h.u.settingsForm.author.Text)
	}
	h.u.settingsForm.dialog.Hide()

	h.u.openDemo()
	h.pump("the demo journal", func() bool { return h.u.showingDemo() })
	h.settle()
	test.Tap(h.u.toolbar.importBtn)
	h.pump("the own journal", func() bool { return !h.u.showingDemo() })
	h.settle()
	if h.u.path != h.path || h.u.status.message.Text != tr("demo.back_for_import") {
		t.Errorf("import from the demo: journal %s, status %q", h.u.path, h.u.status.message.Text)
	}
}

// TestDemoDraftStaysInDemo edits a demo thesis, closes the app, and starts on the own
// journal without that edit turning into a thesis there.
func TestDemoDraftStaysInDemo(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	a := test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "journal.db")
	h := newHarness(t, harnessOptions{settings: &s, noServer: true, app: a, path: path})
	h.openDemoNow()
	h.u.showThesis("demo-deepseek")
	h.settle()
	h.u.editThesis(h.u.review.thesis)
	test.Type(h.u.editor.title, " (수정)")
	h.u.editor.saveDraftNow()
	h.u.win.Close()
	h.closed = true
	h.settle()
	h.u.Close()

	h2 := newHarness(t, harnessOptions{noServer: true, app: a, path: path})
	if h2.u.editor.active || h2.u.editor.hasDraft() {
		t.Errorf("the demo edit reopened in the own journal (form open %v)", h2.u.editor.active)
	}
	if h2.detail() != h2.u.welcomeView() {
		t.Error("the empty own journal should greet")
	}
}
