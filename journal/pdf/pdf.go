// Package pdf exports theses as PDF documents ready to print or share: one thesis, or a
// whole journal (or a filtered part of it) with a cover page summing it up, a table of
// contents and each thesis from a new page.
//
// Text is set in NanumGothic, embedded as a subset, so Korean prints on a machine
// without Korean fonts; characters it lacks come from DejaVu Sans, then from a cut of
// Symbola with monochrome emoji (glyphs.go), and any character none of them has is
// reported through Options.Missing. Every figure comes from the journal's outcome math
// (journal.Evaluate, journal.Summarize, journal.Calibrate) against the Market the caller
// passes, with its "as of" time; the price chart is the image package chart draws for
// the app. Pages carry a header with the document and thesis title and a footer with
// "Page N of M" and the export date.
package pdf

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
	"time"

	"hindsight/journal"
	"hindsight/journal/chart"
	"hindsight/journal/safefile"
)

// Options control an export.
type Options struct {
	// Paper is "a4" (the default) or "letter".
	Paper string
	// Now is the export time, printed in the footer and used to evaluate the theses;
	// times are printed in its location. The zero Time means time.Now().
	Now time.Time
	// Author is written in the document's metadata; empty means Settings.Author.
	Author string
	// Title is the document title, printed in every page header; empty means the
	// thesis title (WriteThesis) or "Hindsight journal" (WriteJournal).
	Title string
	// Progress, when set, is called after each thesis is laid out with the number done
	// and the total. It is called from the goroutine that called WriteJournal.
	Progress func(done, total int)
	// Market holds the prices and rates the figures are computed from.
	Market journal.Market
	// Missing, when set, is called once the document is written when some characters
	// of it are in none of the bundled fonts, with those characters in code point order
	// (CharList names them for a warning). Each is drawn as □, and the text a reader
	// copies from the PDF keeps the character itself.
	Missing func(chars []rune)
	// Settings are the journal's settings: base currency (empty means USD), total loss
	// budget, default benchmark and author.
	Settings journal.Settings
	// Lang is the language of the printed words and dates: LangEnglish (the default) or
	// LangKorean.
	Lang string
	// MoveColors is how gains and losses are coloured: MovesRedUp, MovesGreenUp, or
	// empty for the language's convention (red up in Korean, green up otherwise).
	MoveColors string
}

func (o Options) withDefaults() Options {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Settings.BaseCurrency == "" {
		o.Settings.BaseCurrency = "USD"
	}
	return o
}

// WriteThesis writes a PDF of one thesis to w.
func WriteThesis(w io.Writer, t *journal.Thesis, o Options) error {
	if t == nil {
		return fmt.Errorf("pdf: no thesis")
	}
	o = o.withDefaults()
	title := o.Title
	if title == "" {
		title = t.Title
	}
	wr, err := newWriter(o, title, label(o.Lang, "Investment thesis"))
	if err != nil {
		return err
	}
	png, err := wr.chartPNG(t)
	if err != nil {
		return fmt.Errorf("thesis %s: %w", t.ID, err)
	}
	wr.section = o.Settings.Author
	wr.newPage()
	wr.bookmark(t.Title, 0)
	if err := wr.thesis(t, journal.Evaluate(t, o.Settings, o.Market, o.Now), png); err != nil {
		return fmt.Errorf("thesis %s: %w", t.ID, err)
	}
	if o.Progress != nil {
		o.Progress(1, 1)
	}
	return wr.output(w)
}

// chartPNG returns the chart image of t at the size the page shows it, or nil when
// there is nothing to chart.
func (w *writer) chartPNG(t *journal.Thesis) ([]byte, error) {
	spec, ok := chart.SpecFor(t, w.o.Settings, w.o.Market, w.o.Now)
	if !ok {
		return nil, nil
	}
	spec.Location = w.loc
	spec.Lang = w.o.Lang
	if w.korean() {
		spec.Labels = chart.Labels{Price: "가격", Snapshot: "스냅샷", Entry: "평균 단가", Budget: "손실 예산 소진", Buy: "매수", Sell: "매도"}
	}
	spec.Moves = w.o.MoveColors
	px, py := w.chartSize()
	return chart.PNG(spec, px, py, false)
}

// bookmark adds an entry to the document outline at the current position.
func (w *writer) bookmark(title string, level int) {
	w.setFont(false, textSize)
	w.f.Bookmark(textString(title), level, w.y)
}

