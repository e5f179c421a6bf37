// Package ghostfolio reads the JSON file Ghostfolio exports (and imports): an object
// with "meta", "accounts", "assetProfiles", … and "activities", each activity holding
// "date", "type", "symbol", "dataSource", "quantity", "unitPrice", "fee", "currency"
// and "comment". The fields are those of Ghostfolio's own import test files
// (github.com/ghostfolio/ghostfolio, test/import/ok/sample.json).
//
// BUY and SELL activities become buys and sells, DIVIDEND activities dividends of
// quantity × unitPrice. FEE, INTEREST, ITEM and LIABILITY activities, and activities of
// MANUAL assets (whose symbol is Ghostfolio's own id, not a market symbol), are skipped.
// The file is read as a stream of JSON tokens: only one activity is held at a time.
// Activities have no id in the export: a Ref is a digest of the activity's fields.
package ghostfolio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/journal/trades"
)

// Format reads Ghostfolio export files.
type Format struct{}

// Name returns "ghostfolio".
func (Format) Name() string { return "ghostfolio" }

// Title returns "Ghostfolio export (JSON)".
func (Format) Title() string { return "Ghostfolio export (JSON)" }

// Sniff reports whether head starts a JSON object with Ghostfolio's "meta" and one of
// its sections.
func (Format) Sniff(head []byte) bool {
	s := bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\ufeff")))
	if len(s) == 0 || s[0] != '{' || !bytes.Contains(s, []byte(`"meta"`)) {
		return false
	}
	for _, k := range []string{`"activities"`, `"accounts"`, `"assetProfiles"`, `"platforms"`} {
		if bytes.Contains(s, []byte(k)) {
			return true
		}
	}
	return false
}

// activity is one element of "activities"; numbers are kept as their JSON text.
type activity struct {
	AccountID  *string     `json:"accountId"`
	Comment    *string     `json:"comment"`
	Fee        json.Number `json:"fee"`
	Quantity   json.Number `json:"quantity"`
	Type       string      `json:"type"`
	UnitPrice  json.Number `json:"unitPrice"`
	Currency   string      `json:"currency"`
	DataSource string      `json:"dataSource"`
	Date       string      `json:"date"`
	Symbol     string      `json:"symbol"`
}

// Read reads the JSON text r and emits a Trade per BUY, SELL and DIVIDEND activity.
func (f Format) Read(ctx context.Context, r io.Reader, emit func(journal.Trade) error) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := expectDelim(dec, '{', "the file"); err != nil {
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return syntaxError(dec, "the file", err)
		}
		key, _ := tok.(string)
		if key != "activities" {
			if err := skipValue(dec); err != nil {
				return syntaxError(dec, key, err)
			}
			continue
		}
		if err := readActivities(ctx, dec, emit); err != nil {
			return err
		}
	}
	return nil
}

func readActivities(ctx context.Context, dec *json.Decoder, emit func(journal.Trade) error) error {
	if err := expectDelim(dec, '[', "activities"); err != nil {
		return err
	}
	var occ trades.Occurrences
	for i := 0; dec.More(); i++ {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		path := fmt.Sprintf("activities[%d]", i)
		var a activity
		if err := dec.Decode(&a); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				return journal.Errorf(journal.EINVALID, "%s.%s: a %s cannot be read as this field", path, te.Field, te.Value)
			}
			return syntaxError(dec, path, err)
		}
		t, skip, err := a.trade(path)
		if err != nil {
			return err
		}
		if skip {
			continue
		}
		t.Line = i + 1
		comment := ""
		if a.Comment != nil {
			comment = *a.Comment
		}
		account := ""
		if a.AccountID != nil {
			account = *a.AccountID
		}
		t.Ref = occ.Next(trades.RowRef("ghostfolio", a.Date, a.Type, a.DataSource, a.Symbol, a.Quantity.String(),
			a.UnitPrice.String(), a.Fee.String(), a.Currency, account, comment))
		if err := emit(t); err != nil {
			return err
		}
	}
	_, err := dec.Token() // ']'
	if err != nil {
		return syntaxError(dec, "activities", err)
	}
	return nil
}

