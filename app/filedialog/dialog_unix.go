//go:build !windows && !darwin

package filedialog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// probeTimeout bounds the automatic check for the portal, so choosing a
// mechanism never takes long.
const probeTimeout = time.Second

// pick shows the dialog for r with the mechanism HINDSIGHT_FILE_DIALOG
// forces, or the first available of portal, zenity and kdialog.
func pick(ctx context.Context, r request) (string, error) {
	switch mode := override(); mode {
	case "":
		return pickAuto(ctx, r)
	case BackendPortal:
		c, err := dialPortal(ctx, probeTimeout)
		if err != nil {
			return "", fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		defer c.close()
		return c.pick(ctx, r)
	case BackendZenity, BackendKDialog:
		exe, err := exec.LookPath(mode)
		if err != nil {
			return "", fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		return runHelper(ctx, mode, exe, r)
	default:
		return "", unavailable(mode)
	}
}

// pickAuto tries the portal, then zenity, then kdialog.
func pickAuto(ctx context.Context, r request) (string, error) {
	c, err := dialPortal(ctx, probeTimeout)
	if err == nil {
		defer c.close()
		return c.pick(ctx, r)
	}
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if name, exe := findHelper(); exe != "" {
		return runHelper(ctx, name, exe, r)
	}
	return "", fmt.Errorf("%w: no portal (%v), and no zenity or kdialog on a display", ErrUnavailable, err)
}

// backend reports the mechanism pick would use now.
func backend(ctx context.Context) string {
	switch mode := override(); mode {
	case "":
		if c, err := dialPortal(ctx, probeTimeout); err == nil {
			c.close()
			return BackendPortal
		}
		name, _ := findHelper()
		return name
	case BackendPortal:
		if c, err := dialPortal(ctx, probeTimeout); err == nil {
			c.close()
			return BackendPortal
		}
		return ""
	case BackendZenity, BackendKDialog:
		if _, err := exec.LookPath(mode); err == nil {
			return mode
		}
		return ""
	default:
		return ""
	}
}

// findHelper returns the name and path of the first of zenity and kdialog
// found on PATH, or "" when there is no display to show them on.
func findHelper() (name, exe string) {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return "", ""
	}
	for _, n := range []string{BackendZenity, BackendKDialog} {
		if p, err := exec.LookPath(n); err == nil {
			return n, p
		}
	}
	return "", ""
}

// runHelper runs zenity or kdialog (name, at exe) for r. Exit status 0
// yields the path printed on standard output, 1 a cancel, anything else an
// error carrying the program's standard error.
func runHelper(ctx context.Context, name, exe string, r request) (string, error) {
	var args []string
	if name == BackendZenity {
		args = zenityArgs(r)
	} else {
		home, _ := os.UserHomeDir()
		args = kdialogArgs(r, home)
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.WaitDelay = time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return "", fmt.Errorf("%s: %w", name, ctx.Err())
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.ExitCode() == 1 && !displayFailed(stderr.String()):
		return "", nil
	default:
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			return "", fmt.Errorf("%s: %w", name, err)
		}
		return "", fmt.Errorf("%s: %w: %s", name, err, msg)
	}
	path := strings.TrimRight(stdout.String(), "\r\n")
	if i := strings.IndexByte(path, '\n'); i >= 0 {
		// Only one file is ever requested; keep the first line.
		path = path[:i]
	}
	return path, nil
}

// displayFailed reports whether a helper's standard error says it could not
// reach the display. zenity then exits with status 1 just as for a cancel,
// which must not be mistaken for the person's choice.
func displayFailed(stderr string) bool {
	s := strings.ToLower(stderr)
	return strings.Contains(s, "cannot open display") || strings.Contains(s, "could not connect to display")
}
