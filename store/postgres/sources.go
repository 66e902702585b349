package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// SyncSources upserts the configured sources by URL and returns each URL's
// ID. Name and agency follow the configuration; fetch state is kept.
// Sources missing from srcs are left in place with their stories.
func (db *DB) SyncSources(ctx context.Context, srcs []story.SourceState) (map[string]int64, error) {
	urls := make([]string, len(srcs))
	names := make([]string, len(srcs))
	agencies := make([]string, len(srcs))
	for i, s := range srcs {
		urls[i], names[i], agencies[i] = text(s.URL), text(s.Name), text(s.Agency)
	}
	// One statement for any number of sources, new ones numbered in the
	// order given; a URL given twice keeps its last name and agency, as
	// one upsert after another would. Only new and renamed sources are
	// written: every node syncs at start and on each reload while other
	// nodes save fetches, and an upsert of an unchanged row would still
	// lock it, in an order that deadlocks with a batch of saves locking
	// the same rows in another.
	rows, err := db.pool.Query(ctx, `
		WITH want AS (
			SELECT DISTINCT ON (u) u, n, a, o
			  FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(u, n, a, o)
			 ORDER BY u, o DESC),
		changed AS (
			INSERT INTO sources (url, name, agency)
			SELECT u, n, a FROM want WHERE NOT EXISTS (
				SELECT 1 FROM sources s WHERE s.url = want.u AND s.name = want.n AND s.agency = want.a)
			 ORDER BY o
			ON CONFLICT (url) DO UPDATE SET name = excluded.name, agency = excluded.agency
			RETURNING url, id)
		SELECT url, id FROM changed
		UNION ALL
		SELECT s.url, s.id FROM sources s JOIN want ON s.url = want.u AND s.name = want.n AND s.agency = want.a`,
		urls, names, agencies)
	if err != nil {
		return nil, fmt.Errorf("store: sync sources: %w", err)
	}
	ids := make(map[string]int64, len(srcs))
	var u string
	var id int64
	_, err = pgx.ForEachRow(rows, []any{&u, &id}, func() error {
		ids[u] = id
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: sync sources: %w", err)
	}
	for _, s := range srcs {
		if _, ok := ids[text(s.URL)]; !ok {
			return nil, fmt.Errorf("store: sync source %q: no id returned", s.URL)
		}
		ids[s.URL] = ids[text(s.URL)]
	}
	return ids, nil
}

// ResetSource forgets a source's fetch state: it is no longer Gone, its
// failures and error are cleared, its validators dropped and it is due at
// once.
func (db *DB) ResetSource(ctx context.Context, id int64) error {
	tag, err := db.pool.Exec(ctx, `
		UPDATE sources SET gone = false, consecutive_failures = 0, last_error = '',
		       etag = '', last_modified = '', permanent_url = '', next_fetch_at = 0, next_fetch_why = ''
		 WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("store: reset source %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: reset source %d: %w", id, store.ErrNotFound)
	}
	return nil
}

const sourceCols = `id, url, name, agency, etag, last_modified, permanent_url, feed_title,
	feed_link, last_fetch_at, last_success_at, last_status, last_error,
	consecutive_failures, next_fetch_at, gone, item_count, dup_count, mean_gap, next_fetch_why`

func scanSource(sc pgx.Row) (story.SourceState, error) {
	var s story.SourceState
	var fetch, success, next, gap int64
	err := sc.Scan(&s.ID, &s.URL, &s.Name, &s.Agency, &s.ETag, &s.LastModified,
		&s.PermanentURL, &s.FeedTitle, &s.FeedLink, &fetch, &success, &s.LastStatus,
		&s.LastError, &s.ConsecutiveFailures, &next, &s.Gone, &s.ItemCount, &s.DupCount, &gap, &s.NextFetchWhy)
	s.MeanGap = time.Duration(gap)
	s.LastFetchAt, s.LastSuccessAt, s.NextFetchAt = fromNS(fetch), fromNS(success), fromNS(next)
	return s, err
}

// Sources lists every known source, ordered by name, with ItemCount and
// DupCount filled.
func (db *DB) Sources(ctx context.Context) ([]story.SourceState, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+sourceCols+` FROM sources ORDER BY name, url`)
	if err != nil {
		return nil, fmt.Errorf("store: sources: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (story.SourceState, error) { return scanSource(r) })
	if err != nil {
		return nil, fmt.Errorf("store: sources: %w", err)
	}
	return out, nil
}

// Source returns one source by ID, or ErrNotFound.
func (db *DB) Source(ctx context.Context, id int64) (story.SourceState, error) {
	s, err := scanSource(db.pool.QueryRow(ctx, `SELECT `+sourceCols+` FROM sources WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return story.SourceState{}, fmt.Errorf("store: source %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return story.SourceState{}, fmt.Errorf("store: source %d: %w", id, err)
	}
	return s, nil
}

// LatestPublished returns the publication times of a source's n newest
// stories, newest first, for adaptive scheduling.
func (db *DB) LatestPublished(ctx context.Context, sourceID int64, n int) ([]time.Time, error) {
	rows, err := db.pool.Query(ctx, `SELECT published_at FROM items WHERE source_id = $1
		ORDER BY published_at DESC LIMIT $2`, sourceID, n)
	if err != nil {
		return nil, fmt.Errorf("store: latest published %d: %w", sourceID, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (time.Time, error) {
		var ns int64
		err := r.Scan(&ns)
		return fromNS(ns), err
	})
	if err != nil {
		return nil, fmt.Errorf("store: latest published %d: %w", sourceID, err)
	}
	return out, nil
}

// saveState writes a fetch's outcome into the source row. Name, agency and
// URL belong to the configuration and are not touched.
func saveState(ctx context.Context, tx pgx.Tx, id int64, s story.SourceState) error {
	tag, err := tx.Exec(ctx, `
		UPDATE sources SET etag = $1, last_modified = $2, permanent_url = $3, feed_title = $4,
		       feed_link = $5, last_fetch_at = $6, last_success_at = $7, last_status = $8,
		       last_error = $9, consecutive_failures = $10, next_fetch_at = $11, gone = $12,
		       mean_gap = $13, next_fetch_why = $14
		 WHERE id = $15`,
		text(s.ETag), text(s.LastModified), text(s.PermanentURL), text(s.FeedTitle), text(s.FeedLink),
		toNS(s.LastFetchAt), toNS(s.LastSuccessAt), s.LastStatus, text(s.LastError),
		s.ConsecutiveFailures, toNS(s.NextFetchAt), s.Gone, int64(s.MeanGap), text(s.NextFetchWhy), id)
	if err != nil {
		return fmt.Errorf("source state: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("source %d: %w", id, store.ErrNotFound)
	}
	return nil
}
