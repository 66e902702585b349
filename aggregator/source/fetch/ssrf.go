package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"

	"github.com/wiredesk/wiredesk/config"
)

// ErrPrivateAddress is wrapped by dial errors for addresses a public feed
// reader has no business connecting to (loopback, private, link-local, …).
var ErrPrivateAddress = errors.New("refusing to connect to a non-public address")

// allowPrivateHint ends a refusal with the setting that lifts it, for the
// operator whose feeds really are on a private network.
const allowPrivateHint = "; set fetch.allow_private: true to allow feeds on loopback or private networks"

// ErrTooManyRedirects is wrapped when an upstream redirects more than
// maxRedirects times, which is almost always a loop.
var ErrTooManyRedirects = errors.New("too many redirects")

// maxRedirects is the number of redirects followed per fetch. RFC 9110 §15.4
// asks clients to detect loops; five is what browsers' feed readers allow.
const maxRedirects = 5

// Upper bounds on the phases of one request; each is also capped by
// fetch.timeout, which bounds the whole exchange including the body.
const (
	dialTimeout      = 10 * time.Second
	handshakeTimeout = 10 * time.Second
	idleConnTimeout  = 90 * time.Second
)

// NewHTTPClient returns the one client the process should use for upstream
// feeds. Every phase has a deadline, the whole exchange is bounded by
// fc.Timeout, redirects stop after five (ErrTooManyRedirects) and the
// environment's proxy settings are ignored so the address guard sees the
// real peer. Unless fc.AllowPrivate is set, the dialer refuses non-public
// addresses (ErrPrivateAddress); the check runs on the resolved IP at
// connect time, so neither DNS rebinding nor a redirect can route around it.
func NewHTTPClient(fc config.Fetch) *http.Client {
	return newHTTPClient(fc, func(ap netip.AddrPort) error { return checkPublicAddr(ap.Addr()) })
}

// NewGuardedHTTPClient is NewHTTPClient for a client that outlives a hot
// reload (the WebSub hub's): the address guard is always installed and
// asks allowPrivate at every connection, so a reload to allow_private:
// false takes effect at once, not at the next restart.
func NewGuardedHTTPClient(fc config.Fetch, allowPrivate func() bool) *http.Client {
	fc.AllowPrivate = false // install the guard; the policy decides
	return newHTTPClient(fc, func(ap netip.AddrPort) error {
		if allowPrivate() {
			return nil
		}
		return checkPublicAddr(ap.Addr())
	})
}

// NewHTTPClientAdmitting is NewHTTPClient whose address guard also lets
// through the addresses admit accepts: a test's loopback upstream standing
// for a public host, while every other address (a redirect's target among
// them) is still checked.
func NewHTTPClientAdmitting(fc config.Fetch, admit func(netip.AddrPort) bool) *http.Client {
	return newHTTPClient(fc, func(ap netip.AddrPort) error {
		if admit(ap) {
			return nil
		}
		return checkPublicAddr(ap.Addr())
	})
}

// newHTTPClient builds the client with a pluggable address policy so tests
// can admit one loopback server and prove that a redirect is still checked.
func newHTTPClient(fc config.Fetch, policy func(netip.AddrPort) error) *http.Client {
	total := fc.Timeout
	if total <= 0 {
		total = config.DefaultTimeout
	}
	perHost := fc.PerHost
	if perHost <= 0 {
		perHost = config.DefaultPerHost
	}
	dialer := &net.Dialer{Timeout: min(dialTimeout, total), KeepAlive: 30 * time.Second}
	if !fc.AllowPrivate {
		dialer.ControlContext = dialControl(policy)
	}
	tr := &http.Transport{
		Proxy:                  nil,
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    min(handshakeTimeout, total),
		ResponseHeaderTimeout:  total,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    perHost,
		IdleConnTimeout:        idleConnTimeout,
		MaxResponseHeaderBytes: 1 << 20,
	}
	return &http.Client{Transport: tr, Timeout: total, CheckRedirect: checkRedirect}
}

