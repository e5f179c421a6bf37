package boltdb

// The journal file holds these buckets, all at the top level. Every value
// is either fixed-width binary or JSON of a private record struct below that
// carries its own "v" version, so a change to the journal package's types
// never silently changes the file format.
//
//	meta
//	├── schema_version           : uint32 big-endian, the layout version (schemaVersion)
//	├── settings                 : JSON settingsRecord (absent: locale defaults)
//	├── thesis_count             : uint64 big-endian, number of theses
//	└── alert_state              : JSON alertStateRecord (absent: never checked)
//	theses
//	└── <id>                     : {"v":1,"crc32c":"<8 hex digits>","thesis":<JSON thesisRecord>}
//	corporate_actions              (splits, journal-wide: they belong to a symbol)
//	└── <id>                     : JSON corporateActionRecord (<id> is journal.ActionID)
//	inbox                          (imported trades not yet in a thesis)
//	└── <id>                     : JSON inboxRecord (<id> is journal.TradeID of the trade)
//	trade_refs                     (every imported row, for de-duplication)
//	└── <format> 0x00 <ref>      : the id of the fill, dividend or inbox entry it became
//	trade_presets                  (column mappings for generic CSV trade files)
//	└── <name>                   : JSON tradePresetRecord
//	alerts                         (alerts that fired, with what the person did with them)
//	└── <id>                     : JSON alertRecord (<id> is journal.Alert.ID)
//	doc_of
//	└── <id>                     : <doc>
//	docs                           (bucket sequence: the last <doc> handed out)
//	└── <doc>                    : <created><id>, the thesis's by_created key
//	by_created
//	└── <created><id>            : <doc>
//	by_status
//	└── <status> 0x00 <id>       : <doc>
//	by_tag
//	└── <tag> 0x00 <id>          : <doc>
//	by_symbol                      (symbols of positions and snapshots)
//	└── <symbol> 0x00 <id>       : <doc>
//	by_review                      (only theses with a review_by date)
//	└── <YYYYMMDD><id>           : <doc>
//	vocab                          (search words)
//	└── <word>                   : uint32 big-endian, number of postings of the word
//	postings                       (blocks of the documents holding each word)
//	└── <word> 0x00 <doc>        : uvarint gaps: every further document of the block
//	pending                        (documents whose postings are out of date)
//	└── <doc>                    : 0x01 then each word postings holds for <doc>, followed by 0x00
//
// The crc32c of a thesis envelope is the CRC-32C (Castagnoli) checksum of the
// exact bytes of its "thesis" value, checked on every read: a record changed
// on disk in a way that leaves the file's pages sound (a flipped letter in
// its text) is damage, reported with the thesis's id, not shown as text.
//
// <id> is the thesis id (1-64 of [A-Za-z0-9_-], so it never holds 0x00; keys
// that end in an id are split at their last 0x00). <doc> is a uint32
// big-endian document number handed out from the docs bucket's sequence when
// a thesis is first stored and never reused; the postings use it instead of
// the id to keep the largest bucket small, and List intersects filters as
// bitsets of document numbers. <created> is the creation time as 8-byte
// big-endian Unix nanoseconds with the sign bit flipped, so keys sort by time
// and a reverse cursor walk over by_created lists the newest first. <word> is
// a lower-cased run of letters and digits (see words in search.go).
//
// The postings of a word are split into blocks of 1 to blockMax (128)
// documents in increasing order (postings.go). A block's key ends in its
// first document; its value holds each further one as the uvarint
// difference from the one before (empty for a block of one). Every document
// of a block is below the first document of the word's next block, so the
// block that holds a document is the last one whose key is at or before
// <word> 0x00 <doc>. A block of a hundred nearby documents takes a few
// hundred bytes under one key, where a key per document took some thirty
// bytes each. New documents are appended to a word's last block until it is
// full; a document taken out rewrites only its block.
//
// The search index (vocab and postings) is written behind the rest. Saving
// or deleting a thesis writes, in its one durable transaction, the thesis,
// every other index and a pending entry for its document, but not its
// postings: a typical thesis holds a hundred or more distinct words, each a key in a
// different part of postings and vocab, so indexing one thesis dirties
// hundreds of pages while the rest dirties about ten. The pending entry
// records the words postings holds for the document at the time it first
// became pending (none for a new thesis) and is left as it is by later saves,
// so it always tells exactly what must be taken out of postings; a deleted
// thesis keeps its entry until that is done, unless it was never indexed,
// which leaves nothing to take out. Pending
// documents are indexed together, in one durable transaction that also
// removes their pending entries (indexer.go): when writes have paused for
// Options.IndexDelay, when many are pending, when the journal is closed, when
// it is opened after a crash left entries behind, and as part of every
// Import (in its transaction; for an import of more than applyMax theses,
// in transactions of their own right after it). Many documents indexed
// together share most of their pages, which is what makes saving cheap. Until then search reads postings for the other
// documents and matches each pending document's stored text directly, so its
// results are the same as if every posting were current.
//
// Beside the journal file lies its commit record, "<journal>.commit" (16
// bytes: the id of the last bbolt transaction committed, uint64 big-endian,
// and an FNV-64a checksum of it; see commit.go). It is not part of the
// layout: a file without one opens as before. Opening compares it and both
// bbolt meta pages with the transaction bbolt would open at, so a journal
// that went back to an earlier transaction (a damaged newest meta page, an
// older copy in its place) is refused as damaged instead of losing the
// later commits without a word.
//
// Schema history (each step is a migration in migrate.go):
//
//	1: meta (schema_version, settings), theses, by_created (<created><id> :
//	   empty), by_tag and by_status (<key> 0x00 <id> : empty).
//	2: adds thesis_count, doc_of, docs, by_symbol, by_review, vocab and
//	   postings; index values become <doc>.
//	3: adds pending; postings may lag behind the theses named there. A
//	   layout 2 file is a layout 3 file with nothing pending, so read-only
//	   opens read it as it is.
//	4: each theses value becomes an envelope holding the earlier
//	   record's bytes unchanged with their checksum. Read-only opens of
//	   layouts 2 and 3 read the bare records.
//	5: postings hold blocks of documents instead of a key per document.
//	   A layout 2 to 4 posting is a block of one document, so read-only
//	   opens read those layouts' postings as they are.
//	6: every thesis record becomes version 2: each position holds its
//	   fills and dividends instead of one entry and one exit (converted by
//	   journal.LegacyPosition.Position with the settings' base currency;
//	   the envelope and its checksum stay), revisions list the ledger's
//	   changes, settings may hold cost_method. Adds corporate_actions,
//	   inbox, trade_refs and trade_presets. Read-only opens of layouts 2
//	   to 5 convert version 1 records as they read them and find the new
//	   buckets empty.
//	7: adds alerts and meta's alert_state; thesis records may be version 3
//	   (pre-mortem, base rate, levels, links, decision quality), which a
//	   version 2 record is without them. Read-only opens of layout 6 find no
//	   alerts.

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
)

