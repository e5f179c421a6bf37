package boltdb

import (
	"bytes"
	"testing"

	"hindsight/journal"
)

// Every single-bit change anywhere in a stored thesis is found on reading.
func TestEveryFlippedBitIsFound(t *testing.T) {
	th := &journal.Thesis{ID: "flip", Title: "뒤집힌 비트 test", Body: "body <text> \"quoted\"", Conviction: 50, Status: journal.StatusOpen}
	v, err := encodeThesis(th)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := decodeThesis(v, false, "KRW"); err != nil || got.Body != th.Body {
		t.Fatalf("sound record: %v", err)
	}
	for i := range v {
		for bit := range 8 {
			w := bytes.Clone(v)
			w[i] ^= 1 << bit
			if got, err := decodeThesis(w, false, "KRW"); err == nil {
				t.Fatalf("byte %d bit %d: %q read as %+v", i, bit, w, got)
			}
		}
	}
	// A record without its envelope is read only from an older layout.
	bare := v[bytes.Index(v, []byte(`"thesis":`))+len(`"thesis":`) : len(v)-1]
	if _, err := decodeThesis(bare, false, "KRW"); err == nil {
		t.Fatal("a bare record was read as checked")
	}
	if got, err := decodeThesis(bare, true, "KRW"); err != nil || got.Title != th.Title {
		t.Fatalf("bare record from an older layout: %v", err)
	}
}
