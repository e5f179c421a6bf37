package journal_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

func intp(n int) *int { return &n }

func decs(ss ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = decimal.RequireFromString(s)
	}
	return out
}

func nvdaLevel(price string, close bool) journal.Level {
	return journal.Level{Symbol: "NVDA", When: journal.LevelBelow, Price: journal.MustMoney(price, "USD"), Close: close}
}

func TestValidateNewFields(t *testing.T) {
	const otherID = "0181f3a2b4c5d6e7a1b2c3d4e5"
	tests := []struct {
		name  string
		edit  func(*journal.Thesis)
		field string
		rule  string
	}{
		{"pre-mortem ok", func(t *journal.Thesis) { t.PreMortem = []string{"capex cut", "export ban"} }, "", ""},
		{"21 risks", func(t *journal.Thesis) { t.PreMortem = slices.Repeat([]string{"r"}, 21) }, "pre_mortem", "must be at most 20"},
		{"20 risks ok", func(t *journal.Thesis) { t.PreMortem = slices.Repeat([]string{"r"}, 20) }, "", ""},
		{"long risk", func(t *journal.Thesis) { t.PreMortem = []string{"a", strings.Repeat("가", journal.MaxText+1)} },
			"pre_mortem[1]", "must be at most 10000 characters (has 10001)"},
		{"risk with a line break", func(t *journal.Thesis) { t.PreMortem = []string{"a\nb"} },
			"pre_mortem[0]", "must not hold control characters (U+000A)"},
		{"base rate 0 ok", func(t *journal.Thesis) { t.BaseRate = intp(0) }, "", ""},
		{"base rate 100 ok", func(t *journal.Thesis) { t.BaseRate = intp(100) }, "", ""},
		{"base rate 101", func(t *journal.Thesis) { t.BaseRate = intp(101) }, "base_rate", "must be between 0 and 100 (is 101)"},
		{"base rate -1", func(t *journal.Thesis) { t.BaseRate = intp(-1) }, "base_rate", "must be between 0 and 100 (is -1)"},
		{"revision base rate", func(t *journal.Thesis) {
			t.Revisions = []journal.Revision{{At: written, Title: "x", BaseRate: intp(200)}}
		}, "revisions[0].base_rate", "must be between 0 and 100 (is 200)"},
		{"level ok", func(t *journal.Thesis) { t.Levels = []journal.Level{nvdaLevel("90", true), nvdaLevel("90", false)} }, "", ""},
		{"level bad side", func(t *journal.Thesis) {
			t.Levels = []journal.Level{{Symbol: "NVDA", When: "under", Price: journal.MustMoney("90", "USD")}}
		}, "levels[0].when", `must be below or above (is "under")`},
		{"level bad symbol", func(t *journal.Thesis) {
			t.Levels = []journal.Level{{Symbol: "NV DA", When: journal.LevelAbove, Price: journal.MustMoney("90", "USD")}}
		}, "levels[0].symbol", `symbol "NV DA" may only hold A-Z 0-9 . - ^ =`},
		{"level zero price", func(t *journal.Thesis) { t.Levels = []journal.Level{nvdaLevel("0", false)} },
			"levels[0].price", "must be greater than zero"},
		{"level without currency", func(t *journal.Thesis) {
			t.Levels = []journal.Level{{Symbol: "NVDA", When: journal.LevelAbove, Price: journal.Money{Amount: decimal.NewFromInt(9)}}}
		}, "levels[0].price", "currency must be set"},
		{"level twice", func(t *journal.Thesis) { t.Levels = []journal.Level{nvdaLevel("90", true), nvdaLevel("90.0", true)} },
			"levels[1]", "repeats levels[0]"},
		{"link ok", func(t *journal.Thesis) {
			t.Links = []journal.Link{{Kind: journal.LinkFollowsUp, To: otherID}, {Kind: journal.LinkContradicts, To: otherID}}
		}, "", ""},
		{"link bad kind", func(t *journal.Thesis) { t.Links = []journal.Link{{Kind: "likes", To: otherID}} },
			"links[0].kind", `must be follows_up, contradicts or replaces (is "likes")`},
		{"link bad id", func(t *journal.Thesis) { t.Links = []journal.Link{{Kind: journal.LinkReplaces, To: "a b"}} },
			"links[0].to", "must be a thesis id: 1-64 letters, digits, '-' or '_'"},
		{"link to itself", func(t *journal.Thesis) { t.Links = []journal.Link{{Kind: journal.LinkReplaces, To: t.ID}} },
			"links[0].to", "must not be the thesis itself"},
		{"link twice", func(t *journal.Thesis) {
			t.Links = []journal.Link{{Kind: journal.LinkReplaces, To: otherID}, {Kind: journal.LinkFollowsUp, To: otherID}, {Kind: journal.LinkReplaces, To: otherID}}
		}, "links[2]", "repeats links[0]"},
		{"quality 5 ok", func(t *journal.Thesis) {
			t.Reviews = []journal.Review{{At: written, Verdict: journal.VerdictWrong, Quality: 5}}
		}, "", ""},
		{"quality 6", func(t *journal.Thesis) {
			t.Reviews = []journal.Review{{At: written, Verdict: journal.VerdictWrong, Quality: 6}}
		},
			"reviews[0].decision_quality", "must be between 1 and 5, or 0 when not graded (is 6)"},
		{"quality -1", func(t *journal.Thesis) {
			t.Reviews = []journal.Review{{At: written, Verdict: journal.VerdictWrong, Quality: -1}}
		},
			"reviews[0].decision_quality", "must be between 1 and 5, or 0 when not graded (is -1)"},
		{"risks ok", func(t *journal.Thesis) {
			t.PreMortem = []string{"a", "b"}
			t.Reviews = []journal.Review{{At: written, Verdict: journal.VerdictWrong, Risks: []int{1, 0}}}
		}, "", ""},
		{"risk out of range", func(t *journal.Thesis) {
			t.PreMortem = []string{"a", "b"}
			t.Reviews = []journal.Review{{At: written, Verdict: journal.VerdictWrong, Risks: []int{0, 2}}}
		}, "reviews[0].risks_happened[1]", "must name one of the 2 pre-mortem risks"},
		{"risk without pre-mortem", func(t *journal.Thesis) {
			t.Reviews = []journal.Review{{At: written, Verdict: journal.VerdictWrong, Risks: []int{0}}}
		}, "reviews[0].risks_happened[0]", "must name one of the 0 pre-mortem risks"},
		{"risk twice", func(t *journal.Thesis) {
			t.PreMortem = []string{"a", "b"}
			t.Reviews = []journal.Review{{At: written, Verdict: journal.VerdictWrong, Risks: []int{1, 1}}}
		}, "reviews[0].risks_happened[1]", "names risk 1 twice"},
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
		})
	}
}

