package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// RecentLive returns the live root stories published (or first seen when
// upstream gave no date) since since, oldest first.
func (db *DB) RecentLive(ctx context.Context, since time.Time) ([]story.Item, error) {
	out, err := collectItems(db.pool.Query(ctx, `SELECT `+itemCols+`
		FROM items i JOIN sources s ON s.id = i.source_id
		WHERE i.duplicate_of IS NULL AND i.withdrawn_at = 0 AND i.published_at >= $1
		ORDER BY i.published_at, i.pk`, toNS(since)))
	if err != nil {
		return nil, fmt.Errorf("store: recent live stories: %w", err)
	}
	return out, nil
}

// Refile files stories under new categories in one transaction, with the
// semantics of the SQLite store's Refile, and returns the categories
// whose feeds changed.
func (db *DB) Refile(ctx context.Context, rs []store.Refile) ([]string, error) {
	if len(rs) == 0 {
		return nil, nil
	}
	now := toNS(db.now())
	changed := map[string]bool{}
	err := db.write(ctx, func(tx pgx.Tx) error {
		var ids []string
		for _, r := range rs {
			var pk, published int64
			var cats string
			err := tx.QueryRow(ctx, `SELECT pk, published_at, categories FROM items
				WHERE id = $1 AND duplicate_of IS NULL AND withdrawn_at = 0`, text(r.ID)).Scan(&pk, &published, &cats)
			if errors.Is(err, pgx.ErrNoRows) {
				continue
			}
			if err != nil {
				return fmt.Errorf("%s: %w", r.ID, err)
			}
			old, next := splitList(cats), cleanCategories(r.Categories)
			if slices.Equal(old, next) {
				continue
			}
			if err := refileOne(ctx, tx, pk, published, now, old, next); err != nil {
				return fmt.Errorf("%s: %w", r.ID, err)
			}
			for _, c := range old {
				changed[c] = true
			}
			for _, c := range next {
				changed[c] = true
			}
			ids = append(ids, text(r.ID))
		}
		if len(ids) == 0 {
			return nil
		}
		if _, err := tx.Exec(ctx, logChangesSQL, ids, now); err != nil {
			return fmt.Errorf("log changes: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: refile: %w", err)
	}
	out := make([]string, 0, len(changed))
	for c := range changed {
		out = append(out, c)
	}
	slices.Sort(out)
	return out, nil
}

// refileOne replaces the categories of the live story pk, and logs its
// removal from every category it leaves.
func refileOne(ctx context.Context, tx pgx.Tx, pk, published, now int64, old, next []string) error {
	if _, err := tx.Exec(ctx, `UPDATE items SET categories = $1 WHERE pk = $2`, joinList(next), pk); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM item_categories WHERE item_pk = $1`, pk); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO item_categories (item_pk, category, published_at, live)
		SELECT $1, c, $3, true FROM unnest($2::text[]) AS c`, pk, next, published); err != nil {
		return err
	}
	var gone []string
	for _, c := range old {
		if !slices.Contains(next, c) && c != story.All {
			gone = append(gone, c)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO feed_changes (item_pk, category, deleted, at)
		SELECT $1, c, true, $3 FROM unnest($2::text[]) WITH ORDINALITY AS t(c, o) ORDER BY o
		ON CONFLICT (item_pk, category) DO UPDATE SET seq = excluded.seq, deleted = true, at = excluded.at`,
		pk, gone, now)
	return err
}
