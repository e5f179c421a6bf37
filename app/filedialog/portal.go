//go:build !windows && !darwin

package filedialog

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/godbus/dbus/v5"
)

// Names of the xdg-desktop-portal FileChooser on the session bus.
const (
	portalDest      = "org.freedesktop.portal.Desktop"
	portalPath      = dbus.ObjectPath("/org/freedesktop/portal/desktop")
	portalChooser   = "org.freedesktop.portal.FileChooser"
	portalRequest   = "org.freedesktop.portal.Request"
	portalResponse  = portalRequest + ".Response"
	propertiesGet   = "org.freedesktop.DBus.Properties.Get"
	closeTimeout    = time.Second
	signalQueueSize = 8
)

// Portal response codes.
const (
	responseSuccess   = 0
	responseCancelled = 1
)

// portalFilter is one entry of the portal's filters option, a(sa(us)).
type portalFilter struct {
	Name     string
	Patterns []portalPattern
}

// portalPattern is one pattern of a portalFilter: kind 0 is a glob, 1 a
// MIME type.
type portalPattern struct {
	Kind    uint32
	Pattern string
}

// portalClient is a private session-bus connection on which the portal's
// FileChooser was found.
type portalClient struct {
	conn   *dbus.Conn
	cancel context.CancelFunc
}

// sessionBusAddress returns the session bus address from
// DBUS_SESSION_BUS_ADDRESS, or the conventional socket in the runtime
// directory. It never starts a bus.
func sessionBusAddress() (string, error) {
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return a, nil
	}
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		dir = "/run/user/" + strconv.Itoa(os.Getuid())
	}
	sock := filepath.Join(dir, "bus")
	if fi, err := os.Stat(sock); err == nil && fi.Mode()&os.ModeSocket != 0 {
		return "unix:path=" + dbus.EscapeBusAddressValue(sock), nil
	}
	return "", errors.New("no session bus address")
}

// dialPortal connects to the session bus and checks that the portal offers
// the FileChooser interface, all within timeout. The caller closes the
// returned client.
func dialPortal(ctx context.Context, timeout time.Duration) (*portalClient, error) {
	addr, err := sessionBusAddress()
	if err != nil {
		return nil, err
	}
	probeCtx, stop := context.WithTimeout(ctx, timeout)
	defer stop()

	// The connection lives on after the probe, so it gets its own context;
	// cancelling it closes the connection, which also ends a stuck handshake.
	connCtx, cancel := context.WithCancel(context.Background())
	type result struct {
		conn *dbus.Conn
		err  error
	}
	done := make(chan result, 1)
	go func() {
		conn, err := dbus.Connect(addr, dbus.WithContext(connCtx))
		done <- result{conn, err}
	}()
	var conn *dbus.Conn
	select {
	case r := <-done:
		if r.err != nil {
			cancel()
			return nil, fmt.Errorf("connect to session bus: %w", r.err)
		}
		conn = r.conn
	case <-probeCtx.Done():
		cancel()
		go func() {
			if r := <-done; r.conn != nil {
				_ = r.conn.Close()
			}
		}()
		return nil, fmt.Errorf("connect to session bus: %w", probeCtx.Err())
	}
	c := &portalClient{conn: conn, cancel: cancel}

	var version uint32
	err = conn.Object(portalDest, portalPath).
		CallWithContext(probeCtx, propertiesGet, 0, portalChooser, "version").
		Store(&version)
	if err != nil {
		c.close()
		return nil, fmt.Errorf("file chooser portal: %w", err)
	}
	return c, nil
}

// close closes the connection.
func (c *portalClient) close() {
	_ = c.conn.Close()
	c.cancel()
}