// schemaVersion is the layout this code reads and writes.
const schemaVersion = 7

// readOnlyFrom is the oldest layout that a read-only open reads without
// migrating it: every later version only adds buckets that may be missing,
// wraps records that are read bare before it (see bareRecordsBefore), or
// groups postings that read as blocks of one document before it.
const readOnlyFrom = 2

// bareRecordsBefore is the first layout whose theses values are envelopes
// with a checksum; earlier layouts store bare thesisRecords.
const bareRecordsBefore = 4

// fillsFrom is the first layout whose thesis records are version 2 (fills);
// earlier layouts store version 1 records, converted when read.
const fillsFrom = 6

// envelopeVersion is the version written into every thesis envelope.
const envelopeVersion = 1

// recordVersion is the version written into every JSON record but the
// thesis's and the settings'; thesisRecordVersion is the thesis record's.
// Version 1 thesis records (layouts 1 to 5) hold each position as one entry
// and an optional exit; version 2 (layout 6) holds its fills and dividends;
// version 3 adds the pre-mortem, the base rate, invalidation levels, links,
// and each review's decision quality and risks that happened (a version 2
// record is a version 3 record without them). Settings records are version 2
// when they hold alert thresholds, else 1, so that a version that does not
// know thresholds refuses them rather than dropping them on the next save.
const (
	recordVersion       = 1
	thesisRecordVersion = 3
	settingsVersion     = 2
)

// Bucket and key names.
var (
	bucketMeta      = []byte("meta")
	bucketTheses    = []byte("theses")
	bucketDocOf     = []byte("doc_of")
	bucketDocs      = []byte("docs")
	bucketByCreated = []byte("by_created")
	bucketByStatus  = []byte("by_status")
	bucketByTag     = []byte("by_tag")
	bucketBySymbol  = []byte("by_symbol")
	bucketByReview  = []byte("by_review")
	bucketVocab     = []byte("vocab")
	bucketPostings  = []byte("postings")
	bucketPending   = []byte("pending")
	bucketActions   = []byte("corporate_actions")
	bucketInbox     = []byte("inbox")
	bucketTradeRefs = []byte("trade_refs")
	bucketPresets   = []byte("trade_presets")
	bucketAlerts    = []byte("alerts")

	keySchemaVersion = []byte("schema_version")
	keySettings      = []byte("settings")
	keyThesisCount   = []byte("thesis_count")
	keyAlertState    = []byte("alert_state")
)

