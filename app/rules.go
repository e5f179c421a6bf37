package app

import (
	"regexp"
	"strings"

	"hindsight/journal"
)

// ruleTexts translate the journal's validation rules (English sentences made by
// journal.Validate) into the UI language. Each pattern's groups are handed to the
// translation as A, B, ...
var ruleTexts = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^must not be empty$`), "rule.empty"},
	{regexp.MustCompile(`^must be at most (\d+) characters \(has (\d+)\)$`), "rule.max_chars"},
	{regexp.MustCompile(`^must be at most 1 MiB \(has (\d+) bytes\)$`), "rule.max_body"},
	{regexp.MustCompile(`^must be at most (\d+)$`), "rule.max_count"},
	{regexp.MustCompile(`^must be between 0 and 100 \(is (-?\d+)\)$`), "rule.conviction"},
	{regexp.MustCompile(`^must be 1-(\d+) characters without commas$`), "rule.tag"},
	{regexp.MustCompile(`^must not be before the thesis was written \((.+)\)$`), "rule.review_before"},
	{regexp.MustCompile(`^must be greater than zero when the thesis has positions$`), "rule.budget_needed"},
	{regexp.MustCompile(`^must be greater than zero$`), "rule.positive"},
	{regexp.MustCompile(`^must not be negative$`), "rule.negative"},
	{regexp.MustCompile(`^currency must be set$`), "rule.currency_missing"},
	{regexp.MustCompile(`^unknown currency "(.*)"$`), "rule.currency_unknown"},
	{regexp.MustCompile(`^must be set when there is an exit price$`), "rule.exit_date_needed"},
	{regexp.MustCompile(`^must not be before entered_at$`), "rule.exit_before_entry"},
	{regexp.MustCompile(`^must be in the entry price's currency (.*)$`), "rule.exit_currency"},
	{regexp.MustCompile(`^must be set$`), "rule.required"},
	{regexp.MustCompile(`^must hold at least one fill for a (long|short) position$`), "rule.fills_needed"},
	{regexp.MustCompile(`^sells (\S+) on (\S+) but only (\S+) are held then$`), "rule.oversold"},
	{regexp.MustCompile(`^covers (\S+) on (\S+) but only (\S+) are held then$`), "rule.overcovered"},
	{regexp.MustCompile(`^must be in (\S*) like the position's first fill \(is (\S*)\)$`), "rule.fill_currency"},
	{regexp.MustCompile(`^set either amount or per_share$`), "rule.dividend_amount"},
	{regexp.MustCompile(`^must be buy or sell \(is "(.*)"\)$`), "rule.fill_action"},
	{regexp.MustCompile(`^symbol must not be empty$`), "rule.symbol_empty"},
	{regexp.MustCompile(`^symbol "(.*)" is longer than 20 characters$`), "rule.symbol_long"},
	{regexp.MustCompile(`^symbol "(.*)" may only hold .*$`), "rule.symbol_chars"},
	{regexp.MustCompile(`^symbol "(.*)" must hold a letter or digit$`), "rule.symbol_letter"},
	{regexp.MustCompile(`^symbol "(.*)" must not start with "\."$`), "rule.symbol_dot"},
	{regexp.MustCompile(`^must not hold control characters \((U\+[0-9A-F]+)\)$`), "rule.control"},
	{regexp.MustCompile(`^must not hold control characters other than line breaks and tabs \((U\+[0-9A-F]+)\)$`), "rule.control_text"},
	{regexp.MustCompile(`^must be valid UTF-8$`), "rule.utf8"},
	{regexp.MustCompile(`^must not be before (\d+) \(is (.+)\)$`), "rule.year_min"},
	{regexp.MustCompile(`^must not be after (\d+) \(is (.+)\)$`), "rule.year_max"},
	{regexp.MustCompile(`^repeats (levels|links)\[\d+\]$`), "rule.repeats"},
	{regexp.MustCompile(`^must not be the thesis itself$`), "rule.self_link"},
}

// ruleText returns a validation rule in the UI language; an unknown rule is shown as written.
func ruleText(rule string) string {
	key, data, ok := ruleKey(rule)
	if !ok {
		return rule
	}
	return tr(key, data)
}

// ruleKey finds the translation of a rule and the values it carries.
func ruleKey(rule string) (string, map[string]any, bool) {
	for _, rt := range ruleTexts {
		m := rt.re.FindStringSubmatch(rule)
		if m == nil {
			continue
		}
		data := map[string]any{}
		for i, g := range m[1:] {
			data[string(rune('A'+i))] = g
		}
		if rt.key == "rule.review_before" {
			if d, err := journal.ParseDate(m[1]); err == nil {
				data["A"] = fmtDate(d)
			}
		}
		return rt.key, data, true
	}
	return "", nil, false
}

// errorText returns what a person should read about err: the domain message for a
// journal error, with validation rules in the UI language.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	if v, ok := asValidation(err); ok {
		parts := make([]string, len(v.Problems))
		for i, p := range v.Problems {
			parts[i] = p.Field + ": " + ruleText(p.Rule)
		}
		return strings.Join(parts, "\n")
	}
	switch journal.ErrorCode(err) {
	case journal.ELOCKED, journal.EDAMAGED, journal.ENOTFOUND, journal.ECONFLICT, journal.EINVALID:
		return journal.ErrorMessage(err)
	}
	return tr("error.internal", map[string]any{"Detail": err.Error()})
}
