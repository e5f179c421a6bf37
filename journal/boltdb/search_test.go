package boltdb_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"hindsight/journal"
)

func TestSearch(t *testing.T) {
	db := mustOpenSlow(t)
	deepseek := plainThesis("딥시크가 AI 시장을 흔들었다", "DeepSeek-R1 공개 이후 엔비디아가 급락했다.", "ai")
	demand := plainThesis("AI 수요를 과소평가했다", "데이터센터 capex가 계속 늘어난다.")
	memory := plainThesis("반도체 재고 조정", "메모리 가격 하락이 끝나간다.", "Memory")
	memory.Reasons = []string{"감산 효과"}
	reviewed := plainThesis("클라우드 성장", "구독 매출 증가")
	reviewed.Reviews = []journal.Review{{At: day1, Verdict: journal.VerdictMixed, Note: "수요 둔화가 확인됐다"}}
	symbol := plainThesis("미국 대형주", "설명 없음")
	symbol.Positions = []journal.Position{{Symbol: "NVDA", Side: journal.SideWatch}}
	for _, th := range []*journal.Thesis{deepseek, demand, memory, reviewed, symbol} {
		mustCreate(t, db, th)
	}
	all := []string{symbol.ID, reviewed.ID, memory.ID, demand.ID, deepseek.ID}
	tests := []struct {
		query string
		want  []*journal.Thesis
	}{
		{"딥시크", []*journal.Thesis{deepseek}},
		{"수요", []*journal.Thesis{reviewed, demand}},
		{"deepseek", []*journal.Thesis{deepseek}},
		{"SEEK", []*journal.Thesis{deepseek}},
		{"DeepSeek-R1", []*journal.Thesis{deepseek}},
		{"엔비", []*journal.Thesis{deepseek}},
		{"ai 수요", []*journal.Thesis{demand}},
		{"AI, 딥시크!", []*journal.Thesis{deepseek}},
		{"딥시크 재고", nil},
		{"r2", nil},
		{"없는말", nil},
		{"memory", []*journal.Thesis{memory}},
		{"감산", []*journal.Thesis{memory}},
		{"nvda", []*journal.Thesis{symbol}},
		{"CAPEX", []*journal.Thesis{demand}},
		{"확인 둔화", []*journal.Thesis{reviewed}},
		{"ai", []*journal.Thesis{demand, deepseek}},
	}
	// First with every thesis's words pending, then with them indexed.
	for _, state := range []string{"pending", "indexed"} {
		if state == "indexed" {
			mustIndex(t, db)
		} else if db.PendingCount() == 0 {
			t.Fatal("nothing pending right after saving")
		}
		for _, tc := range tests {
			t.Run(state+"/"+tc.query, func(t *testing.T) {
				got, total, err := db.List(ctx, journal.Filter{Query: tc.query})
				if err != nil {
					t.Fatal(err)
				}
				want := ids(tc.want)
				if total != len(want) || !slices.Equal(ids(got), want) {
					t.Fatalf("%q found %v (total %d), want %v", tc.query, titles(got), total, titles(tc.want))
				}
			})
		}
	}
	// A query without words filters nothing.
	if got, _, _ := db.List(ctx, journal.Filter{Query: " -- "}); !slices.Equal(ids(got), all) {
		t.Fatalf("punctuation-only query: %v", titles(got))
	}
}

func titles(ts []*journal.Thesis) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Title
	}
	return out
}

