package remind

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Quoting for systemd unit files, following systemd.service(5), "Command
// lines", and systemd.syntax(7) (https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#Command%20lines):
// a word may be wrapped in double quotes, inside which C-style escapes
// (\\, \", \n, \xNN) are decoded; specifiers are expanded on the whole line,
// so a literal "%" is written "%%" (systemd.unit(5), "Specifiers"); and
// environment variables are substituted in the arguments (not in the
// executable's path), so a literal "$" in an argument is written "$$".

// execLine returns args as the value of ExecStart=, the first the absolute
// executable path: a word of letters, digits and "-_./:,+=@" only is
// written as it is, any other in double quotes.
func execLine(args []string) string {
	words := make([]string, len(args))
	for i, a := range args {
		words[i] = systemdQuote(a, i > 0)
	}
	return strings.Join(words, " ")
}

// systemdQuote returns s as one double-quoted word of a command line; arg
// says whether it is an argument (where "$" is doubled) rather than the
// executable's path.
func systemdQuote(s string, arg bool) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:,+=@") == "" {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '%':
			b.WriteString("%%")
		case r == '$' && arg:
			b.WriteString("$$")
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
	return b.String()
}

// unitText returns s as a one-line setting value (Description=): line
// breaks become spaces and "%" is doubled.
func unitText(s string) string {
	s = strings.NewReplacer("\r", " ", "\n", " ", "%", "%%").Replace(s)
	return strings.TrimSpace(s)
}

// xmlText escapes s for XML character data and attribute values. Characters
// XML 1.0 does not allow at all (most controls) are replaced by U+FFFD.
func xmlText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		case '\t', '\n', '\r':
			fmt.Fprintf(&b, "&#%d;", r)
		default:
			if r < 0x20 || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF) {
				r = utf8.RuneError
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// windowsArgs joins args into one Windows command line as the C runtime and
// CommandLineToArgvW split it (https://learn.microsoft.com/cpp/c-language/parsing-c-command-line-arguments):
// a word with a space, tab or quote is wrapped in double quotes; backslashes
// are doubled only where they precede a quote, and a quote is escaped with
// one more backslash.
func windowsArgs(args []string) string {
	words := make([]string, len(args))
	for i, a := range args {
		words[i] = windowsQuote(a)
	}
	return strings.Join(words, " ")
}

func windowsQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n\v\"") {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			slashes++
			continue
		case '"':
			b.WriteString(strings.Repeat(`\`, 2*slashes+1))
		default:
			b.WriteString(strings.Repeat(`\`, slashes))
		}
		slashes = 0
		b.WriteByte(c)
	}
	b.WriteString(strings.Repeat(`\`, 2*slashes))
	b.WriteByte('"')
	return b.String()
}
