package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/wiredesk/wiredesk/config"
)

// Load test size: a fixed number of requests, not a duration.
const (
	loadRequests = 20000
	loadWorkers  = 16
	loadAdded    = 8 // sources added by config edits during the load
)

// loadUpstream is a wire whose feeds change on every request: request n of
// a path carries stories n-9..n, so every poll writes new stories.
type loadUpstream struct {
	mu       sync.Mutex
	n        map[string]int
	arrivals chan string
}

func (u *loadUpstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u.mu.Lock()
	u.n[r.URL.Path]++
	n := u.n[r.URL.Path]
	u.mu.Unlock()
	select {
	case u.arrivals <- r.URL.Path:
	default:
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	if _, err := w.Write(loadFeed(r.URL.Path, n)); err != nil {
		return // the poller hung up; it will fetch again
	}
}

// loadFeed renders stories n-9..n of feed name.
func loadFeed(name string, n int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Load %s</title>`+
		`<link>https://load.example/</link><description>d</description>`, name)
	for i := n; i > max(0, n-10); i-- {
		fmt.Fprintf(&b, "<item><guid>%s-%d</guid><title>Story %d of %s</title><link>https://load.example%s/%d</link>"+
			"<description>&lt;p&gt;Body %d of %s.&lt;/p&gt;</description></item>", name, i, i, name, name, i, i, name)
	}
	b.WriteString("</channel></rss>")
	return b.Bytes()
}

// TestServeUnderLoadWhilePolling runs the real serve command on loopback
// and sends a fixed 20,000 requests from 16 goroutines to the feeds and
// pages while sources are polled and written: an upstream that changes on
// every request, a file source rewritten every 1,000 requests and polled
// every second, and eight sources added by editing the config file during
// the load (each reload polls the new source at once). No response is a
// 5xx, every feed parses, and the feeds changed during the load.
func TestServeUnderLoadWhilePolling(t *testing.T) {
	total := loadRequests
	if testing.Short() {
		total = 4000
	}
	up := &loadUpstream{n: map[string]int{}, arrivals: make(chan string, 1024)}
	us := httptest.NewServer(up)
	defer us.Close()
	dir := t.TempDir()
	fileFeed := filepath.Join(dir, "file-wire.rss")
	if err := os.WriteFile(fileFeed, loadFeed("/file", 1), 0o644); err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "sources.yaml")
	y := "site:\n  base_url: http://desk.example\nfetch:\n  allow_private: true\n  per_host: 16\n  file_root: " + filepath.ToSlash(dir) + "\ncategories:\n  - slug: world\nsources:\n" +
		"  - name: File wire\n    url: file://" + filepath.ToSlash(fileFeed) + "\n    category: world\n    interval: 1s\n"
	for i := range 4 {
		y += fmt.Sprintf("  - name: Start wire %d\n    url: %s/start/%d.rss\n    category: world\n", i, us.URL, i)
	}
	if err := os.WriteFile(cfgPath, []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}

	addr, done := startServe(t, "--addr", "127.0.0.1:0", "--config", cfgPath, "--db", filepath.Join(dir, "load.db"), "--log-level", "error")
	base := "http://" + addr

	// The writer applies the edits the load goroutines ask for, in order.
	edits := make(chan int, total/1000+1)
	writerDone := make(chan struct{})
	var added atomic.Int64
	go func() {
		defer close(writerDone)
		for k := range edits {
			if err := os.WriteFile(fileFeed+".tmp", loadFeed("/file", k+1), 0o644); err != nil {
				t.Error(err)
			} else if err := os.Rename(fileFeed+".tmp", fileFeed); err != nil {
				t.Error(err)
			}
			if k%2 == 0 && added.Load() < loadAdded {
				n := added.Add(1)
				src := config.Source{Name: fmt.Sprintf("Added wire %d", n), URL: fmt.Sprintf("%s/added/%d.rss", us.URL, n), Category: "world"}
				if err := config.AppendSources(cfgPath, []config.Source{src}); err != nil {
					t.Error(err)
				}
			}
		}
	}()

	stats := loadRun(t, base, total, edits)
	close(edits)
	<-writerDone
	loadWaitPolled(t, up.arrivals, int(added.Load()))
	done()

	t.Logf("%d requests: %v; %d feeds parsed, %d distinct versions of /feeds/all.json", total, stats.codes, stats.parsed, len(stats.etags))
	for code, n := range stats.codes {
		if code >= 500 || (code != http.StatusOK && code != http.StatusNotModified) {
			t.Errorf("%d responses with status %d", n, code)
		}
	}
	if stats.parsed == 0 || stats.failures > 0 {
		t.Errorf("%d feeds parsed, %d invalid", stats.parsed, stats.failures)
	}
	if len(stats.etags) < 2 {
		t.Errorf("/feeds/all.json never changed during the load (%d versions): nothing was written while serving", len(stats.etags))
	}
}

