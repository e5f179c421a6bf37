package journal

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// AlertKind is what an alert is about.
type AlertKind string

// Alert kinds, in the order alerts of one thesis are listed.
const (
	AlertReviewDue     AlertKind = "review_due"
	AlertReviewOverdue AlertKind = "review_overdue"
	AlertLossBudget    AlertKind = "loss_budget"
	AlertLevel         AlertKind = "level"
)

// alertKindRank orders the kinds of one thesis's alerts.
var alertKindRank = map[AlertKind]int{AlertReviewDue: 0, AlertReviewOverdue: 1, AlertLossBudget: 2, AlertLevel: 3}

// MaxPriceAge is how old a price may be for the alert rules to act on it. A quote seen
// longer ago, or a daily bar more than three calendar days before today (so Friday's
// close still counts on Monday), is stale.
const MaxPriceAge = 3 * 24 * time.Hour

// ReviewRuleKey is the rule key of the review alerts; a loss budget rule is
// "budget:<threshold>" (BudgetRuleKey) and a level rule Level.Key.
const ReviewRuleKey = "review"

// BudgetRuleKey returns the rule key of a loss budget threshold, e.g. "budget:0.8".
func BudgetRuleKey(threshold decimal.Decimal) string { return "budget:" + threshold.String() }

// Alert is one rule that fired for one thesis.
type Alert struct {
	// ID is stable for one crossing: the thesis id, the rule key and the day it fired,
	// e.g. "0189…:budget:0.8:2026-12-01", so a caller can drop an alert it has shown.
	ID string
	// ThesisID and Title name the thesis.
	ThesisID, Title string
	// Kind is what the alert is about.
	Kind AlertKind
	// Key is the rule: "review", "budget:0.8" or a level's key ("level:NVDA:below:90").
	Key string
	// At is when it fired (UTC).
	At time.Time
	// Quote is the thesis's own invalidation sentence, as written.
	Quote string
	// Threshold is the share of the loss budget crossed; LossUsed the share used now;
	// Loss and Budget the amounts, in the base currency (loss budget alerts).
	Threshold, LossUsed decimal.Decimal
	Loss, Budget        Money
	// Symbol, When and Close repeat the level; Price is the price that crossed Level,
	// seen at PriceAt (the daily bar's time for a level judged on closes).
	Symbol  string
	When    LevelWhen
	Close   bool
	Price   Money
	Level   Money
	PriceAt time.Time
	// Due is the review date; DaysOverdue how many days ago it was (review alerts).
	Due         Date
	DaysOverdue int
}

// AlertStateVersion is the version of AlertState written by CheckAlerts.
const AlertStateVersion = 1

// AlertState is what the alert rules remember between checks: for each thesis and rule
// key, whether its condition held at the last check (a rule whose condition held is
// disarmed; it is armed, and may fire again, once a check finds the condition no longer
// holding) and the day a review alert last fired. The zero AlertState means nothing has
// fired yet. It is JSON for the store to keep.
type AlertState struct {
	// Version is AlertStateVersion.
	Version int `json:"version"`
	// Theses maps a thesis id to its rules' states by rule key. Rules that are armed and
	// never fired are left out.
	Theses map[string]map[string]RuleState `json:"theses,omitempty"`
}

// RuleState is the remembered state of one alert rule of one thesis.
type RuleState struct {
	// Held reports whether the rule's condition held at the last check that could judge it.
	Held bool `json:"held,omitempty"`
	// Fired is the day a review alert last fired (UTC).
	Fired Date `json:"fired,omitzero"`
}

