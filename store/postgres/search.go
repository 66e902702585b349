package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/story"
)

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
			ORDER BY i.pk DESC LIMIT $2 OFFSET $3`, q.TSQuery(), limit, max(offset, 0)))
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
