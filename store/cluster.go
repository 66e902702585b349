package store

import (
	"context"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// Claimer is implemented by a store that several wiredesk processes
// (nodes) share, PostgreSQL's: before fetching a source a node claims it,
// so that no URL is fetched twice in one cycle. A store used by one
// process (SQLite) does not implement it and the poller fetches without
// asking.
type Claimer interface {
	// Claim gives node a lease on the source until now+lease, only if no
	// other node holds a live lease on it and the source is due by the
	// stored schedule (next_fetch_at ≤ now): another node may have just
	// fetched it. The answer carries the source's stored state either
	// way, so that the poller fetches with the newest validators or
	// follows the schedule another node set.
	Claim(ctx context.Context, sourceID int64, node string, now time.Time, lease time.Duration) (Claim, error)
	// Release ends node's lease on the source, after its fetch was saved
	// (or given up); a lease of another node is left alone. A lease that
	// is never released (the node was killed) expires by itself.
	Release(ctx context.Context, sourceID int64, node string) error
}

// Claim is the answer to Claimer.Claim.
type Claim struct {
	// Granted is set when the caller now holds the lease.
	Granted bool
	// State is the source's stored state; ID 0 when it could not be read
	// (the row was locked by another node's write at that moment).
	State story.SourceState
	// Holder and Until name the live lease that refused the claim; zero
	// when the claim was granted or refused because the source is not due.
	Holder string
	Until  time.Time
}

// Watcher is implemented by a store that several nodes share: it tells a
// node about the changes other nodes committed, so that every node
// serves the same feeds.
type Watcher interface {
	// Watch delivers an Event for the changes committed from now on by
	// any node (this one included) until ctx ends; it reconnects by
	// itself after a lost connection, and then sends an Event with All
	// set, since changes may have been missed meanwhile.
	Watch(ctx context.Context) (<-chan Event, error)
}

// Event is a change committed to a shared store.
type Event struct {
	// Categories are the category slugs ("all" included) whose feeds
	// changed: stories saved, withdrawn or restored, or filed again.
	Categories []string
	// All asks for every category to be rendered again.
	All bool
	// Err, when set, says why changes may have been missed (the watch's
	// connection was lost, then restored); All is set with it.
	Err error
}

// HostLimiter is implemented by a store several nodes share: it holds
// fetch.per_host across all of them, so that N nodes polling one host
// keep to its limit instead of N times it. A node takes one of the host's
// slots before each fetch and releases it after.
type HostLimiter interface {
	// TakeHostSlot gives node one of host's limit slots until now+lease
	// when one is free (never taken, released, or its lease ended: the
	// node that held it died); ok is false when all are held.
	TakeHostSlot(ctx context.Context, host, node string, limit int, now time.Time, lease time.Duration) (slot int, ok bool, err error)
	// ReleaseHostSlot frees node's slot of host after its fetch.
	ReleaseHostSlot(ctx context.Context, host string, slot int, node string) error
}
