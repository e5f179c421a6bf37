package pdf_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"hindsight/journal"
	"hindsight/journal/demo"
	"hindsight/journal/pdf"

	"github.com/shopspring/decimal"
)

// The tests write real PDFs and read them back with poppler's tools (Debian package
// poppler-utils, which `make test` installs).

var now = time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)

func needPoppler(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"pdftotext", "pdffonts", "pdfinfo", "pdfimages"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found: install poppler-utils (make deps) to read the PDFs back", tool)
		}
	}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// text returns the text of pages first..last (0, 0 for all) as pdftotext reads it.
func text(t *testing.T, path string, first, last int) string {
	t.Helper()
	args := []string{"-enc", "UTF-8"}
	if first > 0 {
		args = append(args, "-f", strconv.Itoa(first), "-l", strconv.Itoa(last))
	}
	return run(t, "pdftotext", append(args, path, "-")...)
}

// layout returns the text of page p in its physical layout, a line of text per
// line on the page, as pdftotext -layout reads it.
func layout(t *testing.T, path string, p int) string {
	t.Helper()
	return run(t, "pdftotext", "-enc", "UTF-8", "-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), path, "-")
}

// norm collapses every run of white space to one space.
func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

// squash removes all white space, for text that wraps inside words.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

func info(t *testing.T, path string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, ln := range strings.Split(run(t, "pdfinfo", path), "\n") {
		if k, v, ok := strings.Cut(ln, ":"); ok {
			m[k] = strings.TrimSpace(v)
		}
	}
	return m
}

func pages(t *testing.T, path string) int {
	t.Helper()
	n, err := strconv.Atoi(info(t, path)["Pages"])
	if err != nil {
		t.Fatalf("pdfinfo pages: %v", err)
	}
	return n
}

func options(theses ...*journal.Thesis) pdf.Options {
	s := demo.Settings()
	return pdf.Options{Now: now, Settings: s, Market: journal.KnownMarket(theses, s.BaseCurrency, now)}
}

func writeThesis(t *testing.T, th *journal.Thesis, o pdf.Options) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "thesis.pdf")
	err := pdf.ExportFile(context.Background(), path, func(w io.Writer) error { return pdf.WriteThesis(w, th, o) })
	if err != nil {
		t.Fatal(err)
	}
	return path
}

func writeJournal(t *testing.T, theses []*journal.Thesis, o pdf.Options) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "journal.pdf")
	err := pdf.ExportFile(context.Background(), path, func(w io.Writer) error {
		return pdf.WriteJournal(context.Background(), w, theses, o)
	})
	if err != nil {
		t.Fatal(err)
	}
	return path
}

func demoThesis(id string) *journal.Thesis {
	for _, t := range demo.Theses() {
		if t.ID == id {
			return t
		}
	}
	panic("no demo thesis " + id)
}

// koreanThesis is a mixed Korean and English thesis with Markdown in its body.
func koreanThesis() *journal.Thesis {
	t := demoThesis("demo-deepseek")
	t.Body = "## 요약 Summary\n\n딥시크-R1은 적은 비용으로 비슷한 성능을 보여 주었다.\n시장은 **GPU 수요가 줄어든다**고 읽었지만 나는 *반대로* 본다.\n\n" +
		"- Hyperscalers guided capex *up* in the same week.\n- 전력·냉각 업체는 두 번째 수혜자.\n\n1. first numbered point\n2. 두 번째 항목\n\n> 인용문 quoted line\n\nClosing paragraph with __bold English__."
	return t
}

