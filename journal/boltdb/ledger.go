package boltdb

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
)

// corporateActionRecord is the stored form of a journal.CorporateAction.
type corporateActionRecord struct {
	V      int       `json:"v"`
	ID     string    `json:"id"`
	Symbol string    `json:"symbol"`
	Kind   string    `json:"kind"`
	Ratio  string    `json:"ratio"`
	At     time.Time `json:"at"`
	Source string    `json:"source"`
}

// tradeRecord is the stored form of a journal.Trade.
type tradeRecord struct {
	Format     string       `json:"format"`
	Ref        string       `json:"ref"`
	Line       int          `json:"line"`
	Kind       string       `json:"kind"`
	At         time.Time    `json:"at"`
	Symbol     string       `json:"symbol"`
	Code       string       `json:"code,omitempty"`
	Candidates []string     `json:"candidates,omitempty"`
	Name       string       `json:"name,omitempty"`
	Quantity   string       `json:"quantity"`
	Price      *moneyRecord `json:"price,omitempty"`
	Amount     *moneyRecord `json:"amount,omitempty"`
	Fees       *moneyRecord `json:"fees,omitempty"`
	Taxes      *moneyRecord `json:"taxes,omitempty"`
	FXToBase   string       `json:"fx_to_base,omitempty"`
	Note       string       `json:"note,omitempty"`
}

// inboxRecord is the stored form of a journal.InboxEntry.
type inboxRecord struct {
	V       int         `json:"v"`
	ID      string      `json:"id"`
	AddedAt time.Time   `json:"added_at"`
	Trade   tradeRecord `json:"trade"`
}

// tradePresetRecord is the stored form of a journal.TradePreset.
type tradePresetRecord struct {
	V       int             `json:"v"`
	Name    string          `json:"name"`
	Mapping json.RawMessage `json:"mapping"`
}

func encodeAction(a journal.CorporateAction) ([]byte, error) {
	return json.Marshal(corporateActionRecord{
		V: recordVersion, ID: a.ID, Symbol: a.Symbol, Kind: string(a.Kind), Ratio: a.Ratio, At: a.At.UTC(), Source: a.Source,
	})
}

func decodeAction(b []byte) (journal.CorporateAction, error) {
	var r corporateActionRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return journal.CorporateAction{}, err
	}
	if r.V != recordVersion {
		return journal.CorporateAction{}, fmt.Errorf("record version %d is not one this version of Hindsight reads", r.V)
	}
	return journal.CorporateAction{ID: r.ID, Symbol: r.Symbol, Kind: journal.ActionKind(r.Kind), Ratio: r.Ratio, At: r.At, Source: r.Source}, nil
}

func encodeInbox(e journal.InboxEntry) ([]byte, error) {
	tr := e.Trade
	return json.Marshal(inboxRecord{V: recordVersion, ID: e.ID, AddedAt: e.AddedAt.UTC(), Trade: tradeRecord{
		Format: tr.Format, Ref: tr.Ref, Line: tr.Line, Kind: string(tr.Kind), At: tr.At.UTC(), Symbol: tr.Symbol,
		Code: tr.Code, Candidates: cloneStrings(tr.Candidates), Name: tr.Name, Quantity: tr.Quantity.String(),
		Price: optMoneyRec(tr.Price), Amount: optMoneyRec(tr.Amount), Fees: optMoneyRec(tr.Fees),
		Taxes: optMoneyRec(tr.Taxes), FXToBase: optDecimal(tr.FXToBase), Note: tr.Note,
	}})
}

