package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"hindsight/journal"

	"github.com/shopspring/decimal"
)

func cmdShow(ctx context.Context, e *env, args []string) error {
	fs := e.flags("show")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("show needs exactly one thesis ID")
	}
	db, err := e.openForReading()
	if err != nil {
		return err
	}
	defer db.Close()
	t, err := db.Get(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, showOutput(t))
	}
	printClaim(e.stdout, t)
	return nil
}

// readJournal reads the journal's settings and every thesis, and closes it again, so no
// network call is made while the journal is held. It returns the journal's path too.
func (e *env) readJournal(ctx context.Context) (string, journal.Settings, []*journal.Thesis, error) {
	db, err := e.openForReading()
	if err != nil {
		return "", journal.Settings{}, nil, err
	}
	defer db.Close()
	s, err := db.Settings(ctx)
	if err != nil {
		return "", s, nil, err
	}
	if e.actions, err = db.CorporateActions(ctx); err != nil {
		return "", s, nil, err
	}
	all, _, err := db.List(ctx, journal.Filter{})
	return db.Path(), s, all, err
}

// printClaim prints the thesis as it was written, with its revisions and reviews.
func printClaim(w io.Writer, t *journal.Thesis) {
	fmt.Fprintf(w, "%s\n%s\n", t.Title, strings.Repeat("=", min(60, cellWidth(t.Title)+4)))
	fmt.Fprintf(w, "id %s · %s · written %s", t.ID, t.Status, localTime(t.CreatedAt))
	if !t.ReviewBy.IsZero() {
		fmt.Fprintf(w, " · review by %s", t.ReviewBy)
	}
	fmt.Fprintln(w)
	if len(t.Tags) > 0 {
		fmt.Fprintf(w, "tags: %s\n", strings.Join(t.Tags, ", "))
	}
	fmt.Fprintln(w)
	field := func(name, v string) {
		if v != "" {
			fmt.Fprintf(w, "%-13s %s\n", name+":", v)
		}
	}
	field("Trigger", t.Trigger)
	for i, r := range t.Reasons {
		fmt.Fprintf(w, "%-13s %s\n", fmt.Sprintf("Reason %d:", i+1), r)
	}
	field("Expectation", t.Expectation)
	field("Invalidation", t.Invalidation)
	for _, l := range t.Levels {
		on := ""
		if l.Close {
			on = " (on a close)"
		}
		fmt.Fprintf(w, "%-13s %s %s %s%s\n", "Level:", l.Symbol, l.When, journal.FormatPrice(l.Symbol, l.Price), on)
	}
	for i, r := range t.PreMortem {
		fmt.Fprintf(w, "%-13s %s\n", fmt.Sprintf("Risk %d:", i+1), r)
	}
	if t.BaseRate != nil {
		fmt.Fprintf(w, "%-13s %d%%\n", "Base rate:", *t.BaseRate)
	}
	for _, l := range t.Links {
		fmt.Fprintf(w, "%-13s %s %s\n", "Link:", strings.ReplaceAll(string(l.Kind), "_", " "), l.To)
	}
	fmt.Fprintf(w, "%-13s %d%%\n", "Conviction:", t.Conviction)
	if !t.LossBudget.IsZero() {
		fmt.Fprintf(w, "%-13s %s\n", "Loss budget:", t.LossBudget.Format())
	}
	if t.Body != "" {
		fmt.Fprintf(w, "\n%s\n", t.Body)
	}
	printLedger(w, t)
	if len(t.Revisions) > 0 {
		fmt.Fprintf(w, "\nRevisions (the claim as it stood before each edit):\n")
		for _, r := range t.Revisions {
			fmt.Fprintf(w, "  until %s: %q, conviction %d%%, expectation %q", localTime(r.At), r.Title, r.Conviction, r.Expectation)
			if !r.LossBudget.IsZero() {
				fmt.Fprintf(w, ", budget %s", r.LossBudget.Format())
			}
			fmt.Fprintln(w)
			for _, c := range r.Ledger {
				fmt.Fprintf(w, "      %s\n", ledgerChangeText(t, c))
			}
		}
	}
	if len(t.Reviews) > 0 {
		fmt.Fprintf(w, "\nReviews:\n")
		for _, r := range t.Reviews {
			fmt.Fprintf(w, "  %s  %-10s %s\n", localTime(r.At), r.Verdict, r.Note)
			if r.Quality > 0 {
				fmt.Fprintf(w, "      decision quality %d/5\n", r.Quality)
			}
			for _, i := range r.Risks {
				if i >= 0 && i < len(t.PreMortem) {
					fmt.Fprintf(w, "      risk %d happened: %s\n", i+1, t.PreMortem[i])
				}
			}
			for _, c := range r.Checks {
				state := "held"
				if !c.Held {
					state = "broke"
				}
				if c.Reason < len(t.Reasons) {
					fmt.Fprintf(w, "      reason %d %s: %s\n", c.Reason+1, state, t.Reasons[c.Reason])
				}
			}
		}
	}
}

