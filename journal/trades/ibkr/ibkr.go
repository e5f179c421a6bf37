// Package ibkr reads Interactive Brokers Flex Query reports of trades in CSV.
//
// A Flex Query (Performance & Reports › Flex Queries, section Trades, format CSV with
// column headers) writes a header row of the fields chosen, named as in IBKR's Flex
// Query reference (the Trade element's attributes, e.g. docs.rs/ib-flex, struct Trade):
// ClientAccountID, CurrencyPrimary, AssetClass, Symbol, Description, ListingExchange,
// TradeDate, DateTime, Buy/Sell, Quantity (negative for sells), TradePrice,
// IBCommission (negative, a cost), IBCommissionCurrency, Taxes, TradeID, IBExecID,
// FXRateToBase. Dates are written as configured in the query (yyyyMMdd or yyyy-MM-dd,
// the time HHmmss or HH:mm:ss, separated by ";", "," or a space), and times are in US
// Eastern time even for other markets (RealTest's guide on IB Flex Query trade lists,
// https://mhptrading.com/docs/topics/idh-topic12353.htm); Format.Location changes that.
//
// Only stock rows (AssetClass STK, or no AssetClass column) are read; options,
// futures, forex conversions and other classes are skipped. A Trade's Ref is the
// execution id (IBExecID), else the TradeID, else a digest of the row. The symbol is
// kept as IBKR writes it with spaces turned into "-" (BRK B → BRK-B, Yahoo's
// spelling); a listing exchange is not turned into a Yahoo suffix, as no IBKR document
// maps one to the other, so a non-US listing keeps its plain symbol, and a Korean one
// (a 6-digit code) gets the KOSPI and KOSDAQ candidates. Repeated header rows (one per
// account) are skipped.
package ibkr

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

// Format reads Interactive Brokers Flex Query trade reports in CSV.
type Format struct {
	// Location is the zone of the report's times; nil for America/New_York.
	Location *time.Location
}

// Name returns "ibkr-flex".
func (Format) Name() string { return "ibkr-flex" }

// Title returns "Interactive Brokers Flex Query (trades CSV)".
func (Format) Title() string { return "Interactive Brokers Flex Query (trades CSV)" }

// Sniff reports whether head's header row holds the Flex Query trade fields Symbol,
// Buy/Sell, Quantity, TradePrice and a currency.
func (Format) Sniff(head []byte) bool {
	h, _, ok := trades.SniffHeader(head)
	return ok && trades.HasColumns(h, "Symbol", "Buy/Sell", "Quantity", "TradePrice") &&
		(trades.HasColumns(h, "CurrencyPrimary") || trades.HasColumns(h, "Currency"))
}

type reader struct {
	tab *trades.Table
	loc *time.Location
	col map[string]int
	occ trades.Occurrences
}

// Read reads the CSV text r and emits a Trade per stock execution.
func (f Format) Read(ctx context.Context, r io.Reader, emit func(journal.Trade) error) error {
	loc := f.Location
	if loc == nil {
		var err error
		if loc, err = time.LoadLocation("America/New_York"); err != nil {
			return err
		}
	}
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
	rd := &reader{tab: tab, loc: loc, col: map[string]int{}}
	for key, names := range map[string][]string{
		"currency": {"CurrencyPrimary", "Currency"}, "class": {"AssetClass", "AssetCategory"}, "symbol": {"Symbol"},
		"description": {"Description"}, "tradeDate": {"TradeDate"}, "dateTime": {"DateTime", "Date/Time"},
		"side": {"Buy/Sell"}, "quantity": {"Quantity"}, "price": {"TradePrice"}, "commission": {"IBCommission"},
		"commissionCurrency": {"IBCommissionCurrency"}, "taxes": {"Taxes"}, "tradeID": {"TradeID"},
		"execID": {"IBExecID"}, "fx": {"FXRateToBase"}, "notes": {"Notes/Codes", "Notes"},
	} {
		rd.col[key] = tab.Index(names...)
	}
	for _, key := range []string{"currency", "symbol", "side", "quantity", "price"} {
		if rd.col[key] < 0 {
			return journal.Errorf(journal.EINVALID, "line 1: the header has no %s column", key)
		}
	}
	if rd.col["dateTime"] < 0 && rd.col["tradeDate"] < 0 {
		return journal.Errorf(journal.EINVALID, "line 1: the header has neither DateTime nor TradeDate")
	}
	for {
		ok, err := tab.Next()
		if err != nil || !ok {
			return err
		}
		if tab.Field(rd.col["symbol"]) == "Symbol" && tab.Field(rd.col["side"]) == "Buy/Sell" {
			continue // the header again, for the next account
		}
		t, skip, err := rd.row()
		if err != nil {
			return err
		}
		if skip {
			continue
		}
		if err := emit(t); err != nil {
			return err
		}
	}
}