func decodeInbox(b []byte) (journal.InboxEntry, error) {
	var r inboxRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return journal.InboxEntry{}, err
	}
	if r.V != recordVersion {
		return journal.InboxEntry{}, fmt.Errorf("record version %d is not one this version of Hindsight reads", r.V)
	}
	t := r.Trade
	tr := journal.Trade{
		Format: t.Format, Ref: t.Ref, Line: t.Line, Kind: journal.TradeKind(t.Kind), At: t.At, Symbol: t.Symbol,
		Code: t.Code, Candidates: cloneStrings(t.Candidates), Name: t.Name, Note: t.Note,
	}
	var err error
	for _, step := range []func() error{
		func() (err error) { tr.Quantity, err = parseDecimal(t.Quantity); return },
		func() (err error) { tr.Price, err = optMoney(t.Price); return },
		func() (err error) { tr.Amount, err = optMoney(t.Amount); return },
		func() (err error) { tr.Fees, err = optMoney(t.Fees); return },
		func() (err error) { tr.Taxes, err = optMoney(t.Taxes); return },
		func() (err error) { tr.FXToBase, err = parseOptDecimal(t.FXToBase); return },
	} {
		if err = step(); err != nil {
			return journal.InboxEntry{}, err
		}
	}
	return journal.InboxEntry{ID: r.ID, AddedAt: r.AddedAt, Trade: tr}, nil
}

// refKey is the trade_refs key of an imported row.
func refKey(format, ref string) []byte {
	return []byte(format + "\x00" + ref)
}

// ledgerBucket returns a bucket added by layout 6, or nil when a read-only
// open of an older layout has none (it reads as empty).
func ledgerBucket(tx *bolt.Tx, name []byte) *bolt.Bucket { return tx.Bucket(name) }

// actions reads every corporate action, by symbol and date.
func (db *DB) actions(tx *bolt.Tx) ([]journal.CorporateAction, error) {
	bk := ledgerBucket(tx, bucketActions)
	if bk == nil {
		return nil, nil
	}
	var out []journal.CorporateAction
	err := bk.ForEach(func(k, v []byte) error {
		a, err := decodeAction(v)
		if err != nil {
			return db.unreadable(fmt.Sprintf("corporate action %s", k), err)
		}
		out = append(out, a)
		return nil
	})
	sortActions(out)
	return out, err
}

func sortActions(as []journal.CorporateAction) {
	slices.SortFunc(as, func(a, b journal.CorporateAction) int {
		return cmp.Or(cmp.Compare(a.Symbol, b.Symbol), a.At.Compare(b.At), cmp.Compare(a.ID, b.ID))
	})
}

// CorporateActions returns the journal's corporate actions, by symbol and date.
func (db *DB) CorporateActions(ctx context.Context) ([]journal.CorporateAction, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []journal.CorporateAction
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		out, err = db.actions(tx)
		return err
	})
	return out, err
}

// SaveCorporateActions validates actions and stores them merged by id (an
// action already stored is replaced), and returns how many were new. The
// ledger of every thesis with a position in a symbol of the actions is
// checked again with the journal's actions as they would then be; when any
// breaks (a sell more than is held after a split), the error names the
// theses and nothing is written.
func (db *DB) SaveCorporateActions(ctx context.Context, actions []journal.CorporateAction) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	vals := make([][]byte, len(actions))
	for i, a := range actions {
		a.At = a.At.UTC()
		if err := a.Validate(); err != nil {
			return 0, fmt.Errorf("corporate action #%d: %w", i+1, err)
		}
		var err error
		if vals[i], err = encodeAction(a); err != nil {
			return 0, fmt.Errorf("corporate action %s: %w", a.ID, err)
		}
	}
	added := 0
	err := db.update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketActions)
		stored, err := db.actions(tx)
		if err != nil {
			return err
		}
		byID := map[string]journal.CorporateAction{}
		for _, a := range stored {
			byID[a.ID] = a
		}
		added = 0
		symbols := map[string]bool{}
		for _, a := range actions {
			if _, ok := byID[a.ID]; !ok {
				added++
			}
			a.At = a.At.UTC()
			byID[a.ID] = a
			symbols[a.Symbol] = true
		}
		if err := db.checkLedgers(tx, symbols, mapValues(byID)); err != nil {
			return err
		}
		for i, a := range actions {
			if err := bk.Put([]byte(a.ID), vals[i]); err != nil {
				return fmt.Errorf("corporate action %s: %w", a.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

func mapValues[K comparable, V any](m map[K]V) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// DeleteCorporateAction removes one action, or returns ENOTFOUND. When a
// thesis's ledger would break without it, the error names the theses and
// nothing is removed.
func (db *DB) DeleteCorporateAction(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketActions)
		v := bk.Get([]byte(id))
		if v == nil {
			return journal.Errorf(journal.ENOTFOUND, "corporate action %s not found", id)
		}
		gone, err := decodeAction(v)
		if err != nil {
			return db.unreadable("corporate action "+id, err)
		}
		stored, err := db.actions(tx)
		if err != nil {
			return err
		}
		rest := slices.DeleteFunc(stored, func(a journal.CorporateAction) bool { return a.ID == id })
		if err := db.checkLedgers(tx, map[string]bool{gone.Symbol: true}, rest); err != nil {
			return err
		}
		if err := bk.Delete([]byte(id)); err != nil {
			return fmt.Errorf("corporate action %s: %w", id, err)
		}
		return nil
	})
}

