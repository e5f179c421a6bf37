package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hindsight/journal"
)

// fillClaim types everything the soft warning asks for, so saving does not ask.
func fillClaim(e *editorView) {
	test.Type(e.expect, "코스피 3000 회복")
	test.Type(e.wrongIf, "외국인 순매도가 석 달 이어진다")
	e.reviewBy.setText("2026-12-31")
	test.Type(e.budget, "1000")
}

// TestSaveRevealsFirstProblem saves with problems below the fold: the form scrolls to
// the first, puts the cursor in it and says in the status bar how many fields need
// attention.
func TestSaveRevealsFirstProblem(t *testing.T) {
	for _, lang := range []string{langEnglish, langKorean} {
		t.Run(lang, func(t *testing.T) {
			applyLanguage(lang)
			t.Cleanup(func() { applyLanguage(langEnglish) })
			s := usd
			h := newHarness(t, harnessOptions{settings: &s, noServer: true})
			h.win.Resize(fyne.NewSize(800, 600))
			h.u.newThesis()
			e := h.u.editor
			test.Type(e.title, "반도체 바닥")
			fillClaim(e)
			typeInto(e.budget, "삼백만")
			e.reviewBy.setText("2027-02-30")
			h.settle()
			if e.scroll.Offset.Y != 0 {
				t.Fatalf("the form starts scrolled to %v", e.scroll.Offset.Y)
			}
			test.Tap(e.saveBtn)
			h.settle()
			if !e.active || len(h.all()) != 0 {
				t.Fatal("a thesis with problems was saved")
			}
			if h.win.Canvas().Focused() != e.reviewBy.entry {
				t.Errorf("the cursor is in %T, want the review date", h.win.Canvas().Focused())
			}
			d := fyne.CurrentApp().Driver()
			y := d.AbsolutePositionForObject(e.reviewBy.entry).Y - d.AbsolutePositionForObject(e.scroll).Y
			if e.scroll.Offset.Y == 0 || y < 0 || y+e.reviewBy.entry.Size().Height > e.scroll.Size().Height {
				t.Errorf("the review date is at %v in a scroll %v high (offset %v)", y, e.scroll.Size().Height, e.scroll.Offset.Y)
			}
			if got, want := h.u.status.message.Text, trN("editor.need_attention", 2); got != want || !strings.Contains(got, "2") {
				t.Errorf("status says %q, want %q", got, want)
			}
		})
	}
}

// TestDateMessages says what is wrong with a date, in both languages.
func TestDateMessages(t *testing.T) {
	want := map[string]map[string]string{
		langEnglish: {
			"2027-02-30": "2027-02-30 is not a date: February 2027 has 28 days.",
			"2028-02-30": "2028-02-30 is not a date: February 2028 has 29 days.",
			"2027-13-01": "2027-13-01 is not a date: there is no month 13 (months run from 01 to 12).",
			"2027-2-3":   "Write 2027-2-3 with two digits for the month and the day: 2027-02-03.",
			"31/12/2026": "“31/12/2026” is not written as YYYY-MM-DD (year-month-day, e.g. 2025-12-31).",
		},
		langKorean: {
			"2027-02-30": "2027-02-30은(는) 없는 날짜입니다. 2027년 2월은 28일까지 있습니다.",
			"2027-13-01": "2027-13-01은(는) 없는 날짜입니다. 13월은 없습니다 (01–12월).",
			"31/12/2026": "“31/12/2026”은(는) YYYY-MM-DD(연-월-일) 형식이 아닙니다. 예: 2025-12-31",
		},
	}
	s := usd
	h := newHarness(t, harnessOptions{settings: &s, noServer: true})
	t.Cleanup(func() { applyLanguage(langEnglish) })
	for _, lang := range []string{langEnglish, langKorean} {
		applyLanguage(lang)
		h.u.newThesis()
		e := h.u.editor
		test.Type(e.title, "날짜")
		e.reviewBy.setText("x") // a refused save makes the form check as the person types
		test.Tap(e.saveBtn)
		h.settle()
		if h.topOverlay() != nil {
			t.Fatalf("%s: a dialog opened: %q", lang, h.dialogText())
		}
		test.Tap(e.addPosBtn)
		ff := e.positions[0].editFill(-1)
		test.Type(ff.qty, "1")
		test.Type(ff.price, "1")
		for in, msg := range want[lang] {
			e.reviewBy.setText(in)
			ff.date.setText(in)
			test.Tap(ff.save)
			h.settle()
			if e.reviewByErr.Text != msg {
				t.Errorf("%s: review date %q says %q, want %q", lang, in, e.reviewByErr.Text, msg)
			}
			if !strings.Contains(ff.err.Text, msg) {
				t.Errorf("%s: fill date %q says %q", lang, in, ff.err.Text)
			}
		}
		ff.dialog.Hide()
		e.close()
	}
}

