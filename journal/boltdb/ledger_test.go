package boltdb_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
)

// trade returns a KRW trade of format "kiwoom" on line line.
func trade(line int, kind journal.TradeKind, sym, qty, price string) journal.Trade {
	tr := journal.Trade{
		Format: "kiwoom", Ref: fmt.Sprintf("R%03d", line), Line: line,
		Kind: kind, At: day1.Add(time.Duration(line) * time.Hour), Symbol: sym, Code: strings.TrimSuffix(sym, ".KS"),
		Quantity: decimal.RequireFromString(qty),
	}
	if kind == journal.TradeDividend {
		tr.Amount = journal.MustMoney(price, "KRW")
	} else {
		tr.Price = journal.MustMoney(price, "KRW")
	}
	return tr
}

// fillsOf returns "action quantity@price" for each fill of the position of sym.
func fillsOf(th *journal.Thesis, sym string) []string {
	var out []string
	for _, p := range th.Positions {
		if p.Symbol != sym {
			continue
		}
		for _, f := range p.Fills {
			out = append(out, string(f.Action)+" "+f.Quantity.String()+"@"+f.Price.Amount.String())
		}
		for _, d := range p.Dividends {
			out = append(out, "dividend "+d.Amount.Amount.String())
		}
	}
	return out
}

