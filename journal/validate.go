package journal

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Limits enforced by Validate.
const (
	MaxTitle  = 200     // characters
	MaxBody   = 1 << 20 // bytes
	MaxText   = 10_000  // characters, for trigger, reasons, expectation, invalidation, notes
	MaxTag    = 40      // characters
	MaxTags   = 50
	MaxReason = 100 // reasons per thesis
	MaxName   = 200 // characters, for an instrument's name in a snapshot
	// MaxPreMortem is the most pre-mortem risks a thesis may list.
	MaxPreMortem = 20
	// MaxLevels is the most invalidation levels a thesis may hold.
	MaxLevels = 50
	// MaxLinks is the most links a thesis may hold.
	MaxLinks = 100
	// MaxAlertThresholds is the most loss budget thresholds the settings may set.
	MaxAlertThresholds = 10
)

// Normalize tidies a thesis before validation: trims the one-line fields, upper-cases
// symbols, lower-cases and de-duplicates tags, drops empty reasons, pre-mortem risks and
// tags, trims levels' directions and links, puts times in UTC and defaults the status to open. Fields that cannot be normalised are left for
// Validate to report.
func (t *Thesis) Normalize() {
	t.Title = strings.TrimSpace(t.Title)
	t.Trigger = strings.TrimSpace(t.Trigger)
	t.Expectation = strings.TrimSpace(t.Expectation)
	t.Invalidation = strings.TrimSpace(t.Invalidation)
	t.Benchmark = strings.ToUpper(strings.TrimSpace(t.Benchmark))
	reasons := t.Reasons[:0:0]
	for _, r := range t.Reasons {
		if r = strings.TrimSpace(r); r != "" {
			reasons = append(reasons, r)
		}
	}
	t.Reasons = reasons
	if t.PreMortem != nil {
		risks := t.PreMortem[:0:0]
		for _, r := range t.PreMortem {
			if r = strings.TrimSpace(r); r != "" {
				risks = append(risks, r)
			}
		}
		t.PreMortem = risks
	}
	for i := range t.Levels {
		l := &t.Levels[i]
		l.Symbol = strings.ToUpper(strings.TrimSpace(l.Symbol))
		l.When = LevelWhen(strings.ToLower(strings.TrimSpace(string(l.When))))
	}
	for i := range t.Links {
		l := &t.Links[i]
		l.Kind = LinkKind(strings.ToLower(strings.TrimSpace(string(l.Kind))))
		l.To = strings.TrimSpace(l.To)
	}
	var tags []string
	for _, tag := range t.Tags {
		tag = strings.ToLower(strings.TrimSpace(strings.TrimLeftFunc(tag, func(r rune) bool { return r == '#' || unicode.IsSpace(r) })))
		if tag != "" && !slices.Contains(tags, tag) {
			tags = append(tags, tag)
		}
	}
	t.Tags = tags
	if t.Status == "" {
		t.Status = StatusOpen
	}
	t.CreatedAt = t.CreatedAt.UTC()
	if !t.UpdatedAt.IsZero() {
		t.UpdatedAt = t.UpdatedAt.UTC()
	}
	for i := range t.Positions {
		p := &t.Positions[i]
		p.Symbol = strings.ToUpper(strings.TrimSpace(p.Symbol))
		for j := range p.Fills {
			f := &p.Fills[j]
			f.At = f.At.UTC()
			f.Note = strings.TrimSpace(f.Note)
			if f.ID == "" {
				f.ID = NewLedgerID()
			}
			if f.Source == "" {
				f.Source = FillManual
			}
		}
		for j := range p.Dividends {
			d := &p.Dividends[j]
			d.At = d.At.UTC()
			d.Note = strings.TrimSpace(d.Note)
			if d.ID == "" {
				d.ID = NewLedgerID()
			}
			if d.Source == "" {
				d.Source = FillManual
			}
		}
	}
	for i := range t.Snapshots {
		s := &t.Snapshots[i]
		s.Symbol = strings.ToUpper(strings.TrimSpace(s.Symbol))
		s.At = s.At.UTC()
	}
	for i := range t.Reviews {
		r := &t.Reviews[i]
		r.At = r.At.UTC()
		for j := range r.Prices {
			r.Prices[j].Symbol = strings.ToUpper(strings.TrimSpace(r.Prices[j].Symbol))
			r.Prices[j].At = r.Prices[j].At.UTC()
		}
	}
	for i := range t.Revisions {
		t.Revisions[i].At = t.Revisions[i].At.UTC()
	}
}

