package filedialog

// This file holds the pure helpers every backend builds on: filter
// normalisation, argument lists for zenity and kdialog, AppleScript for
// osascript, the Windows filter string and the portal's names and URIs. They
// have no build tags so their tests run on every operating system.

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf16"
)

// cleanFilters returns a copy of filters with extensions trimmed of spaces,
// leading "*" and dots, dropping empty extensions, and with a name derived
// from the patterns when a filter has none.
func cleanFilters(filters []Filter) []Filter {
	if len(filters) == 0 {
		return nil
	}
	out := make([]Filter, 0, len(filters))
	for _, f := range filters {
		c := Filter{Name: strings.TrimSpace(f.Name)}
		for _, e := range f.Extensions {
			e = strings.TrimLeft(strings.TrimSpace(e), "*.")
			if e != "" {
				c.Extensions = append(c.Extensions, e)
			}
		}
		if c.Name == "" {
			c.Name = strings.Join(c.globs("*"), " ")
		}
		out = append(out, c)
	}
	return out
}

// globs returns the filter's patterns ("*.json"), or all when the filter has
// no extensions.
func (f Filter) globs(all string) []string {
	if len(f.Extensions) == 0 {
		return []string{all}
	}
	g := make([]string, len(f.Extensions))
	for i, e := range f.Extensions {
		g[i] = "*." + e
	}
	return g
}

