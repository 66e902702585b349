package publisher

import (
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/publisher/feed"
	"github.com/wiredesk/wiredesk/story"
)

func TestArchiveDocumentsChainBackByDay(t *testing.T) {
	db, save := openCursorStore(t)
	// Two stories on 12 March, none on the 13th, three on the 14th (t0's day).
	var items []story.Item
	for i, at := range []time.Time{t0.Add(-50 * time.Hour), t0.Add(-49 * time.Hour), t0.Add(-3 * time.Hour), t0.Add(-2 * time.Hour), t0.Add(-time.Hour)} {
		it := testStory(i, "world")
		it.PublishedAt, it.UpdatedAt = at, at
		items = append(items, it)
	}
	save(items...)
	cfg := testConfig()
	cfg.Publish.MaxItems = 2 // the subscription feed holds the two newest
	now := t0
	p := New(cfg, db, Options{Now: func() time.Time { return now }})
	if err := p.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	h := p.Handler()
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	sub := get("/feeds/world.atom").Body.String()
	if !strings.Contains(sub, `<link href="http://wire.test/feeds/world/archive/2026-03-14.atom" rel="prev-archive">`) {
		t.Errorf("subscription feed lacks prev-archive to its oldest story's day:\n%s", sub)
	}
	today := get("/feeds/world/archive/2026-03-14.atom")
	body := today.Body.String()
	for _, want := range []string{
		`xmlns:fh="http://purl.org/syndication/history/1.0"`, "<fh:archive></fh:archive>",
		`<link href="http://wire.test/feeds/world/archive/2026-03-14.atom" rel="self"`,
		`<link href="http://wire.test/feeds/world.atom" rel="current">`,
		`<link href="http://wire.test/feeds/world/archive/2026-03-12.atom" rel="prev-archive">`, // the 13th is empty
		feed.StoryID("s0002"), feed.StoryID("s0004"),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("today's archive lacks %s", want)
		}
	}
	if strings.Contains(body, "next-archive") || strings.Contains(body, feed.StoryID("s0001")) {
		t.Error("today's archive links a next day or holds an older story")
	}
	if cc := today.Header().Get("Cache-Control"); cc != "public, max-age=60" {
		t.Errorf("today's archive Cache-Control = %q, want the feeds' (the day is not over)", cc)
	}
	old := get("/feeds/world/archive/2026-03-12.rss")
	if cc := old.Header().Get("Cache-Control"); old.Code != http.StatusOK || cc != "public, max-age=60" {
		t.Errorf("an archive of two days ago: %d, Cache-Control %q; want the feeds' (a late story may still land there)", old.Code, cc)
	}
	now = t0.Add(archiveSettle + 48*time.Hour)
	if cc := get("/feeds/world/archive/2026-03-12.rss").Header().Get("Cache-Control"); cc != "public, max-age=31536000" {
		t.Errorf("a settled day's archive: Cache-Control %q, want a year", cc)
	}
	now = t0
	ob := old.Body.String()
	if !strings.Contains(ob, `<atom:link href="http://wire.test/feeds/world/archive/2026-03-13.rss" rel="next-archive">`) ||
		!strings.Contains(ob, feed.StoryID("s0000")) || strings.Contains(ob, "prev-archive") || !strings.Contains(ob, "<fh:archive>") {
		t.Errorf("12 March RSS archive:\n%s", ob)
	}
	for _, path := range []string{"/feeds/world/archive/2026-03-15.atom", "/feeds/world/archive/2026-03-12.json", "/feeds/nope/archive/2026-03-12.atom", "/feeds/world/archive/yesterday.atom",
		"/feeds/world/archive/2026-03-11.atom", "/feeds/world/archive/1999-01-01.rss"} { // before the first story
		if rec := get(path); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, rec.Code)
		}
	}
}

// The archive of "all" is public: a story filed only under a partner-only
// category must not be in it, as it is not in /feeds/all.*.
func TestArchiveOfAllLeavesOutPartnerOnlyStories(t *testing.T) {
	db, save := openCursorStore(t)
	private, public := testStory(0, "wires"), testStory(1, "wires", "world")
	for _, it := range []*story.Item{&private, &public} {
		it.PublishedAt, it.UpdatedAt = t0.Add(-time.Hour), t0.Add(-time.Hour)
	}
	save(private, public)
	p := New(partnerConfig(), db, Options{Now: func() time.Time { return t0 }})
	if err := p.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/feeds/all/archive/2026-03-14.atom", "/feeds/all/archive/2026-03-14.rss"} {
		rec := httptest.NewRecorder()
		p.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, feed.StoryID("s0001")) {
			t.Fatalf("%s: %d without the public story:\n%s", path, rec.Code, body)
		}
		if strings.Contains(body, feed.StoryID("s0000")) || strings.Contains(body, headlines[0]) {
			t.Errorf("%s carries the partner-only story", path)
		}
	}
}

// An exported site is static: every archive document its feeds and
// archives link (prev-archive, next-archive) must be among the files.
func TestExportWritesTheArchivesItsFeedsLink(t *testing.T) {
	db, save := openCursorStore(t)
	var items []story.Item
	for i, at := range []time.Time{t0.Add(-50 * time.Hour), t0.Add(-3 * time.Hour), t0.Add(-time.Hour)} {
		it := testStory(i, "world")
		it.PublishedAt, it.UpdatedAt = at, at
		items = append(items, it)
	}
	save(items...)
	p := New(testConfig(), db, Options{Now: func() time.Time { return t0 }})
	dir := t.TempDir()
	if err := p.Export(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	links := regexp.MustCompile(`href="http://wire\.test/(feeds/[^"]+/archive/[^"]+)" rel="(?:prev|next)-archive"`)
	checked := 0
	err := filepath.WalkDir(filepath.Join(dir, "feeds"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".rss") || strings.HasSuffix(path, ".atom")) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range links.FindAllStringSubmatch(string(b), -1) {
			checked++
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(m[1]))); err != nil {
				t.Errorf("%s links %s, which the export lacks", strings.TrimPrefix(path, dir), m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 4 {
		t.Fatalf("only %d archive links checked", checked)
	}
}

// An archive document does not change, and the hub refuses it as a topic
// (only the subscription feeds are topics): it advertises no hub.
func TestArchiveAdvertisesNoHub(t *testing.T) {
	db, save := openCursorStore(t)
	it := testStory(0, "world")
	it.PublishedAt, it.UpdatedAt = t0.Add(-50*time.Hour), t0.Add(-50*time.Hour)
	save(it)
	p := New(testConfig(), db, Options{Now: func() time.Time { return t0 }, HubURL: "http://wire.test/hub"})
	if err := p.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/feeds/world.atom", "/feeds/world/archive/2026-03-12.atom", "/feeds/world/archive/2026-03-12.rss"} {
		rec := httptest.NewRecorder()
		p.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		hub := strings.Contains(rec.Body.String(), `rel="hub"`)
		if rec.Code != http.StatusOK || hub != !strings.Contains(path, "/archive/") {
			t.Errorf("%s: %d, advertises the hub: %v", path, rec.Code, hub)
		}
	}
}
