// Command icons writes the app icon at the sizes of the freedesktop hicolor theme,
// resized from the 1024×1024 source with Catmull-Rom resampling. The output depends only
// on the source (the PNG encoder writes no time or text chunks), so packages built from
// the same commit carry the same bytes.
//
//	go run ./scripts/icons -src assets/icon.png -name app.hindsight.journal -out DIR
//
// writes DIR/48x48/apps/NAME.png, DIR/128x128/apps/NAME.png, and so on.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"

	"golang.org/x/image/draw"
)

var sizes = []int{48, 128, 256, 512}

func main() {
	src := flag.String("src", "assets/icon.png", "the source `png`")
	name := flag.String("name", "", "the icon `name` (the app id)")
	out := flag.String("out", "", "the hicolor `directory`")
	flag.Parse()
	if *name == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := write(*src, *name, *out); err != nil {
		fmt.Fprintln(os.Stderr, "icons:", err)
		os.Exit(1)
	}
}

func write(src, name, out string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	for _, s := range sizes {
		dst := image.NewNRGBA(image.Rect(0, 0, s, s))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Src, nil)
		dir := filepath.Join(out, fmt.Sprintf("%dx%d", s, s), "apps")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		path := filepath.Join(dir, name+".png")
		w, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := enc.Encode(w, dst); err != nil {
			w.Close()
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
	}
	return nil
}
