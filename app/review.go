package app

import (
	"context"
	"fmt"
	"image"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/journal/chart"
)

// Benchmarks offered in the review; any other symbol can be typed.
var benchmarkChoices = []string{"^GSPC", "^IXIC", "^KS11", "^KQ11", "^N225", "^STOXX50E", "^FTSE"}

// reviewView shows one thesis as written and how it has played out: the claim with its
// revisions, the loss budget used, prices then and now, P&L, drawdown, the benchmark,
// the chart and the reviews so far.
type reviewView struct {
	u      *UI
	thesis *journal.Thesis
	bench  string // the benchmark chosen here; "" means the thesis's or the journal's
	// benchSave, when set, cancels the pending save of the benchmark chosen here.
	benchSave context.CancelFunc

	title     *widget.Label
	status    *widget.Label
	due       *widget.Label
	meta      *widget.Label
	tags      *widget.Label
	trigger   *widget.Label
	reasons   *widget.Label
	expect    *widget.Label
	wrongIf   *widget.Label
	revisions *widget.Label
	preMortem *widget.Label
	levels    *widget.Label
	links     *fyne.Container
	strip     summaryStrip
	budget    *widget.Label
	gauge     *budgetBar
	used      *widget.Label
	worst     *widget.Label
	breach    *widget.Label
	chart     *canvas.Image
	chartBox  *fyne.Container
	// chartTabs chooses the position drawn, when the thesis has more than one symbol;
	// chartSym is the choice ("" is the main position).
	chartTabs *widget.RadioGroup
	chartSym  string
	positions *fyne.Container
	// parts holds each position's P&L in parts under the table.
	parts      *fyne.Container
	total      *widget.Label
	snapshots  *fyne.Container
	benchSel   *widget.SelectEntry
	benchLine  *widget.Label
	stale      *widget.Label
	reviews    *widget.Label
	body       *widget.RichText
	editBtn    *widget.Button
	recordBtn  *widget.Button
	pdfBtn     *widget.Button
	deleteBtn  *widget.Button
	scroll     *container.Scroll
	content    fyne.CanvasObject
	lastChart  chartKey
	chartImage image.Image
}

// newReviewView makes the view; its widgets are built when it is first shown.
func newReviewView(u *UI) *reviewView {
	return &reviewView{u: u}
}

// view returns the view's content, building it on first use.
func (r *reviewView) view() fyne.CanvasObject {
	r.ensure()
	return r.content
}

// ensure builds the widgets unless they are built.
func (r *reviewView) ensure() {
	if r.content == nil {
		r.buildUI()
	}
}

// reviewCardWidth is the narrowest a review card may be beside another; below it the
// cards stack.
const reviewCardWidth = 300

// chartMinWidth is the narrowest the price chart is drawn, on a narrow pane.
const chartMinWidth = 320

