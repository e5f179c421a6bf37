package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"
	"golang.org/x/image/font/sfnt"

	"hindsight/assets"
	"hindsight/journal"
	"hindsight/journal/demo"
)

// TestSettings changes the journal's settings, the theme and the language from the
// settings dialog.
func TestSettings(t *testing.T) {
	applyLanguage(langEnglish)
	t.Cleanup(func() { applyLanguage(langEnglish) })
	s := usd
	h := newHarness(t, harnessOptions{settings: &s, seed: manyTheses(2), noServer: true})
	u := h.u
	test.Tap(u.toolbar.settingsBtn)
	h.settle()
	f := u.settingsForm
	if f == nil {
		t.Fatal("settings did not open")
	}
	if f.location.Text != h.path {
		t.Errorf("data location shows %q", f.location.Text)
	}

	typeInto(f.total, "zero")
	test.Tap(f.saveBtn)
	h.settle()
	if f.totalErr.Text != tr("settings.bad_total") {
		t.Errorf("bad total says %q", f.totalErr.Text)
	}
	f.base.SetSelected("KRW")
	typeInto(f.total, "20,000,000")
	f.bench.SetText("^ks11")
	test.Type(f.author, "김투자")
	f.themeSel.SetSelected(tr("settings.light"))
	if h.app.Preferences().String(prefTheme) != themeLight || u.theme.Color(theme.ColorNameBackground, theme.VariantDark) != theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight) {
		t.Error("the light theme was not applied at once")
	}
	f.language.SetSelected("한국어")
	test.Tap(f.saveBtn)
	h.settle()
	got, err := u.store.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got.BaseCurrency != "KRW" || got.TotalLossBudget.String() != "20000000 KRW" || got.Benchmark != "^KS11" || got.Author != "김투자" {
		t.Errorf("stored settings %+v", got)
	}
	// The window now speaks Korean.
	ko := catalogue(t, langKorean)
	if u.toolbar.newBtn.Text != ko["toolbar.new"] {
		t.Errorf("after switching to Korean the toolbar says %q", u.toolbar.newBtn.Text)
	}
	if h.app.Preferences().String(prefLanguage) != langKorean {
		t.Error("language choice not kept")
	}
	if u.list.total != 2 {
		t.Errorf("rebuilt list shows %d theses", u.list.total)
	}
}

// TestBackupsRestore lists the journal's backups in the settings and restores one.
func TestBackupsRestore(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	h := newHarness(t, harnessOptions{settings: &s, seed: manyTheses(2), noServer: true})
	u := h.u
	f := u.showSettings()
	h.settle()
	test.Tap(f.backupNow)
	h.settle()
	if strings.Count(strings.Join(visibleTexts(f.backups), "\n"), "journal-") != 1 {
		t.Fatalf("backups list shows %q", visibleTexts(f.backups))
	}
	// A thesis written after the backup is gone once the backup is restored.
	done := false
	u.saveThesis(&journal.Thesis{Title: "after the backup", CreatedAt: h.clock.Now()}, true, func(*journal.Thesis, error) { done = true })
	h.pump("save", func() bool { return done })
	h.settle()
	if u.list.total != 3 {
		t.Fatalf("%d listed", u.list.total)
	}
	test.Tap(findButton(f.backups, tr("settings.restore")))
	h.tapDialogButton(tr("settings.restore"))
	h.settle()
	if u.store == nil || u.list.total != 2 || len(h.all()) != 2 {
		t.Fatalf("after restore %d listed", u.list.total)
	}
}

// TestExportPDFMissingGlyphs: the status after a PDF export names the characters none of
// the bundled fonts has, in the UI's language.
func TestExportPDFMissingGlyphs(t *testing.T) {
	defer applyLanguage(langEnglish)
	s := demo.Settings()
	seed := demo.Theses()
	seed[0].Title += " −12 % 🚀 \ue000 𐀀"
	h := newHarness(t, harnessOptions{settings: &s, seed: seed, noServer: true})
	for _, lang := range []string{langEnglish, langKorean} {
		applyLanguage(lang)
		path := filepath.Join(t.TempDir(), "one.pdf")
		var got error = errNotDone
		h.u.exportToFile(exportPDF, h.get(seed[0].ID), path, func(err error) { got = err })
		h.settle()
		if got != nil {
			t.Fatalf("pdf export: %v", got)
		}
		want := tr("export.done_missing", map[string]any{"Path": path, "Count": 2, "Chars": "U+E000, U+10000 𐀀"})
		if msg := h.u.status.message.Text; msg != want || !strings.Contains(msg, "U+E000, U+10000 𐀀") || !strings.Contains(msg, "□") {
			t.Errorf("%s: status says %q, want %q", lang, msg, want)
		}
	}
}

