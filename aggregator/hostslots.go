package aggregator

import (
	"cmp"
	"context"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store"
)

// hostLeaseMargin is how much longer than fetch.timeout a host slot is
// leased: the fetch ends by its timeout, and a slot outlives it only when
// its node died before releasing it.
const hostLeaseMargin = 10 * time.Second

// hostReleaseTimeout bounds the release of a host slot, which runs even
// when the fetch's context has ended (shutdown): a lost release only
// keeps the slot until its lease ends.
const hostReleaseTimeout = 5 * time.Second

// hostSlots holds fetch.per_host across the nodes sharing the store
// (fetch.SharedHosts over store.HostLimiter): the limit and the lease are
// the poller's current configuration, so a reload changes them for the
// next fetch.
type hostSlots struct {
	p  *Poller
	hl store.HostLimiter
}

// TryHost takes one of host's slots for this node, if one is free.
func (h hostSlots) TryHost(ctx context.Context, host string) (func(), bool, error) {
	h.p.mu.Lock()
	limit := cmp.Or(h.p.cfg.Fetch.PerHost, config.DefaultPerHost)
	lease := cmp.Or(h.p.cfg.Fetch.Timeout, config.DefaultTimeout) + hostLeaseMargin
	h.p.mu.Unlock()
	slot, ok, err := h.hl.TakeHostSlot(ctx, host, h.p.node, limit, h.p.now(), lease)
	if err != nil || !ok {
		return nil, false, err
	}
	return func() {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), hostReleaseTimeout)
		defer cancel()
		if err := h.hl.ReleaseHostSlot(rctx, host, slot, h.p.node); err != nil {
			h.p.log.Warn("release host slot", "host", host, "slot", slot, "err", err)
		}
	}, true, nil
}
