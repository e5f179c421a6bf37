package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"hindsight/journal"

	"github.com/shopspring/decimal"
	bolt "go.etcd.io/bbolt"
)

// TestCLIDecimalComma: an amount whose comma may be a decimal comma is refused, with
// the number it would be written with a point, and nothing is saved.
func TestCLIDecimalComma(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	if _, errs, code := hs(t, db, "", "settings", "--base", "krw", "--total-budget", "1,000,000"); code != 0 {
		t.Fatalf("settings: %d %q", code, errs)
	}
	for _, c := range []struct{ in, msg string }{
		{"5,5", `amount "5,5": a comma groups thousands (1,234); for a decimal use a point: 5.5`},
		{"1.234,56", `amount "1.234,56": a comma cannot follow the decimal point; for 1234.56 write 1234.56 or 1,234.56`},
	} {
		out, errs, code := hs(t, db, "", "settings", "--total-budget", c.in)
		if code != 1 || !strings.Contains(errs, c.msg) || out != "" {
			t.Errorf("settings --total-budget %s: exit %d, stdout %q, stderr %q; want 1 and %q", c.in, code, out, errs, c.msg)
		}
	}
	out, _, _ := hs(t, db, "", "settings")
	if !strings.Contains(out, "₩1,000,000") {
		t.Errorf("the total loss budget changed: %q", out)
	}

	if _, errs, code := hs(t, db, "", "demo"); code != 0 {
		t.Fatalf("demo: %q", errs)
	}
	_, errs, code := hs(t, db, "", "snapshot", "--price", "1,23", "--currency", "USD", "demo-deepseek", "NVDA")
	if code != 1 || !strings.Contains(errs, "for a decimal use a point: 1.23") {
		t.Errorf("snapshot --price 1,23: exit %d, stderr %q", code, errs)
	}
}

