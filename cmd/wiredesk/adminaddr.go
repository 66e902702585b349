package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
)

// defaultAdminAddr keeps the operator pages (source URLs, errors, partner
// usage, metrics) off the public address: only this machine reaches them
// unless the operator says otherwise.
const defaultAdminAddr = "127.0.0.1:9090"

// listenAdmin opens the operator listener, or returns nil for "off". When
// the default port is taken (a second wiredesk, a demo next to a real
// server) it takes a free loopback port and says so, so that serve --demo
// never needs a flag; an address given explicitly must be free.
func listenAdmin(fs *flag.FlagSet, addr string, log *slog.Logger) (net.Listener, error) {
	if strings.EqualFold(addr, "off") || addr == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err == nil {
		return ln, nil
	}
	if flagSet(fs, "admin-addr") || os.Getenv(envAdminAddr) != "" {
		return nil, fmt.Errorf("listen on --admin-addr %s: %w", addr, err)
	}
	ln, err2 := net.Listen("tcp", "127.0.0.1:0")
	if err2 != nil {
		return nil, fmt.Errorf("listen for the operator pages: %w", errors.Join(err, err2))
	}
	log.Warn("default operator address taken; using another loopback port", "want", addr, "got", ln.Addr().String(), "err", err)
	return ln, nil
}
