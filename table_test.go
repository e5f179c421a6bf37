package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"hindsight/quotes/yahoo/yahootest"

	"github.com/mattn/go-runewidth"
)

// koreanJournal is an interchange file with theses titled and tagged in Korean and in
// English, one with a title too long for the list.
const koreanJournal = `{"format":"hindsight-journal","version":1,"settings":{"base_currency":"KRW"},"theses":[
{"id":"ko-deepseek","title":"딥시크 쇼크가 AI 수요를 키운다","created_at":"2025-01-28T00:30:00Z","conviction":70,
 "loss_budget":{"amount":"3000000","currency":"KRW"},"tags":["딥시크","반도체"],"status":"played_out",
 "positions":[
  {"symbol":"005930.KS","side":"long","quantity":"30","entry_price":{"amount":"53400","currency":"KRW"},"entered_at":"2025-01-31T01:00:00Z"},
  {"symbol":"NVDA","side":"long","quantity":"10","entry_price":{"amount":"128.99","currency":"USD"},"entered_at":"2025-01-28T15:00:00Z","fx_to_base":"1441.5"},
  {"symbol":"VRT","side":"watch","quantity":"1","entry_price":{"amount":"103.5","currency":"USD"},"entered_at":"2025-01-28T15:00:00Z"}],
 "snapshots":[
  {"symbol":"005930.KS","price":{"amount":"61000","currency":"KRW"},"at":"2025-06-01T06:30:00Z","source":"manual"},
  {"symbol":"NVDA","price":{"amount":"140.5","currency":"USD"},"at":"2025-06-01T20:00:00Z","source":"manual"},
  {"symbol":"USDKRW=X","price":{"amount":"1380","currency":"KRW"},"at":"2025-06-01T20:00:00Z","source":"manual"}],
 "reviews":[{"at":"2025-06-02T00:00:00Z","verdict":"played_out","note":"수요가 늘었다"}]},
{"id":"en-deepseek","title":"DeepSeek shock","created_at":"2025-01-29T00:30:00Z","conviction":55,"tags":["ai"],"status":"wrong",
 "reviews":[{"at":"2025-06-02T00:00:00Z","verdict":"wrong","note":"no"}]},
{"id":"ko-yen-a-much-longer-id","title":"엔화 약세가 끝난다 — 일본은행의 정상화가 엔화를 끌어올리고 수출주는 당분간 힘들어진다",
 "created_at":"2025-02-01T00:00:00Z","conviction":60,"tags":["엔화","macro"],"status":"mixed",
 "reviews":[{"at":"2025-06-02T00:00:00Z","verdict":"mixed","note":"반반"}]}
]}`

// cells measures as a terminal with narrow ambiguous-width characters does.
var cells = &runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}

// field is a run of text in a table line and the terminal columns it spans.
type field struct {
	text       string
	start, end int
}

var fieldRun = regexp.MustCompile(`[^ ]+( [^ ]+)*`)

// fieldsOf splits a table line at runs of two or more spaces.
func fieldsOf(line string) []field {
	var out []field
	for _, m := range fieldRun.FindAllStringIndex(line, -1) {
		out = append(out, field{line[m[0]:m[1]], cells.StringWidth(line[:m[0]]), cells.StringWidth(line[:m[1]])})
	}
	return out
}

// misaligned reports the columns of rows whose fields do not line up: for column i,
// every row's field i must start (or, for i in rightCols, end) at the same terminal column.
func misaligned(rows []string, rightCols ...int) []string {
	var problems []string
	var first []field
	for n, r := range rows {
		fs := fieldsOf(r)
		if n == 0 {
			first = fs
			continue
		}
		if len(fs) != len(first) {
			problems = append(problems, fmt.Sprintf("row %d has %d columns, row 0 %d: %q", n, len(fs), len(first), r))
			continue
		}
		for i, f := range fs {
			right := false
			for _, c := range rightCols {
				right = right || c == i
			}
			if right && f.end != first[i].end {
				problems = append(problems, fmt.Sprintf("row %d column %d %q ends at %d, row 0 at %d", n, i, f.text, f.end, first[i].end))
			}
			if !right && f.start != first[i].start {
				problems = append(problems, fmt.Sprintf("row %d column %d %q starts at %d, row 0 at %d", n, i, f.text, f.start, first[i].start))
			}
		}
	}
	return problems
}

func koreanDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "ko.json")
	if err := os.WriteFile(file, []byte(koreanJournal), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "ko.db")
	if _, errs, code := hs(t, db, "", "import", file); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	return db
}

