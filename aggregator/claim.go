package aggregator

import (
	"context"
	"time"

	"github.com/wiredesk/wiredesk/config"
)

// claimRetry is how soon a source is looked at again when its claim could
// not be decided: the store failed, or another node's write held the row.
const claimRetry = time.Second

// runSource is one scheduled poll of src by Run. With a shared store it
// first claims the source, so that exactly one node fetches it per cycle;
// a refused claim fetches nothing and takes the schedule the store holds,
// which the node that won has set or is about to set.
func (p *Poller) runSource(ctx context.Context, src config.Source) {
	if p.claimer == nil {
		p.pollSource(ctx, src, true)
		return
	}
	p.mu.Lock()
	id := p.ids[src.URL]
	lease := p.cfg.Fetch.LeaseFor()
	p.mu.Unlock()
	if !p.claim(ctx, src, id, lease) {
		p.mu.Lock()
		delete(p.running, id)
		p.mu.Unlock()
		return
	}
	p.pollSource(ctx, src, true)
	// A fetch's state is saved by now: the next fetch is due at the time
	// it set, and whichever node is free then may take it. If the release
	// is lost, the lease ends by itself.
	if err := p.claimer.Release(ctx, id, p.node); err != nil {
		p.log.Warn("release source lease", "source", src.Name, "url", src.DisplayURL(), "err", err)
	}
}

// claim asks the store for a lease on source id and reports whether this
// node got it. Either way the stored state replaces this node's copy: on
// success the fetch starts from the newest validators, whichever node
// saved them; on refusal the source is next looked at when the store's
// schedule, or the live lease of the node that has it, says.
func (p *Poller) claim(ctx context.Context, src config.Source, id int64, lease time.Duration) bool {
	now := p.now()
	c, err := p.claimer.Claim(ctx, id, p.node, now, lease)
	p.mu.Lock()
	defer p.mu.Unlock()
	st := p.state[id]
	if err != nil {
		p.log.Warn("claim source", "source", src.Name, "url", src.DisplayURL(), "err", err)
		st.NextFetchAt = now.Add(claimRetry)
		p.state[id] = st
		return false
	}
	if c.State.ID != 0 {
		st = c.State
	}
	if c.Granted {
		p.state[id] = st
		return true
	}
	p.metrics.observeClaimRefused()
	next := st.NextFetchAt
	if c.Until.After(next) {
		next = c.Until // the holder's fetch saves its schedule, or it died
	}
	if !next.After(now) {
		next = now.Add(claimRetry)
	}
	st.NextFetchAt = next
	p.state[id] = st
	return false
}
