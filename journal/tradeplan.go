package journal

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// TradeID returns the id a trade's fill or dividend gets: a digest of its format and ref,
// so the same row imported on two devices becomes the same fill. It is 16 hex digits, as
// NewLedgerID makes.
func TradeID(format, ref string) string {
	sum := sha256.Sum256([]byte(format + "\x00" + ref))
	return hex.EncodeToString(sum[:8])
}

// Fill returns the fill a buy or sell trade becomes: its source is ImportSource of the
// trade's format, its id TradeID of its format and ref.
func (tr Trade) Fill() Fill {
	action := ActionBuy
	if tr.Kind == TradeSell {
		action = ActionSell
	}
	return Fill{
		ID: TradeID(tr.Format, tr.Ref), At: tr.At.UTC(), Action: action, Quantity: tr.Quantity,
		Price: tr.Price, Fees: tr.Fees, Taxes: tr.Taxes, FXToBase: tr.FXToBase,
		Note: strings.TrimSpace(tr.Note), Source: ImportSource(tr.Format), Ref: tr.Ref,
	}
}

// Dividend returns the dividend a dividend trade becomes: its amount is the trade's
// Amount, the tax withheld its Taxes, its id TradeID of its format and ref.
func (tr Trade) Dividend() Dividend {
	return Dividend{
		ID: TradeID(tr.Format, tr.Ref), At: tr.At.UTC(), Amount: tr.Amount, Withheld: tr.Taxes,
		FXToBase: tr.FXToBase, Note: strings.TrimSpace(tr.Note), Source: ImportSource(tr.Format), Ref: tr.Ref,
	}
}

// AssignTrades plans where trades go; it changes none of its arguments. seen reports a
// (format, ref) imported before.
//
// A trade with an empty Symbol takes opts.Symbols[trade.Code]; when there is none it is
// an EINVALID error naming the line and the candidates. With opts.ThesisID every trade
// goes to that thesis (ENOTFOUND when theses lacks it), into its long or short position
// of the symbol; a long position is added when it has none. Otherwise a trade goes to the
// one open thesis holding a long or short position in its symbol; when none or several
// do, it goes to the inbox. Dividends go the same way. A trade whose format and ref were
// seen before, or appear earlier in trades, is a duplicate and goes nowhere.
//
// changed holds modified copies of the theses that receive trades, in first-touched
// order, with the fills and dividends appended in the order of trades; inbox holds the
// entries made (AddedAt is opts.Now, or the current time); rows says where each trade
// went, in order.
func AssignTrades(theses []*Thesis, trades []Trade, opts TradeOptions, seen func(format, ref string) bool) (changed []*Thesis, inbox []InboxEntry, rows []TradeRow, err error) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC()
	byID := make(map[string]*Thesis, len(theses))
	holders := map[string][]*Thesis{} // symbol → open theses with a long or short position in it
	for _, t := range theses {
		if t == nil {
			continue
		}
		byID[t.ID] = t
		if t.Status != StatusOpen {
			continue
		}
		for _, p := range t.Positions {
			if (p.Side == SideLong || p.Side == SideShort) && !slices.Contains(holders[p.Symbol], t) {
				holders[p.Symbol] = append(holders[p.Symbol], t)
			}
		}
	}
	var target *Thesis
	if opts.ThesisID != "" {
		if target = byID[opts.ThesisID]; target == nil {
			return nil, nil, nil, Errorf(ENOTFOUND, "thesis %s not found", opts.ThesisID)
		}
	}
	clones := map[string]*Thesis{}
	batch := make(map[string]bool, len(trades))
	rows = make([]TradeRow, 0, len(trades))
	for _, tr := range trades {
		sym, err := tradeSymbol(tr, opts.Symbols)
		if err != nil {
			return nil, nil, nil, err
		}
		if tr.Kind != TradeBuy && tr.Kind != TradeSell && tr.Kind != TradeDividend {
			return nil, nil, nil, Errorf(EINVALID, "line %d: kind must be buy, sell or dividend (is %q)", tr.Line, tr.Kind)
		}
		if tr.Format == "" || tr.Ref == "" {
			return nil, nil, nil, Errorf(EINVALID, "line %d: the trade has no format or ref to recognise it by", tr.Line)
		}
		if msg := tradeProblem(tr, sym); msg != "" {
			return nil, nil, nil, Errorf(EINVALID, "line %d: %s", tr.Line, msg)
		}
		id := TradeID(tr.Format, tr.Ref)
		row := TradeRow{Line: tr.Line, Symbol: sym, ID: id}
		key := tr.Format + "\x00" + tr.Ref
		if batch[key] || (seen != nil && seen(tr.Format, tr.Ref)) {
			row.Dest = DestDuplicate
			rows = append(rows, row)
			continue
		}
		batch[key] = true
		tr.Symbol = sym
		dest := target
		if dest == nil {
			if h := holders[sym]; len(h) == 1 {
				dest = h[0]
			}
		}
		if dest == nil {
			row.Dest = DestInbox
			inbox = append(inbox, InboxEntry{ID: id, AddedAt: now, Trade: tr})
			rows = append(rows, row)
			continue
		}
		c := clones[dest.ID]
		if c == nil {
			c = cloneForLedger(dest)
			clones[dest.ID] = c
			changed = append(changed, c)
		}
		AddTrade(c, tr)
		row.Dest, row.ThesisID = DestThesis, dest.ID
		rows = append(rows, row)
	}
	return changed, inbox, rows, nil
}

