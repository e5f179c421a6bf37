// Package journal is Hindsight's domain: theses, positions, snapshots, reviews, money,
// validation and the outcome math. It depends on the standard library and
// shopspring/decimal only; storage, quotes and the UI live in other packages.
package journal

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Status is where a thesis stands.
type Status string

// Thesis statuses.
const (
	StatusOpen      Status = "open"
	StatusPlayedOut Status = "played_out"
	StatusWrong     Status = "wrong"
	StatusMixed     Status = "mixed"
	StatusClosed    Status = "closed"
)

// Statuses lists every status in display order.
var Statuses = []Status{StatusOpen, StatusPlayedOut, StatusWrong, StatusMixed, StatusClosed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Side is the direction of a position.
type Side string

// Position sides. A watch position carries no money at risk.
const (
	SideLong  Side = "long"
	SideShort Side = "short"
	SideWatch Side = "watch"
)

// Valid reports whether s is a known side.
func (s Side) Valid() bool { return s == SideLong || s == SideShort || s == SideWatch }

// Source says where a snapshot price came from.
type Source string

// Snapshot sources.
const (
	SourceYahoo  Source = "yahoo"
	SourceManual Source = "manual"
	SourceCache  Source = "cache"
)

// Valid reports whether s is a known source.
func (s Source) Valid() bool { return s == SourceYahoo || s == SourceManual || s == SourceCache }

// Verdict is the outcome recorded in a review.
type Verdict string

// Review verdicts.
const (
	VerdictPlayedOut Verdict = "played_out"
	VerdictWrong     Verdict = "wrong"
	VerdictMixed     Verdict = "mixed"
	VerdictTooEarly  Verdict = "too_early"
)

// Valid reports whether v is a known verdict.
func (v Verdict) Valid() bool {
	return v == VerdictPlayedOut || v == VerdictWrong || v == VerdictMixed || v == VerdictTooEarly
}

// Thesis is one written-down investment idea with everything that happened to it since.
type Thesis struct {
	// ID is time-ordered; NewID makes one.
	ID string `json:"id"`
	// Title is a one-line claim, 1–200 characters.
	Title string `json:"title"`
	// Body is free text (Markdown allowed), at most 1 MiB.
	Body string `json:"body"`
	// Trigger is the event that prompted the thesis.
	Trigger string `json:"trigger"`
	// Reasons are the arguments, in the order written.
	Reasons []string `json:"reasons"`
	// Expectation is the falsifiable claim.
	Expectation string `json:"expectation"`
	// Invalidation is what would prove the thesis wrong.
	Invalidation string `json:"invalidation"`
	// Conviction is the stated probability, 0–100 %.
	Conviction int `json:"conviction"`
	// PreMortem are the risks written when answering "It is the review date and this
	// failed. Why?", in the order written; reviews name the ones that happened by index.
	PreMortem []string `json:"pre_mortem,omitempty"`
	// BaseRate is the answer to "How often does a call like this work?", in percent
	// (0–100); nil when not given.
	BaseRate *int `json:"base_rate,omitempty"`
	// Levels are invalidation price levels ("NVDA closes below 90 USD") the alert rules
	// watch.
	Levels []Level `json:"levels,omitempty"`
	// Links relate the thesis to other theses of the journal (see Backlinks for the
	// other direction).
	Links []Link `json:"links,omitempty"`
	// Tags are lower-case labels.
	Tags []string `json:"tags"`
	// Status is where the thesis stands.
	Status Status `json:"status"`
	// CreatedAt is when the thesis was written (UTC).
	CreatedAt time.Time `json:"created_at"`
	// UpdatedAt is when it was last saved (UTC).
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	// ReviewBy is the date by which the investor means to look again.
	ReviewBy Date `json:"review_by,omitzero"`
	// LossBudget is how much the investor says they can afford to lose on this thesis.
	LossBudget Money `json:"loss_budget,omitzero"`
	// Benchmark is the symbol to compare against ("" means the journal's default).
	Benchmark string `json:"benchmark,omitempty"`
	// Positions are the trades made on the thesis.
	Positions []Position `json:"positions"`
	// Snapshots are prices recorded with the thesis; never rewritten.
	Snapshots []Snapshot `json:"snapshots"`
	// Reviews are the later looks back, oldest first.
	Reviews []Review `json:"reviews"`
	// Revisions keep the claim fields as they were before each edit, oldest first.
	Revisions []Revision `json:"revisions"`
}

// Position is what the investor did in one symbol on a thesis: its fills (each buy and
// sell) and the dividends it received. A long position opens with buys, a short one with
// a sell; a watch position follows a symbol with no money at risk, and its fills (when
// any) only mark reference prices.
type Position struct {
	Symbol string `json:"symbol"`
	Side   Side   `json:"side"`
	// Fills are the executions, in the order entered; the math orders them by time.
	Fills []Fill `json:"fills"`
	// Dividends are the cash dividends received.
	Dividends []Dividend `json:"dividends,omitempty"`
}

// Currency returns the currency of the position's prices (that of its first fill), or "".
func (p Position) Currency() string {
	if len(p.Fills) == 0 {
		return ""
	}
	return p.Fills[0].Price.Currency
}

// FirstFill returns the earliest fill, and false when there is none.
func (p Position) FirstFill() (Fill, bool) {
	if len(p.Fills) == 0 {
		return Fill{}, false
	}
	first := p.Fills[0]
	for _, f := range p.Fills[1:] {
		if f.At.Before(first.At) {
			first = f
		}
	}
	return first, true
}

// Snapshot is a price recorded at a moment; once saved with a thesis it never changes.
type Snapshot struct {
	Symbol string    `json:"symbol"`
	Price  Money     `json:"price"`
	At     time.Time `json:"at"`
	Source Source    `json:"source"`
	// Name is the instrument's name as the source gave it ("삼성전자"), or empty.
	Name string `json:"name,omitempty"`
}

// ReasonCheck records whether a reason held, by its index in Thesis.Reasons.
type ReasonCheck struct {
	Reason int  `json:"reason"`
	Held   bool `json:"held"`
}

// Review is a later look at how the thesis played out.
type Review struct {
	At      time.Time     `json:"at"`
	Verdict Verdict       `json:"verdict"`
	Note    string        `json:"note"`
	Checks  []ReasonCheck `json:"checks,omitempty"`
	// Prices are the prices seen when the review was written.
	Prices []Snapshot `json:"prices,omitempty"`
	// Quality grades the decision apart from its outcome, 1–5: "Given what I knew, was
	// the reasoning and sizing sound?" (5 sound, 1 not at all); 0 means not graded.
	Quality int `json:"decision_quality,omitempty"`
	// Risks are the indexes in Thesis.PreMortem of the risks that happened.
	Risks []int `json:"risks_happened,omitempty"`
}

// MaxQuality is the highest decision quality a review may give.
const MaxQuality = 5

// LevelWhen says on which side of a level a price invalidates the thesis.
type LevelWhen string

// Level directions.
const (
	LevelBelow LevelWhen = "below"
	LevelAbove LevelWhen = "above"
)

// Valid reports whether w is below or above.
func (w LevelWhen) Valid() bool { return w == LevelBelow || w == LevelAbove }

// Level is an invalidation price level: the thesis is in trouble when Symbol trades (or,
// with Close, closes a day) at or below Price (When below) or at or above it (When above).
type Level struct {
	// Symbol is the instrument watched.
	Symbol string `json:"symbol"`
	// When is below or above.
	When LevelWhen `json:"when"`
	// Price is the level, in the instrument's currency.
	Price Money `json:"price"`
	// Close is true when the level is judged on daily closes, false for any price.
	Close bool `json:"close"`
}

// Key returns the level as an alert rule key, e.g. "level:NVDA:below:90"; with Close the
// key ends in ":close".
func (l Level) Key() string {
	k := "level:" + l.Symbol + ":" + string(l.When) + ":" + l.Price.Amount.String()
	if l.Close {
		k += ":close"
	}
	return k
}

// LinkKind is how one thesis relates to another.
type LinkKind string

// Link kinds, read "this thesis <kind> the linked one".
const (
	LinkFollowsUp   LinkKind = "follows_up"
	LinkContradicts LinkKind = "contradicts"
	LinkReplaces    LinkKind = "replaces"
)

// Valid reports whether k is a known link kind.
func (k LinkKind) Valid() bool {
	return k == LinkFollowsUp || k == LinkContradicts || k == LinkReplaces
}

// Link points from a thesis to another one of the journal.
type Link struct {
	// Kind is how the thesis relates to the other.
	Kind LinkKind `json:"kind"`
	// To is the other thesis's id.
	To string `json:"to"`
}

// Backlink is a link seen from the thesis it points at.
type Backlink struct {
	// From is the id of the thesis holding the link.
	From string
	// Kind is the link's kind, read "From <kind> this thesis".
	Kind LinkKind
}

// Backlinks returns, for each thesis id that links point at, the links pointing at it, in
// the order of theses and of their links, so that a link can be shown from both ends. A
// link to an id not among theses is listed too.
func Backlinks(theses []*Thesis) map[string][]Backlink {
	out := map[string][]Backlink{}
	for _, t := range theses {
		if t == nil {
			continue
		}
		for _, l := range t.Links {
			out[l.To] = append(out[l.To], Backlink{From: t.ID, Kind: l.Kind})
		}
	}
	return out
}

// Revision holds the claim fields as they stood until At, when they were edited.
type Revision struct {
	At           time.Time `json:"at"`
	Title        string    `json:"title"`
	Expectation  string    `json:"expectation"`
	Invalidation string    `json:"invalidation"`
	Conviction   int       `json:"conviction"`
	LossBudget   Money     `json:"loss_budget,omitzero"`
	// PreMortem and BaseRate are the thesis's pre-mortem risks and base rate as they were.
	PreMortem []string `json:"pre_mortem,omitempty"`
	BaseRate  *int     `json:"base_rate,omitempty"`
	// Ledger lists the fills and dividends the edit added, changed or removed.
	Ledger []LedgerChange `json:"ledger,omitempty"`
}

// Ledger change kinds.
const (
	LedgerAdded   = "added"
	LedgerChanged = "changed"
	LedgerRemoved = "removed"
)

// LedgerChange is one fill or dividend an edit added, changed or removed. For an added
// one only its id is kept (it is in the position); for a changed or removed one, its
// value before the edit. Removals are kept this way so that copies of a thesis edited on
// different devices can be merged as sets by id.
type LedgerChange struct {
	// Symbol is the position's symbol.
	Symbol string `json:"symbol"`
	// Change is added, changed or removed.
	Change string `json:"change"`
	// ID is the fill's or dividend's id.
	ID string `json:"id"`
	// Fill or Dividend is the value before the edit (nil for an addition).
	Fill     *Fill     `json:"fill,omitempty"`
	Dividend *Dividend `json:"dividend,omitempty"`
}

// Settings are the journal-wide choices stored in the journal itself.
type Settings struct {
	// BaseCurrency is the investor's own currency, the one P&L is summed in.
	BaseCurrency string `json:"base_currency"`
	// TotalLossBudget is what the investor can afford to lose across all open theses.
	TotalLossBudget Money `json:"total_loss_budget,omitzero"`
	// Benchmark is the default benchmark symbol ("" means by base currency).
	Benchmark string `json:"benchmark,omitempty"`
	// Author is the name printed on exports.
	Author string `json:"author,omitempty"`
	// CostMethod is how sells take cost out of a holding: the moving average (the
	// default, "" or "average") or "fifo".
	CostMethod CostMethod `json:"cost_method,omitempty"`
	// AlertThresholds are the shares of a thesis's loss budget whose crossing raises an
	// alert, strictly increasing, each above 0 and at most 10; empty means
	// DefaultAlertThresholds.
	AlertThresholds []decimal.Decimal `json:"alert_thresholds,omitempty"`
}

// DefaultAlertThresholds returns the loss budget thresholds used when the settings set
// none: half, 80 % and all of the budget.
func DefaultAlertThresholds() []decimal.Decimal {
	return []decimal.Decimal{decimal.New(5, -1), decimal.New(8, -1), decimal.NewFromInt(1)}
}

// Thresholds returns the effective loss budget thresholds: AlertThresholds, or
// DefaultAlertThresholds when it is empty. The slice returned is the caller's.
func (s Settings) Thresholds() []decimal.Decimal {
	if len(s.AlertThresholds) == 0 {
		return DefaultAlertThresholds()
	}
	return slices.Clone(s.AlertThresholds)
}

// DefaultSettings returns settings for a locale such as "ko_KR.UTF-8" or "en-US": KRW for
// Korean, USD otherwise.
func DefaultSettings(locale string) Settings {
	base := "USD"
	if strings.HasPrefix(strings.ToLower(locale), "ko") {
		base = "KRW"
	}
	return Settings{BaseCurrency: base}
}

// DefaultBenchmark returns the benchmark used when none is set: the KOSPI for a KRW base,
// the S&P 500 otherwise.
func (s Settings) DefaultBenchmark() string {
	if s.Benchmark != "" {
		return s.Benchmark
	}
	if s.BaseCurrency == "KRW" {
		return "^KS11"
	}
	return "^GSPC"
}

// Validate checks the settings.
func (s Settings) Validate() error {
	var v ValidationError
	if _, ok := currencies[s.BaseCurrency]; !ok {
		v.add("base_currency", "unknown currency %q", s.BaseCurrency)
	}
	if !s.TotalLossBudget.IsZero() {
		if !s.TotalLossBudget.Valid() {
			v.add("total_loss_budget", "unknown currency %q", s.TotalLossBudget.Currency)
		} else if !s.TotalLossBudget.Amount.IsPositive() {
			v.add("total_loss_budget", "must be greater than zero")
		}
	}
	if s.Benchmark != "" {
		if _, err := ParseSymbol(s.Benchmark); err != nil {
			v.add("benchmark", "%s", ErrorMessage(err))
		}
	}
	checkChars(&v, "author", s.Author, false)
	if !s.CostMethod.Valid() {
		v.add("cost_method", "must be average or fifo (is %q)", s.CostMethod)
	}
	if len(s.AlertThresholds) > MaxAlertThresholds {
		v.add("alert_thresholds", "must be at most %d", MaxAlertThresholds)
	}
	ten := decimal.NewFromInt(10)
	for i, th := range s.AlertThresholds {
		f := fmt.Sprintf("alert_thresholds[%d]", i)
		switch {
		case !th.IsPositive() || th.GreaterThan(ten):
			v.add(f, "must be above 0 and at most 10 (is %s)", th)
		case i > 0 && !th.GreaterThan(s.AlertThresholds[i-1]):
			v.add(f, "must be greater than the threshold before it (%s)", s.AlertThresholds[i-1])
		}
	}
	return v.err()
}

// NewID returns a new time-ordered id: 16 hex digits of Unix nanoseconds followed by 10
// random hex digits. Ids made later sort later as strings and as bytes.
func NewID(now time.Time) string {
	var b [13]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixNano()))
	if _, err := rand.Read(b[8:]); err != nil {
		panic(fmt.Sprintf("journal: random id: %v", err))
	}
	return hex.EncodeToString(b[:])
}

