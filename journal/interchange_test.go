package journal_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

func ixAt(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ixDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var ixSettings = journal.Settings{
	BaseCurrency:    "KRW",
	TotalLossBudget: journal.MustMoney("10000000", "KRW"),
	Benchmark:       "^KS11",
	Author:          "김투자",
}

// ixSampleTheses returns normalised theses that use every field of the format: Korean,
// emoji, a multi-paragraph body with quotes and HTML characters, positions in two
// currencies (one closed), snapshots, reviews with checks and prices, revisions, and a
// thesis with nothing but a title.
func ixSampleTheses() []*journal.Thesis {
	theses := []*journal.Thesis{{
		ID:    "0181f3a2b4c5d6e7a1b2c3d4e5",
		Title: "딥시크 쇼크가 AI 수요를 키운다 🚀",
		Body: "효율이 좋아지면 수요가 늘어난다.\n\n" +
			"둘째 문단: \"따옴표\", 쉼표, <태그> & 앰퍼샌드.\r\n\n" +
			"- 목록 하나\n- 목록 둘 📈\n\n\tJevons paradox \u2028 line separator",
		Trigger:      "DeepSeek-R1 발표",
		Reasons:      []string{"① 양보다 질", "② 스푸트니크 모먼트, 투자 확대"},
		Expectation:  "NVDA가 연말까지 150달러를 넘는다",
		Invalidation: "하이퍼스케일러의 설비투자 축소",
		Conviction:   70,
		Tags:         []string{"ai", "반도체"},
		Status:       journal.StatusOpen,
		CreatedAt:    ixAt("2025-01-28T09:00:00Z"),
		UpdatedAt:    ixAt("2025-07-01T09:05:00.5Z"),
		ReviewBy:     journal.Date{Year: 2025, Month: 12, Day: 31},
		LossBudget:   journal.MustMoney("3000000", "KRW"),
		Benchmark:    "^KS11",
		Positions: []journal.Position{
			{Symbol: "NVDA", Side: journal.SideLong, Fills: []journal.Fill{
				{ID: "nvda-buy-1", At: ixAt("2025-01-28T15:00:00Z"), Action: journal.ActionBuy, Quantity: ixDec("10"),
					Price: journal.MustMoney("128.99", "USD"), FXToBase: ixDec("1441.5"), Source: journal.FillManual},
				{ID: "nvda-buy-2", At: ixAt("2025-03-10T14:31:07Z"), Action: journal.ActionBuy, Quantity: ixDec("5"),
					Price: journal.MustMoney("106.98", "USD"), Fees: journal.MustMoney("1500", "KRW"),
					FXToBase: ixDec("1452.3"), Note: "추가 매수, \"분할\"", Source: journal.ImportSource("kiwoom"), Ref: "20250310-0001"},
				{ID: "nvda-sell-1", At: ixAt("2025-06-02T19:59:00Z"), Action: journal.ActionSell, Quantity: ixDec("3"),
					Price: journal.MustMoney("137.38", "USD"), Fees: journal.MustMoney("0.41", "USD"),
					Taxes: journal.MustMoney("0.02", "USD"), FXToBase: ixDec("1380.9"), Source: journal.FillManual},
			}, Dividends: []journal.Dividend{
				{ID: "nvda-div-1", At: ixAt("2025-04-02T00:00:00Z"), PerShare: journal.MustMoney("0.01", "USD"),
					Withheld: journal.MustMoney("0.02", "USD"), FXToBase: ixDec("1470.1"), Source: journal.FillManual},
			}},
			{Symbol: "005930.KS", Side: journal.SideLong, Fills: []journal.Fill{
				{ID: "ss-buy", At: ixAt("2025-01-29T00:10:00Z"), Action: journal.ActionBuy, Quantity: ixDec("0.5"),
					Price: journal.MustMoney("53400", "KRW"), FXToBase: ixDec("1"), Source: journal.FillMigrated},
				{ID: "ss-sell", At: ixAt("2025-09-01T06:30:00.123456789Z"), Action: journal.ActionSell, Quantity: ixDec("0.5"),
					Price: journal.MustMoney("61200", "KRW"), Taxes: journal.MustMoney("46", "KRW"), FXToBase: ixDec("1"),
					Source: journal.FillMigrated},
			}, Dividends: []journal.Dividend{
				{ID: "ss-div", At: ixAt("2025-05-20T00:00:00Z"), Amount: journal.MustMoney("180", "KRW"),
					Withheld: journal.MustMoney("27", "KRW"), FXToBase: ixDec("1"), Note: "분기 배당", Source: journal.FillManual},
			}},
		},
		Snapshots: []journal.Snapshot{
			{Symbol: "NVDA", Price: journal.MustMoney("128.99", "USD"), At: ixAt("2025-01-28T21:00:00Z"), Source: journal.SourceYahoo},
			{Symbol: "^KS11", Price: journal.MustMoney("2536.8", "KRW"), At: ixAt("2025-01-28T21:00:00Z"), Source: journal.SourceManual},
		},
		Reviews: []journal.Review{{
			At: ixAt("2025-07-01T09:00:00Z"), Verdict: journal.VerdictTooEarly, Note: "아직 이르다.\n두 번째 줄",
			Checks: []journal.ReasonCheck{{Reason: 0, Held: true}, {Reason: 1, Held: false}},
			Prices: []journal.Snapshot{{Symbol: "NVDA", Price: journal.MustMoney("153.3", "USD"),
				At: ixAt("2025-07-01T08:59:00Z"), Source: journal.SourceCache}},
		}},
		Revisions: []journal.Revision{{
			At: ixAt("2025-03-02T10:00:00Z"), Title: "딥시크 쇼크", Expectation: "NVDA 140달러",
			Invalidation: "설비투자 축소", Conviction: 60, LossBudget: journal.MustMoney("2000000", "KRW"),
		}},
	}, {
		ID:        "plain-title-only",
		Title:     "Rates stay higher for longer",
		CreatedAt: ixAt("2024-11-05T23:59:59.999Z"),
		Status:    journal.StatusPlayedOut,
	}, {
		ID:         "yen_short-1",
		Title:      "엔화 약세, \"장기화\"",
		Body:       "한 문단",
		Conviction: 0,
		Tags:       []string{"fx"},
		CreatedAt:  ixAt("2025-02-01T00:00:00Z"),
		LossBudget: journal.MustMoney("1500.75", "USD"),
		Positions: []journal.Position{
			{Symbol: "7203.T", Side: journal.SideShort, Fills: []journal.Fill{
				{ID: "toyota-short", At: ixAt("2025-02-03T00:00:00Z"), Action: journal.ActionSell, Quantity: ixDec("100"),
					Price: journal.MustMoney("2750", "JPY"), FXToBase: ixDec("9.3371"), Source: journal.FillManual},
			}},
			{Symbol: "USDJPY=X", Side: journal.SideWatch, Fills: []journal.Fill{
				{ID: "usdjpy-mark", At: ixAt("2025-02-03T00:00:00Z"), Action: journal.ActionBuy, Quantity: ixDec("1"),
					Price: journal.MustMoney("154.2", "JPY"), Source: journal.FillManual},
			}},
		},
	}}
	for _, t := range theses {
		t.Normalize()
		if err := t.Validate(); err != nil {
			panic(err)
		}
	}
	return theses
}

func ixEncode(t *testing.T, s journal.Settings, theses []*journal.Thesis, at time.Time) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := journal.EncodeInterchange(&buf, s, theses, at); err != nil {
		t.Fatalf("EncodeInterchange: %v", err)
	}
	return buf.Bytes()
}

