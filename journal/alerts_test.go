package journal_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

var alertSettings = journal.Settings{BaseCurrency: "KRW"}

// budgetThesis holds 100 shares of 005930.KS bought at ₩60,000 (₩6,000,000) with a loss
// budget of ₩3,000,000, so a price P uses (60,000 − P) × 100 / 3,000,000 of the budget:
// 50,000 → 0.333, 45,000 → 0.5, 44,000 → 0.533, 36,000 → 0.8, 30,000 → 1, 27,000 → 1.1.
func budgetThesis(id string) *journal.Thesis {
	return &journal.Thesis{
		ID: id, Title: "삼성전자 반등", Status: journal.StatusOpen, Conviction: 60,
		Invalidation: "HBM 인증이 내년으로 밀린다",
		CreatedAt:    time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC),
		LossBudget:   journal.MustMoney("3000000", "KRW"),
		Positions: []journal.Position{{Symbol: "005930.KS", Side: journal.SideLong, Fills: []journal.Fill{{
			ID: "b1", At: time.Date(2026, 1, 5, 1, 0, 0, 0, time.UTC), Action: journal.ActionBuy,
			Quantity: decimal.NewFromInt(100), Price: journal.MustMoney("60000", "KRW"),
			FXToBase: decimal.NewFromInt(1), Source: journal.FillManual,
		}}}},
	}
}

// quote is a market holding one price of sym seen age before now.
func quote(sym, amount, cur string, now time.Time, age time.Duration, stale bool) journal.Market {
	return journal.Market{Prices: map[string]journal.Price{
		sym: {Symbol: sym, Price: journal.MustMoney(amount, cur), At: now.Add(-age), Stale: stale},
	}}
}

// roundTrip returns state after writing it as JSON and reading it back, as the store does.
func roundTrip(t *testing.T, s journal.AlertState) journal.AlertState {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var out journal.AlertState
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return out
}

func alertKeys(as []journal.Alert) string {
	var parts []string
	for _, a := range as {
		parts = append(parts, string(a.Kind)+"/"+a.Key)
	}
	return strings.Join(parts, ",")
}

func TestCheckAlertsLossBudget(t *testing.T) {
	start := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	steps := []struct {
		price string
		age   time.Duration
		stale bool
		want  string // the alerts' kind/key
	}{
		{"50000", time.Hour, false, ""},                       // 0.333
		{"45000", time.Hour, false, "loss_budget/budget:0.5"}, // 0.5: at the threshold fires
		{"44000", time.Hour, false, ""},                       // 0.533: still past 0.5, no repeat
		{"36000", time.Hour, false, "loss_budget/budget:0.8"}, // 0.8
		{"50000", time.Hour, false, ""},                       // 0.333: 0.5 and 0.8 re-arm
		{"45000", time.Hour, false, "loss_budget/budget:0.5"}, // crossing 0.5 again
		{"27000", time.Hour, false, "loss_budget/budget:1"},   // 1.1: 0.8 and 1 crossed at once, one alert for 1
		{"36000", time.Hour, false, ""},                       // 0.8: 1 re-arms, 0.8 still held
		{"30000", time.Hour, false, "loss_budget/budget:1"},   // 1.0
		{"50000", time.Hour, true, ""},                        // stale: neither fires nor re-arms
		{"50000", 73 * time.Hour, false, ""},                  // older than three days: the same
		{"27000", time.Hour, false, ""},                       // so 1.1 is no new crossing
		{"50000", time.Hour, false, ""},                       // fresh 0.333 re-arms all
		{"27000", time.Hour, false, "loss_budget/budget:1"},   // 0.5, 0.8 and 1 at once: one alert, for 1
		{"44000", time.Hour, false, ""},                       // 0.533
		{"36000", time.Hour, false, "loss_budget/budget:0.8"}, // the lower thresholds counted as fired: only 0.8 re-armed
	}
	var state journal.AlertState
	th := budgetThesis("t1")
	for i, st := range steps {
		now := start.Add(time.Duration(i) * time.Hour)
		m := quote("005930.KS", st.price, "KRW", now, st.age, st.stale)
		alerts, next := journal.CheckAlerts([]*journal.Thesis{th}, alertSettings, m, state, now)
		if got := alertKeys(alerts); got != st.want {
			t.Fatalf("step %d (price %s): alerts %q, want %q", i, st.price, got, st.want)
		}
		if next.Version != journal.AlertStateVersion {
			t.Fatalf("state version = %d", next.Version)
		}
		state = roundTrip(t, next)
	}
}

