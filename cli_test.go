package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hindsight/internal/langenv"
	"hindsight/journal"
)

func TestMain(m *testing.M) {
	// Started by asMain: be the hindsight program (package initialization included).
	if os.Getenv(envAsMain) == "1" {
		main()
	}
	langenv.Restore()
	// The demo journal's figures depend on the day; pin it.
	clock = func() time.Time { return time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC) }
	// No test reaches the real Yahoo: a closed local port stands for a network that is down.
	os.Setenv("HINDSIGHT_YAHOO_URL", "http://127.0.0.1:1")
	os.Exit(m.Run())
}

// hs runs the command line in-process against db and returns stdout, stderr and the exit code.
func hs(t *testing.T, db string, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	all := append([]string{"--db", db}, args...)
	code := run(all, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func TestCLIDemoListReview(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	out, errs, code := hs(t, db, "", "demo")
	if code != 0 || strings.TrimSpace(out) != db {
		t.Fatalf("demo: code %d, out %q, err %q", code, out, errs)
	}
	// Writing the demo again changes nothing.
	if _, errs, _ = hs(t, db, "", "demo"); !strings.Contains(errs, "0 added, 0 updated") {
		t.Fatalf("second demo: %q", errs)
	}

	out, _, code = hs(t, db, "", "list", "--json")
	var list struct {
		Theses []journal.Thesis `json:"theses"`
	}
	err := json.Unmarshal([]byte(out), &list)
	theses := list.Theses
	if code != 0 || err != nil || len(theses) < 5 {
		t.Fatalf("list --json: code %d, %d theses, out %.200q", code, len(theses), out)
	}
	for i := 1; i < len(theses); i++ {
		if theses[i].CreatedAt.After(theses[i-1].CreatedAt) {
			t.Fatalf("list not newest first at %d", i)
		}
	}

	out, _, code = hs(t, db, "", "list", "--search", "딥시크")
	if code != 0 || !strings.Contains(out, "demo-deepseek") || strings.Contains(out, "demo-oil") {
		t.Fatalf("search 딥시크: code %d\n%s", code, out)
	}
	out, _, _ = hs(t, db, "", "list", "--search", "DEEPSEEK", "--status", "open")
	if !strings.Contains(out, "demo-deepseek") {
		t.Fatalf("search DEEPSEEK: %s", out)
	}
	out, _, _ = hs(t, db, "", "list", "--due")
	if !strings.Contains(out, "demo-yen") || strings.Contains(out, "demo-oil") {
		t.Fatalf("--due: %s", out)
	}

	out, errs, code = hs(t, db, "", "review", "demo-deepseek", "--offline")
	if code != 0 {
		t.Fatalf("review: code %d: %s", code, errs)
	}
	for _, want := range []string{"딥시크 쇼크가 AI 수요를 키운다", "Loss budget used:", "Worst drawdown:", "Budget breached:", "Versus ^KS11", "prices cached/offline", "NVDA"} {
		if !strings.Contains(out, want) {
			t.Errorf("review output lacks %q:\n%s", want, out)
		}
	}

	out, _, code = hs(t, db, "", "review", "--json", "demo-oil")
	var r struct {
		Outcome struct {
			Drawdown *struct {
				BreachedOn *journal.Date `json:"breached_on"`
			} `json:"drawdown"`
		} `json:"outcome"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &r) != nil {
		t.Fatalf("review --json: %d %.300s", code, out)
	}
	if r.Outcome.Drawdown == nil || r.Outcome.Drawdown.BreachedOn == nil {
		t.Fatalf("the oil short ran through its budget; want a breach date, got %+v", r.Outcome.Drawdown)
	}

	out, _, code = hs(t, db, "", "summary")
	if code != 0 || !strings.Contains(out, "Brier score") || !strings.Contains(out, "Total loss budget:") {
		t.Fatalf("summary: %d\n%s", code, out)
	}
}

func TestCLIExportImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	out, errs, code := hs(t, filepath.Join(dir, "src.db"), "", "demo")
	if code != 0 {
		t.Fatal(errs)
	}
	src := strings.TrimSpace(out)
	file := filepath.Join(dir, "export.json")
	if _, errs, code := hs(t, src, "", "export", "--format", "json", "-o", file); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	first, _ := os.ReadFile(file)

	dst := filepath.Join(dir, "dst.db")
	out, errs, code = hs(t, dst, "", "import", file)
	if code != 0 || !strings.Contains(out, "6 added, 0 updated") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	again, _, _ := hs(t, dst, "", "export", "--format", "json")
	// exported_at differs; the theses must be byte-identical.
	cut := func(s string) string { return s[strings.Index(s, `"theses"`):] }
	if cut(string(first)) != cut(again) {
		t.Fatal("export → import → export changed the theses")
	}
	out, _, _ = hs(t, dst, "", "import", file)
	if !strings.Contains(out, "0 added, 0 updated, 6 unchanged") {
		t.Fatalf("re-import: %q", out)
	}

	csv, _, code := hs(t, src, "", "export", "--format", "csv", "--id", "demo-deepseek")
	if code != 0 || !strings.Contains(csv, "NVDA") || !strings.Contains(csv, "005930.KS") || strings.Contains(csv, "XOM") {
		t.Fatalf("csv export: %d\n%s", code, csv)
	}
}

func TestCLIErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"list", "--status", "maybe"}, 2, "--status must be one of"},
		{[]string{"list", "--bogus"}, 2, "flag provided but not defined"},
		{[]string{"review"}, 2, "review needs exactly one thesis ID"},
		{[]string{"export", "--format", "xml"}, 2, "--format must be json or csv"},
		{[]string{"review", "nope"}, 1, "thesis nope not found"},
		{[]string{"import", filepath.Join(dir, "missing.json")}, 1, "no such file"},
		{[]string{"settings", "--base", "WON"}, 1, `unknown currency "WON"`},
	}
	for _, c := range cases {
		_, errs, code := hs(t, db, "", c.args...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: code %d, stderr %q; want %d and %q", c.args, code, errs, c.code, c.msg)
		}
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"format":"hindsight-journal","version":1,"theses":[{"id":"x","title":"t","created_at":"2025-01-01T00:00:00Z","conviction":170}]}`), 0o600)
	_, errs, code := hs(t, db, "", "import", bad)
	if code != 1 || !strings.Contains(errs, "$.theses[0].conviction") {
		t.Errorf("bad import: %d %q", code, errs)
	}
	out, _, _ := hs(t, db, "", "list")
	if !strings.Contains(out, "no theses") {
		t.Errorf("a refused import wrote something: %q", out)
	}
	for _, cmd := range []string{"list", "review", "export", "import", "demo", "backup", "restore"} {
		out, _, code := hs(t, db, "", cmd, "--help")
		if code != 0 || !strings.Contains(out, "Usage: hindsight "+cmd) {
			t.Errorf("%s --help: %d %q", cmd, code, out)
		}
	}
}

func TestCLISettingsAndBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	out, errs, code := hs(t, db, "", "settings", "--base", "krw", "--total-budget", "10,000,000")
	if code != 0 || !strings.Contains(out, "₩10,000,000") || !strings.Contains(out, "^KS11") {
		t.Fatalf("settings: %d %q %q", code, out, errs)
	}
	// The journal has no backup yet today: one call writes one file.
	out, errs, code = hs(t, db, "", "backup")
	if code != 0 || !strings.Contains(out, "backup written and verified") {
		t.Fatalf("backup: %d %q %q", code, out, errs)
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "backups")); countSuffix(ents, ".db.gz") != 1 {
		t.Fatalf("one backup call wrote %d backups", countSuffix(ents, ".db.gz"))
	}
	hs(t, db, "", "backup")
	if ents, _ := os.ReadDir(filepath.Join(dir, "backups")); countSuffix(ents, ".db.gz") != 2 {
		t.Fatalf("two backup calls wrote %d backups", countSuffix(ents, ".db.gz"))
	}
	out, _, _ = hs(t, db, "", "backups")
	if !strings.Contains(out, filepath.Join(dir, "backups")) {
		t.Fatalf("backups: %q", out)
	}
}

