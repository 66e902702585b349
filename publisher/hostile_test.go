package publisher

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/story"
)

// TestHostileFeedWeightBounded: fifty stories at the per-story bound
// (256 KiB of summary and of content each, as the aggregator stores the
// worst item) render feeds of a bounded weight, not 50 × 512 KiB in three
// formats. Issue 12, item 1.
func TestHostileFeedWeightBounded(t *testing.T) {
	heavy := "<p>" + strings.Repeat("<b>x</b>", (256<<10)/8-1) + "</p>"
	var items []story.Item
	for i := range 50 {
		it := testStory(i, "world")
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

// TestHostileExportWithdrawn: a story withdrawn after an export is not
// left online by the next one: its page becomes the withdrawal notice,
// and the page of a story no longer stored is removed. Every exported
// page carries the CSP as a meta element. Issue 12, items 6 and 11.
func TestHostileExportWithdrawn(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	if err := f.pub.Export(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	gone, pruned := testStory(0, "world"), testStory(5, "world")
	page := func(id string) string { return filepath.Join(dir, "a", id, "index.html") }
	before, err := os.ReadFile(page(gone.ID))
	if err != nil || !strings.Contains(string(before), "second paragraph") && !strings.Contains(string(before), "Second paragraph") {
		t.Fatalf("first export of %s: %v", gone.ID, err)
	}
	gone = f.st.items[gone.ID]
	gone.WithdrawnAt, gone.WithdrawReason = t0, "legal request"
	f.st.put(gone)
	f.st.mu.Lock()
	delete(f.st.items, pruned.ID)
	f.st.mu.Unlock()
	f.pub.InvalidateItems([]string{gone.ID, pruned.ID})
	if err := f.pub.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := f.pub.Export(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(page(gone.ID))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(after), "Second paragraph") || !strings.Contains(string(after), "withdrawn") {
		t.Errorf("withdrawn story still exported in full:\n%s", after)
	}
	if _, err := os.Stat(page(pruned.ID)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("page of a story no longer stored: %v, want removed", err)
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !bytes.Contains(b, []byte(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`)) {
			t.Errorf("%s carries no CSP meta element", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
