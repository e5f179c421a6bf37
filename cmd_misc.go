package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"hindsight/journal"
	"hindsight/journal/boltdb"

	"github.com/shopspring/decimal"
)

func cmdVersion(ctx context.Context, e *env, args []string) error {
	fs := e.flags("version")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, versionLine())
	return nil
}

func cmdBackup(ctx context.Context, e *env, args []string) error {
	fs := e.flags("backup")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("backup takes no arguments")
	}
	db, err := e.open()
	if err != nil {
		return err
	}
	defer db.Close()
	path, err := db.Backup()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backup written and verified: %s\n", path)
	return nil
}

func cmdBackups(ctx context.Context, e *env, args []string) error {
	fs := e.flags("backups")
	if err := parse(fs, args); err != nil {
		return err
	}
	path, err := boltdb.ResolvePath(e.db)
	if err != nil {
		return err
	}
	list, err := boltdb.ListBackups(path)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintf(e.stdout, "no backups beside %s\n", path)
		return nil
	}
	tb := newTable("", false, true, false)
	for _, b := range list {
		tb.add(b.Time.Local().Format("2006-01-02 15:04"), fmt.Sprintf("%d bytes", b.Size), b.Path)
	}
	return tb.write(e.stdout)
}

func cmdRestore(ctx context.Context, e *env, args []string) error {
	fs := e.flags("restore")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("restore needs exactly one backup file")
	}
	path, err := boltdb.ResolvePath(e.db)
	if err != nil {
		return err
	}
	aside, err := boltdb.Restore(path, fs.Arg(0))
	if err != nil {
		return err
	}
	if aside != "" {
		fmt.Fprintf(e.stdout, "previous journal moved aside to %s\n", aside)
	}
	fmt.Fprintf(e.stdout, "restored %s from %s\n", path, fs.Arg(0))
	return nil
}

func cmdSettings(ctx context.Context, e *env, args []string) error {
	fs := e.flags("settings")
	base := fs.String("base", "", "base `currency` (ISO 4217, e.g. KRW, USD)")
	total := fs.String("total-budget", "", "total loss budget `amount` in the base currency")
	bench := fs.String("benchmark", "", "default benchmark `symbol` (e.g. ^GSPC, ^KS11)")
	author := fs.String("author", "", "author `name` printed on exports")
	method := fs.String("cost-method", "", "how sells take cost out of a holding: `average` (moving average, the default) or fifo")
	thresholds := fs.String("alert-thresholds", "", "shares of a loss budget whose crossing raises an alert, as `LIST` such as 0.5,0.8,1 or 50%,80%,100% (\"default\" for those)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("settings takes only options")
	}
	open := e.open
	if *base == "" && *total == "" && *bench == "" && *author == "" && *method == "" && *thresholds == "" {
		open = e.openForReading // only shows them
	}
	db, err := open()
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	changed := false
	if *base != "" {
		code, err := journal.NormalizeCurrency(*base)
		if err != nil {
			return flagError("--base", err)
		}
		s.BaseCurrency = code
		changed = true
	}
	if *total != "" {
		m, err := journal.ParseMoney(*total, s.BaseCurrency)
		if err != nil {
			return flagError("--total-budget", err)
		}
		s.TotalLossBudget = m
		changed = true
	}
	if *bench != "" {
		sym, err := journal.ParseSymbol(*bench)
		if err != nil {
			return flagError("--benchmark", err)
		}
		s.Benchmark = sym
		changed = true
	}
	if *author != "" {
		s.Author = strings.TrimSpace(*author)
		changed = true
	}
	if *method != "" {
		m := journal.CostMethod(strings.ToLower(strings.TrimSpace(*method)))
		if m == "" || !m.Valid() {
			return usagef("--cost-method must be average or fifo (got %q)", *method)
		}
		s.CostMethod = m
		changed = true
	}
	if *thresholds != "" {
		th, err := parseThresholds(*thresholds)
		if err != nil {
			return flagError("--alert-thresholds", err)
		}
		s.AlertThresholds = th
		changed = true
	}
	if changed {
		if err := db.SaveSettings(ctx, s); err != nil {
			return err
		}
	}
	budget := "not set"
	if !s.TotalLossBudget.IsZero() {
		budget = s.TotalLossBudget.Format()
	}
	costMethod := "moving average"
	if s.CostMethod == journal.CostFIFO {
		costMethod = "FIFO"
	}
	var ths []string
	for _, t := range s.Thresholds() {
		ths = append(ths, t.Mul(decimal.NewFromInt(100)).String()+"%")
	}
	fmt.Fprintf(e.stdout, "journal:           %s\nbase currency:     %s\ntotal loss budget: %s\nbenchmark:         %s\nauthor:            %s\ncost method:       %s\nalert thresholds:  %s\n",
		db.Path(), s.BaseCurrency, budget, s.DefaultBenchmark(), s.Author, costMethod, strings.Join(ths, ", "))
	return nil
}

// localTime formats t in the local zone for people.
func localTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

func localDate(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02")
}

// parseThresholds reads "0.5,0.8,1" or "50%,80%,100%"; "default" means the defaults.
func parseThresholds(v string) ([]decimal.Decimal, error) {
	if strings.TrimSpace(strings.ToLower(v)) == "default" {
		return nil, nil
	}
	var out []decimal.Decimal
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		pct := strings.HasSuffix(part, "%")
		d, err := journal.ParseDecimal(strings.TrimSuffix(part, "%"))
		if err != nil {
			return nil, err
		}
		if pct {
			d = d.Div(decimal.NewFromInt(100))
		}
		out = append(out, d)
	}
	return out, nil
}
