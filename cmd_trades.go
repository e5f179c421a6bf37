package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"hindsight/journal"
	"hindsight/journal/trades"
	"hindsight/journal/trades/csvmap"
	"hindsight/journal/trades/ghostfolio"
	"hindsight/journal/trades/ibkr"
	"hindsight/journal/trades/pp"
	"hindsight/journal/trades/tradefile"
	"hindsight/journal/trades/wealthfolio"
)

// tradeFormats lists the trade file formats, in the order auto-detection tries them: the
// formats with a distinctive shape first, the generic CSV (which takes any CSV whose
// header it can map) last.
func tradeFormats() []trades.Format {
	return []trades.Format{ibkr.Format{}, ghostfolio.Format{}, wealthfolio.Format{}, pp.Format{}, csvmap.Auto()}
}

// symbolMap is the repeatable --symbol CODE=SYMBOL flag.
type symbolMap map[string]string

func (m symbolMap) String() string { return fmt.Sprint(map[string]string(m)) }

func (m symbolMap) Set(v string) error {
	code, sym, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(code) == "" {
		return fmt.Errorf("%q is not CODE=SYMBOL (for example 005930=005930.KS)", v)
	}
	s, err := journal.ParseSymbol(sym)
	if err != nil {
		return errors.New(journal.ErrorMessage(err))
	}
	m[strings.TrimSpace(code)] = s
	return nil
}

func cmdTradesImport(ctx context.Context, e *env, args []string) error {
	fs := e.flags("trades import")
	format := fs.String("format", "auto", "the file's `format`: auto, csv, wealthfolio, ghostfolio, pp or ibkr-flex")
	preset := fs.String("preset", "", "read a generic CSV with the saved column mapping `NAME`")
	savePreset := fs.String("save-preset", "", "save the column mapping used for a generic CSV as `NAME`")
	thesisID := fs.String("thesis", "", "put every trade on thesis `ID` (else: the open thesis holding the symbol, or the inbox)")
	tz := fs.String("tz", "", "the time `zone` of times written without one (default: Asia/Seoul for Korean files, else UTC)")
	dryRun := fs.Bool("dry-run", false, "show what the import would do and write nothing")
	asJSON := fs.Bool("json", false, "print JSON")
	offline := fs.Bool("offline", false, "do not ask Yahoo which market lists a bare KRX code")
	symbols := symbolMap{}
	fs.Var(symbols, "symbol", "the symbol of a code the file writes ambiguously, as `CODE=SYMBOL` (repeatable)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("trades import needs exactly one FILE")
	}
	name := fs.Arg(0)
	var loc *time.Location
	if *tz != "" {
		l, err := time.LoadLocation(*tz)
		if err != nil {
			return usagef("--tz: unknown time zone %q", *tz)
		}
		loc = l
	}
	db, err := e.open()
	if err != nil {
		return err
	}
	defer db.Close()

	formats := tradeFormats()
	var chosen trades.Format
	var mapping *csvmap.Mapping
	switch {
	case *preset != "":
		ps, err := db.TradePresets(ctx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(ps, func(p journal.TradePreset) bool { return p.Name == *preset })
		if i < 0 {
			return journal.Errorf(journal.ENOTFOUND, "no saved column mapping is named %q", *preset)
		}
		var m csvmap.Mapping
		if err := json.Unmarshal(ps[i].Mapping, &m); err != nil {
			return fmt.Errorf("preset %q: %w", *preset, err)
		}
		mapping = &m
	case *format != "auto":
		i := slices.IndexFunc(formats, func(f trades.Format) bool { return f.Name() == *format })
		if i < 0 {
			names := make([]string, len(formats))
			for j, f := range formats {
				names[j] = f.Name()
			}
			return usagef("--format must be auto or one of %s (got %q)", strings.Join(names, ", "), *format)
		}
		chosen = formats[i]
	}
	if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() {
		return journal.Errorf(journal.EINVALID, "%s is not a file", name)
	}
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("trades import: %w", err)
	}
	defer f.Close()
	file, err := tradefile.Read(ctx, f, tradefile.Options{Formats: formats, Format: chosen, Mapping: mapping, Location: loc})
	if err != nil {
		if len(file.Missing) > 0 && chosen != nil {
			return journal.Errorf(journal.EINVALID, "%s: the header has no column for %s; name them with a preset (--preset)", name, strings.Join(file.Missing, ", "))
		}
		return fileError(name, err)
	}
	chosen, enc, rows := file.Format, file.Encoding, file.Trades
	mapping = nil
	if file.Generic && len(file.Missing) == 0 {
		mapping = file.Mapping
	}
	var listed func([]string) []string
	if !*offline {
		listed = func(cands []string) []string { return e.listedSymbols(ctx, db.Path(), cands) }
	}
	if err := resolveSymbols(ctx, db, rows, symbols, listed); err != nil {
		return fileError(name, err)
	}
	res, err := db.ImportTrades(ctx, rows, journal.TradeOptions{ThesisID: *thesisID, Symbols: symbols, DryRun: *dryRun, Now: e.now()})
	if err != nil {
		return fileError(name, err)
	}
	if *savePreset != "" && mapping != nil && !*dryRun {
		mapping.Name = *savePreset
		raw, err := json.Marshal(mapping)
		if err != nil {
			return err
		}
		if err := db.SaveTradePreset(ctx, journal.TradePreset{Name: *savePreset, Mapping: raw}); err != nil {
			return err
		}
	}
	if *asJSON {
		return writeJSON(e.stdout, tradesImportOutput(name, chosen, enc, mapping, res))
	}
	verb := "imported"
	if res.DryRun {
		verb = "would import (dry run, nothing written)"
	}
	fmt.Fprintf(e.stdout, "%s: %s (%s, %s): %d fills and %d dividends onto %d theses, %d to the inbox, %d already imported\n",
		name, verb, chosen.Title(), enc, res.Fills, res.Dividends, len(res.Theses), res.Inbox, res.Duplicates)
	if res.Inbox > 0 {
		fmt.Fprintf(e.stdout, "the inbox holds fills with no open thesis of their symbol: see \"hindsight trades list --unassigned\"\n")
	}
	return nil
}