func ixDecode(t *testing.T, b []byte) *journal.Interchange {
	t.Helper()
	ix, err := journal.DecodeInterchange(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("DecodeInterchange: %v\n%s", err, b)
	}
	return ix
}

// ixCanon returns the domain JSON of a thesis with empty and nil lists made alike, so
// two theses holding the same data compare equal.
func ixCanon(t *journal.Thesis) string {
	c := *t
	if len(c.Reasons) == 0 {
		c.Reasons = nil
	}
	if len(c.Tags) == 0 {
		c.Tags = nil
	}
	if len(c.Positions) == 0 {
		c.Positions = nil
	}
	if len(c.Snapshots) == 0 {
		c.Snapshots = nil
	}
	if len(c.Reviews) == 0 {
		c.Reviews = nil
	}
	if len(c.Revisions) == 0 {
		c.Revisions = nil
	}
	b, err := json.Marshal(&c)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestInterchangeRoundTrip(t *testing.T) {
	theses := ixSampleTheses()
	exportedAt := time.Date(2026, 11, 29, 17, 0, 0, 0, time.FixedZone("KST", 9*3600))
	actions := ixSampleActions()
	var buf bytes.Buffer
	if err := journal.EncodeInterchangeActions(&buf, ixSettings, theses, actions, exportedAt); err != nil {
		t.Fatal(err)
	}
	first := buf.Bytes()

	ix := ixDecode(t, first)
	if len(ix.CorporateActions) != len(actions) {
		t.Fatalf("decoded %d corporate actions, want %d", len(ix.CorporateActions), len(actions))
	}
	for i, a := range actions {
		if got := ix.CorporateActions[i]; got != a {
			t.Errorf("corporate action %d = %+v, want %+v", i, got, a)
		}
	}
	if ix.Format != journal.InterchangeFormat || ix.Version != journal.InterchangeVersion {
		t.Errorf("format, version = %q, %d", ix.Format, ix.Version)
	}
	if !ix.ExportedAt.Equal(exportedAt) || ix.ExportedAt.Location() != time.UTC {
		t.Errorf("exported_at = %v, want %v in UTC", ix.ExportedAt, exportedAt)
	}
	if s := ix.Settings; s == nil || s.BaseCurrency != ixSettings.BaseCurrency || s.Benchmark != ixSettings.Benchmark ||
		s.Author != ixSettings.Author || s.TotalLossBudget.String() != ixSettings.TotalLossBudget.String() {
		t.Errorf("settings = %+v, want %+v", ix.Settings, ixSettings)
	}
	if len(ix.Theses) != len(theses) {
		t.Fatalf("decoded %d theses, want %d", len(ix.Theses), len(theses))
	}
	for i := range theses {
		if got, want := ixCanon(ix.Theses[i]), ixCanon(theses[i]); got != want {
			t.Errorf("thesis %d differs after the round trip:\n got %s\nwant %s", i, got, want)
		}
	}
	if ix.Theses[0].Body != theses[0].Body {
		t.Errorf("body = %q, want %q", ix.Theses[0].Body, theses[0].Body)
	}

	buf = bytes.Buffer{}
	if err := journal.EncodeInterchangeActions(&buf, *ix.Settings, ix.Theses, ix.CorporateActions, ix.ExportedAt); err != nil {
		t.Fatal(err)
	}
	if second := buf.Bytes(); !bytes.Equal(first, second) {
		t.Errorf("export → import → export is not byte-identical:\nfirst:\n%s\nsecond:\n%s", first, second)
	}
	for _, want := range []string{`"fills": [`, `"dividends": [`, `"corporate_actions": [` + "\n" + `    {`, `"ratio": "50:1"`} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("the file lacks %s", want)
		}
	}
}

// ixSampleActions returns two splits: NVDA 10:1 on 2024-06-10 and Samsung 50:1 in 2018.
func ixSampleActions() []journal.CorporateAction {
	nvda := time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC)
	samsung := time.Date(2018, 5, 4, 0, 0, 0, 0, time.UTC)
	return []journal.CorporateAction{
		{ID: journal.ActionID("NVDA", journal.ActionSplit, nvda), Symbol: "NVDA", Kind: journal.ActionSplit, Ratio: "10:1", At: nvda, Source: "yahoo"},
		{ID: journal.ActionID("005930.KS", journal.ActionSplit, samsung), Symbol: "005930.KS", Kind: journal.ActionSplit, Ratio: "50:1", At: samsung, Source: journal.FillManual},
	}
}

func TestEncodeInterchangeLayout(t *testing.T) {
	out := string(ixEncode(t, ixSettings, ixSampleTheses(), time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)))
	if !json.Valid([]byte(out)) {
		t.Fatalf("output is not JSON:\n%s", out)
	}
	lines := strings.Split(out, "\n")
	wantStart := []string{
		`{`,
		`  "format": "hindsight-journal",`,
		`  "version": 3,`,
		`  "exported_at": "2026-11-29T08:00:00Z",`,
		`  "settings": {`,
		`    "base_currency": "KRW",`,
		`    "total_loss_budget": {`,
		`      "amount": "10000000",`,
		`      "currency": "KRW"`,
		`    },`,
	}
	for i, want := range wantStart {
		if i >= len(lines) || lines[i] != want {
			t.Fatalf("line %d = %q, want %q\n%s", i+1, lines[i], want, out)
		}
	}
	if !strings.HasSuffix(out, "  ],\n  \"corporate_actions\": []\n}\n") {
		t.Errorf("output does not end with the theses list, the corporate actions, a brace and a newline: %q", out[len(out)-40:])
	}
	for _, want := range []string{
		`    {` + "\n" + `      "id": "0181f3a2b4c5d6e7a1b2c3d4e5",`,
		`"title": "딥시크 쇼크가 AI 수요를 키운다 🚀"`,
		`<태그> & 앰퍼샌드`,
		`"price": {` + "\n" + `                "amount": "128.99",` + "\n" + `                "currency": "USD"`,
		`"quantity": "0.5"`,
		`"fx_to_base": "1441.5"`,
		`"at": "2025-09-01T06:30:00.123456789Z"`,
		`"dividends": [`,
		`"withheld": {`,
		`"source": "import:kiwoom"`,
		`"review_by": "2025-12-31"`,
		`"reasons": []`,
		`"tags": []`,
		`"positions": []`,
		`"snapshots": []`,
		`"reviews": []`,
		`"revisions": []`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "null") {
		t.Errorf("output holds a null:\n%s", out)
	}
}

