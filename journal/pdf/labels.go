package pdf

import (
	"fmt"
	"time"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

// Languages of the printed words (Options.Lang).
const (
	// LangEnglish prints the document in English; it is the default.
	LangEnglish = "en"
	// LangKorean prints headings, labels, verdicts and dates in Korean.
	LangKorean = "ko"
)

// korean translates the printed words, keyed by their English text (or, for a
// formatted phrase, its English format).
var korean = map[string]string{
	// Headings and sections.
	"Summary":                "요약",
	"Contents":               "목차",
	"Investment journal":     "투자 일지",
	"Hindsight journal":      "Hindsight 투자 일지",
	"Investment thesis":      "투자 논지",
	"Claim":                  "작성 당시의 주장",
	"Write-up":               "본문",
	"Outcome":                "결과",
	"Snapshots":              "스냅샷",
	"Positions":              "포지션",
	"Benchmark":              "벤치마크",
	"Loss budget":            "손실 예산",
	"Reviews":                "리뷰",
	"Revisions of the claim": "주장의 수정 이력",
	"Price since the thesis": "논지 이후 가격",
	"Theses by status":       "상태별 논지",
	"Calibration":            "보정",
	"Due for review":         "리뷰할 때가 된 논지",
	// Labels.
	"Trigger":        "계기",
	"Reasons":        "근거",
	"Expectation":    "기대",
	"Invalidation":   "틀렸다고 볼 조건",
	"Conviction":     "확신",
	"Budget":         "예산",
	"Used now":       "현재 사용",
	"Worst drawdown": "최대 손실",
	"Breached on":    "예산 초과일",
	"never":          "없음",
	"none set":       "설정 안 함",
	"Total":          "합계",
	"All":            "전체",
	"Status":         "상태",
	"Theses":         "논지 수",
	// Table columns.
	"Symbol":            "종목",
	"Price":             "가격",
	"Currency":          "통화",
	"Time":              "시각",
	"Source":            "출처",
	"Now":               "현재",
	"Since":             "변동",
	"Side":              "방향",
	"Qty":               "수량",
	"Entry":             "진입가",
	"Holding":           "보유 수량",
	"Avg cost":          "평균 단가",
	"Date":              "날짜",
	"Buy/sell":          "매수/매도",
	"Fees and taxes":    "수수료·세금",
	"Realized":          "실현 손익",
	"Unrealized":        "평가 손익",
	"Dividends":         "배당",
	"Dividend paid":     "배당 지급일",
	"Amount":            "금액",
	"Withheld":          "원천징수",
	"buy":               "매수",
	"sell":              "매도",
	"closed":            "청산",
	"P&L":               "손익",
	"P&L %s":            "손익 (%s)",
	"Return":            "수익률",
	"Believed":          "기간",
	"Title":             "제목",
	"Conv.":             "확신",
	"Stated conviction": "밝힌 확신",
	"Mean stated":       "평균 확신",
	"Played out":        "적중",
	// Statuses, verdicts, sides, sources, marks.
	"Open":      "진행 중",
	"Wrong":     "빗나감",
	"Mixed":     "일부 적중",
	"Closed":    "종료",
	"Too early": "아직 이름",
	"held":      "유지",
	"broke":     "깨짐",
	"long":      "매수",
	"short":     "매도",
	"watch":     "관찰",
	"yahoo":     "Yahoo",
	"manual":    "직접 입력",
	"cache":     "캐시",
	"exit":      "청산",
	"n/a":       "없음",
	// Phrases.
	"written %s":                     "작성 %s",
	"review by %s":                   "리뷰 예정 %s",
	"last review %s (%s)":            "마지막 리뷰 %s (%s)",
	"not reviewed yet":               "아직 리뷰 안 함",
	"Not reviewed yet.":              "아직 리뷰하지 않았습니다.",
	"(first stated %d%%)":            "(처음 밝힌 확신 %d%%)",
	"Figures as of %s, in %s":        "%s 기준, %s 환산",
	" · prices cached/offline":       " · 캐시/오프라인 가격",
	" (* marks a last cached price)": " (*는 마지막으로 캐시된 가격)",
	"No price for %s":                "가격 없음: %s",
	"No exchange rate for %s":        "환율 없음: %s",
	"Held %d days, %s to %s.":        "%d일 보유, %s ~ %s.",
	"Versus %s, %s → %s: benchmark ": "%s 대비, %s → %s: 벤치마크 ",
	", thesis ":                      ", 논지 ",
	", excess ":                      ", 초과 ",
	"No prices for the benchmark %s over the holding period.": "보유 기간의 벤치마크 %s 가격이 없습니다.",
	"No prices to chart.":                   "차트에 쓸 가격이 없습니다.",
	" (no P&L: a price or rate is missing)": " (손익 없음: 가격이나 환율이 빠짐)",
	"%s (no exchange rate to %s)":           "%s (%s 환율 없음)",
	" (%s) on %s":                           " (%s), %s",
	", %s of the budget":                    ", 예산의 %s",
	"unknown (no price history)":            "알 수 없음 (가격 기록 없음)",
	"Reasons: ":                             "근거: ",
	"Prices seen: %s":                       "당시 가격: %s",
	"The claim has not been edited since it was written.": "작성 후 주장을 고친 적이 없습니다.",
	"%s – now":                         "%s – 현재",
	"%s · %s":                          "%s · %s",
	"%s a share":                       "주당 %s",
	"Adjusted for the %s split on %s.": "%[2]s에 있었던 %[1]s 액면분할을 반영했습니다.",
	"%d theses · exported %s":          "논지 %d개 · %s 내보냄",
	"No thesis has a verdict yet (played out, wrong or mixed), so there is nothing to calibrate.": "아직 판정(적중, 빗나감, 일부 적중)이 난 논지가 없어 보정할 것이 없습니다.",
	"Brier score ": "브라이어 점수 ",
	" (0 is perfect, 0.25 is what always saying 50% earns) · hit rate ": " (0이 완벽, 늘 50%라고 하면 0.25) · 적중률 ",
	" over %d theses with a verdict; mixed counts as half.":             " (판정된 논지 %d개, 일부 적중은 절반으로 셈)",
	"… and %d more.":                 "… 외 %d개",
	"%s (%s of the total)":           "%s (전체의 %s)",
	"not set":                        "설정 안 함",
	"Total loss budget":              "전체 손실 예산",
	"At risk (open theses' budgets)": "위험 노출 (진행 중 논지의 예산)",
	"Lost (open theses)":             "손실 (진행 중 논지)",
	"Exported %s · Hindsight":        "%s 내보냄 · Hindsight",
	"Page %d of %d":                  "%d / %d쪽",
}

// korean reports whether the document is printed in Korean.
func (w *writer) korean() bool { return w.o.Lang == LangKorean }

// label translates a printed word into lang.
func label(lang, s string) string {
	if lang == LangKorean {
		if k, ok := korean[s]; ok {
			return k
		}
	}
	return s
}

// t translates a printed word into the document's language.
func (w *writer) t(s string) string { return label(w.o.Lang, s) }

// tf translates a format and fills it in.
func (w *writer) tf(format string, args ...any) string {
	return fmt.Sprintf(w.t(format), args...)
}

// date writes a calendar date: "2025-01-28", or "2025년 1월 28일" in Korean.
func (w *writer) date(d journal.Date) string {
	if d.IsZero() {
		return "-"
	}
	if w.korean() {
		return fmt.Sprintf("%d년 %d월 %d일", d.Year, int(d.Month), d.Day)
	}
	return d.String()
}

// when writes a time to the minute in the document's time zone.
func (w *writer) when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	t = t.In(w.loc)
	if w.korean() {
		return w.date(journal.DateOf(t)) + " " + t.Format("15:04")
	}
	return t.Format("2006-01-02 15:04")
}

