package journal_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"hindsight/journal"
)

// csvRead checks the byte order mark and line ends of an EncodeCSV output and parses it.
func csvRead(t *testing.T, out []byte) [][]string {
	t.Helper()
	body, ok := bytes.CutPrefix(out, []byte("\ufeff"))
	if !ok {
		t.Fatalf("output does not start with a UTF-8 byte order mark: %q", out[:min(len(out), 8)])
	}
	if bytes.Contains(bytes.ReplaceAll(body, []byte("\r\n"), nil), []byte("\r")) {
		t.Errorf("output holds a carriage return outside a CRLF")
	}
	if !bytes.HasSuffix(body, []byte("\r\n")) {
		t.Errorf("output does not end with CRLF")
	}
	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv cannot read the output: %v\n%s", err, body)
	}
	return records
}

func csvEncode(t *testing.T, s journal.Settings, theses []*journal.Thesis) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := journal.EncodeCSV(&buf, s, theses); err != nil {
		t.Fatalf("EncodeCSV: %v", err)
	}
	return buf.Bytes()
}

func TestEncodeCSV(t *testing.T) {
	theses := ixSampleTheses()
	// Commas, quotes, a line break and Hangul in the cells that are most often edited.
	theses[0].Title = "삼성전자, \"HBM\" 공급\n두 번째 줄"
	theses[0].Tags = []string{"반도체", "ai, 인공지능"}
	out := csvEncode(t, ixSettings, theses)
	records := csvRead(t, out)

	header := journal.CSVHeader()
	if !slices.Equal(records[0], header) {
		t.Fatalf("header = %q, want %q", records[0], header)
	}
	col := map[string]int{}
	for i, name := range header {
		col[name] = i
	}

	type want struct {
		th *journal.Thesis
		p  *journal.Position
		f  *journal.Fill
	}
	var rows []want
	for _, th := range theses {
		if len(th.Positions) == 0 {
			rows = append(rows, want{th, nil, nil})
		}
		for i := range th.Positions {
			p := &th.Positions[i]
			for j := range p.Fills {
				rows = append(rows, want{th, p, &p.Fills[j]})
			}
		}
	}
	// The samples: 3 + 2 fills, a thesis without positions, 1 + 1 fills.
	if got := len(records) - 1; got != len(rows) || got != 8 {
		t.Fatalf("%d data rows, want %d = 8 (one per fill, one for a thesis without positions)", got, len(rows))
	}

	utc := func(tm time.Time) string { return tm.UTC().Format(time.RFC3339) }
	for i, w := range rows {
		rec := records[i+1]
		cells := map[string]string{
			"id": w.th.ID, "title": w.th.Title, "status": string(w.th.Status),
			"conviction": strconv.Itoa(w.th.Conviction), "created_at": utc(w.th.CreatedAt),
			"review_by": w.th.ReviewBy.String(), "tags": strings.Join(w.th.Tags, ";"),
			"base_currency": ixSettings.BaseCurrency,
		}
		if !w.th.LossBudget.IsZero() {
			cells["loss_budget"] = w.th.LossBudget.Amount.String()
			cells["loss_budget_currency"] = w.th.LossBudget.Currency
		}
		if p := w.p; p != nil {
			cells["symbol"] = p.Symbol
			cells["side"] = string(p.Side)
			f := w.f
			cells["fill_id"] = f.ID
			cells["action"] = string(f.Action)
			cells["at"] = utc(f.At)
			cells["quantity"] = f.Quantity.String()
			cells["price"] = f.Price.Amount.String()
			cells["currency"] = f.Price.Currency
			if !f.Fees.IsZero() {
				cells["fees"], cells["fees_currency"] = f.Fees.Amount.String(), f.Fees.Currency
			}
			if !f.Taxes.IsZero() {
				cells["taxes"], cells["taxes_currency"] = f.Taxes.Amount.String(), f.Taxes.Currency
			}
			if f.FXToBase.IsPositive() {
				cells["fx_to_base"] = f.FXToBase.String()
			}
		}
		for _, name := range header {
			if got := rec[col[name]]; got != cells[name] {
				t.Errorf("row %d, %s = %q, want %q", i+1, name, got, cells[name])
			}
		}
	}

	// Spot checks against literal values, so a mistake shared by the code and the
	// expectations above cannot hide.
	first := records[1]
	for name, want := range map[string]string{
		"title":       "삼성전자, \"HBM\" 공급\n두 번째 줄",
		"tags":        "반도체;ai, 인공지능",
		"loss_budget": "3000000", "price": "128.99", "fx_to_base": "1441.5",
		"created_at": "2025-01-28T09:00:00Z", "review_by": "2025-12-31",
	} {
		if got := first[col[name]]; got != want {
			t.Errorf("first row %s = %q, want %q", name, got, want)
		}
	}
	second := records[2]
	for name, want := range map[string]string{
		"fill_id": "nvda-buy-2", "fees": "1500", "fees_currency": "KRW", "taxes": "", "fx_to_base": "1452.3",
	} {
		if got := second[col[name]]; got != want {
			t.Errorf("second row %s = %q, want %q", name, got, want)
		}
	}
	if got := records[5][col["at"]]; got != "2025-09-01T06:30:00Z" {
		t.Errorf("at = %q, want the time to the second in UTC", got)
	}
	if got := records[8][col["fx_to_base"]]; got != "" {
		t.Errorf("watch fill without a rate: fx_to_base = %q, want empty", got)
	}
	if !bytes.Contains(out, []byte("삼성전자")) {
		t.Errorf("Hangul is not written as UTF-8")
	}
}

func TestEncodeCSVEscapesFormulas(t *testing.T) {
	th := ixSampleTheses()[1]
	tests := []struct{ title, want string }{
		{"=HYPERLINK(\"http://example.com\", \"클릭\")", "'=HYPERLINK(\"http://example.com\", \"클릭\")"},
		{"+82 10 1234 5678", "'+82 10 1234 5678"},
		{"-5% 하락 예상", "'-5% 하락 예상"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"금리 = 5%", "금리 = 5%"},
		{"'quoted'", "'quoted'"},
	}
	for _, tc := range tests {
		th.Title = tc.title
		records := csvRead(t, csvEncode(t, ixSettings, []*journal.Thesis{th}))
		if got := records[1][1]; got != tc.want {
			t.Errorf("title %q written as %q, want %q", tc.title, got, tc.want)
		}
	}
}

func TestEncodeCSVEmpty(t *testing.T) {
	records := csvRead(t, csvEncode(t, journal.Settings{BaseCurrency: "USD"}, nil))
	if len(records) != 1 || !slices.Equal(records[0], journal.CSVHeader()) {
		t.Errorf("empty journal = %q, want the header only", records)
	}
}

type csvShortWriter struct{ n int }

func (w *csvShortWriter) Write(p []byte) (int, error) {
	if w.n <= 0 {
		return 0, errors.New("disk full")
	}
	w.n--
	return len(p), nil
}

func TestEncodeCSVErrors(t *testing.T) {
	for _, n := range []int{0, 1} { // the byte order mark fails; the rows fail
		err := journal.EncodeCSV(&csvShortWriter{n: n}, ixSettings, ixSampleTheses())
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("writer failing after %d writes: err = %v, want disk full", n, err)
		}
	}
	var buf bytes.Buffer
	if err := journal.EncodeCSV(&buf, ixSettings, []*journal.Thesis{nil}); err == nil {
		t.Errorf("a nil thesis was written")
	}
}
