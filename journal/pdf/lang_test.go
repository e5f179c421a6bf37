package pdf_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"hindsight/journal/demo"
	"hindsight/journal/pdf"
)

// TestKoreanThesis exports a thesis in Korean and reads it back: headings, labels,
// verdicts, held/broke marks and dates are Korean, and no English heading is left.
func TestKoreanThesis(t *testing.T) {
	needPoppler(t)
	th := demoThesis("demo-deepseek")
	o := options(th)
	o.Lang = pdf.LangKorean
	path := writeThesis(t, th, o)
	got := norm(text(t, path, 0, 0))
	for _, w := range []string{
		"작성 당시의 주장", "근거", "기대", "틀렸다고 볼 조건", "확신", "결과", "포지션", "손실 예산", "벤치마크",
		"리뷰", "주장의 수정 이력", "작성 2025년 1월 28일 00:30", "리뷰 예정 2025년 12월 31일",
		"유지", "평균 단가", "보유 수량", "실현 손익", "평가 손익", "수수료·세금", "매수", "수익률", "내보냄 · Hindsight", "1 / ",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("Korean PDF lacks %q", w)
		}
	}
	for _, w := range []string{"Claim", "Reasons", "Outcome", "Positions", "written ", "Page ", "Exported", "held", "2025-01-28"} {
		if strings.Contains(got, w) {
			t.Errorf("Korean PDF still says %q", w)
		}
	}
	en := norm(text(t, writeThesis(t, th, options(th)), 0, 0))
	if !strings.Contains(en, "Claim") || !strings.Contains(en, "written 2025-01-28 00:30") || strings.Contains(en, "작성 당시의 주장") {
		t.Error("the English PDF changed its words")
	}
}

// TestKoreanJournal exports the demo journal in Korean: the cover, contents and
// statuses are Korean.
func TestKoreanJournal(t *testing.T) {
	needPoppler(t)
	theses := demo.Theses()
	o := options(theses...)
	o.Lang = pdf.LangKorean
	got := norm(text(t, writeJournal(t, theses, o), 0, 0))
	for _, w := range []string{"Hindsight 투자 일지", "요약", "목차", "상태별 논지", "보정", "브라이어 점수", "진행 중", "적중", "전체 손실 예산"} {
		if !strings.Contains(got, w) {
			t.Errorf("Korean journal lacks %q", w)
		}
	}
	for _, w := range []string{"Contents", "Theses by status", "Calibration", "Brier score"} {
		if strings.Contains(got, w) {
			t.Errorf("Korean journal still says %q", w)
		}
	}
}

// TestEveryLabelTranslated checks that every word the package prints through its
// catalogue has a Korean translation.
func TestEveryLabelTranslated(t *testing.T) {
	re := regexp.MustCompile(`(?:w\.t|w\.tf|wr\.t|label\(o\.Lang,) ?\(?"((?:[^"\\]|\\.)*)"`)
	files := []string{"thesis.go", "journal.go", "layout.go", "pdf.go"}
	n := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			n++
			if _, ok := pdf.KoreanLabel(m[1]); !ok {
				t.Errorf("%s: %q has no Korean translation", f, m[1])
			}
		}
	}
	if n < 80 {
		t.Errorf("found only %d printed words; the pattern is stale", n)
	}
}
