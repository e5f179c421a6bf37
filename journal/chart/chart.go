// Package chart draws the price of a thesis's main symbol since the thesis was written,
// with the snapshots recorded along the way, each buy (▲) and sell (▼) at its date and
// price, the average cost of what is held and the price at which the loss budget would
// be used up. The desktop app and the PDF export draw the same image.
//
// Prices are decimals in the journal; they are turned into float64 here only to place
// pixels, never to compute a figure that is shown or stored.
package chart

import (
	"fmt"
	"image"
	"image/color"
	imagedraw "image/draw"
	"math"
	"slices"
	"sync"
	"time"

	"hindsight/assets"
	"hindsight/journal"

	"git.sr.ht/~sbinet/gg"
	"github.com/shopspring/decimal"
	xdraw "golang.org/x/image/draw"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Labels are the words drawn on the chart; the app passes its translations.
type Labels struct {
	// Price names the price line.
	Price string
	// Snapshot names the snapshot markers.
	Snapshot string
	// Entry names the average cost line.
	Entry string
	// Buy and Sell name the fill markers.
	Buy, Sell string
	// Budget names the line where the loss budget is used up.
	Budget string
}

// DefaultLabels returns the English labels.
func DefaultLabels() Labels {
	return Labels{Price: "Price", Snapshot: "Snapshot", Entry: "Average cost", Budget: "Loss budget used up", Buy: "Buy", Sell: "Sell"}
}

// Spec is what a chart shows. Build it with SpecFor or fill it in directly.
type Spec struct {
	// Symbol is the instrument drawn; it decides how prices are formatted.
	Symbol string
	// Bars are the price series, sorted by time, in Currency.
	Bars []journal.Bar
	// Currency is the currency of the prices.
	Currency string
	// Snapshots are marked on the chart (those of other symbols are ignored).
	Snapshots []journal.Snapshot
	// Entry is the average cost of what the position holds now; nil draws no line.
	Entry *journal.Money
	// Fills are the buys and sells marked on the line.
	Fills []Mark
	// BudgetPrice is the price at which the loss budget is used up
	// (journal.BudgetPrice); nil draws no budget line.
	BudgetPrice *journal.Money
	// Title is written at the top left.
	Title string
	// From and To bound the time axis; zero values take the range of the data.
	From, To time.Time
	// Labels are the legend's words; empty fields take DefaultLabels.
	Labels Labels
	// Location is the time zone of the date labels; nil means UTC.
	Location *time.Location
	// Lang is the language of the date labels: "ko" writes "1월 28일" and "2025년 1월",
	// anything else "Jan 28" and "Jan 2025".
	Lang string
	// Moves is the colour convention of the fill markers: MovesRedUp draws buys red and
	// sells blue (as Korean brokerage apps do), MovesGreenUp buys green and sells red; ""
	// follows Lang.
	Moves string
}

// Colour conventions of Spec.Moves.
const (
	MovesRedUp   = "red-up"
	MovesGreenUp = "green-up"
)

// Mark is one fill drawn on the price line.
type Mark struct {
	// At is when the fill happened.
	At time.Time
	// Price is the fill's price in today's share units: divided by the ratio of every
	// split between the fill and now, as the split-adjusted closes are.
	Price decimal.Decimal
	// Sell is true for a sell (▼), false for a buy (▲).
	Sell bool
}

// AverageCostPrice rounds an average cost for display: to the currency's minor units,
// or to four decimals below one unit.
func AverageCostPrice(m journal.Money) journal.Money {
	if m.Amount.Abs().LessThan(decimal.NewFromInt(1)) {
		return journal.Money{Amount: m.Amount.Round(4), Currency: m.Currency}
	}
	return m.Round()
}

// FillMarks returns the marks of the fills of position p, their prices adjusted for the
// splits of p's symbol among splits dated after each fill.
func FillMarks(p journal.Position, splits []journal.CorporateAction) []Mark {
	out := make([]Mark, 0, len(p.Fills))
	for _, f := range p.Fills {
		price := f.Price.Amount
		day := journal.DateOf(f.At.UTC()).Time()
		for _, sp := range splits {
			if sp.Kind != journal.ActionSplit || sp.Symbol != p.Symbol || !day.Before(journal.DateOf(sp.At.UTC()).Time()) {
				continue
			}
			if n, d, err := journal.ParseRatio(sp.Ratio); err == nil {
				price = price.Mul(d).Div(n)
			}
		}
		out = append(out, Mark{At: f.At, Price: price, Sell: f.Action == journal.ActionSell})
	}
	return out
}

// SpecFor returns the chart of thesis t: its main symbol (the first long or short
// position's, else the first snapshot's) from the time the thesis was written (or its
// first fill or snapshot of that symbol, if earlier) to now, with the bars m holds
// for that symbol, the thesis's snapshots of it, the fills of its long and short
// positions in it, the average cost of the position and the budget price
// (journal.BudgetPrice). ok is false when the thesis has no symbol or m and the
// snapshots hold no price for it.
func SpecFor(t *journal.Thesis, s journal.Settings, m journal.Market, now time.Time) (Spec, bool) {
	return SpecForSymbol(t, s, m, now, "")
}

// ChartSymbols returns the symbols of t's positions in their order, each once: the
// charts the thesis can show, the main position's first when it has one.
func ChartSymbols(t *journal.Thesis) []string {
	if t == nil {
		return nil
	}
	var out []string
	if i := t.MainPosition(); i >= 0 {
		out = append(out, t.Positions[i].Symbol)
	}
	for _, p := range t.Positions {
		if !slices.Contains(out, p.Symbol) {
			out = append(out, p.Symbol)
		}
	}
	return out
}

// SpecForSymbol is SpecFor for the position of t in symbol sym: its first long or
// short position in sym gives the average cost and budget price (journal.BudgetPriceOf);
// a symbol only watched has neither. "" (or a symbol t has no position in) means the
// main symbol, as SpecFor.
func SpecForSymbol(t *journal.Thesis, s journal.Settings, m journal.Market, now time.Time, sym string) (Spec, bool) {
	if t == nil {
		return Spec{}, false
	}
	i, watched := t.MainPosition(), -1
	if sym != "" {
		found := -1
		for j, p := range t.Positions {
			if p.Symbol != sym {
				continue
			}
			if p.Side == journal.SideLong || p.Side == journal.SideShort {
				found = j
				break
			}
			if watched < 0 {
				watched = j
			}
		}
		if found >= 0 || watched >= 0 {
			i = found
		}
	}
	var sp Spec
	if i >= 0 {
		p := t.Positions[i]
		sp.Symbol, sp.Currency = p.Symbol, p.Currency()
		if l, err := journal.ComputeLedger(p, s.BaseCurrency, s.CostMethod, m.Splits[p.Symbol], nil); err == nil && l.Holding.IsPositive() {
			avg := AverageCostPrice(journal.Money{Amount: l.AverageCost, Currency: l.Currency})
			sp.Entry = &avg
		}
		if _, bp, ok := journal.BudgetPriceOf(t, s, m, i); ok {
			sp.BudgetPrice = &bp
		}
	} else if watched >= 0 {
		p := t.Positions[watched]
		sp.Symbol, sp.Currency = p.Symbol, p.Currency()
	} else if len(t.Snapshots) > 0 {
		sp.Symbol, sp.Currency = t.Snapshots[0].Symbol, t.Snapshots[0].Price.Currency
	} else {
		return Spec{}, false
	}
	from := t.CreatedAt
	for _, p := range t.Positions {
		if p.Symbol != sp.Symbol || p.Currency() != sp.Currency {
			continue
		}
		if p.Side == journal.SideLong || p.Side == journal.SideShort {
			sp.Fills = append(sp.Fills, FillMarks(p, m.Splits[p.Symbol])...)
		}
		for _, f := range p.Fills {
			if !f.At.IsZero() && f.At.Before(from) {
				from = f.At
			}
		}
	}
	for _, sn := range t.Snapshots {
		if sn.Symbol != sp.Symbol || sn.Price.Currency != sp.Currency {
			continue
		}
		sp.Snapshots = append(sp.Snapshots, sn)
		if sn.At.Before(from) {
			from = sn.At
		}
	}
	to := now
	bars := m.Bars[sp.Symbol]
	// Keep the last bar before the start too, so the line reaches the left edge.
	start := 0
	for i, b := range bars {
		if b.Time.After(from) {
			break
		}
		start = i
	}
	for _, b := range bars[start:] {
		if b.Close.IsPositive() && !b.Time.After(to) {
			sp.Bars = append(sp.Bars, b)
		}
	}
	if to.Before(from) {
		to = from
	}
	sp.From, sp.To = from, to
	sp.Title = sp.Symbol + " · " + sp.Currency
	return sp, len(sp.Bars)+len(sp.Snapshots) > 0
}

// Size limits of Render, in pixels.
const (
	MinSize = 32
	MaxSize = 8000
)

// nominalWidth is the width, in inches, the chart is laid out for: text and lines keep
// their proportions at every pixel size, so a small preview is the large image scaled.
const nominalWidth = 6.7

// theme holds the colours of a light or dark chart.
type theme struct {
	bg, fg, muted, grid, price, entry, budget, snapshot color.Color
	// up and down colour gains and losses in the green-up convention; upRed and downBlue
	// in the red-up one.
	up, down, upRed, downBlue color.Color
}

var (
	lightTheme = theme{
		bg: color.White, fg: rgb(0x22, 0x22, 0x22), muted: rgb(0x66, 0x66, 0x66), grid: rgb(0xe4, 0xe6, 0xea),
		price: rgb(0x1f, 0x6f, 0xd1), entry: rgb(0x55, 0x5b, 0x63), budget: rgb(0xd6, 0x28, 0x28), snapshot: rgb(0xe0, 0x7b, 0x00),
		up: rgb(0x1b, 0x8a, 0x3e), down: rgb(0xc6, 0x1f, 0x3b), upRed: rgb(0xe0, 0x1e, 0x3c), downBlue: rgb(0x0b, 0x3d, 0x9e),
	}
	darkTheme = theme{
		bg: rgb(0x1e, 0x1f, 0x22), fg: rgb(0xdc, 0xde, 0xe2), muted: rgb(0xa0, 0xa4, 0xaa), grid: rgb(0x38, 0x3a, 0x3f),
		price: rgb(0x62, 0xaf, 0xff), entry: rgb(0xb0, 0xb5, 0xbc), budget: rgb(0xff, 0x6b, 0x6b), snapshot: rgb(0xff, 0xb4, 0x4c),
		up: rgb(0x4c, 0xd1, 0x7a), down: rgb(0xff, 0x5c, 0x7a), upRed: rgb(0xff, 0x52, 0x6b), downBlue: rgb(0x8f, 0xb8, 0xff),
	}
)

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{R: r, G: g, B: b, A: 0xff} }