func TestThesisTextComesBack(t *testing.T) {
	needPoppler(t)
	th := koreanThesis()
	path := writeThesis(t, th, options(th))
	got := norm(text(t, path, 0, 0))
	want := []string{
		th.Title, th.Trigger, th.Expectation, th.Invalidation,
		"요약 Summary", "딥시크-R1은 적은 비용으로 비슷한 성능을 보여 주었다.",
		"시장은 GPU 수요가 줄어든다고 읽었지만 나는 반대로 본다.",
		"Hyperscalers guided capex up in the same week.", "전력·냉각 업체는 두 번째 수혜자.",
		"first numbered point", "두 번째 항목", "인용문 quoted line", "Closing paragraph with bold English.",
		"Open", "written 2025-01-28 00:30", "review by 2025-12-31", "#ai", "#딥시크",
	}
	for _, r := range th.Reasons {
		want = append(want, norm(r)) // written with their own ①②③
	}
	for _, r := range th.Reviews {
		want = append(want, norm(r.Note))
	}
	for _, w := range want {
		if !strings.Contains(got, norm(w)) {
			t.Errorf("text lacks %q", w)
		}
	}
	// Markdown is rendered, not shown.
	for _, raw := range []string{"##", "**", "__", "> 인용문", "- Hyperscalers"} {
		if strings.Contains(got, raw) {
			t.Errorf("raw Markdown %q printed", raw)
		}
	}
	// A reason without its own number gets one.
	th2 := koreanThesis()
	th2.Reasons = []string{"공급이 부족하다", "demand keeps rising"}
	got2 := norm(text(t, writeThesis(t, th2, options(th2)), 0, 0))
	for _, w := range []string{"① 공급이 부족하다", "② demand keeps rising"} {
		if !strings.Contains(got2, w) {
			t.Errorf("text lacks %q", w)
		}
	}
}

func TestFontsEmbeddedAndSize(t *testing.T) {
	needPoppler(t)
	th := koreanThesis()
	path := writeThesis(t, th, options(th))
	rows := 0
	for _, ln := range strings.Split(run(t, "pdffonts", path), "\n")[2:] {
		f := strings.Fields(ln)
		if len(f) < 7 {
			continue
		}
		rows++
		// name type… encoding emb sub uni object ID: emb is the fifth field from the end.
		if emb := f[len(f)-5]; emb != "yes" {
			t.Errorf("font not embedded: %s", ln)
		}
	}
	if rows != 2 {
		t.Errorf("%d fonts, want the regular and the bold face", rows)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	// The embedded fonts are subsets: each face is over 4 MB in full.
	if st.Size() > 300_000 {
		t.Errorf("one Korean thesis with a chart is %d bytes, want ≤ 300 KB", st.Size())
	}
	images := strings.Split(strings.TrimSpace(run(t, "pdfimages", "-list", path)), "\n")[2:]
	if len(images) != 1 {
		t.Fatalf("%d images, want the chart:\n%s", len(images), strings.Join(images, "\n"))
	}
	f := strings.Fields(images[0])
	if w, _ := strconv.Atoi(f[3]); w < 600 {
		t.Errorf("chart is %s pixels wide, want a print-ready width", f[3])
	}
}

func TestMetadataAndPaper(t *testing.T) {
	needPoppler(t)
	th := koreanThesis()
	for _, tc := range []struct{ paper, size string }{{"", "595.28 x 841.89 pts (A4)"}, {"letter", "612 x 792 pts (letter)"}, {"A4", "595.28 x 841.89 pts (A4)"}} {
		o := options(th)
		o.Paper = tc.paper
		m := info(t, writeThesis(t, th, o))
		if m["Page size"] != tc.size {
			t.Errorf("paper %q: page size %q, want %q", tc.paper, m["Page size"], tc.size)
		}
		checks := map[string]string{"Title": th.Title, "Author": "Demo investor", "Producer": "Hindsight", "Creator": "Hindsight"}
		for k, v := range checks {
			if m[k] != v {
				t.Errorf("%s = %q, want %q", k, m[k], v)
			}
		}
		if !strings.Contains(m["CreationDate"], "Nov 29 09:00:00 2026") {
			t.Errorf("creation date %q, want the export time", m["CreationDate"])
		}
	}
	o := options(th)
	o.Paper = "a5"
	if err := pdf.WriteThesis(io.Discard, th, o); err == nil || !strings.Contains(err.Error(), "a5") {
		t.Errorf("paper a5: error %v", err)
	}
	o = options(th)
	o.Author, o.Title = "김투자", "내 투자 일지"
	m := info(t, writeThesis(t, th, o))
	if m["Author"] != "김투자" || m["Title"] != "내 투자 일지" {
		t.Errorf("author %q title %q", m["Author"], m["Title"])
	}
}

// checkFooters checks that every page says "Page i of n" with the export date.
func checkFooters(t *testing.T, path string) int {
	t.Helper()
	n := pages(t, path)
	for i := 1; i <= n; i++ {
		page := norm(text(t, path, i, i))
		if want := fmt.Sprintf("Page %d of %d", i, n); !strings.Contains(page, want) {
			t.Errorf("page %d lacks %q", i, want)
		}
		if !strings.Contains(page, "Exported 2026-11-29 09:00") {
			t.Errorf("page %d lacks the export date", i)
		}
	}
	if got := strings.Count(text(t, path, 0, 0), "\f"); got != n {
		t.Errorf("%d page breaks in the text, pdfinfo says %d pages", got, n)
	}
	return n
}

// TestLongBody breaks a 300-paragraph body across pages and finds every paragraph, in
// order, exactly once.
func TestLongBody(t *testing.T) {
	needPoppler(t)
	th := koreanThesis()
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, "문단 P%03d: 시장은 수요가 줄어든다고 읽었다, the market read it as less demand for chips.\n\n", i)
	}
	th.Body = b.String()
	path := writeThesis(t, th, options(th))
	n := checkFooters(t, path)
	if n < 8 {
		t.Errorf("%d pages for 300 paragraphs", n)
	}
	got := norm(text(t, path, 0, 0))
	last := -1
	for i := range 300 {
		want := fmt.Sprintf("문단 P%03d: 시장은 수요가 줄어든다고 읽었다, the market read it as less demand for chips.", i)
		at := strings.Index(got, want)
		if at < 0 {
			t.Errorf("paragraph %d lost", i)
			continue
		}
		if strings.Count(got, fmt.Sprintf("P%03d:", i)) != 1 {
			t.Errorf("paragraph %d printed more than once", i)
		}
		if at < last {
			t.Errorf("paragraph %d out of order", i)
		}
		last = at
	}
}

