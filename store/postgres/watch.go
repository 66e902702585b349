package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/store"
)

// notifyChannel is where the feed_changes triggers (migration 0002) send
// the categories each committed statement changed.
const notifyChannel = "wiredesk_changes"

// Reconnection delays of Watch after a lost connection.
const (
	watchRetryMin = 250 * time.Millisecond
	watchRetryMax = 15 * time.Second
)

// Watch delivers the categories whose feeds any node changed, as
// PostgreSQL notifies them at each commit (LISTEN/NOTIFY: a notification
// is sent only if its transaction commits, and within a transaction
// identical ones are folded). It listens on a connection of its own, not
// one of the pool's, and reconnects with backoff when the connection is
// lost; the first event after a reconnection has All set, since changes
// committed meanwhile were not heard. The channel is closed when ctx ends.
func (db *DB) Watch(ctx context.Context) (<-chan store.Event, error) {
	conn, err := db.listen(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: watch: %w", err)
	}
	out := make(chan store.Event, 64)
	go db.watch(ctx, conn, out)
	return out, nil
}

// listen opens a connection outside the pool and subscribes it.
func (db *DB) listen(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, db.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+notifyChannel); err != nil {
		return nil, errors.Join(err, conn.Close(ctx))
	}
	return conn, nil
}

func (db *DB) watch(ctx context.Context, conn *pgx.Conn, out chan<- store.Event) {
	defer close(out)
	defer func() {
		if conn != nil {
			// Nobody reads the channel any more to be told: the watch
			// ends with ctx, and the server drops the session either way.
			conn.Close(context.WithoutCancel(ctx)) //nolint:errcheck // see above
		}
	}()
	retry := watchRetryMin
	for {
		n, err := conn.WaitForNotification(ctx)
		if ctx.Err() != nil {
			return
		}
		if err == nil {
			retry = watchRetryMin
			if !send(ctx, out, parseEvent(n.Payload)) {
				return
			}
			continue
		}
		lost := fmt.Errorf("store: watch: connection lost, changes of other nodes may be missed: %w",
			errors.Join(err, conn.Close(context.WithoutCancel(ctx))))
		conn = nil
		for conn == nil {
			select {
			case <-ctx.Done():
				return
			case <-time.After(retry):
			}
			retry = min(2*retry, watchRetryMax)
			if conn, err = db.listen(ctx); err != nil {
				conn = nil
				continue
			}
		}
		if !send(ctx, out, store.Event{All: true, Err: lost}) {
			return
		}
	}
}

func send(ctx context.Context, out chan<- store.Event, ev store.Event) bool {
	select {
	case out <- ev:
		return true
	case <-ctx.Done():
		return false
	}
}

// parseEvent reads a notification's payload: category slugs separated by
// spaces, or "*" for every category.
func parseEvent(payload string) store.Event {
	if payload == "*" {
		return store.Event{All: true}
	}
	return store.Event{Categories: strings.Fields(payload)}
}