// resolveSymbols sets the symbol of each trade whose code its file wrote ambiguously (a
// bare 6-digit KRX code may be listed on KOSPI, .KS, or KOSDAQ, .KQ): the one --symbol
// names (by the code as written, or as the bare six digits), else the one candidate the
// journal already holds a position or snapshot in (tradefile.Resolve), else the one
// candidate listed has a quote for (listed may be nil: offline). Codes none of these
// settles are refused together, each with its first line, its candidates and the flag
// that chooses.
func resolveSymbols(ctx context.Context, db interface {
	List(context.Context, journal.Filter) ([]*journal.Thesis, int, error)
}, rows []journal.Trade, chosen symbolMap, listed func([]string) []string) error {
	open, err := tradefile.Resolve(rows, chosen, func() (map[string]bool, error) {
		all, _, err := db.List(ctx, journal.Filter{})
		if err != nil {
			return nil, err
		}
		return tradefile.Held(all), nil
	})
	if err != nil {
		return err
	}
	var problems []string
	for _, a := range open {
		if listed != nil {
			if l := listed(a.Candidates); len(l) == 1 {
				for i := range rows {
					if rows[i].Symbol == "" && tradefile.CodeKey(rows[i].Code) == a.Key {
						rows[i].Symbol = l[0]
					}
				}
				chosen[a.Key] = l[0]
				continue
			}
		}
		problems = append(problems, fmt.Sprintf("line %d: code %s could be %s; choose with --symbol %s=%s",
			a.Line, a.Code, strings.Join(a.Candidates, " or "), a.Key, firstOr(a.Candidates, a.Key)))
	}
	if len(problems) > 0 {
		return journal.Errorf(journal.EINVALID, "%s", strings.Join(problems, "\n"))
	}
	return nil
}

// listedSymbols returns those of cands Yahoo (or the quotes cache) has a price for,
// asked with a short timeout; on any failure, none.
func (e *env) listedSymbols(ctx context.Context, journalPath string, cands []string) []string {
	p, closeQuotes, err := e.quotesFor(journalPath, false)
	if err != nil {
		return nil
	}
	defer closeQuotes()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	qs, _ := p.Quote(ctx, cands...)
	var out []string
	for _, q := range qs {
		if q.Price.Amount.IsPositive() && slices.Contains(cands, q.Symbol) {
			out = append(out, q.Symbol)
		}
	}
	return out
}

func firstOr(s []string, def string) string {
	if len(s) > 0 {
		return s[0]
	}
	return def
}

