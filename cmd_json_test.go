package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"hindsight/quotes/yahoo/yahootest"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaFile is the machine-readable form of docs/json-output.md.
const schemaFile = "docs/json-output.schema.json"

// compileOutputSchema compiles the schema of one command's output ("list_output", …), or
// of any output with def "".
func compileOutputSchema(t *testing.T, def string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	loc := schemaFile
	if def != "" {
		loc += "#/$defs/" + def
	}
	sch, err := c.Compile(loc)
	if err != nil {
		t.Fatalf("compile %s: %v", loc, err)
	}
	return sch
}

// decodeForSchema decodes JSON the way the validator expects (numbers as json.Number).
func decodeForSchema(t *testing.T, s string) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(s))
	if err != nil {
		t.Fatalf("not JSON: %v\n%.400s", err, s)
	}
	return v
}

// listKeys are the fields docs/json-output.md documents as lists: always an array, [] when
// empty, never null.
var listKeys = map[string]bool{
	"theses": true, "reasons": true, "tags": true, "positions": true, "snapshots": true, "reviews": true,
	"revisions": true, "checks": true, "prices": true, "missing": true, "missing_fx": true, "incomplete": true, "incomplete_closed": true,
	"due": true, "by_return": true, "buckets": true, "quotes": true,
	"fills": true, "dividends": true, "ledger": true, "splits": true, "inbox": true, "rows": true,
	"pre_mortem": true, "levels": true, "links": true, "risks_happened": true, "fired": true, "alerts": true,
}

// nullableKeys are the fields docs/json-output.md documents as possibly null.
var nullableKeys = map[string]bool{
	"updated_at": true, "review_by": true, "loss_budget": true, "benchmark": true,
	"fx_to_base": true, "price": true, "price_at": true, "fx_now": true,
	"pnl": true, "pnl_base": true, "cost_base": true, "return": true, "return_base": true, "loss_used": true,
	"fees": true, "taxes": true, "ref": true, "per_share": true, "amount": true, "withheld": true,
	"fill": true, "dividend": true, "average_cost": true, "first_fill_at": true, "realized_pnl_base": true,
	"unrealized_pnl_base": true, "dividends_base": true, "fees_base": true, "cost_held_base": true,
	"mapping": true, "thesis_id": true, "id": true,
	"base_rate": true, "decision_quality": true, "threshold": true, "level": true, "due": true,
	"snoozed_until": true,
	"drawdown":      true, "move": true, "worst_loss_used": true, "breached_on": true, "thesis_return": true,
	"excess": true, "total_budget": true, "committed": true, "committed_ratio": true, "lost": true, "lost_this_year": true, "lost_all_time": true,
	"lost_ratio": true, "best": true, "worst": true, "time": true, "source": true, "age_seconds": true, "basis": true,
	"error": true,
}

