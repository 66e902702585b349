package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// seenEvery is how stale items.last_seen_at may get before a fetch that
// still carries the item refreshes it: an unchanged item costs a write at
// most once an hour, not once a poll. Prune horizons are far longer.
const seenEvery = time.Hour

// SaveFetch stores one poll of one source in one transaction: the source's
// new state and every item. f.State replaces every fetch-state field of
// the source (validators, feed title and link, times, status, error,
// failures, Gone), so a caller starts from the state Source or Sources
// returned and changes what the poll changed; name, agency and URL are
// the configuration's and are ignored. Items already stored (same source and key) are
// updated in place when their title, summary, content or image changed —
// the ID never changes, UpdatedAt moves — or refiled when only their
// categories changed; withdrawn items are never touched. A new item whose
// canonical link another source already carries, or which f.Match pairs
// with a candidate sharing one of its Bands within f.Window (0 = any time),
// is stored as a duplicate of that story. f.Match runs inside the write
// transaction, as a pure function (see story.Fetch). Without
// f.Candidates the candidates come from the band table (item_bands),
// which only that path writes. On any error nothing of the fetch is kept.
//
// In the summary New counts new stories, Duplicates new copies merged into
// an existing story, and Categories lists the slugs whose feeds changed,
// "all" included.
func (db *DB) SaveFetch(ctx context.Context, f story.Fetch) (story.FetchSummary, error) {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return story.FetchSummary{}, fmt.Errorf("store: save fetch of source %d: begin: %w", f.SourceID, err)
	}
	var words []string
	sum, err := db.saveIn(ctx, tx, f, db.now().UTC(), &words)
	if err == nil {
		err = db.applyIndex(ctx, tx)
	}
	if err != nil {
		return story.FetchSummary{}, rollback(tx, fmt.Errorf("store: save fetch of source %d: %w", f.SourceID, err))
	}
	if err := tx.Commit(); err != nil {
		return story.FetchSummary{}, fmt.Errorf("store: save fetch of source %d: commit: %w", f.SourceID, err)
	}
	db.learn(words)
	return sum, nil
}

// saveIn saves one fetch inside tx: the source's state, then its items,
// then the search words they bring, which it appends to words for
// db.learn once tx has committed.
func (db *DB) saveIn(ctx context.Context, tx *sql.Tx, f story.Fetch, now time.Time, words *[]string) (story.FetchSummary, error) {
	s, err := newSaver(ctx, tx, db.sv, f, now)
	if s != nil {
		s.vocab = db.vocab
	}
	if err == nil {
		err = s.run(f)
	}
	if err == nil {
		err = s.count()
	}
	if err == nil {
		err = s.logChanges()
	}
	if err == nil {
		var ws []string
		ws, err = s.writeTerms()
		*words = append(*words, ws...)
	}
	if s != nil {
		err = errors.Join(err, s.close())
	}
	if err != nil {
		return story.FetchSummary{}, err
	}
	return s.summary(), nil
}

// saver carries one SaveFetch transaction and its prepared statements.
type saver struct {
	ctx   context.Context
	tx    *sql.Tx
	now   time.Time
	src   int64
	stmts map[string]*sql.Stmt
	sum   story.FetchSummary
	cats  map[string]bool
	ids   map[string]bool
	// near supplies near-duplicate candidates instead of the band table
	// (Fetch.Candidates); nil uses the table.
	near func(it *story.Item, published time.Time) []story.Item
	// pending are category rows not yet written, as JSON array elements
	// (see insCats); flushCats writes them.
	pending []byte
	// withdrawn are the withdrawn stories, read at the fetch's first new
	// story (withdrawnTwin); nil until then.
	withdrawn []story.Item
	// vocab and words: the search words of the stories saved that the
	// store may not hold yet (writeTerms); vocab nil writes none.
	vocab *vocabulary
	words map[string]struct{}
}

