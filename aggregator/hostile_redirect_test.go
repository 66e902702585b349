package aggregator

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store/sqlite"
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
	fetch := func(t *testing.T, start string) Result {
		t.Helper()
		y := fmt.Sprintf("fetch: {allow_private: false, timeout: 10s}\ncategories:\n  - {slug: world}\nsources:\n  - {name: Wire, url: %q, category: world}\n", start)
		cfg, err := config.Parse("r.yaml", []byte(y))
		if err != nil {
			t.Fatal(err)
		}
		client := newHTTPClient(cfg.Fetch, func(ap netip.AddrPort) error {
			if ap == pubAddr {
				return nil // stands for a public address
			}
			return checkPublicAddr(ap.Addr())
		})
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
		db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "r.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		p := NewPoller(cfg, db, PollerOptions{Fetcher: NewFetcher(client, cfg.Fetch, testUA)})
		if err := p.Sync(t.Context()); err != nil {
			t.Fatal(err)
		}
		return p.PollSource(t.Context(), cfg.Sources[0])
	}
	for _, tc := range []struct{ name, start string }{
		{"to a literal loopback address, third hop", "http://wire.example/to-literal"},
		{"to a name that resolves privately", "http://wire.example/to-name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fetch(t, tc.start)
			if r.Err == nil || !strings.Contains(r.Err.Error(), "non-public address: 127.0.0.1") {
				t.Errorf("redirect chain to a private address: %v", r.Err)
			}
			if r.Summary.New != 0 || privateHits.Load() != 0 {
				t.Errorf("the private server answered %d requests; %d stories stored", privateHits.Load(), r.Summary.New)
			}
		})
	}
	// The guard did not just refuse everything: the allowed host answers.
	if r := fetch(t, "http://wire.example/feed"); r.Err != nil || r.Summary.New != 1 {
		t.Errorf("a chain that stays on the allowed host: %v, %d new", r.Err, r.Summary.New)
	}
}
