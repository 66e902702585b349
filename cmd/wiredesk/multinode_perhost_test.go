package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/internal/pgtest"
)

// Per-host test size: phSources sources on one loopback host, each
// request held phHold so that fetches overlap, polled by phNodes nodes
// with fetch.per_host phPerHost.
const (
	phSources = 60
	phNodes   = 3
	phPerHost = 2
	phHold    = 30 * time.Millisecond
)

// phUpstream serves /h/N.rss (mnFeed's documents) from one host and
// records the most requests it had in flight at once.
type phUpstream struct {
	srv      *httptest.Server
	mu       sync.Mutex
	inFlight int
	most     int
	hits     map[int]int
}

func (u *phUpstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var f int
	if _, err := fmt.Sscanf(r.URL.Path, "/h/%d.rss", &f); err != nil || f < 0 || f >= phSources {
		http.NotFound(w, r)
		return
	}
	u.mu.Lock()
	u.inFlight++
	u.most = max(u.most, u.inFlight)
	u.hits[f]++
	u.mu.Unlock()
	defer func() {
		u.mu.Lock()
		u.inFlight--
		u.mu.Unlock()
	}()
	select { // overlap the fetches, as a slow upstream does
	case <-time.After(phHold):
	case <-r.Context().Done():
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	if _, err := w.Write(mnFeed(f)); err != nil {
		return
	}
}

// TestMultiNodePerHost runs three "wiredesk serve" processes on one
// PostgreSQL database against sources that are all on one host, with
// fetch.per_host 2: the host never has more than two requests in flight
// from the three nodes together (each would send up to two on its own:
// six), and every source is fetched once.
func TestMultiNodePerHost(t *testing.T) {
	url := pgtest.URL(t)
	bins := buildWiredesk(t)
	up := &phUpstream{hits: map[int]int{}}
	up.srv = httptest.NewServer(up)
	t.Cleanup(up.srv.Close)
	var y strings.Builder
	fmt.Fprintf(&y, "site: {title: Host Desk, base_url: https://desk.example}\n"+
		"fetch: {interval: 1h, timeout: 10s, concurrency: 16, per_host: %d, allow_private: true}\n"+
		"categories:\n  - {slug: world, title: World}\nsources:\n", phPerHost)
	for f := range phSources {
		fmt.Fprintf(&y, "  - {name: Host wire %d, url: %q, category: world}\n", f, fmt.Sprintf("%s/h/%d.rss", up.srv.URL, f))
	}
	cfg := filepath.Join(t.TempDir(), "sources.yaml")
	writeFile(t, cfg, y.String())
	db := openMNDB(t, url)
	for i := range phNodes {
		startNode(t, bins, cfg, url, fmt.Sprintf("node%d", i+1))
	}
	eventually2m(t, "every source fetched and saved", func() (bool, string) {
		n := db.int(`SELECT count(*) FROM sources WHERE last_success_at > 0`)
		return n == phSources, fmt.Sprintf("%d of %d sources saved", n, phSources)
	})
	up.mu.Lock()
	defer up.mu.Unlock()
	if up.most > phPerHost {
		t.Errorf("the host had %d requests in flight at once from %d nodes, want at most fetch.per_host = %d",
			up.most, phNodes, phPerHost)
	}
	if up.most < 1 {
		t.Error("no request reached the host")
	}
	for f := range phSources {
		if up.hits[f] != 1 {
			t.Errorf("source %d fetched %d times, want once", f, up.hits[f])
		}
	}
	nodes := db.strings(`SELECT DISTINCT node FROM host_slots`)
	t.Logf("most in flight %d (per_host %d, %d nodes); nodes that took a slot: %v", up.most, phPerHost, phNodes, nodes)
}
