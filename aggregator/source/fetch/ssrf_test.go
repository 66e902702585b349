package fetch

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
)

func TestDialControl(t *testing.T) {
	control := dialControl(func(ap netip.AddrPort) error { return checkPublicAddr(ap.Addr()) })
	tests := []struct {
		addr    string
		refused bool
	}{
		{"127.0.0.1:80", true},
		{"127.8.9.10:443", true},
		{"10.1.2.3:80", true},
		{"172.16.0.1:80", true},
		{"172.31.255.255:80", true},
		{"192.168.1.1:80", true},
		{"169.254.169.254:80", true}, // cloud metadata
		{"100.64.0.1:80", true},      // CGNAT
		{"100.127.255.254:80", true},
		{"0.0.0.0:80", true},
		{"0.1.2.3:80", true},
		{"224.0.0.1:80", true},
		{"239.255.255.250:1900", true},
		{"255.255.255.255:80", true},
		{"198.18.0.1:80", true},
		{"[::1]:80", true},
		{"[::]:80", true},
		{"[fc00::1]:80", true},
		{"[fd12:3456::1]:80", true},
		{"[fe80::1%eth0]:80", true},
		{"[ff02::1]:80", true},
		{"[::ffff:127.0.0.1]:80", true}, // IPv4-mapped loopback
		{"[::ffff:10.0.0.1]:80", true},  // IPv4-mapped private
		{"[::ffff:169.254.1.1]:80", true},
		{"[64:ff9b::a00:1]:80", true},   // NAT64 of 10.0.0.1
		{"[2002:c0a8:101::1]:80", true}, // 6to4 of 192.168.1.1
		{"[::127.0.0.1]:80", true},      // IPv4-compatible
		{"not-an-address:80", true},
		{"93.184.215.14:443", false},
		{"8.8.8.8:53", false},
		{"100.63.255.255:80", false}, // just below CGNAT
		{"172.32.0.1:80", false},     // just above RFC 1918
		{"[2606:4700::1111]:443", false},
		{"[::ffff:8.8.8.8]:443", false},
		{"[64:ff9b::808:808]:80", false}, // NAT64 of 8.8.8.8
	}
	for _, tc := range tests {
		t.Run(tc.addr, func(t *testing.T) {
			err := control(t.Context(), "tcp", tc.addr, nil)
			if refused := errors.Is(err, ErrPrivateAddress); refused != tc.refused {
				t.Fatalf("refused = %v (err %v), want %v", refused, err, tc.refused)
			}
			if tc.refused && err != nil && tc.addr != "not-an-address:80" {
				ip := netip.MustParseAddrPort(tc.addr).Addr().String()
				if !strings.Contains(err.Error(), ip) {
					t.Errorf("error %q does not name %s", err, ip)
				}
			}
		})
	}
}

// TestSSRFRefusesLoopback runs the real client against a real loopback
// server: by IP, by a name that resolves to loopback, and through a
// redirect from a server the policy admits.
func TestSSRFRefusesLoopback(t *testing.T) {
	up := upstreamtest.New(t)
	up.Handle("/feed", upstreamtest.FeedScenario(2, "rss"))
	fc := testFetch()
	fc.AllowPrivate = false

	t.Run("by IP", func(t *testing.T) {
		_, err := newTestFetcher(fc).Fetch(t.Context(), Request{URL: up.URL("/feed")})
		fetchErr(t, err, KindHard)
		if !errors.Is(err, ErrPrivateAddress) || !strings.Contains(err.Error(), "127.0.0.1") ||
			!strings.Contains(err.Error(), "fetch.allow_private: true") {
			t.Fatalf("err = %v, want ErrPrivateAddress naming 127.0.0.1 and the setting that allows it", err)
		}
	})
	t.Run("by name", func(t *testing.T) {
		u, err := url.Parse(up.URL("/feed"))
		if err != nil {
			t.Fatal(err)
		}
		u.Host = "localhost:" + u.Port()
		_, err = newTestFetcher(fc).Fetch(t.Context(), Request{URL: u.String()})
		if !errors.Is(err, ErrPrivateAddress) {
			t.Fatalf("err = %v, want ErrPrivateAddress", err)
		}
	})
	t.Run("via redirect", func(t *testing.T) {
		front := upstreamtest.New(t)
		front.Handle("/feed", upstreamtest.RedirectTo(up.URL("/feed"), http.StatusFound))
		frontAddr := netip.MustParseAddrPort(strings.TrimPrefix(front.URL(""), "http://"))
		// The policy admits only the front server, standing in for a
		// public host that redirects inward.
		policy := func(ap netip.AddrPort) error {
			if ap == frontAddr {
				return nil
			}
			return checkPublicAddr(ap.Addr())
		}
		f := NewFetcher(newHTTPClient(fc, policy), fc, testUA)
		_, err := f.Fetch(t.Context(), Request{URL: front.URL("/feed")})
		if !errors.Is(err, ErrPrivateAddress) {
			t.Fatalf("err = %v, want ErrPrivateAddress", err)
		}
		if front.Hits("/feed") != 1 || up.Hits("/feed") != 0 {
			t.Fatalf("hits front %d inner %d, want 1 and 0", front.Hits("/feed"), up.Hits("/feed"))
		}
	})
	t.Run("allow_private", func(t *testing.T) {
		resp, err := newTestFetcher(testFetch()).Fetch(t.Context(), Request{URL: up.URL("/feed")})
		if err != nil || len(resp.Body) == 0 {
			t.Fatalf("resp %v err %v", resp, err)
		}
	})
}

