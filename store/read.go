package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// AllCategory is the pseudo-category of every live story.
const AllCategory = "all"

// itemCols are the columns scanItem reads, items joined with sources.
const itemCols = `i.pk, i.id, i.source_id, i.key, i.guid, i.link, i.title, i.summary_html,
	i.content_html, i.image_url, i.image_type, i.author, i.agency, s.url, s.feed_title,
	s.feed_link, i.published_at, i.updated_at, i.first_seen_at, i.upstream_categories,
	i.places, i.fingerprint, i.dedupe_sig, i.duplicate_of, i.withdrawn_at, i.withdraw_reason`

// querier is what reads need from *sql.DB and *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func scanItem(sc interface{ Scan(...any) error }) (int64, Item, error) {
	var it Item
	var pk, pub, upd, first, fp, withdrawn int64
	var upCats, places string
	var dup sql.NullString
	err := sc.Scan(&pk, &it.ID, &it.SourceID, &it.Key, &it.GUID, &it.Link, &it.Title,
		&it.SummaryHTML, &it.ContentHTML, &it.ImageURL, &it.ImageType, &it.Author, &it.Agency,
		&it.SourceURL, &it.SourceTitle, &it.SourceLink, &pub, &upd, &first, &upCats, &places,
		&fp, &it.DedupeSig, &dup, &withdrawn, &it.WithdrawReason)
	it.PublishedAt, it.UpdatedAt, it.FirstSeenAt = fromNS(pub), fromNS(upd), fromNS(first)
	it.UpstreamCategories, it.Places = splitList(upCats), splitList(places)
	it.Fingerprint, it.DuplicateOf, it.WithdrawnAt = uint64(fp), dup.String, fromNS(withdrawn)
	return pk, it, err
}

// Latest returns a page of the live stories (neither duplicates nor
// withdrawn) filed under category, or of every live story for "all",
// newest first by publication time, ties broken by ID. Each story comes
// with its categories and carriers; the page costs three queries whatever
// its length, all in one read snapshot.
func (db *DB) Latest(ctx context.Context, category string, offset, limit int) ([]Item, error) {
	if limit <= 0 {
		return nil, nil
	}
	offset = max(offset, 0)
	var items []Item
	err := db.read(ctx, func(tx *sql.Tx) error {
		var rows *sql.Rows
		var err error
		if category == AllCategory {
			rows, err = tx.QueryContext(ctx, `SELECT `+itemCols+`
				FROM items i INDEXED BY items_live JOIN sources s ON s.id = i.source_id
				WHERE i.duplicate_of IS NULL AND i.withdrawn_at = 0
				ORDER BY i.published_at DESC, i.id LIMIT ? OFFSET ?`, limit, offset)
		} else {
			rows, err = tx.QueryContext(ctx, `SELECT `+itemCols+`
				FROM item_categories c INDEXED BY item_categories_latest
				CROSS JOIN items i ON i.pk = c.item_pk JOIN sources s ON s.id = i.source_id
				WHERE c.category = ? AND c.live = 1
				ORDER BY c.published_at DESC, i.id LIMIT ? OFFSET ?`, category, limit, offset)
		}
		if err != nil {
			return err
		}
		var pks []int64
		if items, pks, err = collectItems(rows); err != nil {
			return err
		}
		return fillItems(ctx, tx, items, pks)
	})
	if err != nil {
		return nil, fmt.Errorf("store: latest %q: %w", category, err)
	}
	return items, nil
}

// read runs fn in a read transaction on the reader pool, so that the
// several queries of one answer see one snapshot of the database.
func (db *DB) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.reader.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return rollback(tx, err)
	}
	return tx.Commit()
}

