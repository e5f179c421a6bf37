//go:build !linux

package filedialog

import "os/exec"

// dieWithParent does nothing here; helper processes are stopped by the
// test's cleanup only.
func dieWithParent(*exec.Cmd) {}
