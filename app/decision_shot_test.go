package app

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"hindsight/journal"
)

// envDecisionShots names the folder TestDecisionScreenshots writes its pictures to; the
// test is skipped without it.
const envDecisionShots = "HINDSIGHT_DECISION_SHOTS"

// decisionShotSeed is decisionSeed with a fuller thesis: a pre-mortem, a base rate,
// levels, a link to an earlier thesis and a graded review.
func decisionShotSeed() []*journal.Thesis {
	seed := decisionSeed()
	titles := []string{"Copper squeeze into Q4", "Rate cuts lift small caps", "Meme rally in retail", "Biotech binary bet",
		"Defensive rotation", "Yen carry unwind", "Oil glut", "Euro banks rerate", "Korea value-up"}
	for i, t := range seed {
		t.Title = titles[i]
	}
	at := time.Date(2026, 1, 5, 15, 0, 0, 0, time.UTC)
	base := 30
	nvda := fillsThesis()
	nvda.ID, nvda.Title = "nvda", "AI demand keeps growing"
	nvda.CreatedAt = at
	nvda.Positions = nil
	nvda.LossBudget = journal.Money{}
	nvda.Reasons = []string{"Hyperscaler capex guides up again", "Supply of HBM is the bottleneck, not demand"}
	nvda.Invalidation = "Two hyperscalers cut capex guidance"
	nvda.PreMortem = []string{"Hyperscalers digest what they bought and pause orders", "Export rules shut the China market",
		"A cheaper accelerator takes share"}
	nvda.BaseRate = &base
	nvda.Levels = []journal.Level{
		{Symbol: "NVDA", When: journal.LevelBelow, Price: journal.MustMoney("90", "USD"), Close: true},
		{Symbol: "SOXX", When: journal.LevelBelow, Price: journal.MustMoney("180", "USD")},
	}
	nvda.Links = []journal.Link{{Kind: journal.LinkFollowsUp, To: "e"}}
	nvda.Reviews = []journal.Review{{At: time.Date(2026, 2, 27, 9, 0, 0, 0, time.UTC), Verdict: journal.VerdictMixed,
		Note: "Capex held; the stock did not", Quality: 4, Risks: []int{1}}}
	later := &journal.Thesis{ID: "nvda2", Title: "Blackwell ramp beats the street", Conviction: 55, Status: journal.StatusOpen,
		CreatedAt: at.Add(40 * 24 * time.Hour), Links: []journal.Link{{Kind: journal.LinkFollowsUp, To: "nvda"}}}
	return append(seed, nvda, later)
}

// TestDecisionScreenshots photographs the thesis form's new sections, the review with
// the decision quality and links, and the dashboard's 2×2, at 800×600 and 1200×760 in
// English and in Korean:
//
//	HINDSIGHT_DECISION_SHOTS=docs/screenshots go test ./app/ -run DecisionScreenshots
func TestDecisionScreenshots(t *testing.T) {
	dir := os.Getenv(envDecisionShots)
	if dir == "" {
		t.Skip("set " + envDecisionShots + " to a folder to take the pictures")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", dir)
	}
	for _, lang := range []string{langEnglish, langKorean} {
		for _, size := range []fyne.Size{{Width: 800, Height: 600}, {Width: 1200, Height: 760}} {
			t.Run(fmt.Sprintf("%s-%.0fx%.0f", lang, size.Width, size.Height), func(t *testing.T) {
				s := usd
				h := newHarness(t, harnessOptions{settings: &s, seed: decisionShotSeed(), noServer: true})
				t.Cleanup(func() { applyLanguage(langEnglish) })
				applyLanguage(lang)
				h.u.rebuild()
				h.settle()
				h.win.Resize(size)
				name := func(what string) string {
					return filepath.Join(dir, fmt.Sprintf("%s-%s-%.0fx%.0f.png", what, lang, size.Width, size.Height))
				}
				u := h.u

				u.editThesis(h.get("nvda"))
				h.settle()
				scrollShotTo(u.editor.scroll, u.editor.dec.levelsBox, 90)
				shootFresh(t, h, name("decision-form"))
				scrollShotTo(u.editor.scroll, u.editor.dec.risksBox, 120)
				shootFresh(t, h, name("decision-form-premortem"))
				u.editor.dirty = false
				u.editor.close()

				u.showThesis("nvda")
				h.settle()
				u.review.scroll.ScrollToTop()
				shootFresh(t, h, name("decision-review"))
				scrollShotTo(u.review.scroll, u.review.levels, 200)
				shootFresh(t, h, name("decision-review-links"))
				scrollShotTo(u.review.scroll, u.review.reviews, 120)
				shootFresh(t, h, name("decision-review-reviews"))

				u.left.SelectIndex(1)
				h.settle()
				scrollShotTo(u.dash.content.(*container.Scroll), u.dash.decPanels.cells[0], 110)
				shootFresh(t, h, name("decision-dashboard"))
				scrollShotTo(u.dash.content.(*container.Scroll), u.dash.decPanels.brier, 160)
				shootFresh(t, h, name("decision-calibration"))
			})
		}
	}
}

// scrollTo scrolls s so that obj shows, above pixels under the top.
func scrollShotTo(s *container.Scroll, obj fyne.CanvasObject, above float32) {
	d := fyne.CurrentApp().Driver()
	y := d.AbsolutePositionForObject(obj).Y - d.AbsolutePositionForObject(s.Content).Y
	s.ScrollToOffset(fyne.NewPos(0, max(y-above, 0)))
}

// shootFresh lays the window out again and photographs it.
func shootFresh(t *testing.T, h *harness, path string) {
	t.Helper()
	h.settle()
	h.win.Content().Refresh()
	h.settle()
	shoot(t, h, path)
}
