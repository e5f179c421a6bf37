package boltdb

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
	bolt "go.etcd.io/bbolt"

	"hindsight/journal"
)

// alertRecord is the stored form of a journal.AlertEntry.
type alertRecord struct {
	V            int          `json:"v"`
	ID           string       `json:"id"`
	ThesisID     string       `json:"thesis_id"`
	Title        string       `json:"title"`
	Kind         string       `json:"kind"`
	Key          string       `json:"key"`
	At           time.Time    `json:"at"`
	Quote        string       `json:"quote,omitempty"`
	Threshold    string       `json:"threshold,omitempty"`
	LossUsed     string       `json:"loss_used,omitempty"`
	Loss         *moneyRecord `json:"loss,omitempty"`
	Budget       *moneyRecord `json:"budget,omitempty"`
	Symbol       string       `json:"symbol,omitempty"`
	When         string       `json:"when,omitempty"`
	Close        bool         `json:"close,omitempty"`
	Price        *moneyRecord `json:"price,omitempty"`
	Level        *moneyRecord `json:"level,omitempty"`
	PriceAt      time.Time    `json:"price_at,omitzero"`
	Due          string       `json:"due,omitempty"`
	DaysOverdue  int          `json:"days_overdue,omitempty"`
	Dismissed    bool         `json:"dismissed,omitempty"`
	SnoozedUntil time.Time    `json:"snoozed_until,omitzero"`
}

// ruleStateRecord and alertStateRecord are the stored form of a journal.AlertState.
type ruleStateRecord struct {
	Held  bool   `json:"held,omitempty"`
	Fired string `json:"fired,omitempty"`
}

type alertStateRecord struct {
	V      int                                   `json:"v"`
	Theses map[string]map[string]ruleStateRecord `json:"theses,omitempty"`
}

func decString(d decimal.Decimal) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func encodeAlert(e journal.AlertEntry) ([]byte, error) {
	a := e.Alert
	return json.Marshal(alertRecord{
		V: recordVersion, ID: a.ID, ThesisID: a.ThesisID, Title: a.Title, Kind: string(a.Kind), Key: a.Key,
		At: a.At.UTC(), Quote: a.Quote, Threshold: decString(a.Threshold), LossUsed: decString(a.LossUsed),
		Loss: optMoneyRec(a.Loss), Budget: optMoneyRec(a.Budget), Symbol: a.Symbol, When: string(a.When),
		Close: a.Close, Price: optMoneyRec(a.Price), Level: optMoneyRec(a.Level), PriceAt: a.PriceAt.UTC(),
		Due: a.Due.String(), DaysOverdue: a.DaysOverdue, Dismissed: e.Dismissed, SnoozedUntil: e.SnoozedUntil.UTC(),
	})
}

func decodeAlert(b []byte) (journal.AlertEntry, error) {
	var r alertRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return journal.AlertEntry{}, err
	}
	if r.V != recordVersion {
		return journal.AlertEntry{}, fmt.Errorf("alert record version %d is not one this version of Hindsight reads", r.V)
	}
	e := journal.AlertEntry{Dismissed: r.Dismissed, SnoozedUntil: r.SnoozedUntil}
	a := &e.Alert
	a.ID, a.ThesisID, a.Title, a.Kind, a.Key, a.At = r.ID, r.ThesisID, r.Title, journal.AlertKind(r.Kind), r.Key, r.At
	a.Quote, a.Symbol, a.When, a.Close, a.PriceAt, a.DaysOverdue = r.Quote, r.Symbol, journal.LevelWhen(r.When), r.Close, r.PriceAt, r.DaysOverdue
	var err error
	dec := func(s string) decimal.Decimal {
		if s == "" || err != nil {
			return decimal.Decimal{}
		}
		var d decimal.Decimal
		d, err = parseDecimal(s)
		return d
	}
	a.Threshold, a.LossUsed = dec(r.Threshold), dec(r.LossUsed)
	mon := func(m *moneyRecord) journal.Money {
		if m == nil || err != nil {
			return journal.Money{}
		}
		var v journal.Money
		v, err = m.money()
		return v
	}
	a.Loss, a.Budget, a.Price, a.Level = mon(r.Loss), mon(r.Budget), mon(r.Price), mon(r.Level)
	if r.Due != "" && err == nil {
		a.Due, err = journal.ParseDate(r.Due)
	}
	return e, err
}