// TestCLIEscapesControlCharacters: a journal holding control characters in its text
// (written before they were refused) prints none of them raw: not in list, show,
// review or summary, nor in an error quoting what was typed. --json stays valid JSON
// meaning the same text, and an export to stdout stays byte-exact.
func TestCLIEscapesControlCharacters(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	th := &journal.Thesis{
		ID: "ctl", Title: "TITLEMARK", Body: "line one\nBODYMARK", Trigger: "TRIGGERMARK",
		Reasons: []string{"REASONMARK"}, Expectation: "up", Conviction: 60, Tags: []string{"tagmark"},
		CreatedAt: at, ReviewBy: journal.Date{Year: 2026, Month: 11, Day: 20},
		LossBudget: journal.MustMoney("1000", "USD"),
		Positions: []journal.Position{journal.LegacyPosition{Symbol: "NVDA", Side: journal.SideLong, Quantity: decimal.NewFromInt(10),
			EntryPrice: journal.MustMoney("100", "USD"), EnteredAt: at, FXToBase: decimal.NewFromInt(1)}.Position("ctl", 0, "USD")},
		Snapshots: []journal.Snapshot{{Symbol: "NVDA", Price: journal.MustMoney("110", "USD"), At: at, Source: journal.SourceManual}},
		Reviews:   []journal.Review{{At: at.Add(time.Hour), Verdict: journal.VerdictTooEarly, Note: "NOTEMARK"}},
	}
	var file bytes.Buffer
	if err := journal.EncodeInterchange(&file, journal.Settings{BaseCurrency: "USD"}, []*journal.Thesis{th}, at); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in.json")
	if err := os.WriteFile(in, file.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := hs(t, db, "", "import", in); code != 0 {
		t.Fatalf("import: %q", errs)
	}

	// Put control characters into the stored record, as an older version could have.
	evil := map[string]string{
		"TITLEMARK": `\u001b[31mred\u0007`, "BODYMARK": `\u001b]0;pwned\u0007`, "TRIGGERMARK": `\u0000nul`,
		"REASONMARK": `\u009b2J`, "tagmark": `tag\u001b[8m`, "NOTEMARK": `note\r\u001b[2K\u007f`,
	}
	bdb, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("theses"))
		rec := b.Get([]byte("ctl"))
		if rec == nil {
			return errors.New("no record ctl")
		}
		// The stored value is {"v":1,"crc32c":"<8 hex>","thesis":<record>} (schema.go):
		// change the record and seal it again, as the older version would have written it.
		const head = len(`{"v":1,"crc32c":"`) + 8 + len(`","thesis":`)
		rec = bytes.Clone(rec[head : len(rec)-1])
		for mark, with := range evil {
			if !bytes.Contains(rec, []byte(mark)) {
				return fmt.Errorf("record has no %s: %s", mark, rec)
			}
			rec = bytes.ReplaceAll(rec, []byte(mark), []byte(with))
		}
		sealed := fmt.Appendf(nil, `{"v":1,"crc32c":"%08x","thesis":%s}`, crc32.Checksum(rec, crc32.MakeTable(crc32.Castagnoli)), rec)
		return b.Put([]byte("ctl"), sealed)
	})
	if cerr := bdb.Close(); err != nil || cerr != nil {
		t.Fatal(err, cerr)
	}

	raw := func(s string) bool {
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 || unicode.IsControl(r) && r != '\n' && r != '\t' {
				return true
			}
			i += n
		}
		return false
	}
	for _, args := range [][]string{
		{"list"}, {"list", "--tag", "tag\x1b[8m"}, {"show", "ctl"}, {"review", "--offline", "ctl"}, {"summary", "--offline"},
		{"show", "no\x1b[2Jsuch"}, {"list", "--status", "\x07"}, {"settings", "--benchmark", "\x1b"}, {"bogus\x1b"},
	} {
		out, errs, code := hs(t, db, "", args...)
		if raw(out) || raw(errs) {
			t.Errorf("%q: exit %d printed a control character raw:\nstdout %q\nstderr %q", args, code, out, errs)
		}
		if args[0] == "list" && len(args) == 1 && !strings.Contains(out, `\u001b[31mred\u0007`) {
			t.Errorf("list: the title is not shown escaped: %q", out)
		}
		if args[0] == "show" && code == 0 {
			for _, want := range []string{`\u001b[31mred\u0007`, `\u001b]0;pwned\u0007`, `\u009b2J`, `\u0000nul`, `note\u000d\u001b[2K\u007f`, "line one\n"} {
				if !strings.Contains(out, want) {
					t.Errorf("show: %q missing from %q", want, out)
				}
			}
		}
	}

	out, _, code := hs(t, db, "", "show", "--json", "ctl")
	var shown struct {
		Thesis journal.Thesis `json:"thesis"`
	}
	if err := json.Unmarshal([]byte(out), &shown); code != 0 || err != nil || raw(out) {
		t.Fatalf("show --json: exit %d, %v: %q", code, err, out)
	}
	if shown.Thesis.Title != "\x1b[31mred\a" || shown.Thesis.Reviews[0].Note != "note\r\x1b[2K\x7f" {
		t.Errorf("show --json: title %q, note %q", shown.Thesis.Title, shown.Thesis.Reviews[0].Note)
	}

	// An export to stdout is the file, byte for byte: the same as one written with -o.
	out, _, code = hs(t, db, "", "export", "--format", "csv")
	outFile := filepath.Join(dir, "out.csv")
	if _, errs, c := hs(t, db, "", "export", "--format", "csv", "-o", outFile); c != 0 || code != 0 {
		t.Fatalf("export: %d %d %q", code, c, errs)
	}
	if b, _ := os.ReadFile(outFile); string(b) != out || !strings.Contains(out, "\x1b[31mred\a") {
		t.Errorf("export to stdout differs from the file or lost the raw title:\n%q\n%q", out, b)
	}
}

func TestEscaper(t *testing.T) {
	tests := []struct {
		writes []string
		want   string
	}{
		{[]string{"plain 한국어 text\twith tab\n"}, "plain 한국어 text\twith tab\n"},
		{[]string{"\x1b[31mred\x1b[0m\a"}, `\u001b[31mred\u001b[0m\u0007`},
		{[]string{"nul\x00 del\x7f c1\u009b csi\u0085"}, `nul\u0000 del\u007f c1\u009b csi\u0085`},
		{[]string{"bad \xff\xfe byte"}, `bad \xff\xfe byte`},
		{[]string{"crlf\r\nline\r\n"}, "crlf\nline\n"},
		{[]string{"cr\rover"}, `cr\u000dover`},
		{[]string{"split\r", "\nline"}, "split\nline"},
		{[]string{"lone\r"}, `lone\u000d`},
		{[]string{"한"[:1], "한"[1:2], "한"[2:] + "!"}, "한!"},
		{[]string{"cut \xed\x95"}, `cut \xed\x95`},
		{[]string{"\u2028 and ✓ and emoji 🚀"}, "\u2028 and ✓ and emoji 🚀"},
	}
	for _, tt := range tests {
		var b strings.Builder
		x := &escaper{w: &b}
		for _, w := range tt.writes {
			if n, err := x.Write([]byte(w)); n != len(w) || err != nil {
				t.Errorf("Write(%q) = %d, %v", w, n, err)
			}
		}
		if err := x.Flush(); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("%q: wrote %q, want %q", tt.writes, b.String(), tt.want)
		}
	}
}