// day writes the calendar day of a time in the document's time zone.
func (w *writer) day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return w.date(journal.DateOf(t.In(w.loc)))
}

// gainsRed reports whether gains are printed red and losses blue: by Options.MoveColors,
// or, when that is empty, in a Korean document.
func (w *writer) gainsRed() bool {
	switch w.o.MoveColors {
	case MovesRedUp:
		return true
	case MovesGreenUp:
		return false
	}
	return w.korean()
}

// Choices of Options.MoveColors.
const (
	// MovesRedUp prints gains red and losses blue, as Korean brokerages do.
	MovesRedUp = "red-up"
	// MovesGreenUp prints gains green and losses red.
	MovesGreenUp = "green-up"
)

// signColor is the colour of a signed figure: green for a gain and red for a loss (red
// and blue in the Korean convention), none for zero or an unknown figure.
func (w *writer) signColor(d *decimal.Decimal) *rgb {
	switch {
	case d == nil || d.Mul(hundred).Round(1).IsZero():
		return nil
	case d.IsPositive() && w.gainsRed():
		return &red
	case d.IsPositive():
		return &green
	case w.gainsRed():
		return &blue
	}
	return &red
}

// moneyColor is signColor of an amount, by its rounded value.
func (w *writer) moneyColor(m *journal.Money) *rgb {
	if m == nil {
		return nil
	}
	a := m.Round().Amount
	switch {
	case a.IsZero():
		return nil
	case a.IsPositive() && w.gainsRed():
		return &red
	case a.IsPositive():
		return &green
	case w.gainsRed():
		return &blue
	}
	return &red
}
