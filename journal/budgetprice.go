package journal

// budgetPricePlaces is the number of decimals BudgetPrice keeps; display rounds further.
const budgetPricePlaces = 8

// MainPosition returns the index of the thesis's main position, the first long or short
// one, or -1 when it has none.
func (t *Thesis) MainPosition() int {
	for i, p := range t.Positions {
		if p.Side == SideLong || p.Side == SideShort {
			return i
		}
	}
	return -1
}

// BudgetPrice returns the price of the thesis's main position (its first long or short
// position) at which that position alone would use up the thesis's whole loss budget,
// in the position's currency.
//
// The loss is counted as Evaluate counts it, in the base currency: realized P&L and
// dividends as they stand, and what is held valued with FX now. With the budget B
// converted to the base currency, h the holding, C the cost held, R the realized P&L and
// D the dividends (all in base), the budget is used up when R + D + (h × price × fxNow − C)
// = −B for a long position (R + D + (C − h × price × fxNow) = −B for a short one):
//
//	long:  price = (C − R − D − B) / (h × fxNow)
//	short: price = (C + R + D + B) / (h × fxNow)
//
// which for a single buy of q at entry in the base currency is entry − B/q. Other
// positions of the thesis are not counted. The price is kept to eight decimals.
//
// ok is false when the thesis has no main position or no loss budget, an exchange rate
// is missing, nothing is held, or a long position could not lose the whole budget (the
// price would be zero or below).
func BudgetPrice(t *Thesis, s Settings, m Market) (symbol string, price Money, ok bool) {
	if t == nil {
		return "", Money{}, false
	}
	return BudgetPriceOf(t, s, m, t.MainPosition())
}

// BudgetPriceOf is BudgetPrice for the thesis's position i, which must be long or
// short; ok is false for any other index.
func BudgetPriceOf(t *Thesis, s Settings, m Market, i int) (symbol string, price Money, ok bool) {
	if t == nil || i < 0 || i >= len(t.Positions) {
		return "", Money{}, false
	}
	p := t.Positions[i]
	if p.Side != SideLong && p.Side != SideShort {
		return p.Symbol, Money{}, false
	}
	base := s.BaseCurrency
	if !t.LossBudget.Valid() || !t.LossBudget.Amount.IsPositive() {
		return p.Symbol, Money{}, false
	}
	l, err := ComputeLedger(p, base, s.CostMethod, m.Splits[p.Symbol], m.rateFunc(base))
	if err != nil || !l.Holding.IsPositive() || l.CostHeldBase == nil || l.RealizedBase == nil || l.DividendsBase == nil {
		return p.Symbol, Money{}, false
	}
	budgetRate, ok1 := m.Rate(t.LossBudget.Currency, base)
	fxNow, ok2 := m.Rate(l.Currency, base)
	if !ok1 || !ok2 {
		return p.Symbol, Money{}, false
	}
	budget := t.LossBudget.Amount.Mul(budgetRate)
	sofar := l.RealizedBase.Add(*l.DividendsBase)
	at := l.CostHeldBase.Sub(sofar).Sub(budget)
	if p.Side == SideShort {
		at = l.CostHeldBase.Add(sofar).Add(budget)
	}
	at = at.DivRound(l.Holding.Mul(fxNow), budgetPricePlaces)
	if !at.IsPositive() {
		return p.Symbol, Money{}, false
	}
	return p.Symbol, Money{Amount: at, Currency: l.Currency}, true
}