func encodeAlertState(s journal.AlertState) ([]byte, error) {
	r := alertStateRecord{V: recordVersion, Theses: map[string]map[string]ruleStateRecord{}}
	for id, rules := range s.Theses {
		m := map[string]ruleStateRecord{}
		for k, st := range rules {
			m[k] = ruleStateRecord{Held: st.Held, Fired: st.Fired.String()}
		}
		r.Theses[id] = m
	}
	return json.Marshal(r)
}

func decodeAlertState(b []byte) (journal.AlertState, error) {
	var r alertStateRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return journal.AlertState{}, err
	}
	if r.V != recordVersion {
		return journal.AlertState{}, fmt.Errorf("alert state version %d is not one this version of Hindsight reads", r.V)
	}
	s := journal.AlertState{Version: journal.AlertStateVersion, Theses: map[string]map[string]journal.RuleState{}}
	for id, rules := range r.Theses {
		m := map[string]journal.RuleState{}
		for k, st := range rules {
			rs := journal.RuleState{Held: st.Held}
			if st.Fired != "" {
				d, err := journal.ParseDate(st.Fired)
				if err != nil {
					return journal.AlertState{}, fmt.Errorf("alert state of thesis %s, rule %s: %w", id, k, err)
				}
				rs.Fired = d
			}
			m[k] = rs
		}
		s.Theses[id] = m
	}
	return s, nil
}

// AlertState returns what the last check of the alert rules remembered.
func (db *DB) AlertState(ctx context.Context) (journal.AlertState, error) {
	if err := ctx.Err(); err != nil {
		return journal.AlertState{}, err
	}
	var s journal.AlertState
	err := db.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketMeta).Get(keyAlertState)
		if v == nil {
			s = journal.AlertState{Version: journal.AlertStateVersion}
			return nil
		}
		var err error
		if s, err = decodeAlertState(v); err != nil {
			return db.unreadable("the alert state", err)
		}
		return nil
	})
	return s, err
}

// RecordAlerts stores the alerts a check fired and the state after it, in one
// transaction; an alert already recorded is left as it is.
func (db *DB) RecordAlerts(ctx context.Context, fired []journal.Alert, state journal.AlertState) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	sv, err := encodeAlertState(state)
	if err != nil {
		return fmt.Errorf("alert state: %w", err)
	}
	vals := make([][]byte, len(fired))
	for i, a := range fired {
		if a.ID == "" {
			return journal.Errorf(journal.EINVALID, "alert %d has no id", i+1)
		}
		if vals[i], err = encodeAlert(journal.AlertEntry{Alert: a}); err != nil {
			return fmt.Errorf("alert %s: %w", a.ID, err)
		}
	}
	return db.update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketAlerts)
		if bk == nil {
			return fmt.Errorf("the journal has no alerts bucket")
		}
		for i, a := range fired {
			if bk.Get([]byte(a.ID)) != nil {
				continue
			}
			if err := bk.Put([]byte(a.ID), vals[i]); err != nil {
				return fmt.Errorf("alert %s: %w", a.ID, err)
			}
		}
		return tx.Bucket(bucketMeta).Put(keyAlertState, sv)
	})
}

// Alerts returns the alerts recorded, newest first.
func (db *DB) Alerts(ctx context.Context) ([]journal.AlertEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []journal.AlertEntry
	err := db.view(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketAlerts)
		if bk == nil {
			return nil // a read-only journal of an earlier layout
		}
		return bk.ForEach(func(k, v []byte) error {
			e, err := decodeAlert(v)
			if err != nil {
				return db.unreadable(fmt.Sprintf("alert %s", k), err)
			}
			out = append(out, e)
			return nil
		})
	})
	slices.SortStableFunc(out, func(a, b journal.AlertEntry) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		return cmpString(a.ID, b.ID)
	})
	return out, err
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// SetAlertStatus dismisses an alert or snoozes it until a time.
func (db *DB) SetAlertStatus(ctx context.Context, id string, dismissed bool, snoozedUntil time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketAlerts)
		v := bk.Get([]byte(id))
		if v == nil {
			return journal.Errorf(journal.ENOTFOUND, "alert %s not found", id)
		}
		e, err := decodeAlert(v)
		if err != nil {
			return db.unreadable(fmt.Sprintf("alert %s", id), err)
		}
		e.Dismissed, e.SnoozedUntil = dismissed, snoozedUntil.UTC()
		nv, err := encodeAlert(e)
		if err != nil {
			return fmt.Errorf("alert %s: %w", id, err)
		}
		return bk.Put([]byte(id), nv)
	})
}
