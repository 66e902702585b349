package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// The change log's cursor is a sequence number that only grows, and a
// reader never misses a row because SQLite has one writer: rows become
// visible in seq order. A backend with concurrent writers (PostgreSQL)
// assigns sequence values at insert, not at commit, so a transaction that
// took 41 could commit after one that took 42; it must either serialise
// the change-log insert of each commit (a transaction-level advisory lock
// taken just before it, held to commit) or serve cursors only up to the
// oldest sequence value still in flight. The cursor stays a bigint.

// logChangesSQL records the live stories among a fetch's changed IDs (a
// JSON array) in the change log of each of their categories and of "all",
// replacing their earlier rows, oldest publication first. Duplicates and
// withdrawn stories match no row.
const logChangesSQL = `INSERT OR REPLACE INTO feed_changes (item_pk, category, deleted, at)
	SELECT pk, category, 0, ?2 FROM (
		SELECT i.pk, c.category, i.published_at FROM json_each(?1) j JOIN items i ON i.id = j.value
		  JOIN item_categories c ON c.item_pk = i.pk WHERE c.live = 1
		UNION ALL
		SELECT i.pk, 'all', i.published_at FROM json_each(?1) j JOIN items i ON i.id = j.value
		 WHERE i.duplicate_of IS NULL AND i.withdrawn_at = 0)
	ORDER BY published_at, pk`

// logEditorialSQL records a withdrawal (?2 = 1) or restoration (?2 = 0) of
// the story ?1 in the change log of every category it is filed under and
// of "all". A duplicate was never in a feed, so it is not logged.
const logEditorialSQL = `INSERT OR REPLACE INTO feed_changes (item_pk, category, deleted, at)
	SELECT c.item_pk, c.category, ?2, ?3 FROM item_categories c JOIN items i ON i.pk = c.item_pk
	 WHERE c.item_pk = ?1 AND i.duplicate_of IS NULL
	UNION ALL
	SELECT pk, 'all', ?2, ?3 FROM items WHERE pk = ?1 AND duplicate_of IS NULL`

// logChanges records the fetch's changed stories in the change log.
func (s *saver) logChanges() error {
	if len(s.ids) == 0 {
		return nil
	}
	ids := make([]string, 0, len(s.ids))
	for id := range s.ids {
		ids = append(ids, id)
	}
	js, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("change log: %w", err)
	}
	if _, err := s.stmts["logChanges"].ExecContext(s.ctx, string(js), toNS(s.now)); err != nil {
		return fmt.Errorf("change log: %w", err)
	}
	return nil
}

// ChangeHead returns the highest Seq the change log has given: the
// AUTOINCREMENT high-water mark, which deleting rows (a prune) does not
// lower.
func (db *DB) ChangeHead(ctx context.Context) (int64, error) {
	var seq int64
	err := db.reader.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'feed_changes'`).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("store: change log head: %w", err)
	}
	return seq, nil
}

// ChangesAfter returns up to limit entries of category's change log
// ("all" for every category) with a Seq above after, oldest first. Each
// story appears once, at its newest change; following the last Seq
// returned reaches every story changed since, whatever happened between
// two calls, because a story changed again moves past the cursor.
func (db *DB) ChangesAfter(ctx context.Context, category string, after int64, limit int) ([]story.Change, error) {
	if limit <= 0 {
		return nil, nil
	}
	var out []story.Change
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT f.seq, f.deleted, f.at, `+itemCols+`
			FROM feed_changes f INDEXED BY feed_changes_cursor
			JOIN items i ON i.pk = f.item_pk JOIN sources s ON s.id = i.source_id
			WHERE f.category = ? AND f.seq > ? ORDER BY f.seq LIMIT ?`, category, after, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c story.Change
			var at int64
			it, err := scanItem(scanPrefix{rows, []any{&c.Seq, &c.Deleted, &at}})
			if err != nil {
				return err
			}
			c.At, c.Item = fromNS(at), it
			out = append(out, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		items := make([]story.Item, len(out))
		for i := range out {
			items[i] = out[i].Item
		}
		if err := fillAlso(ctx, tx, db.rd, items); err != nil {
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

// scanPrefix scans some leading columns into pre and the rest into the
// destinations its caller gives.
type scanPrefix struct {
	rows *sql.Rows
	pre  []any
}

func (s scanPrefix) Scan(dest ...any) error {
	return s.rows.Scan(append(append([]any{}, s.pre...), dest...)...)
}

// Heads returns the newest change of each of categories that has one.
func (db *DB) Heads(ctx context.Context, categories []string) (map[string]store.Head, error) {
	out := make(map[string]store.Head, len(categories))
	err := db.read(ctx, func(tx *sql.Tx) error {
		for _, c := range categories {
			var seq, at int64
			err := tx.QueryRowContext(ctx, `SELECT seq, at FROM feed_changes INDEXED BY feed_changes_cursor
				WHERE category = ? ORDER BY seq DESC LIMIT 1`, c).Scan(&seq, &at)
			switch {
			case errors.Is(err, sql.ErrNoRows):
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
	rows, err := db.reader.QueryContext(ctx, `SELECT i.id, i.title, i.link, f.at
		FROM feed_changes f INDEXED BY feed_changes_deleted JOIN items i ON i.pk = f.item_pk
		WHERE f.category = ? AND f.deleted = 1 ORDER BY f.seq DESC LIMIT ?`, category, limit)
	if err != nil {
		return nil, fmt.Errorf("store: tombstones of %q: %w", category, err)
	}
	var out []story.Tombstone
	err = eachRow(rows, func(sc func(...any) error) error {
		var t story.Tombstone
		var at int64
		if err := sc(&t.ID, &t.Title, &t.Link, &at); err != nil {
			return err
		}
		t.At = fromNS(at)
		out = append(out, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: tombstones of %q: %w", category, err)
	}
	return out, nil
}
