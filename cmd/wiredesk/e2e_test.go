package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/feeds"
	"github.com/mmcdole/gofeed"

	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
	"github.com/wiredesk/wiredesk/store/backend"
)

var words = strings.Fields(`minister talks border harbour election council drought
	refinery tanker protest court ruling envoy ceasefire parliament budget vaccine
	airport railway strike flood quake summit treaty tariff pipeline satellite
	stadium festival museum mayor senator general rebels convoy market shares bond`)

var places = []string{"Nairobi", "Lima", "Oslo", "Hanoi", "Quito", "Dakar", "Riga", "Perth", "Tunis", "Lagos"}

// wireFeed renders feed f of n distinct stories in format ("rss", "atom"
// or "json"); content is seeded by f so no two feeds share a story.
func wireFeed(t testing.TB, f, n int, format string) []byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(uint64(f), 7))
	pick := func(k int) string {
		var b []string
		for range k {
			b = append(b, words[rng.IntN(len(words))])
		}
		return strings.Join(b, " ")
	}
	epoch := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	out := &feeds.Feed{
		Title:       fmt.Sprintf("Wire %d", f),
		Link:        &feeds.Link{Href: fmt.Sprintf("https://wire%d.example/", f)},
		Description: "test wire",
		Updated:     epoch,
	}
	for i := range n {
		pub := epoch.Add(-time.Duration(f*97+i*13) * time.Minute)
		place := places[(f+i)%len(places)]
		out.Items = append(out.Items, &feeds.Item{
			Id:          fmt.Sprintf("wire%d-story-%d", f, i),
			Title:       fmt.Sprintf("%s: %s (%d/%d)", place, pick(6), f, i),
			Link:        &feeds.Link{Href: fmt.Sprintf("https://wire%d.example/%d?utm_source=rss", f, i)},
			Description: fmt.Sprintf("<p>%s, %d – %s.</p>", strings.ToUpper(place), i, pick(25)),
			Content:     fmt.Sprintf("<p>%s.</p><p>%s.</p><p>Figure %d.%d.</p>", pick(40), pick(40), f, i),
			Created:     pub,
			Updated:     pub,
		})
	}
	var s string
	var err error
	switch format {
	case "rss":
		s, err = out.ToRss()
	case "atom":
		s, err = out.ToAtom()
	default:
		s, err = out.ToJSON()
	}
	if err != nil {
		t.Fatal(err)
	}
	return []byte(s)
}

var formats = []struct{ name, ctype string }{
	{"rss", upstreamtest.RSSType}, {"atom", upstreamtest.AtomType}, {"json", upstreamtest.JSONType},
}