func TestEncodeInterchangeEmptyAndUTC(t *testing.T) {
	empty := string(ixEncode(t, journal.Settings{BaseCurrency: "USD"}, nil, time.Time{}))
	if !strings.HasSuffix(empty, "  \"theses\": [],\n  \"corporate_actions\": []\n}\n") {
		t.Errorf("empty journal = %q", empty)
	}
	if ix := ixDecode(t, []byte(empty)); len(ix.Theses) != 0 || ix.Theses == nil {
		t.Errorf("empty journal decoded to %#v", ix.Theses)
	}

	seoul := time.FixedZone("KST", 9*3600)
	th := ixSampleTheses()[2]
	th.CreatedAt = time.Date(2025, 2, 1, 9, 0, 0, 0, seoul)
	th.Positions[0].Fills[0].At = time.Date(2025, 2, 3, 9, 0, 0, 0, seoul)
	th.Reasons, th.Tags = nil, nil
	out := string(ixEncode(t, journal.Settings{BaseCurrency: "KRW"}, []*journal.Thesis{th}, time.Time{}))
	for _, want := range []string{`"created_at": "2025-02-01T00:00:00Z"`, `"at": "2025-02-03T00:00:00Z"`, `"reasons": []`, `"tags": []`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if th.CreatedAt.Location() != seoul || th.Positions[0].Fills[0].At.Location() != seoul || th.Reasons != nil {
		t.Errorf("EncodeInterchange modified the thesis it wrote")
	}

	var buf bytes.Buffer
	if err := journal.EncodeInterchange(&buf, ixSettings, []*journal.Thesis{th, nil}, time.Time{}); err == nil {
		t.Errorf("a nil thesis was written")
	}
	err := journal.EncodeInterchange(&buf, journal.Settings{}, []*journal.Thesis{th}, time.Time{})
	if code := journal.ErrorCode(err); code != journal.EINVALID {
		t.Errorf("settings without a base currency: err = %v, want an %s error", err, journal.EINVALID)
	}
}

// ixExample is the format as documented, with valid values in place of the ellipses.
const ixExample = `{"format": "hindsight-journal", "version": 1, "exported_at": "2026-11-29T08:00:00Z",
 "settings": {"base_currency": "KRW", "total_loss_budget": {"amount": "10000000", "currency": "KRW"}},
 "theses": [{"id": "0181f3a2b4c5d6e7a1b2c3d4e5", "title": "엔비디아, 수요 지속", "body": "본문", "trigger": "실적 발표",
   "reasons": ["데이터센터"], "expectation": "150달러", "invalidation": "설비투자 축소", "conviction": 70,
   "tags": ["ai"], "status": "open", "created_at": "2025-01-28T09:00:00Z", "review_by": "2025-12-31",
   "loss_budget": {"amount": "3000000", "currency": "KRW"},
   "positions": [{"symbol": "NVDA", "side": "long", "quantity": "10",
     "entry_price": {"amount": "128.99", "currency": "USD"}, "entered_at": "2025-01-28T15:00:00Z",
     "fx_to_base": "1441.5"},
    {"symbol": "005930.KS", "side": "short", "quantity": "3",
     "entry_price": {"amount": "53400", "currency": "KRW"}, "entered_at": "2025-02-03T00:10:00Z",
     "exit_price": {"amount": "51000", "currency": "KRW"}, "exited_at": "2025-04-01T06:00:00Z"},
    {"symbol": "AMD", "side": "long", "quantity": "2",
     "entry_price": {"amount": "120", "currency": "USD"}, "entered_at": "2025-02-04T15:00:00Z",
     "exit_price": {"amount": "110", "currency": "USD"}, "exited_at": "2025-03-04T15:00:00Z",
     "fx_to_base": "1450"}],
   "snapshots": [{"symbol": "NVDA", "price": {"amount": "128.99", "currency": "USD"},
     "at": "2025-01-28T21:00:00Z", "source": "yahoo"}],
   "reviews": [{"at": "2025-07-01T09:00:00Z", "verdict": "too_early", "note": "아직"}],
   "revisions": [] }]}`

func TestDecodeInterchangeDocumentedFormat(t *testing.T) {
	ix := ixDecode(t, []byte(ixExample))
	if got := ix.ExportedAt; !got.Equal(time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("exported_at = %v", got)
	}
	s := ix.Settings
	if s == nil || s.BaseCurrency != "KRW" || s.TotalLossBudget.String() != "10000000 KRW" {
		t.Fatalf("settings = %+v", s)
	}
	if len(ix.Theses) != 1 {
		t.Fatalf("theses = %d, want 1", len(ix.Theses))
	}
	th := ix.Theses[0]
	checks := []struct{ name, got, want string }{
		{"id", th.ID, "0181f3a2b4c5d6e7a1b2c3d4e5"},
		{"title", th.Title, "엔비디아, 수요 지속"},
		{"body", th.Body, "본문"},
		{"trigger", th.Trigger, "실적 발표"},
		{"reasons", strings.Join(th.Reasons, "|"), "데이터센터"},
		{"expectation", th.Expectation, "150달러"},
		{"invalidation", th.Invalidation, "설비투자 축소"},
		{"tags", strings.Join(th.Tags, "|"), "ai"},
		{"status", string(th.Status), "open"},
		{"created_at", th.CreatedAt.Format(time.RFC3339), "2025-01-28T09:00:00Z"},
		{"review_by", th.ReviewBy.String(), "2025-12-31"},
		{"loss_budget", th.LossBudget.String(), "3000000 KRW"},
	}
	if th.Conviction != 70 {
		t.Errorf("conviction = %d, want 70", th.Conviction)
	}
	if len(th.Positions) != 3 || len(th.Snapshots) != 1 || len(th.Reviews) != 1 || len(th.Revisions) != 0 {
		t.Fatalf("positions, snapshots, reviews, revisions = %d, %d, %d, %d",
			len(th.Positions), len(th.Snapshots), len(th.Reviews), len(th.Revisions))
	}
	p, sn, r := th.Positions[0], th.Snapshots[0], th.Reviews[0]
	checks = append(checks, []struct{ name, got, want string }{
		{"position symbol", p.Symbol, "NVDA"},
		{"position side", string(p.Side), "long"},
		{"snapshot symbol", sn.Symbol, "NVDA"},
		{"snapshot price", sn.Price.String(), "128.99 USD"},
		{"snapshot at", sn.At.Format(time.RFC3339), "2025-01-28T21:00:00Z"},
		{"snapshot source", string(sn.Source), "yahoo"},
		{"review at", r.At.Format(time.RFC3339), "2025-07-01T09:00:00Z"},
		{"review verdict", string(r.Verdict), "too_early"},
		{"review note", r.Note, "아직"},
	}...)
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	// Each version 1 position becomes fills: an opening one at the entry (a buy, or a
	// sell for a short) and a closing one of the same quantity at the exit, whose rate
	// was never recorded: 1 when the price is in the base currency (KRW), else unknown.
	type fillWant struct{ action, qty, price, at, fx, source string }
	wants := [][]fillWant{
		{{"buy", "10", "128.99 USD", "2025-01-28T15:00:00Z", "1441.5", "migrated"}},
		{{"sell", "3", "53400 KRW", "2025-02-03T00:10:00Z", "1", "migrated"},
			{"buy", "3", "51000 KRW", "2025-04-01T06:00:00Z", "1", "migrated"}},
		{{"buy", "2", "120 USD", "2025-02-04T15:00:00Z", "1450", "migrated"},
			{"sell", "2", "110 USD", "2025-03-04T15:00:00Z", "0", "migrated"}},
	}
	ids := map[string]bool{}
	for i, want := range wants {
		fills := th.Positions[i].Fills
		if len(fills) != len(want) {
			t.Errorf("position %d: %d fills, want %d", i, len(fills), len(want))
			continue
		}
		for j, w := range want {
			f := fills[j]
			got := fillWant{string(f.Action), f.Quantity.String(), f.Price.String(), f.At.Format(time.RFC3339), f.FXToBase.String(), f.Source}
			if got != w {
				t.Errorf("position %d fill %d = %+v, want %+v", i, j, got, w)
			}
			if ids[f.ID] || !journal.ValidID(f.ID) {
				t.Errorf("position %d fill %d: id %q is not a fresh valid id", i, j, f.ID)
			}
			ids[f.ID] = true
		}
	}
	// The ids derive from the thesis and the position's index, so a second import of
	// the same file gives the same ids.
	again := ixDecode(t, []byte(ixExample)).Theses[0]
	if again.Positions[1].Fills[1].ID != th.Positions[1].Fills[1].ID {
		t.Errorf("migrated fill ids differ between two imports")
	}
}

// ixBaseDoc is a valid file with three theses; the bad-file cases each break one thing.
const ixBaseDoc = `{
  "format": "hindsight-journal",
  "version": 2,
  "exported_at": "2026-11-29T08:00:00Z",
  "settings": {"base_currency": "KRW", "total_loss_budget": {"amount": "10000000", "currency": "KRW"}},
  "corporate_actions": [{"id": "NVDA:split:2024-06-10", "symbol": "NVDA", "kind": "split", "ratio": "10:1",
    "at": "2024-06-10T00:00:00Z", "source": "yahoo"}],
  "theses": [
    {"id": "t0", "title": "첫째", "reasons": ["하나", "둘"], "conviction": 70, "tags": ["ai", "반도체"],
     "status": "open", "created_at": "2025-01-28T09:00:00Z", "review_by": "2025-12-31",
     "loss_budget": {"amount": "3000000", "currency": "KRW"},
     "positions": [{"symbol": "NVDA", "side": "long", "fills": [
       {"id": "a0", "at": "2025-01-28T15:00:00Z", "action": "buy", "quantity": "10",
        "price": {"amount": "128.99", "currency": "USD"}, "fx_to_base": "1441.5", "source": "manual"}]},
      {"symbol": "000660.KS", "side": "long", "fills": [
       {"id": "b0", "at": "2025-02-03T00:10:00Z", "action": "buy", "quantity": "4",
        "price": {"amount": "180000", "currency": "KRW"}, "fees": {"amount": "108", "currency": "KRW"}, "source": "manual"},
       {"id": "b1", "at": "2025-03-03T00:10:00Z", "action": "sell", "quantity": "1",
        "price": {"amount": "200000", "currency": "KRW"}, "taxes": {"amount": "360", "currency": "KRW"}, "source": "manual"},
       {"id": "b2", "at": "2025-04-03T00:10:00Z", "action": "sell", "quantity": "3",
        "price": {"amount": "190000", "currency": "KRW"}, "source": "import:kiwoom", "ref": "r-1"}],
       "dividends": [{"id": "b-div", "at": "2025-02-20T00:00:00Z", "per_share": {"amount": "300", "currency": "KRW"},
        "withheld": {"amount": "185", "currency": "KRW"}, "source": "manual"}]}],
     "snapshots": [{"symbol": "NVDA", "price": {"amount": "128.99", "currency": "USD"},
       "at": "2025-01-28T21:00:00Z", "source": "yahoo"}],
     "reviews": [{"at": "2025-07-01T09:00:00Z", "verdict": "too_early", "note": "아직",
       "checks": [{"reason": 1, "held": true}]}],
     "revisions": [{"at": "2025-03-01T00:00:00Z", "title": "옛 제목", "conviction": 60}]},
    {"id": "t1", "title": "둘째", "conviction": 50, "status": "open", "created_at": "2025-02-01T00:00:00Z",
     "loss_budget": {"amount": "500", "currency": "USD"},
     "positions": [{"symbol": "005930.KS", "side": "long", "fills": [
       {"id": "c0", "at": "2025-02-03T00:00:00Z", "action": "buy", "quantity": "3",
        "price": {"amount": "53400", "currency": "KRW"}, "fx_to_base": "1", "source": "manual"}]}]},
    {"id": "t2", "title": "셋째", "status": "closed", "created_at": "2025-03-01T00:00:00Z"}
  ]
}`

type ixDoc = map[string]any

func ixParseDoc(t *testing.T, s string) ixDoc {
	t.Helper()
	var doc ixDoc
	if err := json.Unmarshal([]byte(s), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func ixThesis(doc ixDoc, i int) ixDoc { return doc["theses"].([]any)[i].(ixDoc) }

func ixItem(doc ixDoc, key string, i int) ixDoc { return doc[key].([]any)[i].(ixDoc) }

// ixFillOf returns fill j of position p of thesis i.
func ixFillOf(doc ixDoc, i, p, j int) ixDoc {
	return ixItem(ixItem(ixThesis(doc, i), "positions", p), "fills", j)
}

func ixAsInterchangeError(t *testing.T, err error) *journal.Error {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	if code := journal.ErrorCode(err); code != journal.EINVALID {
		t.Errorf("code = %q, want %q (%v)", code, journal.EINVALID, err)
	}
	var e *journal.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *journal.Error", err, err)
	}
	return e
}

func TestDecodeInterchangeRefusesBadFiles(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(doc ixDoc)
		path   string // the message starts with path + ": "
		rule   string // and contains this
	}{
		{"wrong format", func(d ixDoc) { d["format"] = "other-app" }, "$.format", `"other-app"`},
		{"missing format", func(d ixDoc) { delete(d, "format") }, "$.format", "not a Hindsight journal"},
		{"format not a string", func(d ixDoc) { d["format"] = 1 }, "$.format", "must be a string"},
		{"missing version", func(d ixDoc) { delete(d, "version") }, "$.version", "must be set"},
		{"null version", func(d ixDoc) { d["version"] = nil }, "$.version", "must be set"},
		{"newer version", func(d ixDoc) { d["version"] = 4 }, "$.version", "version 4 is not supported"},
		{"version as string", func(d ixDoc) { d["version"] = "2" }, "$.version", "whole number"},
		{"fractional version", func(d ixDoc) { d["version"] = 1.5 }, "$.version", "whole number"},
		{"bad exported_at", func(d ixDoc) { d["exported_at"] = "yesterday" }, "$.exported_at", "not a time"},
		{"settings not an object", func(d ixDoc) { d["settings"] = "KRW" }, "$.settings", "must be an object"},
		{"unknown base currency", func(d ixDoc) { d["settings"].(ixDoc)["base_currency"] = "ZZZ" },
			"$.settings.base_currency", "unknown currency"},
		{"unknown total loss budget currency", func(d ixDoc) {
			d["settings"].(ixDoc)["total_loss_budget"].(ixDoc)["currency"] = "ABC"
		}, "$.settings.total_loss_budget.currency", `unknown currency "ABC"`},
		{"theses not an array", func(d ixDoc) { d["theses"] = ixDoc{} }, "$.theses", "must be an array"},
		{"thesis not an object", func(d ixDoc) { d["theses"].([]any)[1] = "t1" }, "$.theses[1]", "must be an object"},
		{"null thesis", func(d ixDoc) { d["theses"].([]any)[2] = nil }, "$.theses[2]", "must be an object"},
		{"missing id", func(d ixDoc) { delete(ixThesis(d, 1), "id") }, "$.theses[1].id", "must be set"},
		{"empty id", func(d ixDoc) { ixThesis(d, 1)["id"] = "" }, "$.theses[1].id", "must be set"},
		{"duplicate id", func(d ixDoc) { ixThesis(d, 2)["id"] = "t0" }, "$.theses[2].id", `duplicate id "t0" (also at $.theses[0])`},
		{"id with spaces", func(d ixDoc) { ixThesis(d, 1)["id"] = "t 1" }, "$.theses[1].id", "letters, digits"},
		{"empty title", func(d ixDoc) { ixThesis(d, 2)["title"] = "  " }, "$.theses[2].title", "must not be empty"},
		{"missing title", func(d ixDoc) { delete(ixThesis(d, 2), "title") }, "$.theses[2].title", "must not be empty"},
		{"title not a string", func(d ixDoc) { ixThesis(d, 2)["title"] = []any{"a"} }, "$.theses[2].title", "must be a string"},
		{"conviction too high", func(d ixDoc) { ixThesis(d, 0)["conviction"] = 150 }, "$.theses[0].conviction", "between 0 and 100"},
		{"conviction as text", func(d ixDoc) { ixThesis(d, 0)["conviction"] = "high" }, "$.theses[0].conviction", "whole number"},
		{"tag not a string", func(d ixDoc) { ixThesis(d, 0)["tags"] = []any{"ai", 7} }, "$.theses[0].tags[1]", "must be a string"},
		{"tag with a comma", func(d ixDoc) { ixThesis(d, 0)["tags"] = []any{"ai", "a,b"} }, "$.theses[0].tags[1]", "without commas"},
		{"unknown status", func(d ixDoc) { ixThesis(d, 2)["status"] = "pending" }, "$.theses[2].status", `"pending"`},
		{"created_at a date", func(d ixDoc) { ixThesis(d, 0)["created_at"] = "2025-01-28" }, "$.theses[0].created_at", "not a time"},
		{"escape in a title", func(d ixDoc) { ixThesis(d, 1)["title"] = "\x1b[31mred" },
			"$.theses[1].title", "must not hold control characters (U+001B)"},
		{"NUL in a tag", func(d ixDoc) { ixThesis(d, 0)["tags"] = []any{"a\x00"} },
			"$.theses[0].tags[0]", "must not hold control characters (U+0000)"},
		{"negative loss budget without positions", func(d ixDoc) {
			th := ixThesis(d, 0)
			delete(th, "positions")
			th["loss_budget"] = ixDoc{"amount": "-100", "currency": "USD"}
		}, "$.theses[0].loss_budget", "must not be negative"},
		{"symbol ..", func(d ixDoc) { ixItem(ixThesis(d, 1), "positions", 0)["symbol"] = ".." },
			"$.theses[1].positions[0].symbol", `symbol ".." must hold a letter or digit`},
		{"created_at in year 1", func(d ixDoc) { ixThesis(d, 0)["created_at"] = "0001-01-01T00:00:00Z" },
			"$.theses[0].created_at", `"0001-01-01T00:00:00Z" is before 1900`},
		{"review_by in year 1", func(d ixDoc) { ixThesis(d, 0)["review_by"] = "0001-01-01" },
			"$.theses[0].review_by", "date 0001-01-01 is before 1900"},
		{"created_at beyond year 9999 in UTC", func(d ixDoc) { ixThesis(d, 0)["created_at"] = "9999-12-31T23:00:00-02:00" },
			"$.theses[0].created_at", "9999"},
		{"missing created_at", func(d ixDoc) { delete(ixThesis(d, 2), "created_at") }, "$.theses[2].created_at", "must be set"},
		{"bad review_by", func(d ixDoc) { ixThesis(d, 0)["review_by"] = "2025-13-01" }, "$.theses[0].review_by", "YYYY-MM-DD"},
		{"review_by before writing", func(d ixDoc) { ixThesis(d, 0)["review_by"] = "2024-12-31" }, "$.theses[0].review_by", "must not be before"},
		{"loss budget amount a number", func(d ixDoc) { ixThesis(d, 0)["loss_budget"].(ixDoc)["amount"] = 3000000 },
			"$.theses[0].loss_budget.amount", "must be a string"},
		{"entry amount with letters", func(d ixDoc) { ixFillOf(d, 1, 0, 0)["price"].(ixDoc)["amount"] = "12,5x" },
			"$.theses[1].positions[0].fills[0].price.amount", `"12,5x" is not a decimal number`},
		{"entry amount with an exponent", func(d ixDoc) { ixFillOf(d, 1, 0, 0)["price"].(ixDoc)["amount"] = "1e3" },
			"$.theses[1].positions[0].fills[0].price.amount", `"1e3"`},
		{"entry amount grouped", func(d ixDoc) { ixFillOf(d, 1, 0, 0)["price"].(ixDoc)["amount"] = "53,400" },
			"$.theses[1].positions[0].fills[0].price.amount", `"53,400"`},
		{"entry amount empty", func(d ixDoc) { ixFillOf(d, 1, 0, 0)["price"].(ixDoc)["amount"] = "" },
			"$.theses[1].positions[0].fills[0].price.amount", "must not be empty"},
		{"entry amount too long", func(d ixDoc) {
			ixFillOf(d, 1, 0, 0)["price"].(ixDoc)["amount"] = strings.Repeat("9", 41)
		}, "$.theses[1].positions[0].fills[0].price.amount", "too many digits (41); at most 40"},
		{"entry amount in pence too long in pounds", func(d ixDoc) {
			ixFillOf(d, 1, 0, 0)["price"] = ixDoc{"amount": "0." + strings.Repeat("0", 39) + "1", "currency": "GBp"}
		}, "$.theses[1].positions[0].fills[0].price.amount", "too many digits in GBP (42); at most 40"},
		{"unknown entry currency", func(d ixDoc) { ixFillOf(d, 1, 0, 0)["price"].(ixDoc)["currency"] = "XYZ" },
			"$.theses[1].positions[0].fills[0].price.currency", `unknown currency "XYZ"`},
		{"entry price missing", func(d ixDoc) { delete(ixFillOf(d, 1, 0, 0), "price") },
			"$.theses[1].positions[0].fills[0].price", "currency must be set"},
		{"quantity as a word", func(d ixDoc) { ixFillOf(d, 0, 0, 0)["quantity"] = "ten" },
			"$.theses[0].positions[0].fills[0].quantity", `"ten"`},
		{"quantity as a number", func(d ixDoc) { ixFillOf(d, 0, 0, 0)["quantity"] = 10 },
			"$.theses[0].positions[0].fills[0].quantity", "must be a string"},
		{"negative quantity", func(d ixDoc) { ixFillOf(d, 0, 0, 0)["quantity"] = "-5" },
			"$.theses[0].positions[0].fills[0].quantity", "greater than zero"},
		{"grouped fx rate", func(d ixDoc) { ixFillOf(d, 0, 0, 0)["fx_to_base"] = "1,441.5" },
			"$.theses[0].positions[0].fills[0].fx_to_base", `"1,441.5"`},
		{"negative fx rate", func(d ixDoc) { ixFillOf(d, 0, 0, 0)["fx_to_base"] = "-1441.5" },
			"$.theses[0].positions[0].fills[0].fx_to_base", "must not be negative"},
		{"zero quantity in a later fill", func(d ixDoc) { ixFillOf(d, 0, 1, 2)["quantity"] = "0" },
			"$.theses[0].positions[1].fills[2].quantity", "greater than zero"},
		{"unknown action", func(d ixDoc) { ixFillOf(d, 0, 1, 1)["action"] = "short" },
			"$.theses[0].positions[1].fills[1].action", `must be buy or sell (is "short")`},
		{"fill in another currency", func(d ixDoc) { ixFillOf(d, 0, 1, 1)["price"] = ixDoc{"amount": "150", "currency": "USD"} },
			"$.theses[0].positions[1].fills[1].price", "must be in KRW like the position's first fill"},
		{"negative fees", func(d ixDoc) { ixFillOf(d, 0, 1, 0)["fees"] = ixDoc{"amount": "-108", "currency": "KRW"} },
			"$.theses[0].positions[1].fills[0].fees", "must not be negative"},
		{"fill id with a space", func(d ixDoc) { ixFillOf(d, 0, 1, 1)["id"] = "b 1" },
			"$.theses[0].positions[1].fills[1].id", "letters, digits"},
		{"duplicate fill id", func(d ixDoc) { ixFillOf(d, 0, 1, 2)["id"] = "a0" },
			"$.theses[0].positions[1].fills[2].id", `"a0" is also the id of positions[0].fills[0]`},
		{"unknown fill source", func(d ixDoc) { ixFillOf(d, 0, 1, 2)["source"] = "broker" },
			"$.theses[0].positions[1].fills[2].source", `(is "broker")`},
		{"fill time a date", func(d ixDoc) { ixFillOf(d, 0, 1, 1)["at"] = "2025-03-03" },
			"$.theses[0].positions[1].fills[1].at", "not a time"},
		{"fills not an array", func(d ixDoc) { ixItem(ixThesis(d, 1), "positions", 0)["fills"] = "c0" },
			"$.theses[1].positions[0].fills", "must be an array"},
		{"long position without fills", func(d ixDoc) { ixItem(ixThesis(d, 1), "positions", 0)["fills"] = []any{} },
			"$.theses[1].positions[0].fills", "at least one fill"},
		{"dividend with amount and per share", func(d ixDoc) {
			ixItem(ixItem(ixThesis(d, 0), "positions", 1), "dividends", 0)["amount"] = ixDoc{"amount": "1200", "currency": "KRW"}
		}, "$.theses[0].positions[1].dividends[0].amount", "set either amount or per_share"},
		{"corporate action with a bad ratio", func(d ixDoc) { ixItem(d, "corporate_actions", 0)["ratio"] = "10/1" },
			"$.corporate_actions[0].ratio", "new:old"},
		{"corporate action with another id", func(d ixDoc) { ixItem(d, "corporate_actions", 0)["id"] = "nvda-split" },
			"$.corporate_actions[0].id", `must be "NVDA:split:2024-06-10"`},
		{"unknown side", func(d ixDoc) { ixItem(ixThesis(d, 0), "positions", 0)["side"] = "sideways" },
			"$.theses[0].positions[0].side", `"sideways"`},
		{"hangul symbol", func(d ixDoc) { ixItem(ixThesis(d, 0), "positions", 0)["symbol"] = "엔비디아" },
			"$.theses[0].positions[0].symbol", "may only hold"},
		{"positions not an array", func(d ixDoc) { ixThesis(d, 0)["positions"] = "NVDA" }, "$.theses[0].positions", "must be an array"},
		{"null position", func(d ixDoc) { ixThesis(d, 0)["positions"] = []any{nil} }, "$.theses[0].positions[0]", "must be an object"},
		{"position loss budget missing", func(d ixDoc) { delete(ixThesis(d, 1), "loss_budget") }, "$.theses[1].loss_budget", "greater than zero"},
		{"unknown snapshot source", func(d ixDoc) { ixItem(ixThesis(d, 0), "snapshots", 0)["source"] = "bloomberg" },
			"$.theses[0].snapshots[0].source", `"bloomberg"`},
		{"snapshot time not a time", func(d ixDoc) { ixItem(ixThesis(d, 0), "snapshots", 0)["at"] = "어제" },
			"$.theses[0].snapshots[0].at", "not a time"},
		{"snapshot price currency number", func(d ixDoc) { ixItem(ixThesis(d, 0), "snapshots", 0)["price"].(ixDoc)["currency"] = 840 },
			"$.theses[0].snapshots[0].price.currency", "must be a string"},
		{"unknown verdict", func(d ixDoc) { ixItem(ixThesis(d, 0), "reviews", 0)["verdict"] = "maybe" },
			"$.theses[0].reviews[0].verdict", `"maybe"`},
		{"check of a reason that does not exist", func(d ixDoc) {
			ixItem(ixItem(ixThesis(d, 0), "reviews", 0), "checks", 0)["reason"] = 5
		}, "$.theses[0].reviews[0].checks[0].reason", "one of the 2 reasons"},
		{"check held as text", func(d ixDoc) {
			ixItem(ixItem(ixThesis(d, 0), "reviews", 0), "checks", 0)["held"] = "yes"
		}, "$.theses[0].reviews[0].checks[0].held", "true or false"},
		{"revision without a time", func(d ixDoc) { delete(ixItem(ixThesis(d, 0), "revisions", 0), "at") },
			"$.theses[0].revisions[0].at", "must be set"},
		{"revision loss budget amount bad", func(d ixDoc) {
			ixItem(ixThesis(d, 0), "revisions", 0)["loss_budget"] = ixDoc{"amount": "1.2.3", "currency": "KRW"}
		}, "$.theses[0].revisions[0].loss_budget.amount", `"1.2.3"`},
		{"first problem wins", func(d ixDoc) {
			ixFillOf(d, 1, 0, 0)["quantity"] = "x"
			ixThesis(d, 2)["title"] = ""
			ixThesis(d, 0)["conviction"] = 101
		}, "$.theses[0].conviction", "between 0 and 100"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := ixParseDoc(t, ixBaseDoc)
			tc.mutate(doc)
			b, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			ix, err := journal.DecodeInterchange(bytes.NewReader(b))
			if err == nil {
				t.Fatalf("accepted a bad file, %d theses", len(ix.Theses))
			}
			e := ixAsInterchangeError(t, err)
			if !strings.HasPrefix(e.Message, tc.path+": ") {
				t.Errorf("message %q does not start with %q", e.Message, tc.path+": ")
			}
			if !strings.Contains(e.Message, tc.rule) {
				t.Errorf("message %q does not contain %q", e.Message, tc.rule)
			}
			if got := journal.ErrorMessage(err); got != e.Message {
				t.Errorf("ErrorMessage = %q, want the path message %q", got, e.Message)
			}
		})
	}
}

