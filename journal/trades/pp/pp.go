// Package pp reads the CSV files Portfolio Performance exports of a securities
// account's or a cash account's transactions (File › Export › CSV).
//
// The columns are those Portfolio Performance's exporter writes
// (github.com/portfolio-performance/portfolio,
// name.abuchen.portfolio/src/name/abuchen/portfolio/datatransfer/csv/exporter/CSVExporter.java):
// Date, Ex-Date (newer versions), Type, Value, Transaction Currency, Gross Amount,
// Currency Gross Amount, Exchange Rate, Fees, Taxes, Shares, ISIN, WKN, Ticker Symbol,
// Security Name, Note, named by the program's language (messages.properties; German
// messages_de.properties: Datum, Typ, Wert, Buchungswährung, Bruttobetrag, Währung
// Bruttobetrag, Wechselkurs, Gebühren, Steuern, Stück, ISIN, WKN, Ticker-Symbol,
// Wertpapiername, Notiz). The Type column holds the transaction type's label
// (model/labels.properties: Buy, Sell, Delivery (Inbound), Delivery (Outbound),
// Dividend, …; in German Kauf, Verkauf, Einlieferung, Auslieferung, Dividende). The
// delimiter and the numbers follow the program's locale: a German file separates with
// ";" and writes 1.234,56, which is read when the header is German. A Date is the
// transaction's local date and time ("2024-06-10T09:30") and is kept as that time in
// UTC.
//
// Buy and Sell become buys and sells; Delivery (Inbound) and (Outbound), shares moved
// in or out without cash, become a buy and a sell at the value Portfolio Performance
// books them at; Dividend becomes a dividend. Transfers between accounts, deposits,
// removals, interest, fees and taxes on their own are skipped. Value is the net
// amount (a buy's gross plus fees and taxes, a sell's gross less them); the price per
// share is the gross divided by the shares, in the gross amount's currency when the
// file gives one, else in the transaction currency.
package pp

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

// Format reads Portfolio Performance transaction CSV exports.
type Format struct{}

// Name returns "pp".
func (Format) Name() string { return "pp" }

// Title returns "Portfolio Performance transactions (CSV)".
func (Format) Title() string { return "Portfolio Performance transactions (CSV)" }

// column names, English then German.
var (
	colDate     = []string{"Date", "Datum"}
	colType     = []string{"Type", "Typ"}
	colValue    = []string{"Value", "Net Transaction Value", "Wert"}
	colCurrency = []string{"Transaction Currency", "Buchungswährung"}
	colGross    = []string{"Gross Amount", "Bruttobetrag"}
	colGrossCur = []string{"Currency Gross Amount", "Währung Bruttobetrag"}
	colFees     = []string{"Fees", "Gebühren"}
	colTaxes    = []string{"Taxes", "Steuern"}
	colShares   = []string{"Shares", "Stück"}
	colQuote    = []string{"Quote", "Kurs"}
	colISIN     = []string{"ISIN"}
	colTicker   = []string{"Ticker Symbol", "Ticker-Symbol"}
	colName     = []string{"Security Name", "Security", "Wertpapiername"}
	colNote     = []string{"Note", "Notiz"}
)

var kinds = map[string]journal.TradeKind{
	"buy": journal.TradeBuy, "kauf": journal.TradeBuy,
	"delivery (inbound)": journal.TradeBuy, "einlieferung": journal.TradeBuy,
	"sell": journal.TradeSell, "verkauf": journal.TradeSell,
	"delivery (outbound)": journal.TradeSell, "auslieferung": journal.TradeSell,
	"dividend": journal.TradeDividend, "dividende": journal.TradeDividend,
}

func hasAny(h []string, names []string) bool {
	for _, n := range names {
		if trades.HasColumns(h, n) {
			return true
		}
	}
	return false
}

// Sniff reports whether head's header row holds Portfolio Performance's date, type,
// value, currency and shares columns, in English or German.
func (Format) Sniff(head []byte) bool {
	h, _, ok := trades.SniffHeader(head)
	return ok && hasAny(h, colDate) && hasAny(h, colType) && hasAny(h, colValue) && hasAny(h, colCurrency) && hasAny(h, colShares)
}

type reader struct {
	tab    *trades.Table
	german bool
	col    map[string]int
}

