package postgres

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/internal/pgtest"
	"github.com/wiredesk/wiredesk/story"
)

// TestClaimIsGrantedToOneNode: nodes racing for one due source on their
// own connections pools get one lease between them; the others learn who
// holds it and until when, or that the row was busy.
func TestClaimIsGrantedToOneNode(t *testing.T) {
	url := pgtest.URL(t)
	var nodes []*DB
	for range 4 {
		nodes = append(nodes, openURL(t, url))
	}
	src := addSources(t, nodes[0], "https://a.example/feed")[0]
	const lease = time.Minute
	var mu sync.Mutex
	var granted []string
	var wg sync.WaitGroup
	for i, db := range nodes {
		node := string(rune('a' + i))
		wg.Go(func() {
			c, err := db.Claim(context.Background(), src, node, t0, lease)
			if err != nil {
				t.Error(err)
				return
			}
			if c.State.ID != 0 && c.State.ID != src {
				t.Errorf("claim answered with source %d's state, want %d", c.State.ID, src)
			}
			if c.Granted {
				mu.Lock()
				granted = append(granted, node)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(granted) != 1 {
		t.Fatalf("%d nodes got the lease (%v), want exactly 1", len(granted), granted)
	}
	c, err := nodes[0].Claim(context.Background(), src, "late", t0.Add(time.Second), lease)
	if err != nil {
		t.Fatal(err)
	}
	if c.Granted || c.Holder != granted[0] || !c.Until.Equal(t0.Add(lease)) {
		t.Errorf("claim over a live lease: granted %v, holder %q until %v; want refused, %q until %v",
			c.Granted, c.Holder, c.Until, granted[0], t0.Add(lease))
	}
}

// TestClaimFollowsScheduleAndLease walks one source through the lease
// rules: due and free is granted; the fetch's saved schedule refuses
// everyone until it comes; a lease that was never released (the node
// died) lets another node in once it has ended, not before.
func TestClaimFollowsScheduleAndLease(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	src := addSources(t, db, "https://a.example/feed")[0]
	const lease = 30 * time.Second
	claim := func(node string, at time.Time) bool {
		t.Helper()
		c, err := db.Claim(ctx, src, node, at, lease)
		if err != nil {
			t.Fatal(err)
		}
		return c.Granted
	}
	if !claim("a", t0) {
		t.Fatal("a due, free source was refused")
	}
	// a saves its fetch: next fetch in ten minutes; then releases.
	next := t0.Add(10 * time.Minute)
	if _, err := db.SaveFetch(ctx, story.Fetch{SourceID: src, State: story.SourceState{
		LastStatus: 200, LastFetchAt: t0, NextFetchAt: next, ETag: `"v1"`}}); err != nil {
		t.Fatal(err)
	}
	if err := db.Release(ctx, src, "a"); err != nil {
		t.Fatal(err)
	}
	c, err := db.Claim(ctx, src, "b", t0.Add(time.Second), lease)
	if err != nil {
		t.Fatal(err)
	}
	if c.Granted || !c.State.NextFetchAt.Equal(next) || c.State.ETag != `"v1"` || c.Holder != "" {
		t.Errorf("claim of a source fetched a second ago: %+v; want refused with the saved schedule and no holder", c)
	}
	// At its time b gets it, with a's validators, and dies holding it.
	c, err = db.Claim(ctx, src, "b", next, lease)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Granted || c.State.ETag != `"v1"` {
		t.Fatalf("claim of a due source: %+v; want granted with the stored validators", c)
	}
	if claim("c", next.Add(lease-time.Nanosecond)) {
		t.Error("a lease was taken over before it ended")
	}
	if !claim("c", next.Add(lease)) {
		t.Error("the lease of a dead node was not taken over when it ended")
	}
	leases, err := db.Leases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if l := leases["https://a.example/feed"]; l.Node != "c" || !l.Until.Equal(next.Add(2*lease)) {
		t.Errorf("lease = %+v, want c until %v", l, next.Add(2*lease))
	}
	// b's late release does not end c's lease.
	if err := db.Release(ctx, src, "b"); err != nil {
		t.Fatal(err)
	}
	if claim("d", next.Add(lease+time.Second)) {
		t.Error("another node's release ended a live lease")
	}
}

// TestWatchHearsOtherNodesCommits: a story saved through one connection
// pool (a node) is announced to a watcher on another, with the
// categories it changed; a lost listening connection is restored and
// announced as "everything may have changed".
func TestWatchHearsOtherNodesCommits(t *testing.T) {
	url := pgtest.URL(t)
	a, b := openURL(t, url), openURL(t, url)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	events, err := b.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	src := addSources(t, a, "https://a.example/feed")[0]
	save(t, a, src, testStory(src, "k1", t0, "energy", "world"))
	ev := <-events
	slices.Sort(ev.Categories)
	if want := []string{"all", "energy", "world"}; !slices.Equal(ev.Categories, want) || ev.All {
		t.Errorf("event = %+v, want categories %v", ev, want)
	}

	// Drop the listener's connection as a failover or restart would.
	if _, err := a.pool.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN %'`); err != nil {
		t.Fatal(err)
	}
	ev = <-events
	if !ev.All || ev.Err == nil {
		t.Fatalf("after the connection was lost: %+v, want All with the error", ev)
	}
	save(t, a, src, testStory(src, "k2", t0, "world"))
	if ev := <-events; !slices.Contains(ev.Categories, "world") {
		t.Errorf("after reconnecting: %+v, want world", ev)
	}
	cancel()
	for range events {
	}
}