var (
	fontsOnce sync.Once
	fontsErr  error
	fonts     *font.Cache
)

const typeface = "NanumGothic"

// fontCache returns the chart fonts: the Korean-capable NanumGothic the app and the PDF use.
func fontCache() (*font.Cache, error) {
	fontsOnce.Do(func() {
		regular, err := opentype.Parse(assets.FontRegular)
		if err != nil {
			fontsErr = fmt.Errorf("chart: font: %w", err)
			return
		}
		bold, err := opentype.Parse(assets.FontBold)
		if err != nil {
			fontsErr = fmt.Errorf("chart: bold font: %w", err)
			return
		}
		fonts = font.NewCache(font.Collection{
			{Font: font.Font{Typeface: typeface}, Face: regular},
			{Font: font.Font{Typeface: typeface, Weight: xfont.WeightBold}, Face: bold},
		})
	})
	return fonts, fontsErr
}

// Render draws the chart in an image of widthPx × heightPx pixels, light or dark. It
// fails when the size is outside MinSize..MaxSize or spec holds no price to draw.
func Render(spec Spec, widthPx, heightPx int, dark bool) (image.Image, error) {
	if err := spec.check(widthPx, heightPx); err != nil {
		return nil, err
	}
	img := image.NewRGBA(image.Rect(0, 0, widthPx, heightPx))
	if err := spec.draw(img, dark); err != nil {
		return nil, err
	}
	return img, nil
}

