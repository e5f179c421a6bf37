package boltdb

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
)

// sortedThreshold is the largest match set that List orders by looking up
// each match; larger sets are ordered by walking by_created.
const sortedThreshold = 4096

func (db *DB) now() time.Time { return db.opts.Now().UTC() }

// Create saves a new thesis. It assigns ID (journal.NewID) and CreatedAt when
// they are empty, fills in FX rates for positions in the base currency,
// normalises and validates it, and writes it with its index entries in one
// durable transaction; its words join the search index shortly after, and
// search finds it by them at once. On success t holds the thesis as stored.
// An existing id is ECONFLICT.
func (db *DB) Create(ctx context.Context, t *journal.Thesis) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := db.now()
	c := workingCopy(t)
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	if c.ID == "" {
		c.ID = journal.NewID(now)
	}
	err := db.update(func(tx *bolt.Tx) error {
		s, err := db.settings(tx)
		if err != nil {
			return err
		}
		c.FillFX(s.BaseCurrency)
		c.Normalize()
		if err := c.Validate(); err != nil {
			return fmt.Errorf("thesis %s: %w", c.ID, err)
		}
		if err := db.checkLedger(tx, c); err != nil {
			return err
		}
		if tx.Bucket(bucketTheses).Get([]byte(c.ID)) != nil {
			return journal.Errorf(journal.ECONFLICT, "thesis %s already exists", c.ID)
		}
		if err := db.put(tx, nil, c); err != nil {
			return err
		}
		db.rememberStored(tx, c)
		return nil
	})
	if err != nil {
		return err
	}
	*t = *c
	return nil
}

// Update saves an edit of a stored thesis through journal.ApplyEdit: the
// previous claim goes into the revision history, saved snapshots and reviews
// may not change (ECONFLICT), UpdatedAt is stamped. On success t holds the
// thesis as stored.
func (db *DB) Update(ctx context.Context, t *journal.Thesis) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if t.ID == "" {
		return journal.Errorf(journal.EINVALID, "thesis id must be set to update it")
	}
	now := db.now()
	var c *journal.Thesis
	err := db.update(func(tx *bolt.Tx) error {
		c = workingCopy(t)
		prev, err := db.getForEdit(tx, c.ID)
		if err != nil {
			return err
		}
		s, err := db.settings(tx)
		if err != nil {
			return err
		}
		c.FillFX(s.BaseCurrency)
		c.Normalize()
		if err := journal.ApplyEdit(prev, c, now); err != nil {
			return err
		}
		c.Normalize()
		if err := c.Validate(); err != nil {
			return fmt.Errorf("thesis %s: %w", c.ID, err)
		}
		if err := db.checkLedger(tx, c); err != nil {
			return err
		}
		if err := db.put(tx, prev, c); err != nil {
			return err
		}
		// Kept for the next edit; should the commit fail, the record stays the
		// earlier one, which this copy does not match.
		db.rememberStored(tx, c)
		return nil
	})
	if err != nil {
		return err
	}
	*t = *c
	return nil
}

// checkLedger checks that c's fills can be counted with the journal's corporate
// actions (journal.Thesis.ValidateLedger).
func (db *DB) checkLedger(tx *bolt.Tx, c *journal.Thesis) error {
	acts, err := db.actions(tx)
	if err != nil {
		return err
	}
	if err := c.ValidateLedger(acts); err != nil {
		return fmt.Errorf("thesis %s: %w", c.ID, err)
	}
	return nil
}

// put writes the validated thesis c in place of prev (nil for a new one) with its
// indexes, marks its search words pending, and flushes the writes in key order.
func (db *DB) put(tx *bolt.Tx, prev, c *journal.Thesis) error {
	b := newBatch()
	_, queued, err := db.writeThesis(tx, b, prev, c, false)
	if err != nil {
		return err
	}
	if queued {
		db.notePending(tx, 1)
	}
	return wrapID(c.ID, db.flush(tx, b))
}