func cmdTradesList(ctx context.Context, e *env, args []string) error {
	fs := e.flags("trades list")
	unassigned := fs.Bool("unassigned", false, "only the inbox: imported fills not yet on a thesis")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("trades list takes no arguments")
	}
	db, err := e.openForReading()
	if err != nil {
		return err
	}
	defer db.Close()
	inbox, err := db.Inbox(ctx)
	if err != nil {
		return err
	}
	var theses []*journal.Thesis
	if !*unassigned {
		if theses, _, err = db.List(ctx, journal.Filter{}); err != nil {
			return err
		}
	}
	out := tradesListOutput(theses, inbox, *unassigned)
	if *asJSON {
		return writeJSON(e.stdout, out)
	}
	if !*unassigned {
		tb := newTable("", false, false, false, false, true, true, false, false)
		tb.add("thesis", "fill", "at", "action", "quantity", "price", "symbol", "source")
		for _, f := range out.Fills {
			tb.add(f.ThesisID, f.Fill.ID, localTime(f.Fill.At), f.Fill.Action, f.Fill.Quantity,
				f.Fill.Price.Amount+" "+f.Fill.Price.Currency, f.Symbol, f.Fill.Source)
		}
		if len(out.Fills) > 0 {
			tb.write(e.stdout)
		}
		fmt.Fprintf(e.stdout, "%d fills on theses, %d in the inbox\n", len(out.Fills), len(out.Inbox))
		if len(out.Inbox) == 0 {
			return nil
		}
		fmt.Fprintln(e.stdout)
	}
	if len(out.Inbox) == 0 {
		fmt.Fprintln(e.stdout, "the inbox is empty")
		return nil
	}
	tb := newTable("", false, false, false, false, false, true, true, false)
	tb.add("entry", "line", "at", "kind", "symbol", "quantity", "price", "format")
	for _, in := range inbox {
		t := in.Trade
		price := t.Price
		if t.Kind == journal.TradeDividend {
			price = t.Amount
		}
		tb.add(in.ID, fmt.Sprint(t.Line), localTime(t.At), string(t.Kind), t.Symbol, t.Quantity.String(), price.Format(), t.Format)
	}
	tb.write(e.stdout)
	fmt.Fprintln(e.stdout, `assign entries with "hindsight trades assign --thesis ID ENTRY..."`)
	return nil
}

func cmdTradesAssign(ctx context.Context, e *env, args []string) error {
	fs := e.flags("trades assign")
	thesisID := fs.String("thesis", "", "the thesis `ID` to put the entries on")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *thesisID == "" || fs.NArg() == 0 {
		return usagef("trades assign needs --thesis ID and at least one ENTRY")
	}
	db, err := e.open()
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.AssignInbox(ctx, fs.Args(), *thesisID); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d entries moved onto thesis %s\n", fs.NArg(), *thesisID)
	return nil
}

func cmdTradesDiscard(ctx context.Context, e *env, args []string) error {
	fs := e.flags("trades discard")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("trades discard needs at least one ENTRY")
	}
	db, err := e.open()
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.DiscardInbox(ctx, fs.Args()); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d inbox entries discarded\n", fs.NArg())
	return nil
}

// parseAmountFlag reads "12.5" or "12.5USD" / "12.5 USD"; the currency defaults to def.
func parseAmountFlag(name, v, def string) (journal.Money, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return journal.Money{}, nil
	}
	amount, cur := v, def
	if i := strings.LastIndexFunc(v, func(r rune) bool { return r >= '0' && r <= '9' || r == '.' }); i >= 0 && i < len(v)-1 {
		amount, cur = strings.TrimSpace(v[:i+1]), strings.TrimSpace(v[i+1:])
	}
	m, err := journal.ParseMoney(amount, cur)
	if err != nil {
		return journal.Money{}, flagError("--"+name, err)
	}
	return m, nil
}