func TestDecodeInterchangeListsEveryProblemOfAThesis(t *testing.T) {
	doc := ixParseDoc(t, ixBaseDoc)
	th := ixThesis(doc, 2)
	th["title"] = ""
	th["conviction"] = -1
	th["status"] = "later"
	b, _ := json.Marshal(doc)
	_, err := journal.DecodeInterchange(bytes.NewReader(b))
	e := ixAsInterchangeError(t, err)
	want := `$.theses[2].title: must not be empty; ` +
		`$.theses[2].conviction: must be between 0 and 100 (is -1); ` +
		`$.theses[2].status: must be one of open, played_out, wrong, mixed, closed (is "later")`
	if e.Message != want {
		t.Errorf("message = %q\n         want %q", e.Message, want)
	}
}

func TestDecodeInterchangeSyntaxErrors(t *testing.T) {
	tests := []struct {
		name, in string
		where    string // "line L, column C"
	}{
		{"empty file", "", "line 1, column 1"},
		{"double comma", "{\n  \"format\": \"hindsight-journal\",\n  \"version\": 1,,\n  \"theses\": []\n}", "line 3, column 16"},
		{"column counts characters, not bytes", `{"title": "엔비디아" x}`, "line 1, column 18"},
		{"truncated", "{\n  \"format\": \"hindsight-journal\",\n  \"theses\": [", "line 3, column 14"},
		{"trailing garbage", "{\"format\": \"hindsight-journal\", \"version\": 1}\n}", "line 2, column 1"},
		{"single quotes", "{'format': 1}", "line 1, column 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := journal.DecodeInterchange(strings.NewReader(tc.in))
			e := ixAsInterchangeError(t, err)
			if !strings.HasPrefix(e.Message, "$: not valid json at "+tc.where+": ") {
				t.Errorf("message = %q, want it to give %s", e.Message, tc.where)
			}
		})
	}
}

