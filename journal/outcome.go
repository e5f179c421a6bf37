package journal

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// The outcome math below works on what the caller already knows (a Market) and never
// fetches anything. Its rules:
//
//   - A figure that needs a price or an exchange rate the Market lacks is left unavailable
//     (a nil pointer), and the symbol or currency is listed in Outcome.Missing or
//     Outcome.MissingFX. Nothing is ever computed from a price of zero.
//   - Returns and ratios are fractions: 0.31 is +31 %, a LossUsed of 0.5 is half the budget.
//   - P&L in the base currency counts currency moves: a long position's base P&L is
//     qty × (price × FX now − entry × FX at entry); a short one's is the negation.
//   - A closed position is valued at its exit price with FX now, because the exchange rate
//     on the exit day is not recorded. Its base P&L therefore still moves with the
//     currency after the exit, as it does for an investor who keeps the proceeds in that
//     currency.
//   - Watch positions carry no money and are left out of every total.

var decOne = decimal.NewFromInt(1)

// Price is the latest known price of a symbol, live or from the offline cache.
type Price struct {
	// Symbol is the ticker the price is for.
	Symbol string
	// Price is the last price in the instrument's currency (pence already converted to pounds).
	Price Money
	// At is when the price was observed.
	At time.Time
	// Stale is true when the price could not be refreshed and is the last good value.
	Stale bool
	// Source says where the price came from.
	Source Source
}

// Bar is one bar of a price series.
type Bar struct {
	// Time is when the bar starts.
	Time time.Time
	// Close is the closing price adjusted for splits (not dividends, which the ledger
	// counts as cash), in the instrument's currency.
	Close decimal.Decimal
}

// Market is what the caller knows about prices and exchange rates at one moment.
type Market struct {
	// Prices holds the current price of each symbol.
	Prices map[string]Price
	// FX holds, for each currency code, the units of the base currency one unit of it is
	// worth now. The base currency itself is 1 and may be left out.
	FX map[string]decimal.Decimal
	// Bars holds a price series per symbol, sorted by time.
	Bars map[string][]Bar
	// AsOf is when the market data was gathered.
	AsOf time.Time
}

// Rate returns how many units of base one unit of currency is worth now, and whether
// that is known. A currency is worth 1 of itself. When FX also holds base (with a rate
// other than 1) the rate is crossed through it, so a map quoted in another base still works.
func (m Market) Rate(currency, base string) (decimal.Decimal, bool) {
	if currency == base {
		return decOne, true
	}
	r, ok := m.FX[currency]
	if !ok || !r.IsPositive() {
		return decimal.Decimal{}, false
	}
	if b, ok := m.FX[base]; ok && !b.Equal(decOne) {
		if !b.IsPositive() {
			return decimal.Decimal{}, false
		}
		r = r.Div(b)
	}
	return r, true
}

// PriceOf returns the usable price of symbol: one with a known currency and an amount
// greater than zero. A price of zero or less is treated as no price at all.
func (m Market) PriceOf(symbol string) (Price, bool) {
	p, ok := m.Prices[symbol]
	if !ok {
		p, ok = m.Prices[strings.ToUpper(strings.TrimSpace(symbol))]
	}
	if !ok || !p.Price.Valid() || !p.Price.Amount.IsPositive() {
		return Price{}, false
	}
	return p, true
}

// series returns the bars of symbol with a close greater than zero.
func (m Market) series(symbol string) []Bar {
	bars := m.Bars[symbol]
	out := make([]Bar, 0, len(bars))
	for _, b := range bars {
		if b.Close.IsPositive() {
			out = append(out, b)
		}
	}
	return out
}

