package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// RecentLive returns the live root stories (neither duplicates nor
// withdrawn) published, or first seen when upstream gave no date, since
// since: what a change of the site's categories files again.
func (db *DB) RecentLive(ctx context.Context, since time.Time) ([]story.Item, error) {
	var out []story.Item
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+itemCols+`
			FROM items i JOIN sources s ON s.id = i.source_id
			WHERE i.duplicate_of IS NULL AND i.withdrawn_at = 0 AND i.published_at >= ?
			ORDER BY i.published_at, i.pk`, toNS(since))
		if err != nil {
			return err
		}
		out, err = collectItems(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: recent live stories: %w", err)
	}
	return out, nil
}

// Refile files stories under new categories in one transaction: the
// story's categories column, its category index rows and the change log
// of every category it joins (and a removal in every one it leaves), so
// that pages, feeds and partners' catch-up agree. Stories that are gone,
// duplicates or withdrawn, or whose categories are unchanged, are skipped.
// It returns the categories whose feeds changed.
func (db *DB) Refile(ctx context.Context, rs []store.Refile) ([]string, error) {
	if len(rs) == 0 {
		return nil, nil
	}
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: refile: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	now := toNS(db.now())
	changed := map[string]bool{}
	var ids []string
	for _, r := range rs {
		var pk, published int64
		var cats string
		err := tx.QueryRowContext(ctx, `SELECT pk, published_at, categories FROM items
			WHERE id = ? AND duplicate_of IS NULL AND withdrawn_at = 0`, r.ID).Scan(&pk, &published, &cats)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("store: refile %s: %w", r.ID, err)
		}
		old, next := splitList(cats), cleanCategories(r.Categories)
		if slices.Equal(old, next) {
			continue
		}
		if err := refileOne(ctx, tx, pk, published, now, old, next); err != nil {
			return nil, fmt.Errorf("store: refile %s: %w", r.ID, err)
		}
		for _, c := range old {
			changed[c] = true
		}
		for _, c := range next {
			changed[c] = true
		}
		ids = append(ids, r.ID)
	}
	if len(ids) > 0 {
		js, err := json.Marshal(ids)
		if err != nil {
			return nil, fmt.Errorf("store: refile: %w", err)
		}
		if _, err := tx.ExecContext(ctx, logChangesSQL, string(js), now); err != nil {
			return nil, fmt.Errorf("store: refile: log changes: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: refile: %w", err)
	}
	out := make([]string, 0, len(changed))
	for c := range changed {
		out = append(out, c)
	}
	slices.Sort(out)
	return out, nil
}

// refileOne replaces the categories of the live story pk.
func refileOne(ctx context.Context, tx *sql.Tx, pk, published, now int64, old, next []string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE items SET categories = ? WHERE pk = ?`, joinList(next), pk); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM item_categories WHERE item_pk = ?`, pk); err != nil {
		return err
	}
	for _, c := range next {
		if _, err := tx.ExecContext(ctx, `INSERT INTO item_categories (item_pk, category, published_at, live)
			VALUES (?, ?, ?, 1)`, pk, c, published); err != nil {
			return err
		}
	}
	for _, c := range old {
		if slices.Contains(next, c) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO feed_changes (item_pk, category, deleted, at)
			VALUES (?, ?, 1, ?)`, pk, c, now); err != nil {
			return err
		}
	}
	return nil
}
