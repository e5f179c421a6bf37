package app

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hindsight/journal"
)

// envAlertShots names the folder TestAlertScreenshots writes its pictures to; the test is
// skipped without it.
const envAlertShots = "HINDSIGHT_ALERT_SHOTS"

// TestAlertScreenshots photographs the Alerts tab with a review due, a loss budget and a
// price level alert, at 800×600 and 1200×760, in English and in Korean:
//
//	HINDSIGHT_ALERT_SHOTS=docs/screenshots go test ./app/ -run AlertScreenshots
func TestAlertScreenshots(t *testing.T) {
	dir := os.Getenv(envAlertShots)
	if dir == "" {
		t.Skip("set " + envAlertShots + " to a folder to take the pictures")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", dir)
	}
	for _, lang := range []string{langEnglish, langKorean} {
		for _, size := range []fyne.Size{{Width: 800, Height: 600}, {Width: 1200, Height: 760}} {
			t.Run(fmt.Sprintf("%s-%.0fx%.0f", lang, size.Width, size.Height), func(t *testing.T) {
				t.Cleanup(func() { applyLanguage(langEnglish) })
				a := &trayApp{App: test.NewTempApp(t)}
				a.Preferences().SetString(prefLanguage, lang)
				th := budgetThesis()
				th.ReviewBy = journal.DateOf(testStart)
				th.Levels = []journal.Level{{Symbol: "XOM", When: journal.LevelBelow, Price: journal.MustMoney("93", "USD")}}
				other := budgetThesis()
				other.ID, other.Title, other.Invalidation, other.Levels = "xom2", "Refiners keep their margins", "", nil
				s := usd
				h := newHarness(t, harnessOptions{app: a, settings: &s, seed: []*journal.Thesis{th, other}})
				h.win.Resize(size)
				refreshAt(h, 92)
				h.u.left.Select(h.u.alerts.tab)
				h.clock.Add(time.Minute)
				h.settle()
				shoot(t, h, filepath.Join(dir, fmt.Sprintf("alerts-%s-%.0fx%.0f.png", lang, size.Width, size.Height)))
			})
		}
	}
}
