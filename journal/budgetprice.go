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
// The loss is counted as Evaluate counts it, in the base currency with FX now: a long
// position loses qty × (entry × fxEntry − price × fxNow), a short one the negation. With
// the budget B converted to the base currency, the budget is used up at
//
//	long:  price = (entry × fxEntry − B/qty) / fxNow
//	short: price = (entry × fxEntry + B/qty) / fxNow
//
// which, while the rate has not moved since entry (or the position is in the base
// currency), is entry − B/(qty × fxNow) for a long and entry + B/(qty × fxNow) for a
// short. Other positions of the thesis are not counted. The price is kept to eight
// decimals.
//
// ok is false when the thesis has no main position or no loss budget, an exchange rate
// is missing, the quantity or entry price is not positive, or a long position could not
// lose the whole budget (the price would be zero or below).
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
	if !p.Quantity.IsPositive() || !p.EntryPrice.Valid() || !p.EntryPrice.Amount.IsPositive() {
		return p.Symbol, Money{}, false
	}
	budgetRate, ok1 := m.Rate(t.LossBudget.Currency, base)
	fxNow, ok2 := m.Rate(p.EntryPrice.Currency, base)
	fxEntry, ok3 := entryFX(p, base)
	if !ok1 || !ok2 || !ok3 {
		return p.Symbol, Money{}, false
	}
	budget := t.LossBudget.Amount.Mul(budgetRate)
	perUnit := budget.Div(p.Quantity)
	cost := p.EntryPrice.Amount.Mul(fxEntry)
	at := cost.Sub(perUnit)
	if p.Side == SideShort {
		at = cost.Add(perUnit)
	}
	at = at.DivRound(fxNow, budgetPricePlaces)
	if !at.IsPositive() {
		return p.Symbol, Money{}, false
	}
	return p.Symbol, Money{Amount: at, Currency: p.EntryPrice.Currency}, true
}