// workingCopy returns a copy of t that Normalize, FillFX and ApplyEdit can
// change without touching t: the struct and every slice they write to,
// fills and dividends included.
func workingCopy(t *journal.Thesis) *journal.Thesis {
	c := *t
	c.Reasons = slices.Clone(t.Reasons)
	c.Tags = slices.Clone(t.Tags)
	c.Positions = slices.Clone(t.Positions)
	for i := range c.Positions {
		c.Positions[i].Fills = slices.Clone(c.Positions[i].Fills)
		c.Positions[i].Dividends = slices.Clone(c.Positions[i].Dividends)
	}
	c.Snapshots = slices.Clone(t.Snapshots)
	c.Revisions = slices.Clone(t.Revisions)
	c.Reviews = slices.Clone(t.Reviews)
	for i := range c.Reviews {
		c.Reviews[i].Prices = slices.Clone(c.Reviews[i].Prices)
		c.Reviews[i].Checks = slices.Clone(c.Reviews[i].Checks)
	}
	return &c
}

// Get returns the thesis with the id, or an ENOTFOUND error.
func (db *DB) Get(ctx context.Context, id string) (*journal.Thesis, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var t *journal.Thesis
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		t, err = db.get(tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// Delete removes the thesis and its index entries, or returns ENOTFOUND.
func (db *DB) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		prev, err := db.get(tx, id)
		if err != nil {
			return err
		}
		doc, err := db.docOf(tx, id)
		if err != nil {
			return err
		}
		pe := indexEntries(prev)
		b := newBatch()
		b.index(doc, &pe, nil)
		db.notePending(tx, queueDelete(tx, b, doc, prev))
		b.del(bucketDocs, docKey(doc))
		b.del(bucketDocOf, []byte(id))
		b.del(bucketTheses, []byte(id))
		b.count--
		return wrapID(id, db.flush(tx, b))
	})
}

// get reads and decodes one thesis inside tx.
func (db *DB) get(tx *bolt.Tx, id string) (*journal.Thesis, error) {
	v := tx.Bucket(bucketTheses).Get([]byte(id))
	if v == nil {
		return nil, &journal.Error{Code: journal.ENOTFOUND, Message: fmt.Sprintf("thesis %s not found", id)}
	}
	t, err := decodeThesis(v, db.bare, db.legacyBase)
	if err != nil {
		return nil, db.unreadable("thesis "+id, err)
	}
	return t, nil
}

// docOf returns the document number of a stored thesis.
func (db *DB) docOf(tx *bolt.Tx, id string) (uint32, error) {
	doc, ok := docOf(tx.Bucket(bucketDocOf).Get([]byte(id)))
	if !ok {
		return 0, db.unreadable("thesis "+id, fmt.Errorf("its document number is missing"))
	}
	return doc, nil
}

// writeThesis records in b the writes that store t, replacing prev (nil for
// a new thesis), with its index entries, and queues its search words (see
// queueWords). With indexNow, the words of a document that is not pending
// go into b's postings instead, as an import that indexes everything in its
// transaction needs: a pending entry written and taken out again in the same
// transaction would be wasted work. It returns the thesis's document number
// and whether a pending entry was added for it.
func (db *DB) writeThesis(tx *bolt.Tx, b *batch, prev, t *journal.Thesis, indexNow bool) (uint32, bool, error) {
	val, err := encodeThesis(t)
	if err != nil {
		return 0, false, fmt.Errorf("thesis %s: %w", t.ID, err)
	}
	ne := indexEntries(t)
	var doc uint32
	var oe *entries
	if prev == nil {
		if doc, err = assignDoc(tx, b, t.ID, ne.created); err != nil {
			return 0, false, fmt.Errorf("thesis %s: %w", t.ID, err)
		}
		b.count++
	} else {
		if doc, err = db.docOf(tx, t.ID); err != nil {
			return 0, false, err
		}
		pe := indexEntries(prev)
		oe = &pe
		if !bytes.Equal(pe.created, ne.created) {
			b.put(bucketDocs, docKey(doc), ne.created)
		}
	}
	b.put(bucketTheses, []byte(t.ID), val)
	b.index(doc, oe, &ne)
	if indexNow && tx.Bucket(bucketPending).Get(docKey(doc)) == nil {
		// Not pending: postings hold exactly prev's words.
		var old []string
		if prev != nil {
			old = indexWords(prev)
		}
		b.words(doc, old, indexWords(t))
		return doc, false, nil
	}
	return doc, queueWords(tx, b, doc, prev, t), nil
}

// wrapID names the thesis in a storage error.
func wrapID(id string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("thesis %s: %w", id, err)
}

