package app

import (
	"fmt"
	"maps"
	"runtime/debug"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/journal/demo"
	"hindsight/quotes"
)

// rowFigure is what a list row shows of a thesis's outcome.
type rowFigure struct {
	ret      *decimal.Decimal
	lossUsed *decimal.Decimal
}

// openJournal opens the journal file at path and shows it; a file that cannot be opened
// is reported with what can be done about it.
func (u *UI) openJournal(path string, atStart bool) {
	store, err := u.openStore(path)
	u.useStore(path, store, err, atStart)
}

// openStore opens the journal file at path (nothing without Deps.Open); it touches no
// widget.
func (u *UI) openStore(path string) (journal.Store, error) {
	if u.deps.Open == nil {
		return nil, nil
	}
	return u.deps.Open(path)
}

// useStore shows the journal opened from path, or what went wrong opening it.
func (u *UI) useStore(path string, store journal.Store, err error, atStart bool) {
	if err != nil {
		u.path = path
		u.updateTitle()
		u.showOpenError(path, err)
		return
	}
	if store == nil {
		return
	}
	u.setStore(store, path, atStart)
}

// setStore makes store the journal shown, closing the one shown before.
func (u *UI) setStore(store journal.Store, path string, atStart bool) {
	if u.store != nil && u.store != store {
		if err := u.store.Close(); err != nil {
			u.showError(err)
		}
	}
	u.store, u.path = store, path
	u.damageShown = false
	u.all, u.loaded, u.trash = nil, false, nil
	u.loadGen++
	u.quotesAt, u.offline = time.Time{}, false
	var s journal.Settings
	var err error
	if atStart && u.start != nil {
		s, err = u.start.settings, u.start.settingsErr
	} else {
		ctx, cancel := u.ctx()
		s, err = store.Settings(ctx)
		cancel()
	}
	if err != nil {
		u.showError(err)
		s = journal.DefaultSettings("")
	}
	u.settings = s
	// Until the whole journal is read after the first frame, the list's figures come
	// from the prices the newest page holds; when the page was read while the views
	// were built, the list is filled once, with those figures.
	early := atStart && u.waitFirstFrame && !u.firstFrameDone
	var firstPage []*journal.Thesis
	if atStart && u.start != nil && u.start.listErr == nil {
		firstPage = u.start.first
	}
	if early && firstPage != nil {
		u.setMarket(journal.KnownMarket(firstPage, s.BaseCurrency, u.now()))
	} else {
		u.setMarket(journal.Market{AsOf: u.now()})
	}
	u.updateTitle()
	u.banner.update()
	u.review.clear()
	u.list.selectedID = ""
	if atStart {
		if err := u.list.loadFirstPageNow(); err != nil {
			u.showError(err)
		}
		u.afterFirstPage()
	} else {
		u.list.showAll()
		u.showDetail(u.hint)
	}
	u.status.update()
	if early {
		if firstPage == nil {
			u.setMarket(journal.KnownMarket(u.list.pages[0], u.settings.BaseCurrency, u.now()))
		}
		return
	}
	u.loadAll()
}

// afterFirstPage greets a new user or restores the thesis being written.
func (u *UI) afterFirstPage() {
	switch {
	case u.editor.hasDraft():
		u.editor.restoreDraft()
	case u.list.total == 0:
		u.showDetail(u.welcomeView())
	default:
		u.showDetail(u.hint)
	}
}

// loadAll reads the whole journal in the background: the market the journal's own
// prices make (with the cached quotes over it), the tags and symbols for the filters,
// and the figures of the dashboard.
func (u *UI) loadAll() {
	store, gen, s, now := u.store, u.loadGen, u.settings, u.now()
	cached := u.deps.CachedQuotes
	u.background(func() {
		ctx, cancel := u.ctx()
		defer cancel()
		all, _, err := store.List(ctx, journal.Filter{})
		if err != nil {
			u.do(func() {
				if gen == u.loadGen {
					u.showError(err)
				}
			})
			if !partialList(all, err) {
				return
			}
		}
		m := journal.KnownMarket(all, s.BaseCurrency, now)
		syms := marketSymbols(all, s, false)
		if cached != nil && len(syms) > 0 {
			qs, _ := cached.Quote(ctx, syms...)
			m.Overlay(pricesOf(qs), nil, s.BaseCurrency)
		}
		tags, _ := store.Tags(ctx)
		acts, _ := store.CorporateActions(ctx)
		symbols := allSymbols(all)
		u.do(func() {
			if gen != u.loadGen {
				return
			}
			u.all, u.loaded = all, true
			u.corpActions = nil
			u.addSplits(acts)
			// Prices fetched while the journal was read are newer than what it holds.
			m.Overlay(slices.Collect(maps.Values(u.market.Prices)), u.market.Bars, s.BaseCurrency)
			u.setMarket(m)
			u.list.setChoices(tags, symbols)
			u.status.update()
			u.dash.refresh()
			u.inbox.reload()
			u.alerts.check(false)
			u.shot.loaded(u)
			// Reading the whole journal leaves garbage behind; hand it back to the system.
			go debug.FreeOSMemory()
		})
	})
}

