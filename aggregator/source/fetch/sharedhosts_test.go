package fetch

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
)

// oneSlot is a SharedHosts with one slot per process group: what two
// nodes sharing a store with fetch.per_host 1 see.
type oneSlot struct {
	sem   chan struct{}
	tries atomic.Int64
}

func (s *oneSlot) TryHost(ctx context.Context, host string) (func(), bool, error) {
	s.tries.Add(1)
	select {
	case s.sem <- struct{}{}:
		return func() { <-s.sem }, true, nil
	default:
		return nil, false, nil
	}
}

// TestSharedHostsHoldAcrossFetchers: two Fetchers (two nodes), each
// allowed two fetches to the host on its own, keep to the one slot they
// share; a fetch waiting for a shared slot gives up with its context.
func TestSharedHostsHoldAcrossFetchers(t *testing.T) {
	up := upstreamtest.New(t)
	release := make(chan struct{})
	up.Handle("/feed", upstreamtest.Gate(release, upstreamtest.FeedScenario(1, "rss")))
	fc := testFetch()
	fc.PerHost = 2
	shared := &oneSlot{sem: make(chan struct{}, 1)}
	nodes := []*Fetcher{newTestFetcher(fc), newTestFetcher(fc)}
	for _, f := range nodes {
		f.ShareHosts(shared)
	}
	const n = 6
	errs := make(chan error, n)
	for i := range n {
		go func() {
			_, err := nodes[i%2].Fetch(t.Context(), Request{URL: up.URL("/feed")})
			errs <- err
		}()
	}
	<-up.Arrivals()
	// The others can only be waiting for the shared slot, trying again.
	for shared.tries.Load() < n+2 {
		time.Sleep(time.Millisecond)
	}
	// A third node, its own limit free, waits for the shared slot.
	third := newTestFetcher(fc)
	third.ShareHosts(shared)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Millisecond)
	defer cancel()
	_, err := third.Fetch(ctx, Request{URL: up.URL("/feed")})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "other nodes") {
		t.Errorf("fetch while the shared slot is held = %v, want a deadline error saying other nodes hold the host", err)
	}
	close(release)
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("fetch: %v", err)
		}
	}
	if got := up.MaxInFlight(); got != 1 {
		t.Errorf("max in flight = %d, want 1: the two fetchers share one slot", got)
	}
	if got := up.Hits("/feed"); got != n {
		t.Errorf("hits = %d, want %d", got, n)
	}
	// A Fetcher made by Reconfigure keeps sharing.
	if r := nodes[0].Reconfigure(fc); r.shared != shared {
		t.Error("Reconfigure dropped the shared host slots")
	}
}

// BenchmarkAcquire is a fetch's own per-host slot: the in-process
// baseline of BenchmarkHostSlot (store/postgres).
func BenchmarkAcquire(b *testing.B) {
	f := newTestFetcher(testFetch())
	for b.Loop() {
		release, err := f.acquire(b.Context(), "wire.example")
		if err != nil {
			b.Fatal(err)
		}
		release()
	}
}