// PositionOutcome is how one position stands.
type PositionOutcome struct {
	// Symbol, Side, Quantity, Entry and EnteredAt repeat the position.
	Symbol    string
	Side      Side
	Quantity  decimal.Decimal
	Entry     Money
	EnteredAt time.Time
	// Closed is true when the position has an exit price.
	Closed bool
	// Price is the price the position is valued at: the exit price when closed, the
	// current price otherwise. It is the zero Money when PriceMissing.
	Price Money
	// PriceAt is when Price was seen (the exit time for a closed position).
	PriceAt time.Time
	// PriceMissing is true when no usable price is known for an open position.
	PriceMissing bool
	// Stale is true when Price is a stale quote.
	Stale bool
	// FXEntry and FXNow are base units per unit of the instrument's currency at entry and
	// now; zero when unknown.
	FXEntry decimal.Decimal
	FXNow   decimal.Decimal
	// PnL is the profit or loss in the instrument's currency; nil for a watch position or
	// when the price is missing.
	PnL *Money
	// PnLBase is the profit or loss in the base currency; nil when PnL is nil or an
	// exchange rate is missing.
	PnLBase *Money
	// CostBase is quantity × entry × FX at entry in the base currency; nil for a watch
	// position or when the entry rate is missing.
	CostBase *Money
	// Return is PnL over quantity × entry; ReturnBase is PnLBase over CostBase.
	Return     *decimal.Decimal
	ReturnBase *decimal.Decimal
}

// SnapshotMove is how far the price has moved since a snapshot.
type SnapshotMove struct {
	// Snapshot is the recorded price.
	Snapshot Snapshot
	// Price is the current price; the zero Money when missing.
	Price Money
	// Move is (current − snapshot) / snapshot; nil when either price is unusable.
	Move *decimal.Decimal
}

// Drawdown is the worst point of a thesis since its first entry, valued from bars.
type Drawdown struct {
	// Worst is the lowest total P&L in the base currency over the bars; it is a gain when
	// the thesis never went under water.
	Worst Money
	// WorstReturn is Worst over the cost basis of the positions entered by that day.
	WorstReturn decimal.Decimal
	// WorstOn is the date of the bar where Worst was reached (the first such bar).
	WorstOn Date
	// WorstLossUsed is max(0, −Worst) over the loss budget; nil without a budget.
	WorstLossUsed *decimal.Decimal
	// BreachedOn is the first bar date on which the loss reached the loss budget; nil if
	// it never did or there is no budget.
	BreachedOn *Date
}

// BenchmarkOutcome compares a thesis with its benchmark over the same dates.
type BenchmarkOutcome struct {
	// Symbol is the benchmark's symbol.
	Symbol string
	// From and To are the times of the bars used.
	From, To time.Time
	// Return is the benchmark's return: close at To over close at From, minus one.
	Return decimal.Decimal
	// Thesis is the thesis's total return in the base currency; nil when unknown.
	Thesis *decimal.Decimal
	// Excess is Thesis − Return; nil when Thesis is.
	Excess *decimal.Decimal
}

// Outcome is how a thesis stands at a moment.
type Outcome struct {
	// ThesisID is the thesis evaluated.
	ThesisID string
	// Base is the base currency of every *Base figure.
	Base string
	// AsOf is when the market data was gathered (the evaluation time when unknown).
	AsOf time.Time
	// Stale is true when any price used was stale.
	Stale bool
	// Positions has one entry per position, in the thesis's order.
	Positions []PositionOutcome
	// AtRisk is true when the thesis has at least one long or short position.
	AtRisk bool
	// PnLBase, CostBase and Return are the totals over long and short positions; nil when
	// nothing is at risk or any position lacks a price or exchange rate.
	PnLBase  *Money
	CostBase *Money
	Return   *decimal.Decimal
	// LossBudget is the thesis's loss budget in the base currency; nil when there is none
	// or its exchange rate is missing.
	LossBudget *Money
	// LossUsed is max(0, −PnLBase) over LossBudget; nil when either is unknown.
	LossUsed *decimal.Decimal
	// Drawdown is the worst point since the first entry; nil without bars.
	Drawdown *Drawdown
	// Snapshots has one move per snapshot, in the thesis's order.
	Snapshots []SnapshotMove
	// Benchmark compares the thesis with its benchmark; nil without benchmark bars.
	Benchmark *BenchmarkOutcome
	// HeldFrom and HeldTo bound the holding period: from the first long or short entry (the
	// creation time when there is none) to the last exit when every such position is
	// closed, otherwise to the evaluation time.
	HeldFrom, HeldTo time.Time
	// DaysHeld is the number of whole days from HeldFrom to HeldTo.
	DaysHeld int
	// Missing lists symbols with no usable price, in first-seen order.
	Missing []string
	// MissingFX lists currencies with no exchange rate to the base, in first-seen order.
	MissingFX []string
}

