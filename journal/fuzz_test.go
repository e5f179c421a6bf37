package journal_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"hindsight/journal"
)

// FuzzDecodeJSON feeds arbitrary files to DecodeInterchange. A refused file must be
// refused with an EINVALID error naming a JSON path; an accepted file must hold valid
// theses with distinct ids, and exporting it must give a file that imports to the same
// export byte for byte.
func FuzzDecodeJSON(f *testing.F) {
	var sample bytes.Buffer
	if err := journal.EncodeInterchange(&sample, ixSettings, ixSampleTheses(), time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)); err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		sample.String(), ixExample, ixBaseDoc, "", "{}", "null", "[]",
		`{"format": "hindsight-journal", "version": 1}`,
		`{"format": "hindsight-journal", "version": 1, "theses": [{"id": "a", "title": "제목", "created_at": "2025-01-01T00:00:00+09:00", "tags": ["##A", " # b ", "İ"]}]}`,
		`{"format": "hindsight-journal", "version": 1, "theses": [{"id": "a"}, {"id": "a"}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ix, err := journal.DecodeInterchange(bytes.NewReader(data))
		if err != nil {
			if code := journal.ErrorCode(err); code != journal.EINVALID {
				t.Fatalf("code = %q for %v", code, err)
			}
			if msg := journal.ErrorMessage(err); !strings.HasPrefix(msg, "$") {
				t.Fatalf("message %q does not start with a JSON path", msg)
			}
			return
		}
		if ix.Format != journal.InterchangeFormat || ix.Version != journal.InterchangeVersion {
			t.Fatalf("accepted format %q version %d", ix.Format, ix.Version)
		}
		ids := map[string]bool{}
		for i, th := range ix.Theses {
			if err := th.Validate(); err != nil {
				t.Fatalf("accepted thesis %d is invalid: %v", i, err)
			}
			if th.ID == "" || ids[th.ID] {
				t.Fatalf("accepted thesis %d with id %q (empty or repeated)", i, th.ID)
			}
			ids[th.ID] = true
		}
		if ix.Settings == nil {
			// An export always carries settings, and importing a file with settings sets
			// the FX rate of base-currency positions that have none; start from such a file.
			var withSettings bytes.Buffer
			if err := journal.EncodeInterchange(&withSettings, journal.Settings{BaseCurrency: "USD"}, ix.Theses, ix.ExportedAt); err != nil {
				t.Fatalf("cannot export an accepted file: %v", err)
			}
			if ix, err = journal.DecodeInterchange(&withSettings); err != nil {
				t.Fatalf("cannot import an export: %v", err)
			}
		}
		var first bytes.Buffer
		if err := journal.EncodeInterchange(&first, *ix.Settings, ix.Theses, ix.ExportedAt); err != nil {
			t.Fatalf("cannot export an accepted file: %v", err)
		}
		if !json.Valid(first.Bytes()) {
			t.Fatalf("export is not JSON:\n%s", first.Bytes())
		}
		again, err := journal.DecodeInterchange(bytes.NewReader(first.Bytes()))
		if err != nil {
			t.Fatalf("cannot import an export: %v\n%s", err, first.Bytes())
		}
		var second bytes.Buffer
		if err := journal.EncodeInterchange(&second, *again.Settings, again.Theses, again.ExportedAt); err != nil {
			t.Fatalf("cannot export again: %v", err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("export → import → export differs:\nfirst:\n%s\nsecond:\n%s", first.Bytes(), second.Bytes())
		}
	})
}

// FuzzParseMoney checks that a parsed amount carries a known currency, survives
// printing and parsing again, survives JSON, and that display rounding parses back to the
// rounded amount.
func FuzzParseMoney(f *testing.F) {
	for _, seed := range []struct{ amount, currency string }{
		{"128.99", "USD"}, {"1,234.50", "usd"}, {"3000000", "KRW"}, {"-12.5", "EUR"},
		{"1234.5", "GBp"}, {"0.001", "KWD"}, {" 1 000 ", "JPY"}, {"1e3", "USD"}, {"", "KRW"},
		{"--1", "USD"}, {".5", "CHF"}, {"5.", "CHF"}, {"12,5x", "USD"}, {"1", "XYZ"},
	} {
		f.Add(seed.amount, seed.currency)
	}
	f.Fuzz(func(t *testing.T, amount, currency string) {
		m, err := journal.ParseMoney(amount, currency)
		if err != nil {
			if code := journal.ErrorCode(err); code != journal.EINVALID {
				t.Fatalf("ParseMoney(%q, %q): code %q for %v", amount, currency, code, err)
			}
			return
		}
		if !m.Valid() {
			t.Fatalf("ParseMoney(%q, %q) = %v with an unknown currency", amount, currency, m)
		}
		back, err := journal.ParseMoney(m.Amount.String(), m.Currency)
		if err != nil || !back.Amount.Equal(m.Amount) || back.Currency != m.Currency {
			t.Fatalf("ParseMoney(%q, %q) = %v; parsing its String gives %v, %v", amount, currency, m, back, err)
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("marshal %v: %v", m, err)
		}
		var fromJSON journal.Money
		if err := json.Unmarshal(b, &fromJSON); err != nil || !fromJSON.Amount.Equal(m.Amount) || fromJSON.Currency != m.Currency {
			t.Fatalf("%v → %s → %v, %v", m, b, fromJSON, err)
		}
		places := journal.MinorUnits(m.Currency)
		shown := journal.FormatDecimal(m.Amount, places)
		rounded, err := journal.ParseDecimal(shown)
		if err != nil || !rounded.Equal(m.Amount.Round(places)) {
			t.Fatalf("FormatDecimal(%v, %d) = %q parses to %v, %v; want %v", m.Amount, places, shown, rounded, err, m.Amount.Round(places))
		}
		if m.Format() == "" {
			t.Fatalf("Format of %v is empty", m)
		}
	})
}

// FuzzParseSymbol checks that an accepted symbol is upper case, short, made of the
// allowed characters, and parses to itself however it is cased.
func FuzzParseSymbol(f *testing.F) {
	for _, seed := range []string{"NVDA", " nvda ", "005930.KS", "^KS11", "USDKRW=X", "BRK-B", "", "엔비디아",
		"ABCDEFGHIJKLMNOPQRSTU", "a b", "ſ"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sym, err := journal.ParseSymbol(s)
		if err != nil {
			if code := journal.ErrorCode(err); code != journal.EINVALID {
				t.Fatalf("ParseSymbol(%q): code %q for %v", s, code, err)
			}
			return
		}
		if sym == "" || len(sym) > 20 {
			t.Fatalf("ParseSymbol(%q) = %q: length %d", s, sym, len(sym))
		}
		for _, r := range sym {
			if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".-^=", r)) {
				t.Fatalf("ParseSymbol(%q) = %q holds %q", s, sym, r)
			}
		}
		for _, again := range []string{sym, strings.ToLower(sym), " " + sym + "\t"} {
			if got, err := journal.ParseSymbol(again); err != nil || got != sym {
				t.Fatalf("ParseSymbol(%q) = %q, %v; want %q", again, got, err, sym)
			}
		}
	})
}
