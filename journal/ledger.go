package journal

import (
	"crypto/rand"
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