// Evaluate computes how thesis t stands at now against the market m, in the base
// currency of s. Drawdown and breach are valued from m.Bars with FX now, since past
// exchange rates are not known; the benchmark is s.DefaultBenchmark() unless the thesis
// names one, compared over the holding period.
func Evaluate(t *Thesis, s Settings, m Market, now time.Time) Outcome {
	base := s.BaseCurrency
	o := Outcome{Base: base, AsOf: m.AsOf}
	if o.AsOf.IsZero() {
		o.AsOf = now
	}
	if t == nil {
		return o
	}
	o.ThesisID = t.ID
	missing := func(sym string) {
		if !slices.Contains(o.Missing, sym) {
			o.Missing = append(o.Missing, sym)
		}
	}
	missingFX := func(cur string) {
		if !slices.Contains(o.MissingFX, cur) {
			o.MissingFX = append(o.MissingFX, cur)
		}
	}

	complete := true
	pnl, cost := decimal.Decimal{}, decimal.Decimal{}
	for _, p := range t.Positions {
		po := evalPosition(p, base, m)
		if po.PriceMissing {
			missing(p.Symbol)
		}
		if po.Stale {
			o.Stale = true
		}
		if p.Side != SideWatch {
			o.AtRisk = true
			if po.FXNow.IsZero() {
				missingFX(p.EntryPrice.Currency)
			}
			if po.PnLBase == nil || po.CostBase == nil {
				complete = false
			} else {
				pnl = pnl.Add(po.PnLBase.Amount)
				cost = cost.Add(po.CostBase.Amount)
			}
		}
		o.Positions = append(o.Positions, po)
	}
	if o.AtRisk && complete {
		o.PnLBase = &Money{Amount: pnl, Currency: base}
		o.CostBase = &Money{Amount: cost, Currency: base}
		if cost.IsPositive() {
			r := pnl.Div(cost)
			o.Return = &r
		}
	}

	if t.LossBudget.Valid() && t.LossBudget.Amount.IsPositive() {
		if rate, ok := m.Rate(t.LossBudget.Currency, base); ok {
			o.LossBudget = &Money{Amount: t.LossBudget.Amount.Mul(rate), Currency: base}
		} else {
			missingFX(t.LossBudget.Currency)
		}
	}
	if o.LossBudget != nil && o.PnLBase != nil {
		u := lossRatio(o.PnLBase.Amount, o.LossBudget.Amount)
		o.LossUsed = &u
	}

	for _, sn := range t.Snapshots {
		mv := SnapshotMove{Snapshot: sn}
		if cur, ok := m.PriceOf(sn.Symbol); ok {
			if cur.Stale {
				o.Stale = true
			}
			mv.Price = cur.Price
			if cur.Price.Currency == sn.Price.Currency && sn.Price.Amount.IsPositive() {
				d := cur.Price.Amount.Sub(sn.Price.Amount).Div(sn.Price.Amount)
				mv.Move = &d
			}
		} else {
			missing(sn.Symbol)
		}
		o.Snapshots = append(o.Snapshots, mv)
	}

	o.HeldFrom, o.HeldTo = holdingPeriod(t, now)
	if d := o.HeldTo.Sub(o.HeldFrom); d > 0 {
		o.DaysHeld = int(d / (24 * time.Hour))
	}
	o.Drawdown = evalDrawdown(t, base, m, now, o.LossBudget)
	o.Benchmark = evalBenchmark(t, s, m, o.HeldFrom, o.HeldTo, o.Return)
	return o
}

// ClosedAt returns when thesis t was closed, for a thesis no longer open: the last exit
// when every long and short position has one, else the time of the last review, else
// when it was last saved (its creation time when that is unknown).
func ClosedAt(t *Thesis) time.Time {
	risk, exited := 0, 0
	var last time.Time
	for _, p := range t.Positions {
		if p.Side == SideWatch {
			continue
		}
		risk++
		if p.ExitPrice != nil && p.ExitedAt != nil {
			exited++
			if p.ExitedAt.After(last) {
				last = *p.ExitedAt
			}
		}
	}
	switch {
	case risk > 0 && exited == risk:
		return last
	case len(t.Reviews) > 0:
		return t.Reviews[len(t.Reviews)-1].At
	case !t.UpdatedAt.IsZero():
		return t.UpdatedAt
	}
	return t.CreatedAt
}