// checkLedgers checks with actions the ledger of every thesis holding a
// position in one of symbols, and names those whose ledger breaks.
func (db *DB) checkLedgers(tx *bolt.Tx, symbols map[string]bool, actions []journal.CorporateAction) error {
	sortActions(actions)
	var broken []string
	checked := map[string]bool{}
	for _, sym := range sortedKeys(symbols) {
		ids, err := db.idsWithSymbol(tx, sym)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if checked[id] {
				continue
			}
			checked[id] = true
			t, err := db.get(tx, id)
			if err != nil {
				return err
			}
			if err := t.ValidateLedger(actions); err != nil {
				broken = append(broken, fmt.Sprintf("%s (%s)", id, journal.ErrorMessage(err)))
			}
		}
	}
	if len(broken) > 0 {
		return journal.Errorf(journal.EINVALID, "the corporate actions would break the ledger of thesis %s", strings.Join(broken, ", thesis "))
	}
	return nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// idsWithSymbol returns the ids of the theses with a position or snapshot
// in sym, from by_symbol.
func (db *DB) idsWithSymbol(tx *bolt.Tx, sym string) ([]string, error) {
	prefix := append([]byte(sym), 0)
	var ids []string
	c := tx.Bucket(bucketBySymbol).Cursor()
	for k, _ := c.Seek(prefix); k != nil && len(k) > len(prefix) && string(k[:len(prefix)]) == string(prefix); k, _ = c.Next() {
		ids = append(ids, string(k[len(prefix):]))
	}
	return ids, nil
}

// TradePresets returns the saved column mappings for generic CSV trade
// files, by name.
func (db *DB) TradePresets(ctx context.Context) ([]journal.TradePreset, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []journal.TradePreset
	err := db.view(func(tx *bolt.Tx) error {
		bk := ledgerBucket(tx, bucketPresets)
		if bk == nil {
			return nil
		}
		return bk.ForEach(func(k, v []byte) error {
			var r tradePresetRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return db.unreadable(fmt.Sprintf("trade preset %q", k), err)
			}
			if r.V != recordVersion {
				return db.unreadable(fmt.Sprintf("trade preset %q", k), fmt.Errorf("record version %d is not one this version of Hindsight reads", r.V))
			}
			out = append(out, journal.TradePreset{Name: r.Name, Mapping: json.RawMessage(slices.Clone([]byte(r.Mapping)))})
			return nil
		})
	})
	return out, err
}

// MaxPresetName is the longest name of a trade preset, in characters.
const MaxPresetName = 60

