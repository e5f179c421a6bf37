// Package demo builds Hindsight's demo journal: a handful of theses, Korean and English,
// with the prices of their snapshots and reviews stored in them, so every review figure
// can be shown with no network. The prices are illustrative, rounded to the cent or won.
package demo

import (
	"fmt"
	"strings"
	"time"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

// Settings returns the demo journal's settings: a KRW investor with a 10,000,000 KRW
// total loss budget.
func Settings() journal.Settings {
	return journal.Settings{
		BaseCurrency:    "KRW",
		TotalLossBudget: journal.MustMoney("10000000", "KRW"),
		Author:          "Demo investor",
	}
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func snap(sym, amount, cur, when string, src journal.Source) journal.Snapshot {
	return journal.Snapshot{Symbol: sym, Price: journal.MustMoney(amount, cur), At: at(when), Source: src}
}

// fill returns a fill typed by hand whose id is derived from the symbol and its number,
// so the demo is the same every time it is written.
func fill(sym string, n int, action journal.Action, qty, price, cur, when, fx string) journal.Fill {
	f := journal.Fill{ID: fmt.Sprintf("demo-%s-%d", strings.NewReplacer(".", "-", "^", "", "=", "").Replace(sym), n),
		At: at(when), Action: action, Quantity: dec(qty), Price: journal.MustMoney(price, cur), Source: journal.FillManual}
	if fx != "" {
		f.FXToBase = dec(fx)
	}
	return f
}

// pos returns a position opened with one fill: a buy, or a sell for a short.
func pos(sym string, side journal.Side, qty, price, cur, when, fx string) journal.Position {
	open := journal.ActionBuy
	if side == journal.SideShort {
		open = journal.ActionSell
	}
	return journal.Position{Symbol: sym, Side: side, Fills: []journal.Fill{fill(sym, 1, open, qty, price, cur, when, fx)}}
}

// Theses returns the demo theses, oldest first, with fixed ids so writing the demo twice
// changes nothing.
func Theses() []*journal.Thesis {
	deepseek := &journal.Thesis{
		ID:    "demo-deepseek",
		Title: "DeepSeek shock expands AI demand (딥시크 쇼크가 AI 수요를 키운다)",
		Body: "## 요약\n\n딥시크-R1은 적은 비용으로 비슷한 성능을 보여 주었다. 시장은 **GPU 수요가 줄어든다**고 읽었지만, " +
			"나는 반대로 본다: 추론 비용이 내려가면 쓰임새가 늘어난다 (Jevons paradox).\n\n" +
			"- Hyperscalers guided capex *up* in the same week.\n- 전력·냉각 업체는 수요 증가의 두 번째 수혜자.\n\n" +
			"Plan: buy NVDA on the −17% day, add Samsung Electronics for HBM, watch Vertiv (cooling).",
		Trigger:      "DeepSeek-R1 release; NVDA fell 17% on 27 Jan 2025 (딥시크 쇼크)",
		Reasons:      []string{"① quality over quantity — 효율이 좋아지면 더 많이 쓴다", "② a Sputnik moment that triggers more investment", "③ power and cooling demand keeps rising"},
		Expectation:  "NVDA back above USD 150 and hyperscaler AI capex guidance raised within 12 months",
		Invalidation: "Two or more hyperscalers cut their AI capex guidance, or NVDA closes below USD 90",
		Conviction:   70,
		Tags:         []string{"ai", "semis", "딥시크"},
		Status:       journal.StatusOpen,
		CreatedAt:    at("2025-01-28T00:30:00Z"),
		ReviewBy:     journal.Date{Year: 2025, Month: 12, Day: 31},
		LossBudget:   journal.MustMoney("3000000", "KRW"),
		Positions: []journal.Position{
			{Symbol: "NVDA", Side: journal.SideLong, Fills: []journal.Fill{
				fill("NVDA", 1, journal.ActionBuy, "10", "128.99", "USD", "2025-01-28T15:00:00Z", "1441.5"),
				fill("NVDA", 2, journal.ActionBuy, "5", "96.30", "USD", "2025-04-08T15:00:00Z", "1473.2"),
				fill("NVDA", 3, journal.ActionSell, "5", "180.00", "USD", "2025-08-12T15:00:00Z", "1389.4"),
			}},
			pos("005930.KS", journal.SideLong, "30", "53400", "KRW", "2025-01-31T01:00:00Z", "1"),
			pos("VRT", journal.SideWatch, "1", "103.50", "USD", "2025-01-28T15:00:00Z", ""),
		},
		Snapshots: []journal.Snapshot{
			snap("NVDA", "128.99", "USD", "2025-01-28T21:00:00Z", journal.SourceYahoo),
			snap("005930.KS", "53400", "KRW", "2025-01-31T06:30:00Z", journal.SourceYahoo),
			snap("VRT", "103.50", "USD", "2025-01-28T21:00:00Z", journal.SourceYahoo),
			snap("USDKRW=X", "1441.5", "KRW", "2025-01-28T21:00:00Z", journal.SourceYahoo),
			snap("^KS11", "2536.80", "KRW", "2025-01-31T06:30:00Z", journal.SourceYahoo),
		},
		Reviews: []journal.Review{
			{At: at("2025-04-08T12:00:00Z"), Verdict: journal.VerdictTooEarly,
				Note:   "관세 충격으로 반도체가 다시 급락. 논리는 그대로지만 손실 예산의 절반 가까이 썼다.",
				Checks: []journal.ReasonCheck{{Reason: 0, Held: true}, {Reason: 1, Held: true}, {Reason: 2, Held: true}},
				Prices: []journal.Snapshot{
					snap("NVDA", "96.30", "USD", "2025-04-08T20:00:00Z", journal.SourceYahoo),
					snap("005930.KS", "53200", "KRW", "2025-04-08T06:30:00Z", journal.SourceYahoo),
					snap("VRT", "62.80", "USD", "2025-04-08T20:00:00Z", journal.SourceYahoo),
					snap("USDKRW=X", "1473.2", "KRW", "2025-04-08T20:00:00Z", journal.SourceYahoo),
					snap("^KS11", "2334.23", "KRW", "2025-04-08T06:30:00Z", journal.SourceYahoo),
				}},
			{At: at("2025-07-01T09:00:00Z"), Verdict: journal.VerdictTooEarly,
				Note: "NVDA back above the entry; capex guidance raised by three hyperscalers.",
				Prices: []journal.Snapshot{
					snap("NVDA", "153.30", "USD", "2025-06-30T20:00:00Z", journal.SourceYahoo),
					snap("005930.KS", "60800", "KRW", "2025-07-01T06:30:00Z", journal.SourceYahoo),
					snap("VRT", "128.40", "USD", "2025-06-30T20:00:00Z", journal.SourceYahoo),
					snap("USDKRW=X", "1352.6", "KRW", "2025-06-30T20:00:00Z", journal.SourceYahoo),
					snap("^KS11", "3089.65", "KRW", "2025-07-01T06:30:00Z", journal.SourceYahoo),
				}},
			{At: at("2025-10-30T09:00:00Z"), Verdict: journal.VerdictPlayedOut,
				Note:   "Expectation met: NVDA above 150, capex raised again. 딥시크 쇼크는 수요를 키웠다.",
				Checks: []journal.ReasonCheck{{Reason: 0, Held: true}, {Reason: 1, Held: true}, {Reason: 2, Held: true}},
				Prices: []journal.Snapshot{
					snap("NVDA", "202.89", "USD", "2025-10-29T20:00:00Z", journal.SourceYahoo),
					snap("005930.KS", "104100", "KRW", "2025-10-30T06:30:00Z", journal.SourceYahoo),
					snap("VRT", "186.20", "USD", "2025-10-29T20:00:00Z", journal.SourceYahoo),
					snap("USDKRW=X", "1428.9", "KRW", "2025-10-29T20:00:00Z", journal.SourceYahoo),
					snap("^KS11", "4086.89", "KRW", "2025-10-30T06:30:00Z", journal.SourceYahoo),
				}},
		},
	}

	valueup := &journal.Thesis{
		ID:           "demo-valueup",
		Title:        "밸류업 프로그램으로 은행주가 재평가된다 (Value-up re-rates Korean banks)",
		Body:         "PBR 0.4배의 은행주. 정부의 기업 밸류업 프로그램과 자사주 소각이 주주환원을 끌어올린다.\n\n배당 수익률만으로도 기다릴 수 있다.",
		Trigger:      "Government announces the Corporate Value-up Programme",
		Reasons:      []string{"① 주주환원율 목표 50%", "② price-to-book far below peers", "③ 배당 분리과세 논의"},
		Expectation:  "KB Financial up 30% within a year, total shareholder return above 40%",
		Invalidation: "The programme stays voluntary and banks keep payout below 35%",
		Conviction:   60,
		Tags:         []string{"korea", "banks", "밸류업"},
		Status:       journal.StatusPlayedOut,
		CreatedAt:    at("2024-02-26T01:00:00Z"),
		ReviewBy:     journal.Date{Year: 2025, Month: 2, Day: 28},
		LossBudget:   journal.MustMoney("1500000", "KRW"),
		Positions: []journal.Position{{Symbol: "105560.KS", Side: journal.SideLong,
			Fills: []journal.Fill{fill("105560.KS", 1, journal.ActionBuy, "40", "61500", "KRW", "2024-02-26T02:00:00Z", "1")},
			Dividends: []journal.Dividend{{ID: "demo-105560-KS-d1", At: at("2024-05-24T01:00:00Z"),
				PerShare: journal.MustMoney("784", "KRW"), Withheld: journal.MustMoney("4830", "KRW"),
				FXToBase: dec("1"), Source: journal.FillManual}}}},
		Snapshots: []journal.Snapshot{
			snap("105560.KS", "61500", "KRW", "2024-02-26T06:30:00Z", journal.SourceYahoo),
			snap("^KS11", "2647.08", "KRW", "2024-02-26T06:30:00Z", journal.SourceYahoo),
		},
		Reviews: []journal.Review{
			{At: at("2024-08-05T09:00:00Z"), Verdict: journal.VerdictTooEarly, Note: "블랙 먼데이. 은행주도 같이 빠졌다.",
				Prices: []journal.Snapshot{snap("105560.KS", "72800", "KRW", "2024-08-05T06:30:00Z", journal.SourceYahoo),
					snap("^KS11", "2441.55", "KRW", "2024-08-05T06:30:00Z", journal.SourceYahoo)}},
			{At: at("2025-02-28T09:00:00Z"), Verdict: journal.VerdictPlayedOut, Note: "KB금융 +35%, 자사주 소각 확대. 기대대로.",
				Checks: []journal.ReasonCheck{{Reason: 0, Held: true}, {Reason: 1, Held: true}, {Reason: 2, Held: false}},
				Prices: []journal.Snapshot{snap("105560.KS", "83200", "KRW", "2025-02-28T06:30:00Z", journal.SourceYahoo),
					snap("^KS11", "2532.78", "KRW", "2025-02-28T06:30:00Z", journal.SourceYahoo)}},
		},
	}

	oil := &journal.Thesis{
		ID:           "demo-oil",
		Title:        "OPEC+ unwinding cuts pushes crude below USD 60",
		Body:         "Supply returns faster than demand grows. Short an energy major as a cleaner expression than futures.",
		Trigger:      "OPEC+ agrees to raise output from April",
		Reasons:      []string{"① spare capacity above 5 mb/d", "② weak Chinese demand", "③ US shale output at record"},
		Expectation:  "XOM below USD 95 by the end of the quarter",
		Invalidation: "A supply shock in the Gulf, or XOM above USD 120",
		Conviction:   65,
		Tags:         []string{"energy", "macro"},
		Status:       journal.StatusWrong,
		CreatedAt:    at("2025-03-04T14:00:00Z"),
		ReviewBy:     journal.Date{Year: 2025, Month: 6, Day: 30},
		LossBudget:   journal.MustMoney("1000000", "KRW"),
		Positions:    []journal.Position{pos("XOM", journal.SideShort, "80", "108.20", "USD", "2025-03-04T15:00:00Z", "1460.1")},
		Snapshots: []journal.Snapshot{
			snap("XOM", "108.20", "USD", "2025-03-04T21:00:00Z", journal.SourceYahoo),
			snap("USDKRW=X", "1460.1", "KRW", "2025-03-04T21:00:00Z", journal.SourceYahoo),
			snap("^KS11", "2558.13", "KRW", "2025-03-05T06:30:00Z", journal.SourceYahoo),
		},
		Reviews: []journal.Review{
			{At: at("2025-06-20T09:00:00Z"), Verdict: journal.VerdictWrong, Note: "Gulf tensions: crude spiked and the short ran through the whole budget.",
				Checks: []journal.ReasonCheck{{Reason: 0, Held: true}, {Reason: 1, Held: false}, {Reason: 2, Held: true}},
				Prices: []journal.Snapshot{snap("XOM", "121.40", "USD", "2025-06-19T20:00:00Z", journal.SourceYahoo),
					snap("USDKRW=X", "1376.0", "KRW", "2025-06-19T20:00:00Z", journal.SourceYahoo),
					snap("^KS11", "3021.84", "KRW", "2025-06-20T06:30:00Z", journal.SourceYahoo)}},
		},
	}

	bitcoin := &journal.Thesis{
		ID:           "demo-bitcoin",
		Title:        "Spot ETF flows keep Bitcoin above USD 90k",
		Body:         "Watching only. 현물 ETF 자금 유입이 바닥을 받친다는 가설.",
		Trigger:      "Record weekly ETF inflows",
		Reasons:      []string{"① steady ETF inflows", "② halving supply cut"},
		Expectation:  "BTC-USD holds above 90,000 through Q2",
		Invalidation: "Two weeks of net ETF outflows",
		Conviction:   55,
		Tags:         []string{"crypto"},
		Status:       journal.StatusMixed,
		CreatedAt:    at("2025-01-10T10:00:00Z"),
		ReviewBy:     journal.Date{Year: 2025, Month: 6, Day: 30},
		Positions:    []journal.Position{pos("BTC-USD", journal.SideWatch, "1", "94500", "USD", "2025-01-10T10:00:00Z", "")},
		Snapshots:    []journal.Snapshot{snap("BTC-USD", "94500", "USD", "2025-01-10T10:00:00Z", journal.SourceYahoo)},
		Reviews: []journal.Review{
			{At: at("2025-06-30T12:00:00Z"), Verdict: journal.VerdictMixed, Note: "Dipped to 76k in April, back above 100k by June.",
				Prices: []journal.Snapshot{snap("BTC-USD", "107100", "USD", "2025-06-30T12:00:00Z", journal.SourceYahoo)}},
		},
	}

	yen := &journal.Thesis{
		ID:           "demo-yen",
		Title:        "엔화 약세가 끝난다 — BoJ normalisation lifts the yen",
		Body:         "일본은행의 금리 인상이 이어지면 캐리 트레이드가 풀린다. 아직 포지션 없이 관찰.",
		Trigger:      "BoJ raises the policy rate to 0.5%",
		Reasons:      []string{"① 금리차 축소", "② carry trade unwinds"},
		Expectation:  "USDJPY below 140 by year end",
		Invalidation: "BoJ pauses hikes for two meetings",
		Conviction:   50,
		Tags:         []string{"macro", "fx"},
		Status:       journal.StatusOpen,
		CreatedAt:    at("2025-01-24T05:00:00Z"),
		ReviewBy:     journal.Date{Year: 2025, Month: 12, Day: 31},
		Snapshots:    []journal.Snapshot{snap("USDJPY=X", "156.20", "JPY", "2025-01-24T05:00:00Z", journal.SourceYahoo)},
	}
	hynix := &journal.Thesis{
		ID:           "demo-hynix",
		Title:        "HBM 부족이 SK하이닉스를 끌어올린다 (HBM shortage lifts SK hynix)",
		Body:         "HBM4 물량이 2026년까지 매진. 메모리 사이클이 아니라 AI 인프라 투자로 봐야 한다.",
		Trigger:      "SK hynix says 2026 HBM supply is sold out",
		Reasons:      []string{"① HBM sold out through 2026", "② 범용 D램 가격도 반등"},
		Expectation:  "000660.KS above 400,000 KRW by mid-2026",
		Invalidation: "HBM price cuts in the 2026 contracts",
		Conviction:   75,
		Tags:         []string{"ai", "semis", "korea"},
		Status:       journal.StatusOpen,
		CreatedAt:    at("2025-09-15T01:00:00Z"),
		ReviewBy:     journal.Date{Year: 2026, Month: 6, Day: 30},
		LossBudget:   journal.MustMoney("2000000", "KRW"),
		Positions:    []journal.Position{pos("000660.KS", journal.SideLong, "20", "328000", "KRW", "2025-09-15T01:30:00Z", "1")},
		Snapshots: []journal.Snapshot{
			snap("000660.KS", "328000", "KRW", "2025-09-15T06:30:00Z", journal.SourceYahoo),
			snap("^KS11", "3407.31", "KRW", "2025-09-15T06:30:00Z", journal.SourceYahoo),
		},
		Reviews: []journal.Review{
			{At: at("2025-11-04T09:00:00Z"), Verdict: journal.VerdictTooEarly, Note: "급등 후 조정. 아직 판단하기 이르다.",
				Prices: []journal.Snapshot{snap("000660.KS", "583000", "KRW", "2025-11-04T06:30:00Z", journal.SourceYahoo),
					snap("^KS11", "4121.74", "KRW", "2025-11-04T06:30:00Z", journal.SourceYahoo)}},
		},
	}
	return []*journal.Thesis{valueup, bitcoin, yen, deepseek, oil, hynix}
}
