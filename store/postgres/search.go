package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/story"
)

// searchMode plans each search with its own query (an unnamed statement,
// planned at bind time with the values) rather than the generic plan of a
// prepared statement, which PostgreSQL may switch to after five runs and
// which cannot see how common the searched words are. With the words in
// view the planner weighs the GIN index (few matches) against walking the
// stories newest first (many) from the column's statistics. On the
// harness's 1M stories, whose 190 words are each in most stories, the
// statistics still make it walk for a word found once (about 4 s, which
// the search page's budget cuts); see docs/BENCHMARKS.md.
var searchMode any = pgx.QueryExecModeExec

// Search returns a page of the live stories matching q, newest stored
// first, as the SQLite store orders them. Withdrawn, merged and pruned
// stories are never found. Only q's translation (query.TSQuery) reaches
// PostgreSQL, as a bound parameter. A search ended by ctx's deadline
// returns an error wrapping store.ErrSearchStopped.
func (db *DB) Search(ctx context.Context, q query.Query, offset, limit int) ([]story.Item, error) {
	if limit <= 0 {
		return nil, nil
	}
	var items []story.Item
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		items, err = collectItems(tx.Query(ctx, `SELECT `+itemCols+`
			FROM items i JOIN sources s ON s.id = i.source_id
			WHERE i.search @@ to_tsquery('simple', $1)
			  AND i.duplicate_of IS NULL AND i.withdrawn_at = 0 AND i.pruned_at = 0
			ORDER BY i.pk DESC LIMIT $2 OFFSET $3`, searchMode, q.TSQuery(), limit, max(offset, 0)))
		if err != nil {
			return err
		}
		return fillAlso(ctx, tx, items)
	})
	if err != nil {
		if ctx.Err() != nil {
			// PostgreSQL sorts before it returns a row: nothing was found
			// in time.
			return nil, fmt.Errorf("store: search %q: %w: %w", q.String(), store.ErrSearchStopped, err)
		}
		return nil, fmt.Errorf("store: search %q: %w", q.String(), err)
	}
	return items, nil
}