// check reports whether the spec can be drawn at the size.
func (spec Spec) check(widthPx, heightPx int) error {
	if widthPx < MinSize || heightPx < MinSize || widthPx > MaxSize || heightPx > MaxSize {
		return fmt.Errorf("chart %s: size %d×%d outside %d..%d pixels", spec.Symbol, widthPx, heightPx, MinSize, MaxSize)
	}
	if line, dots := spec.series(); len(line) == 0 && len(dots) == 0 {
		return fmt.Errorf("chart %s: no prices to draw", spec.Symbol)
	}
	return nil
}

// draw draws the chart over all of img, whose bounds start at (0, 0).
func (spec Spec) draw(img *image.RGBA, dark bool) error {
	cache, err := fontCache()
	if err != nil {
		return err
	}
	widthPx := img.Bounds().Dx()
	line, dots := spec.series()
	th := lightTheme
	if dark {
		th = darkTheme
	}
	labels := spec.labels()
	loc := spec.Location
	if loc == nil {
		loc = time.UTC
	}

	dpi := max(1, int(math.Round(float64(widthPx)/nominalWidth)))
	// The canvas is widthPx × heightPx at dpi. Its drawing context copies glyphs with
	// nearest-neighbour sampling: glyphs land on whole pixels (the context only flips
	// the y axis), where that is exact and several times faster than the default.
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt()
	ctx.InvertY()
	ctx.SetInterpolator(xdraw.NearestNeighbor)
	c := vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(dpi))
	imagedraw.Draw(img, img.Bounds(), image.NewUniform(th.bg), image.Point{}, imagedraw.Src)
	dc := draw.New(c)

	hdlr := text.Plain{Fonts: cache}
	style := func(size vg.Length, clr color.Color, bold bool) text.Style {
		f := font.Font{Typeface: typeface, Size: size}
		if bold {
			f.Weight = xfont.WeightBold
		}
		return text.Style{Color: clr, Font: f, Handler: hdlr}
	}
	small := style(8.5, th.muted, false)

	// The header row: title on the left, the legend on the right.
	pad := vg.Length(8)
	titleSty := style(10.5, th.fg, true)
	titleSty.YAlign = draw.YTop
	headerH := titleSty.Height("Ag") + 2*pad/2
	top := dc.Max.Y - pad/2
	dc.FillText(titleSty, vg.Point{X: dc.Min.X + pad, Y: top}, spec.Title)
	legend := spec.legend(labels, th)
	legendSty := small
	legendSty.YAlign = draw.YTop
	x := dc.Max.X - pad
	for i := len(legend) - 1; i >= 0; i-- {
		it := legend[i]
		x -= legendSty.Width(it.text)
		dc.FillText(legendSty, vg.Point{X: x, Y: top}, it.text)
		x -= 4
		mid := top - legendSty.Height(it.text)/2
		it.sample(dc, vg.Point{X: x - 16, Y: mid}, vg.Point{X: x, Y: mid})
		x -= 16 + 12
	}

	p := plot.New()
	p.BackgroundColor = nil // the canvas is already filled
	p.TextHandler = hdlr
	p.Title.TextStyle = titleSty
	p.Legend.TextStyle = small
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle = restyle(ax.Label.TextStyle, style(9, th.muted, false))
		ax.Tick.Label = restyle(ax.Tick.Label, small)
		ax.LineStyle.Color = th.muted
		ax.LineStyle.Width = 0.6
		ax.Tick.LineStyle.Color = th.muted
		ax.Tick.LineStyle.Width = 0.6
		ax.Padding = 2
	}
	p.X.Tick.Marker = dateTicks{loc: loc, korean: spec.Lang == "ko"}
	p.Y.Tick.Marker = priceTicks{}

	grid := plotter.NewGrid()
	grid.Vertical = draw.LineStyle{Color: th.grid, Width: 0.5}
	grid.Horizontal = draw.LineStyle{Color: th.grid, Width: 0.5}
	p.Add(grid)

	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	extend := func(x, y float64) {
		xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
		ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
	}
	for _, pt := range line {
		extend(pt.X, pt.Y)
	}
	for _, pt := range dots {
		extend(pt.X, pt.Y)
	}
	if !spec.From.IsZero() {
		xmin = math.Min(xmin, unix(spec.From))
	}
	if !spec.To.IsZero() {
		xmax = math.Max(xmax, unix(spec.To))
	}
	for _, h := range spec.levels(labels, th, style(8.5, nil, true)) {
		ymin, ymax = math.Min(ymin, h.y), math.Max(ymax, h.y)
		p.Add(h)
	}
	if len(line) >= 2 {
		l, err := plotter.NewLine(line)
		if err != nil {
			return fmt.Errorf("chart %s: %w", spec.Symbol, err)
		}
		l.LineStyle = draw.LineStyle{Color: th.price, Width: 1.4}
		p.Add(l)
	} else {
		dots = append(dots, line...)
	}
	mk := spec.marks(th)
	for _, m := range mk.at {
		extend(m.X, m.Y)
	}
	if len(dots) > 0 {
		sc, err := plotter.NewScatter(dots)
		if err != nil {
			return fmt.Errorf("chart %s: %w", spec.Symbol, err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: th.snapshot, Radius: 3.2, Shape: draw.CircleGlyph{}}
		p.Add(sc)
		ring, _ := plotter.NewScatter(dots)
		ring.GlyphStyle = draw.GlyphStyle{Color: th.bg, Radius: 3.2, Shape: draw.RingGlyph{}}
		p.Add(ring)
	}
	if len(mk.at) > 0 {
		p.Add(mk)
	}
	if xmax-xmin < 86400 {
		xmin, xmax = xmin-86400, xmax+86400
	}
	span := ymax - ymin
	if span <= 0 {
		span = math.Max(math.Abs(ymax)*0.1, 1e-6)
	}
	p.X.Min, p.X.Max = xmin, xmax
	p.Y.Min, p.Y.Max = math.Max(0, ymin-span*0.08), ymax+span*0.08

	p.Draw(draw.Crop(dc, 0, -pad/2, pad/4, -headerH))
	return nil
}