func (a activity) trade(path string) (t journal.Trade, skip bool, err error) {
	fail := func(field string, err error) (journal.Trade, bool, error) {
		return t, false, journal.Errorf(journal.EINVALID, "%s.%s: %s", path, field, trades.Message(err))
	}
	t.Format = "ghostfolio"
	switch strings.ToUpper(a.Type) {
	case "BUY":
		t.Kind = journal.TradeBuy
	case "SELL":
		t.Kind = journal.TradeSell
	case "DIVIDEND":
		t.Kind = journal.TradeDividend
	case "":
		return fail("type", errors.New("the type must not be empty"))
	default:
		return t, true, nil
	}
	if strings.EqualFold(a.DataSource, "MANUAL") {
		return t, true, nil
	}
	if t.At, err = trades.ParseTime(a.Date, time.UTC); err != nil {
		return fail("date", err)
	}
	if err := trades.Instrument(&t, a.Symbol); err != nil {
		return fail("symbol", err)
	}
	if _, err := journal.NormalizeCurrency(a.Currency); err != nil {
		return fail("currency", err)
	}
	num := func(n json.Number) (decimal.Decimal, error) {
		if n == "" {
			return decimal.Decimal{}, nil
		}
		// JSON allows exponents ("1e-7"); they are exact decimals, read without float64,
		// within bounds so that a hostile exponent cannot build a huge number.
		d, err := decimal.NewFromString(n.String())
		if err != nil || len(n) > 40 || d.Exponent() < -30 || d.Exponent() > 30 {
			return decimal.Decimal{}, errors.New("not a number")
		}
		return d, nil
	}
	q, err := num(a.Quantity)
	if err != nil || q.IsNegative() || q.IsZero() && t.Kind != journal.TradeDividend {
		return fail("quantity", fmt.Errorf("%s is not a quantity greater than zero", strconv.Quote(a.Quantity.String())))
	}
	t.Quantity = q
	price, err := num(a.UnitPrice)
	if err != nil || !price.IsPositive() {
		return fail("unitPrice", fmt.Errorf("%s is not a price greater than zero", strconv.Quote(a.UnitPrice.String())))
	}
	if t.Kind == journal.TradeDividend {
		t.Amount, err = journal.NewMoney(price.Mul(q), a.Currency)
	} else {
		t.Price, err = journal.NewMoney(price, a.Currency)
	}
	if err != nil {
		return fail("unitPrice", err)
	}
	fee, err := num(a.Fee)
	if err != nil || fee.IsNegative() {
		return fail("fee", fmt.Errorf("%s is not a fee", strconv.Quote(a.Fee.String())))
	}
	if t.Fees, err = trades.Cost(fee, a.Currency); err != nil {
		return fail("fee", err)
	}
	if a.Comment != nil {
		t.Note = *a.Comment
	}
	return t, false, nil
}

func expectDelim(dec *json.Decoder, want json.Delim, what string) error {
	tok, err := dec.Token()
	if err != nil {
		return syntaxError(dec, what, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		kind := "an object"
		if want == '[' {
			kind = "an array"
		}
		return journal.Errorf(journal.EINVALID, "%s: must be %s", what, kind)
	}
	return nil
}

// skipValue reads past the next JSON value, token by token.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

func syntaxError(dec *json.Decoder, path string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return journal.Errorf(journal.EINVALID, "%s: the file ends before the JSON does", path)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return journal.Errorf(journal.EINVALID, "%s: invalid JSON at byte %d: %s", path, se.Offset, se.Error())
	}
	if strings.HasPrefix(err.Error(), "json: ") {
		return journal.Errorf(journal.EINVALID, "%s: %s", path, strings.TrimPrefix(err.Error(), "json: "))
	}
	return fmt.Errorf("read ghostfolio export: %s: %w", path, err)
}
