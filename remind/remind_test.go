package remind

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// Options with a path of spaces and Hangul on every system.
var goldenCases = map[string]Options{
	"linux": {OS: "linux", Home: "/home/김 민수", Exe: "/home/김 민수/bin/hindsight",
		Journal: "/home/김 민수/.config/hindsight/journal.db"},
	"linux-odd": {OS: "linux", Home: "/home/kim", Exe: `/opt/100% $HOME/hind"sight`,
		Journal: `/home/kim/a\b/$USER's 50%.db`, At: "7:05", Lang: "ko"},
	"windows": {OS: "windows", Home: `C:\Users\김민수`, Exe: `C:\Program Files\Hindsight\hindsight.exe`,
		Journal: `C:\Users\김민수\AppData\Roaming\Hindsight\journal.db`},
	"darwin": {OS: "darwin", Home: "/Users/김 민수", Exe: "/Applications/Hindsight.app/Contents/MacOS/hindsight",
		Journal: "/Users/김 민수/Library/Application Support/Hindsight/journal & <notes>.db", UID: 501, At: "21:45"},
}

// dump renders a plan as text; UTF-16 files are shown decoded (their bytes
// are checked by TestWindowsTaskIsUTF16).
func dump(p Plan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "os: %s remove: %v\n", p.OS, p.Remove)
	for _, c := range p.Prepare {
		fmt.Fprintf(&b, "prepare: %q\n", c)
	}
	for _, f := range p.Files {
		fmt.Fprintf(&b, "== %s (%v)\n%s", f.Path, f.Mode, FromUTF16(f.Content))
	}
	for _, c := range p.Commands {
		fmt.Fprintf(&b, "run: %q\n", c)
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	for name, opts := range goldenCases {
		t.Run(name, func(t *testing.T) {
			in, err := PlanInstall(opts)
			if err != nil {
				t.Fatal(err)
			}
			un, err := PlanUninstall(opts)
			if err != nil {
				t.Fatal(err)
			}
			got := dump(in) + "\n" + dump(un)
			file := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./remind -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("plan differs from %s:\n%s", file, got)
			}
		})
	}
}

func TestWindowsTaskIsUTF16(t *testing.T) {
	p, err := PlanInstall(goldenCases["windows"])
	if err != nil {
		t.Fatal(err)
	}
	b := p.Files[0].Content
	if !bytes.HasPrefix(b, []byte{0xFF, 0xFE, '<', 0}) {
		t.Fatalf("task XML does not start with a UTF-16LE byte order mark: % x", b[:8])
	}
	if !bytes.Contains(FromUTF16(b), []byte("김민수")) {
		t.Error("Hangul lost in UTF-16")
	}
	if got := FromUTF16(UTF16([]byte("a 김 😀"))); string(got) != "a 김 😀" {
		t.Errorf("UTF-16 round trip: %q", got)
	}
}

// xmlDecoder reads XML already decoded to UTF-8 whatever its declaration says.
func xmlDecoder(b []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	return d
}

func TestTaskXMLParsesBack(t *testing.T) {
	opts := goldenCases["windows"]
	opts.Exe = `C:\Users\김민수\Hind "sight"\bin\hindsight.exe`
	opts.Journal = `C:\Users\김 민수\journal & <1>\`
	p, err := PlanInstall(opts)
	if err != nil {
		t.Fatal(err)
	}
	var task struct {
		Start   string `xml:"Triggers>CalendarTrigger>StartBoundary"`
		Days    int    `xml:"Triggers>CalendarTrigger>ScheduleByDay>DaysInterval"`
		Logon   string `xml:"Principals>Principal>LogonType"`
		Level   string `xml:"Principals>Principal>RunLevel"`
		Command string `xml:"Actions>Exec>Command"`
		Args    string `xml:"Actions>Exec>Arguments"`
	}
	if err := xmlDecoder(FromUTF16(p.Files[0].Content)).Decode(&task); err != nil {
		t.Fatalf("task XML is not well-formed: %v", err)
	}
	if task.Start != "2020-01-01T08:30:00" || task.Days != 1 || task.Logon != "InteractiveToken" || task.Level != "LeastPrivilege" {
		t.Errorf("task: %+v", task)
	}
	if task.Command != opts.Exe {
		t.Errorf("Command %q, want %q", task.Command, opts.Exe)
	}
	if got, want := splitWindows(task.Args), Args(opts.Exe, opts.Journal, opts.Lang)[1:]; !reflect.DeepEqual(got, want) {
		t.Errorf("Arguments %s split into %q, want %q", task.Args, got, want)
	}
}

// splitWindows splits a command line as the C runtime does (see windowsArgs).
func splitWindows(s string) []string {
	var args []string
	var cur strings.Builder
	inWord, quoted := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			n := 0
			for i < len(s) && s[i] == '\\' {
				n++
				i++
			}
			if i < len(s) && s[i] == '"' {
				cur.WriteString(strings.Repeat(`\`, n/2))
				if n%2 == 1 {
					cur.WriteByte('"')
				} else {
					quoted = !quoted
				}
			} else {
				cur.WriteString(strings.Repeat(`\`, n))
				i--
			}
			inWord = true
		case c == '"':
			quoted = !quoted
			inWord = true
		case (c == ' ' || c == '\t') && !quoted:
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args
}

func TestWindowsQuoteRoundTrip(t *testing.T) {
	words := []string{"", "a", "a b", `a"b`, `C:\dir\`, `C:\dir with space\`, `\\server\share`, `a\\"b`, `김 민수`, `"`, `\`}
	if got := splitWindows(windowsArgs(words)); !reflect.DeepEqual(got, words) {
		t.Errorf("%s split into %q, want %q", windowsArgs(words), got, words)
	}
}

