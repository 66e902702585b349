package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/wiredesk/wiredesk/story"
)

// Baseline is plain SQLite on a file, without wiredesk's schema, indexes
// or statements: the floor the benchmark harness (go run ./bench store)
// compares the store with. It is not part of the store.
type Baseline struct {
	db *sql.DB
}

// OpenBaseline opens the file at path with the store's journal settings;
// readOnly opens it query-only, to read a store's own file.
func OpenBaseline(path string, readOnly bool) (*Baseline, error) {
	q := "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	if readOnly {
		q = "?_pragma=query_only(1)"
	}
	db, err := sql.Open("sqlite", "file:"+escapePath(path)+q)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	return &Baseline{db: db}, nil
}

// Close closes the file.
func (b *Baseline) Close() error { return b.db.Close() }

// CreateItems creates the baseline's one table: a story's text, keyed by
// ID, with no other index.
func (b *Baseline) CreateItems(ctx context.Context) error {
	_, err := b.db.ExecContext(ctx, `CREATE TABLE items (pk INTEGER PRIMARY KEY, id TEXT UNIQUE, link TEXT,
		title TEXT, summary TEXT, content TEXT, published INTEGER, sig BLOB)`)
	if err != nil {
		return fmt.Errorf("baseline: create: %w", err)
	}
	return nil
}

// InsertItems writes items into the table CreateItems made with plain
// INSERTs, in one transaction.
func (b *Baseline) InsertItems(ctx context.Context, items []story.Item) error {
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("baseline: insert: %w", err)
	}
	for _, it := range items {
		if _, err := tx.ExecContext(ctx, `INSERT INTO items (id, link, title, summary, content, published, sig)
			VALUES (?,?,?,?,?,?,?)`, it.ID, it.Link, it.Title, it.SummaryHTML, it.ContentHTML,
			it.PublishedAt.UnixNano(), it.DedupeSig); err != nil {
			return rollback(tx, fmt.Errorf("baseline: insert: %w", err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("baseline: insert: %w", err)
	}
	return nil
}

// MaxPK returns the highest row number of a store's story table.
func (b *Baseline) MaxPK(ctx context.Context) (int64, error) {
	var pk int64
	if err := b.db.QueryRowContext(ctx, "SELECT max(pk) FROM items").Scan(&pk); err != nil {
		return 0, fmt.Errorf("baseline: max pk: %w", err)
	}
	return pk, nil
}

// ReadRange reads the text of the n stories of a store's story table
// after row number after, by primary-key range, and returns how many it
// read.
func (b *Baseline) ReadRange(ctx context.Context, after int64, n int) (int, error) {
	rows, err := b.db.QueryContext(ctx, `SELECT id, link, title, summary_html, content_html, published_at
		FROM items WHERE pk > ? ORDER BY pk LIMIT ?`, after, n)
	if err != nil {
		return 0, fmt.Errorf("baseline: range: %w", err)
	}
	got := 0
	for rows.Next() {
		var id, link, title, sum, content string
		var pub int64
		if err := rows.Scan(&id, &link, &title, &sum, &content, &pub); err != nil {
			return got, errors.Join(fmt.Errorf("baseline: range: %w", err), rows.Close())
		}
		got++
	}
	if err := rows.Close(); err != nil {
		return got, fmt.Errorf("baseline: range: %w", err)
	}
	return got, nil
}

// LiveBytes returns the bytes of the pages in use in the database file at
// path (page_count minus freelist_count, times page_size): a migration
// that rebuilds a table leaves the old pages free, which only VACUUM
// returns to the file system.
func LiveBytes(ctx context.Context, path string) (int64, error) {
	b, err := OpenBaseline(path, true)
	if err != nil {
		return 0, err
	}
	defer b.Close()
	var pages, free, size int64
	for q, v := range map[string]*int64{"page_count": &pages, "freelist_count": &free, "page_size": &size} {
		if err := b.db.QueryRowContext(ctx, "PRAGMA "+q).Scan(v); err != nil {
			return 0, fmt.Errorf("size of %s: %s: %w", path, q, err)
		}
	}
	return (pages - free) * size, nil
}

// DropSearchTriggers takes out of the store file at path the triggers
// that keep the full-text index current and its queue (migration 0013),
// and the index's word list (search_terms, 0012): saves then write
// neither. It leaves the index table, which then stays as it was: a save
// then costs what it cost before search, for the harness to measure what
// indexing adds (go run ./bench search). The file is no longer a store to serve: its index
// no longer follows its stories, and Open does not bring the triggers
// back.
func DropSearchTriggers(ctx context.Context, path string) error {
	b, err := OpenBaseline(path, false)
	if err != nil {
		return err
	}
	defer b.Close()
	for _, q := range []string{
		"DROP TRIGGER IF EXISTS items_fts_insert", "DROP TRIGGER IF EXISTS items_fts_delete",
		"DROP TRIGGER IF EXISTS items_fts_update", "DROP TABLE IF EXISTS search_terms",
		"DROP TABLE IF EXISTS items_fts_pending",
	} {
		if _, err := b.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("drop search triggers of %s: %w", path, err)
		}
	}
	return nil
}
