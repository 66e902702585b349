package publisher

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/publisher/feed"
	"github.com/wiredesk/wiredesk/story"
)

func etags(f *fixture, targets ...string) map[string]string {
	out := make(map[string]string)
	for _, t := range targets {
		out[t] = f.do(http.MethodGet, t).Header.Get("ETag")
	}
	return out
}

func TestRebuildChangesETagOnlyWithContent(t *testing.T) {
	f := newFixture(t)
	targets := []string{"/feeds/world.rss", "/feeds/world.atom", "/feeds/energy.json", "/feeds/all.rss", "/c/world", "/c/energy", "/"}
	before := etags(f, targets...)
	lmBefore := f.do(http.MethodGet, "/feeds/world.rss").Header.Get("Last-Modified")

	// Nothing changed: every validator stays.
	if err := f.pub.Rebuild(context.Background(), []string{"world", "energy"}); err != nil {
		t.Fatal(err)
	}
	if err := f.pub.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	for k, v := range etags(f, targets...) {
		if v != before[k] {
			t.Errorf("%s: ETag changed without a content change", k)
		}
	}
	if lm := f.do(http.MethodGet, "/feeds/world.rss").Header.Get("Last-Modified"); lm != lmBefore {
		t.Errorf("Last-Modified moved from %s to %s", lmBefore, lm)
	}

	// A new world story: world, all and the front page change; energy does not.
	fresh := testStory(100, "world")
	fresh.Title = "Breaking: new world story"
	fresh.PublishedAt, fresh.UpdatedAt = t0, t0
	f.st.put(fresh)
	if err := f.pub.Rebuild(context.Background(), []string{"world"}); err != nil {
		t.Fatal(err)
	}
	after := etags(f, targets...)
	for _, k := range []string{"/feeds/world.rss", "/feeds/world.atom", "/feeds/all.rss", "/c/world", "/"} {
		if after[k] == before[k] {
			t.Errorf("%s: ETag unchanged after a new story", k)
		}
	}
	for _, k := range []string{"/feeds/energy.json", "/c/energy"} {
		if after[k] != before[k] {
			t.Errorf("%s: ETag changed though energy did not", k)
		}
	}
	resp, body := f.get("/feeds/world.rss", "If-None-Match", before["/feeds/world.rss"])
	if resp.StatusCode != 200 || !strings.Contains(body, "Breaking: new world story") {
		t.Errorf("old ETag revalidation: status %d, new story present=%v", resp.StatusCode, strings.Contains(body, "Breaking"))
	}
	if got := resp.Header.Get("Last-Modified"); got != t0.Format(http.TimeFormat) {
		t.Errorf("Last-Modified %s, want the new story's time", got)
	}
}

func TestLastModifiedAdvancesWhenStoryLeaves(t *testing.T) {
	f := newFixture(t)
	first := f.do(http.MethodGet, "/feeds/energy.rss")
	lm := first.Header.Get("Last-Modified")
	// Withdraw an older energy story: the newest time stays the same but
	// the feed changed, so If-Modified-Since must not answer 304.
	it := testStory(3, "energy")
	it.WithdrawnAt = t0
	f.st.put(it)
	f.now = t0.Add(time.Minute)
	if err := f.pub.Rebuild(context.Background(), []string{"energy"}); err != nil {
		t.Fatal(err)
	}
	resp := f.do(http.MethodGet, "/feeds/energy.rss", "If-Modified-Since", lm)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: a changed feed answered 304", resp.StatusCode)
	}
	if resp.Header.Get("ETag") == first.Header.Get("ETag") {
		t.Error("ETag unchanged")
	}
}

func TestStoryPagesCachedUntilInvalidated(t *testing.T) {
	f := newFixture(t)
	_, body := f.get("/a/s0000")
	calls := f.st.calls()
	for range 3 {
		f.get("/a/s0000")
	}
	if f.st.calls() != calls {
		t.Fatalf("store read %d more times for a cached story", f.st.calls()-calls)
	}
	changed := testStory(0, "world")
	changed.Title = "Corrected headline"
	f.st.put(changed)
	if _, b := f.get("/a/s0000"); b != body {
		t.Error("story page changed before invalidation")
	}
	f.pub.InvalidateItems([]string{"s0000"})
	if _, b := f.get("/a/s0000"); !strings.Contains(b, "Corrected headline") {
		t.Error("InvalidateItems did not drop the page")
	}

	changed.Title = "Corrected again"
	f.st.put(changed)
	if err := f.pub.Rebuild(context.Background(), []string{"energy"}); err != nil {
		t.Fatal(err)
	}
	if _, b := f.get("/a/s0000"); strings.Contains(b, "Corrected again") {
		t.Error("rebuilding an unrelated category dropped the page")
	}
	if err := f.pub.Rebuild(context.Background(), []string{"world"}); err != nil {
		t.Fatal(err)
	}
	if _, b := f.get("/a/s0000"); !strings.Contains(b, "Corrected again") {
		t.Error("rebuilding the story's category kept the stale page")
	}
}

func TestRebuildErrorKeepsServing(t *testing.T) {
	f := newFixture(t)
	_, before := f.get("/feeds/all.rss")
	f.st.mu.Lock()
	f.st.err = errors.New("database is locked")
	f.st.mu.Unlock()
	if err := f.pub.Rebuild(context.Background(), []string{"world"}); err == nil {
		t.Fatal("Rebuild succeeded against a failing store")
	}
	if err := f.pub.RebuildAll(context.Background()); err == nil {
		t.Fatal("RebuildAll succeeded against a failing store")
	}
	if resp, after := f.get("/feeds/all.rss"); resp.StatusCode != 200 || after != before {
		t.Errorf("served %d after a failed rebuild", resp.StatusCode)
	}
}