func TestPlistParsesBack(t *testing.T) {
	opts := goldenCases["darwin"]
	p, err := PlanInstall(opts)
	if err != nil {
		t.Fatal(err)
	}
	// A plist is a flat sequence of keys and values: read the strings of
	// ProgramArguments and the integers of StartCalendarInterval.
	var plist struct {
		Dict struct {
			Inner []byte `xml:",innerxml"`
		} `xml:"dict"`
	}
	if err := xmlDecoder(p.Files[0].Content).Decode(&plist); err != nil {
		t.Fatalf("plist is not well-formed: %v", err)
	}
	var doc struct {
		Keys    []string `xml:"key"`
		Strings []string `xml:"string"`
		Array   []string `xml:"array>string"`
		Ints    []int    `xml:"dict>integer"`
	}
	if err := xmlDecoder([]byte("<d>" + string(plist.Dict.Inner) + "</d>")).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if want := Args(opts.Exe, opts.Journal, opts.Lang); !reflect.DeepEqual(doc.Array, want) {
		t.Errorf("ProgramArguments %q, want %q", doc.Array, want)
	}
	if !reflect.DeepEqual(doc.Ints, []int{21, 45}) {
		t.Errorf("StartCalendarInterval %v, want Hour 21 Minute 45", doc.Ints)
	}
	if !reflect.DeepEqual(doc.Keys, []string{"Label", "ProgramArguments", "StartCalendarInterval", "ProcessType"}) {
		t.Errorf("keys %q", doc.Keys)
	}
	if doc.Strings[0] != Label {
		t.Errorf("Label %q", doc.Strings[0])
	}
}

// splitExec splits an ExecStart= value as systemd.service(5) describes:
// words split on whitespace, double-quoted words with C escapes, "%%" for
// "%", and "$$" for "$" in the arguments (not in the executable path).
func splitExec(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	i := 0
	for i < len(line) {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i == len(line) {
			break
		}
		var w []byte
		quoted := line[i] == '"'
		if quoted {
			i++
		}
		for ; i < len(line); i++ {
			c := line[i]
			if quoted && c == '"' {
				i++
				if i < len(line) && line[i] != ' ' {
					t.Fatalf("closing quote not followed by a space in %s", line)
				}
				quoted = false
				break
			}
			if !quoted && c == ' ' {
				break
			}
			switch {
			case c == '\\':
				i++
				switch line[i] {
				case 'n':
					w = append(w, '\n')
				case 't':
					w = append(w, '\t')
				case 'x':
					var b byte
					fmt.Sscanf(line[i+1:i+3], "%02x", &b)
					w = append(w, b)
					i += 2
				default:
					w = append(w, line[i])
				}
			case c == '%':
				i++
				if line[i] != '%' {
					t.Fatalf("specifier %%%c in %s", line[i], line)
				}
				w = append(w, '%')
			case c == '$' && len(words) > 0:
				i++
				if line[i] != '$' {
					t.Fatalf("variable $%c in %s", line[i], line)
				}
				w = append(w, '$')
			default:
				w = append(w, c)
			}
		}
		if quoted {
			t.Fatalf("unbalanced quote in %s", line)
		}
		words = append(words, string(w))
	}
	return words
}