func cmdFillAdd(ctx context.Context, e *env, args []string) error {
	fs := e.flags("fill add")
	currency := fs.String("currency", "", "the price's `currency` (default: that of the position's other fills, else the journal's base currency)")
	fees := fs.String("fees", "", "fees paid, as `AMOUNT` or AMOUNT+CURRENCY (12.5USD)")
	taxes := fs.String("taxes", "", "taxes paid, as `AMOUNT` or AMOUNT+CURRENCY")
	fx := fs.String("fx", "", "base currency units per unit of the price's currency at the fill (`RATE`; default: the day's rate when known)")
	at := fs.String("at", "", "when it happened: `TIME` as RFC 3339 or YYYY-MM-DD (default: now)")
	side := fs.String("side", "", "the side of a new position: long or short (default: long for a buy, short for a sell)")
	note := fs.String("note", "", "a `note`")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 5 {
		return usagef("fill add needs ID SYMBOL buy|sell QTY PRICE")
	}
	id, symArg, actionArg, qtyArg, priceArg := fs.Arg(0), fs.Arg(1), fs.Arg(2), fs.Arg(3), fs.Arg(4)
	sym, err := journal.ParseSymbol(symArg)
	if err != nil {
		return err
	}
	action := journal.Action(strings.ToLower(actionArg))
	if !action.Valid() {
		return usagef("the action must be buy or sell (got %q)", actionArg)
	}
	qty, err := journal.ParseDecimal(qtyArg)
	if err != nil {
		return flagError("QTY", err)
	}
	when, err := whenFlag(*at, e.now())
	if err != nil {
		return err
	}
	return e.editLedger(ctx, id, func(t *journal.Thesis, s journal.Settings) (string, error) {
		pi := heldPosition(t, sym)
		cur := *currency
		if cur == "" {
			cur = s.BaseCurrency
			if pi >= 0 && t.Positions[pi].Currency() != "" {
				cur = t.Positions[pi].Currency()
			}
		}
		price, err := journal.ParseMoney(priceArg, cur)
		if err != nil {
			return "", flagError("PRICE", err)
		}
		f := journal.Fill{ID: journal.NewLedgerID(), At: when, Action: action, Quantity: qty, Price: price,
			Note: *note, Source: journal.FillManual}
		if f.Fees, err = parseAmountFlag("fees", *fees, price.Currency); err != nil {
			return "", err
		}
		if f.Taxes, err = parseAmountFlag("taxes", *taxes, price.Currency); err != nil {
			return "", err
		}
		if *fx != "" {
			if f.FXToBase, err = journal.ParseDecimal(*fx); err != nil {
				return "", flagError("--fx", err)
			}
		}
		if pi < 0 {
			sd := journal.Side(*side)
			switch {
			case *side == "" && action == journal.ActionSell:
				sd = journal.SideShort
			case *side == "":
				sd = journal.SideLong
			case sd != journal.SideLong && sd != journal.SideShort:
				return "", usagef("--side must be long or short (got %q)", *side)
			}
			t.Positions = append(t.Positions, journal.Position{Symbol: sym, Side: sd})
			pi = len(t.Positions) - 1
		}
		t.Positions[pi].Fills = append(t.Positions[pi].Fills, f)
		return fmt.Sprintf("fill %s added to %s: %s", f.ID, t.ID, fillText(sym, f)), nil
	})
}

// parseWhen reads an RFC 3339 time or a YYYY-MM-DD date (midnight UTC).
func parseWhen(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	d, err := journal.ParseDate(s)
	if err != nil {
		return time.Time{}, journal.Errorf(journal.EINVALID, "%q is neither an RFC 3339 time nor a YYYY-MM-DD date", s)
	}
	return d.Time(), nil
}

func cmdSplitAdd(ctx context.Context, e *env, args []string) error {
	fs := e.flags("split add")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 3 {
		return usagef("split add needs SYMBOL RATIO DATE, for example NVDA 10:1 2024-06-10")
	}
	sym, err := journal.ParseSymbol(fs.Arg(0))
	if err != nil {
		return err
	}
	if _, _, err := journal.ParseRatio(fs.Arg(1)); err != nil {
		return err
	}
	d, err := journal.ParseDate(fs.Arg(2))
	if err != nil {
		return err
	}
	a := journal.CorporateAction{Symbol: sym, Kind: journal.ActionSplit, Ratio: strings.TrimSpace(fs.Arg(1)), At: d.Time(), Source: journal.FillManual}
	a.ID = journal.ActionID(a.Symbol, a.Kind, a.At)
	db, err := e.open()
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.SaveCorporateActions(ctx, []journal.CorporateAction{a})
	if err != nil {
		return err
	}
	if n == 0 {
		fmt.Fprintf(e.stdout, "split %s replaced: %s %s on %s\n", a.ID, sym, a.Ratio, d)
		return nil
	}
	fmt.Fprintf(e.stdout, "split %s recorded: %s %s on %s\n", a.ID, sym, a.Ratio, d)
	return nil
}

