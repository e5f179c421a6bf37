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
//   - A position's money is its ledger (ComputeLedger): fills counted at their own
//     exchange rates, with the moving average or FIFO, dividends and splits. Its P&L in the
//     base currency is realized + unrealized + dividends, where unrealized is holding ×
//     price now × FX now − cost held. A closed position (nothing held) needs neither a
//     price nor a rate now: its P&L is fixed at its sells' rates.
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
	// Splits holds the corporate actions known for each symbol (see CorporateAction).
	Splits map[string][]CorporateAction
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
	// Symbol and Side repeat the position.
	Symbol string
	Side   Side
	// Ledger is the position's fills and dividends added up.
	Ledger Ledger
	// Err is set when the fills cannot be counted (a sell of more than was held); every
	// money figure is then unknown.
	Err error
	// Holding is the number of shares held now (today's share units); AverageCost the
	// cost held per share, in the instrument's currency (the zero Money when nothing is held).
	Holding     decimal.Decimal
	AverageCost Money
	// FirstAt is when the first fill happened (zero without fills).
	FirstAt time.Time
	// Closed is true when the position had fills and holds nothing now.
	Closed bool
	// Price is the price the position is valued at now; the zero Money when PriceMissing
	// or when it is closed (a closed position needs no price).
	Price Money
	// PriceAt is when Price was seen.
	PriceAt time.Time
	// PriceMissing is true when no usable price is known for an open position.
	PriceMissing bool
	// Stale is true when Price is a stale quote.
	Stale bool
	// FXNow is base units per unit of the instrument's currency now; zero when unknown.
	FXNow decimal.Decimal
	// PnL is realized + unrealized + dividends in the instrument's currency; nil for a
	// watch position or when the price is missing.
	PnL *Money
	// PnLBase is the same in the base currency; nil when PnL is nil or a rate is missing.
	PnLBase *Money
	// RealizedBase, UnrealizedBase, DividendsBase and FeesBase (fees and taxes paid) are
	// its parts in the base currency; nil when unknown.
	RealizedBase, UnrealizedBase, DividendsBase, FeesBase *Money
	// CostBase is what the opening fills cost in the base currency (what was put in);
	// CostHeldBase the cost of what is still held. Nil when unknown.
	CostBase, CostHeldBase *Money
	// Return is PnL over what the opening fills cost; ReturnBase is PnLBase over CostBase.
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
	// RealizedBase, UnrealizedBase, DividendsBase and FeesBase add up the positions'
	// parts of PnLBase (fees and taxes paid, for FeesBase); nil when PnLBase is.
	RealizedBase, UnrealizedBase, DividendsBase, FeesBase *Money
	// LossBudget is the thesis's loss budget in the base currency; nil when there is none
	// or its exchange rate is missing.
	LossBudget *Money
	// LossUsed is max(0, −PnLBase) over LossBudget; nil when either is unknown.
	LossUsed *decimal.Decimal
	// Drawdown is the worst point since the first fill; nil without bars.
	Drawdown *Drawdown
	// Snapshots has one move per snapshot, in the thesis's order.
	Snapshots []SnapshotMove
	// Benchmark compares the thesis with its benchmark; nil without benchmark bars.
	Benchmark *BenchmarkOutcome
	// HeldFrom and HeldTo bound the holding period: from the first fill of a long or short
	// position (the creation time when there is none) to the last fill when every such
	// position is closed, otherwise to the evaluation time.
	HeldFrom, HeldTo time.Time
	// DaysHeld is the number of whole days from HeldFrom to HeldTo.
	DaysHeld int
	// Missing lists symbols with no usable price, in first-seen order.
	Missing []string
	// MissingFX lists currencies with no exchange rate to the base, in first-seen order.
	MissingFX []string
}

