package langenv_test

import (
	"os"
	"testing"

	"hindsight/internal/langenv"
)

func TestCVariable(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		key  string
		ok   bool
	}{
		{"unset", nil, "", false},
		{"C", map[string]string{"LANG": "C"}, "", false},
		{"POSIX", map[string]string{"LANG": "POSIX"}, "", false},
		{"C.UTF-8", map[string]string{"LANG": "C.UTF-8"}, "LANG", true},
		{"C.utf8", map[string]string{"LANG": "C.utf8"}, "LANG", true},
		{"POSIX modifier", map[string]string{"LANG": "POSIX@euro"}, "LANG", true},
		{"LC_ALL wins", map[string]string{"LC_ALL": "C.UTF-8", "LANG": "en_US.UTF-8"}, "LC_ALL", true},
		{"LC_ALL names a language", map[string]string{"LC_ALL": "ko_KR.UTF-8", "LANG": "C.UTF-8"}, "", false},
		{"LC_MESSAGES before LANG", map[string]string{"LC_MESSAGES": "C.UTF-8", "LANG": "ko_KR.UTF-8"}, "LC_MESSAGES", true},
		{"language", map[string]string{"LANG": "en_US.UTF-8"}, "", false},
		{"Catalan is not C", map[string]string{"LANG": "ca_ES.UTF-8"}, "", false},
		{"LANGUAGE names the languages", map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "ko"}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, ok := langenv.CVariable(func(k string) string { return tt.env[k] })
			if key != tt.key || ok != tt.ok {
				t.Errorf("CVariable = %q, %v; want %q, %v", key, ok, tt.key, tt.ok)
			}
		})
	}
}

func TestReplaceAndUndo(t *testing.T) {
	env := map[string]string{"LC_ALL": "C.UTF-8", "LANG": "ko_KR.UTF-8"}
	get := func(k string) string { return env[k] }
	set := func(k, v string) error { env[k] = v; return nil }

	undo := langenv.Replace(get, set)
	if env["LC_ALL"] != "C" || env["LANG"] != "ko_KR.UTF-8" {
		t.Fatalf("after Replace: %v", env)
	}
	undo()
	if env["LC_ALL"] != "C.UTF-8" || env["LANG"] != "ko_KR.UTF-8" {
		t.Fatalf("after undo: %v", env)
	}

	env = map[string]string{"LANG": "en_US.UTF-8"}
	langenv.Replace(get, set)()
	if len(env) != 1 || env["LANG"] != "en_US.UTF-8" {
		t.Fatalf("a language was changed: %v", env)
	}
}

func TestWithCLocale(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "C.UTF-8")
	var inside string
	langenv.WithCLocale(func() { inside = os.Getenv("LANG") })
	if inside != "C" || os.Getenv("LANG") != "C.UTF-8" {
		t.Fatalf("LANG inside %q, after %q; want C, C.UTF-8", inside, os.Getenv("LANG"))
	}
}