// allBuckets lists every top-level bucket of the current schema.
var allBuckets = [][]byte{
	bucketMeta, bucketTheses, bucketDocOf, bucketDocs, bucketByCreated, bucketByStatus,
	bucketByTag, bucketBySymbol, bucketByReview, bucketVocab, bucketPostings, bucketPending,
	bucketActions, bucketInbox, bucketTradeRefs, bucketPresets, bucketAlerts,
}

// ledgerBuckets are the buckets layout 6 added; they are not derived from
// the theses.
var ledgerBuckets = [][]byte{bucketActions, bucketInbox, bucketTradeRefs, bucketPresets}

// indexBuckets lists the buckets derived from the theses; they can be rebuilt.
var indexBuckets = [][]byte{
	bucketDocOf, bucketDocs, bucketByCreated, bucketByStatus, bucketByTag, bucketBySymbol,
	bucketByReview, bucketVocab, bucketPostings, bucketPending,
}

// createdKey returns the 8-byte by_created prefix for t.
func createdKey(t time.Time) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(t.UnixNano())^(1<<63))
	return b[:]
}

// docKey encodes a document number.
func docKey(doc uint32) []byte {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], doc)
	return b[:]
}

// docOf decodes a document number; ok is false when b is not 4 bytes.
func docOf(b []byte) (uint32, bool) {
	if len(b) != 4 {
		return 0, false
	}
	return binary.BigEndian.Uint32(b), true
}

// reviewKey returns the 8-byte by_review prefix for d.
func reviewKey(d journal.Date) []byte {
	return fmt.Appendf(nil, "%04d%02d%02d", d.Year, int(d.Month), d.Day)
}

func putUint32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
func putUint64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

// thesisRecord is the stored form of a journal.Thesis. Slices keep the
// difference between nil and empty so a thesis reads back exactly as written.
type thesisRecord struct {
	V            int              `json:"v"`
	ID           string           `json:"id"`
	Title        string           `json:"title"`
	Body         string           `json:"body"`
	Trigger      string           `json:"trigger"`
	Reasons      []string         `json:"reasons"`
	Expectation  string           `json:"expectation"`
	Invalidation string           `json:"invalidation"`
	Conviction   int              `json:"conviction"`
	Tags         []string         `json:"tags"`
	Status       string           `json:"status"`
	CreatedAt    time.Time        `json:"created_at"`
	UpdatedAt    time.Time        `json:"updated_at,omitzero"`
	ReviewBy     string           `json:"review_by,omitempty"`
	LossBudget   *moneyRecord     `json:"loss_budget,omitempty"`
	Benchmark    string           `json:"benchmark,omitempty"`
	Positions    []positionRecord `json:"positions"`
	Snapshots    []snapshotRecord `json:"snapshots"`
	Reviews      []reviewRecord   `json:"reviews"`
	Revisions    []revisionRecord `json:"revisions"`
	// From version 3; absent (nil) before.
	PreMortem []string      `json:"pre_mortem,omitempty"`
	BaseRate  *int          `json:"base_rate,omitempty"`
	Levels    []levelRecord `json:"levels,omitempty"`
	Links     []linkRecord  `json:"links,omitempty"`
}

type levelRecord struct {
	Symbol string      `json:"symbol"`
	When   string      `json:"when"`
	Price  moneyRecord `json:"price"`
	Close  bool        `json:"close,omitempty"`
}

type linkRecord struct {
	Kind string `json:"kind"`
	To   string `json:"to"`
}

type moneyRecord struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// positionRecord is a position from record version 2: its ledger.
type positionRecord struct {
	Symbol    string           `json:"symbol"`
	Side      string           `json:"side"`
	Fills     []fillRecord     `json:"fills"`
	Dividends []dividendRecord `json:"dividends"`
}

type fillRecord struct {
	ID       string       `json:"id"`
	At       time.Time    `json:"at"`
	Action   string       `json:"action"`
	Quantity string       `json:"quantity"`
	Price    moneyRecord  `json:"price"`
	Fees     *moneyRecord `json:"fees,omitempty"`
	Taxes    *moneyRecord `json:"taxes,omitempty"`
	FXToBase string       `json:"fx_to_base,omitempty"` // absent: not known
	Note     string       `json:"note,omitempty"`
	Source   string       `json:"source"`
	Ref      string       `json:"ref,omitempty"`
}

