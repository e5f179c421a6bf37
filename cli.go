package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"hindsight/journal"
	"hindsight/journal/boltdb"
)

// Exit codes of the command line.
const (
	exitOK      = 0
	exitRuntime = 1
	exitUsage   = 2
)

// usageError is a mistake in the command line; it exits 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// env is what every command gets: streams, the clock and the global options.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer // escape control characters (escaper); everything a command prints goes through them
	now            func() time.Time
	db             string // --db flag value ("" means HINDSIGHT_DB or the default location)
	// actions are the journal's corporate actions, as readJournal last read them.
	actions []journal.CorporateAction

	// rawStdout and rawStderr are the streams as given, only for output that must be
	// byte-exact (an export written to stdout) and for the program's own terminal
	// control (progress lines); no journal text is printed to them.
	rawStdout, rawStderr io.Writer
}

type command struct {
	name, args, summary string
	run                 func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"list", "[--json] [--status S] [--tag T] [--symbol SYM] [--search Q] [--due] [--limit N]", "list theses, newest first", cmdList},
		{"show", "[--json] ID", "print one thesis as written, with its history", cmdShow},
		{"review", "[--json] [--offline] ID", "outcome figures: P&L, loss budget used, drawdown, benchmark", cmdReview},
		{"summary", "[--json] [--offline]", "journal-wide figures: loss budgets, calibration", cmdSummary},
		{"quote", "[--json] [--offline] SYMBOL...", "print live (or cached) quotes", cmdQuote},
		{"refresh", "[--offline]", "update quotes and price history for every symbol in open theses", cmdRefresh},
		{"snapshot", "[--offline] [--price AMOUNT --currency CUR] ID SYMBOL...", "attach the current price of symbols to a thesis (never rewritten)", cmdSnapshot},
		{"import", "[--dry-run] [--settings keep|replace] FILE", "merge theses from a hindsight-journal JSON file (nothing recorded is lost; newer versions win)", cmdImport},
		{"export", "--format json|csv|pdf [--id ID]... [--status S] [--tag T] [--from DATE] [--to DATE] [--paper a4|letter] [--lang en|ko] [--offline] [-o FILE]", "write theses as JSON, CSV or PDF (stdout without -o; pdf needs -o)", cmdExport},
		{"backup", "", "copy the journal into backups/ now and verify the copy", cmdBackup},
		{"backups", "", "list backups, newest first", cmdBackups},
		{"restore", "BACKUP", "put a backup back (the current file is moved aside)", cmdRestore},
		{"trades import", "[--format auto|csv|wealthfolio|ghostfolio|pp|ibkr-flex] [--preset NAME] [--save-preset NAME] [--thesis ID] [--symbol CODE=SYMBOL]... [--tz ZONE] [--offline] [--dry-run] [--json] FILE", "import trades from a broker's or another tool's file as fills (the same file twice adds nothing)", cmdTradesImport},
		{"trades list", "[--unassigned] [--json]", "list fills (with --unassigned: the inbox of imported fills not yet on a thesis)", cmdTradesList},
		{"trades assign", "--thesis ID ENTRY...", "move inbox entries onto a thesis as fills", cmdTradesAssign},
		{"trades discard", "ENTRY...", "throw inbox entries away (importing them again adds nothing)", cmdTradesDiscard},
		{"fill add", "[--currency CUR] [--fees AMOUNT[CUR]] [--taxes AMOUNT[CUR]] [--fx RATE] [--at TIME] [--side long|short] [--note TEXT] ID SYMBOL buy|sell QTY PRICE", "add a fill to a thesis's position (a position is added when the thesis has none in SYMBOL)", cmdFillAdd},
		{"dividend add", "[--per-share] [--currency CUR] [--withheld AMOUNT[CUR]] [--fx RATE] [--at TIME] [--note TEXT] ID SYMBOL AMOUNT", "record a cash dividend a thesis's position received (AMOUNT in all, or per share with --per-share)", cmdDividendAdd},
		{"split add", "SYMBOL RATIO DATE", "record a split, such as NVDA 10:1 2024-06-10 (figures are adjusted; stored prices are not)", cmdSplitAdd},
		{"split list", "[--json]", "list the journal's splits", cmdSplitList},
		{"split remove", "ID", "remove a split recorded by mistake", cmdSplitRemove},
		{"remind install", "[--at HH:MM] [--yes] [--print]", "set up a daily \"hindsight check --notify\" that runs with the app closed (systemd user timer, Task Scheduler or launchd)", cmdRemindInstall},
		{"remind uninstall", "", "remove the daily check that remind install set up", cmdRemindUninstall},
		{"remind status", "", "say whether the daily check is installed, where, and when it runs next", cmdRemindStatus},
		{"check", "[--notify] [--json] [--offline] [--lang en|ko]", "check every open thesis's alert rules (review date, loss budget, invalidation levels) now; exit 10 when something fired", cmdCheck},
		{"alerts list", "[--all] [--json]", "list the alerts that fired, newest first (with --all: dismissed and snoozed too)", cmdAlertsList},
		{"alerts dismiss", "ALERT...", "dismiss alerts", cmdAlertsDismiss},
		{"alerts snooze", "[--for DURATION] ALERT...", "hide alerts for a while (default 24h)", cmdAlertsSnooze},
		{"demo", "", "write the demo journal (demo.db, beside your journal) and print its path", cmdDemo},
		{"settings", "[--base CUR] [--total-budget AMOUNT] [--benchmark SYM] [--author NAME] [--cost-method average|fifo] [--alert-thresholds LIST]", "show or change journal settings", cmdSettings},
		{"version", "", "print the version", cmdVersion},
	}
}

