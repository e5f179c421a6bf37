// Package remind sets up a daily job of the current user that runs
// "hindsight check --notify" with the desktop app closed: a systemd user
// timer on Linux, a Task Scheduler task on Windows and a launchd agent on
// macOS, each written from a template kept in templates/.
//
// PlanInstall and PlanUninstall only compute what would be done (the files
// with their full content, the commands); an Installer carries a plan out.
// Every file written carries Marker, and uninstalling removes a file only
// when it still does, so nothing the person wrote is ever removed. Nothing
// here needs administrator rights.
package remind

import (
	"bytes"
	"embed"
	"fmt"
	"os"
	"path"
	"runtime"
	"strconv"
	"strings"
	"text/template"
	"unicode/utf16"
)

//go:embed templates
var templates embed.FS

// Names of the job on each system.
const (
	// UnitName is the systemd unit name, without its suffix (.service, .timer).
	UnitName = "hindsight-check"
	// TaskName is the Task Scheduler task, in the folder Hindsight.
	TaskName = `\Hindsight\hindsight-check`
	// Label is the launchd label; the agent file is Label + ".plist".
	Label = "app.hindsight.journal.check"
	// Marker is the line every written file carries (as a comment); a file
	// without it is not ours and is never removed.
	Marker = "Written by hindsight remind install; hindsight remind uninstall removes it."
)

// DefaultAt is the time of day the job runs when Options.At is empty.
const DefaultAt = "08:30"

// Options says what to set up and where.
type Options struct {
	// OS is "linux", "windows" or "darwin"; runtime.GOOS when empty.
	OS string
	// Home is the user's home folder; os.UserHomeDir when empty.
	Home string
	// ConfigHome is where systemd looks for user units
	// ($XDG_CONFIG_HOME); Home/.config when empty. Linux only.
	ConfigHome string
	// LocalAppData is the folder the task XML is kept in on Windows
	// (%LOCALAPPDATA%); Home\AppData\Local when empty.
	LocalAppData string
	// Exe is the absolute path of the hindsight executable; os.Executable
	// when empty.
	Exe string
	// Journal is the absolute path of the journal the job checks. Required.
	Journal string
	// At is the local time of day, HH:MM (24-hour); DefaultAt when empty.
	At string
	// Lang is the language of the job's description: "ko" for Korean,
	// anything else English.
	Lang string
	// UID is the user id launchctl addresses (gui/UID) on macOS;
	// os.Getuid when zero.
	UID int
}

// File is a file a plan writes (install) or removes (uninstall).
type File struct {
	// Path is the file's absolute path, with the separators of the plan's OS.
	Path string
	// Content is what install writes; nil in an uninstall plan.
	Content []byte
	// Mode is the permission install gives the file.
	Mode os.FileMode
}

// Plan is what installing or uninstalling does, in order: Prepare (their
// failure is expected when nothing was set up before, and is ignored), then
// the Files written (install) or removed (uninstall), then Commands.
type Plan struct {
	// OS is the system the plan is for.
	OS string
	// Remove is true for an uninstall plan: Files are removed, not written.
	Remove bool
	// Files are written or removed.
	Files []File
	// Prepare are commands run before the files are touched whose errors are
	// ignored: unloading a job that may not be loaded.
	Prepare [][]string
	// Commands are run after the files are written or removed; the first
	// that fails stops the plan with its output.
	Commands [][]string
}

// Args returns the command line the job runs: exe --db journal check --notify, with
// --lang when lang is en or ko.
func Args(exe, journal, lang string) []string {
	out := []string{exe, "--db", journal, "check", "--notify"}
	if lang == "ko" || lang == "en" {
		// The job's environment may not carry the person's locale: the language chosen
		// at install time goes with it.
		out = append(out, "--lang", lang)
	}
	return out
}

// resolved is Options with every default filled in and At checked.
type resolved struct {
	Options
	hour, minute int
}

