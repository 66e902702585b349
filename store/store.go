// Package store is wiredesk's storage seam: the Store interface every
// backend implements, the values it trades in besides the story types
// (package story) and its errors. It holds no SQL and imports no driver;
// the backends live in sub-packages (store/sqlite, store/postgres;
// store/backend opens one from a DSN) and each must pass the one contract
// suite, store/storetest.
//
// The aggregator writes through a Store, the publisher reads through it;
// each of them declares the few methods it needs as its own small
// interface, which a Store satisfies.
//
// A new backend is a folder store/NAME whose Open returns a type that
// implements Store (and, where it honestly can, Maintainer; a store that
// several processes share also implements Claimer and Watcher), a test
// that calls storetest.Run, and one case in backend.Open for its DSN.
package store

import (
	"context"
	"time"

	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/story"
)

// Store is an open wiredesk store: the sources and their fetch state, one
// record per story (live, duplicate, withdrawn or a tombstone), the
// categories stories are filed under, each feed's change log, the
// editorial log and the WebSub subscriptions. It is safe for concurrent
// use by many goroutines, and, for a backend that several processes share,
// by many processes.
//
// Atomicity is part of the contract: every method that writes is one
// transaction, all or nothing, and a reader never sees half of it. Reads
// that return several related rows (a page with its categories and
// carriers) see one consistent snapshot. "Live" below means neither a
// duplicate nor withdrawn; category story.All ("all") stands for every
// category. All times are returned in UTC. Text is UTF-8 without NUL
// bytes (the aggregator's normalizer makes it so; category slugs are
// [a-z0-9-]): a backend may reject or replace anything else.
type Store interface {
	// SetClock replaces the clock the store stamps first-seen times,
	// editorial actions, change-log entries and prune horizons with
	// (default clock.Now). Call it before the store is shared; tests and
	// simulations use it so that no outcome depends on today's date.
	SetClock(now func() time.Time)

	// Close releases the store. In-flight calls finish first.
	Close() error

	// SyncSources upserts the configured sources by URL, atomically, and
	// returns each URL's ID (stable across calls and restarts). Name and
	// agency follow srcs; the fetch state (validators, schedule, health,
	// Gone) of a known source is kept. Sources missing from srcs stay,
	// with their stories.
	SyncSources(ctx context.Context, srcs []story.SourceState) (map[string]int64, error)
	// ResetSource forgets a source's fetch state: not Gone, no failures
	// nor error, no validators, due at once. Unknown ID: ErrNotFound.
	ResetSource(ctx context.Context, id int64) error
	// Sources lists every known source ordered by name, with ItemCount
	// (stories stored from it) and DupCount (of which duplicates) filled.
	Sources(ctx context.Context) ([]story.SourceState, error)
	// Source returns one source by ID, or an error wrapping ErrNotFound.
	Source(ctx context.Context, id int64) (story.SourceState, error)
	// LatestPublished returns the publication times of a source's n
	// newest stories, newest first, for adaptive scheduling.
	LatestPublished(ctx context.Context, sourceID int64, n int) ([]time.Time, error)

	// SaveFetch stores one poll of one source as one transaction: on any
	// error nothing of it is kept. f.State replaces every fetch-state
	// field of the source (name, agency and URL are ignored). For each
	// item, by (source, Key):
	//   - a new key is inserted, with FirstSeenAt from the clock; it is a
	//     duplicate of an existing story (DuplicateOf set to a root story,
	//     never to a duplicate) when another source carries the same
	//     canonical Link, or when f.Match picks one of its near-duplicate
	//     candidates (see story.Fetch); it inherits the withdrawal of a
	//     withdrawn story it re-sends (same source and link, or a Match);
	//   - a known key is updated in place when title, summary, content or
	//     image changed (same ID, UpdatedAt moves, counted Updated),
	//     refiled when only its categories changed, else Unchanged;
	//   - a withdrawn story is never touched.
	// Saving the same fetch twice adds nothing (idempotent ingestion).
	// Every story created or changed is logged in the change log of each
	// of its categories and of "all" (ChangesAfter, Heads).
	SaveFetch(ctx context.Context, f story.Fetch) (story.FetchSummary, error)
	// SaveFetches stores several fetches in one transaction, all or
	// nothing, each exactly as SaveFetch would, calling done(i, summary)
	// once fetch i is saved and before fetch i+1 starts, so that the
	// caller can update the index the next fetch's Candidates reads. On
	// error nothing of any fetch is kept, and when one fetch was at fault
	// the error is a *BatchError naming it.
	SaveFetches(ctx context.Context, fs []story.Fetch, done func(i int, sum story.FetchSummary)) error
	// RecentRoots returns the live stories that are not duplicates,
	// published (or first seen when undated) at or after since and
	// carrying a DedupeSig: what a poller's in-memory candidate index is
	// rebuilt from. Items have at least ID, SourceID, Title, DedupeSig
	// and PublishedAt.
	RecentRoots(ctx context.Context, since time.Time) ([]story.Item, error)
	// RecentLive returns the live root stories published (or first seen
	// when undated) since since, with their categories: what a change of
	// the site's categories files again.
	RecentLive(ctx context.Context, since time.Time) ([]story.Item, error)
	// Refile files stories under new categories in one transaction,
	// logging a change in every category joined and left. Stories gone,
	// duplicate, withdrawn or unchanged are skipped. It returns the
	// categories whose feeds changed.
	Refile(ctx context.Context, rs []Refile) ([]string, error)

	// Latest returns a page of category's live stories, newest first by
	// publication time (first-seen time when undated), ties newest-stored
	// first, each with its Categories and carriers (Also) filled.
	Latest(ctx context.Context, category string, offset, limit int) ([]story.Item, error)
	// Count returns how many live stories Latest can page through.
	Count(ctx context.Context, category string) (int, error)
	// CountOnlyIn returns how many live stories are filed under some of
	// categories and under no other category: the stories of "all" that
	// a public listing leaves out when categories are partner-only.
	CountOnlyIn(ctx context.Context, categories []string) (int, error)
	// Item returns one story by its public ID whatever its state (a
	// duplicate with DuplicateOf set, a withdrawn one with WithdrawnAt
	// set), or an error wrapping ErrNotFound.
	Item(ctx context.Context, id string) (story.Item, error)
	// Search returns a page of the live stories matching q, newest stored
	// first. Withdrawn, merged and pruned stories are never found. When
	// ctx ends (a deadline) before the page is full, it returns the
	// stories found by then, newest first, with an error wrapping
	// ErrSearchStopped: a caller bounding the time of a search shows
	// them as incomplete rather than nothing.
	Search(ctx context.Context, q query.Query, offset, limit int) ([]story.Item, error)
	// PublishedBetween returns up to limit live stories of category
	// published in [from, to), in Latest's order: one archive document
	// (RFC 5005).
	PublishedBetween(ctx context.Context, category string, from, to time.Time, limit int) ([]story.Item, error)
	// PublishedBefore returns the publication time of category's newest
	// live story published before t, or the zero time when none.
	PublishedBefore(ctx context.Context, category string, t time.Time) (time.Time, error)

	// ChangesAfter returns up to limit entries of category's change log
	// with a Seq above after, oldest first, each story once at its newest
	// change (a withdrawn one as Deleted). Seq only grows, and a commit's
	// changes become visible in Seq order: following the last Seq
	// returned never misses a story changed since. A backend with
	// concurrent writers must serialise its change-log inserts or serve
	// only up to the oldest Seq still in flight.
	ChangesAfter(ctx context.Context, category string, after int64, limit int) ([]story.Change, error)
	// ChangeHead returns the highest Seq the change log has ever given
	// (0 before the first change). It never goes down, a prune included:
	// a cursor above it was not given by this store (another site's, or
	// one given before the store was restored from an older backup).
	ChangeHead(ctx context.Context) (int64, error)
	// Heads returns the newest change of each of categories that has one.
	Heads(ctx context.Context, categories []string) (map[string]Head, error)
	// Tombstones returns category's limit most recently withdrawn stories,
	// newest first (RFC 6721 deleted entries).
	Tombstones(ctx context.Context, category string, limit int) ([]story.Tombstone, error)

	// Withdraw takes a story out of every feed and page in one
	// transaction, keeping it as a tombstone that later polls neither
	// bring back nor change, and logs the action by by (EditorialLog).
	// The returned story still lists its categories; for a duplicate,
	// DuplicateOf names the story whose carriers shrank. Withdrawing a
	// withdrawn story only updates the reason. Unknown ID: ErrNotFound.
	Withdraw(ctx context.Context, id, reason, by string) (story.Item, error)
	// Restore puts a withdrawn story back where it was filed and logs it.
	// It fails with ErrNotWithdrawn for a story that is not withdrawn and
	// with ErrPruned when only its tombstone is left.
	Restore(ctx context.Context, id, by string) (story.Item, error)
	// EditorialLog returns the withdrawals and restorations logged after
	// sequence number after, oldest first: how a server learns of
	// editorial actions taken by another process.
	EditorialLog(ctx context.Context, after int64) ([]EditorialEvent, error)
	// Withdrawn returns the stories withdrawn now, most recent first, with
	// their latest withdrawal's reason and author.
	Withdrawn(ctx context.Context) ([]EditorialEvent, error)
	// Prune forgets, in one transaction, stories published before
	// olderThan that upstream also stopped carrying before olderThan,
	// except the keepLatest newest of any category or of "all"; a story
	// stays with its surviving duplicates and the reverse. Withdrawn
	// stories are reduced to tombstones instead of deleted. It returns
	// how many stories were deleted or reduced.
	Prune(ctx context.Context, olderThan time.Time, keepLatest int) (int, error)

	// SaveSubscription creates the WebSub subscription of sub.Topic and
	// sub.Callback, or renews it (replacing secret, audience and lease,
	// keeping the delivery progress), and returns the stored record.
	SaveSubscription(ctx context.Context, sub Subscription) (Subscription, error)
	// DeleteSubscription removes a subscription; none is not an error.
	DeleteSubscription(ctx context.Context, topic, callback string) error
	// ExpireSubscriptions removes the subscriptions whose lease ended
	// before now and returns how many.
	ExpireSubscriptions(ctx context.Context, now time.Time) (int, error)
	// Subscriptions returns every subscription, in creation order.
	Subscriptions(ctx context.Context) ([]Subscription, error)
	// RecordDeliveries saves delivery outcomes in one transaction,
	// skipping subscriptions removed meanwhile.
	RecordDeliveries(ctx context.Context, ds []Delivery) error
}

// Maintainer is what an operator's maintenance commands need of a store
// that lives in one file on this machine (SQLite). A backend that cannot
// honestly do these (a database server is backed up, checked and sized by
// its own tools) does not implement it, and the commands say so.
type Maintainer interface {
	// Backup writes a consistent copy of the store to the new file out,
	// while the store stays in use; it refuses to overwrite a file.
	Backup(ctx context.Context, out string) error
	// IntegrityCheck returns an error describing any corruption found.
	IntegrityCheck(ctx context.Context) error
	// Size reports the store's size in bytes.
	Size(ctx context.Context) (int64, error)
	// SchemaVersion reports the store's migration version.
	SchemaVersion(ctx context.Context) (int, error)
}
