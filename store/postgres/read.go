package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// itemCols are the columns scanItem reads, items joined with sources.
const itemCols = `i.id, i.source_id, i.key, i.guid, i.link, i.title, i.summary_html,
	i.content_html, i.image_url, i.image_type, i.author, i.agency, s.url, s.feed_title,
	s.feed_link, i.published_at, i.updated_at, i.first_seen_at, i.upstream_categories,
	i.places, i.categories, i.fingerprint, i.dedupe_sig, i.duplicate_of, i.withdrawn_at, i.withdraw_reason,
	i.image_caption, i.image_credit, i.image_length`

// scanItem scans itemCols, after the leading columns pre.
func scanItem(sc pgx.Row, pre ...any) (story.Item, error) {
	var it story.Item
	var pub, upd, first, fp, withdrawn int64
	var upCats, places, cats string
	var dup *string
	dest := append(pre, &it.ID, &it.SourceID, &it.Key, &it.GUID, &it.Link, &it.Title,
		&it.SummaryHTML, &it.ContentHTML, &it.ImageURL, &it.ImageType, &it.Author, &it.Agency,
		&it.SourceURL, &it.SourceTitle, &it.SourceLink, &pub, &upd, &first, &upCats, &places,
		&cats, &fp, &it.DedupeSig, &dup, &withdrawn, &it.WithdrawReason,
		&it.ImageCaption, &it.ImageCredit, &it.ImageLength)
	err := sc.Scan(dest...)
	it.PublishedAt, it.UpdatedAt, it.FirstSeenAt = fromNS(pub), fromNS(upd), fromNS(first)
	it.UpstreamCategories, it.Places, it.Categories = splitList(upCats), splitList(places), splitList(cats)
	it.Fingerprint, it.WithdrawnAt = uint64(fp), fromNS(withdrawn)
	if dup != nil {
		it.DuplicateOf = *dup
	}
	return it, err
}

// collectItems scans every row of rows as an item.
func collectItems(rows pgx.Rows, err error) ([]story.Item, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (story.Item, error) { return scanItem(r) })
}

// Latest returns a page of the live stories (neither duplicates nor
// withdrawn) filed under category, or of every live story for "all",
// newest first by publication time, ties newest-stored first, each with
// its categories and carriers, from one snapshot.
func (db *DB) Latest(ctx context.Context, category string, offset, limit int) ([]story.Item, error) {
	if limit <= 0 {
		return nil, nil
	}
	offset = max(offset, 0)
	var items []story.Item
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		if category == story.All {
			items, err = collectItems(tx.Query(ctx, `SELECT `+itemCols+`
				FROM items i JOIN sources s ON s.id = i.source_id
				WHERE i.duplicate_of IS NULL AND i.withdrawn_at = 0
				ORDER BY i.published_at DESC, i.pk DESC LIMIT $1 OFFSET $2`, limit, offset))
		} else {
			items, err = collectItems(tx.Query(ctx, `SELECT `+itemCols+`
				FROM item_categories c JOIN items i ON i.pk = c.item_pk JOIN sources s ON s.id = i.source_id
				WHERE c.category = $1 AND c.live
				ORDER BY c.published_at DESC, c.item_pk DESC LIMIT $2 OFFSET $3`, category, limit, offset))
		}
		if err != nil {
			return err
		}
		return fillAlso(ctx, tx, items)
	})
	if err != nil {
		return nil, fmt.Errorf("store: latest %q: %w", category, err)
	}
	return items, nil
}

// CountOnlyIn returns how many live stories are filed under some of
// categories and under no other.
func (db *DB) CountOnlyIn(ctx context.Context, categories []string) (int, error) {
	if len(categories) == 0 {
		return 0, nil
	}
	var n int
	err := db.pool.QueryRow(ctx, `SELECT count(DISTINCT c.item_pk) FROM item_categories c
		WHERE c.live AND c.category = ANY($1)
		  AND NOT EXISTS (SELECT 1 FROM item_categories o WHERE o.item_pk = c.item_pk
		                   AND NOT (o.category = ANY($1)))`, categories).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count only in %v: %w", categories, err)
	}
	return n, nil
}

// Count returns how many live stories Latest can page through.
func (db *DB) Count(ctx context.Context, category string) (int, error) {
	var n int
	var err error
	if category == story.All {
		err = db.pool.QueryRow(ctx, `SELECT count(*) FROM items
			WHERE duplicate_of IS NULL AND withdrawn_at = 0`).Scan(&n)
	} else {
		err = db.pool.QueryRow(ctx, `SELECT count(*) FROM item_categories
			WHERE category = $1 AND live`, category).Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("store: count %q: %w", category, err)
	}
	return n, nil
}

// Item returns one story by its public ID, or ErrNotFound. A duplicate is
// returned with DuplicateOf set, a withdrawn story with WithdrawnAt set.
func (db *DB) Item(ctx context.Context, id string) (story.Item, error) {
	var it story.Item
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		it, err = loadItem(ctx, tx, id)
		return err
	})
	if err != nil {
		return story.Item{}, fmt.Errorf("store: item %q: %w", id, err)
	}
	return it, nil
}

func loadItem(ctx context.Context, tx pgx.Tx, id string) (story.Item, error) {
	it, err := scanItem(tx.QueryRow(ctx, `SELECT `+itemCols+`
		FROM items i JOIN sources s ON s.id = i.source_id WHERE i.id = $1`, text(id)))
	if errors.Is(err, pgx.ErrNoRows) {
		return story.Item{}, store.ErrNotFound
	}
	if err != nil {
		return story.Item{}, err
	}
	items := []story.Item{it}
	if err := fillAlso(ctx, tx, items); err != nil {
		return story.Item{}, err
	}
	return items[0], nil
}

// fillAlso loads the carriers of items with one query, whatever their
// number.
func fillAlso(ctx context.Context, tx pgx.Tx, items []story.Item) error {
	if len(items) == 0 {
		return nil
	}
	byID := make(map[string]*story.Item, len(items))
	ids := make([]string, len(items))
	for i := range items {
		byID[items[i].ID], ids[i] = &items[i], items[i].ID
	}
	rows, err := tx.Query(ctx, `SELECT duplicate_of, agency, link FROM items
		WHERE duplicate_of = ANY($1::text[]) AND withdrawn_at = 0
		ORDER BY first_seen_at, pk`, ids)
	if err != nil {
		return fmt.Errorf("carriers: %w", err)
	}
	var id string
	var c story.Carrier
	_, err = pgx.ForEachRow(rows, []any{&id, &c.Agency, &c.URL}, func() error {
		byID[id].Also = append(byID[id].Also, c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("carriers: %w", err)
	}
	return nil
}

// sqlLimit binds a LIMIT as SQLite reads it: a negative limit is no limit
// (LIMIT NULL in PostgreSQL).
func sqlLimit(n int) any {
	if n < 0 {
		return nil
	}
	return n
}
