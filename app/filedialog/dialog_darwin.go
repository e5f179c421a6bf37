//go:build darwin

package filedialog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// pick shows the dialog for r by running AppleScript through osascript.
func pick(ctx context.Context, r request) (string, error) {
	if mode := override(); mode != "" && mode != BackendMacOS {
		return "", unavailable(mode)
	}
	exe, err := exec.LookPath("osascript")
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	// "activate" first brings the dialog in front of Hindsight's window, which has the
	// focus when a person asks for a file.
	cmd := exec.CommandContext(ctx, exe, "-e", "activate", "-e", osascriptScript(r))
	cmd.WaitDelay = time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	err = cmd.Run()
	if ctx.Err() != nil {
		return "", fmt.Errorf("osascript: %w", ctx.Err())
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.ExitCode() == 1 && strings.Contains(stderr.String(), "-128"):
		// Error -128 is "User canceled".
		return "", nil
	default:
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			return "", fmt.Errorf("osascript: %w", err)
		}
		return "", fmt.Errorf("osascript: %w: %s", err, msg)
	}
	return strings.TrimRight(stdout.String(), "\r\n"), nil
}

// backend reports "macos" unless HINDSIGHT_FILE_DIALOG names another
// mechanism or osascript is missing.
func backend(context.Context) string {
	if mode := override(); mode != "" && mode != BackendMacOS {
		return ""
	}
	if _, err := exec.LookPath("osascript"); err != nil {
		return ""
	}
	return BackendMacOS
}
