package assets_test

import (
	"bytes"
	"image/png"
	"os"
	"strings"
	"testing"

	"hindsight/assets"
)

func TestAssets(t *testing.T) {
	for name, b := range map[string][]byte{"regular": assets.FontRegular, "bold": assets.FontBold} {
		// A TrueType file starts with the sfnt version 0x00010000.
		if len(b) < 1<<20 || !bytes.HasPrefix(b, []byte{0, 1, 0, 0}) {
			t.Errorf("%s font is not a TrueType file (%d bytes)", name, len(b))
		}
	}
	// The PDF export's fallback fonts, TrueType too (the PDF writer needs glyf outlines).
	for name, b := range map[string][]byte{"fallback regular": assets.FallbackRegular, "fallback bold": assets.FallbackBold, "symbols": assets.Symbols} {
		if len(b) < 500_000 || !bytes.HasPrefix(b, []byte{0, 1, 0, 0}) {
			t.Errorf("%s font is not a TrueType file (%d bytes)", name, len(b))
		}
	}
	// Their licences sit beside them.
	for file, want := range map[string]string{"fonts/LICENSE-DejaVu.txt": "Bitstream Vera", "fonts/LICENSE-Symbola.txt": "free for any use"} {
		b, err := os.ReadFile(file)
		if err != nil || !strings.Contains(string(b), want) {
			t.Errorf("%s: %v, lacks %q", file, err, want)
		}
	}
	if !strings.Contains(assets.FontLicense, "SIL OPEN FONT LICENSE") {
		t.Error("font licence text missing")
	}
	img, err := png.Decode(bytes.NewReader(assets.Icon))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 512 || b.Dy() != b.Dx() {
		t.Errorf("icon is %v, want a square of at least 512 px", b)
	}
}
