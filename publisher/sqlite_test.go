package publisher

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store/sqlite"
	"github.com/wiredesk/wiredesk/story"
)

// *sqlite.DB is the Store wiredesk runs with.
var _ Store = (*sqlite.DB)(nil)

// TestWithSQLiteStore publishes what a real store holds: live stories in
// the feeds, a duplicate redirected, a withdrawn story gone, the source's
// state on /status.json.
func TestWithSQLiteStore(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "wiredesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	cfg := testConfig()
	var srcs []story.SourceState
	for _, src := range cfg.Sources[:2] {
		srcs = append(srcs, story.SourceState{URL: src.URL, Name: src.Name, Agency: src.Agency})
	}
	ids, err := db.SyncSources(ctx, srcs)
	if err != nil {
		t.Fatal(err)
	}
	a, b, dup := testStory(1, "world"), testStory(2, "energy", "world"), testStory(3, "world")
	dup.Link = a.Link // another source carrying the same canonical link
	dup.Agency = "Gulf News Agency"
	save := func(src int, items ...story.Item) story.FetchSummary {
		t.Helper()
		id := ids[srcs[src].URL]
		for i := range items {
			items[i].SourceID = id
		}
		st := srcs[src]
		st.ID, st.LastFetchAt, st.LastSuccessAt, st.LastStatus, st.NextFetchAt = id, t0, t0, 200, t0.Add(10*time.Minute)
		sum, err := db.SaveFetch(ctx, story.Fetch{SourceID: id, State: st, Items: items})
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	save(0, a, b)
	if sum := save(1, dup); sum.Duplicates != 1 {
		t.Fatalf("store did not merge the duplicate: %+v", sum)
	}
	p := New(cfg, db, Options{Now: func() time.Time { return t0 }})
	if err := p.RebuildAll(ctx); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, pub: p, h: withAdmin(p)}

	_, feed := f.get("/feeds/world.rss")
	if !strings.Contains(feed, a.Title) || !strings.Contains(feed, b.Title) {
		t.Errorf("world feed lacks stored stories:\n%s", feed)
	}
	if resp, _ := f.get("/a/" + dup.ID); resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/a/"+a.ID {
		t.Errorf("duplicate: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, page := f.get("/a/" + a.ID); !strings.Contains(page, "Also carried by") || !strings.Contains(page, "Gulf News Agency") {
		t.Error("the original does not credit the duplicate's agency")
	}
	if resp, _ := f.get("/a/no-such-story"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown story: %d", resp.StatusCode)
	}

	if _, err := db.Withdraw(ctx, b.ID, "duplicate of a staff story", "test"); err != nil {
		t.Fatal(err)
	}
	p.InvalidateItems([]string{b.ID})
	if err := p.Rebuild(ctx, b.Categories); err != nil {
		t.Fatal(err)
	}
	if resp, _ := f.get("/a/" + b.ID); resp.StatusCode != http.StatusGone {
		t.Errorf("withdrawn story: %d", resp.StatusCode)
	}
	if _, feed := f.get("/feeds/energy.json"); strings.Contains(feed, b.Title) {
		t.Error("withdrawn story still in the energy feed")
	}

	_, body := f.get("/status.json")
	var st Status
	if err := json.Unmarshal([]byte(body), &st); err != nil {
		t.Fatal(err)
	}
	if got := st.Sources[0]; got.State != StateOK || got.Stories < 2 || got.HTTPStatus != 200 {
		t.Errorf("status of the stored source: %+v", got)
	}
}
