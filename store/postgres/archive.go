package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/story"
)

// PublishedBetween returns up to limit live stories of category ("all"
// for every category) published in [from, to), newest first, as Latest
// orders them: the stories of one archive document (RFC 5005).
func (db *DB) PublishedBetween(ctx context.Context, category string, from, to time.Time, limit int) ([]story.Item, error) {
	var items []story.Item
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		if category == story.All {
			items, err = collectItems(tx.Query(ctx, `SELECT `+itemCols+`
				FROM items i JOIN sources s ON s.id = i.source_id
				WHERE i.duplicate_of IS NULL AND i.withdrawn_at = 0 AND i.published_at >= $1 AND i.published_at < $2
				ORDER BY i.published_at DESC, i.pk DESC LIMIT $3`, toNS(from), toNS(to), sqlLimit(limit)))
		} else {
			items, err = collectItems(tx.Query(ctx, `SELECT `+itemCols+`
				FROM item_categories c JOIN items i ON i.pk = c.item_pk JOIN sources s ON s.id = i.source_id
				WHERE c.category = $1 AND c.live AND c.published_at >= $2 AND c.published_at < $3
				ORDER BY c.published_at DESC, c.item_pk DESC LIMIT $4`, category, toNS(from), toNS(to), sqlLimit(limit)))
		}
		if err != nil {
			return err
		}
		return fillAlso(ctx, tx, items)
	})
	if err != nil {
		return nil, fmt.Errorf("store: %q published %s to %s: %w", category, from.Format(time.RFC3339), to.Format(time.RFC3339), err)
	}
	return items, nil
}

// PublishedBefore returns the publication time of the newest live story
// of category published before t, or the zero time when there is none.
func (db *DB) PublishedBefore(ctx context.Context, category string, t time.Time) (time.Time, error) {
	var ns *int64
	var err error
	if category == story.All {
		err = db.pool.QueryRow(ctx, `SELECT max(published_at) FROM items
			WHERE duplicate_of IS NULL AND withdrawn_at = 0 AND published_at < $1`, toNS(t)).Scan(&ns)
	} else {
		err = db.pool.QueryRow(ctx, `SELECT max(published_at) FROM item_categories
			WHERE category = $1 AND live AND published_at < $2`, category, toNS(t)).Scan(&ns)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("store: %q published before %s: %w", category, t.Format(time.RFC3339), err)
	}
	if ns == nil {
		return time.Time{}, nil
	}
	return fromNS(*ns), nil
}
