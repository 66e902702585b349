package fetch

import (
	"container/list"
	"context"
	"sync"

	"github.com/wiredesk/wiredesk/config"
)

// bodyChunk is what a fetch reserves from the budget before reading a
// body: most wire feeds fit in it, so they never wait for a larger share.
const bodyChunk = 256 << 10

// byteBudget bounds the bytes of upstream bodies held at once by every
// fetch in flight and every document still being parsed and normalized:
// fetch.budget shared by all of them. A body of known length reserves
// its length before reading; any other reserves bodyChunk and grows its
// share to fetch.max_body, waiting in line, only when it is larger.
// Shares are granted first come, first served.
//
// It cannot deadlock: the fetches that wait while holding a share (at
// most fetch.concurrency) each hold one chunk, and the budget is at least
// max_body + concurrency·bodyChunk, so once the documents being processed
// are released the first waiter's growth always fits. (A file that grows
// between its stat and its read is the exception; every wait ends at
// fetch.timeout.)
type byteBudget struct {
	mu      sync.Mutex
	size    int64
	used    int64
	waiters list.List // of *budgetWaiter
}

type budgetWaiter struct {
	n     int64
	ready chan struct{}
}

// newByteBudget sizes the budget from fc: fetch.budget, raised to the
// floor that keeps it deadlock-free.
func newByteBudget(fc config.Fetch, maxBody int64, concurrency int) *byteBudget {
	floor := maxBody + int64(concurrency)*bodyChunk
	size := fc.Budget
	if size <= 0 {
		size = config.DefaultBudgetBodies * maxBody
	}
	return &byteBudget{size: max(size, floor)}
}

// acquire reserves n bytes, waiting in line until they are free or ctx
// ends.
func (b *byteBudget) acquire(ctx context.Context, n int64) error {
	b.mu.Lock()
	if b.waiters.Len() == 0 && b.used+n <= b.size {
		b.used += n
		b.mu.Unlock()
		return nil
	}
	w := &budgetWaiter{n: n, ready: make(chan struct{})}
	el := b.waiters.PushBack(w)
	b.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		b.mu.Lock()
		select {
		case <-w.ready: // granted meanwhile: give it back
			b.used -= n
			b.grant()
		default:
			b.waiters.Remove(el)
			b.grant() // the line may move now that this one left it
		}
		b.mu.Unlock()
		return ctx.Err()
	}
}

// release returns n bytes and serves the line.
func (b *byteBudget) release(n int64) {
	if n <= 0 {
		return
	}
	b.mu.Lock()
	b.used -= n
	b.grant()
	b.mu.Unlock()
}

// grant serves waiters in order while the first one fits; b.mu is held.
func (b *byteBudget) grant() {
	for el := b.waiters.Front(); el != nil; el = b.waiters.Front() {
		w := el.Value.(*budgetWaiter)
		if b.used+w.n > b.size {
			return
		}
		b.used += w.n
		b.waiters.Remove(el)
		close(w.ready)
	}
}

// inUse returns the bytes reserved now (for tests and metrics).
func (b *byteBudget) inUse() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}
