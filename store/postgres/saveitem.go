package postgres

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/story"
)

// existing is the stored state of an item being re-polled.
type existing struct {
	pk                          int64
	id, title, summary, content string
	image, categories           string
	dupOf                       *string
	withdrawn, seen, published  int64
	updated                     int64
}

// lookupSQL finds the stored item of the same source and key (first
// column false) or else the root story of the first other source's item
// with the same canonical link (first column true: only its id is set),
// in one statement: LIMIT 1 stops the UNION ALL before the link lookup
// when the key matched.
const lookupSQL = `SELECT false, pk, id, title, summary_html, content_html, image_url,
		categories, duplicate_of, withdrawn_at, last_seen_at, published_at, updated_at
		FROM items WHERE source_id = $1 AND key = $2
	UNION ALL
	SELECT true, 0, id, '', '', '', '', '', NULL, 0, 0, 0, 0 FROM items WHERE pk = (
		SELECT min(r.pk) FROM items l JOIN items r ON r.id = coalesce(l.duplicate_of, l.id)
		WHERE l.link = $3 AND l.link <> '' AND l.source_id <> $1 AND r.source_id <> $1)
	LIMIT 1`

func (s *saver) item(it *story.Item, match func(*story.Item, []story.Item) string, window time.Duration) error {
	var ex existing
	var byLink bool
	var err error
	if s.found != nil {
		ex, byLink, err = s.prefetched(it)
	} else {
		err = s.tx.QueryRow(s.ctx, lookupSQL, s.src, text(it.Key), text(it.Link)).Scan(&byLink, &ex.pk,
			&ex.id, &ex.title, &ex.summary, &ex.content, &ex.image, &ex.categories, &ex.dupOf,
			&ex.withdrawn, &ex.seen, &ex.published, &ex.updated)
	}
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return s.insert(it, "", match, window)
	case err != nil:
		return fmt.Errorf("look up: %w", err)
	case byLink:
		return s.insert(it, ex.id, match, window)
	}
	return s.update(it, ex)
}

// update handles a re-polled item.
func (s *saver) update(it *story.Item, ex existing) error {
	if ex.withdrawn != 0 {
		s.sum.Unchanged++ // a tombstone: never resurrected, never changed
		return nil
	}
	oldCats := splitList(ex.categories)
	newCats := cleanCategories(it.Categories)
	contentChanged := ex.title != text(it.Title) || ex.summary != text(it.SummaryHTML) ||
		ex.content != text(it.ContentHTML) || ex.image != text(it.ImageURL)
	catsChanged := !slices.Equal(oldCats, newCats)
	nowNS := toNS(s.now)
	if !contentChanged && !catsChanged {
		s.sum.Unchanged++
		if nowNS-ex.seen >= int64(seenEvery) {
			if _, err := s.tx.Exec(s.ctx, `UPDATE items SET last_seen_at = $1 WHERE pk = $2`, nowNS, ex.pk); err != nil {
				return fmt.Errorf("mark seen: %w", err)
			}
		}
		return nil
	}
	live := ex.dupOf == nil
	if contentChanged {
		// Upstream's own update time when it moved forward, else now.
		updated := it.UpdatedAt
		if updated.IsZero() || updated.After(s.now) || toNS(updated) <= ex.updated {
			updated = s.now
		}
		if _, err := s.tx.Exec(s.ctx, `UPDATE items SET guid = $1, link = $2, title = $3,
			summary_html = $4, content_html = $5, image_url = $6, image_type = $7, author = $8,
			upstream_categories = $9, places = $10, categories = $11, fingerprint = $12,
			dedupe_sig = $13, updated_at = $14, last_seen_at = $15, image_caption = $16,
			image_credit = $17, image_length = $18, search = to_tsvector('simple', $19) WHERE pk = $20`,
			text(it.GUID), text(it.Link), text(it.Title), text(it.SummaryHTML), text(it.ContentHTML),
			text(it.ImageURL), text(it.ImageType), text(it.Author), joinList(textAll(it.UpstreamCategories)),
			joinList(textAll(it.Places)), joinList(newCats), int64(it.Fingerprint), it.DedupeSig,
			toNS(updated), nowNS, text(it.ImageCaption), text(it.ImageCredit), it.ImageLength,
			searchText(it), ex.pk); err != nil {
			return fmt.Errorf("update: %w", err)
		}
		switch {
		case live && s.near != nil:
			s.sum.Roots = append(s.sum.Roots, ex.id)
		case live:
			if err := s.bands(ex.pk, ex.published, it.Bands, true); err != nil {
				return err
			}
		}
	}
	if !contentChanged {
		if _, err := s.tx.Exec(s.ctx, `UPDATE items SET categories = $1, last_seen_at = $2 WHERE pk = $3`,
			joinList(newCats), nowNS, ex.pk); err != nil {
			return fmt.Errorf("refile: %w", err)
		}
	}
	if err := s.categories(ex.pk, ex.published, newCats, live, true); err != nil {
		return err
	}
	s.sum.Updated++
	s.ids[ex.id] = true
	if live {
		s.addCats(oldCats)
		s.addCats(newCats)
		s.cats[story.All] = true
	}
	return nil
}

