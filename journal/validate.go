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
)

// Normalize tidies a thesis before validation: trims the one-line fields, upper-cases
// symbols, lower-cases and de-duplicates tags, drops empty reasons and tags, puts times in
// UTC and defaults the status to open. Fields that cannot be normalised are left for
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
		p.EnteredAt = p.EnteredAt.UTC()
		if p.ExitedAt != nil {
			u := p.ExitedAt.UTC()
			p.ExitedAt = &u
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

// FillFX sets the FX rate of positions priced in the base currency to 1 where it is unset.
func (t *Thesis) FillFX(base string) {
	for i := range t.Positions {
		p := &t.Positions[i]
		if p.FXToBase.IsZero() && p.EntryPrice.Currency == base {
			p.FXToBase = decimal.NewFromInt(1)
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
	for i, p := range t.Positions {
		f := fmt.Sprintf("positions[%d].", i)
		checkSymbol(&v, f+"symbol", p.Symbol)
		if !p.Side.Valid() {
			v.add(f+"side", "must be long, short or watch (is %q)", p.Side)
		}
		if !p.Quantity.IsPositive() {
			v.add(f+"quantity", "must be greater than zero")
		}
		checkMoney(&v, f+"entry_price", p.EntryPrice, false)
		if !p.EntryPrice.Amount.IsPositive() {
			v.add(f+"entry_price", "must be greater than zero")
		}
		checkTime(&v, f+"entered_at", p.EnteredAt)
		if p.ExitPrice != nil {
			checkMoney(&v, f+"exit_price", *p.ExitPrice, false)
			if p.ExitPrice.Currency != p.EntryPrice.Currency {
				v.add(f+"exit_price", "must be in the entry price's currency %s", p.EntryPrice.Currency)
			}
			if p.ExitedAt == nil {
				v.add(f+"exited_at", "must be set when there is an exit price")
			}
		}
		if p.ExitedAt != nil {
			checkTime(&v, f+"exited_at", *p.ExitedAt)
		}
		if p.ExitedAt != nil && p.ExitedAt.Before(p.EnteredAt) {
			v.add(f+"exited_at", "must not be before entered_at")
		}
		if p.FXToBase.IsNegative() || (p.FXToBase.IsZero() && p.Side != SideWatch) {
			v.add(f+"fx_to_base", "must be greater than zero")
		}
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
	}
	for i, r := range t.Revisions {
		checkTime(&v, fmt.Sprintf("revisions[%d].at", i), r.At)
	}
	return v.err()
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
		!a.LossBudget.Amount.Equal(b.LossBudget.Amount)
}

// ApplyEdit prepares next, an edited copy of the stored thesis prev, for saving at now. It
// enforces what hindsight may not rewrite: the id and creation time stay, the snapshots,
// reviews and revisions already saved stay exactly as they were (new ones may be added at
// the end), and when a claim field (title, expectation, invalidation, conviction, loss
// budget) changed, the previous claim is appended to the revision history. A change to
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
	if claimChanged(prev, next) {
		next.Revisions = append(next.Revisions, Revision{
			At: now.UTC(), Title: prev.Title, Expectation: prev.Expectation,
			Invalidation: prev.Invalidation, Conviction: prev.Conviction, LossBudget: prev.LossBudget,
		})
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
