package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/story"
)

// searchMode sends each statement of a search unprepared, planned with
// its values (pgx.QueryExecModeExec), not with a prepared statement's
// generic plan.
var searchMode any = pgx.QueryExecModeExec

// searchWindow is how many of the newest stored rows the first step of a
// search reads through, newest first.
var searchWindow int64 = 4000

// Search returns a page of the live stories matching q, newest stored
// first, as the SQLite store orders them. Withdrawn, merged and pruned
// stories are never found. Only q's translation (query.TSQuery) reaches
// PostgreSQL, as a bound parameter. A search ended by ctx's deadline
// returns an error wrapping store.ErrSearchStopped.
//
// The planner chooses between walking the stories newest first until a
// page has matched (right for common words) and reading the GIN index's
// matches and sorting them (right for rare ones) from the column's word
// statistics, and on copy where most words are in most stories it takes
// a word found once for a common one: at 1M stories it walked the whole
// table for 4.7 s (now 13.5 ms, docs/BENCHMARKS.md). So the plan is not left to the estimate. A search first
// walks the newest searchWindow rows (index scan on pk, bitmap scans
// off: bounded work whatever the words); when that fills the page, as it
// does for any word in more than about one story in 200, it is done.
// Only a page the window could not fill reads the GIN index for the
// older rows (bitmap scan forced): a search that gets that far matches
// few of the newest stories, which is when the index is the fast way.
func (db *DB) Search(ctx context.Context, q query.Query, offset, limit int) ([]story.Item, error) {
	if limit <= 0 {
		return nil, nil
	}
	offset = max(offset, 0)
	tsq := q.TSQuery()
	var items []story.Item
	err := db.read(ctx, func(tx pgx.Tx) error {
		// The settings are local to this read-only transaction; the
		// statements after the two steps (items by pk, their carriers by
		// duplicate_of) plan well under either.
		var top int64
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(pk), 0), set_config('enable_bitmapscan', 'off', true)
			FROM items`).Scan(&top, nil); err != nil {
			return err
		}
		bound := top - searchWindow
		pks, err := collectPKs(tx.Query(ctx, `SELECT pk FROM items
			WHERE pk > $2 AND search @@ to_tsquery('simple', $1)
			  AND duplicate_of IS NULL AND withdrawn_at = 0 AND pruned_at = 0
			ORDER BY pk DESC LIMIT $3`, searchMode, tsq, bound, offset+limit))
		if err != nil {
			return err
		}
		page := pks[min(offset, len(pks)):]
		if len(pks) < offset+limit && bound > 0 {
			// The window is short of the page: the rest are older.
			if _, err := tx.Exec(ctx, `SELECT set_config('enable_bitmapscan', 'on', true),
				set_config('enable_indexscan', 'off', true), set_config('enable_seqscan', 'off', true)`); err != nil {
				return err
			}
			skip := max(offset-len(pks), 0)
			older, err := collectPKs(tx.Query(ctx, `SELECT pk FROM items
				WHERE pk <= $2 AND search @@ to_tsquery('simple', $1)
				  AND duplicate_of IS NULL AND withdrawn_at = 0 AND pruned_at = 0
				ORDER BY pk DESC LIMIT $3 OFFSET $4`, searchMode, tsq, bound, offset+limit-max(offset, len(pks)), skip))
			if err != nil {
				return err
			}
			page = append(page, older...)
		}
		if len(page) == 0 {
			return nil
		}
		if items, err = collectItems(tx.Query(ctx, `SELECT `+itemCols+`
			FROM items i JOIN sources s ON s.id = i.source_id
			WHERE i.pk = ANY($1) ORDER BY i.pk DESC`, page)); err != nil {
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

// collectPKs reads a column of item keys.
func collectPKs(rows pgx.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}