// SaveTradePreset stores a preset, replacing one of the same name. The name
// is 1 to MaxPresetName characters and the mapping a JSON object.
func (db *DB) SaveTradePreset(ctx context.Context, p journal.TradePreset) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p.Name = strings.TrimSpace(p.Name)
	if n := utf8.RuneCountInString(p.Name); n == 0 || n > MaxPresetName || !utf8.ValidString(p.Name) {
		return journal.Errorf(journal.EINVALID, "preset name must be 1-%d characters", MaxPresetName)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(p.Mapping, &obj); err != nil || obj == nil {
		return journal.Errorf(journal.EINVALID, "preset %s: mapping must be a JSON object", p.Name)
	}
	v, err := json.Marshal(tradePresetRecord{V: recordVersion, Name: p.Name, Mapping: p.Mapping})
	if err != nil {
		return fmt.Errorf("trade preset %s: %w", p.Name, err)
	}
	return db.update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketPresets).Put([]byte(p.Name), v); err != nil {
			return fmt.Errorf("trade preset %s: %w", p.Name, err)
		}
		return nil
	})
}

// inbox reads every inbox entry, oldest first.
func (db *DB) inbox(tx *bolt.Tx) ([]journal.InboxEntry, error) {
	bk := ledgerBucket(tx, bucketInbox)
	if bk == nil {
		return nil, nil
	}
	var out []journal.InboxEntry
	err := bk.ForEach(func(k, v []byte) error {
		e, err := decodeInbox(v)
		if err != nil {
			return db.unreadable(fmt.Sprintf("inbox entry %s", k), err)
		}
		out = append(out, e)
		return nil
	})
	slices.SortFunc(out, func(a, b journal.InboxEntry) int {
		return cmp.Or(a.AddedAt.Compare(b.AddedAt), a.Trade.At.Compare(b.Trade.At), cmp.Compare(a.Trade.Line, b.Trade.Line), cmp.Compare(a.ID, b.ID))
	})
	return out, err
}

// Inbox returns the imported trades not yet assigned to a thesis, oldest
// first (by import, then trade time, then line).
func (db *DB) Inbox(ctx context.Context) ([]journal.InboxEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []journal.InboxEntry
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		out, err = db.inbox(tx)
		return err
	})
	return out, err
}

// DiscardInbox removes inbox entries the user chose to throw away; an
// unknown id is ENOTFOUND and nothing is removed. The rows stay recorded as
// imported (trade_refs), so importing the same file again does not bring
// them back.
func (db *DB) DiscardInbox(ctx context.Context, ids []string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketInbox)
		for _, id := range ids {
			if bk.Get([]byte(id)) == nil {
				return journal.Errorf(journal.ENOTFOUND, "inbox entry %s not found", id)
			}
		}
		for _, id := range ids {
			if err := bk.Delete([]byte(id)); err != nil {
				return fmt.Errorf("inbox entry %s: %w", id, err)
			}
		}
		return nil
	})
}

// AssignInbox moves inbox entries into thesis thesisID as fills and
// dividends, into its long or short position of each entry's symbol (a long
// position is added when it has none), recorded as an edit of the thesis
// (journal.ApplyEdit). The thesis's ledger is checked with the journal's
// corporate actions; an error names the entry's line and nothing changes.
// Each entry's row then points at the fill or dividend it became.
func (db *DB) AssignInbox(ctx context.Context, ids []string, thesisID string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := db.now()
	return db.update(func(tx *bolt.Tx) error {
		prev, err := db.get(tx, thesisID)
		if err != nil {
			return err
		}
		bk := tx.Bucket(bucketInbox)
		c := workingCopy(prev)
		lines := map[string]int{}
		var entries []journal.InboxEntry
		for _, id := range ids {
			v := bk.Get([]byte(id))
			if v == nil {
				return journal.Errorf(journal.ENOTFOUND, "inbox entry %s not found", id)
			}
			e, err := decodeInbox(v)
			if err != nil {
				return db.unreadable("inbox entry "+id, err)
			}
			if _, dup := lines[e.ID]; dup {
				continue
			}
			journal.AddTrade(c, e.Trade)
			lines[e.ID] = e.Trade.Line
			entries = append(entries, e)
		}
		s, err := db.settings(tx)
		if err != nil {
			return err
		}
		actions, err := db.actions(tx)
		if err != nil {
			return err
		}
		if err := db.prepareLedgerEdit(prev, c, s, actions, now, lines); err != nil {
			return err
		}
		b := newBatch()
		_, queued, err := db.writeThesis(tx, b, prev, c, false)
		if err != nil {
			return err
		}
		for _, e := range entries {
			b.del(bucketInbox, []byte(e.ID))
			b.put(bucketTradeRefs, refKey(e.Trade.Format, e.Trade.Ref), []byte(e.ID))
		}
		if queued {
			db.notePending(tx, 1)
		}
		return wrapID(c.ID, db.flush(tx, b))
	})
}

