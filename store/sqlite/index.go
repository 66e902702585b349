package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// indexSQL applies the search index's queue (migration 0013): the
// queued stories leave the index, the live ones among them enter it
// again. Two statements for a whole transaction: FTS5 then writes its
// words to disk once, at the commit.
var indexSQL = map[string]string{
	"unindex": `DELETE FROM items_fts WHERE rowid IN (SELECT pk FROM items_fts_pending WHERE new = 0)`,
	"index": `INSERT INTO items_fts (rowid, title, summary_html, content_html)
		SELECT i.pk, i.title, i.summary_html, i.content_html
		  FROM items_fts_pending p JOIN items i ON i.pk = p.pk
		 WHERE i.duplicate_of IS NULL AND i.withdrawn_at = 0 AND i.pruned_at = 0
		 ORDER BY i.pk`,
	"drain": `DELETE FROM items_fts_pending`,
}

// indexOrder is the order indexSQL runs in.
var indexOrder = []string{"unindex", "index", "drain"}

// applyIndex brings the search index up to date with what tx changed.
// Every write transaction that may change a story's text or liveness
// calls it last, before its commit, so that a search never sees a commit
// whose stories are not indexed. A store without the queue (a harness
// baseline, DropSearchTriggers) has nothing to apply.
func (db *DB) applyIndex(ctx context.Context, tx *sql.Tx) error {
	if db.ix == nil {
		return nil
	}
	for _, name := range indexOrder {
		if _, err := db.ix.in(ctx, tx, name).ExecContext(ctx); err != nil {
			return fmt.Errorf("search index: %s: %w", name, err)
		}
	}
	return nil
}

// applyLeftIndex applies what is queued at start: writes made outside
// wiredesk (the sqlite3 shell) are queued by the triggers too.
func (db *DB) applyLeftIndex(ctx context.Context) error {
	if db.ix == nil {
		return nil
	}
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if err := db.applyIndex(ctx, tx); err != nil {
		return rollback(tx, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("search index: commit: %w", err)
	}
	return nil
}

// hasTable reports whether the store has the table name.
func hasTable(ctx context.Context, db *sql.DB, name string) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, name).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look for table %s: %w", name, err)
	}
	return n > 0, nil
}
