package aggregator

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/internal/clock"
	"github.com/wiredesk/wiredesk/store/sqlite"
	"github.com/wiredesk/wiredesk/story"

	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
)

// countingStore counts the publishing-rate queries a poller makes.
type countingStore struct {
	*sqlite.DB
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
// publishing rate measured at the last 200 is saved with the source's
// state, so a 304 needs no query of its stories, even after a restart.
func TestNotModifiedCostsNoQuery(t *testing.T) {
	f := newPollerFixture(t, upstreamtest.Sequence(
		upstreamtest.FeedScenario(5, "rss"), upstreamtest.FeedScenario(5, "rss"), upstreamtest.FeedScenario(5, "rss"),
		upstreamtest.FeedScenario(6, "rss"), upstreamtest.FeedScenario(6, "rss")))
	cs := &countingStore{DB: f.db}
	p := NewPoller(f.cfg, cs, PollerOptions{Fetcher: fetch.NewFetcher(fetch.NewHTTPClient(f.cfg.Fetch), f.cfg.Fetch, "wiredesk-test")})
	if err := p.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		status, queries int
	}{{200, 0}, {304, 0}, {304, 0}, {200, 0}, {304, 0}}
	for i, w := range want {
		if i == 2 { // a restart: the state comes from the store
			p = NewPoller(f.cfg, cs, PollerOptions{Fetcher: fetch.NewFetcher(fetch.NewHTTPClient(f.cfg.Fetch), f.cfg.Fetch, "wiredesk-test")})
			if err := p.Sync(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		r := p.pollSource(t.Context(), f.cfg.Sources[0], true)
		cs.mu.Lock()
		n := cs.latest
		cs.mu.Unlock()
		if r.Err != nil || r.Status != w.status || n != w.queries {
			t.Fatalf("poll %d: status %d, %d rate queries so far, err %v; want %d and %d", i, r.Status, n, r.Err, w.status, w.queries)
		}
	}
	st, err := f.db.Sources(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// upstreamtest dates its stories an hour apart.
	if len(st) != 1 || st[0].MeanGap != time.Hour {
		t.Fatalf("saved publishing gap %v, want 1h", st[0].MeanGap)
	}

	// A database from before the rate was saved: the 304 measures it from
	// the stored stories, once.
	old := st[0]
	old.MeanGap = 0
	if _, err := f.db.SaveFetch(t.Context(), story.Fetch{SourceID: old.ID, State: old}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		p = NewPoller(f.cfg, cs, PollerOptions{Fetcher: fetch.NewFetcher(fetch.NewHTTPClient(f.cfg.Fetch), f.cfg.Fetch, "wiredesk-test")})
		if err := p.Sync(t.Context()); err != nil {
			t.Fatal(err)
		}
		if r := p.pollSource(t.Context(), f.cfg.Sources[0], true); r.Err != nil || r.Status != 304 {
			t.Fatalf("poll of an older database: %+v", r)
		}
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.latest != 1 {
		t.Errorf("%d rate queries for an older database's 304s, want 1", cs.latest)
	}
}

// TestUnmeasurableRateQueriedOnce polls a source with two stories, too
// few to measure a publishing rate: its 304s look in the store once, and
// the verdict is saved, not asked again at every 304.
func TestUnmeasurableRateQueriedOnce(t *testing.T) {
	f := newPollerFixture(t, upstreamtest.FeedScenario(2, "rss"))
	cs := &countingStore{DB: f.db}
	for i := range 4 {
		p := NewPoller(f.cfg, cs, PollerOptions{Fetcher: fetch.NewFetcher(fetch.NewHTTPClient(f.cfg.Fetch), f.cfg.Fetch, "wiredesk-test")})
		if err := p.Sync(t.Context()); err != nil {
			t.Fatal(err)
		}
		r := p.pollSource(t.Context(), f.cfg.Sources[0], true)
		if want := map[bool]int{true: 200, false: 304}[i == 0]; r.Err != nil || r.Status != want {
			t.Fatalf("poll %d: %+v, want status %d", i, r, want)
		}
		if !r.Next.After(clock.Now()) {
			t.Fatalf("poll %d: next fetch %v is not in the future", i, r.Next)
		}
	}
	if cs.latest != 1 {
		t.Errorf("%d rate queries over three 304s of a two-story source, want 1", cs.latest)
	}
}

// TestPollOnceFetchesAtMostConcurrency runs PollOnce over more sources
// than fetch.concurrency, all held at the upstream: the pool is larger
// than the concurrency (so processing and saving overlap fetching), yet
// no more than fetch.concurrency fetches are ever in flight.
func TestPollOnceFetchesAtMostConcurrency(t *testing.T) {
	release := make(chan struct{})
	var scs []upstreamtest.Scenario
	for range 8 {
		scs = append(scs, upstreamtest.Gate(release, upstreamtest.FeedScenario(2, "rss")))
	}
	f := newPollerFixture(t, scs...)
	f.cfg.Fetch.Concurrency, f.cfg.Fetch.PerHost = 2, 8
	p := f.poller(t)
	done := make(chan []Result)
	go func() { done <- p.PollOnce(t.Context(), nil) }()
	for range 2 {
		<-f.up.Arrivals()
	}
	close(release)
	for i, r := range <-done {
		if r.Err != nil {
			t.Errorf("source %d: %v", i, r.Err)
		}
	}
	if got := f.up.MaxInFlight(); got != 2 {
		t.Errorf("max fetches in flight = %d, want fetch.concurrency = 2", got)
	}
}