// restyle returns sty with the font, colour and handler of from, keeping its alignment.
func restyle(sty, from text.Style) text.Style {
	sty.Font, sty.Color, sty.Handler = from.Font, from.Color, from.Handler
	return sty
}

// PNG renders the chart (see Render) and encodes it as an 8-bit paletted PNG.
func PNG(spec Spec, widthPx, heightPx int, dark bool) ([]byte, error) {
	if err := spec.check(widthPx, heightPx); err != nil {
		return nil, err
	}
	img := canvasPool.Get().(*image.RGBA)
	defer canvasPool.Put(img)
	if n := 4 * widthPx * heightPx; cap(img.Pix) < n {
		img.Pix = make([]byte, n)
	} else {
		img.Pix = img.Pix[:n]
	}
	img.Stride, img.Rect = 4*widthPx, image.Rect(0, 0, widthPx, heightPx)
	if err := spec.draw(img, dark); err != nil {
		return nil, err
	}
	b, err := encodePNG(img)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", spec.Symbol, err)
	}
	return b, nil
}

// canvasPool keeps the pixel buffers of PNG between charts: a chart is megabytes of
// pixels that are garbage as soon as it is encoded.
var canvasPool = sync.Pool{New: func() any { return new(image.RGBA) }}

func unix(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }

