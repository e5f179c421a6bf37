package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hindsight/journal/demo"
)

// demoHarness runs the app on the demo journal in language (langEnglish, langKorean).
func demoHarness(t *testing.T, language string) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefLanguage, language)
	s := demo.Settings()
	h := newHarness(t, harnessOptions{app: a, settings: &s, seed: demo.Theses(), noServer: true})
	t.Cleanup(func() { applyLanguage(langEnglish) })
	return h
}

// bounds returns where o is in the window and its size.
func bounds(o fyne.CanvasObject) (fyne.Position, fyne.Size) {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o), o.Size()
}

// overlaps says whether a and b share any pixels.
func overlaps(a, b fyne.CanvasObject) bool {
	pa, sa := bounds(a)
	pb, sb := bounds(b)
	return pa.X < pb.X+sb.Width && pb.X < pa.X+sa.Width && pa.Y < pb.Y+sb.Height && pb.Y < pa.Y+sa.Height
}

// findPanel returns the review panel titled title.
func findPanel(o fyne.CanvasObject, title string) *panel {
	var found *panel
	walk(o, func(o fyne.CanvasObject) {
		if p, ok := o.(*panel); ok && p.title == title && found == nil {
			found = p
		}
	})
	return found
}

// TestSmallWindow lays the window out at 800×600 and at 1366×768, in English and in
// Korean: the content fits, the toolbar's buttons and the search box never overlap nor
// leave the window, the filters show their choices whole, the review's cards stack in
// one column on the narrow window and stand side by side on the wide one.
func TestSmallWindow(t *testing.T) {
	for _, language := range []string{langEnglish, langKorean} {
		t.Run(language, func(t *testing.T) {
			h := demoHarness(t, language)
			u := h.u
			u.showThesis("demo-deepseek")
			h.settle()
			for _, size := range []fyne.Size{{Width: 800, Height: 600}, {Width: 1366, Height: 768}} {
				h.win.Resize(size)
				if m := u.content.MinSize(); m.Width > size.Width || m.Height > size.Height {
					t.Errorf("%v: the window's content needs %v", size, m)
				}
				objs := []fyne.CanvasObject{}
				for _, b := range u.toolbar.buttons {
					objs = append(objs, b)
				}
				objs = append(objs, u.toolbar.search)
				for i, a := range objs {
					p, s := bounds(a)
					if p.X < 0 || p.X+s.Width > size.Width+0.5 || s.Width < a.MinSize().Width-0.5 {
						t.Errorf("%v: toolbar item %d at %v size %v (needs %v) does not fit", size, i, p, s, a.MinSize())
					}
					for _, b := range objs[i+1:] {
						if overlaps(a, b) {
							t.Errorf("%v: toolbar items overlap: %v and %v", size, a, b)
						}
					}
				}
				if w := u.toolbar.search.Size().Width; w < searchMinWidth {
					t.Errorf("%v: search box only %v wide", size, w)
				}
				for _, sel := range []*widget.Select{u.list.status, u.list.tag, u.list.symbol} {
					if sel.Size().Width+0.5 < selectWidth(sel) {
						t.Errorf("%v: filter %q is %v wide, needs %v to show its choice", size, sel.Selected, sel.Size().Width, selectWidth(sel))
					}
				}
				claim := findPanel(u.review.content, tr("review.claim"))
				budget := findPanel(u.review.content, tr("review.loss_budget"))
				if claim == nil || budget == nil {
					t.Fatal("the review's cards are missing")
				}
				cp, cs := bounds(claim)
				bp, _ := bounds(budget)
				detailP, detailS := bounds(u.detail)
				if size.Width == 800 {
					if bp.X != cp.X || bp.Y < cp.Y+cs.Height {
						t.Errorf("800 wide: the cards are not one column: claim at %v, budget at %v", cp, bp)
					}
				} else if bp.Y != cp.Y || bp.X < cp.X+cs.Width {
					t.Errorf("%v: the cards are not side by side: claim at %v, budget at %v", size, cp, bp)
				}
				for _, c := range []fyne.CanvasObject{claim, budget, u.review.deleteBtn, u.review.recordBtn} {
					p, s := bounds(c)
					if p.X+s.Width > detailP.X+detailS.Width+0.5 {
						t.Errorf("%v: %T is cut off on the right (%v + %v > %v)", size, c, p.X, s.Width, detailP.X+detailS.Width)
					}
				}
			}
			// The new-thesis button keeps its label longest; on the wide window all do.
			for _, b := range u.toolbar.buttons {
				if b.Text != b.label {
					t.Errorf("1366 wide: button %q shows %q", b.label, b.Text)
				}
			}
		})
	}
}

// TestLongStatusMessage says something very long in the status bar of an 800×600
// window: the text ends in an ellipsis and the window keeps its size.
func TestLongStatusMessage(t *testing.T) {
	h := demoHarness(t, langKorean)
	u := h.u
	size := fyne.NewSize(800, 600)
	h.win.Resize(size)
	long := strings.Repeat("시세를 새로고침하지 못했습니다: 네트워크에 연결할 수 없습니다. ", 12)
	u.status.say(long, true)
	h.settle()
	if m := u.content.MinSize(); m.Width > size.Width || m.Height > size.Height {
		t.Errorf("after a long message the window's content needs %v", m)
	}
	if got := h.win.Canvas().Size(); got != size {
		t.Errorf("the window is now %v", got)
	}
	for _, o := range u.status.row.Objects {
		p, s := bounds(o)
		if o.Visible() && p.X+s.Width > size.Width+0.5 {
			t.Errorf("the status bar's %T ends at %v, past the window", o, p.X+s.Width)
		}
	}
	if !u.status.undo.Visible() || u.status.undo.Size().Width < u.status.undo.MinSize().Width {
		t.Error("the undo button was squeezed out by the message")
	}
}

// TestToolbarCollapsesLabels narrows the window until the toolbar's buttons show their
// icons, from the right end first, and the status bar names a button on hover.
func TestToolbarCollapsesLabels(t *testing.T) {
	h := demoHarness(t, langKorean)
	u := h.u
	h.win.Resize(fyne.NewSize(640, 480))
	bs := u.toolbar.buttons
	if bs[len(bs)-1].Text != "" {
		t.Errorf("640 wide: the last button still shows %q", bs[len(bs)-1].Text)
	}
	seenIcon := false
	for _, b := range bs {
		if b.Text == "" {
			seenIcon = true
		} else if seenIcon {
			t.Errorf("button %q keeps its label right of one that lost it", b.label)
		}
	}
	b := u.toolbar.refreshBtn
	b.MouseIn(&desktop.MouseEvent{})
	if got, want := u.status.message.Text, tr("toolbar.refresh")+" ("+shortcutText(fyne.KeyR)+")"; got != want {
		t.Errorf("hovering shows %q, want %q", got, want)
	}
	b.MouseOut()
	if got := u.status.message.Text; got != "" {
		t.Errorf("after hovering the status bar shows %q", got)
	}
}
