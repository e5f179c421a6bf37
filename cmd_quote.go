package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"hindsight/journal"
	"hindsight/journal/boltdb"
	"hindsight/quotes"
)

func cmdQuote(ctx context.Context, e *env, args []string) error {
	fs := e.flags("quote")
	asJSON := fs.Bool("json", false, "print JSON")
	offline := fs.Bool("offline", false, "answer from the offline cache only")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("quote needs at least one SYMBOL")
	}
	for _, s := range fs.Args() {
		if _, err := journal.ParseSymbol(s); err != nil {
			return usagef("%s", journal.ErrorMessage(err))
		}
	}
	path, err := boltdb.ResolvePath(e.db)
	if err != nil {
		return err
	}
	provider, closeQuotes, err := e.quotesFor(path, *offline)
	if err != nil {
		return err
	}
	defer closeQuotes()
	qs, qerr := provider.Quote(ctx, fs.Args()...)
	bySym := map[string]quotes.Quote{}
	for _, q := range qs {
		bySym[q.Symbol] = q
	}
	now := e.now()
	rows := []jsonQuote{}
	var failed []string
	for _, raw := range fs.Args() {
		sym, _ := journal.ParseSymbol(raw)
		if slices.ContainsFunc(rows, func(r jsonQuote) bool { return r.Symbol == sym }) {
			continue
		}
		q, ok := bySym[sym]
		if !ok {
			reason := "no answer"
			if qerr != nil {
				reason = quotes.Reason(quotes.ErrorOf(qerr, sym))
			}
			failed = append(failed, sym+": "+reason)
			rows = append(rows, jsonQuote{Symbol: sym, Error: &reason})
			continue
		}
		price, source, age := moneyOf(q.Price), string(q.Source), int64(q.Age(now)/time.Second)
		basis := string(q.Basis)
		if q.Basis == quotes.BasisMarket {
			basis = "market"
		}
		rows = append(rows, jsonQuote{Symbol: sym, Price: &price, Time: timeOrNull(quoteTime(q)), Source: &source, Basis: &basis,
			Stale: q.Stale, AgeSeconds: &age, Name: q.ShortName, Exchange: q.Exchange})
	}
	if *asJSON {
		if err := writeJSON(e.stdout, jsonQuoteOutput{Schema: cliSchema, Command: "quote", Quotes: rows}); err != nil {
			return err
		}
	} else {
		tb := newTable("", false, true, false, false, false, false, false)
		for _, r := range rows {
			if r.Error != nil {
				continue // named on standard error below
			}
			stale := ""
			if r.Stale {
				stale = fmt.Sprintf("stale (%s old)", time.Duration(*r.AgeSeconds*int64(time.Second)).Round(time.Second))
			}
			q := bySym[r.Symbol]
			src := string(q.Source)
			if l := q.Basis.Label(); l != "" {
				src += " (" + l + ")"
			}
			tb.add(r.Symbol, journal.FormatPrice(r.Symbol, q.Price), q.Price.Currency,
				localTime(quoteTime(q)), src, stale, r.Name)
		}
		if err := tb.write(e.stdout); err != nil {
			return err
		}
	}
	switch {
	case len(failed) == len(rows):
		return fmt.Errorf("no quotes: %s", strings.Join(failed, "; "))
	case len(failed) > 0:
		return fmt.Errorf("no quote for %s", strings.Join(failed, "; "))
	}
	return nil
}

// quoteTime is when a quote's price was seen: the market time, else when it was fetched.
func quoteTime(q quotes.Quote) time.Time {
	if q.MarketTime.IsZero() {
		return q.FetchedAt
	}
	return q.MarketTime
}

