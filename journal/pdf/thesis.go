package pdf

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"hindsight/journal"
	"hindsight/journal/chart"

	"github.com/shopspring/decimal"
)

// Sizes of the thesis page, in points and millimetres.
const (
	textSize   = 10.0
	textLH     = 5.2
	labelWidth = 30.0
	chartH     = 68.0 // mm
	chartPxMM  = 5.0  // chart pixels per millimetre (127 dpi)
)

var hundred = decimal.NewFromInt(100)

func pct(d *decimal.Decimal) string {
	if d == nil {
		return "n/a"
	}
	return d.Mul(hundred).StringFixed(1) + "%"
}

// pct is the package's pct with an unknown figure in the document's language.
func (w *writer) pct(d *decimal.Decimal) string {
	if d == nil {
		return w.t("n/a")
	}
	return pct(d)
}

func (w *writer) signedPct(d *decimal.Decimal) string {
	s := w.pct(d)
	if d != nil && d.Mul(hundred).Round(1).IsPositive() {
		s = "+" + s
	}
	return s
}

func money(m *journal.Money) string {
	if m == nil {
		return "n/a"
	}
	return m.Format()
}

func (w *writer) signedMoney(m *journal.Money) string {
	if m == nil {
		return w.t("n/a")
	}
	s := money(m)
	if m != nil && m.Round().Amount.IsPositive() {
		s = "+" + s
	}
	return s
}

// priceNumber formats a price without its currency, at the precision FormatPrice uses,
// for a table that shows the currency in a column of its own.
func priceNumber(symbol string, m journal.Money) string {
	return journal.FormatDecimal(m.Amount, journal.PricePlaces(symbol, m))
}

// statusName and verdictName are the printed names, in the document's language.
func (w *writer) statusName(s journal.Status) string {
	switch s {
	case journal.StatusOpen:
		return w.t("Open")
	case journal.StatusPlayedOut:
		return w.t("Played out")
	case journal.StatusWrong:
		return w.t("Wrong")
	case journal.StatusMixed:
		return w.t("Mixed")
	case journal.StatusClosed:
		return w.t("Closed")
	}
	return string(s)
}

func (w *writer) verdictName(v journal.Verdict) string {
	switch v {
	case journal.VerdictPlayedOut:
		return w.t("Played out")
	case journal.VerdictWrong:
		return w.t("Wrong")
	case journal.VerdictMixed:
		return w.t("Mixed")
	case journal.VerdictTooEarly:
		return w.t("Too early")
	}
	return string(v)
}

func statusColor(s string) rgb {
	switch s {
	case string(journal.StatusPlayedOut):
		return green
	case string(journal.StatusWrong):
		return red
	case string(journal.StatusMixed):
		return amber
	case string(journal.StatusOpen):
		return accent
	}
	return muted
}

// circled returns ① … ⑳ for 1 … 20, and "(n)" beyond.
func circled(n int) string {
	if n >= 1 && n <= 20 {
		return string(rune(0x2460 + n - 1))
	}
	return fmt.Sprintf("(%d)", n)
}

// reasonMarker splits a reason written with its own number ("① …", "1. …", "(2) …")
// into that number and the text; otherwise it numbers the reason ①②③ by position.
func reasonMarker(reason string, i int) (marker, text string) {
	r, size := utf8.DecodeRuneInString(reason)
	if r >= 0x2460 && r <= 0x2473 || r >= 0x2776 && r <= 0x2793 {
		return string(r), strings.TrimSpace(reason[size:])
	}
	return circled(i + 1), reason
}

// chartSize returns the pixel size of the chart image drawn at the content width.
func (w *writer) chartSize() (int, int) {
	return int(w.contentWidth()*chartPxMM + 0.5), int(math.Round(chartH * chartPxMM))
}

// labelled draws a label in the left column and spans wrapped beside it.
func (w *writer) labelled(label string, spans []span) {
	lines := w.wrap(spans, textSize, w.contentWidth()-labelWidth)
	w.ensure(textLH)
	w.text(w.left, baseline(w.y, textLH, textSize), label, true, false, 8.5, muted)
	w.drawLines(lines, para{size: textSize, lh: textLH, color: ink, x: labelWidth})
	w.y += 1.2
}

