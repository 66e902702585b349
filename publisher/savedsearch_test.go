package publisher

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/story"
)

const sanctionsQuery = `"sanctions" AND (Iran OR Russia) NOT sport`

// savedSearchConfig has the partner configuration (partner-only category
// wires; gazette reads world and wires, courier energy) and two saved
// searches: sanctions (public) and opec-watch (partner-only, granted to
// gazette).
func savedSearchConfig() *config.Config {
	cfg := partnerConfig()
	cfg.Searches = []config.Search{
		{Slug: "sanctions", Title: "Sanctions", Query: sanctionsQuery},
		{Slug: "opec-watch", Title: "OPEC watch", Query: "opec*", Private: true},
	}
	cfg.Partners[0].Categories = append(cfg.Partners[0].Categories, "opec-watch")
	cfg.Partners[0].Formats = nil
	return cfg
}

// sanctionsStories: the first two match the sanctions search; the others
// are refused for a reason each.
func sanctionsStories() (match, others []story.Item) {
	match = []story.Item{
		titled(1, "US widens sanctions on Iran", "New sanctions target Iran's oil sales.", "world"),
		titled(2, "EU agrees sanctions package", "The sanctions hit Russia's banks.", "world"),
	}
	others = []story.Item{
		titled(3, "Iran fined over football sanctions", "The sport body imposed sanctions on Iran.", "world"), // NOT sport
		titled(4, "Iran oil exports rise", "Tankers left Kharg.", "world"),                                    // no "sanctions"
		titled(5, "Sanctions on Russia, the detail", "Russia sanctions list leaked.", "wires"),                // partner-only
		titled(6, "OPEC+ output cut", "OPEC members agreed.", "energy"),                                       // other search
	}
	return match, others
}

// ids returns which of items appear in a document, by their page URL.
func ids(body string, items []story.Item) []string {
	var out []string
	for _, it := range items {
		if strings.Contains(body, "/a/"+it.ID) {
			out = append(out, it.ID)
		}
	}
	return out
}

