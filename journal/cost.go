package journal

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// The ledger math below adds up a position's fills and dividends. Its rules:
//
//   - Money in the base currency is counted at each fill's own exchange rate
//     (Fill.FXToBase, else the rate the caller knows for that day, else 1 when the fill is
//     in the base currency). A figure that needs a rate nobody knows is left unknown and
//     the currency is listed in Ledger.MissingFX.
//   - A buy of a long position costs (quantity × price + fees + taxes) × FX; a sell brings
//     in (quantity × price − fees − taxes) × FX and takes out the cost of the shares sold:
//     with the moving average, cost held × quantity sold / holding; with FIFO, the cost of
//     the oldest lots first. Realized P&L is what came in minus the cost taken out.
//   - A short position opens with sells and is covered with buys: a sell's proceeds are
//     held as the position's (negative) cost, a buy takes them out in the same way and
//     realizes proceeds taken out minus what the buy cost.
//   - Dividends count (amount − withheld) × FX; on a short position they are paid, not
//     received. A per-share dividend is paid on the holding at its date.
//   - Fees and taxes in a currency other than the price's are converted through the base
//     currency at that day's rate.
//   - Splits are applied when figures are computed, never written into fills: a fill
//     before a split of n:m holds n/m times as many of today's shares at m/n of its
//     price, so every quantity is in today's share units, as Yahoo's split-adjusted
//     closes are.
//   - Selling (or covering) more than is held is an error naming the fill.

// CostMethod is how a sell takes cost out of a holding.
type CostMethod string

// Cost methods. The moving average is what Korean brokerage apps show and the default.
const (
	CostAverage CostMethod = "average"
	CostFIFO    CostMethod = "fifo"
)

// Valid reports whether c is a known method; the empty method means the moving average.
func (c CostMethod) Valid() bool { return c == "" || c == CostAverage || c == CostFIFO }

// RateFunc returns the units of base one unit of currency was worth on the day of at,
// and whether that is known.
type RateFunc func(currency string, at time.Time) (decimal.Decimal, bool)

// ParseRatio reads a split ratio "new:old" such as "10:1" or "1:10"; both sides must be
// positive whole numbers up to 1000.
func ParseRatio(s string) (num, den decimal.Decimal, err error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return num, den, Errorf(EINVALID, "split ratio %q is not new:old, such as 10:1", s)
	}
	parse := func(x string) (decimal.Decimal, bool) {
		x = strings.TrimSpace(x)
		if x == "" || len(x) > 4 || strings.Trim(x, "0123456789") != "" {
			return decimal.Decimal{}, false
		}
		d, err := decimal.NewFromString(x)
		return d, err == nil && d.IsPositive() && d.LessThanOrEqual(decimal.NewFromInt(1000))
	}
	n, ok1 := parse(a)
	d, ok2 := parse(b)
	if !ok1 || !ok2 {
		return num, den, Errorf(EINVALID, "split ratio %q must be two whole numbers from 1 to 1000, such as 10:1", s)
	}
	return n, d, nil
}

// splitFactor returns how many of today's shares one share held at at is: the product of
// the ratios of the splits whose date is after at's date.
func splitFactor(splits []CorporateAction, at time.Time) decimal.Decimal {
	f := decOne
	day := utcDate(at)
	for _, s := range splits {
		if s.Kind != ActionSplit || !day.Before(utcDate(s.At)) {
			continue
		}
		if n, d, err := ParseRatio(s.Ratio); err == nil {
			f = f.Mul(n).Div(d)
		}
	}
	return f
}

// LedgerStep is a position's state right after one of its fills or dividends.
type LedgerStep struct {
	// At is when the fill or dividend happened.
	At time.Time
	// Holding is the number of shares held after it, in today's share units.
	Holding decimal.Decimal
	// CostHeld and CostHeldBase are the cost of the shares held (for a short position,
	// the proceeds held), in the instrument's currency and in the base currency.
	CostHeld, CostHeldBase decimal.Decimal
	// Invested and InvestedBase add up the cost of every opening fill so far.
	Invested, InvestedBase decimal.Decimal
	// Realized, RealizedBase, Dividends and DividendsBase are the running totals.
	Realized, RealizedBase   decimal.Decimal
	Dividends, DividendsBase decimal.Decimal
	// BaseKnown is false once a base figure needed a rate nobody knew.
	BaseKnown bool
}

