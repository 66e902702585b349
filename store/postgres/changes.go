package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// The change log's cursor (feed_changes.seq) comes from a sequence, whose
// values are taken at insert. Every transaction that writes the log holds
// the write lock to its commit (DB.write), so seq order is commit order:
// a reader that saw seq 42 has already seen every row below it.

// logChangesSQL records the live stories among the IDs $1 in the change
// log of each of their categories and of "all", replacing their earlier
// rows (a new seq: the default nextval of the proposed row), oldest
// publication first. Duplicates and withdrawn stories match no row.
const logChangesSQL = `INSERT INTO feed_changes (item_pk, category, deleted, at)
	SELECT pk, category, false, $2 FROM (
		SELECT i.pk, c.category, i.published_at FROM items i JOIN item_categories c ON c.item_pk = i.pk
		 WHERE i.id = ANY($1::text[]) AND c.live AND c.category <> 'all'
		UNION ALL
		SELECT i.pk, 'all', i.published_at FROM items i
		 WHERE i.id = ANY($1::text[]) AND i.duplicate_of IS NULL AND i.withdrawn_at = 0) x
	ORDER BY published_at, pk
	ON CONFLICT (item_pk, category) DO UPDATE SET seq = excluded.seq, deleted = excluded.deleted, at = excluded.at`

// logEditorialSQL records a withdrawal ($2 true) or restoration of the
// story $1 in the change log of every category it is filed under and of
// "all". A duplicate was never in a feed, so it is not logged.
const logEditorialSQL = `INSERT INTO feed_changes (item_pk, category, deleted, at)
	SELECT c.item_pk, c.category, $2::boolean, $3::bigint FROM item_categories c JOIN items i ON i.pk = c.item_pk
	 WHERE c.item_pk = $1 AND i.duplicate_of IS NULL AND c.category <> 'all'
	UNION ALL
	SELECT pk, 'all', $2, $3 FROM items WHERE pk = $1 AND duplicate_of IS NULL
	ON CONFLICT (item_pk, category) DO UPDATE SET seq = excluded.seq, deleted = excluded.deleted, at = excluded.at`

// logChanges records the fetch's changed stories in the change log.
func (s *saver) logChanges() error {
	if len(s.ids) == 0 {
		return nil
	}
	ids := make([]string, 0, len(s.ids))
	for id := range s.ids {
		ids = append(ids, id)
	}
	if _, err := s.tx.Exec(s.ctx, logChangesSQL, ids, toNS(s.now)); err != nil {
		return fmt.Errorf("change log: %w", err)
	}
	return nil
}

// ChangeHead returns the highest Seq the change log has given: the
// sequence's last value (0 before its first), which neither a prune nor
// a rolled back save lowers.
func (db *DB) ChangeHead(ctx context.Context) (int64, error) {
	var last int64
	var called bool
	if err := db.pool.QueryRow(ctx, `SELECT last_value, is_called FROM feed_changes_seq`).Scan(&last, &called); err != nil {
		return 0, fmt.Errorf("store: change log head: %w", err)
	}
	if !called {
		return 0, nil
	}
	return last, nil
}

// ChangesAfter returns up to limit entries of category's change log
// ("all" for every category) with a Seq above after, oldest first, each
// story once, at its newest change.
func (db *DB) ChangesAfter(ctx context.Context, category string, after int64, limit int) ([]story.Change, error) {
	if limit <= 0 {
		return nil, nil
	}
	var out []story.Change
	err := db.read(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT f.seq, f.deleted, f.at, `+itemCols+`
			FROM feed_changes f JOIN items i ON i.pk = f.item_pk JOIN sources s ON s.id = i.source_id
			WHERE f.category = $1 AND f.seq > $2 ORDER BY f.seq LIMIT $3`, category, after, limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (story.Change, error) {
			var c story.Change
			var at int64
			it, err := scanItem(r, &c.Seq, &c.Deleted, &at)
			c.At, c.Item = fromNS(at), it
			return c, err
		})
		if err != nil {
			return err
		}
		items := make([]story.Item, len(out))
		for i := range out {
			items[i] = out[i].Item
		}
		if err := fillAlso(ctx, tx, items); err != nil {
			return err
		}
		for i := range out {
			out[i].Item = items[i]
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: changes of %q after %d: %w", category, after, err)
	}
	return out, nil
}

// Heads returns the newest change of each of categories that has one.
func (db *DB) Heads(ctx context.Context, categories []string) (map[string]store.Head, error) {
	out := make(map[string]store.Head, len(categories))
	err := db.read(ctx, func(tx pgx.Tx) error {
		for _, c := range categories {
			var seq, at int64
			err := tx.QueryRow(ctx, `SELECT seq, at FROM feed_changes
				WHERE category = $1 ORDER BY seq DESC LIMIT 1`, c).Scan(&seq, &at)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				continue
			case err != nil:
				return fmt.Errorf("%q: %w", c, err)
			}
			out[c] = store.Head{Seq: seq, At: fromNS(at)}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: feed heads: %w", err)
	}
	return out, nil
}

// Tombstones returns the limit most recently withdrawn stories of
// category ("all" for every category), newest first.
func (db *DB) Tombstones(ctx context.Context, category string, limit int) ([]story.Tombstone, error) {
	rows, err := db.pool.Query(ctx, `SELECT i.id, i.title, i.link, f.at
		FROM feed_changes f JOIN items i ON i.pk = f.item_pk
		WHERE f.category = $1 AND f.deleted ORDER BY f.seq DESC LIMIT $2`, category, sqlLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("store: tombstones of %q: %w", category, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (story.Tombstone, error) {
		var t story.Tombstone
		var at int64
		err := r.Scan(&t.ID, &t.Title, &t.Link, &at)
		t.At = fromNS(at)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: tombstones of %q: %w", category, err)
	}
	return out, nil
}