// checkRedirect stops after maxRedirects hops.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > maxRedirects {
		return fmt.Errorf("%w: stopped after %d at %s", ErrTooManyRedirects, maxRedirects, req.URL.Redacted())
	}
	return nil
}

// traceKey carries a *redirectTrace in a request's context.
type traceKey struct{}

// redirectTrace follows the chain of permanent redirects from the start.
type redirectTrace struct {
	broken    bool
	permanent string
}

func (t *redirectTrace) hop(req *http.Request) {
	if t.broken || req.Response == nil {
		return
	}
	switch req.Response.StatusCode {
	case http.StatusMovedPermanently, http.StatusPermanentRedirect:
		t.permanent = req.URL.String()
	default:
		t.broken = true
	}
}

// dialControl returns a net.Dialer.ControlContext hook that applies policy
// to the address actually being connected to (after name resolution).
func dialControl(policy func(netip.AddrPort) error) func(context.Context, string, string, syscall.RawConn) error {
	return func(_ context.Context, network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("%w: unparsable %s address %q", ErrPrivateAddress, network, address)
		}
		return policy(ap)
	}
}

// blockedPrefixes are the ranges refused by checkPublicAddr: RFC 6890
// special-purpose blocks that are not globally reachable, plus multicast.
var blockedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network", RFC 791
	netip.MustParsePrefix("10.0.0.0/8"),      // private, RFC 1918
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT, RFC 6598
	netip.MustParsePrefix("127.0.0.0/8"),     // loopback
	netip.MustParsePrefix("169.254.0.0/16"),  // link-local, cloud metadata
	netip.MustParsePrefix("172.16.0.0/12"),   // private, RFC 1918
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.168.0.0/16"),  // private, RFC 1918
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking, RFC 2544
	netip.MustParsePrefix("224.0.0.0/4"),     // multicast
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("::/128"),          // unspecified
	netip.MustParsePrefix("::1/128"),         // loopback
	netip.MustParsePrefix("::/96"),           // IPv4-compatible, deprecated
	netip.MustParsePrefix("fc00::/7"),        // unique local, RFC 4193
	netip.MustParsePrefix("fe80::/10"),       // link-local
	netip.MustParsePrefix("fec0::/10"),       // site-local, deprecated
	netip.MustParsePrefix("ff00::/8"),        // multicast
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("100::/64"),        // discard-only, RFC 6666
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64, RFC 8215
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
}

// embeddedV4 are IPv6 prefixes that carry an IPv4 address the packet will
// end up at: NAT64 (RFC 6052) in the last four bytes, 6to4 (RFC 3056) in
// bytes 2..5. The embedded address is checked too.
var (
	nat64  = netip.MustParsePrefix("64:ff9b::/96")
	sixto4 = netip.MustParsePrefix("2002::/16")
)

// checkPublicAddr returns an error wrapping ErrPrivateAddress and naming a
// unless a is a globally routable unicast address. IPv4-mapped IPv6
// (::ffff:a.b.c.d) is judged by its IPv4 form.
func checkPublicAddr(a netip.Addr) error {
	if !a.IsValid() {
		return fmt.Errorf("%w: invalid address", ErrPrivateAddress)
	}
	orig := a
	a = a.WithZone("").Unmap()
	if a.Is6() {
		b := a.As16()
		switch {
		case nat64.Contains(a):
			a = netip.AddrFrom4([4]byte(b[12:16]))
		case sixto4.Contains(a):
			a = netip.AddrFrom4([4]byte(b[2:6]))
		}
	}
	if a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return fmt.Errorf("%w: %s%s", ErrPrivateAddress, orig, allowPrivateHint)
	}
	for _, p := range blockedPrefixes {
		if p.Contains(a) {
			return fmt.Errorf("%w: %s (in %s)%s", ErrPrivateAddress, orig, p, allowPrivateHint)
		}
	}
	return nil
}