// thesis draws one thesis from the top of a fresh page. o is its outcome; png is its
// chart (nil when there is none).
func (w *writer) thesis(t *journal.Thesis, o journal.Outcome, png []byte) error {
	// Title and the line of status and dates.
	w.paragraph(para{spans: []span{{text: t.Title, bold: true}}, size: 17, lh: 7.8, color: black})
	w.y += 1
	status := w.statusName(t.Status)
	meta := []span{{text: status, bold: true, color: ptr(statusColor(string(t.Status)))},
		{text: "   ·   " + w.tf("written %s", w.when(t.CreatedAt))}}
	if !t.ReviewBy.IsZero() {
		meta = append(meta, span{text: "   ·   " + w.tf("review by %s", w.date(t.ReviewBy))})
	}
	if r := t.LastReview(); r != nil {
		meta = append(meta, span{text: "   ·   " + w.tf("last review %s (%s)", w.day(r.At), strings.ToLower(w.verdictName(r.Verdict)))})
	} else {
		meta = append(meta, span{text: "   ·   " + w.t("not reviewed yet")})
	}
	w.paragraph(para{spans: meta, size: 9, lh: 4.8, color: muted})
	if len(t.Tags) > 0 {
		w.paragraph(para{spans: plain("#" + strings.Join(t.Tags, "  #")), size: 9, lh: 4.8, color: accent})
	}
	w.y += 2

	// The claim.
	w.sectionTitle(w.t("Claim"))
	if t.Trigger != "" {
		w.labelled(w.t("Trigger"), plain(t.Trigger))
	}
	for i, r := range t.Reasons {
		label := ""
		if i == 0 {
			label = w.t("Reasons")
		}
		marker, text := reasonMarker(r, i)
		lines := w.wrap(plain(text), textSize, w.contentWidth()-labelWidth-6)
		w.ensure(textLH)
		base := baseline(w.y, textLH, textSize)
		w.text(w.left, base, label, true, false, 8.5, muted)
		w.text(w.left+labelWidth, base, marker, true, false, textSize, accent)
		w.drawLines(lines, para{size: textSize, lh: textLH, color: ink, x: labelWidth + 6})
		w.y += 1.2
	}
	if t.Expectation != "" {
		w.labelled(w.t("Expectation"), plain(t.Expectation))
	}
	if t.Invalidation != "" {
		w.labelled(w.t("Invalidation"), plain(t.Invalidation))
	}
	conv := []span{{text: fmt.Sprintf("%d%%", t.Conviction), bold: true}}
	if first := t.StatedConviction(); first != t.Conviction {
		conv = append(conv, span{text: "  " + w.tf("(first stated %d%%)", first), color: &muted})
	}
	w.labelled(w.t("Conviction"), conv)
	if !t.LossBudget.IsZero() {
		w.labelled(w.t("Loss budget"), plain(t.LossBudget.Format()))
	}
	if t.Benchmark != "" {
		w.labelled(w.t("Benchmark"), plain(t.Benchmark))
	}

	if strings.TrimSpace(t.Body) != "" {
		w.sectionTitle(w.t("Write-up"))
		w.body(t.Body)
	}

	w.outcome(t, o, png)
	if err := w.f.Error(); err != nil {
		return err
	}
	w.reviews(t)
	w.revisions(t)
	return w.f.Error()
}

func ptr[T any](v T) *T { return &v }

