// Package portaltest runs a private D-Bus session bus with a stand-in
// xdg-desktop-portal FileChooser for tests, much as net/http/httptest runs
// an HTTP server.
//
// StartBus launches a real dbus-daemon on a socket in a temporary folder.
// Start does the same and then claims org.freedesktop.portal.Desktop on it
// and exports /org/freedesktop/portal/desktop with the FileChooser,
// Properties and Introspectable interfaces. Every OpenFile and SaveFile call
// is recorded and answered, after the method has returned its request
// handle, with the Request.Response signal the test queued with Answer,
// Cancel, Fail or Hold. Nothing is changed globally: tests point clients at
// the bus with t.Setenv("DBUS_SESSION_BUS_ADDRESS", p.Address()).
package portaltest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/introspect"
)

// D-Bus names the stand-in portal serves.
const (
	// BusName is the well-known name the portal owns.
	BusName = "org.freedesktop.portal.Desktop"
	// ObjectPath is the path of the portal's desktop object.
	ObjectPath = dbus.ObjectPath("/org/freedesktop/portal/desktop")
	// FileChooser is the file chooser interface.
	FileChooser = "org.freedesktop.portal.FileChooser"
	// Request is the interface of request objects and their Response signal.
	Request = "org.freedesktop.portal.Request"

	propertiesIface  = "org.freedesktop.DBus.Properties"
	requestPathStart = "/org/freedesktop/portal/desktop/request/"
)

// Response codes of Request.Response.
const (
	// ResponseSuccess means the person chose a file.
	ResponseSuccess uint32 = 0
	// ResponseCancelled means the person cancelled.
	ResponseCancelled uint32 = 1
	// ResponseOther means the request ended some other way.
	ResponseOther uint32 = 2
)

// startTimeout bounds how long dbus-daemon may take to print its address.
const startTimeout = 10 * time.Second

// Bus is a private session bus served by a real dbus-daemon process that
// lives until the test ends.
type Bus struct {
	addr string
}

// Address returns the bus address, suitable for DBUS_SESSION_BUS_ADDRESS.
func (b *Bus) Address() string { return b.addr }

// Dial opens a new connection to the bus, authenticated and registered; the
// test closes it.
func (b *Bus) Dial() (*dbus.Conn, error) {
	conn, err := dbus.Connect(b.addr)
	if err != nil {
		return nil, fmt.Errorf("connect to test bus: %w", err)
	}
	return conn, nil
}

// busConfig is the dbus-daemon configuration: one socket, any local client
// may own any name and send anything, and no service activation.
const busConfig = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

// StartBus starts dbus-daemon with a private configuration and stops it when
// the test ends. It skips the test when dbus-daemon is not installed (Debian
// and Ubuntu package: dbus-daemon).
func StartBus(t testing.TB) *Bus {
	t.Helper()
	exe, err := exec.LookPath("dbus-daemon")
	if err != nil {
		if _, statErr := os.Stat("/usr/bin/dbus-daemon"); statErr != nil {
			t.Skip("dbus-daemon is not installed")
		}
		exe = "/usr/bin/dbus-daemon"
	}
	// A short folder of its own keeps the socket path within the 108-byte
	// limit of Unix socket addresses.
	dir, err := os.MkdirTemp("", "portaltest")
	if err != nil {
		t.Fatalf("portaltest: temporary folder: %v", err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	sock := filepath.Join(dir, "bus")
	config := filepath.Join(dir, "bus.conf")
	escaped := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(dbus.EscapeBusAddressValue(sock))
	if err := os.WriteFile(config, []byte(fmt.Sprintf(busConfig, escaped)), 0o600); err != nil {
		t.Fatalf("portaltest: write bus config: %v", err)
	}

	cmd := exec.Command(exe, "--config-file="+config, "--nofork", "--nopidfile", "--print-address")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("portaltest: dbus-daemon stdout: %v", err)
	}
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatalf("portaltest: start dbus-daemon: %v", err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})

	lines := make(chan string, 1)
	go func() {
		r := bufio.NewReader(stdout)
		line, _ := r.ReadString('\n')
		lines <- strings.TrimSpace(line)
		// Keep reading so the daemon never blocks on a full pipe.
		_, _ = io.Copy(io.Discard, r)
	}()
	select {
	case addr := <-lines:
		if addr == "" {
			t.Fatalf("portaltest: dbus-daemon printed no address: %s", stderr.String())
		}
		return &Bus{addr: addr}
	case <-time.After(startTimeout):
		t.Fatalf("portaltest: dbus-daemon did not start within %v: %s", startTimeout, stderr.String())
	}
	return nil
}

