package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"hindsight/journal"
	"hindsight/journal/demo"
	"hindsight/quotes/yahoo/yahootest"
)

func needPoppler(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found: install poppler-utils (make deps) to read the PDFs back", tool)
		}
	}
}

// pdfText returns the text of a PDF with white space collapsed, and its pdfinfo.
func pdfText(t *testing.T, path string) (string, string) {
	t.Helper()
	txt, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	info, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", path, err)
	}
	return strings.Join(strings.Fields(string(txt)), " "), string(info)
}

func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.db")
	if _, errs, code := hs(t, db, "", "demo"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	return db
}

// setLang sets the locale environment the PDF language defaults from.
func setLang(t *testing.T, lang string) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", lang)
}

func TestCLIExportPDF(t *testing.T) {
	needPoppler(t)
	setLang(t, "en_US.UTF-8")
	db := demoDB(t)
	dir := t.TempDir()
	titles := map[string]string{}
	for _, th := range demo.Theses() {
		titles[th.ID] = strings.Join(strings.Fields(th.Title), " ")
	}

	tests := []struct {
		name    string
		args    []string
		want    []string // theses (ids) in the PDF
		single  bool
		paper   string
		inTitle string
	}{
		{"whole journal", nil, []string{"demo-valueup", "demo-bitcoin", "demo-yen", "demo-deepseek", "demo-oil", "demo-hynix"}, false, "A4", ""},
		{"one thesis on letter", []string{"--id", "demo-deepseek", "--paper", "letter"}, []string{"demo-deepseek"}, true, "letter", ""},
		{"two ids", []string{"--id", "demo-oil", "--id", "demo-yen"}, []string{"demo-yen", "demo-oil"}, false, "A4", "2 selected"},
		{"open and tagged", []string{"--status", "open", "--tag", "AI"}, []string{"demo-deepseek", "demo-hynix"}, false, "A4", "open · #ai"},
		{"date range", []string{"--from", "2025-01-01", "--to", "2025-03-31"}, []string{"demo-bitcoin", "demo-yen", "demo-deepseek", "demo-oil"}, false, "A4", "2025-01-01 to 2025-03-31"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, "export"+string(rune('a'+i))+".pdf")
			args := append([]string{"export", "--format", "pdf", "--offline", "-o", out}, tc.args...)
			_, errs, code := hs(t, db, "", args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if !strings.Contains(errs, "exported ") {
				t.Errorf("stderr %q", errs)
			}
			text, info := pdfText(t, out)
			if !strings.Contains(info, "("+tc.paper+")") {
				t.Errorf("paper: want %s in\n%s", tc.paper, info)
			}
			last := -1
			for _, id := range tc.want {
				at := strings.LastIndex(text, titles[id])
				if at < 0 {
					t.Errorf("PDF lacks %s", id)
				}
				if !tc.single && at < last {
					t.Errorf("%s out of order (oldest first)", id)
				}
				last = at
			}
			for id, title := range titles {
				if !contains(tc.want, id) && strings.Contains(text, title) {
					t.Errorf("PDF holds %s, outside the filter", id)
				}
			}
			if got := strings.Contains(text, "Contents"); got == tc.single {
				t.Errorf("contents page present = %v for a single thesis = %v", got, tc.single)
			}
			if !strings.Contains(text, "prices cached/offline") {
				t.Error("offline export does not say prices are cached/offline")
			}
			if tc.inTitle != "" && !strings.Contains(info, tc.inTitle) {
				t.Errorf("document title lacks %q:\n%s", tc.inTitle, info)
			}
		})
	}
}

