package publisher

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// routeCase is one request and what must come back.
type routeCase struct {
	method, target string
	code           int
	location       string // Location header, when a redirect
	allow          string // Allow header, on a 405
}

func checkRoutes(t *testing.T, h http.Handler, cases []routeCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.target, nil))
			if rec.Code != tc.code {
				t.Fatalf("status %d, want %d (Location %q)", rec.Code, tc.code, rec.Header().Get("Location"))
			}
			if got := rec.Header().Get("Location"); got != tc.location {
				t.Errorf("Location %q, want %q", got, tc.location)
			}
			if got := rec.Header().Get("Allow"); got != tc.allow {
				t.Errorf("Allow %q, want %q", got, tc.allow)
			}
			if tc.code == http.StatusMethodNotAllowed && (rec.Body.String() != "method not allowed\n" || rec.Header().Get("X-Content-Type-Options") != "nosniff") {
				t.Errorf("405: body %q, nosniff %q", rec.Body.String(), rec.Header().Get("X-Content-Type-Options"))
			}
			if tc.method == http.MethodHead && rec.Body.Len() != 0 {
				t.Errorf("HEAD has a body of %d bytes", rec.Body.Len())
			}
		})
	}
}

// TestRoutes pins the public surface's status codes and redirects.
func TestRoutes(t *testing.T) {
	f := newFixture(t)
	const get, head, post = http.MethodGet, http.MethodHead, http.MethodPost
	checkRoutes(t, f.h, []routeCase{
		{get, "/", 200, "", ""},
		{get, "/?utm=x", 200, "", ""},
		{head, "/feeds/world.rss", 200, "", ""},
		{get, "/feeds/all.ninjs", 200, "", ""},
		{get, "/feeds/world.rss?x=1", 200, "", ""},
		{get, "/c/world", 200, "", ""},
		{get, "/c/world?page=1", 200, "", ""},
		{get, "/c/world/page/1", 200, "", ""},
		{get, "/a/s0001", 200, "", ""},
		{get, "/opml", 200, "", ""},
		{get, "/opml.xml", 200, "", ""},
		{get, "/static/style.css", 200, "", ""},
		{get, "/robots.txt", 200, "", ""},
		{get, "/sitemap.xml", 200, "", ""},
		{get, "/sitemap-news.xml", 200, "", ""},
		{get, "/healthz", 200, "", ""},
		{head, "/healthz", 200, "", ""},
		{post, "/feeds/world.rss", 405, "", "GET, HEAD"},
		{http.MethodPut, "/", 405, "", "GET, HEAD"},
		{http.MethodDelete, "/nothing", 405, "", "GET, HEAD"},
		{post, "/healthz", 405, "", "GET, HEAD"},
		// A page's directory form moves to the page; a file has none.
		{get, "/c/world/", 301, "/c/world", ""},
		{get, "/c/world/?page=2", 301, "/c/world?page=2", ""},
		{get, "/c/world/page/2/", 301, "/c/world/page/2", ""},
		{get, "/a/s0001/", 301, "/a/s0001", ""},
		{get, "/c/nope/", 404, "", ""},
		{get, "/feeds/world.rss/", 404, "", ""},
		{get, "/opml/", 404, "", ""},
		{get, "/static/style.css/", 404, "", ""},
		// No ServeMux redirects: not to a subtree, not to a cleaned path.
		{get, "/feeds", 404, "", ""},
		{get, "/feeds/", 404, "", ""},
		{get, "/p/" + strings.Repeat("t", 20), 404, "", ""},
		{get, "/p/", 404, "", ""},
		{get, "/p/" + strings.Repeat("t", 20) + "/", 404, "", ""},
		{get, "/p/" + strings.Repeat("t", 20) + "/c/world", 404, "", ""},
		{get, "/p/" + strings.Repeat("t", 20) + "/feeds/world.rss", 401, "", ""},
		{get, "/p/" + strings.Repeat("t", 20) + "/a/s0001", 401, "", ""},
		{get, "/p/" + strings.Repeat("t", 20) + "/search?q=oil", 401, "", ""},
		{get, "/search/", 404, "", ""},
		{post, "/search", 405, "", "GET, HEAD"},
		{get, "//feeds/world.rss", 404, "", ""},
		{get, "/feeds/../opml", 404, "", ""},
		{get, "/a/./s0001", 404, "", ""},
		{get, "/c/world/extra", 404, "", ""},
		{get, "/c/world/page/x", 404, "", ""},
		{get, "/feeds/world/archive/2026-03-14.rss", 404, "", ""}, // the fake store keeps no archive
	})
}

