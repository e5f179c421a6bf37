package journal

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// csvColumns are the header of the CSV export, in column order.
var csvColumns = []string{
	"id", "title", "status", "conviction", "created_at", "review_by", "tags",
	"loss_budget", "loss_budget_currency",
	"symbol", "side", "fill_id", "action", "at", "quantity", "price", "currency",
	"fees", "fees_currency", "taxes", "taxes_currency", "fx_to_base", "base_currency",
}

// csvPositionColumns is the number of columns that describe a position's fill.
const csvPositionColumns = 13

// CSVHeader returns the header row EncodeCSV writes: the thesis columns id, title, status,
// conviction, created_at, review_by, tags, loss_budget and loss_budget_currency, then the
// fill columns symbol, side, fill_id, action, at, quantity, price, currency, fees,
// fees_currency, taxes, taxes_currency and fx_to_base, and last the journal's
// base_currency.
func CSVHeader() []string {
	return append([]string(nil), csvColumns...)
}

// EncodeCSV writes the theses to w as a spreadsheet table with one row per fill; a
// position without fills gets one row with its symbol and side only, and a thesis
// without positions one row whose fill columns are empty. The first
// row is CSVHeader. The last column repeats the base currency of s, the currency that
// fx_to_base converts into.
//
// The file is meant to be opened by people as well as programs:
//   - it starts with a UTF-8 byte order mark, because Excel opens a CSV file without one
//     in the system's legacy code page (CP949 on Korean Windows), garbling Hangul; other
//     readers should skip the mark (encoding/csv keeps it in the first header cell);
//   - rows end in CRLF as RFC 4180 prescribes, and fields holding commas, quotes or line
//     breaks are quoted;
//   - amounts are exact decimals without grouping ("1441.5"), each next to its currency
//     code; times are RFC 3339 in UTC to the second ("2025-01-28T15:00:00Z"), dates are YYYY-MM-DD;
//     tags are joined by ";";
//   - a text cell (id, title, tags, symbol) that starts with =, +, -, @, a tab or a
//     carriage return gets a leading apostrophe so a spreadsheet shows it as text
//     instead of evaluating it as a formula.
func EncodeCSV(w io.Writer, s Settings, theses []*Thesis) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(csvColumns); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	row := make([]string, len(csvColumns))
	for i, t := range theses {
		if t == nil {
			return fmt.Errorf("write csv: thesis %d is nil", i)
		}
		thesisCols := []string{
			csvText(t.ID), csvText(t.Title), string(t.Status), strconv.Itoa(t.Conviction),
			csvTime(t.CreatedAt), t.ReviewBy.String(), csvText(strings.Join(t.Tags, ";")),
		}
		thesisCols = append(thesisCols, csvMoney(t.LossBudget)...)
		n := copy(row, thesisCols)
		row[len(row)-1] = s.BaseCurrency
		positions := t.Positions
		if len(positions) == 0 {
			clear(row[n : n+csvPositionColumns])
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("write csv: thesis %s: %w", t.ID, err)
			}
			continue
		}
		for _, p := range positions {
			fills := p.Fills
			if len(fills) == 0 {
				fills = []Fill{{}}
			}
			for _, f := range fills {
				clear(row[n : n+csvPositionColumns])
				copy(row[n:], []string{csvText(p.Symbol), string(p.Side)})
				if f.ID != "" {
					copy(row[n+2:], []string{
						csvText(f.ID), string(f.Action), csvTime(f.At), f.Quantity.String(),
						f.Price.Amount.String(), f.Price.Currency,
					})
					copy(row[n+8:], csvMoney(f.Fees))
					copy(row[n+10:], csvMoney(f.Taxes))
					if f.FXToBase.IsPositive() {
						row[n+12] = f.FXToBase.String()
					}
				}
				if err := cw.Write(row); err != nil {
					return fmt.Errorf("write csv: thesis %s: %w", t.ID, err)
				}
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// csvText keeps spreadsheets from reading a text cell as a formula.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// csvMoney returns the amount and currency columns of m, both empty for the zero Money.
func csvMoney(m Money) []string {
	if m.IsZero() {
		return []string{"", ""}
	}
	return []string{m.Amount.String(), m.Currency}
}