// TestCLIExportPDFLanguage exports in the system's language by default, and in the one
// --lang names.
func TestCLIExportPDFLanguage(t *testing.T) {
	needPoppler(t)
	db := demoDB(t)
	dir := t.TempDir()
	export := func(name string, args ...string) (string, string) {
		t.Helper()
		out := filepath.Join(dir, name)
		_, errs, code := hs(t, db, "", append([]string{"export", "--format", "pdf", "--offline", "-o", out}, args...)...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, errs)
		}
		return pdfText(t, out)
	}
	setLang(t, "ko_KR.UTF-8")
	text, _ := export("ko.pdf", "--id", "demo-deepseek")
	for _, w := range []string{"작성 당시의 주장", "작성 2025년 1월 28일", "결과", "캐시/오프라인 가격"} {
		if !strings.Contains(text, w) {
			t.Errorf("with LANG=ko_KR the PDF lacks %q", w)
		}
	}
	_, info := export("ko-journal.pdf", "--status", "open")
	if !strings.Contains(info, "Hindsight 투자 일지 — open") {
		t.Errorf("Korean document title:\n%s", info)
	}
	text, _ = export("en.pdf", "--id", "demo-deepseek", "--lang", "en")
	if !strings.Contains(text, "Claim") || strings.Contains(text, "작성 당시의 주장") {
		t.Error("--lang en did not print English")
	}
	t.Setenv("LC_ALL", "en_GB.UTF-8")
	if text, _ = export("en2.pdf", "--id", "demo-deepseek"); !strings.Contains(text, "Claim") {
		t.Error("LC_ALL=en_GB did not win over LANG=ko_KR")
	}
	text, _ = export("ko2.pdf", "--id", "demo-deepseek", "--lang", "KO")
	if !strings.Contains(text, "작성 당시의 주장") {
		t.Error("--lang KO did not print Korean")
	}
	if _, errs, code := hs(t, db, "", "export", "--format", "pdf", "--lang", "fr", "-o", filepath.Join(dir, "fr.pdf")); code != 2 || !strings.Contains(errs, "--lang must be en or ko") {
		t.Errorf("--lang fr: exit %d, %q", code, errs)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestCLIExportPDFErrors(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	existing := filepath.Join(dir, "keep.pdf")
	os.WriteFile(existing, []byte("old"), 0o644)
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"export", "--format", "pdf"}, 2, "--format pdf needs -o FILE"},
		{[]string{"export", "--format", "pdf", "--paper", "a5", "-o", existing}, 2, "--paper must be a4 or letter"},
		{[]string{"export", "--format", "pdf", "--from", "2025-13-01", "-o", existing}, 2, "--from"},
		{[]string{"export", "--format", "docx"}, 2, "--format must be json or csv"},
		{[]string{"export", "--format", "pdf", "--id", "nope", "-o", existing}, 1, "thesis nope not found"},
		{[]string{"export", "--format", "pdf", "--offline", "-o", filepath.Join(dir, "missing", "x.pdf")}, 1, "missing"},
	}
	for _, c := range cases {
		_, errs, code := hs(t, db, "", c.args...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, errs, c.code, c.msg)
		}
	}
	if b, _ := os.ReadFile(existing); string(b) != "old" {
		t.Errorf("a failed export changed %s", existing)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in %s, want only keep.pdf", len(entries), dir)
	}
}