// setMarket replaces what is known about prices and redraws the figures.
func (u *UI) setMarket(m journal.Market) {
	m.Splits = u.corpActions
	u.market = m
	u.rowMarket = m
	u.rowMarket.Bars = nil // the list needs no drawdown, and bars make it slow
	clear(u.figs)
	if u.list != nil {
		u.list.list.Refresh()
	}
	if u.review != nil && u.review.thesis != nil {
		u.review.render()
	}
}

// figureOf returns the list figures of t, computing them once per market.
func (u *UI) figureOf(t *journal.Thesis) rowFigure {
	if f, ok := u.figs[t.ID]; ok {
		return f
	}
	o := journal.Evaluate(t, u.settings, u.rowMarket, u.now())
	f := rowFigure{ret: o.Return, lossUsed: o.LossUsed}
	u.figs[t.ID] = f
	return f
}

// cloneMarket returns a copy of m whose maps may be changed without touching m.
func cloneMarket(m journal.Market) journal.Market {
	return journal.Market{Prices: maps.Clone(m.Prices), FX: maps.Clone(m.FX), Bars: maps.Clone(m.Bars), AsOf: m.AsOf, Splits: m.Splits}
}

// pricesOf turns quotes into market prices.
func pricesOf(qs []quotes.Quote) []journal.Price {
	out := make([]journal.Price, 0, len(qs))
	for _, q := range qs {
		at := q.MarketTime
		if at.IsZero() {
			at = q.FetchedAt
		}
		src := q.Source
		if src == "" {
			src = journal.SourceYahoo
		}
		out = append(out, journal.Price{Symbol: q.Symbol, Price: q.Price, At: at, Stale: q.Stale, Source: src})
	}
	return out
}

// marketSymbols lists the symbols whose prices matter: those of the open theses (of all
// theses unless openOnly), the exchange rates their currencies need, and the benchmark.
func marketSymbols(theses []*journal.Thesis, s journal.Settings, openOnly bool) []string {
	seen := map[string]bool{}
	var out []string
	add := func(sym string) {
		if sym != "" && !seen[sym] {
			seen[sym] = true
			out = append(out, sym)
		}
	}
	currencies := map[string]bool{}
	for _, t := range theses {
		if openOnly && t.Status != journal.StatusOpen {
			continue
		}
		for _, p := range t.Positions {
			if !positionClosed(p) {
				add(p.Symbol)
			}
			if c := p.Currency(); c != "" {
				currencies[c] = true
			}
		}
		for _, sn := range t.Snapshots {
			add(sn.Symbol)
			currencies[sn.Price.Currency] = true
		}
		if t.LossBudget.Valid() {
			currencies[t.LossBudget.Currency] = true
		}
		add(t.Benchmark)
	}
	if s.TotalLossBudget.Valid() {
		currencies[s.TotalLossBudget.Currency] = true
	}
	for _, c := range slices.Sorted(maps.Keys(currencies)) {
		if c != "" && c != s.BaseCurrency {
			add(journal.FXSymbol(c, s.BaseCurrency))
		}
	}
	add(s.DefaultBenchmark())
	return out
}