// startServe runs "wiredesk serve" in-process, waits for its "serving on"
// line and returns the address and a function that stops it and checks it
// shut down cleanly.
func startServe(t *testing.T, args ...string) (string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	exited := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"serve", "--admin-addr", "127.0.0.1:0"}, args...), pw, &stderr)
		pw.Close()
		exited <- err
	}()
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), "serving on http://"); ok {
				addr, _, _ := strings.Cut(rest, " ")
				addrc <- addr
			}
		}
		// Keep draining so that serve never blocks on its stdout.
		if _, err := io.Copy(io.Discard, pr); err != nil {
			return
		}
	}()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-exited:
		cancel()
		t.Fatalf("serve exited: %v\n%s", err, stderr.String())
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-exited; err != nil {
				t.Errorf("serve: %v\n%s", err, stderr.String())
			}
		})
	}
	t.Cleanup(stop)
	return addr, stop
}

type loadStats struct {
	mu       sync.Mutex
	codes    map[int]int
	parsed   int
	failures int
	etags    map[string]bool
}

// loadRun sends total requests from loadWorkers goroutines, round-robin
// over the feeds and pages, asking for an edit every 1,000 requests.
func loadRun(t *testing.T, base string, total int, edits chan<- int) *loadStats {
	paths := []string{"/feeds/all.json", "/feeds/all.rss", "/feeds/all.atom", "/feeds/world.rss",
		"/feeds/world.atom", "/feeds/world.json", "/", "/c/world", "/opml", "/healthz"}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: loadWorkers}}
	defer client.CloseIdleConnections()
	st := &loadStats{codes: map[int]int{}, etags: map[string]bool{}}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range loadWorkers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= total {
					return
				}
				if i%1000 == 999 {
					edits <- i / 1000
				}
				loadOne(t, client, base, paths[i%len(paths)], i%97 == 0, st)
			}
		})
	}
	wg.Wait()
	return st
}

// loadOne requests one path; every feed is checked for its media type and
// a non-empty body, and with parse (about one in a hundred) parsed.
func loadOne(t *testing.T, client *http.Client, base, path string, parse bool, st *loadStats) {
	resp, err := client.Get(base + path)
	if err != nil {
		t.Errorf("GET %s: %v", path, err)
		return
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Errorf("GET %s: read: %v", path, err)
		return
	}
	bad := ""
	if strings.HasPrefix(path, "/feeds/") && resp.StatusCode == http.StatusOK {
		ct := resp.Header.Get("Content-Type")
		switch {
		case len(body) == 0 || !(strings.Contains(ct, "xml") || strings.Contains(ct, "json")):
			bad = "empty body or wrong media type " + ct
		case parse:
			// An empty feed (before the first poll lands) is still valid.
			if _, err := gofeed.NewParser().Parse(bytes.NewReader(body)); err != nil {
				bad = err.Error()
			}
		}
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	st.codes[resp.StatusCode]++
	if bad != "" {
		st.failures++
		if st.failures <= 3 {
			t.Errorf("GET %s: invalid feed: %s: %.200q", path, bad, body)
		}
	} else if parse && strings.HasPrefix(path, "/feeds/") {
		st.parsed++
	}
	if path == "/feeds/all.json" {
		st.etags[resp.Header.Get("ETag")] = true
	}
}

// loadWaitPolled waits until each of the n sources added during the load
// has been fetched, so the edits provably reached the scheduler.
func loadWaitPolled(t *testing.T, arrivals <-chan string, n int) {
	t.Helper()
	seen := map[string]bool{}
	deadline := time.After(2 * time.Minute)
	for len(seen) < n {
		select {
		case p := <-arrivals:
			if strings.HasPrefix(p, "/added/") {
				seen[p] = true
			}
		case <-deadline:
			t.Fatalf("after the load, %d of %d added sources were polled", len(seen), n)
		}
	}
}
