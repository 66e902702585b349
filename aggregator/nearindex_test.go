package aggregator

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/dedupe"
	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
	"github.com/wiredesk/wiredesk/store/sqlite"
)

const wireBody = `Iran will resume indirect talks with the United States on its nuclear programme in Muscat next week, the foreign ministry spokesman said on Monday. ` +
	`The talks, mediated by Oman, stalled in the summer after a dispute over sanctions relief. ` +
	`The spokesman said Tehran was ready for a fair agreement but would not accept new conditions. ` +
	`The International Atomic Energy Agency said last month that Iran had expanded its stock of enriched uranium.`

func wireRSS(agency, dateline, link string) []byte {
	return fmt.Appendf(nil, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>https://%s.example/</link><description>x</description>
<item><title>Iran says nuclear talks to resume in Oman</title><link>%s</link><guid>%s</guid><pubDate>Mon, 23 Nov 2026 08:00:00 +0000</pubDate>
<description>%s %s</description></item></channel></rss>`, agency, agency, link, link, dateline, wireBody)
}

// TestNearDuplicatesMergeAcrossRestart proves the in-memory candidate
// index is derived data: a story stored before a restart still absorbs
// its copy from another agency afterwards.
func TestNearDuplicatesMergeAcrossRestart(t *testing.T) {
	f := newPollerFixture(t,
		upstreamtest.OK(wireRSS("alpha", "TEHRAN (Alpha) -", "https://alpha.example/iran-talks"), upstreamtest.RSSType),
		upstreamtest.OK(wireRSS("beta", "TEHRAN, Nov 23 (Beta) —", "https://beta.example/2026/iran"), upstreamtest.RSSType))
	// The wire copy is dated 23 Nov 2026; the desk reads it an hour later,
	// whatever today's date is.
	now := func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	f.db.SetClock(now)
	poller := func() *Poller {
		p := NewPoller(f.cfg, f.db, PollerOptions{
			Fetcher: fetch.NewFetcher(fetch.NewHTTPClient(f.cfg.Fetch), f.cfg.Fetch, "wiredesk-test"),
			Deduper: NewDeduper(dedupe.NewMatcher(0)),
			Now:     now,
		})
		if err := p.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if r := poller().pollSource(context.Background(), f.cfg.Sources[0], true); r.Err != nil || r.Summary.New != 1 {
		t.Fatalf("first agency: %+v", r)
	}
	r := poller().pollSource(context.Background(), f.cfg.Sources[1], true)
	if r.Err != nil || r.Summary.Duplicates != 1 || r.Summary.New != 0 {
		t.Fatalf("second agency after a restart: %+v, want its copy merged", r)
	}
	items, err := f.db.Latest(context.Background(), "all", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || len(items[0].Also) != 1 || items[0].Also[0].URL != "https://beta.example/2026/iran" {
		t.Fatalf("published: %+v", items)
	}
	if n := countBandRows(t, f.db); n != 0 {
		t.Errorf("%d band rows written; the in-memory index should make them unnecessary", n)
	}
}

func countBandRows(t *testing.T, db *sqlite.DB) int {
	t.Helper()
	n, err := db.CountBandRows(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}
