package app

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"hindsight/journal"
)

// maxNameBytes bounds a suggested file name, extension included: most file systems
// allow 255 bytes, and Korean takes three bytes a character in UTF-8.
const maxNameBytes = 200

// thesisFileName suggests a file name for an export of one thesis: its date and title,
// "2025-01-28 딥시크 쇼크가 AI 수요를 키운다.pdf", made safe for Windows, macOS and Linux.
func thesisFileName(t *journal.Thesis, ext string) string {
	date := ""
	if !t.CreatedAt.IsZero() {
		date = journal.DateOf(t.CreatedAt.Local()).String()
	}
	return safeFileName(strings.TrimSpace(date+" "+t.Title), ext, "hindsight-"+t.ID)
}

// windowsReserved are the device names Windows refuses as a file name, with any
// extension.
var windowsReserved = map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true, "CONIN$": true, "CONOUT$": true}

func init() {
	for _, d := range []string{"COM", "LPT"} {
		for _, n := range "123456789¹²³" {
			windowsReserved[d+string(n)] = true
		}
	}
}

// safeFileName makes base a file name every common file system accepts, then adds
// ".ext": characters Windows forbids (/ \ : * ? " < > |) become "-", control and
// formatting characters are dropped, runs of spaces shrink to one, leading and trailing
// dots and spaces go, a reserved Windows device name gets a "_" after it, and the name is
// cut at a character boundary to fit maxNameBytes. A name with nothing left becomes
// fallback.
func safeFileName(base, ext, fallback string) string {
	var b strings.Builder
	space := false
	for _, r := range base {
		switch {
		case strings.ContainsRune(`/\:*?"<>|`, r):
			r = '-'
		case unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		case r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			continue
		}
		space = false
		b.WriteRune(r)
	}
	name := strings.Trim(b.String(), ". ")
	suffix := ""
	if ext != "" {
		suffix = "." + ext
	}
	if len(name)+len(suffix) > maxNameBytes {
		cut := maxNameBytes - len(suffix)
		for cut > 0 && !utf8.RuneStart(name[cut]) {
			cut--
		}
		name = strings.TrimRight(name[:cut], ". ")
	}
	if name == "" {
		name = fallback
	}
	stem, _, _ := strings.Cut(name, ".")
	if windowsReserved[strings.ToUpper(strings.TrimRight(stem, " "))] {
		name = stem + "_" + strings.TrimPrefix(name, stem)
	}
	return name + suffix
}