func TestCheckAlertsBudgetFigures(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	m := quote("005930.KS", "36000", "KRW", now, time.Hour, false)
	alerts, _ := journal.CheckAlerts([]*journal.Thesis{budgetThesis("t1")}, alertSettings, m, journal.AlertState{}, now)
	if len(alerts) != 1 {
		t.Fatalf("alerts = %+v", alerts)
	}
	a := alerts[0]
	// (60,000 − 36,000) × 100 = 2,400,000 lost of 3,000,000: 0.8.
	if a.ID != "t1:budget:0.8:2026-12-01" || !a.Threshold.Equal(decimal.RequireFromString("0.8")) ||
		!a.LossUsed.Equal(decimal.RequireFromString("0.8")) || a.Loss.Format() != "₩2,400,000" ||
		a.Budget.Format() != "₩3,000,000" || !a.At.Equal(now) || a.Quote != "HBM 인증이 내년으로 밀린다" {
		t.Errorf("alert = %+v", a)
	}
}

func TestCheckAlertsOwnThresholds(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	s := alertSettings
	s.AlertThresholds = []decimal.Decimal{decimal.RequireFromString("0.25"), decimal.NewFromInt(2)}
	tests := []struct {
		price string
		want  string
	}{
		{"52600", ""},                        // 740,000 / 3,000,000 = 0.2466…
		{"52500", "loss_budget/budget:0.25"}, // 750,000 / 3,000,000 = 0.25
		{"1000", "loss_budget/budget:0.25"},  // 5,900,000 / 3,000,000 = 1.966…: below 2
	}
	for _, tt := range tests {
		alerts, _ := journal.CheckAlerts([]*journal.Thesis{budgetThesis("t1")}, s, quote("005930.KS", tt.price, "KRW", now, 0, false), journal.AlertState{}, now)
		if got := alertKeys(alerts); got != tt.want {
			t.Errorf("price %s: %q, want %q", tt.price, got, tt.want)
		}
	}
}

func TestCheckAlertsNotOpen(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	m := quote("005930.KS", "27000", "KRW", now, time.Hour, false)
	for _, st := range []journal.Status{journal.StatusPlayedOut, journal.StatusWrong, journal.StatusMixed, journal.StatusClosed} {
		th := budgetThesis("t1")
		th.Status = st
		th.ReviewBy = journal.Date{Year: 2026, Month: 12, Day: 1}
		th.Levels = []journal.Level{{Symbol: "005930.KS", When: journal.LevelBelow, Price: journal.MustMoney("50000", "KRW")}}
		prev := journal.AlertState{Theses: map[string]map[string]journal.RuleState{"t1": {"budget:0.5": {Held: true}}}}
		alerts, next := journal.CheckAlerts([]*journal.Thesis{th}, alertSettings, m, prev, now)
		if len(alerts) != 0 {
			t.Errorf("%s thesis raised %s", st, alertKeys(alerts))
		}
		if _, ok := next.Theses["t1"]; ok {
			t.Errorf("%s thesis kept its state", st)
		}
	}
}