// CheckAlerts applies the alert rules to the open theses at now and returns the alerts
// that fire and the state to keep for the next check; state is not modified. The rules:
//
//   - Review: on the thesis's review date a review_due alert fires once; on every later
//     day a review_overdue alert fires, at most once a day. A review written on or after
//     the review date stops them.
//   - Loss budget: when LossUsed (see Evaluate) reaches a threshold of s.Thresholds() it
//     fires once; it fires again only after a check found the loss back below that
//     threshold. When one check finds several thresholds newly crossed, one alert fires,
//     for the highest of them, and the lower ones count as fired.
//   - Level: when the price of the level's symbol is at or below (below) or at or above
//     (above) the level it fires once, and again only after a check found the price back
//     on the other side. The price is Market.PriceOf's (in the level's currency), or for
//     a level judged on closes the close of the last bar of Market.Bars, which the caller
//     passes for completed days.
//
// A thesis that is not open never raises an alert, and its state is dropped. A rule that
// cannot be judged — a price missing, stale (Price.Stale, or older than MaxPriceAge), in
// another currency, or a loss that cannot be valued — neither fires nor re-arms: its
// state is left as it was. Alerts are ordered by thesis id, then kind (review due,
// review overdue, loss budget, level), then rule key.
func CheckAlerts(theses []*Thesis, s Settings, m Market, state AlertState, now time.Time) ([]Alert, AlertState) {
	now = now.UTC()
	today := DateOf(now)
	next := AlertState{Version: AlertStateVersion, Theses: map[string]map[string]RuleState{}}
	var alerts []Alert
	for _, t := range theses {
		if t == nil || t.Status != StatusOpen {
			continue
		}
		if _, dup := next.Theses[t.ID]; dup {
			continue
		}
		prev := state.Theses[t.ID]
		rules := map[string]RuleState{}
		keep := func(key string) {
			if r, ok := prev[key]; ok {
				rules[key] = r
			}
		}
		newAlert := func(kind AlertKind, key string) Alert {
			return Alert{
				ID: t.ID + ":" + key + ":" + today.String(), ThesisID: t.ID, Title: t.Title,
				Kind: kind, Key: key, At: now, Quote: t.Invalidation,
			}
		}

		if due := t.ReviewBy; !due.IsZero() && !today.Before(due) && !reviewedSince(t, due) {
			r := prev[ReviewRuleKey]
			if r.Fired != today {
				a := newAlert(AlertReviewDue, ReviewRuleKey)
				a.Due = due
				if today != due {
					a.Kind = AlertReviewOverdue
					a.DaysOverdue = int(today.Time().Sub(due.Time()) / (24 * time.Hour))
				}
				alerts = append(alerts, a)
				r.Fired = today
			}
			rules[ReviewRuleKey] = r
		}

		ths := s.Thresholds()
		o := Evaluate(t, s, m, now)
		if o.LossUsed == nil || o.PnLBase == nil || o.LossBudget == nil || outcomeStale(o, now) {
			for _, th := range ths {
				keep(BudgetRuleKey(th))
			}
		} else {
			crossed := -1
			for i, th := range ths {
				key := BudgetRuleKey(th)
				if o.LossUsed.GreaterThanOrEqual(th) {
					if !prev[key].Held {
						crossed = i
					}
					rules[key] = RuleState{Held: true}
				}
			}
			if crossed >= 0 {
				a := newAlert(AlertLossBudget, BudgetRuleKey(ths[crossed]))
				a.Threshold, a.LossUsed = ths[crossed], *o.LossUsed
				a.Loss, a.Budget = o.PnLBase.Neg(), *o.LossBudget
				alerts = append(alerts, a)
			}
		}

		for _, l := range t.Levels {
			key := l.Key()
			price, at, ok := levelPrice(l, m, now)
			if !ok {
				keep(key)
				continue
			}
			held := price.LessThanOrEqual(l.Price.Amount)
			if l.When == LevelAbove {
				held = price.GreaterThanOrEqual(l.Price.Amount)
			}
			if !held {
				continue
			}
			if !prev[key].Held {
				a := newAlert(AlertLevel, key)
				a.Symbol, a.When, a.Close = l.Symbol, l.When, l.Close
				a.Price, a.Level, a.PriceAt = Money{Amount: price, Currency: l.Price.Currency}, l.Price, at
				alerts = append(alerts, a)
			}
			rules[key] = RuleState{Held: true}
		}
		if len(rules) > 0 {
			next.Theses[t.ID] = rules
		}
	}
	slices.SortStableFunc(alerts, func(a, b Alert) int {
		return cmp.Or(strings.Compare(a.ThesisID, b.ThesisID), alertKindRank[a.Kind]-alertKindRank[b.Kind],
			strings.Compare(a.Key, b.Key))
	})
	return alerts, next
}

// reviewedSince reports whether t has a review written on or after day (UTC).
func reviewedSince(t *Thesis, day Date) bool {
	for _, r := range t.Reviews {
		if !DateOf(r.At.UTC()).Before(day) {
			return true
		}
	}
	return false
}

// outcomeStale reports whether o was valued with a stale price: one marked stale, or one
// of an open long or short position seen more than MaxPriceAge before now (or at an
// unknown time).
func outcomeStale(o Outcome, now time.Time) bool {
	if o.Stale {
		return true
	}
	for _, p := range o.Positions {
		if p.Side == SideWatch || p.Closed || p.Price.IsZero() {
			continue
		}
		if p.PriceAt.IsZero() || now.Sub(p.PriceAt) > MaxPriceAge {
			return true
		}
	}
	return false
}

