package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

func scanItem(sc interface{ Scan(...any) error }) (story.Item, error) {
	var it story.Item
	var pub, upd, first, fp, withdrawn int64
	var upCats, places, cats string
	var dup sql.NullString
	err := sc.Scan(&it.ID, &it.SourceID, &it.Key, &it.GUID, &it.Link, &it.Title,
		&it.SummaryHTML, &it.ContentHTML, &it.ImageURL, &it.ImageType, &it.Author, &it.Agency,
		&it.SourceURL, &it.SourceTitle, &it.SourceLink, &pub, &upd, &first, &upCats, &places,
		&cats, &fp, &it.DedupeSig, &dup, &withdrawn, &it.WithdrawReason,
		&it.ImageCaption, &it.ImageCredit, &it.ImageLength)
	it.PublishedAt, it.UpdatedAt, it.FirstSeenAt = fromNS(pub), fromNS(upd), fromNS(first)
	it.UpstreamCategories, it.Places, it.Categories = splitList(upCats), splitList(places), splitList(cats)
	it.Fingerprint, it.DuplicateOf, it.WithdrawnAt = uint64(fp), dup.String, fromNS(withdrawn)
	return it, err
}

// Latest returns a page of the live stories (neither duplicates nor
// withdrawn) filed under category, or of every live story for "all",
// newest first by publication time, ties newest-stored first (the order of
// the category index, so a page never needs a sort). Each story comes
// with its categories and carriers; the page costs three queries whatever
// its length, all in one read snapshot.
func (db *DB) Latest(ctx context.Context, category string, offset, limit int) ([]story.Item, error) {
	if limit <= 0 {
		return nil, nil
	}
	offset = max(offset, 0)
	var items []story.Item
	err := db.read(ctx, func(tx *sql.Tx) error {
		var rows *sql.Rows
		var err error
		if category == story.All {
			rows, err = db.rd.in(ctx, tx, "latestAll").QueryContext(ctx, limit, offset)
		} else {
			rows, err = db.rd.in(ctx, tx, "latestCat").QueryContext(ctx, category, limit, offset)
		}
		if err != nil {
			return err
		}
		if items, err = collectItems(rows); err != nil {
			return err
		}
		return fillAlso(ctx, tx, db.rd, items)
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

// CountOnlyIn returns how many live stories are filed under some of
// categories and under no other: read from the categories' own rows, so
// its cost follows their size, not the store's.
func (db *DB) CountOnlyIn(ctx context.Context, categories []string) (int, error) {
	if len(categories) == 0 {
		return 0, nil
	}
	js, err := json.Marshal(categories)
	if err != nil {
		return 0, fmt.Errorf("store: count only in %v: %w", categories, err)
	}
	var n int
	err = db.reader.QueryRowContext(ctx, `SELECT count(DISTINCT c.item_pk) FROM item_categories c
		WHERE c.live = 1 AND c.category IN (SELECT value FROM json_each(?1))
		  AND NOT EXISTS (SELECT 1 FROM item_categories o WHERE o.item_pk = c.item_pk
		                   AND o.category NOT IN (SELECT value FROM json_each(?1)))`, string(js)).Scan(&n)
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
func (db *DB) Item(ctx context.Context, id string) (story.Item, error) {
	var it story.Item
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		it, err = loadItem(ctx, tx, db.rd, id)
		return err
	})
	if err != nil {
		return story.Item{}, fmt.Errorf("store: item %q: %w", id, err)
	}
	return it, nil
}

func loadItem(ctx context.Context, tx *sql.Tx, st stmts, id string) (story.Item, error) {
	it, err := scanItem(st.in(ctx, tx, "item").QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		return story.Item{}, store.ErrNotFound
	}
	if err != nil {
		return story.Item{}, err
	}
	items := []story.Item{it}
	if err := fillAlso(ctx, tx, st, items); err != nil {
		return story.Item{}, err
	}
	return items[0], nil
}

func collectItems(rows *sql.Rows) ([]story.Item, error) {
	defer rows.Close()
	var items []story.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, rows.Err() // with the items read, for a search stopped by its deadline
}

// fillAlso loads the carriers of items with one query, whatever their
// number.
func fillAlso(ctx context.Context, tx *sql.Tx, st stmts, items []story.Item) error {
	if len(items) == 0 {
		return nil
	}
	byID := make(map[string]*story.Item, len(items))
	ids := make([]string, len(items))
	for i := range items {
		byID[items[i].ID], ids[i] = &items[i], items[i].ID
	}
	idJSON, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	rows, err := st.in(ctx, tx, "also").QueryContext(ctx, string(idJSON))
	if err != nil {
		return fmt.Errorf("carriers: %w", err)
	}
	err = eachRow(rows, func(sc func(...any) error) error {
		var id string
		var c story.Carrier
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