// Ledger is a position's fills and dividends added up.
type Ledger struct {
	// Currency is the instrument's currency (that of the fills' prices).
	Currency string
	// Method is the cost method used.
	Method CostMethod
	// Holding is the number of shares held now, in today's share units.
	Holding decimal.Decimal
	// AverageCost is the cost held per share held, in the instrument's currency (for a
	// short position, the proceeds held per share); zero when nothing is held.
	AverageCost decimal.Decimal
	// CostHeld and Invested are as in LedgerStep, in the instrument's currency.
	CostHeld, Invested decimal.Decimal
	// Realized is the realized P&L and Dividends the net dividends, in the instrument's
	// currency; Fees adds up fees and taxes paid.
	Realized, Dividends, Fees decimal.Decimal
	// CostHeldBase, InvestedBase, RealizedBase, DividendsBase and FeesBase are the same
	// in the base currency; nil when a rate is missing (see MissingFX).
	CostHeldBase, InvestedBase, RealizedBase, DividendsBase, FeesBase *decimal.Decimal
	// Steps are the states after each fill and dividend, in time order.
	Steps []LedgerStep
	// Splits are the splits applied: those dated after the first fill.
	Splits []CorporateAction
	// First and Last are the times of the first and last fill.
	First, Last time.Time
	// MissingFX lists the currencies whose rate a base figure needed and nobody knew.
	MissingFX []string
}

// Closed reports whether the position had fills and holds nothing now.
func (l Ledger) Closed() bool { return !l.First.IsZero() && l.Holding.IsZero() }

// LedgerError says which fill of a position cannot be counted.
type LedgerError struct {
	// Fill is the index of the fill in Position.Fills.
	Fill int
	// Msg says why.
	Msg string
}

func (e *LedgerError) Error() string { return fmt.Sprintf("fills[%d]: %s", e.Fill, e.Msg) }

// lot is a FIFO lot: shares in today's units and what they cost.
type lot struct{ qty, cost, costBase decimal.Decimal }

// ComputeLedger adds up position p's fills and dividends with method (the moving average
// when empty) in base, applying splits (corporate actions of any symbol; those of p's
// symbol are used) and converting with rate where a fill carries no rate of its own (rate
// may be nil). A sell of more than is held is a *LedgerError.
func ComputeLedger(p Position, base string, method CostMethod, splits []CorporateAction, rate RateFunc) (Ledger, error) {
	return computeLedger(p, base, method, splits, rate, true)
}