// insert stores a new item, deciding first whether it duplicates a story
// another source already carries; linkRoot is the root story of another
// source's item with the same canonical link, or "".
func (s *saver) insert(it *story.Item, linkRoot string, match func(*story.Item, []story.Item) string, window time.Duration) error {
	first := it.FirstSeenAt
	if first.IsZero() {
		first = s.now
	}
	published := it.PublishedAt
	if published.IsZero() {
		published = first
	}
	cats := cleanCategories(it.Categories)
	dupOf, err := s.findDuplicate(it, linkRoot, published, match, window)
	if err != nil {
		return err
	}
	twin := ""
	if dupOf == "" {
		if twin, err = s.withdrawnTwin(it, published, match, window); err != nil {
			return err
		}
	}
	updated := it.UpdatedAt
	if updated.IsZero() {
		updated = published
	}
	var dup *string
	if dupOf != "" {
		dup = &dupOf
	}
	// A new root story is indexed under its bands in the same statement,
	// unless the caller keeps its own index (Fetch.Candidates). A re-sent
	// copy of a withdrawn story is stored withdrawn, filed but never live.
	var bands []int64
	if dupOf == "" && twin == "" && s.near == nil {
		bands = bandInts(it.Bands)
	}
	var withdrawnAt int64
	reason := ""
	if twin != "" {
		withdrawnAt, reason = toNS(s.now), "re-sent copy of withdrawn story "+twin
	}
	live := dupOf == "" && twin == ""
	id := text(it.ID)
	s.queue(it, insertSQL,
		id, s.src, text(it.Key), text(it.GUID), text(it.Link), text(it.Title), text(it.SummaryHTML),
		text(it.ContentHTML), text(it.ImageURL), text(it.ImageType), text(it.Author), text(it.Agency),
		toNS(published), toNS(updated), toNS(first), toNS(s.now),
		joinList(textAll(it.UpstreamCategories)), joinList(textAll(it.Places)), joinList(cats),
		int64(it.Fingerprint), it.DedupeSig, dup, text(it.ImageCaption), text(it.ImageCredit), it.ImageLength,
		searchText(it), bands, cats, live, withdrawnAt, reason)
	if twin != "" {
		// The editorial log says why the story never appeared.
		s.queue(it, `INSERT INTO editorial_log (item_id, action, reason, by_whom, at)
			VALUES ($1, 'withdraw', $2, 'wiredesk', $3)`, id, reason, withdrawnAt)
		s.sum.Duplicates++
		return s.sendIfAlone()
	}
	s.ids[id] = true
	it.DuplicateOf = dupOf
	if dupOf == "" {
		s.sum.New++
		s.sum.Roots = append(s.sum.Roots, id)
		s.addCats(cats)
		s.cats[story.All] = true
		return s.sendIfAlone()
	}
	s.sum.Duplicates++
	return s.rootChanged(dupOf)
}

// insertSQL stores a new story with, in the same statement, its band
// index rows ($27) and its category rows ($28, live when $29). Nothing
// is read back, so that the inserts of a fetch travel to the server
// together (saver.queue).
const insertSQL = `WITH ins AS (INSERT INTO items (id, source_id, key, guid, link, title, summary_html,
		content_html, image_url, image_type, author, agency, published_at, updated_at,
		first_seen_at, last_seen_at, upstream_categories, places, categories, fingerprint,
		dedupe_sig, duplicate_of, image_caption, image_credit, image_length, search,
		withdrawn_at, withdraw_reason)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,
			to_tsvector('simple', $26), $30, $31)
		RETURNING pk),
	b AS (INSERT INTO item_bands (item_pk, band, published_at)
		SELECT pk, band, $13 FROM ins, unnest($27::bigint[]) AS band ON CONFLICT DO NOTHING)
	INSERT INTO item_categories (item_pk, category, published_at, live)
		SELECT pk, category, $13, $29 FROM ins, unnest($28::text[]) AS category`