func TestCLIVersion(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"--version"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("--version: %d", code)
	}
	if version == "" || version == "dev" || !strings.HasPrefix(out.String(), "hindsight "+version+" (") {
		t.Fatalf("--version printed %q; version from FyneApp.toml is %q", out.String(), version)
	}
	if !strings.Contains(fyneAppToml, `Version = "`+version+`"`) {
		t.Fatalf("version %q is not the one in FyneApp.toml", version)
	}
}

func TestGUIWithoutDisplay(t *testing.T) {
	// Without a graphical session the app says so and points at the commands, instead
	// of the window system library panicking.
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("always has a display")
	}
	db := filepath.Join(t.TempDir(), "j.db")
	_, stderr, code := hs(t, db, "")
	if code != exitRuntime || !strings.Contains(stderr, "no display") || !strings.Contains(stderr, "hindsight --help") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatalf("the journal was touched without a window: %v", err)
	}
	for _, c := range []struct {
		goos, display, wayland string
		blocked                bool
	}{
		{"linux", "", "", true}, {"linux", ":0", "", false}, {"linux", "", "wayland-0", false},
		{"freebsd", "", "", true}, {"windows", "", "", false}, {"darwin", "", "", false},
	} {
		env := map[string]string{"DISPLAY": c.display, "WAYLAND_DISPLAY": c.wayland}
		if got := noDisplay(c.goos, func(k string) string { return env[k] }) != ""; got != c.blocked {
			t.Errorf("%+v: blocked=%v", c, got)
		}
	}
}

