package notify

import (
	"context"
	"sync"

	"github.com/godbus/dbus/v5"
)

// DefaultAction is the action key a notification server reports when the notification
// itself is clicked (the freedesktop notification spec: "default").
const DefaultAction = "default"

// Client keeps a session-bus connection open to send notifications and hear which of
// them the person clicked: the server reports a click as the ActionInvoked signal of
// the notification's id and action key (freedesktop Desktop Notifications
// Specification, "Signals"), and only a connection still open hears it.
type Client struct {
	conn *dbus.Conn
	mu   sync.Mutex
	ours map[uint32]bool
	done chan struct{}
}

// Open connects to the session bus and calls onAction, on a goroutine of its own, with
// the id and action key of each click on a notification this Client sent.
func Open(ctx context.Context, onAction func(id uint32, action string)) (*Client, error) {
	conn, err := dialSession(ctx)
	if err != nil {
		return nil, err
	}
	if err := conn.AddMatchSignal(dbus.WithMatchInterface(Interface), dbus.WithMatchMember("ActionInvoked")); err != nil {
		conn.Close()
		return nil, err
	}
	c := &Client{conn: conn, ours: map[uint32]bool{}, done: make(chan struct{})}
	signals := make(chan *dbus.Signal, 16)
	conn.Signal(signals)
	go func() {
		defer close(c.done)
		for s := range signals {
			if s.Name != Interface+".ActionInvoked" || len(s.Body) != 2 {
				continue
			}
			id, ok1 := s.Body[0].(uint32)
			key, ok2 := s.Body[1].(string)
			c.mu.Lock()
			mine := c.ours[id]
			c.mu.Unlock()
			if ok1 && ok2 && mine && onAction != nil {
				onAction(id, key)
			}
		}
	}()
	return c, nil
}

// Send shows n and returns the id the server gave it; clicks on it reach onAction.
// Give n the Action DefaultAction to hear a click on the notification itself.
func (c *Client) Send(ctx context.Context, n Notification) (uint32, error) {
	id, err := notifyOn(ctx, c.conn, n)
	if err != nil {
		return 0, err
	}
	c.mu.Lock()
	c.ours[id] = true
	c.mu.Unlock()
	return id, nil
}

// Close closes the connection; no click is reported after it returns.
func (c *Client) Close() error {
	err := c.conn.Close()
	<-c.done
	return err
}
