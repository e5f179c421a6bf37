package main

import "strings"

// How Hindsight meets the Windows console (nothing here matters elsewhere):
//
//   - hindsight.exe is a GUI-subsystem program: double-clicked, it opens the window and no
//     console appears. Typed in cmd or PowerShell with a command, it attaches to the console
//     it was started from so that its output is not lost; the shell does not wait for a GUI
//     program, so the prompt comes back before the output.
//   - hindsight-cli.exe is the same program built for the console subsystem: the shell waits
//     for it, sees its exit code, and pipes and redirects work. Started with no command it
//     opens the window; when the console was made for it alone (double-clicked), it lets go
//     of the console so that the console window closes.

// fileType is what GetFileType says a standard handle is.
type fileType uint32

// The file types of a standard handle (FILE_TYPE_*); fileUnknown is also what a missing
// handle gives, as a GUI program started without redirection has.
const (
	fileUnknown fileType = 0x0000
	fileDisk    fileType = 0x0001
	fileChar    fileType = 0x0002
	filePipe    fileType = 0x0003
)

// needsConsole reports whether a standard output stream with a handle of type t has
// nowhere to write: no handle, or one that is not a file, a pipe or a console. Such a
// stream is pointed at the parent's console; a redirected one (hindsight.exe list >
// out.txt, or | more) is left as it is.
func needsConsole(t fileType) bool {
	switch t {
	case fileDisk, fileChar, filePipe:
		return false
	}
	return true
}

// opensWindow reports whether the command line args (without the program name) open the
// desktop app rather than run a command: they hold nothing but --db options, as run reads
// them.
func opensWindow(args []string) bool {
	for len(args) > 0 {
		a := args[0]
		switch {
		case a == "--db" || a == "-db":
			if len(args) < 2 {
				return false
			}
			args = args[2:]
		case strings.HasPrefix(a, "--db=") || strings.HasPrefix(a, "-db="):
			args = args[1:]
		default:
			return false
		}
	}
	return true
}

// ownsConsole reports whether a console shared by n processes was made for this one alone
// (the program was double-clicked, not typed in a shell whose console it shares).
func ownsConsole(n uint32) bool { return n == 1 }
