package main

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// TestIcon writes the app's icon and reads the .ico back: six images, 16 to 256 pixels,
// the bitmaps with the header Windows expects and the largest a PNG of the right size.
func TestIcon(t *testing.T) {
	out := filepath.Join(t.TempDir(), "hindsight.ico")
	if err := run(filepath.Join("..", "..", "assets", "icon.png"), out); err != nil {
		t.Fatal(err)
	}
	ico, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	u16 := func(i int) int { return int(binary.LittleEndian.Uint16(ico[i:])) }
	u32 := func(i int) int { return int(binary.LittleEndian.Uint32(ico[i:])) }
	if u16(0) != 0 || u16(2) != 1 || u16(4) != 6 {
		t.Fatalf("ICONDIR = %v, want reserved 0, type 1, 6 images", ico[:6])
	}
	want := []int{16, 24, 32, 48, 64, 256}
	for i, size := range want {
		e := 6 + 16*i
		w := int(ico[e])
		if w == 0 {
			w = 256
		}
		n, off := u32(e+8), u32(e+12)
		if w != size || int(ico[e+1]) != size%256 || off+n > len(ico) {
			t.Fatalf("entry %d: %d px, %d bytes at %d; want %d px inside the file", i, w, n, off, size)
		}
		img := ico[off : off+n]
		if size == 256 {
			cfg, err := png.DecodeConfig(bytes.NewReader(img))
			if err != nil || cfg.Width != 256 || cfg.Height != 256 {
				t.Fatalf("256 px image: %v %dx%d, want a 256x256 PNG", err, cfg.Width, cfg.Height)
			}
			continue
		}
		if u32(off) != 40 || u32(off+4) != size || u32(off+8) != 2*size || u16(off+14) != 32 {
			t.Fatalf("%d px bitmap header: %v", size, img[:16])
		}
		if wantLen := 40 + size*size*4 + (size+31)/32*4*size; n != wantLen {
			t.Fatalf("%d px bitmap: %d bytes, want %d", size, n, wantLen)
		}
	}
}
