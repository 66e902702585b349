package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/wiredesk/wiredesk/store"
)

const subCols = `id, topic, callback, secret, audience, lease_until, created_at, delivered_seq,
	attempts, next_attempt, last_status, last_error`

// SaveSubscription creates the subscription of sub.Topic and sub.Callback
// or renews it: a renewal replaces the secret and the lease and keeps the
// delivery progress; a new one starts at sub.DeliveredSeq (the topic's
// head, so that it is sent what changes next). A renewal also takes the
// audience of the credential it was made with. It returns the stored row.
func (db *DB) SaveSubscription(ctx context.Context, sub store.Subscription) (store.Subscription, error) {
	row := db.writer.QueryRowContext(ctx, `INSERT INTO websub_subscriptions
		(topic, callback, secret, audience, lease_until, created_at, delivered_seq) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (topic, callback) DO UPDATE SET secret = excluded.secret, audience = excluded.audience,
			lease_until = excluded.lease_until
		RETURNING `+subCols, sub.Topic, sub.Callback, sub.Secret, sub.Audience, toNS(sub.LeaseUntil),
		toNS(db.now().UTC()), sub.DeliveredSeq)
	out, err := scanSubscription(row)
	if err != nil {
		return store.Subscription{}, fmt.Errorf("store: subscribe %s to %s: %w", sub.Callback, sub.Topic, err)
	}
	return out, nil
}

// DeleteSubscription removes the subscription of topic and callback; it
// is not an error when there is none.
func (db *DB) DeleteSubscription(ctx context.Context, topic, callback string) error {
	if _, err := db.writer.ExecContext(ctx, `DELETE FROM websub_subscriptions WHERE topic = ? AND callback = ?`,
		topic, callback); err != nil {
		return fmt.Errorf("store: unsubscribe %s from %s: %w", callback, topic, err)
	}
	return nil
}

// ExpireSubscriptions removes the subscriptions whose lease ended before
// now and returns how many there were.
func (db *DB) ExpireSubscriptions(ctx context.Context, now time.Time) (int, error) {
	res, err := db.writer.ExecContext(ctx, `DELETE FROM websub_subscriptions WHERE lease_until < ?`, toNS(now))
	if err != nil {
		return 0, fmt.Errorf("store: expire subscriptions: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: expire subscriptions: %w", err)
	}
	return int(n), nil
}

// Subscriptions returns every subscription, in creation order.
func (db *DB) Subscriptions(ctx context.Context) ([]store.Subscription, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT `+subCols+` FROM websub_subscriptions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: subscriptions: %w", err)
	}
	var out []store.Subscription
	err = eachRow(rows, func(sc func(...any) error) error {
		s, err := scanSubscription(scanFunc(sc))
		out = append(out, s)
		return err
	})
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
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: record deliveries: %w", err)
	}
	for _, d := range ds {
		var err error
		if d.OK {
			_, err = tx.ExecContext(ctx, `UPDATE websub_subscriptions SET delivered_seq = max(delivered_seq, ?),
				attempts = 0, next_attempt = 0, last_status = ?, last_error = '' WHERE id = ?`, d.Seq, d.Status, d.ID)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE websub_subscriptions SET attempts = ?, next_attempt = ?,
				last_status = ?, last_error = ? WHERE id = ?`, d.Attempts, toNS(d.NextAttempt), d.Status, d.Error, d.ID)
		}
		if err != nil {
			return rollback(tx, fmt.Errorf("store: record delivery to subscription %d: %w", d.ID, err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: record deliveries: commit: %w", err)
	}
	return nil
}

type scanFunc func(...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

func scanSubscription(sc interface{ Scan(...any) error }) (store.Subscription, error) {
	var s store.Subscription
	var lease, created, next int64
	err := sc.Scan(&s.ID, &s.Topic, &s.Callback, &s.Secret, &s.Audience, &lease, &created, &s.DeliveredSeq,
		&s.Attempts, &next, &s.LastStatus, &s.LastError)
	s.LeaseUntil, s.CreatedAt, s.NextAttempt = fromNS(lease), fromNS(created), fromNS(next)
	return s, err
}