// lossRatio returns max(0, −pnl) / budget.
func lossRatio(pnl, budget decimal.Decimal) decimal.Decimal {
	if !pnl.IsNegative() {
		return decimal.Decimal{}
	}
	return pnl.Neg().Div(budget)
}

// entryFX returns the position's entry rate, taking 1 when it is unset and the position
// is already in the base currency.
func entryFX(p Position, base string) (decimal.Decimal, bool) {
	if p.FXToBase.IsPositive() {
		return p.FXToBase, true
	}
	if p.EntryPrice.Currency == base {
		return decOne, true
	}
	return decimal.Decimal{}, false
}

// basePnL returns the base-currency P&L of p valued at price with FX now.
func basePnL(p Position, price, fxNow, fxEntry decimal.Decimal) decimal.Decimal {
	v := p.Quantity.Mul(price.Mul(fxNow).Sub(p.EntryPrice.Amount.Mul(fxEntry)))
	if p.Side == SideShort {
		return v.Neg()
	}
	return v
}

func evalPosition(p Position, base string, m Market) PositionOutcome {
	po := PositionOutcome{
		Symbol: p.Symbol, Side: p.Side, Quantity: p.Quantity, Entry: p.EntryPrice,
		EnteredAt: p.EnteredAt, Closed: p.ExitPrice != nil,
	}
	if fx, ok := entryFX(p, base); ok {
		po.FXEntry = fx
	}
	if fx, ok := m.Rate(p.EntryPrice.Currency, base); ok {
		po.FXNow = fx
	}
	switch {
	case po.Closed:
		if p.ExitPrice.Amount.IsPositive() && p.ExitPrice.Currency == p.EntryPrice.Currency {
			po.Price = *p.ExitPrice
			if p.ExitedAt != nil {
				po.PriceAt = *p.ExitedAt
			}
		}
	default:
		if cur, ok := m.PriceOf(p.Symbol); ok && cur.Price.Currency == p.EntryPrice.Currency {
			po.Price, po.PriceAt, po.Stale = cur.Price, cur.At, cur.Stale
		} else {
			po.PriceMissing = true
		}
	}
	if p.Side == SideWatch || !p.EntryPrice.Amount.IsPositive() {
		return po
	}
	if !po.FXEntry.IsZero() {
		c := Money{Amount: p.Quantity.Mul(p.EntryPrice.Amount).Mul(po.FXEntry), Currency: base}
		po.CostBase = &c
	}
	if po.Price.IsZero() {
		return po
	}
	diff := po.Price.Amount.Sub(p.EntryPrice.Amount)
	if p.Side == SideShort {
		diff = diff.Neg()
	}
	pnl := Money{Amount: diff.Mul(p.Quantity), Currency: p.EntryPrice.Currency}
	r := diff.Div(p.EntryPrice.Amount)
	po.PnL, po.Return = &pnl, &r
	if po.FXNow.IsZero() || po.FXEntry.IsZero() {
		return po
	}
	pb := Money{Amount: basePnL(p, po.Price.Amount, po.FXNow, po.FXEntry), Currency: base}
	po.PnLBase = &pb
	if po.CostBase.Amount.IsPositive() {
		rb := pb.Amount.Div(po.CostBase.Amount)
		po.ReturnBase = &rb
	}
	return po
}

// holdingPeriod returns the holding period of t: from the first long or short entry (the
// creation time when there is none) to the last exit when every such position is closed,
// else to now.
func holdingPeriod(t *Thesis, now time.Time) (from, to time.Time) {
	from, to = t.CreatedAt, now
	var first, last time.Time
	risk, closed := 0, 0
	for _, p := range t.Positions {
		if p.Side == SideWatch {
			continue
		}
		risk++
		if first.IsZero() || p.EnteredAt.Before(first) {
			first = p.EnteredAt
		}
		if p.ExitPrice != nil && p.ExitedAt != nil {
			closed++
			if p.ExitedAt.After(last) {
				last = *p.ExitedAt
			}
		}
	}
	if risk > 0 {
		from = first
		if closed == risk {
			to = last
		}
	}
	return from, to
}