// TestRoutesUnderBasePath: with site.base_url at /news, both the prefixed
// and the bare paths are served, and redirects stay under the prefix.
func TestRoutesUnderBasePath(t *testing.T) {
	cfg := testConfig()
	cfg.Site.BaseURL = "http://wire.test/news/"
	hub := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusAccepted) })
	p := New(cfg, newFakeStore(defaultItems()...), Options{Now: func() time.Time { return t0 }, Extra: map[string]http.Handler{"/news/hub": hub}})
	if err := p.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	const get = http.MethodGet
	checkRoutes(t, p.Handler(), []routeCase{
		{get, "/news", 200, "", ""},
		{get, "/news/", 200, "", ""},
		{get, "/news/feeds/world.rss", 200, "", ""},
		{get, "/feeds/world.rss", 200, "", ""},
		{get, "/news/c/world", 200, "", ""},
		{get, "/news/c/world/", 301, "/news/c/world", ""},
		{get, "/news/a/s0001/", 301, "/news/a/s0001", ""},
		{get, "/news/healthz", 200, "", ""},
		{get, "/news/a/s0%2F001", 404, "", ""}, // an escaped slash stays inside the ID
		{get, "/news/c/wor%6Cd", 200, "", ""},
		{get, "/newsroom", 404, "", ""},
		{http.MethodPost, "/news/hub", 202, "", ""},
		{get, "/news/hub", 202, "", ""},
	})
}

// TestRoutesBeforeFirstRender: until the first rebuild only /healthz and
// the Extra handlers answer; the rest is 503 with Retry-After.
func TestRoutesBeforeFirstRender(t *testing.T) {
	p := New(testConfig(), newFakeStore(), Options{})
	for _, target := range []string{"/", "/feeds/world.rss", "/c/world", "/a/s0001", "/opml", "/nothing", "/p/tok/feeds/world.rss"} {
		rec := httptest.NewRecorder()
		p.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "5" || rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d %v", target, rec.Code, rec.Header())
		}
	}
	checkRoutes(t, p.Handler(), []routeCase{
		{http.MethodGet, "/healthz", 200, "", ""},
		{http.MethodPost, "/", 405, "", "GET, HEAD"},
	})
}

// TestAdminRoutes pins the operator surface.
func TestAdminRoutes(t *testing.T) {
	f, _ := partnerFixture(t)
	h := f.pub.AdminHandler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/status", nil))
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /status: %d %v", rec.Code, rec.Header())
	}
	for target, code := range map[string]int{
		"/": 200, "/status": 200, "/status.json": 200, "/healthz": 200, "/partners/gazette.opml": 200,
		"/partners/nobody.opml": 404, "/partners/gazette": 404, "/partners/": 404, "/status/": 404, "/metrics": 404,
		"/static/style.css": 200, "/news/static/style.css": 200, "/feeds/world.rss": 404,
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != code {
			t.Errorf("admin %s: %d, want %d", target, rec.Code, code)
		}
	}
}

// TestFeedServeAllocatesNothing: routing keeps the hot path, a cached
// feed (200 and 304), free of allocations.
func TestFeedServeAllocatesNothing(t *testing.T) {
	f := newFixture(t)
	req := httptest.NewRequest(http.MethodGet, "/feeds/all.rss", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	w := &discardWriter{h: make(http.Header)}
	f.h.ServeHTTP(w, req)
	etag := w.h.Get("Etag")
	cond := httptest.NewRequest(http.MethodGet, "/feeds/all.rss", nil)
	cond.Header.Set("If-None-Match", etag)
	for name, r := range map[string]*http.Request{"200": req, "304": cond} {
		allocs := testing.AllocsPerRun(100, func() {
			w.reset()
			f.h.ServeHTTP(w, r)
		})
		if allocs != 0 {
			t.Errorf("%s: %.1f allocations per request, want 0", name, allocs)
		}
	}
}