func TestSavedSearchFeedsInEveryFormat(t *testing.T) {
	match, others := sanctionsStories()
	f, _ := sqliteFixture(t, savedSearchConfig(), append(slices.Clone(match), others...)...)
	all := append(slices.Clone(match), others...)
	want := []string{match[0].ID, match[1].ID}
	formats := 0
	for _, fm := range f.pub.formats {
		formats++
		resp, body := f.get("/feeds/sanctions." + fm.Ext)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != fm.MIME+charsetUTF8 {
			t.Fatalf("%s: %d %s", fm.Ext, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if got := ids(body, all); !slices.Equal(got, want) {
			t.Errorf("%s holds %v, want exactly %v", fm.Ext, got, want)
		}
		if resp.Header.Get("Etag") == "" || resp.Header.Get("Link") != "" {
			t.Errorf("%s: ETag %q, Link %q (a saved search is no WebSub topic)", fm.Ext, resp.Header.Get("Etag"), resp.Header.Get("Link"))
		}
		if fm.Ext == "ninjs" {
			var doc struct {
				Items []map[string]any `json:"items"`
			}
			if err := json.Unmarshal([]byte(body), &doc); err != nil || len(doc.Items) != 2 {
				t.Errorf("ninjs: %v, %d items", err, len(doc.Items))
			}
			continue
		}
		// Read as a feed reader reads it.
		feed, err := gofeed.NewParser().ParseString(body)
		if err != nil {
			t.Fatalf("%s: %v", fm.Ext, err)
		}
		if feed.Title != "Wire Desk — Sanctions" || len(feed.Items) != 2 || feed.Link != "http://wire.test/c/sanctions" {
			t.Errorf("%s: title %q, link %q, %d items", fm.Ext, feed.Title, feed.Link, len(feed.Items))
		}
		if fm.Ext != "json" && !strings.Contains(body, `href="http://wire.test/feeds/sanctions.`+fm.Ext+`"`) {
			t.Errorf("%s: no self link", fm.Ext)
		}
		if strings.Contains(body, "archive") {
			t.Errorf("%s links an archive, which saved searches do not have", fm.Ext)
		}
	}
	if formats < 4 {
		t.Errorf("only %d formats", formats)
	}

	// The page, like a category's, with autodiscovery of its feeds.
	resp, page := f.get("/c/sanctions")
	if resp.StatusCode != http.StatusOK || !slices.Equal(ids(page, all), want) || !strings.Contains(page, "<h1>Sanctions</h1>") {
		t.Errorf("/c/sanctions: %d, holds %v", resp.StatusCode, ids(page, all))
	}
	if !strings.Contains(page, `<link rel="alternate" type="application/rss+xml" title="Sanctions (RSS)" href="http://wire.test/feeds/sanctions.rss">`) {
		t.Error("/c/sanctions does not advertise its feeds")
	}
	// Listed where category feeds are; the partner-only search is not.
	for path, want := range map[string]string{
		"/opml":              `xmlUrl="http://wire.test/feeds/sanctions.rss"`,
		"/sitemap-pages.xml": "<loc>http://wire.test/c/sanctions</loc>",
		"/search":            `<a href="/c/sanctions">Sanctions</a>`,
	} {
		_, body := f.get(path)
		if !strings.Contains(body, want) {
			t.Errorf("%s lacks %s", path, want)
		}
		if strings.Contains(body, "opec-watch") {
			t.Errorf("%s lists the partner-only saved search", path)
		}
	}
}

func TestPartnerOnlySavedSearch(t *testing.T) {
	match, others := sanctionsStories()
	f, _ := sqliteFixture(t, savedSearchConfig(), append(match, others...)...)
	for _, path := range []string{"/feeds/opec-watch.rss", "/feeds/opec-watch.ninjs"} {
		if resp, _ := f.get(path); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("public %s: %d, want 401", path, resp.StatusCode)
		}
	}
	if resp, _ := f.get("/c/opec-watch"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("public /c/opec-watch: %d, want 404", resp.StatusCode)
	}
	resp, body := f.get("/feeds/opec-watch.atom", basic("gazette", gazetteToken)...)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "/a/"+others[3].ID) || !strings.HasPrefix(resp.Header.Get("Cache-Control"), "private") {
		t.Errorf("gazette's opec-watch feed: %d %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	if resp, _ := f.get("/feeds/opec-watch.atom", bearer(courierToken)...); resp.StatusCode != http.StatusForbidden {
		t.Errorf("courier (not granted opec-watch): %d, want 403", resp.StatusCode)
	}
	// Public saved searches are every partner's, as public categories.
	if resp, _ := f.get("/feeds/sanctions.json", bearer(courierToken)...); resp.StatusCode != http.StatusForbidden {
		t.Errorf("courier reading sanctions: %d, want 403 as for any slug it is not granted", resp.StatusCode)
	}
	_, opml := f.get("/opml", basic("gazette", gazetteToken)...)
	if !strings.Contains(opml, "/feeds/opec-watch.rss") {
		t.Errorf("gazette's OPML lacks its saved search:\n%s", opml)
	}
}

// TestSavedSearchFollowsCommits: a story committed after the first render
// reaches a saved search's feeds and page at the next Rebuild, and a
// withdrawal leaves them.
func TestSavedSearchFollowsCommits(t *testing.T) {
	ctx := context.Background()
	match, _ := sanctionsStories()
	f, db := sqliteFixture(t, savedSearchConfig(), match[0])
	_, before := f.get("/feeds/sanctions.json")
	late := match[1]
	src := story.SourceState{ID: match[0].SourceID, URL: "https://example.org/world.rss", Name: "Example Wire", LastStatus: 200,
		LastFetchAt: t0, LastSuccessAt: t0, NextFetchAt: t0.Add(time.Hour)}
	late.SourceID = src.ID
	sum, err := db.SaveFetch(ctx, story.Fetch{SourceID: src.ID, State: src, Items: []story.Item{late}})
	if err != nil {
		t.Fatal(err)
	}
	f.pub.InvalidateItems(sum.Items)
	if err := f.pub.Rebuild(ctx, sum.Categories); err != nil {
		t.Fatal(err)
	}
	_, after := f.get("/feeds/sanctions.json")
	if strings.Contains(before, late.ID) || !strings.Contains(after, late.ID) {
		t.Errorf("the committed story is not in the saved search's feed after Rebuild")
	}
	if _, page := f.get("/c/sanctions"); !strings.Contains(page, "/a/"+late.ID) {
		t.Error("nor on its page")
	}
	if _, err := db.Withdraw(ctx, late.ID, "legal", "test"); err != nil {
		t.Fatal(err)
	}
	if err := f.pub.Rebuild(ctx, late.Categories); err != nil {
		t.Fatal(err)
	}
	if _, feed := f.get("/feeds/sanctions.rss"); strings.Contains(feed, late.ID) {
		t.Error("a withdrawn story stays in the saved search's feed")
	}
}

// TestSavedSearchReload: a reload (SetConfig, RebuildAll) publishes an
// added saved search and drops a removed one.
func TestSavedSearchReload(t *testing.T) {
	ctx := context.Background()
	match, others := sanctionsStories()
	cfg := testConfig()
	f, _ := sqliteFixture(t, cfg, append(match, others...)...)
	if resp, _ := f.get("/feeds/iran.rss"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("before: %d", resp.StatusCode)
	}
	added := testConfig()
	added.Searches = []config.Search{{Slug: "iran", Title: "Iran", Query: "iran"}}
	f.pub.SetConfig(added)
	if err := f.pub.RebuildAll(ctx); err != nil {
		t.Fatal(err)
	}
	resp, body := f.get("/feeds/iran.rss")
	if resp.StatusCode != http.StatusOK || len(ids(body, append(match, others...))) != 3 {
		t.Errorf("added: %d, %v", resp.StatusCode, ids(body, append(match, others...)))
	}
	if _, opml := f.get("/opml"); !strings.Contains(opml, "/feeds/iran.rss") {
		t.Error("the added saved search is not in the OPML")
	}
	f.pub.SetConfig(testConfig())
	if err := f.pub.RebuildAll(ctx); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/feeds/iran.rss", "/feeds/iran.ninjs", "/c/iran"} {
		if resp, _ := f.get(path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("removed: %s is %d", path, resp.StatusCode)
		}
	}
}