func toFloat(d decimal.Decimal) float64 { return d.InexactFloat64() }

// series returns the price line and the snapshot markers in plot coordinates.
func (s Spec) series() (line, dots plotter.XYs) {
	for _, b := range s.Bars {
		if b.Close.IsPositive() {
			line = append(line, plotter.XY{X: unix(b.Time), Y: toFloat(b.Close)})
		}
	}
	for _, sn := range s.Snapshots {
		if sn.Symbol == s.Symbol && sn.Price.Amount.IsPositive() {
			dots = append(dots, plotter.XY{X: unix(sn.At), Y: toFloat(sn.Price.Amount)})
		}
	}
	return line, dots
}

func (s Spec) labels() Labels {
	l, d := s.Labels, DefaultLabels()
	if l.Price == "" {
		l.Price = d.Price
	}
	if l.Snapshot == "" {
		l.Snapshot = d.Snapshot
	}
	if l.Entry == "" {
		l.Entry = d.Entry
	}
	if l.Budget == "" {
		l.Budget = d.Budget
	}
	if l.Buy == "" {
		l.Buy = d.Buy
	}
	if l.Sell == "" {
		l.Sell = d.Sell
	}
	return l
}

// legendItem is one entry of the header legend.
type legendItem struct {
	text   string
	sample func(c draw.Canvas, from, to vg.Point)
}