// FillFX sets the FX rate of fills and dividends in the base currency to 1 where it is
// unset.
func (t *Thesis) FillFX(base string) {
	for i := range t.Positions {
		p := &t.Positions[i]
		for j := range p.Fills {
			if f := &p.Fills[j]; f.FXToBase.IsZero() && f.Price.Currency == base {
				f.FXToBase = decimal.NewFromInt(1)
			}
		}
		for j := range p.Dividends {
			if d := &p.Dividends[j]; d.FXToBase.IsZero() && d.currency() == base {
				d.FXToBase = decimal.NewFromInt(1)
			}
		}
	}
}

// Validate checks every rule and returns a *ValidationError naming each broken field, or nil.
func (t *Thesis) Validate() error {
	var v ValidationError
	if t.ID != "" && !ValidID(t.ID) {
		v.add("id", "must be 1-64 letters, digits, '-' or '_'")
	}
	switch n := utf8.RuneCountInString(t.Title); {
	case strings.TrimSpace(t.Title) == "":
		v.add("title", "must not be empty")
	case n > MaxTitle:
		v.add("title", "must be at most %d characters (has %d)", MaxTitle, n)
	default:
		checkChars(&v, "title", t.Title, false)
	}
	if len(t.Body) > MaxBody {
		v.add("body", "must be at most 1 MiB (has %d bytes)", len(t.Body))
	} else {
		checkChars(&v, "body", t.Body, true)
	}
	checkText(&v, "trigger", t.Trigger, false)
	checkText(&v, "expectation", t.Expectation, true)
	checkText(&v, "invalidation", t.Invalidation, true)
	if len(t.Reasons) > MaxReason {
		v.add("reasons", "must be at most %d", MaxReason)
	}
	for i, r := range t.Reasons {
		checkText(&v, fmt.Sprintf("reasons[%d]", i), r, false)
	}
	if t.Conviction < 0 || t.Conviction > 100 {
		v.add("conviction", "must be between 0 and 100 (is %d)", t.Conviction)
	}
	if len(t.PreMortem) > MaxPreMortem {
		v.add("pre_mortem", "must be at most %d", MaxPreMortem)
	}
	for i, r := range t.PreMortem {
		checkText(&v, fmt.Sprintf("pre_mortem[%d]", i), r, false)
	}
	if t.BaseRate != nil && (*t.BaseRate < 0 || *t.BaseRate > 100) {
		v.add("base_rate", "must be between 0 and 100 (is %d)", *t.BaseRate)
	}
	checkLevels(&v, t.Levels)
	checkLinks(&v, t.ID, t.Links)
	if len(t.Tags) > MaxTags {
		v.add("tags", "must be at most %d", MaxTags)
	}
	for i, tag := range t.Tags {
		if n := utf8.RuneCountInString(tag); n == 0 || n > MaxTag || strings.ContainsAny(tag, ",\n\t") {
			v.add(fmt.Sprintf("tags[%d]", i), "must be 1-%d characters without commas", MaxTag)
		} else {
			checkChars(&v, fmt.Sprintf("tags[%d]", i), tag, false)
		}
	}
	if !t.Status.Valid() {
		v.add("status", "must be one of open, played_out, wrong, mixed, closed (is %q)", t.Status)
	}
	checkTime(&v, "created_at", t.CreatedAt)
	if !t.ReviewBy.IsZero() {
		checkYear(&v, "review_by", t.ReviewBy)
	}
	if !t.ReviewBy.IsZero() && !t.CreatedAt.IsZero() && t.ReviewBy.Before(DateOf(t.CreatedAt)) {
		v.add("review_by", "must not be before the thesis was written (%s)", DateOf(t.CreatedAt))
	}
	if t.Benchmark != "" {
		if _, err := ParseSymbol(t.Benchmark); err != nil {
			v.add("benchmark", "%s", ErrorMessage(err))
		}
	}
	checkMoney(&v, "loss_budget", t.LossBudget, true)
	if len(t.Positions) > 0 && (t.LossBudget.IsZero() || !t.LossBudget.Amount.IsPositive()) && hasRisk(t.Positions) {
		v.add("loss_budget", "must be greater than zero when the thesis has positions")
	} else if t.LossBudget.Amount.IsNegative() {
		v.add("loss_budget", "must not be negative") // a loss budget is an amount one can lose: never below zero
	}
	fillIDs := map[string]ledgerAt{}
	for i, p := range t.Positions {
		f := fmt.Sprintf("positions[%d].", i)
		checkSymbol(&v, f+"symbol", p.Symbol)
		if !p.Side.Valid() {
			v.add(f+"side", "must be long, short or watch (is %q)", p.Side)
		}
		checkLedger(&v, i, p, fillIDs)
	}
	for i, s := range t.Snapshots {
		checkSnapshot(&v, fmt.Sprintf("snapshots[%d].", i), s)
	}
	for i, r := range t.Reviews {
		f := fmt.Sprintf("reviews[%d].", i)
		checkTime(&v, f+"at", r.At)
		if !r.Verdict.Valid() {
			v.add(f+"verdict", "must be played_out, wrong, mixed or too_early (is %q)", r.Verdict)
		}
		checkText(&v, f+"note", r.Note, true)
		for j, c := range r.Checks {
			if c.Reason < 0 || c.Reason >= len(t.Reasons) {
				v.add(fmt.Sprintf("%schecks[%d].reason", f, j), "must name one of the %d reasons", len(t.Reasons))
			}
		}
		for j, p := range r.Prices {
			checkSnapshot(&v, fmt.Sprintf("%sprices[%d].", f, j), p)
		}
		if r.Quality < 0 || r.Quality > MaxQuality {
			v.add(f+"decision_quality", "must be between 1 and %d, or 0 when not graded (is %d)", MaxQuality, r.Quality)
		}
		for j, k := range r.Risks {
			field := fmt.Sprintf("%srisks_happened[%d]", f, j)
			if k < 0 || k >= len(t.PreMortem) {
				v.add(field, "must name one of the %d pre-mortem risks", len(t.PreMortem))
			} else if slices.Contains(r.Risks[:j], k) {
				v.add(field, "names risk %d twice", k)
			}
		}
	}
	for i, r := range t.Revisions {
		checkTime(&v, fmt.Sprintf("revisions[%d].at", i), r.At)
		if r.BaseRate != nil && (*r.BaseRate < 0 || *r.BaseRate > 100) {
			v.add(fmt.Sprintf("revisions[%d].base_rate", i), "must be between 0 and 100 (is %d)", *r.BaseRate)
		}
	}
	return v.err()
}

