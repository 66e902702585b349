package fetch

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/config"
)

// TestHostileRedirectChainToPrivate: with allow_private: false, a feed on
// an allowed host that redirects, hop after hop, to a private address is
// refused at the hop that would connect there, and the private server
// never sees a request. A test resolver maps the public-looking names to
// loopback servers; only the first is admitted by the address guard, as a
// public address would be. Issue 12, item 13.
func TestHostileRedirectChainToPrivate(t *testing.T) {
	var privateHits atomic.Int32
	private := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		privateHits.Add(1)
		fmt.Fprint(w, `<rss version="2.0"><channel><title>internal</title><item><guid>secret</guid><title>Internal memo</title></item></channel></rss>`)
	}))
	t.Cleanup(private.Close)
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed": // a CDN hop on the allowed host
			http.Redirect(w, r, "http://cdn.wire.example/ok", http.StatusMovedPermanently)
		case "/ok":
			fmt.Fprint(w, `<rss version="2.0"><channel><title>wire</title><item><guid>w1</guid><title>Public story</title></item></channel></rss>`)
		case "/to-literal":
			http.Redirect(w, r, "http://wire.example/hop", http.StatusFound)
		case "/hop":
			http.Redirect(w, r, private.URL+"/latest", http.StatusFound)
		case "/to-name":
			http.Redirect(w, r, "http://intranet.wire.example/latest", http.StatusTemporaryRedirect)
		}
	}))
	t.Cleanup(public.Close)
	pubAddr := netip.MustParseAddrPort(strings.TrimPrefix(public.URL, "http://"))
	names := map[string]string{ // the test resolver
		"wire.example":          pubAddr.String(),
		"cdn.wire.example":      pubAddr.String(),
		"intranet.wire.example": strings.TrimPrefix(private.URL, "http://"),
	}
	get := func(t *testing.T, start string) (*Response, error) {
		t.Helper()
		fc := config.Fetch{Timeout: 10 * time.Second}
		// pubAddr stands for a public address.
		client := NewHTTPClientAdmitting(fc, func(ap netip.AddrPort) bool { return ap == pubAddr })
		tr := client.Transport.(*http.Transport)
		dial := tr.DialContext
		tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			if to, ok := names[host]; ok && port == "80" {
				addr = to
			}
			return dial(ctx, network, addr)
		}
		return NewFetcher(client, fc, testUA).Fetch(t.Context(), Request{URL: start})
	}
	for _, tc := range []struct{ name, start string }{
		{"to a literal loopback address, third hop", "http://wire.example/to-literal"},
		{"to a name that resolves privately", "http://wire.example/to-name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := get(t, tc.start)
			if err == nil || !strings.Contains(err.Error(), "non-public address: 127.0.0.1") {
				t.Errorf("redirect chain to a private address: %v", err)
			}
			if privateHits.Load() != 0 {
				t.Errorf("the private server answered %d requests", privateHits.Load())
			}
		})
	}
	// The guard did not just refuse everything: the allowed host answers.
	resp, err := get(t, "http://wire.example/feed")
	if err != nil || !strings.Contains(string(resp.Body), "Public story") {
		t.Errorf("a chain that stays on the allowed host: %v", err)
	}
}