func (s Spec) legend(l Labels, th theme) []legendItem {
	lineSample := func(clr color.Color, dashes []vg.Length, w vg.Length) func(draw.Canvas, vg.Point, vg.Point) {
		return func(c draw.Canvas, a, b vg.Point) {
			c.StrokeLine2(draw.LineStyle{Color: clr, Width: w, Dashes: dashes}, a.X, a.Y, b.X, b.Y)
		}
	}
	items := []legendItem{{l.Price, lineSample(th.price, nil, 1.4)}}
	hasSnap := false
	for _, sn := range s.Snapshots {
		hasSnap = hasSnap || sn.Symbol == s.Symbol
	}
	if hasSnap {
		items = append(items, legendItem{l.Snapshot, func(c draw.Canvas, a, b vg.Point) {
			c.DrawGlyphNoClip(draw.GlyphStyle{Color: th.snapshot, Radius: 3.2, Shape: draw.CircleGlyph{}},
				vg.Point{X: (a.X + b.X) / 2, Y: a.Y})
		}})
	}
	var buys, sells bool
	for _, f := range s.Fills {
		buys, sells = buys || !f.Sell, sells || f.Sell
	}
	up, down := s.moveColors(th)
	if buys {
		items = append(items, legendItem{l.Buy, func(c draw.Canvas, a, b vg.Point) {
			triangle(c, vg.Point{X: (a.X + b.X) / 2, Y: a.Y}, markRadius, false, up, th.bg)
		}})
	}
	if sells {
		items = append(items, legendItem{l.Sell, func(c draw.Canvas, a, b vg.Point) {
			triangle(c, vg.Point{X: (a.X + b.X) / 2, Y: a.Y}, markRadius, true, down, th.bg)
		}})
	}
	if s.Entry != nil {
		items = append(items, legendItem{l.Entry, lineSample(th.entry, []vg.Length{4, 2.5}, 1)})
	}
	if s.BudgetPrice != nil {
		items = append(items, legendItem{l.Budget, lineSample(th.budget, []vg.Length{4, 2.5}, 1.2)})
	}
	return items
}

// levels returns the horizontal lines: entry and budget price.
func (s Spec) levels(l Labels, th theme, sty text.Style) []*level {
	var out []*level
	add := func(m *journal.Money, clr color.Color, width vg.Length) {
		if m == nil || !m.Amount.IsPositive() {
			return
		}
		st := sty
		st.Color = clr
		st.XAlign = draw.XRight
		out = append(out, &level{
			y: toFloat(m.Amount), label: journal.FormatPrice(s.Symbol, *m), sty: st,
			line: draw.LineStyle{Color: clr, Width: width, Dashes: []vg.Length{4, 2.5}},
		})
	}
	add(s.Entry, th.entry, 1)
	add(s.BudgetPrice, th.budget, 1.2)
	return out
}

// markRadius is the size of a fill marker: the distance from its centre to a corner.
const markRadius vg.Length = 4.6

// moveColors returns the colours of buys and sells: those of gains and losses in the
// spec's convention.
func (s Spec) moveColors(th theme) (buy, sell color.Color) {
	redUp := s.Moves == MovesRedUp || (s.Moves == "" && s.Lang == "ko")
	if redUp {
		return th.upRed, th.downBlue
	}
	return th.up, th.down
}

// fillMarks are the fill markers: a triangle pointing up at each buy, down at each sell.
type fillMarks struct {
	at         plotter.XYs
	sell       []bool
	buy, sells color.Color
	edge       color.Color
}

// marks returns the markers of the spec's fills that have a positive price.
func (s Spec) marks(th theme) *fillMarks {
	m := &fillMarks{edge: th.bg}
	m.buy, m.sells = s.moveColors(th)
	for _, f := range s.Fills {
		if f.Price.IsPositive() && !f.At.IsZero() {
			m.at = append(m.at, plotter.XY{X: unix(f.At), Y: toFloat(f.Price)})
			m.sell = append(m.sell, f.Sell)
		}
	}
	return m
}

// Plot draws the markers; it implements plot.Plotter.
func (m *fillMarks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, pt := range m.at {
		clr := m.buy
		if m.sell[i] {
			clr = m.sells
		}
		triangle(c, vg.Point{X: trX(pt.X), Y: trY(pt.Y)}, markRadius, m.sell[i], clr, m.edge)
	}
}

// DataRange covers the markers; it implements plot.DataRanger.
func (m *fillMarks) DataRange() (xmin, xmax, ymin, ymax float64) {
	return plotter.XYRange(m.at)
}

