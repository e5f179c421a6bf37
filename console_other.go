//go:build !windows

package main

// attachParentConsole does nothing outside Windows: standard streams are always there.
func attachParentConsole() {}

// releaseOwnConsole does nothing outside Windows: no console is made for the program.
func releaseOwnConsole() {}
