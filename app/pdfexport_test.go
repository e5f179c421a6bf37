package app

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"hindsight/app/filedialog"
	"hindsight/app/filedialog/portaltest"
	"hindsight/journal/demo"
)

// TestKoreanPDFExport exports a thesis from the Korean interface: the save dialog
// suggests its date and title as the file name, and the PDF speaks Korean.
func TestKoreanPDFExport(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not found: install poppler-utils to read the PDF back")
	}
	p := portaltest.Start(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", p.Address())
	t.Setenv(filedialog.EnvBackend, "")
	t.Cleanup(func() { applyLanguage(langEnglish) })
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefLanguage, langKorean)
	s := demo.Settings()
	h := newHarness(t, harnessOptions{settings: &s, seed: demo.Theses(), noServer: true, nativeDialogs: true, app: a})
	h.u.showThesis("demo-deepseek")
	h.settle()
	out := filepath.Join(t.TempDir(), "논지.pdf")
	p.Answer(out)
	test.Tap(h.u.review.pdfBtn)
	h.settle()
	calls := p.Calls()
	if len(calls) != 1 {
		t.Fatalf("portal saw %d calls", len(calls))
	}
	if want := "2025-01-28 " + h.get("demo-deepseek").Title + ".pdf"; calls[0].CurrentName != want {
		t.Errorf("suggested name %q, want %q", calls[0].CurrentName, want)
	}
	txt, err := exec.Command("pdftotext", "-enc", "UTF-8", out, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v (dialog %q)", err, h.dialogText())
	}
	got := strings.Join(strings.Fields(string(txt)), " ")
	for _, w := range []string{"작성 당시의 주장", "작성 2025년 1월 28일", "결과", "손실 예산"} {
		if !strings.Contains(got, w) {
			t.Errorf("the PDF lacks %q", w)
		}
	}
	if strings.Contains(got, "Claim") {
		t.Error("the PDF still says Claim")
	}
}
