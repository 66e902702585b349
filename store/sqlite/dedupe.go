package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// maxCandidates bounds the stories handed to Match for one item, newest
// first, so that a band shared by thousands of stories (boilerplate text)
// cannot turn one insert into a scan.
const maxCandidates = 200

// findDuplicate returns the ID of the story it duplicates, or "". An exact
// canonical link carried by another source wins; then the near-duplicate
// callback over band candidates. The result is always a root story: a
// duplicate of a duplicate points at the original.
func (s *saver) findDuplicate(it *story.Item, linkRoot string, published time.Time,
	match func(*story.Item, []story.Item) string, window time.Duration) (string, error) {
	if linkRoot != "" { // found by the lookup statement
		return linkRoot, nil
	}
	var cands []story.Item
	switch {
	case match == nil:
		return "", nil
	case s.near != nil:
		cands = s.near(it, published)
	case len(it.Bands) == 0:
		return "", nil
	default:
		var err error
		if cands, err = s.candidates(it, published, window); err != nil {
			return "", err
		}
	}
	if len(cands) == 0 {
		return "", nil
	}
	id := match(it, cands)
	if id == "" {
		return "", nil
	}
	for _, c := range cands {
		if c.ID == id {
			return id, nil
		}
	}
	return "", fmt.Errorf("match returned %q, which is not one of the %d candidates", id, len(cands))
}

// candidates loads the live stories of other sources that share at least
// one band with it and were published within window of published (its
// publication time, or first-seen time when upstream gave none). The band index
// makes this a handful of range scans, whatever the size of the store.
func (s *saver) candidates(it *story.Item, published time.Time, window time.Duration) ([]story.Item, error) {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if window > 0 {
		p := toNS(published)
		lo, hi = satAdd(p, -int64(window)), satAdd(p, int64(window))
	}
	// The bands go in as one JSON array and the source through a CAST: a
	// fixed text prepared once per fetch, and no bound value the planner
	// compared with a partial index's condition, which would make SQLite
	// re-prepare the statement at every execution.
	buf := make([]byte, 0, 2+21*len(it.Bands))
	buf = append(buf, '[')
	for i, b := range it.Bands {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = strconv.AppendInt(buf, int64(b), 10)
	}
	buf = append(buf, ']')
	args := []any{string(buf), lo, hi, s.src, maxCandidates}
	st := s.stmts["candidates"]
	rows, err := st.QueryContext(s.ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("candidates: %w", err)
	}
	defer rows.Close()
	var out []story.Item
	for rows.Next() {
		var c story.Item
		var fp, pub int64
		if err := rows.Scan(&c.ID, &c.SourceID, &c.Title, &c.Link, &c.Agency, &fp,
			&c.DedupeSig, &pub); err != nil {
			return nil, fmt.Errorf("candidates: %w", err)
		}
		c.Fingerprint, c.PublishedAt = uint64(fp), fromNS(pub)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("candidates: %w", err)
	}
	return out, nil
}

// satAdd adds without wrapping around.
func satAdd(a, b int64) int64 {
	c := a + b
	if b > 0 && c < a {
		return math.MaxInt64
	}
	if b < 0 && c > a {
		return math.MinInt64
	}
	return c
}

// recentRootsSQL reads RecentRoots oldest first along items_live, whose
// condition it shares.
const recentRootsSQL = `SELECT id, source_id, title, dedupe_sig, published_at
	FROM items INDEXED BY items_live WHERE published_at >= ? AND duplicate_of IS NULL AND withdrawn_at = 0
	AND length(dedupe_sig) > 0 ORDER BY published_at`

// RecentRoots returns the live stories that are not duplicates, published
// at or after since and carrying a near-duplicate signature: what a
// caller's in-memory candidate index (Fetch.Candidates) is rebuilt from at
// start. Items have ID, SourceID, Title, DedupeSig and PublishedAt.
func (db *DB) RecentRoots(ctx context.Context, since time.Time) ([]story.Item, error) {
	var out []story.Item
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, recentRootsSQL, toNS(since))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var it story.Item
			var pub int64
			if err := rows.Scan(&it.ID, &it.SourceID, &it.Title, &it.DedupeSig, &pub); err != nil {
				return err
			}
			it.PublishedAt = fromNS(pub)
			out = append(out, it)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: recent stories: %w", err)
	}
	return out, nil
}

// CountBandRows returns the rows of the band table, which stays empty
// while callers supply their own candidates (Fetch.Candidates).
func (db *DB) CountBandRows(ctx context.Context) (int, error) {
	var n int
	err := db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM item_bands`).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("store: count band rows: %w", err)
	}
	return n, nil
}
