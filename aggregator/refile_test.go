package aggregator

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/region"
	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
	"github.com/wiredesk/wiredesk/config"
)

// TestReloadRefilesStoredStories: a category added by a hot reload shows
// the matching stories already stored in the dedupe window, not "No
// stories yet"; an older story stays where it was.
func TestReloadRefilesStoredStories(t *testing.T) {
	now := time.Date(2026, 12, 4, 19, 0, 0, 0, time.UTC)
	rss := func(items ...string) []byte {
		return fmt.Appendf(nil, `<?xml version="1.0"?><rss version="2.0"><channel><title>w</title><link>https://w.example/</link><description>d</description>%s</channel></rss>`,
			strings.Join(items, ""))
	}
	item := func(id, title, body string, pub time.Time) string {
		return fmt.Sprintf(`<item><title>%s</title><link>https://w.example/%s</link><guid>%s</guid><pubDate>%s</pubDate><description>%s</description></item>`,
			title, id, id, pub.Format(time.RFC1123Z), body)
	}
	f := newPollerFixture(t, upstreamtest.OK(rss(
		item("beirut", "Strikes hit southern Lebanon", "BEIRUT, Dec 4 (Reuters) - Israeli strikes hit villages in southern Lebanon, the Lebanese army said.", now.Add(-2*time.Hour)),
		item("old", "Lebanon's parliament meets", "BEIRUT, Nov 20 (Reuters) - Lebanon's parliament met on Thursday.", now.Add(-14*24*time.Hour)),
		item("paris", "French strike disrupts trains", "PARIS, Dec 4 (Reuters) - A rail strike disrupted trains across France.", now.Add(-time.Hour)),
	), upstreamtest.RSSType))
	f.db.SetClock(func() time.Time { return now })
	p := NewPoller(f.cfg, f.db, PollerOptions{
		Fetcher: fetch.NewFetcher(fetch.NewHTTPClient(f.cfg.Fetch), f.cfg.Fetch, "wiredesk-test"),
		Places:  RegionPlaces(region.New()),
		Now:     func() time.Time { return now },
	})
	ctx := context.Background()
	if err := p.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if r := p.pollSource(ctx, f.cfg.Sources[0], true); r.Err != nil || r.Summary.New != 3 {
		t.Fatalf("poll: %+v", r)
	}
	next := *f.cfg
	next.Categories = append([]config.Category{}, f.cfg.Categories...)
	next.Categories = append(next.Categories, config.Category{Slug: "lebanon", Title: "Lebanon", Countries: []string{"LB"}})
	if err := p.Reload(ctx, &next); err != nil {
		t.Fatal(err)
	}
	items, err := f.db.Latest(ctx, "lebanon", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Title != "Strikes hit southern Lebanon" {
		var titles []string
		for _, it := range items {
			titles = append(titles, it.Title)
		}
		t.Fatalf("lebanon after reload = %q, want only the story of the last dedupe window", titles)
	}
	if world, err := f.db.Latest(ctx, "world", 0, 10); err != nil || len(world) != 3 {
		t.Errorf("world after reload: %d stories (%v), want 3", len(world), err)
	}
}