// outcome draws the figures: snapshots, positions, loss budget, benchmark and chart.
func (w *writer) outcome(t *journal.Thesis, o journal.Outcome, png []byte) {
	w.sectionTitle(w.t("Outcome"))
	asOf := []span{{text: w.tf("Figures as of %s, in %s", w.when(o.AsOf), o.Base)}}
	if o.Stale {
		asOf = append(asOf, span{text: w.t(" · prices cached/offline"), bold: true, color: &amber})
	}
	for _, p := range o.Positions {
		if p.Stale && !p.Price.IsZero() {
			asOf = append(asOf, span{text: w.t(" (* marks a last cached price)")})
			break
		}
	}
	w.paragraph(para{spans: asOf, size: 8.5, lh: 4.6, color: muted})
	if len(o.Missing) > 0 {
		w.paragraph(para{spans: plain(w.tf("No price for %s", strings.Join(o.Missing, ", "))), size: 8.5, lh: 4.6, color: muted})
	}
	if len(o.MissingFX) > 0 {
		w.paragraph(para{spans: plain(w.tf("No exchange rate for %s", strings.Join(o.MissingFX, ", "))), size: 8.5, lh: 4.6, color: muted})
	}

	if len(o.Snapshots) > 0 {
		w.heading(w.t("Snapshots"), 10.5, 14)
		rows := make([][]cell, 0, len(o.Snapshots))
		for _, s := range o.Snapshots {
			now := w.t("n/a")
			if s.Move != nil {
				now = priceNumber(s.Snapshot.Symbol, s.Price)
			}
			rows = append(rows, []cell{
				{text: s.Snapshot.Symbol}, {text: priceNumber(s.Snapshot.Symbol, s.Snapshot.Price)},
				{text: s.Snapshot.Price.Currency}, {text: w.when(s.Snapshot.At)}, {text: w.t(string(s.Snapshot.Source))},
				{text: now}, {text: w.signedPct(s.Move), color: w.signColor(s.Move)},
			})
		}
		w.table([]column{
			{title: w.t("Symbol"), share: 16}, {title: w.t("Price"), share: 14, right: true}, {title: w.t("Currency"), share: 10},
			{title: w.t("Time"), share: 19}, {title: w.t("Source"), share: 10}, {title: w.t("Now"), share: 14, right: true},
			{title: w.t("Since"), share: 11, right: true},
		}, rows)
	}

	if len(o.Positions) > 0 {
		w.heading(w.t("Positions"), 10.5, 14)
		rows := make([][]cell, 0, len(o.Positions)+1)
		for _, p := range o.Positions {
			now := w.t("n/a")
			switch {
			case p.Closed:
				now = w.t("closed")
			case !p.Price.IsZero():
				now = journal.FormatPrice(p.Symbol, p.Price)
				if p.Stale {
					now += "*"
				}
			}
			avg := "-"
			if !p.AverageCost.IsZero() {
				avg = journal.FormatPrice(p.Symbol, chart.AverageCostPrice(p.AverageCost))
			}
			rows = append(rows, []cell{
				{text: p.Symbol}, {text: w.t(string(p.Side))}, {text: quantity(p.Holding)}, {text: avg},
				{text: now}, {text: w.signedMoney(p.PnL), color: w.moneyColor(p.PnL)},
				{text: w.signedMoney(p.PnLBase), color: w.moneyColor(p.PnLBase)},
				{text: w.signedPct(p.Return), color: w.signColor(p.Return)},
			})
		}
		if o.AtRisk {
			rows = append(rows, []cell{{text: w.t("Total"), bold: true}, {}, {}, {}, {}, {},
				{text: w.signedMoney(o.PnLBase), bold: true, color: w.moneyColor(o.PnLBase)},
				{text: w.signedPct(o.Return), bold: true, color: w.signColor(o.Return)}})
		}
		w.table([]column{
			{title: w.t("Symbol"), share: 15}, {title: w.t("Side"), share: 8}, {title: w.t("Holding"), share: 9, right: true},
			{title: w.t("Avg cost"), share: 13, right: true}, {title: w.t("Now"), share: 13, right: true},
			{title: w.t("P&L"), share: 15, right: true}, {title: w.tf("P&L %s", o.Base), share: 16, right: true},
			{title: w.t("Return"), share: 10, right: true},
		}, rows)
		if o.DaysHeld > 0 {
			w.paragraph(para{spans: plain(w.tf("Held %d days, %s to %s.", o.DaysHeld, w.day(o.HeldFrom), w.day(o.HeldTo))),
				size: 8.5, lh: 4.6, color: muted})
		}
		for i, p := range o.Positions {
			if i < len(t.Positions) {
				w.ledger(t.Positions[i], p, o.Base)
			}
		}
	}

	w.budget(t, o)

	w.heading(w.t("Benchmark"), 10.5, 14)
	if b := o.Benchmark; b != nil {
		w.paragraph(para{size: textSize, lh: textLH, color: ink, spans: []span{
			{text: w.tf("Versus %s, %s → %s: benchmark ", b.Symbol, w.day(b.From), w.day(b.To))},
			{text: w.signedPct(&b.Return), bold: true, color: w.signColor(&b.Return)},
			{text: w.t(", thesis ")}, {text: w.signedPct(b.Thesis), bold: true, color: w.signColor(b.Thesis)},
			{text: w.t(", excess ")}, {text: w.signedPct(b.Excess), bold: true, color: w.signColor(b.Excess)},
		}})
	} else {
		sym := t.Benchmark
		if sym == "" {
			sym = w.o.Settings.DefaultBenchmark()
		}
		w.paragraph(para{spans: plain(w.tf("No prices for the benchmark %s over the holding period.", sym)), size: textSize, lh: textLH, color: muted})
	}

	if png != nil {
		w.heading(w.t("Price since the thesis"), 10.5, chartH+1)
		if err := w.image(png, chartH); err != nil {
			w.f.SetError(err)
			return
		}
		w.y += 1
	} else {
		w.heading(w.t("Price since the thesis"), 10.5, textLH)
		w.paragraph(para{spans: plain(w.t("No prices to chart.")), size: textSize, lh: textLH, color: muted})
	}
}