// allSymbols lists the distinct symbols of the theses' positions and snapshots.
func allSymbols(theses []*journal.Thesis) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range theses {
		for _, s := range t.Symbols() {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// journalSummaryLine says how big the journal is and how much of the total loss budget
// its open theses commit: "24 theses · ₩9.2M of ₩10M total budget committed".
func (u *UI) journalSummaryLine() string {
	if u.store == nil {
		return ""
	}
	n := u.list.total
	if u.loaded {
		n = len(u.all)
	}
	line := trN("status.theses", n)
	if !u.loaded {
		return line
	}
	base := u.settings.BaseCurrency
	committed := decimal.Decimal{}
	for _, t := range u.all {
		if t.Status != journal.StatusOpen || !t.LossBudget.Valid() || !t.LossBudget.Amount.IsPositive() {
			continue
		}
		r, ok := u.rowMarket.Rate(t.LossBudget.Currency, base)
		if !ok {
			return line
		}
		committed = committed.Add(t.LossBudget.Amount.Mul(r))
	}
	c := journal.Money{Amount: committed, Currency: base}
	tb := u.settings.TotalLossBudget
	if r, ok := u.rowMarket.Rate(tb.Currency, base); ok && tb.Valid() && tb.Amount.IsPositive() {
		total := journal.Money{Amount: tb.Amount.Mul(r), Currency: base}
		return line + " · " + tr("status.committed_of", map[string]any{"Committed": fmtCompact(c), "Total": fmtCompact(total)})
	}
	return line + " · " + tr("status.committed", map[string]any{"Committed": fmtCompact(c)})
}

// thesisByID returns the loaded thesis with the id, or nil.
func (u *UI) thesisByID(id string) *journal.Thesis {
	for _, t := range u.all {
		if t.ID == id {
			return t
		}
	}
	if i := u.list.indexOf(id); i >= 0 {
		return u.list.at(i)
	}
	return nil
}

// openThesis shows the thesis with the id in review mode. When the form holds unsaved
// changes it asks first; done (if set) learns whether the thesis was opened.
func (u *UI) openThesis(id string, done func(bool)) {
	u.editor.confirmLeave(func(ok bool) {
		if ok {
			u.showTheses()
			u.showThesis(id)
		}
		if done != nil {
			done(ok)
		}
	})
}

// showThesis shows the thesis with the id in review mode, reading it when needed.
func (u *UI) showThesis(id string) {
	u.list.selectID(id)
	if t := u.thesisByID(id); t != nil {
		u.review.show(t)
		u.showDetail(u.review.view())
		return
	}
	store := u.store
	u.background(func() {
		ctx, cancel := u.ctx()
		defer cancel()
		t, err := store.Get(ctx, id)
		u.do(func() {
			if err != nil {
				u.showError(err)
				return
			}
			u.review.show(t)
			u.showDetail(u.review.view())
		})
	})
}

// newThesis opens an empty form, in the person's own journal (switching back to it
// from the demo journal).
func (u *UI) newThesis() {
	if u.store == nil {
		return
	}
	if u.showingDemo() {
		u.toOwnJournal("demo.back_for_new", u.newThesis)
		return
	}
	u.editor.confirmLeave(func(ok bool) {
		if !ok {
			return
		}
		u.showTheses()
		u.list.selectID("")
		u.editor.edit(nil)
	})
}

// editThesis opens the form on a saved thesis.
func (u *UI) editThesis(t *journal.Thesis) {
	u.editor.confirmLeave(func(ok bool) {
		if ok {
			u.editor.edit(t)
		}
	})
}

// saveThesis writes t in the background (a new thesis when isNew) and calls done on the
// UI goroutine with the thesis as stored, or the error.
func (u *UI) saveThesis(t *journal.Thesis, isNew bool, done func(*journal.Thesis, error)) {
	store := u.store
	if store == nil {
		done(nil, journal.Errorf(journal.EINTERNAL, "no journal is open"))
		return
	}
	u.background(func() {
		ctx, cancel := u.ctx()
		defer cancel()
		var err error
		if isNew {
			err = store.Create(ctx, t)
		} else {
			err = store.Update(ctx, t)
		}
		var saved *journal.Thesis
		if err == nil {
			saved, err = store.Get(ctx, t.ID)
		}
		u.do(func() {
			if err == nil {
				u.thesisSaved(saved)
			}
			done(saved, err)
		})
	})
}

// thesisSaved takes a thesis just written into the loaded journal and the market.
func (u *UI) thesisSaved(t *journal.Thesis) {
	u.loadGen++ // a load still running read the journal before this write
	if !u.loaded {
		u.loadAll()
		u.list.reload()
		return
	}
	// u.all is replaced, never changed in place: background work may be reading it.
	all := slices.Clone(u.all)
	if i := slices.IndexFunc(all, func(x *journal.Thesis) bool { return x.ID == t.ID }); i >= 0 {
		all[i] = t
	} else {
		all = append(all, t)
		slices.SortStableFunc(all, func(a, b *journal.Thesis) int { return -compareID(a.ID, b.ID) })
	}
	u.all = all
	known := journal.KnownMarket([]*journal.Thesis{t}, u.settings.BaseCurrency, u.now())
	m := cloneMarket(u.market)
	m.Overlay(slices.Collect(maps.Values(known.Prices)), nil, u.settings.BaseCurrency)
	u.setMarket(m)
	u.list.reload()
	u.status.update()
	u.dash.refresh()
	u.refreshChoicesFromLoaded()
}

func compareID(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// refreshChoicesFromLoaded recomputes the tag and symbol filters from the loaded journal.
func (u *UI) refreshChoicesFromLoaded() {
	tags := map[string]int{}
	for _, t := range u.all {
		for _, tag := range t.Tags {
			tags[tag]++
		}
	}
	u.list.setChoices(tags, allSymbols(u.all))
}

// deleteThesis asks, then deletes t; the deletion can be undone until the app quits.
func (u *UI) deleteThesis(t *journal.Thesis) {
	u.confirmDestructive(tr("delete.title"), tr("delete.message", map[string]any{"Title": t.Title}), tr("delete.confirm"), func() {
		store := u.store
		u.background(func() {
			ctx, cancel := u.ctx()
			defer cancel()
			err := store.Delete(ctx, t.ID)
			u.do(func() {
				if err != nil {
					u.showError(err)
					return
				}
				u.thesisDeleted(t)
			})
		})
	})
}

// thesisDeleted forgets a deleted thesis and offers to undo.
func (u *UI) thesisDeleted(t *journal.Thesis) {
	u.loadGen++
	if !u.loaded {
		u.loadAll()
	}
	u.all = slices.DeleteFunc(slices.Clone(u.all), func(x *journal.Thesis) bool { return x.ID == t.ID })
	u.trash = append(u.trash, t)
	if u.review.thesis != nil && u.review.thesis.ID == t.ID {
		u.review.clear()
		u.list.selectedID = ""
		u.showDetail(u.hint)
	}
	u.list.reload()
	u.status.say(tr("delete.done", map[string]any{"Title": t.Title}), true)
	u.status.update()
	u.dash.refresh()
	u.refreshChoicesFromLoaded()
}

// undoDelete puts the last deleted thesis back exactly as it was.
func (u *UI) undoDelete() {
	if len(u.trash) == 0 {
		return
	}
	t := u.trash[len(u.trash)-1]
	u.trash = u.trash[:len(u.trash)-1]
	store := u.store
	u.background(func() {
		ctx, cancel := u.ctx()
		defer cancel()
		_, err := store.Import(ctx, []*journal.Thesis{t}, nil)
		u.do(func() {
			if err != nil {
				u.trash = append(u.trash, t)
				u.showError(err)
				return
			}
			u.thesisSaved(t)
			u.status.say(tr("delete.undone", map[string]any{"Title": t.Title}), len(u.trash) > 0)
			u.showThesis(t.ID)
		})
	})
}

// openDemo writes the demo journal (its own file) and shows it.
func (u *UI) openDemo() {
	path := u.deps.DemoPath
	if path == "" || u.deps.Open == nil {
		return
	}
	u.editor.confirmLeave(func(ok bool) {
		if !ok {
			return
		}
		u.background(func() {
			store, err := u.deps.Open(path)
			if err == nil {
				ctx, cancel := u.ctx()
				s := demo.Settings()
				_, err = store.Import(ctx, demo.Theses(), &s)
				cancel()
				if err != nil {
					_ = store.Close()
					err = fmt.Errorf("demo journal %s: %w", path, err)
				}
			}
			u.do(func() {
				if err != nil {
					u.showError(err)
					return
				}
				u.setStore(store, path, false)
				u.status.say(tr("demo.opened"), false)
			})
		})
	})
}
