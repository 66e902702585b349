package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/story"
)

// searchWindow is the number of newest stored rows a search looks at
// first, and searchGrowth how much each further window widens it.
const (
	searchWindow = 1024
	searchGrowth = 8
)

// Search returns a page of the live stories matching q, newest stored
// first (a wire's stories are stored as they are published; this is the
// order the index walks without sorting). Withdrawn, merged and pruned
// stories are not in the index. Only q's own translation reaches FTS5,
// never the user's text.
//
// The search runs over the newest rows first and widens the window
// geometrically only while the page is not full: a common word, a NOT
// or an OR of common words stops after a few thousand rows instead of
// walking the whole index, a rare word still reaches the oldest story.
// A full page from a window is exactly the page of a full search, since
// every row in the window is newer than every row outside it.
func (db *DB) Search(ctx context.Context, q query.Query, offset, limit int) ([]story.Item, error) {
	if limit <= 0 {
		return nil, nil
	}
	offset = max(offset, 0)
	var items []story.Item
	err := db.read(ctx, func(tx *sql.Tx) error {
		var newest int64
		if err := db.rd.in(ctx, tx, "searchNewest").QueryRowContext(ctx).Scan(&newest); err != nil {
			return err
		}
		var err error
		if items, err = searchWindowed(ctx, db.rd.in(ctx, tx, "searchWindow"), q.FTS5(), newest, searchWindow, offset, limit); err != nil {
			return err
		}
		return fillAlso(ctx, tx, db.rd, items)
	})
	if err != nil {
		return nil, fmt.Errorf("store: search %q: %w", q.String(), err)
	}
	return items, nil
}

// searchWindowed runs stmt over ever wider windows of the rows up to
// newest, the first of at least first rows, until one yields a full page
// or covers every row.
func searchWindowed(ctx context.Context, stmt *sql.Stmt, match string, newest, first int64, offset, limit int) ([]story.Item, error) {
	window := max(first, 4*int64(offset+limit))
	for {
		after := max(newest-window, 0)
		rows, err := stmt.QueryContext(ctx, match, after, limit, offset)
		if err != nil {
			return nil, err
		}
		items, err := collectItems(rows)
		if err != nil {
			return nil, err
		}
		if len(items) == limit || after == 0 {
			return items, nil
		}
		window *= searchGrowth
	}
}
