package boltdb

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// migration moves a journal from layout version-1 to version.
type migration struct {
	version int
	name    string
	apply   func(db *DB, tx *bolt.Tx) error
}

// migrations are applied in order to bring an older journal to schemaVersion.
// Append new steps at the end; never change a released one.
var migrations = []migration{
	{version: 2, name: "add document numbers and the symbol, review date and search indexes", apply: (*DB).rebuildIndexes},
	{version: 3, name: "add the queue of documents whose search words are pending", apply: createPending},
	{version: 4, name: "add a checksum to every thesis record", apply: (*DB).sealRecords},
	{version: 5, name: "group the search postings of each word into blocks", apply: (*DB).regroupPostings},
	{version: 6, name: "store each position's fills and dividends", apply: (*DB).ledgerRecords},
	{version: 7, name: "add the alerts that fired", apply: createAlerts},
}

// createAlerts adds the bucket of alerts; records need no change (a version 2
// thesis record is a version 3 record without the fields it adds).
func createAlerts(_ *DB, tx *bolt.Tx) error {
	if _, err := tx.CreateBucketIfNotExists(bucketAlerts); err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketAlerts, err)
	}
	return nil
}

// ledgerRecords rewrites every thesis record as version 2, each position's
// entry and exit becoming fills (journal.LegacyPosition.Position, with the
// settings' base currency), in its checksummed envelope, and adds the
// buckets of corporate actions, the inbox, imported rows and presets. A
// record that does not decode, or holds another id, stops the migration:
// the file is damaged and is left unchanged. Indexes stay as they are:
// symbols and words do not change.
func (db *DB) ledgerRecords(tx *bolt.Tx) error {
	theses := tx.Bucket(bucketTheses)
	base, err := db.baseCurrency(tx)
	if err != nil {
		return err
	}
	var keys, vals [][]byte
	err = theses.ForEach(func(k, v []byte) error {
		t, err := decodeThesis(v, false, base)
		if err != nil {
			return db.unreadable(fmt.Sprintf("thesis %s", k), err)
		}
		if t.ID != string(k) {
			return db.unreadable(fmt.Sprintf("thesis %s", k), fmt.Errorf("record holds id %q", t.ID))
		}
		val, err := encodeThesis(t)
		if err != nil {
			return fmt.Errorf("thesis %s: %w", k, err)
		}
		keys = append(keys, bytes.Clone(k))
		vals = append(vals, val)
		return nil
	})
	if err != nil {
		return err
	}
	for i, k := range keys {
		if err := theses.Put(k, vals[i]); err != nil {
			return fmt.Errorf("thesis %s: %w", k, err)
		}
	}
	for _, name := range ledgerBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// regroupPostings rewrites the postings as blocks of up to blockMax
// documents each. A layout 4 posting (<word> 0x00 <doc> : empty) reads as a
// block of one document, so this reads every key as a block and writes the
// documents of each word again in full blocks. A key that does not decode
// stops the migration: the file is damaged and is left unchanged.
func (db *DB) regroupPostings(tx *bolt.Tx) error {
	var (
		out  []kv
		word []byte
		docs []uint32
	)
	group := func() {
		if len(docs) == 0 {
			return
		}
		slices.Sort(docs)
		docs = slices.Compact(docs)
		prefix := blockPrefix(string(word))
		for i := 0; i < len(docs); i += blockMax {
			chunk := docs[i:min(i+blockMax, len(docs))]
			out = append(out, kv{binary.BigEndian.AppendUint32(bytes.Clone(prefix), chunk[0]), encodeBlock(chunk)})
		}
		docs = docs[:0]
	}
	c := tx.Bucket(bucketPostings).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		i := len(k) - 5
		if i < 0 || k[i] != 0 {
			return db.unreadable(fmt.Sprintf("search posting %q", k), errors.New("its key is not a word and a document number"))
		}
		if !bytes.Equal(k[:i], word) {
			group()
			word = bytes.Clone(k[:i])
		}
		var err error
		if docs, err = decodeBlock(docs, k, v); err != nil {
			return db.unreadable(fmt.Sprintf("search postings of %q", k[:i]), err)
		}
	}
	group()
	if err := tx.DeleteBucket(bucketPostings); err != nil {
		return fmt.Errorf("drop %s: %w", bucketPostings, err)
	}
	bk, err := tx.CreateBucket(bucketPostings)
	if err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketPostings, err)
	}
	bk.FillPercent = flushFill
	for _, p := range out {
		if err := bk.Put(p.k, p.v); err != nil {
			return fmt.Errorf("%s: %w", bucketPostings, err)
		}
	}
	return nil
}

