package fetch

import (
	"context"
	"errors"
	"runtime"
	"testing"

	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
)

// TestHostileFetchBudgetShared: the fetches in flight share one byte
// budget. With room for one large body, a second large fetch waits until
// the first document is released, then completes. Issue 12, item 2.
func TestHostileFetchBudgetShared(t *testing.T) {
	big := upstreamtest.LongText(900 << 10)
	up := upstreamtest.New(t)
	up.Handle("/s0", upstreamtest.OK(big, upstreamtest.RSSType))
	up.Handle("/s1", upstreamtest.OK(big, upstreamtest.RSSType))
	fc := testFetch()
	fc.MaxBody, fc.Concurrency, fc.Budget = 1<<20, 2, 1 // the floor: one body and two chunks
	fetcher := newTestFetcher(fc)
	if want := int64(1<<20+1) + 2*bodyChunk; fetcher.budget.size != want {
		t.Fatalf("budget %d, want the floor %d", fetcher.budget.size, want)
	}
	first, err := fetcher.Fetch(t.Context(), Request{URL: up.URL("/s0")})
	if err != nil {
		t.Fatal(err)
	}
	if got := fetcher.budget.inUse(); got != int64(len(big)) {
		t.Fatalf("held %d bytes for a %d-byte document", got, len(big))
	}
	type result struct {
		resp *Response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		r, err := fetcher.Fetch(context.Background(), Request{URL: up.URL("/s1")})
		done <- result{r, err}
	}()
	for { // until the second fetch waits in line for its growth
		fetcher.budget.mu.Lock()
		n := fetcher.budget.waiters.Len()
		fetcher.budget.mu.Unlock()
		if n == 1 {
			break
		}
		select {
		case r := <-done:
			t.Fatalf("second large fetch did not wait for the budget: %v", r.err)
		default:
			runtime.Gosched()
		}
	}
	first.Release()
	first.Release() // twice is harmless
	r := <-done
	if r.err != nil || len(r.resp.Body) != len(big) {
		t.Fatalf("second fetch after release: %v", r.err)
	}
	r.resp.Release()
	if got := fetcher.budget.inUse(); got != 0 {
		t.Errorf("%d bytes still held after every release", got)
	}
}

// TestHostileBudgetWaitEnds: a fetch that cannot get its share within
// fetch.timeout fails softly, saying why, and holds nothing.
func TestHostileBudgetWaitEnds(t *testing.T) {
	b := &byteBudget{size: 10}
	if err := b.acquire(t.Context(), 8); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := b.acquire(ctx, 5); !errors.Is(err, context.Canceled) {
		t.Fatalf("acquire beyond the budget = %v, want the context's error", err)
	}
	b.release(8)
	if b.inUse() != 0 || b.waiters.Len() != 0 {
		t.Errorf("after a cancelled wait: %d in use, %d waiting", b.inUse(), b.waiters.Len())
	}
}