func cmdRefresh(ctx context.Context, e *env, args []string) error {
	fs := e.flags("refresh")
	offline := fs.Bool("offline", false, "only report what the cache holds")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("refresh takes only options")
	}
	db, err := e.open()
	if err != nil {
		return err
	}
	path := db.Path()
	s, err := db.Settings(ctx)
	if err != nil {
		db.Close()
		return err
	}
	open, _, err := db.List(ctx, journal.Filter{Status: journal.StatusOpen})
	db.Close() // never hold the journal during network calls
	if err != nil {
		return err
	}
	syms, since := marketSymbols(open, s)
	if len(syms) == 0 {
		fmt.Fprintln(e.stdout, "no open theses with symbols to refresh")
		return nil
	}
	provider, closeQuotes, err := e.quotesFor(path, *offline)
	if err != nil {
		return err
	}
	defer closeQuotes()
	tty := isTerminal(e.rawStderr)
	progress := func(done, total int, what string) {
		if tty {
			fmt.Fprintf(e.rawStderr, "\r\033[Krefreshing %d/%d %s", done, total, what)
		}
	}
	total := 1 + len(since)
	progress(0, total, "quotes")
	qs, qerr := provider.Quote(ctx, syms...)
	stale := 0
	for _, q := range qs {
		if q.Stale {
			stale++
		}
	}
	done, histories, failedHist := 1, 0, 0
	for _, sym := range slices.Sorted(maps.Keys(since)) {
		if ctx.Err() != nil {
			break
		}
		progress(done, total, sym)
		_, err := provider.History(ctx, sym, since[sym], e.now(), quotes.Interval1d)
		done++
		if err != nil && !errors.Is(err, quotes.ErrStale) {
			failedHist++
			continue
		}
		histories++
	}
	progress(done, total, "splits and exchange rates")
	var facts ledgerFacts
	if !*offline {
		facts, _ = fetchLedgerFacts(ctx, provider, open, s.BaseCurrency, e.now())
	}
	if tty {
		fmt.Fprint(e.rawStderr, "\r\033[K")
	}
	fmt.Fprintf(e.stdout, "refreshed %d theses: %d of %d quotes (%d stale), %d of %d price histories\n",
		len(open), len(qs), len(syms), stale, histories, len(since))
	ids := make([]string, len(open))
	for i, t := range open {
		ids[i] = t.ID
	}
	if nSplits, nRates, err := e.recordLedgerFacts(ctx, ids, facts); err != nil {
		fmt.Fprintf(e.stdout, "  ledger: %s\n", journal.ErrorMessage(err))
	} else if nSplits > 0 || nRates > 0 {
		fmt.Fprintf(e.stdout, "recorded %d new splits and the exchange rate of %d fills and dividends\n", nSplits, nRates)
	}
	if qerr != nil {
		var se quotes.SymbolErrors
		if errors.As(qerr, &se) {
			tb := newTable("  ")
			for _, sym := range se.Symbols() {
				tb.add(sym, quotes.Reason(se.Of(sym)))
			}
			tb.write(e.stdout)
		} else {
			fmt.Fprintf(e.stdout, "  quotes: %s\n", quotes.Reason(qerr))
		}
	}
	if ctx.Err() != nil {
		return fmt.Errorf("refresh cancelled")
	}
	if len(qs) == 0 && len(syms) > 0 {
		return fmt.Errorf("no quotes could be fetched or found in the cache")
	}
	return nil
}

func cmdSnapshot(ctx context.Context, e *env, args []string) error {
	fs := e.flags("snapshot")
	offline := fs.Bool("offline", false, "use the offline cache only")
	price := fs.String("price", "", "enter the price by hand (`AMOUNT`; source manual) for one SYMBOL")
	currency := fs.String("currency", "", "`currency` of --price (ISO 4217; GBp for pence)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() < 2 {
		return usagef("snapshot needs a thesis ID and at least one SYMBOL")
	}
	id, syms := fs.Arg(0), fs.Args()[1:]
	if *price != "" && (len(syms) != 1 || *currency == "") {
		return usagef("--price needs --currency and exactly one SYMBOL")
	}
	var snaps []journal.Snapshot
	if *price != "" {
		m, err := journal.ParseMoney(*price, *currency)
		if err != nil {
			return flagError("--price", err)
		}
		sn, err := quotes.ManualSnapshot(syms[0], m, e.now(), e.now())
		if err != nil {
			return err
		}
		snaps = append(snaps, sn)
	} else {
		path, err := boltdb.ResolvePath(e.db)
		if err != nil {
			return err
		}
		provider, closeQuotes, err := e.quotesFor(path, *offline)
		if err != nil {
			return err
		}
		qs, qerr := provider.Quote(ctx, syms...)
		closeQuotes()
		if len(qs) == 0 {
			return fmt.Errorf("no price for %s: %s; enter one with --price and --currency", strings.Join(syms, ", "), quotes.Reason(qerr))
		}
		for _, q := range qs {
			snaps = append(snaps, q.Snapshot())
		}
		if qerr != nil {
			fmt.Fprintf(e.stderr, "hindsight snapshot: %s\n", quotes.Reason(qerr))
		}
	}
	db, err := e.open()
	if err != nil {
		return err
	}
	defer db.Close()
	t, err := db.Get(ctx, id)
	if err != nil {
		return err
	}
	t.Snapshots = append(t.Snapshots, snaps...)
	if err := db.Update(ctx, t); err != nil {
		return err
	}
	for _, sn := range snaps {
		fmt.Fprintf(e.stdout, "%s: %s %s at %s (%s)\n", id, sn.Symbol, journal.FormatPrice(sn.Symbol, sn.Price), localTime(sn.At), sn.Source)
	}
	return nil
}
