package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hindsight/notify"
	"hindsight/quotes/yahoo/yahootest"
)

// levelJournal is a USD journal with one open thesis on NVDA: 10 bought at 100, a loss
// budget of 150, and an invalidation level of 90.
const levelJournal = `{"format":"hindsight-journal","version":3,
 "settings":{"base_currency":"USD"},
 "theses":[{"id":"nvda","title":"AI capex keeps growing","status":"open","conviction":70,
  "created_at":"2026-11-01T00:00:00Z","loss_budget":{"amount":"150","currency":"USD"},
  "invalidation":"Two or more hyperscalers cut their AI capex guidance, or NVDA closes below USD 90",
  "levels":[{"symbol":"NVDA","when":"below","price":{"amount":"90","currency":"USD"}}],
  "positions":[{"symbol":"NVDA","side":"long","fills":[
   {"id":"b1","at":"2026-11-02T15:00:00Z","action":"buy","quantity":"10","price":{"amount":"100","currency":"USD"},"fx_to_base":"1","source":"manual"}]}],
  "snapshots":[],"reviews":[],"revisions":[]}]}`

func TestCheckFiresOncePerCrossing(t *testing.T) {
	srv := yahootest.NewServer(t)
	srv.SetQuote("NVDA", "AAPL", map[string]any{"currency": "USD", "regularMarketPrice": 88.2, "regularMarketTime": clock().Add(-time.Hour).Unix()})
	t.Setenv("HINDSIGHT_YAHOO_URL", srv.URL)
	t.Setenv("LANG", "en_US.UTF-8")
	var sent []notify.Notification
	notifySend = func(_ context.Context, n notify.Notification) error { sent = append(sent, n); return nil }
	t.Cleanup(func() { notifySend = notify.Send })

	dir := t.TempDir()
	db, in := filepath.Join(dir, "j.db"), filepath.Join(dir, "in.json")
	if err := os.WriteFile(in, []byte(levelJournal), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := hs(t, db, "", "import", in); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	// 10 × (88.20 − 100) = −118 of a 150 budget: 78.7 %, past the 50 % threshold (not 80 %);
	// and 88.20 is below the level of 90.
	out, errs, code := hs(t, db, "", "check", "--notify", "--json")
	if code != exitFired {
		t.Fatalf("check: code %d, %s %s", code, out, errs)
	}
	var v struct {
		Checked int `json:"checked"`
		Fired   []struct {
			Key, Text string
		} `json:"fired"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("check --json: %v\n%s", err, out)
	}
	if v.Checked != 1 || len(v.Fired) != 2 || v.Fired[0].Key != "budget:0.5" || v.Fired[1].Key != "level:NVDA:below:90" {
		t.Fatalf("fired: %+v", v)
	}
	if !strings.Contains(v.Fired[1].Text, "You wrote: 'Two or more hyperscalers cut their AI capex guidance, or NVDA closes below USD 90'") ||
		!strings.Contains(v.Fired[1].Text, "88.2") {
		t.Errorf("level alert text: %q", v.Fired[1].Text)
	}
	if len(sent) != 2 || sent[1].Body != v.Fired[1].Text || sent[1].AppName != "Hindsight" {
		t.Errorf("notifications: %+v", sent)
	}

	// Nothing new the second time: once per crossing.
	out, _, code = hs(t, db, "", "check", "--notify")
	if code != 0 || !strings.Contains(out, "nothing new") || len(sent) != 2 {
		t.Fatalf("second check: code %d, %s, %d notifications", code, out, len(sent))
	}
	// The alerts are kept; dismissing one hides it from the list.
	out, _, _ = hs(t, db, "", "alerts", "list")
	if strings.Count(out, "nvda:") != 2 {
		t.Fatalf("alerts list:\n%s", out)
	}
	if _, errs, code := hs(t, db, "", "alerts", "dismiss", "nvda:budget:0.5:2026-11-29"); code != 0 {
		t.Fatalf("dismiss: %d %s", code, errs)
	}
	out, _, _ = hs(t, db, "", "alerts", "list")
	if strings.Contains(out, "budget:0.5") || !strings.Contains(out, "level:NVDA") {
		t.Fatalf("alerts list after dismissing:\n%s", out)
	}
	// In Korean, from the environment.
	t.Setenv("LANG", "ko_KR.UTF-8")
	out, _, _ = hs(t, db, "", "alerts", "list")
	if !strings.Contains(out, "NVDA") || !strings.ContainsRune(out, '요') {
		t.Fatalf("Korean alerts list:\n%s", out)
	}
}

func TestSettingsAlertThresholds(t *testing.T) {
	db := filepath.Join(t.TempDir(), "j.db")
	out, errs, code := hs(t, db, "", "settings", "--alert-thresholds", "25%, 75%")
	if code != 0 || !strings.Contains(out, "alert thresholds:  25%, 75%") {
		t.Fatalf("settings: %d %s %s", code, out, errs)
	}
	// Thresholds must increase: the journal refuses them, naming the field.
	if _, errs, code = hs(t, db, "", "settings", "--alert-thresholds", "0.8,0.5"); code != 1 || !strings.Contains(errs, "alert_thresholds") {
		t.Fatalf("decreasing thresholds: %d %s", code, errs)
	}
	if out, _, _ = hs(t, db, "", "settings", "--alert-thresholds", "default"); !strings.Contains(out, "alert thresholds:  50%, 80%, 100%") {
		t.Fatalf("default thresholds: %s", out)
	}
}