// ledger draws a position's money in the base currency (realized, unrealized,
// dividends, fees and taxes, P&L), the splits it is adjusted for and its fills.
func (w *writer) ledger(pos journal.Position, p journal.PositionOutcome, base string) {
	if len(pos.Fills) == 0 && len(pos.Dividends) == 0 {
		return
	}
	w.heading(w.tf("%s · %s", p.Symbol, w.t(string(p.Side))), 9.5, 12)
	if p.Err != nil {
		w.paragraph(para{spans: plain(p.Err.Error()), size: 8.5, lh: 4.6, color: red})
	}
	if p.Side != journal.SideWatch && p.Err == nil {
		figure := func(label string, m *journal.Money, signed bool) []span {
			v := []span{{text: label + " "}}
			if signed {
				return append(v, span{text: w.signedMoney(m), bold: true, color: w.moneyColor(m)}, span{text: "   "})
			}
			return append(v, span{text: w.money(m), bold: true}, span{text: "   "})
		}
		var spans []span
		spans = append(spans, figure(w.t("Realized"), p.RealizedBase, true)...)
		spans = append(spans, figure(w.t("Unrealized"), p.UnrealizedBase, true)...)
		spans = append(spans, figure(w.t("Dividends"), p.DividendsBase, true)...)
		spans = append(spans, figure(w.t("Fees and taxes"), p.FeesBase, false)...)
		spans = append(spans, figure(w.tf("P&L %s", base), p.PnLBase, true)...)
		w.paragraph(para{spans: spans, size: 8.5, lh: 4.6, color: ink})
	}
	for _, sp := range p.Ledger.Splits {
		w.paragraph(para{spans: plain(w.tf("Adjusted for the %s split on %s.", sp.Ratio, w.day(sp.At))), size: 8.5, lh: 4.6, color: muted})
	}
	if len(p.Ledger.MissingFX) > 0 {
		w.paragraph(para{spans: plain(w.tf("No exchange rate for %s", strings.Join(p.Ledger.MissingFX, ", "))), size: 8.5, lh: 4.6, color: muted})
	}
	if len(pos.Fills) > 0 {
		fills := slices.Clone(pos.Fills)
		slices.SortStableFunc(fills, func(a, b journal.Fill) int { return a.At.Compare(b.At) })
		rows := make([][]cell, 0, len(fills))
		for _, f := range fills {
			extra := "-"
			if !f.Fees.IsZero() || !f.Taxes.IsZero() {
				extra = feesAndTaxes(f)
			}
			rows = append(rows, []cell{{text: w.day(f.At)}, {text: w.t(string(f.Action))},
				{text: quantity(f.Quantity)}, {text: journal.FormatPrice(p.Symbol, f.Price)}, {text: extra}})
		}
		w.table([]column{
			{title: w.t("Date"), share: 22}, {title: w.t("Buy/sell"), share: 12}, {title: w.t("Qty"), share: 14, right: true},
			{title: w.t("Price"), share: 22, right: true}, {title: w.t("Fees and taxes"), share: 30, right: true},
		}, rows)
	}
	if len(pos.Dividends) > 0 {
		rows := make([][]cell, 0, len(pos.Dividends))
		for _, d := range pos.Dividends {
			amount := d.Amount.Format()
			if d.Amount.IsZero() {
				amount = w.tf("%s a share", d.PerShare.Format())
			}
			withheld := "-"
			if !d.Withheld.IsZero() {
				withheld = d.Withheld.Format()
			}
			rows = append(rows, []cell{{text: w.day(d.At)}, {text: amount}, {text: withheld}})
		}
		w.table([]column{
			{title: w.t("Dividend paid"), share: 22}, {title: w.t("Amount"), share: 48, right: true},
			{title: w.t("Withheld"), share: 30, right: true},
		}, rows)
	}
}

