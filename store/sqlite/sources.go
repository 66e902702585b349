package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// SyncSources upserts the configured sources by URL and returns each URL's
// ID. Name and agency follow the configuration; fetch state (validators,
// schedule, health, Gone) is kept, so a restart does not re-poll everything
// nor forget that upstream said 410. Sources missing from srcs are left in
// place with their stories. Use ResetSource to clear the state of a source
// whose configuration changed.
func (db *DB) SyncSources(ctx context.Context, srcs []story.SourceState) (map[string]int64, error) {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: sync sources: %w", err)
	}
	stmt, err := tx.PrepareContext(ctx, `
		INSERT INTO sources (url, name, agency) VALUES (?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET name = excluded.name, agency = excluded.agency
		RETURNING id`)
	if err != nil {
		return nil, rollback(tx, fmt.Errorf("store: sync sources: %w", err))
	}
	ids := make(map[string]int64, len(srcs))
	for _, s := range srcs {
		var id int64
		if err := stmt.QueryRowContext(ctx, s.URL, s.Name, s.Agency).Scan(&id); err != nil {
			return nil, rollback(tx, fmt.Errorf("store: sync source %q: %w", s.URL, err))
		}
		ids[s.URL] = id
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: sync sources: commit: %w", err)
	}
	return ids, nil
}

// ResetSource forgets a source's fetch state: it is no longer Gone, its
// failure count and error are cleared, its validators dropped and it is due
// at once. The caller uses it when the operator changed the source's
// configuration, which is how a 410 Gone source comes back.
func (db *DB) ResetSource(ctx context.Context, id int64) error {
	res, err := db.writer.ExecContext(ctx, `
		UPDATE sources SET gone = 0, consecutive_failures = 0, last_error = '',
		       etag = '', last_modified = '', permanent_url = '', next_fetch_at = 0, next_fetch_why = ''
		 WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("store: reset source %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: reset source %d: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("store: reset source %d: %w", id, store.ErrNotFound)
	}
	return nil
}

const sourceCols = `id, url, name, agency, etag, last_modified, permanent_url, feed_title,
	feed_link, last_fetch_at, last_success_at, last_status, last_error,
	consecutive_failures, next_fetch_at, gone, item_count, dup_count, mean_gap, next_fetch_why`

func scanSource(sc interface{ Scan(...any) error }) (story.SourceState, error) {
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
	rows, err := db.reader.QueryContext(ctx, `SELECT `+sourceCols+` FROM sources ORDER BY name, url`)
	if err != nil {
		return nil, fmt.Errorf("store: sources: %w", err)
	}
	defer rows.Close()
	var out []story.SourceState
	for rows.Next() {
		s, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("store: sources: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: sources: %w", err)
	}
	return out, nil
}

// Source returns one source by ID, or ErrNotFound.
func (db *DB) Source(ctx context.Context, id int64) (story.SourceState, error) {
	s, err := scanSource(db.reader.QueryRowContext(ctx, `SELECT `+sourceCols+` FROM sources WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
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
	rows, err := db.reader.QueryContext(ctx, `
		SELECT published_at FROM items WHERE source_id = ?
		 ORDER BY published_at DESC LIMIT ?`, sourceID, n)
	if err != nil {
		return nil, fmt.Errorf("store: latest published %d: %w", sourceID, err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var ns int64
		if err := rows.Scan(&ns); err != nil {
			return nil, fmt.Errorf("store: latest published %d: %w", sourceID, err)
		}
		out = append(out, fromNS(ns))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: latest published %d: %w", sourceID, err)
	}
	return out, nil
}

// saveState writes a fetch's outcome into the source row. Name, agency and
// URL belong to the configuration and are not touched.
func saveState(ctx context.Context, tx *sql.Tx, id int64, s story.SourceState) error {
	res, err := tx.ExecContext(ctx, `
		UPDATE sources SET etag = ?, last_modified = ?, permanent_url = ?, feed_title = ?,
		       feed_link = ?, last_fetch_at = ?, last_success_at = ?, last_status = ?,
		       last_error = ?, consecutive_failures = ?, next_fetch_at = ?, gone = ?,
		       mean_gap = ?, next_fetch_why = ?
		 WHERE id = ?`,
		s.ETag, s.LastModified, s.PermanentURL, s.FeedTitle, s.FeedLink,
		toNS(s.LastFetchAt), toNS(s.LastSuccessAt), s.LastStatus, s.LastError,
		s.ConsecutiveFailures, toNS(s.NextFetchAt), s.Gone, int64(s.MeanGap), s.NextFetchWhy, id)
	if err != nil {
		return fmt.Errorf("source state: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("source state: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("source %d: %w", id, store.ErrNotFound)
	}
	return nil
}
