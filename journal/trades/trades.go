// Package trades reads trades made elsewhere (broker exports and other tools' files) as
// journal.Trade values. Each outside format lives in its own subpackage and implements
// Format; this package holds what they share: detecting a file's text encoding and
// format, and parsing the numbers, times and instrument codes such files hold.
//
// Importers never open the journal and never import one another; the caller matches
// the trades they emit to theses and writes them.
package trades

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/transform"

	"hindsight/journal"
)

// A Format reads one tool's or broker's export.
type Format interface {
	// Name is the format's stable id, as given to --format ("csv", "ibkr-flex").
	Name() string
	// Title is the format's name for a person.
	Title() string
	// Sniff reports whether head, the first bytes of a file (up to HeadSize, already
	// decoded to UTF-8 and possibly cut inside a line or a character), looks like the
	// format.
	Sniff(head []byte) bool
	// Read reads the UTF-8 text r and calls emit for each trade, row by row. An invalid
	// row, or an error from emit, stops the read and is returned.
	Read(ctx context.Context, r io.Reader, emit func(journal.Trade) error) error
}

// HeadSize is how many bytes of a decoded file Detect and ReadFile give to Sniff.
const HeadSize = 8 << 10

// sniffSize is how many bytes of a file Decode looks at to decide its encoding.
const sniffSize = 64 << 10

// Detect returns the first of formats whose Sniff accepts head; when none does, it is an
// EINVALID error naming the formats tried.
func Detect(head []byte, formats []Format) (Format, error) {
	names := make([]string, 0, len(formats))
	for _, f := range formats {
		if f.Sniff(head) {
			return f, nil
		}
		names = append(names, f.Name())
	}
	return nil, journal.Errorf(journal.EINVALID, "the file is in none of the known formats (tried %s); choose a format", strings.Join(names, ", "))
}

// Encoding is the text encoding Decode found.
type Encoding string

// Encodings Decode recognises.
const (
	UTF8    Encoding = "utf-8"
	UTF8BOM Encoding = "utf-8-bom"
	CP949   Encoding = "cp949"
)

// Decode detects the encoding of r from its first 64 KiB (UTF-8, UTF-8 with a byte order
// mark, or CP949, the Windows superset of EUC-KR that Korean brokers export in) and
// returns a reader of r's text as UTF-8, without the byte order mark. It streams: only
// the prefix is held at once. A prefix that is neither UTF-8 nor CP949 is an EINVALID
// error.
func Decode(r io.Reader) (io.Reader, Encoding, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	prefix, err := br.Peek(sniffSize)
	atEOF := false
	switch {
	case err == nil:
	case errors.Is(err, io.EOF), errors.Is(err, bufio.ErrBufferFull):
		atEOF = errors.Is(err, io.EOF)
	default:
		return nil, "", fmt.Errorf("decode: read the start of the file: %w", err)
	}
	if strings.HasPrefix(string(prefix[:min(len(prefix), 3)]), "\ufeff") {
		if _, err := br.Discard(3); err != nil {
			return nil, "", fmt.Errorf("decode: skip the byte order mark: %w", err)
		}
		return br, UTF8BOM, nil
	}
	if validUTF8Prefix(prefix, atEOF) {
		return br, UTF8, nil
	}
	if validCP949Prefix(prefix, atEOF) {
		return transform.NewReader(br, korean.EUCKR.NewDecoder()), CP949, nil
	}
	return nil, "", journal.Errorf(journal.EINVALID, "the file is neither UTF-8 nor CP949 (EUC-KR)")
}

// validUTF8Prefix reports whether p is valid UTF-8; when p is only the start of the
// file, a character cut at its end is allowed.
func validUTF8Prefix(p []byte, atEOF bool) bool {
	if utf8.Valid(p) {
		return true
	}
	if atEOF {
		return false
	}
	// A multi-byte character is at most 4 bytes: drop an incomplete one at the end.
	for cut := 1; cut <= 3 && cut <= len(p); cut++ {
		if utf8.RuneStart(p[len(p)-cut]) {
			if !utf8.FullRune(p[len(p)-cut:]) {
				return utf8.Valid(p[:len(p)-cut])
			}
			return false
		}
	}
	return false
}

// validCP949Prefix reports whether p decodes as CP949 without a byte that has no
// character; a lead byte cut at the end of a prefix is allowed.
func validCP949Prefix(p []byte, atEOF bool) bool {
	dec := korean.EUCKR.NewDecoder()
	dst := make([]byte, 4096)
	src := p
	for len(src) > 0 {
		nDst, nSrc, err := dec.Transform(dst, src, atEOF)
		// The decoder writes U+FFFD for a byte sequence CP949 does not define.
		if strings.ContainsRune(string(dst[:nDst]), utf8.RuneError) {
			return false
		}
		src = src[nSrc:]
		switch {
		case err == nil:
			return len(src) == 0
		case errors.Is(err, transform.ErrShortDst):
			continue
		case errors.Is(err, transform.ErrShortSrc):
			return !atEOF && len(src) < 2
		default:
			return false
		}
	}
	return true
}

// ReadFile opens the file at path, decodes it (Decode), picks its format from its head
// when f is nil (Detect over formats) and reads it with emit. It returns the format and
// encoding used.
func ReadFile(ctx context.Context, path string, f Format, formats []Format, emit func(journal.Trade) error) (Format, Encoding, error) {
	file, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, "", journal.Errorf(journal.ENOTFOUND, "file %s does not exist", path)
		}
		return nil, "", fmt.Errorf("read trades: %w", err)
	}
	defer file.Close()
	r, enc, err := Decode(file)
	if err != nil {
		if journal.ErrorCode(err) == journal.EINVALID {
			return nil, "", journal.Errorf(journal.EINVALID, "%s: %s", path, err.Error())
		}
		return nil, "", err
	}
	br := bufio.NewReaderSize(r, HeadSize)
	head, err := br.Peek(HeadSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, enc, fmt.Errorf("read trades: read the start of %s: %w", path, err)
	}
	if f == nil {
		if f, err = Detect(head, formats); err != nil {
			return nil, enc, err
		}
	}
	if err := f.Read(ctx, br, emit); err != nil {
		return f, enc, err
	}
	return f, enc, nil
}
