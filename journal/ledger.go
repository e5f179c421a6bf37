package journal

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// A position's money history is its ledger: an ordered list of fills (each buy and sell
// made on it) and the dividends it received. Fills and dividends each carry an id that
// never changes, so two copies of a thesis edited on different devices can later be
// merged as sets by id. Corporate actions (splits) belong to a symbol, not to a thesis,
// and are kept journal-wide.

// FillSource values. An imported fill's source is "import:<format>", as ImportSource makes.
const (
	FillManual   = "manual"
	FillMigrated = "migrated"
)

// ImportSource returns the source of a fill imported with format ("import:ibkr-flex").
func ImportSource(format string) string { return "import:" + format }

// Fill is one execution on a position.
type Fill struct {
	// ID identifies the fill for its whole life; NewLedgerID makes one.
	ID string `json:"id"`
	// At is when the fill happened (UTC).
	At time.Time `json:"at"`
	// Action is buy or sell.
	Action Action `json:"action"`
	// Quantity is the number of shares, greater than zero.
	Quantity decimal.Decimal `json:"quantity"`
	// Price is the price per share in the instrument's currency.
	Price Money `json:"price"`
	// Fees and Taxes are what the fill cost on top; zero when none; any currency.
	Fees  Money `json:"fees,omitzero"`
	Taxes Money `json:"taxes,omitzero"`
	// FXToBase is base-currency units per unit of Price's currency at that moment; zero
	// when not known yet (it is filled from the FX pair's daily close when online).
	FXToBase decimal.Decimal `json:"fx_to_base,omitzero"`
	// Note is free text.
	Note string `json:"note,omitempty"`
	// Source is "manual", "migrated" or "import:<format>".
	Source string `json:"source"`
	// Ref is the imported row's identity in its source, for de-duplication; empty for
	// fills typed by hand.
	Ref string `json:"ref,omitempty"`
}

// Dividend is a cash dividend a position received.
type Dividend struct {
	// ID identifies the dividend for its whole life.
	ID string `json:"id"`
	// At is the payment time (UTC).
	At time.Time `json:"at"`
	// PerShare is the gross dividend per share; the amount is then PerShare × the holding
	// on At. Exactly one of PerShare and Amount is set.
	PerShare Money `json:"per_share,omitzero"`
	// Amount is the gross dividend paid.
	Amount Money `json:"amount,omitzero"`
	// Withheld is the tax withheld; zero when none.
	Withheld Money `json:"withheld,omitzero"`
	// FXToBase is base-currency units per unit of the dividend's currency on At; zero
	// when not known yet.
	FXToBase decimal.Decimal `json:"fx_to_base,omitzero"`
	// Note is free text.
	Note string `json:"note,omitempty"`
	// Source and Ref are as for Fill.
	Source string `json:"source"`
	Ref    string `json:"ref,omitempty"`
}

// ActionKind is the kind of a corporate action.
type ActionKind string

// Corporate action kinds.
const (
	ActionSplit ActionKind = "split"
)

// CorporateAction is an event that changes what one share of a symbol is: a split of
// Ratio new shares for each old one ("10:1"; a reverse split is "1:10"). Stored prices
// and fills are never rewritten: splits are applied when figures are computed.
type CorporateAction struct {
	// ID identifies the action; the same symbol, kind and day is the same action.
	ID string `json:"id"`
	// Symbol is the instrument split.
	Symbol string `json:"symbol"`
	// Kind is "split".
	Kind ActionKind `json:"kind"`
	// Ratio is "new:old", for example "10:1".
	Ratio string `json:"ratio"`
	// At is the first trading day at the new share count (UTC midnight of the ex-date).
	At time.Time `json:"at"`
	// Source is "yahoo" or "manual".
	Source string `json:"source"`
}

// NewLedgerID returns a new id for a fill, a dividend or an inbox entry: 16 random hex
// digits. It is unique across devices, so ledgers merge as sets by id.
func NewLedgerID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("journal: random id: %v", err))
	}
	return hex.EncodeToString(b[:])
}