// computeLedger is ComputeLedger; without steps it keeps no Steps (a check of the fills
// needs only the end).
func computeLedger(p Position, base string, method CostMethod, splits []CorporateAction, rate RateFunc, steps bool) (Ledger, error) {
	if method == "" {
		method = CostAverage
	}
	l := Ledger{Method: method}
	var own []CorporateAction
	for _, s := range splits {
		if s.Kind == ActionSplit && s.Symbol == p.Symbol {
			own = append(own, s)
		}
	}
	slices.SortStableFunc(own, func(a, b CorporateAction) int { return a.At.Compare(b.At) })
	if len(p.Fills) > 0 {
		l.Currency = p.Fills[0].Price.Currency
	}
	missing := func(cur string) {
		if !slices.Contains(l.MissingFX, cur) {
			l.MissingFX = append(l.MissingFX, cur)
		}
	}
	rateOf := func(cur string, own decimal.Decimal, at time.Time) (decimal.Decimal, bool) {
		switch {
		case own.IsPositive():
			return own, true
		case cur == base:
			return decOne, true
		case rate != nil:
			if r, ok := rate(cur, at); ok && r.IsPositive() {
				return r, true
			}
		}
		missing(cur)
		return decimal.Decimal{}, false
	}

	type event struct {
		at   time.Time
		fill int // index into p.Fills, or -1
		div  int // index into p.Dividends, or -1
	}
	events := make([]event, 0, len(p.Fills)+len(p.Dividends))
	for i, f := range p.Fills {
		events = append(events, event{f.At, i, -1})
	}
	for i, d := range p.Dividends {
		events = append(events, event{d.At, -1, i})
	}
	// Stable: fills keep their order at the same time, and a dividend on the day of a
	// fill comes after it.
	slices.SortStableFunc(events, func(a, b event) int { return a.at.Compare(b.at) })

	short := p.Side == SideShort
	opening := ActionBuy
	if short {
		opening = ActionSell
	}
	var s LedgerStep
	s.BaseKnown = true
	var lots []lot
	var fees, feesBase decimal.Decimal
	feesKnown := true
	for _, e := range events {
		if e.fill >= 0 {
			f := p.Fills[e.fill]
			if l.First.IsZero() {
				l.First = f.At
			}
			l.Last = f.At
			if f.Price.Currency != l.Currency {
				return l, &LedgerError{e.fill, fmt.Sprintf("is priced in %s, the position's other fills in %s", f.Price.Currency, l.Currency)}
			}
			factor := splitFactor(own, f.At)
			qty := f.Quantity.Mul(factor)
			gross := f.Quantity.Mul(f.Price.Amount)
			fx, fxOK := rateOf(l.Currency, f.FXToBase, f.At)
			// Fees and taxes, in the instrument's currency and in base.
			var extra, extraBase decimal.Decimal
			extraOK := fxOK
			for _, m := range []Money{f.Fees, f.Taxes} {
				if m.Amount.IsZero() {
					continue
				}
				switch m.Currency {
				case l.Currency:
					extra = extra.Add(m.Amount)
					extraBase = extraBase.Add(m.Amount.Mul(fx))
				default:
					r, ok := rateOf(m.Currency, decimal.Decimal{}, f.At)
					if !ok || !fxOK {
						extraOK = false
						continue
					}
					extraBase = extraBase.Add(m.Amount.Mul(r))
					extra = extra.Add(m.Amount.Mul(r).Div(fx))
				}
			}
			fees = fees.Add(extra)
			feesBase = feesBase.Add(extraBase)
			feesKnown = feesKnown && extraOK
			s.BaseKnown = s.BaseKnown && fxOK && extraOK
			if f.Action == opening {
				// A long buy costs gross + extra; a short sell holds gross − extra.
				cost, costBase := gross.Add(extra), gross.Mul(fx).Add(extraBase)
				if short {
					cost, costBase = gross.Sub(extra), gross.Mul(fx).Sub(extraBase)
				}
				s.Holding = s.Holding.Add(qty)
				s.CostHeld = s.CostHeld.Add(cost)
				s.CostHeldBase = s.CostHeldBase.Add(costBase)
				s.Invested = s.Invested.Add(cost)
				s.InvestedBase = s.InvestedBase.Add(costBase)
				if method == CostFIFO {
					lots = append(lots, lot{qty, cost, costBase})
				}
			} else {
				if qty.GreaterThan(s.Holding) {
					held := s.Holding.Div(factor)
					return l, &LedgerError{e.fill, fmt.Sprintf("%s %s on %s but only %s are held then",
						verbOf(f.Action, short), f.Quantity, DateOf(f.At.UTC()), held.String())}
				}
				var out, outBase decimal.Decimal
				switch {
				case qty.Equal(s.Holding):
					out, outBase = s.CostHeld, s.CostHeldBase
					lots = lots[:0]
				case method == CostFIFO:
					left := qty
					for left.IsPositive() && len(lots) > 0 {
						lt := &lots[0]
						if left.GreaterThanOrEqual(lt.qty) {
							out, outBase = out.Add(lt.cost), outBase.Add(lt.costBase)
							left = left.Sub(lt.qty)
							lots = lots[1:]
							continue
						}
						c, cb := lt.cost.Mul(left).Div(lt.qty), lt.costBase.Mul(left).Div(lt.qty)
						out, outBase = out.Add(c), outBase.Add(cb)
						lt.qty, lt.cost, lt.costBase = lt.qty.Sub(left), lt.cost.Sub(c), lt.costBase.Sub(cb)
						left = decimal.Decimal{}
					}
				default:
					out = s.CostHeld.Mul(qty).Div(s.Holding)
					outBase = s.CostHeldBase.Mul(qty).Div(s.Holding)
				}
				s.Holding = s.Holding.Sub(qty)
				s.CostHeld = s.CostHeld.Sub(out)
				s.CostHeldBase = s.CostHeldBase.Sub(outBase)
				if short {
					// A cover pays gross + extra for proceeds held of out.
					s.Realized = s.Realized.Add(out.Sub(gross.Add(extra)))
					s.RealizedBase = s.RealizedBase.Add(outBase.Sub(gross.Mul(fx).Add(extraBase)))
				} else {
					s.Realized = s.Realized.Add(gross.Sub(extra).Sub(out))
					s.RealizedBase = s.RealizedBase.Add(gross.Mul(fx).Sub(extraBase).Sub(outBase))
				}
			}
		} else {
			d := p.Dividends[e.div]
			amount := d.Amount
			if amount.IsZero() && !d.PerShare.IsZero() {
				// The per-share amount is in the shares of its day.
				held := s.Holding.Div(splitFactor(own, d.At))
				amount = Money{Amount: d.PerShare.Amount.Mul(held), Currency: d.PerShare.Currency}
			}
			net := amount.Amount
			fx, fxOK := rateOf(amount.Currency, d.FXToBase, d.At)
			netBase := net.Mul(fx)
			if !d.Withheld.Amount.IsZero() {
				if d.Withheld.Currency == amount.Currency {
					net = net.Sub(d.Withheld.Amount)
					netBase = netBase.Sub(d.Withheld.Amount.Mul(fx))
				} else if r, ok := rateOf(d.Withheld.Currency, decimal.Decimal{}, d.At); ok {
					netBase = netBase.Sub(d.Withheld.Amount.Mul(r))
					if fxOK {
						net = net.Sub(d.Withheld.Amount.Mul(r).Div(fx))
					}
				} else {
					fxOK = false
				}
			}
			if short {
				net, netBase = net.Neg(), netBase.Neg()
			}
			s.BaseKnown = s.BaseKnown && fxOK
			if amount.Currency == l.Currency || l.Currency == "" {
				s.Dividends = s.Dividends.Add(net)
			} else if fxOK {
				if r, ok := rateOf(l.Currency, decimal.Decimal{}, d.At); ok {
					s.Dividends = s.Dividends.Add(netBase.Div(r))
				}
			}
			s.DividendsBase = s.DividendsBase.Add(netBase)
		}
		s.At = e.at
		if steps {
			if l.Steps == nil {
				l.Steps = make([]LedgerStep, 0, len(events))
			}
			l.Steps = append(l.Steps, s)
		}
	}
	l.Holding, l.CostHeld, l.Invested = s.Holding, s.CostHeld, s.Invested
	l.Realized, l.Dividends, l.Fees = s.Realized, s.Dividends, fees
	if s.Holding.IsPositive() {
		l.AverageCost = s.CostHeld.Div(s.Holding)
	}
	if s.BaseKnown {
		l.CostHeldBase, l.InvestedBase = ptr(s.CostHeldBase), ptr(s.InvestedBase)
		l.RealizedBase, l.DividendsBase = ptr(s.RealizedBase), ptr(s.DividendsBase)
	}
	if feesKnown && s.BaseKnown {
		l.FeesBase = ptr(feesBase)
	}
	if !l.First.IsZero() {
		for _, sp := range own {
			if utcDate(l.First).Before(utcDate(sp.At)) {
				l.Splits = append(l.Splits, sp)
			}
		}
	}
	return l, nil
}

