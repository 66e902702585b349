package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/store"
)

const subCols = `id, topic, callback, secret, audience, lease_until, created_at, delivered_seq,
	attempts, next_attempt, last_status, last_error`

// SaveSubscription creates the subscription of sub.Topic and sub.Callback
// or renews it (secret, audience and lease replaced, delivery progress
// kept), and returns the stored row.
func (db *DB) SaveSubscription(ctx context.Context, sub store.Subscription) (store.Subscription, error) {
	row := db.pool.QueryRow(ctx, `INSERT INTO websub_subscriptions
		(topic, callback, secret, audience, lease_until, created_at, delivered_seq) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (topic, callback) DO UPDATE SET secret = excluded.secret, audience = excluded.audience,
			lease_until = excluded.lease_until
		RETURNING `+subCols, text(sub.Topic), text(sub.Callback), text(sub.Secret), text(sub.Audience),
		toNS(sub.LeaseUntil), toNS(db.now().UTC()), sub.DeliveredSeq)
	out, err := scanSubscription(row)
	if err != nil {
		return store.Subscription{}, fmt.Errorf("store: subscribe %s to %s: %w", sub.Callback, sub.Topic, err)
	}
	return out, nil
}

// DeleteSubscription removes the subscription of topic and callback; it
// is not an error when there is none.
func (db *DB) DeleteSubscription(ctx context.Context, topic, callback string) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM websub_subscriptions WHERE topic = $1 AND callback = $2`,
		text(topic), text(callback)); err != nil {
		return fmt.Errorf("store: unsubscribe %s from %s: %w", callback, topic, err)
	}
	return nil
}

// ExpireSubscriptions removes the subscriptions whose lease ended before
// now and returns how many there were.
func (db *DB) ExpireSubscriptions(ctx context.Context, now time.Time) (int, error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM websub_subscriptions WHERE lease_until < $1`, toNS(now))
	if err != nil {
		return 0, fmt.Errorf("store: expire subscriptions: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// Subscriptions returns every subscription, in creation order.
func (db *DB) Subscriptions(ctx context.Context) ([]store.Subscription, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+subCols+` FROM websub_subscriptions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: subscriptions: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Subscription, error) { return scanSubscription(r) })
	if err != nil {
		return nil, fmt.Errorf("store: subscriptions: %w", err)
	}
	return out, nil
}

// RecordDeliveries saves the outcomes of delivery attempts in one
// transaction. A subscription removed meanwhile is skipped.
func (db *DB) RecordDeliveries(ctx context.Context, ds []store.Delivery) error {
	if len(ds) == 0 {
		return nil
	}
	err := db.tx(ctx, false, func(tx pgx.Tx) error {
		for _, d := range ds {
			var err error
			if d.OK {
				_, err = tx.Exec(ctx, `UPDATE websub_subscriptions SET delivered_seq = greatest(delivered_seq, $1),
					attempts = 0, next_attempt = 0, last_status = $2, last_error = '' WHERE id = $3`, d.Seq, d.Status, d.ID)
			} else {
				_, err = tx.Exec(ctx, `UPDATE websub_subscriptions SET attempts = $1, next_attempt = $2,
					last_status = $3, last_error = $4 WHERE id = $5`, d.Attempts, toNS(d.NextAttempt), d.Status, text(d.Error), d.ID)
			}
			if err != nil {
				return fmt.Errorf("subscription %d: %w", d.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: record deliveries: %w", err)
	}
	return nil
}

func scanSubscription(sc pgx.Row) (store.Subscription, error) {
	var s store.Subscription
	var lease, created, next int64
	err := sc.Scan(&s.ID, &s.Topic, &s.Callback, &s.Secret, &s.Audience, &lease, &created, &s.DeliveredSeq,
		&s.Attempts, &next, &s.LastStatus, &s.LastError)
	s.LeaseUntil, s.CreatedAt, s.NextAttempt = fromNS(lease), fromNS(created), fromNS(next)
	return s, err
}