func (r *reviewView) buildUI() {
	r.title = widget.NewLabel("")
	r.title.TextStyle.Bold = true
	r.title.SizeName = theme.SizeNameSubHeadingText
	r.title.Wrapping = fyne.TextWrapWord
	r.status = widget.NewLabel("")
	r.status.TextStyle.Bold = true
	r.due = widget.NewLabel("")
	r.due.Importance = widget.WarningImportance
	r.meta = wrapped("")
	r.tags = widget.NewLabel("")
	r.tags.Importance = widget.HighImportance
	r.trigger, r.reasons, r.expect, r.wrongIf = wrapped(""), wrapped(""), wrapped(""), wrapped("")
	r.revisions = wrapped("")
	r.preMortem, r.levels = wrapped(""), wrapped("")
	r.links = container.New(tightVBox{})
	r.revisions.Importance = widget.LowImportance
	strip := r.strip.build()
	r.budget = heading("")
	r.gauge = newBudgetBar(220, 16)
	r.used = widget.NewLabel("")
	r.worst = wrapped("")
	r.breach = wrapped("")
	r.chart = canvas.NewImageFromImage(nil)
	r.chart.FillMode = canvas.ImageFillContain
	r.chart.ScaleMode = canvas.ImageScaleSmooth
	r.chart.SetMinSize(fyne.NewSize(chartMinWidth, chartHeight))
	r.chartBox = container.NewStack(r.chart)
	r.chartTabs = widget.NewRadioGroup(nil, r.onChartSymbol)
	r.chartTabs.Horizontal = true
	r.chartTabs.Required = true
	r.chartTabs.Hide()
	r.positions = container.NewVBox()
	r.parts = container.NewVBox()
	r.total = heading("")
	r.total.Alignment = fyne.TextAlignTrailing
	r.snapshots = container.NewVBox()
	r.benchSel = widget.NewSelectEntry(benchmarkChoices)
	r.benchSel.OnChanged = r.onBenchmarkChanged
	r.benchLine = wrapped("")
	r.stale = wrapped("")
	r.stale.Importance = widget.WarningImportance
	r.reviews = wrapped("")
	r.body = widget.NewRichTextFromMarkdown("")
	r.body.Wrapping = fyne.TextWrapWord

	r.editBtn = widget.NewButtonWithIcon(tr("review.edit"), theme.DocumentCreateIcon(), func() {
		if r.thesis != nil {
			r.u.editThesis(r.thesis)
		}
	})
	r.recordBtn = widget.NewButtonWithIcon(tr("review.record"), theme.ConfirmIcon(), func() {
		if r.thesis != nil {
			r.u.showRecordReview(r.thesis)
		}
	})
	r.recordBtn.Importance = widget.HighImportance
	r.pdfBtn = widget.NewButtonWithIcon(tr("review.export_pdf"), theme.DocumentPrintIcon(), func() {
		if r.thesis != nil {
			r.u.exportThesisPDF(r.thesis)
		}
	})
	r.deleteBtn = widget.NewButtonWithIcon(tr("review.delete"), theme.DeleteIcon(), func() {
		if r.thesis != nil {
			r.u.deleteThesis(r.thesis)
		}
	})
	r.deleteBtn.Importance = widget.DangerImportance

	claim := newPanel(tr("review.claim"), container.NewVBox(
		r.trigger, r.reasons, r.expect, r.wrongIf, r.levels, r.preMortem, r.links, r.revisions,
	))
	budget := newPanel(tr("review.loss_budget"), container.NewVBox(
		r.budget, container.NewHBox(container.NewCenter(r.gauge), r.used), r.worst, r.breach,
	))
	header := container.NewBorder(nil, nil, nil, container.NewHBox(r.due, r.status), r.title)
	metaLine := container.NewBorder(nil, nil, nil, r.tags, r.meta)
	benchRow := container.NewBorder(nil, nil, widget.NewLabel(tr("review.benchmark")),
		nil, container.NewGridWrap(fyne.NewSize(180, r.benchSel.MinSize().Height), r.benchSel))
	// On a narrow pane the buttons wrap and the cards stack in one column.
	buttons := container.New(&flowLayout{}, r.editBtn, r.recordBtn, r.pdfBtn, layout.NewSpacer(), r.deleteBtn)
	page := container.NewVBox(
		header, strip, metaLine,
		container.New(newColumnsLayout(2, reviewCardWidth), claim, budget),
		r.chartTabs, r.chartBox,
		heading(tr("review.positions")), container.NewHScroll(r.positions), r.parts, r.total,
		heading(tr("review.snapshots")), container.NewHScroll(r.snapshots),
		container.NewVBox(container.NewHBox(benchRow), r.benchLine),
		r.stale,
		heading(tr("review.reviews")), r.reviews,
		heading(tr("review.notes")), r.body,
	)
	r.scroll = vscroll(container.NewPadded(page))
	r.content = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), container.NewPadded(buttons)), nil, nil, r.scroll)
}

// show puts thesis t in the view and fetches its price history in the background.
func (r *reviewView) show(t *journal.Thesis) {
	r.ensure()
	if r.thesis == nil || r.thesis.ID != t.ID {
		r.bench, r.chartSym = "", ""
		r.scroll.ScrollToTop()
	}
	r.thesis = t
	r.benchSel.OnChanged = nil
	r.benchSel.SetText(r.benchmark())
	r.benchSel.OnChanged = r.onBenchmarkChanged
	r.render()
	r.u.fetchHistory(t, r.benchmark())
}

