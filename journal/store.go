package journal

import (
	"bytes"
	"context"
	"encoding/json"
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
	// Settings are replaced when s is non-nil.
	Import(ctx context.Context, theses []*Thesis, s *Settings) (ImportResult, error)
	// Close releases the journal file.
	Close() error
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}
