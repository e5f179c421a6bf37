// Package tradestest holds helpers for testing trade importers against files.
package tradestest

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"testing"

	"hindsight/journal"
	"hindsight/journal/trades"
)

var update = flag.Bool("update", false, "rewrite the *.golden.json files from what the importers read")

// ReadAll decodes the file at path (trades.Decode) and returns every trade f reads from
// it, or the error that stopped the read.
func ReadAll(t testing.TB, f trades.Format, path string) ([]journal.Trade, error) {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	r, _, err := trades.Decode(file)
	if err != nil {
		return nil, err
	}
	var out []journal.Trade
	err = f.Read(context.Background(), r, func(tr journal.Trade) error {
		out = append(out, tr)
		return nil
	})
	return out, err
}

// Golden reads input with f and compares the trades, as indented JSON, with the file
// golden. With -update it writes golden instead; the file must then be checked against
// a computation by hand before it is committed.
func Golden(t *testing.T, f trades.Format, input, golden string) []journal.Trade {
	t.Helper()
	got, err := ReadAll(t, f, input)
	if err != nil {
		t.Fatalf("%s: %v", input, err)
	}
	if !f.Sniff(head(t, input)) {
		t.Errorf("%s: %s does not recognise the file", input, f.Name())
	}
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	if *update {
		if err := os.WriteFile(golden, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return got
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run the test with -update to write it)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("%s: the trades read differ from %s:\n%s", input, golden, b)
	}
	return got
}

// head returns the first trades.HeadSize bytes of the decoded file.
func head(t *testing.T, path string) []byte {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	r, _, err := trades.Decode(file)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, trades.HeadSize)
	n, _ := io.ReadFull(r, buf)
	return buf[:n]
}