// checkLevels checks invalidation levels: a valid symbol, below or above, a price above
// zero in a known currency, each level once.
func checkLevels(v *ValidationError, levels []Level) {
	if len(levels) > MaxLevels {
		v.add("levels", "must be at most %d", MaxLevels)
	}
	for i, l := range levels {
		f := fmt.Sprintf("levels[%d].", i)
		checkSymbol(v, f+"symbol", l.Symbol)
		if !l.When.Valid() {
			v.add(f+"when", "must be below or above (is %q)", l.When)
		}
		checkMoney(v, f+"price", l.Price, false)
		if !l.Price.Amount.IsPositive() {
			v.add(f+"price", "must be greater than zero")
		}
		for j := range i {
			if sameLevel(levels[j], l) {
				v.add(f[:len(f)-1], "repeats levels[%d]", j)
				break
			}
		}
	}
}

// sameLevel reports whether two levels watch the same thing.
func sameLevel(a, b Level) bool {
	return a.Symbol == b.Symbol && a.When == b.When && a.Close == b.Close && sameMoney(a.Price, b.Price)
}

// checkLinks checks a thesis's links: a known kind, a valid id other than the thesis's
// own, each link once.
func checkLinks(v *ValidationError, id string, links []Link) {
	if len(links) > MaxLinks {
		v.add("links", "must be at most %d", MaxLinks)
	}
	for i, l := range links {
		f := fmt.Sprintf("links[%d].", i)
		if !l.Kind.Valid() {
			v.add(f+"kind", "must be follows_up, contradicts or replaces (is %q)", l.Kind)
		}
		switch {
		case !ValidID(l.To):
			v.add(f+"to", "must be a thesis id: 1-64 letters, digits, '-' or '_'")
		case id != "" && l.To == id:
			v.add(f+"to", "must not be the thesis itself")
		case slices.Contains(links[:i], l):
			v.add(f[:len(f)-1], "repeats links[%d]", slices.Index(links[:i], l))
		}
	}
}