// clear empties the view.
func (r *reviewView) clear() {
	r.thesis = nil
	r.bench = ""
}

// benchmark returns the benchmark the view compares with.
func (r *reviewView) benchmark() string {
	switch {
	case r.bench != "":
		return r.bench
	case r.thesis != nil && r.thesis.Benchmark != "":
		return r.thesis.Benchmark
	}
	return r.u.settings.DefaultBenchmark()
}

// onBenchmarkChanged compares with another benchmark, fetching its history.
func (r *reviewView) onBenchmarkChanged(s string) {
	sym, err := journal.ParseSymbol(s)
	if err != nil || r.thesis == nil {
		return
	}
	r.bench = sym
	r.render()
	r.u.fetchHistory(r.thesis, sym)
	r.scheduleBenchmarkSave(r.thesis.ID, sym)
}

// benchmarkSaveDelay is how long the benchmark box must rest before its choice is saved
// with the thesis: typing a symbol changes it at every key.
var benchmarkSaveDelay = 1500 * time.Millisecond

// scheduleBenchmarkSave saves sym as the benchmark of thesis id once the box has rested,
// unless another choice comes first.
func (r *reviewView) scheduleBenchmarkSave(id, sym string) {
	if r.benchSave != nil {
		r.benchSave()
	}
	ctx, cancel := context.WithCancel(r.u.root)
	r.benchSave = cancel
	r.u.background(func() {
		defer cancel()
		select {
		case <-ctx.Done():
			return
		case <-time.After(benchmarkSaveDelay):
		}
		r.u.do(func() { r.saveBenchmark(id, sym) })
	})
}

// saveBenchmark stores sym as the benchmark of thesis id, so the review (and the PDF)
// compare with it next time; choosing the journal's default clears the thesis's own.
func (r *reviewView) saveBenchmark(id, sym string) {
	t := r.u.thesisByID(id)
	if t == nil {
		return
	}
	want := sym
	if sym == r.u.settings.DefaultBenchmark() {
		want = ""
	}
	if t.Benchmark == want {
		return
	}
	c := *t
	c.Benchmark = want
	r.u.saveThesis(&c, false, func(saved *journal.Thesis, err error) {
		if err != nil {
			r.u.showErrorWith(tr("review.benchmark_not_saved"), err)
			return
		}
		if r.thesis != nil && r.thesis.ID == saved.ID {
			r.thesis = saved
		}
	})
}

// outcome evaluates the thesis against the market with the chosen benchmark.
func (r *reviewView) outcome() journal.Outcome {
	t := r.thesis
	if b := r.benchmark(); b != t.Benchmark {
		c := *t
		c.Benchmark = b
		t = &c
	}
	return journal.Evaluate(t, r.u.settings, r.u.market, r.u.now())
}

// render fills every widget from the thesis and the market.
func (r *reviewView) render() {
	t := r.thesis
	if t == nil || r.content == nil {
		return
	}
	now := r.u.now()
	o := r.outcome()
	r.title.SetText(shown(t.Title))
	r.status.SetText("● " + statusText(t.Status))
	r.status.Importance = statusImportance(t.Status)
	r.status.Refresh()
	if t.Status == journal.StatusOpen && !t.ReviewBy.IsZero() && !journal.DateOf(now.Local()).Before(t.ReviewBy) {
		r.due.SetText(tr("review.due"))
	} else {
		r.due.SetText("")
	}
	meta := []string{tr("review.written", map[string]any{"Date": fmtDay(t.CreatedAt)})}
	if !t.ReviewBy.IsZero() {
		meta = append(meta, tr("review.review_by", map[string]any{"Date": fmtDate(t.ReviewBy)}))
	}
	meta = append(meta, convictionText(t))
	r.meta.SetText(strings.Join(meta, " · "))
	r.tags.SetText(strings.Join(prefixAll("#", t.Tags), "  "))

	showText(r.trigger, labelled(tr("review.trigger"), shown(t.Trigger)))
	var rs []string
	for i, reason := range t.Reasons {
		rs = append(rs, numbered(i, shown(reason)))
	}
	r.reasons.SetText(labelled(tr("review.reasons"), strings.Join(rs, "\n")))
	r.expect.SetText(labelled(tr("review.expectation"), shown(t.Expectation)))
	r.wrongIf.SetText(labelled(tr("review.invalidation"), shown(t.Invalidation)))
	showText(r.levels, levelsText(t))
	showText(r.preMortem, preMortemText(t))
	r.renderLinks(t)
	r.revisions.SetText(shown(revisionLines(t)))

	r.strip.set(t, o, now)
	r.renderBudget(t, o)
	r.renderPositions(o)
	r.renderSnapshots(o)
	r.renderBenchmark(o)
	r.renderStale(o, now)
	r.u.status.updateQuotes()
	r.reviews.SetText(shown(reviewLines(t)))
	r.body.ParseMarkdown(shown(t.Body))
	r.renderChart()
}

