package main

import (
	"fmt"
	"io"
	"unicode"
	"unicode/utf8"
)

// escaper is the writer every command prints through (env.stdout and env.stderr). It
// writes text as it is, Hangul and every other printable character included, except the
// characters a terminal would act on: a control character (C0, DEL or C1) other than a
// line break or tab is written as a \u escape ("\u001b"), a CR before a line feed is
// dropped, and a byte that is not UTF-8 as \x ("\xff"). So a title holding an escape
// sequence cannot recolour, retitle or clear the terminal, whichever command prints it.
// The escapes are valid in JSON strings, so --json output (already escaped by the
// encoder, except DEL and C1) stays valid JSON meaning the same.
//
// Escaping is done here, once, rather than by each printer, so that a new command is
// covered without doing anything. Output that must be byte-exact (an export to stdout)
// or that is terminal control of the program's own (progress lines) is written to
// env.rawStdout and env.rawStderr instead.
type escaper struct {
	w       io.Writer
	pending []byte // the start of a UTF-8 sequence, or a CR, cut off at the end of the last Write
}

// Write writes p with control characters escaped. It reports len(p) when the escaped
// text was written in full.
func (x *escaper) Write(p []byte) (int, error) {
	n := len(p)
	if len(x.pending) > 0 {
		p = append(x.pending, p...)
		x.pending = nil
	}
	out := make([]byte, 0, len(p))
	start := 0
	for i := 0; i < len(p); {
		c := p[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' {
			i++
			continue
		}
		out = append(out, p[start:i]...)
		switch {
		case c == '\r' && i+1 == len(p):
			x.pending = []byte{'\r'}
			i++
		case c == '\r' && p[i+1] == '\n':
			i++ // a CRLF line end is written as LF
		case c < utf8.RuneSelf:
			out = fmt.Appendf(out, `\u%04x`, c)
			i++
		case !utf8.FullRune(p[i:]):
			x.pending = append([]byte(nil), p[i:]...)
			i = len(p)
		default:
			r, size := utf8.DecodeRune(p[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				out = fmt.Appendf(out, `\x%02x`, c)
			case unicode.IsControl(r):
				out = fmt.Appendf(out, `\u%04x`, r)
			default:
				out = append(out, p[i:i+size]...)
			}
			i += size
		}
		start = i
	}
	out = append(out, p[start:]...)
	if _, err := x.w.Write(out); err != nil {
		return 0, err
	}
	return n, nil
}

// Flush writes what the last Write left pending: a lone CR or a cut-off UTF-8 sequence,
// escaped.
func (x *escaper) Flush() error {
	if len(x.pending) == 0 {
		return nil
	}
	var out []byte
	for _, c := range x.pending {
		if c == '\r' {
			out = append(out, `\u000d`...)
		} else {
			out = fmt.Appendf(out, `\x%02x`, c)
		}
	}
	x.pending = nil
	_, err := x.w.Write(out)
	return err
}
