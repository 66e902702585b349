package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// Census is a raw account of the story table that no store method gives,
// for the kill -9 test's checker (cmd/wiredesk/testdata/reliability):
// whatever the API shows, the table must hold no double and no orphan.
type Census struct {
	Stories int      // rows in the story table, tombstones and duplicates included
	IDs     int      // distinct public IDs
	Keys    int      // distinct (source, key) pairs
	Orphans int      // category rows without a story
	Rows    []string // "id title" of every row, sorted by ID
}

// Census counts the story table from one read snapshot.
func (db *DB) Census(ctx context.Context) (Census, error) {
	var c Census
	err := db.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT id), count(DISTINCT source_id || ' ' || key),
			(SELECT count(*) FROM item_categories c LEFT JOIN items i ON i.pk = c.item_pk WHERE i.pk IS NULL)
			FROM items`).Scan(&c.Stories, &c.IDs, &c.Keys, &c.Orphans)
		if err != nil {
			return fmt.Errorf("counts: %w", err)
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, title FROM items ORDER BY id`)
		if err != nil {
			return fmt.Errorf("rows: %w", err)
		}
		return eachRow(rows, func(scan func(...any) error) error {
			var id, title string
			if err := scan(&id, &title); err != nil {
				return err
			}
			c.Rows = append(c.Rows, id+" "+title)
			return nil
		})
	})
	if err != nil {
		return Census{}, fmt.Errorf("store: census: %w", err)
	}
	return c, nil
}
