package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// Withdraw takes a story out of every feed and page, keeping it as a
// tombstone so that later polls neither bring it back nor change it. The
// returned story still lists its categories, so the caller knows which
// feeds to render again; for a duplicate, DuplicateOf names the story whose
// carrier list shrank. Withdrawing a withdrawn story only updates the reason.
// by names who acted, for the editorial log.
func (db *DB) Withdraw(ctx context.Context, id, reason, by string) (story.Item, error) {
	it, err := db.editorial(ctx, id, "withdraw", reason, by, func(tx *sql.Tx, pk int64, withdrawn, _ int64) error {
		at := toNS(db.now().UTC())
		if withdrawn != 0 {
			at = withdrawn
		}
		if _, err := tx.ExecContext(ctx, `UPDATE items SET withdrawn_at = ?, withdraw_reason = ?
			WHERE pk = ?`, at, reason, pk); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE item_categories SET live = 0 WHERE item_pk = ?`, pk); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, logEditorialSQL, pk, 1, at)
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
	it, err := db.editorial(ctx, id, "restore", "", by, func(tx *sql.Tx, pk int64, withdrawn, pruned int64) error {
		if withdrawn == 0 {
			return store.ErrNotWithdrawn
		}
		if pruned != 0 {
			return store.ErrPruned
		}
		if _, err := tx.ExecContext(ctx, `UPDATE items SET withdrawn_at = 0, withdraw_reason = ''
			WHERE pk = ?`, pk); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE item_categories
			SET live = (SELECT duplicate_of IS NULL FROM items WHERE pk = ?) WHERE item_pk = ?`, pk, pk); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, logEditorialSQL, pk, 0, toNS(db.now().UTC()))
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
	change func(tx *sql.Tx, pk, withdrawn, pruned int64) error) (story.Item, error) {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return story.Item{}, err
	}
	var pk, withdrawn, pruned int64
	err = tx.QueryRowContext(ctx, `SELECT pk, withdrawn_at, pruned_at FROM items WHERE id = ?`, id).
		Scan(&pk, &withdrawn, &pruned)
	if errors.Is(err, sql.ErrNoRows) {
		err = store.ErrNotFound
	}
	if err != nil {
		return story.Item{}, rollback(tx, err)
	}
	if err := change(tx, pk, withdrawn, pruned); err != nil {
		return story.Item{}, rollback(tx, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO editorial_log (item_id, action, reason, by_whom, at)
		VALUES (?, ?, ?, ?, ?)`, id, action, reason, by, toNS(db.now().UTC())); err != nil {
		return story.Item{}, rollback(tx, err)
	}
	it, err := loadItem(ctx, tx, db.wr, id)
	if err == nil {
		err = db.applyIndex(ctx, tx)
	}
	if err != nil {
		return story.Item{}, rollback(tx, err)
	}
	if err := tx.Commit(); err != nil {
		return story.Item{}, fmt.Errorf("commit: %w", err)
	}
	return it, nil
}

// EditorialLog returns the withdrawals and restorations recorded after
// sequence number after, oldest first. A server polls it to learn of
// editorial changes made by another process (the CLI).
func (db *DB) EditorialLog(ctx context.Context, after int64) ([]store.EditorialEvent, error) {
	var out []store.EditorialEvent
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT l.seq, l.item_id, l.action, l.reason, l.by_whom,
			COALESCE(i.title, ''), l.at
			FROM editorial_log l LEFT JOIN items i ON i.id = l.item_id
			WHERE l.seq > ? ORDER BY l.seq LIMIT 1000`, after)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e store.EditorialEvent
			var at int64
			if err := rows.Scan(&e.Seq, &e.ItemID, &e.Action, &e.Reason, &e.By, &e.Title, &at); err != nil {
				return err
			}
			e.At = fromNS(at)
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: editorial log: %w", err)
	}
	return out, nil
}

// Withdrawn returns the stories withdrawn now, most recent first, each
// with the reason and who withdrew it (from its latest log entry).
func (db *DB) Withdrawn(ctx context.Context) ([]store.EditorialEvent, error) {
	var out []store.EditorialEvent
	err := db.read(ctx, func(tx *sql.Tx) error {
		// Driven by the log, not a scan of every story: each story whose
		// latest action is a withdrawal and that is still withdrawn.
		rows, err := tx.QueryContext(ctx, `SELECT i.id, i.withdraw_reason, i.title, i.withdrawn_at, l.by_whom
			FROM editorial_log l JOIN items i ON i.id = l.item_id
			WHERE l.action = 'withdraw' AND i.withdrawn_at != 0
			  AND l.seq = (SELECT MAX(seq) FROM editorial_log WHERE item_id = l.item_id)
			ORDER BY i.withdrawn_at DESC, i.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e := store.EditorialEvent{Action: "withdraw"}
			var at int64
			if err := rows.Scan(&e.ItemID, &e.Reason, &e.Title, &at, &e.By); err != nil {
				return err
			}
			e.At = fromNS(at)
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: withdrawn stories: %w", err)
	}
	return out, nil
}
