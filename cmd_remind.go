package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"hindsight/journal"
	"hindsight/journal/boltdb"
	"hindsight/remind"
)

// remindRun runs the commands of a reminder plan (systemctl, schtasks,
// launchctl) and returns their combined output; nil runs them with os/exec.
// Tests record them instead, as they fix clock.
var remindRun func(name string, args ...string) ([]byte, error)

// remindInteractive reports whether stdin is a terminal a person can answer
// the confirmation on; tests fix it.
var remindInteractive = func(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// remindOptions are the reminder's options for this user and journal.
func (e *env) remindOptions(at string) (remind.Options, error) {
	opts := remind.Options{At: at, Lang: remindLang()}
	if x := os.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(x) {
		opts.ConfigHome = x
	}
	if x := os.Getenv("LOCALAPPDATA"); runtime.GOOS == "windows" && filepath.IsAbs(x) {
		opts.LocalAppData = x
	}
	path, err := boltdb.ResolvePath(e.db)
	if err != nil {
		return opts, err
	}
	if opts.Journal, err = filepath.Abs(path); err != nil {
		return opts, fmt.Errorf("journal path %s: %w", path, err)
	}
	exe, err := os.Executable()
	if err != nil {
		return opts, fmt.Errorf("the hindsight executable: %w", err)
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	// On Windows the job runs the GUI build, hindsight.exe, which opens no
	// console window, rather than the console companion.
	if runtime.GOOS == "windows" && strings.EqualFold(filepath.Base(exe), "hindsight-cli.exe") {
		if gui := filepath.Join(filepath.Dir(exe), "hindsight.exe"); fileExists(gui) {
			exe = gui
		}
	}
	opts.Exe = exe
	return opts, nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// remindLang is the language of the job's description: the locale's.
func remindLang() string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return ""
}

func cmdRemindInstall(ctx context.Context, e *env, args []string) error {
	flags := e.flags("remind install")
	at := flags.String("at", remind.DefaultAt, "the local `time` of day the check runs, HH:MM (24-hour)")
	yes := flags.Bool("yes", false, "install without asking")
	printOnly := flags.Bool("print", false, "only print what would be written and run")
	if err := parse(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usagef("unexpected argument %q", flags.Arg(0))
	}
	hour, minute, err := remind.ParseAt(*at)
	if err != nil {
		return usagef("--at: %v", err)
	}
	opts, err := e.remindOptions(*at)
	if err != nil {
		return err
	}
	if _, err := os.Stat(opts.Journal); errors.Is(err, fs.ErrNotExist) {
		return journal.Errorf(journal.ENOTFOUND, "no journal at %s: the daily check needs one (give its path with --db)", opts.Journal)
	}
	plan, err := remind.PlanInstall(opts)
	if err != nil {
		return err
	}
	printPlan(e.stdout, plan)
	if os.Getenv(envOffline) != "" {
		fmt.Fprintf(e.stderr, "note: %s is set here, but the daily check does not inherit it: it fetches quotes\n", envOffline)
	}
	if *printOnly {
		return nil
	}
	if !*yes {
		if !remindInteractive(e.stdin) {
			return usagef("not installed: stdin is not a terminal to confirm on; run with --yes to install, or --print to only see the plan")
		}
		fmt.Fprint(e.stderr, "Install this daily check? [y/N] ")
		line, _ := bufio.NewReader(e.stdin).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
			fmt.Fprintln(e.stderr, "not installed")
			return nil
		}
	}
	in := remind.Installer{Run: remindRun}
	if err := in.Apply(plan); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "installed: \"hindsight check --notify\" runs daily at %02d:%02d on %s\n", hour, minute, opts.Journal)
	if st, err := in.Status(opts); err == nil && st.Next != "" {
		fmt.Fprintf(e.stdout, "next run: %s\n", st.Next)
	}
	return nil
}

// printPlan prints the files a plan writes, in full, and the commands it runs.
func printPlan(w io.Writer, p remind.Plan) {
	for _, c := range p.Prepare {
		fmt.Fprintf(w, "run (a failure is ignored): %s\n", shellWords(c))
	}
	for _, f := range p.Files {
		if p.Remove {
			fmt.Fprintf(w, "remove: %s\n", f.Path)
			continue
		}
		note := ""
		if text := remind.FromUTF16(f.Content); len(text) != len(f.Content) {
			note = ", written as UTF-16"
		}
		fmt.Fprintf(w, "write: %s (mode %04o%s)\n", f.Path, f.Mode.Perm(), note)
		text := string(remind.FromUTF16(f.Content))
		for _, line := range strings.SplitAfter(strings.TrimSuffix(text, "\n"), "\n") {
			fmt.Fprintf(w, "    %s", strings.TrimSuffix(line, "\n")+"\n")
		}
	}
	for _, c := range p.Commands {
		fmt.Fprintf(w, "run: %s\n", shellWords(c))
	}
}

// shellWords shows a command with its words quoted where needed.
func shellWords(c []string) string {
	words := make([]string, len(c))
	for i, s := range c {
		if s == "" || strings.ContainsAny(s, " \t\n\"'\\$`") {
			s = strconv.Quote(s)
		}
		words[i] = s
	}
	return strings.Join(words, " ")
}

func cmdRemindUninstall(ctx context.Context, e *env, args []string) error {
	flags := e.flags("remind uninstall")
	if err := parse(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usagef("unexpected argument %q", flags.Arg(0))
	}
	opts, err := e.remindOptions("")
	if err != nil {
		return err
	}
	plan, err := remind.PlanUninstall(opts)
	if err != nil {
		return err
	}
	var present []string
	for _, f := range plan.Files {
		if fileExists(f.Path) {
			present = append(present, f.Path)
		}
	}
	if err := (remind.Installer{Run: remindRun}).Apply(plan); err != nil {
		return err
	}
	if len(present) == 0 {
		fmt.Fprintln(e.stdout, "no daily check was installed")
		return nil
	}
	for _, f := range present {
		fmt.Fprintf(e.stdout, "removed %s\n", f)
	}
	fmt.Fprintln(e.stdout, "the daily check is uninstalled")
	return nil
}

func cmdRemindStatus(ctx context.Context, e *env, args []string) error {
	flags := e.flags("remind status")
	if err := parse(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usagef("unexpected argument %q", flags.Arg(0))
	}
	opts, err := e.remindOptions("")
	if err != nil {
		return err
	}
	st, err := remind.Installer{Run: remindRun}.Status(opts)
	if err != nil {
		return err
	}
	if st.Installed {
		fmt.Fprintln(e.stdout, "installed")
	} else {
		fmt.Fprintln(e.stdout, "not installed")
	}
	for _, f := range st.Files {
		fmt.Fprintf(e.stdout, "  %s\n", f)
	}
	if !st.Installed {
		for _, f := range st.Missing {
			fmt.Fprintf(e.stdout, "  %s (missing)\n", f)
		}
	}
	for _, f := range st.Foreign {
		fmt.Fprintf(e.stdout, "  %s (not written by hindsight remind install)\n", f)
	}
	if st.Detail != "" {
		fmt.Fprintf(e.stdout, "state: %s\n", st.Detail)
	}
	if st.Next != "" {
		fmt.Fprintf(e.stdout, "next run: %s\n", st.Next)
	}
	return nil
}
