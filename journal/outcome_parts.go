package journal

import (
	"time"

	"github.com/shopspring/decimal"
)

// LossRatio returns max(0, −pnl) / budget: the share of a loss budget a P&L uses.
func LossRatio(pnl, budget decimal.Decimal) decimal.Decimal { return lossRatio(pnl, budget) }

// sumParts adds up the positions' realized, unrealized, dividend and fee figures of an
// outcome whose total P&L is known.
func sumParts(o *Outcome) {
	if o.PnLBase == nil {
		return
	}
	var r, u, d, f decimal.Decimal
	feesOK := true
	for _, p := range o.Positions {
		if p.Side == SideWatch {
			continue
		}
		if p.RealizedBase == nil || p.DividendsBase == nil {
			return
		}
		r, d = r.Add(p.RealizedBase.Amount), d.Add(p.DividendsBase.Amount)
		if p.UnrealizedBase != nil {
			u = u.Add(p.UnrealizedBase.Amount)
		}
		if p.FeesBase != nil {
			f = f.Add(p.FeesBase.Amount)
		} else {
			feesOK = false
		}
	}
	o.RealizedBase, o.UnrealizedBase, o.DividendsBase = money(r, o.Base), money(u, o.Base), money(d, o.Base)
	if feesOK {
		o.FeesBase = money(f, o.Base)
	}
}

// nowPoint adds the thesis as it stands now (its P&L at the current prices and rates) to
// the daily path of dd: the last close may be older than the price now, and the rate of
// each past day may differ from today's, so a loss that reaches the budget only today is
// a breach dated today (in UTC), and a worst point today is the worst drawdown.
func nowPoint(dd *Drawdown, pnl, cost, budget *Money, now time.Time) {
	if dd == nil || pnl == nil {
		return
	}
	today := DateOf(now.UTC())
	if pnl.Amount.LessThan(dd.Worst.Amount) {
		dd.Worst, dd.WorstOn = *pnl, today
		dd.WorstReturn = decimal.Decimal{}
		if cost != nil && cost.Amount.IsPositive() {
			dd.WorstReturn = pnl.Amount.Div(cost.Amount)
		}
		if budget != nil {
			u := lossRatio(dd.Worst.Amount, budget.Amount)
			dd.WorstLossUsed = &u
		}
	}
	if budget != nil && dd.BreachedOn == nil && !pnl.Amount.Neg().LessThan(budget.Amount) {
		dd.BreachedOn = &today
	}
}
