package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/story"
)

// Search returns a page of the live stories matching q, newest stored
// first (a wire's stories are stored as they are published; this is the
// order the index walks without sorting, so a common word costs no more
// than a rare one). Withdrawn, merged and pruned stories are not in the
// index. Only q's own translation reaches FTS5, never the user's text.
func (db *DB) Search(ctx context.Context, q query.Query, offset, limit int) ([]story.Item, error) {
	if limit <= 0 {
		return nil, nil
	}
	var items []story.Item
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := db.rd.in(ctx, tx, "search").QueryContext(ctx, q.FTS5(), limit, max(offset, 0))
		if err != nil {
			return err
		}
		if items, err = collectItems(rows); err != nil {
			return err
		}
		return fillAlso(ctx, tx, db.rd, items)
	})
	if err != nil {
		return nil, fmt.Errorf("store: search %q: %w", q.String(), err)
	}
	return items, nil
}
