// Command pecheck checks the subsystem of Windows executables from their PE headers:
//
//	go run ./scripts/pecheck hindsight.exe=gui hindsight-cli.exe=console
//
// A GUI-subsystem program (go build -ldflags -H=windowsgui) gets no console when it is
// started; a console one gets one and is waited for by cmd and PowerShell. It exits 1
// when a file is not a 64-bit x86 executable of the subsystem named.
package main

import (
	"debug/pe"
	"fmt"
	"os"
	"strings"
)

// The PE subsystems Hindsight's executables are built for.
const (
	subsystemGUI     = pe.IMAGE_SUBSYSTEM_WINDOWS_GUI // 2
	subsystemConsole = pe.IMAGE_SUBSYSTEM_WINDOWS_CUI // 3
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: pecheck FILE=gui|console...")
		os.Exit(2)
	}
	failed := false
	for _, arg := range os.Args[1:] {
		if err := checkArg(arg); err != nil {
			fmt.Fprintf(os.Stderr, "pecheck: %v\n", err)
			failed = true
			continue
		}
		fmt.Printf("%s: ok\n", arg)
	}
	if failed {
		os.Exit(1)
	}
}

// checkArg checks one FILE=gui|console argument.
func checkArg(arg string) error {
	i := strings.LastIndex(arg, "=")
	ok := i >= 0
	path, kind := arg, ""
	if ok {
		path, kind = arg[:i], arg[i+1:]
	}
	var want uint16
	switch {
	case ok && kind == "gui":
		want = subsystemGUI
	case ok && kind == "console":
		want = subsystemConsole
	default:
		return fmt.Errorf("%s: want FILE=gui or FILE=console", arg)
	}
	got, err := subsystem(path)
	if err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("%s: subsystem %d (%s), want %d (%s)", path, got, name(got), want, kind)
	}
	return nil
}

// subsystem returns the Subsystem field of the optional header of the 64-bit x86 PE
// executable at path.
func subsystem(path string) (uint16, error) {
	f, err := pe.Open(path)
	if err != nil {
		return 0, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		return 0, fmt.Errorf("%s: machine %#x, not x86-64", path, f.Machine)
	}
	if f.Characteristics&pe.IMAGE_FILE_EXECUTABLE_IMAGE == 0 {
		return 0, fmt.Errorf("%s: not an executable image", path)
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok {
		return 0, fmt.Errorf("%s: not a PE32+ executable", path)
	}
	return oh.Subsystem, nil
}

func name(s uint16) string {
	switch s {
	case subsystemGUI:
		return "gui"
	case subsystemConsole:
		return "console"
	}
	return "other"
}