// levelPrice returns the price level l is judged on and when it was seen, and false when
// there is none fresh enough in the level's currency.
func levelPrice(l Level, m Market, now time.Time) (decimal.Decimal, time.Time, bool) {
	if l.Close {
		bars := m.series(l.Symbol)
		if len(bars) == 0 {
			return decimal.Decimal{}, time.Time{}, false
		}
		last := bars[len(bars)-1]
		age := DateOf(now).Time().Sub(DateOf(last.Time.UTC()).Time())
		if age > MaxPriceAge {
			return decimal.Decimal{}, time.Time{}, false
		}
		return last.Close, last.Time.UTC(), true
	}
	p, ok := m.PriceOf(l.Symbol)
	if !ok || p.Stale || p.At.IsZero() || now.Sub(p.At) > MaxPriceAge || p.Price.Currency != l.Price.Currency {
		return decimal.Decimal{}, time.Time{}, false
	}
	return p.Price.Amount, p.At.UTC(), true
}

// maxQuote is the most characters of the thesis's sentence an alert's text quotes.
const maxQuote = 160

// quoteText returns s on one line, cut to maxQuote characters.
func quoteText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > maxQuote {
		s = string([]rune(s)[:maxQuote-1]) + "…"
	}
	return s
}

// Text returns the alert as a sentence to show or notify, in lang "en" or "ko" (any
// other value gives English). Level and loss budget alerts quote the thesis's
// invalidation sentence when it has one.
func (a Alert) Text(lang string) string {
	ko := lang == "ko"
	quote := quoteText(a.Quote)
	title := quoteText(a.Title)
	switch a.Kind {
	case AlertReviewDue:
		if ko {
			return fmt.Sprintf("[%s] 오늘이 복기하기로 한 날이에요.", title)
		}
		return fmt.Sprintf("Review due today: \"%s\".", title)
	case AlertReviewOverdue:
		if ko {
			return fmt.Sprintf("[%s] 복기하기로 한 날(%s)이 %d일 지났어요.", title, a.Due, a.DaysOverdue)
		}
		days := "days"
		if a.DaysOverdue == 1 {
			days = "day"
		}
		return fmt.Sprintf("Review of \"%s\" is overdue by %d %s (due %s).", title, a.DaysOverdue, days, a.Due)
	case AlertLossBudget:
		pct := a.LossUsed.Mul(hundred).Floor().String()
		loss, budget := a.Loss.Format(), a.Budget.Format()
		var b strings.Builder
		switch {
		case ko && a.LossUsed.GreaterThanOrEqual(decOne):
			fmt.Fprintf(&b, "[%s] 손실 한도를 다 썼어요: %s%% (%s 중 %s).", title, pct, budget, loss)
		case ko:
			fmt.Fprintf(&b, "[%s] 손실 한도의 %s%%를 썼어요 (%s 중 %s).", title, pct, budget, loss)
		case a.LossUsed.GreaterThanOrEqual(decOne):
			fmt.Fprintf(&b, "\"%s\" has used all of its loss budget: %s %% (%s of %s).", title, pct, loss, budget)
		default:
			fmt.Fprintf(&b, "\"%s\" has used %s %% of its loss budget (%s of %s).", title, pct, loss, budget)
		}
		if quote != "" {
			if ko {
				fmt.Fprintf(&b, " 무효화 조건으로 '%s'라고 적어 두셨어요.", quote)
			} else {
				fmt.Fprintf(&b, " You wrote: '%s'.", quote)
			}
		}
		return b.String()
	case AlertLevel:
		price, level := FormatPrice(a.Symbol, a.Price), FormatPrice(a.Symbol, a.Level)
		var b strings.Builder
		if ko {
			fmt.Fprintf(&b, "[%s] ", title)
			if quote != "" {
				fmt.Fprintf(&b, "무효화 조건으로 '%s'라고 적어 두셨어요. ", quote)
			}
			what := "현재가"
			if a.Close {
				what = "종가"
			}
			move := "이하로 내려왔어요"
			if a.When == LevelAbove {
				move = "이상으로 올라왔어요"
			}
			fmt.Fprintf(&b, "%s %s %s — 기준가 %s %s.", a.Symbol, what, price, level, move)
			return b.String()
		}
		fmt.Fprintf(&b, "\"%s\": ", title)
		if quote != "" {
			fmt.Fprintf(&b, "You wrote: '%s'. ", quote)
		}
		if a.Close {
			fmt.Fprintf(&b, "%s closed at %s", a.Symbol, price)
		} else {
			fmt.Fprintf(&b, "%s is at %s", a.Symbol, price)
		}
		fmt.Fprintf(&b, " (your level: %s %s).", a.When, level)
		return b.String()
	}
	return fmt.Sprintf("%s: %s", title, a.Kind)
}
