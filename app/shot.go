package app

import (
	"fmt"
	"image"
	"image/color"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// Environment variables that drive the app without a person, for `make screenshots` and
// `make bench-startup`. They are not part of the user interface.
const (
	// envShotView opens a view once the journal is loaded: list, review, editor,
	// dashboard or welcome; then "hindsight: shot ready" is printed on stderr.
	envShotView = "HINDSIGHT_SHOT_VIEW"
	// envShotThesis names the thesis the list selects or the review and editor show.
	envShotThesis = "HINDSIGHT_SHOT_THESIS"
	// envShotSearch is typed into the search box for the list view.
	envShotSearch = "HINDSIGHT_SHOT_SEARCH"
	// envShotScroll, set to "bottom", scrolls the review or the form to its end; set to
	// "positions", to its positions.
	envShotScroll = "HINDSIGHT_SHOT_SCROLL"
	// envShotSize sets the window size, "1280x800".
	envShotSize = "HINDSIGHT_SHOT_SIZE"
	// envQuitAfterFirstFrame quits as soon as the first frame has been drawn and prints
	// how long that took since the process started, and the peak memory.
	envQuitAfterFirstFrame = "HINDSIGHT_QUIT_AFTER_FIRST_FRAME"
	// envQuitAfterLoad does the same once the whole journal has been read.
	envQuitAfterLoad = "HINDSIGHT_QUIT_AFTER_LOAD"
)

// shotSettle is how long a shot view waits for background work (price history, the
// chart) before it says it is ready.
const shotSettle = 2500 * time.Millisecond

// processStart is close to when the process started: package variables are set before main.
var processStart = time.Now()

// shotOptions is what the environment asked for.
type shotOptions struct {
	view, thesis, search string
	scrollBottom         bool
	scrollPositions      bool
	size                 fyne.Size
	quitAfterFirstFrame  bool
	quitAfterLoad        bool
	done                 bool
}

func shotFromEnv() shotOptions {
	o := shotOptions{
		view:                os.Getenv(envShotView),
		thesis:              os.Getenv(envShotThesis),
		search:              os.Getenv(envShotSearch),
		scrollBottom:        os.Getenv(envShotScroll) == "bottom",
		scrollPositions:     os.Getenv(envShotScroll) == "positions",
		quitAfterFirstFrame: os.Getenv(envQuitAfterFirstFrame) == "1",
		quitAfterLoad:       os.Getenv(envQuitAfterLoad) == "1",
	}
	if w, h, ok := strings.Cut(os.Getenv(envShotSize), "x"); ok {
		wi, err1 := strconv.Atoi(w)
		hi, err2 := strconv.Atoi(h)
		if err1 == nil && err2 == nil && wi > 0 && hi > 0 {
			o.size = fyne.NewSize(float32(wi), float32(hi))
		}
	}
	return o
}

func (o shotOptions) active() bool {
	return o.view != "" || o.quitAfterFirstFrame || o.quitAfterLoad || o.size.Width > 0
}

// newFrameProbe returns a 1×1 transparent raster that calls drawn, from a goroutine of
// its own, when the painter first asks for its pixels: that happens while the first frame
// that shows it is drawn.
func newFrameProbe(drawn func()) fyne.CanvasObject {
	var once sync.Once
	probe := canvas.NewRaster(func(w, h int) image.Image {
		once.Do(func() { go drawn() })
		img := image.NewNRGBA(image.Rect(0, 0, 1, 1))
		img.Set(0, 0, color.Transparent)
		return img
	})
	probe.SetMinSize(fyne.NewSize(1, 1))
	return probe
}

// reportAndQuit prints how long the app took to reach what (since the process started)
// and its peak memory, then ends the process at once: the measurement is taken, and
// nothing was written that needs closing.
func (o *shotOptions) reportAndQuit(u *UI, what string) {
	now := time.Now()
	fmt.Fprintf(os.Stderr, "hindsight: %s after %d ms (at %d µs since the epoch)\n", what, now.Sub(processStart).Milliseconds(), now.UnixMicro())
	fmt.Fprintf(os.Stderr, "hindsight: peak RSS %s\n", peakRSS())
	os.Exit(0)
}

// reportWindowShown prints how long the window took to draw its first frame (its
// background, before the views are built) since the process started.
func reportWindowShown() {
	now := time.Now()
	fmt.Fprintf(os.Stderr, "hindsight: window shown after %d ms (at %d µs since the epoch)\n", now.Sub(processStart).Milliseconds(), now.UnixMicro())
}

// loaded opens the view asked for once the journal is loaded.
func (o *shotOptions) loaded(u *UI) {
	if o.quitAfterLoad {
		o.reportAndQuit(u, "journal loaded")
		return
	}
	if o.view == "" || o.done {
		return
	}
	o.done = true
	switch o.view {
	case "list":
		if o.search != "" {
			u.toolbar.search.SetText(o.search)
			u.toolbar.flushSearch()
		}
		if o.thesis != "" {
			u.showThesis(o.thesis)
		}
	case "review":
		u.showThesis(o.thesis)
	case "editor":
		if t := u.thesisByID(o.thesis); t != nil {
			u.editThesis(t)
		} else {
			u.newThesis()
		}
	case "dashboard":
		u.left.SelectIndex(1)
	case "welcome":
	}
	time.AfterFunc(shotSettle, func() {
		u.do(func() {
			if o.scrollBottom && u.review.scroll != nil {
				u.review.scroll.ScrollToBottom()
			}
			if o.scrollBottom && u.editor.scroll != nil {
				u.editor.scroll.ScrollToBottom()
			}
			if o.scrollPositions && u.review.scroll != nil && u.review.content != nil && u.review.content.Visible() {
				scrollTo(u.review.scroll, u.review.positions)
			}
			if o.scrollPositions && u.editor.scroll != nil && u.editor.active {
				scrollTo(u.editor.scroll, u.editor.posBox)
			}
			fmt.Fprintln(os.Stderr, "hindsight: shot ready")
		})
	})
}

// scrollTo scrolls s so that obj, somewhere in its content, is near the top.
func scrollTo(s *container.Scroll, obj fyne.CanvasObject) {
	d := fyne.CurrentApp().Driver()
	y := d.AbsolutePositionForObject(obj).Y - d.AbsolutePositionForObject(s.Content).Y
	s.ScrollToOffset(fyne.NewPos(0, max(y-2*heading("").MinSize().Height, 0)))
}

// peakRSS returns the VmHWM line of /proc/self/status, e.g. "141312 kB" ("unknown"
// where there is no /proc).
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