// sealRecords wraps every bare thesis record in an envelope with its
// checksum, keeping the record's bytes as they are. A record that does not
// decode, or holds another id, stops the migration: the file is damaged and
// is left unchanged.
func (db *DB) sealRecords(tx *bolt.Tx) error {
	theses := tx.Bucket(bucketTheses)
	base, err := db.baseCurrency(tx)
	if err != nil {
		return err
	}
	var keys, vals [][]byte
	err = theses.ForEach(func(k, v []byte) error {
		t, err := decodeThesis(v, true, base)
		if err != nil {
			return db.unreadable(fmt.Sprintf("thesis %s", k), err)
		}
		if t.ID != string(k) {
			return db.unreadable(fmt.Sprintf("thesis %s", k), fmt.Errorf("record holds id %q", t.ID))
		}
		keys = append(keys, bytes.Clone(k))
		vals = append(vals, sealRecord(v))
		return nil
	})
	if err != nil {
		return err
	}
	for i, k := range keys {
		if err := theses.Put(k, vals[i]); err != nil {
			return fmt.Errorf("thesis %s: %w", k, err)
		}
	}
	return nil
}

// createPending adds the pending bucket, empty: a layout 2 journal has every
// search word indexed.
func createPending(_ *DB, tx *bolt.Tx) error {
	if _, err := tx.CreateBucketIfNotExists(bucketPending); err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketPending, err)
	}
	return nil
}

// createSchema lays out an empty journal at the current version.
func (db *DB) createSchema() error {
	return db.update(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		meta := tx.Bucket(bucketMeta)
		if err := meta.Put(keySchemaVersion, putUint32(schemaVersion)); err != nil {
			return err
		}
		return meta.Put(keyThesisCount, putUint64(0))
	})
}

// migrate applies every migration after version from in one transaction.
func (db *DB) migrate(from int) error {
	err := db.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if got := int(decodeUint32(meta.Get(keySchemaVersion))); got != from {
			return fmt.Errorf("schema version changed from %d to %d while opening", from, got)
		}
		for _, m := range migrations {
			if m.version <= from {
				continue
			}
			if err := m.apply(db, tx); err != nil {
				return fmt.Errorf("migration to layout %d (%s): %w", m.version, m.name, err)
			}
			if err := meta.Put(keySchemaVersion, putUint32(uint32(m.version))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("journal %s: %w", db.path, err)
	}
	return nil
}

// rebuildIndexes drops every index bucket and builds them again from the
// stored theses, handing out fresh document numbers; nothing is left pending.
func (db *DB) rebuildIndexes(tx *bolt.Tx) error {
	for _, name := range indexBuckets {
		if err := tx.DeleteBucket(name); err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
			return fmt.Errorf("drop %s: %w", name, err)
		}
	}
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	base, err := db.baseCurrency(tx)
	if err != nil {
		return err
	}
	b := newBatch()
	err = tx.Bucket(bucketTheses).ForEach(func(k, v []byte) error {
		t, err := decodeThesis(v, true, base) // layout 1 records are bare
		if err != nil {
			return db.unreadable(fmt.Sprintf("thesis %s", k), err)
		}
		if t.ID != string(k) {
			return db.unreadable(fmt.Sprintf("thesis %s", k), fmt.Errorf("record holds id %q", t.ID))
		}
		e := indexEntries(t)
		doc, err := assignDoc(tx, b, t.ID, e.created)
		if err != nil {
			return fmt.Errorf("thesis %s: %w", t.ID, err)
		}
		b.index(doc, nil, &e)
		b.words(doc, nil, indexWords(t))
		b.count++
		return nil
	})
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketMeta).Put(keyThesisCount, putUint64(0)); err != nil {
		return err
	}
	_, err = b.flush(tx)
	db.vocab.reset()
	tx.OnCommit(func() { db.idx.pending.Store(0) })
	return err
}

// assignDoc hands out the next document number for the thesis id and
// records its docs and doc_of entries in b.
func assignDoc(tx *bolt.Tx, b *batch, id string, created []byte) (uint32, error) {
	seq, err := tx.Bucket(bucketDocs).NextSequence()
	if err != nil {
		return 0, err
	}
	if seq > maxDoc {
		return 0, fmt.Errorf("the journal has run out of document numbers")
	}
	doc := uint32(seq)
	b.put(bucketDocs, docKey(doc), created)
	b.put(bucketDocOf, []byte(id), docKey(doc))
	return doc, nil
}
