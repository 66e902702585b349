package aggregator

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"

	"github.com/wiredesk/wiredesk/aggregator/dedupe"
	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store/sqlite"
)

// hostileWire serves whatever RSS document was set last, per path.
type hostileWire struct {
	mu   sync.Mutex
	docs map[string]string
}

func (h *hostileWire) set(path, guid, link, title, dateline string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.docs[path] = fmt.Sprintf(`<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>https://wire.example/</link><description>d</description>
<item><title>%s</title><link>%s</link><guid isPermaLink="false">%s</guid><description>%s %s</description></item></channel></rss>`,
		path, title, link, guid, dateline, wireBody)
}

func (h *hostileWire) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	doc := h.docs[r.URL.Path]
	h.mu.Unlock()
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, doc)
}

// TestHostileWithdrawnStaysWithdrawn: a withdrawn story re-sent by its
// wire under a new GUID (same link, then the link with ?utm_source=rss),
// re-sent under a new link, or carried by another agency, never becomes
// live again, across a restart of the poller too. Issue 12, item 5.
func TestHostileWithdrawnStaysWithdrawn(t *testing.T) {
	wire := &hostileWire{docs: map[string]string{}}
	up := httptest.NewServer(wire)
	t.Cleanup(up.Close)
	y := fmt.Sprintf("fetch: {allow_private: true}\ncategories:\n  - {slug: world, title: World}\nsources:\n"+
		"  - {name: Alpha, url: %q, category: world}\n  - {name: Beta, url: %q, category: world}\n", up.URL+"/alpha", up.URL+"/beta")
	cfg, err := config.Parse("w.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	poller := func() *Poller { // a new one is a restart: its index is rebuilt from the store
		p := NewPoller(cfg, db, PollerOptions{
			Fetcher: fetch.NewFetcher(fetch.NewHTTPClient(cfg.Fetch), cfg.Fetch, testUA),
			Deduper: NewDeduper(dedupe.NewMatcher(0)),
		})
		if err := p.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const title = "Iran says nuclear talks to resume in Oman"
	wire.set("/alpha", "g1", "https://alpha.example/iran-talks", title, "TEHRAN (Alpha) -")
	r := poller().pollSource(t.Context(), cfg.Sources[0], true)
	if r.Err != nil || r.Summary.New != 1 {
		t.Fatalf("first poll: %+v", r)
	}
	if _, err := db.Withdraw(t.Context(), r.Summary.Items[0], "legal request", "editor"); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name, src, guid, link, title, dateline string
	}{
		{"new GUID, same link", "/alpha", "g1-updated", "https://alpha.example/iran-talks", title + " (updated)", "TEHRAN (Alpha) -"},
		{"new GUID, link with utm_source", "/alpha", "g1-v3", "https://alpha.example/iran-talks?utm_source=rss", title, "TEHRAN (Alpha) -"},
		{"new GUID, new link, same story", "/alpha", "g1-v4", "https://alpha.example/2026/iran-talks-resume", title, "TEHRAN, Monday (Alpha) -"},
		{"another agency's copy", "/beta", "b1", "https://beta.example/2026/iran", title, "TEHRAN (Beta) —"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			wire.set(st.src, st.guid, st.link, st.title, st.dateline)
			src := cfg.Sources[0]
			if st.src == "/beta" {
				src = cfg.Sources[1]
			}
			r := poller().pollSource(t.Context(), src, true)
			if r.Err != nil || r.Summary.New != 0 {
				t.Fatalf("re-sent withdrawn story: %+v", r.Summary)
			}
			live, err := db.Latest(t.Context(), "all", 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(live) != 0 {
				t.Errorf("withdrawn story live again as %q (%s)", live[0].Title, live[0].Link)
			}
		})
	}
}
