package filedialog

import (
	"os/exec"
	"syscall"
)

// dieWithParent asks the kernel to kill a helper process the test started
// if the test process dies without running its cleanups.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
