// Package wealthfolio reads the activities CSV that Wealthfolio imports and exports.
//
// The columns are those of Wealthfolio's own sample import file
// (github.com/afadil/wealthfolio, apps/frontend/public/sample-import.csv):
// date, type, symbol, instrumentType, quantity, unit_price, currency, fee, amount,
// comment, fxRate, subtype. Older files name the type column activityType and the price
// unitPrice; both spellings are read.
//
// BUY and SELL rows become buys and sells, DIVIDEND rows dividends (the amount column,
// or quantity × unit price when it is empty). Every other activity type (DEPOSIT,
// WITHDRAWAL, INTEREST, FEE, TAX, CREDIT, TRANSFER_IN, TRANSFER_OUT, SPLIT, …) moves
// cash or changes a holding without a trade, and is skipped rather than refused. The
// fxRate column converts to the Wealthfolio account's currency, not to the journal's
// base currency, so it is not kept. Files have no execution id: a row's Ref is a digest
// of its fields (trades.RowRef).
package wealthfolio

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/journal/trades"
)

// Format reads Wealthfolio activities CSV files.
type Format struct{}

// Name returns "wealthfolio".
func (Format) Name() string { return "wealthfolio" }

// Title returns "Wealthfolio activities (CSV)".
func (Format) Title() string { return "Wealthfolio activities (CSV)" }

var (
	typeCols  = []string{"type", "activityType"}
	priceCols = []string{"unit_price", "unitPrice"}
)

// Sniff reports whether head's header row holds Wealthfolio's columns: date, symbol,
// quantity, the type and the unit price.
func (Format) Sniff(head []byte) bool {
	h, _, ok := trades.SniffHeader(head)
	if !ok || !trades.HasColumns(h, "date", "symbol", "quantity", "currency") {
		return false
	}
	return (trades.HasColumns(h, typeCols[0]) || trades.HasColumns(h, typeCols[1])) &&
		(trades.HasColumns(h, priceCols[0]) || trades.HasColumns(h, priceCols[1]))
}

// Read reads the CSV text r and emits a Trade per BUY, SELL and DIVIDEND row.
func (f Format) Read(ctx context.Context, r io.Reader, emit func(journal.Trade) error) error {
	br := bufio.NewReaderSize(r, trades.HeadSize)
	head, err := br.Peek(trades.HeadSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return err
	}
	_, comma, _ := trades.SniffHeader(head)
	if comma == 0 {
		comma = ','
	}
	tab, err := trades.NewTable(ctx, br, comma)
	if err != nil {
		return err
	}
	c := cols{
		date: tab.Index("date"), typ: tab.Index(typeCols...), symbol: tab.Index("symbol"),
		quantity: tab.Index("quantity"), price: tab.Index(priceCols...), currency: tab.Index("currency"),
		fee: tab.Index("fee"), amount: tab.Index("amount"), comment: tab.Index("comment"),
	}
	for name, i := range map[string]int{"date": c.date, "type": c.typ, "symbol": c.symbol, "quantity": c.quantity, "unit_price": c.price, "currency": c.currency} {
		if i < 0 {
			return journal.Errorf(journal.EINVALID, "line 1: the header has no %s column", name)
		}
	}
	var occ trades.Occurrences
	for {
		ok, err := tab.Next()
		if err != nil || !ok {
			return err
		}
		t, skip, err := c.row(tab)
		if err != nil {
			return err
		}
		if skip {
			continue
		}
		t.Ref = occ.Next(trades.RowRef(f.Name(), tab.Row...))
		if err := emit(t); err != nil {
			return err
		}
	}
}

type cols struct {
	date, typ, symbol, quantity, price, currency, fee, amount, comment int
}

func (c cols) row(tab *trades.Table) (t journal.Trade, skip bool, err error) {
	fail := func(col int, err error) (journal.Trade, bool, error) {
		return t, false, trades.FieldError(tab.Line, tab.Name(col), trades.Message(err))
	}
	num := func(col int, optional bool) (decimal.Decimal, error) {
		if optional && tab.Field(col) == "" {
			return decimal.Decimal{}, nil
		}
		return trades.ParseNumber(tab.Field(col))
	}
	t.Format, t.Line = "wealthfolio", tab.Line
	switch typ := strings.ToUpper(tab.Field(c.typ)); typ {
	case "BUY":
		t.Kind = journal.TradeBuy
	case "SELL":
		t.Kind = journal.TradeSell
	case "DIVIDEND":
		t.Kind = journal.TradeDividend
	case "":
		return fail(c.typ, errors.New("the activity type must not be empty"))
	default:
		return t, true, nil
	}
	if t.At, err = trades.ParseTime(tab.Field(c.date), time.UTC); err != nil {
		return fail(c.date, err)
	}
	if err := trades.Instrument(&t, tab.Field(c.symbol)); err != nil {
		return fail(c.symbol, err)
	}
	currency := tab.Field(c.currency)
	if _, err := journal.NormalizeCurrency(currency); err != nil {
		return fail(c.currency, err)
	}
	q, err := num(c.quantity, t.Kind == journal.TradeDividend)
	if err != nil {
		return fail(c.quantity, err)
	}
	if q.IsNegative() || t.Kind != journal.TradeDividend && q.IsZero() {
		return fail(c.quantity, errors.New("the quantity must be greater than zero"))
	}
	t.Quantity = q
	price, err := num(c.price, t.Kind == journal.TradeDividend)
	if err != nil {
		return fail(c.price, err)
	}
	if t.Kind == journal.TradeDividend {
		amount, err := num(c.amount, true)
		if err != nil {
			return fail(c.amount, err)
		}
		if amount.IsZero() {
			amount = price.Mul(q)
		}
		if !amount.IsPositive() {
			return fail(c.amount, errors.New("the dividend must be greater than zero"))
		}
		if t.Amount, err = journal.NewMoney(amount, currency); err != nil {
			return fail(c.amount, err)
		}
	} else {
		if !price.IsPositive() {
			return fail(c.price, errors.New("the unit price must be greater than zero"))
		}
		if t.Price, err = journal.NewMoney(price, currency); err != nil {
			return fail(c.price, err)
		}
	}
	fee, err := num(c.fee, true)
	if err != nil {
		return fail(c.fee, err)
	}
	if t.Fees, err = trades.Cost(fee, currency); err != nil {
		return fail(c.fee, err)
	}
	t.Note = tab.Field(c.comment)
	return t, false, nil
}
