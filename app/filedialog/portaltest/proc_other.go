//go:build !linux

package portaltest

import "os/exec"

// dieWithParent does nothing here; the daemon is stopped by the test's
// cleanup only.
func dieWithParent(*exec.Cmd) {}