// triangle draws a filled triangle centred on at, pointing down when down is true, with
// an edge of colour edge so it stands out from the line under it.
func triangle(c draw.Canvas, at vg.Point, r vg.Length, down bool, fill, edge color.Color) {
	dir := vg.Length(1)
	if down {
		dir = -1
	}
	var path vg.Path
	path.Move(vg.Point{X: at.X, Y: at.Y + dir*r})
	path.Line(vg.Point{X: at.X - r*0.9, Y: at.Y - dir*r*0.6})
	path.Line(vg.Point{X: at.X + r*0.9, Y: at.Y - dir*r*0.6})
	path.Close()
	c.SetColor(fill)
	c.Fill(path)
	c.SetLineStyle(draw.LineStyle{Color: edge, Width: 0.8})
	c.Stroke(path)
}

// level is a horizontal line across the plot with its value written at the right end.
type level struct {
	y     float64
	label string
	line  draw.LineStyle
	sty   text.Style
}

// Plot draws the line; it implements plot.Plotter.
func (h *level) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(h.y)
	c.StrokeLine2(h.line, c.Min.X, y, c.Max.X, y)
	c.FillText(h.sty, vg.Point{X: c.Max.X - 3, Y: y + 2}, h.label)
}

// DataRange covers the line's price only; it implements plot.DataRanger.
func (h *level) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), h.y, h.y
}

// dateTicks marks calendar days, months or years, whichever gives a handful of ticks,
// written in English or Korean.
type dateTicks struct {
	loc    *time.Location
	korean bool
}

// Tick label units: a day of a month, a month of a year, a year.
const (
	unitDay = iota
	unitMonth
	unitYear
)

// label writes t to the unit: "Jan 28", "Jan 2025", "2025" or "1월 28일", "2025년 1월", "2025년".
func (d dateTicks) label(t time.Time, unit int) string {
	switch {
	case d.korean && unit == unitDay:
		return fmt.Sprintf("%d월 %d일", int(t.Month()), t.Day())
	case d.korean && unit == unitMonth:
		return fmt.Sprintf("%d년 %d월", t.Year(), int(t.Month()))
	case d.korean:
		return fmt.Sprintf("%d년", t.Year())
	case unit == unitDay:
		return t.Format("Jan 2")
	case unit == unitMonth:
		return t.Format("Jan 2006")
	}
	return t.Format("2006")
}

// Ticks implements plot.Ticker.
func (d dateTicks) Ticks(min, max float64) []plot.Tick {
	from := time.Unix(int64(math.Floor(min)), 0).In(d.loc)
	to := time.Unix(int64(math.Ceil(max)), 0).In(d.loc)
	days := to.Sub(from).Hours() / 24
	const want = 6
	var ticks []plot.Tick
	add := func(t time.Time, unit int) {
		v := unix(t)
		if v >= min && v <= max {
			ticks = append(ticks, plot.Tick{Value: v, Label: d.label(t, unit)})
		}
	}
	for _, step := range []int{1, 2, 7, 14} {
		if days/float64(step) <= want {
			t := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, d.loc)
			for ; !t.After(to); t = t.AddDate(0, 0, step) {
				add(t, unitDay)
			}
			return ticks
		}
	}
	months := days / 30.44
	for _, step := range []int{1, 2, 3, 6, 12, 24, 60, 120} {
		if months/float64(step) > want {
			continue
		}
		unit := unitMonth
		if step >= 12 {
			unit = unitYear
		}
		m := (int(from.Month()) - 1) / step * step
		t := time.Date(from.Year(), time.Month(m+1), 1, 0, 0, 0, 0, d.loc)
		for ; !t.After(to); t = t.AddDate(0, step, 0) {
			add(t, unit)
		}
		return ticks
	}
	return []plot.Tick{{Value: min, Label: d.label(from, unitYear)}, {Value: max, Label: d.label(to, unitYear)}}
}

// priceTicks are plot.DefaultTicks with thousands grouped.
type priceTicks struct{}

// Ticks implements plot.Ticker.
func (priceTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	step := math.Inf(1)
	prev := math.NaN()
	for _, t := range ticks {
		if t.Label == "" {
			continue
		}
		if !math.IsNaN(prev) {
			step = math.Min(step, t.Value-prev)
		}
		prev = t.Value
	}
	places := int32(0)
	if !math.IsInf(step, 1) && step > 0 && step < 1 {
		places = int32(math.Ceil(-math.Log10(step) - 1e-9))
	}
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = journal.FormatDecimal(decimal.NewFromFloat(t.Value), places)
		}
	}
	return ticks
}
