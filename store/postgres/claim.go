package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/store"
)

// The store is shared by the nodes of a deployment: it claims sources
// for them (store.Claimer) and tells them of each other's changes
// (store.Watcher, watch.go).
var (
	_ store.Claimer = (*DB)(nil)
	_ store.Watcher = (*DB)(nil)
)

// Claim gives node a lease on the source until now+lease when no other
// node holds a live one and the source is due (next_fetch_at ≤ now). The
// row is locked with SKIP LOCKED: a node never waits for another's claim
// or save of the same source, it is refused and looks again later. now
// is the node's clock, as the schedule it compares with is written by the
// nodes' clocks; nodes keep their clocks in step (NTP).
func (db *DB) Claim(ctx context.Context, sourceID int64, node string, now time.Time, lease time.Duration) (store.Claim, error) {
	at, until := toNS(now), toNS(now.Add(lease))
	st, err := scanSource(db.pool.QueryRow(ctx, `
		UPDATE sources SET lease_node = $2, lease_until = $4
		 WHERE id = (SELECT id FROM sources WHERE id = $1 AND next_fetch_at <= $3
		               AND (lease_until <= $3 OR lease_node = $2)
		             FOR UPDATE SKIP LOCKED)
		RETURNING `+sourceCols, sourceID, text(node), at, until))
	switch {
	case err == nil:
		return store.Claim{Granted: true, State: st}, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return store.Claim{}, fmt.Errorf("store: claim source %d: %w", sourceID, err)
	}
	// Refused: not due, leased by another node, or locked by another
	// node's claim or save right now. A plain read does not wait for
	// the lock; it sees the row as committed before it.
	var c store.Claim
	var holder string
	var held int64
	c.State, err = scanSource(scanPlus{db.pool.QueryRow(ctx, `SELECT `+sourceCols+`, lease_node, lease_until
		FROM sources WHERE id = $1`, sourceID), []any{&holder, &held}})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return store.Claim{}, fmt.Errorf("store: claim source %d: %w", sourceID, store.ErrNotFound)
	case err != nil:
		return store.Claim{}, fmt.Errorf("store: claim source %d: %w", sourceID, err)
	}
	if held > at && holder != node {
		c.Holder, c.Until = holder, fromNS(held)
	}
	return c, nil
}

// Release ends node's lease on the source; lease_node keeps naming the
// node that fetched it last.
func (db *DB) Release(ctx context.Context, sourceID int64, node string) error {
	if _, err := db.pool.Exec(ctx, `UPDATE sources SET lease_until = 0 WHERE id = $1 AND lease_node = $2`,
		sourceID, text(node)); err != nil {
		return fmt.Errorf("store: release source %d: %w", sourceID, err)
	}
	return nil
}

// Lease is one source's lease as the store holds it.
type Lease struct {
	Node  string    // the node that holds it, or held it last
	Until time.Time // zero when released
}

// Leases returns each source's lease by source URL: which node fetched it
// last and, while it fetches it, until when. For the operator and tests.
func (db *DB) Leases(ctx context.Context) (map[string]Lease, error) {
	rows, err := db.pool.Query(ctx, `SELECT url, lease_node, lease_until FROM sources`)
	if err != nil {
		return nil, fmt.Errorf("store: leases: %w", err)
	}
	out := map[string]Lease{}
	var url string
	var l Lease
	var until int64
	_, err = pgx.ForEachRow(rows, []any{&url, &l.Node, &until}, func() error {
		l.Until = fromNS(until)
		out[url] = l
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: leases: %w", err)
	}
	return out, nil
}

// scanPlus scans a source row followed by extra columns.
type scanPlus struct {
	row   pgx.Row
	extra []any
}

func (s scanPlus) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra...)...) }