// labelled writes "Label: text", or "" when text is empty.
func labelled(label, text string) string {
	if strings.TrimSpace(text) == "" {
		return ""
	}
	return label + " " + text
}

// numbered puts the reason's number before it, unless it starts with one already.
func numbered(i int, reason string) string {
	if r := []rune(reason); len(r) > 0 && r[0] >= '①' && r[0] <= '⑳' {
		return reason
	}
	return reasonNumber(i) + " " + reason
}

// reasonNumber writes ①–⑳ for the first twenty reasons, then "(21)".
func reasonNumber(i int) string {
	if i < 20 {
		return string(rune('①' + i))
	}
	return fmt.Sprintf("(%d)", i+1)
}

func (r *reviewView) renderBudget(t *journal.Thesis, o journal.Outcome) {
	if o.LossBudget == nil {
		r.budget.SetText(tr("review.no_budget"))
		r.gauge.set(-1)
		r.used.SetText("")
	} else {
		r.budget.SetText(tr("review.affordable", map[string]any{"Amount": o.LossBudget.Format()}))
		if o.LossUsed != nil {
			r.gauge.set(toFloat(*o.LossUsed))
			r.used.SetText(tr("review.used", map[string]any{"Pct": fmtShare(*o.LossUsed)}))
		} else {
			r.gauge.set(-1)
			r.used.SetText(tr("review.used_unknown"))
		}
	}
	r.worst.SetText("")
	r.breach.SetText("")
	r.breach.Importance = widget.MediumImportance
	if dd := o.Drawdown; dd != nil {
		switch {
		case !dd.Worst.Amount.IsNegative():
			r.worst.SetText(tr("review.never_lost"))
		case dd.WorstLossUsed != nil:
			r.worst.SetText(tr("review.worst_used", map[string]any{"Pct": fmtShare(*dd.WorstLossUsed), "Date": fmtDate(dd.WorstOn)}))
		default:
			r.worst.SetText(tr("review.worst_return", map[string]any{"Pct": fmtPct(dd.WorstReturn), "Date": fmtDate(dd.WorstOn)}))
		}
		if dd.BreachedOn != nil {
			r.breach.SetText(tr("review.breached_on", map[string]any{"Date": fmtDate(*dd.BreachedOn)}))
			r.breach.Importance = widget.DangerImportance
		} else if o.LossBudget != nil {
			r.breach.SetText(tr("review.never_breached"))
		}
	} else if o.LossUsed != nil && o.LossUsed.GreaterThanOrEqual(decOne) {
		r.breach.SetText(tr("review.breached_now"))
		r.breach.Importance = widget.DangerImportance
	}
	r.breach.Refresh()
}

