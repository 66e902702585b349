package postgres

import (
	"context"
	"fmt"
	"strings"
)

// A PostgreSQL database is backed up with PostgreSQL's own tools (pg_dump,
// or base backups and WAL archiving), which copy it consistently while
// nodes keep writing: DB has no Backup, so it is no store.Maintainer and
// "wiredesk backup" says so.

// Size reports the database's size in bytes (pg_database_size).
func (db *DB) Size(ctx context.Context) (int64, error) {
	var n int64
	if err := db.pool.QueryRow(ctx, `SELECT pg_database_size(current_database())`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: size: %w", err)
	}
	return n, nil
}

// IntegrityCheck checks what PostgreSQL's own constraints do not: that
// each source's story and duplicate counts match its stories, and that
// no live category row belongs to a story that is not live. It returns an
// error describing what it found, or nil.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	var problems []string
	rows, err := db.pool.Query(ctx, `SELECT s.url, s.item_count, s.dup_count, count(i.pk), count(i.duplicate_of)
		FROM sources s LEFT JOIN items i ON i.source_id = s.id
		GROUP BY s.id HAVING s.item_count <> count(i.pk) OR s.dup_count <> count(i.duplicate_of)`)
	if err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	for rows.Next() {
		var url string
		var items, dups, realItems, realDups int64
		if err := rows.Scan(&url, &items, &dups, &realItems, &realDups); err != nil {
			rows.Close()
			return fmt.Errorf("store: integrity check: %w", err)
		}
		problems = append(problems, fmt.Sprintf("source %s counts %d stories (%d duplicates), has %d (%d)",
			url, items, dups, realItems, realDups))
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	var stale int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM item_categories c JOIN items i ON i.pk = c.item_pk
		WHERE c.live AND (i.duplicate_of IS NOT NULL OR i.withdrawn_at <> 0)`).Scan(&stale); err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	if stale > 0 {
		problems = append(problems, fmt.Sprintf("%d category rows are live for stories that are not", stale))
	}
	if len(problems) > 0 {
		return fmt.Errorf("store: integrity check: %s", strings.Join(problems, "; "))
	}
	return nil
}
