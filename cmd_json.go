package main

import (
	"encoding/json"
	"io"
	"time"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

// The JSON that list, show, review, summary and quote print with --json. Each command
// prints one object: "schema" names the version of this shape, "command" the command, and
// the rest is the command's payload. The shape is built here from the domain values, field
// by field, so a change to a domain struct never silently changes what scripts read; it is
// documented in docs/json-output.md and docs/json-output.schema.json.
//
// Conventions: field names are snake_case; times are RFC 3339 in UTC; dates are
// YYYY-MM-DD; money is {"amount": "12.50", "currency": "USD"} with the amount an exact
// decimal string; other decimals (quantities, rates, ratios) are decimal strings, ratios
// as fractions (0.42 is 42 %); lists are [] when empty, never null; a value that may be
// unknown is null, and only the fields documented as nullable ever are.

// cliSchema is the value of the "schema" field of every JSON output.
const cliSchema = "hindsight-cli/2"

// writeJSON writes v as indented JSON without HTML escaping, so titles read as written.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// jsonMoney is an amount with its currency.
type jsonMoney struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

func moneyOf(m journal.Money) jsonMoney {
	return jsonMoney{Amount: m.Amount.String(), Currency: m.Currency}
}

// moneyOrNull returns nil for a nil or unset amount.
func moneyOrNull(m *journal.Money) *jsonMoney {
	if m == nil || m.IsZero() {
		return nil
	}
	v := moneyOf(*m)
	return &v
}

func decOrNull(d *decimal.Decimal) *string {
	if d == nil {
		return nil
	}
	s := d.String()
	return &s
}

// utc returns t in UTC; time.Time marshals as RFC 3339.
func utc(t time.Time) time.Time { return t.UTC() }

func timeOrNull(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func dateOrNull(d journal.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func stringOrNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// orEmpty returns s, or an empty list for nil, so it encodes as [].
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// mapList converts every element of in, returning [] for none.
func mapList[T, U any](in []T, f func(T) U) []U {
	out := make([]U, 0, len(in))
	for _, v := range in {
		out = append(out, f(v))
	}
	return out
}

type jsonPosition struct {
	Symbol    string         `json:"symbol"`
	Side      string         `json:"side"`
	Fills     []jsonFill     `json:"fills"`
	Dividends []jsonDividend `json:"dividends"`
}

type jsonFill struct {
	ID       string     `json:"id"`
	At       time.Time  `json:"at"`
	Action   string     `json:"action"`
	Quantity string     `json:"quantity"`
	Price    jsonMoney  `json:"price"`
	Fees     *jsonMoney `json:"fees"`
	Taxes    *jsonMoney `json:"taxes"`
	FXToBase *string    `json:"fx_to_base"`
	Note     string     `json:"note"`
	Source   string     `json:"source"`
	Ref      *string    `json:"ref"`
}

type jsonDividend struct {
	ID       string     `json:"id"`
	At       time.Time  `json:"at"`
	PerShare *jsonMoney `json:"per_share"`
	Amount   *jsonMoney `json:"amount"`
	Withheld *jsonMoney `json:"withheld"`
	FXToBase *string    `json:"fx_to_base"`
	Note     string     `json:"note"`
	Source   string     `json:"source"`
	Ref      *string    `json:"ref"`
}

func fillOf(f journal.Fill) jsonFill {
	return jsonFill{ID: f.ID, At: utc(f.At), Action: string(f.Action), Quantity: f.Quantity.String(),
		Price: moneyOf(f.Price), Fees: moneyOrNull(&f.Fees), Taxes: moneyOrNull(&f.Taxes),
		FXToBase: nonZeroDec(f.FXToBase), Note: f.Note, Source: f.Source, Ref: stringOrNull(f.Ref)}
}

func dividendOf(d journal.Dividend) jsonDividend {
	return jsonDividend{ID: d.ID, At: utc(d.At), PerShare: moneyOrNull(&d.PerShare), Amount: moneyOrNull(&d.Amount),
		Withheld: moneyOrNull(&d.Withheld), FXToBase: nonZeroDec(d.FXToBase), Note: d.Note, Source: d.Source,
		Ref: stringOrNull(d.Ref)}
}

type jsonLedgerChange struct {
	Symbol   string        `json:"symbol"`
	Change   string        `json:"change"`
	ID       string        `json:"id"`
	Fill     *jsonFill     `json:"fill"`
	Dividend *jsonDividend `json:"dividend"`
}

type jsonSnapshot struct {
	Symbol string    `json:"symbol"`
	Price  jsonMoney `json:"price"`
	At     time.Time `json:"at"`
	Source string    `json:"source"`
}

type jsonCheck struct {
	Reason int  `json:"reason"`
	Held   bool `json:"held"`
}

type jsonReview struct {
	At      time.Time      `json:"at"`
	Verdict string         `json:"verdict"`
	Note    string         `json:"note"`
	Checks  []jsonCheck    `json:"checks"`
	Prices  []jsonSnapshot `json:"prices"`
	Quality *int           `json:"decision_quality"`
	Risks   []int          `json:"risks_happened"`
}

type jsonLevel struct {
	Symbol string    `json:"symbol"`
	When   string    `json:"when"`
	Price  jsonMoney `json:"price"`
	Close  bool      `json:"close"`
}

type jsonLink struct {
	Kind string `json:"kind"`
	To   string `json:"to"`
}

type jsonRevision struct {
	At           time.Time          `json:"at"`
	Title        string             `json:"title"`
	Expectation  string             `json:"expectation"`
	Invalidation string             `json:"invalidation"`
	Conviction   int                `json:"conviction"`
	LossBudget   *jsonMoney         `json:"loss_budget"`
	Ledger       []jsonLedgerChange `json:"ledger"`
	PreMortem    []string           `json:"pre_mortem"`
	BaseRate     *int               `json:"base_rate"`
}

// jsonThesis is a thesis as written, with its history.
type jsonThesis struct {
	ID           string         `json:"id"`
	Title        string         `json:"title"`
	Body         string         `json:"body"`
	Trigger      string         `json:"trigger"`
	Reasons      []string       `json:"reasons"`
	Expectation  string         `json:"expectation"`
	Invalidation string         `json:"invalidation"`
	Conviction   int            `json:"conviction"`
	Tags         []string       `json:"tags"`
	Status       string         `json:"status"`
	CreatedAt    time.Time      `json:"created_at"`
	UpdatedAt    *time.Time     `json:"updated_at"`
	ReviewBy     *string        `json:"review_by"`
	LossBudget   *jsonMoney     `json:"loss_budget"`
	Benchmark    *string        `json:"benchmark"`
	Positions    []jsonPosition `json:"positions"`
	Snapshots    []jsonSnapshot `json:"snapshots"`
	Reviews      []jsonReview   `json:"reviews"`
	Revisions    []jsonRevision `json:"revisions"`
	PreMortem    []string       `json:"pre_mortem"`
	BaseRate     *int           `json:"base_rate"`
	Levels       []jsonLevel    `json:"levels"`
	Links        []jsonLink     `json:"links"`
}

func snapshotOf(s journal.Snapshot) jsonSnapshot {
	return jsonSnapshot{Symbol: s.Symbol, Price: moneyOf(s.Price), At: utc(s.At), Source: string(s.Source)}
}

func thesisOf(t *journal.Thesis) jsonThesis {
	v := jsonThesis{
		ID: t.ID, Title: t.Title, Body: t.Body, Trigger: t.Trigger,
		Reasons:     orEmpty(t.Reasons),
		Expectation: t.Expectation, Invalidation: t.Invalidation, Conviction: t.Conviction,
		Tags:       orEmpty(t.Tags),
		Status:     string(t.Status),
		CreatedAt:  utc(t.CreatedAt),
		UpdatedAt:  timeOrNull(t.UpdatedAt),
		ReviewBy:   dateOrNull(t.ReviewBy),
		LossBudget: moneyOrNull(&t.LossBudget),
		Benchmark:  stringOrNull(t.Benchmark),
	}
	v.Positions = mapList(t.Positions, func(p journal.Position) jsonPosition {
		return jsonPosition{Symbol: p.Symbol, Side: string(p.Side), Fills: mapList(p.Fills, fillOf),
			Dividends: mapList(p.Dividends, dividendOf)}
	})
	v.Snapshots = mapList(t.Snapshots, snapshotOf)
	v.PreMortem, v.BaseRate = orEmpty(t.PreMortem), t.BaseRate
	v.Levels = mapList(t.Levels, func(l journal.Level) jsonLevel {
		return jsonLevel{Symbol: l.Symbol, When: string(l.When), Price: moneyOf(l.Price), Close: l.Close}
	})
	v.Links = mapList(t.Links, func(l journal.Link) jsonLink { return jsonLink{Kind: string(l.Kind), To: l.To} })
	v.Reviews = mapList(t.Reviews, func(r journal.Review) jsonReview {
		v := jsonReview{At: utc(r.At), Verdict: string(r.Verdict), Note: r.Note,
			Checks: mapList(r.Checks, func(c journal.ReasonCheck) jsonCheck { return jsonCheck{Reason: c.Reason, Held: c.Held} }),
			Prices: mapList(r.Prices, snapshotOf), Risks: orEmpty(r.Risks)}
		if r.Quality > 0 {
			q := r.Quality
			v.Quality = &q
		}
		return v
	})
	v.Revisions = mapList(t.Revisions, func(r journal.Revision) jsonRevision {
		return jsonRevision{At: utc(r.At), Title: r.Title, Expectation: r.Expectation, Invalidation: r.Invalidation,
			Conviction: r.Conviction, LossBudget: moneyOrNull(&r.LossBudget),
			PreMortem: orEmpty(r.PreMortem), BaseRate: r.BaseRate,
			Ledger: mapList(r.Ledger, func(c journal.LedgerChange) jsonLedgerChange {
				jc := jsonLedgerChange{Symbol: c.Symbol, Change: c.Change, ID: c.ID}
				if c.Fill != nil {
					f := fillOf(*c.Fill)
					jc.Fill = &f
				}
				if c.Dividend != nil {
					d := dividendOf(*c.Dividend)
					jc.Dividend = &d
				}
				return jc
			})}
	})
	return v
}

// jsonListOutput is what list --json prints.
type jsonListOutput struct {
	Schema  string       `json:"schema"`
	Command string       `json:"command"`
	Total   int          `json:"total"`
	Theses  []jsonThesis `json:"theses"`
}

func listOutput(theses []*journal.Thesis, total int) jsonListOutput {
	return jsonListOutput{Schema: cliSchema, Command: "list", Total: total, Theses: mapList(theses, thesisOf)}
}

// jsonShowOutput is what show --json prints.
type jsonShowOutput struct {
	Schema  string     `json:"schema"`
	Command string     `json:"command"`
	Thesis  jsonThesis `json:"thesis"`
}

func showOutput(t *journal.Thesis) jsonShowOutput {
	return jsonShowOutput{Schema: cliSchema, Command: "show", Thesis: thesisOf(t)}
}

type jsonPositionOutcome struct {
	Symbol            string      `json:"symbol"`
	Side              string      `json:"side"`
	Error             *string     `json:"error"`
	Holding           string      `json:"holding"`
	AverageCost       *jsonMoney  `json:"average_cost"`
	FirstFillAt       *time.Time  `json:"first_fill_at"`
	Closed            bool        `json:"closed"`
	Price             *jsonMoney  `json:"price"`
	PriceAt           *time.Time  `json:"price_at"`
	Stale             bool        `json:"stale"`
	FXNow             *string     `json:"fx_now"`
	PnL               *jsonMoney  `json:"pnl"`
	RealizedPnL       jsonMoney   `json:"realized_pnl"`
	Dividends         jsonMoney   `json:"dividends_net"`
	Fees              jsonMoney   `json:"fees_paid"`
	PnLBase           *jsonMoney  `json:"pnl_base"`
	RealizedPnLBase   *jsonMoney  `json:"realized_pnl_base"`
	UnrealizedPnLBase *jsonMoney  `json:"unrealized_pnl_base"`
	DividendsBase     *jsonMoney  `json:"dividends_base"`
	FeesBase          *jsonMoney  `json:"fees_base"`
	CostBase          *jsonMoney  `json:"cost_base"`
	CostHeldBase      *jsonMoney  `json:"cost_held_base"`
	Return            *string     `json:"return"`
	ReturnBase        *string     `json:"return_base"`
	LossUsed          *string     `json:"loss_used"`
	Splits            []jsonSplit `json:"splits"`
	MissingFX         []string    `json:"missing_fx"`
}

type jsonSplit struct {
	Symbol string `json:"symbol"`
	Ratio  string `json:"ratio"`
	On     string `json:"on"`
}

type jsonSnapshotMove struct {
	Snapshot jsonSnapshot `json:"snapshot"`
	Price    *jsonMoney   `json:"price"`
	Move     *string      `json:"move"`
}

type jsonDrawdown struct {
	Worst         jsonMoney `json:"worst"`
	WorstReturn   string    `json:"worst_return"`
	WorstOn       string    `json:"worst_on"`
	WorstLossUsed *string   `json:"worst_loss_used"`
	BreachedOn    *string   `json:"breached_on"`
}

type jsonBenchmark struct {
	Symbol       string    `json:"symbol"`
	From         time.Time `json:"from"`
	To           time.Time `json:"to"`
	Return       string    `json:"return"`
	ThesisReturn *string   `json:"thesis_return"`
	Excess       *string   `json:"excess"`
}

// jsonOutcome is how a thesis stands.
type jsonOutcome struct {
	ThesisID     string                `json:"thesis_id"`
	BaseCurrency string                `json:"base_currency"`
	AsOf         time.Time             `json:"as_of"`
	Stale        bool                  `json:"stale"`
	AtRisk       bool                  `json:"at_risk"`
	Positions    []jsonPositionOutcome `json:"positions"`
	PnLBase      *jsonMoney            `json:"pnl_base"`
	Realized     *jsonMoney            `json:"realized_pnl_base"`
	Unrealized   *jsonMoney            `json:"unrealized_pnl_base"`
	Dividends    *jsonMoney            `json:"dividends_base"`
	Fees         *jsonMoney            `json:"fees_base"`
	CostBase     *jsonMoney            `json:"cost_base"`
	Return       *string               `json:"return"`
	LossBudget   *jsonMoney            `json:"loss_budget"`
	LossUsed     *string               `json:"loss_used"`
	Drawdown     *jsonDrawdown         `json:"drawdown"`
	Snapshots    []jsonSnapshotMove    `json:"snapshots"`
	Benchmark    *jsonBenchmark        `json:"benchmark"`
	HeldFrom     time.Time             `json:"held_from"`
	HeldTo       time.Time             `json:"held_to"`
	DaysHeld     int                   `json:"days_held"`
	Missing      []string              `json:"missing"`
	MissingFX    []string              `json:"missing_fx"`
}

func nonZeroDec(d decimal.Decimal) *string {
	if d.IsZero() {
		return nil
	}
	return decOrNull(&d)
}

func outcomeOf(o journal.Outcome) jsonOutcome {
	v := jsonOutcome{
		ThesisID: o.ThesisID, BaseCurrency: o.Base, AsOf: utc(o.AsOf), Stale: o.Stale, AtRisk: o.AtRisk,
		PnLBase: moneyOrNull(o.PnLBase), CostBase: moneyOrNull(o.CostBase), Return: decOrNull(o.Return),
		Realized: moneyOrNull(o.RealizedBase), Unrealized: moneyOrNull(o.UnrealizedBase),
		Dividends: moneyOrNull(o.DividendsBase), Fees: moneyOrNull(o.FeesBase),
		LossBudget: moneyOrNull(o.LossBudget), LossUsed: decOrNull(o.LossUsed),
		HeldFrom: utc(o.HeldFrom), HeldTo: utc(o.HeldTo), DaysHeld: o.DaysHeld,
		Missing: orEmpty(o.Missing), MissingFX: orEmpty(o.MissingFX),
	}
	v.Positions = mapList(o.Positions, func(p journal.PositionOutcome) jsonPositionOutcome {
		l := p.Ledger
		cur := l.Currency
		jp := jsonPositionOutcome{Symbol: p.Symbol, Side: string(p.Side), Holding: p.Holding.String(),
			AverageCost: moneyOrNull(&p.AverageCost), FirstFillAt: timeOrNull(p.FirstAt), Closed: p.Closed, Stale: p.Stale,
			FXNow: nonZeroDec(p.FXNow), PnL: moneyOrNull(p.PnL),
			RealizedPnL: moneyOf(journal.Money{Amount: l.Realized, Currency: cur}),
			Dividends:   moneyOf(journal.Money{Amount: l.Dividends, Currency: cur}),
			Fees:        moneyOf(journal.Money{Amount: l.Fees, Currency: cur}),
			PnLBase:     moneyOrNull(p.PnLBase), RealizedPnLBase: moneyOrNull(p.RealizedBase),
			UnrealizedPnLBase: moneyOrNull(p.UnrealizedBase), DividendsBase: moneyOrNull(p.DividendsBase),
			FeesBase: moneyOrNull(p.FeesBase), CostBase: moneyOrNull(p.CostBase), CostHeldBase: moneyOrNull(p.CostHeldBase),
			Return: decOrNull(p.Return), ReturnBase: decOrNull(p.ReturnBase),
			Splits: mapList(l.Splits, func(a journal.CorporateAction) jsonSplit {
				return jsonSplit{Symbol: a.Symbol, Ratio: a.Ratio, On: journal.DateOf(a.At.UTC()).String()}
			}),
			MissingFX: orEmpty(l.MissingFX),
		}
		if p.Err != nil {
			msg := journal.ErrorMessage(p.Err)
			jp.Error = &msg
		}
		if !p.PriceMissing && !p.Price.IsZero() {
			jp.Price, jp.PriceAt = moneyOrNull(&p.Price), timeOrNull(p.PriceAt)
		}
		if o.LossBudget != nil && p.PnLBase != nil && p.Side != journal.SideWatch {
			u := journal.LossRatio(p.PnLBase.Amount, o.LossBudget.Amount)
			jp.LossUsed = decOrNull(&u)
		}
		return jp
	})
	v.Snapshots = mapList(o.Snapshots, func(s journal.SnapshotMove) jsonSnapshotMove {
		return jsonSnapshotMove{Snapshot: snapshotOf(s.Snapshot), Price: moneyOrNull(&s.Price), Move: decOrNull(s.Move)}
	})
	if d := o.Drawdown; d != nil {
		v.Drawdown = &jsonDrawdown{Worst: moneyOf(d.Worst), WorstReturn: d.WorstReturn.String(), WorstOn: d.WorstOn.String(),
			WorstLossUsed: decOrNull(d.WorstLossUsed)}
		if d.BreachedOn != nil {
			v.Drawdown.BreachedOn = dateOrNull(*d.BreachedOn)
		}
	}
	if b := o.Benchmark; b != nil {
		v.Benchmark = &jsonBenchmark{Symbol: b.Symbol, From: utc(b.From), To: utc(b.To), Return: b.Return.String(),
			ThesisReturn: decOrNull(b.Thesis), Excess: decOrNull(b.Excess)}
	}
	return v
}

// jsonReviewOutput is what review --json prints.
type jsonReviewOutput struct {
	Schema  string      `json:"schema"`
	Command string      `json:"command"`
	Thesis  jsonThesis  `json:"thesis"`
	Outcome jsonOutcome `json:"outcome"`
}

func reviewOutput(t *journal.Thesis, o journal.Outcome) jsonReviewOutput {
	return jsonReviewOutput{Schema: cliSchema, Command: "review", Thesis: thesisOf(t), Outcome: outcomeOf(o)}
}

type jsonDue struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	ReviewBy string `json:"review_by"`
}

type jsonResult struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Status   string    `json:"status"`
	PnLBase  jsonMoney `json:"pnl_base"`
	Return   string    `json:"return"`
	LossUsed *string   `json:"loss_used"`
}

func resultOf(r journal.ThesisResult) jsonResult {
	return jsonResult{ID: r.ID, Title: r.Title, Status: string(r.Status), PnLBase: moneyOf(r.PnLBase),
		Return: r.Return.String(), LossUsed: decOrNull(r.LossUsed)}
}

func resultOrNull(r *journal.ThesisResult) *jsonResult {
	if r == nil {
		return nil
	}
	v := resultOf(*r)
	return &v
}

// jsonSummary is how the whole journal stands.
type jsonSummary struct {
	BaseCurrency     string         `json:"base_currency"`
	AsOf             time.Time      `json:"as_of"`
	Stale            bool           `json:"stale"`
	Count            int            `json:"count"`
	ByStatus         map[string]int `json:"by_status"`
	TotalBudget      *jsonMoney     `json:"total_budget"`
	Committed        *jsonMoney     `json:"committed"`
	CommittedRatio   *string        `json:"committed_ratio"`
	Lost             *jsonMoney     `json:"lost"`
	LostRatio        *string        `json:"lost_ratio"`
	Incomplete       []string       `json:"incomplete"`
	LostThisYear     *jsonMoney     `json:"lost_this_year"`
	LostAllTime      *jsonMoney     `json:"lost_all_time"`
	IncompleteClosed []string       `json:"incomplete_closed"`
	Due              []jsonDue      `json:"due"`
	ByReturn         []jsonResult   `json:"by_return"`
	Best             *jsonResult    `json:"best"`
	Worst            *jsonResult    `json:"worst"`
	Missing          []string       `json:"missing"`
	MissingFX        []string       `json:"missing_fx"`
}

type jsonBucket struct {
	LowPct         int    `json:"low_pct"`
	HighPct        int    `json:"high_pct"`
	Count          int    `json:"count"`
	Hits           string `json:"hits"`
	HitRate        string `json:"hit_rate"`
	MeanConviction string `json:"mean_conviction"`
}

type jsonTagCalibration struct {
	Tag            string `json:"tag"`
	Count          int    `json:"count"`
	Hits           string `json:"hits"`
	HitRate        string `json:"hit_rate"`
	MeanConviction string `json:"mean_conviction"`
	Brier          string `json:"brier"`
}

// jsonCalibration compares stated convictions with how theses turned out.
type jsonCalibration struct {
	Count          int                  `json:"count"`
	Hits           string               `json:"hits"`
	HitRate        string               `json:"hit_rate"`
	MeanConviction string               `json:"mean_conviction"`
	Brier          string               `json:"brier"`
	Buckets        []jsonBucket         `json:"buckets"`
	Tags           []jsonTagCalibration `json:"tags"`
}

// jsonSummaryOutput is what summary --json prints.
type jsonSummaryOutput struct {
	Schema      string          `json:"schema"`
	Command     string          `json:"command"`
	Summary     jsonSummary     `json:"summary"`
	Calibration jsonCalibration `json:"calibration"`
}

func summaryOutput(s journal.Summary, c journal.Calibration) jsonSummaryOutput {
	sum := jsonSummary{
		BaseCurrency: s.Base, AsOf: utc(s.AsOf), Stale: s.Stale, Count: s.Count, ByStatus: map[string]int{},
		TotalBudget: moneyOrNull(s.TotalBudget), Committed: moneyOrNull(s.Committed), CommittedRatio: decOrNull(s.CommittedRatio),
		Lost: moneyOrNull(s.Lost), LostRatio: decOrNull(s.LostRatio),
		Incomplete:   orEmpty(s.Incomplete),
		LostThisYear: moneyOrNull(s.LostThisYear), LostAllTime: moneyOrNull(s.LostAllTime),
		IncompleteClosed: orEmpty(s.IncompleteClosed),
		Due: mapList(s.Due, func(t *journal.Thesis) jsonDue {
			return jsonDue{ID: t.ID, Title: t.Title, ReviewBy: t.ReviewBy.String()}
		}),
		ByReturn: mapList(s.ByReturn, resultOf),
		Best:     resultOrNull(s.Best), Worst: resultOrNull(s.Worst),
		Missing: orEmpty(s.Missing), MissingFX: orEmpty(s.MissingFX),
	}
	for _, st := range journal.Statuses {
		sum.ByStatus[string(st)] = s.ByStatus[st]
	}
	cal := jsonCalibration{Count: c.Count, Hits: c.Hits.String(), HitRate: c.HitRate.String(),
		MeanConviction: c.MeanConviction.String(), Brier: c.Brier.String(),
		Buckets: mapList(c.Buckets, func(b journal.CalibrationBucket) jsonBucket {
			return jsonBucket{LowPct: b.Low, HighPct: b.High, Count: b.Count, Hits: b.Hits.String(),
				HitRate: b.HitRate.String(), MeanConviction: b.MeanConviction.String()}
		}),
		Tags: mapList(c.Tags, func(t journal.TagCalibration) jsonTagCalibration {
			return jsonTagCalibration{Tag: t.Tag, Count: t.Count, Hits: t.Hits.String(), HitRate: t.HitRate.String(),
				MeanConviction: t.MeanConviction.String(), Brier: t.Brier.String()}
		}),
	}
	return jsonSummaryOutput{Schema: cliSchema, Command: "summary", Summary: sum, Calibration: cal}
}

// jsonQuote is one symbol's quote, or why there is none.
type jsonQuote struct {
	Symbol     string     `json:"symbol"`
	Price      *jsonMoney `json:"price"`
	Time       *time.Time `json:"time"`
	Source     *string    `json:"source"`
	Basis      *string    `json:"basis"`
	Stale      bool       `json:"stale"`
	AgeSeconds *int64     `json:"age_seconds"`
	Name       string     `json:"name"`
	Exchange   string     `json:"exchange"`
	Error      *string    `json:"error"`
}

// jsonQuoteOutput is what quote --json prints.
type jsonQuoteOutput struct {
	Schema  string      `json:"schema"`
	Command string      `json:"command"`
	Quotes  []jsonQuote `json:"quotes"`
}