func mainUsage(w io.Writer) {
	fmt.Fprintf(w, `Hindsight %s — write a thesis before you act; review it against the loss you could afford.

Usage:
  hindsight [--db PATH]                 open the desktop app
  hindsight [--db PATH] COMMAND [ARGS]  run a command on the journal

Commands:
`, version)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %s\n      %s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	fmt.Fprintf(w, `
Options:
  --db PATH   the journal file (default: $HINDSIGHT_DB, else %s)
  --version   print the version
  --help      this text; "hindsight COMMAND --help" for a command

Exit status: 0 done, 1 runtime error, 2 usage error; check: 10 when an alert fired.
`, defaultPathForHelp())
}

func defaultPathForHelp() string {
	p, err := boltdb.DefaultPath()
	if err != nil {
		return "the user config directory"
	}
	return p
}

// clock is the time source of the command line; tests fix it.
var clock = time.Now

// run executes the command line and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	outEsc, errEsc := &escaper{w: stdout}, &escaper{w: stderr}
	defer outEsc.Flush()
	defer errEsc.Flush()
	e := &env{stdin: stdin, stdout: outEsc, stderr: errEsc, rawStdout: stdout, rawStderr: stderr, now: clock}
	stdout, stderr = outEsc, errEsc
	// Global options come before the command.
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		a := args[0]
		switch {
		case a == "-h" || a == "-help" || a == "--help":
			mainUsage(stdout)
			return exitOK
		case a == "--version" || a == "-version":
			fmt.Fprintln(stdout, versionLine())
			return exitOK
		case a == "--db" || a == "-db":
			if len(args) < 2 {
				fmt.Fprintln(stderr, "hindsight: --db needs a path")
				return exitUsage
			}
			e.db, args = args[1], args[2:]
			continue
		case strings.HasPrefix(a, "--db=") || strings.HasPrefix(a, "-db="):
			e.db = a[strings.Index(a, "=")+1:]
		default:
			fmt.Fprintf(stderr, "hindsight: unknown option %s\n", a)
			mainUsage(stderr)
			return exitUsage
		}
		args = args[1:]
	}
	if len(args) == 0 {
		return runGUI(e)
	}
	name := args[0]
	if name == "help" {
		return cmdHelp(e, args[1:])
	}
	group := false
	for _, c := range commands() {
		// A command of two words ("trades import") is a group's sub-command.
		word, sub, two := strings.Cut(c.name, " ")
		if two && word == name {
			group = true
			if len(args) < 2 || args[1] != sub {
				continue
			}
		} else if c.name != name {
			continue
		}
		ctx, stop := signalContext()
		defer stop()
		n := len(strings.Fields(c.name))
		err := c.run(ctx, e, args[n:])
		return report(e, c.name, err)
	}
	if group {
		fmt.Fprintf(stderr, "hindsight %s: needs one of:\n", name)
		for _, c := range commands() {
			if strings.HasPrefix(c.name, name+" ") {
				fmt.Fprintf(stderr, "  hindsight %s %s\n", c.name, c.args)
			}
		}
		return exitUsage
	}
	fmt.Fprintf(stderr, "hindsight: unknown command %q\n\n", name)
	mainUsage(stderr)
	return exitUsage
}

