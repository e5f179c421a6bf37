package main

import (
	"time"

	"hindsight/journal"
)

// jsonAlert is an alert that fired.
type jsonAlert struct {
	ID           string     `json:"id"`
	ThesisID     string     `json:"thesis_id"`
	Title        string     `json:"title"`
	Kind         string     `json:"kind"`
	Key          string     `json:"key"`
	At           time.Time  `json:"at"`
	Text         string     `json:"text"`
	Quote        string     `json:"quote"`
	Threshold    *string    `json:"threshold"`
	LossUsed     *string    `json:"loss_used"`
	Symbol       string     `json:"symbol"`
	Price        *jsonMoney `json:"price"`
	Level        *jsonMoney `json:"level"`
	Due          *string    `json:"due"`
	Dismissed    bool       `json:"dismissed"`
	SnoozedUntil *time.Time `json:"snoozed_until"`
}

func alertOf(e journal.AlertEntry, lang string) jsonAlert {
	a := e.Alert
	v := jsonAlert{ID: a.ID, ThesisID: a.ThesisID, Title: a.Title, Kind: string(a.Kind), Key: a.Key, At: utc(a.At),
		Text: a.Text(lang), Quote: a.Quote, Symbol: a.Symbol, Price: moneyOrNull(&a.Price),
		Level: moneyOrNull(&a.Level), Due: dateOrNull(a.Due), Dismissed: e.Dismissed, SnoozedUntil: timeOrNull(e.SnoozedUntil)}
	if a.Kind == journal.AlertLossBudget {
		v.Threshold, v.LossUsed = decOrNull(&a.Threshold), decOrNull(&a.LossUsed)
	}
	return v
}

// jsonCheckOutput is what check --json prints.
type jsonCheckOutput struct {
	Schema  string      `json:"schema"`
	Command string      `json:"command"`
	Checked int         `json:"checked"`
	Fired   []jsonAlert `json:"fired"`
}

func checkCommandOutput(fired []journal.Alert, checked int, lang string) jsonCheckOutput {
	return jsonCheckOutput{Schema: cliSchema, Command: "check", Checked: checked,
		Fired: mapList(fired, func(a journal.Alert) jsonAlert { return alertOf(journal.AlertEntry{Alert: a}, lang) })}
}

// jsonAlertsList is what alerts list --json prints.
type jsonAlertsList struct {
	Schema  string      `json:"schema"`
	Command string      `json:"command"`
	Alerts  []jsonAlert `json:"alerts"`
}

func alertsListOutput(entries []journal.AlertEntry, _ time.Time, lang string) jsonAlertsList {
	return jsonAlertsList{Schema: cliSchema, Command: "alerts list",
		Alerts: mapList(entries, func(e journal.AlertEntry) jsonAlert { return alertOf(e, lang) })}
}
