package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/story"
)

// Search returns a page of the live stories matching q, newest stored
// first (a wire's stories are stored as they are published; this is the
// order the index walks without sorting, so a common word costs no more
// than a rare one). Withdrawn, merged and pruned stories are not in the
// index. Only q's own translation reaches FTS5, never the user's text; a
// prefix is asked as the words it stands for (search_terms), at most
// maxExpansion of them.
//
// When ctx's deadline ends the search before the page is full (a query
// whose few matches FTS5 must prove by reading whole doclists), the
// stories found by then are returned with an error wrapping
// store.ErrSearchStopped.
func (db *DB) Search(ctx context.Context, q query.Query, offset, limit int) ([]story.Item, error) {
	if limit <= 0 {
		return nil, nil
	}
	var items []story.Item
	var stopped error
	// The transaction outlives the deadline (database/sql would roll it
	// back at once), so that the stories found are still read whole;
	// only the search itself is bounded by ctx.
	err := db.read(context.WithoutCancel(ctx), func(tx *sql.Tx) error {
		expr := q.FTS5()
		if db.vocab != nil {
			expand, failed := db.expander(ctx, tx)
			expr = q.FTS5Expanded(expand)
			if *failed != nil {
				if ctx.Err() != nil {
					stopped = ctx.Err()
					return nil
				}
				return fmt.Errorf("prefix words: %w", *failed)
			}
		}
		rows, err := db.rd.in(ctx, tx, "search").QueryContext(ctx, expr, limit, max(offset, 0))
		if err == nil {
			items, err = collectItems(rows)
		}
		if err != nil {
			if ctx.Err() == nil {
				return err
			}
			stopped = ctx.Err()
		}
		return fillAlso(context.WithoutCancel(ctx), tx, db.rd, items)
	})
	if err != nil {
		return nil, fmt.Errorf("store: search %q: %w", q.String(), err)
	}
	if stopped != nil {
		return items, fmt.Errorf("store: search %q: %w after %d stories: %w", q.String(), store.ErrSearchStopped, len(items), stopped)
	}
	return items, nil
}