func TestImportTrades(t *testing.T) {
	db, _ := mustOpen(t)
	if err := db.SaveSettings(ctx, journal.Settings{BaseCurrency: "KRW"}); err != nil {
		t.Fatal(err)
	}
	samsung := mustCreate(t, db, sampleThesis("삼성전자")) // open, long 10 of 005930.KS
	closed := sampleThesis("닫힌 생각")
	closed.Status = journal.StatusClosed
	mustCreate(t, db, closed)
	otherTh := plainThesis("다른 생각", "")
	otherTh.LossBudget = journal.MustMoney("500000", "KRW")
	other := mustCreate(t, db, otherTh)

	trades := []journal.Trade{
		trade(2, journal.TradeBuy, "005930.KS", "5", "71000"),     // → samsung, the only open holder
		trade(3, journal.TradeSell, "005930.KS", "12", "72000"),   // → samsung: 10 + 5 - 12 = 3 held
		trade(4, journal.TradeBuy, "000660.KS", "1", "180000"),    // no holder → inbox
		trade(5, journal.TradeDividend, "005930.KS", "3", "1083"), // → samsung
	}
	trades = append(trades, trades[0]) // the same row twice → duplicate
	trades[4].Line = 6
	dry, err := db.ImportTrades(ctx, trades, journal.TradeOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.ImportTrades(ctx, trades, journal.TradeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !dry.DryRun || res.DryRun {
		t.Fatalf("dry run flags %v %v", dry.DryRun, res.DryRun)
	}
	dry.DryRun = false
	if mustJSON(t, dry) != mustJSON(t, res) {
		t.Errorf("dry run %s\nimport  %s", mustJSON(t, dry), mustJSON(t, res))
	}
	if res.Fills != 2 || res.Dividends != 1 || res.Inbox != 1 || res.Duplicates != 1 || len(res.Theses) != 1 || res.Theses[0] != samsung.ID {
		t.Fatalf("result %+v", res)
	}
	wantDest := []string{journal.DestThesis, journal.DestThesis, journal.DestInbox, journal.DestThesis, journal.DestDuplicate}
	for i, r := range res.Rows {
		if r.Dest != wantDest[i] || r.Line != trades[i].Line || r.ID != journal.TradeID("kiwoom", trades[i].Ref) {
			t.Errorf("row %d: %+v, want dest %s", i, r, wantDest[i])
		}
	}
	got, err := db.Get(ctx, samsung.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"buy 10@70000", "buy 5@71000", "sell 12@72000", "dividend 1083"}
	if g := fillsOf(got, "005930.KS"); strings.Join(g, ",") != strings.Join(want, ",") {
		t.Errorf("fills %v, want %v", g, want)
	}
	last := got.Revisions[len(got.Revisions)-1]
	if len(last.Ledger) != 3 || last.Ledger[0].Change != journal.LedgerAdded || last.Ledger[0].ID != res.Rows[0].ID {
		t.Errorf("revision ledger %+v", last.Ledger)
	}
	if f := got.Positions[0].Fills[1]; f.Source != "import:kiwoom" || f.Ref != trades[0].Ref || !f.FXToBase.Equal(decimal.NewFromInt(1)) {
		t.Errorf("imported fill %+v", f)
	}
	inbox, err := db.Inbox(ctx)
	if err != nil || len(inbox) != 1 || inbox[0].Trade.Symbol != "000660.KS" || inbox[0].Trade.Line != 4 {
		t.Fatalf("inbox %+v %v", inbox, err)
	}

	// Importing the same file again adds nothing.
	again, err := db.ImportTrades(ctx, trades, journal.TradeOptions{})
	if err != nil || again.Duplicates != 5 || again.Fills+again.Inbox+again.Dividends != 0 {
		t.Fatalf("second import %+v %v", again, err)
	}

	// The inbox entry goes to a thesis without a position in its symbol: a long one is added.
	if err := db.AssignInbox(ctx, []string{inbox[0].ID}, other.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = db.Get(ctx, other.ID)
	if g := fillsOf(got, "000660.KS"); len(g) != 1 || g[0] != "buy 1@180000" || got.Positions[0].Side != journal.SideLong {
		t.Errorf("assigned %v %+v", g, got.Positions)
	}
	if got.Positions[0].Fills[0].ID != inbox[0].ID || len(got.Revisions) != 1 {
		t.Errorf("assigned fill id %s, revisions %d", got.Positions[0].Fills[0].ID, len(got.Revisions))
	}
	if in, _ := db.Inbox(ctx); len(in) != 0 {
		t.Errorf("inbox after assigning %+v", in)
	}
	if again, _ := db.ImportTrades(ctx, trades[2:3], journal.TradeOptions{}); again.Duplicates != 1 {
		t.Errorf("the assigned row imported again: %+v", again)
	}
}

func TestImportTradesErrors(t *testing.T) {
	db, _ := mustOpen(t)
	if err := db.SaveSettings(ctx, journal.Settings{BaseCurrency: "KRW"}); err != nil {
		t.Fatal(err)
	}
	th := mustCreate(t, db, sampleThesis("삼성전자")) // long 10
	bare := trade(7, journal.TradeBuy, "", "1", "70000")
	bare.Code, bare.Candidates = "005930", []string{"005930.KS", "005930.KQ"}
	tests := []struct {
		name   string
		trades []journal.Trade
		opts   journal.TradeOptions
		code   string
		msg    string
	}{
		{"ambiguous code", []journal.Trade{bare}, journal.TradeOptions{}, journal.EINVALID,
			"line 7: code 005930 could be 005930.KS or 005930.KQ; choose one"},
		// 10 held, sell 4 then 7: the second sells 7 of 6.
		{"sells more than held", []journal.Trade{
			trade(2, journal.TradeSell, "005930.KS", "4", "71000"),
			trade(3, journal.TradeSell, "005930.KS", "7", "71000"),
		}, journal.TradeOptions{}, journal.EINVALID, "line 3: thesis " + th.ID},
		{"missing thesis", []journal.Trade{trade(2, journal.TradeBuy, "005930.KS", "1", "1")},
			journal.TradeOptions{ThesisID: "nope"}, journal.ENOTFOUND, "thesis nope not found"},
		// Refused before it is placed anywhere (a thesis or the inbox).
		{"bad price", []journal.Trade{trade(9, journal.TradeBuy, "005930.KS", "1", "-5")},
			journal.TradeOptions{}, journal.EINVALID, "line 9: invalid price: must be greater than zero"},
	}
	for _, tc := range tests {
		_, err := db.ImportTrades(ctx, tc.trades, tc.opts)
		wantCode(t, err, tc.code)
		if !strings.Contains(journal.ErrorMessage(err), tc.msg) {
			t.Errorf("%s: %q, want %q", tc.name, journal.ErrorMessage(err), tc.msg)
		}
	}
	// Nothing was written: the next import of a refused row is not a duplicate.
	res, err := db.ImportTrades(ctx, tests[1].trades[:1], journal.TradeOptions{})
	if err != nil || res.Fills != 1 {
		t.Fatalf("import after refusals %+v %v", res, err)
	}
	// A chosen symbol resolves the code.
	res, err = db.ImportTrades(ctx, []journal.Trade{bare}, journal.TradeOptions{Symbols: map[string]string{"005930": "005930.KS"}, ThesisID: th.ID})
	if err != nil || res.Fills != 1 || res.Rows[0].Symbol != "005930.KS" {
		t.Fatalf("import with a chosen symbol %+v %v", res, err)
	}
}

func TestDiscardInbox(t *testing.T) {
	db, _ := mustOpen(t)
	trades := []journal.Trade{trade(2, journal.TradeBuy, "NVDA", "1", "100"), trade(3, journal.TradeBuy, "AAPL", "1", "100")}
	res, err := db.ImportTrades(ctx, trades, journal.TradeOptions{})
	if err != nil || res.Inbox != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	wantCode(t, db.DiscardInbox(ctx, []string{res.Rows[0].ID, "nope"}), journal.ENOTFOUND)
	if in, _ := db.Inbox(ctx); len(in) != 2 {
		t.Fatalf("a refused discard removed entries: %d left", len(in))
	}
	if err := db.DiscardInbox(ctx, []string{res.Rows[0].ID}); err != nil {
		t.Fatal(err)
	}
	in, _ := db.Inbox(ctx)
	if len(in) != 1 || in[0].ID != res.Rows[1].ID {
		t.Fatalf("inbox %+v", in)
	}
	// A discarded row does not come back.
	again, _ := db.ImportTrades(ctx, trades, journal.TradeOptions{})
	if again.Duplicates != 2 {
		t.Fatalf("re-import %+v", again)
	}
}

func TestCorporateActions(t *testing.T) {
	db, _ := mustOpen(t)
	if err := db.SaveSettings(ctx, journal.Settings{BaseCurrency: "KRW"}); err != nil {
		t.Fatal(err)
	}
	th := mustCreate(t, db, sampleThesis("삼성전자")) // buys 10 of 005930.KS on day1
	// Sell 40 a month later: only possible after a 5:1 split in between (10 × 5 = 50 held).
	later := day1.AddDate(0, 1, 0)
	sell := trade(2, journal.TradeSell, "005930.KS", "40", "14000")
	sell.At = later
	_, err := db.ImportTrades(ctx, []journal.Trade{sell}, journal.TradeOptions{})
	wantCode(t, err, journal.EINVALID)

	splitAt := time.Date(day1.Year(), day1.Month(), day1.Day()+7, 0, 0, 0, 0, time.UTC)
	split := journal.CorporateAction{
		ID: journal.ActionID("005930.KS", journal.ActionSplit, splitAt), Symbol: "005930.KS", Kind: journal.ActionSplit,
		Ratio: "5:1", At: splitAt, Source: journal.FillManual,
	}
	n, err := db.SaveCorporateActions(ctx, []journal.CorporateAction{split})
	if err != nil || n != 1 {
		t.Fatalf("save: %d %v", n, err)
	}
	if n, err := db.SaveCorporateActions(ctx, []journal.CorporateAction{split}); err != nil || n != 0 {
		t.Fatalf("save again: %d new, %v", n, err)
	}
	if _, err := db.ImportTrades(ctx, []journal.Trade{sell}, journal.TradeOptions{}); err != nil {
		t.Fatalf("sell after the split: %v", err)
	}
	// Without the split, or with a 2:1 one, 40 cannot be sold: refused, naming the thesis.
	wantCode(t, db.DeleteCorporateAction(ctx, split.ID), journal.EINVALID)
	smaller := split
	smaller.Ratio = "2:1"
	_, err = db.SaveCorporateActions(ctx, []journal.CorporateAction{smaller})
	wantCode(t, err, journal.EINVALID)
	if !strings.Contains(journal.ErrorMessage(err), th.ID) {
		t.Errorf("message %q does not name thesis %s", journal.ErrorMessage(err), th.ID)
	}
	bad := split
	bad.Ratio = "five"
	_, err = db.SaveCorporateActions(ctx, []journal.CorporateAction{bad})
	wantCode(t, err, journal.EINVALID)
	got, err := db.CorporateActions(ctx)
	if err != nil || len(got) != 1 || got[0].Ratio != "5:1" || !got[0].At.Equal(splitAt) {
		t.Fatalf("actions %+v %v", got, err)
	}
	wantCode(t, db.DeleteCorporateAction(ctx, "nope"), journal.ENOTFOUND)

	// An action on a symbol no ledger needs comes and goes freely.
	nv := journal.CorporateAction{
		ID: journal.ActionID("NVDA", journal.ActionSplit, splitAt), Symbol: "NVDA", Kind: journal.ActionSplit,
		Ratio: "10:1", At: splitAt, Source: "yahoo",
	}
	if _, err := db.SaveCorporateActions(ctx, []journal.CorporateAction{nv}); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteCorporateAction(ctx, nv.ID); err != nil {
		t.Fatal(err)
	}
}

func TestTradePresets(t *testing.T) {
	db, _ := mustOpen(t)
	tests := []struct {
		name, mapping string
		code          string
	}{
		{"키움 CSV", `{"date":"체결일자"}`, ""},
		{"키움 CSV", `{"date":"주문일자"}`, ""}, // replaces the first
		{"", `{}`, journal.EINVALID},
		{strings.Repeat("가", 61), `{}`, journal.EINVALID},
		{strings.Repeat("가", 60), `{}`, ""},
		{"not an object", `[1]`, journal.EINVALID},
	}
	for _, tc := range tests {
		err := db.SaveTradePreset(ctx, journal.TradePreset{Name: tc.name, Mapping: json.RawMessage(tc.mapping)})
		if tc.code == "" && err != nil {
			t.Errorf("%q: %v", tc.name, err)
		} else if tc.code != "" {
			wantCode(t, err, tc.code)
		}
	}
	got, err := db.TradePresets(ctx)
	if err != nil || len(got) != 2 || got[1].Name != "키움 CSV" || string(got[1].Mapping) != `{"date":"주문일자"}` {
		t.Fatalf("presets %s %v", mustJSON(t, got), err)
	}
}