func cmdSplitList(ctx context.Context, e *env, args []string) error {
	fs := e.flags("split list")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := e.openForReading()
	if err != nil {
		return err
	}
	defer db.Close()
	acts, err := db.CorporateActions(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, splitListOutput(acts))
	}
	if len(acts) == 0 {
		fmt.Fprintln(e.stdout, "no splits recorded")
		return nil
	}
	tb := newTable("", false, false, false, false, false)
	tb.add("id", "symbol", "ratio", "on", "source")
	for _, a := range acts {
		tb.add(a.ID, a.Symbol, a.Ratio, journal.DateOf(a.At.UTC()).String(), a.Source)
	}
	return tb.write(e.stdout)
}

func cmdSplitRemove(ctx context.Context, e *env, args []string) error {
	fs := e.flags("split remove")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("split remove needs exactly one ID")
	}
	db, err := e.open()
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.DeleteCorporateAction(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "split %s removed\n", fs.Arg(0))
	return nil
}

func cmdDividendAdd(ctx context.Context, e *env, args []string) error {
	fs := e.flags("dividend add")
	perShare := fs.Bool("per-share", false, "AMOUNT is per share (paid on the holding at --at)")
	currency := fs.String("currency", "", "the dividend's `currency` (default: that of the position's fills)")
	withheld := fs.String("withheld", "", "tax withheld, as `AMOUNT` or AMOUNT+CURRENCY")
	fx := fs.String("fx", "", "base currency units per unit of the dividend's currency on the day (`RATE`)")
	at := fs.String("at", "", "when it was paid: `TIME` as RFC 3339 or YYYY-MM-DD (default: now)")
	note := fs.String("note", "", "a `note`")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 3 {
		return usagef("dividend add needs ID SYMBOL AMOUNT")
	}
	id, symArg, amountArg := fs.Arg(0), fs.Arg(1), fs.Arg(2)
	sym, err := journal.ParseSymbol(symArg)
	if err != nil {
		return err
	}
	when, err := whenFlag(*at, e.now())
	if err != nil {
		return err
	}
	return e.editLedger(ctx, id, func(t *journal.Thesis, _ journal.Settings) (string, error) {
		pi := heldPosition(t, sym)
		if pi < 0 {
			return "", journal.Errorf(journal.ENOTFOUND, "thesis %s has no long or short position in %s", id, sym)
		}
		cur := *currency
		if cur == "" {
			cur = t.Positions[pi].Currency()
		}
		amount, err := journal.ParseMoney(amountArg, cur)
		if err != nil {
			return "", flagError("AMOUNT", err)
		}
		d := journal.Dividend{ID: journal.NewLedgerID(), At: when, Note: *note, Source: journal.FillManual}
		what := amount.Format()
		if *perShare {
			d.PerShare = amount
			what += " per share"
		} else {
			d.Amount = amount
		}
		if d.Withheld, err = parseAmountFlag("withheld", *withheld, amount.Currency); err != nil {
			return "", err
		}
		if *fx != "" {
			if d.FXToBase, err = journal.ParseDecimal(*fx); err != nil {
				return "", flagError("--fx", err)
			}
		}
		t.Positions[pi].Dividends = append(t.Positions[pi].Dividends, d)
		return fmt.Sprintf("dividend %s added to %s: %s %s on %s", d.ID, t.ID, sym, what, journal.DateOf(d.At)), nil
	})
}

// whenFlag reads an --at value (now when empty).
func whenFlag(at string, now time.Time) (time.Time, error) {
	if at == "" {
		return now.UTC(), nil
	}
	t, err := parseWhen(at)
	if err != nil {
		return time.Time{}, flagError("--at", err)
	}
	return t, nil
}

// heldPosition returns the index of t's long or short position in sym, or -1.
func heldPosition(t *journal.Thesis, sym string) int {
	return slices.IndexFunc(t.Positions, func(p journal.Position) bool { return p.Symbol == sym && p.Side != journal.SideWatch })
}

// editLedger applies edit to thesis id and saves it as an edit (a revision lists what
// changed); edit returns the line to print.
func (e *env) editLedger(ctx context.Context, id string, edit func(t *journal.Thesis, s journal.Settings) (string, error)) error {
	db, err := e.open()
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	t, err := db.Get(ctx, id)
	if err != nil {
		return err
	}
	line, err := edit(t, s)
	if err != nil {
		return err
	}
	t.FillFX(s.BaseCurrency)
	if err := db.Update(ctx, t); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, line)
	return nil
}