func resolve(opts Options, needExe bool) (resolved, error) {
	r := resolved{Options: opts}
	if r.OS == "" {
		r.OS = runtime.GOOS
	}
	switch r.OS {
	case "linux", "windows", "darwin":
	default:
		return r, fmt.Errorf("daily reminders are set up on Linux (systemd), Windows (Task Scheduler) and macOS (launchd), not on %s", r.OS)
	}
	if r.Home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return r, fmt.Errorf("home folder: %w", err)
		}
		r.Home = h
	}
	if r.ConfigHome == "" {
		r.ConfigHome = r.join(r.Home, ".config")
	}
	if r.LocalAppData == "" {
		r.LocalAppData = r.join(r.Home, "AppData", "Local")
	}
	if r.UID == 0 {
		r.UID = os.Getuid()
	}
	if !needExe {
		return r, nil
	}
	if r.Exe == "" {
		exe, err := os.Executable()
		if err != nil {
			return r, fmt.Errorf("the hindsight executable: %w", err)
		}
		r.Exe = exe
	}
	if !r.abs(r.Exe) {
		return r, fmt.Errorf("the executable path %q is not absolute", r.Exe)
	}
	if r.Journal == "" {
		return r, fmt.Errorf("no journal path given")
	}
	if !r.abs(r.Journal) {
		return r, fmt.Errorf("the journal path %q is not absolute", r.Journal)
	}
	for _, s := range []string{r.Exe, r.Journal} {
		if strings.ContainsRune(s, 0) {
			return r, fmt.Errorf("the path %q holds a NUL character", s)
		}
	}
	if r.At == "" {
		r.At = DefaultAt
	}
	h, m, err := ParseAt(r.At)
	if err != nil {
		return r, err
	}
	r.hour, r.minute = h, m
	r.At = fmt.Sprintf("%02d:%02d", h, m)
	return r, nil
}

// ParseAt reads a time of day written HH:MM (24-hour; 8:30 is accepted).
func ParseAt(s string) (hour, minute int, err error) {
	hs, ms, ok := strings.Cut(s, ":")
	if ok && len(hs) >= 1 && len(hs) <= 2 && len(ms) == 2 {
		h, err1 := strconv.Atoi(hs)
		m, err2 := strconv.Atoi(ms)
		if err1 == nil && err2 == nil && h >= 0 && h <= 23 && m >= 0 && m <= 59 && hs[0] != '+' && hs[0] != '-' && ms[0] != '+' && ms[0] != '-' {
			return h, m, nil
		}
	}
	return 0, 0, fmt.Errorf("time of day %q: want HH:MM, 24-hour, such as 08:30", s)
}