// Evaluate computes how thesis t stands at now against the market m, in the base
// currency of s, counting fills with s.CostMethod and applying m.Splits. Drawdown and
// breach are valued from m.Bars day by day with the holding of each day, at that day's
// rate where m.Bars holds the currency pair and FX now otherwise (for a closed position
// too, on the days it was held); the benchmark is s.DefaultBenchmark() unless the thesis
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
		po := evalPosition(p, s, m)
		if po.PriceMissing {
			missing(p.Symbol)
		}
		if po.Stale {
			o.Stale = true
		}
		if p.Side != SideWatch {
			o.AtRisk = true
			for _, c := range po.Ledger.MissingFX {
				missingFX(c)
			}
			if !po.Closed && po.FXNow.IsZero() && po.Err == nil {
				missingFX(p.Currency())
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

	o.HeldFrom, o.HeldTo = holdingPeriod(t, now, func(i int) bool { return o.Positions[i].Closed })
	if d := o.HeldTo.Sub(o.HeldFrom); d > 0 {
		o.DaysHeld = int(d / (24 * time.Hour))
	}
	o.Drawdown = evalDrawdown(o.Positions, s, m, now, o.LossBudget)
	nowPoint(o.Drawdown, o.PnLBase, o.CostBase, o.LossBudget, now)
	o.Benchmark = evalBenchmark(t, s, m, o.HeldFrom, o.HeldTo, o.Return)
	sumParts(&o)
	return o
}

// ClosedAt returns when thesis t was closed, for a thesis no longer open: the last fill
// when every long and short position holds nothing (bought minus sold, without splits:
// Evaluate's HeldTo counts them), else the time of the last review, else when it was
// last saved (its creation time when that is unknown).
func ClosedAt(t *Thesis) time.Time {
	if last, ok := lastExit(t, func(i int) bool { return rawHolding(t.Positions[i]).IsZero() }); ok {
		return last
	}
	switch {
	case len(t.Reviews) > 0:
		return t.Reviews[len(t.Reviews)-1].At
	case !t.UpdatedAt.IsZero():
		return t.UpdatedAt
	}
	return t.CreatedAt
}

// lastExit returns the time of the last fill when the thesis has long or short positions
// and every one of them has fills and holds nothing, as closed(i) says of position i.
func lastExit(t *Thesis, closed func(i int) bool) (time.Time, bool) {
	var last time.Time
	risk := false
	for i, p := range t.Positions {
		if p.Side == SideWatch {
			continue
		}
		risk = true
		if len(p.Fills) == 0 || !closed(i) {
			return time.Time{}, false
		}
		for _, f := range p.Fills {
			if f.At.After(last) {
				last = f.At
			}
		}
	}
	return last, risk
}

// rawHolding is bought minus sold (sold minus bought for a short), without splits.
func rawHolding(p Position) decimal.Decimal {
	var h decimal.Decimal
	for _, f := range p.Fills {
		if (f.Action == ActionBuy) != (p.Side == SideShort) {
			h = h.Add(f.Quantity)
		} else {
			h = h.Sub(f.Quantity)
		}
	}
	return h
}

// lossRatio returns max(0, −pnl) / budget.
func lossRatio(pnl, budget decimal.Decimal) decimal.Decimal {
	if !pnl.IsNegative() {
		return decimal.Decimal{}
	}
	return pnl.Neg().Div(budget)
}

// RateOn returns the units of base one unit of currency was worth at the close of the
// day of at, from the bars of the pair symbol (FXSymbol(currency, base), or the inverse
// pair) within seven days before it; ok is false when m holds no such bar.
func (m Market) RateOn(currency, base string, at time.Time) (decimal.Decimal, bool) {
	if currency == base {
		return decOne, true
	}
	day := utcDate(at)
	find := func(sym string) (decimal.Decimal, bool) {
		bars := m.Bars[sym]
		i, _ := slices.BinarySearchFunc(bars, day.Add(24*time.Hour), func(b Bar, t time.Time) int {
			if utcDate(b.Time).Before(t) {
				return -1
			}
			return 1
		})
		for i--; i >= 0; i-- {
			if utcDate(bars[i].Time).Before(day.Add(-7 * 24 * time.Hour)) {
				break
			}
			if bars[i].Close.IsPositive() {
				return bars[i].Close, true
			}
		}
		return decimal.Decimal{}, false
	}
	if r, ok := find(FXSymbol(currency, base)); ok {
		return r, true
	}
	if r, ok := find(FXSymbol(base, currency)); ok {
		return decOne.DivRound(r, 12), true
	}
	return decimal.Decimal{}, false
}

// rateFunc returns m's day rates into base as a RateFunc.
func (m Market) rateFunc(base string) RateFunc {
	return func(cur string, at time.Time) (decimal.Decimal, bool) { return m.RateOn(cur, base, at) }
}

func money(d decimal.Decimal, cur string) *Money { return &Money{Amount: d, Currency: cur} }

func moneyOf(d *decimal.Decimal, cur string) *Money {
	if d == nil {
		return nil
	}
	return money(*d, cur)
}

func evalPosition(p Position, s Settings, m Market) PositionOutcome {
	base := s.BaseCurrency
	po := PositionOutcome{Symbol: p.Symbol, Side: p.Side}
	l, err := ComputeLedger(p, base, s.CostMethod, m.Splits[p.Symbol], m.rateFunc(base))
	po.Ledger = l
	if err != nil {
		po.Err = err
		return po
	}
	cur := l.Currency
	po.Holding, po.FirstAt, po.Closed = l.Holding, l.First, l.Closed()
	if l.Holding.IsPositive() {
		po.AverageCost = Money{Amount: l.AverageCost, Currency: cur}
	}
	if cur == "" {
		return po
	}
	if fx, ok := m.Rate(cur, base); ok {
		po.FXNow = fx
	}
	if !po.Closed {
		if q, ok := m.PriceOf(p.Symbol); ok && q.Price.Currency == cur {
			po.Price, po.PriceAt, po.Stale = q.Price, q.At, q.Stale
		} else {
			po.PriceMissing = true
		}
	}
	if p.Side == SideWatch {
		return po
	}
	po.CostBase, po.CostHeldBase = moneyOf(l.InvestedBase, base), moneyOf(l.CostHeldBase, base)
	po.RealizedBase, po.DividendsBase, po.FeesBase = moneyOf(l.RealizedBase, base), moneyOf(l.DividendsBase, base), moneyOf(l.FeesBase, base)
	var unr, unrBase decimal.Decimal
	baseOK := l.CostHeldBase != nil && l.RealizedBase != nil && l.DividendsBase != nil
	if !po.Closed {
		if po.Price.IsZero() {
			return po
		}
		unr, unrBase, _ = l.UnrealizedAt(p.Side, po.Price.Amount, po.FXNow)
		baseOK = baseOK && !po.FXNow.IsZero()
	}
	pnl := l.Realized.Add(unr).Add(l.Dividends)
	po.PnL = money(pnl, cur)
	if l.Invested.IsPositive() {
		r := pnl.Div(l.Invested)
		po.Return = &r
	}
	if !baseOK {
		return po
	}
	po.UnrealizedBase = money(unrBase, base)
	pb := l.RealizedBase.Add(unrBase).Add(*l.DividendsBase)
	po.PnLBase = money(pb, base)
	if l.InvestedBase.IsPositive() {
		rb := pb.Div(*l.InvestedBase)
		po.ReturnBase = &rb
	}
	return po
}

// holdingPeriod returns the holding period of t: from the first fill of a long or short
// position (the creation time when there is none) to the last fill when every such
// position holds nothing (closed(i) says whether position i does), else to now.
func holdingPeriod(t *Thesis, now time.Time, closed func(i int) bool) (from, to time.Time) {
	from, to = t.CreatedAt, now
	var first time.Time
	for _, p := range t.Positions {
		if p.Side == SideWatch {
			continue
		}
		if f, ok := p.FirstFill(); ok && (first.IsZero() || f.At.Before(first)) {
			first = f.At
		}
	}
	if !first.IsZero() {
		from = first
		if last, ok := lastExit(t, closed); ok {
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

// evalDrawdown values the thesis's long and short positions at every bar date from the
// first fill to now (by UTC calendar date, so a fill day's close counts), each with its
// holding, cost held and realized P&L as they stood at the end of that day and at that
// day's rate (m.RateOn, else FX now), and returns the worst total P&L and the first date
// the loss reached budget. A date on which a symbol held has no bar yet, or no rate, is
// skipped. It returns nil when a position's ledger cannot be counted or lacks a rate, an
// open position has no rate now, a symbol held (now or before) has no bars at all, or no
// date could be valued.
func evalDrawdown(positions []PositionOutcome, s Settings, m Market, now time.Time, budget *Money) *Drawdown {
	base := s.BaseCurrency
	type leg struct {
		side  Side
		l     Ledger
		cur   string
		fxNow decimal.Decimal
		bars  []Bar
		next  int
	}
	var legs []*leg
	var start time.Time
	// Each position's ledger is the one evalPosition counted: the fills are added up once.
	for _, p := range positions {
		l := p.Ledger
		if p.Side == SideWatch || l.First.IsZero() {
			continue
		}
		if p.Err != nil || l.CostHeldBase == nil || l.RealizedBase == nil {
			return nil
		}
		lg := &leg{side: p.Side, l: l, cur: l.Currency, bars: m.series(p.Symbol)}
		if len(lg.bars) == 0 {
			return nil
		}
		// FX now stands in for a day without a rate, for a closed position's days held
		// too; an open position needs it.
		fn, ok := m.Rate(l.Currency, base)
		if !ok && !l.Closed() {
			return nil
		}
		lg.fxNow = fn
		if d := utcDate(l.First); start.IsZero() || d.Before(start) {
			start = d
		}
		legs = append(legs, lg)
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
			st, found := l.l.StepAt(day)
			if !found {
				continue
			}
			cost = cost.Add(st.InvestedBase)
			v := st.RealizedBase.Add(st.DividendsBase)
			if st.Holding.IsPositive() {
				c, next, found := barCloseOn(l.bars, l.next, day)
				l.next = next
				if !found {
					ok = false
					continue
				}
				fx, known := m.RateOn(l.cur, base, day)
				if !known {
					fx = l.fxNow
				}
				if !fx.IsPositive() {
					ok = false
					continue
				}
				v = v.Add(unrealized(l.side, st.Holding, st.CostHeldBase, c, fx))
			}
			pnl = pnl.Add(v)
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
