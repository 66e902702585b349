package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// Withdraw takes a story out of every feed and page, keeping it as a
// tombstone, with the semantics of the SQLite store's Withdraw.
func (db *DB) Withdraw(ctx context.Context, id, reason, by string) (story.Item, error) {
	it, err := db.editorial(ctx, id, "withdraw", reason, by, func(tx pgx.Tx, pk int64, withdrawn, _ int64) error {
		at := toNS(db.now().UTC())
		if withdrawn != 0 {
			at = withdrawn
		}
		if _, err := tx.Exec(ctx, `UPDATE items SET withdrawn_at = $1, withdraw_reason = $2
			WHERE pk = $3`, at, text(reason), pk); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE item_categories SET live = false WHERE item_pk = $1`, pk); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, logEditorialSQL, pk, true, at)
		return err
	})
	if err != nil {
		return story.Item{}, fmt.Errorf("withdraw %q: %w", id, err)
	}
	return it, nil
}

// Restore puts a withdrawn story back where it was filed; by names who
// acted. It fails with ErrNotWithdrawn for a story that is not withdrawn
// and with ErrPruned when only the story's tombstone is left.
func (db *DB) Restore(ctx context.Context, id, by string) (story.Item, error) {
	it, err := db.editorial(ctx, id, "restore", "", by, func(tx pgx.Tx, pk int64, withdrawn, pruned int64) error {
		if withdrawn == 0 {
			return store.ErrNotWithdrawn
		}
		if pruned != 0 {
			return store.ErrPruned
		}
		if _, err := tx.Exec(ctx, `UPDATE items SET withdrawn_at = 0, withdraw_reason = ''
			WHERE pk = $1`, pk); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE item_categories
			SET live = (SELECT duplicate_of IS NULL FROM items WHERE pk = $1) WHERE item_pk = $1`, pk); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, logEditorialSQL, pk, false, toNS(db.now().UTC()))
		return err
	})
	if err != nil {
		return story.Item{}, fmt.Errorf("restore %q: %w", id, err)
	}
	return it, nil
}

// editorial runs change on one story inside a write transaction and
// returns the story as it is afterwards, recording the action in the
// editorial log in the same transaction.
func (db *DB) editorial(ctx context.Context, id, action, reason, by string,
	change func(tx pgx.Tx, pk, withdrawn, pruned int64) error) (story.Item, error) {
	var it story.Item
	err := db.write(ctx, func(tx pgx.Tx) error {
		var pk, withdrawn, pruned int64
		err := tx.QueryRow(ctx, `SELECT pk, withdrawn_at, pruned_at FROM items WHERE id = $1`, text(id)).
			Scan(&pk, &withdrawn, &pruned)
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := change(tx, pk, withdrawn, pruned); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO editorial_log (item_id, action, reason, by_whom, at)
			VALUES ($1, $2, $3, $4, $5)`, text(id), action, text(reason), text(by), toNS(db.now().UTC())); err != nil {
			return err
		}
		it, err = loadItem(ctx, tx, id)
		return err
	})
	return it, err
}

// EditorialLog returns the withdrawals and restorations recorded after
// sequence number after, oldest first, at most 1,000.
func (db *DB) EditorialLog(ctx context.Context, after int64) ([]store.EditorialEvent, error) {
	rows, err := db.pool.Query(ctx, `SELECT l.seq, l.item_id, l.action, l.reason, l.by_whom,
		COALESCE(i.title, ''), l.at
		FROM editorial_log l LEFT JOIN items i ON i.id = l.item_id
		WHERE l.seq > $1 ORDER BY l.seq LIMIT 1000`, after)
	if err != nil {
		return nil, fmt.Errorf("store: editorial log: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.EditorialEvent, error) {
		var e store.EditorialEvent
		var at int64
		err := r.Scan(&e.Seq, &e.ItemID, &e.Action, &e.Reason, &e.By, &e.Title, &at)
		e.At = fromNS(at)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: editorial log: %w", err)
	}
	return out, nil
}

// Withdrawn returns the stories withdrawn now, most recent first, each
// with the reason and who withdrew it (from its latest log entry).
func (db *DB) Withdrawn(ctx context.Context) ([]store.EditorialEvent, error) {
	rows, err := db.pool.Query(ctx, `SELECT i.id, i.withdraw_reason, i.title, i.withdrawn_at, l.by_whom
		FROM editorial_log l JOIN items i ON i.id = l.item_id
		WHERE l.action = 'withdraw' AND i.withdrawn_at <> 0
		  AND l.seq = (SELECT max(seq) FROM editorial_log WHERE item_id = l.item_id)
		ORDER BY i.withdrawn_at DESC, i.id`)
	if err != nil {
		return nil, fmt.Errorf("store: withdrawn stories: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.EditorialEvent, error) {
		e := store.EditorialEvent{Action: "withdraw"}
		var at int64
		err := r.Scan(&e.ItemID, &e.Reason, &e.Title, &at, &e.By)
		e.At = fromNS(at)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: withdrawn stories: %w", err)
	}
	return out, nil
}