// flush applies b inside tx and records the new vocabulary words for search.
func (db *DB) flush(tx *bolt.Tx, b *batch) error {
	added, err := b.flush(tx)
	if err != nil {
		return err
	}
	db.vocab.add(added)
	return nil
}

// ensureVocab (re)loads the vocabulary cache when needed. It must not be
// called inside a transaction.
func (db *DB) ensureVocab() error {
	if !db.vocab.stale() {
		return nil
	}
	db.wmu.Lock()
	defer db.wmu.Unlock()
	if !db.vocab.stale() {
		return nil
	}
	return db.viewTx(true, func(tx *bolt.Tx) error {
		db.vocab.load(tx)
		return nil
	})
}

// List returns the theses matching f, newest first, and the number of
// matches before f.Offset and f.Limit were applied. Filters combine: a thesis
// must pass every one that is set. A damaged thesis record is left out of
// the list, which holds the others, and the error is then EDAMAGED, naming
// it (the count still includes it).
func (db *DB) List(ctx context.Context, f journal.Filter) ([]*journal.Thesis, int, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	hasQuery := strings.TrimSpace(f.Query) != ""
	if hasQuery {
		if err := db.ensureVocab(); err != nil {
			return nil, 0, err
		}
	}
	offset, limit := max(f.Offset, 0), max(f.Limit, 0)
	var out []*journal.Thesis
	var bad unreadableTheses
	total := 0
	err := db.view(func(tx *bolt.Tx) error {
		var blob []byte
		if hasQuery {
			var loaded bool
			if blob, loaded = db.vocab.snapshot(); !loaded {
				blob = vocabBlob(tx) // dropped meanwhile: read it here
			}
		}
		maxDocNum := uint32(min(tx.Bucket(bucketDocs).Sequence(), maxDoc))
		var set *bitset
		and := func(b *bitset) {
			if set == nil {
				set = b
			} else {
				set.and(b)
			}
		}
		if f.Status != "" {
			and(prefixDocs(tx, bucketByStatus, string(f.Status), maxDocNum))
		}
		if f.Tag != "" {
			and(prefixDocs(tx, bucketByTag, normTag(f.Tag), maxDocNum))
		}
		if f.Symbol != "" {
			and(prefixDocs(tx, bucketBySymbol, strings.ToUpper(strings.TrimSpace(f.Symbol)), maxDocNum))
		}
		if !f.DueBy.IsZero() {
			and(dueDocs(tx, f.DueBy, maxDocNum))
			and(prefixDocs(tx, bucketByStatus, string(journal.StatusOpen), maxDocNum))
		}
		if len(f.IDs) > 0 {
			ids := newBitset(maxDocNum)
			docOfB := tx.Bucket(bucketDocOf)
			for _, id := range f.IDs {
				if doc, ok := docOf(docOfB.Get([]byte(id))); ok {
					ids.set(doc)
				}
			}
			and(ids)
		}
		exact := true
		if hasQuery {
			var found *bitset
			found, exact = search(tx, blob, f.Query, set, maxDocNum)
			if found != nil {
				if err := db.matchPending(tx, f.Query, found, set); err != nil {
					return err
				}
				and(found)
			}
		}

		if set == nil {
			total = int(decodeCount(tx.Bucket(bucketMeta).Get(keyThesisCount)))
			keys := walkNewest(tx, nil, offset, limit)
			out = db.load(tx, keys, &bad)
			return nil
		}
		if exact {
			total = set.count()
			keys := orderedKeys(tx, set, offset, limit)
			out = db.load(tx, keys, &bad)
			return nil
		}
		// Some query word was too long for the index alone to decide: read
		// the candidates and check their text.
		all := db.load(tx, orderedKeys(tx, set, 0, 0), &bad)
		var matched []*journal.Thesis
		for _, t := range all {
			if matchesQuery(t, f.Query) {
				matched = append(matched, t)
			}
		}
		total = len(matched)
		out = page(matched, offset, limit)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, bad.err(db.path)
}

func page[T any](s []T, offset, limit int) []T {
	if offset >= len(s) {
		return nil
	}
	s = s[offset:]
	if limit > 0 && limit < len(s) {
		s = s[:limit]
	}
	return s
}

// walkNewest walks by_created from the newest entry, keeping the entries in
// set (all when set is nil), skipping offset of them and stopping after limit
// (0: no limit). It returns copies of the by_created keys.
func walkNewest(tx *bolt.Tx, set *bitset, offset, limit int) [][]byte {
	var keys [][]byte
	c := tx.Bucket(bucketByCreated).Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		if set != nil {
			doc, ok := docOf(v)
			if !ok || !set.has(doc) {
				continue
			}
		}
		if offset > 0 {
			offset--
			continue
		}
		keys = append(keys, bytes.Clone(k))
		if limit > 0 && len(keys) == limit {
			break
		}
	}
	return keys
}

// orderedKeys returns the by_created keys of the documents in set, newest
// first, with offset and limit applied.
func orderedKeys(tx *bolt.Tx, set *bitset, offset, limit int) [][]byte {
	n := set.count()
	if n > sortedThreshold {
		return walkNewest(tx, set, offset, limit)
	}
	docs := tx.Bucket(bucketDocs)
	keys := make([][]byte, 0, n)
	set.each(func(doc uint32) bool {
		if k := docs.Get(docKey(doc)); len(k) > 8 {
			keys = append(keys, bytes.Clone(k))
		}
		return true
	})
	slices.SortFunc(keys, func(a, b []byte) int { return bytes.Compare(b, a) })
	return page(keys, offset, limit)
}

// load decodes the theses named by by_created keys. A thesis that cannot
// be read is left out and noted in bad, which keeps the first such error.
func (db *DB) load(tx *bolt.Tx, keys [][]byte, bad *unreadableTheses) []*journal.Thesis {
	out := make([]*journal.Thesis, 0, len(keys))
	for _, k := range keys {
		id := string(k[8:])
		t, err := db.get(tx, id)
		if journal.ErrorCode(err) == journal.ENOTFOUND {
			err = db.unreadable("thesis "+id, fmt.Errorf("indexed but not stored"))
		}
		if err != nil {
			bad.add(id, err)
			continue
		}
		out = append(out, t)
	}
	return out
}

// unreadableTheses collects the theses that List could not read.
type unreadableTheses struct {
	ids   []string
	first error
}

func (u *unreadableTheses) add(id string, err error) {
	u.ids = append(u.ids, id)
	if u.first == nil {
		u.first = err
	}
}

// err returns the EDAMAGED error naming the unreadable theses, nil when
// there are none.
func (u *unreadableTheses) err(path string) error {
	switch len(u.ids) {
	case 0:
		return nil
	case 1:
		return u.first
	}
	return damagedError(path, fmt.Sprintf("theses %s are unreadable", strings.Join(u.ids, ", ")))
}

// Tags returns every tag in use with its number of theses.
func (db *DB) Tags(ctx context.Context) (map[string]int, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	tags := map[string]int{}
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketByTag).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if tag, ok := splitSepKey(k); ok {
				tags[string(tag)]++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return tags, nil
}

// locale returns the user's locale from LC_ALL, LC_MESSAGES or LANG.
func locale() string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return ""
}