func TestNormalizeNewFields(t *testing.T) {
	th := validThesis()
	th.PreMortem = []string{"  capex cut ", "", "   ", "export ban"}
	th.Levels = []journal.Level{{Symbol: " nvda ", When: " Below ", Price: journal.MustMoney("90", "USD")}}
	th.Links = []journal.Link{{Kind: " Follows_Up", To: " abc "}}
	th.Normalize()
	if !slices.Equal(th.PreMortem, []string{"capex cut", "export ban"}) {
		t.Errorf("pre_mortem = %q", th.PreMortem)
	}
	if l := th.Levels[0]; l.Symbol != "NVDA" || l.When != journal.LevelBelow {
		t.Errorf("level = %+v", l)
	}
	if l := th.Links[0]; l.Kind != journal.LinkFollowsUp || l.To != "abc" {
		t.Errorf("link = %+v", l)
	}
	if err := th.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestApplyEditPreMortemAndBaseRate(t *testing.T) {
	tests := []struct {
		name          string
		edit          func(*journal.Thesis)
		wantRevisions int
	}{
		{"risk added", func(t *journal.Thesis) { t.PreMortem = append(t.PreMortem, "export ban") }, 1},
		{"risk reworded", func(t *journal.Thesis) { t.PreMortem[0] = "capex cut by two" }, 1},
		{"base rate changed", func(t *journal.Thesis) { t.BaseRate = intp(40) }, 1},
		{"base rate removed", func(t *journal.Thesis) { t.BaseRate = nil }, 1},
		{"same values", func(t *journal.Thesis) { t.BaseRate = intp(30); t.PreMortem = []string{"capex cut"} }, 0},
		{"level added is not a claim", func(t *journal.Thesis) { t.Levels = []journal.Level{nvdaLevel("90", true)} }, 0},
		{"link added is not a claim", func(t *journal.Thesis) { t.Links = []journal.Link{{Kind: journal.LinkFollowsUp, To: "x1"}} }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prev := validThesis()
			prev.PreMortem = []string{"capex cut"}
			prev.BaseRate = intp(30)
			prev.Normalize()
			next := prev.Copy()
			tt.edit(next)
			if err := journal.ApplyEdit(prev, next, written.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if len(next.Revisions) != tt.wantRevisions {
				t.Fatalf("revisions = %d, want %d", len(next.Revisions), tt.wantRevisions)
			}
			if tt.wantRevisions == 1 {
				r := next.Revisions[0]
				if !slices.Equal(r.PreMortem, []string{"capex cut"}) || r.BaseRate == nil || *r.BaseRate != 30 {
					t.Errorf("revision keeps %q, %v; want the previous [capex cut], 30", r.PreMortem, r.BaseRate)
				}
				// The revision must not share the edited slice.
				if len(next.PreMortem) > 0 {
					next.PreMortem[0] = "changed afterwards"
					if r.PreMortem[0] != "capex cut" {
						t.Errorf("revision shares the pre-mortem slice")
					}
				}
			}
		})
	}
}

func TestCopyNewFields(t *testing.T) {
	th := validThesis()
	th.PreMortem = []string{"a"}
	th.BaseRate = intp(30)
	th.Levels = []journal.Level{nvdaLevel("90", true)}
	th.Links = []journal.Link{{Kind: journal.LinkReplaces, To: "x1"}}
	th.Reviews = []journal.Review{{At: written, Verdict: journal.VerdictWrong, Quality: 2, Risks: []int{0}}}
	th.Revisions = []journal.Revision{{At: written, Title: "t", PreMortem: []string{"old"}, BaseRate: intp(10)}}
	for name, c := range map[string]*journal.Thesis{"Copy": th.Copy(), "Clone": th.Clone()} {
		if ixCanon(c) != ixCanon(th) {
			t.Errorf("%s differs:\n%s\n%s", name, ixCanon(c), ixCanon(th))
		}
		c.PreMortem[0] = "z"
		*c.BaseRate = 99
		c.Levels[0].Symbol = "AMD"
		c.Links[0].To = "y"
		c.Reviews[0].Risks[0] = 5
		c.Revisions[0].PreMortem[0] = "z"
		*c.Revisions[0].BaseRate = 99
		if th.PreMortem[0] != "a" || *th.BaseRate != 30 || th.Levels[0].Symbol != "NVDA" || th.Links[0].To != "x1" ||
			th.Reviews[0].Risks[0] != 0 || th.Revisions[0].PreMortem[0] != "old" || *th.Revisions[0].BaseRate != 10 {
			t.Errorf("%s shares memory with the original", name)
		}
	}
}

func TestBacklinks(t *testing.T) {
	a := &journal.Thesis{ID: "a", Links: []journal.Link{{Kind: journal.LinkFollowsUp, To: "c"}, {Kind: journal.LinkContradicts, To: "b"}}}
	b := &journal.Thesis{ID: "b", Links: []journal.Link{{Kind: journal.LinkReplaces, To: "c"}}}
	c := &journal.Thesis{ID: "c"}
	got := journal.Backlinks([]*journal.Thesis{a, nil, b, c})
	want := map[string][]journal.Backlink{
		"c": {{From: "a", Kind: journal.LinkFollowsUp}, {From: "b", Kind: journal.LinkReplaces}},
		"b": {{From: "a", Kind: journal.LinkContradicts}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for id, w := range want {
		if !slices.Equal(got[id], w) {
			t.Errorf("backlinks of %s = %v, want %v", id, got[id], w)
		}
	}
}

func TestSettingsThresholds(t *testing.T) {
	tests := []struct {
		name  string
		ths   []decimal.Decimal
		field string
		rule  string
		eff   string
	}{
		{"defaults", nil, "", "", "0.5,0.8,1"},
		{"own", decs("0.25", "1", "2"), "", "", "0.25,1,2"},
		{"ten ok", decs("10"), "", "", "10"},
		{"zero", decs("0", "1"), "alert_thresholds[0]", "must be above 0 and at most 10 (is 0)", ""},
		{"above ten", decs("10.01"), "alert_thresholds[0]", "must be above 0 and at most 10 (is 10.01)", ""},
		{"not increasing", decs("0.5", "0.5"), "alert_thresholds[1]", "must be greater than the threshold before it (0.5)", ""},
		{"decreasing", decs("0.8", "0.5"), "alert_thresholds[1]", "must be greater than the threshold before it (0.8)", ""},
		{"eleven", decs("0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1", "1.1"), "alert_thresholds", "must be at most 10", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := journal.Settings{BaseCurrency: "KRW", AlertThresholds: tt.ths}
			err := s.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				var parts []string
				for _, th := range s.Thresholds() {
					parts = append(parts, th.String())
				}
				if got := strings.Join(parts, ","); got != tt.eff {
					t.Errorf("Thresholds() = %s, want %s", got, tt.eff)
				}
				return
			}
			ve, ok := err.(*journal.ValidationError)
			if !ok {
				t.Fatalf("err = %v, want *ValidationError", err)
			}
			if got := ve.Field(tt.field); got != tt.rule {
				t.Errorf("field %s: rule = %q, want %q (all: %v)", tt.field, got, tt.rule, err)
			}
		})
	}
	s := journal.Settings{AlertThresholds: decs("0.5")}
	s.Thresholds()[0] = decimal.NewFromInt(3)
	if !s.AlertThresholds[0].Equal(decimal.RequireFromString("0.5")) {
		t.Error("Thresholds returns the settings' own slice")
	}
}

func TestDiffSettingsThresholds(t *testing.T) {
	a := journal.Settings{BaseCurrency: "KRW"}
	b := journal.Settings{BaseCurrency: "KRW", AlertThresholds: decs("0.5", "1")}
	got := journal.DiffSettings(a, b)
	want := []journal.SettingsChange{{Field: "alert_thresholds", Journal: "none", File: "0.5, 1"}}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestMergeLevelsLinksAndClaim(t *testing.T) {
	base := validThesis()
	base.Normalize()
	stored := base.Copy()
	stored.Levels = []journal.Level{nvdaLevel("90", true), nvdaLevel("80", false)}
	stored.Links = []journal.Link{{Kind: journal.LinkFollowsUp, To: "x1"}}
	stored.PreMortem = []string{"capex cut"}
	stored.UpdatedAt = written.Add(time.Hour)
	incoming := base.Copy()
	incoming.Levels = []journal.Level{nvdaLevel("80", false), nvdaLevel("70", true)}
	incoming.Links = []journal.Link{{Kind: journal.LinkContradicts, To: "x2"}, {Kind: journal.LinkFollowsUp, To: "x1"}}
	incoming.PreMortem = []string{"capex cut", "export ban"}
	incoming.BaseRate = intp(25)
	incoming.UpdatedAt = written.Add(2 * time.Hour) // newer: its order and claim are kept

	out, note, err := journal.MergeThesis(stored, incoming)
	if err != nil {
		t.Fatal(err)
	}
	wantLevels := []journal.Level{nvdaLevel("80", false), nvdaLevel("70", true), nvdaLevel("90", true)}
	if len(out.Levels) != len(wantLevels) {
		t.Fatalf("levels = %+v, want %+v", out.Levels, wantLevels)
	}
	for i := range wantLevels {
		if out.Levels[i].Key() != wantLevels[i].Key() {
			t.Errorf("level %d = %s, want %s", i, out.Levels[i].Key(), wantLevels[i].Key())
		}
	}
	wantLinks := []journal.Link{{Kind: journal.LinkContradicts, To: "x2"}, {Kind: journal.LinkFollowsUp, To: "x1"}}
	if !slices.Equal(out.Links, wantLinks) {
		t.Errorf("links = %+v, want %+v", out.Links, wantLinks)
	}
	if !note.ClaimDiffered || !note.ClaimToHistory {
		t.Fatalf("note = %+v: the pre-mortem and base rate differ, so the claims differ", note)
	}
	if !slices.Equal(out.PreMortem, []string{"capex cut", "export ban"}) || out.BaseRate == nil || *out.BaseRate != 25 {
		t.Errorf("kept claim = %q, %v", out.PreMortem, out.BaseRate)
	}
	last := out.Revisions[len(out.Revisions)-1]
	if !slices.Equal(last.PreMortem, []string{"capex cut"}) || last.BaseRate != nil {
		t.Errorf("history holds %q, %v; want the stored [capex cut], nil", last.PreMortem, last.BaseRate)
	}
	again, _, err := journal.MergeThesis(out, stored)
	if err != nil {
		t.Fatal(err)
	}
	if ixCanon(again) != ixCanon(out) {
		t.Errorf("merging the stored copy again changed the result")
	}
}