func TestCheckAlertsReview(t *testing.T) {
	day := func(d, h int) time.Time { return time.Date(2026, 12, d, h, 0, 0, 0, time.UTC) }
	th := &journal.Thesis{ID: "r1", Title: "Rates stay higher", Status: journal.StatusOpen,
		CreatedAt: day(1, 0).AddDate(0, -6, 0), ReviewBy: journal.Date{Year: 2026, Month: 12, Day: 1}}
	steps := []struct {
		now  time.Time
		want string // kind/id, days overdue
	}{
		{day(1, 0).Add(-time.Hour), ""}, // 2026-11-30 23:00: not yet
		{day(1, 9), "review_due/r1:review:2026-12-01/0"},
		{day(1, 18), ""}, // once on the day
		{day(2, 8), "review_overdue/r1:review:2026-12-02/1"},
		{day(2, 23), ""},                                     // at most once a day
		{day(5, 8), "review_overdue/r1:review:2026-12-05/4"}, // 5 − 1 = 4 days
		{day(5, 9), ""},
	}
	var state journal.AlertState
	for i, st := range steps {
		alerts, next := journal.CheckAlerts([]*journal.Thesis{th}, alertSettings, journal.Market{}, state, st.now)
		var got []string
		for _, a := range alerts {
			got = append(got, string(a.Kind)+"/"+a.ID+"/"+itoa(a.DaysOverdue))
		}
		if g := strings.Join(got, ","); g != st.want {
			t.Fatalf("step %d (%v): %q, want %q", i, st.now, g, st.want)
		}
		state = roundTrip(t, next)
	}
	// A review written on or after the review date stops the alerts.
	reviewed := *th
	reviewed.Reviews = []journal.Review{{At: day(5, 10), Verdict: journal.VerdictTooEarly}}
	if alerts, _ := journal.CheckAlerts([]*journal.Thesis{&reviewed}, alertSettings, journal.Market{}, state, day(6, 9)); len(alerts) != 0 {
		t.Errorf("reviewed thesis: %s", alertKeys(alerts))
	}
	// One written before it does not.
	reviewed.Reviews = []journal.Review{{At: day(1, 0).Add(-time.Minute), Verdict: journal.VerdictTooEarly}}
	if alerts, _ := journal.CheckAlerts([]*journal.Thesis{&reviewed}, alertSettings, journal.Market{}, state, day(6, 9)); alertKeys(alerts) != "review_overdue/review" {
		t.Errorf("thesis reviewed the day before: %s", alertKeys(alerts))
	}
	// A first check well after the date says how late it is.
	alerts, _ := journal.CheckAlerts([]*journal.Thesis{th}, alertSettings, journal.Market{}, journal.AlertState{}, day(3, 0))
	if len(alerts) != 1 || alerts[0].Kind != journal.AlertReviewOverdue || alerts[0].DaysOverdue != 2 {
		t.Errorf("first check two days late: %+v", alerts)
	}
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }

