package aggregator

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
	"github.com/wiredesk/wiredesk/store"
)

// countingStore counts the publishing-rate queries a poller makes.
type countingStore struct {
	*store.DB
	mu     sync.Mutex
	latest int
}

func (c *countingStore) LatestPublished(ctx context.Context, id int64, n int) ([]time.Time, error) {
	c.mu.Lock()
	c.latest++
	c.mu.Unlock()
	return c.DB.LatestPublished(ctx, id, n)
}

// TestNotModifiedCostsNoQuery polls a source that answers 304: the
// publishing rate of its stored stories is read once, not at every 304,
// and read again after a 200 changed them.
func TestNotModifiedCostsNoQuery(t *testing.T) {
	f := newPollerFixture(t, upstreamtest.Sequence(
		upstreamtest.FeedScenario(5, "rss"), upstreamtest.FeedScenario(5, "rss"), upstreamtest.FeedScenario(5, "rss"),
		upstreamtest.FeedScenario(6, "rss"), upstreamtest.FeedScenario(6, "rss")))
	cs := &countingStore{DB: f.db}
	p := NewPoller(f.cfg, cs, PollerOptions{Fetcher: NewFetcher(NewHTTPClient(f.cfg.Fetch), f.cfg.Fetch, "wiredesk-test")})
	if err := p.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		status, queries int
	}{{200, 0}, {304, 1}, {304, 1}, {200, 1}, {304, 2}}
	for i, w := range want {
		r := p.PollSource(t.Context(), f.cfg.Sources[0])
		cs.mu.Lock()
		n := cs.latest
		cs.mu.Unlock()
		if r.Err != nil || r.Status != w.status || n != w.queries {
			t.Fatalf("poll %d: status %d, %d rate queries so far, err %v; want %d and %d", i, r.Status, n, r.Err, w.status, w.queries)
		}
	}
}