var saverSQL = map[string]string{
	// lookup finds the stored item of the same source and key (first
	// column 0) or else the root story of the first other source's item
	// with the same canonical link (first column 1: only its id is set;
	// the earliest stored such root), in one statement: LIMIT 1 stops the
	// compound before the link lookup when the key matched, and min(pk)
	// picks the root without the temporary b-tree an ORDER BY would open
	// at every execution.
	"lookup": `SELECT * FROM (SELECT 0, pk, id, title, summary_html, content_html, image_url,
			categories, duplicate_of, withdrawn_at, last_seen_at, published_at, updated_at
			FROM items WHERE source_id = ?1 AND key = ?2)
		UNION ALL
		SELECT 1, 0, id, '', '', '', '', '', NULL, 0, 0, 0, 0 FROM items WHERE pk = (
			SELECT min(r.pk) FROM items l JOIN items r ON r.id = coalesce(l.duplicate_of, l.id)
			WHERE l.link = ?3 AND l.link <> '' AND l.source_id <> ?1 AND r.source_id <> ?1)
		LIMIT 1`,
	"insert": `INSERT INTO items (id, source_id, key, guid, link, title, summary_html,
		content_html, image_url, image_type, author, agency, published_at, updated_at,
		first_seen_at, last_seen_at, upstream_categories, places, categories, fingerprint,
		dedupe_sig, duplicate_of, image_caption, image_credit, image_length)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
	"update": `UPDATE items SET guid = ?, link = ?, title = ?, summary_html = ?,
		content_html = ?, image_url = ?, image_type = ?, author = ?, upstream_categories = ?,
		places = ?, categories = ?, fingerprint = ?, dedupe_sig = ?, updated_at = ?,
		last_seen_at = ?, image_caption = ?, image_credit = ?, image_length = ? WHERE pk = ?`,
	"refile":  `UPDATE items SET categories = ?, last_seen_at = ? WHERE pk = ?`,
	"seen":    `UPDATE items SET last_seen_at = ? WHERE pk = ?`,
	"delCats": `DELETE FROM item_categories WHERE item_pk = ?`,
	// insCats files the stories of a fetch under their categories in one
	// statement: a JSON array of [item_pk, category, published_at, live].
	// OR IGNORE (the rows are distinct anyway) spares the statement
	// journal a multi-row statement that may abort would keep.
	"insCats": `INSERT OR IGNORE INTO item_categories (item_pk, category, published_at, live)
		SELECT value->>0, value->>1, value->>2, value->>3 FROM json_each(?)`,
	"delBands": `DELETE FROM item_bands WHERE item_pk = ?`,
	"rootCats": `SELECT c.category FROM items i JOIN item_categories c ON c.item_pk = i.pk WHERE i.id = ? AND c.live = 1`,
	"candidates": `SELECT id, source_id, title, link, agency, fingerprint, dedupe_sig, published_at
		FROM items WHERE pk IN (
			SELECT item_pk FROM item_bands
			 WHERE band IN (SELECT value FROM json_each(?1))
			   AND published_at BETWEEN ?2 AND ?3)
		  AND source_id <> CAST(?4 AS INTEGER) AND duplicate_of IS NULL AND withdrawn_at = 0
		ORDER BY published_at DESC, pk DESC LIMIT ?5`,
	"rootIsLive": `SELECT count(*) FROM items WHERE id = ? AND duplicate_of IS NULL AND withdrawn_at = 0`,
	"logChanges": logChangesSQL,
}

// newSaver saves the source state and binds the writer's prepared saverSQL
// statements to tx, so that a fetch compiles no SQL of its own.
func newSaver(ctx context.Context, tx *sql.Tx, sv stmts, f story.Fetch, now time.Time) (*saver, error) {
	if err := saveState(ctx, tx, f.SourceID, f.State); err != nil {
		return nil, err
	}
	s := &saver{ctx: ctx, tx: tx, now: now, src: f.SourceID,
		stmts: map[string]*sql.Stmt{}, cats: map[string]bool{}, ids: map[string]bool{}}
	if len(f.Items) == 0 {
		return s, nil
	}
	for name := range saverSQL {
		s.stmts[name] = sv.in(ctx, tx, name)
	}
	return s, nil
}

func (s *saver) close() error {
	var errs []error
	for name, st := range s.stmts {
		if err := st.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close %s: %w", name, err))
		}
	}
	return errors.Join(errs...)
}

func (s *saver) run(f story.Fetch) error {
	s.near = f.Candidates
	for i := range f.Items {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		it := &f.Items[i]
		if err := s.item(it, f.Match, f.Window); err != nil {
			return fmt.Errorf("item %q (key %q): %w", it.ID, it.Key, err)
		}
	}
	return s.flushCats()
}

// count adds the fetch's new rows to the source's item and duplicate
// counts, once per fetch rather than by a trigger per row.
func (s *saver) count() error {
	if s.sum.New+s.sum.Duplicates == 0 {
		return nil
	}
	if _, err := s.tx.ExecContext(s.ctx, `UPDATE sources SET item_count = item_count + ?,
		dup_count = dup_count + ? WHERE id = ?`, s.sum.New+s.sum.Duplicates, s.sum.Duplicates, s.src); err != nil {
		return fmt.Errorf("count items: %w", err)
	}
	return nil
}

func (s *saver) summary() story.FetchSummary {
	sum := s.sum
	for c := range s.cats {
		sum.Categories = append(sum.Categories, c)
	}
	sort.Strings(sum.Categories)
	for id := range s.ids {
		sum.Items = append(sum.Items, id)
	}
	sort.Strings(sum.Items)
	return sum
}

func (s *saver) strings(stmt string, arg any) ([]string, error) {
	rows, err := s.stmts[stmt].QueryContext(s.ctx, arg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", stmt, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("%s: %w", stmt, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", stmt, err)
	}
	return out, nil
}

func (s *saver) addCats(cats []string) {
	for _, c := range cats {
		s.cats[c] = true
	}
}

// cleanCategories drops empty and repeated slugs, keeping the tagger's
// order, and blanks the list separator so the index rows and the items
// column agree.
func cleanCategories(cats []string) []string {
	out := make([]string, 0, len(cats))
	for _, c := range cats {
		c = strings.ReplaceAll(c, sep, " ")
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
