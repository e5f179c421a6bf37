package boltdb

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// The postings of a word are kept in blocks (see the comment at the top of
// schema.go): the key <word> 0x00 <first> names a block's first document,
// and its value holds each further document as the uvarint difference from
// the one before. A block holds 1 to blockMax documents, all below the
// first document of the word's next block.

// blockMax is the most documents a postings block holds. A block's value is
// then at most blockMax*5 bytes, and usually a fraction of that, so a leaf
// page holds several blocks.
const blockMax = 128

// errBadBlock reports a postings block that does not decode.
var errBadBlock = errors.New("postings block is malformed")

// blockPrefix returns <word> 0x00, the prefix of the keys of word's blocks.
func blockPrefix(word string) []byte {
	return append(append(make([]byte, 0, len(word)+5), word...), 0)
}

// isBlockKey reports whether k is the key of a block under prefix.
func isBlockKey(k, prefix []byte) bool {
	return len(k) == len(prefix)+4 && bytes.HasPrefix(k, prefix)
}

// blockFirst returns the first document of the block whose key is k.
func blockFirst(k []byte) uint32 { return binary.BigEndian.Uint32(k[len(k)-4:]) }

// encodeBlock returns the value of a block of the increasing documents docs;
// the first of them goes into the key.
func encodeBlock(docs []uint32) []byte {
	v := make([]byte, 0, 2*(len(docs)-1))
	for i := 1; i < len(docs); i++ {
		v = binary.AppendUvarint(v, uint64(docs[i]-docs[i-1]))
	}
	return v
}

// decodeBlock appends to dst the documents of the block with key k and value
// v. It fails when v does not decode to increasing document numbers.
func decodeBlock(dst []uint32, k, v []byte) ([]uint32, error) {
	doc := uint64(blockFirst(k))
	dst = append(dst, uint32(doc))
	for len(v) > 0 {
		d, n := binary.Uvarint(v)
		if n <= 0 || d == 0 || d > maxDoc-doc {
			return dst, errBadBlock
		}
		doc += d
		dst = append(dst, uint32(doc))
		v = v[n:]
	}
	return dst, nil
}

// eachPosting calls fn with every document of word's postings, in increasing
// order; of a block that does not decode, the documents before the damage.
func eachPosting(c *bolt.Cursor, word string, fn func(uint32)) {
	prefix := blockPrefix(word)
	var docs []uint32
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if len(k) != len(prefix)+4 {
			continue
		}
		docs, _ = decodeBlock(docs[:0], k, v)
		for _, d := range docs {
			fn(d)
		}
	}
}

// postingProbe answers whether words hold documents, for documents asked
// about in increasing order: it keeps the block it read last for each word,
// so a run of nearby documents reads each block once.
type postingProbe struct {
	c      *bolt.Cursor
	blocks map[string]*probeBlock
}

// probeBlock is the documents of a word from lo up to, not including, hi.
type probeBlock struct {
	lo, hi uint64
	docs   []uint32
}

func newPostingProbe(postings *bolt.Bucket) *postingProbe {
	return &postingProbe{c: postings.Cursor(), blocks: map[string]*probeBlock{}}
}

// has reports whether the postings of word hold doc.
func (p *postingProbe) has(word string, doc uint32) bool {
	b := p.blocks[word]
	if b == nil {
		b = &probeBlock{}
		p.blocks[word] = b
	}
	if uint64(doc) < b.lo || uint64(doc) >= b.hi {
		p.load(b, word, doc)
	}
	_, found := slices.BinarySearch(b.docs, doc)
	return found
}

// load reads into b the block of word that would hold doc, with its bounds.
func (p *postingProbe) load(b *probeBlock, word string, doc uint32) {
	prefix := blockPrefix(word)
	key, v, next := findBlock(p.c, prefix, doc)
	b.docs = b.docs[:0]
	b.lo, b.hi = 0, next
	if key != nil {
		b.lo = uint64(blockFirst(key))
		b.docs, _ = decodeBlock(b.docs, key, v)
	}
	if uint64(doc) < b.lo || uint64(doc) >= b.hi {
		// Not a well-formed word: read the block again next time.
		b.lo, b.hi = 1, 0
	}
}