// quantity writes a number of shares with its thousands grouped and no trailing zeros.
func quantity(d decimal.Decimal) string {
	places := 0
	if _, frac, ok := strings.Cut(d.String(), "."); ok {
		places = len(frac)
	}
	return journal.FormatDecimal(d, int32(places))
}

// feesAndTaxes writes a fill's fees plus taxes: one amount when they share a currency.
func feesAndTaxes(f journal.Fill) string {
	switch {
	case f.Taxes.IsZero():
		return f.Fees.Format()
	case f.Fees.IsZero():
		return f.Taxes.Format()
	case f.Fees.Currency == f.Taxes.Currency:
		return journal.Money{Amount: f.Fees.Amount.Add(f.Taxes.Amount), Currency: f.Fees.Currency}.Format()
	}
	return f.Fees.Format() + " + " + f.Taxes.Format()
}

// money writes an amount, or "n/a" in the document's language when it is unknown.
func (w *writer) money(m *journal.Money) string {
	if m == nil {
		return w.t("n/a")
	}
	return m.Format()
}

// budget draws the loss budget block, kept on one page.
func (w *writer) budget(t *journal.Thesis, o journal.Outcome) {
	type row struct {
		label string
		spans []span
	}
	var rows []row
	var gauge *decimal.Decimal
	if o.LossBudget != nil {
		b := money(o.LossBudget)
		if t.LossBudget.Currency != o.Base {
			b = t.LossBudget.Format() + " (" + b + ")"
		}
		rows = append(rows, row{w.t("Budget"), plain(b)})
		used := []span{{text: w.pct(o.LossUsed), bold: true}}
		if o.LossUsed == nil {
			used = []span{{text: w.t("n/a"), bold: true}, {text: w.t(" (no P&L: a price or rate is missing)"), color: &muted}}
		} else if o.PnLBase != nil {
			used = append(used, span{text: "  (" + w.signedMoney(o.PnLBase) + ")", color: &muted})
			gauge = o.LossUsed
		}
		rows = append(rows, row{w.t("Used now"), used})
	} else if !t.LossBudget.IsZero() {
		rows = append(rows, row{w.t("Budget"), plain(w.tf("%s (no exchange rate to %s)", t.LossBudget.Format(), o.Base))})
	} else {
		rows = append(rows, row{w.t("Budget"), []span{{text: w.t("none set"), color: &muted}}})
	}
	if d := o.Drawdown; d != nil {
		dd := []span{{text: w.signedMoney(&d.Worst), bold: true, color: w.moneyColor(&d.Worst)},
			{text: w.tf(" (%s) on %s", w.signedPct(&d.WorstReturn), w.date(d.WorstOn))}}
		if d.WorstLossUsed != nil {
			dd = append(dd, span{text: w.tf(", %s of the budget", w.pct(d.WorstLossUsed)), color: &muted})
		}
		rows = append(rows, row{w.t("Worst drawdown"), dd})
		if o.LossBudget != nil {
			if d.BreachedOn != nil {
				rows = append(rows, row{w.t("Breached on"), []span{{text: w.date(*d.BreachedOn), bold: true, color: &red}}})
			} else {
				rows = append(rows, row{w.t("Breached on"), []span{{text: w.t("never"), bold: true, color: &green}}})
			}
		}
	} else if o.AtRisk {
		rows = append(rows, row{w.t("Worst drawdown"), []span{{text: w.t("unknown (no price history)"), color: &muted}}})
	}

	const pad, lh = 3.0, 5.4
	inner := w.contentWidth() - 2*pad
	laid := make([][]line, len(rows))
	h := 2 * pad
	for i, r := range rows {
		laid[i] = w.wrap(r.spans, textSize, inner-labelWidth)
		h += float64(len(laid[i])) * lh
	}
	if gauge != nil {
		h += 5
	}
	w.heading(w.t("Loss budget"), 10.5, h)
	w.fillColor(panel)
	w.f.Rect(w.left, w.y, w.contentWidth(), h, "F")
	top := w.y
	w.y += pad
	for i, r := range rows {
		w.text(w.left+pad, baseline(w.y, lh, textSize), r.label, true, false, 8.5, muted)
		for _, ln := range laid[i] {
			w.drawLine(ln, para{size: textSize, lh: lh, color: ink, x: pad + labelWidth}, w.y)
			w.y += lh
		}
	}
	if gauge != nil {
		x, gw := w.left+pad+labelWidth, inner-labelWidth
		used := min(1, max(0, gauge.InexactFloat64()))
		w.fillColor(rule)
		w.f.Rect(x, w.y+1, gw, 2.6, "F")
		fill := green
		switch {
		case used >= 1:
			fill = red
		case used >= 0.5:
			fill = amber
		}
		w.fillColor(fill)
		if used > 0 {
			w.f.Rect(x, w.y+1, gw*used, 2.6, "F")
		}
	}
	w.y = top + h + 1
}