// TestCLIExportPDFSameFiguresAsReview exports one thesis with quotes from a local server
// speaking Yahoo's wire format and checks that the PDF prints the figures `review`
// computes from the same market.
func TestCLIExportPDFSameFiguresAsReview(t *testing.T) {
	needPoppler(t)
	srv := yahootest.NewServer(t)
	// Quoted at 21:00 UTC the day before the pinned clock.
	const at = 1795899600
	srv.SetQuote("NVDA", "AAPL", map[string]any{"currency": "USD", "regularMarketPrice": 181.5, "regularMarketTime": at})
	srv.SetQuote("005930.KS", "AAPL", map[string]any{"currency": "KRW", "regularMarketPrice": 98700, "exchange": "KSC", "regularMarketTime": at})
	srv.SetQuote("VRT", "AAPL", map[string]any{"currency": "USD", "regularMarketPrice": 150.25, "regularMarketTime": at})
	srv.SetQuote("USDKRW=X", "EURUSD=X", map[string]any{"currency": "KRW", "regularMarketPrice": 1400, "regularMarketTime": at})
	t.Setenv("HINDSIGHT_YAHOO_URL", srv.URL)
	db := demoDB(t)
	out := filepath.Join(t.TempDir(), "deepseek.pdf")
	if _, errs, code := hs(t, db, "", "export", "--format", "pdf", "--id", "demo-deepseek", "-o", out); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	raw, errs, code := hs(t, db, "", "review", "--json", "demo-deepseek")
	if code != 0 {
		t.Fatalf("review: %s", errs)
	}
	var rev struct {
		Outcome struct {
			PnLBase   *journal.Money `json:"pnl_base"`
			Positions []struct {
				Price   journal.Money  `json:"price"`
				PnLBase *journal.Money `json:"pnl_base"`
			} `json:"positions"`
		} `json:"outcome"`
	}
	if err := json.Unmarshal([]byte(raw), &rev); err != nil {
		t.Fatal(err)
	}
	o := rev.Outcome
	if o.PnLBase == nil || len(o.Positions) == 0 || o.Positions[0].Price.IsZero() {
		t.Fatalf("review has no P&L: %+v", o)
	}
	if p := o.Positions[0].Price; p.String() != "181.5 USD" {
		t.Fatalf("NVDA valued at %s, want the server's 181.5 USD", p)
	}
	text, _ := pdfText(t, out)
	want := []string{o.Positions[0].Price.Format(), o.PnLBase.Format()}
	for _, p := range o.Positions {
		if p.PnLBase != nil {
			want = append(want, p.PnLBase.Format())
		}
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("PDF lacks %q, which review reports", w)
		}
	}
	if !regexp.MustCompile(`Figures as of \d{4}-\d\d-\d\d \d\d:\d\d, in KRW`).MatchString(text) {
		t.Error("PDF lacks the as-of line")
	}
}

// TestCLIExportPDFMissingGlyphs: characters no bundled font has are named in one warning
// line on stderr; characters the fallback fonts have are not.
func TestCLIExportPDFMissingGlyphs(t *testing.T) {
	needPoppler(t)
	db := demoDB(t)
	dir := t.TempDir()
	th := demo.Theses()[0]
	th.Title += " −12 % → ①②③ ₩3,000,000 € 🚀 \ue000 𐀀"
	th.Body += "\n\nagain \ue000 and 𐀀"
	in := filepath.Join(dir, "in.json")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := journal.EncodeInterchange(f, demo.Settings(), []*journal.Thesis{th}, th.CreatedAt); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, errs, code := hs(t, db, "", "import", in); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	for _, args := range [][]string{{"--id", th.ID}, nil} {
		out := filepath.Join(dir, "out.pdf")
		_, errs, code := hs(t, db, "", append([]string{"export", "--format", "pdf", "--offline", "-o", out}, args...)...)
		if code != 0 {
			t.Fatalf("export %v: %s", args, errs)
		}
		want := "warning: the PDF fonts lack 2 characters, drawn as □: U+E000, U+10000 𐀀\n"
		if strings.Count(errs, "warning") != 1 || !strings.Contains(errs, want) {
			t.Errorf("export %v: stderr %q, want one %q", args, errs, want)
		}
		text, _ := pdfText(t, out)
		if !strings.Contains(text, strings.Join(strings.Fields(th.Title), " ")) {
			t.Errorf("export %v: the title does not come back: %q", args, text[:min(len(text), 300)])
		}
	}
	// Without such characters, no warning.
	_, errs, _ := hs(t, db, "", "export", "--format", "pdf", "--offline", "--id", "demo-oil", "-o", filepath.Join(dir, "oil.pdf"))
	if strings.Contains(errs, "warning") {
		t.Errorf("stderr %q", errs)
	}
}