// TestExportImport writes the journal as JSON and CSV and reads the JSON into another
// journal.
func TestExportImport(t *testing.T) {
	applyLanguage(langEnglish)
	s := demo.Settings()
	h := newHarness(t, harnessOptions{settings: &s, seed: demo.Theses(), noServer: true})
	dir := t.TempDir()
	jsonPath := filepath.Join(dir, "out.json")
	csvPath := filepath.Join(dir, "out.csv")
	for _, c := range []struct{ kind, path string }{{exportJSON, jsonPath}, {exportCSV, csvPath}} {
		w, err := os.Create(c.path)
		if err != nil {
			t.Fatal(err)
		}
		var got error = errNotDone
		h.u.exportTo(c.kind, nil, w, c.path, func(err error) { got = err })
		h.settle()
		if got != nil {
			t.Fatalf("export %s: %v", c.kind, got)
		}
	}
	// One thesis as PDF, through the atomic file export the save dialog uses.
	pdfPath := filepath.Join(dir, "deepseek.pdf")
	var pdfErr error = errNotDone
	h.u.exportToFile(exportPDF, h.get("demo-deepseek"), pdfPath, func(err error) { pdfErr = err })
	h.settle()
	if pdfErr != nil {
		t.Fatalf("pdf export: %v", pdfErr)
	}
	if head := mustRead(t, pdfPath); !bytes.HasPrefix(head, []byte("%PDF-")) || len(head) < 10_000 {
		t.Errorf("pdf export wrote %d bytes starting %q", len(head), head[:min(8, len(head))])
	}
	if want := tr("export.done", map[string]any{"Path": pdfPath}); h.u.status.message.Text != want {
		t.Errorf("status says %q, want %q", h.u.status.message.Text, want)
	}
	b, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := journal.DecodeInterchange(bytes.NewReader(b))
	if err != nil || len(doc.Theses) != len(demo.Theses()) {
		t.Fatalf("exported JSON: %v, %d theses", err, len(doc.Theses))
	}
	// The file starts with a byte order mark for spreadsheets.
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(mustRead(t, csvPath), []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) < 2 || strings.Join(rows[0], ",") != strings.Join(journal.CSVHeader(), ",") {
		t.Fatalf("exported CSV: %v, %d rows", err, len(rows))
	}

	h2 := newHarness(t, harnessOptions{noServer: true})
	f, err := os.Open(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var res journal.ImportResult
	h2.u.importFrom(f, "out.json", func(r journal.ImportResult, err error) {
		if err != nil {
			t.Fatal(err)
		}
		res = r
	})
	h2.settle()
	if len(res.Added) != len(demo.Theses()) || h2.u.list.total != len(demo.Theses()) || h2.u.settings.BaseCurrency != "KRW" {
		t.Errorf("import added %d, lists %d, base %s", len(res.Added), h2.u.list.total, h2.u.settings.BaseCurrency)
	}
	if !strings.Contains(h2.u.status.message.Text, "out.json") {
		t.Errorf("status says %q", h2.u.status.message.Text)
	}

	// The journal lowers a conviction after the export; importing the file again keeps it.
	edited := h2.get("demo-deepseek")
	edited.Conviction = 55
	if err := h2.store().Update(context.Background(), edited); err != nil {
		t.Fatal(err)
	}
	f, err = os.Open(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	h2.u.importFrom(f, "out.json", func(r journal.ImportResult, err error) {
		if err != nil {
			t.Fatal(err)
		}
		res = r
	})
	h2.settle()
	if len(res.Merged) != 1 || res.Unchanged != len(demo.Theses()) || h2.get("demo-deepseek").Conviction != 55 {
		t.Errorf("re-import after an edit: %+v, conviction %d", res, h2.get("demo-deepseek").Conviction)
	}
	want := fmt.Sprintf("Imported out.json: 0 added, 0 updated, %d unchanged; 1 merged, keeping the newer version of each", len(demo.Theses()))
	if got := h2.u.status.message.Text; got != want {
		t.Errorf("status says %q, want %q", got, want)
	}

	// A broken file is refused whole, with the place of the problem.
	h2.u.importFrom(strings.NewReader(`{"format":"hindsight-journal","version":1,"theses":[{"id":"x","title":""}]}`), "bad.json", nil)
	h2.settle()
	if !strings.Contains(h2.dialogText(), "$.theses[0]") {
		t.Errorf("bad import says %q", h2.dialogText())
	}
}

type notDone struct{}

func (notDone) Error() string { return "not done" }

var errNotDone error = notDone{}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDashboard sums the demo journal up: budget committed and lost, calibration with the
// Brier score, best and worst, and the theses due.
func TestDashboard(t *testing.T) {
	applyLanguage(langEnglish)
	s := demo.Settings()
	h := newHarness(t, harnessOptions{settings: &s, seed: demo.Theses(), noServer: true})
	u := h.u
	u.left.SelectIndex(1)
	h.settle()
	if h.detail() != u.dash.content {
		t.Fatal("the dashboard tab does not show the dashboard")
	}
	all := h.all()
	m := journal.KnownMarket(all, s.BaseCurrency, h.clock.Now())
	m.Bars = nil
	sum := journal.Summarize(all, s, m, h.clock.Now())
	cal := journal.Calibrate(all)
	if cal.Count == 0 || sum.Committed == nil || sum.TotalBudget == nil {
		t.Fatal("the demo journal should have judged theses and budgets")
	}
	wantBudget := tr("dash.committed", map[string]any{"Committed": sum.Committed.Format(), "Total": sum.TotalBudget.Format(), "Pct": fmtShare(*sum.CommittedRatio)})
	if u.dash.budgetText.Text != wantBudget {
		t.Errorf("budget says %q, want %q", u.dash.budgetText.Text, wantBudget)
	}
	for _, c := range []struct {
		l    *widget.Label
		key  string
		lost *journal.Money
	}{{u.dash.lostYear, "dash.lost_year", sum.LostThisYear}, {u.dash.lostEver, "dash.lost_ever", sum.LostAllTime}} {
		if c.lost == nil {
			t.Fatalf("%s unknown for the demo journal", c.key)
		}
		if want := tr(c.key, map[string]any{"Lost": c.lost.Format()}); c.l.Text != want {
			t.Errorf("dashboard says %q, want %q", c.l.Text, want)
		}
	}
	if !sum.LostAllTime.Amount.GreaterThan(sum.Lost.Amount) {
		t.Errorf("all time %s should count the demo's closed losses beyond the open %s", sum.LostAllTime, sum.Lost)
	}
	wantBrier := tr("dash.brier", map[string]any{"Score": journal.FormatDecimal(cal.Brier, 3), "N": cal.Count})
	if u.dash.brier.Text != wantBrier {
		t.Errorf("calibration says %q, want %q", u.dash.brier.Text, wantBrier)
	}
	if len(u.dash.due) != len(sum.Due) {
		t.Errorf("%d due listed, want %d", len(u.dash.due), len(sum.Due))
	}
	if sum.Best != nil && !strings.Contains(strings.Join(visibleTexts(u.dash.best), "\n"), sum.Best.Title) {
		t.Errorf("best list %q lacks %q", visibleTexts(u.dash.best), sum.Best.Title)
	}
	if got := u.dash.budgetBar.committed; decimal.NewFromFloat(got).Sub(*sum.CommittedRatio).Abs().GreaterThan(decimal.New(1, -9)) {
		t.Errorf("budget bar at %v, want %s", got, sum.CommittedRatio)
	}
	// Tapping a due thesis opens it.
	if len(u.dash.due) > 0 {
		u.dash.dueList.Select(0)
		h.settle()
		if u.review.thesis == nil || u.review.thesis.ID != sum.Due[0].ID || u.left.SelectedIndex() != 0 {
			t.Error("tapping a due thesis did not open it")
		}
	}
}

// TestTranslations checks that every key the code uses is in both catalogues, that both
// hold the same keys, and that their templates fill in.
func TestTranslations(t *testing.T) {
	en, ko := catalogue(t, langEnglish), catalogue(t, langKorean)
	for k := range en {
		if _, ok := ko[k]; !ok {
			t.Errorf("ko.json lacks %q", k)
		}
	}
	for k := range ko {
		if _, ok := en[k]; !ok {
			t.Errorf("en.json lacks %q", k)
		}
	}
	files, _ := filepath.Glob("*.go")
	keyRE := regexp.MustCompile(`\btrN?\("([a-z_.0-9]+)"`)
	used := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(mustRead(t, f)), -1) {
			used[m[1]] = true
		}
	}
	for _, rt := range ruleTexts {
		used[rt.key] = true
	}
	for _, s := range journal.Statuses {
		used["status."+string(s)] = true
	}
	for _, v := range verdicts {
		used["verdict."+string(v)] = true
	}
	for _, s := range sides {
		used["side."+string(s)] = true
	}
	for _, s := range []journal.Source{journal.SourceYahoo, journal.SourceManual, journal.SourceCache} {
		used["source."+string(s)] = true
	}
	for _, f := range []string{"symbol", "side", "quantity", "entry_price", "entered_at", "fx_to_base", "exit_price", "exited_at"} {
		used["position.field."+f] = true
	}
	for k := range used {
		if strings.HasSuffix(k, ".") {
			continue
		}
		if _, ok := en[k]; !ok {
			t.Errorf("en.json lacks %q", k)
		}
		if _, ok := ko[k]; !ok {
			t.Errorf("ko.json lacks %q", k)
		}
	}
	for _, lang := range []string{langEnglish, langKorean} {
		applyLanguage(lang)
		got := trN("list.count", 2)
		if !strings.Contains(got, "2") || strings.Contains(got, "{{") {
			t.Errorf("%s: list.count for 2 is %q", lang, got)
		}
		if got := tr("review.used", map[string]any{"Pct": "12 %"}); !strings.Contains(got, "12 %") {
			t.Errorf("%s: review.used is %q", lang, got)
		}
	}
	applyLanguage(langEnglish)
}

