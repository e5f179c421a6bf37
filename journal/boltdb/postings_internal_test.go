package boltdb

import (
	"bytes"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// checkBlocks checks that the postings blocks of word in bk are well formed
// and hold exactly want, and that search reads the same documents, by
// scanning and by probing; it returns the number of blocks.
func checkBlocks(t *testing.T, bk *bolt.Bucket, word string, want []uint32) int {
	t.Helper()
	prefix := blockPrefix(word)
	var got []uint32
	blocks := 0
	c := bk.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if !isBlockKey(k, prefix) {
			t.Fatalf("word %q: key %x", word, k)
		}
		docs, err := decodeBlock(nil, k, v)
		if err != nil || len(docs) > blockMax {
			t.Fatalf("word %q: block %x of %d documents: %v", word, k, len(docs), err)
		}
		if len(got) > 0 && docs[0] <= got[len(got)-1] {
			t.Fatalf("word %q: block %d starts at %d, not after %d", word, blocks, docs[0], got[len(got)-1])
		}
		got = append(got, docs...)
		blocks++
	}
	if !slices.Equal(got, want) {
		t.Fatalf("word %q: blocks hold %v\nwant %v", word, got, want)
	}
	var read []uint32
	eachPosting(bk.Cursor(), word, func(d uint32) { read = append(read, d) })
	if !slices.Equal(read, want) {
		t.Fatalf("word %q: search reads %v\nwant %v", word, read, want)
	}
	p := newPostingProbe(bk)
	for d := uint32(0); d <= 3100; d += 1 + uint32(d%7) {
		if _, in := slices.BinarySearch(want, d); p.has(word, d) != in {
			t.Fatalf("word %q: probe says %v for %d", word, !in, d)
		}
	}
	return blocks
}

// TestPostingBlocksFollowChanges adds and takes out documents at random,
// at the end of a word's postings and in between, and checks the blocks
// against a plain set after every transaction.
func TestPostingBlocksFollowChanges(t *testing.T) {
	bdb, err := bolt.Open(filepath.Join(t.TempDir(), "p.db"), 0o600, &bolt.Options{Timeout: time.Second, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	words := []string{"a", "ab", "수요", "수요를"} // prefixes of one another
	model := map[string][]uint32{}
	r := rand.New(rand.NewPCG(5, 9))
	next := uint32(1)
	for round := range 150 {
		err := bdb.Update(func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucketIfNotExists(bucketPostings)
			if err != nil {
				return err
			}
			for _, w := range words {
				if r.IntN(3) == 0 {
					continue
				}
				set := map[uint32]bool{}
				for _, d := range model[w] {
					set[d] = true
				}
				var add, del []uint32
				for range r.IntN(60) {
					var d uint32
					switch op := r.IntN(10); {
					case op < 5: // a new document
						d = next + uint32(r.IntN(20))
					case op < 7 && len(model[w]) > 0: // one already there: taken out
						d = model[w][r.IntN(len(model[w]))]
					default: // anywhere
						d = 1 + uint32(r.IntN(int(next)+20))
					}
					if slices.Contains(add, d) || slices.Contains(del, d) {
						continue
					}
					if set[d] {
						del = append(del, d)
						delete(set, d)
					} else {
						add = append(add, d)
						set[d] = true
					}
				}
				slices.Sort(add)
				slices.Sort(del)
				if err := updatePostings(bk, w, add, del); err != nil {
					return err
				}
				model[w] = model[w][:0]
				for d := range set {
					model[w] = append(model[w], d)
				}
				slices.Sort(model[w])
			}
			next += 20
			return nil
		})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		_ = bdb.View(func(tx *bolt.Tx) error {
			for _, w := range words {
				checkBlocks(t, tx.Bucket(bucketPostings), w, model[w])
			}
			return nil
		})
	}
}

// TestPostingBlocksFillUp checks that documents added at the end, a few at
// a time as saves and imports add them, fill blocks to blockMax, and that
// taking every document out leaves no block behind.
func TestPostingBlocksFillUp(t *testing.T) {
	bdb, err := bolt.Open(filepath.Join(t.TempDir(), "p.db"), 0o600, &bolt.Options{Timeout: time.Second, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	var all []uint32
	for i := 0; i < 1000; i += 7 {
		var add []uint32
		for d := i + 1; d <= min(i+7, 1000); d++ {
			add = append(add, uint32(d))
		}
		all = append(all, add...)
		err := bdb.Update(func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucketIfNotExists(bucketPostings)
			if err != nil {
				return err
			}
			return updatePostings(bk, "word", add, nil)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	_ = bdb.View(func(tx *bolt.Tx) error {
		if n := checkBlocks(t, tx.Bucket(bucketPostings), "word", all); n != (1000+blockMax-1)/blockMax {
			t.Fatalf("%d blocks for 1000 documents", n)
		}
		return nil
	})
	err = bdb.Update(func(tx *bolt.Tx) error {
		return updatePostings(tx.Bucket(bucketPostings), "word", nil, all)
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = bdb.View(func(tx *bolt.Tx) error {
		if n := tx.Bucket(bucketPostings).Stats().KeyN; n != 0 {
			t.Fatalf("%d keys left", n)
		}
		return nil
	})
}