// report prints err for a person and returns the exit code.
func report(e *env, name string, err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var st *exitStatus
	if errors.As(err, &st) {
		return st.code
	}
	var u *usageError
	if errors.As(err, &u) {
		fmt.Fprintf(e.stderr, "hindsight %s: %s\n", name, u.msg)
		fmt.Fprintf(e.stderr, "run \"hindsight %s --help\" for usage\n", name)
		return exitUsage
	}
	msg := journal.ErrorMessage(err)
	if journal.ErrorCode(err) == journal.EINTERNAL {
		msg = err.Error()
	}
	fmt.Fprintf(e.stderr, "hindsight %s: %s\n", name, msg)
	return exitRuntime
}

// flagError names the flag whose value err refuses, keeping err's code: a
// person sees the domain message only, so the flag must be part of it.
func flagError(name string, err error) error {
	// The cause's message is part of Message already; as Err it would be printed twice.
	return &journal.Error{Code: journal.ErrorCode(err), Message: name + ": " + journal.ErrorMessage(err)}
}

// fileError names the file whose contents err refuses, keeping err's code (a person sees
// the domain message only, so the file must be part of it). Errors without a code (the
// file could not be read) keep their own text, which names the file.
func fileError(name string, err error) error {
	if journal.ErrorCode(err) == journal.EINTERNAL {
		return fmt.Errorf("%s: %w", name, err)
	}
	return flagError(name, err)
}

// flags makes a FlagSet for a command that prints its usage on --help and accepts --db.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&e.db, "db", e.db, "the journal `file`")
	for _, c := range commands() {
		if c.name == name {
			fs.Usage = func() {
				fmt.Fprintf(e.stdout, "Usage: hindsight %s\n\n%s.\n\nOptions:\n", strings.TrimSpace(name+" "+c.args), capitalize(c.summary))
				fs.SetOutput(e.stdout)
				fs.PrintDefaults()
				fs.SetOutput(e.stderr)
			}
		}
	}
	return fs
}

// parse parses args, turning flag errors into usage errors. Flags may follow positional
// arguments ("review ID --json").
func parse(fs *flag.FlagSet, args []string) error {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
	return fs.Parse(append([]string{"--"}, rest...))
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// open opens the journal named by --db, HINDSIGHT_DB or the default location.
func (e *env) open() (*boltdb.DB, error) {
	path, err := boltdb.ResolvePath(e.db)
	if err != nil {
		return nil, err
	}
	return boltdb.Open(path, boltdb.Options{Now: e.now})
}

// openForReading opens the journal for a command that only reads it. A
// journal that cannot be opened for writing (its permissions, or a read-only
// medium) is opened read-only instead: no backup is made and no upgrade
// written, and one that needs an upgrade is refused with a message saying so.
func (e *env) openForReading() (*boltdb.DB, error) {
	path, err := boltdb.ResolvePath(e.db)
	if err != nil {
		return nil, err
	}
	db, err := boltdb.Open(path, boltdb.Options{Now: e.now})
	if errors.Is(err, boltdb.ErrNotWritable) {
		return boltdb.Open(path, boltdb.Options{Now: e.now, ReadOnly: true})
	}
	return db, err
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