func TestNotReadyBeforeFirstRebuild(t *testing.T) {
	p := New(testConfig(), newFakeStore(), Options{})
	rec := httptest.NewRecorder()
	p.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/feeds/all.rss", nil))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("status %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	rec = httptest.NewRecorder()
	p.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != 200 || rec.Body.String() != "ok\n" {
		t.Errorf("healthz: %d %q", rec.Code, rec.Body.String())
	}
}

func TestEmptyStore(t *testing.T) {
	f := newFixture(t, []story.Item{}...)
	for _, target := range []string{"/feeds/all.rss", "/feeds/world.atom", "/feeds/energy.json", "/", "/c/world"} {
		if resp, _ := f.get(target); resp.StatusCode != 200 {
			t.Errorf("%s: status %d", target, resp.StatusCode)
		}
	}
	if _, body := f.get("/"); !strings.Contains(body, "No stories yet") {
		t.Error("empty front page says nothing")
	}
}

// TestConcurrentRebuildNeverMixes checks, under -race, that a response's
// ETag always belongs to its body while rebuilds swap snapshots.
func TestConcurrentRebuildNeverMixes(t *testing.T) {
	f := newFixture(t)
	h := f.pub.Handler()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				for _, target := range []string{"/feeds/world.rss", "/c/world", "/a/s0000"} {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
					sum := sha256.Sum256(rec.Body.Bytes())
					if want := `"` + hex.EncodeToString(sum[:12]) + `"`; rec.Header().Get("ETag") != want {
						select {
						case errs <- target + ": ETag does not match body":
						default:
						}
					}
				}
			}
		}()
	}
	for i := range 8 {
		it := testStory(200+i, "world")
		it.PublishedAt = t0.Add(time.Duration(i) * time.Second)
		f.st.put(it)
		if err := f.pub.Rebuild(ctx, []string{"world"}); err != nil {
			t.Error(err)
		}
		f.pub.InvalidateItems([]string{"s0000"})
	}
	cancel()
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestFeedChannelAndMaxItems(t *testing.T) {
	var items []story.Item
	for i := range 70 {
		items = append(items, testStory(i, "world"))
	}
	var mu sync.Mutex
	got := map[string]Channel{}
	counts := map[string]int{}
	record := func(ch Channel, its []story.Item) ([]byte, error) {
		mu.Lock()
		defer mu.Unlock()
		got[ch.Slug], counts[ch.Slug] = ch, len(its)
		return []byte("feed " + ch.Slug), nil
	}
	cfg := testConfig()
	cfg.Publish.MaxItems = 20
	formats := feed.Formats()
	for i := range formats {
		if formats[i].Ext != "ninjs" {
			formats[i].Render = record
		}
	}
	p := New(cfg, newFakeStore(items...), Options{Version: "1.0", Formats: formats})
	if err := p.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := Channel{
		Slug: "world", Title: "Wire Desk — World", Description: "Latest World stories from Wire Desk",
		BaseURL: "http://wire.test", Language: "en", Generator: "wiredesk 1.0", Byline: "Staff, Agencies",
		Updated:        items[0].UpdatedAt,
		CategoryTitles: map[string]string{"middle-east": "Middle East", "lebanon": "Lebanon", "energy": "Energy", "world": "World"},
	}
	if !reflect.DeepEqual(got["world"], want) {
		t.Errorf("world channel\n got %+v\nwant %+v", got["world"], want)
	}
	if all := got["all"]; all.Title != "Wire Desk — All stories" || !all.Updated.Equal(items[0].UpdatedAt) {
		t.Errorf("all channel %+v", all)
	}
	if e := got["energy"]; !e.Updated.IsZero() {
		t.Errorf("empty feed Updated %v, want zero (stable bytes)", e.Updated)
	}
	if counts["world"] != 20 || counts["all"] != 20 || counts["energy"] != 0 {
		t.Errorf("items per feed %v, want max_items", counts)
	}
	rec := httptest.NewRecorder()
	p.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/feeds/world.json", nil))
	if rec.Body.String() != "feed world" {
		t.Errorf("served %q, not the renderer's bytes", rec.Body.String())
	}
}

func TestLastModifiedNeverInFuture(t *testing.T) {
	misdated := testStory(0, "world")
	misdated.PublishedAt, misdated.UpdatedAt = t0.Add(48*time.Hour), t0.Add(48*time.Hour)
	f := newFixture(t, misdated)
	resp, _ := f.get("/feeds/world.rss")
	if got := resp.Header.Get("Last-Modified"); got != t0.Format(http.TimeFormat) {
		t.Errorf("Last-Modified %s, want the clamp to now %s", got, t0.Format(http.TimeFormat))
	}
}

func TestSetConfigMaxAgeKeepsETag(t *testing.T) {
	f := newFixture(t)
	before := f.do(http.MethodGet, "/feeds/world.rss")
	cfg := testConfig()
	cfg.Publish.MaxAge = 5 * time.Minute
	f.pub.SetConfig(cfg)
	if err := f.pub.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	after := f.do(http.MethodGet, "/feeds/world.rss")
	if got := after.Header.Get("Cache-Control"); got != "public, max-age=300" {
		t.Errorf("Cache-Control %q after reload", got)
	}
	if after.Header.Get("ETag") != before.Header.Get("ETag") || after.Header.Get("Last-Modified") != before.Header.Get("Last-Modified") {
		t.Error("validators changed though the bytes did not")
	}
}
