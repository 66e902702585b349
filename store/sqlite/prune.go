package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Prune forgets stories published before olderThan that upstream stopped
// carrying before olderThan too (so the next poll cannot bring them back
// as new), except those still in a published feed: the keepLatest newest
// of any category or of "all". A story with a surviving duplicate, or a
// duplicate of a surviving story, stays with it. Withdrawn stories are not
// deleted but reduced to a tombstone (key, ID and title; content cleared)
// so that they never come back. Categories and bands go with their story.
// It returns how many stories were deleted or reduced to tombstones.
func (db *DB) Prune(ctx context.Context, olderThan time.Time, keepLatest int) (int, error) {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: prune: %w", err)
	}
	n, err := prune(ctx, tx, toNS(olderThan), max(keepLatest, 0), toNS(db.now().UTC()))
	if err == nil {
		err = db.applyIndex(ctx, tx)
	}
	if err != nil {
		return 0, rollback(tx, fmt.Errorf("store: prune: %w", err))
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: prune: commit: %w", err)
	}
	return n, nil
}

// pruneCandidatesSQL selects the stories published and last carried
// before a horizon: one range of items_source_published per source, as
// every item has its source (foreign key, ON DELETE CASCADE).
const pruneCandidatesSQL = `SELECT i.pk, i.id, i.duplicate_of, i.withdrawn_at
	FROM sources s CROSS JOIN items i INDEXED BY items_source_published ON i.source_id = s.id
	WHERE i.published_at < ? AND i.last_seen_at < ? AND i.pruned_at = 0`

func prune(ctx context.Context, tx *sql.Tx, horizon int64, keep int, now int64) (int, error) {
	steps := []struct {
		sql  string
		args []any
	}{
		{`CREATE TEMP TABLE prune_set (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
			dup_of TEXT, withdrawn INTEGER NOT NULL)`, nil},
		{`INSERT INTO prune_set ` + pruneCandidatesSQL, []any{horizon, horizon}},
		{`DELETE FROM prune_set WHERE pk IN (SELECT pk FROM items INDEXED BY items_live
			WHERE duplicate_of IS NULL AND withdrawn_at = 0
			ORDER BY published_at DESC, pk DESC LIMIT ?)`, []any{keep}},
	}
	for _, st := range steps {
		if _, err := tx.ExecContext(ctx, st.sql, st.args...); err != nil {
			return 0, err
		}
	}
	cats, err := liveCategories(ctx, tx)
	if err != nil {
		return 0, err
	}
	for _, c := range cats {
		if _, err := tx.ExecContext(ctx, `DELETE FROM prune_set WHERE pk IN (
			SELECT item_pk FROM item_categories INDEXED BY item_categories_latest
			WHERE category = ? AND live = 1
			ORDER BY published_at DESC, item_pk DESC LIMIT ?)`, c, keep); err != nil {
			return 0, fmt.Errorf("keep %q: %w", c, err)
		}
	}
	// A duplicate goes only with its story; a story stays while any of its
	// duplicates stays. Duplicates have no duplicates, so this settles in
	// three passes.
	keepDups := `DELETE FROM prune_set WHERE dup_of IS NOT NULL
		AND dup_of NOT IN (SELECT id FROM prune_set)`
	keepRoots := `DELETE FROM prune_set WHERE dup_of IS NULL AND EXISTS (
		SELECT 1 FROM items d WHERE d.duplicate_of = prune_set.id
		   AND d.pk NOT IN (SELECT pk FROM prune_set))`
	final := []struct {
		sql  string
		args []any
	}{
		{keepDups, nil}, {keepRoots, nil}, {keepDups, nil},
		// tombstones: content cleared, unlinked from a story about to go
		{`DELETE FROM item_categories WHERE item_pk IN (SELECT pk FROM prune_set WHERE withdrawn <> 0)`, nil},
		{`DELETE FROM item_bands WHERE item_pk IN (SELECT pk FROM prune_set WHERE withdrawn <> 0)`, nil},
		{`UPDATE items SET summary_html = '', content_html = '', image_url = '', image_type = '',
			image_caption = '', image_credit = '', image_length = 0,
			upstream_categories = '', places = '', categories = '', dedupe_sig = NULL, duplicate_of = NULL,
			pruned_at = ? WHERE pk IN (SELECT pk FROM prune_set WHERE withdrawn <> 0)`, []any{now}},
		{`DELETE FROM items WHERE pk IN (SELECT pk FROM prune_set WHERE withdrawn = 0)`, nil},
	}
	for _, st := range final {
		if _, err := tx.ExecContext(ctx, st.sql, st.args...); err != nil {
			return 0, err
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM prune_set`).Scan(&n); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `DROP TABLE prune_set`); err != nil {
		return 0, err
	}
	return n, nil
}

// liveCategories lists the categories holding live stories by skipping
// through the category index, one probe per category rather than a scan.
func liveCategories(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `WITH RECURSIVE cats(c) AS (
			SELECT min(category) FROM item_categories WHERE live = 1
			UNION ALL
			SELECT (SELECT min(category) FROM item_categories WHERE live = 1 AND category > c)
			  FROM cats WHERE c IS NOT NULL)
		SELECT c FROM cats WHERE c IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("categories: %w", err)
	}
	var out []string
	err = eachRow(rows, func(sc func(...any) error) error {
		var c string
		if err := sc(&c); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("categories: %w", err)
	}
	return out, nil
}