func TestSystemdQuoteRoundTrip(t *testing.T) {
	cases := [][]string{
		{"/usr/bin/x"},
		{"/home/김 민수/bin/hindsight", "--db", "/home/김 민수/.config/hindsight/journal.db", "check", "--notify"},
		{`/opt/100% $HOME/hind"sight`, `$USER`, `${HOME}`, `a\b`, `it's`, "tab\there", "new\nline", "bell\a", "bad\xffbyte", "", "%n", "$$"},
	}
	for _, args := range cases {
		line := execLine(args)
		if got := splitExec(t, line); !reflect.DeepEqual(got, args) {
			t.Errorf("%s\nsplit into %q\nwant       %q", line, got, args)
		}
	}
}

func TestParseAt(t *testing.T) {
	for in, want := range map[string][2]int{"08:30": {8, 30}, "8:30": {8, 30}, "00:00": {0, 0}, "23:59": {23, 59}} {
		h, m, err := ParseAt(in)
		if err != nil || h != want[0] || m != want[1] {
			t.Errorf("ParseAt(%q) = %d, %d, %v", in, h, m, err)
		}
	}
	for _, in := range []string{"", "24:00", "12:60", "8", "08:3", "-1:30", "+8:30", "08:+3", "0830", "08:30:00", "a:bc"} {
		if _, _, err := ParseAt(in); err == nil {
			t.Errorf("ParseAt(%q) accepted", in)
		}
	}
}

func TestPlanRefuses(t *testing.T) {
	base := goldenCases["linux"]
	for name, mod := range map[string]func(*Options){
		"plan9":            func(o *Options) { o.OS = "plan9" },
		"relative exe":     func(o *Options) { o.Exe = "bin/hindsight" },
		"relative journal": func(o *Options) { o.Journal = "journal.db" },
		"no journal":       func(o *Options) { o.Journal = "" },
		"bad time":         func(o *Options) { o.At = "25:00" },
		"windows exe":      func(o *Options) { o.OS = "windows"; o.Exe = "/usr/bin/x" },
	} {
		o := base
		mod(&o)
		if _, err := PlanInstall(o); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// recorder is a fake Run that records the commands.
type recorder struct {
	cmds [][]string
	out  map[string]string // output by command name
	fail map[string]bool
}

func (r *recorder) run(name string, args ...string) ([]byte, error) {
	r.cmds = append(r.cmds, append([]string{name}, args...))
	var err error
	if r.fail[name] {
		err = fmt.Errorf("exit status 1")
	}
	return []byte(r.out[name]), err
}

// tree lists every file and folder under dir with its permissions.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var list []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		list = append(list, fmt.Sprintf("%s %v", rel, info.Mode()))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func TestInstallUninstallLeavesNothing(t *testing.T) {
	for _, goos := range []string{"linux", "darwin"} {
		t.Run(goos, func(t *testing.T) {
			home := filepath.Join(t.TempDir(), "김 민수")
			// The standard folders exist already, with a file of the person's own.
			dir := filepath.Join(home, ".config", "systemd", "user")
			if goos == "darwin" {
				dir = filepath.Join(home, "Library", "LaunchAgents")
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "other.timer"), []byte("mine"), 0o644); err != nil {
				t.Fatal(err)
			}
			before := tree(t, home)
			opts := Options{OS: goos, Home: home, Exe: "/usr/bin/hindsight", Journal: filepath.Join(home, "journal.db"), UID: 501}
			rec := &recorder{fail: map[string]bool{"launchctl": false}}
			in := Installer{Run: rec.run}
			plan, err := PlanInstall(opts)
			if err != nil {
				t.Fatal(err)
			}
			if err := in.Apply(plan); err != nil {
				t.Fatal(err)
			}
			for _, f := range plan.Files {
				b, err := os.ReadFile(f.Path)
				if err != nil || !bytes.Equal(b, f.Content) {
					t.Errorf("%s: %v, content differs: %v", f.Path, err, !bytes.Equal(b, f.Content))
				}
				if info, err := os.Stat(f.Path); err != nil || info.Mode().Perm() != 0o644 {
					t.Errorf("%s: mode %v, want 0644", f.Path, info.Mode())
				}
			}
			if want := append(append([][]string{}, plan.Prepare...), plan.Commands...); !reflect.DeepEqual(rec.cmds, want) {
				t.Errorf("install ran %q, want %q", rec.cmds, want)
			}
			st, err := in.Status(opts)
			if err != nil || !st.Installed || len(st.Files) != len(plan.Files) {
				t.Errorf("status after install: %+v, %v", st, err)
			}

			rec.cmds = nil
			un, err := PlanUninstall(opts)
			if err != nil {
				t.Fatal(err)
			}
			if err := in.Apply(un); err != nil {
				t.Fatal(err)
			}
			if want := append(append([][]string{}, un.Prepare...), un.Commands...); !reflect.DeepEqual(rec.cmds, want) {
				t.Errorf("uninstall ran %q, want %q", rec.cmds, want)
			}
			if after := tree(t, home); !reflect.DeepEqual(after, before) {
				t.Errorf("home after install and uninstall:\n%q\nbefore:\n%q", after, before)
			}
			st, err = in.Status(opts)
			if err != nil || st.Installed || len(st.Files) != 0 {
				t.Errorf("status after uninstall: %+v, %v", st, err)
			}
			// Uninstalling again is harmless.
			if err := in.Apply(un); err != nil {
				t.Errorf("second uninstall: %v", err)
			}
		})
	}
}