// TestThemeUsesBundledFont checks that every text style but the symbol font is drawn with
// the bundled NanumGothic, so Hangul never depends on the system's fonts.
func TestThemeUsesBundledFont(t *testing.T) {
	for _, choice := range []string{choiceSystem, themeLight, themeDark} {
		th := newTheme(choice)
		for _, s := range []fyne.TextStyle{{}, {Italic: true}, {Monospace: true}, {Bold: true}, {Bold: true, Italic: true}} {
			want := fontRegular
			if s.Bold {
				want = fontBold
			}
			if th.Font(s) != want {
				t.Errorf("%s theme: style %+v uses %s", choice, s, th.Font(s).Name())
			}
		}
	}
	light, dark := newTheme(themeLight), newTheme(themeDark)
	if light.Color(theme.ColorNameBackground, theme.VariantDark) == dark.Color(theme.ColorNameBackground, theme.VariantLight) {
		t.Error("light and dark themes draw the same background")
	}
}

// TestDatesAndMoneyByLanguage formats the same date and amounts in both languages.
func TestDatesAndMoneyByLanguage(t *testing.T) {
	d := journal.Date{Year: 2025, Month: time.January, Day: 28}
	tests := []struct {
		lang, date string
	}{
		{langEnglish, "Jan 28, 2025"},
		{langKorean, "2025년 1월 28일"},
	}
	for _, tc := range tests {
		applyLanguage(tc.lang)
		if got := fmtDate(d); got != tc.date {
			t.Errorf("%s: %q, want %q", tc.lang, got, tc.date)
		}
	}
	applyLanguage(langEnglish)
	for _, c := range []struct {
		m    journal.Money
		want string
	}{
		{journal.MustMoney("9200000", "KRW"), "₩9.2M"},
		{journal.MustMoney("-12500000.5", "USD"), "-$12.5M"},
		{journal.MustMoney("999", "EUR"), "€999.00"},
	} {
		if got := fmtCompact(c.m); got != c.want {
			t.Errorf("fmtCompact(%s) = %q, want %q", c.m, got, c.want)
		}
	}
	if got := fmtPct(decimal.RequireFromString("0.31")); got != "+31.0 %" {
		t.Errorf("fmtPct = %q", got)
	}
	applyLanguage(langKorean)
	defer applyLanguage(langEnglish)
	for _, c := range []struct {
		m    journal.Money
		want string
	}{
		{journal.MustMoney("10000000", "KRW"), "1,000만 원"},
		{journal.MustMoney("120000000", "KRW"), "1.2억 원"},
		{journal.MustMoney("1500000000000", "KRW"), "1.5조 원"},
		{journal.MustMoney("-120000000", "KRW"), "-1.2억 원"},
		{journal.MustMoney("12345678", "KRW"), "1,235만 원"},
		{journal.MustMoney("300000000", "KRW"), "3억 원"},
		{journal.MustMoney("99999999", "KRW"), "1억 원"},
		{journal.MustMoney("10000", "KRW"), "1만 원"},
		{journal.MustMoney("9999", "KRW"), "9,999원"},
		{journal.MustMoney("0", "KRW"), "0원"},
		{journal.MustMoney("-500", "KRW"), "-500원"},
		{journal.MustMoney("9200000", "USD"), "$9.2M"},
	} {
		if got := fmtCompact(c.m); got != c.want {
			t.Errorf("Korean fmtCompact(%s) = %q, want %q", c.m, got, c.want)
		}
	}
	if got := fmtPct(decimal.RequireFromString("0.777")); got != "+77.7%" {
		t.Errorf("Korean fmtPct = %q", got)
	}
	if got := fmtShare(decimal.RequireFromString("0.456")); got != "46%" {
		t.Errorf("Korean fmtShare = %q", got)
	}
}

