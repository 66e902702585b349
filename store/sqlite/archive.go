package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// PublishedBetween returns up to limit live stories of category ("all"
// for every category) published in [from, to), newest first, as Latest
// orders them: the stories of one archive document (RFC 5005).
func (db *DB) PublishedBetween(ctx context.Context, category string, from, to time.Time, limit int) ([]story.Item, error) {
	var items []story.Item
	err := db.read(ctx, func(tx *sql.Tx) error {
		var rows *sql.Rows
		var err error
		if category == story.All {
			rows, err = tx.QueryContext(ctx, `SELECT `+itemCols+`
				FROM items i INDEXED BY items_live JOIN sources s ON s.id = i.source_id
				WHERE i.duplicate_of IS NULL AND i.withdrawn_at = 0 AND i.published_at >= ? AND i.published_at < ?
				ORDER BY i.published_at DESC, i.pk DESC LIMIT ?`, toNS(from), toNS(to), limit)
		} else {
			rows, err = tx.QueryContext(ctx, `SELECT `+itemCols+`
				FROM item_categories c INDEXED BY item_categories_latest
				CROSS JOIN items i ON i.pk = c.item_pk JOIN sources s ON s.id = i.source_id
				WHERE c.category = ? AND c.live = 1 AND c.published_at >= ? AND c.published_at < ?
				ORDER BY c.published_at DESC, c.item_pk DESC LIMIT ?`, category, toNS(from), toNS(to), limit)
		}
		if err != nil {
			return err
		}
		if items, err = collectItems(rows); err != nil {
			return err
		}
		return fillAlso(ctx, tx, db.rd, items)
	})
	if err != nil {
		return nil, fmt.Errorf("store: %q published %s to %s: %w", category, from.Format(time.RFC3339), to.Format(time.RFC3339), err)
	}
	return items, nil
}

// PublishedBefore returns the publication time of the newest live story
// of category published before t, or the zero time when there is none:
// where the archive before t continues.
func (db *DB) PublishedBefore(ctx context.Context, category string, t time.Time) (time.Time, error) {
	var ns sql.NullInt64
	var err error
	if category == story.All {
		err = db.reader.QueryRowContext(ctx, `SELECT max(published_at) FROM items INDEXED BY items_live
			WHERE duplicate_of IS NULL AND withdrawn_at = 0 AND published_at < ?`, toNS(t)).Scan(&ns)
	} else {
		err = db.reader.QueryRowContext(ctx, `SELECT max(published_at) FROM item_categories INDEXED BY item_categories_latest
			WHERE category = ? AND live = 1 AND published_at < ?`, category, toNS(t)).Scan(&ns)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("store: %q published before %s: %w", category, t.Format(time.RFC3339), err)
	}
	return fromNS(ns.Int64), nil
}
