package app

import (
	"image"
	"slices"
	"time"

	"fyne.io/fyne/v2/theme"
	"github.com/shopspring/decimal"

	"hindsight/journal/chart"
)

// onChartSymbol draws the chart of the position in sym.
func (r *reviewView) onChartSymbol(sym string) {
	if sym == "" || sym == r.chartSym {
		return
	}
	r.chartSym = sym
	r.renderChart()
}

// renderChartTabs offers a chart of each symbol the thesis holds a position in, when
// there is more than one.
func (r *reviewView) renderChartTabs() {
	syms := chart.ChartSymbols(r.thesis)
	if len(syms) < 2 {
		r.chartTabs.Hide()
		return
	}
	sel := r.chartSym
	if sel == "" || !slices.Contains(syms, sel) {
		sel = syms[0]
	}
	r.chartTabs.OnChanged = nil
	r.chartTabs.Options = syms
	r.chartTabs.Selected = sel
	r.chartTabs.Refresh()
	r.chartTabs.OnChanged = r.onChartSymbol
	r.chartTabs.Show()
}

// decimalValue is an exact decimal number.
type decimalValue = decimal.Decimal

var decOne = decimal.NewFromInt(1)

// Chart size in points; the image is drawn at the window's scale.
const (
	chartWidth  = 640
	chartHeight = 280
)

// chartKey names what a drawn chart shows, so it is drawn again only when that changes.
type chartKey struct {
	id    string
	sym   string
	asOf  time.Time
	bars  int
	dark  bool
	lang  string
	width int
	// saved and moves change the fills marked and their colours.
	saved time.Time
	moves string
}

// chartSpec describes the price chart of the position chosen in the view, the main one
// unless another tab is chosen (journal/chart draws it): the price line since the thesis
// was written, the snapshot markers, each buy and sell, the average cost and the price at which the loss
// budget is used up. ok is false when there is nothing to draw.
func (r *reviewView) chartSpec() (chart.Spec, bool) {
	spec, ok := chart.SpecForSymbol(r.thesis, r.u.settings, r.u.market, r.u.now(), r.chartSym)
	if !ok {
		return spec, false
	}
	spec.Lang = uiLang
	spec.Labels = chart.Labels{Price: tr("chart.price"), Snapshot: tr("chart.snapshot"), Entry: tr("chart.entry"), Budget: tr("chart.budget"),
		Buy: tr("chart.buy"), Sell: tr("chart.sell")}
	spec.Moves = chart.MovesGreenUp
	if gainsInRed() {
		spec.Moves = chart.MovesRedUp
	}
	spec.Location = time.Local
	return spec, true
}

// renderChart draws the chart of the thesis in the background and shows it when done.
func (r *reviewView) renderChart() {
	if r.thesis == nil {
		r.chartBox.Hide()
		r.chartTabs.Hide()
		return
	}
	r.renderChartTabs()
	spec, ok := r.chartSpec()
	if !ok {
		r.chartImage = nil
		r.chartBox.Hide()
		return
	}
	dark := r.u.theme.dark(r.u.app)
	// Draw as wide as the pane, at the screen's pixel density.
	scale := r.u.win.Canvas().Scale()
	pane := r.u.detail.Size().Width
	if pane <= 0 {
		pane = r.u.win.Canvas().Size().Width * float32(1-r.u.split.Offset)
	}
	width := max(float32(chartMinWidth), pane-6*theme.Padding())
	w, h := int(width*scale), int(chartHeight*scale)
	key := chartKey{id: r.thesis.ID, sym: spec.Symbol, asOf: r.u.market.AsOf, bars: len(spec.Bars), dark: dark, lang: uiLang, width: int(width),
		saved: r.thesis.UpdatedAt, moves: spec.Moves}
	if len(spec.Bars) > 0 {
		key.asOf = spec.Bars[len(spec.Bars)-1].Time
	}
	if key == r.lastChart && r.chartImage != nil {
		r.chartBox.Show()
		return
	}
	r.lastChart = key
	r.u.background(func() {
		img, err := chart.Render(spec, w, h, dark)
		r.u.do(func() { r.chartDrawn(key, img, err) })
	})
}

// chartDrawn shows a chart drawn in the background, unless the view moved on meanwhile.
func (r *reviewView) chartDrawn(key chartKey, img image.Image, err error) {
	if r.lastChart != key || r.thesis == nil || r.thesis.ID != key.id {
		return
	}
	if err != nil || img == nil {
		r.chartImage = nil
		r.chartBox.Hide()
		return
	}
	r.chartImage = img
	r.chart.Image = img
	r.chart.Refresh()
	r.chartBox.Show()
}
