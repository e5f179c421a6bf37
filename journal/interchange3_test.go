package journal_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

// ixV3Theses returns the sample theses with every field version 3 adds.
func ixV3Theses() []*journal.Thesis {
	theses := ixSampleTheses()
	th := theses[0]
	th.PreMortem = []string{"하이퍼스케일러 설비투자 축소", "수출 규제 \"강화\""}
	th.BaseRate = intp(35)
	th.Levels = []journal.Level{
		{Symbol: "NVDA", When: journal.LevelBelow, Price: journal.MustMoney("90", "USD"), Close: true},
		{Symbol: "USDKRW=X", When: journal.LevelAbove, Price: journal.MustMoney("1480.5", "KRW")},
	}
	th.Links = []journal.Link{{Kind: journal.LinkFollowsUp, To: "plain-title-only"}, {Kind: journal.LinkContradicts, To: "yen_short-1"}}
	th.Reviews[0].Quality = 4
	th.Reviews[0].Risks = []int{1}
	th.Revisions[0].PreMortem = []string{"설비투자 축소"}
	th.Revisions[0].BaseRate = intp(0) // zero is a base rate, not "not given"
	theses[2].BaseRate = intp(50)
	for _, t := range theses {
		if err := t.Validate(); err != nil {
			panic(err)
		}
	}
	return theses
}

func TestInterchangeV3RoundTrip(t *testing.T) {
	s := ixSettings
	s.CostMethod = journal.CostFIFO
	s.AlertThresholds = []decimal.Decimal{ixDec("0.25"), ixDec("0.5"), ixDec("1.5")}
	theses := ixV3Theses()
	first := ixEncode(t, s, theses, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	for _, want := range []string{
		`"version": 3,`,
		`"alert_thresholds": [` + "\n" + `      "0.25",`,
		`"cost_method": "fifo"`,
		`"pre_mortem": [` + "\n" + `        "하이퍼스케일러 설비투자 축소",`,
		`"base_rate": 35,`,
		`"base_rate": 0`,
		`"base_rate": 50,`,
		`"when": "below",`,
		`"close": true`,
		`"kind": "follows_up",` + "\n" + `          "to": "plain-title-only"`,
		`"decision_quality": 4,`,
		`"risks_happened": [` + "\n" + `            1` + "\n",
	} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("the file lacks %q", want)
		}
	}
	ix := ixDecode(t, first)
	if got := ix.Settings; got.CostMethod != journal.CostFIFO || len(got.AlertThresholds) != 3 || !got.AlertThresholds[2].Equal(ixDec("1.5")) {
		t.Errorf("settings = %+v", got)
	}
	for i := range theses {
		if got, want := ixCanon(ix.Theses[i]), ixCanon(theses[i]); got != want {
			t.Errorf("thesis %d differs after the round trip:\n got %s\nwant %s", i, got, want)
		}
	}
	if r := ix.Theses[0].Revisions[0]; r.BaseRate == nil || *r.BaseRate != 0 {
		t.Errorf("revision base rate 0 came back as %v", r.BaseRate)
	}
	if ix.Theses[1].BaseRate != nil {
		t.Errorf("a thesis without a base rate came back with %d", *ix.Theses[1].BaseRate)
	}
	second := ixEncode(t, *ix.Settings, ix.Theses, ix.ExportedAt)
	if !bytes.Equal(first, second) {
		t.Errorf("export → import → export is not byte-identical:\nfirst:\n%s\nsecond:\n%s", first, second)
	}
}

func TestDecodeInterchangeV2HasNoNewFields(t *testing.T) {
	ix := ixDecode(t, []byte(ixBaseDoc)) // a version 2 file
	th := ix.Theses[0]
	if th.PreMortem != nil || th.BaseRate != nil || th.Levels != nil || th.Links != nil ||
		th.Reviews[0].Quality != 0 || th.Reviews[0].Risks != nil || ix.Settings.AlertThresholds != nil {
		t.Errorf("version 2 thesis = %+v, settings %+v", th, ix.Settings)
	}
	if got := ix.Settings.Thresholds(); len(got) != 3 {
		t.Errorf("thresholds = %v, want the defaults", got)
	}
}