func TestCheckAlertsLevels(t *testing.T) {
	today := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC) // a Tuesday
	bar := func(daysAgo int, close string) []journal.Bar {
		d := time.Date(2026, 3, 10-daysAgo, 14, 30, 0, 0, time.UTC)
		return []journal.Bar{{Time: d.AddDate(0, 0, -1), Close: decimal.NewFromInt(100)}, {Time: d, Close: decimal.RequireFromString(close)}}
	}
	th := &journal.Thesis{ID: "n1", Title: "AI capex", Status: journal.StatusOpen, CreatedAt: today.AddDate(0, -1, 0),
		Levels: []journal.Level{
			{Symbol: "NVDA", When: journal.LevelBelow, Price: journal.MustMoney("90", "USD"), Close: true},
			{Symbol: "NVDA", When: journal.LevelAbove, Price: journal.MustMoney("150", "USD")},
		}}
	const closeKey, priceKey = "level:NVDA:below:90:close", "level:NVDA:above:150"
	steps := []struct {
		bars  []journal.Bar
		price string
		cur   string
		age   time.Duration
		stale bool
		want  string
	}{
		{bar(1, "95"), "95", "USD", time.Hour, false, ""},
		{bar(1, "88.2"), "151", "USD", time.Hour, false, "level/" + priceKey + ",level/" + closeKey}, // sorted by key
		{bar(1, "85"), "152", "USD", time.Hour, false, ""},                                           // still crossed: once per crossing
		{bar(1, "90"), "150", "USD", time.Hour, false, ""},                                           // exactly at the levels counts as crossed
		{bar(1, "91"), "149", "USD", time.Hour, true, ""},                                            // close re-arms; the stale quote changes nothing
		{bar(1, "89"), "152", "USD", time.Hour, false, "level/" + closeKey},                          // the above level was never re-armed
		{bar(4, "92"), "149", "USD", 73 * time.Hour, false, ""},                                      // a bar four days old and a quote 73 h old: unchanged
		{bar(1, "89"), "149", "KRW", time.Hour, false, ""},                                           // close still held; a price in another currency is not judged
		{bar(1, "91"), "149", "USD", time.Hour, false, ""},                                           // both re-arm
		{bar(3, "89"), "150", "USD", time.Hour, false, "level/" + priceKey + ",level/" + closeKey},   // a Saturday bar on Tuesday is 3 days old: fresh
	}
	var state journal.AlertState
	for i, st := range steps {
		now := today.Add(time.Duration(i) * time.Minute)
		m := quote("NVDA", st.price, st.cur, now, st.age, st.stale)
		m.Bars = map[string][]journal.Bar{"NVDA": st.bars}
		alerts, next := journal.CheckAlerts([]*journal.Thesis{th}, alertSettings, m, state, now)
		if got := alertKeys(alerts); got != st.want {
			t.Fatalf("step %d: %q, want %q", i, got, st.want)
		}
		for _, a := range alerts {
			if a.Key == closeKey && (a.Price.String() != st.bars[1].Close.String()+" USD" || !a.PriceAt.Equal(st.bars[1].Time) || !a.Close) {
				t.Errorf("step %d: close alert %+v", i, a)
			}
		}
		state = roundTrip(t, next)
	}
}

func TestCheckAlertsOrder(t *testing.T) {
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	mk := func(id string) *journal.Thesis {
		th := budgetThesis(id)
		th.ReviewBy = journal.Date{Year: 2026, Month: 12, Day: 2}
		th.Levels = []journal.Level{
			{Symbol: "005930.KS", When: journal.LevelBelow, Price: journal.MustMoney("40000", "KRW")},
			{Symbol: "005930.KS", When: journal.LevelBelow, Price: journal.MustMoney("30000", "KRW")},
		}
		return th
	}
	m := quote("005930.KS", "27000", "KRW", now, time.Hour, false)
	alerts, _ := journal.CheckAlerts([]*journal.Thesis{mk("b"), mk("a")}, alertSettings, m, journal.AlertState{}, now)
	var got []string
	for _, a := range alerts {
		got = append(got, a.ThesisID+"/"+a.Key)
	}
	want := []string{
		"a/review", "a/budget:1", "a/level:005930.KS:below:30000", "a/level:005930.KS:below:40000",
		"b/review", "b/budget:1", "b/level:005930.KS:below:30000", "b/level:005930.KS:below:40000",
	}
	if !slices.Equal(got, want) {
		t.Errorf("order = %q\nwant %q", got, want)
	}
}

