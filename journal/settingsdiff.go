package journal

import (
	"strings"

	"github.com/shopspring/decimal"
)

// SettingsChange is one journal setting that differs between two sets of settings.
type SettingsChange struct {
	// Field names the setting as the interchange format does ("base_currency").
	Field string
	// Journal and File are the two values as a person reads them ("" shown as "none").
	Journal, File string
}

// DiffSettings lists the settings in which file differs from journal, in a fixed order:
// base currency, total loss budget, benchmark, author, alert thresholds.
func DiffSettings(journal, file Settings) []SettingsChange {
	show := func(s string) string {
		if s == "" {
			return "none"
		}
		return s
	}
	money := func(m Money) string {
		if m.IsZero() {
			return ""
		}
		return m.String()
	}
	var out []SettingsChange
	add := func(field, a, b string) {
		if a != b {
			out = append(out, SettingsChange{Field: field, Journal: show(a), File: show(b)})
		}
	}
	add("base_currency", journal.BaseCurrency, file.BaseCurrency)
	if !(journal.TotalLossBudget.Currency == file.TotalLossBudget.Currency && journal.TotalLossBudget.Amount.Equal(file.TotalLossBudget.Amount)) {
		add("total_loss_budget", money(journal.TotalLossBudget), money(file.TotalLossBudget))
	}
	add("benchmark", journal.Benchmark, file.Benchmark)
	add("author", journal.Author, file.Author)
	add("alert_thresholds", thresholdsText(journal.AlertThresholds), thresholdsText(file.AlertThresholds))
	return out
}

// thresholdsText returns thresholds as "0.5, 0.8, 1", or "" when there are none.
func thresholdsText(ths []decimal.Decimal) string {
	parts := make([]string, len(ths))
	for i, th := range ths {
		parts[i] = th.String()
	}
	return strings.Join(parts, ", ")
}