func hasRisk(ps []Position) bool {
	for _, p := range ps {
		if p.Side != SideWatch {
			return true
		}
	}
	return false
}

// checkText checks a text field's length and characters; a multi-line field may hold
// line breaks and tabs.
func checkText(v *ValidationError, field, s string, multiLine bool) {
	if n := utf8.RuneCountInString(s); n > MaxText {
		v.add(field, "must be at most %d characters (has %d)", MaxText, n)
		return
	}
	checkChars(v, field, s, multiLine)
}

// checkChars refuses text that is not valid UTF-8 or holds a control character (C0,
// DEL or C1: escape sequences, bells, NUL). Only a multi-line field (body, expectation,
// invalidation, review notes) may hold line breaks (\n, \r) and tabs.
func checkChars(v *ValidationError, field, s string, multiLine bool) {
	if !utf8.ValidString(s) {
		v.add(field, "must be valid UTF-8")
		return
	}
	for _, r := range s {
		if !unicode.IsControl(r) {
			continue
		}
		if !multiLine {
			v.add(field, "must not hold control characters (%U)", r)
			return
		}
		if r != '\n' && r != '\r' && r != '\t' {
			v.add(field, "must not hold control characters other than line breaks and tabs (%U)", r)
			return
		}
	}
}

// checkTime checks that t is set and falls in the years MinYear to MaxYear (in UTC).
func checkTime(v *ValidationError, field string, t time.Time) {
	if t.IsZero() {
		v.add(field, "must be set")
		return
	}
	checkYear(v, field, DateOf(t.UTC()))
}

func checkYear(v *ValidationError, field string, d Date) {
	switch {
	case d.Year < MinYear:
		v.add(field, "must not be before %d (is %s)", MinYear, d)
	case d.Year > MaxYear:
		v.add(field, "must not be after %d (is %s)", MaxYear, d)
	}
}

func checkSymbol(v *ValidationError, field, s string) {
	if _, err := ParseSymbol(s); err != nil {
		v.add(field, "%s", ErrorMessage(err))
	}
}

func checkMoney(v *ValidationError, field string, m Money, optional bool) {
	if optional && m.IsZero() {
		return
	}
	if !m.Valid() {
		if m.Currency == "" {
			v.add(field, "currency must be set")
		} else {
			v.add(field, "unknown currency %q", m.Currency)
		}
	}
}

func checkSnapshot(v *ValidationError, f string, s Snapshot) {
	checkSymbol(v, f+"symbol", s.Symbol)
	checkMoney(v, f+"price", s.Price, false)
	if s.Price.Amount.IsNegative() {
		v.add(f+"price", "must not be negative")
	}
	checkTime(v, f+"at", s.At)
	if !s.Source.Valid() {
		v.add(f+"source", "must be yahoo, manual or cache (is %q)", s.Source)
	}
	if n := utf8.RuneCountInString(s.Name); n > MaxName {
		v.add(f+"name", "must be at most %d characters (has %d)", MaxName, n)
	}
}

// claimChanged reports whether the claim fields differ between a and b.
func claimChanged(a, b *Thesis) bool {
	return a.Title != b.Title || a.Expectation != b.Expectation || a.Invalidation != b.Invalidation ||
		a.Conviction != b.Conviction || a.LossBudget.Currency != b.LossBudget.Currency ||
		!a.LossBudget.Amount.Equal(b.LossBudget.Amount) ||
		!slices.Equal(a.PreMortem, b.PreMortem) || !sameIntPtr(a.BaseRate, b.BaseRate)
}