func TestDecodeInterchangeV3RefusesBadValues(t *testing.T) {
	th0 := func(d ixDoc) ixDoc { return ixThesis(d, 0) }
	tests := []struct {
		name   string
		mutate func(doc ixDoc)
		msg    string // the whole message's start
	}{
		{"pre-mortem item not a string", func(d ixDoc) { th0(d)["pre_mortem"] = []any{"a", 1} },
			"$.theses[0].pre_mortem[1]: must be a string"},
		{"pre-mortem too many", func(d ixDoc) {
			var rs []any
			for range 21 {
				rs = append(rs, "r")
			}
			th0(d)["pre_mortem"] = rs
		}, "$.theses[0].pre_mortem: must be at most 20"},
		{"base rate as text", func(d ixDoc) { th0(d)["base_rate"] = "30%" }, "$.theses[0].base_rate: must be a whole number"},
		{"base rate too high", func(d ixDoc) { th0(d)["base_rate"] = 101 }, "$.theses[0].base_rate: must be between 0 and 100 (is 101)"},
		{"levels not a list", func(d ixDoc) { th0(d)["levels"] = ixDoc{} }, "$.theses[0].levels: must be an array"},
		{"level price not a decimal", func(d ixDoc) {
			th0(d)["levels"] = []any{ixDoc{"symbol": "NVDA", "when": "below", "price": ixDoc{"amount": "9O", "currency": "USD"}}}
		}, `$.theses[0].levels[0].price.amount: "9O" is not a decimal number`},
		{"level side", func(d ixDoc) {
			th0(d)["levels"] = []any{ixDoc{"symbol": "NVDA", "when": "under", "price": ixDoc{"amount": "90", "currency": "USD"}}}
		}, `$.theses[0].levels[0].when: must be below or above (is "under")`},
		{"level close as text", func(d ixDoc) {
			th0(d)["levels"] = []any{ixDoc{"symbol": "NVDA", "when": "below", "close": "yes", "price": ixDoc{"amount": "90", "currency": "USD"}}}
		}, "$.theses[0].levels[0].close: must be true or false"},
		{"link not an object", func(d ixDoc) { th0(d)["links"] = []any{"t1"} }, "$.theses[0].links[0]: must be an object"},
		{"link to itself", func(d ixDoc) { th0(d)["links"] = []any{ixDoc{"kind": "replaces", "to": "t0"}} },
			"$.theses[0].links[0].to: must not be the thesis itself"},
		{"link kind", func(d ixDoc) { th0(d)["links"] = []any{ixDoc{"kind": "cites", "to": "t1"}} },
			`$.theses[0].links[0].kind: must be follows_up, contradicts or replaces (is "cites")`},
		{"decision quality", func(d ixDoc) { ixItem(th0(d), "reviews", 0)["decision_quality"] = 6 },
			"$.theses[0].reviews[0].decision_quality: must be between 1 and 5, or 0 when not graded (is 6)"},
		{"risk out of range", func(d ixDoc) {
			th0(d)["pre_mortem"] = []any{"a"}
			ixItem(th0(d), "reviews", 0)["risks_happened"] = []any{0, 1}
		}, "$.theses[0].reviews[0].risks_happened[1]: must name one of the 1 pre-mortem risks"},
		{"risk as text", func(d ixDoc) { ixItem(th0(d), "reviews", 0)["risks_happened"] = []any{"a"} },
			"$.theses[0].reviews[0].risks_happened[0]: must be a whole number"},
		{"revision base rate", func(d ixDoc) { ixItem(th0(d), "revisions", 0)["base_rate"] = 1.5 },
			"$.theses[0].revisions[0].base_rate: must be a whole number"},
		{"thresholds not increasing", func(d ixDoc) { d["settings"].(ixDoc)["alert_thresholds"] = []any{"0.8", "0.5"} },
			"$.settings.alert_thresholds[1]: must be greater than the threshold before it (0.8)"},
		{"threshold as number", func(d ixDoc) { d["settings"].(ixDoc)["alert_thresholds"] = []any{0.5} },
			"$.settings.alert_thresholds[0]: must be a string"},
		{"threshold above 10", func(d ixDoc) { d["settings"].(ixDoc)["alert_thresholds"] = []any{"11"} },
			"$.settings.alert_thresholds[0]: must be above 0 and at most 10 (is 11)"},
		{"cost method", func(d ixDoc) { d["settings"].(ixDoc)["cost_method"] = "lifo" },
			`$.settings.cost_method: must be average or fifo (is "lifo")`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := ixParseDoc(t, ixBaseDoc)
			doc["version"] = 3
			tc.mutate(doc)
			b, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			ix, err := journal.DecodeInterchange(bytes.NewReader(b))
			if err == nil {
				t.Fatalf("accepted a bad file, %d theses", len(ix.Theses))
			}
			if e := ixAsInterchangeError(t, err); !strings.HasPrefix(e.Message, tc.msg) {
				t.Errorf("message %q\ndoes not start with %q", e.Message, tc.msg)
			}
		})
	}
}