// TestBundledFontCoversUIText checks that the bundled faces draw every character of the
// UI's own text in both languages (and the currency signs and marks the views add), so
// nothing shows as a missing glyph on a system without fonts of its own; and that text
// shown from the journal has the characters they lack replaced.
func TestBundledFontCoversUIText(t *testing.T) {
	var text strings.Builder
	for _, lang := range []string{langEnglish, langKorean} {
		for _, v := range catalogue(t, lang) {
			switch v := v.(type) {
			case string:
				text.WriteString(v)
			case map[string]any:
				for _, s := range v {
					text.WriteString(fmt.Sprint(s))
				}
			}
		}
	}
	text.WriteString("₩$€£¥●→–—…·①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳%+-*")
	for name, data := range map[string][]byte{"regular": assets.FontRegular, "bold": assets.FontBold} {
		f, err := sfnt.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		var buf sfnt.Buffer
		seen := map[rune]bool{}
		for _, r := range text.String() {
			if seen[r] || r < ' ' {
				continue
			}
			seen[r] = true
			if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
				t.Errorf("%s face has no glyph for %q (U+%04X)", name, r, r)
			}
		}
		for _, r := range shown("−17% ‑ 5 000") {
			if i, _ := f.GlyphIndex(&buf, r); i == 0 {
				t.Errorf("shown() left %q, which the %s face lacks", r, name)
			}
		}
	}
}

// TestImportKeepsYourSettings: a file's settings never replace those of a journal that
// holds theses; the status bar says which of the file's differ.
func TestImportKeepsYourSettings(t *testing.T) {
	applyLanguage(langEnglish)
	s := usd
	s.Author = "Kim"
	h := newHarness(t, harnessOptions{settings: &s, seed: []*journal.Thesis{aaplThesis(oldDate, "200")}, noServer: true})
	file := `{"format":"hindsight-journal","version":1,"settings":{"base_currency":"KRW","author":"Demo investor"},"theses":[]}`
	h.u.importFrom(strings.NewReader(file), "other.json", nil)
	h.settle()
	got, err := h.store().Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got.BaseCurrency != "USD" || got.Author != "Kim" || h.u.settings.BaseCurrency != "USD" {
		t.Errorf("settings after import: %+v (shown %+v)", got, h.u.settings)
	}
	want := tr("import.settings_kept", map[string]any{"Fields": "base currency, total loss budget, author"})
	if !strings.Contains(h.u.status.message.Text, want) {
		t.Errorf("status says %q, want it to contain %q", h.u.status.message.Text, want)
	}
}