// TestTableAcrossPages makes the snapshots table longer than a page: each page it
// continues on starts with its header again, and no row is cut or lost.
func TestTableAcrossPages(t *testing.T) {
	needPoppler(t)
	th := koreanThesis()
	th.Snapshots = nil
	for i := range 150 {
		th.Snapshots = append(th.Snapshots, journal.Snapshot{
			Symbol: fmt.Sprintf("S%03d.KS", i), Price: journal.MustMoney(strconv.Itoa(10000+i), "KRW"),
			At: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour), Source: journal.SourceManual,
		})
	}
	path := writeThesis(t, th, options(th))
	n := pages(t, path)
	header := "Symbol Price Currency Time Source Now Since"
	rowPages := map[int]bool{}
	for p := 1; p <= n; p++ {
		var lines []string
		for _, ln := range strings.Split(layout(t, path, p), "\n") {
			lines = append(lines, norm(ln))
		}
		page := strings.Join(lines, "\n")
		rows := regexp.MustCompile(`S\d{3}\.KS`).FindAllString(page, -1)
		if len(rows) == 0 {
			continue
		}
		rowPages[p] = true
		if !strings.Contains(page, header) {
			t.Errorf("page %d has %d rows but no header", p, len(rows))
		}
		if i := strings.Index(page, header); i > strings.Index(page, rows[0]) {
			t.Errorf("page %d: rows before the header", p)
		}
	}
	if len(rowPages) < 3 {
		t.Errorf("the table spans %d pages, want a table longer than a page", len(rowPages))
	}
	// Every row is whole: symbol, price and time on one page, in one line.
	all := text(t, path, 0, 0)
	for i := range 150 {
		at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour).Format("2006-01-02 15:04")
		row := regexp.MustCompile(fmt.Sprintf(`S%03d\.KS\s+%s\s+KRW\s+%s\s+manual`, i, regexp.QuoteMeta(journal.FormatDecimal(decimal.NewFromInt(int64(10000+i)), 0)), at))
		if len(row.FindAllString(all, -1)) != 1 {
			t.Errorf("row %d is not printed whole exactly once", i)
		}
	}
}

