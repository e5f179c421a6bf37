package quotes

import (
	"context"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"hindsight/journal"
)

// FXSymbol returns the Yahoo symbol of the rate that converts from into to: "USDKRW=X"
// quotes how many KRW one USD buys.
func FXSymbol(from, to string) string { return from + to + "=X" }

// FXRates returns, for each currency, how many units of base one unit of it is worth
// (the journal's FXToBase): with base KRW, rates["USD"] is the price of USDKRW=X. The
// base itself is 1; a subunit currency is converted through its ISO currency
// (rates["GBp"] is rates["GBP"]/100). Rates are fetched in one Quote call of XXXbase=X
// symbols; a pair the provider does not have is tried inverted (baseXXX=X, 1/price).
// Currencies without a rate are left out and named in the returned SymbolErrors, keyed
// by currency.
func FXRates(ctx context.Context, p Provider, currencies []string, base string) (map[string]decimal.Decimal, error) {
	b, err := journal.NormalizeCurrency(base)
	if err != nil {
		return nil, fmt.Errorf("fx base: %w", err)
	}
	one, err := journal.NewMoney(decimal.NewFromInt(1), b)
	if err != nil {
		return nil, fmt.Errorf("fx base: %w", err)
	}
	if !one.Amount.Equal(decimal.NewFromInt(1)) {
		return nil, journal.Errorf(journal.EINVALID, "fx base %q must be an ISO currency, not a subunit", base)
	}
	rates := map[string]decimal.Decimal{}
	// wanted maps each ISO currency to fetch to the codes asked for and their factor
	// (1 for the ISO code, 1/100 for its subunit).
	type want struct {
		code   string
		factor decimal.Decimal
	}
	wanted := map[string][]want{}
	var order []string
	for _, c := range currencies {
		code, err := journal.NormalizeCurrency(c)
		if err != nil {
			return nil, fmt.Errorf("fx: %w", err)
		}
		if _, done := rates[code]; done {
			continue
		}
		unit, err := journal.NewMoney(decimal.NewFromInt(1), code)
		if err != nil {
			return nil, fmt.Errorf("fx: %w", err)
		}
		if unit.Currency == b {
			rates[code] = unit.Amount
			continue
		}
		if _, seen := wanted[unit.Currency]; !seen {
			order = append(order, unit.Currency)
		}
		wanted[unit.Currency] = append(wanted[unit.Currency], want{code, unit.Amount})
	}
	if len(order) == 0 {
		return rates, nil
	}
	iso := map[string]decimal.Decimal{}
	direct := make([]string, len(order))
	for i, c := range order {
		direct[i] = FXSymbol(c, b)
	}
	qs, derr := p.Quote(ctx, direct...)
	for _, q := range qs {
		for _, c := range order {
			if q.Symbol == FXSymbol(c, b) && q.Price.Currency == b && q.Price.Amount.IsPositive() {
				iso[c] = q.Price.Amount
			}
		}
	}
	var inverse []string
	for _, c := range order {
		if _, ok := iso[c]; !ok {
			inverse = append(inverse, FXSymbol(b, c))
		}
	}
	var ierr error
	if len(inverse) > 0 {
		var iq []Quote
		iq, ierr = p.Quote(ctx, inverse...)
		for _, q := range iq {
			for _, c := range order {
				if q.Symbol == FXSymbol(b, c) && q.Price.Currency == c && q.Price.Amount.IsPositive() {
					iso[c] = decimal.NewFromInt(1).DivRound(q.Price.Amount, 12)
				}
			}
		}
	}
	errs := SymbolErrors{}
	for _, c := range order {
		r, ok := iso[c]
		for _, w := range wanted[c] {
			if ok {
				rates[w.code] = r.Mul(w.factor)
				continue
			}
			cause := ErrorOf(derr, FXSymbol(c, b))
			if cause == nil {
				cause = ErrorOf(ierr, FXSymbol(b, c))
			}
			if cause == nil {
				cause = ErrNoPrice
			}
			errs[w.code] = fmt.Errorf("no %s rate (%s): %w", c+"/"+b, FXSymbol(c, b), cause)
		}
	}
	if len(errs) > 0 {
		return rates, errs
	}
	return rates, nil
}

// Convert returns m in base using rates from FXRates (m itself when it is already in
// base). A missing rate is an error.
func Convert(m journal.Money, base string, rates map[string]decimal.Decimal) (journal.Money, error) {
	if m.Currency == base {
		return m, nil
	}
	r, ok := rates[m.Currency]
	if !ok {
		return journal.Money{}, errors.New("no " + m.Currency + "/" + base + " rate")
	}
	return journal.Money{Amount: m.Amount.Mul(r), Currency: base}, nil
}