func TestDecodeInterchangeNotAnObject(t *testing.T) {
	for _, in := range []string{"[]", "null", " null\n", `"hindsight-journal"`, "1"} {
		_, err := journal.DecodeInterchange(strings.NewReader(in))
		if e := ixAsInterchangeError(t, err); e.Message != "$: must be a json object" {
			t.Errorf("%q: message = %q", in, e.Message)
		}
	}
}

func TestDecodeInterchangeLenient(t *testing.T) {
	t.Run("unknown fields are ignored", func(t *testing.T) {
		doc := ixParseDoc(t, ixBaseDoc)
		doc["generator"] = ixDoc{"name": "other", "version": []any{1, 2}}
		ixThesis(doc, 0)["colour"] = "red"
		ixItem(ixThesis(doc, 0), "positions", 0)["broker"] = "키움"
		ixFillOf(doc, 0, 0, 0)["exchange"] = "NASDAQ"
		ixThesis(doc, 0)["loss_budget"].(ixDoc)["note"] = 1
		b, _ := json.Marshal(doc)
		if ix := ixDecode(t, b); len(ix.Theses) != 3 {
			t.Errorf("theses = %d, want 3", len(ix.Theses))
		}
	})
	t.Run("missing status is open", func(t *testing.T) {
		doc := ixParseDoc(t, ixBaseDoc)
		delete(ixThesis(doc, 2), "status")
		ixThesis(doc, 1)["status"] = nil
		b, _ := json.Marshal(doc)
		ix := ixDecode(t, b)
		for _, i := range []int{1, 2} {
			if got := ix.Theses[i].Status; got != journal.StatusOpen {
				t.Errorf("thesis %d status = %q, want open", i, got)
			}
		}
	})
	t.Run("byte order mark and normalisation", func(t *testing.T) {
		doc := ixParseDoc(t, ixBaseDoc)
		ixThesis(doc, 0)["tags"] = []any{" AI ", "#Semis", "ai"}
		ixItem(ixThesis(doc, 0), "positions", 0)["symbol"] = " nvda "
		ixThesis(doc, 0)["created_at"] = "2025-01-28T18:00:00+09:00"
		b, _ := json.Marshal(doc)
		ix := ixDecode(t, append([]byte("\ufeff"), b...))
		th := ix.Theses[0]
		if got := strings.Join(th.Tags, ","); got != "ai,semis" {
			t.Errorf("tags = %q, want ai,semis", got)
		}
		if got := th.Positions[0].Symbol; got != "NVDA" {
			t.Errorf("symbol = %q, want NVDA", got)
		}
		if th.CreatedAt.Location() != time.UTC || th.CreatedAt.Hour() != 9 {
			t.Errorf("created_at = %v, want 09:00 UTC", th.CreatedAt)
		}
	})
	t.Run("tags reach their final form in one import", func(t *testing.T) {
		doc := ixParseDoc(t, ixBaseDoc)
		ixThesis(doc, 0)["tags"] = []any{"##AI", "# #반도체", "ai"}
		b, _ := json.Marshal(doc)
		ix := ixDecode(t, b)
		if got := strings.Join(ix.Theses[0].Tags, ","); got != "ai,반도체" {
			t.Errorf("tags = %q, want ai,반도체", got)
		}
		first := ixEncode(t, *ix.Settings, ix.Theses, ix.ExportedAt)
		again := ixDecode(t, first)
		if second := ixEncode(t, *again.Settings, again.Theses, again.ExportedAt); !bytes.Equal(first, second) {
			t.Errorf("a second import changed the tags to %q", again.Theses[0].Tags)
		}
	})
	t.Run("subunit currency", func(t *testing.T) {
		doc := ixParseDoc(t, ixBaseDoc)
		ixItem(ixThesis(doc, 0), "snapshots", 0)["price"] = ixDoc{"amount": "1234.5", "currency": "GBp"}
		b, _ := json.Marshal(doc)
		if got := ixDecode(t, b).Theses[0].Snapshots[0].Price.String(); got != "12.345 GBP" {
			t.Errorf("price = %q, want 12.345 GBP", got)
		}
	})
	t.Run("no settings", func(t *testing.T) {
		doc := ixParseDoc(t, ixBaseDoc)
		delete(doc, "settings")
		delete(doc, "exported_at")
		b, _ := json.Marshal(doc)
		ix := ixDecode(t, b)
		if ix.Settings != nil || !ix.ExportedAt.IsZero() {
			t.Errorf("settings, exported_at = %+v, %v; want nil, zero", ix.Settings, ix.ExportedAt)
		}
	})
}

