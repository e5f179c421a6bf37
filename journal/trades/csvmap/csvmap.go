// Package csvmap reads any CSV file of trades through a column Mapping: which column
// holds the date, the code, the side and so on. A Mapping can be guessed from the
// header (Guess, English and Korean names as Korean brokers export them), edited by a
// person and saved as a named preset (it is plain JSON).
//
// Korean broker files write codes as 'A005930' or '005930 (a spreadsheet's text mark)
// and numbers with thousands separators ("78,500"); both are read. A bare 6-digit code
// becomes a Trade with no Symbol and the KOSPI and KOSDAQ candidates.
package csvmap

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/journal/trades"
)

// Columns names the header of the column that holds each field; an empty name means
// the file has no such column.
type Columns struct {
	Date     string `json:"date"`
	Symbol   string `json:"symbol"`
	Name     string `json:"name,omitempty"`
	Action   string `json:"action"`
	Quantity string `json:"quantity"`
	Price    string `json:"price"`
	Amount   string `json:"amount,omitempty"`
	Fees     string `json:"fees,omitempty"`
	Taxes    string `json:"taxes,omitempty"`
	Currency string `json:"currency,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Mapping says how to read a CSV file of trades. It is saved as JSON:
//
//	{"name": "키움", "columns": {"date": "일자", "symbol": "종목코드", ...},
//	 "currency": "KRW", "delimiter": ",", "timezone": "Asia/Seoul",
//	 "buy_words": ["매수"], "sell_words": ["매도"]}
type Mapping struct {
	// Name is the preset's name.
	Name string `json:"name,omitempty"`
	// Columns maps fields to header names.
	Columns Columns `json:"columns"`
	// Currency is the currency of prices and costs when the file has no currency column.
	Currency string `json:"currency,omitempty"`
	// Delimiter is ",", ";" or "\t"; empty to detect it from the header.
	Delimiter string `json:"delimiter,omitempty"`
	// Timezone is the IANA zone of times of day the file writes without a zone
	// ("Asia/Seoul"); empty for UTC. A date without a time of day is kept as midnight
	// UTC of that date.
	Timezone string `json:"timezone,omitempty"`
	// BuyWords, SellWords and DividendWords are the action column's values for each
	// kind of row, compared without case; empty for the defaults (매수, buy, B, …).
	BuyWords      []string `json:"buy_words,omitempty"`
	SellWords     []string `json:"sell_words,omitempty"`
	DividendWords []string `json:"dividend_words,omitempty"`
}

// Default action words: what Korean brokers and English exports write in the side column.
var (
	defaultBuy      = []string{"매수", "매수체결", "현금매수", "장내매수", "buy", "b", "bought", "purchase"}
	defaultSell     = []string{"매도", "매도체결", "현금매도", "장내매도", "sell", "s", "sold", "sale"}
	defaultDividend = []string{"배당", "배당금", "배당금입금", "dividend", "div"}
)

// guesses lists, for each field, the header names Guess recognises, best first.
var guesses = []struct {
	field string
	names []string
}{
	{"date", []string{"일자", "거래일자", "체결일자", "매매일자", "거래일", "날짜", "date", "trade date", "tradedate"}},
	{"symbol", []string{"종목코드", "코드", "종목번호", "symbol", "ticker", "code"}},
	{"name", []string{"종목명", "name", "security", "description"}},
	{"action", []string{"매수/매도", "매매구분", "거래구분", "구분", "매수매도", "side", "action", "type", "buy/sell"}},
	{"quantity", []string{"수량", "체결수량", "거래수량", "quantity", "shares", "qty"}},
	{"price", []string{"단가", "체결단가", "거래단가", "가격", "price", "unit price"}},
	{"amount", []string{"금액", "거래금액", "amount"}},
	{"fees", []string{"수수료", "fee", "fees", "commission"}},
	{"taxes", []string{"세금", "제세금", "tax", "taxes"}},
	{"currency", []string{"통화", "currency"}},
	{"note", []string{"메모", "비고", "note", "notes", "comment"}},
}

// required are the fields a Mapping must map.
var required = []string{"date", "symbol", "action", "quantity", "price"}

// field returns a pointer to the Columns field called name.
func (c *Columns) field(name string) *string {
	switch name {
	case "date":
		return &c.Date
	case "symbol":
		return &c.Symbol
	case "name":
		return &c.Name
	case "action":
		return &c.Action
	case "quantity":
		return &c.Quantity
	case "price":
		return &c.Price
	case "amount":
		return &c.Amount
	case "fees":
		return &c.Fees
	case "taxes":
		return &c.Taxes
	case "currency":
		return &c.Currency
	case "note":
		return &c.Note
	}
	return nil
}

// normHeader folds a header name for comparison: no case, no spaces.
func normHeader(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// Guess maps the columns of header it recognises (Korean and English names) and returns
// the required fields (date, symbol, action, quantity, price) it could not map. A
// header with Hangul gets KRW as its currency and Asia/Seoul as its zone.
func Guess(header []string) (Mapping, []string) {
	var m Mapping
	used := map[int]bool{}
	korean := false
	for _, h := range header {
		for _, r := range h {
			if r >= 0xAC00 && r <= 0xD7A3 {
				korean = true
			}
		}
	}
	for _, g := range guesses {
		dst := m.Columns.field(g.field)
	names:
		for _, name := range g.names {
			for i, h := range header {
				if !used[i] && normHeader(h) == name {
					*dst = strings.TrimSpace(h)
					used[i] = true
					break names
				}
			}
		}
	}
	if korean {
		m.Currency, m.Timezone = "KRW", "Asia/Seoul"
	}
	var missing []string
	for _, f := range required {
		if *m.Columns.field(f) == "" {
			missing = append(missing, f)
		}
	}
	return m, missing
}

// Format reads a CSV file through a Mapping; see New and Auto.
type Format struct {
	m    Mapping
	auto bool
}

// New returns the Format that reads files with the mapping m.
func New(m Mapping) trades.Format { return Format{m: m} }

// Auto returns the Format that guesses the mapping from each file's header (Guess); it
// recognises any CSV file whose header maps the date, symbol, action, quantity and
// price.
func Auto() trades.Format { return Format{auto: true} }

// Name returns "csv".
func (f Format) Name() string { return "csv" }

// Title returns the format's name for a person.
func (f Format) Title() string {
	if f.auto {
		return "CSV (columns guessed from the header)"
	}
	if f.m.Name != "" {
		return "CSV (" + f.m.Name + ")"
	}
	return "CSV (mapped columns)"
}

// Sniff reports whether head's header row holds the columns the mapping needs.
func (f Format) Sniff(head []byte) bool {
	header, _, ok := trades.SniffHeader(head)
	if !ok || len(header) < 2 {
		return false
	}
	if f.auto {
		_, missing := Guess(header)
		return len(missing) == 0
	}
	return len(f.m.missing(header)) == 0
}

// missing returns the mapped columns of the required fields that header lacks.
func (m Mapping) missing(header []string) []string {
	have := map[string]bool{}
	for _, h := range header {
		have[normHeader(h)] = true
	}
	var out []string
	for _, g := range guesses {
		col := *m.Columns.field(g.field)
		isRequired := false
		for _, r := range required {
			isRequired = isRequired || r == g.field
		}
		if (col != "" || isRequired) && !have[normHeader(col)] {
			out = append(out, g.field)
		}
	}
	return out
}

// reader holds what one Read needs.
type reader struct {
	m                   Mapping
	loc                 *time.Location
	buy, sell, dividend []string
	col                 map[string]int
	tab                 *trades.Table
	occ                 trades.Occurrences
}

// Read reads the CSV text r and emits a Trade per row. A row that cannot be read stops
// the read with an EINVALID error naming its line and column.
func (f Format) Read(ctx context.Context, r io.Reader, emit func(journal.Trade) error) error {
	br := bufio.NewReaderSize(r, trades.HeadSize)
	head, err := br.Peek(trades.HeadSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return err
	}
	header, comma, ok := trades.SniffHeader(head)
	if !ok {
		return journal.Errorf(journal.EINVALID, "line 1: the header row is longer than %d bytes", trades.HeadSize)
	}
	m := f.m
	if f.auto {
		var missing []string
		if m, missing = Guess(header); len(missing) > 0 {
			return journal.Errorf(journal.EINVALID, "cannot tell which column holds the %s; map the columns", strings.Join(missing, ", "))
		}
	}
	if m.Delimiter != "" {
		d, size := utf8.DecodeRuneInString(m.Delimiter)
		if size != len(m.Delimiter) || !(d == ',' || d == ';' || d == '\t') {
			return journal.Errorf(journal.EINVALID, "delimiter %q must be \",\", \";\" or a tab", m.Delimiter)
		}
		comma = d
	}
	rd := &reader{m: m, loc: time.UTC, col: map[string]int{}}
	if m.Timezone != "" {
		if rd.loc, err = time.LoadLocation(m.Timezone); err != nil {
			return journal.Errorf(journal.EINVALID, "unknown time zone %q", m.Timezone)
		}
	}
	rd.buy, rd.sell, rd.dividend = words(m.BuyWords, defaultBuy), words(m.SellWords, defaultSell), words(m.DividendWords, defaultDividend)
	if m.Currency != "" {
		if _, err := journal.NormalizeCurrency(m.Currency); err != nil {
			return journal.Errorf(journal.EINVALID, "mapping: %s", trades.Message(err))
		}
	} else if m.Columns.Currency == "" {
		return journal.Errorf(journal.EINVALID, "the file has no currency column: set the mapping's currency")
	}
	tab, err := trades.NewTable(ctx, br, comma)
	if err != nil {
		return err
	}
	rd.tab = tab
	for _, g := range guesses {
		name := *m.Columns.field(g.field)
		rd.col[g.field] = -1
		if name == "" {
			continue
		}
		i := tab.Index(name)
		if i < 0 {
			return journal.Errorf(journal.EINVALID, "line 1: the header has no column %q (mapped to %s)", name, g.field)
		}
		rd.col[g.field] = i
	}
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
		if err := emit(t); err != nil {
			return err
		}
	}
}

func words(set, def []string) []string {
	if len(set) == 0 {
		set = def
	}
	out := make([]string, len(set))
	for i, w := range set {
		out[i] = strings.ToLower(strings.TrimSpace(w))
	}
	return out
}

// kind returns the kind of row an action value stands for: an exact word first, then a
// word of two or more characters that the value contains ("현금매수").
func (rd *reader) kind(v string) (journal.TradeKind, bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	sets := []struct {
		k     journal.TradeKind
		words []string
	}{{journal.TradeBuy, rd.buy}, {journal.TradeSell, rd.sell}, {journal.TradeDividend, rd.dividend}}
	for _, s := range sets {
		for _, w := range s.words {
			if v == w {
				return s.k, true
			}
		}
	}
	var found []journal.TradeKind
	for _, s := range sets {
		for _, w := range s.words {
			if utf8.RuneCountInString(w) >= 2 && strings.Contains(v, w) {
				found = append(found, s.k)
				break
			}
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return "", false
}

func (rd *reader) get(field string) string { return rd.tab.Field(rd.col[field]) }

func (rd *reader) fail(field, msg string) error {
	return trades.FieldError(rd.tab.Line, rd.tab.Name(rd.col[field]), msg)
}

func (rd *reader) number(field string) (decimal.Decimal, error) {
	d, err := trades.ParseNumber(rd.get(field))
	if err != nil {
		return d, rd.fail(field, trades.Message(err))
	}
	return d, nil
}

// optional parses a column that may be missing or empty as zero.
func (rd *reader) optional(field string) (decimal.Decimal, error) {
	if rd.get(field) == "" {
		return decimal.Decimal{}, nil
	}
	return rd.number(field)
}

// row reads the current row; skip is true for a row with an empty action and code
// (a subtotal line).
func (rd *reader) row() (t journal.Trade, skip bool, err error) {
	tab := rd.tab
	t.Format, t.Line = "csv", tab.Line
	action, code := rd.get("action"), rd.get("symbol")
	if action == "" && code == "" {
		return t, true, nil
	}
	kind, ok := rd.kind(action)
	if !ok {
		return t, false, rd.fail("action", "\""+action+"\" is neither a buy, a sell nor a dividend; set the mapping's words")
	}
	t.Kind = kind
	at, clock, err := trades.ParseWhen(rd.get("date"), rd.loc)
	if err != nil {
		return t, false, rd.fail("date", trades.Message(err))
	}
	if !clock {
		// A date alone is kept as midnight UTC of that date (journal.Trade.At).
		at, _, _ = trades.ParseWhen(rd.get("date"), time.UTC)
	}
	t.At = at
	if code == "" {
		return t, false, rd.fail("symbol", "the code must not be empty")
	}
	if err := trades.Instrument(&t, code); err != nil {
		return t, false, rd.fail("symbol", trades.Message(err))
	}
	t.Name = rd.get("name")
	t.Note = rd.get("note")
	currency := rd.m.Currency
	if c := rd.get("currency"); c != "" {
		currency = c
	}
	if currency == "" {
		return t, false, rd.fail("currency", "the currency must not be empty")
	}
	if _, err := journal.NormalizeCurrency(currency); err != nil {
		return t, false, rd.fail("currency", trades.Message(err))
	}
	q, err := rd.optional("quantity")
	if err != nil {
		return t, false, err
	}
	t.Quantity = q.Abs()
	if kind != journal.TradeDividend && t.Quantity.IsZero() {
		return t, false, rd.fail("quantity", "the quantity must be greater than zero")
	}
	price, err := rd.optional("price")
	if err != nil {
		return t, false, err
	}
	if kind != journal.TradeDividend {
		if !price.IsPositive() {
			return t, false, rd.fail("price", "the price must be greater than zero")
		}
		if t.Price, err = journal.NewMoney(price, currency); err != nil {
			return t, false, rd.fail("price", trades.Message(err))
		}
	} else {
		amount, err := rd.optional("amount")
		if err != nil {
			return t, false, err
		}
		if amount.IsZero() {
			// A dividend row without an amount gives the dividend per share.
			amount = price.Mul(t.Quantity)
		}
		if !amount.IsPositive() {
			return t, false, rd.fail("amount", "the dividend must be greater than zero")
		}
		if t.Amount, err = journal.NewMoney(amount, currency); err != nil {
			return t, false, rd.fail("amount", trades.Message(err))
		}
	}
	for _, c := range []struct {
		field string
		dst   *journal.Money
	}{{"fees", &t.Fees}, {"taxes", &t.Taxes}} {
		d, err := rd.optional(c.field)
		if err != nil {
			return t, false, err
		}
		if *c.dst, err = trades.Cost(d, currency); err != nil {
			return t, false, rd.fail(c.field, trades.Message(err))
		}
	}
	t.Ref = rd.occ.Next(trades.RowRef("csv", tab.Row...))
	return t, false, nil
}
