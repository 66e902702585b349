package publisher

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/publisher/feed"
	"github.com/wiredesk/wiredesk/store/sqlite"
	"github.com/wiredesk/wiredesk/story"
)

// openCursorStore opens a real store with the test config's first source.
func openCursorStore(t *testing.T) (*sqlite.DB, func(items ...story.Item)) {
	t.Helper()
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
	// The stories are dated around t0; the store stamps what it saves an
	// hour later, whatever today's date is.
	db.SetClock(func() time.Time { return t0.Add(time.Hour) })
	src := testConfig().Sources[0]
	ids, err := db.SyncSources(ctx, []story.SourceState{{URL: src.URL, Name: src.Name, Agency: src.Agency}})
	if err != nil {
		t.Fatal(err)
	}
	id := ids[src.URL]
	return db, func(items ...story.Item) {
		t.Helper()
		for i := range items {
			items[i].SourceID = id
		}
		if _, err := db.SaveFetch(ctx, story.Fetch{SourceID: id, State: story.SourceState{ID: id, LastStatus: 200}, Items: items}); err != nil {
			t.Fatal(err)
		}
	}
}

type cursorDoc struct {
	NextURL  string `json:"next_url"`
	Wiredesk struct {
		Cursor string `json:"cursor"`
	} `json:"_wiredesk"`
	Items []struct {
		ID        string    `json:"id"`
		Title     string    `json:"title"`
		Published time.Time `json:"date_published"`
		Modified  time.Time `json:"date_modified"`
		Wiredesk  struct {
			Deleted bool `json:"deleted"`
		} `json:"_wiredesk"`
	} `json:"items"`
}

func getCursor(t *testing.T, h http.Handler, target string) cursorDoc {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s = %d %s", target, rec.Code, rec.Body)
	}
	var d cursorDoc
	if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	return d
}

// follow reads pages from target until one is empty, as a partner catching
// up does, and returns the item ids in order ("-" marks a deletion) and
// the cursor to resume from.
func follow(t *testing.T, h http.Handler, target string) (ids []string, cursor string) {
	t.Helper()
	for range 50 {
		d := getCursor(t, h, target)
		if len(d.Items) == 0 {
			if d.NextURL != "" {
				t.Errorf("empty page has next_url %q", d.NextURL)
			}
			return ids, d.Wiredesk.Cursor
		}
		for _, it := range d.Items {
			id := it.ID
			if it.Wiredesk.Deleted {
				id = "-" + id
			}
			ids = append(ids, id)
		}
		target = strings.TrimPrefix(d.NextURL, "http://wire.test")
	}
	t.Fatal("cursor never caught up")
	return nil, ""
}

func TestCursorFeedCatchesUpWithoutGaps(t *testing.T) {
	ctx := context.Background()
	db, save := openCursorStore(t)
	cfg := testConfig()
	cfg.Publish.MaxItems = 2 // the subscription feed holds two; the cursor reaches all
	var items []story.Item
	for i := range 5 {
		items = append(items, testStory(i, "world"))
	}
	save(items[4], items[3])
	save(items[2])
	save(items[1], items[0])
	p := New(cfg, db, Options{HubURL: "http://wire.test/hub"})
	if err := p.RebuildAll(ctx); err != nil {
		t.Fatal(err)
	}
	h := p.Handler()
	got, cursor := follow(t, h, "/feeds/world.json?after=0&limit=2")
	want := []string{feed.StoryID("s0004"), feed.StoryID("s0003"), feed.StoryID("s0002"), feed.StoryID("s0001"), feed.StoryID("s0000")}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("followed ids\n got %v\nwant %v (commit order)", got, want)
	}

	// A correction and a withdrawal while the partner is away.
	fixed := items[3]
	fixed.Title = "Corrected headline"
	fixed.UpdatedAt = t0
	save(fixed)
	if _, err := db.Withdraw(ctx, "s0002", "legal", "test"); err != nil {
		t.Fatal(err)
	}
	got, _ = follow(t, h, "/feeds/world.json?after="+cursor)
	if strings.Join(got, " ") != feed.StoryID("s0003")+" -"+feed.StoryID("s0002") {
		t.Errorf("after the cursor: %v, want the corrected story then the deletion", got)
	}
	// The correction keeps its id and carries its new update time.
	if c := getCursor(t, h, "/feeds/world.json?after="+cursor).Items[0]; c.Title != "Corrected headline" ||
		!c.Modified.After(c.Published) {
		t.Errorf("corrected story: %q published %v modified %v", c.Title, c.Published, c.Modified)
	}
	if err := p.Rebuild(ctx, []string{"world"}); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/feeds/world.atom", nil))
	body := rec.Body.String()
	if !strings.Contains(body, `<at:deleted-entry ref="`+feed.StoryID("s0002")+`"`) {
		t.Errorf("Atom feed lacks the tombstone:\n%s", body)
	}
	if link := rec.Header().Get("Link"); link != `<http://wire.test/hub>; rel="hub", <http://wire.test/feeds/world.atom>; rel="self"` {
		t.Errorf("Link = %q", link)
	}
}

