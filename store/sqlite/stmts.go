package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// itemCols are the columns scanItem reads, items joined with sources.
const itemCols = `i.id, i.source_id, i.key, i.guid, i.link, i.title, i.summary_html,
	i.content_html, i.image_url, i.image_type, i.author, i.agency, s.url, s.feed_title,
	s.feed_link, i.published_at, i.updated_at, i.first_seen_at, i.upstream_categories,
	i.places, i.categories, i.fingerprint, i.dedupe_sig, i.duplicate_of, i.withdrawn_at, i.withdraw_reason,
	i.image_caption, i.image_credit, i.image_length`

// readSQL are the statements of the hot read paths. A page's IDs are bound
// as one JSON array (json_each) so that every statement has a fixed text
// and is compiled once per connection, not once per call.
var readSQL = map[string]string{
	"latestCat": `SELECT ` + itemCols + `
		FROM item_categories c INDEXED BY item_categories_latest
		CROSS JOIN items i ON i.pk = c.item_pk JOIN sources s ON s.id = i.source_id
		WHERE c.category = ? AND c.live = 1
		ORDER BY c.published_at DESC, c.item_pk DESC LIMIT ? OFFSET ?`,
	"latestAll": `SELECT ` + itemCols + `
		FROM items i INDEXED BY items_live JOIN sources s ON s.id = i.source_id
		WHERE i.duplicate_of IS NULL AND i.withdrawn_at = 0
		ORDER BY i.published_at DESC, i.pk DESC LIMIT ? OFFSET ?`,
	// search: the full-text index holds live stories only (0010_search.sql);
	// rowid order is store order, which FTS5 walks without a sort.
	"search": `SELECT ` + itemCols + `
		FROM items_fts f CROSS JOIN items i ON i.pk = f.rowid JOIN sources s ON s.id = i.source_id
		WHERE items_fts MATCH ? ORDER BY f.rowid DESC LIMIT ? OFFSET ?`,
	"item": `SELECT ` + itemCols + `
		FROM items i JOIN sources s ON s.id = i.source_id WHERE i.id = ?`,
	"also": `SELECT duplicate_of, agency, link FROM items
		WHERE duplicate_of IN (SELECT value FROM json_each(?)) AND withdrawn_at = 0
		ORDER BY first_seen_at, pk`,
}

// stmts holds readSQL prepared on one pool; database/sql re-prepares a
// statement on each connection of the pool the first time it runs there.
type stmts map[string]*sql.Stmt

func prepare(ctx context.Context, db *sql.DB) (stmts, error) {
	return prepareSQL(ctx, db, readSQL)
}

// prepareSQL prepares every statement of texts on db.
func prepareSQL(ctx context.Context, db *sql.DB, texts map[string]string) (stmts, error) {
	st := stmts{}
	for name, q := range texts {
		p, err := db.PrepareContext(ctx, q)
		if err != nil {
			return nil, errors.Join(fmt.Errorf("prepare %s: %w", name, err), st.close())
		}
		st[name] = p
	}
	return st, nil
}

func (st stmts) close() error {
	var errs []error
	for name, p := range st {
		if err := p.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close %s: %w", name, err))
		}
	}
	return errors.Join(errs...)
}

// in returns the named statement bound to tx.
func (st stmts) in(ctx context.Context, tx *sql.Tx, name string) *sql.Stmt {
	return tx.StmtContext(ctx, st[name])
}