var snakeKey = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// shapeProblems walks decoded JSON and reports keys that are not snake_case, lists that
// are null or not arrays, and nulls where the documentation allows none.
func shapeProblems(v any, path string) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, c := range v {
			p := path + "." + k
			if !snakeKey.MatchString(k) {
				out = append(out, p+": key is not snake_case")
			}
			if _, isList := c.([]any); listKeys[k] && !isList {
				out = append(out, fmt.Sprintf("%s: a list, but %v", p, c))
			}
			if c == nil && !nullableKeys[k] {
				out = append(out, p+": null, and not documented as nullable")
			}
			out = append(out, shapeProblems(c, p)...)
		}
	case []any:
		for i, c := range v {
			out = append(out, shapeProblems(c, fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return out
}

// checkOutput validates one command's output against the schema of that command and
// against the schema as a whole, and checks its shape.
func checkOutput(t *testing.T, name, def, out string) map[string]any {
	t.Helper()
	v := decodeForSchema(t, out)
	if err := compileOutputSchema(t, def).Validate(v); err != nil {
		t.Errorf("%s: not a valid %s: %v\n%.600s", name, def, err, out)
	}
	if err := compileOutputSchema(t, "").Validate(v); err != nil {
		t.Errorf("%s: not valid against the whole schema: %v", name, err)
	}
	for _, p := range shapeProblems(v, "$") {
		t.Errorf("%s: %s", name, p)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// dig follows keys and indexes into decoded JSON.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch p := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[p]
		case int:
			l, _ := v.([]any)
			if p >= len(l) {
				return nil
			}
			v = l[p]
		}
	}
	return v
}

// bareThesis is an interchange file with one thesis that has nothing but a title.
const bareThesis = `{"format":"hindsight-journal","version":1,"theses":[{"id":"bare","title":"맨 논제 (a bare thesis)","created_at":"2026-01-05T00:00:00Z","conviction":50}]}`

func TestJSONOutputMatchesSchema(t *testing.T) {
	srv := yahootest.NewServer(t)
	at := clock().Add(-time.Hour).Unix()
	srv.SetQuote("NVDA", "AAPL", map[string]any{"currency": "USD", "regularMarketPrice": 181.5, "regularMarketTime": at})
	srv.SetQuote("005930.KS", "AAPL", map[string]any{"currency": "KRW", "regularMarketPrice": 98700, "exchange": "KSC", "regularMarketTime": at})
	srv.SetQuote("USDKRW=X", "EURUSD=X", map[string]any{"currency": "KRW", "regularMarketPrice": 1400, "regularMarketTime": at})
	t.Setenv("HINDSIGHT_YAHOO_URL", srv.URL)

	// An empty journal: every list is [].
	empty := filepath.Join(t.TempDir(), "empty.db")
	out, errs, code := hs(t, empty, "", "list", "--json")
	if code != 0 {
		t.Fatalf("list on an empty journal: %d %s", code, errs)
	}
	m := checkOutput(t, "list (empty)", "list_output", out)
	if l, ok := m["theses"].([]any); !ok || len(l) != 0 || m["total"] != float64(0) {
		t.Errorf("empty list: theses %v, total %v; want [] and 0", m["theses"], m["total"])
	}
	out, errs, code = hs(t, empty, "", "summary", "--json", "--offline")
	if code != 0 {
		t.Fatalf("summary on an empty journal: %d %s", code, errs)
	}
	m = checkOutput(t, "summary (empty)", "summary_output", out)
	if l, ok := dig(m, "summary", "due").([]any); !ok || len(l) != 0 || dig(m, "summary", "best") != nil {
		t.Errorf("empty summary: due %v, best %v", dig(m, "summary", "due"), dig(m, "summary", "best"))
	}

	db := demoDB(t)
	file := filepath.Join(t.TempDir(), "bare.json")
	if err := os.WriteFile(file, []byte(bareThesis), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := hs(t, db, "", "import", file); code != 0 {
		t.Fatalf("import: %s", errs)
	}

	out, _, code = hs(t, db, "", "list", "--json")
	m = checkOutput(t, "list", "list_output", out)
	if code != 0 || len(m["theses"].([]any)) != 7 || m["total"] != float64(7) {
		t.Errorf("list: code %d, total %v", code, m["total"])
	}
	out, _, _ = hs(t, db, "", "list", "--json", "--limit", "2")
	m = checkOutput(t, "list --limit", "list_output", out)
	if len(m["theses"].([]any)) != 2 || m["total"] != float64(7) {
		t.Errorf("list --limit 2: %d theses of total %v; want 2 of 7", len(m["theses"].([]any)), m["total"])
	}

	out, _, _ = hs(t, db, "", "show", "--json", "demo-deepseek")
	m = checkOutput(t, "show", "show_output", out)
	if got := dig(m, "thesis", "positions", 0, "fills", 0, "price"); fmt.Sprint(got) != "map[amount:128.99 currency:USD]" {
		t.Errorf("show: NVDA's first fill's price %v", got)
	}
	out, _, _ = hs(t, db, "", "show", "--json", "bare")
	m = checkOutput(t, "show bare", "show_output", out)
	for _, k := range []string{"review_by", "loss_budget", "benchmark"} {
		if v := dig(m, "thesis", k); v != nil {
			t.Errorf("bare thesis %s = %v, want null", k, v)
		}
	}

	for _, id := range []string{"demo-deepseek", "demo-valueup", "demo-oil", "demo-bitcoin", "demo-yen", "demo-hynix", "bare"} {
		out, errs, code := hs(t, db, "", "review", "--json", "--offline", id)
		if code != 0 {
			t.Fatalf("review %s: %d %s", id, code, errs)
		}
		m := checkOutput(t, "review "+id, "review_output", out)
		switch id {
		case "demo-oil":
			if on, ok := dig(m, "outcome", "drawdown", "breached_on").(string); !ok || on == "" {
				t.Errorf("the oil short ran through its budget; breached_on = %v", dig(m, "outcome", "drawdown", "breached_on"))
			}
		case "bare":
			for _, k := range []string{"positions", "snapshots", "missing", "missing_fx"} {
				if l, ok := dig(m, "outcome", k).([]any); !ok || len(l) != 0 {
					t.Errorf("bare review: outcome.%s = %v, want []", k, dig(m, "outcome", k))
				}
			}
		}
	}
	// Live prices from the local server.
	out, errs, code = hs(t, db, "", "review", "--json", "demo-deepseek")
	if code != 0 {
		t.Fatalf("live review: %d %s", code, errs)
	}
	m = checkOutput(t, "review live", "review_output", out)
	if got := dig(m, "outcome", "positions", 0, "price"); fmt.Sprint(got) != "map[amount:181.5 currency:USD]" {
		t.Errorf("live review: NVDA at %v, want the server's 181.5 USD", got)
	}

	out, errs, code = hs(t, db, "", "summary", "--json", "--offline")
	if code != 0 {
		t.Fatalf("summary: %d %s", code, errs)
	}
	m = checkOutput(t, "summary", "summary_output", out)
	if dig(m, "summary", "count") != float64(7) || len(dig(m, "calibration", "buckets").([]any)) != 6 {
		t.Errorf("summary: count %v, buckets %v", dig(m, "summary", "count"), dig(m, "calibration", "buckets"))
	}

	// One symbol unknown: the others are printed, the unknown one carries an error, exit 1.
	out, errs, code = hs(t, db, "", "quote", "--json", "NVDA", "NOSUCHSYM", "005930.KS")
	if code != 1 || !strings.Contains(errs, "NOSUCHSYM") {
		t.Errorf("quote with an unknown symbol: exit %d, stderr %q; want 1 naming it", code, errs)
	}
	m = checkOutput(t, "quote", "quote_output", out)
	rows, _ := m["quotes"].([]any)
	if len(rows) != 3 || dig(rows, 0, "error") != nil || dig(rows, 1, "error") == nil || dig(rows, 1, "price") != nil ||
		fmt.Sprint(dig(rows, 2, "price")) != "map[amount:98700 currency:KRW]" {
		t.Errorf("quote rows: %v", rows)
	}
}

// TestJSONSchemaRejects checks that the schema and the shape walk can fail: real output,
// broken in one place, must be refused.
func TestJSONSchemaRejects(t *testing.T) {
	db := demoDB(t)
	out, errs, code := hs(t, db, "", "review", "--json", "--offline", "demo-oil")
	if code != 0 {
		t.Fatalf("review: %s", errs)
	}
	sch := compileOutputSchema(t, "review_output")
	if err := sch.Validate(decodeForSchema(t, out)); err != nil {
		t.Fatalf("the unbroken output must pass: %v", err)
	}
	breaks := []struct {
		name  string
		from  string
		to    string
		shape bool // the shape walk must object too
	}{
		{"camelCase key", `"pnl_base":`, `"pnlBase":`, true},
		{"null list", `"missing_fx": []`, `"missing_fx": null`, true},
		{"amount as a number", `"amount": "1000000"`, `"amount": 1000000`, false},
		{"date with a time", `"breached_on": "`, `"breached_on": "T`, false},
		{"unknown status", `"status": "wrong"`, `"status": "oops"`, false},
		{"local time", `"as_of": "2026-11-29T09:00:00Z"`, `"as_of": "2026-11-29T18:00:00+09:00"`, false},
		{"wrong schema version", `"schema": "hindsight-cli/2"`, `"schema": "hindsight-cli/0"`, false},
	}
	for _, b := range breaks {
		if !strings.Contains(out, b.from) {
			t.Fatalf("%s: the output lacks %q", b.name, b.from)
		}
		bad := strings.Replace(out, b.from, b.to, 1)
		v := decodeForSchema(t, bad)
		if err := sch.Validate(v); err == nil {
			t.Errorf("%s: the schema accepted it", b.name)
		}
		if p := shapeProblems(v, "$"); b.shape && len(p) == 0 {
			t.Errorf("%s: the shape walk found nothing", b.name)
		}
	}
}

// TestJSONDocCoversSchema checks that docs/json-output.md names every field of the schema.
func TestJSONDocCoversSchema(t *testing.T) {
	raw, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("docs/json-output.md")
	if err != nil {
		t.Fatal(err)
	}
	var sch any
	if err := json.Unmarshal(raw, &sch); err != nil {
		t.Fatal(err)
	}
	fields := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if props, ok := v["properties"].(map[string]any); ok {
				for k := range props {
					fields[k] = true
				}
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(sch)
	var missing []string
	for f := range fields {
		if !strings.Contains(string(doc), "`"+f+"`") {
			missing = append(missing, f)
		}
	}
	sort.Strings(missing)
	if len(fields) < 50 || len(missing) > 0 {
		t.Errorf("%d fields in the schema; docs/json-output.md does not name %v", len(fields), missing)
	}
	for f := range nullableKeys {
		if !fields[f] {
			t.Errorf("nullable field %q is not in the schema", f)
		}
	}
	for f := range listKeys {
		if !fields[f] {
			t.Errorf("list field %q is not in the schema", f)
		}
	}
}
