package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"hindsight/journal/demo"
)

// TestMoveImportance decides the colour of a signed figure from its sign, the interface
// language and the preference.
func TestMoveImportance(t *testing.T) {
	t.Cleanup(func() { uiLang, moveColors = langEnglish, choiceSystem })
	const (
		green = widget.SuccessImportance
		red   = widget.DangerImportance
		blue  = widget.HighImportance
		plain = widget.MediumImportance
	)
	for _, c := range []struct {
		lang, pref        string
		gain, loss, level widget.Importance
	}{
		{langKorean, choiceSystem, red, blue, plain},
		{langEnglish, choiceSystem, green, red, plain},
		{langKorean, movesGreenUp, green, red, plain},
		{langEnglish, movesRedUp, red, blue, plain},
	} {
		uiLang, moveColors = c.lang, c.pref
		if got := moveImportance(1); got != c.gain {
			t.Errorf("%s/%s: a gain is %v, want %v", c.lang, c.pref, got, c.gain)
		}
		if got := moveImportance(-1); got != c.loss {
			t.Errorf("%s/%s: a loss is %v, want %v", c.lang, c.pref, got, c.loss)
		}
		if got := moveImportance(0); got != c.level {
			t.Errorf("%s/%s: no change is %v, want %v", c.lang, c.pref, got, c.level)
		}
	}
	uiLang, moveColors = langKorean, choiceSystem
	if got := pctImportance(decimal.RequireFromString("0.0004")); got != plain {
		t.Errorf("a return shown as 0.0 %% is coloured %v", got)
	}
}

// pctLabels returns the labels inside o that show a signed percentage.
func pctLabels(o fyne.CanvasObject) []*widget.Label {
	var out []*widget.Label
	walk(o, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && strings.HasSuffix(l.Text, "%") && strings.ContainsAny(l.Text[:1], "+-") {
			out = append(out, l)
		}
	})
	return out
}

// TestKoreanMoveColours shows gains red and losses blue in Korean on the dashboard and in
// the list, and the other way once Settings says so.
func TestKoreanMoveColours(t *testing.T) {
	t.Cleanup(func() { applyLanguage(langEnglish); moveColors = choiceSystem })
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefLanguage, langKorean)
	s := demo.Settings()
	h := newHarness(t, harnessOptions{settings: &s, seed: demo.Theses(), noServer: true, app: a})
	u := h.u
	check := func(when string, gain, loss widget.Importance) {
		t.Helper()
		n := 0
		for _, l := range append(append(pctLabels(u.dash.best), pctLabels(u.dash.worst)...), pctLabels(u.list.list)...) {
			want := gain
			if strings.HasPrefix(l.Text, "-") {
				want = loss
			}
			if l.Importance != want {
				t.Errorf("%s: %q is coloured %v, want %v", when, l.Text, l.Importance, want)
			}
			n++
		}
		if len(pctLabels(u.dash.best)) == 0 || len(pctLabels(u.dash.worst)) == 0 || n < 4 {
			t.Fatalf("%s: too few figures to check: %d", when, n)
		}
	}
	u.left.SelectIndex(1)
	h.settle()
	u.left.SelectIndex(0)
	h.settle()
	check("Korean", widget.DangerImportance, widget.HighImportance)

	test.Tap(u.toolbar.settingsBtn)
	h.settle()
	f := u.settingsForm
	f.moves.SetSelected(tr("settings.moves_green"))
	h.settle()
	check("green up", widget.SuccessImportance, widget.DangerImportance)
	if got := h.app.Preferences().String(prefMoveColors); got != movesGreenUp {
		t.Errorf("the choice is kept as %q", got)
	}
}
