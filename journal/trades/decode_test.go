package trades_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding/korean"

	"hindsight/journal"
	"hindsight/journal/trades"
)

func TestDecode(t *testing.T) {
	hangul := "일자,종목명\n2024.06.10,삼성전자\n"
	cp949, err := korean.EUCKR.NewEncoder().String(hangul)
	if err != nil {
		t.Fatal(err)
	}
	// A 3-byte Hangul character placed so that it straddles the 64 KiB the encoding is
	// judged from: 65535 ASCII bytes, then "가" (EA B0 80) at bytes 65535-65537.
	cut := strings.Repeat("a", 64<<10-1) + "가\n"
	// The same in CP949: "가" is B0 A1, its lead byte the last of the first 64 KiB.
	cutKR := strings.Repeat("a", 64<<10-1) + "\xb0\xa1\n"
	tests := []struct {
		name, in, want string
		enc            trades.Encoding
	}{
		{"ascii", "date,symbol\n", "date,symbol\n", trades.UTF8},
		{"utf-8", hangul, hangul, trades.UTF8},
		{"bom", "\ufeff" + hangul, hangul, trades.UTF8BOM},
		{"cp949", cp949, hangul, trades.CP949},
		{"utf-8 cut at the prefix", cut, cut, trades.UTF8},
		{"cp949 cut at the prefix", cutKR, strings.Repeat("a", 64<<10-1) + "가\n", trades.CP949},
		{"empty", "", "", trades.UTF8},
	}
	for _, tc := range tests {
		r, enc, err := trades.Decode(strings.NewReader(tc.in))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		got, err := io.ReadAll(r)
		if err != nil {
			t.Errorf("%s: read: %v", tc.name, err)
		}
		if enc != tc.enc || string(got) != tc.want {
			t.Errorf("%s: Decode = %s %q…; want %s %q…", tc.name, enc, got[:min(len(got), 40)], tc.enc, tc.want[:min(len(tc.want), 40)])
		}
	}
	// 0xFF is neither a UTF-8 byte nor a CP949 lead byte; "\x80" alone starts nothing.
	for _, in := range []string{"date\n\xff\xff\n", "\x80abc"} {
		if _, _, err := trades.Decode(strings.NewReader(in)); journal.ErrorCode(err) != journal.EINVALID ||
			!strings.Contains(err.Error(), "neither UTF-8 nor CP949") {
			t.Errorf("Decode(%q): %v; want EINVALID", in, err)
		}
	}
}

// limitReader fails the test when more than max bytes are read before the caller reads.
type countingReader struct {
	r    io.Reader
	read int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += n
	return n, err
}

func TestDecodeReadsABoundedPrefix(t *testing.T) {
	big := bytes.Repeat([]byte("2024-06-10,NVDA,10\n"), 1<<16) // 1.2 MiB
	c := &countingReader{r: bytes.NewReader(big)}
	if _, _, err := trades.Decode(c); err != nil {
		t.Fatal(err)
	}
	if c.read > 64<<10 {
		t.Errorf("Decode read %d bytes before returning; want at most 64 KiB", c.read)
	}
}
