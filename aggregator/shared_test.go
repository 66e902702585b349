package aggregator

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/internal/clock"

	"github.com/wiredesk/wiredesk/aggregator/dedupe"
	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/internal/pgtest"
	"github.com/wiredesk/wiredesk/store/postgres"
)

// pgNode is one node's poller on the PostgreSQL database at url, with its
// own connection pool, as a separate process would have.
func pgNode(t *testing.T, cfg *config.Config, url, node string, now func() time.Time) (*Poller, *postgres.DB) {
	t.Helper()
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close node %s's store: %v", node, err)
		}
	})
	db.SetClock(now)
	p := NewPoller(cfg, db, PollerOptions{Node: node, Now: now,
		Fetcher: fetch.NewFetcher(fetch.NewHTTPClient(cfg.Fetch), cfg.Fetch, "wiredesk-test"),
		Deduper: NewDeduper(dedupe.NewMatcher(0))})
	if err := p.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	return p, db
}

// TestNearDuplicatesMergeAcrossNodes: a story ingested by node A absorbs
// its copy from another agency ingested by node B. Neither node keeps a
// process-local index on a shared store (it would not see the other's
// stories); the store's band table finds the candidate inside its write.
func TestNearDuplicatesMergeAcrossNodes(t *testing.T) {
	f := newPollerFixture(t,
		upstreamtest.OK(wireRSS("alpha", "TEHRAN (Alpha) -", "https://alpha.example/iran-talks"), upstreamtest.RSSType),
		upstreamtest.OK(wireRSS("beta", "TEHRAN, Nov 23 (Beta) —", "https://beta.example/2026/iran"), upstreamtest.RSSType))
	now := func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	url := pgtest.URL(t)
	a, _ := pgNode(t, f.cfg, url, "a", now)
	b, db := pgNode(t, f.cfg, url, "b", now)
	if a.near != nil || b.near != nil {
		t.Fatal("a node on a shared store keeps a process-local near-duplicate index")
	}
	if r := a.pollSource(context.Background(), f.cfg.Sources[0], true); r.Err != nil || r.Summary.New != 1 {
		t.Fatalf("node a, first agency: %+v", r)
	}
	r := b.pollSource(context.Background(), f.cfg.Sources[1], true)
	if r.Err != nil || r.Summary.Duplicates != 1 || r.Summary.New != 0 {
		t.Fatalf("node b, second agency: %+v, want its copy merged into node a's story", r)
	}
	items, err := db.Latest(context.Background(), "all", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || len(items[0].Also) != 1 || items[0].Also[0].URL != "https://beta.example/2026/iran" {
		t.Fatalf("published: %+v", items)
	}
}

// TestNodesOnPostgreSQLFetchEachSourceOnce: three nodes, each with its own
// connection pool, poll 60 due sources through PostgreSQL's leases.
func TestNodesOnPostgreSQLFetchEachSourceOnce(t *testing.T) {
	const sources = 60
	up, cfg, _ := sharedFixture(t, sources)
	url := pgtest.URL(t)
	var nodes []*Poller
	for i := range 3 {
		p, _ := pgNode(t, cfg, url, fmt.Sprintf("node%d", i), clock.Now)
		nodes = append(nodes, p)
	}
	runNodes(t, up, sources, nodes)
}