// Filter is one decoded entry of the filters option: a name and its
// patterns.
type Filter struct {
	Name     string
	Patterns []Pattern
}

// Pattern is one pattern of a Filter: Kind 0 is a glob such as "*.json",
// Kind 1 a MIME type.
type Pattern struct {
	Kind    uint32
	Pattern string
}

// Call records one OpenFile or SaveFile call as the portal received it.
type Call struct {
	// Method is "OpenFile" or "SaveFile".
	Method string
	// Sender is the caller's unique bus name.
	Sender string
	// Handle is the request object path the portal returned.
	Handle string
	// ParentWindow and Title are the first two arguments.
	ParentWindow string
	Title        string
	// Options holds every option as sent.
	Options map[string]dbus.Variant
	// Signatures holds the D-Bus type signature of every option.
	Signatures map[string]string
	// The known options, decoded; zero when absent.
	HandleToken   string
	Modal         bool
	Filters       []Filter
	CurrentFilter *Filter
	CurrentName   string
	CurrentFolder []byte
}

// answer is one queued reaction to a call.
type answer struct {
	hold    bool
	code    uint32
	results map[string]dbus.Variant
}

// Options configure StartWith.
type Options struct {
	// Version is the FileChooser version property; zero means 4.
	Version uint32
	// WithoutFileChooser exports the object without the FileChooser
	// interface and its properties, as a portal with no file chooser backend.
	WithoutFileChooser bool
	// LegacyHandles makes the portal ignore handle_token and return a handle
	// of its own, as portals before version 0.9 did.
	LegacyHandles bool
	// ResponseDelay is how long after returning the handle the response is
	// emitted; zero means 20 milliseconds. A tiny delay lets the signal
	// overtake the method reply on its way to the client, as can happen with
	// a real portal, which only a client subscribed before calling survives.
	ResponseDelay time.Duration
}

// Portal is a stand-in xdg-desktop-portal serving the FileChooser on a
// private bus. Each call takes the oldest queued reaction; a call with
// nothing queued is answered with ResponseOther.
type Portal struct {
	bus  *Bus
	conn *dbus.Conn
	opts Options
	wg   sync.WaitGroup

	mu      sync.Mutex
	queue   []answer
	calls   []Call
	closed  []string
	open    map[string]bool
	legacyN int
	done    bool
}

// Start starts a private bus with a stand-in portal on it, as StartWith with
// zero Options.
func Start(t testing.TB) *Portal {
	t.Helper()
	return StartWith(t, Options{})
}

// StartWith starts a private bus and a stand-in portal configured by o. Both
// stop when the test ends.
func StartWith(t testing.TB, o Options) *Portal {
	t.Helper()
	if o.Version == 0 {
		o.Version = 4
	}
	if o.ResponseDelay == 0 {
		o.ResponseDelay = 20 * time.Millisecond
	}
	bus := StartBus(t)
	conn, err := bus.Dial()
	if err != nil {
		t.Fatalf("portaltest: %v", err)
	}
	p := &Portal{bus: bus, conn: conn, opts: o, open: make(map[string]bool)}
	t.Cleanup(func() {
		p.mu.Lock()
		p.done = true
		p.mu.Unlock()
		_ = conn.Close()
		p.wg.Wait()
	})

	if err := p.export(); err != nil {
		t.Fatalf("portaltest: %v", err)
	}
	reply, err := conn.RequestName(BusName, dbus.NameFlagDoNotQueue)
	if err != nil {
		t.Fatalf("portaltest: request name %s: %v", BusName, err)
	}
	if reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("portaltest: name %s not granted (reply %d)", BusName, reply)
	}
	return p
}

