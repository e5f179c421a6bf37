package journal

// SettingsChange is one journal setting that differs between two sets of settings.
type SettingsChange struct {
	// Field names the setting as the interchange format does ("base_currency").
	Field string
	// Journal and File are the two values as a person reads them ("" shown as "none").
	Journal, File string
}

// DiffSettings lists the settings in which file differs from journal, in a fixed order:
// base currency, total loss budget, benchmark, author.
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
	return out
}
