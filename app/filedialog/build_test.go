package filedialog

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"unicode/utf16"
)

// sep turns a slash-separated path into one for this operating system, so
// the path tables hold on Windows too.
func sep(p string) string { return filepath.FromSlash(p) }

var (
	jsonFilter = Filter{Name: "JSON", Extensions: []string{"json"}}
	csvFilter  = Filter{Name: "CSV", Extensions: []string{"csv", "txt"}}
	allFilter  = Filter{Name: "All files"}
)

func TestCleanFilters(t *testing.T) {
	tests := []struct {
		name string
		in   []Filter
		want []Filter
	}{
		{"none", nil, nil},
		{"plain", []Filter{jsonFilter}, []Filter{jsonFilter}},
		{"dots and globs trimmed", []Filter{{Name: " JSON ", Extensions: []string{".json", "*.JSON", " ", ""}}},
			[]Filter{{Name: "JSON", Extensions: []string{"json", "JSON"}}}},
		{"name from patterns", []Filter{{Extensions: []string{"csv", "txt"}}},
			[]Filter{{Name: "*.csv *.txt", Extensions: []string{"csv", "txt"}}}},
		{"no extensions keeps name", []Filter{allFilter}, []Filter{allFilter}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanFilters(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("cleanFilters(%v) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestEnsureExtension(t *testing.T) {
	tests := []struct {
		path    string
		filters []Filter
		want    string
	}{
		{sep("/tmp/x/report"), []Filter{jsonFilter, csvFilter}, sep("/tmp/x/report.json")},
		{sep("/tmp/x/report.csv"), []Filter{jsonFilter}, sep("/tmp/x/report.csv")},
		{sep("/tmp/x/한글 일지"), []Filter{jsonFilter}, sep("/tmp/x/한글 일지.json")},
		{sep("/tmp/x.d/report"), []Filter{jsonFilter}, sep("/tmp/x.d/report.json")},
		{sep("/tmp/x/report"), []Filter{csvFilter, jsonFilter}, sep("/tmp/x/report.csv")},
		{sep("/tmp/x/report"), nil, sep("/tmp/x/report")},
		{sep("/tmp/x/report"), []Filter{allFilter, jsonFilter}, sep("/tmp/x/report")},
		{sep("/tmp/x/report"), []Filter{{Name: "odd", Extensions: []string{"j?on"}}}, sep("/tmp/x/report")},
		{"", []Filter{jsonFilter}, ""},
	}
	for _, tt := range tests {
		if got := ensureExtension(tt.path, tt.filters); got != tt.want {
			t.Errorf("ensureExtension(%q, %v) = %q, want %q", tt.path, tt.filters, got, tt.want)
		}
	}
}

func TestZenityArgs(t *testing.T) {
	tests := []struct {
		name string
		r    request
		want []string
	}{
		{"bare open", request{}, []string{"--file-selection"}},
		{"open", request{title: "일지 열기", dir: sep("/tmp/x"), filters: []Filter{jsonFilter, csvFilter}},
			[]string{"--file-selection", "--title", "일지 열기", "--filename", sep("/tmp/x/"),
				"--file-filter", "JSON | *.json", "--file-filter", "CSV | *.csv *.txt"}},
		{"open without extensions", request{filters: []Filter{allFilter}},
			[]string{"--file-selection", "--file-filter", "All files | *"}},
		{"save", request{save: true, title: "Export", dir: sep("/tmp/x"), fileName: "한글 일지.json", filters: []Filter{jsonFilter}},
			[]string{"--file-selection", "--save", "--confirm-overwrite", "--title", "Export",
				"--filename", sep("/tmp/x/한글 일지.json"), "--file-filter", "JSON | *.json"}},
		{"save name only", request{save: true, fileName: "a.json"},
			[]string{"--file-selection", "--save", "--confirm-overwrite", "--filename", "a.json"}},
		{"save folder only", request{save: true, dir: sep("/tmp/x/")},
			[]string{"--file-selection", "--save", "--confirm-overwrite", "--filename", sep("/tmp/x/")}},
		{"bar in name", request{filters: []Filter{{Name: "A|B", Extensions: []string{"a"}}}},
			[]string{"--file-selection", "--file-filter", "A/B | *.a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := zenityArgs(tt.r); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("zenityArgs() =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestKDialogArgs(t *testing.T) {
	home := sep("/home/kim")
	tests := []struct {
		name string
		r    request
		home string
		want []string
	}{
		{"bare open", request{}, "", []string{"--getopenfilename", "."}},
		{"open from home", request{}, home, []string{"--getopenfilename", sep("/home/kim/")}},
		{"open", request{title: "일지 열기", dir: sep("/tmp/x"), filters: []Filter{jsonFilter, csvFilter}, parent: Parent{X11Window: 0x1a2b}}, home,
			[]string{"--title", "일지 열기", "--attach", "6699", "--getopenfilename", sep("/tmp/x/"),
				"*.json|JSON\n*.csv *.txt|CSV"}},
		{"save", request{save: true, dir: sep("/tmp/x"), fileName: "한글 일지.json", filters: []Filter{jsonFilter}}, home,
			[]string{"--getsavefilename", sep("/tmp/x/한글 일지.json"), "*.json|JSON"}},
		{"save in home", request{save: true, fileName: "a.json"}, home,
			[]string{"--getsavefilename", sep("/home/kim/a.json")}},
		{"all files", request{filters: []Filter{allFilter}}, home,
			[]string{"--getopenfilename", sep("/home/kim/"), "*|All files"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := kdialogArgs(tt.r, tt.home); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("kdialogArgs() =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestAppleScriptString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"plain", `"plain"`},
		{`say "hi"`, `"say \"hi\""`},
		{`C:\dir\`, `"C:\\dir\\"`},
		{`\"`, `"\\\""`},
		{"two\nlines\r\tend", `"two\nlines\r\tend"`},
		{"한글 일지", `"한글 일지"`},
	}
	for _, tt := range tests {
		if got := appleScriptString(tt.in); got != tt.want {
			t.Errorf("appleScriptString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestOsascriptScript(t *testing.T) {
	tests := []struct {
		name string
		r    request
		want string
	}{
		{"bare open", request{}, `POSIX path of (choose file)`},
		{"open", request{title: `Open "journal"`, dir: "/Users/kim/한글", filters: []Filter{jsonFilter, csvFilter, {Name: "again", Extensions: []string{"json"}}}},
			`POSIX path of (choose file with prompt "Open \"journal\"" of type {"json", "csv", "txt"} default location (POSIX file "/Users/kim/한글"))`},
		{"open all files", request{filters: []Filter{jsonFilter, allFilter}},
			`POSIX path of (choose file)`},
		{"save", request{save: true, title: "Export", dir: `/tmp/a"b\c`, fileName: "일지.json", filters: []Filter{jsonFilter}},
			`POSIX path of (choose file name with prompt "Export" default name "일지.json" default location (POSIX file "/tmp/a\"b\\c"))`},
		{"bare save", request{save: true}, `POSIX path of (choose file name)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := osascriptScript(tt.r); got != tt.want {
				t.Errorf("osascriptScript() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestWindowsFilter(t *testing.T) {
	tests := []struct {
		name    string
		filters []Filter
		want    string
	}{
		{"none", nil, ""},
		{"json", []Filter{jsonFilter}, "JSON (*.json)\x00*.json\x00\x00"},
		{"two", []Filter{jsonFilter, csvFilter}, "JSON (*.json)\x00*.json\x00CSV (*.csv;*.txt)\x00*.csv;*.txt\x00\x00"},
		{"all and hangul", []Filter{{Name: "모든 파일"}}, "모든 파일 (*.*)\x00*.*\x00\x00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := windowsFilter(tt.filters)
			var want []uint16
			if tt.want != "" {
				want = utf16.Encode([]rune(tt.want))
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("windowsFilter() = %q, want %q", string(utf16.Decode(got)), tt.want)
			}
		})
	}
}

func TestParentWindow(t *testing.T) {
	if got := parentWindow(Parent{}); got != "" {
		t.Errorf("parentWindow(zero) = %q, want empty", got)
	}
	if got := parentWindow(Parent{X11Window: 0x1a2b, HWND: 7}); got != "x11:1a2b" {
		t.Errorf("parentWindow = %q, want x11:1a2b", got)
	}
}

func TestRequestPath(t *testing.T) {
	if got, want := requestPath(":1.42", "tok_1"), "/org/freedesktop/portal/desktop/request/1_42/tok_1"; got != want {
		t.Errorf("requestPath = %q, want %q", got, want)
	}
}

func TestNewToken(t *testing.T) {
	valid := regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	seen := make(map[string]bool)
	for i := 0; i < 100; i++ {
		tok := newToken()
		if !valid.MatchString(tok) {
			t.Fatalf("token %q is not a valid object path element", tok)
		}
		if seen[tok] {
			t.Fatalf("token %q repeated", tok)
		}
		seen[tok] = true
	}
}

func TestFileURIToPath(t *testing.T) {
	tests := []struct {
		uri     string
		want    string
		wantErr bool
	}{
		{"file:///tmp/x/%ED%95%9C%EA%B8%80%20%EC%9D%BC%EC%A7%80.json", sep("/tmp/x/한글 일지.json"), false},
		{"file:///tmp/x/한글 일지.json", sep("/tmp/x/한글 일지.json"), false},
		{"file://localhost/tmp/a%2525b", sep("/tmp/a%25b"), false},
		{"file:///tmp/a%23b%3Fc", sep("/tmp/a#b?c"), false},
		{"FILE:///tmp/a", sep("/tmp/a"), false},
		{"https://example.com/a.json", "", true},
		{"file://otherhost/tmp/a", "", true},
		{"file:relative", "", true},
		{"file:///tmp/%zz", "", true},
	}
	for _, tt := range tests {
		got, err := fileURIToPath(tt.uri)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("fileURIToPath(%q) = %q, %v; want %q, error %v", tt.uri, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestSaveFileNameDropsFolders(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"a.json", "a.json"},
		{sep("../../etc/a.json"), "a.json"},
		{sep("dir/"), "dir"},
	}
	for _, tt := range tests {
		if got := baseName(tt.in); got != tt.want {
			t.Errorf("baseName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestOverrideNone checks that HINDSIGHT_FILE_DIALOG=none turns every
// mechanism off, on every operating system.
func TestOverrideNone(t *testing.T) {
	for _, v := range []string{"none", " NONE "} {
		t.Setenv(EnvBackend, v)
		ctx := context.Background()
		if _, err := Open(ctx, OpenOptions{Filters: []Filter{jsonFilter}}); !errors.Is(err, ErrUnavailable) {
			t.Errorf("%s=%q: Open error = %v, want ErrUnavailable", EnvBackend, v, err)
		}
		if _, err := Save(ctx, SaveOptions{FileName: "a.json"}); !errors.Is(err, ErrUnavailable) {
			t.Errorf("%s=%q: Save error = %v, want ErrUnavailable", EnvBackend, v, err)
		}
		if got := Backend(ctx); got != "" {
			t.Errorf("%s=%q: Backend = %q, want empty", EnvBackend, v, got)
		}
	}
}

// TestOverrideUnknown checks that a value naming no mechanism of this
// operating system makes the calls unavailable instead of guessing.
func TestOverrideUnknown(t *testing.T) {
	v := "gtk-please"
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		v = BackendZenity
	}
	t.Setenv(EnvBackend, v)
	_, err := Open(context.Background(), OpenOptions{})
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("%s=%q: Open error = %v, want ErrUnavailable", EnvBackend, v, err)
	}
	if !strings.Contains(err.Error(), v) {
		t.Errorf("error %q does not name the value %q", err, v)
	}
	if got := Backend(context.Background()); got != "" {
		t.Errorf("Backend = %q, want empty", got)
	}
}

func TestCancelledContext(t *testing.T) {
	t.Setenv(EnvBackend, "")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Open(ctx, OpenOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Open with cancelled context: error = %v, want context.Canceled", err)
	}
	if _, err := Save(ctx, SaveOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Save with cancelled context: error = %v, want context.Canceled", err)
	}
}