// export registers the desktop object's interfaces on the connection.
func (p *Portal) export() error {
	props := &properties{p: p}
	if err := p.conn.Export(props, ObjectPath, propertiesIface); err != nil {
		return fmt.Errorf("export properties: %w", err)
	}
	node := &introspect.Node{
		Name: string(ObjectPath),
		Interfaces: []introspect.Interface{
			introspect.IntrospectData,
			{
				Name: propertiesIface,
				Methods: []introspect.Method{
					{Name: "Get", Args: []introspect.Arg{{Name: "interface_name", Type: "s", Direction: "in"}, {Name: "property_name", Type: "s", Direction: "in"}, {Name: "value", Type: "v", Direction: "out"}}},
					{Name: "GetAll", Args: []introspect.Arg{{Name: "interface_name", Type: "s", Direction: "in"}, {Name: "props", Type: "a{sv}", Direction: "out"}}},
					{Name: "Set", Args: []introspect.Arg{{Name: "interface_name", Type: "s", Direction: "in"}, {Name: "property_name", Type: "s", Direction: "in"}, {Name: "value", Type: "v", Direction: "in"}}},
				},
			},
		},
	}
	if !p.opts.WithoutFileChooser {
		if err := p.conn.Export(&fileChooser{p: p}, ObjectPath, FileChooser); err != nil {
			return fmt.Errorf("export file chooser: %w", err)
		}
		chooserArgs := func(out string) []introspect.Arg {
			return []introspect.Arg{
				{Name: "parent_window", Type: "s", Direction: "in"},
				{Name: "title", Type: "s", Direction: "in"},
				{Name: "options", Type: "a{sv}", Direction: "in"},
				{Name: out, Type: "o", Direction: "out"},
			}
		}
		node.Interfaces = append(node.Interfaces, introspect.Interface{
			Name: FileChooser,
			Methods: []introspect.Method{
				{Name: "OpenFile", Args: chooserArgs("handle")},
				{Name: "SaveFile", Args: chooserArgs("handle")},
			},
			Properties: []introspect.Property{{Name: "version", Type: "u", Access: "read"}},
		})
	}
	// Request objects come and go with calls; one subtree export serves them
	// all, so nothing is exported while the connection is in use.
	if err := p.conn.ExportSubtree(&requests{p: p}, dbus.ObjectPath(strings.TrimSuffix(requestPathStart, "/")), Request); err != nil {
		return fmt.Errorf("export requests: %w", err)
	}
	if err := p.conn.Export(introspect.NewIntrospectable(node), ObjectPath, "org.freedesktop.DBus.Introspectable"); err != nil {
		return fmt.Errorf("export introspection: %w", err)
	}
	return nil
}

// Address returns the bus address, suitable for DBUS_SESSION_BUS_ADDRESS.
func (p *Portal) Address() string { return p.bus.Address() }

// Bus returns the private bus the portal serves on.
func (p *Portal) Bus() *Bus { return p.bus }

// Answer queues a successful response choosing path, sent as a
// percent-encoded file:// URI.
func (p *Portal) Answer(path string) {
	p.AnswerURI((&url.URL{Scheme: "file", Path: path}).String())
}

// AnswerURI queues a successful response with uri as the only entry of the
// uris result.
func (p *Portal) AnswerURI(uri string) {
	p.enqueue(answer{code: ResponseSuccess, results: map[string]dbus.Variant{
		"uris": dbus.MakeVariant([]string{uri}),
	}})
}

// Respond queues a response with any code and results.
func (p *Portal) Respond(code uint32, results map[string]dbus.Variant) {
	if results == nil {
		results = map[string]dbus.Variant{}
	}
	p.enqueue(answer{code: code, results: results})
}

// Cancel queues a response saying the person cancelled.
func (p *Portal) Cancel() { p.Respond(ResponseCancelled, nil) }