// barCloseOn returns the close of the last bar on or before day, by UTC calendar date;
// bars must be sorted. It also returns the index to resume from for a later day.
func barCloseOn(bars []Bar, from int, day time.Time) (decimal.Decimal, int, bool) {
	i := from
	for i < len(bars) && !utcDate(bars[i].Time).After(day) {
		i++
	}
	if i == 0 {
		return decimal.Decimal{}, 0, false
	}
	return bars[i-1].Close, i, true
}

// utcDate returns midnight UTC of t's UTC calendar date.
func utcDate(t time.Time) time.Time {
	return DateOf(t.UTC()).Time()
}

// evalDrawdown values the thesis's long and short positions at every bar date from the first
// entry to now (by UTC calendar date, so the entry day's close counts) and returns the
// worst total P&L and the first date the loss reached budget. A position counts from
// its entry date; after its exit date it counts at its exit price. A date on which a
// held symbol has no bar yet is skipped. It returns nil when a rate is missing, a
// symbol has no bars at all, or no date could be valued.
func evalDrawdown(t *Thesis, base string, m Market, now time.Time, budget *Money) *Drawdown {
	type leg struct {
		p              Position
		fxEntry, fxNow decimal.Decimal
		bars           []Bar
		next           int
		entered        time.Time
		exited         *time.Time
	}
	var legs []*leg
	var start time.Time
	for _, p := range t.Positions {
		if p.Side == SideWatch {
			continue
		}
		fe, ok1 := entryFX(p, base)
		fn, ok2 := m.Rate(p.EntryPrice.Currency, base)
		bars := m.series(p.Symbol)
		if !ok1 || !ok2 || len(bars) == 0 {
			return nil
		}
		l := &leg{p: p, fxEntry: fe, fxNow: fn, bars: bars, entered: utcDate(p.EnteredAt)}
		if p.ExitPrice != nil {
			if p.ExitedAt == nil || !p.ExitPrice.Amount.IsPositive() {
				return nil
			}
			d := utcDate(*p.ExitedAt)
			l.exited = &d
		}
		if start.IsZero() || l.entered.Before(start) {
			start = l.entered
		}
		legs = append(legs, l)
	}
	if len(legs) == 0 {
		return nil
	}
	end := utcDate(now)
	var days []time.Time
	for _, l := range legs {
		for _, b := range l.bars {
			d := utcDate(b.Time)
			if !d.Before(start) && !d.After(end) {
				days = append(days, d)
			}
		}
	}
	slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
	days = slices.Compact(days)

	var dd *Drawdown
	for _, day := range days {
		pnl, cost := decimal.Decimal{}, decimal.Decimal{}
		ok := true
		for _, l := range legs {
			if day.Before(l.entered) {
				continue
			}
			cost = cost.Add(l.p.Quantity.Mul(l.p.EntryPrice.Amount).Mul(l.fxEntry))
			var price decimal.Decimal
			if l.exited != nil && !day.Before(*l.exited) {
				price = l.p.ExitPrice.Amount
			} else {
				c, next, found := barCloseOn(l.bars, l.next, day)
				l.next = next
				if !found {
					ok = false
					continue
				}
				price = c
			}
			pnl = pnl.Add(basePnL(l.p, price, l.fxNow, l.fxEntry))
		}
		if !ok {
			continue
		}
		if dd == nil || pnl.LessThan(dd.Worst.Amount) {
			if dd == nil {
				dd = &Drawdown{}
			}
			dd.Worst = Money{Amount: pnl, Currency: base}
			dd.WorstOn = DateOf(day)
			dd.WorstReturn = decimal.Decimal{}
			if cost.IsPositive() {
				dd.WorstReturn = pnl.Div(cost)
			}
		}
		if budget != nil && dd.BreachedOn == nil && !pnl.Neg().LessThan(budget.Amount) {
			d := DateOf(day)
			dd.BreachedOn = &d
		}
	}
	if dd != nil && budget != nil {
		u := lossRatio(dd.Worst.Amount, budget.Amount)
		dd.WorstLossUsed = &u
	}
	return dd
}

// evalBenchmark returns the benchmark's return from the close at or before from (or the
// first close after it) to the last close at or before to.
// benchmarkStartGap is how far before the start a benchmark bar may lie and still count
// as the starting price.
const benchmarkStartGap = 7 * 24 * time.Hour