// prepareLedgerEdit makes c, prev with fills and dividends added, ready to
// store: FX rates in the base currency, normalised, the edit recorded
// (ApplyEdit), validated and its ledger checked with actions. An error
// about a fill or dividend names its line from lines (id → line).
func (db *DB) prepareLedgerEdit(prev, c *journal.Thesis, s journal.Settings, actions []journal.CorporateAction, now time.Time, lines map[string]int) error {
	c.FillFX(s.BaseCurrency)
	c.Normalize()
	if err := journal.ApplyEdit(prev, c, now); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return lineError(c, err, lines)
	}
	if err := c.ValidateLedger(actions); err != nil {
		return lineError(c, err, lines)
	}
	return nil
}

// lineError names the file line of the first fill or dividend err is about
// when it came from a trade, and the thesis.
func lineError(t *journal.Thesis, err error, lines map[string]int) error {
	var ve *journal.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			var pi, fi int
			var id string
			if n, _ := fmt.Sscanf(p.Field, "positions[%d].fills[%d]", &pi, &fi); n == 2 && pi < len(t.Positions) && fi < len(t.Positions[pi].Fills) {
				id = t.Positions[pi].Fills[fi].ID
			} else if n, _ := fmt.Sscanf(p.Field, "positions[%d].dividends[%d]", &pi, &fi); n == 2 && pi < len(t.Positions) && fi < len(t.Positions[pi].Dividends) {
				id = t.Positions[pi].Dividends[fi].ID
			}
			if line, ok := lines[id]; ok {
				return journal.Errorf(journal.EINVALID, "line %d: thesis %s: %s", line, t.ID, p)
			}
		}
	}
	return fmt.Errorf("thesis %s: %w", t.ID, err)
}