func TestTablesAlignKorean(t *testing.T) {
	t.Setenv("RUNEWIDTH_EASTASIAN", "")
	db := koreanDB(t)

	out, errs, code := hs(t, db, "", "list")
	if code != 0 {
		t.Fatalf("list: %d %s", code, errs)
	}
	rows := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(rows) != 3 {
		t.Fatalf("list: want 3 rows:\n%s", out)
	}
	for _, p := range misaligned(rows, 3) {
		t.Errorf("list: %s\n%s", p, out)
	}
	for _, want := range []string{"딥시크 쇼크가 AI 수요를 키운다", "DeepSeek shock", "엔화 약세가 끝난다 — 일본은행의"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	long := fieldsOf(rows[0])
	if title := long[len(long)-1].text; !strings.HasSuffix(title, "…") || cells.StringWidth(title) > listTitleCells {
		t.Errorf("the long title is not cut to %d cells: %q (%d cells)", listTitleCells, title, cells.StringWidth(title))
	}
	for _, r := range rows {
		if strings.HasSuffix(r, " ") {
			t.Errorf("list row ends in a space: %q", r)
		}
	}

	out, errs, code = hs(t, db, "", "review", "--offline", "ko-deepseek")
	if code != 0 {
		t.Fatalf("review: %d %s", code, errs)
	}
	lines := strings.Split(out, "\n")
	head := -1
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "symbol ") {
			head = i
		}
	}
	if head < 0 || head+4 >= len(lines) || !strings.HasPrefix(strings.TrimSpace(lines[head+4]), "total") {
		t.Fatalf("review: no positions table with a total row:\n%s", out)
	}
	// Symbol and side to the left, the figures to the right.
	for _, p := range misaligned(lines[head:head+4], 2, 3, 4, 5, 6, 7, 8, 9, 10) {
		t.Errorf("review positions: %s\n%s", p, out)
	}
	hf, tf := fieldsOf(lines[head]), fieldsOf(lines[head+4])
	// The header is symbol side holding average now realized unrealized dividends
	// fees+tax "P&L KRW" return; the total row has no holding, average or price.
	if len(tf) != 7 || tf[0].start != hf[0].start || tf[1].end != hf[5].end || tf[2].end != hf[6].end ||
		tf[3].end != hf[7].end || tf[4].end != hf[8].end || tf[5].end != hf[9].end || tf[6].end != hf[10].end {
		t.Errorf("review: the total row is not under its columns:\n%s", out)
	}
	if !strings.Contains(lines[head+1], "+₩228,000") {
		t.Errorf("review: 30 × (61,000 − 53,400) = +₩228,000 missing:\n%s", out)
	}

	out, _, _ = hs(t, db, "", "summary", "--offline")
	var at []int
	for _, l := range strings.Split(out, "\n") {
		if i := strings.Index(l, " theses, played out"); i >= 0 && (strings.HasPrefix(l, "  #") || strings.HasPrefix(l, "  stated")) {
			at = append(at, cells.StringWidth(strings.TrimRight(l[:i], "0123456789")))
		}
	}
	if len(at) != 8 { // 3 buckets and 5 tags (ai, macro, 딥시크, 반도체, 엔화)
		t.Fatalf("summary: %d calibration rows, want 8:\n%s", len(at), out)
	}
	for _, c := range at[1:] {
		if c != at[0] {
			t.Errorf("summary: calibration counts start at columns %v:\n%s", at, out)
			break
		}
	}
}

// TestMisalignedIsCaught checks the alignment check itself on what padding by bytes or
// runes, as fmt does, prints for Korean text.
func TestMisalignedIsCaught(t *testing.T) {
	var rows []string
	for _, title := range []string{"딥시크 쇼크가 AI 수요를 키운다", "DeepSeek shock"} {
		rows = append(rows, fmt.Sprintf("%-24s  %s", title, "70%"))
	}
	if len(misaligned(rows)) == 0 {
		t.Fatalf("rune-padded rows passed as aligned:\n%s", strings.Join(rows, "\n"))
	}
	var buf bytes.Buffer
	tb := newTable("")
	for _, title := range []string{"딥시크 쇼크가 AI 수요를 키운다", "DeepSeek shock"} {
		tb.add(title, "70%")
	}
	if err := tb.write(&buf); err != nil {
		t.Fatal(err)
	}
	if p := misaligned(strings.Split(strings.TrimSpace(buf.String()), "\n")); len(p) != 0 {
		t.Fatalf("%v\n%s", p, buf.String())
	}
}

func TestTruncateCells(t *testing.T) {
	t.Setenv("RUNEWIDTH_EASTASIAN", "")
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"DeepSeek shock", 20, "DeepSeek shock"},
		{"딥시크 쇼크", 11, "딥시크 쇼크"},
		{"딥시크 쇼크", 10, "딥시크 쇼…"},
		{"딥시크 쇼크", 9, "딥시크 …"},
		{"NVDA,005930.KS,VRT,USDKRW=X", 22, "NVDA,005930.KS,VRT,US…"},
	} {
		got := truncateCells(c.in, c.n)
		if got != c.want || cells.StringWidth(got) > c.n {
			t.Errorf("truncateCells(%q, %d) = %q (%d cells), want %q", c.in, c.n, got, cells.StringWidth(got), c.want)
		}
	}
}

// TestNoTerminalCodesWhenPiped checks that output to a pipe or file carries no terminal
// control sequences (the refresh progress line is for terminals only).
func TestNoTerminalCodesWhenPiped(t *testing.T) {
	srv := yahootest.NewServer(t)
	srv.Synthesize("AAPL")
	t.Setenv("HINDSIGHT_YAHOO_URL", srv.URL)
	db := koreanDB(t)
	for _, args := range [][]string{{"refresh"}, {"list"}, {"review", "ko-deepseek"}, {"summary"}, {"quote", "NVDA", "005930.KS"}} {
		out, errs, code := hs(t, db, "", args...)
		if code != 0 {
			t.Fatalf("%v: %d %s", args, code, errs)
		}
		if strings.Contains(out+errs, "\x1b") {
			t.Errorf("%v wrote a terminal control sequence to a pipe:\n%q\n%q", args, out, errs)
		}
	}
}

func TestTableLayout(t *testing.T) {
	t.Setenv("RUNEWIDTH_EASTASIAN", "")
	var buf bytes.Buffer
	tb := newTable("  ", false, true, false, false)
	tb.add("NVDA", "$181.50", "", "엔비디아")
	tb.add("005930.KS", "₩98,700", "", "삼성전자")
	tb.add("USDKRW=X", "1,400.00 KRW", "", "")
	if err := tb.write(&buf); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"  NVDA            $181.50  엔비디아\n" +
		"  005930.KS       ₩98,700  삼성전자\n" +
		"  USDKRW=X   1,400.00 KRW\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}
