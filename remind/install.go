package remind

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Installer carries plans out on this computer.
type Installer struct {
	// Run runs a command and returns its combined output; nil runs it with
	// os/exec. Tests record the commands instead.
	Run func(name string, args ...string) ([]byte, error)
}

func (in Installer) run(cmd []string) ([]byte, error) {
	if in.Run != nil {
		return in.Run(cmd[0], cmd[1:]...)
	}
	return exec.Command(cmd[0], cmd[1:]...).CombinedOutput()
}

// Apply carries p out: its Prepare commands (errors ignored), then its
// files written atomically (install) or removed (uninstall), then its
// Commands, stopping at the first that fails. Uninstalling removes a file
// only if it carries Marker, and refuses, naming it, one that does not.
func (in Installer) Apply(p Plan) error {
	if p.Remove {
		// Check every file before anything is stopped or removed.
		for _, f := range p.Files {
			b, err := os.ReadFile(f.Path)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return fmt.Errorf("%s: %w", f.Path, err)
			}
			if !IsOurs(b) {
				return fmt.Errorf("%s was not written by hindsight remind install (it lacks the line %q): left as it is", f.Path, Marker)
			}
		}
	}
	for _, c := range p.Prepare {
		_, _ = in.run(c)
	}
	for _, f := range p.Files {
		if p.Remove {
			if err := os.Remove(f.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("remove %s: %w", f.Path, err)
			}
			continue
		}
		if err := writeAtomic(f.Path, f.Content, f.Mode); err != nil {
			return err
		}
	}
	for _, c := range p.Commands {
		if out, err := in.run(c); err != nil {
			msg := strings.TrimSpace(string(out))
			if msg != "" {
				msg = ": " + msg
			}
			return fmt.Errorf("%s failed (%v)%s", strings.Join(c, " "), err, msg)
		}
	}
	return nil
}

// IsOurs reports whether content (UTF-8, or UTF-16 with a byte order mark)
// carries Marker.
func IsOurs(content []byte) bool {
	return bytes.Contains(FromUTF16(content), []byte(Marker))
}

// writeAtomic writes b to path through a temporary file in the same folder
// renamed over it, creating the folder when missing.
func writeAtomic(path string, b []byte, mode os.FileMode) error {
	if mode == 0 {
		mode = 0o644
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create folder %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(b); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done = true
	return nil
}

// State is what Status finds.
type State struct {
	// OS is the system looked at.
	OS string
	// Installed is true when the job's files are there (written by install).
	Installed bool
	// Files are the job's files that exist.
	Files []string
	// Missing are the job's files that do not exist.
	Missing []string
	// Foreign are files at the job's paths that install did not write.
	Foreign []string
	// Next is the next run as the system reports it; empty when it does not say.
	Next string
	// Detail is what the system says about the job (its state), if anything.
	Detail string
}

// Status looks for the job's files and asks the system (through Run) when
// the job runs next. A system that cannot be asked leaves Next empty and
// says why in Detail; it is not an error.
func (in Installer) Status(opts Options) (State, error) {
	r, err := resolve(opts, false)
	if err != nil {
		return State{}, err
	}
	st := State{OS: r.OS}
	for _, p := range r.paths() {
		b, err := os.ReadFile(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			st.Missing = append(st.Missing, p)
		case err != nil:
			return st, fmt.Errorf("%s: %w", p, err)
		case IsOurs(b):
			st.Files = append(st.Files, p)
		default:
			st.Foreign = append(st.Foreign, p)
		}
	}
	st.Installed = len(st.Files) > 0 && len(st.Missing) == 0 && len(st.Foreign) == 0
	if !st.Installed {
		return st, nil
	}
	switch r.OS {
	case "linux":
		out, err := in.run([]string{"systemctl", "--user", "show", UnitName + ".timer", "--property=ActiveState,NextElapseUSecRealtime"})
		if err != nil {
			st.Detail = "systemctl --user show: " + firstLine(out, err)
			break
		}
		for _, line := range strings.Split(string(out), "\n") {
			k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
			switch k {
			case "ActiveState":
				st.Detail = "timer " + v
			case "NextElapseUSecRealtime":
				st.Next = v
			}
		}
	case "windows":
		out, err := in.run([]string{"schtasks", "/Query", "/TN", TaskName, "/FO", "LIST"})
		if err != nil {
			st.Detail = "schtasks /Query: " + firstLine(out, err)
			break
		}
		for _, line := range strings.Split(string(out), "\n") {
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			switch strings.TrimSpace(k) {
			case "Next Run Time":
				st.Next = strings.TrimSpace(v)
			case "Status":
				st.Detail = "task " + strings.TrimSpace(v)
			}
		}
	case "darwin":
		// launchd does not report the next calendar run.
		if out, err := in.run([]string{"launchctl", "print", r.launchDomain() + "/" + Label}); err != nil {
			st.Detail = "not loaded in launchd: " + firstLine(out, err)
		} else {
			st.Detail = "loaded in launchd"
		}
	}
	return st, nil
}

func firstLine(out []byte, err error) string {
	s := strings.TrimSpace(string(out))
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return err.Error()
	}
	return s
}