func TestRedirects(t *testing.T) {
	up := upstreamtest.New(t)
	up.Handle("/loop", upstreamtest.RedirectLoop())
	up.Handle("/final", upstreamtest.FeedScenario(1, "json"))
	chain := func(codes ...int) string {
		next := "/final"
		for i := len(codes) - 1; i >= 0; i-- {
			path := hopPath(codes, i)
			up.Handle(path, upstreamtest.RedirectTo(up.URL(next), codes[i]))
			next = path
		}
		return next
	}
	f := newTestFetcher(testFetch())

	t.Run("loop stops", func(t *testing.T) {
		_, err := f.Fetch(t.Context(), Request{URL: up.URL("/loop")})
		fetchErr(t, err, KindHard)
		if !errors.Is(err, ErrTooManyRedirects) {
			t.Fatalf("err = %v, want ErrTooManyRedirects", err)
		}
		if got := up.Hits("/loop"); got != maxRedirects+1 {
			t.Errorf("hits = %d, want %d (the request and %d redirects)", got, maxRedirects+1, maxRedirects)
		}
	})
	tests := []struct {
		name      string
		codes     []int
		permanent int // index of the last permanent hop's target, -1 none
	}{
		{"none", nil, -1},
		{"301", []int{301}, 0},
		{"308 then 301", []int{308, 301}, 1},
		{"301 then 302", []int{301, 302}, 0},
		{"302 then 301", []int{302, 301}, -1},
		{"307", []int{307}, -1},
		{"five hops", []int{301, 301, 301, 301, 301}, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := chain(tc.codes...)
			resp, err := f.Fetch(t.Context(), Request{URL: up.URL(start)})
			if err != nil {
				t.Fatal(err)
			}
			if resp.FinalURL != up.URL("/final") {
				t.Errorf("FinalURL = %q", resp.FinalURL)
			}
			want := ""
			if tc.permanent >= 0 {
				// The target of hop i is the URL after it: hop i+1's path,
				// or /final for the last hop.
				want = up.URL("/final")
				if tc.permanent+1 < len(tc.codes) {
					want = up.URL(hopPath(tc.codes, tc.permanent+1))
				}
			}
			if resp.PermanentURL != want {
				t.Errorf("PermanentURL = %q, want %q", resp.PermanentURL, want)
			}
		})
	}
}

// hopPath is the path chain() gives hop i of a chain with these codes.
func hopPath(codes []int, i int) string {
	path := fmt.Sprintf("/chain%d-%d", len(codes), i)
	for _, c := range codes {
		path += fmt.Sprintf("-%d", c)
	}
	return path
}

func TestUntrustedCertificateIsHard(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		t.Error("request reached a server with an untrusted certificate")
	}))
	defer srv.Close()
	_, err := newTestFetcher(testFetch()).Fetch(t.Context(), Request{URL: srv.URL + "/feed"})
	fetchErr(t, err, KindHard)
	var badCert *tls.CertificateVerificationError
	if !errors.As(err, &badCert) {
		t.Fatalf("err = %v, want a certificate verification error", err)
	}
}

func TestNewHTTPClientSettings(t *testing.T) {
	fc := testFetch()
	fc.Timeout = 3 * time.Second
	c := NewHTTPClient(fc)
	tr, ok := c.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("transport is %T", c.Transport)
	}
	// Proxy must be nil, not ProxyFromEnvironment: a proxy would make the
	// dial guard check the proxy's address instead of the feed's.
	if c.Timeout != fc.Timeout || tr.Proxy != nil || tr.TLSHandshakeTimeout == 0 ||
		tr.TLSHandshakeTimeout > fc.Timeout || tr.ResponseHeaderTimeout == 0 || tr.IdleConnTimeout == 0 {
		t.Fatalf("client timeout %v, transport %+v", c.Timeout, tr)
	}
	if c.CheckRedirect == nil {
		t.Fatal("no redirect policy")
	}
}