// Fail queues a response saying the request ended another way.
func (p *Portal) Fail() { p.Respond(ResponseOther, nil) }

// Hold queues no response at all: the request stays open until the client
// calls Request.Close. Calls with nothing queued are answered with
// ResponseOther.
func (p *Portal) Hold() { p.enqueue(answer{hold: true}) }

// enqueue appends a to the queue of reactions.
func (p *Portal) enqueue(a answer) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.queue = append(p.queue, a)
}

// Calls returns a copy of the calls received so far, oldest first.
func (p *Portal) Calls() []Call {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Call(nil), p.calls...)
}

// Closed returns the request handles the client closed with Request.Close,
// oldest first.
func (p *Portal) Closed() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.closed...)
}

// fileChooser serves org.freedesktop.portal.FileChooser.
type fileChooser struct{ p *Portal }

// OpenFile implements FileChooser.OpenFile.
func (f *fileChooser) OpenFile(sender dbus.Sender, msg dbus.Message, parent, title string, options map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	return f.p.handle("OpenFile", string(sender), parent, title, rawOptions(msg, options))
}

// SaveFile implements FileChooser.SaveFile.
func (f *fileChooser) SaveFile(sender dbus.Sender, msg dbus.Message, parent, title string, options map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	return f.p.handle("SaveFile", string(sender), parent, title, rawOptions(msg, options))
}

// rawOptions returns the options exactly as they came off the wire. The
// converted argument loses each variant's signature for structures, which
// the portal checks, so the message body is preferred.
func rawOptions(msg dbus.Message, converted map[string]dbus.Variant) map[string]dbus.Variant {
	if len(msg.Body) == 3 {
		if raw, ok := msg.Body[2].(map[string]dbus.Variant); ok {
			return raw
		}
	}
	return converted
}

// optionSignatures are the types the portal documents for its options.
var optionSignatures = map[string]string{
	"handle_token":   "s",
	"accept_label":   "s",
	"modal":          "b",
	"multiple":       "b",
	"directory":      "b",
	"filters":        "a(sa(us))",
	"current_filter": "(sa(us))",
	"choices":        "a(ssa(ss)s)",
	"current_name":   "s",
	"current_folder": "ay",
	"current_file":   "ay",
}

// handle records a call, opens its request and schedules the queued
// reaction.
func (p *Portal) handle(method, sender, parent, title string, options map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	c := Call{
		Method:       method,
		Sender:       sender,
		ParentWindow: parent,
		Title:        title,
		Options:      options,
		Signatures:   make(map[string]string, len(options)),
	}
	for k, v := range options {
		sig := v.Signature().String()
		c.Signatures[k] = sig
		if want, known := optionSignatures[k]; known && sig != want {
			return "", invalidArgument("option %s has type %s, want %s", k, sig, want)
		}
	}
	if err := c.decode(); err != nil {
		return "", invalidArgument("%v", err)
	}

	p.mu.Lock()
	senderPart := strings.ReplaceAll(strings.TrimPrefix(sender, ":"), ".", "_")
	token := c.HandleToken
	if p.opts.LegacyHandles || token == "" {
		p.legacyN++
		token = fmt.Sprintf("portal%d", p.legacyN)
	}
	handle := dbus.ObjectPath(requestPathStart + senderPart + "/" + token)
	c.Handle = string(handle)
	p.calls = append(p.calls, c)
	a := answer{code: ResponseOther, results: map[string]dbus.Variant{}}
	if len(p.queue) > 0 {
		a = p.queue[0]
		p.queue = p.queue[1:]
	}
	p.open[string(handle)] = true
	p.mu.Unlock()

	if !a.hold {
		p.wg.Add(1)
		go p.respond(handle, a)
	}
	return handle, nil
}