// renderPositions lays out one row per position: side, holding and average cost, the
// price now, and the P&L in the instrument's currency and the base currency; under the
// table, each position's P&L in parts (realized, unrealized, dividends, fees and taxes),
// its return and share of the loss budget, and the same parts for all positions.
func (r *reviewView) renderPositions(o journal.Outcome) {
	var rows []fyne.CanvasObject
	if len(o.Positions) == 0 {
		rows = append(rows, wrapped(tr("review.no_positions")))
	} else {
		head := []string{tr("review.col.symbol"), tr("review.col.position"), tr("review.col.now"), tr("review.col.pnl"), tr("review.col.pnl_base", map[string]any{"Base": o.Base})}
		var cells []fyne.CanvasObject
		for i, h := range head {
			l := widget.NewLabel(h)
			l.TextStyle.Bold = true
			if i >= 2 {
				l.Alignment = fyne.TextAlignTrailing
			}
			cells = append(cells, l)
		}
		for _, p := range o.Positions {
			now := "–"
			if !p.Price.IsZero() {
				now = journal.FormatPrice(p.Symbol, p.Price)
				if p.Stale {
					now += " *"
				}
			}
			pnl := fmtSignedMoney(p.PnL)
			if p.Return != nil {
				pnl += " (" + fmtPct(*p.Return) + ")"
			}
			vals := []string{symbolName(p.Symbol, instrumentName(r.thesis, p.Symbol)), holdingText(p), now, pnl, fmtSignedMoney(p.PnLBase)}
			for i, v := range vals {
				l := widget.NewLabel(v)
				if i >= 2 {
					l.Alignment = fyne.TextAlignTrailing
				}
				if i >= 3 {
					l.Importance = signImportance(p.PnLBase, p.PnL)
				}
				cells = append(cells, l)
			}
		}
		rows = append(rows, container.New(tableLayout{cols: len(head), stretch: 1}, cells...))
	}
	r.positions.Objects = rows
	r.positions.Refresh()
	r.renderParts(o)
	switch {
	case o.PnLBase != nil:
		r.total.SetText(tr("review.total", map[string]any{"PnL": fmtSignedMoney(o.PnLBase), "Return": fmtPctPtr(o.Return)}))
		r.total.Importance = signImportance(o.PnLBase, nil)
	case o.AtRisk:
		r.total.SetText(tr("review.total_unknown"))
		r.total.Importance = widget.LowImportance
	default:
		r.total.SetText("")
	}
	r.total.Refresh()
}

// holdingText writes what a position holds: "long 10 @ $118.09", or "long · closed".
func holdingText(p journal.PositionOutcome) string {
	if p.Closed {
		return tr("review.closed_position", map[string]any{"Side": sideText(p.Side)})
	}
	avg := "–"
	if !p.AverageCost.IsZero() {
		avg = journal.FormatPrice(p.Symbol, chart.AverageCostPrice(p.AverageCost))
	}
	return tr("review.holding", map[string]any{"Side": sideText(p.Side), "Qty": fmtQuantity(p.Holding), "Avg": avg})
}

// fmtQuantity writes a number of shares with its thousands grouped and no trailing zeros.
func fmtQuantity(d decimal.Decimal) string {
	places := 0
	if _, frac, ok := strings.Cut(d.String(), "."); ok {
		places = len(frac)
	}
	return journal.FormatDecimal(d, int32(places))
}