func evalBenchmark(t *Thesis, s Settings, m Market, from, to time.Time, thesis *decimal.Decimal) *BenchmarkOutcome {
	sym := t.Benchmark
	if sym == "" {
		sym = s.DefaultBenchmark()
	}
	bars := m.series(sym)
	if len(bars) == 0 || from.IsZero() {
		return nil
	}
	si := -1
	for i, b := range bars {
		if b.Time.After(from) {
			break
		}
		si = i
	}
	if si < 0 {
		si = 0
	} else if bars[si].Time.Before(from.Add(-benchmarkStartGap)) && si+1 < len(bars) && !bars[si+1].Time.After(to) {
		// The last bar before the start is too old to stand for it (a sparse series, such
		// as the journal's own snapshots); the first bar after the start is nearer.
		si++
	}
	ei := -1
	for i, b := range bars {
		if b.Time.After(to) {
			break
		}
		ei = i
	}
	if ei < si {
		return nil
	}
	b := &BenchmarkOutcome{
		Symbol: sym, From: bars[si].Time, To: bars[ei].Time,
		Return: bars[ei].Close.Div(bars[si].Close).Sub(decOne),
	}
	if thesis != nil {
		th := *thesis
		ex := th.Sub(b.Return)
		b.Thesis, b.Excess = &th, &ex
	}
	return b
}

// ThesisResult is one thesis's standing in a Summary.
type ThesisResult struct {
	// ID, Title and Status identify the thesis.
	ID     string
	Title  string
	Status Status
	// PnLBase is the total P&L in the base currency.
	PnLBase Money
	// Return is the total return on the cost basis.
	Return decimal.Decimal
	// LossUsed is the share of the loss budget used; nil without a budget.
	LossUsed *decimal.Decimal
}

// Summary is how the whole journal stands.
type Summary struct {
	// Base is the base currency of every money figure.
	Base string
	// AsOf is when the market data was gathered.
	AsOf time.Time
	// Count is the number of theses; ByStatus counts them by status.
	Count    int
	ByStatus map[Status]int
	// Outcomes has the outcome of each thesis, in the order given.
	Outcomes []Outcome
	// Committed is the sum of the open theses' loss budgets in the base currency; nil when
	// a budget's exchange rate is missing.
	Committed *Money
	// TotalBudget is Settings.TotalLossBudget in the base currency; nil when unset or its
	// rate is missing.
	TotalBudget *Money
	// CommittedRatio is Committed over TotalBudget; nil when either is unknown.
	CommittedRatio *decimal.Decimal
	// Lost is the sum over open theses of max(0, −P&L) in the base currency; nil when an
	// open thesis with positions at risk has no P&L (see Incomplete).
	Lost *Money
	// LostRatio is Lost over TotalBudget; nil when either is unknown.
	LostRatio *decimal.Decimal
	// Incomplete lists the ids of open theses at risk whose P&L could not be computed.
	Incomplete []string
	// LostThisYear is Lost plus the losses taken on theses closed (any status but open)
	// in now's calendar year, in now's location: max(0, −P&L) of each, dated by ClosedAt.
	// LostAllTime adds the losses of every closed thesis. Each is nil when Lost is or
	// when a closed thesis it counts has no P&L (see IncompleteClosed).
	LostThisYear *Money
	LostAllTime  *Money
	// IncompleteClosed lists the ids of closed theses at risk whose P&L could not be
	// computed.
	IncompleteClosed []string
	// Due lists the open theses whose review date is today or earlier, earliest first.
	Due []*Thesis
	// ByReturn ranks every thesis with a known return, best first; Best and Worst are its
	// ends (nil when it is empty).
	ByReturn    []ThesisResult
	Best, Worst *ThesisResult
	// Missing and MissingFX gather the symbols and currencies missing for any thesis.
	Missing   []string
	MissingFX []string
	// Stale is true when any price used was stale.
	Stale bool
}