// TestSaveWithoutClaimAsksOnce saves a thesis without expectation, invalidation, review
// date or loss budget: the form asks once, Go back puts the cursor in the first missing
// field, and the next save goes through.
func TestSaveWithoutClaimAsksOnce(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	h := newHarness(t, harnessOptions{settings: &s, noServer: true})
	h.u.newThesis()
	e := h.u.editor
	test.Type(e.title, "원화 강세")
	test.Type(e.expect, "달러/원 1300 아래")
	h.shortcut(fyne.KeyS)
	h.settle()
	text := h.dialogText()
	if !strings.Contains(text, tr("editor.no_claim_title")) {
		t.Fatalf("no question before saving; dialog shows %q", text)
	}
	for _, k := range []string{"editor.missing.invalidation", "editor.missing.review_by", "editor.missing.loss_budget"} {
		if !strings.Contains(text, tr(k)) {
			t.Errorf("the question does not name %q: %q", tr(k), text)
		}
	}
	if strings.Contains(text, tr("editor.missing.expectation")) {
		t.Errorf("the question names the expectation, which is there: %q", text)
	}
	// The cursor is on Go back: Return there changes nothing.
	back, ok := h.win.Canvas().Focused().(*dialogButton)
	if !ok || back.Text != tr("editor.go_back") {
		t.Fatalf("the cursor is on %T, want the Go back button", h.win.Canvas().Focused())
	}
	back.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	if !e.active || len(h.all()) != 0 {
		t.Fatal("Go back saved the thesis")
	}
	if h.win.Canvas().Focused() != e.wrongIf {
		t.Errorf("the cursor is in %T, want “what would prove me wrong”", h.win.Canvas().Focused())
	}
	h.shortcut(fyne.KeyS)
	h.pump("the save", func() bool { return !e.active })
	if h.topOverlay() != nil {
		t.Errorf("asked again: %q", h.dialogText())
	}
	if len(h.all()) != 1 {
		t.Fatalf("%d theses saved", len(h.all()))
	}

	// Editing it asks only about what the edit takes away.
	h.u.editThesis(h.all()[0])
	typeInto(e.title, "원화 강세 (수정)")
	test.Tap(e.saveBtn)
	h.pump("the edit", func() bool { return !e.active || h.topOverlay() != nil })
	if h.topOverlay() != nil {
		t.Fatalf("an edit that takes nothing away asked: %q", h.dialogText())
	}
	h.settle()
	h.u.editThesis(h.all()[0])
	typeInto(e.expect, "")
	test.Tap(e.saveBtn)
	h.settle()
	if text := h.dialogText(); !strings.Contains(text, tr("editor.missing.expectation")) || strings.Contains(text, tr("editor.missing.loss_budget")) {
		t.Errorf("an edit removing the expectation asks %q", text)
	}
	h.tapDialogButton(tr("editor.save_anyway"))
	h.pump("the edit", func() bool { return !e.active })

	// A complete thesis is saved without a question.
	h.u.newThesis()
	test.Type(e.title, "완전한 논지")
	fillClaim(e)
	test.Tap(e.saveBtn)
	h.pump("the save", func() bool { return !e.active })
	if len(h.all()) != 2 || h.topOverlay() != nil {
		t.Fatalf("%d theses saved", len(h.all()))
	}
}

