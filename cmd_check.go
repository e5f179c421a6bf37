package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"hindsight/journal"
	"hindsight/notify"
	"hindsight/quotes"
)

// exitFired is the exit status of check when an alert fired.
const exitFired = 10

// exitStatus ends a command with a status of its own and no message.
type exitStatus struct{ code int }

func (e *exitStatus) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// cliLanguage returns "ko" when the environment's language is Korean, else "en".
func cliLanguage() string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "ko") {
				return "ko"
			}
			return "en"
		}
	}
	return "en"
}

// offlineByEnv reports whether HINDSIGHT_OFFLINE asks for no network.
func offlineByEnv() bool { return os.Getenv("HINDSIGHT_OFFLINE") == "1" }

func cmdCheck(ctx context.Context, e *env, args []string) error {
	fs := e.flags("check")
	notifyFlag := fs.Bool("notify", false, "also send each new alert as a desktop notification")
	asJSON := fs.Bool("json", false, "print JSON")
	offline := fs.Bool("offline", offlineByEnv(), "use only stored and cached prices (default: $HINDSIGHT_OFFLINE=1)")
	langFlag := fs.String("lang", "", "the alerts' `language`: en or ko (default: from LANG)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("check takes only options")
	}
	lang := *langFlag
	switch lang {
	case "":
		lang = cliLanguage()
	case "en", "ko":
	default:
		return usagef("--lang must be en or ko (got %q)", lang)
	}
	path, s, all, err := e.readJournal(ctx)
	if err != nil {
		return err
	}
	var open []*journal.Thesis
	for _, t := range all {
		if t.Status == journal.StatusOpen {
			open = append(open, t)
		}
	}
	m := e.checkMarket(ctx, path, all, open, s, *offline)

	db, err := e.open()
	if err != nil {
		return err
	}
	defer db.Close()
	state, err := db.AlertState(ctx)
	if err != nil {
		return err
	}
	fired, next := journal.CheckAlerts(open, s, m, state, e.now())
	if err := db.RecordAlerts(ctx, fired, next); err != nil {
		return err
	}
	if *notifyFlag {
		sendNotifications(ctx, e, fired, lang)
	}
	if *asJSON {
		if err := writeJSON(e.stdout, checkCommandOutput(fired, len(open), lang)); err != nil {
			return err
		}
	} else if len(fired) == 0 {
		fmt.Fprintf(e.stdout, "checked %d open theses: nothing new\n", len(open))
	} else {
		for _, a := range fired {
			fmt.Fprintf(e.stdout, "%s  %s\n", a.ThesisID, a.Text(lang))
		}
	}
	if len(fired) > 0 {
		return &exitStatus{exitFired}
	}
	return nil
}

// sendNotifications sends the fired alerts as desktop notifications: each one, or a
// summary when there are more than three. A failure is reported on stderr and does not
// change the command's outcome: the alerts are recorded and printed either way.
func sendNotifications(ctx context.Context, e *env, fired []journal.Alert, lang string) {
	if len(fired) == 0 {
		return
	}
	var ns []notify.Notification
	if len(fired) > 3 {
		title := fmt.Sprintf("Hindsight: %d alerts", len(fired))
		if lang == "ko" {
			title = fmt.Sprintf("Hindsight: 알림 %d건", len(fired))
		}
		var lines []string
		for _, a := range fired[:3] {
			lines = append(lines, a.Text(lang))
		}
		lines = append(lines, "…")
		ns = append(ns, notify.Notification{Title: title, Body: strings.Join(lines, "\n"), AppName: "Hindsight"})
	} else {
		for _, a := range fired {
			ns = append(ns, notify.Notification{Title: "Hindsight", Body: a.Text(lang), AppName: "Hindsight", Action: a.ThesisID})
		}
	}
	for _, n := range ns {
		nctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := notifySend(nctx, n)
		cancel()
		if err != nil {
			fmt.Fprintf(e.stderr, "hindsight: desktop notification not sent: %v\n", err)
			return
		}
	}
}

// notifySend sends one desktop notification; tests replace it.
var notifySend = notify.Send

