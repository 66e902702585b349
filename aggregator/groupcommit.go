package aggregator

import (
	"context"
	"sync"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// Bounds of one group commit: enough to amortise a commit over a busy
// cycle's fetches, small enough that a batch holds the writer briefly.
const (
	maxBatchFetches = 64
	maxBatchItems   = 2000
)

// committer gathers the fetches waiting to be saved so that they are
// committed together (store.SaveFetches): with one writer, fetches that
// finish while a commit is running would wait for it anyway, and saving
// them in one transaction writes the index pages they all touch once
// instead of once per source. A lone fetch is saved at once, so a quiet
// poller pays no latency for it.
type committer struct {
	mu      sync.Mutex
	queue   []*saveReq
	running bool
}

// saveReq is one fetch waiting for its commit.
type saveReq struct {
	ctx  context.Context
	f    story.Fetch
	sum  story.FetchSummary
	err  error
	done chan struct{}
}

// save stores one fetch and returns when it is committed (or failed).
// With near-duplicate merging on, the candidates come from the in-memory
// index, so saves and index updates are serialised: a story saved by one
// fetch is a candidate for the very next one, in the same batch or not.
func (p *Poller) save(ctx context.Context, f story.Fetch) (story.FetchSummary, error) {
	r := &saveReq{ctx: ctx, f: f, done: make(chan struct{})}
	c := &p.commit
	c.mu.Lock()
	c.queue = append(c.queue, r)
	if !c.running {
		c.running = true
		go p.commitLoop()
	}
	c.mu.Unlock()
	<-r.done
	return r.sum, r.err
}

// commitLoop saves batches until the queue is empty, then exits; the next
// save starts another.
func (p *Poller) commitLoop() {
	c := &p.commit
	for {
		c.mu.Lock()
		n, items := 0, 0
		for n < len(c.queue) && n < maxBatchFetches && (n == 0 || items+len(c.queue[n].f.Items) <= maxBatchItems) {
			items += len(c.queue[n].f.Items)
			n++
		}
		if n == 0 {
			c.running = false
			c.queue = nil
			c.mu.Unlock()
			return
		}
		batch := c.queue[:n:n]
		c.queue = c.queue[n:]
		c.mu.Unlock()
		p.saveBatch(batch)
	}
}

// saveBatch saves a batch in one transaction and answers every request.
// A request whose context ended while it waited is answered with that
// error and not saved, as a lone SaveFetch would have been.
func (p *Poller) saveBatch(batch []*saveReq) {
	defer func() {
		for _, r := range batch {
			close(r.done)
		}
	}()
	p.saveMu.Lock()
	defer p.saveMu.Unlock()
	reqs := make([]*saveReq, 0, len(batch))
	fs := make([]story.Fetch, 0, len(batch))
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = err
			continue
		}
		f := r.f
		if p.near != nil && f.Match != nil {
			near, src := p.near, f.SourceID
			f.Candidates = func(it *story.Item, published time.Time) []story.Item {
				return near.candidates(it, src, published)
			}
		}
		reqs = append(reqs, r)
		fs = append(fs, f)
	}
	if len(reqs) == 0 {
		return
	}
	// Once in a batch a fetch is saved even if its caller gives up: the
	// batch is one transaction and a save is short.
	ctx := context.WithoutCancel(reqs[0].ctx)
	if p.saveFetches(ctx, reqs, fs) == nil || len(reqs) == 1 {
		return
	}
	// One fetch failed the batch, and with it the others: save them one
	// by one, so that it costs only itself.
	for i := range reqs {
		if err := p.saveFetches(ctx, reqs[i:i+1], fs[i:i+1]); err != nil {
			p.log.Debug("save on its own after a failed batch", "source", fs[i].SourceID, "err", err)
		}
	}
}

// saveFetches saves fetches in one transaction and answers their
// requests' summaries and errors; a failed transaction leaves no entries
// in the near-duplicate index.
func (p *Poller) saveFetches(ctx context.Context, reqs []*saveReq, fs []story.Fetch) error {
	var added []nearAdd
	err := p.store.SaveFetches(ctx, fs, func(i int, sum story.FetchSummary) {
		reqs[i].sum, reqs[i].err = sum, nil
		if fs[i].Candidates == nil {
			return
		}
		roots := make(map[string]bool, len(sum.Roots))
		for _, id := range sum.Roots {
			roots[id] = true
		}
		for _, it := range fs[i].Items {
			if roots[it.ID] && len(it.Bands) > 0 {
				it.SourceID = fs[i].SourceID
				added = append(added, p.near.add(it, it.Bands))
			}
		}
	})
	if err != nil {
		// Nothing of the batch was kept: neither are its index entries.
		if len(added) > 0 {
			p.near.undo(added)
		}
		for _, r := range reqs {
			r.sum, r.err = story.FetchSummary{}, err
		}
	}
	return err
}
