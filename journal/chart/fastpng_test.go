package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

func TestEncodePNG(t *testing.T) {
	tests := []struct {
		name  string
		paint func(x, y int) color.RGBA
		exact bool
	}{
		{"three colours", func(x, y int) color.RGBA {
			switch {
			case y < 10:
				return color.RGBA{0xff, 0xff, 0xff, 0xff}
			case x%3 == 0:
				return color.RGBA{0x1f, 0x6f, 0xd1, 0xff}
			}
			return color.RGBA{0xd6, 0x28, 0x28, 0xff}
		}, true},
		{"a 240-step grey ramp", func(x, y int) color.RGBA {
			v := uint8(x * 8 % 256)
			return color.RGBA{v, v, v, 0xff}
		}, true},
		{"anti-aliased blends beyond the palette", func(x, y int) color.RGBA {
			// Flat white with lines in two colours whose edges blend into the white
			// at every level, and a speckle of hundreds of shades near the blue.
			switch {
			case (x*7+y*13)%11 == 0:
				return color.RGBA{uint8(0x1f + x%64), uint8(0x6f + y*3%64), uint8(0xd1 - (x*7+y)%64), 0xff}
			case y%20 == 5:
				return color.RGBA{0x1f, 0x6f, 0xd1, 0xff}
			case y%20 == 6:
				a := uint32(x)
				return color.RGBA{uint8((0x1f*a + 0xff*(250-a)) / 250), uint8((0x6f*a + 0xff*(250-a)) / 250), uint8((0xd1*a + 0xff*(250-a)) / 250), 0xff}
			case y%20 == 7:
				a := uint32(x)
				return color.RGBA{uint8((0xd6*a + 0xff*(250-a)) / 250), uint8((0x28*a + 0xff*(250-a)) / 250), uint8((0x28*a + 0xff*(250-a)) / 250), 0xff}
			}
			return color.RGBA{0xff, 0xff, 0xff, 0xff}
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			img := image.NewRGBA(image.Rect(0, 0, 250, 60))
			for y := range 60 {
				for x := range 250 {
					img.SetRGBA(x, y, tc.paint(x, y))
				}
			}
			groups := map[uint32]bool{}
			for y := range 60 {
				for x := range 250 {
					c := img.RGBAAt(x, y)
					groups[uint32(c.R>>3)<<10|uint32(c.G>>3)<<5|uint32(c.B>>3)] = true
				}
			}
			if !tc.exact && len(groups) <= 256 {
				t.Fatalf("only %d colour groups: the case does not overflow the palette", len(groups))
			}
			data, err := encodePNG(img)
			if err != nil {
				t.Fatal(err)
			}
			got, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := got.(*image.Paletted); !ok {
				t.Errorf("decoded as %T, want a paletted image", got)
			}
			worst := 0
			for y := range 60 {
				for x := range 250 {
					g := color.RGBAModel.Convert(got.At(x, y)).(color.RGBA)
					w := img.RGBAAt(x, y)
					d := max(diff(g.R, w.R), diff(g.G, w.G), diff(g.B, w.B))
					worst = max(worst, d)
				}
			}
			if tc.exact && worst != 0 {
				t.Errorf("a pixel is off by %d, want every pixel exact", worst)
			}
			if !tc.exact && (worst == 0 || worst > 32) {
				t.Errorf("worst pixel off by %d, want a near colour (0 < d ≤ 32)", worst)
			}
			if !tc.exact {
				// The flat colours are exact.
				for _, p := range [][2]int{{0, 0}, {10, 5}, {3, 25}} {
					g := color.RGBAModel.Convert(got.At(p[0], p[1])).(color.RGBA)
					if w := img.RGBAAt(p[0], p[1]); g != w {
						t.Errorf("flat pixel %v is %v, want %v", p, g, w)
					}
				}
			}
		})
	}
}

func diff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}
