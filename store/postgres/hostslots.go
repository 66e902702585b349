package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/store"
)

var _ store.HostLimiter = (*DB)(nil)

// hostRows remembers the hosts whose slot rows this process has made, by
// host and number of slots, so that a take is one statement.
type hostRows struct {
	mu   sync.Mutex
	made map[string]int
}

// TakeHostSlot gives node the lowest free one of host's limit slots
// until now+lease: a slot never taken, released, or whose lease ended
// (its node died). The row is locked with SKIP LOCKED: two nodes never
// take one slot, and neither waits for the other. ok is false when every
// slot is held.
func (db *DB) TakeHostSlot(ctx context.Context, host, node string, limit int, now time.Time, lease time.Duration) (int, bool, error) {
	if limit < 1 {
		limit = 1
	}
	if err := db.makeHostRows(ctx, host, limit); err != nil {
		return 0, false, err
	}
	var slot int
	err := db.pool.QueryRow(ctx, `
		UPDATE host_slots SET node = $2, lease_until = $5
		 WHERE (host, slot) = (SELECT host, slot FROM host_slots
		                        WHERE host = $1 AND slot < $3 AND lease_until <= $4
		                        ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING slot`, text(host), text(node), limit, toNS(now), toNS(now.Add(lease))).Scan(&slot)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return 0, false, nil
	case err != nil:
		return 0, false, fmt.Errorf("store: take a slot of host %s: %w", host, err)
	}
	return slot, true, nil
}

// makeHostRows makes host's slot rows 0..limit-1, once per process.
func (db *DB) makeHostRows(ctx context.Context, host string, limit int) error {
	db.hosts.mu.Lock()
	defer db.hosts.mu.Unlock()
	if db.hosts.made == nil {
		db.hosts.made = map[string]int{}
	}
	if db.hosts.made[host] >= limit {
		return nil
	}
	if _, err := db.pool.Exec(ctx, `INSERT INTO host_slots (host, slot)
		SELECT $1, s FROM generate_series(0, $2 - 1) s ON CONFLICT DO NOTHING`, text(host), limit); err != nil {
		return fmt.Errorf("store: slots of host %s: %w", host, err)
	}
	db.hosts.made[host] = limit
	return nil
}

// ReleaseHostSlot frees node's slot of host; a slot another node has
// taken since (this node's lease ended) is left alone.
func (db *DB) ReleaseHostSlot(ctx context.Context, host string, slot int, node string) error {
	if _, err := db.pool.Exec(ctx, `UPDATE host_slots SET lease_until = 0 WHERE host = $1 AND slot = $2 AND node = $3`,
		text(host), slot, text(node)); err != nil {
		return fmt.Errorf("store: release slot %d of host %s: %w", slot, host, err)
	}
	return nil
}