func TestSearchFollowsEdits(t *testing.T) {
	db, _ := mustOpen(t)
	a := mustCreate(t, db, plainThesis("alpha", "딥시크 공유단어"))
	b := mustCreate(t, db, plainThesis("bravo", "공유단어 only in b"))
	find := func(q string) []string {
		t.Helper()
		got, total, err := db.List(ctx, journal.Filter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if total != len(got) {
			t.Fatalf("total %d for %d results", total, len(got))
		}
		return ids(got)
	}
	if got := find("딥시크"); !slices.Equal(got, []string{a.ID}) {
		t.Fatalf("before edit: %v", got)
	}
	// Words added after the first search (which loads the vocabulary) are found.
	edit, _ := db.Get(ctx, a.ID)
	edit.Body = "얼룩말 zebra 공유단어"
	if err := db.Update(ctx, edit); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{
		"딥시크":  {},
		"얼룩":   {a.ID},
		"ZEBR": {a.ID},
		"공유단어": {b.ID, a.ID},
	} {
		if got := find(q); !slices.Equal(got, want) {
			t.Errorf("after edit, %q found %v, want %v", q, got, want)
		}
	}
	// Deleting one holder of a shared word keeps the other findable.
	if err := db.Delete(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{"zebra": {}, "공유": {b.ID}} {
		if got := find(q); !slices.Equal(got, want) {
			t.Errorf("after delete, %q found %v, want %v", q, got, want)
		}
	}
	// A word that left the vocabulary can come back.
	c := mustCreate(t, db, plainThesis("charlie", "zebra again"))
	if got := find("zebra"); !slices.Equal(got, []string{c.ID}) {
		t.Fatalf("re-added word: %v", got)
	}
}

func TestSearchLongWords(t *testing.T) {
	db := mustOpenSlow(t)
	long := strings.Repeat("abcdefghij", 20) + "XYZ" + strings.Repeat("klmnopqrst", 10) // 303 letters
	hangul := strings.Repeat("가나다라마바사아자차", 12)                                          // 120 syllables
	a := mustCreate(t, db, plainThesis("long", long+" "+hangul))
	b := mustCreate(t, db, plainThesis("short", "abcdefghij klmnopqrst"))
	tests := []struct {
		query string
		want  []string
	}{
		{"ghijab", []string{a.ID}},
		{strings.ToLower(long[190:230]), []string{a.ID}}, // 40 letters around XYZ
		{long, []string{a.ID}},
		{long + "q", nil},
		{strings.Repeat("abcdefghij", 5), []string{a.ID}},
		{long[:33] + "klmnopqrstklmnopqrst", nil}, // each piece is indexed, the whole word is not there
		{"abcdefghij", []string{b.ID, a.ID}},
		{string([]rune(hangul)[5:75]), []string{a.ID}},
		{"차가나다", []string{a.ID}},
	}
	for _, state := range []string{"pending", "indexed"} {
		if state == "indexed" {
			mustIndex(t, db)
		}
		for _, tc := range tests {
			got, total, err := db.List(ctx, journal.Filter{Query: tc.query})
			if err != nil {
				t.Fatal(err)
			}
			if total != len(tc.want) || !slices.Equal(ids(got), tc.want) {
				t.Errorf("%s: query %.20q…: got %v (total %d), want %v", state, tc.query, ids(got), total, tc.want)
			}
		}
	}
}

func TestSearchWithOtherFilters(t *testing.T) {
	db := mustOpenSlow(t)
	var closed []string
	for i := range 30 {
		th := plainThesis("반도체 사이클", "공통 본문", "semis")
		if i%3 == 0 {
			th.Status = journal.StatusClosed
		}
		mustCreate(t, db, th)
		if th.Status == journal.StatusClosed {
			closed = append([]string{th.ID}, closed...)
		}
	}
	for _, state := range []string{"pending", "indexed"} {
		if state == "indexed" {
			mustIndex(t, db)
		}
		got, total, err := db.List(ctx, journal.Filter{Query: "사이클 본문", Status: journal.StatusClosed, Tag: "semis", Limit: 3, Offset: 1})
		if err != nil {
			t.Fatal(err)
		}
		if total != len(closed) || !slices.Equal(ids(got), closed[1:4]) {
			t.Fatalf("%s: got %v (total %d), want %v (total %d)", state, ids(got), total, closed[1:4], len(closed))
		}
	}
	got, total, err := db.List(ctx, journal.Filter{Query: "사이클", DueBy: journal.DateOf(day1.Add(24 * time.Hour))})
	if err != nil || total != 0 || len(got) != 0 {
		t.Fatalf("nothing has a review date: %v (total %d) %v", ids(got), total, err)
	}
}