// ActionID returns the id of the corporate action of kind on symbol at the date of at:
// "NVDA:split:2024-06-10". The same event fetched twice, or typed by hand and fetched,
// has the same id.
func ActionID(symbol string, kind ActionKind, at time.Time) string {
	return fmt.Sprintf("%s:%s:%s", symbol, kind, DateOf(at.UTC()))
}

// LegacyPosition is a position as journals and interchange files before the ledger held
// it: one entry and at most one exit of the same quantity.
type LegacyPosition struct {
	Symbol     string
	Side       Side
	Quantity   decimal.Decimal
	EntryPrice Money
	EnteredAt  time.Time
	ExitPrice  *Money
	ExitedAt   *time.Time
	// FXToBase is the entry's rate (zero when unknown).
	FXToBase decimal.Decimal
}

// Position turns a legacy position, the i-th of thesis thesisID, into fills: an opening
// fill (a buy, or a sell for a short) at the entry, and a closing one at the exit when
// there is one. The exit's rate was never recorded, so it is left unknown unless the
// price is in base. The fills' ids are derived from the thesis id and index, so every
// copy of the same journal migrates to the same ids.
func (lp LegacyPosition) Position(thesisID string, i int, base string) Position {
	open, close := ActionBuy, ActionSell
	if lp.Side == SideShort {
		open, close = ActionSell, ActionBuy
	}
	id := func(what string) string {
		sum := sha256.Sum256(fmt.Appendf(nil, "%s/%d/%s", thesisID, i, what))
		return hex.EncodeToString(sum[:8])
	}
	p := Position{Symbol: lp.Symbol, Side: lp.Side, Fills: []Fill{{
		ID: id("entry"), At: lp.EnteredAt.UTC(), Action: open, Quantity: lp.Quantity,
		Price: lp.EntryPrice, FXToBase: lp.FXToBase, Source: FillMigrated,
	}}}
	if lp.ExitPrice != nil && lp.ExitedAt != nil {
		var fx decimal.Decimal
		if lp.ExitPrice.Currency == base && base != "" {
			fx = decimal.NewFromInt(1)
		}
		p.Fills = append(p.Fills, Fill{
			ID: id("exit"), At: lp.ExitedAt.UTC(), Action: close, Quantity: lp.Quantity,
			Price: *lp.ExitPrice, FXToBase: fx, Source: FillMigrated,
		})
	}
	return p
}

// Validate checks a corporate action: a known symbol, kind split, a ratio such as 10:1, a
// time within the journal's years and an id as ActionID makes it.
func (a CorporateAction) Validate() error {
	var v ValidationError
	checkSymbol(&v, "symbol", a.Symbol)
	if a.Kind != ActionSplit {
		v.add("kind", "must be split (is %q)", a.Kind)
	} else if _, _, err := ParseRatio(a.Ratio); err != nil {
		v.add("ratio", "%s", ErrorMessage(err))
	}
	checkTime(&v, "at", a.At)
	if a.Source != "yahoo" && a.Source != FillManual {
		v.add("source", "must be yahoo or manual (is %q)", a.Source)
	}
	if v.err() == nil && a.ID != ActionID(a.Symbol, a.Kind, a.At) {
		v.add("id", "must be %q", ActionID(a.Symbol, a.Kind, a.At))
	}
	return v.err()
}

// currency returns the currency the dividend is paid in.
func (d Dividend) currency() string {
	if !d.Amount.IsZero() {
		return d.Amount.Currency
	}
	return d.PerShare.Currency
}

// FormatAverage formats a price computed from the position's fills (an average cost) to
// as many decimals as the fills' own prices have (at least the currency's minor units),
// so that 1,771.4 / 15 shows as 118.09 like the prices it came from, not 118.09333333.
func (p Position) FormatAverage(avg Money) string {
	places := MinorUnits(avg.Currency)
	for _, f := range p.Fills {
		places = max(places, PricePlaces(p.Symbol, f.Price))
	}
	return FormatPrice(p.Symbol, Money{Amount: avg.Amount.Round(places), Currency: avg.Currency})
}