// checkMarket gathers what the alert rules need, quickly: what the journal holds,
// overlaid with one batched quote request for the open theses' symbols, the exchange
// rates into base and the level symbols, and the recent daily closes of symbols whose
// levels are judged on closes. Offline, the cache alone answers.
func (e *env) checkMarket(ctx context.Context, journalPath string, all, open []*journal.Thesis, s journal.Settings, offline bool) journal.Market {
	m := journal.KnownMarket(all, s.BaseCurrency, e.now())
	m.Splits = splitsBySymbol(e.actions)
	var syms, closes []string
	add := func(list *[]string, sym string) {
		if sym != "" && !slices.Contains(*list, sym) {
			*list = append(*list, sym)
		}
	}
	fx := func(cur string) {
		if cur != "" && cur != s.BaseCurrency {
			add(&syms, journal.FXSymbol(cur, s.BaseCurrency))
		}
	}
	for _, t := range open {
		for _, p := range t.Positions {
			if p.Side == journal.SideWatch {
				continue
			}
			add(&syms, p.Symbol)
			for _, c := range ledgerCurrencies(p) {
				fx(c)
			}
		}
		fx(t.LossBudget.Currency)
		for _, l := range t.Levels {
			add(&syms, l.Symbol)
			if l.Close {
				add(&closes, l.Symbol)
			}
		}
	}
	if len(syms) == 0 {
		return m
	}
	provider, closeQuotes, err := e.quotesFor(journalPath, offline)
	if err != nil {
		fmt.Fprintf(e.stderr, "hindsight: quotes unavailable: %v\n", err)
		return m
	}
	defer closeQuotes()
	qs, err := provider.Quote(ctx, syms...)
	if err != nil && len(qs) == 0 && !offline {
		fmt.Fprintf(e.stderr, "hindsight: no live or cached quotes (%s); using the prices stored in the journal\n", quotes.Reason(err))
	}
	prices := make([]journal.Price, 0, len(qs))
	for _, q := range qs {
		prices = append(prices, toPrice(q))
	}
	bars := map[string][]journal.Bar{}
	for _, sym := range closes {
		bs, err := provider.History(ctx, sym, e.now().AddDate(0, 0, -10), e.now(), quotes.Interval1d)
		if err != nil && !errors.Is(err, quotes.ErrStale) {
			continue
		}
		if len(bs) > 0 {
			bars[sym] = quotes.Closes(completedBars(bs, e.now()))
		}
	}
	m.Overlay(prices, bars, s.BaseCurrency)
	return m
}

// completedBars drops a daily bar of today (UTC), which is not a close yet.
func completedBars(bs []quotes.Bar, now time.Time) []quotes.Bar {
	today := journal.DateOf(now.UTC())
	for len(bs) > 0 && journal.DateOf(bs[len(bs)-1].Time.UTC()) == today {
		bs = bs[:len(bs)-1]
	}
	return bs
}

func cmdAlertsList(ctx context.Context, e *env, args []string) error {
	fs := e.flags("alerts list")
	allFlag := fs.Bool("all", false, "also the dismissed and snoozed alerts")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := e.openForReading()
	if err != nil {
		return err
	}
	defer db.Close()
	entries, err := db.Alerts(ctx)
	if err != nil {
		return err
	}
	now := e.now()
	shown := entries[:0:0]
	for _, a := range entries {
		if *allFlag || a.Active(now) {
			shown = append(shown, a)
		}
	}
	lang := cliLanguage()
	if *asJSON {
		return writeJSON(e.stdout, alertsListOutput(shown, now, lang))
	}
	if len(shown) == 0 {
		fmt.Fprintln(e.stdout, "no alerts")
		return nil
	}
	for _, a := range shown {
		state := ""
		switch {
		case a.Dismissed:
			state = " (dismissed)"
		case a.SnoozedUntil.After(now):
			state = " (snoozed until " + localTime(a.SnoozedUntil) + ")"
		}
		fmt.Fprintf(e.stdout, "%s  %s%s\n    %s\n", localTime(a.At), a.ID, state, a.Text(lang))
	}
	return nil
}

func cmdAlertsDismiss(ctx context.Context, e *env, args []string) error {
	fs := e.flags("alerts dismiss")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("alerts dismiss needs at least one ALERT id")
	}
	db, err := e.open()
	if err != nil {
		return err
	}
	defer db.Close()
	for _, id := range fs.Args() {
		if err := db.SetAlertStatus(ctx, id, true, time.Time{}); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "%d alerts dismissed\n", fs.NArg())
	return nil
}

func cmdAlertsSnooze(ctx context.Context, e *env, args []string) error {
	fs := e.flags("alerts snooze")
	d := fs.Duration("for", 24*time.Hour, "how long to hide them (`DURATION` such as 24h or 168h)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("alerts snooze needs at least one ALERT id")
	}
	if *d <= 0 {
		return usagef("--for must be a positive duration such as 24h")
	}
	db, err := e.open()
	if err != nil {
		return err
	}
	defer db.Close()
	until := e.now().Add(*d)
	for _, id := range fs.Args() {
		if err := db.SetAlertStatus(ctx, id, false, until); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "%d alerts snoozed until %s\n", fs.NArg(), localTime(until))
	return nil
}