// ImportTrades turns trades read from another tool's file into fills and
// dividends, as journal.AssignTrades plans them, in one transaction: the
// theses changed (each edit recorded by journal.ApplyEdit with the fills it
// added), their indexes, the inbox entries and the rows imported
// (trade_refs) are all written or none. A row whose format and ref were
// imported before, whether it went to a thesis, to the inbox or was
// discarded from it, is a duplicate and skipped. The ledgers of the theses
// changed are checked with the journal's corporate actions; an error names
// the trade's line. With opts.DryRun everything is worked out and checked
// and nothing is written.
func (db *DB) ImportTrades(ctx context.Context, trades []journal.Trade, opts journal.TradeOptions) (journal.TradeImportResult, error) {
	if err := ctx.Err(); err != nil {
		return journal.TradeImportResult{}, err
	}
	if opts.Now.IsZero() {
		opts.Now = db.now()
	}
	opts.Now = opts.Now.UTC()
	var res journal.TradeImportResult
	run := func(tx *bolt.Tx, write bool) error {
		res = journal.TradeImportResult{DryRun: !write}
		s, err := db.settings(tx)
		if err != nil {
			return err
		}
		actions, err := db.actions(tx)
		if err != nil {
			return err
		}
		theses, err := db.tradeTheses(tx, trades, opts)
		if err != nil {
			return err
		}
		refs := ledgerBucket(tx, bucketTradeRefs)
		seen := func(format, ref string) bool { return refs != nil && refs.Get(refKey(format, ref)) != nil }
		changed, inbox, rows, err := journal.AssignTrades(theses, trades, opts, seen)
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		prevs := make(map[string]*journal.Thesis, len(theses))
		for _, t := range theses {
			prevs[t.ID] = t
		}
		lines := make(map[string]int, len(rows))
		for _, r := range rows {
			switch r.Dest {
			case journal.DestThesis:
				lines[r.ID] = r.Line
				if !slices.Contains(res.Theses, r.ThesisID) {
					res.Theses = append(res.Theses, r.ThesisID)
				}
			case journal.DestInbox:
				res.Inbox++
			case journal.DestDuplicate:
				res.Duplicates++
			}
		}
		for i, tr := range trades {
			if rows[i].Dest == journal.DestThesis {
				if tr.Kind == journal.TradeDividend {
					res.Dividends++
				} else {
					res.Fills++
				}
			}
		}
		res.Rows = rows
		for _, c := range changed {
			if err := db.prepareLedgerEdit(prevs[c.ID], c, s, actions, opts.Now, lines); err != nil {
				return err
			}
		}
		if !write {
			return nil
		}
		if len(trades) >= largeTradeImport {
			runtime.GC() // the checks' garbage, before the records are encoded
		}
		b := newBatch()
		queued := 0
		for i, c := range changed {
			_, q, err := db.writeThesis(tx, b, prevs[c.ID], c, false)
			if err != nil {
				return err
			}
			if q {
				queued++
			}
			changed[i], prevs[c.ID] = nil, nil // its record is in b: let the theses go
		}
		theses, lines = nil, nil
		for _, e := range inbox {
			v, err := encodeInbox(e)
			if err != nil {
				return fmt.Errorf("inbox entry %s: %w", e.ID, err)
			}
			b.put(bucketInbox, []byte(e.ID), v)
		}
		for i, r := range rows {
			if r.Dest != journal.DestDuplicate {
				b.put(bucketTradeRefs, refKey(trades[i].Format, trades[i].Ref), []byte(r.ID))
			}
		}
		db.notePending(tx, queued)
		if err := db.flush(tx, b); err != nil {
			return err
		}
		if len(trades) >= largeTradeImport {
			// The commit writes every page out of new buffers: collect the
			// garbage of the plan first, so that the heap peaks at what is
			// live rather than at twice the import.
			runtime.GC()
		}
		return nil
	}
	var err error
	if opts.DryRun {
		err = db.view(func(tx *bolt.Tx) error { return run(tx, false) })
	} else {
		err = db.update(func(tx *bolt.Tx) error { return run(tx, true) })
	}
	if err != nil {
		return journal.TradeImportResult{}, err
	}
	return res, nil
}

// largeTradeImport is the number of trades from which an import collects
// its garbage before it commits.
const largeTradeImport = 10_000

// tradeTheses reads the theses trades may go to: opts.ThesisID alone, or
// every thesis with a position or snapshot in a symbol of the trades.
func (db *DB) tradeTheses(tx *bolt.Tx, trades []journal.Trade, opts journal.TradeOptions) ([]*journal.Thesis, error) {
	if opts.ThesisID != "" {
		t, err := db.get(tx, opts.ThesisID)
		if journal.ErrorCode(err) == journal.ENOTFOUND {
			return nil, nil // AssignTrades reports it
		}
		if err != nil {
			return nil, err
		}
		return []*journal.Thesis{t}, nil
	}
	symbols := map[string]bool{}
	for _, tr := range trades {
		sym := tr.Symbol
		if sym == "" {
			sym = opts.Symbols[tr.Code]
		}
		if sym != "" {
			symbols[strings.ToUpper(strings.TrimSpace(sym))] = true
		}
	}
	var out []*journal.Thesis
	got := map[string]bool{}
	for _, sym := range sortedKeys(symbols) {
		ids, err := db.idsWithSymbol(tx, sym)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if got[id] {
				continue
			}
			got[id] = true
			t, err := db.get(tx, id)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
		}
	}
	return out, nil
}
