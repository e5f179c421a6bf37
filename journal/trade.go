package journal

import (
	"time"

	"github.com/shopspring/decimal"
)

// Action is what a fill did: bought or sold. A long position opens with buys and
// closes with sells; a short one opens with a sell and is covered with buys.
type Action string

// Fill actions.
const (
	ActionBuy  Action = "buy"
	ActionSell Action = "sell"
)

// Valid reports whether a is a known action.
func (a Action) Valid() bool { return a == ActionBuy || a == ActionSell }

// TradeKind is what a row read from another tool's file records.
type TradeKind string

// Trade kinds.
const (
	TradeBuy      TradeKind = "buy"
	TradeSell     TradeKind = "sell"
	TradeDividend TradeKind = "dividend"
)

// Trade is one row read from a broker's or another tool's export: an execution (a buy or
// a sell) or a dividend. Importers return Trades and never touch the journal; the caller
// matches them to theses and writes them as fills and dividends.
type Trade struct {
	// Format is the name of the format that read the row ("ibkr-flex").
	Format string
	// Ref is the row's identity in its source (an execution id, or a digest of the row's
	// fields when the file has none); importing the same row again adds nothing.
	Ref string
	// Line is the row's line in the file (1-based; for JSON, the record's index + 1).
	Line int
	// Kind says whether the row is a buy, a sell or a dividend.
	Kind TradeKind
	// At is when the trade happened, in UTC (midnight UTC of the date when the file has
	// no time of day).
	At time.Time
	// Symbol is the Yahoo-style symbol ("005930.KS", "NVDA"); empty when the file's code
	// could stand for more than one (see Candidates).
	Symbol string
	// Code is the instrument as the file wrote it ("005930", "A005930", "NVDA").
	Code string
	// Candidates are the symbols Code may stand for when Symbol is empty
	// (["005930.KS", "005930.KQ"] for a bare 6-digit KRX code).
	Candidates []string
	// Name is the instrument's name when the file gives it ("삼성전자").
	Name string
	// Quantity is the number of shares, greater than zero (for a dividend, the shares
	// it was paid on, or zero when not given).
	Quantity decimal.Decimal
	// Price is the price per share in the instrument's currency (buys and sells).
	Price Money
	// Amount is the gross dividend paid (dividends only).
	Amount Money
	// Fees and Taxes are what the trade cost on top, in any currency; zero when none.
	Fees  Money
	Taxes Money
	// FXToBase is the rate the file gives for the trade (units of the journal's base
	// currency per unit of the price's currency), or zero.
	FXToBase decimal.Decimal
	// Note is free text from the file (a comment or description), or empty.
	Note string
}
