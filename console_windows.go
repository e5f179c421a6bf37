package main

import (
	"log"
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	kernel32                  = windows.NewLazySystemDLL("kernel32.dll")
	procAttachConsole         = kernel32.NewProc("AttachConsole")
	procFreeConsole           = kernel32.NewProc("FreeConsole")
	procGetConsoleProcessList = kernel32.NewProc("GetConsoleProcessList")
)

// attachParentProcess is AttachConsole's ATTACH_PARENT_PROCESS ((DWORD)-1).
const attachParentProcess = ^uintptr(0)

// attachParentConsole points stdout and stderr at the console of the process that started
// this one (cmd, PowerShell) when they have nowhere else to write, as a GUI-subsystem
// program typed in a shell has. Streams redirected to a file or a pipe are left alone. It
// does nothing when there is no parent console (double-clicked) or the program already
// has one (hindsight-cli.exe).
func attachParentConsole() {
	outType, errType := stdType(windows.STD_OUTPUT_HANDLE), stdType(windows.STD_ERROR_HANDLE)
	toOut, toErr := needsConsole(outType), needsConsole(errType)
	if !toOut && !toErr {
		return
	}
	if r, _, _ := procAttachConsole.Call(attachParentProcess); r == 0 {
		return
	}
	// Read access too: without it GetConsoleMode fails, and Go would write UTF-8 bytes
	// to the console instead of text (Hangul would come out garbled).
	con, err := os.OpenFile("CONOUT$", os.O_RDWR, 0)
	if err != nil {
		return
	}
	h := windows.Handle(con.Fd())
	if toOut {
		_ = windows.SetStdHandle(windows.STD_OUTPUT_HANDLE, h)
		os.Stdout = con
	}
	if toErr {
		_ = windows.SetStdHandle(windows.STD_ERROR_HANDLE, h)
		os.Stderr = con
		log.SetOutput(con)
	}
}

// stdType returns the file type of a standard handle; fileUnknown when there is none.
func stdType(std uint32) fileType {
	h, err := windows.GetStdHandle(std)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return fileUnknown
	}
	t, err := windows.GetFileType(h)
	if err != nil {
		return fileUnknown
	}
	return fileType(t)
}

// releaseOwnConsole lets go of the console when it was made for this process alone
// (hindsight-cli.exe double-clicked), so that its window closes while the app's window
// is open. A console shared with the shell the program was typed in is kept.
func releaseOwnConsole() {
	var pids [2]uint32
	n, _, _ := procGetConsoleProcessList.Call(uintptr(unsafe.Pointer(&pids[0])), uintptr(len(pids)))
	if ownsConsole(uint32(n)) {
		_, _, _ = procFreeConsole.Call()
	}
}
