package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/quotes/yahoo/yahootest"
)

// samsungJournal is a KRW journal with one open thesis holding 005930.KS: a buy of 100 at
// 70,000 on 2024-06-01, and a snapshot of 75,000 that stands for the price now.
const samsungJournal = `{"format":"hindsight-journal","version":2,
 "settings":{"base_currency":"KRW"},
 "theses":[{"id":"samsung","title":"삼성전자 HBM 추격","status":"open","conviction":60,
  "created_at":"2024-06-01T00:00:00Z","loss_budget":{"amount":"3000000","currency":"KRW"},
  "positions":[{"symbol":"005930.KS","side":"long","fills":[
   {"id":"f-first","at":"2024-06-01T01:00:00Z","action":"buy","quantity":"100","price":{"amount":"70000","currency":"KRW"},"fx_to_base":"1","source":"manual"}]}],
  "snapshots":[{"symbol":"005930.KS","price":{"amount":"75000","currency":"KRW"},"at":"2024-07-01T06:30:00Z","source":"manual"}],
  "reviews":[],"revisions":[]}]}`

// newSamsungJournal writes samsungJournal into a new journal and returns its path.
func newSamsungJournal(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db, in := filepath.Join(dir, "j.db"), filepath.Join(dir, "in.json")
	if err := os.WriteFile(in, []byte(samsungJournal), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := hs(t, db, "", "import", in); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	return db
}

// krBroker is the Korean broker's export in the trades package's test data, in CP949.
var krBroker = filepath.Join("journal", "trades", "csvmap", "testdata", "kr-broker.cp949.csv")

type importJSON struct {
	Schema     string   `json:"schema"`
	Encoding   string   `json:"encoding"`
	Format     string   `json:"format"`
	Fills      int      `json:"fills"`
	Dividends  int      `json:"dividends"`
	Inbox      int      `json:"inbox"`
	Duplicates int      `json:"duplicates"`
	Theses     []string `json:"theses"`
	Rows       []struct {
		Line   int    `json:"line"`
		Dest   string `json:"dest"`
		Symbol string `json:"symbol"`
	} `json:"rows"`
}

func importTrades(t *testing.T, db string, args ...string) (importJSON, string, int) {
	t.Helper()
	out, errs, code := hs(t, db, "", append([]string{"trades", "import", "--json"}, args...)...)
	var v importJSON
	if code == 0 {
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("trades import --json: %v\n%s", err, out)
		}
	}
	return v, errs, code
}