// join joins path elements with the separator of the plan's OS.
func (r resolved) join(elem ...string) string {
	if r.OS == "windows" {
		return strings.Join(elem, `\`)
	}
	return path.Join(elem...)
}

func (r resolved) abs(p string) bool {
	if r.OS == "windows" {
		// C:\… or \\server\share\…
		return (len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/')) || strings.HasPrefix(p, `\\`)
	}
	return strings.HasPrefix(p, "/")
}

// paths returns the files of the job on r.OS.
func (r resolved) paths() []string {
	switch r.OS {
	case "linux":
		dir := r.join(r.ConfigHome, "systemd", "user")
		return []string{r.join(dir, UnitName+".service"), r.join(dir, UnitName+".timer")}
	case "windows":
		return []string{r.join(r.LocalAppData, "Hindsight", UnitName+".xml")}
	default:
		return []string{r.join(r.Home, "Library", "LaunchAgents", Label+".plist")}
	}
}

func (r resolved) launchDomain() string { return "gui/" + strconv.Itoa(r.UID) }

// description is the job's one-line description.
func description(lang string) string {
	if strings.HasPrefix(lang, "ko") {
		return "Hindsight 매일 점검: 시세를 갱신하고 알림 규칙을 확인합니다"
	}
	return "Hindsight daily check: refresh quotes and evaluate alert rules"
}

type templateData struct {
	Marker, Description, At, Label, TaskName string
	Args                                     []string
	Hour, Minute                             int
}

var funcs = template.FuncMap{
	"unitText": unitText,
	"execLine": execLine,
	"xml":      xmlText,
	"winArgs":  windowsArgs,
	"rest":     func(s []string) []string { return s[1:] },
}

func render(name string, d templateData) ([]byte, error) {
	src, err := templates.ReadFile("templates/" + name)
	if err != nil {
		return nil, err
	}
	t, err := template.New(name).Funcs(funcs).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return b.Bytes(), nil
}

// PlanInstall returns what installing the daily job does: the files with
// their full content and the commands that register the job. Installing
// again replaces the job (a changed time, executable or journal).
func PlanInstall(opts Options) (Plan, error) {
	r, err := resolve(opts, true)
	if err != nil {
		return Plan{}, err
	}
	d := templateData{
		Marker: Marker, Description: description(r.Lang), At: r.At, Label: Label, TaskName: TaskName,
		Args: Args(r.Exe, r.Journal, r.Lang), Hour: r.hour, Minute: r.minute,
	}
	p := Plan{OS: r.OS}
	files := r.paths()
	switch r.OS {
	case "linux":
		for i, name := range []string{UnitName + ".service", UnitName + ".timer"} {
			b, err := render(name, d)
			if err != nil {
				return Plan{}, err
			}
			p.Files = append(p.Files, File{Path: files[i], Content: b, Mode: 0o644})
		}
		p.Commands = [][]string{
			{"systemctl", "--user", "daemon-reload"},
			{"systemctl", "--user", "enable", "--now", UnitName + ".timer"},
		}
	case "windows":
		b, err := render("task.xml", d)
		if err != nil {
			return Plan{}, err
		}
		p.Files = []File{{Path: files[0], Content: UTF16(b), Mode: 0o600}}
		// /F replaces a task of the same name; without /RU the task is the
		// caller's, and LeastPrivilege needs no administrator.
		p.Commands = [][]string{{"schtasks", "/Create", "/TN", TaskName, "/XML", files[0], "/F"}}
	case "darwin":
		b, err := render("launchd.plist", d)
		if err != nil {
			return Plan{}, err
		}
		p.Files = []File{{Path: files[0], Content: b, Mode: 0o644}}
		// bootstrap refuses a label already loaded: unload a previous version first.
		p.Prepare = [][]string{{"launchctl", "bootout", r.launchDomain() + "/" + Label}}
		p.Commands = [][]string{{"launchctl", "bootstrap", r.launchDomain(), files[0]}}
	}
	return p, nil
}

// PlanUninstall returns what uninstalling does: the job is stopped and
// unregistered, and the files install writes are removed (only those that
// carry Marker; see Installer.Apply).
func PlanUninstall(opts Options) (Plan, error) {
	r, err := resolve(opts, false)
	if err != nil {
		return Plan{}, err
	}
	p := Plan{OS: r.OS, Remove: true}
	for _, f := range r.paths() {
		p.Files = append(p.Files, File{Path: f})
	}
	switch r.OS {
	case "linux":
		p.Prepare = [][]string{{"systemctl", "--user", "disable", "--now", UnitName + ".timer"}}
		p.Commands = [][]string{{"systemctl", "--user", "daemon-reload"}}
	case "windows":
		p.Prepare = [][]string{{"schtasks", "/Delete", "/TN", TaskName, "/F"}}
	case "darwin":
		p.Prepare = [][]string{{"launchctl", "bootout", r.launchDomain() + "/" + Label}}
	}
	return p, nil
}

// UTF16 returns text (UTF-8) as UTF-16 little-endian with a byte order
// mark, the encoding schtasks /Create /XML reads a task in.
func UTF16(text []byte) []byte {
	u := utf16.Encode([]rune(string(text)))
	b := make([]byte, 2, 2+2*len(u))
	b[0], b[1] = 0xFF, 0xFE
	for _, c := range u {
		b = append(b, byte(c), byte(c>>8))
	}
	return b
}

// FromUTF16 decodes UTF-16 little-endian with a byte order mark, as UTF16
// writes it; other content is returned unchanged.
func FromUTF16(b []byte) []byte {
	if len(b) < 2 || b[0] != 0xFF || b[1] != 0xFE || len(b)%2 != 0 {
		return b
	}
	u := make([]uint16, 0, len(b)/2-1)
	for i := 2; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])|uint16(b[i+1])<<8)
	}
	return []byte(string(utf16.Decode(u)))
}
