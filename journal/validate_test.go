package journal_test

import (
	"strings"
	"testing"
	"time"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

var written = time.Date(2025, 1, 28, 9, 0, 0, 0, time.UTC)

func validThesis() *journal.Thesis {
	return &journal.Thesis{
		ID:           journal.NewID(written),
		Title:        "DeepSeek shock expands AI demand (딥시크 쇼크가 AI 수요를 키운다)",
		Body:         "효율이 좋아지면 수요가 늘어난다.\n\nJevons paradox 🚀",
		Trigger:      "DeepSeek-R1 release",
		Reasons:      []string{"① quality over quantity", "② a Sputnik moment that triggers more investment"},
		Expectation:  "NVDA above 150 USD by year end",
		Invalidation: "hyperscalers cut capex guidance",
		Conviction:   70,
		Tags:         []string{"AI", " #semis ", "ai"},
		CreatedAt:    written,
		ReviewBy:     journal.Date{Year: 2025, Month: 12, Day: 31},
		LossBudget:   journal.MustMoney("3000000", "KRW"),
		Positions: []journal.Position{{
			Symbol: "nvda", Side: journal.SideLong, Fills: []journal.Fill{{
				ID: "f0", At: written, Action: journal.ActionBuy, Quantity: decimal.NewFromInt(10),
				Price: journal.MustMoney("128.99", "USD"), FXToBase: decimal.RequireFromString("1441.5"),
				Source: journal.FillManual,
			}},
		}},
		Snapshots: []journal.Snapshot{{Symbol: "005930.ks", Price: journal.MustMoney("53400", "KRW"),
			At: written, Source: journal.SourceYahoo}},
	}
}

func TestNormalize(t *testing.T) {
	th := validThesis()
	th.Title = "  " + th.Title + "\n"
	th.Reasons = append(th.Reasons, "   ")
	th.Normalize()
	if strings.HasPrefix(th.Title, " ") || strings.HasSuffix(th.Title, "\n") {
		t.Errorf("title not trimmed: %q", th.Title)
	}
	if got := strings.Join(th.Tags, ","); got != "ai,semis" {
		t.Errorf("tags = %q, want ai,semis", got)
	}
	if th.Positions[0].Symbol != "NVDA" || th.Snapshots[0].Symbol != "005930.KS" {
		t.Errorf("symbols not upper-cased: %q %q", th.Positions[0].Symbol, th.Snapshots[0].Symbol)
	}
	if len(th.Reasons) != 2 {
		t.Errorf("empty reason kept: %q", th.Reasons)
	}
	if th.Status != journal.StatusOpen {
		t.Errorf("status = %q, want open", th.Status)
	}
	if err := th.Validate(); err != nil {
		t.Fatalf("valid thesis: %v", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*journal.Thesis)
		field string
		rule  string
	}{
		{"empty title", func(t *journal.Thesis) { t.Title = "  " }, "title", "must not be empty"},
		{"long title", func(t *journal.Thesis) { t.Title = strings.Repeat("가", 201) }, "title", "must be at most 200 characters (has 201)"},
		{"200 chars ok", func(t *journal.Thesis) { t.Title = strings.Repeat("가", 200) }, "", ""},
		{"huge body", func(t *journal.Thesis) { t.Body = strings.Repeat("x", 1<<20+1) }, "body", "must be at most 1 MiB (has 1048577 bytes)"},
		{"body 1 MiB ok", func(t *journal.Thesis) { t.Body = strings.Repeat("x", 1<<20) }, "", ""},
		{"conviction high", func(t *journal.Thesis) { t.Conviction = 101 }, "conviction", "must be between 0 and 100 (is 101)"},
		{"conviction low", func(t *journal.Thesis) { t.Conviction = -1 }, "conviction", "must be between 0 and 100 (is -1)"},
		{"conviction 0 ok", func(t *journal.Thesis) { t.Conviction = 0 }, "", ""},
		{"zero quantity", func(t *journal.Thesis) { t.Positions[0].Fills[0].Quantity = decimal.Zero }, "positions[0].fills[0].quantity", "must be greater than zero"},
		{"negative quantity", func(t *journal.Thesis) { t.Positions[0].Fills[0].Quantity = decimal.NewFromInt(-3) }, "positions[0].fills[0].quantity", "must be greater than zero"},
		{"no loss budget with positions", func(t *journal.Thesis) { t.LossBudget = journal.Money{} }, "loss_budget", "must be greater than zero when the thesis has positions"},
		{"negative loss budget", func(t *journal.Thesis) { t.LossBudget = journal.MustMoney("-5", "KRW") }, "loss_budget", "must be greater than zero when the thesis has positions"},
		{"no budget, watch only ok", func(t *journal.Thesis) {
			t.LossBudget = journal.Money{}
			t.Positions[0].Side = journal.SideWatch
		}, "", ""},
		{"no budget, no positions ok", func(t *journal.Thesis) { t.LossBudget = journal.Money{}; t.Positions = nil }, "", ""},
		{"unknown currency", func(t *journal.Thesis) { t.Positions[0].Fills[0].Price.Currency = "XYZ" }, "positions[0].fills[0].price", `unknown currency "XYZ"`},
		{"budget currency", func(t *journal.Thesis) { t.LossBudget.Currency = "WON" }, "loss_budget", `unknown currency "WON"`},
		{"bad symbol", func(t *journal.Thesis) { t.Positions[0].Symbol = "NV DA" }, "positions[0].symbol", `symbol "NV DA" may only hold A-Z 0-9 . - ^ =`},
		{"long symbol", func(t *journal.Thesis) { t.Snapshots[0].Symbol = strings.Repeat("A", 21) }, "snapshots[0].symbol", `symbol "AAAAAAAAAAAAAAAAAAAAA" is longer than 20 characters`},
		{"review before written", func(t *journal.Thesis) { t.ReviewBy = journal.Date{Year: 2025, Month: 1, Day: 27} }, "review_by", "must not be before the thesis was written (2025-01-28)"},
		{"review same day ok", func(t *journal.Thesis) { t.ReviewBy = journal.Date{Year: 2025, Month: 1, Day: 28} }, "", ""},
		{"bad status", func(t *journal.Thesis) { t.Status = "maybe" }, "status", `must be one of open, played_out, wrong, mixed, closed (is "maybe")`},
		{"bad side", func(t *journal.Thesis) { t.Positions[0].Side = "both" }, "positions[0].side", `must be long, short or watch (is "both")`},
		{"bad source", func(t *journal.Thesis) { t.Snapshots[0].Source = "guess" }, "snapshots[0].source", `must be yahoo, manual or cache (is "guess")`},
		// A fill's rate may be unknown (zero) until the FX pair's close is known; a negative one
		// is refused.
		{"no fx ok", func(t *journal.Thesis) { t.Positions[0].Fills[0].FXToBase = decimal.Zero }, "", ""},
		{"negative fx", func(t *journal.Thesis) { t.Positions[0].Fills[0].FXToBase = decimal.NewFromInt(-1) }, "positions[0].fills[0].fx_to_base", "must not be negative"},
		{"no fills", func(t *journal.Thesis) { t.Positions[0].Fills = nil }, "positions[0].fills", "must hold at least one fill for a long position"},
		{"no fills, watch ok", func(t *journal.Thesis) { t.Positions[0].Fills = nil; t.Positions[0].Side = journal.SideWatch }, "", ""},
		{"bad verdict", func(t *journal.Thesis) {
			t.Reviews = []journal.Review{{At: written, Verdict: "meh"}}
		}, "reviews[0].verdict", `must be played_out, wrong, mixed or too_early (is "meh")`},
		{"check names missing reason", func(t *journal.Thesis) {
			t.Reviews = []journal.Review{{At: written, Verdict: journal.VerdictMixed, Checks: []journal.ReasonCheck{{Reason: 2, Held: true}}}}
		}, "reviews[0].checks[0].reason", "must name one of the 2 reasons"},
		{"bad id", func(t *journal.Thesis) { t.ID = "a b" }, "id", "must be 1-64 letters, digits, '-' or '_'"},
		{"escape in title", func(t *journal.Thesis) { t.Title = "\x1b[31mred\x1b[0m" },
			"title", "must not hold control characters (U+001B)"},
		{"bell in title", func(t *journal.Thesis) { t.Title = "ring\a" }, "title", "must not hold control characters (U+0007)"},
		{"newline in title", func(t *journal.Thesis) { t.Title = "two\nlines" }, "title", "must not hold control characters (U+000A)"},
		{"NUL in trigger", func(t *journal.Thesis) { t.Trigger = "a\x00b" }, "trigger", "must not hold control characters (U+0000)"},
		{"newline in a reason", func(t *journal.Thesis) { t.Reasons[1] = "one\ntwo" }, "reasons[1]", "must not hold control characters (U+000A)"},
		{"C1 control in a tag", func(t *journal.Thesis) { t.Tags = []string{"a\u009bb"} }, "tags[0]", "must not hold control characters (U+009B)"},
		{"DEL in a tag", func(t *journal.Thesis) { t.Tags = []string{"a\x7f"} }, "tags[0]", "must not hold control characters (U+007F)"},
		{"escape in body", func(t *journal.Thesis) { t.Body = "line\n\x1b]0;title\a" },
			"body", "must not hold control characters other than line breaks and tabs (U+001B)"},
		{"lines and tabs in body", func(t *journal.Thesis) { t.Body = "a\n\tb\r\nc" }, "", ""},
		{"escape in expectation", func(t *journal.Thesis) { t.Expectation = "up\x1b[2J" },
			"expectation", "must not hold control characters other than line breaks and tabs (U+001B)"},
		{"escape in a review note", func(t *journal.Thesis) {
			t.Reviews = []journal.Review{{At: written, Verdict: journal.VerdictMixed, Note: "x\x1b"}}
		}, "reviews[0].note", "must not hold control characters other than line breaks and tabs (U+001B)"},
		{"invalid UTF-8 in title", func(t *journal.Thesis) { t.Title = "bad \xff byte" }, "title", "must be valid UTF-8"},
		{"invalid UTF-8 in body", func(t *journal.Thesis) { t.Body = "bad \xc3" }, "body", "must be valid UTF-8"},
		{"negative budget without positions", func(t *journal.Thesis) {
			t.Positions = nil
			t.LossBudget = journal.MustMoney("-5", "USD")
		}, "loss_budget", "must not be negative"},
		{"negative budget with a watch only", func(t *journal.Thesis) {
			t.Positions[0].Side = journal.SideWatch
			t.LossBudget = journal.MustMoney("-1", "KRW")
		}, "loss_budget", "must not be negative"},
		{"zero budget without positions", func(t *journal.Thesis) {
			t.Positions = nil
			t.LossBudget = journal.MustMoney("0", "USD")
		}, "", ""},
		{"symbol ..", func(t *journal.Thesis) { t.Positions[0].Symbol = ".." }, "positions[0].symbol", `symbol ".." must hold a letter or digit`},
		{"filled in year 1", func(t *journal.Thesis) { t.Positions[0].Fills[0].At = time.Date(1, 1, 1, 12, 0, 0, 0, time.UTC) },
			"positions[0].fills[0].at", "must not be before 1900 (is 0001-01-01)"},
		{"written in year 1", func(t *journal.Thesis) {
			t.CreatedAt = time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC)
			t.ReviewBy = journal.Date{}
		},
			"created_at", "must not be before 1900 (is 0001-01-01)"},
		{"review by year 1", func(t *journal.Thesis) { t.ReviewBy = journal.Date{Year: 1, Month: 1, Day: 1} },
			"review_by", "must not be before 1900 (is 0001-01-01)"},
		{"snapshot in 1899", func(t *journal.Thesis) { t.Snapshots[0].At = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC) },
			"snapshots[0].at", "must not be before 1900 (is 1899-12-31)"},
		{"fill in another currency", func(t *journal.Thesis) {
			t.Positions[0].Fills = append(t.Positions[0].Fills, journal.Fill{
				ID: "f1", At: written.Add(time.Hour), Action: journal.ActionSell, Quantity: decimal.NewFromInt(5),
				Price: journal.MustMoney("190000", "KRW"), Source: journal.FillManual,
			})
		}, "positions[0].fills[1].price", "must be in USD like the position's first fill (is KRW)"},
		{"two fills with one id", func(t *journal.Thesis) {
			f := t.Positions[0].Fills[0]
			f.At = written.Add(time.Hour)
			t.Positions[0].Fills = append(t.Positions[0].Fills, f)
		}, "positions[0].fills[1].id", `"f0" is also the id of positions[0].fills[0]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := validThesis()
			th.Normalize()
			tt.edit(th)
			err := th.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			ve, ok := err.(*journal.ValidationError)
			if !ok {
				t.Fatalf("err = %v (%T), want *ValidationError", err, err)
			}
			if got := ve.Field(tt.field); got != tt.rule {
				t.Fatalf("field %s: rule = %q, want %q (all: %v)", tt.field, got, tt.rule, err)
			}
			if journal.ErrorCode(err) != journal.EINVALID {
				t.Fatalf("code = %q", journal.ErrorCode(err))
			}
			if !strings.Contains(err.Error(), tt.field) {
				t.Fatalf("message %q does not name the field %s", err, tt.field)
			}
		})
	}
}

func TestApplyEditKeepsHistory(t *testing.T) {
	prev := validThesis()
	prev.Normalize()
	next := prev.Clone()
	next.Conviction = 55
	next.Expectation = "NVDA above 140 USD"
	next.Body = "edited body"
	edited := written.Add(48 * time.Hour)
	if err := journal.ApplyEdit(prev, next, edited); err != nil {
		t.Fatal(err)
	}
	if len(next.Revisions) != 1 {
		t.Fatalf("revisions = %d, want 1", len(next.Revisions))
	}
	r := next.Revisions[0]
	if r.Conviction != 70 || r.Expectation != "NVDA above 150 USD by year end" || !r.At.Equal(edited) {
		t.Fatalf("revision = %+v, want the old claim dated %v", r, edited)
	}

	// A body-only edit is not a claim change.
	again := next.Clone()
	again.Body = "only the body"
	if err := journal.ApplyEdit(next, again, edited.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if len(again.Revisions) != 1 {
		t.Fatalf("body edit added a revision: %d", len(again.Revisions))
	}

	// Saved snapshots, reviews and revisions cannot be rewritten or dropped.
	cases := map[string]func(*journal.Thesis){
		"snapshot price": func(t *journal.Thesis) { t.Snapshots[0].Price = journal.MustMoney("1", "KRW") },
		"snapshot drop":  func(t *journal.Thesis) { t.Snapshots = nil },
		"revision text":  func(t *journal.Thesis) { t.Revisions[0].Expectation = "I always said 140" },
		"created_at":     func(t *journal.Thesis) { t.CreatedAt = t.CreatedAt.Add(time.Hour) },
		"id":             func(t *journal.Thesis) { t.ID = "other" },
	}
	for name, edit := range cases {
		bad := again.Clone()
		edit(bad)
		err := journal.ApplyEdit(again, bad, edited.Add(2*time.Hour))
		if journal.ErrorCode(err) != journal.ECONFLICT {
			t.Errorf("%s: err = %v, want conflict", name, err)
		}
	}

	// Appending a snapshot is fine.
	more := again.Clone()
	more.Snapshots = append(more.Snapshots, journal.Snapshot{Symbol: "NVDA", Price: journal.MustMoney("120", "USD"), At: edited, Source: journal.SourceManual})
	if err := journal.ApplyEdit(again, more, edited.Add(3*time.Hour)); err != nil {
		t.Fatalf("append snapshot: %v", err)
	}
}

func TestNewIDOrdered(t *testing.T) {
	a := journal.NewID(written)
	b := journal.NewID(written.Add(time.Nanosecond))
	if !(a < b) || len(a) != 26 || !journal.ValidID(a) {
		t.Fatalf("ids %q %q not ordered or malformed", a, b)
	}
}

func TestDefaultSettings(t *testing.T) {
	if got := journal.DefaultSettings("ko_KR.UTF-8"); got.BaseCurrency != "KRW" || got.DefaultBenchmark() != "^KS11" {
		t.Errorf("korean locale = %+v", got)
	}
	if got := journal.DefaultSettings("en_US.UTF-8"); got.BaseCurrency != "USD" || got.DefaultBenchmark() != "^GSPC" {
		t.Errorf("english locale = %+v", got)
	}
	bad := journal.Settings{BaseCurrency: "KRW", TotalLossBudget: journal.MustMoney("0", "KRW")}
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "total_loss_budget") {
		t.Errorf("zero total budget: %v", err)
	}
}

func TestParseSymbolTable(t *testing.T) {
	for _, ok := range []string{"NVDA", "005930.KS", "^KS11", "USDKRW=X", "BTC-USD", "BRK-B", "VOD.L", "ES=F", "0700.HK", "^GSPC", "brk.b", "A"} {
		if _, err := journal.ParseSymbol(ok); err != nil {
			t.Errorf("ParseSymbol(%q): %v", ok, err)
		}
	}
	for _, c := range []struct{ in, msg string }{
		{"..", `symbol ".." must hold a letter or digit`},
		{".", `symbol "." must hold a letter or digit`},
		{"^", `symbol "^" must hold a letter or digit`},
		{"-=", `symbol "-=" must hold a letter or digit`},
		{".HIDDEN", `symbol ".HIDDEN" must not start with "."`},
		{"../ETC", `symbol "../ETC" may only hold A-Z 0-9 . - ^ =`},
		{`A\B`, `symbol "A\\B" may only hold A-Z 0-9 . - ^ =`},
		{"A\x1b", `symbol "A\x1b" may only hold A-Z 0-9 . - ^ =`},
		{"", "symbol must not be empty"},
	} {
		_, err := journal.ParseSymbol(c.in)
		if err == nil || err.Error() != c.msg || journal.ErrorCode(err) != journal.EINVALID {
			t.Errorf("ParseSymbol(%q) = %v, want %s", c.in, err, c.msg)
		}
	}
}

func TestSettingsAuthorControl(t *testing.T) {
	s := journal.Settings{BaseCurrency: "USD", Author: "Kim\x1b[8m"}
	err := s.Validate()
	ve, ok := err.(*journal.ValidationError)
	if !ok || ve.Field("author") != "must not hold control characters (U+001B)" {
		t.Fatalf("Validate = %v", err)
	}
	s.TotalLossBudget = journal.MustMoney("-1", "USD")
	s.Author = "김투자"
	if err := s.Validate(); err == nil {
		t.Fatal("a negative total loss budget passed")
	}
}
