package app

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
)

// envTradeShots names the folder TestTradeImportScreenshots writes its pictures to; the
// test is skipped without it.
const envTradeShots = "HINDSIGHT_TRADE_SHOTS"

// TestTradeImportScreenshots photographs the import wizard's preview and the inbox at
// 800×600 and 1200×760, in English and in Korean:
//
//	HINDSIGHT_TRADE_SHOTS=docs/screenshots go test ./app/ -run TradeImportScreenshots
func TestTradeImportScreenshots(t *testing.T) {
	dir := os.Getenv(envTradeShots)
	if dir == "" {
		t.Skip("set " + envTradeShots + " to a folder to take the pictures")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", dir)
	}
	for _, lang := range []string{langEnglish, langKorean} {
		for _, size := range []fyne.Size{{Width: 800, Height: 600}, {Width: 1200, Height: 760}} {
			t.Run(fmt.Sprintf("%s-%.0fx%.0f", lang, size.Width, size.Height), func(t *testing.T) {
				h := newSamsungHarness(t)
				applyLanguage(lang)
				h.u.rebuild()
				h.settle()
				h.win.Resize(size)
				w := h.u.showTradeImport(krBrokerCP949)
				waitWizard(h, w)
				shoot(t, h, filepath.Join(dir, fmt.Sprintf("tradeimport-%s-%.0fx%.0f.png", lang, size.Width, size.Height)))
				w.choice["000660"] = "000660.KS"
				w.reload()
				waitWizard(h, w)
				w.importNow()
				h.pump("the import", func() bool { return w.done && h.u.running.Load() == 0 && len(h.u.inbox.entries) == 1 })
				h.u.left.SelectIndex(2)
				h.settle()
				shoot(t, h, filepath.Join(dir, fmt.Sprintf("inbox-%s-%.0fx%.0f.png", lang, size.Width, size.Height)))
				applyLanguage(langEnglish)
			})
		}
	}
}

// shoot writes what the window shows as a PNG.
func shoot(t *testing.T, h *harness, path string) {
	t.Helper()
	img := h.win.Canvas().Capture()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
