package main

import (
	"context"
	"os"
	"os/signal"
)

// signalContext returns a context cancelled by Ctrl+C.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt)
}
