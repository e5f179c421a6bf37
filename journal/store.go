package journal

import (
	"bytes"
	"context"
	"encoding/json"
	"time"
)

// Filter selects theses for Store.List. Zero fields select everything.
type Filter struct {
	// Status keeps theses with this status.
	Status Status
	// Tag keeps theses carrying this tag (case-insensitive).
	Tag string
	// Symbol keeps theses with a position or snapshot in this symbol.
	Symbol string
	// Query keeps theses whose text contains every word of the query as a substring,
	// case-insensitively (Korean and English alike).
	Query string
	// DueBy keeps open theses whose review_by is on or before this date.
	DueBy Date
	// IDs keeps only these ids.
	IDs []string
	// Offset skips this many matches (newest first); Limit caps the result (0: no cap).
	Offset, Limit int
}

// ImportResult tells what an import changed.
type ImportResult struct {
	Added   []string
	Updated []string
	// Unchanged counts theses identical to the stored ones, or whose merge with the
	// stored one left it as it was.
	Unchanged int
	// Merged holds, in the order imported, a note for each thesis the journal already
	// held in a different version: the two were merged (MergeThesis), and the note says
	// which version's fields were kept and why. Such a thesis is also counted as updated
	// or unchanged.
	Merged []MergeNote
	// DryRun reports that nothing was written: the result tells what the import would do.
	DryRun bool
}

// Store keeps a journal. Implementations are safe for concurrent use.
type Store interface {
	// Create saves a new thesis. It assigns ID and CreatedAt when empty, normalises and
	// validates the thesis, and writes it with its indexes in one durable transaction.
	Create(ctx context.Context, t *Thesis) error
	// Update saves an edit of an existing thesis through ApplyEdit (revision history,
	// immutable snapshots and reviews).
	Update(ctx context.Context, t *Thesis) error
	// Get returns the thesis with the id, or an ENOTFOUND error.
	Get(ctx context.Context, id string) (*Thesis, error)
	// Delete removes the thesis and its index entries, or returns ENOTFOUND.
	Delete(ctx context.Context, id string) error
	// List returns the theses matching f, newest first, and the number of matches
	// before Offset and Limit were applied. When some stored theses cannot be read,
	// it returns the others with an EDAMAGED error that names them.
	List(ctx context.Context, f Filter) ([]*Thesis, int, error)
	// Tags returns every tag in use with its number of theses.
	Tags(ctx context.Context) (map[string]int, error)
	// Settings returns the journal's settings.
	Settings(ctx context.Context) (Settings, error)
	// SaveSettings validates and stores the settings.
	SaveSettings(ctx context.Context, s Settings) error
	// Import merges theses by id in one transaction: all are written or none. A thesis
	// the journal already holds is merged with it by MergeThesis, never replaced as is.
	// Settings are replaced when s is non-nil. Corporate actions are stored merged by id,
	// and every ledger they touch is checked with them (ValidateLedger).
	Import(ctx context.Context, theses []*Thesis, s *Settings, actions ...CorporateAction) (ImportResult, error)
	// ImportTrades turns trades read from another tool's file into fills and dividends,
	// as AssignTrades plans them, in one transaction: all are written or none. A trade
	// whose format and ref were imported before is skipped. The ledgers of the theses
	// changed are checked with the journal's corporate actions (ValidateLedger); an
	// error names the trade's line.
	ImportTrades(ctx context.Context, trades []Trade, opts TradeOptions) (TradeImportResult, error)
	// Inbox returns the imported fills not yet assigned to a thesis, oldest first.
	Inbox(ctx context.Context) ([]InboxEntry, error)
	// AssignInbox moves inbox entries into thesis thesisID as fills and dividends (a
	// position of their symbol is added when it has none), recorded as an edit.
	AssignInbox(ctx context.Context, ids []string, thesisID string) error
	// DiscardInbox removes inbox entries the user chose to throw away.
	DiscardInbox(ctx context.Context, ids []string) error
	// CorporateActions returns the journal's corporate actions, by symbol and date.
	CorporateActions(ctx context.Context) ([]CorporateAction, error)
	// SaveCorporateActions validates and stores actions, merged by id (an action already
	// stored is replaced), and returns how many were new. Theses whose ledgers the
	// actions would break are named in an EINVALID error and nothing is written.
	SaveCorporateActions(ctx context.Context, actions []CorporateAction) (int, error)
	// DeleteCorporateAction removes one action, or returns ENOTFOUND.
	DeleteCorporateAction(ctx context.Context, id string) error
	// TradePresets returns the saved column mappings for generic CSV trade files.
	TradePresets(ctx context.Context) ([]TradePreset, error)
	// SaveTradePreset stores a preset, replacing one of the same name.
	SaveTradePreset(ctx context.Context, p TradePreset) error
	// AlertState returns what the last check of the alert rules remembered (the zero
	// AlertState when there was none).
	AlertState(ctx context.Context) (AlertState, error)
	// RecordAlerts stores the alerts a check fired and the state after it, in one
	// transaction. An alert already recorded (same id) is left as it is.
	RecordAlerts(ctx context.Context, fired []Alert, state AlertState) error
	// Alerts returns the alerts recorded, newest first.
	Alerts(ctx context.Context) ([]AlertEntry, error)
	// SetAlertStatus dismisses an alert, or snoozes it until a time (the zero time
	// wakes it again), or returns ENOTFOUND.
	SetAlertStatus(ctx context.Context, id string, dismissed bool, snoozedUntil time.Time) error
	// Close releases the journal file.
	Close() error
}

