package pdf

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The body of a thesis is free text in which Markdown is allowed. The subset below is
// what people write in notes: ATX headings, bullet and numbered lists (nested by
// indentation), block quotes, fenced code, thematic breaks, and inline bold, italic,
// code and links. Unlike CommonMark, a single line break inside a paragraph is kept:
// in a journal the writer's line breaks are meant.

// blockKind tells what a Markdown block is.
type blockKind int

const (
	mdPara blockKind = iota
	mdHeading
	mdItem
	mdQuote
	mdCode
	mdRule
)

// mdBlock is one block of a Markdown document.
type mdBlock struct {
	kind   blockKind
	level  int    // heading level 1–6, or list nesting depth from 0
	marker string // list item marker as written ("•" for bullets, "1." for numbers)
	text   string // inline text; lines joined with "\n"
}

var (
	headingRE = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	itemRE    = regexp.MustCompile(`^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+(.*)$`)
	ruleRE    = regexp.MustCompile(`^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	fenceRE   = regexp.MustCompile("^ {0,3}(```+|~~~+)")
	quoteRE   = regexp.MustCompile(`^ {0,3}>[ ]?(.*)$`)
)

// parseMarkdown splits src into blocks.
func parseMarkdown(src string) []mdBlock {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	lines := strings.Split(src, "\n")
	var out []mdBlock
	var cur *mdBlock
	end := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for i := 0; i < len(lines); i++ {
		ln := strings.TrimRight(lines[i], " \t")
		if m := fenceRE.FindStringSubmatch(ln); m != nil {
			end()
			fence := m[1]
			var code []string
			for i++; i < len(lines); i++ {
				if strings.HasPrefix(strings.TrimLeft(lines[i], " "), fence[:3]) {
					break
				}
				code = append(code, strings.TrimRight(lines[i], " \t"))
			}
			out = append(out, mdBlock{kind: mdCode, text: strings.Join(code, "\n")})
			continue
		}
		if strings.TrimSpace(ln) == "" {
			end()
			continue
		}
		if ruleRE.MatchString(ln) {
			end()
			out = append(out, mdBlock{kind: mdRule})
			continue
		}
		if m := headingRE.FindStringSubmatch(ln); m != nil {
			end()
			out = append(out, mdBlock{kind: mdHeading, level: len(m[1]), text: strings.TrimSpace(m[2])})
			continue
		}
		if m := itemRE.FindStringSubmatch(ln); m != nil {
			end()
			indent := len(strings.ReplaceAll(m[1], "\t", "    "))
			marker := m[2]
			if marker == "-" || marker == "*" || marker == "+" {
				marker = "•"
				if indent >= 2 {
					marker = "◦"
				}
			}
			cur = &mdBlock{kind: mdItem, level: min(indent/2, 4), marker: marker, text: m[3]}
			continue
		}
		if m := quoteRE.FindStringSubmatch(ln); m != nil {
			if cur == nil || cur.kind != mdQuote {
				end()
				cur = &mdBlock{kind: mdQuote, text: m[1]}
			} else {
				cur.text += "\n" + m[1]
			}
			continue
		}
		text := strings.TrimLeft(ln, " \t")
		switch {
		case cur == nil || cur.kind == mdQuote:
			end()
			cur = &mdBlock{kind: mdPara, text: text}
		default:
			// A paragraph line, or the continuation of a list item.
			cur.text += "\n" + text
		}
	}
	end()
	return out
}

// parseInline turns Markdown inline text into styled spans: **bold**, __bold__,
// *italic*, _italic_, `code`, [text](url) and backslash escapes. Unmatched markers
// stay as written.
func parseInline(s string) []span {
	var out []span
	inline(s, false, false, &out)
	return out
}