// TestKoreanWrapsByCharacter writes a reason of 400 Hangul syllables without a space: it
// must come back whole, over several lines, none running past the right margin.
func TestKoreanWrapsByCharacter(t *testing.T) {
	needPoppler(t)
	th := koreanThesis()
	long := strings.Repeat("외국인순매수가이어지면코스피가재평가된다", 20)
	th.Reasons = []string{long}
	path := writeThesis(t, th, options(th))
	got := squash(text(t, path, 0, 0))
	if !strings.Contains(got, long) {
		t.Fatal("the long Hangul reason did not come back whole")
	}
	// pdftotext -bbox gives every word's box in points; A4 is 595.28 wide, the right
	// margin 18 mm (51.02 pt).
	bbox := run(t, "pdftotext", "-enc", "UTF-8", "-bbox", path, "-")
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`)
	lines := map[string]bool{}
	for _, m := range re.FindAllStringSubmatch(bbox, -1) {
		xMin, _ := strconv.ParseFloat(m[1], 64)
		xMax, _ := strconv.ParseFloat(m[3], 64)
		if xMin < 51.02-0.5 || xMax > 595.28-51.02+0.5 {
			t.Errorf("word %q at %s–%s pt runs into the margin", m[4], m[1], m[3])
		}
		if strings.Contains(long, m[4]) && len([]rune(m[4])) > 10 {
			lines[m[2]] = true
		}
	}
	if len(lines) < 4 {
		t.Errorf("the reason fills %d lines, want it wrapped over several", len(lines))
	}
}

func TestOutcomeFigures(t *testing.T) {
	needPoppler(t)
	th := demoThesis("demo-oil")
	o := options(demo.Theses()...)
	want := journal.Evaluate(th, o.Settings, o.Market, now)
	got := norm(text(t, writeThesis(t, th, o), 0, 0))
	pos := want.Positions[0]
	for _, w := range []string{
		"Figures as of 2026-11-29 09:00, in KRW · prices cached/offline",
		"Budget ₩1,000,000",
		pos.PnL.Format(), pos.PnLBase.Format(),
		want.Drawdown.Worst.Format(),
		breached(want.Drawdown.BreachedOn),
		// The ledger: what the short was opened with, and its parts in the base currency.
		"Holding", "Avg cost", "Realized", "Unrealized", "Fees and taxes", "Buy/sell", "2025-03-04 sell 80 $108.20",
		pos.UnrealizedBase.Format(),
		"Versus " + want.Benchmark.Symbol,
		"Wrong", "② broke", "The claim has not been edited since it was written.",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("text lacks %q", w)
		}
	}
	used := want.LossUsed.Mul(decimal.NewFromInt(100)).StringFixed(1) + "%"
	if !strings.Contains(got, "Used now "+used) {
		t.Errorf("text lacks the budget used %q", used)
	}

	// Live prices: no "cached/offline" note.
	live := o
	live.Market.Prices = map[string]journal.Price{}
	for sym, p := range o.Market.Prices {
		p.Stale, p.Source = false, journal.SourceYahoo
		live.Market.Prices[sym] = p
	}
	if got := norm(text(t, writeThesis(t, th, live), 0, 0)); strings.Contains(got, "cached/offline") {
		t.Error("fresh prices marked cached/offline")
	}
}

// breached is the printed "Breached on" row of a breach date, or of none.
func breached(d *journal.Date) string {
	if d == nil {
		return "Breached on never"
	}
	return "Breached on " + d.String()
}

func TestRevisionsAndNoChart(t *testing.T) {
	needPoppler(t)
	th := demoThesis("demo-yen")
	th.Snapshots = nil // nothing to chart
	th.Revisions = []journal.Revision{{At: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), Title: "엔화가 강해진다",
		Expectation: "USDJPY below 130", Invalidation: "BoJ pauses", Conviction: 80}}
	path := writeThesis(t, th, options(th))
	got := norm(text(t, path, 0, 0))
	for _, w := range []string{"Revisions of the claim", "엔화가 강해진다", "USDJPY below 130", "80%", "2025-03-01 – now",
		"No prices to chart.", "Not reviewed yet.", "(first stated 80%)"} {
		if !strings.Contains(got, w) {
			t.Errorf("text lacks %q", w)
		}
	}
	if out := strings.Split(strings.TrimSpace(run(t, "pdfimages", "-list", path)), "\n"); len(out) != 2 {
		t.Errorf("a thesis without prices has images:\n%s", strings.Join(out, "\n"))
	}
}

func TestJournal(t *testing.T) {
	needPoppler(t)
	theses := demo.Theses()
	o := options(theses...)
	o.Paper = "letter"
	path := writeJournal(t, theses, o)
	n := checkFooters(t, path)
	cover := norm(text(t, path, 1, 1))
	sum := journal.Summarize(theses, o.Settings, o.Market, now)
	cal := journal.Calibrate(theses)
	for _, w := range []string{"Hindsight journal", "Demo investor · 6 theses", "Theses by status", "Loss budget",
		"Total loss budget " + sum.TotalBudget.Format(), "Brier score " + cal.Brier.StringFixed(3), "Calibration", "Due for review"} {
		if !strings.Contains(cover, w) {
			t.Errorf("cover lacks %q", w)
		}
	}
	for _, st := range journal.Statuses {
		if w := fmt.Sprintf("%s %d", map[journal.Status]string{journal.StatusOpen: "Open", journal.StatusPlayedOut: "Played out",
			journal.StatusWrong: "Wrong", journal.StatusMixed: "Mixed", journal.StatusClosed: "Closed"}[st], sum.ByStatus[st]); !strings.Contains(cover, w) {
			t.Errorf("cover lacks %q", w)
		}
	}
	// The contents list every thesis with the page it starts on.
	contents := norm(text(t, path, 2, 2))
	if !strings.HasPrefix(strings.TrimPrefix(contents, "Hindsight journal Contents "), "Contents") {
		t.Errorf("page 2 is not the contents: %.80q", contents)
	}
	prev := 2
	for i, th := range theses {
		re := regexp.MustCompile(regexp.QuoteMeta(norm(th.Title)) + `[ .]*(Open|Played out|Wrong|Mixed|Closed) (\d+)`)
		m := re.FindStringSubmatch(contents)
		if m == nil {
			t.Errorf("contents lack thesis %d %q", i+1, th.Title)
			continue
		}
		page, _ := strconv.Atoi(m[2])
		if page <= prev || page > n {
			t.Errorf("thesis %d on page %d, after page %d of %d", i+1, page, prev, n)
		}
		prev = page
		// Each thesis starts a page: its title follows the page header.
		start := norm(text(t, path, page, page))
		if !strings.HasPrefix(start, "Hindsight journal") || !strings.Contains(start[:min(len(start), 400)], norm(th.Title)+" ") {
			t.Errorf("page %d does not start thesis %q: %.120q", page, th.Title, start)
		}
	}
	if images := strings.Split(strings.TrimSpace(run(t, "pdfimages", "-list", path)), "\n")[2:]; len(images) != len(theses) {
		t.Errorf("%d chart images for %d theses", len(images), len(theses))
	}
}

func TestJournalEmpty(t *testing.T) {
	needPoppler(t)
	path := writeJournal(t, nil, options())
	got := norm(text(t, path, 0, 0))
	for _, w := range []string{"0 theses", "No thesis has a verdict yet", "Contents", "Page 2 of 2"} {
		if !strings.Contains(got, w) {
			t.Errorf("text lacks %q", w)
		}
	}
}

func TestProgressAndCancel(t *testing.T) {
	theses := demo.Theses()
	o := options(theses...)
	var calls [][2]int
	o.Progress = func(done, total int) { calls = append(calls, [2]int{done, total}) }
	if err := pdf.WriteJournal(context.Background(), io.Discard, theses, o); err != nil {
		t.Fatal(err)
	}
	if len(calls) != len(theses) {
		t.Fatalf("progress called %d times for %d theses", len(calls), len(theses))
	}
	for i, c := range calls {
		if c != [2]int{i + 1, len(theses)} {
			t.Errorf("progress call %d = %v", i, c)
		}
	}

	// Cancelling from the progress callback stops the export, and the file the user
	// asked for keeps its old content; no temporary file is left behind.
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.pdf")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o.Progress = func(done, total int) {
		if done == 2 {
			cancel()
		}
	}
	err := pdf.ExportFile(ctx, path, func(w io.Writer) error { return pdf.WriteJournal(ctx, w, theses, o) })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("cancelled export changed the file: %.20q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the directory, want only the old one", len(entries))
	}
}

func TestExportFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.pdf")
	os.WriteFile(path, []byte("old"), 0o644)
	failing := errors.New("disk on fire")
	err := pdf.ExportFile(context.Background(), path, func(w io.Writer) error {
		io.WriteString(w, "half")
		return failing
	})
	if !errors.Is(err, failing) {
		t.Errorf("error %v, want the writer's", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("failed export changed the file to %q", b)
	}
	if err := pdf.ExportFile(context.Background(), path, func(w io.Writer) error {
		_, err := io.WriteString(w, "new")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("file holds %q, want new", b)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files left in the directory", len(entries))
	}
	if err := pdf.ExportFile(context.Background(), filepath.Join(dir, "missing", "x.pdf"), func(io.Writer) error { return nil }); err == nil {
		t.Error("export into a missing directory succeeded")
	}
}

// TestConcurrentExports runs several exports at once, as the app may; with -race it
// also checks the chart goroutines.
func TestConcurrentExports(t *testing.T) {
	theses := demo.Theses()
	o := options(theses...)
	var wg sync.WaitGroup
	sizes := make([]int, 3)
	for i := range sizes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			if err := pdf.WriteJournal(context.Background(), &buf, theses, o); err != nil {
				t.Error(err)
			}
			sizes[i] = buf.Len()
		}()
	}
	wg.Wait()
	if sizes[0] == 0 || sizes[0] != sizes[1] || sizes[1] != sizes[2] {
		t.Errorf("the same export gave %v bytes", sizes)
	}
}

// fonts returns the fonts pdffonts lists, by name, with whether each is embedded.
func fonts(t *testing.T, path string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, ln := range strings.Split(run(t, "pdffonts", path), "\n")[2:] {
		if f := strings.Fields(ln); len(f) >= 7 {
			out[f[0]] = f[len(f)-5] == "yes"
		}
	}
	return out
}

// symbolThesis holds characters NanumGothic lacks, in its title, body and reasons.
func symbolThesis() *journal.Thesis {
	t := koreanThesis()
	t.Title = "삼성전자 −12 % → 반등 📈"
	t.Body = "## 근거 → Reasons\n\n배당 ₩3,000,000, 유럽 매출 €120m, 목표 −12 % 손절.\n\n" +
		"**굵게 −5 % 🚀** and *기울임 → ①②③*.\n\n- ⚠️ 위험: Ångström Öl ₿ ✅ 😀\n- 👍🏽 팀 👨\u200d💻"
	t.Reasons = []string{"주주환원 ①②③ → 배당 ₩3,000,000", "유럽 매출 € 성장 🚀", "손실 한도 −12 %"}
	return t
}

// TestGlyphFallbackRoundTrip writes characters NanumGothic lacks, reads the PDF back
// with pdftotext and finds every one of them, in place.
func TestGlyphFallbackRoundTrip(t *testing.T) {
	needPoppler(t)
	th := symbolThesis()
	o := options(th)
	calls := 0
	o.Missing = func(chars []rune) { calls++; t.Errorf("missing %s", pdf.CharList(chars)) }
	path := writeThesis(t, th, o)
	got := norm(text(t, path, 0, 0))
	for _, w := range []string{
		th.Title, "근거 → Reasons", "배당 ₩3,000,000, 유럽 매출 €120m, 목표 −12 % 손절.",
		"굵게 −5 % 🚀 and 기울임 → ①②③.", "⚠️ 위험: Ångström Öl ₿ ✅ 😀", "👍🏽 팀 👨\u200d💻",
		"① 주주환원 ①②③ → 배당 ₩3,000,000", "② 유럽 매출 € 성장 🚀", "③ 손실 한도 −12 %",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("text lacks %q", w)
		}
	}
	if strings.ContainsRune(got, '□') || strings.ContainsFunc(got, func(r rune) bool { return r >= 0xE000 && r < 0xF900 }) {
		t.Errorf("text has a □ or a private-use code: %q", got)
	}
	if calls != 0 {
		t.Errorf("Missing called %d times", calls)
	}
	// The fallback faces are embedded, as subsets, now that they are used.
	f := fonts(t, path)
	for _, name := range []string{"utf8nanum", "utf8nanumB", "utf8dejavu", "utf8dejavuB", "utf8symbols"} {
		if emb, ok := f[name]; !ok || !emb {
			t.Errorf("font %s: listed %v, embedded %v (%v)", name, ok, emb, f)
		}
	}
	if len(f) != 5 {
		t.Errorf("fonts %v", f)
	}
	// The document's title and the outline keep the emoji.
	if m := info(t, path); m["Title"] != th.Title {
		t.Errorf("title %q, want %q", m["Title"], th.Title)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() > 300_000 {
		t.Errorf("%d bytes", st.Size())
	}
}

// TestFallbackOnlyWhenUsed: a PDF whose text NanumGothic draws embeds NanumGothic alone;
// one minus sign brings in DejaVu Sans, one emoji Symbola Hindsight, and nothing more.
func TestFallbackOnlyWhenUsed(t *testing.T) {
	needPoppler(t)
	for _, tc := range []struct {
		title string
		want  []string
	}{
		{"plain 한글 → ①₩€", nil},
		{"minus −1", []string{"utf8dejavuB"}}, // the title is bold
		{"rocket 🚀", []string{"utf8symbols"}},
	} {
		th := koreanThesis()
		th.Title = tc.title
		f := fonts(t, writeThesis(t, th, options(th)))
		delete(f, "utf8nanum")
		delete(f, "utf8nanumB")
		var got []string
		for name := range f {
			got = append(got, name)
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("title %q: fallback fonts %v, want %v", tc.title, got, tc.want)
		}
	}
}

// TestMissingGlyphs: characters no bundled face has are drawn as □, named once per
// export through Options.Missing, and still come back from the text layer.
func TestMissingGlyphs(t *testing.T) {
	needPoppler(t)
	th := symbolThesis()
	th.Body += "\n\nprivate \ue000 use, Linear B 𐀀 and again \ue000 𐀀"
	th.Reasons = append(th.Reasons, "𐀁 in a reason")
	o := options(th)
	var got [][]rune
	o.Missing = func(chars []rune) { got = append(got, chars) }
	path := writeThesis(t, th, o)
	want := []rune{0xE000, 0x10000, 0x10001}
	if len(got) != 1 || string(got[0]) != string(want) {
		t.Fatalf("Missing called with %q, want once with %q", got, string(want))
	}
	if s := pdf.CharList(got[0]); s != "U+E000, U+10000 𐀀, U+10001 𐀁" {
		t.Errorf("CharList %q", s)
	}
	txt := norm(text(t, path, 0, 0))
	for _, w := range []string{"private \ue000 use, Linear B 𐀀 and again \ue000 𐀀", "𐀁 in a reason"} {
		if !strings.Contains(txt, w) {
			t.Errorf("text lacks %q", w)
		}
	}
	// A journal export reports once, for all its theses.
	theses := []*journal.Thesis{th, symbolThesis()}
	o = options(theses...)
	got = nil
	o.Missing = func(chars []rune) { got = append(got, chars) }
	writeJournal(t, theses, o)
	if len(got) != 1 || string(got[0]) != string(want) {
		t.Errorf("journal: Missing called with %q, want once with %q", got, string(want))
	}
}

// TestLedgerSplit prints the fills of a position bought before a split, and says the
// figures are adjusted for it, in English and Korean.
func TestLedgerSplit(t *testing.T) {
	needPoppler(t)
	th := demoThesis("demo-deepseek")
	th.Positions = th.Positions[:1]
	th.Positions[0].Fills[0].At = time.Date(2024, 5, 2, 15, 0, 0, 0, time.UTC)
	th.Positions[0].Fills[0].Price = journal.MustMoney("1100", "USD")
	th.Positions[0].Fills[0].Fees = journal.MustMoney("1.50", "USD")
	th.Positions[0].Fills[0].Taxes = journal.MustMoney("0.50", "USD")
	split := journal.CorporateAction{ID: "NVDA:split:2024-06-10", Symbol: "NVDA", Kind: journal.ActionSplit, Ratio: "10:1",
		At: time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC), Source: "yahoo"}
	o := options(th)
	o.Market.Splits = map[string][]journal.CorporateAction{"NVDA": {split}}
	got := norm(text(t, writeThesis(t, th, o), 0, 0))
	for _, w := range []string{"Adjusted for the 10:1 split on 2024-06-10.", "2024-05-02 buy 10 $1,100.00 $2.00", "NVDA long 100 "} {
		if !strings.Contains(got, w) {
			t.Errorf("text lacks %q", w)
		}
	}
	o.Lang = pdf.LangKorean
	got = norm(text(t, writeThesis(t, th, o), 0, 0))
	if w := "2024년 6월 10일에 있었던 10:1 액면분할을 반영했습니다."; !strings.Contains(got, w) {
		t.Errorf("Korean text lacks %q", w)
	}
}
