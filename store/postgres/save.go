package postgres

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// seenEvery is how stale items.last_seen_at may get before a fetch that
// still carries the item refreshes it, as in the SQLite store.
const seenEvery = time.Hour

// SaveFetch stores one poll of one source in one transaction: the
// source's new state and every item, with the semantics of the SQLite
// store's SaveFetch. A fetch with items holds the write lock (see the
// package comment), so that f.Match sees every story committed before,
// by any node.
func (db *DB) SaveFetch(ctx context.Context, f story.Fetch) (story.FetchSummary, error) {
	var sum story.FetchSummary
	err := db.tx(ctx, len(f.Items) > 0, func(tx pgx.Tx) error {
		var err error
		sum, err = saveIn(ctx, tx, f, db.now().UTC())
		return err
	})
	if err != nil {
		return story.FetchSummary{}, fmt.Errorf("store: save fetch of source %d: %w", f.SourceID, err)
	}
	return sum, nil
}

// SaveFetches stores several fetches in one transaction (group commit),
// all or nothing, calling done(i, summary) once fetch i is in the
// transaction; an error caused by one fetch is a *store.BatchError.
func (db *DB) SaveFetches(ctx context.Context, fs []story.Fetch, done func(i int, sum story.FetchSummary)) error {
	lock := slices.ContainsFunc(fs, func(f story.Fetch) bool { return len(f.Items) > 0 })
	now := db.now().UTC()
	var batchErr error
	err := db.tx(ctx, lock, func(tx pgx.Tx) error {
		for i, f := range fs {
			sum, err := saveIn(ctx, tx, f, now)
			if err != nil {
				batchErr = &store.BatchError{Index: i, SourceID: f.SourceID, Err: err}
				return batchErr
			}
			done(i, sum)
		}
		return nil
	})
	switch {
	case err == nil:
		return nil
	case batchErr != nil && err == batchErr:
		return err
	}
	return fmt.Errorf("store: save %d fetches: %w", len(fs), err)
}

// tx runs fn in a transaction, holding the write lock when lock is set.
func (db *DB) tx(ctx context.Context, lock bool, fn func(tx pgx.Tx) error) error {
	if lock {
		return db.write(ctx, fn)
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		return rollback(ctx, tx, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// saveIn saves one fetch inside tx: the source's state, then its items.
func saveIn(ctx context.Context, tx pgx.Tx, f story.Fetch, now time.Time) (story.FetchSummary, error) {
	if err := saveState(ctx, tx, f.SourceID, f.State); err != nil {
		return story.FetchSummary{}, err
	}
	if len(f.Items) == 0 {
		return story.FetchSummary{}, nil
	}
	s := &saver{ctx: ctx, tx: tx, now: now, src: f.SourceID, near: f.Candidates,
		cats: map[string]bool{}, ids: map[string]bool{}}
	err := s.run(f)
	if err == nil {
		err = s.count()
	}
	if err == nil {
		err = s.logChanges()
	}
	if err != nil {
		return story.FetchSummary{}, err
	}
	return s.summary(), nil
}

// saver carries one fetch being saved.
type saver struct {
	ctx  context.Context
	tx   pgx.Tx
	now  time.Time
	src  int64
	sum  story.FetchSummary
	cats map[string]bool
	ids  map[string]bool
	// near supplies near-duplicate candidates instead of the band table
	// (Fetch.Candidates); nil uses the table.
	near func(it *story.Item, published time.Time) []story.Item
	// pending are category rows not yet written; flushCats writes them.
	pending catRows
	// withdrawn are the withdrawn stories, read at the fetch's first new
	// story (withdrawnTwin); nil until then.
	withdrawn []story.Item
	// found and linkRoots are the fetch's stored items by key and the
	// root stories of other sources' items by link, read in one query
	// for the whole fetch (prefetch); nil when each item looks itself up.
	found     map[string]existing
	linkRoots map[string]string
	cands     map[string][]story.Item // by key: band candidates of new stories
	// batch holds the new stories' statements not yet sent (queue);
	// queued are their stories, to name the one whose statement failed.
	batch  *pgx.Batch
	queued []*story.Item
}

// catRows are item_categories rows as columns, written in one statement.
type catRows struct {
	pks, published []int64
	cats           []string
	live           []bool
}

func (s *saver) run(f story.Fetch) error {
	if err := s.prefetch(f.Items, f.Match, f.Window); err != nil {
		return err
	}
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
// counts, once per fetch.
func (s *saver) count() error {
	if s.sum.New+s.sum.Duplicates == 0 {
		return nil
	}
	if _, err := s.tx.Exec(s.ctx, `UPDATE sources SET item_count = item_count + $1,
		dup_count = dup_count + $2 WHERE id = $3`, s.sum.New+s.sum.Duplicates, s.sum.Duplicates, s.src); err != nil {
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
		c = text(strings.ReplaceAll(c, sep, " "))
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