// output draws the page headers and footers, writes the document, and reports the
// characters no face has.
func (w *writer) output(out io.Writer) error {
	w.decorate()
	if err := w.f.Output(out); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if w.o.Missing != nil && len(w.missing) > 0 {
		chars := make([]rune, 0, len(w.missing))
		for r := range w.missing {
			chars = append(chars, r)
		}
		slices.Sort(chars)
		w.o.Missing(chars)
	}
	return nil
}

// WriteJournal writes a PDF of theses to w, in the order given: a cover page with the
// journal summary (theses by status, total loss budget against what is at risk and what
// is lost, calibration), a table of contents with page numbers, then each thesis from a
// new page. Cancelling ctx stops the export between theses with ctx's error.
func WriteJournal(ctx context.Context, w io.Writer, theses []*journal.Thesis, o Options) error {
	o = o.withDefaults()
	var list []*journal.Thesis
	for _, t := range theses {
		if t != nil {
			list = append(list, t)
		}
	}
	title := o.Title
	if title == "" {
		title = label(o.Lang, "Hindsight journal")
	}
	wr, err := newWriter(o, title, label(o.Lang, "Investment journal"))
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	sum := journal.Summarize(list, o.Settings, o.Market, o.Now)
	cal := journal.Calibrate(list)

	wr.section = wr.t("Summary")
	wr.newPage()
	wr.bookmark(wr.section, 0)
	wr.cover(sum, cal)

	wr.section = wr.t("Contents")
	toc := wr.reserveContents(len(list))

	charts := startCharts(ctx, wr, list)
	defer charts.stop()
	for i, t := range list {
		if err := ctx.Err(); err != nil {
			return err
		}
		png, err := charts.get(ctx, i)
		if err != nil {
			return err
		}
		wr.section = t.Title
		wr.newPage()
		toc.entries[i] = tocEntry{title: t.Title, status: t.Status, page: len(wr.pages), link: wr.f.AddLink()}
		wr.f.SetLink(toc.entries[i].link, 0, -1)
		wr.bookmark(t.Title, 0)
		if err := wr.thesis(t, sum.Outcomes[i], png); err != nil {
			return fmt.Errorf("thesis %s: %w", t.ID, err)
		}
		if o.Progress != nil {
			o.Progress(i+1, len(list))
		}
	}
	charts.stop()
	if err := ctx.Err(); err != nil {
		return err
	}
	wr.fillContents(toc)
	return wr.output(w)
}

// charts renders the chart images of a list of theses ahead of the layout, on as
// many goroutines as there are CPUs, a bounded number at a time.
type charts struct {
	results []chan chartResult
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	window  chan struct{}
}

type chartResult struct {
	png []byte
	err error
}

func startCharts(ctx context.Context, w *writer, theses []*journal.Thesis) *charts {
	ctx, cancel := context.WithCancel(ctx)
	workers := max(1, runtime.GOMAXPROCS(0))
	c := &charts{results: make([]chan chartResult, len(theses)), cancel: cancel, window: make(chan struct{}, 4*workers)}
	for i := range c.results {
		c.results[i] = make(chan chartResult, 1)
	}
	jobs := make(chan int)
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		defer close(jobs)
		for i := range theses {
			select {
			case c.window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range workers {
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			for i := range jobs {
				png, err := w.chartPNG(theses[i])
				if err != nil {
					err = fmt.Errorf("thesis %s: %w", theses[i].ID, err)
				}
				c.results[i] <- chartResult{png, err}
			}
		}()
	}
	return c
}

// get waits for the chart of thesis i.
func (c *charts) get(ctx context.Context, i int) ([]byte, error) {
	select {
	case r := <-c.results[i]:
		<-c.window
		return r.png, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// stop ends the rendering and waits for the goroutines; it may be called twice.
func (c *charts) stop() {
	c.cancel()
	c.wg.Wait()
}

// ExportFile writes a file atomically (safefile.Write, with nothing guarded): write
// fills a temporary file in the target's directory, which is synced and renamed over
// path only when write succeeded and ctx is not cancelled; on any failure path is left
// as it was.
func ExportFile(ctx context.Context, path string, write func(io.Writer) error) error {
	return safefile.Write(ctx, path, safefile.Guard{}, write)
}
