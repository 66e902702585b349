package aggregator

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/internal/clock"
	"github.com/wiredesk/wiredesk/store/sqlite"

	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store"
)

// sharedStore is a SQLite store with the lease rules of store.Claimer kept
// in memory: what several nodes see of a shared store, for the poller's
// side of the protocol. store/postgres implements the same rules in SQL.
type sharedStore struct {
	*sqlite.DB
	mu      sync.Mutex
	leases  map[int64]fakeLease
	granted map[string]int // node -> claims granted
}

type fakeLease struct {
	node  string
	until time.Time
}

func newSharedStore(db *sqlite.DB) *sharedStore {
	return &sharedStore{DB: db, leases: map[int64]fakeLease{}, granted: map[string]int{}}
}

func (s *sharedStore) Claim(ctx context.Context, id int64, node string, now time.Time, lease time.Duration) (store.Claim, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.Source(ctx, id)
	if err != nil {
		return store.Claim{}, err
	}
	if l, ok := s.leases[id]; ok && l.node != node && l.until.After(now) {
		return store.Claim{State: st, Holder: l.node, Until: l.until}, nil
	}
	if st.NextFetchAt.After(now) {
		return store.Claim{State: st}, nil
	}
	s.leases[id] = fakeLease{node: node, until: now.Add(lease)}
	s.granted[node]++
	return store.Claim{Granted: true, State: st}, nil
}

func (s *sharedStore) Release(_ context.Context, id int64, node string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.leases[id].node == node {
		delete(s.leases, id)
	}
	return nil
}

// sharedFixture is n sources, each its own feed, on one upstream.
func sharedFixture(t *testing.T, n int) (*upstreamtest.Server, *config.Config, *sharedStore) {
	t.Helper()
	var scs []upstreamtest.Scenario
	for range n {
		scs = append(scs, upstreamtest.FeedScenario(2, "rss"))
	}
	f := newPollerFixture(t, scs...)
	return f.up, f.cfg, newSharedStore(f.db)
}

func nodePoller(t *testing.T, cfg *config.Config, st *sharedStore, node string) *Poller {
	t.Helper()
	p := NewPoller(cfg, st, PollerOptions{Node: node,
		Fetcher: fetch.NewFetcher(fetch.NewHTTPClient(cfg.Fetch), cfg.Fetch, "wiredesk-test")})
	if err := p.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestNodesSharingAStoreFetchEachSourceOnce runs three pollers ("nodes")
// over one shared store: every source is fetched by exactly one of them,
// and the others follow the schedule it saved instead of fetching again.
func TestNodesSharingAStoreFetchEachSourceOnce(t *testing.T) {
	const sources = 60
	up, cfg, st := sharedFixture(t, sources)
	var nodes []*Poller
	for i := range 3 {
		nodes = append(nodes, nodePoller(t, cfg, st, fmt.Sprintf("node%d", i)))
	}
	runNodes(t, up, sources, nodes)
	total := 0
	for node, n := range st.granted {
		t.Logf("%s fetched %d sources", node, n)
		total += n
	}
	if total != sources {
		t.Errorf("%d claims granted for %d sources", total, sources)
	}
}

// runNodes runs nodes until each of sources has been fetched, then checks
// that none was fetched twice: not while they ran, and not by a node that
// had yet to hear of the fetch another node made.
func runNodes(t *testing.T, up *upstreamtest.Server, sources int, nodes []*Poller) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, p := range nodes {
		wg.Go(func() {
			if err := p.Run(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	for range sources {
		<-up.Arrivals()
	}
	// Run returns once the fetches it started are saved.
	cancel()
	wg.Wait()
	// What a node still holds as due is what it has not heard of: its
	// claims must all be refused now that another node fetched them.
	for _, p := range nodes {
		due, _ := p.due()
		for _, src := range due {
			p.runSource(context.Background(), src)
		}
	}
	for i := range sources {
		path := fmt.Sprintf("/s%d", i)
		if n := up.Hits(path); n != 1 {
			t.Errorf("%s fetched %d times by %d nodes in one interval, want 1", path, n, len(nodes))
		}
	}
}

// TestLeaseOfADeadNodeExpires: a source leased by a node that died is
// left alone until the lease ends, then another node fetches it.
func TestLeaseOfADeadNodeExpires(t *testing.T) {
	up, cfg, st := sharedFixture(t, 1)
	p := nodePoller(t, cfg, st, "alive")
	id := p.ids[cfg.Sources[0].URL]
	until := clock.Now().Add(300 * time.Millisecond)
	st.leases[id] = fakeLease{node: "dead", until: until}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- p.Run(ctx) }()
	<-up.Arrivals()
	if at := clock.Now(); at.Before(until) {
		t.Errorf("fetched %v before the dead node's lease ended", until.Sub(at))
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := up.Hits("/s0"); n != 1 {
		t.Errorf("fetched %d times, want 1", n)
	}
}

// TestRefusedClaimFollowsTheStoredSchedule: a node whose copy of the
// schedule says "due" but whose claim is refused takes the stored state:
// the next fetch time another node saved, or the end of its live lease.
func TestRefusedClaimFollowsTheStoredSchedule(t *testing.T) {
	_, cfg, st := sharedFixture(t, 2)
	other := nodePoller(t, cfg, st, "other")
	p := nodePoller(t, cfg, st, "me")
	ctx := context.Background()
	if r := other.pollSource(ctx, cfg.Sources[0], true); r.Err != nil {
		t.Fatal(r.Err)
	}
	saved, err := st.Source(ctx, p.ids[cfg.Sources[0].URL])
	if err != nil {
		t.Fatal(err)
	}
	lease := cfg.Fetch.LeaseFor()
	if p.claim(ctx, cfg.Sources[0], saved.ID, lease) {
		t.Fatal("claim granted for a source another node just fetched")
	}
	if got := p.state[saved.ID]; !got.NextFetchAt.Equal(saved.NextFetchAt) || got.ETag != saved.ETag {
		t.Errorf("after a refused claim: next %v etag %q, want the stored %v %q", got.NextFetchAt, got.ETag, saved.NextFetchAt, saved.ETag)
	}

	id := p.ids[cfg.Sources[1].URL]
	now := clock.Now()
	st.leases[id] = fakeLease{node: "other", until: now.Add(lease)}
	if p.claim(ctx, cfg.Sources[1], id, lease) {
		t.Fatal("claim granted over another node's live lease")
	}
	if got := p.state[id].NextFetchAt; got.Before(now.Add(lease)) {
		t.Errorf("source leased elsewhere looked at again at %v, want at the lease's end %v", got, now.Add(lease))
	}
}