// settings reads the stored settings, or the locale's defaults.
func (db *DB) settings(tx *bolt.Tx) (journal.Settings, error) {
	v := tx.Bucket(bucketMeta).Get(keySettings)
	if v == nil {
		return journal.DefaultSettings(locale()), nil
	}
	s, err := decodeSettings(v)
	if err != nil {
		return journal.Settings{}, db.unreadable("settings", err)
	}
	return s, nil
}

// baseCurrency returns the journal's base currency inside tx.
func (db *DB) baseCurrency(tx *bolt.Tx) (string, error) {
	s, err := db.settings(tx)
	return s.BaseCurrency, err
}

// Settings returns the journal's settings; before any are saved, the
// defaults for the user's locale (LC_ALL, LC_MESSAGES, LANG).
func (db *DB) Settings(ctx context.Context) (journal.Settings, error) {
	if err := ctx.Err(); err != nil {
		return journal.Settings{}, err
	}
	var s journal.Settings
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		s, err = db.settings(tx)
		return err
	})
	return s, err
}

// SaveSettings validates and stores the settings.
func (db *DB) SaveSettings(ctx context.Context, s journal.Settings) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.Validate(); err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	v, err := encodeSettings(s)
	if err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	return db.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySettings, v)
	})
}

// Import merges theses by id in one transaction: all are written or none.
// Their search words are indexed before it returns (those of a large import
// in transactions of their own after it; until then search matches them
// directly).
// Each thesis is normalised and validated first; a missing id is assigned.
// New ids are added exactly as given (CreatedAt and UpdatedAt are kept). A
// stored id is never replaced as is: the stored thesis and the imported one
// are merged by journal.MergeThesis (nothing recorded on either side is lost,
// the newer version's fields are kept) and the result's Merged notes say
// what was kept and why; a thesis whose merge leaves it as it was counts as
// unchanged. Settings are replaced when s is non-nil. Corporate actions are
// stored merged by id in the same transaction, and the ledger of every thesis
// imported, and of every stored thesis holding a symbol of the actions, is
// checked with the journal's actions as they then stand. The caller's theses
// are not modified.
func (db *DB) Import(ctx context.Context, theses []*journal.Thesis, s *journal.Settings, actions ...journal.CorporateAction) (journal.ImportResult, error) {
	return db.importTheses(ctx, theses, s, actions, false)
}