func ptr[T any](v T) *T { return &v }

func verbOf(a Action, short bool) string {
	if short {
		return "covers"
	}
	return "sells"
}

// UnrealizedAt returns the unrealized P&L of what is held, valued at price (today's
// share units) in the instrument's currency, and in base at fxNow; baseOK is false when
// the base cost is unknown.
func (l Ledger) UnrealizedAt(side Side, price, fxNow decimal.Decimal) (instr, base decimal.Decimal, baseOK bool) {
	return unrealized(side, l.Holding, l.CostHeld, price, decOne), unrealized(side, l.Holding, ptrOr(l.CostHeldBase), price, fxNow), l.CostHeldBase != nil
}

func ptrOr(d *decimal.Decimal) decimal.Decimal {
	if d == nil {
		return decimal.Decimal{}
	}
	return *d
}

// unrealized is holding × price × fx − cost held for a long position, its negation for a
// short one.
func unrealized(side Side, holding, costHeld, price, fx decimal.Decimal) decimal.Decimal {
	v := holding.Mul(price).Mul(fx).Sub(costHeld)
	if side == SideShort {
		return v.Neg()
	}
	return v
}

// StepAt returns the state after the last step on or before the end of day (UTC), and
// whether there is one.
func (l Ledger) StepAt(day time.Time) (LedgerStep, bool) {
	end := utcDate(day).Add(24 * time.Hour)
	i, _ := slices.BinarySearchFunc(l.Steps, end, func(s LedgerStep, t time.Time) int {
		if s.At.Before(t) {
			return -1
		}
		return 1
	})
	if i == 0 {
		return LedgerStep{}, false
	}
	return l.Steps[i-1], true
}

// checkHoldings walks p's fills in time order, as ComputeLedger does, and returns the
// first that sells (or covers) more than is held then, without adding up any money.
func checkHoldings(p Position, splits []CorporateAction) *LedgerError {
	var own []CorporateAction
	for _, s := range splits {
		if s.Kind == ActionSplit && s.Symbol == p.Symbol {
			own = append(own, s)
		}
	}
	order := make([]int, len(p.Fills))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return p.Fills[a].At.Compare(p.Fills[b].At) })
	opening := ActionBuy
	if p.Side == SideShort {
		opening = ActionSell
	}
	var held decimal.Decimal
	for _, i := range order {
		f := p.Fills[i]
		factor := decOne
		if len(own) > 0 {
			factor = splitFactor(own, f.At)
		}
		qty := f.Quantity.Mul(factor)
		if f.Action == opening {
			held = held.Add(qty)
			continue
		}
		if qty.GreaterThan(held) {
			return &LedgerError{i, fmt.Sprintf("%s %s on %s but only %s are held then",
				verbOf(f.Action, p.Side == SideShort), f.Quantity, DateOf(f.At.UTC()), held.Div(factor).String())}
		}
		held = held.Sub(qty)
	}
	return nil
}