func TestUninstallKeepsForeignFile(t *testing.T) {
	home := t.TempDir()
	opts := Options{OS: "linux", Home: home}
	un, err := PlanUninstall(opts)
	if err != nil {
		t.Fatal(err)
	}
	mine := un.Files[0].Path
	if err := os.MkdirAll(filepath.Dir(mine), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mine, []byte("[Service]\nExecStart=/bin/true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	err = Installer{Run: rec.run}.Apply(un)
	if err == nil || !strings.Contains(err.Error(), mine) {
		t.Fatalf("uninstall over a foreign file: %v", err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("foreign file removed: %v", err)
	}
	if len(rec.cmds) != 0 {
		t.Errorf("commands ran: %q", rec.cmds)
	}
	st, err := Installer{Run: rec.run}.Status(opts)
	if err != nil || st.Installed || len(st.Foreign) != 1 {
		t.Errorf("status: %+v, %v", st, err)
	}
}

func TestInstallReportsFailedCommand(t *testing.T) {
	home := t.TempDir()
	rec := &recorder{fail: map[string]bool{"systemctl": true}, out: map[string]string{"systemctl": "Failed to connect to bus: No medium found"}}
	p, err := PlanInstall(Options{OS: "linux", Home: home, Exe: "/usr/bin/hindsight", Journal: "/j.db"})
	if err != nil {
		t.Fatal(err)
	}
	err = Installer{Run: rec.run}.Apply(p)
	if err == nil || !strings.Contains(err.Error(), "systemctl --user daemon-reload") || !strings.Contains(err.Error(), "No medium found") {
		t.Errorf("error: %v", err)
	}
}

func TestStatusAsksSystem(t *testing.T) {
	home := t.TempDir()
	opts := Options{OS: "linux", Home: home, Exe: "/usr/bin/hindsight", Journal: "/j.db"}
	p, _ := PlanInstall(opts)
	rec := &recorder{out: map[string]string{"systemctl": "ActiveState=active\nNextElapseUSecRealtime=Wed 2026-12-02 08:30:00 KST\n"}}
	in := Installer{Run: rec.run}
	if err := in.Apply(p); err != nil {
		t.Fatal(err)
	}
	st, err := in.Status(opts)
	if err != nil || st.Next != "Wed 2026-12-02 08:30:00 KST" || st.Detail != "timer active" {
		t.Errorf("status: %+v, %v", st, err)
	}
}

// TestSystemdAnalyzeVerify has systemd check the generated units, with the
// executable at a path of spaces, Hangul, "%" and "$". verify needs no
// running systemd when it is not given --user.
func TestSystemdAnalyzeVerify(t *testing.T) {
	sa, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed (Debian package: systemd); the units are not checked by systemd")
	}
	root := t.TempDir()
	exe := filepath.Join(root, "김 민수 100% $x", "hindsight")
	if err := os.MkdirAll(filepath.Dir(exe), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(root, "home")
	p, err := PlanInstall(Options{OS: "linux", Home: home, Exe: exe, Journal: filepath.Join(root, "김 민수 100% $x", "journal.db")})
	if err != nil {
		t.Fatal(err)
	}
	if err := (Installer{Run: func(string, ...string) ([]byte, error) { return nil, nil }}).Apply(p); err != nil {
		t.Fatal(err)
	}
	args := []string{"verify", "--man=no"}
	for _, f := range p.Files {
		args = append(args, f.Path)
	}
	cmd := exec.Command(sa, args...)
	cmd.Env = append(os.Environ(), "SYSTEMD_LOG_LEVEL=notice")
	out, err := cmd.CombinedOutput()
	if err != nil {
		if bytes.Contains(out, []byte("Failed to initialize manager")) || bytes.Contains(out, []byte("Failed to setup working directory")) {
			t.Skipf("systemd-analyze verify cannot run here: %s", out)
		}
		t.Fatalf("systemd-analyze %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	if len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("systemd-analyze verify warns:\n%s", out)
	}
}