// defaultExtension returns the first extension of the first filter, or ""
// when there is none or it is itself a pattern.
func defaultExtension(filters []Filter) string {
	if len(filters) == 0 || len(filters[0].Extensions) == 0 {
		return ""
	}
	e := filters[0].Extensions[0]
	if strings.ContainsAny(e, `*?[]/\`) {
		return ""
	}
	return e
}

// ensureExtension appends the default extension of filters to path when the
// file name in path has no extension at all.
func ensureExtension(path string, filters []Filter) string {
	if path == "" || filepath.Ext(path) != "" {
		return path
	}
	if e := defaultExtension(filters); e != "" {
		return path + "." + e
	}
	return path
}

// zenityArgs returns the command-line arguments for a zenity file dialog.
func zenityArgs(r request) []string {
	args := []string{"--file-selection"}
	if r.save {
		args = append(args, "--save", "--confirm-overwrite")
	}
	if r.title != "" {
		args = append(args, "--title", r.title)
	}
	if name := startPath(r, ""); name != "" {
		args = append(args, "--filename", name)
	}
	for _, f := range r.filters {
		name := strings.ReplaceAll(f.Name, "|", "/")
		args = append(args, "--file-filter", name+" | "+strings.Join(f.globs("*"), " "))
	}
	return args
}

// kdialogArgs returns the command-line arguments for a kdialog file dialog.
// home is the folder to start in when the request names none.
func kdialogArgs(r request, home string) []string {
	var args []string
	if r.title != "" {
		args = append(args, "--title", r.title)
	}
	if r.parent.X11Window != 0 {
		args = append(args, "--attach", strconv.FormatUint(uint64(r.parent.X11Window), 10))
	}
	if r.save {
		args = append(args, "--getsavefilename")
	} else {
		args = append(args, "--getopenfilename")
	}
	start := startPath(r, home)
	if start == "" {
		start = "."
	}
	args = append(args, start)
	if len(r.filters) > 0 {
		lines := make([]string, len(r.filters))
		for i, f := range r.filters {
			lines[i] = strings.Join(f.globs("*"), " ") + "|" + strings.ReplaceAll(f.Name, "\n", " ")
		}
		args = append(args, strings.Join(lines, "\n"))
	}
	return args
}

// startPath returns where a zenity or kdialog dialog starts: the folder with
// a trailing separator for opening, the folder joined with the suggested
// name for saving. home replaces an empty folder.
func startPath(r request, home string) string {
	dir := r.dir
	if dir == "" {
		dir = home
	}
	switch {
	case r.save && r.fileName != "" && dir != "":
		return filepath.Join(dir, r.fileName)
	case r.save && r.fileName != "":
		return r.fileName
	case dir == "":
		return ""
	case strings.HasSuffix(dir, string(filepath.Separator)):
		return dir
	default:
		return dir + string(filepath.Separator)
	}
}

// appleScriptString returns s as an AppleScript string literal, quoted and
// with backslashes, quotes and line breaks escaped.
func appleScriptString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// osascriptScript returns the AppleScript that shows the dialog for r and
// prints the chosen POSIX path.
func osascriptScript(r request) string {
	var b strings.Builder
	if r.save {
		b.WriteString("POSIX path of (choose file name")
	} else {
		b.WriteString("POSIX path of (choose file")
	}
	if r.title != "" {
		b.WriteString(" with prompt " + appleScriptString(r.title))
	}
	if r.save {
		if r.fileName != "" {
			b.WriteString(" default name " + appleScriptString(r.fileName))
		}
	} else if types := appleScriptTypes(r.filters); types != "" {
		b.WriteString(" of type " + types)
	}
	if r.dir != "" {
		b.WriteString(" default location (POSIX file " + appleScriptString(r.dir) + ")")
	}
	b.WriteString(")")
	return b.String()
}

// appleScriptTypes returns the AppleScript list of every extension in
// filters, such as {"json", "csv"}, or "" when any filter allows all files.
func appleScriptTypes(filters []Filter) string {
	seen := make(map[string]bool)
	var items []string
	for _, f := range filters {
		if len(f.Extensions) == 0 {
			return ""
		}
		for _, e := range f.Extensions {
			if !seen[e] {
				seen[e] = true
				items = append(items, appleScriptString(e))
			}
		}
	}
	if len(items) == 0 {
		return ""
	}
	return "{" + strings.Join(items, ", ") + "}"
}

// windowsFilter returns the lpstrFilter value for filters: pairs of
// NUL-terminated label and pattern list, ended by an extra NUL, as UTF-16.
// It returns nil when there are no filters.
func windowsFilter(filters []Filter) []uint16 {
	if len(filters) == 0 {
		return nil
	}
	var b strings.Builder
	for _, f := range filters {
		patterns := strings.Join(f.globs("*.*"), ";")
		name := strings.ReplaceAll(f.Name, "\x00", "")
		b.WriteString(name + " (" + patterns + ")\x00")
		b.WriteString(patterns + "\x00")
	}
	b.WriteString("\x00")
	return utf16.Encode([]rune(b.String()))
}

// parentWindow returns the portal's parent_window argument for p.
func parentWindow(p Parent) string {
	if p.X11Window == 0 {
		return ""
	}
	return fmt.Sprintf("x11:%x", p.X11Window)
}

// requestPath returns the object path the portal uses for a request made by
// the connection with unique bus name sender and the given handle_token.
func requestPath(sender, token string) string {
	return requestNamespace(sender) + "/" + token
}

// requestNamespace returns the object path under which the portal places
// every request of the connection with unique bus name sender.
func requestNamespace(sender string) string {
	s := strings.ReplaceAll(strings.TrimPrefix(sender, ":"), ".", "_")
	return "/org/freedesktop/portal/desktop/request/" + s
}

// tokenCounter makes handle tokens unique within the process.
var tokenCounter atomic.Uint64

// newToken returns a handle_token unique to this call; it uses only
// characters valid in an object path element.
func newToken() string {
	var rnd [4]byte
	_, _ = rand.Read(rnd[:])
	return "hindsight" + strconv.FormatUint(tokenCounter.Add(1), 10) + "_" + hex.EncodeToString(rnd[:])
}

// fileURIToPath converts a file:// URI from the portal to a local path,
// decoding percent-escapes.
func fileURIToPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", fmt.Errorf("parse uri %q: %w", uri, err)
	}
	if !strings.EqualFold(u.Scheme, "file") {
		return "", fmt.Errorf("uri %q is not a local file", uri)
	}
	if u.Host != "" && !strings.EqualFold(u.Host, "localhost") {
		return "", fmt.Errorf("uri %q names another host", uri)
	}
	if u.Path == "" || !strings.HasPrefix(u.Path, "/") {
		return "", fmt.Errorf("uri %q has no absolute path", uri)
	}
	return filepath.FromSlash(u.Path), nil
}
