// Command hindsight is an investment journal: write a thesis before acting on it, attach
// the prices of the moment, and later review how it played out against the loss you said
// you could afford. With no arguments it opens the desktop app; with a command it runs
// that command on the journal (see `hindsight --help`).
package main

import (
	"os"

	"hindsight/internal/langenv"
)

func main() {
	langenv.Restore()
	args := os.Args[1:]
	if opensWindow(args) {
		releaseOwnConsole()
	} else {
		attachParentConsole()
	}
	os.Exit(run(args, os.Stdin, os.Stdout, os.Stderr))
}