type dividendRecord struct {
	ID       string       `json:"id"`
	At       time.Time    `json:"at"`
	PerShare *moneyRecord `json:"per_share,omitempty"`
	Amount   *moneyRecord `json:"amount,omitempty"`
	Withheld *moneyRecord `json:"withheld,omitempty"`
	FXToBase string       `json:"fx_to_base,omitempty"`
	Note     string       `json:"note,omitempty"`
	Source   string       `json:"source"`
	Ref      string       `json:"ref,omitempty"`
}

// legacyPositionRecord is a position as record version 1 stored it: one
// entry and at most one exit. It is read, never written.
type legacyPositionRecord struct {
	Symbol     string       `json:"symbol"`
	Side       string       `json:"side"`
	Quantity   string       `json:"quantity"`
	EntryPrice moneyRecord  `json:"entry_price"`
	EnteredAt  time.Time    `json:"entered_at"`
	ExitPrice  *moneyRecord `json:"exit_price,omitempty"`
	ExitedAt   *time.Time   `json:"exited_at,omitempty"`
	FXToBase   string       `json:"fx_to_base"`
}

// legacyPositions holds the positions of a version 1 record.
type legacyPositions struct {
	Positions []legacyPositionRecord `json:"positions"`
}

// ledgerChangeRecord is the stored form of a journal.LedgerChange.
type ledgerChangeRecord struct {
	Symbol   string          `json:"symbol"`
	Change   string          `json:"change"`
	ID       string          `json:"id"`
	Fill     *fillRecord     `json:"fill,omitempty"`
	Dividend *dividendRecord `json:"dividend,omitempty"`
}

type snapshotRecord struct {
	Symbol string      `json:"symbol"`
	Price  moneyRecord `json:"price"`
	At     time.Time   `json:"at"`
	Source string      `json:"source"`
	Name   string      `json:"name,omitempty"` // absent in records written before names were kept
}

type reasonCheckRecord struct {
	Reason int  `json:"reason"`
	Held   bool `json:"held"`
}

type reviewRecord struct {
	At      time.Time           `json:"at"`
	Verdict string              `json:"verdict"`
	Note    string              `json:"note"`
	Checks  []reasonCheckRecord `json:"checks,omitempty"`
	Prices  []snapshotRecord    `json:"prices,omitempty"`
	// From version 3.
	Quality int   `json:"decision_quality,omitempty"`
	Risks   []int `json:"risks_happened,omitempty"`
}

type revisionRecord struct {
	At           time.Time    `json:"at"`
	Title        string       `json:"title"`
	Expectation  string       `json:"expectation"`
	Invalidation string       `json:"invalidation"`
	Conviction   int          `json:"conviction"`
	LossBudget   *moneyRecord `json:"loss_budget,omitempty"`
	// Ledger is absent before record version 2, and when the edit left the ledger alone.
	Ledger []ledgerChangeRecord `json:"ledger"`
	// From version 3.
	PreMortem []string `json:"pre_mortem,omitempty"`
	BaseRate  *int     `json:"base_rate,omitempty"`
}

// settingsRecord is the stored form of journal.Settings.
type settingsRecord struct {
	V               int          `json:"v"`
	BaseCurrency    string       `json:"base_currency"`
	TotalLossBudget *moneyRecord `json:"total_loss_budget,omitempty"`
	Benchmark       string       `json:"benchmark,omitempty"`
	Author          string       `json:"author,omitempty"`
	CostMethod      string       `json:"cost_method,omitempty"` // absent before layout 6: the average
	AlertThresholds []string     `json:"alert_thresholds,omitempty"`
}

