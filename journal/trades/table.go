package trades

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"hindsight/journal"
)

// Table reads a CSV file with a header row, one row at a time.
type Table struct {
	r   *csv.Reader
	ctx context.Context
	// Header is the header row, each name trimmed of spaces.
	Header []string
	// Row is the current row; it is overwritten by the next call to Next.
	Row []string
	// Line is the current row's line in the file (1-based).
	Line  int
	index map[string]int
	rows  int
}

// NewTable reads the header row of the CSV text r, whose fields are separated by comma.
// An empty file is an EINVALID error.
func NewTable(ctx context.Context, r io.Reader, comma rune) (*Table, error) {
	cr := csv.NewReader(r)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	t := &Table{r: cr, ctx: ctx, index: map[string]int{}}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, journal.Errorf(journal.EINVALID, "the file is empty: it has no header row")
	}
	if err != nil {
		return nil, csvError(err)
	}
	t.Header = make([]string, len(header))
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		t.Header[i] = h
		if _, dup := t.index[strings.ToLower(h)]; !dup {
			t.index[strings.ToLower(h)] = i
		}
	}
	return t, nil
}

// csvError turns an encoding/csv error into an EINVALID error naming the line.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return journal.Errorf(journal.EINVALID, "line %d: %s", pe.Line, pe.Err.Error())
	}
	return fmt.Errorf("read csv: %w", err)
}

// Next reads the next row into Row and Line; it returns false at the end of the file.
// It skips rows whose fields are all empty, and stops when the context is done.
func (t *Table) Next() (bool, error) {
	for {
		t.rows++
		if t.rows%1024 == 0 && t.ctx != nil {
			if err := t.ctx.Err(); err != nil {
				return false, err
			}
		}
		row, err := t.r.Read()
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			return false, csvError(err)
		}
		t.Row = row
		t.Line, _ = t.r.FieldPos(0)
		for _, f := range row {
			if strings.TrimSpace(f) != "" {
				return true, nil
			}
		}
	}
}

// Index returns the column of the first of names the header holds (compared without
// case), or -1.
func (t *Table) Index(names ...string) int {
	for _, n := range names {
		if i, ok := t.index[strings.ToLower(strings.TrimSpace(n))]; ok {
			return i
		}
	}
	return -1
}

// Field returns the current row's field in column i trimmed of spaces, or "" when i is
// -1 or the row is shorter.
func (t *Table) Field(i int) string {
	if i < 0 || i >= len(t.Row) {
		return ""
	}
	return strings.TrimSpace(t.Row[i])
}

// Name returns the header name of column i.
func (t *Table) Name(i int) string {
	if i < 0 || i >= len(t.Header) {
		return ""
	}
	return t.Header[i]
}

// SniffHeader returns the fields of head's first line and the delimiter it uses: the
// one of comma, semicolon and tab that occurs most often outside quotes (comma when
// none does). ok is false when head holds no complete first line and is not short.
func SniffHeader(head []byte) (fields []string, comma rune, ok bool) {
	s := strings.TrimPrefix(string(head), "\ufeff")
	line, _, found := strings.Cut(s, "\n")
	if !found && len(head) >= HeadSize {
		return nil, 0, false
	}
	line = strings.TrimSuffix(line, "\r")
	comma = SniffDelimiter(line)
	cr := csv.NewReader(strings.NewReader(line))
	cr.Comma = comma
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if err != nil {
		return nil, 0, false
	}
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	return rec, comma, true
}

// SniffDelimiter returns the one of ',', ';' and '\t' that occurs most often in line
// outside double quotes; ',' when none does.
func SniffDelimiter(line string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && (r == ',' || r == ';' || r == '\t'):
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// HasColumns reports whether header holds each of the names (compared without case).
func HasColumns(header []string, names ...string) bool {
	have := map[string]bool{}
	for _, h := range header {
		have[strings.ToLower(strings.TrimSpace(h))] = true
	}
	for _, n := range names {
		if !have[strings.ToLower(n)] {
			return false
		}
	}
	return true
}