// rootChanged records that a story gained a carrier: its page and the
// feeds it is in now list one more agency.
func (s *saver) rootChanged(id string) error {
	if err := s.flushCats(); err != nil {
		return err
	}
	s.ids[id] = true
	rows, err := s.tx.Query(s.ctx, `SELECT c.category FROM items i JOIN item_categories c ON c.item_pk = i.pk
		WHERE i.id = $1 AND c.live AND i.duplicate_of IS NULL AND i.withdrawn_at = 0`, id)
	if err != nil {
		return fmt.Errorf("root %s: %w", id, err)
	}
	cats, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("root %s: %w", id, err)
	}
	var live bool
	if err := s.tx.QueryRow(s.ctx, `SELECT EXISTS (SELECT 1 FROM items WHERE id = $1
		AND duplicate_of IS NULL AND withdrawn_at = 0)`, id).Scan(&live); err != nil {
		return fmt.Errorf("root %s: %w", id, err)
	}
	if !live {
		return nil
	}
	s.addCats(cats)
	s.cats[story.All] = true
	return nil
}

// categories queues the index rows of a story's categories, written by
// flushCats with those of the rest of the fetch in one statement. With
// replace, the story's old rows are deleted first.
func (s *saver) categories(pk, published int64, cats []string, live, replace bool) error {
	if replace {
		if err := s.flushCats(); err != nil {
			return err
		}
		if _, err := s.tx.Exec(s.ctx, `DELETE FROM item_categories WHERE item_pk = $1`, pk); err != nil {
			return fmt.Errorf("clear categories: %w", err)
		}
	}
	for _, c := range cats {
		p := &s.pending
		p.pks, p.cats, p.published, p.live = append(p.pks, pk), append(p.cats, c),
			append(p.published, published), append(p.live, live)
	}
	return nil
}

// flushCats writes the queued category rows. Whatever reads or deletes
// category rows within the fetch flushes first.
func (s *saver) flushCats() error {
	if err := s.sendQueued(); err != nil {
		return err
	}
	p := &s.pending
	if len(p.pks) == 0 {
		return nil
	}
	_, err := s.tx.Exec(s.ctx, `INSERT INTO item_categories (item_pk, category, published_at, live)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::boolean[])
		ON CONFLICT DO NOTHING`, p.pks, p.cats, p.published, p.live)
	*p = catRows{pks: p.pks[:0], cats: p.cats[:0], published: p.published[:0], live: p.live[:0]}
	if err != nil {
		return fmt.Errorf("categories: %w", err)
	}
	return nil
}

// bands indexes a live story under its LSH band keys, in one statement.
func (s *saver) bands(pk, published int64, bands []uint64, replace bool) error {
	if replace {
		if _, err := s.tx.Exec(s.ctx, `DELETE FROM item_bands WHERE item_pk = $1`, pk); err != nil {
			return fmt.Errorf("clear bands: %w", err)
		}
	}
	if len(bands) == 0 {
		return nil
	}
	if _, err := s.tx.Exec(s.ctx, `INSERT INTO item_bands (item_pk, band, published_at)
		SELECT $1, b, $3 FROM unnest($2::bigint[]) AS b ON CONFLICT DO NOTHING`,
		pk, bandInts(bands), published); err != nil {
		return fmt.Errorf("bands: %w", err)
	}
	return nil
}

// bandInts gives the bands' bits as the signed integers PostgreSQL keeps.
func bandInts(bands []uint64) []int64 {
	out := make([]int64, len(bands))
	for i, b := range bands {
		out[i] = int64(b)
	}
	return out
}

// textAll applies text to every element.
func textAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = text(x)
	}
	return out
}

// maxSearchText bounds the indexed words of one story: a tsvector holds
// at most 1 MB, and positions past 16,383 all count as the last.
const maxSearchText = 256 << 10

// searchText is the text the full-text index holds for a story: its
// title, summary and content as the query package's words, folded
// (lower case, no diacritics) as a search is, so that both sides agree
// whatever the server's locale.
func searchText(it *story.Item) string {
	t := query.IndexText(text(it.Title), text(it.SummaryHTML), text(it.ContentHTML))
	if len(t) > maxSearchText {
		cut := maxSearchText
		for cut > 0 && t[cut] != ' ' {
			cut--
		}
		t = t[:cut]
	}
	return t
}