func TestTradesImportKoreanBroker(t *testing.T) {
	db := newSamsungJournal(t)

	// Without a choice for 000660 (A000660 in the file), the import asks and writes nothing.
	_, errs, code := importTrades(t, db, krBroker)
	if code != 1 || !strings.Contains(errs, "line 3: code A000660 could be 000660.KS or 000660.KQ; choose with --symbol 000660=000660.KS") {
		t.Fatalf("ambiguous code: code %d, %s", code, errs)
	}
	if out, _, _ := hs(t, db, "", "trades", "list", "--json"); strings.Count(out, `"thesis_id"`) != 1 {
		t.Fatalf("a refused import wrote fills:\n%s", out)
	}

	// A dry run says what would happen and writes nothing.
	v, errs, code := importTrades(t, db, "--dry-run", "--symbol", "000660=000660.KS", krBroker)
	if code != 0 || v.Fills != 3 || v.Inbox != 1 {
		t.Fatalf("dry run: code %d %+v %s", code, v, errs)
	}
	if out, _, _ := hs(t, db, "", "trades", "list", "--json"); strings.Count(out, `"thesis_id"`) != 1 {
		t.Fatalf("a dry run wrote fills:\n%s", out)
	}

	// 005930 is settled by the thesis that holds 005930.KS; 000660 by --symbol, and with no
	// open thesis holding it, it goes to the inbox. The two identical sells are two fills.
	v, errs, code = importTrades(t, db, "--symbol", "000660=000660.KS", krBroker)
	if code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	if v.Schema != "hindsight-cli/2" || v.Encoding != "cp949" || v.Format != "csv" || v.Fills != 3 || v.Dividends != 1 ||
		v.Inbox != 1 || v.Duplicates != 0 || len(v.Theses) != 1 || v.Theses[0] != "samsung" {
		t.Fatalf("import: %+v", v)
	}
	dest := map[int]string{}
	for _, r := range v.Rows {
		dest[r.Line] = r.Dest + " " + r.Symbol
	}
	want := map[int]string{2: "thesis 005930.KS", 3: "inbox 000660.KS", 4: "thesis 005930.KS", 5: "thesis 005930.KS", 6: "thesis 005930.KS"}
	for line, w := range want {
		if dest[line] != w {
			t.Errorf("line %d went to %q, want %q", line, dest[line], w)
		}
	}

	// The same file again adds nothing.
	v, _, code = importTrades(t, db, "--symbol", "000660=000660.KS", krBroker)
	if code != 0 || v.Fills != 0 || v.Dividends != 0 || v.Inbox != 0 || v.Duplicates != 5 {
		t.Fatalf("second import: %+v", v)
	}

	// The review, by hand (KRW, rate 1, moving average):
	//   buys: 100 × 70,000 = 7,000,000; 1,000 × 78,500 + 1,200 fees = 78,501,200
	//     holding 1,100, cost 85,501,200
	//   each sell of 400 × 80,100 = 32,040,000 − 480 fees − 5,767 taxes = 32,033,753 in,
	//     takes out 85,501,200 × 400/1,100 = 31,091,345.4545…; both sells together realize
	//     2 × 32,033,753 − 85,501,200 × 8/11 = 64,067,506 − 62,182,690.909… = 1,884,815.0909…
	//   holding 300, cost held 85,501,200 × 3/11 = 23,318,509.0909…, average 77,728.3636…
	//   unrealized at 75,000: 22,500,000 − 23,318,509.0909… = −818,509.0909…
	//   dividend 600 × 361 = 216,600 − 33,356 withheld = 183,244
	//   P&L = 1,884,815.0909… − 818,509.0909… + 183,244 = 1,249,550
	//   fees and taxes = 1,200 + 2 × (480 + 5,767) = 13,694; cost = 85,501,200
	out, errs, code := hs(t, db, "", "review", "--json", "--offline", "samsung")
	if code != 0 {
		t.Fatalf("review: %d %s", code, errs)
	}
	var r struct {
		Outcome struct {
			PnLBase   struct{ Amount string } `json:"pnl_base"`
			Positions []struct {
				Holding     string
				AverageCost struct{ Amount string } `json:"average_cost"`
				Realized    struct{ Amount string } `json:"realized_pnl_base"`
				Unrealized  struct{ Amount string } `json:"unrealized_pnl_base"`
				Dividends   struct{ Amount string } `json:"dividends_base"`
				Fees        struct{ Amount string } `json:"fees_base"`
				Cost        struct{ Amount string } `json:"cost_base"`
				PnLBase     struct{ Amount string } `json:"pnl_base"`
				LossUsed    *string                 `json:"loss_used"`
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Outcome.Positions) != 1 {
		t.Fatalf("review --json: %v\n%s", err, out)
	}
	p := r.Outcome.Positions[0]
	near := func(what, got, want string) {
		t.Helper()
		g, err := decimal.NewFromString(got)
		if err != nil || g.Sub(decimal.RequireFromString(want)).Abs().GreaterThan(decimal.RequireFromString("0.001")) {
			t.Errorf("%s = %q, want %s", what, got, want)
		}
	}
	near("holding", p.Holding, "300")
	near("average cost", p.AverageCost.Amount, "77728.3636364")
	near("realized", p.Realized.Amount, "1884815.0909091")
	near("unrealized", p.Unrealized.Amount, "-818509.0909091")
	near("dividends", p.Dividends.Amount, "183244")
	near("fees", p.Fees.Amount, "13694")
	near("cost", p.Cost.Amount, "85501200")
	near("position P&L", p.PnLBase.Amount, "1249550")
	near("thesis P&L", r.Outcome.PnLBase.Amount, "1249550")
	if p.LossUsed == nil || *p.LossUsed != "0" {
		t.Errorf("loss used in profit = %v, want 0", p.LossUsed)
	}

	// The inbox entry goes onto the thesis as a new position.
	out, _, _ = hs(t, db, "", "trades", "list", "--unassigned", "--json")
	var l struct {
		Inbox []struct {
			ID     string
			Symbol string
			Name   string
		}
	}
	if err := json.Unmarshal([]byte(out), &l); err != nil || len(l.Inbox) != 1 || l.Inbox[0].Symbol != "000660.KS" || l.Inbox[0].Name != "SK하이닉스" {
		t.Fatalf("inbox: %v\n%s", err, out)
	}
	if _, errs, code := hs(t, db, "", "trades", "assign", "--thesis", "samsung", l.Inbox[0].ID); code != 0 {
		t.Fatalf("assign: %d %s", code, errs)
	}
	out, _, _ = hs(t, db, "", "show", "samsung")
	if !strings.Contains(out, "000660.KS long") || !strings.Contains(out, "added fill") {
		t.Fatalf("show after assign:\n%s", out)
	}
	if out, _, _ = hs(t, db, "", "trades", "list", "--unassigned"); !strings.Contains(out, "the inbox is empty") {
		t.Fatalf("inbox after assign:\n%s", out)
	}
}

func TestTradesImportRefusesABadRowWhole(t *testing.T) {
	db := newSamsungJournal(t)
	bad := filepath.Join(t.TempDir(), "bad.csv")
	csv := "일자,종목코드,종목명,매수/매도,수량,단가,수수료,세금\n" +
		"2024.06.10,005930.KS,삼성전자,매수,10,\"78,500\",0,0\n" +
		"2024.06.11,005930.KS,삼성전자,매수,열,\"78,500\",0,0\n"
	if err := os.WriteFile(bad, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errs, code := importTrades(t, db, bad)
	if code != 1 || !strings.Contains(errs, "line 3") || !strings.Contains(errs, "수량") {
		t.Fatalf("bad row: code %d, %s", code, errs)
	}
	if out, _, _ := hs(t, db, "", "trades", "list", "--json"); strings.Count(out, `"thesis_id"`) != 1 {
		t.Fatalf("a refused file wrote fills:\n%s", out)
	}
}

func TestFillAddAndSplit(t *testing.T) {
	db := newSamsungJournal(t)
	// Selling more than is held is refused, naming the fill.
	_, errs, code := hs(t, db, "", "fill", "add", "--at", "2024-06-05", "samsung", "005930.KS", "sell", "150", "72000")
	if code != 1 || !strings.Contains(errs, "positions[0].fills[1]") || !strings.Contains(errs, "only 100 are held") {
		t.Fatalf("oversell: code %d, %s", code, errs)
	}
	out, errs, code := hs(t, db, "", "fill", "add", "--at", "2024-06-05", "--fees", "150", "samsung", "005930.KS", "sell", "40", "72000")
	if code != 0 || !strings.Contains(out, "sell 40 005930.KS @ ₩72,000 on 2024-06-05") {
		t.Fatalf("fill add: code %d, %s %s", code, out, errs)
	}
	// A 50:1 split after both fills: 60 shares held become 3,000.
	if out, errs, code = hs(t, db, "", "split", "add", "005930.KS", "50:1", "2024-06-20"); code != 0 {
		t.Fatalf("split add: %d %s", code, errs)
	}
	out, _, _ = hs(t, db, "", "split", "list")
	if !strings.Contains(out, "005930.KS:split:2024-06-20") || !strings.Contains(out, "manual") {
		t.Fatalf("split list:\n%s", out)
	}
	out, _, _ = hs(t, db, "", "review", "--offline", "samsung")
	if !strings.Contains(out, "adjusted for the 50:1 split on 2024-06-20") {
		t.Fatalf("review after split:\n%s", out)
	}
	out, _, _ = hs(t, db, "", "review", "--offline", "--json", "samsung")
	if !strings.Contains(out, `"holding": "3000"`) {
		t.Fatalf("holding after split:\n%s", out)
	}
	if _, errs, code = hs(t, db, "", "split", "remove", "005930.KS:split:2024-06-20"); code != 0 {
		t.Fatalf("split remove: %d %s", code, errs)
	}
	out, _, _ = hs(t, db, "", "show", "samsung")
	if !strings.Contains(out, "added fill") {
		t.Fatalf("the fill's revision is not in the history:\n%s", out)
	}
}

// nvdaJournal is a KRW journal with one open thesis on NVDA: a buy of 10 at 900 USD
// before the 10:1 split of 2024-06-10, a buy of 50 at 120 and a sell of 20 at 125
// after it, none with an exchange rate.
const nvdaJournal = `{"format":"hindsight-journal","version":2,
 "settings":{"base_currency":"KRW"},
 "theses":[{"id":"nvda","title":"AI capex keeps growing","status":"open","conviction":70,
  "created_at":"2024-03-01T00:00:00Z","loss_budget":{"amount":"5000000","currency":"KRW"},
  "positions":[{"symbol":"NVDA","side":"long","fills":[
   {"id":"b1","at":"2024-03-04T15:00:00Z","action":"buy","quantity":"10","price":{"amount":"900","currency":"USD"},"source":"manual"},
   {"id":"b2","at":"2024-06-12T15:00:00Z","action":"buy","quantity":"50","price":{"amount":"120","currency":"USD"},"source":"manual"},
   {"id":"s1","at":"2024-06-13T15:00:00Z","action":"sell","quantity":"20","price":{"amount":"125","currency":"USD"},"source":"manual"}]}],
  "snapshots":[],"reviews":[],"revisions":[]}]}`

func TestRefreshRecordsSplitsAndRates(t *testing.T) {
	srv := yahootest.NewServer(t)
	srv.UseChart(yahootest.NVDAEvents)
	day := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 0, 0, 0, 0, time.UTC) }
	srv.SetBars("USDKRW=X", "KRW",
		[]time.Time{day(3, 1), day(3, 4), day(6, 10), day(6, 12), day(6, 13)},
		[]float64{1330, 1335, 1375, 1380, 1378})
	srv.SetQuote("NVDA", "AAPL", map[string]any{"currency": "USD", "regularMarketPrice": 130, "regularMarketTime": clock().Add(-time.Hour).Unix()})
	t.Setenv("HINDSIGHT_YAHOO_URL", srv.URL)

	dir := t.TempDir()
	db, in := filepath.Join(dir, "j.db"), filepath.Join(dir, "in.json")
	if err := os.WriteFile(in, []byte(nvdaJournal), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := hs(t, db, "", "import", in); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	out, errs, code := hs(t, db, "", "refresh")
	if code != 0 || !strings.Contains(out, "recorded 1 new splits and the exchange rate of 3 fills and dividends") {
		t.Fatalf("refresh: %d\n%s\n%s", code, out, errs)
	}
	out, _, _ = hs(t, db, "", "split", "list")
	if !strings.Contains(out, "NVDA:split:2024-06-10") || !strings.Contains(out, "10:1") || !strings.Contains(out, "yahoo") {
		t.Fatalf("split list:\n%s", out)
	}
	// The day's close of USDKRW=X on each fill's day.
	out, _, _ = hs(t, db, "", "show", "--json", "nvda")
	for _, want := range []string{`"fx_to_base": "1335"`, `"fx_to_base": "1380"`, `"fx_to_base": "1378"`} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %s:\n%s", want, out)
		}
	}
	// By hand, in today's shares: 10 bought before the split are 100 at 90; with 50 more
	// at 120 the holding is 150 costing 9,000 + 6,000 = 15,000 USD; the sell of 20 takes
	// out 15,000 × 20/150 = 2,000, leaving 130 shares at an average of 13,000/130 = 100.
	// In KRW: cost 9,000 × 1,335 + 6,000 × 1,380 = 12,015,000 + 8,280,000 = 20,295,000;
	// the sell takes out 20,295,000 × 20/150 = 2,706,000 and brings in
	// 20 × 125 × 1,378 = 3,445,000: realized +739,000.
	out, errs, code = hs(t, db, "", "review", "--json", "--offline", "nvda")
	if code != 0 {
		t.Fatalf("review: %d %s", code, errs)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{`"holding": "130"`, `"average_cost": { "amount": "100", "currency": "USD" }`,
		`"realized_pnl_base": { "amount": "739000", "currency": "KRW" }`, `"ratio": "10:1"`} {
		if !strings.Contains(flat, want) {
			t.Errorf("review lacks %s:\n%s", want, out)
		}
	}
	out, _, _ = hs(t, db, "", "review", "--offline", "nvda")
	if !strings.Contains(out, "NVDA: adjusted for the 10:1 split on 2024-06-10") {
		t.Errorf("review does not say it is adjusted for the split:\n%s", out)
	}
}

// A bare KRX code that only one market lists is settled by asking Yahoo, and
// --offline asks nothing.
func TestTradesImportAsksYahooWhichMarket(t *testing.T) {
	srv := yahootest.NewServer(t)
	srv.SetQuote("000660.KS", "AAPL", map[string]any{"currency": "KRW", "regularMarketPrice": 215000, "regularMarketTime": clock().Add(-time.Hour).Unix()})
	t.Setenv("HINDSIGHT_YAHOO_URL", srv.URL)
	db := newSamsungJournal(t)
	if _, errs, code := importTrades(t, db, "--offline", krBroker); code != 1 || !strings.Contains(errs, "code A000660 could be") {
		t.Fatalf("offline: code %d, %s", code, errs)
	}
	v, errs, code := importTrades(t, db, krBroker)
	if code != 0 || v.Inbox != 1 {
		t.Fatalf("import: code %d, %+v, %s", code, v, errs)
	}
	for _, r := range v.Rows {
		if r.Line == 3 && r.Symbol != "000660.KS" {
			t.Errorf("line 3 booked as %q, want 000660.KS (the market Yahoo lists it on)", r.Symbol)
		}
	}
}

func TestDividendAdd(t *testing.T) {
	db := newSamsungJournal(t)
	// 100 shares held on 2024-06-20: 361 per share is 36,100, 15.4 % withheld = 5,559.
	out, errs, code := hs(t, db, "", "dividend", "add", "--per-share", "--withheld", "5559", "--at", "2024-06-20", "samsung", "005930.KS", "361")
	if code != 0 || !strings.Contains(out, "005930.KS ₩361 per share on 2024-06-20") {
		t.Fatalf("dividend add: %d %s %s", code, out, errs)
	}
	out, _, _ = hs(t, db, "", "review", "--json", "--offline", "samsung")
	if flat := strings.Join(strings.Fields(out), " "); !strings.Contains(flat, `"dividends_base": { "amount": "30541", "currency": "KRW" }`) {
		t.Fatalf("review: dividends of 36,100 − 5,559 = 30,541 missing:\n%s", out)
	}
	if _, errs, code = hs(t, db, "", "dividend", "add", "samsung", "NVDA", "1"); code != 1 || !strings.Contains(errs, "no long or short position in NVDA") {
		t.Fatalf("dividend on a symbol not held: %d %s", code, errs)
	}
}