// findBlock returns the key and value of the block of the word with key
// prefix that would hold doc (the last one whose first document is doc or
// less; nil if there is none) and the first document of the next block
// (1<<32 if there is none). key and v are valid until the bucket changes.
func findBlock(c *bolt.Cursor, prefix []byte, doc uint32) (key, v []byte, next uint64) {
	next = 1 << 32
	seek := binary.BigEndian.AppendUint32(bytes.Clone(prefix), doc)
	k, v := c.Seek(seek)
	if k == nil || !bytes.Equal(k, seek) {
		if isBlockKey(k, prefix) {
			next = uint64(blockFirst(k))
		}
		if k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
		if !isBlockKey(k, prefix) {
			return nil, nil, next
		}
		return k, v, next
	}
	if nk, _ := c.Next(); isBlockKey(nk, prefix) {
		next = uint64(blockFirst(nk))
	}
	return k, v, next
}

// updatePostings adds the documents add to word's postings and takes out
// the documents del; both are sorted. Only the blocks they fall in change.
func updatePostings(bk *bolt.Bucket, word string, add, del []uint32) error {
	prefix := blockPrefix(word)
	c := bk.Cursor()
	var docs, merged []uint32
	for len(add) > 0 || len(del) > 0 {
		d := uint32(maxDoc)
		if len(add) > 0 {
			d = add[0]
		}
		if len(del) > 0 && del[0] < d {
			d = del[0]
		}
		key, v, next := findBlock(c, prefix, d)
		docs = docs[:0]
		if key != nil {
			var err error
			if docs, err = decodeBlock(docs, key, v); err != nil {
				return fmt.Errorf("word %q: %w", word, err)
			}
			key = bytes.Clone(key)
		}
		// Every change below next falls in this block (or, without one,
		// before the word's first block).
		na, nd := len(add), len(del)
		if next <= maxDoc {
			na, _ = slices.BinarySearch(add, uint32(next))
			nd, _ = slices.BinarySearch(del, uint32(next))
		}
		merged = mergeDocs(merged[:0], docs, add[:na], del[:nd])
		add, del = add[na:], del[nd:]
		if key != nil && (len(merged) == 0 || merged[0] != blockFirst(key)) {
			if err := bk.Delete(key); err != nil {
				return err
			}
		}
		if err := putBlocks(bk, prefix, merged, next > maxDoc); err != nil {
			return err
		}
	}
	return nil
}

// mergeDocs appends to dst the sorted union of docs and add, without del.
func mergeDocs(dst, docs, add, del []uint32) []uint32 {
	i, j, k := 0, 0, 0
	for i < len(docs) || j < len(add) {
		var d uint32
		switch {
		case j == len(add) || (i < len(docs) && docs[i] < add[j]):
			d = docs[i]
			i++
		case i == len(docs) || add[j] < docs[i]:
			d = add[j]
			j++
		default: // in both
			d = docs[i]
			i, j = i+1, j+1
		}
		for k < len(del) && del[k] < d {
			k++
		}
		if k < len(del) && del[k] == d {
			continue
		}
		dst = append(dst, d)
	}
	return dst
}

// putBlocks writes the sorted documents docs as blocks under prefix. The
// last blocks of a word are filled up, as documents are mostly added at the
// end; others are split evenly, leaving room on both sides.
func putBlocks(bk *bolt.Bucket, prefix []byte, docs []uint32, last bool) error {
	n := len(docs)
	if n == 0 {
		return nil
	}
	size := blockMax
	if !last {
		parts := (n + blockMax - 1) / blockMax
		size = (n + parts - 1) / parts
	}
	key := make([]byte, 0, len(prefix)+4)
	for i := 0; i < n; i += size {
		chunk := docs[i:min(i+size, n)]
		key = binary.BigEndian.AppendUint32(append(key[:0], prefix...), chunk[0])
		// bbolt copies the key but keeps the value until the commit.
		if err := bk.Put(key, encodeBlock(chunk)); err != nil {
			return err
		}
	}
	return nil
}
