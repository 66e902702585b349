package aggregator

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/internal/clock"
	"github.com/wiredesk/wiredesk/store/sqlite"
)

// TestHostileReloadAppliesFetchKeys flips each fetch.* key by Reload and
// checks that the next fetch obeys it: the address guard first (a reload
// to allow_private: false must stop connections to 127.0.0.1), then the
// body cap, the deadline, the limits, the budget, the drop-folder root
// and the interval. Issue 12, item 3.
func TestHostileReloadAppliesFetchKeys(t *testing.T) {
	up := httptest.NewServer(&relHealthy{}) // a new document every request
	t.Cleanup(up.Close)
	root := t.TempDir()
	base := map[string]string{
		"allow_private": "true", "timeout": "30s", "max_body": "1MB", "concurrency": "4",
		"per_host": "2", "interval": "10m", "budget": "16MB", "file_root": root,
	}
	mk := func(t *testing.T, key, value string) *config.Config {
		t.Helper()
		var y strings.Builder
		y.WriteString("fetch:\n")
		for _, k := range []string{"allow_private", "timeout", "max_body", "concurrency", "per_host", "interval", "budget", "file_root"} {
			v := base[k]
			if k == key {
				v = value
			}
			fmt.Fprintf(&y, "  %s: %s\n", k, v)
		}
		fmt.Fprintf(&y, "categories:\n  - slug: world\nsources:\n  - {name: Loopback wire, url: %q, category: world}\n", up.URL+"/wire.rss")
		cfg, err := config.Parse("reload.yaml", []byte(y.String()))
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	cases := []struct {
		key, value string
		check      func(t *testing.T, p *Poller, r Result)
	}{
		{"allow_private", "false", func(t *testing.T, p *Poller, r Result) {
			if r.Err == nil || !strings.Contains(r.Err.Error(), "non-public address: 127.0.0.1") {
				t.Errorf("after reload to allow_private: false, a fetch of 127.0.0.1 = %v", r.Err)
			}
		}},
		{"max_body", "1KB", func(t *testing.T, p *Poller, r Result) {
			if r.Err == nil || !strings.Contains(r.Err.Error(), "over the 1024-byte limit") {
				t.Errorf("after reload to max_body: 1KB, a 2 KB document = %v", r.Err)
			}
		}},
		{"timeout", "7s", func(t *testing.T, p *Poller, r Result) {
			if got := p.fetcher.Limits().Timeout; got != 7*time.Second {
				t.Errorf("client deadline %s after reload to 7s", got)
			}
		}},
		{"concurrency", "9", func(t *testing.T, p *Poller, r Result) {
			if got := p.fetcher.Limits().Concurrency; got != 9 {
				t.Errorf("%d fetch slots after reload to 9", got)
			}
			if got := workers(p.Config()); got != 18 {
				t.Errorf("%d workers after reload to concurrency 9", got)
			}
		}},
		{"per_host", "5", func(t *testing.T, p *Poller, r Result) {
			if got := p.fetcher.Limits().PerHost; got != 5 {
				t.Errorf("per_host %d after reload to 5", got)
			}
		}},
		{"budget", "64MB", func(t *testing.T, p *Poller, r Result) {
			if got := p.fetcher.Limits().Budget; got != 64<<20 {
				t.Errorf("budget %d after reload to 64MB", got)
			}
		}},
		{"file_root", filepath.Join(root, "drop"), func(t *testing.T, p *Poller, r Result) {
			if err := os.MkdirAll(filepath.Join(root, "drop"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(root, "outside.rss"), []byte("<rss/>"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := p.fetcher.FetchFile(t.Context(), fetch.Request{URL: fileURL(filepath.Join(root, "outside.rss"))})
			if err == nil || !strings.Contains(err.Error(), "not under fetch.file_root") {
				t.Errorf("after reload to a narrower file_root, a file outside it = %v", err)
			}
		}},
		{"interval", "3h", func(t *testing.T, p *Poller, r Result) {
			if r.Err != nil || r.Next.Before(clock.Now().Add(2*time.Hour)) {
				t.Errorf("after reload to interval 3h: next fetch %v (%v)", r.Next, r.Err)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) {
			cfg := mk(t, "", "")
			db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "w.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			p := NewPoller(cfg, db, PollerOptions{Fetcher: fetch.NewFetcher(fetch.NewHTTPClient(cfg.Fetch), cfg.Fetch, testUA)})
			if err := p.Sync(t.Context()); err != nil {
				t.Fatal(err)
			}
			if r := p.pollSource(t.Context(), cfg.Sources[0], true); r.Err != nil {
				t.Fatalf("before the reload: %v", r.Err)
			}
			next := mk(t, tc.key, tc.value)
			if err := p.Reload(t.Context(), next); err != nil {
				t.Fatal(err)
			}
			tc.check(t, p, p.pollSource(t.Context(), next.Sources[0], true))
		})
	}
}

// TestHostileGuardedClientFollowsReload: a client that outlives reloads
// (the WebSub hub's) asks the configuration in force at every connection,
// so a reload to allow_private: false refuses loopback at once.
func TestHostileGuardedClientFollowsReload(t *testing.T) {
	up := httptest.NewServer(&relHealthy{})
	t.Cleanup(up.Close)
	var allow atomic.Bool
	allow.Store(true)
	c := fetch.NewGuardedHTTPClient(config.Fetch{Timeout: 5 * time.Second, AllowPrivate: true}, allow.Load)
	c.Transport.(*http.Transport).DisableKeepAlives = true // a connection per request
	get := func() error {
		resp, err := c.Get(up.URL + "/wire.rss")
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}
	if err := get(); err != nil {
		t.Fatalf("allow_private: true: %v", err)
	}
	allow.Store(false)
	if err := get(); !errors.Is(err, fetch.ErrPrivateAddress) {
		t.Errorf("after a reload to allow_private: false: %v, want ErrPrivateAddress", err)
	}
}