// AddTrade appends the fill or dividend of trade tr to the long or short position of its
// symbol in t, adding a long position when t has none.
func AddTrade(t *Thesis, tr Trade) {
	pi := -1
	for i, p := range t.Positions {
		if p.Symbol == tr.Symbol && (p.Side == SideLong || p.Side == SideShort) {
			pi = i
			break
		}
	}
	if pi < 0 {
		t.Positions = append(t.Positions, Position{Symbol: tr.Symbol, Side: SideLong})
		pi = len(t.Positions) - 1
	}
	p := &t.Positions[pi]
	if tr.Kind == TradeDividend {
		p.Dividends = append(p.Dividends, tr.Dividend())
	} else {
		p.Fills = append(p.Fills, tr.Fill())
	}
}

// tradeSymbol returns the symbol a trade is booked under.
func tradeSymbol(tr Trade, chosen map[string]string) (string, error) {
	sym := tr.Symbol
	if sym == "" {
		sym = chosen[tr.Code]
	}
	if sym == "" {
		if len(tr.Candidates) > 0 {
			return "", Errorf(EINVALID, "line %d: code %s could be %s; choose one", tr.Line, tr.Code, strings.Join(tr.Candidates, " or "))
		}
		return "", Errorf(EINVALID, "line %d: code %s has no symbol; choose one", tr.Line, tr.Code)
	}
	s, err := ParseSymbol(sym)
	if err != nil {
		return "", Errorf(EINVALID, "line %d: %s", tr.Line, ErrorMessage(err))
	}
	return s, nil
}

// cloneForLedger returns a copy of t whose positions, fills, dividends and revisions can
// be appended to and changed without touching t.
func cloneForLedger(t *Thesis) *Thesis {
	c := *t
	c.Positions = slices.Clone(t.Positions)
	for i := range c.Positions {
		c.Positions[i].Fills = slices.Clone(c.Positions[i].Fills)
		c.Positions[i].Dividends = slices.Clone(c.Positions[i].Dividends)
	}
	c.Reasons = slices.Clone(t.Reasons)
	c.Tags = slices.Clone(t.Tags)
	c.Snapshots = slices.Clone(t.Snapshots)
	c.Reviews = slices.Clone(t.Reviews)
	c.Revisions = slices.Clone(t.Revisions)
	return &c
}

// tradeProblem returns what makes a trade unfit to keep, as a fill, a dividend or an
// inbox entry, or "": a time outside the journal's years, a quantity, price or amount
// that is not positive, a fee or tax below zero, an unknown currency or symbol, text too
// long. Importers check their rows as they read them; this holds for trades from any
// source, so nothing unfit reaches the inbox.
func tradeProblem(tr Trade, sym string) string {
	var v ValidationError
	checkTime(&v, "date", tr.At)
	if _, err := ParseSymbol(sym); err != nil {
		v.add("symbol", "%s", ErrorMessage(err))
	}
	switch tr.Kind {
	case TradeDividend:
		checkMoney(&v, "amount", tr.Amount, false)
		if !tr.Amount.Amount.IsPositive() {
			v.add("amount", "must be greater than zero")
		}
		if tr.Quantity.IsNegative() {
			v.add("quantity", "must not be negative")
		}
	default:
		if !tr.Quantity.IsPositive() {
			v.add("quantity", "must be greater than zero")
		}
		checkMoney(&v, "price", tr.Price, false)
		if !tr.Price.Amount.IsPositive() {
			v.add("price", "must be greater than zero")
		}
	}
	for _, f := range []struct {
		name string
		m    Money
	}{{"fees", tr.Fees}, {"taxes", tr.Taxes}} {
		checkMoney(&v, f.name, f.m, true)
		if f.m.Amount.IsNegative() {
			v.add(f.name, "must not be negative")
		}
	}
	if tr.FXToBase.IsNegative() {
		v.add("fx_to_base", "must not be negative")
	}
	if n := utf8.RuneCountInString(tr.Name); n > MaxName {
		v.add("name", "must be at most %d characters (has %d)", MaxName, n)
	}
	checkText(&v, "note", tr.Note, false)
	if len(tr.Ref) > 256 || len(tr.Code) > 256 {
		v.add("ref", "must be at most 256 bytes")
	}
	if err := v.err(); err != nil {
		return ErrorMessage(err)
	}
	return ""
}
