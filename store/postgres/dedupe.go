package postgres

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/story"
)

// maxCandidates bounds the stories handed to Match for one item, newest
// first, as in the SQLite store.
const maxCandidates = 200

// maxBandRows bounds the rows read from one band, newest first: a band
// that thousands of stories share (boilerplate, a wire's standard
// paragraph) must not make every insert read all of them. The newest
// maxCandidates stories overall are among the newest maxCandidates of
// their bands, unless those are the saving source's own or no longer
// live; the poller's in-memory index bounds its walk the same way.
const maxBandRows = maxCandidates

// findDuplicate returns the ID of the story it duplicates, or "": an
// exact canonical link carried by another source, then the near-duplicate
// callback over the candidates. The result is always a root story.
func (s *saver) findDuplicate(it *story.Item, linkRoot string, published time.Time,
	match func(*story.Item, []story.Item) string, window time.Duration) (string, error) {
	if linkRoot != "" {
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
// one band with it and were published within window of published. Under
// the write lock, they include every story any node committed before.
func (s *saver) candidates(it *story.Item, published time.Time, window time.Duration) ([]story.Item, error) {
	if c, ok := s.cands[text(it.Key)]; ok {
		return c, nil
	}
	m, err := s.candidatesOf([]*story.Item{it}, []time.Time{published}, window)
	return m[0], err
}

// candidatesSQL finds the candidates of several stories at once: for
// each (o, lo, hi), the band rows of story o's bands ($4, $5 as pairs)
// published within [lo, hi] first (the newest $8 of each band), then
// their stories. Left to itself,
// with a young table's statistics, the planner walked every live story
// in order and probed the bands of each; the LATERAL joins fix the order
// (OFFSET 0 keeps the planner from flattening the inner one away).
const candidatesSQL = `SELECT q.o, c.id, c.source_id, c.title, c.link, c.agency, c.fingerprint, c.dedupe_sig, c.published_at
	FROM unnest($1::int[], $2::bigint[], $3::bigint[]) AS q(o, lo, hi)
	CROSS JOIN LATERAL (
		SELECT i.id, i.source_id, i.title, i.link, i.agency, i.fingerprint, i.dedupe_sig, i.published_at, i.pk
		  FROM (SELECT DISTINCT r.item_pk
		          FROM unnest(ARRAY(SELECT x.band FROM unnest($4::int[], $5::bigint[]) AS x(o, band) WHERE x.o = q.o)) AS bb(band)
		         CROSS JOIN LATERAL (SELECT item_pk FROM item_bands
		                 WHERE band = bb.band AND published_at BETWEEN q.lo AND q.hi
		                 ORDER BY published_at DESC LIMIT $8) r) b
		 CROSS JOIN LATERAL (SELECT * FROM items
		         WHERE pk = b.item_pk AND source_id <> $6 AND duplicate_of IS NULL AND withdrawn_at = 0
		        OFFSET 0) i
		 ORDER BY i.published_at DESC, i.pk DESC LIMIT $7) c
	ORDER BY q.o, c.published_at DESC, c.pk DESC`

// candidatesOf returns the candidates of each of items (published at
// published[i]) by index, in one query.
func (s *saver) candidatesOf(items []*story.Item, published []time.Time, window time.Duration) (map[int][]story.Item, error) {
	var idx, bandIdx []int32
	var los, his, bands []int64
	for i, it := range items {
		lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
		if window > 0 {
			p := toNS(published[i])
			lo, hi = satAdd(p, -int64(window)), satAdd(p, int64(window))
		}
		idx, los, his = append(idx, int32(i)), append(los, lo), append(his, hi)
		for _, b := range it.Bands {
			bandIdx, bands = append(bandIdx, int32(i)), append(bands, int64(b))
		}
	}
	rows, err := s.tx.Query(s.ctx, candidatesSQL, idx, los, his, bandIdx, bands, s.src, maxCandidates, maxBandRows)
	if err != nil {
		return nil, fmt.Errorf("candidates: %w", err)
	}
	out := map[int][]story.Item{}
	var o int32
	var c story.Item
	var fp, pub int64
	_, err = pgx.ForEachRow(rows, []any{&o, &c.ID, &c.SourceID, &c.Title, &c.Link, &c.Agency, &fp, &c.DedupeSig, &pub},
		func() error {
			c.Fingerprint, c.PublishedAt = uint64(fp), fromNS(pub)
			out[int(o)] = append(out[int(o)], c)
			c = story.Item{}
			return nil
		})
	if err != nil {
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

// RecentRoots returns the live stories that are not duplicates, published
// at or after since and carrying a near-duplicate signature, oldest
// first. Items have ID, SourceID, Title, DedupeSig and PublishedAt.
func (db *DB) RecentRoots(ctx context.Context, since time.Time) ([]story.Item, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, source_id, title, dedupe_sig, published_at
		FROM items WHERE published_at >= $1 AND duplicate_of IS NULL AND withdrawn_at = 0
		AND length(dedupe_sig) > 0 ORDER BY published_at`, toNS(since))
	if err != nil {
		return nil, fmt.Errorf("store: recent stories: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (story.Item, error) {
		var it story.Item
		var pub int64
		err := r.Scan(&it.ID, &it.SourceID, &it.Title, &it.DedupeSig, &pub)
		it.PublishedAt = fromNS(pub)
		return it, err
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
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM item_bands`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count band rows: %w", err)
	}
	return n, nil
}
