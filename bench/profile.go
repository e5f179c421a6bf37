package main

import (
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile to path until the returned function is called.
func startProfile(path string) func() {
	f, err := os.Create(path)
	if err != nil {
		fail(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fail(err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