// pick asks the portal to show the dialog for r and waits for its answer.
func (c *portalClient) pick(ctx context.Context, r request) (string, error) {
	names := c.conn.Names()
	if len(names) == 0 {
		return "", errors.New("file chooser portal: connection has no bus name")
	}
	token := newToken()
	expected := dbus.ObjectPath(requestPath(names[0], token))

	// Subscribe before calling so a fast answer cannot be missed. The match
	// covers every request of this connection, which includes the expected
	// path and the handle older portals return instead.
	signals := make(chan *dbus.Signal, signalQueueSize)
	c.conn.Signal(signals)
	defer c.conn.RemoveSignal(signals)
	err := c.conn.AddMatchSignalContext(ctx,
		dbus.WithMatchInterface(portalRequest),
		dbus.WithMatchMember("Response"),
		dbus.WithMatchPathNamespace(dbus.ObjectPath(requestNamespace(names[0]))),
	)
	if err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("file chooser portal: %w", ctx.Err())
		}
		return "", fmt.Errorf("file chooser portal: subscribe to response: %w", err)
	}

	method := "OpenFile"
	if r.save {
		method = "SaveFile"
	}
	var handle dbus.ObjectPath
	err = c.conn.Object(portalDest, portalPath).
		CallWithContext(ctx, portalChooser+"."+method, 0, parentWindow(r.parent), r.title, portalOptions(r, token)).
		Store(&handle)
	if err != nil {
		if ctx.Err() != nil {
			c.closeRequest(expected)
			return "", fmt.Errorf("file chooser portal: %w", ctx.Err())
		}
		return "", fmt.Errorf("file chooser portal: %s: %w", method, err)
	}
	if handle != expected && !handle.IsValid() {
		handle = expected
	}
	if handle != expected && !pathUnder(handle, requestNamespace(names[0])) {
		// A handle outside the subscribed namespace needs its own match.
		err := c.conn.AddMatchSignalContext(ctx,
			dbus.WithMatchInterface(portalRequest),
			dbus.WithMatchMember("Response"),
			dbus.WithMatchObjectPath(handle),
		)
		if err != nil && ctx.Err() == nil {
			return "", fmt.Errorf("file chooser portal: subscribe to response: %w", err)
		}
	}

	for {
		select {
		case <-ctx.Done():
			c.closeRequest(handle)
			return "", fmt.Errorf("file chooser portal: %w", ctx.Err())
		case sig, ok := <-signals:
			if !ok {
				return "", errors.New("file chooser portal: session bus connection closed")
			}
			if sig.Name != portalResponse || (sig.Path != handle && sig.Path != expected) {
				continue
			}
			return decodeResponse(sig.Body)
		}
	}
}

// closeRequest asks the portal to close the dialog of a request that is no
// longer wanted. Errors are ignored: the request may already be gone.
func (c *portalClient) closeRequest(handle dbus.ObjectPath) {
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	_ = c.conn.Object(portalDest, handle).CallWithContext(ctx, portalRequest+".Close", 0).Err
}

// pathUnder reports whether p is namespace or lies below it.
func pathUnder(p dbus.ObjectPath, namespace string) bool {
	s := string(p)
	return s == namespace || len(s) > len(namespace) && s[:len(namespace)] == namespace && s[len(namespace)] == '/'
}

// portalOptions returns the a{sv} options of an OpenFile or SaveFile call.
func portalOptions(r request, token string) map[string]dbus.Variant {
	opts := map[string]dbus.Variant{
		"handle_token": dbus.MakeVariant(token),
		"modal":        dbus.MakeVariant(true),
	}
	if len(r.filters) > 0 {
		filters := make([]portalFilter, len(r.filters))
		for i, f := range r.filters {
			filters[i].Name = f.Name
			for _, g := range f.globs("*") {
				filters[i].Patterns = append(filters[i].Patterns, portalPattern{Kind: 0, Pattern: g})
			}
		}
		opts["filters"] = dbus.MakeVariant(filters)
		opts["current_filter"] = dbus.MakeVariant(filters[0])
	}
	if r.dir != "" {
		opts["current_folder"] = dbus.MakeVariant(append([]byte(r.dir), 0))
	}
	if r.save && r.fileName != "" {
		opts["current_name"] = dbus.MakeVariant(r.fileName)
	}
	return opts
}

// decodeResponse turns the body of a Request.Response signal, (u a{sv}),
// into the chosen path, "" for a cancel, or an error.
func decodeResponse(body []any) (string, error) {
	if len(body) != 2 {
		return "", fmt.Errorf("file chooser portal: response has %d values, want 2", len(body))
	}
	code, ok := body[0].(uint32)
	if !ok {
		return "", fmt.Errorf("file chooser portal: response code is %T", body[0])
	}
	switch code {
	case responseSuccess:
	case responseCancelled:
		return "", nil
	default:
		return "", fmt.Errorf("file chooser portal: request ended with response %d", code)
	}
	results, ok := body[1].(map[string]dbus.Variant)
	if !ok {
		return "", fmt.Errorf("file chooser portal: response results are %T", body[1])
	}
	v, ok := results["uris"]
	if !ok {
		return "", errors.New("file chooser portal: response has no uris")
	}
	var uris []string
	if err := v.Store(&uris); err != nil {
		return "", fmt.Errorf("file chooser portal: uris: %w", err)
	}
	if len(uris) == 0 {
		return "", errors.New("file chooser portal: response has no uris")
	}
	path, err := fileURIToPath(uris[0])
	if err != nil {
		return "", fmt.Errorf("file chooser portal: %w", err)
	}
	return path, nil
}