// TestLeavingFormAsks cancels and closes the window with unsaved changes: both ask, the
// answer to stay keeps the text, and closing keeps the draft.
func TestLeavingFormAsks(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	h := newHarness(t, harnessOptions{settings: &s, noServer: true})
	h.u.newThesis()
	e := h.u.editor
	test.Type(e.title, "유가 100달러")

	test.Tap(e.cancelBtn)
	h.settle()
	if !strings.Contains(h.dialogText(), tr("editor.leave_title")) {
		t.Fatalf("Cancel did not ask; dialog shows %q", h.dialogText())
	}
	if b := findButton(h.topOverlay(), tr("editor.discard")); b == nil || b.Importance != widget.DangerImportance {
		t.Error("Discard should have the destructive style")
	}
	h.tapDialogButton(tr("editor.keep_writing"))
	h.settle()
	if !e.active || e.title.Text != "유가 100달러" || h.detail() != e.content {
		t.Fatal("Keep writing lost the form")
	}

	h.u.onCloseRequested()
	h.settle()
	if h.closed || !strings.Contains(h.dialogText(), tr("editor.close_title")) {
		t.Fatalf("closing the window did not ask (closed %v, dialog %q)", h.closed, h.dialogText())
	}
	if !strings.Contains(h.u.prefs.String(prefDraft), "유가 100달러") {
		t.Error("the draft is not kept while the question is asked")
	}
	h.tapDialogButton(tr("editor.keep_writing"))
	h.settle()
	if h.closed || !e.active {
		t.Fatal("Keep writing closed the window")
	}
	h.u.onCloseRequested()
	h.tapDialogButton(tr("editor.close_anyway"))
	h.settle()
	if !h.closed || !strings.Contains(h.u.prefs.String(prefDraft), "유가 100달러") {
		t.Errorf("closed %v, draft %q", h.closed, h.u.prefs.String(prefDraft))
	}
}

// TestDeleteConfirmIsDestructive checks the style of the delete button in the question.
func TestDeleteConfirmIsDestructive(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	h := newHarness(t, harnessOptions{settings: &s, noServer: true, seed: []*journal.Thesis{aaplThesis(testStart, "100")}})
	th := h.all()[0]
	h.u.showThesis(th.ID)
	h.settle()
	h.u.deleteThesis(th)
	b := findButton(h.topOverlay(), tr("delete.confirm"))
	if b == nil {
		t.Fatalf("no delete question; dialog shows %q", h.dialogText())
	}
	if b.Importance != widget.DangerImportance {
		t.Errorf("the delete button has importance %v, want the destructive style", b.Importance)
	}
}

// TestRecordReviewButtonsInView opens the review form on a thesis with many reasons in
// small windows: Save and Cancel are inside the window without scrolling.
func TestRecordReviewButtonsInView(t *testing.T) {
	applyLanguage(langKorean)
	t.Cleanup(func() { applyLanguage(langEnglish) })
	s := usd
	th := aaplThesis(testStart, "100")
	for i := range 8 {
		th.Reasons = append(th.Reasons, strings.Repeat("이유 ", 3+i))
	}
	h := newHarness(t, harnessOptions{settings: &s, noServer: true, seed: []*journal.Thesis{th}})
	for _, size := range []fyne.Size{fyne.NewSize(1200, 760), fyne.NewSize(800, 600)} {
		h.win.Resize(size)
		h.u.showThesis(th.ID)
		h.settle()
		f := h.u.showRecordReview(h.u.review.thesis)
		h.settle()
		win := h.win.Canvas().Size()
		d := fyne.CurrentApp().Driver()
		for _, b := range []*widget.Button{f.saveBtn, f.cancel} {
			p := d.AbsolutePositionForObject(b)
			if b.Size().Height == 0 || p.Y < 0 || p.Y+b.Size().Height > win.Height || p.X < 0 || p.X+b.Size().Width > win.Width {
				t.Errorf("%v window: %q at %v size %v is outside the window %v", size, b.Text, p, b.Size(), win)
			}
		}
		f.dialog.Hide()
	}
}
