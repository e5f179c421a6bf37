package main

import (
	"time"

	"hindsight/journal"
	"hindsight/journal/trades"
	"hindsight/journal/trades/csvmap"
)

// jsonTradeRow says where one imported trade went.
type jsonTradeRow struct {
	Line     int     `json:"line"`
	Dest     string  `json:"dest"`
	ThesisID *string `json:"thesis_id"`
	Symbol   string  `json:"symbol"`
	ID       *string `json:"id"`
}

// jsonTradesImport is what trades import --json prints.
type jsonTradesImport struct {
	Schema     string          `json:"schema"`
	Command    string          `json:"command"`
	File       string          `json:"file"`
	Format     string          `json:"format"`
	Encoding   string          `json:"encoding"`
	Mapping    *csvmap.Mapping `json:"mapping"`
	DryRun     bool            `json:"dry_run"`
	Fills      int             `json:"fills"`
	Dividends  int             `json:"dividends"`
	Inbox      int             `json:"inbox"`
	Duplicates int             `json:"duplicates"`
	Theses     []string        `json:"theses"`
	Rows       []jsonTradeRow  `json:"rows"`
}

func tradesImportOutput(file string, f trades.Format, enc trades.Encoding, m *csvmap.Mapping, r journal.TradeImportResult) jsonTradesImport {
	return jsonTradesImport{
		Schema: cliSchema, Command: "trades import", File: file, Format: f.Name(), Encoding: string(enc), Mapping: m,
		DryRun: r.DryRun, Fills: r.Fills, Dividends: r.Dividends, Inbox: r.Inbox, Duplicates: r.Duplicates,
		Theses: orEmpty(r.Theses),
		Rows: mapList(r.Rows, func(row journal.TradeRow) jsonTradeRow {
			return jsonTradeRow{Line: row.Line, Dest: row.Dest, ThesisID: stringOrNull(row.ThesisID), Symbol: row.Symbol, ID: stringOrNull(row.ID)}
		}),
	}
}

// jsonThesisFill is a fill with the thesis and symbol it belongs to.
type jsonThesisFill struct {
	ThesisID string   `json:"thesis_id"`
	Symbol   string   `json:"symbol"`
	Side     string   `json:"side"`
	Fill     jsonFill `json:"fill"`
}

// jsonInboxEntry is an imported trade waiting for a thesis.
type jsonInboxEntry struct {
	ID       string     `json:"id"`
	AddedAt  time.Time  `json:"added_at"`
	Format   string     `json:"format"`
	Line     int        `json:"line"`
	Kind     string     `json:"kind"`
	At       time.Time  `json:"at"`
	Symbol   string     `json:"symbol"`
	Name     string     `json:"name"`
	Quantity string     `json:"quantity"`
	Price    *jsonMoney `json:"price"`
	Amount   *jsonMoney `json:"amount"`
	Fees     *jsonMoney `json:"fees"`
	Taxes    *jsonMoney `json:"taxes"`
}

// jsonTradesList is what trades list --json prints.
type jsonTradesList struct {
	Schema  string           `json:"schema"`
	Command string           `json:"command"`
	Fills   []jsonThesisFill `json:"fills"`
	Inbox   []jsonInboxEntry `json:"inbox"`
}

func tradesListOutput(theses []*journal.Thesis, inbox []journal.InboxEntry, unassigned bool) jsonTradesList {
	out := jsonTradesList{Schema: cliSchema, Command: "trades list", Fills: []jsonThesisFill{}}
	if !unassigned {
		for _, t := range theses {
			for _, p := range t.Positions {
				for _, f := range p.Fills {
					out.Fills = append(out.Fills, jsonThesisFill{ThesisID: t.ID, Symbol: p.Symbol, Side: string(p.Side), Fill: fillOf(f)})
				}
			}
		}
	}
	out.Inbox = mapList(inbox, func(in journal.InboxEntry) jsonInboxEntry {
		t := in.Trade
		return jsonInboxEntry{ID: in.ID, AddedAt: utc(in.AddedAt), Format: t.Format, Line: t.Line, Kind: string(t.Kind),
			At: utc(t.At), Symbol: t.Symbol, Name: t.Name, Quantity: t.Quantity.String(),
			Price: moneyOrNull(&t.Price), Amount: moneyOrNull(&t.Amount), Fees: moneyOrNull(&t.Fees), Taxes: moneyOrNull(&t.Taxes)}
	})
	return out
}

// jsonSplitEntry is a recorded split.
type jsonSplitEntry struct {
	ID     string `json:"id"`
	Symbol string `json:"symbol"`
	Ratio  string `json:"ratio"`
	On     string `json:"on"`
	Source string `json:"source"`
}

// jsonSplitList is what split list --json prints.
type jsonSplitList struct {
	Schema  string           `json:"schema"`
	Command string           `json:"command"`
	Splits  []jsonSplitEntry `json:"splits"`
}

func splitListOutput(acts []journal.CorporateAction) jsonSplitList {
	return jsonSplitList{Schema: cliSchema, Command: "split list", Splits: mapList(acts, func(a journal.CorporateAction) jsonSplitEntry {
		return jsonSplitEntry{ID: a.ID, Symbol: a.Symbol, Ratio: a.Ratio, On: journal.DateOf(a.At.UTC()).String(), Source: a.Source}
	})}
}