// respond emits the Response signal for handle after the configured delay,
// unless the request was closed or the portal stopped meanwhile.
func (p *Portal) respond(handle dbus.ObjectPath, a answer) {
	defer p.wg.Done()
	time.Sleep(p.opts.ResponseDelay)
	p.mu.Lock()
	live := p.open[string(handle)] && !p.done
	delete(p.open, string(handle))
	p.mu.Unlock()
	if !live {
		return
	}
	_ = p.conn.Emit(handle, Request+".Response", a.code, a.results)
}

// requests serves org.freedesktop.portal.Request for every request object
// below /org/freedesktop/portal/desktop/request.
type requests struct{ p *Portal }

// Close implements Request.Close: the dialog goes away without a response.
func (r *requests) Close(msg dbus.Message) *dbus.Error {
	path, _ := msg.Headers[dbus.FieldPath].Value().(dbus.ObjectPath)
	r.p.mu.Lock()
	defer r.p.mu.Unlock()
	if !r.p.open[string(path)] {
		return dbus.NewError("org.freedesktop.DBus.Error.UnknownObject", []any{"no request " + string(path)})
	}
	delete(r.p.open, string(path))
	r.p.closed = append(r.p.closed, string(path))
	return nil
}

// properties serves org.freedesktop.DBus.Properties for the desktop object.
type properties struct{ p *Portal }

// Get implements Properties.Get.
func (pr *properties) Get(iface, name string) (dbus.Variant, *dbus.Error) {
	all, err := pr.GetAll(iface)
	if err != nil {
		return dbus.Variant{}, err
	}
	v, ok := all[name]
	if !ok {
		return dbus.Variant{}, dbus.NewError("org.freedesktop.DBus.Error.UnknownProperty", []any{"no property " + name})
	}
	return v, nil
}

// GetAll implements Properties.GetAll.
func (pr *properties) GetAll(iface string) (map[string]dbus.Variant, *dbus.Error) {
	if iface != FileChooser || pr.p.opts.WithoutFileChooser {
		return nil, dbus.NewError("org.freedesktop.DBus.Error.UnknownInterface", []any{"no interface " + iface})
	}
	return map[string]dbus.Variant{"version": dbus.MakeVariant(pr.p.opts.Version)}, nil
}

// Set implements Properties.Set; every property is read-only.
func (pr *properties) Set(iface, name string, _ dbus.Variant) *dbus.Error {
	return dbus.NewError("org.freedesktop.DBus.Error.PropertyReadOnly", []any{name + " is read-only"})
}

// decode fills the decoded option fields of c from c.Options.
func (c *Call) decode() error {
	o := c.Options
	if v, ok := o["handle_token"]; ok {
		c.HandleToken, _ = v.Value().(string)
		if !validToken(c.HandleToken) {
			return fmt.Errorf("handle_token %q is not a valid object path element", c.HandleToken)
		}
	}
	if v, ok := o["modal"]; ok {
		c.Modal, _ = v.Value().(bool)
	}
	if v, ok := o["current_name"]; ok {
		c.CurrentName, _ = v.Value().(string)
	}
	if v, ok := o["current_folder"]; ok {
		c.CurrentFolder, _ = v.Value().([]byte)
		if len(c.CurrentFolder) == 0 || c.CurrentFolder[len(c.CurrentFolder)-1] != 0 {
			return errors.New("current_folder is not NUL-terminated")
		}
	}
	if v, ok := o["filters"]; ok {
		if err := v.Store(&c.Filters); err != nil {
			return fmt.Errorf("filters: %w", err)
		}
	}
	if v, ok := o["current_filter"]; ok {
		var f Filter
		if err := v.Store(&f); err != nil {
			return fmt.Errorf("current_filter: %w", err)
		}
		c.CurrentFilter = &f
	}
	return nil
}

// validToken reports whether s may be used as an object path element.
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// invalidArgument returns the portal's InvalidArgument error.
func invalidArgument(format string, args ...any) *dbus.Error {
	return dbus.NewError("org.freedesktop.portal.Error.InvalidArgument", []any{fmt.Sprintf(format, args...)})
}

// lockedBuffer is a bytes.Buffer safe for one writer and concurrent readers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write implements io.Writer.
func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written so far.
func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
