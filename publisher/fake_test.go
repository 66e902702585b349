package publisher

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/story"
)

// t0 is the fake clock's "now" in every test.
var t0 = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

// fakeStore is an in-memory Store holding realistic stories.
type fakeStore struct {
	mu        sync.Mutex
	items     map[string]story.Item
	sources   []story.SourceState
	itemCalls int
	err       error
}

func newFakeStore(items ...story.Item) *fakeStore {
	f := &fakeStore{items: make(map[string]story.Item)}
	for _, it := range items {
		f.items[it.ID] = it
	}
	return f
}

func (f *fakeStore) put(it story.Item) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items[it.ID] = it
}

func (f *fakeStore) published(category string) []story.Item {
	var out []story.Item
	for _, it := range f.items {
		if it.DuplicateOf != "" || !it.WithdrawnAt.IsZero() {
			continue
		}
		if category == story.All || slices.Contains(it.Categories, category) {
			out = append(out, it)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].PublishedAt.Equal(out[j].PublishedAt) {
			return out[i].PublishedAt.After(out[j].PublishedAt)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func (f *fakeStore) Latest(_ context.Context, category string, offset, limit int) ([]story.Item, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	all := f.published(category)
	if offset >= len(all) {
		return nil, nil
	}
	return all[offset:min(len(all), offset+limit)], nil
}

func (f *fakeStore) Count(_ context.Context, category string) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.published(category)), f.err
}

func (f *fakeStore) Item(_ context.Context, id string) (story.Item, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.itemCalls++
	if f.err != nil {
		return story.Item{}, f.err
	}
	it, ok := f.items[id]
	if !ok {
		return story.Item{}, fmt.Errorf("store: item %s: %w", id, store.ErrNotFound)
	}
	return it, nil
}

func (f *fakeStore) Sources(context.Context) ([]story.SourceState, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.sources), f.err
}

// Search finds the published stories holding every word of q's terms,
// a rough stand-in for the index (the SQLite store is tested for that).
func (f *fakeStore) Search(_ context.Context, q query.Query, offset, limit int) ([]story.Item, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	var out []story.Item
	for _, it := range f.published(story.All) {
		have := map[string]bool{}
		for _, w := range query.Words(it.Title + " " + it.SummaryHTML + " " + it.ContentHTML) {
			have[query.Fold(w)] = true
		}
		all := true
		for _, tm := range q.Terms() {
			for _, w := range tm.Words {
				all = all && have[query.Fold(w)]
			}
		}
		if all {
			out = append(out, it)
		}
	}
	if offset >= len(out) {
		return nil, nil
	}
	return out[offset:min(len(out), offset+limit)], nil
}

func (f *fakeStore) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.itemCalls
}

func testConfig() *config.Config {
	return &config.Config{
		Site:    config.Site{Title: "Wire Desk", BaseURL: "http://wire.test", Byline: "Staff, Agencies", Language: "en"},
		Fetch:   config.Fetch{Interval: 10 * time.Minute},
		Publish: config.Publish{MaxItems: 50, MaxAge: 60 * time.Second},
		Categories: []config.Category{
			{Slug: "middle-east", Title: "Middle East", Region: "middle-east"},
			{Slug: "lebanon", Title: "Lebanon", Countries: []string{"LB"}},
			{Slug: "energy", Title: "Energy", Keywords: []string{"oil"}},
			{Slug: "world", Title: "World"},
		},
		Sources: []config.Source{
			{Name: "Example Wire", URL: "https://example.org/world.rss", Agency: "Example Press", Category: "world", Enabled: true},
			{Name: "Gulf Desk", URL: "https://gulf.example/feed.atom", Agency: "Gulf News Agency", Category: "middle-east", Enabled: true},
			{Name: "Broken Wire", URL: "https://broken.example/rss", Agency: "Broken Press", Category: "world", Enabled: true},
			{Name: "Old Wire", URL: "https://old.example/rss", Agency: "Old Press", Category: "world", Enabled: false},
			{Name: "New Wire", URL: "https://new.example/rss", Agency: "New Press", Category: "energy", Enabled: true},
			{Name: "Dead Wire", URL: "https://dead.example/rss", Agency: "Dead Press", Category: "world", Enabled: true},
		},
	}
}

var headlines = []string{
	"Ceasefire talks resume in Cairo as mediators press both sides",
	"OPEC+ agrees to extend output cuts into the third quarter",
	"Beirut port reconstruction plan wins parliamentary backing",
	"Brent crude slips below $80 on demand worries",
	"UN envoy warns of humanitarian crisis in northern Syria",
	"Lebanese central bank unveils new exchange-rate platform",
	"Elections in the Netherlands: coalition talks begin",
	"Saudi Aramco raises official selling prices for Asia",
}

// story returns the n-th realistic story, published n minutes before t0.
func testStory(n int, cats ...string) story.Item {
	pub := t0.Add(-time.Duration(n+1) * 7 * time.Minute)
	return story.Item{
		ID:          fmt.Sprintf("s%04d", n),
		SourceID:    1,
		Key:         fmt.Sprintf("https://example.org/news/%d", n),
		GUID:        fmt.Sprintf("tag:example.org,2026:%d", n),
		Link:        fmt.Sprintf("https://example.org/news/%d", n),
		Title:       headlines[n%len(headlines)],
		SummaryHTML: "<p>Officials said on <b>Friday</b> that talks would continue &amp; widen.</p>",
		ContentHTML: "<p>Officials said on <b>Friday</b> that talks would continue.</p><p>Second paragraph.</p>",
		ImageURL:    fmt.Sprintf("https://img.example.org/%d.jpg", n),
		Agency:      "Example Press",
		SourceURL:   "https://example.org/world.rss",
		SourceTitle: "Example Wire",
		SourceLink:  "https://example.org/",
		PublishedAt: pub,
		UpdatedAt:   pub,
		FirstSeenAt: pub.Add(time.Minute),
		Categories:  cats,
	}
}

// fixture is a publisher over a fake store, already rebuilt.
type fixture struct {
	t   testing.TB
	st  *fakeStore
	pub *Publisher
	h   http.Handler
	now time.Time
}

func defaultItems() []story.Item {
	var items []story.Item
	cats := [][]string{{"world"}, {"energy", "world"}, {"lebanon", "middle-east"}, {"energy"}, {"middle-east", "world"}}
	for i := range 12 {
		items = append(items, testStory(i, cats[i%len(cats)]...))
	}
	return items
}

func newFixture(t testing.TB, items ...story.Item) *fixture {
	t.Helper()
	if items == nil {
		items = defaultItems()
	}
	f := &fixture{t: t, st: newFakeStore(items...), now: t0}
	f.pub = New(testConfig(), f.st, Options{Now: func() time.Time { return f.now }, Version: "test"})
	if err := f.pub.RebuildAll(context.Background()); err != nil {
		t.Fatalf("RebuildAll: %v", err)
	}
	f.h = f.pub.Handler()
	return f
}

// do sends one request with the given header pairs.
func (f *fixture) do(method, target string, hdr ...string) *http.Response {
	f.t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Add(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec.Result()
}

// get returns the response and its body.
func (f *fixture) get(target string, hdr ...string) (*http.Response, string) {
	f.t.Helper()
	resp := f.do(http.MethodGet, target, hdr...)
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatalf("read body: %v", err)
	}
	return resp, string(b)
}
