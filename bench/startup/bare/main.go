// Command bare is the baseline of the startup benchmark: a bare Fyne window of the same
// size as Hindsight's, with one label, that quits as soon as its first frame is drawn.
// Like Hindsight under HINDSIGHT_QUIT_AFTER_FIRST_FRAME=1 it prints the time from process
// start to the first frame and its peak resident memory (VmHWM) on stderr.
//
// With -fonts it draws with the NanumGothic faces Hindsight bundles (regular for the
// label, bold for a button), which shows how much of Hindsight's start-up is the price
// of those fonts.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"os"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hindsight/assets"
)

var start = time.Now()

func main() {
	fonts := flag.Bool("fonts", false, "draw with the bundled NanumGothic faces")
	flag.Parse()
	a := app.NewWithID("app.hindsight.bench.bare")
	content := []fyne.CanvasObject{widget.NewLabel("Hello")}
	if *fonts {
		a.Settings().SetTheme(nanumTheme{})
		content = append(content, widget.NewButton("안녕하세요", nil))
	}
	w := a.NewWindow("Bare Fyne window")
	var once sync.Once
	probe := canvas.NewRaster(func(int, int) image.Image {
		once.Do(func() {
			go fyne.Do(func() {
				now := time.Now()
				fmt.Fprintf(os.Stderr, "bare: first frame after %d ms (at %d µs since the epoch)\n", now.Sub(start).Milliseconds(), now.UnixMicro())
				fmt.Fprintf(os.Stderr, "bare: peak RSS %s\n", peakRSS())
				os.Exit(0) // as Hindsight does in the benchmark
			})
		})
		img := image.NewNRGBA(image.Rect(0, 0, 1, 1))
		img.Set(0, 0, color.Transparent)
		return img
	})
	probe.SetMinSize(fyne.NewSize(1, 1))
	w.SetContent(container.NewBorder(nil, probe, nil, nil, container.NewVBox(content...)))
	w.Resize(fyne.NewSize(1200, 760))
	w.ShowAndRun()
}

// peakRSS returns the VmHWM line of /proc/self/status, e.g. "141312 kB".
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// nanumTheme is Fyne's default theme drawn with the bundled NanumGothic faces.
type nanumTheme struct{}

var (
	regular = fyne.NewStaticResource("NanumGothic-Regular.ttf", assets.FontRegular)
	bold    = fyne.NewStaticResource("NanumGothic-Bold.ttf", assets.FontBold)
)

// Color returns the default theme's colour.
func (nanumTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, v)
}

// Font returns NanumGothic, bold or regular, except for symbols.
func (nanumTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Symbol {
		return theme.DefaultTheme().Font(s)
	}
	if s.Bold {
		return bold
	}
	return regular
}

// Icon returns the default icon.
func (nanumTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size returns the default size.
func (nanumTheme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }
