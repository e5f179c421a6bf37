// Package workflows checks the GitHub Actions workflows in .github/workflows/ with
// actionlint (github.com/rhysd/actionlint): syntax, expressions, job needs, action inputs
// of well-known actions, runner labels. Its shellcheck and pyflakes integrations are off,
// so the test needs nothing besides Go.
package workflows

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
)

// lint runs actionlint over the given workflow files and returns its findings and report.
func lint(t *testing.T, files []string) ([]*actionlint.Error, string) {
	t.Helper()
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, &actionlint.LinterOptions{
		Shellcheck: "", // empty: the shellcheck integration is off
		Pyflakes:   "", // empty: the pyflakes integration is off
	})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.LintFiles(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	return errs, out.String()
}

func workflowFiles(t *testing.T) []string {
	t.Helper()
	dir := filepath.Join("..", "..", ".github", "workflows")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && (strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml")) {
			files = append(files, filepath.Join(dir, n))
		}
	}
	return files
}

// TestWorkflows lints every workflow and fails on any finding.
func TestWorkflows(t *testing.T) {
	files := workflowFiles(t)
	for _, want := range []string{"ci.yml", "release.yml"} {
		found := false
		for _, f := range files {
			found = found || filepath.Base(f) == want
		}
		if !found {
			t.Errorf("no .github/workflows/%s", want)
		}
	}
	errs, report := lint(t, files)
	for _, e := range errs {
		t.Errorf("%s:%d:%d: %s [%s]", e.Filepath, e.Line, e.Column, e.Message, e.Kind)
	}
	if len(errs) > 0 {
		t.Log(report)
	}
}

// TestLintCatchesBrokenWorkflow makes sure the check above can fail: a workflow with a
// broken expression and an unknown property must give findings.
func TestLintCatchesBrokenWorkflow(t *testing.T) {
	bad := `name: broken
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.head_commit.message }"
      - uses: actions/setup-go@v5
        with:
          go-versio: stable
`
	path := filepath.Join(t.TempDir(), "broken.yml")
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	errs, _ := lint(t, []string{path})
	var kinds []string
	for _, e := range errs {
		kinds = append(kinds, e.Kind)
	}
	t.Logf("findings: %v", kinds)
	has := func(k string) bool {
		for _, x := range kinds {
			if x == k {
				return true
			}
		}
		return false
	}
	if !has("expression") {
		t.Errorf("the unterminated expression was not reported (findings: %v)", kinds)
	}
	if !has("action") {
		t.Errorf("the unknown input of actions/setup-go was not reported (findings: %v)", kinds)
	}
}