func countSuffix(ents []os.DirEntry, suffix string) int {
	n := 0
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), suffix) {
			n++
		}
	}
	return n
}

// A thesis whose stored bytes changed is refused by name; list shows the
// others and names it; both point at the newest backup.
func TestCLIDamagedRecord(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	in := filepath.Join(dir, "in.json")
	os.WriteFile(in, []byte(`{"format":"hindsight-journal","version":1,"theses":[`+
		`{"id":"alpha","title":"first thesis","body":"plain body text","created_at":"2026-01-05T00:00:00Z","conviction":50},`+
		`{"id":"bravo","title":"second thesis","body":"plain body text","created_at":"2026-01-06T00:00:00Z","conviction":50},`+
		`{"id":"charlie","title":"third thesis","body":"plain body text","created_at":"2026-01-07T00:00:00Z","conviction":50}]}`), 0o600)
	if _, errs, code := hs(t, db, "", "import", in); code != 0 {
		t.Fatalf("import: %d %q", code, errs)
	}
	out, errs, code := hs(t, db, "", "backup")
	if code != 0 {
		t.Fatalf("backup: %d %q", code, errs)
	}
	backup := strings.TrimSpace(strings.TrimPrefix(out, "backup written and verified: "))

	bdb, err := bolt.Open(db, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("theses"))
		v := bytes.Replace(b.Get([]byte("bravo")), []byte("body text"), []byte("cody text"), 1)
		return b.Put([]byte("bravo"), v)
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}

	out, errs, code = hs(t, db, "", "show", "bravo")
	if code == 0 || strings.Contains(out, "cody") || !strings.Contains(errs, "thesis bravo") ||
		!strings.Contains(errs, db) || !strings.Contains(errs, "newest good backup: "+backup) {
		t.Fatalf("show: %d %q %q", code, out, errs)
	}
	out, errs, code = hs(t, db, "", "list")
	if code == 0 || !strings.Contains(out, "alpha") || !strings.Contains(out, "charlie") || strings.Contains(out, "bravo") ||
		!strings.Contains(errs, "thesis bravo") || !strings.Contains(errs, "newest good backup: "+backup) {
		t.Fatalf("list: %d %q %q", code, out, errs)
	}
	if _, _, code := hs(t, db, "", "show", "alpha"); code != 0 {
		t.Fatalf("show of a sound thesis: %d", code)
	}
}