// mapSlice converts a slice element by element, keeping nil as nil and empty as empty.
func mapSlice[S, T any](in []S, f func(S) T) []T {
	if in == nil {
		return nil
	}
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// mapSliceErr is mapSlice for conversions that can fail.
func mapSliceErr[S, T any](in []S, f func(S) (T, error)) ([]T, error) {
	if in == nil {
		return nil, nil
	}
	out := make([]T, len(in))
	for i, v := range in {
		var err error
		if out[i], err = f(v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func cloneInt(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append(make([]string, 0, len(s)), s...)
}

func moneyRec(m journal.Money) moneyRecord {
	return moneyRecord{Amount: m.Amount.String(), Currency: m.Currency}
}

// optMoneyRec returns nil for the zero Money.
func optMoneyRec(m journal.Money) *moneyRecord {
	if m.IsZero() {
		return nil
	}
	r := moneyRec(m)
	return &r
}

func (r moneyRecord) money() (journal.Money, error) {
	d, err := decimal.NewFromString(r.Amount)
	if err != nil {
		return journal.Money{}, fmt.Errorf("amount %q: %w", r.Amount, err)
	}
	return journal.Money{Amount: d, Currency: r.Currency}, nil
}

func optMoney(r *moneyRecord) (journal.Money, error) {
	if r == nil {
		return journal.Money{}, nil
	}
	return r.money()
}

func parseDecimal(s string) (decimal.Decimal, error) {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("decimal %q: %w", s, err)
	}
	return d, nil
}

func snapshotRec(s journal.Snapshot) snapshotRecord {
	return snapshotRecord{Symbol: s.Symbol, Price: moneyRec(s.Price), At: s.At, Source: string(s.Source), Name: s.Name}
}

func (r snapshotRecord) snapshot() (journal.Snapshot, error) {
	p, err := r.Price.money()
	if err != nil {
		return journal.Snapshot{}, err
	}
	return journal.Snapshot{Symbol: r.Symbol, Price: p, At: r.At, Source: journal.Source(r.Source), Name: r.Name}, nil
}

// optDecimal returns "" for zero, which reads back as zero.
func optDecimal(d decimal.Decimal) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func parseOptDecimal(s string) (decimal.Decimal, error) {
	if s == "" {
		return decimal.Decimal{}, nil
	}
	return parseDecimal(s)
}

func fillRec(f journal.Fill) fillRecord {
	return fillRecord{
		ID: f.ID, At: f.At, Action: string(f.Action), Quantity: f.Quantity.String(), Price: moneyRec(f.Price),
		Fees: optMoneyRec(f.Fees), Taxes: optMoneyRec(f.Taxes), FXToBase: optDecimal(f.FXToBase),
		Note: f.Note, Source: f.Source, Ref: f.Ref,
	}
}

func (r fillRecord) fill() (journal.Fill, error) {
	q, err := parseDecimal(r.Quantity)
	if err != nil {
		return journal.Fill{}, fmt.Errorf("fill %s: %w", r.ID, err)
	}
	f := journal.Fill{ID: r.ID, At: r.At, Action: journal.Action(r.Action), Quantity: q, Note: r.Note, Source: r.Source, Ref: r.Ref}
	if f.Price, err = r.Price.money(); err == nil {
		if f.Fees, err = optMoney(r.Fees); err == nil {
			if f.Taxes, err = optMoney(r.Taxes); err == nil {
				f.FXToBase, err = parseOptDecimal(r.FXToBase)
			}
		}
	}
	if err != nil {
		return journal.Fill{}, fmt.Errorf("fill %s: %w", r.ID, err)
	}
	return f, nil
}

func dividendRec(d journal.Dividend) dividendRecord {
	return dividendRecord{
		ID: d.ID, At: d.At, PerShare: optMoneyRec(d.PerShare), Amount: optMoneyRec(d.Amount),
		Withheld: optMoneyRec(d.Withheld), FXToBase: optDecimal(d.FXToBase), Note: d.Note, Source: d.Source, Ref: d.Ref,
	}
}

func (r dividendRecord) dividend() (journal.Dividend, error) {
	d := journal.Dividend{ID: r.ID, At: r.At, Note: r.Note, Source: r.Source, Ref: r.Ref}
	var err error
	if d.PerShare, err = optMoney(r.PerShare); err == nil {
		if d.Amount, err = optMoney(r.Amount); err == nil {
			if d.Withheld, err = optMoney(r.Withheld); err == nil {
				d.FXToBase, err = parseOptDecimal(r.FXToBase)
			}
		}
	}
	if err != nil {
		return journal.Dividend{}, fmt.Errorf("dividend %s: %w", r.ID, err)
	}
	return d, nil
}

func (r positionRecord) position() (journal.Position, error) {
	fills, err := mapSliceErr(r.Fills, fillRecord.fill)
	if err != nil {
		return journal.Position{}, err
	}
	divs, err := mapSliceErr(r.Dividends, dividendRecord.dividend)
	if err != nil {
		return journal.Position{}, err
	}
	return journal.Position{Symbol: r.Symbol, Side: journal.Side(r.Side), Fills: fills, Dividends: divs}, nil
}

// legacyPositionsOf turns the positions of a version 1 record of thesis id
// into ledgers, keeping nil as nil.
func legacyPositionsOf(in []legacyPositionRecord, id, base string) ([]journal.Position, error) {
	if in == nil {
		return nil, nil
	}
	out := make([]journal.Position, len(in))
	for i, p := range in {
		q, err := parseDecimal(p.Quantity)
		if err != nil {
			return nil, err
		}
		fx, err := parseDecimal(p.FXToBase)
		if err != nil {
			return nil, err
		}
		entry, err := p.EntryPrice.money()
		if err != nil {
			return nil, err
		}
		lp := journal.LegacyPosition{
			Symbol: p.Symbol, Side: journal.Side(p.Side), Quantity: q, EntryPrice: entry,
			EnteredAt: p.EnteredAt, FXToBase: fx,
		}
		if p.ExitPrice != nil {
			m, err := p.ExitPrice.money()
			if err != nil {
				return nil, err
			}
			lp.ExitPrice = &m
		}
		if p.ExitedAt != nil {
			at := *p.ExitedAt
			lp.ExitedAt = &at
		}
		out[i] = lp.Position(id, i, base)
	}
	return out, nil
}

func ledgerChangeRec(c journal.LedgerChange) ledgerChangeRecord {
	r := ledgerChangeRecord{Symbol: c.Symbol, Change: c.Change, ID: c.ID}
	if c.Fill != nil {
		f := fillRec(*c.Fill)
		r.Fill = &f
	}
	if c.Dividend != nil {
		d := dividendRec(*c.Dividend)
		r.Dividend = &d
	}
	return r
}

func (r ledgerChangeRecord) change() (journal.LedgerChange, error) {
	c := journal.LedgerChange{Symbol: r.Symbol, Change: r.Change, ID: r.ID}
	if r.Fill != nil {
		f, err := r.Fill.fill()
		if err != nil {
			return c, err
		}
		c.Fill = &f
	}
	if r.Dividend != nil {
		d, err := r.Dividend.dividend()
		if err != nil {
			return c, err
		}
		c.Dividend = &d
	}
	return c, nil
}

// newThesisRecord maps a thesis to its stored form.
func newThesisRecord(t *journal.Thesis) *thesisRecord {
	r := &thesisRecord{
		V:            thesisRecordVersion,
		ID:           t.ID,
		Title:        t.Title,
		Body:         t.Body,
		Trigger:      t.Trigger,
		Reasons:      cloneStrings(t.Reasons),
		Expectation:  t.Expectation,
		Invalidation: t.Invalidation,
		Conviction:   t.Conviction,
		Tags:         cloneStrings(t.Tags),
		Status:       string(t.Status),
		CreatedAt:    t.CreatedAt,
		UpdatedAt:    t.UpdatedAt,
		ReviewBy:     t.ReviewBy.String(),
		LossBudget:   optMoneyRec(t.LossBudget),
		Benchmark:    t.Benchmark,
		PreMortem:    cloneStrings(t.PreMortem),
		BaseRate:     cloneInt(t.BaseRate),
		Levels: mapSlice(t.Levels, func(l journal.Level) levelRecord {
			return levelRecord{Symbol: l.Symbol, When: string(l.When), Price: moneyRec(l.Price), Close: l.Close}
		}),
		Links: mapSlice(t.Links, func(l journal.Link) linkRecord { return linkRecord{Kind: string(l.Kind), To: l.To} }),
	}
	r.Positions = mapSlice(t.Positions, func(p journal.Position) positionRecord {
		return positionRecord{
			Symbol: p.Symbol, Side: string(p.Side),
			Fills: mapSlice(p.Fills, fillRec), Dividends: mapSlice(p.Dividends, dividendRec),
		}
	})
	r.Snapshots = mapSlice(t.Snapshots, snapshotRec)
	r.Reviews = mapSlice(t.Reviews, func(v journal.Review) reviewRecord {
		return reviewRecord{
			At: v.At, Verdict: string(v.Verdict), Note: v.Note,
			Checks: mapSlice(v.Checks, func(c journal.ReasonCheck) reasonCheckRecord {
				return reasonCheckRecord{Reason: c.Reason, Held: c.Held}
			}),
			Prices:  mapSlice(v.Prices, snapshotRec),
			Quality: v.Quality,
			Risks:   slices.Clone(v.Risks),
		}
	})
	r.Revisions = mapSlice(t.Revisions, func(v journal.Revision) revisionRecord {
		return revisionRecord{
			At: v.At, Title: v.Title, Expectation: v.Expectation, Invalidation: v.Invalidation,
			Conviction: v.Conviction, LossBudget: optMoneyRec(v.LossBudget),
			Ledger:    mapSlice(v.Ledger, ledgerChangeRec),
			PreMortem: cloneStrings(v.PreMortem), BaseRate: cloneInt(v.BaseRate),
		}
	})
	return r
}

// thesis maps a stored record back to a thesis. The positions of a version 1
// record are taken from legacy and turned into fills with base, the
// journal's base currency (see journal.LegacyPosition.Position).
func (r *thesisRecord) thesis(legacy []legacyPositionRecord, base string) (*journal.Thesis, error) {
	if r.V < 1 || r.V > thesisRecordVersion {
		return nil, fmt.Errorf("record version %d is not one this version of Hindsight reads (1-%d)", r.V, thesisRecordVersion)
	}
	t := &journal.Thesis{
		ID:           r.ID,
		Title:        r.Title,
		Body:         r.Body,
		Trigger:      r.Trigger,
		Reasons:      cloneStrings(r.Reasons),
		Expectation:  r.Expectation,
		Invalidation: r.Invalidation,
		Conviction:   r.Conviction,
		Tags:         cloneStrings(r.Tags),
		Status:       journal.Status(r.Status),
		CreatedAt:    r.CreatedAt,
		UpdatedAt:    r.UpdatedAt,
		Benchmark:    r.Benchmark,
		PreMortem:    cloneStrings(r.PreMortem),
		BaseRate:     cloneInt(r.BaseRate),
		Links:        mapSlice(r.Links, func(l linkRecord) journal.Link { return journal.Link{Kind: journal.LinkKind(l.Kind), To: l.To} }),
	}
	var err error
	t.Levels, err = mapSliceErr(r.Levels, func(l levelRecord) (journal.Level, error) {
		p, err := l.Price.money()
		return journal.Level{Symbol: l.Symbol, When: journal.LevelWhen(l.When), Price: p, Close: l.Close}, err
	})
	if err != nil {
		return nil, err
	}
	if r.ReviewBy != "" {
		if t.ReviewBy, err = journal.ParseDate(r.ReviewBy); err != nil {
			return nil, err
		}
	}
	if t.LossBudget, err = optMoney(r.LossBudget); err != nil {
		return nil, err
	}
	if r.V == 1 {
		t.Positions, err = legacyPositionsOf(legacy, r.ID, base)
	} else {
		t.Positions, err = mapSliceErr(r.Positions, positionRecord.position)
	}
	if err != nil {
		return nil, err
	}
	if t.Snapshots, err = mapSliceErr(r.Snapshots, snapshotRecord.snapshot); err != nil {
		return nil, err
	}
	t.Reviews, err = mapSliceErr(r.Reviews, func(v reviewRecord) (journal.Review, error) {
		prices, err := mapSliceErr(v.Prices, snapshotRecord.snapshot)
		if err != nil {
			return journal.Review{}, err
		}
		return journal.Review{
			At: v.At, Verdict: journal.Verdict(v.Verdict), Note: v.Note, Prices: prices,
			Checks: mapSlice(v.Checks, func(c reasonCheckRecord) journal.ReasonCheck {
				return journal.ReasonCheck{Reason: c.Reason, Held: c.Held}
			}),
			Quality: v.Quality, Risks: slices.Clone(v.Risks),
		}, nil
	})
	if err != nil {
		return nil, err
	}
	t.Revisions, err = mapSliceErr(r.Revisions, func(v revisionRecord) (journal.Revision, error) {
		lb, err := optMoney(v.LossBudget)
		if err != nil {
			return journal.Revision{}, err
		}
		ledger, err := mapSliceErr(v.Ledger, ledgerChangeRecord.change)
		if err != nil {
			return journal.Revision{}, err
		}
		return journal.Revision{
			At: v.At, Title: v.Title, Expectation: v.Expectation, Invalidation: v.Invalidation,
			Conviction: v.Conviction, LossBudget: lb, Ledger: ledger,
			PreMortem: cloneStrings(v.PreMortem), BaseRate: cloneInt(v.BaseRate),
		}, nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// A thesis is stored from layout 4 in an envelope, the JSON object
//
//	{"v":1,"crc32c":"<8 lower-case hex digits>","thesis":<JSON thesisRecord>}
//
// written byte for byte as sealRecord writes it: "v" is envelopeVersion, and
// crc32c the CRC-32C (Castagnoli) checksum of the exact bytes of the record.
// A value in any other form is damaged, so no change to a single byte of it
// goes unnoticed (JSON alone would, for one, match "V" to "v").

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

var (
	sealedPrefix = fmt.Appendf(nil, `{"v":%d,"crc32c":"`, envelopeVersion)
	sealedMiddle = []byte(`","thesis":`)
)

// sealRecord wraps the bytes of a JSON thesisRecord in its envelope.
func sealRecord(rec []byte) []byte {
	// Sized exactly: an import holds every record it writes until it commits.
	out := make([]byte, 0, len(sealedPrefix)+8+len(sealedMiddle)+len(rec)+1)
	out = append(out, sealedPrefix...)
	out = fmt.Appendf(out, "%08x", crc32.Checksum(rec, castagnoli))
	out = append(out, sealedMiddle...)
	out = append(out, rec...)
	return append(out, '}')
}

// openRecord returns the thesisRecord bytes held in a stored value after
// checking their checksum. bare accepts a record without an envelope, as
// layouts before 4 store them.
func openRecord(b []byte, bare bool) ([]byte, error) {
	n, m := len(sealedPrefix), len(sealedMiddle)
	if len(b) < n+8+m+1 || !bytes.HasPrefix(b, sealedPrefix) || !bytes.Equal(b[n+8:n+8+m], sealedMiddle) || b[len(b)-1] != '}' {
		if bare {
			return b, nil
		}
		return nil, errors.New("the record is not in its checksummed envelope")
	}
	rec := b[n+8+m : len(b)-1]
	if fmt.Sprintf("%08x", crc32.Checksum(rec, castagnoli)) != string(b[n:n+8]) {
		return nil, errors.New("checksum mismatch: its bytes changed on disk")
	}
	return rec, nil
}

// encodeThesis returns the stored bytes of t.
func encodeThesis(t *journal.Thesis) ([]byte, error) {
	rec, err := json.Marshal(newThesisRecord(t))
	if err != nil {
		return nil, err
	}
	return sealRecord(rec), nil
}

// decodeThesis checks and decodes stored bytes; bare accepts a record without
// an envelope (layouts before 4). base is the journal's base currency, which
// the positions of a version 1 record need to become fills. The result
// shares no memory with b.
func decodeThesis(b []byte, bare bool, base string) (*journal.Thesis, error) {
	rec, err := openRecord(b, bare)
	if err != nil {
		return nil, err
	}
	var r thesisRecord
	if err := json.Unmarshal(rec, &r); err != nil {
		return nil, err
	}
	var legacy legacyPositions
	if r.V == 1 {
		r.Positions = nil
		if err := json.Unmarshal(rec, &legacy); err != nil {
			return nil, err
		}
	}
	return r.thesis(legacy.Positions, base)
}

func encodeSettings(s journal.Settings) ([]byte, error) {
	r := settingsRecord{
		V: recordVersion, BaseCurrency: s.BaseCurrency, TotalLossBudget: optMoneyRec(s.TotalLossBudget),
		Benchmark: s.Benchmark, Author: s.Author, CostMethod: string(s.CostMethod),
	}
	if len(s.AlertThresholds) > 0 {
		r.V = settingsVersion
		r.AlertThresholds = mapSlice(s.AlertThresholds, decimal.Decimal.String)
	}
	return json.Marshal(r)
}

func decodeSettings(b []byte) (journal.Settings, error) {
	var r settingsRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return journal.Settings{}, err
	}
	if r.V < 1 || r.V > settingsVersion {
		return journal.Settings{}, fmt.Errorf("settings record version %d is not one this version of Hindsight reads", r.V)
	}
	lb, err := optMoney(r.TotalLossBudget)
	if err != nil {
		return journal.Settings{}, err
	}
	th, err := mapSliceErr(r.AlertThresholds, parseDecimal)
	if err != nil {
		return journal.Settings{}, err
	}
	return journal.Settings{
		BaseCurrency: r.BaseCurrency, TotalLossBudget: lb, Benchmark: r.Benchmark, Author: r.Author,
		CostMethod: journal.CostMethod(r.CostMethod), AlertThresholds: th,
	}, nil
}

// decodeCount reads a uint64 counter, 0 when absent.
func decodeCount(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// decodeUint32 reads a uint32 value, 0 when absent or malformed.
func decodeUint32(b []byte) uint32 {
	if len(b) != 4 {
		return 0
	}
	return binary.BigEndian.Uint32(b)
}

// maxDoc is the largest document number.
const maxDoc = math.MaxUint32
