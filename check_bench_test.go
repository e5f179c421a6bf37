package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"hindsight/journal"
	"hindsight/journal/boltdb"
	"hindsight/quotes/yahoo/yahootest"
)

// TestCheckSpeed times `hindsight check` over a journal of 10,000 open theses holding
// 200 symbols (each with a fill, a loss budget, a review date and an invalidation level),
// with the quotes from a local server speaking Yahoo's wire format (batched as refresh
// sends them) and then from the cache, against `list`, which reads every thesis too, in
// the same run. The target is 2 s. Run with HINDSIGHT_BENCH=1 (make bench).
func TestCheckSpeed(t *testing.T) {
	if os.Getenv("HINDSIGHT_BENCH") != "1" {
		t.Skip("a benchmark: HINDSIGHT_BENCH=1")
	}
	const theses, symbols = 10_000, 200
	dir := t.TempDir()
	path := filepath.Join(dir, "j.db")
	db, err := boltdb.Open(path, boltdb.Options{NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := db.SaveSettings(ctx, journal.Settings{BaseCurrency: "USD"}); err != nil {
		t.Fatal(err)
	}
	now := clock()
	sym := func(i int) string { return fmt.Sprintf("S%03d", i%symbols) }
	var all []*journal.Thesis
	for i := range theses {
		at := now.AddDate(0, 0, -30).Add(time.Duration(i) * time.Second)
		all = append(all, &journal.Thesis{
			ID: fmt.Sprintf("t%05d", i), Title: fmt.Sprintf("thesis %d", i), Conviction: 50, CreatedAt: at,
			Status: journal.StatusOpen, ReviewBy: journal.DateOf(now.AddDate(0, 0, 10)),
			LossBudget: journal.MustMoney("500", "USD"), Invalidation: "it falls below 80",
			Levels: []journal.Level{{Symbol: sym(i), When: journal.LevelBelow, Price: journal.MustMoney("80", "USD")}},
			Positions: []journal.Position{{Symbol: sym(i), Side: journal.SideLong, Fills: []journal.Fill{{
				ID: fmt.Sprintf("f%05d", i), At: at, Action: journal.ActionBuy, Quantity: decimal.NewFromInt(10),
				Price: journal.MustMoney("100", "USD"), FXToBase: decimal.NewFromInt(1), Source: journal.FillManual}}}},
		})
	}
	if _, err := db.Import(ctx, all, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// Half the symbols fell to 75: their theses cross a level and a budget threshold.
	srv := yahootest.NewServer(t)
	for i := range symbols {
		p := 110.0
		if i%2 == 0 {
			p = 75
		}
		srv.SetQuote(sym(i), "AAPL", map[string]any{"currency": "USD", "regularMarketPrice": p, "regularMarketTime": now.Add(-time.Hour).Unix()})
	}
	t.Setenv("HINDSIGHT_YAHOO_URL", srv.URL)

	timeIt := func(args ...string) (time.Duration, string, int) {
		start := time.Now()
		out, errs, code := hs(t, path, "", args...)
		return time.Since(start), out + errs, code
	}
	list, _, code := timeIt("list", "--json")
	if code != 0 {
		t.Fatal("list failed")
	}
	before := srv.Count(yahootest.Quote)
	check, out, code := timeIt("check")
	requests := srv.Count(yahootest.Quote) - before
	alerts := strings.Count(out, "\n")
	// 100 of the 200 symbols fell: their 5,000 theses each cross a level and a threshold.
	if code != exitFired || strings.Count(out, "\n") != theses {
		t.Fatalf("check: code %d, %d lines: %.500s", code, strings.Count(out, "\n"), out)
	}
	again, out, code := timeIt("check")
	if code != 0 {
		t.Fatalf("second check: code %d: %.300s", code, out)
	}
	fmt.Printf("check of %d open theses holding %d symbols (%d batched quote requests to a local server): first %.2f s (%d alerts), again %.2f s (quotes from the cache; target 2 s); list --json of the same journal: %.2f s; ratio %.1fx\n",
		theses, symbols, requests, check.Seconds(), alerts, again.Seconds(), list.Seconds(), check.Seconds()/list.Seconds())
	if check > 2*time.Second || again > 2*time.Second {
		t.Errorf("check took %v and %v; target 2 s", check, again)
	}
}