// ImportDryRun works out what Import would do with the same arguments,
// through the same steps, and writes nothing; the result has DryRun set.
func (db *DB) ImportDryRun(ctx context.Context, theses []*journal.Thesis, s *journal.Settings, actions ...journal.CorporateAction) (journal.ImportResult, error) {
	return db.importTheses(ctx, theses, s, actions, true)
}

// importIndexNow is the most theses an import writes whose words it indexes
// in its own transaction; importIndexBatch is the number of documents of each
// transaction that indexes the words of a larger one after it.
const (
	importIndexNow   = applyMax
	importIndexBatch = 4 * applyMax
)

// importStep is one thesis an import writes: t in place of prev (nil for a new one).
type importStep struct {
	t, prev *journal.Thesis
}

// importTheses is Import, or with dryRun its plan alone in a read transaction.
func (db *DB) importTheses(ctx context.Context, theses []*journal.Thesis, s *journal.Settings, actions []journal.CorporateAction, dryRun bool) (journal.ImportResult, error) {
	if err := ctx.Err(); err != nil {
		return journal.ImportResult{}, err
	}
	actionVals := make([][]byte, len(actions))
	actionSymbols := map[string]bool{}
	for i := range actions {
		a := actions[i]
		a.At = a.At.UTC()
		if err := a.Validate(); err != nil {
			return journal.ImportResult{}, fmt.Errorf("import: corporate action #%d: %w", i+1, err)
		}
		var err error
		if actionVals[i], err = encodeAction(a); err != nil {
			return journal.ImportResult{}, fmt.Errorf("import: corporate action %s: %w", a.ID, err)
		}
		actionSymbols[a.Symbol] = true
	}
	var settingsVal []byte
	if s != nil {
		if err := s.Validate(); err != nil {
			return journal.ImportResult{}, fmt.Errorf("import settings: %w", err)
		}
		var err error
		if settingsVal, err = encodeSettings(*s); err != nil {
			return journal.ImportResult{}, fmt.Errorf("import settings: %w", err)
		}
	}
	now := db.now()
	prepared := make([]*journal.Thesis, len(theses))
	seen := make(map[string]int, len(theses))
	for i, in := range theses {
		if in == nil {
			return journal.ImportResult{}, journal.Errorf(journal.EINVALID, "import: thesis #%d is missing", i+1)
		}
		t := workingCopy(in)
		if t.ID == "" {
			t.ID = journal.NewID(now)
		}
		t.Normalize()
		if err := t.Validate(); err != nil {
			return journal.ImportResult{}, fmt.Errorf("import: thesis %s: %w", t.ID, err)
		}
		if j, dup := seen[t.ID]; dup {
			return journal.ImportResult{}, journal.Errorf(journal.EINVALID, "import: thesis %s appears twice (#%d and #%d)", t.ID, j+1, i+1)
		}
		seen[t.ID] = i
		prepared[i] = t
	}
	// plan decides, inside tx, what each thesis becomes; it writes nothing.
	plan := func(tx *bolt.Tx) ([]importStep, journal.ImportResult, error) {
		var res journal.ImportResult
		var steps []importStep
		thesesB := tx.Bucket(bucketTheses)
		acts, err := db.actions(tx)
		if err != nil {
			return nil, res, err
		}
		if len(actions) > 0 {
			byID := map[string]journal.CorporateAction{}
			for _, a := range acts {
				byID[a.ID] = a
			}
			for _, a := range actions {
				a.At = a.At.UTC()
				byID[a.ID] = a
			}
			acts = mapValues(byID)
			sortActions(acts)
			if err := db.checkLedgers(tx, actionSymbols, acts); err != nil {
				return nil, res, fmt.Errorf("import: %w", err)
			}
		}
		for i, t := range prepared {
			if i%256 == 255 {
				if err := ctx.Err(); err != nil {
					return nil, res, err
				}
			}
			stored := thesesB.Get([]byte(t.ID))
			if stored == nil {
				if err := t.ValidateLedger(acts); err != nil {
					return nil, res, fmt.Errorf("import: thesis %s: %w", t.ID, err)
				}
				steps = append(steps, importStep{t: t})
				res.Added = append(res.Added, t.ID)
				continue
			}
			val, err := encodeThesis(t)
			if err != nil {
				return nil, res, fmt.Errorf("thesis %s: %w", t.ID, err)
			}
			if bytes.Equal(stored, val) {
				res.Unchanged++
				continue
			}
			prev, err := db.get(tx, t.ID)
			if err != nil {
				return nil, res, err
			}
			merged, note, err := journal.MergeThesis(prev, t)
			if err != nil {
				return nil, res, fmt.Errorf("import: %w", err)
			}
			if err := merged.Validate(); err != nil {
				return nil, res, fmt.Errorf("import: thesis %s merged with the journal's: %w", t.ID, err)
			}
			if err := merged.ValidateLedger(acts); err != nil {
				return nil, res, fmt.Errorf("import: thesis %s merged with the journal's: %w", t.ID, err)
			}
			res.Merged = append(res.Merged, note)
			if val, err = encodeThesis(merged); err != nil {
				return nil, res, fmt.Errorf("thesis %s: %w", t.ID, err)
			}
			if bytes.Equal(stored, val) {
				res.Unchanged++
				continue
			}
			steps = append(steps, importStep{t: merged, prev: prev})
			res.Updated = append(res.Updated, t.ID)
		}
		return steps, res, nil
	}
	if dryRun {
		var res journal.ImportResult
		err := db.view(func(tx *bolt.Tx) error {
			var err error
			_, res, err = plan(tx)
			return err
		})
		if err != nil {
			return journal.ImportResult{}, err
		}
		res.DryRun = true
		return res, nil
	}
	var res journal.ImportResult
	indexNow := true
	written := map[uint32]*journal.Thesis{}
	err := db.update(func(tx *bolt.Tx) error {
		steps, r, err := plan(tx)
		if err != nil {
			return err
		}
		res = r
		clear(prepared) // steps hold what is still needed
		// The postings of many theses take far more memory in one
		// transaction than the theses themselves: a large import leaves
		// its words pending, indexed right after it commits.
		indexNow = len(steps) <= importIndexNow
		b := newBatch()
		clear(written)
		queued := 0
		for i, st := range steps {
			if i%256 == 255 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			doc, q, err := db.writeThesis(tx, b, st.prev, st.t, indexNow)
			if err != nil {
				return err
			}
			if indexNow {
				written[doc] = st.t
			} else {
				steps[i] = importStep{} // its record is in b: let the copy go
			}
			if q {
				queued++
			}
		}
		if settingsVal != nil {
			b.put(bucketMeta, keySettings, settingsVal)
		}
		for i, a := range actions {
			b.put(bucketActions, []byte(a.ID), actionVals[i])
		}
		if err := db.flush(tx, b); err != nil {
			return err
		}
		if !indexNow {
			db.notePending(tx, queued)
			// The commit writes every page of the import out of new buffers
			// while the batch's garbage is still counted towards the next
			// collection: collect it first, so that the heap peaks at what
			// is live rather than at twice the import.
			runtime.GC()
			return nil
		}
		// An import is a batch already: its words went into postings with
		// it; index whatever else is pending in the same transaction.
		indexed, err := db.applyPending(tx, written, 0)
		if err != nil {
			return err
		}
		db.notePending(tx, queued-indexed)
		return nil
	})
	if err != nil {
		return journal.ImportResult{}, err
	}
	if !indexNow {
		// The import is in, whatever happens here: words not indexed now
		// stay pending, where search matches them, for the indexer. The
		// theses are read back from the journal: keeping them all until
		// now would add their copies to the import's peak memory.
		_ = db.indexPendingBy(importIndexBatch, nil)
	}
	return res, nil
}