// sameIntPtr reports whether a and b are both nil or point at equal values.
func sameIntPtr(a, b *int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// cloneIntPtr returns a new pointer to *p's value, or nil.
func cloneIntPtr(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// claimOf returns t's claim fields as a revision dated at.
func claimOf(t *Thesis, at time.Time) Revision {
	return Revision{
		At: at, Title: t.Title, Expectation: t.Expectation, Invalidation: t.Invalidation,
		Conviction: t.Conviction, LossBudget: t.LossBudget,
		PreMortem: slices.Clone(t.PreMortem), BaseRate: cloneIntPtr(t.BaseRate),
	}
}

// ApplyEdit prepares next, an edited copy of the stored thesis prev, for saving at now. It
// enforces what hindsight may not rewrite: the id and creation time stay, the snapshots,
// reviews and revisions already saved stay exactly as they were (new ones may be added at
// the end), and when a claim field (title, expectation, invalidation, conviction, loss
// budget, pre-mortem, base rate) or the ledger (fills and dividends, see LedgerDiff) changed, the previous claim
// and the ledger's changes are appended to the revision history. A change to
// anything immutable is an ECONFLICT error.
func ApplyEdit(prev, next *Thesis, now time.Time) error {
	if next.ID != prev.ID {
		return Errorf(ECONFLICT, "thesis %s: id cannot change", prev.ID)
	}
	if next.CreatedAt.IsZero() {
		next.CreatedAt = prev.CreatedAt
	}
	if !next.CreatedAt.Equal(prev.CreatedAt) {
		return Errorf(ECONFLICT, "thesis %s: created_at cannot change", prev.ID)
	}
	if err := keepsPrefix("snapshots", prev.ID, prev.Snapshots, next.Snapshots); err != nil {
		return err
	}
	if err := keepsPrefix("reviews", prev.ID, prev.Reviews, next.Reviews); err != nil {
		return err
	}
	if len(next.Revisions) == 0 && len(prev.Revisions) > 0 {
		next.Revisions = slices.Clone(prev.Revisions)
	}
	if err := keepsPrefix("revisions", prev.ID, prev.Revisions, next.Revisions); err != nil {
		return err
	}
	ledger := LedgerDiff(prev, next)
	if claimChanged(prev, next) || len(ledger) > 0 {
		r := claimOf(prev, now.UTC())
		r.Ledger = ledger
		next.Revisions = append(next.Revisions, r)
	}
	next.UpdatedAt = now.UTC()
	return nil
}

func keepsPrefix[T any](what, id string, prev, next []T) error {
	if len(next) < len(prev) {
		return Errorf(ECONFLICT, "thesis %s: saved %s cannot be removed", id, what)
	}
	for i := range prev {
		if !sameJSON(prev[i], next[i]) {
			return Errorf(ECONFLICT, "thesis %s: saved %s cannot be rewritten (%s[%d])", id, what, what, i)
		}
	}
	return nil
}

// MaxFills is the most fills and dividends one position may hold.
const MaxFills = 100_000

// checkLedger checks a position's fills and dividends; ids maps each id seen in the
// thesis to the field that holds it.
func checkLedger(v *ValidationError, pos int, p Position, ids map[string]ledgerAt) {
	f := fmt.Sprintf("positions[%d].", pos)
	if len(p.Fills) == 0 && p.Side != SideWatch && p.Side.Valid() {
		v.add(f+"fills", "must hold at least one fill for a %s position", p.Side)
	}
	if len(p.Fills)+len(p.Dividends) > MaxFills {
		v.add(f+"fills", "must hold at most %d fills and dividends", MaxFills)
		return
	}
	id := func(at ledgerAt, id string) {
		field := at.String() + ".id"
		if !ValidID(id) {
			v.add(field, "must be 1-64 letters, digits, '-' or '_'")
		} else if other, dup := ids[id]; dup {
			v.add(field, "%q is also the id of %s", id, other)
		} else {
			ids[id] = at
		}
	}
	source := func(field, s, ref string) {
		if !validSource(s) {
			v.add(field, "must be manual, migrated or import:<format> (is %q)", s)
		}
		if len(ref) > 256 {
			v.add(strings.TrimSuffix(field, "source")+"ref", "must be at most 256 bytes")
		}
	}
	extra := func(field string, m Money) {
		checkMoney(v, field, m, true)
		if m.Amount.IsNegative() {
			v.add(field, "must not be negative")
		}
	}
	cur := p.Currency()
	for j, fl := range p.Fills {
		at := ledgerAt{pos: pos, idx: j}
		if fillLooksValid(fl, cur) {
			// Most fills are sound: the field names are only spelt out for a problem.
			if _, dup := ids[fl.ID]; !dup {
				ids[fl.ID] = at
				continue
			}
		}
		g := at.String() + "."
		id(at, fl.ID)
		checkTime(v, g+"at", fl.At)
		if !fl.Action.Valid() {
			v.add(g+"action", "must be buy or sell (is %q)", fl.Action)
		}
		if !fl.Quantity.IsPositive() {
			v.add(g+"quantity", "must be greater than zero")
		}
		checkMoney(v, g+"price", fl.Price, false)
		if !fl.Price.Amount.IsPositive() {
			v.add(g+"price", "must be greater than zero")
		} else if fl.Price.Currency != cur {
			v.add(g+"price", "must be in %s like the position's first fill (is %s)", cur, fl.Price.Currency)
		}
		extra(g+"fees", fl.Fees)
		extra(g+"taxes", fl.Taxes)
		if fl.FXToBase.IsNegative() {
			v.add(g+"fx_to_base", "must not be negative")
		}
		checkText(v, g+"note", fl.Note, false)
		source(g+"source", fl.Source, fl.Ref)
	}
	for j, d := range p.Dividends {
		at := ledgerAt{pos: pos, idx: j, dividend: true}
		g := at.String() + "."
		id(at, d.ID)
		checkTime(v, g+"at", d.At)
		switch {
		case d.PerShare.IsZero() == d.Amount.IsZero():
			v.add(g+"amount", "set either amount or per_share")
		case !d.Amount.IsZero():
			checkMoney(v, g+"amount", d.Amount, false)
			if !d.Amount.Amount.IsPositive() {
				v.add(g+"amount", "must be greater than zero")
			}
		default:
			checkMoney(v, g+"per_share", d.PerShare, false)
			if !d.PerShare.Amount.IsPositive() {
				v.add(g+"per_share", "must be greater than zero")
			}
		}
		extra(g+"withheld", d.Withheld)
		if d.FXToBase.IsNegative() {
			v.add(g+"fx_to_base", "must not be negative")
		}
		checkText(v, g+"note", d.Note, false)
		source(g+"source", d.Source, d.Ref)
	}
}

// ValidateLedger checks that the fills of every long and short position can be counted
// with the journal's corporate actions: nothing is sold (or covered) before it is held,
// and never more than is held. The error names the fill, e.g.
// "positions[0].fills[3]: sells 20 on 2026-03-02 but only 10 are held then".
func (t *Thesis) ValidateLedger(actions []CorporateAction) error {
	var v ValidationError
	for i, p := range t.Positions {
		if p.Side == SideWatch || !p.Side.Valid() {
			continue
		}
		if le := checkHoldings(p, actions); le != nil {
			v.add(fmt.Sprintf("positions[%d].fills[%d]", i, le.Fill), "%s", le.Msg)
		}
	}
	return v.err()
}

// LedgerDiff returns the fills and dividends added, changed or removed from prev to next,
// matched by id: removals and changes first in prev's order, then additions in next's.
func LedgerDiff(prev, next *Thesis) []LedgerChange {
	type fillAt struct {
		sym string
		f   Fill
	}
	type divAt struct {
		sym string
		d   Dividend
	}
	oldF, oldD := map[string]fillAt{}, map[string]divAt{}
	for _, p := range prev.Positions {
		for _, f := range p.Fills {
			oldF[f.ID] = fillAt{p.Symbol, f}
		}
		for _, d := range p.Dividends {
			oldD[d.ID] = divAt{p.Symbol, d}
		}
	}
	newF, newD := map[string]bool{}, map[string]bool{}
	var changed, added []LedgerChange
	for _, p := range next.Positions {
		for _, f := range p.Fills {
			newF[f.ID] = true
			o, ok := oldF[f.ID]
			switch {
			case !ok:
				added = append(added, LedgerChange{Symbol: p.Symbol, Change: LedgerAdded, ID: f.ID})
			case o.sym != p.Symbol || !sameFill(o.f, f):
				before := o.f
				changed = append(changed, LedgerChange{Symbol: o.sym, Change: LedgerChanged, ID: f.ID, Fill: &before})
			}
		}
		for _, d := range p.Dividends {
			newD[d.ID] = true
			o, ok := oldD[d.ID]
			switch {
			case !ok:
				added = append(added, LedgerChange{Symbol: p.Symbol, Change: LedgerAdded, ID: d.ID})
			case o.sym != p.Symbol || !sameDividend(o.d, d):
				before := o.d
				changed = append(changed, LedgerChange{Symbol: o.sym, Change: LedgerChanged, ID: d.ID, Dividend: &before})
			}
		}
	}
	var removed []LedgerChange
	for _, p := range prev.Positions {
		for _, f := range p.Fills {
			if !newF[f.ID] {
				before := f
				removed = append(removed, LedgerChange{Symbol: p.Symbol, Change: LedgerRemoved, ID: f.ID, Fill: &before})
			}
		}
		for _, d := range p.Dividends {
			if !newD[d.ID] {
				before := d
				removed = append(removed, LedgerChange{Symbol: p.Symbol, Change: LedgerRemoved, ID: d.ID, Dividend: &before})
			}
		}
	}
	return append(append(removed, changed...), added...)
}

func sameMoney(a, b Money) bool { return a.Currency == b.Currency && a.Amount.Equal(b.Amount) }

// sameFill reports whether two fills record the same: a compares field by field, as
// their stored form would (decimals by value, times to the instant).
func sameFill(a, b Fill) bool {
	return a.ID == b.ID && a.At.Equal(b.At) && a.Action == b.Action && a.Quantity.Equal(b.Quantity) &&
		sameMoney(a.Price, b.Price) && sameMoney(a.Fees, b.Fees) && sameMoney(a.Taxes, b.Taxes) &&
		a.FXToBase.Equal(b.FXToBase) && a.Note == b.Note && a.Source == b.Source && a.Ref == b.Ref
}

// sameDividend is sameFill for dividends.
func sameDividend(a, b Dividend) bool {
	return a.ID == b.ID && a.At.Equal(b.At) && sameMoney(a.PerShare, b.PerShare) && sameMoney(a.Amount, b.Amount) &&
		sameMoney(a.Withheld, b.Withheld) && a.FXToBase.Equal(b.FXToBase) && a.Note == b.Note &&
		a.Source == b.Source && a.Ref == b.Ref
}

// ledgerAt names a fill or dividend of a thesis by its place.
type ledgerAt struct {
	pos, idx int
	dividend bool
}

// String returns "positions[0].fills[3]" or "positions[0].dividends[1]".
func (a ledgerAt) String() string {
	if a.dividend {
		return fmt.Sprintf("positions[%d].dividends[%d]", a.pos, a.idx)
	}
	return fmt.Sprintf("positions[%d].fills[%d]", a.pos, a.idx)
}

// validSource reports whether s is a fill's or dividend's source.
func validSource(s string) bool {
	return s == FillManual || s == FillMigrated || strings.HasPrefix(s, "import:") && len(s) > len("import:") && len(s) <= 64
}

// fillLooksValid reports, without building any message, whether fl passes every check
// checkLedger makes of a fill alone (its id's uniqueness aside).
func fillLooksValid(fl Fill, cur string) bool {
	okTime := !fl.At.IsZero()
	if okTime {
		y := fl.At.UTC().Year()
		okTime = y >= MinYear && y <= MaxYear
	}
	extraOK := func(m Money) bool { return m.IsZero() || m.Valid() && !m.Amount.IsNegative() }
	return ValidID(fl.ID) && okTime && fl.Action.Valid() && fl.Quantity.IsPositive() &&
		fl.Price.Valid() && fl.Price.Amount.IsPositive() && fl.Price.Currency == cur &&
		extraOK(fl.Fees) && extraOK(fl.Taxes) && !fl.FXToBase.IsNegative() && fl.Note == "" &&
		validSource(fl.Source) && len(fl.Ref) <= 256
}