func TestSavedSearchPaging(t *testing.T) {
	cfg := testConfig()
	cfg.Publish.MaxItems = 10
	cfg.Searches = []config.Search{{Slug: "storms", Title: "Storms", Query: "storm"}}
	var items []story.Item
	for i := range 15 {
		items = append(items, titled(i, "Storm report", "Winds rose.", "world"))
	}
	f, _ := sqliteFixture(t, cfg, items...)
	_, p1 := f.get("/c/storms")
	resp, p2 := f.get("/c/storms/page/2")
	if !strings.Contains(p1, `rel="next" href="/c/storms/page/2"`) || !strings.Contains(p1, "Page 1<") {
		t.Error("page 1 does not link page 2")
	}
	if resp.StatusCode != http.StatusOK || strings.Count(p2, "<li>") != 5 || strings.Contains(p2, `rel="next"`) {
		t.Errorf("page 2: %d, %d stories", resp.StatusCode, strings.Count(p2, "<li>"))
	}
	if resp, _ := f.get("/c/storms/page/3"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("page 3: %d, want 404", resp.StatusCode)
	}
}

// TestReconfigureIsOneSwap: while story commits re-render (Rebuild) in a
// loop, reloads that add and remove a saved search never let a reader see
// the search's feed without it in the OPML, or the reverse. With the
// configuration switched first and rendered after, a Rebuild in between
// published the new search's feed beside the old OPML: the window the
// serve test TestSavedSearchHotReload fell into in CI.
func TestReconfigureIsOneSwap(t *testing.T) {
	ctx := context.Background()
	match, others := sanctionsStories()
	f, _ := sqliteFixture(t, testConfig(), append(match, others...)...)
	added := testConfig()
	added.Searches = []config.Search{{Slug: "iran", Title: "Iran", Query: "iran"}}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var rebuilds, seen, torn atomic.Int64
	wg.Add(2)
	go func() { // commits landing
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := f.pub.Rebuild(ctx, []string{"world"}); err != nil {
				t.Error(err)
				return
			}
			rebuilds.Add(1)
		}
	}()
	go func() { // a reader
		defer wg.Done()
		var last *snapshot
		for {
			select {
			case <-stop:
				return
			default:
			}
			s := f.pub.snap.Load()
			if s == last {
				runtime.Gosched()
				continue
			}
			last = s
			seen.Add(1)
			_, feed := s.entries["/feeds/iran.rss"]
			if feed != bytes.Contains(s.entries["/opml"].body, []byte("/feeds/iran.rss")) {
				torn.Add(1)
			}
		}
	}()
	for i := range 60 {
		cfg := testConfig()
		if i%2 == 0 {
			cfg = added
		}
		if err := f.pub.Reconfigure(ctx, cfg); err != nil {
			t.Fatal(err)
		}
		_, feed := f.pub.snap.Load().entries["/feeds/iran.rss"]
		if feed != (i%2 == 0) {
			t.Fatalf("reload %d: the saved search's feed served: %v", i, feed)
		}
	}
	close(stop)
	wg.Wait()
	if n := torn.Load(); n > 0 {
		t.Errorf("%d of %d snapshots served the saved search's feed and the OPML of different configurations", n, seen.Load())
	}
	if rebuilds.Load() < 20 {
		t.Errorf("only %d rebuilds ran beside the reloads", rebuilds.Load())
	}
}
