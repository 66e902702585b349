package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Prune forgets stories published before olderThan that upstream stopped
// carrying before olderThan too, except those still in a published feed
// (the keepLatest newest of any category or of "all"), with the semantics
// of the SQLite store's Prune: duplicates go and stay with their story,
// withdrawn stories become tombstones. It returns how many stories were
// deleted or reduced to tombstones.
func (db *DB) Prune(ctx context.Context, olderThan time.Time, keepLatest int) (int, error) {
	var n int
	err := db.write(ctx, func(tx pgx.Tx) error {
		var err error
		n, err = prune(ctx, tx, toNS(olderThan), max(keepLatest, 0), toNS(db.now().UTC()))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: prune: %w", err)
	}
	return n, nil
}

func prune(ctx context.Context, tx pgx.Tx, horizon int64, keep int, now int64) (int, error) {
	type step struct {
		sql  string
		args []any
	}
	run := func(steps ...step) error {
		for _, st := range steps {
			if _, err := tx.Exec(ctx, st.sql, st.args...); err != nil {
				return err
			}
		}
		return nil
	}
	err := run(
		step{`CREATE TEMP TABLE prune_set (pk bigint PRIMARY KEY, id text NOT NULL UNIQUE,
			dup_of text, withdrawn bigint NOT NULL) ON COMMIT DROP`, nil},
		step{`INSERT INTO prune_set SELECT pk, id, duplicate_of, withdrawn_at FROM items
			WHERE published_at < $1 AND last_seen_at < $1 AND pruned_at = 0`, []any{horizon}},
		step{`DELETE FROM prune_set WHERE pk IN (SELECT pk FROM items
			WHERE duplicate_of IS NULL AND withdrawn_at = 0
			ORDER BY published_at DESC, pk DESC LIMIT $1)`, []any{keep}},
		// The keep newest of every category that holds live stories.
		step{`DELETE FROM prune_set WHERE pk IN (
			SELECT k.item_pk FROM (SELECT DISTINCT category FROM item_categories WHERE live) cats
			CROSS JOIN LATERAL (SELECT item_pk FROM item_categories
				WHERE category = cats.category AND live
				ORDER BY published_at DESC, item_pk DESC LIMIT $1) k)`, []any{keep}},
	)
	if err != nil {
		return 0, err
	}
	// A duplicate goes only with its story; a story stays while any of its
	// duplicates stays. Duplicates have no duplicates, so this settles in
	// three passes.
	keepDups := step{`DELETE FROM prune_set WHERE dup_of IS NOT NULL
		AND dup_of NOT IN (SELECT id FROM prune_set)`, nil}
	keepRoots := step{`DELETE FROM prune_set p WHERE dup_of IS NULL AND EXISTS (
		SELECT 1 FROM items d WHERE d.duplicate_of = p.id
		   AND d.pk NOT IN (SELECT pk FROM prune_set))`, nil}
	err = run(keepDups, keepRoots, keepDups,
		// tombstones: content cleared, unlinked from a story about to go
		step{`DELETE FROM item_categories WHERE item_pk IN (SELECT pk FROM prune_set WHERE withdrawn <> 0)`, nil},
		step{`DELETE FROM item_bands WHERE item_pk IN (SELECT pk FROM prune_set WHERE withdrawn <> 0)`, nil},
		step{`UPDATE items SET summary_html = '', content_html = '', image_url = '', image_type = '',
			image_caption = '', image_credit = '', image_length = 0,
			upstream_categories = '', places = '', categories = '', dedupe_sig = NULL, duplicate_of = NULL,
			search = ''::tsvector, pruned_at = $1 WHERE pk IN (SELECT pk FROM prune_set WHERE withdrawn <> 0)`, []any{now}},
		step{`DELETE FROM items WHERE pk IN (SELECT pk FROM prune_set WHERE withdrawn = 0)`, nil},
	)
	if err != nil {
		return 0, err
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM prune_set`).Scan(&n); err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `DROP TABLE prune_set`); err != nil {
		return 0, err
	}
	return n, nil
}