// Count returns how many live stories Latest can page through.
func (db *DB) Count(ctx context.Context, category string) (int, error) {
	var n int
	var err error
	if category == AllCategory {
		err = db.reader.QueryRowContext(ctx, `SELECT count(*) FROM items INDEXED BY items_live
			WHERE duplicate_of IS NULL AND withdrawn_at = 0`).Scan(&n)
	} else {
		err = db.reader.QueryRowContext(ctx, `SELECT count(*) FROM item_categories
			WHERE category = ? AND live = 1`, category).Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("store: count %q: %w", category, err)
	}
	return n, nil
}

// Item returns one story by its public ID, or ErrNotFound. A duplicate is
// returned with DuplicateOf set, so the caller can redirect to the story it
// was merged into; a withdrawn story with WithdrawnAt set.
func (db *DB) Item(ctx context.Context, id string) (Item, error) {
	var it Item
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		it, err = loadItem(ctx, tx, id)
		return err
	})
	if err != nil {
		return Item{}, fmt.Errorf("store: item %q: %w", id, err)
	}
	return it, nil
}

func loadItem(ctx context.Context, q querier, id string) (Item, error) {
	pk, it, err := scanItem(q.QueryRowContext(ctx, `SELECT `+itemCols+`
		FROM items i JOIN sources s ON s.id = i.source_id WHERE i.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Item{}, ErrNotFound
	}
	if err != nil {
		return Item{}, err
	}
	items := []Item{it}
	if err := fillItems(ctx, q, items, []int64{pk}); err != nil {
		return Item{}, err
	}
	return items[0], nil
}

func collectItems(rows *sql.Rows) ([]Item, []int64, error) {
	defer rows.Close()
	var items []Item
	var pks []int64
	for rows.Next() {
		pk, it, err := scanItem(rows)
		if err != nil {
			return nil, nil, err
		}
		items, pks = append(items, it), append(pks, pk)
	}
	return items, pks, rows.Err()
}

// batch bounds the bound parameters of one IN list.
const batch = 500

// fillItems loads Categories and Also for items (pks in the same order)
// with one query each per batch of up to 500 stories.
func fillItems(ctx context.Context, q querier, items []Item, pks []int64) error {
	for lo := 0; lo < len(items); lo += batch {
		hi := min(lo+batch, len(items))
		if err := fillBatch(ctx, q, items[lo:hi], pks[lo:hi]); err != nil {
			return err
		}
	}
	return nil
}

func fillBatch(ctx context.Context, q querier, items []Item, pks []int64) error {
	byPK := make(map[int64]*Item, len(items))
	byID := make(map[string]*Item, len(items))
	pkArgs, idArgs := make([]any, len(items)), make([]any, len(items))
	for i := range items {
		byPK[pks[i]], byID[items[i].ID] = &items[i], &items[i]
		pkArgs[i], idArgs[i] = pks[i], items[i].ID
	}
	in := "(?" + strings.Repeat(",?", len(items)-1) + ")"
	rows, err := q.QueryContext(ctx, `SELECT item_pk, category FROM item_categories
		WHERE item_pk IN `+in+` ORDER BY item_pk, pos`, pkArgs...)
	if err != nil {
		return fmt.Errorf("categories: %w", err)
	}
	err = eachRow(rows, func(sc func(...any) error) error {
		var pk int64
		var c string
		if err := sc(&pk, &c); err != nil {
			return err
		}
		byPK[pk].Categories = append(byPK[pk].Categories, c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("categories: %w", err)
	}
	rows, err = q.QueryContext(ctx, `SELECT duplicate_of, agency, link FROM items
		WHERE duplicate_of IN `+in+` AND withdrawn_at = 0 ORDER BY first_seen_at, pk`, idArgs...)
	if err != nil {
		return fmt.Errorf("carriers: %w", err)
	}
	err = eachRow(rows, func(sc func(...any) error) error {
		var id string
		var c Carrier
		if err := sc(&id, &c.Agency, &c.URL); err != nil {
			return err
		}
		byID[id].Also = append(byID[id].Also, c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("carriers: %w", err)
	}
	return nil
}

// eachRow calls fn for every row and closes rows.
func eachRow(rows *sql.Rows, fn func(scan func(...any) error) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}