// AlertEntry is a recorded alert and what the person did with it.
type AlertEntry struct {
	Alert
	// Dismissed is set once the person dismissed it.
	Dismissed bool
	// SnoozedUntil hides it until then; zero when not snoozed.
	SnoozedUntil time.Time
}

// Active reports whether the alert still asks for attention at now: not dismissed and
// not snoozed past now.
func (e AlertEntry) Active(now time.Time) bool {
	return !e.Dismissed && !e.SnoozedUntil.After(now)
}

// TradeOptions say how ImportTrades places trades.
type TradeOptions struct {
	// ThesisID sends every trade to this thesis.
	ThesisID string
	// Symbols maps a code as the file wrote it to the symbol chosen for it
	// ("005930" → "005930.KS"), for trades whose Symbol is empty.
	Symbols map[string]string
	// DryRun reports what would happen and writes nothing.
	DryRun bool
	// Now is the time recorded on the edits and inbox entries (time.Now when zero).
	Now time.Time
}

// Trade destinations in a TradeImportResult.
const (
	DestThesis    = "thesis"
	DestInbox     = "inbox"
	DestDuplicate = "duplicate"
)

// TradeRow says where one trade went.
type TradeRow struct {
	// Line is the trade's line in its file.
	Line int `json:"line"`
	// Dest is thesis, inbox or duplicate.
	Dest string `json:"dest"`
	// ThesisID is the thesis the trade went to (Dest thesis), or "".
	ThesisID string `json:"thesis_id,omitempty"`
	// Symbol is the symbol the trade was booked under.
	Symbol string `json:"symbol"`
	// ID is the fill's, dividend's or inbox entry's id.
	ID string `json:"id,omitempty"`
}

// TradeImportResult tells what ImportTrades did (or, for a dry run, would do).
type TradeImportResult struct {
	// Fills and Dividends count what was added to theses; Inbox what went to the inbox;
	// Duplicates the trades imported before, which were skipped.
	Fills, Dividends, Inbox, Duplicates int
	// Theses lists the ids of the theses changed, in first-touched order.
	Theses []string
	// Rows says where each trade went, in the order given.
	Rows []TradeRow
	// DryRun reports that nothing was written.
	DryRun bool
}

// InboxEntry is an imported trade waiting to be assigned to a thesis.
type InboxEntry struct {
	// ID is the entry's id; it becomes the fill's or dividend's id when assigned.
	ID string `json:"id"`
	// AddedAt is when it was imported (UTC).
	AddedAt time.Time `json:"added_at"`
	// Trade is the trade as read, its Symbol set.
	Trade Trade `json:"trade"`
}

// TradePreset is a named column mapping for generic CSV trade files; Mapping is the
// mapping's JSON as the CSV reader defines it.
type TradePreset struct {
	Name    string          `json:"name"`
	Mapping json.RawMessage `json:"mapping"`
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}
