package main

import (
	"io"
	"os"
	"strings"

	"github.com/mattn/go-runewidth"
)

// Text tables of the command line. Widths are counted in terminal cells, not bytes or
// runes: Hangul and other wide characters take two cells, combining marks none, so
// Korean titles and tags line up with English ones.

// cellCondition is how characters are measured. Characters of ambiguous width (—, ①,
// …) count as one cell, as most terminals draw them, even in a Korean locale;
// RUNEWIDTH_EASTASIAN=1 counts them as two for terminals set up that way.
func cellCondition() *runewidth.Condition {
	return &runewidth.Condition{EastAsianWidth: os.Getenv("RUNEWIDTH_EASTASIAN") == "1", StrictEmojiNeutral: true}
}

// cellWidth returns the number of terminal cells s takes.
func cellWidth(s string) int { return cellCondition().StringWidth(s) }

// truncateCells shortens s to at most n cells, ending it with "…" when cut.
func truncateCells(s string, n int) string {
	c := cellCondition()
	if c.StringWidth(s) <= n {
		return s
	}
	return c.Truncate(s, n, "…")
}

// table lays out rows in columns as wide as their widest cell. Columns are separated by
// two spaces; right-aligned columns suit numbers; a column empty in every row takes no
// room. The last column is not padded, so no line ends in spaces.
type table struct {
	indent string
	right  []bool
	rows   [][]string
}

// newTable returns a table whose lines start with indent; right[i] aligns column i to
// the right.
func newTable(indent string, right ...bool) *table { return &table{indent: indent, right: right} }

// add appends a row.
func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// write writes the table to w.
func (t *table) write(w io.Writer) error {
	c := cellCondition()
	var widths []int
	for _, r := range t.rows {
		for i, cell := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], c.StringWidth(cell))
		}
	}
	var b strings.Builder
	for _, r := range t.rows {
		b.WriteString(t.indent)
		for i, cell := range r {
			if widths[i] == 0 {
				continue
			}
			if b.Len() > len(t.indent) {
				b.WriteString("  ")
			}
			switch {
			case i < len(t.right) && t.right[i]:
				b.WriteString(c.FillLeft(cell, widths[i]))
			case i == len(r)-1:
				b.WriteString(cell)
			default:
				b.WriteString(c.FillRight(cell, widths[i]))
			}
		}
		line := strings.TrimRight(b.String(), " ")
		b.Reset()
		if _, err := io.WriteString(w, line+"\n"); err != nil {
			return err
		}
	}
	return nil
}
