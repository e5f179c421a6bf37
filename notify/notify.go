// Package notify shows a desktop notification from the command line, with
// no window of the program's own: the daily "hindsight check --notify" job
// uses it. On Linux it asks the notification server on the session bus
// (org.freedesktop.Notifications, which every desktop provides); on macOS it
// has osascript display one. Windows has no command-line route without an
// application registered for toasts, so Send returns ErrUnsupported there:
// the desktop app shows notifications itself, through Fyne, on every system.
package notify

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
)

// The notification server's names, from the Desktop Notifications
// Specification (https://specifications.freedesktop.org/notification-spec/latest/protocol.html).
const (
	// BusName is the well-known name the notification server owns.
	BusName = "org.freedesktop.Notifications"
	// ObjectPath is the path of the server's object.
	ObjectPath = dbus.ObjectPath("/org/freedesktop/Notifications")
	// Interface is the interface of Notify.
	Interface = "org.freedesktop.Notifications"
)

// ErrUnsupported is returned on a system where Send cannot show a notification.
var ErrUnsupported = errors.New("desktop notifications from the command line need Linux (a desktop with a notification server) or macOS; the Hindsight app shows its own notifications on every system")

// Notification is one desktop notification.
type Notification struct {
	// Title is the one-line summary.
	Title string
	// Body is the text under the title, plain text: it is escaped for a
	// server that reads markup in bodies (capability "body-markup").
	Body string
	// AppName names the sender; "Hindsight" when empty.
	AppName string
	// Icon is an icon name from the theme or an absolute file path
	// (Linux only); none when empty.
	Icon string
	// Action is an id the server reports (signal ActionInvoked) when the
	// person chooses the notification's action; no action when empty. Linux only.
	Action string
	// ActionLabel is the action's label; "Open" when empty.
	ActionLabel string
	// DesktopEntry is the application's desktop file name without
	// ".desktop", which servers use to group and theme the notification;
	// not sent when empty. Linux only.
	DesktopEntry string
}

// Sender sends notifications. The zero value sends on this system.
type Sender struct {
	// OS is the system; runtime.GOOS when empty.
	OS string
	// Run runs a command (osascript on macOS) and returns its combined
	// output; nil runs it with os/exec.
	Run func(ctx context.Context, name string, args ...string) ([]byte, error)
}

// Send shows n on this system's desktop; see Sender.Send.
func Send(ctx context.Context, n Notification) error {
	return Sender{}.Send(ctx, n)
}

// Send shows n: over D-Bus on Linux (and other systems with a session
// bus: the BSDs), with osascript on macOS. It returns once the server has
// taken the notification, not when the person sees it.
func (s Sender) Send(ctx context.Context, n Notification) error {
	if n.AppName == "" {
		n.AppName = "Hindsight"
	}
	goos := s.OS
	if goos == "" {
		goos = runtime.GOOS
	}
	switch goos {
	case "darwin":
		return s.osascript(ctx, n)
	case "windows", "android", "ios", "js", "wasip1", "plan9":
		return ErrUnsupported
	}
	return sendDBus(ctx, n)
}

// sendDBus calls Notify on the session bus (DBUS_SESSION_BUS_ADDRESS, else
// $XDG_RUNTIME_DIR/bus); no bus is started when there is none.
func sendDBus(ctx context.Context, n Notification) error {
	conn, err := dialSession(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = notifyOn(ctx, conn, n)
	return err
}

// dialSession opens a private connection to the session bus (never starting one).
func dialSession(ctx context.Context) (*dbus.Conn, error) {
	conn, err := dbus.SessionBusPrivateNoAutoStartup(dbus.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("desktop notification: no session bus to send it on (%v); is a desktop session running?", err)
	}
	if err := conn.Auth(nil); err != nil {
		conn.Close()
		return nil, fmt.Errorf("desktop notification: session bus: %w", err)
	}
	if err := conn.Hello(); err != nil {
		conn.Close()
		return nil, fmt.Errorf("desktop notification: session bus: %w", err)
	}
	return conn, nil
}

// notifyOn sends n over conn and returns the id the server gave it.
func notifyOn(ctx context.Context, conn *dbus.Conn, n Notification) (uint32, error) {
	var actions []string
	if n.Action != "" {
		label := n.ActionLabel
		if label == "" {
			label = "Open"
		}
		actions = []string{n.Action, label}
	}
	hints := map[string]dbus.Variant{
		"urgency": dbus.MakeVariant(byte(1)), // normal
	}
	if n.DesktopEntry != "" {
		hints["desktop-entry"] = dbus.MakeVariant(n.DesktopEntry)
	}
	obj := conn.Object(BusName, ObjectPath)
	body := n.Body
	var caps []string
	if obj.CallWithContext(ctx, Interface+".GetCapabilities", 0).Store(&caps) == nil && contains(caps, "body-markup") {
		body = escapeBody(body)
	}
	var id uint32
	call := obj.CallWithContext(ctx, Interface+".Notify", 0,
		n.AppName, // app_name
		uint32(0), // replaces_id: a new notification
		n.Icon,    // app_icon
		n.Title,   // summary
		body,
		actions,
		hints,
		int32(-1), // expire_timeout: the server's default
	)
	if err := call.Store(&id); err != nil {
		var de dbus.Error
		if errors.As(err, &de) && de.Name == "org.freedesktop.DBus.Error.ServiceUnknown" {
			return 0, fmt.Errorf("desktop notification: no notification server on the session bus (%s is not owned)", BusName)
		}
		return 0, fmt.Errorf("desktop notification: %s.Notify: %w", Interface, err)
	}
	return id, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// escapeBody escapes the characters the spec's body markup gives meaning to
// ("Markup", in the specification above).
func escapeBody(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// osascript has macOS show n with AppleScript's display notification.
func (s Sender) osascript(ctx context.Context, n Notification) error {
	script := fmt.Sprintf("display notification %s with title %s", appleString(n.Body), appleString(n.AppName))
	if n.Title != "" {
		script += " subtitle " + appleString(n.Title)
	}
	run := s.Run
	if run == nil {
		run = func(ctx context.Context, name string, args ...string) ([]byte, error) {
			return exec.CommandContext(ctx, name, args...).CombinedOutput()
		}
	}
	if out, err := run(ctx, "osascript", "-e", script); err != nil {
		return fmt.Errorf("desktop notification: osascript: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// appleString returns s as an AppleScript string literal: in double quotes,
// with backslash and double quote escaped by a backslash (AppleScript
// Language Guide, "Class Reference: text").
func appleString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// SessionBusAvailable reports whether a D-Bus session bus answers within a second: the
// system tray and notifications of a Linux desktop go through it. Without one (a bare X
// server, a container), a tray must not be set up.
func SessionBusAvailable() bool {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" && os.Getenv("XDG_RUNTIME_DIR") == "" {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	conn, err := dbus.SessionBusPrivateNoAutoStartup(dbus.WithContext(ctx))
	if err != nil {
		return false
	}
	defer conn.Close()
	return conn.Auth(nil) == nil && conn.Hello() == nil
}
