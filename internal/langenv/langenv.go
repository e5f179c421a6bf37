// Package langenv keeps the UI toolkit from logging a locale error when the program is
// started under the C locale written with an encoding (LANG=C.UTF-8, LC_ALL=C.utf8).
//
// Fyne's lang package reads the user's language from LC_ALL, LC_MESSAGES or LANG while
// the program's packages are initialized, before main runs. It understands "C" and
// "POSIX", but takes "C.UTF-8" for a language named "C" and logs "Error parsing user
// locale C" on stderr, in every command of the command line. Importing this package from
// package main changes that variable to "C" (the same language: none) while the
// packages are initialized; main calls Restore first thing, so that the program and the
// programs it starts see the environment it was given.
//
// The package imports nothing but os. Go initializes, at each step, the first package
// in import-path order whose imports are all initialized; "hindsight/internal/langenv"
// sorts before "log", which Fyne imports and which itself needs os, so this package is
// always initialized before any Fyne package.
package langenv

import "os"

// undo puts back what init changed.
var undo = Replace(os.Getenv, os.Setenv)

// Restore puts back the locale variable changed while the program's packages were
// initialized. Calling it again does nothing.
func Restore() {
	undo()
	undo = func() {}
}

// WithCLocale runs fn with the locale variable set to "C" when it holds the C locale with
// an encoding, as during initialization, so that Fyne's language look-ups in fn stay
// quiet. It changes the process environment while fn runs: call it only where no other
// program is being started at the same time.
func WithCLocale(fn func()) {
	defer Replace(os.Getenv, os.Setenv)()
	fn()
}

// Replace sets the variable Fyne reads the language from to "C" when it holds the C
// locale with an encoding, and returns the function that puts the old value back (a
// function that does nothing when nothing was changed).
func Replace(getenv func(string) string, setenv func(key, value string) error) (undo func()) {
	key, ok := CVariable(getenv)
	if !ok {
		return func() {}
	}
	old := getenv(key)
	if setenv(key, "C") != nil {
		return func() {}
	}
	return func() { _ = setenv(key, old) }
}

// CVariable returns the variable the language is read from (the first of LC_ALL,
// LC_MESSAGES and LANG that is set) when it names the C or POSIX locale with an encoding
// or modifier ("C.UTF-8", "POSIX@x"), which Fyne would misread; ok is false otherwise,
// and when LANGUAGE is set (it then names the languages).
func CVariable(getenv func(string) string) (key string, ok bool) {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(k)
		if v == "" {
			continue
		}
		if v == "C" || v == "POSIX" || getenv("LANGUAGE") != "" {
			return "", false
		}
		base := v
		for i := 0; i < len(v); i++ {
			if v[i] == '.' || v[i] == '@' {
				base = v[:i]
				break
			}
		}
		if base == "C" || base == "POSIX" {
			return k, true
		}
		return "", false
	}
	return "", false
}