func cmdReview(ctx context.Context, e *env, args []string) error {
	fs := e.flags("review")
	asJSON := fs.Bool("json", false, "print JSON")
	offline := fs.Bool("offline", false, "use only stored and cached prices")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("review needs exactly one thesis ID")
	}
	path, s, all, err := e.readJournal(ctx)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(all, func(t *journal.Thesis) bool { return t.ID == fs.Arg(0) })
	if i < 0 {
		return journal.Errorf(journal.ENOTFOUND, "thesis %s not found", fs.Arg(0))
	}
	t := all[i]
	m := e.market(ctx, path, all, []*journal.Thesis{t}, s, *offline)
	o := journal.Evaluate(t, s, m, e.now())
	if *asJSON {
		return writeJSON(e.stdout, reviewOutput(t, o))
	}
	printClaim(e.stdout, t)
	printOutcome(e.stdout, t, o)
	return nil
}

func pct(d *decimal.Decimal) string {
	if d == nil {
		return "n/a"
	}
	return d.Mul(decimal.NewFromInt(100)).StringFixed(1) + "%"
}

func signedPct(d *decimal.Decimal) string {
	if d == nil {
		return "n/a"
	}
	s := pct(d)
	if d.IsPositive() {
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

func signedMoney(m *journal.Money) string {
	if m == nil {
		return "n/a"
	}
	if m.Amount.IsPositive() {
		return "+" + m.Format()
	}
	return m.Format()
}

// printOutcome prints the review figures.
func printOutcome(w io.Writer, t *journal.Thesis, o journal.Outcome) {
	asOf := localTime(o.AsOf)
	if o.Stale {
		asOf += " (prices cached/offline)"
	}
	fmt.Fprintf(w, "\nOutcome as of %s, in %s\n", asOf, o.Base)
	if len(o.Positions) > 0 {
		fmt.Fprintln(w)
		tb := newTable("  ", false, false, true, true, true, true, true, true, true, true, true)
		tb.add("symbol", "side", "holding", "average", "now", "realized", "unrealized", "dividends", "fees+tax", "P&L "+o.Base, "return")
		for _, p := range o.Positions {
			now := "n/a"
			switch {
			case p.Closed:
				now = "closed"
			case !p.PriceMissing:
				now = journal.FormatPrice(p.Symbol, p.Price)
				if p.Stale {
					now += "*"
				}
			}
			avg := ""
			if !p.AverageCost.IsZero() {
				avg = positionOf(t, p.Symbol, p.Side).FormatAverage(p.AverageCost)
			}
			if p.Err != nil {
				tb.add(p.Symbol, string(p.Side), "", "", now, "", "", "", "", "error", "")
				continue
			}
			tb.add(p.Symbol, string(p.Side), p.Holding.String(), avg, now, signedMoney(p.RealizedBase),
				signedMoney(p.UnrealizedBase), signedMoney(p.DividendsBase), money(p.FeesBase), signedMoney(p.PnLBase), signedPct(p.ReturnBase))
		}
		tb.add("total", "", "", "", "", signedMoney(o.RealizedBase), signedMoney(o.UnrealizedBase),
			signedMoney(o.DividendsBase), money(o.FeesBase), signedMoney(o.PnLBase), signedPct(o.Return))
		tb.write(w)
		for _, p := range o.Positions {
			if p.Err != nil {
				fmt.Fprintf(w, "  %s: the fills cannot be counted: %s\n", p.Symbol, journal.ErrorMessage(p.Err))
			}
			for _, a := range p.Ledger.Splits {
				fmt.Fprintf(w, "  %s: adjusted for the %s split on %s\n", p.Symbol, a.Ratio, journal.DateOf(a.At.UTC()))
			}
		}
	}
	fmt.Fprintln(w)
	if o.LossBudget != nil {
		gauge := ""
		if o.LossUsed != nil {
			gauge = " " + bar(*o.LossUsed, 20)
		}
		fmt.Fprintf(w, "  Loss budget used:  %s of %s%s\n", pct(o.LossUsed), money(o.LossBudget), gauge)
	} else if !t.LossBudget.IsZero() {
		fmt.Fprintf(w, "  Loss budget used:  n/a (%s, no exchange rate to %s)\n", t.LossBudget.Format(), o.Base)
	} else {
		fmt.Fprintf(w, "  Loss budget used:  no loss budget set\n")
	}
	if d := o.Drawdown; d != nil {
		fmt.Fprintf(w, "  Worst drawdown:    %s (%s) on %s\n", d.Worst.Format(), signedPct(&d.WorstReturn), d.WorstOn)
		if d.BreachedOn != nil {
			fmt.Fprintf(w, "  Budget breached:   on %s\n", *d.BreachedOn)
		} else {
			fmt.Fprintf(w, "  Budget breached:   never\n")
		}
	}
	if b := o.Benchmark; b != nil {
		fmt.Fprintf(w, "  Versus %-10s  benchmark %s, thesis %s, excess %s (%s → %s)\n", b.Symbol+":",
			signedPct(&b.Return), signedPct(b.Thesis), signedPct(b.Excess), localDate(b.From), localDate(b.To))
	}
	if o.DaysHeld > 0 {
		fmt.Fprintf(w, "  Days held:         %d\n", o.DaysHeld)
	}
	if len(o.Snapshots) > 0 {
		fmt.Fprintf(w, "\n  Since the snapshots:\n")
		tb := newTable("    ", false, true, false, false, true, true)
		for _, s := range o.Snapshots {
			now := "n/a"
			if s.Move != nil {
				now = journal.FormatPrice(s.Snapshot.Symbol, s.Price)
			}
			tb.add(s.Snapshot.Symbol, journal.FormatPrice(s.Snapshot.Symbol, s.Snapshot.Price),
				fmt.Sprintf("at %s (%s)", localTime(s.Snapshot.At), s.Snapshot.Source), "→", now, signedPct(s.Move))
		}
		tb.write(w)
	}
	if len(o.Missing) > 0 {
		fmt.Fprintf(w, "\n  No price for: %s\n", strings.Join(o.Missing, ", "))
	}
	if len(o.MissingFX) > 0 {
		fmt.Fprintf(w, "  No exchange rate for: %s\n", strings.Join(o.MissingFX, ", "))
	}
}

// bar draws a text gauge of ratio r (1 = full) in n cells.
func bar(r decimal.Decimal, n int) string {
	filled := int(r.Mul(decimal.NewFromInt(int64(n))).Round(0).IntPart())
	filled = max(0, min(n, filled))
	s := "[" + strings.Repeat("#", filled) + strings.Repeat(".", n-filled) + "]"
	if r.GreaterThanOrEqual(decimal.NewFromInt(1)) {
		s += " BREACHED"
	}
	return s
}

func cmdSummary(ctx context.Context, e *env, args []string) error {
	fs := e.flags("summary")
	asJSON := fs.Bool("json", false, "print JSON")
	offline := fs.Bool("offline", false, "use only stored and cached prices")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("summary takes only options")
	}
	path, s, all, err := e.readJournal(ctx)
	if err != nil {
		return err
	}
	var open []*journal.Thesis
	for _, t := range all {
		if t.Status == journal.StatusOpen {
			open = append(open, t)
		}
	}
	m := e.market(ctx, path, all, open, s, *offline)
	sum := journal.Summarize(all, s, m, e.now())
	cal := journal.Calibrate(all)
	if *asJSON {
		return writeJSON(e.stdout, summaryOutput(sum, cal))
	}
	w := e.stdout
	asOf := localTime(sum.AsOf)
	if sum.Stale {
		asOf += " (prices cached/offline)"
	}
	fmt.Fprintf(w, "%d theses, as of %s, in %s\n", sum.Count, asOf, sum.Base)
	counts := newTable("  ", false, true)
	for _, st := range journal.Statuses {
		if n := sum.ByStatus[st]; n > 0 {
			counts.add(string(st), fmt.Sprint(n))
		}
	}
	counts.write(w)
	fmt.Fprintf(w, "\nTotal loss budget:       %s\n", money(sum.TotalBudget))
	fmt.Fprintf(w, "Put at risk (open):      %s (%s of total)\n", money(sum.Committed), pct(sum.CommittedRatio))
	fmt.Fprintf(w, "Actually lost (open):    %s (%s of total)\n", money(sum.Lost), pct(sum.LostRatio))
	fmt.Fprintf(w, "Lost this year:          %s (open and closed theses)\n", money(sum.LostThisYear))
	fmt.Fprintf(w, "Lost all time:           %s (open and closed theses)\n", money(sum.LostAllTime))
	if len(sum.Due) > 0 {
		fmt.Fprintf(w, "\nDue for review:\n")
		due := newTable("  ")
		for _, t := range sum.Due {
			due.add(t.ID, "review by "+t.ReviewBy.String(), truncateCells(t.Title, listTitleCells))
		}
		due.write(w)
	}
	if sum.Best != nil {
		fmt.Fprintln(w)
		ends := newTable("", false, true, true)
		for _, r := range []struct {
			name string
			res  *journal.ThesisResult
		}{{"Best:", sum.Best}, {"Worst:", sum.Worst}} {
			ends.add(r.name, signedPct(&r.res.Return), r.res.PnLBase.Format(), truncateCells(r.res.Title, listTitleCells))
		}
		ends.write(w)
	}
	fmt.Fprintf(w, "\nCalibration over %d theses with a verdict:", cal.Count)
	if cal.Count == 0 {
		fmt.Fprintln(w, " none yet")
		return nil
	}
	fmt.Fprintf(w, " Brier score %s (0 is perfect, 0.25 is a coin flip), hit rate %s\n", cal.Brier.StringFixed(3), pct(&cal.HitRate))
	rows := newTable("  ")
	for _, b := range cal.Buckets {
		if b.Count > 0 {
			rows.add(fmt.Sprintf("stated %3d–%3d%%:", b.Low, b.High), fmt.Sprintf("%2d theses, played out %6s", b.Count, pct(&b.HitRate)))
		}
	}
	for _, tg := range cal.Tags {
		rows.add("#"+tg.Tag, fmt.Sprintf("%2d theses, played out %6s, Brier %s", tg.Count, pct(&tg.HitRate), tg.Brier.StringFixed(3)))
	}
	rows.write(w)
	return nil
}

// printLedger prints each position's fills and dividends.
func printLedger(w io.Writer, t *journal.Thesis) {
	if len(t.Positions) == 0 {
		return
	}
	fmt.Fprintf(w, "\nPositions:\n")
	for _, p := range t.Positions {
		fmt.Fprintf(w, "  %s %s\n", p.Symbol, p.Side)
		tb := newTable("    ", false, false, false, true, true, true, true, false)
		for _, f := range p.Fills {
			fx := ""
			if f.FXToBase.IsPositive() {
				fx = "fx " + f.FXToBase.String()
			}
			extra := ""
			if !f.Fees.IsZero() || !f.Taxes.IsZero() {
				extra = "+" + feesText(f.Fees, f.Taxes)
			}
			tb.add(f.ID, localTime(f.At), string(f.Action), f.Quantity.String(), journal.FormatPrice(p.Symbol, f.Price), extra, fx, f.Source)
		}
		for _, d := range p.Dividends {
			amt := d.Amount.Format()
			if d.Amount.IsZero() {
				amt = d.PerShare.Format() + "/share"
			}
			wh := ""
			if !d.Withheld.IsZero() {
				wh = "-" + d.Withheld.Format()
			}
			tb.add(d.ID, localTime(d.At), "dividend", "", amt, wh, "", d.Source)
		}
		tb.write(w)
	}
}

func feesText(fees, taxes journal.Money) string {
	var parts []string
	if !fees.IsZero() {
		parts = append(parts, fees.Format()+" fees")
	}
	if !taxes.IsZero() {
		parts = append(parts, taxes.Format()+" taxes")
	}
	return strings.Join(parts, ", ")
}

// fillText describes a fill in one line: "buy 10 NVDA @ 120.00 USD on 2026-03-02".
func fillText(symbol string, f journal.Fill) string {
	s := fmt.Sprintf("%s %s %s @ %s on %s", f.Action, f.Quantity, symbol, journal.FormatPrice(symbol, f.Price), journal.DateOf(f.At.UTC()))
	if x := feesText(f.Fees, f.Taxes); x != "" {
		s += " (" + x + ")"
	}
	return s
}

// ledgerChangeText describes a change of a revision: what was added, changed or removed.
func ledgerChangeText(t *journal.Thesis, c journal.LedgerChange) string {
	switch {
	case c.Fill != nil:
		return fmt.Sprintf("%s fill %s: was %s", c.Change, c.ID, fillText(c.Symbol, *c.Fill))
	case c.Dividend != nil:
		return fmt.Sprintf("%s dividend %s: was %s on %s", c.Change, c.ID, c.Dividend.Amount.Format(), journal.DateOf(c.Dividend.At.UTC()))
	}
	for _, p := range t.Positions {
		for _, f := range p.Fills {
			if f.ID == c.ID {
				return fmt.Sprintf("%s fill %s: %s", c.Change, c.ID, fillText(p.Symbol, f))
			}
		}
	}
	return fmt.Sprintf("%s %s %s", c.Change, c.Symbol, c.ID)
}

// positionOf returns the thesis's position in symbol on side (the zero Position when
// there is none).
func positionOf(t *journal.Thesis, symbol string, side journal.Side) journal.Position {
	for _, p := range t.Positions {
		if p.Symbol == symbol && p.Side == side {
			return p
		}
	}
	return journal.Position{Symbol: symbol, Side: side}
}
