package publisher

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/store"
)

// TestHostileFeedWeightBounded: fifty stories at the per-story bound
// (256 KiB of summary and of content each, as the aggregator stores the
// worst item) render feeds of a bounded weight, not 50 × 512 KiB in three
// formats. Issue 12, item 1.
func TestHostileFeedWeightBounded(t *testing.T) {
	heavy := "<p>" + strings.Repeat("<b>x</b>", (256<<10)/8-1) + "</p>"
	var items []store.Item
	for i := range 50 {
		it := story(i, "world")
		it.SummaryHTML, it.ContentHTML = heavy, heavy
		items = append(items, it)
	}
	f := newFixture(t, items...)
	for _, path := range []string{"/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json", "/feeds/world.atom"} {
		_, body := f.get(path)
		// Escaping can triple tag-heavy HTML (<b> is &lt;b&gt;; JSON
		// \u003cb\u003e is worse), so the bound is on what goes in, and
		// the bytes out stay within a small multiple of it.
		if limit := 6 * MaxFeedStoryBytes; len(body) > limit {
			t.Errorf("%s weighs %d bytes, want at most %d", path, len(body), limit)
		}
		if !strings.Contains(body, items[0].ID) {
			t.Errorf("%s lost its newest story", path)
		}
	}
}

// TestHostileLazyCacheBoundedInBytes: story pages near the per-story bound
// cannot grow the lazy page cache past maxLazyBytes, whatever their count.
func TestHostileLazyCacheBoundedInBytes(t *testing.T) {
	c := newLazyCache(1000, 4<<20)
	page := make([]byte, 600<<10)
	for i := range 40 {
		_, _, err := c.do(fmt.Sprintf("/a/%d", i), func() (*entry, error) { return &entry{body: page}, nil })
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		c.mu.RLock()
		for _, e := range c.m {
			total += e.weight()
		}
		n, size := len(c.m), c.size
		c.mu.RUnlock()
		if total > 4<<20 || total != size {
			t.Fatalf("after %d pages: %d entries weigh %d bytes (counted %d), bound %d", i+1, n, total, size, 4<<20)
		}
	}
	// An entry heavier than the whole bound is served, never kept.
	huge := &entry{body: make([]byte, 5<<20)}
	if e, _, err := c.do("/a/huge", func() (*entry, error) { return huge, nil }); err != nil || e != huge || c.get("/a/huge") != nil {
		t.Errorf("oversized entry: %v %v, cached %v", e == huge, err, c.get("/a/huge") != nil)
	}
}