func TestDecodeInterchangeFillsFXOnlyWithSettings(t *testing.T) {
	doc := ixParseDoc(t, ixBaseDoc)
	delete(ixFillOf(doc, 1, 0, 0), "fx_to_base") // a KRW fill in a KRW journal
	b, _ := json.Marshal(doc)
	if got := ixDecode(t, b).Theses[1].Positions[0].Fills[0].FXToBase.String(); got != "1" {
		t.Errorf("fx_to_base = %q, want 1", got)
	}

	// Without settings the base currency is unknown: the rate stays unknown (zero), which
	// a fill may be (it is looked up from the FX pair's close later).
	delete(doc, "settings")
	b, _ = json.Marshal(doc)
	if got := ixDecode(t, b).Theses[1].Positions[0].Fills[0].FXToBase.String(); got != "0" {
		t.Errorf("fx_to_base without settings = %q, want 0", got)
	}
}

var ixFill = map[byte][]byte{'a': bytes.Repeat([]byte{'a'}, 32<<10), ' ': bytes.Repeat([]byte{' '}, 32<<10)}

// ixFiller reads n copies of the byte b, one of the keys of ixFill.
type ixFiller struct {
	b byte
	n int64
}

func (f *ixFiller) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > f.n {
		p = p[:f.n]
	}
	for i := 0; i < len(p); {
		i += copy(p[i:], ixFill[f.b])
	}
	f.n -= int64(len(p))
	return len(p), nil
}

