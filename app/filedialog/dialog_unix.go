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
//
// A program started under a locale the C library does not have (LANG names a
// locale that was never generated) falls back to ASCII and refuses every
// argument that is not, so a Korean title makes it fail at once; it is then
// run again under C.UTF-8.
func runHelper(ctx context.Context, name, exe string, r request) (string, error) {
	var args []string
	if name == BackendZenity {
		args = zenityArgs(r)
	} else {
		home, _ := os.UserHomeDir()
		args = kdialogArgs(r, home)
	}
	stdout, stderr, err := runOnce(ctx, exe, args, nil)
	if err != nil && ctx.Err() == nil && lostLocale(err, stderr) {
		stdout, stderr, err = runOnce(ctx, exe, args, utf8Env(os.Environ()))
	}
	if ctx.Err() != nil {
		return "", fmt.Errorf("%s: %w", name, ctx.Err())
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.ExitCode() == 1 && !displayFailed(stderr):
		return "", nil
	default:
		msg := strings.TrimSpace(stderr)
		if msg == "" {
			return "", fmt.Errorf("%s: %w", name, err)
		}
		return "", fmt.Errorf("%s: %w: %s", name, err, msg)
	}
	path := strings.TrimRight(stdout, "\r\n")
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

// runOnce runs exe with args (and env, when not nil) and returns what it
// printed.
func runOnce(ctx context.Context, exe string, args, env []string) (stdout, stderr string, err error) {
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.WaitDelay = time.Second
	cmd.Env = env
	var out, errOut bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// lostLocale reports whether a helper failed because the C library does not
// have the locale it was started under.
func lostLocale(err error, stderr string) bool {
	var exit *exec.ExitError
	return errors.As(err, &exit) && exit.ExitCode() != 1 && strings.Contains(stderr, "Locale not supported")
}

// utf8Env returns env with the locale set to C.UTF-8, which every current C
// library has, in place of the missing one.
func utf8Env(env []string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if strings.HasPrefix(kv, "LC_ALL=") {
			continue
		}
		out = append(out, kv)
	}
	return append(out, "LC_ALL=C.UTF-8")
}