func TestCursorFeedRefusesBadRequests(t *testing.T) {
	db, save := openCursorStore(t)
	save(testStory(1, "world"))
	p := New(testConfig(), db, Options{})
	if err := p.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	for target, want := range map[string]int{
		"/feeds/world.json?after=x":            http.StatusBadRequest,
		"/feeds/world.json?after=-1":           http.StatusBadRequest,
		"/feeds/world.json?after=0&limit=5000": http.StatusBadRequest,
		"/feeds/nope.json?after=0":             http.StatusNotFound,
		"/feeds/world.json?utm_source=x":       http.StatusOK,         // not a cursor request
		"/feeds/world.rss?after=0":             http.StatusBadRequest, // no cursor there: not the newest stories instead
		"/feeds/world.atom?after=12":           http.StatusBadRequest,
		"/feeds/nope.rss?after=0":              http.StatusNotFound,
		"/feeds/world.json?after=999999":       http.StatusBadRequest, // past the log's end: not an empty page
	} {
		rec := httptest.NewRecorder()
		p.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != want {
			t.Errorf("GET %s = %d, want %d", target, rec.Code, want)
		}
	}
}

func TestCursorFeedKeepsPartnerOnlyStoriesPrivate(t *testing.T) {
	db, save := openCursorStore(t)
	save(partnerItems()[:3]...) // s0000 only in wires, s0001 in wires and world, s0002 public
	p := New(partnerConfig(), db, Options{})
	if err := p.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	h := p.Handler()
	ids, _ := follow(t, h, "/feeds/all.json?after=0")
	if slices.Contains(ids, feed.StoryID("s0000")) || !slices.Contains(ids, feed.StoryID("s0001")) || len(ids) != 2 {
		t.Errorf("public all cursor = %v, want s0001 and s0002 only", ids)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/feeds/wires.json?after=0", nil))
	if rec.Code != http.StatusUnauthorized || strings.Contains(rec.Body.String(), "s0000") {
		t.Errorf("public wires cursor = %d %s", rec.Code, rec.Body)
	}
	req := httptest.NewRequest(http.MethodGet, "/feeds/wires.json?after=0", nil)
	req.SetBasicAuth("gazette", gazetteToken)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), feed.StoryID("s0000")) ||
		!strings.HasPrefix(rec.Header().Get("Cache-Control"), "private") {
		t.Errorf("partner wires cursor = %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
}

func TestNinjsFeedServed(t *testing.T) {
	db, save := openCursorStore(t)
	save(testStory(1, "world"))
	p := New(testConfig(), db, Options{HubURL: "http://wire.test/hub"})
	if err := p.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	p.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/feeds/world.ninjs", nil))
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json; charset=utf-8" ||
		!strings.Contains(rec.Body.String(), `"uri":"`+feed.StoryID("s0001")+`"`) ||
		!strings.Contains(rec.Header().Get("Link"), `<http://wire.test/feeds/world.ninjs>; rel="self"`) {
		t.Errorf("GET /feeds/world.ninjs = %d %v\n%s", rec.Code, rec.Header(), rec.Body)
	}
}