// Read reads the CSV text r and emits a Trade per buy, sell, delivery and dividend.
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
	rd := &reader{tab: tab, german: tab.Index("Datum") >= 0, col: map[string]int{}}
	for key, names := range map[string][]string{
		"date": colDate, "type": colType, "value": colValue, "currency": colCurrency, "gross": colGross,
		"grossCurrency": colGrossCur, "fees": colFees, "taxes": colTaxes, "shares": colShares, "quote": colQuote,
		"isin": colISIN, "ticker": colTicker, "name": colName, "note": colNote,
	} {
		rd.col[key] = tab.Index(names...)
	}
	for _, key := range []string{"date", "type", "value", "currency", "shares"} {
		if rd.col[key] < 0 {
			return journal.Errorf(journal.EINVALID, "line 1: the header has no %s column", key)
		}
	}
	var occ trades.Occurrences
	for {
		ok, err := tab.Next()
		if err != nil || !ok {
			return err
		}
		t, skip, err := rd.row()
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

func (rd *reader) get(key string) string { return rd.tab.Field(rd.col[key]) }

func (rd *reader) fail(key string, err error) error {
	return trades.FieldError(rd.tab.Line, rd.tab.Name(rd.col[key]), trades.Message(err))
}

// number reads a column that may be empty (zero), in the file's locale.
func (rd *reader) number(key string) (decimal.Decimal, error) {
	s := rd.get(key)
	if s == "" {
		return decimal.Decimal{}, nil
	}
	if rd.german {
		// 1.234,56: points group thousands and the comma is the decimal mark.
		s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
	}
	d, err := trades.ParseNumber(s)
	if err != nil {
		return d, rd.fail(key, err)
	}
	return d, nil
}

func (rd *reader) row() (t journal.Trade, skip bool, err error) {
	t.Format, t.Line = "pp", rd.tab.Line
	kind, ok := kinds[strings.ToLower(rd.get("type"))]
	if !ok {
		if rd.get("type") == "" {
			return t, false, rd.fail("type", errors.New("the type must not be empty"))
		}
		return t, true, nil
	}
	t.Kind = kind
	if t.At, err = trades.ParseTime(rd.get("date"), time.UTC); err != nil {
		return t, false, rd.fail("date", err)
	}
	switch isin := strings.ToUpper(rd.get("isin")); {
	case rd.get("ticker") != "":
		if err := trades.Instrument(&t, rd.get("ticker")); err != nil {
			return t, false, rd.fail("ticker", err)
		}
	case len(isin) == 12 && strings.HasPrefix(isin, "KR7"):
		// A Korean ISIN holds the KRX code: KR7 005930 003.
		t.Code = isin
		if code, ok := trades.KRXCode(isin[3:9]); ok {
			t.Candidates = trades.KRXCandidates(code)
		}
	case isin != "":
		t.Code = isin
	default:
		return t, false, rd.fail("ticker", errors.New("the row has neither a ticker symbol nor an ISIN"))
	}
	t.Name, t.Note = rd.get("name"), rd.get("note")
	currency := rd.get("currency")
	if _, err := journal.NormalizeCurrency(currency); err != nil {
		return t, false, rd.fail("currency", err)
	}
	value, err := rd.number("value")
	if err != nil {
		return t, false, err
	}
	fees, err := rd.number("fees")
	if err != nil {
		return t, false, err
	}
	taxes, err := rd.number("taxes")
	if err != nil {
		return t, false, err
	}
	shares, err := rd.number("shares")
	if err != nil {
		return t, false, err
	}
	value, fees, taxes, t.Quantity = value.Abs(), fees.Abs(), taxes.Abs(), shares.Abs()
	if t.Fees, err = trades.Cost(fees, currency); err != nil {
		return t, false, rd.fail("fees", err)
	}
	if t.Taxes, err = trades.Cost(taxes, currency); err != nil {
		return t, false, rd.fail("taxes", err)
	}
	if kind == journal.TradeDividend {
		// A dividend's value is what was credited: the gross less taxes and fees.
		gross := value.Add(fees).Add(taxes)
		if !gross.IsPositive() {
			return t, false, rd.fail("value", errors.New("the dividend must be greater than zero"))
		}
		t.Amount, err = journal.NewMoney(gross, currency)
		return t, false, err
	}
	if t.Quantity.IsZero() {
		return t, false, rd.fail("shares", errors.New("the shares must be greater than zero"))
	}
	gross, priceCurrency := value.Add(fees).Add(taxes), currency
	if kind == journal.TradeBuy {
		gross = value.Sub(fees).Sub(taxes)
	}
	quoteCol := "value"
	if g, err := rd.number("gross"); err != nil {
		return t, false, err
	} else if gc := rd.get("grossCurrency"); !g.IsZero() && gc != "" && gc != currency {
		if _, err := journal.NormalizeCurrency(gc); err != nil {
			return t, false, rd.fail("grossCurrency", err)
		}
		gross, priceCurrency, quoteCol = g.Abs(), gc, "gross"
	}
	price := gross.DivRound(t.Quantity, 8)
	if q, err := rd.number("quote"); err != nil {
		return t, false, err
	} else if q.IsPositive() {
		price, quoteCol = q, "quote"
	}
	if !price.IsPositive() {
		return t, false, rd.fail(quoteCol, errors.New("the fees and taxes leave no price per share"))
	}
	if t.Price, err = journal.NewMoney(price, priceCurrency); err != nil {
		return t, false, rd.fail(quoteCol, err)
	}
	return t, false, nil
}