// Summarize evaluates every thesis at now and sums the journal up: counts by status, the
// open theses' loss budgets and actual losses against Settings.TotalLossBudget, those
// losses with the ones taken on closed theses this year and all time, the theses due for review (review date on or before now's calendar date in now's
// location), and the theses ranked by return.
func Summarize(theses []*Thesis, s Settings, m Market, now time.Time) Summary {
	base := s.BaseCurrency
	sum := Summary{Base: base, AsOf: m.AsOf, ByStatus: map[Status]int{}}
	if sum.AsOf.IsZero() {
		sum.AsOf = now
	}
	addAll := func(dst *[]string, src []string) {
		for _, v := range src {
			if !slices.Contains(*dst, v) {
				*dst = append(*dst, v)
			}
		}
	}
	today := DateOf(now)
	committed, lost := decimal.Decimal{}, decimal.Decimal{}
	lostYear, lostEver := decimal.Decimal{}, decimal.Decimal{}
	yearOK, everOK := true, true
	committedOK := true
	for _, t := range theses {
		if t == nil {
			continue
		}
		o := Evaluate(t, s, m, now)
		sum.Outcomes = append(sum.Outcomes, o)
		sum.Count++
		sum.ByStatus[t.Status]++
		addAll(&sum.Missing, o.Missing)
		addAll(&sum.MissingFX, o.MissingFX)
		sum.Stale = sum.Stale || o.Stale
		if t.Status == StatusOpen {
			if t.LossBudget.Valid() && t.LossBudget.Amount.IsPositive() {
				if o.LossBudget != nil {
					committed = committed.Add(o.LossBudget.Amount)
				} else {
					committedOK = false
				}
			}
			switch {
			case o.PnLBase != nil:
				if o.PnLBase.Amount.IsNegative() {
					lost = lost.Sub(o.PnLBase.Amount)
				}
			case o.AtRisk:
				sum.Incomplete = append(sum.Incomplete, t.ID)
			}
			if !t.ReviewBy.IsZero() && !today.Before(t.ReviewBy) {
				sum.Due = append(sum.Due, t)
			}
		} else {
			thisYear := ClosedAt(t).In(now.Location()).Year() == now.Year()
			switch {
			case o.PnLBase != nil:
				if o.PnLBase.Amount.IsNegative() {
					lostEver = lostEver.Sub(o.PnLBase.Amount)
					if thisYear {
						lostYear = lostYear.Sub(o.PnLBase.Amount)
					}
				}
			case o.AtRisk:
				sum.IncompleteClosed = append(sum.IncompleteClosed, t.ID)
				everOK = false
				yearOK = yearOK && !thisYear
			}
		}
		if o.Return != nil {
			sum.ByReturn = append(sum.ByReturn, ThesisResult{
				ID: t.ID, Title: t.Title, Status: t.Status,
				PnLBase: *o.PnLBase, Return: *o.Return, LossUsed: o.LossUsed,
			})
		}
	}
	if committedOK {
		sum.Committed = &Money{Amount: committed, Currency: base}
	}
	if len(sum.Incomplete) == 0 {
		sum.Lost = &Money{Amount: lost, Currency: base}
		if yearOK {
			sum.LostThisYear = &Money{Amount: lost.Add(lostYear), Currency: base}
		}
		if everOK {
			sum.LostAllTime = &Money{Amount: lost.Add(lostEver), Currency: base}
		}
	}
	tb := s.TotalLossBudget
	if tb.Valid() && tb.Amount.IsPositive() {
		if rate, ok := m.Rate(tb.Currency, base); ok {
			sum.TotalBudget = &Money{Amount: tb.Amount.Mul(rate), Currency: base}
		} else {
			addAll(&sum.MissingFX, []string{tb.Currency})
		}
	}
	if sum.TotalBudget != nil {
		if sum.Committed != nil {
			r := sum.Committed.Amount.Div(sum.TotalBudget.Amount)
			sum.CommittedRatio = &r
		}
		if sum.Lost != nil {
			r := sum.Lost.Amount.Div(sum.TotalBudget.Amount)
			sum.LostRatio = &r
		}
	}
	slices.SortStableFunc(sum.Due, func(a, b *Thesis) int {
		return cmp.Or(a.ReviewBy.Time().Compare(b.ReviewBy.Time()), cmp.Compare(a.ID, b.ID))
	})
	slices.SortStableFunc(sum.ByReturn, func(a, b ThesisResult) int {
		return cmp.Or(b.Return.Cmp(a.Return), cmp.Compare(a.ID, b.ID))
	})
	if n := len(sum.ByReturn); n > 0 {
		sum.Best, sum.Worst = &sum.ByReturn[0], &sum.ByReturn[n-1]
	}
	return sum
}