// ValidID reports whether id is acceptable as a thesis id: 1–64 characters of
// letters, digits, '-' and '_'. Ids from imports need not come from NewID.
func ValidID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// Date is a calendar date without time or zone. The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// The years a date or time in the journal may fall in. No investment journal reaches
// back before 1900; a year before it (0001 in particular, which some tools write for
// "no date") is a mistake, not a date. 9999 is the last year RFC 3339 can write.
const (
	MinYear = 1900
	MaxYear = 9999
)

// ParseDate parses "2025-12-31"; a date outside the years MinYear to MaxYear is refused.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Date{}, Errorf(EINVALID, "date %q is not YYYY-MM-DD", s)
	}
	if t.Year() < MinYear {
		return Date{}, Errorf(EINVALID, "date %s is before %d", t.Format(time.DateOnly), MinYear)
	}
	return DateOf(t), nil
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == Date{} }

// String returns "2025-12-31", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Time().Before(o.Time()) }

// MarshalJSON writes "2025-12-31" (or "" when unset).
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads "2025-12-31" or "".
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return Errorf(EINVALID, "date must be a string such as \"2025-12-31\"")
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// ParseSymbol normalises a ticker symbol to upper case and checks it: 1–20 characters
// of A–Z, 0–9, '.', '-', '^', '=', at least one of them a letter or digit, not starting
// with '.' (so no symbol reads as a file name such as "..").
// Examples: NVDA, 005930.KS, ^KS11, USDKRW=X, BRK-B, ES=F.
func ParseSymbol(s string) (string, error) {
	sym := strings.ToUpper(strings.TrimSpace(s))
	if sym == "" {
		return "", Errorf(EINVALID, "symbol must not be empty")
	}
	if len(sym) > 20 {
		return "", Errorf(EINVALID, "symbol %q is longer than 20 characters", s)
	}
	for _, r := range sym {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '^' || r == '=') {
			return "", Errorf(EINVALID, "symbol %q may only hold A-Z 0-9 . - ^ =", s)
		}
	}
	if strings.Trim(sym, ".-^=") == "" {
		return "", Errorf(EINVALID, "symbol %q must hold a letter or digit", s)
	}
	if sym[0] == '.' {
		return "", Errorf(EINVALID, "symbol %q must not start with \".\"", s)
	}
	return sym, nil
}

// Symbols returns the distinct symbols of the thesis's positions and snapshots, in first-seen order.
func (t *Thesis) Symbols() []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, p := range t.Positions {
		add(p.Symbol)
	}
	for _, s := range t.Snapshots {
		add(s.Symbol)
	}
	return out
}

// LastReview returns the newest review, or nil.
func (t *Thesis) LastReview() *Review {
	if len(t.Reviews) == 0 {
		return nil
	}
	return &t.Reviews[len(t.Reviews)-1]
}

// Clone returns a deep copy of t.
func (t *Thesis) Clone() *Thesis {
	b, err := json.Marshal(t)
	if err != nil {
		panic(fmt.Sprintf("journal: clone thesis %s: %v", t.ID, err))
	}
	var c Thesis
	if err := json.Unmarshal(b, &c); err != nil {
		panic(fmt.Sprintf("journal: clone thesis %s: %v", t.ID, err))
	}
	return &c
}