// renderParts shows each long and short position's P&L in parts, with the splits its
// figures are adjusted for, and the parts added up over all of them.
func (r *reviewView) renderParts(o journal.Outcome) {
	var objs []fyne.CanvasObject
	var sums [4]decimal.Decimal
	known := [4]bool{true, true, true, true}
	count := 0
	var missingFX []string
	for _, p := range o.Positions {
		if p.Side == journal.SideWatch {
			continue
		}
		if p.Err != nil {
			l := wrapped(tr("review.ledger_error", map[string]any{"Reason": p.Symbol + " " + p.Err.Error()}))
			l.Importance = widget.DangerImportance
			objs = append(objs, l)
			known = [4]bool{}
			continue
		}
		count++
		parts := []*journal.Money{p.RealizedBase, p.UnrealizedBase, p.DividendsBase, p.FeesBase}
		if p.Closed && p.UnrealizedBase == nil && p.PnLBase != nil {
			parts[1] = &journal.Money{Currency: o.Base}
		}
		for i, m := range parts {
			if m == nil {
				known[i] = false
			} else {
				sums[i] = sums[i].Add(m.Amount)
			}
		}
		line := []fyne.CanvasObject{boldLabel(p.Symbol)}
		line = append(line, partLabels(parts)...)
		if p.ReturnBase != nil {
			l := widget.NewLabel(tr("review.return", map[string]any{"Pct": fmtPct(*p.ReturnBase)}))
			l.Importance = pctImportance(*p.ReturnBase)
			line = append(line, l)
		}
		if o.LossBudget != nil && p.PnLBase != nil && p.PnLBase.Amount.IsNegative() {
			share := p.PnLBase.Amount.Neg().Div(o.LossBudget.Amount)
			line = append(line, widget.NewLabel(tr("review.budget_share", map[string]any{"Pct": fmtShare(share)})))
		}
		for _, sp := range p.Ledger.Splits {
			l := widget.NewLabel(tr("review.split_adjusted", map[string]any{"Ratio": sp.Ratio, "Date": fmtDate(journal.DateOf(sp.At.UTC()))}))
			l.Importance = widget.LowImportance
			line = append(line, l)
		}
		for _, c := range p.Ledger.MissingFX {
			if !slices.Contains(missingFX, c) {
				missingFX = append(missingFX, c)
			}
		}
		objs = append(objs, container.New(&flowLayout{}, line...))
	}
	if count > 1 {
		line := []fyne.CanvasObject{boldLabel(tr("review.total_parts"))}
		var parts []*journal.Money
		for i := range sums {
			if known[i] {
				parts = append(parts, &journal.Money{Amount: sums[i], Currency: o.Base})
			} else {
				parts = append(parts, nil)
			}
		}
		objs = append(objs, container.New(&flowLayout{}, append(line, partLabels(parts)...)...))
	}
	if len(missingFX) > 0 {
		l := wrapped(tr("review.fill_fx_unknown", map[string]any{"Currencies": strings.Join(missingFX, ", "), "Base": o.Base}))
		l.Importance = widget.WarningImportance
		objs = append(objs, l)
	}
	r.parts.Objects = objs
	r.parts.Refresh()
}

// partLabels writes realized, unrealized, dividends (each coloured by its sign) and fees
// and taxes; an unknown part shows "–".
func partLabels(parts []*journal.Money) []fyne.CanvasObject {
	keys := []string{"review.realized", "review.unrealized", "review.dividends", "review.fees"}
	out := make([]fyne.CanvasObject, 0, len(parts))
	for i, m := range parts {
		text := fmtSignedMoney(m)
		if i == 3 {
			text = fmtMoney(m)
		}
		l := widget.NewLabel(tr(keys[i], map[string]any{"Amount": text}))
		if i < 3 {
			l.Importance = signImportance(m, nil)
			if m == nil {
				l.Importance = widget.LowImportance
			}
		}
		out = append(out, l)
	}
	return out
}

// boldLabel is a label in bold.
func boldLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle.Bold = true
	return l
}

// signImportance colours a P&L figure by its sign (moveImportance); an unknown figure is
// muted.
func signImportance(m, fallback *journal.Money) widget.Importance {
	if m == nil {
		m = fallback
	}
	if m == nil {
		return widget.LowImportance
	}
	return moneyImportance(*m)
}

// renderSnapshots shows each frozen price against the price now.
func (r *reviewView) renderSnapshots(o journal.Outcome) {
	var rows []fyne.CanvasObject
	for _, s := range o.Snapshots {
		line := tr("review.snapshot", map[string]any{
			"Symbol": symbolName(s.Snapshot.Symbol, s.Snapshot.Name), "Price": journal.FormatPrice(s.Snapshot.Symbol, s.Snapshot.Price),
			"Date": fmtDateTime(s.Snapshot.At), "Source": tr("source." + string(s.Snapshot.Source)),
		})
		if !s.Price.IsZero() {
			line += " → " + journal.FormatPrice(s.Snapshot.Symbol, s.Price)
			if s.Move != nil {
				line += " (" + fmtPct(*s.Move) + ")"
			}
		}
		l := widget.NewLabel(line)
		if s.Move != nil {
			l.Importance = pctImportance(*s.Move)
		}
		rows = append(rows, l)
	}
	if len(rows) == 0 {
		rows = append(rows, wrapped(tr("review.no_snapshots")))
	}
	r.snapshots.Objects = rows
	r.snapshots.Refresh()
}