func (rd *reader) get(key string) string { return rd.tab.Field(rd.col[key]) }

func (rd *reader) fail(key string, err error) error {
	return trades.FieldError(rd.tab.Line, rd.tab.Name(rd.col[key]), trades.Message(err))
}

func (rd *reader) number(key string) (decimal.Decimal, error) {
	if rd.get(key) == "" {
		return decimal.Decimal{}, nil
	}
	d, err := trades.ParseNumber(rd.get(key))
	if err != nil {
		return d, rd.fail(key, err)
	}
	return d, nil
}

func (rd *reader) row() (t journal.Trade, skip bool, err error) {
	t.Format, t.Line = "ibkr-flex", rd.tab.Line
	if c := strings.ToUpper(rd.get("class")); c != "" && c != "STK" {
		return t, true, nil
	}
	switch side := strings.ToUpper(rd.get("side")); side {
	case "BUY":
		t.Kind = journal.TradeBuy
	case "SELL":
		t.Kind = journal.TradeSell
	default:
		return t, false, rd.fail("side", errors.New("\""+rd.get("side")+"\" is neither BUY nor SELL"))
	}
	if rd.get("dateTime") != "" {
		if t.At, err = trades.ParseTime(rd.get("dateTime"), rd.loc); err != nil {
			return t, false, rd.fail("dateTime", err)
		}
	} else {
		// A trade date alone is kept as midnight UTC of that date.
		if t.At, err = trades.ParseTime(rd.get("tradeDate"), time.UTC); err != nil {
			return t, false, rd.fail("tradeDate", err)
		}
	}
	symbol := strings.Join(strings.Fields(rd.get("symbol")), "-")
	if err := trades.Instrument(&t, symbol); err != nil {
		return t, false, rd.fail("symbol", err)
	}
	t.Code = rd.get("symbol")
	t.Name = rd.get("description")
	t.Note = rd.get("notes")
	currency := rd.get("currency")
	if _, err := journal.NormalizeCurrency(currency); err != nil {
		return t, false, rd.fail("currency", err)
	}
	q, err := rd.number("quantity")
	if err != nil {
		return t, false, err
	}
	if q.IsZero() || (t.Kind == journal.TradeBuy) != q.IsPositive() {
		return t, false, rd.fail("quantity", errors.New("the quantity must be positive for a buy and negative for a sell"))
	}
	t.Quantity = q.Abs()
	price, err := rd.number("price")
	if err != nil {
		return t, false, err
	}
	if !price.IsPositive() {
		return t, false, rd.fail("price", errors.New("the price must be greater than zero"))
	}
	if t.Price, err = journal.NewMoney(price, currency); err != nil {
		return t, false, rd.fail("price", err)
	}
	commission, err := rd.number("commission")
	if err != nil {
		return t, false, err
	}
	cc := rd.get("commissionCurrency")
	if cc == "" {
		cc = currency
	}
	if t.Fees, err = trades.Cost(commission, cc); err != nil {
		return t, false, rd.fail("commissionCurrency", err)
	}
	taxes, err := rd.number("taxes")
	if err != nil {
		return t, false, err
	}
	if t.Taxes, err = trades.Cost(taxes, currency); err != nil {
		return t, false, rd.fail("taxes", err)
	}
	if t.FXToBase, err = rd.number("fx"); err != nil {
		return t, false, err
	}
	switch {
	case rd.get("execID") != "":
		t.Ref = rd.get("execID")
	case rd.get("tradeID") != "":
		t.Ref = rd.get("tradeID")
	default:
		t.Ref = rd.occ.Next(trades.RowRef("ibkr-flex", rd.tab.Row...))
	}
	return t, false, nil
}