// reviews draws the reviews, oldest first.
func (w *writer) reviews(t *journal.Thesis) {
	w.sectionTitle(w.t("Reviews"))
	if len(t.Reviews) == 0 {
		w.paragraph(para{spans: plain(w.t("Not reviewed yet.")), size: textSize, lh: textLH, color: muted})
		return
	}
	const indent = 6.0
	for _, r := range t.Reviews {
		w.ensure(textLH * 2)
		c := statusColor(string(r.Verdict))
		w.fillColor(c)
		w.f.Circle(w.left+1.8, w.y+textLH/2, 1.3, "F")
		w.paragraph(para{x: indent, size: textSize, lh: textLH, color: ink, spans: []span{
			{text: w.when(r.At), bold: true}, {text: "   "}, {text: w.verdictName(r.Verdict), bold: true, color: &c},
		}})
		for _, p := range strings.Split(strings.TrimSpace(r.Note), "\n\n") {
			if strings.TrimSpace(p) != "" {
				w.paragraph(para{x: indent, spans: plain(p), size: textSize, lh: textLH, color: ink})
			}
		}
		if len(r.Checks) > 0 {
			var spans []span
			for i, ch := range r.Checks {
				if i > 0 {
					spans = append(spans, span{text: "  ·  "})
				}
				marker := circled(ch.Reason + 1)
				if ch.Reason < len(t.Reasons) {
					marker, _ = reasonMarker(t.Reasons[ch.Reason], ch.Reason)
				}
				if ch.Held {
					spans = append(spans, span{text: marker + " " + w.t("held"), color: &green})
				} else {
					spans = append(spans, span{text: marker + " " + w.t("broke"), color: &red})
				}
			}
			w.paragraph(para{x: indent, spans: append([]span{{text: w.t("Reasons: "), color: &muted}}, spans...), size: 9, lh: 4.8, color: ink})
		}
		if len(r.Prices) > 0 {
			parts := make([]string, len(r.Prices))
			for i, p := range r.Prices {
				parts[i] = p.Symbol + " " + journal.FormatPrice(p.Symbol, p.Price)
			}
			w.paragraph(para{x: indent, spans: plain(w.tf("Prices seen: %s", strings.Join(parts, " · "))), size: 8.5, lh: 4.6, color: muted})
		}
		w.y += 2.5
	}
}

// revisions draws what the claim said when: each revision, then the claim as it is now.
func (w *writer) revisions(t *journal.Thesis) {
	w.sectionTitle(w.t("Revisions of the claim"))
	if len(t.Revisions) == 0 {
		w.paragraph(para{spans: plain(w.t("The claim has not been edited since it was written.")), size: textSize, lh: textLH, color: muted})
		return
	}
	budget := func(m journal.Money) string {
		if m.IsZero() {
			return "-"
		}
		return m.Format()
	}
	rows := make([][]cell, 0, len(t.Revisions)+1)
	from := t.CreatedAt
	for _, r := range t.Revisions {
		rows = append(rows, []cell{{text: w.day(from) + " – " + w.day(r.At)}, {text: r.Title}, {text: r.Expectation},
			{text: r.Invalidation}, {text: fmt.Sprintf("%d%%", r.Conviction)}, {text: budget(r.LossBudget)}})
		from = r.At
	}
	rows = append(rows, []cell{{text: w.tf("%s – now", w.day(from)), bold: true}, {text: t.Title}, {text: t.Expectation},
		{text: t.Invalidation}, {text: fmt.Sprintf("%d%%", t.Conviction)}, {text: budget(t.LossBudget)}})
	w.table([]column{
		{title: w.t("Believed"), share: 17}, {title: w.t("Title"), share: 24}, {title: w.t("Expectation"), share: 22},
		{title: w.t("Invalidation"), share: 20}, {title: w.t("Conv."), share: 7, right: true}, {title: w.t("Budget"), share: 12, right: true},
	}, rows)
}
