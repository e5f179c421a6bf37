package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// cmdHelp is "hindsight help [COMMAND...]", and "hindsight help --man", which writes the
// manual page hindsight(1) in roff, made from the command table and each command's own
// --help, so the manual cannot drift from the program. It is not in the command list:
// --help is the documented way in.
func cmdHelp(e *env, args []string) int {
	switch {
	case len(args) == 0:
		mainUsage(e.stdout)
		return exitOK
	case len(args) == 1 && args[0] == "--man":
		writeManPage(e.rawStdout, manDate())
		return exitOK
	}
	return run(append(args, "--help"), e.stdin, e.rawStdout, e.rawStderr)
}

// manDate is the date on the manual page: the commit's time when the toolchain recorded
// it, else SOURCE_DATE_EPOCH, else none (so the same source gives the same page).
func manDate() string {
	if t, err := time.Parse(time.RFC3339, buildTime()); err == nil {
		return t.UTC().Format("2006-01-02")
	}
	if s, err := strconv.ParseInt(os.Getenv("SOURCE_DATE_EPOCH"), 10, 64); err == nil {
		return time.Unix(s, 0).UTC().Format("2006-01-02")
	}
	return ""
}

// roff escapes text for a roff line: backslashes, hyphens (so options stay searchable
// and copyable), characters beyond ASCII as \[uXXXX], and a leading dot or quote.
func roff(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\e`)
		case r == '-':
			b.WriteString(`\-`)
		case r >= utf8.RuneSelf:
			fmt.Fprintf(&b, `\[u%04X]`, r)
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	if strings.HasPrefix(out, ".") || strings.HasPrefix(out, "'") {
		out = `\&` + out
	}
	return out
}

// commandOptions returns a command's options as its --help lists them: pairs of
// "-name value" and the description.
func commandOptions(name string) [][2]string {
	var out, errb bytes.Buffer
	run(append(strings.Fields(name), "--help"), strings.NewReader(""), &out, &errb)
	_, defaults, ok := strings.Cut(out.String(), "\nOptions:\n")
	if !ok {
		return nil
	}
	var opts [][2]string
	for _, line := range strings.Split(defaults, "\n") {
		switch {
		case strings.HasPrefix(line, "  -"):
			opts = append(opts, [2]string{strings.TrimSpace(line), ""})
		case strings.HasPrefix(line, "    \t") && len(opts) > 0:
			d := &opts[len(opts)-1][1]
			*d = strings.TrimSpace(*d + " " + strings.TrimSpace(line))
		}
	}
	return opts
}

func writeManPage(w io.Writer, date string) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	p(`.\" The manual page of hindsight; written by "hindsight help --man".`)
	p(`.TH HINDSIGHT 1 "%s" "Hindsight %s" "User Commands"`, date, roff(version))
	p(`.SH NAME`)
	p(`hindsight \- investment journal: write a thesis before you act, review it against the loss you could afford`)
	p(`.SH SYNOPSIS`)
	p(`.B hindsight`)
	p(`.RB [ \-\-db`)
	p(`.IR PATH ]`)
	p(`.br`)
	p(`.B hindsight`)
	p(`.RB [ \-\-db`)
	p(`.IR PATH ]`)
	p(`.I COMMAND`)
	p(`.RI [ ARGS ]`)
	p(`.SH DESCRIPTION`)
	p(`Hindsight is an investment journal.`)
	p(`Write a thesis before acting on it, attach the prices of the moment,`)
	p(`and later review how it played out against the loss you said you could afford.`)
	p(`.PP`)
	p(`With no command, it opens the desktop app on the journal.`)
	p(`With a command, it runs that command on the journal and prints the result;`)
	p(`most commands print JSON with`)
	p(`.BR \-\-json .`)
	p(`.SH OPTIONS`)
	p(`.TP`)
	p(`.BI \-\-db " PATH"`)
	p(`The journal file (default: $HINDSIGHT_DB, else Hindsight/journal.db in the user configuration directory).`)
	p(`.TP`)
	p(`.B \-\-version`)
	p(`Print the version and the commit it was built from.`)
	p(`.TP`)
	p(`.B \-\-help`)
	p(`Print the list of commands;`)
	p(`.B hindsight`)
	p(`.I COMMAND`)
	p(`.B \-\-help`)
	p(`prints a command's usage and options.`)
	p(`.SH COMMANDS`)
	for _, c := range commands() {
		p(`.TP`)
		if c.args == "" {
			p(`.B %s`, roff(c.name))
		} else {
			p(`\fB%s\fR %s`, roff(c.name), roff(c.args))
		}
		p(`%s.`, roff(capitalize(c.summary)))
		var opts [][2]string
		for _, o := range commandOptions(c.name) {
			if !strings.HasPrefix(o[0], "-db ") {
				opts = append(opts, o)
			}
		}
		if len(opts) == 0 {
			continue
		}
		p(`.RS`)
		for _, o := range opts {
			flagName, arg, _ := strings.Cut(o[0], " ")
			p(`.TP`)
			if arg == "" {
				p(`.B \-%s`, roff(flagName))
			} else {
				p(`.BI \-%s " %s"`, roff(flagName), roff(arg))
			}
			p(`%s`, roff(capitalize(o[1])))
		}
		p(`.RE`)
	}
	p(`.SH ENVIRONMENT`)
	p(`.TP`)
	p(`.B HINDSIGHT_DB`)
	p(`The journal file when`)
	p(`.B \-\-db`)
	p(`is not given.`)
	p(`.TP`)
	p(`.BR LC_ALL ", " LC_MESSAGES ", " LANG`)
	p(`The language (English or Korean) of the app and of PDF exports, unless chosen otherwise.`)
	p(`.SH FILES`)
	p(`.TP`)
	p(`.I $XDG_CONFIG_HOME/Hindsight/journal.db`)
	p(`The default journal (~/.config/Hindsight/journal.db when XDG_CONFIG_HOME is not set),`)
	p(`with its backups in`)
	p(`.IR backups/`)
	p(`beside it.`)
	p(`.SH EXIT STATUS`)
	p(`0 done, 1 runtime error, 2 usage error;`)
	p(`.B check`)
	p(`exits 10 when an alert fired.`)
	p(`.SH EXAMPLES`)
	p(`.EX`)
	p(`hindsight demo`)
	p(`hindsight \-\-db "$(hindsight demo)" list`)
	p(`hindsight export \-\-format pdf \-\-lang ko \-o journal.pdf`)
	p(`hindsight remind install \-\-at 08:30`)
	p(`.EE`)
}