func (r *reviewView) renderBenchmark(o journal.Outcome) {
	b := o.Benchmark
	if b == nil {
		r.benchLine.SetText(tr("review.benchmark_unknown", map[string]any{"Symbol": r.benchmark()}))
		return
	}
	line := tr("review.benchmark_line", map[string]any{
		"Symbol": b.Symbol, "Return": fmtPct(b.Return), "From": fmtDay(b.From), "To": fmtDay(b.To),
	})
	if b.Thesis != nil && b.Excess != nil {
		line += " · " + tr("review.benchmark_vs", map[string]any{"Thesis": fmtPct(*b.Thesis), "Excess": fmtPct(*b.Excess)})
	}
	r.benchLine.SetText(line)
}

// renderStale says which prices are old and how old (the same cached prices the status
// bar counts), and which are missing.
func (r *reviewView) renderStale(o journal.Outcome, now time.Time) {
	var parts []string
	for _, p := range cachedPrices([]*journal.Thesis{r.thesis}, r.u.market) {
		parts = append(parts, tr("review.stale_price", map[string]any{"Symbol": p.Symbol, "Age": fmtAge(now.Sub(p.At))}))
	}
	if len(o.Missing) > 0 {
		parts = append(parts, tr("review.missing", map[string]any{"Symbols": strings.Join(o.Missing, ", ")}))
	}
	if len(o.MissingFX) > 0 {
		parts = append(parts, tr("review.missing_fx", map[string]any{"Currencies": strings.Join(o.MissingFX, ", ")}))
	}
	r.stale.SetText(strings.Join(parts, "\n"))
}

// revisionLines lists the edits of the claim: "conviction 70 % → 55 % on Jun 2, 2025".
func revisionLines(t *journal.Thesis) string {
	if len(t.Revisions) == 0 {
		return ""
	}
	var lines []string
	for i, rev := range t.Revisions {
		next := journal.Revision{Title: t.Title, Expectation: t.Expectation, Invalidation: t.Invalidation,
			Conviction: t.Conviction, LossBudget: t.LossBudget}
		if i+1 < len(t.Revisions) {
			next = t.Revisions[i+1]
		}
		d := map[string]any{"Date": fmtDay(rev.At)}
		if rev.Conviction != next.Conviction {
			d["From"], d["To"] = rev.Conviction, next.Conviction
			lines = append(lines, tr("revision.conviction", d))
		}
		if rev.Title != next.Title {
			d["From"], d["To"] = rev.Title, next.Title
			lines = append(lines, tr("revision.title", d))
		}
		if rev.Expectation != next.Expectation {
			d["From"] = rev.Expectation
			lines = append(lines, tr("revision.expectation", d))
		}
		if rev.Invalidation != next.Invalidation {
			d["From"] = rev.Invalidation
			lines = append(lines, tr("revision.invalidation", d))
		}
		if rev.LossBudget.Currency != next.LossBudget.Currency || !rev.LossBudget.Amount.Equal(next.LossBudget.Amount) {
			d["From"], d["To"] = moneyOrNone(rev.LossBudget), moneyOrNone(next.LossBudget)
			lines = append(lines, tr("revision.loss_budget", d))
		}
		lines = append(lines, ledgerLines(t, i)...)
	}
	if len(lines) == 0 {
		return ""
	}
	return tr("review.revisions") + "\n" + strings.Join(lines, "\n")
}

// ledgerLines lists the fills and dividends revision i of t added, changed or removed:
// "Added fill: buy 10 NVDA @ $120.00 on Mar 2, 2026 (Mar 3, 2026)". An addition keeps
// only the id; its fill is the one t holds now, or the value a later revision kept when
// it changed or removed it.
func ledgerLines(t *journal.Thesis, i int) []string {
	rev := t.Revisions[i]
	when := fmtDay(rev.At)
	var lines []string
	for _, c := range rev.Ledger {
		d := map[string]any{"When": when}
		switch {
		case c.Fill != nil || (c.Dividend == nil && findFill(t, i, c.ID) != nil):
			now := findFill(t, i, c.ID)
			switch c.Change {
			case journal.LedgerAdded:
				d["Fill"] = fillRevisionText(c.Symbol, now)
				lines = append(lines, tr("revision.fill_added", d))
			case journal.LedgerChanged:
				d["Fill"], d["Before"] = fillRevisionText(c.Symbol, now), fillRevisionText(c.Symbol, c.Fill)
				lines = append(lines, tr("revision.fill_changed", d))
			case journal.LedgerRemoved:
				d["Fill"] = fillRevisionText(c.Symbol, c.Fill)
				lines = append(lines, tr("revision.fill_removed", d))
			}
		default:
			now := findDividend(t, i, c.ID)
			switch c.Change {
			case journal.LedgerAdded:
				d["Dividend"] = dividendRevisionText(c.Symbol, now)
				lines = append(lines, tr("revision.dividend_added", d))
			case journal.LedgerChanged:
				d["Dividend"], d["Before"] = dividendRevisionText(c.Symbol, now), dividendRevisionText(c.Symbol, c.Dividend)
				lines = append(lines, tr("revision.dividend_changed", d))
			case journal.LedgerRemoved:
				d["Dividend"] = dividendRevisionText(c.Symbol, c.Dividend)
				lines = append(lines, tr("revision.dividend_removed", d))
			}
		}
	}
	return lines
}