// ixPadded returns a valid file of exactly size bytes: an empty journal with a long
// unknown field.
func ixPadded(size int64) io.Reader {
	head := `{"format": "hindsight-journal", "version": 1, "theses": [], "padding": "`
	tail := `"}`
	return io.MultiReader(strings.NewReader(head),
		&ixFiller{b: 'a', n: size - int64(len(head)+len(tail))}, strings.NewReader(tail))
}

func TestDecodeInterchangeSizeLimit(t *testing.T) {
	_, err := journal.DecodeInterchange(ixPadded(journal.MaxImportSize + 1))
	e := ixAsInterchangeError(t, err)
	if e.Message != "$: the file is larger than 64 MiB" {
		t.Errorf("message = %q", e.Message)
	}

	// A file of exactly MaxImportSize bytes is read and parsed: it fails on its first
	// byte, which is not JSON, rather than on its size. (Parsing 64 MiB of valid JSON
	// would make the race-enabled test run slow; the 4 MiB file below is parsed.)
	atLimit := io.MultiReader(strings.NewReader("?"), &ixFiller{b: ' ', n: journal.MaxImportSize - 1})
	_, err = journal.DecodeInterchange(atLimit)
	if e := ixAsInterchangeError(t, err); !strings.HasPrefix(e.Message, "$: not valid json at line 1, column 1: ") {
		t.Errorf("file of MaxImportSize bytes: message = %q, want a syntax error at its first byte", e.Message)
	}

	ix, err := journal.DecodeInterchange(ixPadded(4 << 20))
	if err != nil {
		t.Fatalf("a 4 MiB file was refused: %v", err)
	}
	if len(ix.Theses) != 0 {
		t.Errorf("theses = %d, want 0", len(ix.Theses))
	}
}