func inline(s string, bold, italic bool, out *[]span) {
	var buf strings.Builder
	emit := func() {
		if buf.Len() > 0 {
			*out = append(*out, span{text: buf.String(), bold: bold, italic: italic})
			buf.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_{}[]()#+-.!>~|", s[i+1]) >= 0:
			buf.WriteByte(s[i+1])
			i += 2
			continue
		case c == '`':
			if j := strings.IndexByte(s[i+1:], '`'); j > 0 {
				emit()
				*out = append(*out, span{text: s[i+1 : i+1+j], bold: bold, italic: italic, color: &muted})
				i += j + 2
				continue
			}
		case c == '[':
			if text, url, n, ok := link(s[i:]); ok {
				emit()
				var inner []span
				inline(text, bold, italic, &inner)
				for k := range inner {
					inner[k].color, inner[k].link = &linkColor, url
				}
				*out = append(*out, inner...)
				i += n
				continue
			}
		case c == '*' || c == '_':
			n := 1
			for i+n < len(s) && s[i+n] == c && n < 3 {
				n++
			}
			if j := closing(s, i, n, c); j >= 0 {
				emit()
				b, it := bold, italic
				switch n {
				case 1:
					it = true
				case 2:
					b = true
				default:
					b, it = true, true
				}
				inline(s[i+n:j], b, it, out)
				i = j + n
				continue
			}
			buf.WriteString(s[i : i+n])
			i += n
			continue
		}
		buf.WriteByte(c)
		i++
	}
	emit()
}

// closing finds the delimiter run of n c's that closes the one at s[i:i+n], or -1.
// An opener must be followed by a non-space and a closer preceded by one; underscores
// inside words (snake_case) neither open nor close.
func closing(s string, i, n int, c byte) int {
	after, _ := utf8.DecodeRuneInString(s[i+n:])
	if i+n >= len(s) || unicode.IsSpace(after) {
		return -1
	}
	if c == '_' && i > 0 {
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsLetter(before) || unicode.IsDigit(before) {
			return -1
		}
	}
	delim := strings.Repeat(string(c), n)
	for j := i + n + 1; j+n <= len(s); j++ {
		if s[j-1] == '\\' || s[j:j+n] != delim {
			continue
		}
		// The run must be exactly n long.
		if j+n < len(s) && s[j+n] == c {
			j += n
			for j < len(s) && s[j] == c {
				j++
			}
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:j])
		if unicode.IsSpace(prev) {
			continue
		}
		if c == '_' && j+n < len(s) {
			next, _ := utf8.DecodeRuneInString(s[j+n:])
			if unicode.IsLetter(next) || unicode.IsDigit(next) {
				continue
			}
		}
		return j
	}
	return -1
}

// link parses "[text](url)" at the start of s.
func link(s string) (text, url string, n int, ok bool) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				if i+1 >= len(s) || s[i+1] != '(' {
					return "", "", 0, false
				}
				j := strings.IndexByte(s[i+2:], ')')
				if j < 0 {
					return "", "", 0, false
				}
				url = strings.TrimSpace(s[i+2 : i+2+j])
				if url == "" || strings.ContainsAny(url, " \n") {
					return "", "", 0, false
				}
				return s[1:i], url, i + 3 + j, true
			}
		case '\n':
			return "", "", 0, false
		}
	}
	return "", "", 0, false
}

// body draws Markdown text.
func (w *writer) body(src string) {
	const size, lh = 10.0, 5.4
	for _, b := range parseMarkdown(src) {
		switch b.kind {
		case mdHeading:
			sizes := []float64{14, 12.5, 11.5, 10.5, 10, 10}
			w.heading(inlineText(b.text), sizes[b.level-1], 12)
		case mdPara:
			w.paragraph(para{spans: parseInline(b.text), size: size, lh: lh, color: ink})
			w.y += 2
		case mdItem:
			indent := 6 + float64(b.level)*6
			lines := w.wrap(parseInline(b.text), size, w.contentWidth()-indent)
			w.ensure(lh)
			mw := w.width(b.marker, false, size)
			w.text(w.left+indent-2-mw, baseline(w.y, lh, size), b.marker, false, false, size, muted)
			w.drawLines(lines, para{size: size, lh: lh, color: ink, x: indent})
			w.y += 0.8
		case mdQuote:
			start, page := w.y, len(w.pages)
			w.paragraph(para{spans: parseInline(b.text), size: size, lh: lh, color: muted, x: 5})
			if len(w.pages) == page {
				w.fillColor(rule)
				w.f.Rect(w.left+1, start+0.5, 0.9, w.y-start-1, "F")
			}
			w.y += 2
		case mdCode:
			w.paragraph(para{spans: []span{{text: b.text, color: &muted}}, size: 9, lh: 4.6, color: ink, x: 5})
			w.y += 2
		case mdRule:
			w.hrule()
		}
	}
}

// inlineText returns the text of Markdown inline s without its markers.
func inlineText(s string) string {
	var b strings.Builder
	for _, sp := range parseInline(s) {
		b.WriteString(sp.text)
	}
	return b.String()
}