// wireDesk sets up an upstream of nFeeds × nStories and a config for it.
func wireDesk(t *testing.T, nFeeds, nStories int) (up *upstreamtest.Server, cfgPath, dbPath string) {
	t.Helper()
	up = upstreamtest.New(t)
	var b strings.Builder
	b.WriteString(`site:
  title: Test Desk
  base_url: https://desk.example
fetch:
  timeout: 10s
  allow_private: true
publish:
  max_items: 50
categories:
  - slug: world
    title: World
  - slug: africa
    title: Africa
    region: africa
  - slug: energy
    title: Energy
    keywords: [refinery, tanker, pipeline]
sources:
`)
	for f := range nFeeds {
		ft := formats[f%3]
		path := fmt.Sprintf("/wire%d.%s", f, ft.name)
		up.Handle(path, upstreamtest.OK(wireFeed(t, f, nStories, ft.name), ft.ctype))
		fmt.Fprintf(&b, "  - name: Wire %d\n    url: %s\n    agency: Agency %d\n    category: world\n", f, up.URL(path), f)
	}
	dir := t.TempDir()
	cfgPath = filepath.Join(dir, "sources.yaml")
	if err := os.WriteFile(cfgPath, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return up, cfgPath, filepath.Join(dir, "wiredesk.db")
}

func runCmd(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), args, &stdout, &stderr); err != nil {
		t.Fatalf("wiredesk %s: %v\nstderr:\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

func TestPollOnceTwiceIsIdempotentAndConditional(t *testing.T) {
	const nFeeds, nStories = 30, 50
	up, cfg, db := wireDesk(t, nFeeds, nStories)

	out := runCmd(t, "poll", "--once", "--config", cfg, "--db", db)
	if want := fmt.Sprintf("total: %d sources, %d new, 0 updated, 0 duplicates, 0 unchanged, 0 failed", nFeeds, nFeeds*nStories); !strings.Contains(out, want) {
		t.Fatalf("first poll: want %q in\n%s", want, out)
	}
	ids := storedIDs(t, db)
	if len(ids) != nFeeds*nStories {
		t.Fatalf("stored %d distinct stories, want %d", len(ids), nFeeds*nStories)
	}

	out = runCmd(t, "poll", "--once", "--config", cfg, "--db", db)
	if want := fmt.Sprintf("total: %d sources, 0 new, 0 updated, 0 duplicates, %d unchanged, 0 failed", nFeeds, nFeeds); !strings.Contains(out, want) {
		t.Fatalf("second poll: want %q in\n%s", want, out)
	}
	if n := strings.Count(out, "(304 not modified)"); n != nFeeds {
		t.Errorf("second poll: %d sources answered 304, want %d\n%s", n, nFeeds, out)
	}
	for f := range nFeeds {
		path := fmt.Sprintf("/wire%d.%s", f, formats[f%3].name)
		if h := up.LastHeader(path); h.Get("If-None-Match") == "" || h.Get("If-Modified-Since") == "" {
			t.Errorf("%s: second poll sent no validators: %v", path, h)
		}
		if ua := up.LastHeader(path).Get("User-Agent"); !strings.HasPrefix(ua, "wiredesk/") || !strings.Contains(ua, "https://desk.example") {
			t.Errorf("%s: User-Agent %q", path, ua)
		}
	}
	if again := storedIDs(t, db); len(again) != len(ids) {
		t.Fatalf("second poll changed the store: %d stories, want %d", len(again), len(ids))
	}
}

func storedIDs(t *testing.T, path string) map[string]bool {
	t.Helper()
	ctx := context.Background()
	db, err := backend.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	items, err := db.Latest(ctx, "all", 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, it := range items {
		if ids[it.ID] {
			t.Errorf("story %s listed twice", it.ID)
		}
		ids[it.ID] = true
	}
	return ids
}

// adminBases maps the base URL of each server serveDesk started to the
// base URL of its operator listener.
var adminBases sync.Map

// adminOf returns the operator base URL of the server at base.
func adminOf(t *testing.T, base string) string {
	t.Helper()
	a, ok := adminBases.Load(base)
	if !ok {
		t.Fatalf("no operator address known for %s", base)
	}
	return a.(string)
}

// serveDesk runs "wiredesk serve" on a loopback port (its operator pages
// on another) until the test ends and returns its base URL.
func serveDesk(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	var stderr syncBuffer
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0", "--log-level", "warn"}, args...), pw, &stderr)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve returned %v\nstderr:\n%s", err, stderr.String())
		}
	})
	addr := regexp.MustCompile(`serving on (http://\S+)`)
	adminAddr := regexp.MustCompile(`operator pages on (http://[^/\s]+)`)
	sc := bufio.NewScanner(pr)
	admin := ""
	for sc.Scan() {
		if m := adminAddr.FindStringSubmatch(sc.Text()); m != nil {
			admin = m[1]
		}
		if m := addr.FindStringSubmatch(sc.Text()); m != nil {
			adminBases.Store(m[1], admin)
			go func() {
				if _, err := io.Copy(io.Discard, pr); err != nil {
					t.Errorf("drain stdout: %v", err)
				}
			}()
			return m[1]
		}
	}
	t.Fatalf("serve printed no address; stderr:\n%s", stderr.String())
	return ""
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func get(t *testing.T, url string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	if len(hdr)%2 == 1 {
		req.Method = hdr[len(hdr)-1]
	}
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestServeEndToEnd(t *testing.T) {
	_, cfg, db := wireDesk(t, 6, 20)
	runCmd(t, "poll", "--once", "--config", cfg, "--db", db)
	base := serveDesk(t, "--config", cfg, "--db", db)

	for _, f := range []struct{ path, ctype string }{
		{"/feeds/world.rss", "application/rss+xml"},
		{"/feeds/world.atom", "application/atom+xml"},
		{"/feeds/world.json", "application/feed+json"},
		{"/feeds/all.rss", "application/rss+xml"},
		{"/feeds/africa.atom", "application/atom+xml"},
	} {
		t.Run(f.path, func(t *testing.T) {
			resp, body := get(t, base+f.path)
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), f.ctype) {
				t.Fatalf("GET %s: %d %s", f.path, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("feed readers cannot parse %s: %v", f.path, err)
			}
			if len(feed.Items) == 0 || len(feed.Items) > 50 {
				t.Fatalf("%s has %d items", f.path, len(feed.Items))
			}
			for _, it := range feed.Items {
				if !strings.HasPrefix(it.Link, "https://desk.example/a/") || it.GUID == "" {
					t.Errorf("%s: item link %q guid %q", f.path, it.Link, it.GUID)
				}
			}
			etag := resp.Header.Get("ETag")
			if r, b := get(t, base+f.path, "If-None-Match", etag); r.StatusCode != http.StatusNotModified || len(b) != 0 {
				t.Errorf("revalidation: %d with %d bytes", r.StatusCode, len(b))
			}
			r, gz := get(t, base+f.path, "Accept-Encoding", "gzip")
			if r.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(r.Header.Get("Vary"), "Accept-Encoding") {
				t.Fatalf("gzip: headers %v", r.Header)
			}
			zr, err := gzip.NewReader(bytes.NewReader(gz))
			if err != nil {
				t.Fatal(err)
			}
			plain, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(plain, body) {
				t.Errorf("gzip body differs from identity body (err %v)", err)
			}
			if r, b := get(t, base+f.path, http.MethodHead); r.StatusCode != http.StatusOK || len(b) != 0 || r.Header.Get("ETag") != etag {
				t.Errorf("HEAD: %d, %d bytes, etag %q", r.StatusCode, len(b), r.Header.Get("ETag"))
			}
		})
	}

	resp, body := get(t, base+"/feeds/world.json")
	m := regexp.MustCompile(`"url":\s*"https://desk.example(/a/[0-9a-f]+)"`).FindSubmatch(body)
	if resp.StatusCode != 200 || m == nil {
		t.Fatalf("no story URL in the JSON feed")
	}
	for _, p := range []string{"/", "/c/world", "/c/africa", string(m[1]), "/opml", "/healthz"} {
		if r, b := get(t, base+p); r.StatusCode != http.StatusOK || len(b) == 0 {
			t.Errorf("GET %s: %d (%d bytes)", p, r.StatusCode, len(b))
		}
	}
	admin := adminOf(t, base)
	for _, p := range []string{"/status", "/status.json", "/metrics"} {
		if r, b := get(t, admin+p); r.StatusCode != http.StatusOK || len(b) == 0 {
			t.Errorf("GET operator %s: %d (%d bytes)", p, r.StatusCode, len(b))
		}
		if r, _ := get(t, base+p); r.StatusCode != http.StatusNotFound {
			t.Errorf("GET public %s: %d, want 404: operator pages are not public", p, r.StatusCode)
		}
	}
	if r, b := get(t, base+"/feeds/nope.rss"); r.StatusCode != http.StatusNotFound || !bytes.Contains(b, []byte("/c/world")) {
		t.Errorf("unknown category: %d, body lists categories: %v", r.StatusCode, bytes.Contains(b, []byte("/c/world")))
	}
	if _, b := get(t, admin+"/metrics"); !bytes.Contains(b, []byte("wiredesk_http_requests_total")) || !bytes.Contains(b, []byte("wiredesk_database_bytes")) {
		t.Errorf("metrics lack wiredesk series")
	}
}

func TestPollWritesCPUProfile(t *testing.T) {
	_, cfg, db := wireDesk(t, 3, 20)
	prof := filepath.Join(t.TempDir(), "poll.pprof")
	out := runCmd(t, "poll", "--once", "--config", cfg, "--db", db, "--cpuprofile", prof)
	if !strings.Contains(out, "total: 3 sources, 60 new") {
		t.Fatalf("poll with a profile: %s", out)
	}
	b, err := os.ReadFile(prof)
	if err != nil {
		t.Fatal(err)
	}
	// A pprof profile is a gzipped protocol buffer.
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Fatalf("profile is %d bytes and not gzip: % x", len(b), b[:min(len(b), 8)])
	}

	var stdout, stderr bytes.Buffer
	err = run(t.Context(), []string{"poll", "--once", "--config", cfg, "--db", db, "--cpuprofile", filepath.Join(prof, "x")}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "--cpuprofile") {
		t.Fatalf("profile into a file's subdirectory: err %v, want one naming --cpuprofile", err)
	}
}