func TestAlertText(t *testing.T) {
	inval := "Two or more hyperscalers cut capex guidance, or NVDA closes below USD 90"
	due := journal.Date{Year: 2026, Month: 12, Day: 1}
	tests := []struct {
		name   string
		a      journal.Alert
		en, ko string
	}{
		{"level on close", journal.Alert{Kind: journal.AlertLevel, Title: "DeepSeek shock", Quote: inval, Symbol: "NVDA",
			When: journal.LevelBelow, Close: true, Price: journal.MustMoney("88.2", "USD"), Level: journal.MustMoney("90", "USD")},
			`"DeepSeek shock": You wrote: 'Two or more hyperscalers cut capex guidance, or NVDA closes below USD 90'. NVDA closed at $88.20 (your level: below $90.00).`,
			"[DeepSeek shock] 무효화 조건으로 'Two or more hyperscalers cut capex guidance, or NVDA closes below USD 90'라고 적어 두셨어요. NVDA 종가 $88.20 — 기준가 $90.00 이하로 내려왔어요."},
		{"level on price, above, no sentence", journal.Alert{Kind: journal.AlertLevel, Title: "원화 약세", Symbol: "USDKRW=X",
			When: journal.LevelAbove, Price: journal.MustMoney("1482.5", "KRW"), Level: journal.MustMoney("1480", "KRW")},
			`"원화 약세": USDKRW=X is at 1,482.50 KRW (your level: above 1,480.00 KRW).`,
			"[원화 약세] USDKRW=X 현재가 1,482.50 KRW — 기준가 1,480.00 KRW 이상으로 올라왔어요."},
		{"budget 80 %", journal.Alert{Kind: journal.AlertLossBudget, Title: "딥시크 쇼크", Quote: "하이퍼스케일러의\n설비투자 축소",
			Threshold: decimal.RequireFromString("0.8"), LossUsed: decimal.RequireFromString("0.8"),
			Loss: journal.MustMoney("2400000", "KRW"), Budget: journal.MustMoney("3000000", "KRW")},
			`"딥시크 쇼크" has used 80 % of its loss budget (₩2,400,000 of ₩3,000,000). You wrote: '하이퍼스케일러의 설비투자 축소'.`,
			"[딥시크 쇼크] 손실 한도의 80%를 썼어요 (₩3,000,000 중 ₩2,400,000). 무효화 조건으로 '하이퍼스케일러의 설비투자 축소'라고 적어 두셨어요."},
		{"budget over", journal.Alert{Kind: journal.AlertLossBudget, Title: "딥시크 쇼크",
			// 3,312,000 / 3,000,000 = 1.104: 110 % rounded down.
			Threshold: decOne(), LossUsed: decimal.RequireFromString("1.104"),
			Loss: journal.MustMoney("3312000", "KRW"), Budget: journal.MustMoney("3000000", "KRW")},
			`"딥시크 쇼크" has used all of its loss budget: 110 % (₩3,312,000 of ₩3,000,000).`,
			"[딥시크 쇼크] 손실 한도를 다 썼어요: 110% (₩3,000,000 중 ₩3,312,000)."},
		{"review due", journal.Alert{Kind: journal.AlertReviewDue, Title: "딥시크 쇼크", Due: due},
			`Review due today: "딥시크 쇼크".`, "[딥시크 쇼크] 오늘이 복기하기로 한 날이에요."},
		{"overdue 1 day", journal.Alert{Kind: journal.AlertReviewOverdue, Title: "Rates", Due: due, DaysOverdue: 1},
			`Review of "Rates" is overdue by 1 day (due 2026-12-01).`, "[Rates] 복기하기로 한 날(2026-12-01)이 1일 지났어요."},
		{"overdue 3 days", journal.Alert{Kind: journal.AlertReviewOverdue, Title: "Rates", Due: due, DaysOverdue: 3},
			`Review of "Rates" is overdue by 3 days (due 2026-12-01).`, "[Rates] 복기하기로 한 날(2026-12-01)이 3일 지났어요."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Text("en"); got != tt.en {
				t.Errorf("en:\n got %s\nwant %s", got, tt.en)
			}
			if got := tt.a.Text("ko"); got != tt.ko {
				t.Errorf("ko:\n got %s\nwant %s", got, tt.ko)
			}
		})
	}
	long := journal.Alert{Kind: journal.AlertLevel, Title: "t", Quote: strings.Repeat("가", 200), Symbol: "NVDA",
		When: journal.LevelBelow, Price: journal.MustMoney("1", "USD"), Level: journal.MustMoney("2", "USD")}
	if want := "'" + strings.Repeat("가", 159) + "…'"; !strings.Contains(long.Text("en"), want) {
		t.Errorf("a long sentence is not cut to 160 characters: %s", long.Text("en"))
	}
}

func decOne() decimal.Decimal { return decimal.NewFromInt(1) }
