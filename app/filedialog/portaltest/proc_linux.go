package portaltest

import (
	"os/exec"
	"syscall"
)

// dieWithParent asks the kernel to kill the daemon if the test process dies
// without running its cleanups, for example on a test timeout.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
