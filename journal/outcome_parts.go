package journal

import "github.com/shopspring/decimal"

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