type ixFailingReader struct{}

func (ixFailingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestDecodeInterchangeReadError(t *testing.T) {
	_, err := journal.DecodeInterchange(io.MultiReader(strings.NewReader("{"), ixFailingReader{}))
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("err = %v, want the read error", err)
	}
	if code := journal.ErrorCode(err); code != journal.EINTERNAL {
		t.Errorf("code = %q, want %q", code, journal.EINTERNAL)
	}
}

// TestDecodeInterchangeRefusesInvalidUTF8: bytes that are not UTF-8 are refused before
// decoding could turn them into U+FFFD, naming the field or, outside a known field, the
// line and column.
func TestDecodeInterchangeRefusesInvalidUTF8(t *testing.T) {
	doc := ixParseDoc(t, ixBaseDoc)
	ixThesis(doc, 1)["title"] = "TITLE-MARK"
	doc["comment"] = "COMMENT-MARK"
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ mark, bad, msg string }{
		{"TITLE-MARK", "caf\xe9", `$.theses[1].title: is not valid UTF-8 (byte 3 of the string)`},
		{"COMMENT-MARK", "\xff", "$: the file is not valid UTF-8 at line "},
	} {
		data := bytes.Replace(b, []byte(c.mark), []byte(c.bad), 1)
		_, err := journal.DecodeInterchange(bytes.NewReader(data))
		e := ixAsInterchangeError(t, err)
		if !strings.HasPrefix(e.Message, c.msg) {
			t.Errorf("%s: message %q, want it to start with %q", c.mark, e.Message, c.msg)
		}
	}
}

// The top-level fields and the theses are found in any JSON layout: white space
// anywhere, escaped or differently cased names, brackets and quotes inside strings,
// unknown fields holding any value, and a repeated name whose last value wins.
func TestDecodeInterchangeLayout(t *testing.T) {
	const th = `"title":"t","created_at":"2024-01-01T00:00:00Z","loss_budget":{"amount":"10","currency":"USD"}`
	in := " \n{ \"\\u0066ormat\" :\t\"hindsight-journal\" , \"Version\" : 1 ,\r\n" +
		` "extra": {"a": [true, null, -1.5e3, "\"]}"], "b": {}},` +
		` "THESES": [{"id": "old", ` + th + `}],` +
		` "the\u0073es" : [ {"id":"x1", "body":"a]}\\\"{[", ` + th + `} ,` +
		` {"id":"y", "tags":[ "[{" , "b" ], ` + th + `} ] }` + "\n"
	doc, err := journal.DecodeInterchange(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Theses) != 2 {
		t.Fatalf("theses = %d, want the 2 of the last \"theses\"", len(doc.Theses))
	}
	if got := doc.Theses[0]; got.ID != "x1" || got.Body != `a]}\"{[` {
		t.Errorf("first thesis = %q %q", got.ID, got.Body)
	}
	if got := doc.Theses[1].Tags; len(got) != 2 || got[0] != "[{" || got[1] != "b" {
		t.Errorf("second thesis's tags = %q", got)
	}
}
