package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/journal/trades"
	"hindsight/journal/trades/csvmap"
	"hindsight/journal/trades/ghostfolio"
	"hindsight/journal/trades/ibkr"
	"hindsight/journal/trades/pp"
	"hindsight/journal/trades/wealthfolio"
)

// samsungJournalJSON is a KRW journal with one open thesis holding 005930.KS.
const samsungJournalJSON = `{"format":"hindsight-journal","version":2,
 "settings":{"base_currency":"KRW"},
 "theses":[{"id":"samsung","title":"삼성전자 HBM 추격","status":"open","conviction":60,
  "created_at":"2024-06-01T00:00:00Z","loss_budget":{"amount":"3000000","currency":"KRW"},
  "positions":[{"symbol":"005930.KS","side":"long","fills":[
   {"id":"f-first","at":"2024-06-01T01:00:00Z","action":"buy","quantity":"100","price":{"amount":"70000","currency":"KRW"},"fx_to_base":"1","source":"manual"}]}],
  "snapshots":[{"symbol":"005930.KS","price":{"amount":"75000","currency":"KRW"},"at":"2024-07-01T06:30:00Z","source":"manual"}],
  "reviews":[],"revisions":[]}]}`

// krBrokerCP949 is the Korean broker's export in the trades package's test data.
var krBrokerCP949 = filepath.Join("..", "journal", "trades", "csvmap", "testdata", "kr-broker.cp949.csv")

// testTradeFormats are the trade formats as the app is given them.
func testTradeFormats() []trades.Format {
	return []trades.Format{ibkr.Format{}, ghostfolio.Format{}, wealthfolio.Format{}, pp.Format{}, csvmap.Auto()}
}

// newSamsungHarness runs the app on samsungJournalJSON with the trade formats.
func newSamsungHarness(t *testing.T) *harness {
	t.Helper()
	applyLanguage(langEnglish)
	doc, err := journal.DecodeInterchange(strings.NewReader(samsungJournalJSON))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, harnessOptions{seed: doc.Theses, settings: doc.Settings, noServer: true})
	h.u.deps.TradeFormats = testTradeFormats()
	h.pump("the journal", func() bool { return h.u.loaded || len(h.u.all) > 0 })
	h.u.all = h.all()
	return h
}

// waitWizard waits until the wizard shows its newest reading.
func waitWizard(h *harness, w *tradeWizard) {
	h.t.Helper()
	h.pump("the import preview", func() bool { return w.shownGen == w.gen && h.u.running.Load() == 0 })
}

func TestTradeImportKoreanBrokerCSV(t *testing.T) {
	h := newSamsungHarness(t)
	w := h.u.showTradeImport(krBrokerCP949)
	waitWizard(h, w)

	if w.readErr != nil {
		t.Fatalf("read: %v", w.readErr)
	}
	if got := w.formatLbl.Text; !strings.Contains(got, "CP949") {
		t.Errorf("format line %q does not name CP949", got)
	}
	if len(w.rows) != 5 {
		t.Fatalf("preview has %d rows, want 5", len(w.rows))
	}
	if got := w.cell(1, colIndex("name")); got != "SK하이닉스" {
		t.Errorf("row 2's name is %q", got)
	}
	if got := w.cell(0, colIndex("kind")); got != "Buy" {
		t.Errorf("row 1's kind is %q", got)
	}
	if !w.mappingBox.Visible() || w.selects["date"].Selected != "일자" || w.selects["quantity"].Selected != "수량" {
		t.Errorf("the columns are not shown as guessed: date %q, quantity %q", w.selects["date"].Selected, w.selects["quantity"].Selected)
	}
	// A000660 may be KOSPI or KOSDAQ: the wizard asks, and Import waits for the answer.
	if len(w.symbolsBox.Objects) != 1 || !strings.Contains(strings.Join(visibleTexts(w.symbolsBox), " "), "A000660") {
		t.Fatalf("the wizard does not ask for A000660's market: %q", visibleTexts(w.symbolsBox))
	}
	if !w.importBtn.Disabled() {
		t.Fatal("Import is enabled before the market of A000660 is chosen")
	}
	if got := w.cell(1, colIndex("dest")); got != tr("tradeimport.dest_choose") {
		t.Errorf("row 2 goes to %q before its market is chosen", got)
	}
	var sel *widget.Select
	walk(w.symbolsBox, func(o fyne.CanvasObject) {
		if s, ok := o.(*widget.Select); ok {
			sel = s
		}
	})
	sel.SetSelectedIndex(0)
	waitWizard(h, w)
	if w.importBtn.Disabled() {
		t.Fatalf("Import is still disabled: %q", w.problem.Text)
	}
	wantDest := []string{"삼성전자 HBM 추격", "Inbox", "삼성전자 HBM 추격", "삼성전자 HBM 추격", "삼성전자 HBM 추격"}
	for i, want := range wantDest {
		if got := w.cell(i, colIndex("dest")); got != want {
			t.Errorf("row %d goes to %q, want %q", i+1, got, want)
		}
	}
	if got := w.cell(1, colIndex("symbol")); got != "000660.KS" {
		t.Errorf("row 2's symbol is %q", got)
	}

	test.Tap(w.importBtn)
	h.pump("the import", func() bool { return w.done && h.u.running.Load() == 0 && len(h.u.inbox.entries) == 1 })
	if got := h.u.status.said; !strings.Contains(got, "3 fills onto 1 theses") && !strings.Contains(got, "4 fills onto 1 theses") {
		t.Errorf("status says %q", got)
	}
	if !strings.Contains(h.u.status.said, "1 to the inbox") {
		t.Errorf("status says %q", h.u.status.said)
	}
	th := h.get("samsung")
	if n := len(th.Positions[0].Fills); n != 4 {
		t.Errorf("the thesis holds %d fills, want 4", n)
	}
	if h.u.inbox.tab.Text != "Inbox (1)" {
		t.Errorf("the inbox tab says %q", h.u.inbox.tab.Text)
	}

	// Importing the same file again adds nothing: every row is already imported.
	w = h.u.showTradeImport(krBrokerCP949)
	waitWizard(h, w)
	if len(w.symbolsBox.Objects) != 1 {
		t.Fatalf("the second import does not ask for A000660: %d", len(w.symbolsBox.Objects))
	}
	w.choice["000660"] = "000660.KS"
	w.reload()
	waitWizard(h, w)
	for i := range w.rows {
		if got := w.cell(i, colIndex("dest")); got != "Already imported" {
			t.Errorf("row %d goes to %q on the second import", i+1, got)
		}
	}
	w.close()
}