// findFill returns the fill with id as it was right after revision i of t: as a later
// revision kept it before changing or removing it, else as t holds it now; nil when
// there is none.
func findFill(t *journal.Thesis, i int, id string) *journal.Fill {
	for _, rev := range t.Revisions[i+1:] {
		for _, c := range rev.Ledger {
			if c.ID == id && c.Fill != nil {
				return c.Fill
			}
		}
	}
	for _, p := range t.Positions {
		for j := range p.Fills {
			if p.Fills[j].ID == id {
				return &p.Fills[j]
			}
		}
	}
	return nil
}

// findDividend is findFill for dividends.
func findDividend(t *journal.Thesis, i int, id string) *journal.Dividend {
	for _, rev := range t.Revisions[i+1:] {
		for _, c := range rev.Ledger {
			if c.ID == id && c.Dividend != nil {
				return c.Dividend
			}
		}
	}
	for _, p := range t.Positions {
		for j := range p.Dividends {
			if p.Dividends[j].ID == id {
				return &p.Dividends[j]
			}
		}
	}
	return nil
}

// fillRevisionText writes a fill for the history: "buy 10 NVDA @ $120.00 on Mar 2, 2026".
func fillRevisionText(symbol string, f *journal.Fill) string {
	if f == nil {
		return tr("revision.gone")
	}
	return tr("revision.fill", map[string]any{"Action": strings.ToLower(actionText(f.Action)), "Qty": fmtQuantity(f.Quantity),
		"Symbol": symbol, "Price": journal.FormatPrice(symbol, f.Price), "Date": fmtDay(f.At)})
}

// dividendRevisionText writes a dividend for the history.
func dividendRevisionText(symbol string, d *journal.Dividend) string {
	if d == nil {
		return tr("revision.gone")
	}
	amount := d.Amount.Format()
	if d.Amount.IsZero() {
		amount = tr("dividend.per_share_line", map[string]any{"Amount": d.PerShare.Format()})
	}
	return tr("revision.dividend", map[string]any{"Symbol": symbol, "Amount": amount, "Date": fmtDay(d.At)})
}

func moneyOrNone(m journal.Money) string {
	if m.IsZero() {
		return tr("revision.none")
	}
	return m.Format()
}

// reviewLines lists the reviews so far, newest first.
func reviewLines(t *journal.Thesis) string {
	if len(t.Reviews) == 0 {
		return tr("review.no_reviews")
	}
	var lines []string
	for i := len(t.Reviews) - 1; i >= 0; i-- {
		rv := t.Reviews[i]
		line := fmtDay(rv.At) + " — " + verdictText(rv.Verdict)
		if q := qualityText(rv); q != "" {
			line += " — " + q
		}
		if rv.Note != "" {
			line += " — " + rv.Note
		}
		var checks []string
		for _, c := range rv.Checks {
			word := tr("review.broke")
			if c.Held {
				word = tr("review.held")
			}
			checks = append(checks, reasonNumber(c.Reason)+" "+word)
		}
		if len(checks) > 0 {
			line += "\n    " + strings.Join(checks, "  ")
		}
		if rs := risksHappenedText(t, rv); rs != "" {
			line += "\n    " + rs
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
