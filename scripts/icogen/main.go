// Command icogen writes a Windows icon (.ico) from a PNG image, for the installer:
//
//	go run ./scripts/icogen -o hindsight.ico assets/icon.png
//
// The icon holds the picture at 16, 24, 32, 48 and 64 pixels as 32-bit bitmaps (every
// Windows version and NSIS's icon replacement read these) and at 256 pixels as PNG, the
// form Windows Vista and later use for large icons. File layout: ICONDIR, one
// ICONDIRENTRY per image, then the images (Microsoft, "Icons", Win32 docs).
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"

	"golang.org/x/image/draw"
)

var bmpSizes = []int{16, 24, 32, 48, 64}

const pngSize = 256

func main() {
	out := flag.String("o", "", "the .ico file to write")
	flag.Parse()
	if *out == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: icogen -o OUT.ico IN.png")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *out); err != nil {
		fmt.Fprintln(os.Stderr, "icogen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	src, err := png.Decode(f)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	ico, err := encode(src)
	if err != nil {
		return err
	}
	return os.WriteFile(out, ico, 0o644)
}

// scale draws src into a size×size RGBA image.
func scale(src image.Image, size int) *image.NRGBA {
	dst := image.NewNRGBA(image.Rect(0, 0, size, size))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	return dst
}

// dib is an icon image in bitmap form: BITMAPINFOHEADER (height doubled for the AND
// mask), the BGRA rows bottom-up, then the 1-bit AND mask (all zero: the alpha channel
// decides transparency), each mask row padded to 4 bytes.
func dib(img *image.NRGBA) []byte {
	n := img.Bounds().Dx()
	var b bytes.Buffer
	hdr := struct {
		Size                   uint32
		Width, Height          int32
		Planes, BitCount       uint16
		Compression, SizeImage uint32
		XPels, YPels           int32
		ClrUsed, ClrImportant  uint32
	}{Size: 40, Width: int32(n), Height: int32(2 * n), Planes: 1, BitCount: 32}
	binary.Write(&b, binary.LittleEndian, hdr)
	for y := n - 1; y >= 0; y-- {
		for x := 0; x < n; x++ {
			i := img.PixOffset(x, y)
			p := img.Pix[i : i+4]
			b.Write([]byte{p[2], p[1], p[0], p[3]})
		}
	}
	maskRow := (n + 31) / 32 * 4
	b.Write(make([]byte, maskRow*n))
	return b.Bytes()
}

func encode(src image.Image) ([]byte, error) {
	var images [][]byte
	var sizes []int
	for _, s := range bmpSizes {
		images = append(images, dib(scale(src, s)))
		sizes = append(sizes, s)
	}
	var p bytes.Buffer
	if err := png.Encode(&p, scale(src, pngSize)); err != nil {
		return nil, err
	}
	images = append(images, p.Bytes())
	sizes = append(sizes, pngSize)

	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, [3]uint16{0, 1, uint16(len(images))}) // ICONDIR: reserved, type 1 = icon, count
	offset := 6 + 16*len(images)
	for i, img := range images {
		dim := byte(sizes[i]) // 256 is written as 0
		entry := struct {
			W, H, Colors, Reserved byte
			Planes, BitCount       uint16
			BytesInRes, Offset     uint32
		}{dim, dim, 0, 0, 1, 32, uint32(len(img)), uint32(offset)}
		binary.Write(&b, binary.LittleEndian, entry)
		offset += len(img)
	}
	for _, img := range images {
		b.Write(img)
	}
	return b.Bytes(), nil
}