func TestTradeImportShowsTheBadRow(t *testing.T) {
	h := newSamsungHarness(t)
	bad := filepath.Join(t.TempDir(), "bad.csv")
	text := "일자,종목코드,종목명,매수/매도,수량,단가\n" +
		"2024.06.10,005930.KS,삼성전자,매수,10,\"78,500\"\n" +
		"2024.06.11,005930.KS,삼성전자,매수,열,\"78,500\"\n"
	if err := os.WriteFile(bad, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	w := h.u.showTradeImport(bad)
	waitWizard(h, w)
	if w.readErr == nil || !w.problem.Visible() {
		t.Fatal("the bad row is not shown")
	}
	if got := w.problem.Text; !strings.Contains(got, "bad.csv") || !strings.Contains(got, "line 3") || !strings.Contains(got, "수량") {
		t.Errorf("the problem %q does not name the file, the line and the column", got)
	}
	if len(w.rows) != 1 {
		t.Errorf("the preview shows %d rows read before the problem, want 1", len(w.rows))
	}
	if !w.importBtn.Disabled() {
		t.Fatal("Import is enabled with a bad row")
	}
	test.Tap(w.importBtn)
	h.settle()
	if n := len(h.get("samsung").Positions[0].Fills); n != 1 {
		t.Errorf("a refused import wrote fills: %d", n)
	}
	in, err := h.store().Inbox(context.Background())
	if err != nil || len(in) != 0 {
		t.Errorf("a refused import filled the inbox: %d %v", len(in), err)
	}
	w.close()
}

// inboxTrade is a buy of a symbol the journal holds no thesis of.
func inboxTrade(ref string, line int, sym string) journal.Trade {
	return journal.Trade{Format: "csv", Ref: ref, Line: line, Kind: journal.TradeBuy, At: time.Date(2024, 6, 12, 0, 0, 0, 0, time.UTC),
		Symbol: sym, Code: sym, Name: "네이버", Quantity: decimal.NewFromInt(3), Price: journal.MustMoney("180000", "KRW")}
}

func TestInboxAssignsAndDiscards(t *testing.T) {
	h := newSamsungHarness(t)
	v := h.u.inbox
	if !v.empty.Visible() || v.body.Visible() {
		t.Error("the empty inbox does not say so")
	}
	rows := []journal.Trade{inboxTrade("r1", 2, "035420.KS"), inboxTrade("r2", 3, "035720.KS")}
	if _, err := h.store().ImportTrades(context.Background(), rows, journal.TradeOptions{}); err != nil {
		t.Fatal(err)
	}
	v.reload()
	h.pump("the inbox", func() bool { return len(v.entries) == 2 })
	if v.tab.Text != "Inbox (2)" || v.empty.Visible() {
		t.Errorf("the inbox tab says %q", v.tab.Text)
	}
	if !v.assignBtn.Disabled() || !v.discardBtn.Disabled() {
		t.Error("the actions are enabled with nothing selected")
	}
	h.u.left.SelectIndex(2)
	texts := strings.Join(visibleTexts(v.list), " ")
	if !strings.Contains(texts, "035420.KS 네이버") || !strings.Contains(texts, "csv line 2") {
		t.Errorf("the inbox shows %q", texts)
	}

	// Assign the first entry to the thesis.
	v.setSelected(v.entries[0].ID, true)
	test.Tap(v.assignBtn)
	if v.assignSelect == nil || h.topOverlay() == nil {
		t.Fatal("no thesis is asked for")
	}
	v.assignSelect.SetSelectedIndex(0)
	h.tapDialogButton(tr("inbox.assign_ok"))
	h.pump("the assignment", func() bool { return len(v.entries) == 1 && h.u.running.Load() == 0 })
	th := h.get("samsung")
	found := false
	for _, p := range th.Positions {
		if p.Symbol == "035420.KS" && len(p.Fills) == 1 {
			found = true
		}
	}
	if !found {
		t.Errorf("the entry is not on the thesis: %+v", th.Positions)
	}

	// Discard the other: asked first, then gone for good.
	v.setSelected(v.entries[0].ID, true)
	test.Tap(v.discardBtn)
	if got := h.dialogText(); !strings.Contains(got, "will not bring") {
		t.Fatalf("discarding does not ask first: %q", got)
	}
	h.tapDialogButton(tr("inbox.discard_ok"))
	h.pump("the discard", func() bool { return len(v.entries) == 0 && h.u.running.Load() == 0 })
	if !v.empty.Visible() || v.tab.Text != "Inbox" {
		t.Errorf("the emptied inbox shows %q", v.tab.Text)
	}
	res, err := h.store().ImportTrades(context.Background(), rows[1:], journal.TradeOptions{DryRun: true})
	if err != nil || res.Duplicates != 1 {
		t.Errorf("a discarded entry comes back on import: %+v %v", res, err)
	}
}
