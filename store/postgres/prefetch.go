package postgres

import (
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/story"
)

// prefetch reads what lookupSQL would answer for every item of a fetch in
// one query instead of one per item: a round trip to the server costs
// more than the query. The answers cannot go stale within the fetch: an
// item's key row is changed only by that item (keys are distinct, else
// each item looks itself up, the second of a repeated key finding the
// first), and the link lookup looks at other sources' stories only,
// which the fetch does not write.
func (s *saver) prefetch(items []story.Item, match func(*story.Item, []story.Item) string, window time.Duration) error {
	if len(items) < 2 {
		return nil
	}
	keys := make([]string, len(items))
	links := make([]string, 0, len(items))
	seen := make(map[string]bool, len(items))
	for i := range items {
		keys[i] = text(items[i].Key)
		if seen[keys[i]] {
			return nil
		}
		seen[keys[i]] = true
		if l := text(items[i].Link); l != "" {
			links = append(links, l)
		}
	}
	rows, err := s.tx.Query(s.ctx, `SELECT key, pk, id, title, summary_html, content_html, image_url,
			categories, duplicate_of, withdrawn_at, last_seen_at, published_at, updated_at
		FROM items WHERE source_id = $1 AND key = ANY($2::text[])`, s.src, keys)
	if err != nil {
		return fmt.Errorf("look up: %w", err)
	}
	found := make(map[string]existing, len(items))
	var key string
	var ex existing
	_, err = pgx.ForEachRow(rows, []any{&key, &ex.pk, &ex.id, &ex.title, &ex.summary, &ex.content, &ex.image,
		&ex.categories, &ex.dupOf, &ex.withdrawn, &ex.seen, &ex.published, &ex.updated}, func() error {
		found[key] = ex
		ex.dupOf = nil // scan the next row's into a new string, not this one's
		return nil
	})
	if err != nil {
		return fmt.Errorf("look up: %w", err)
	}
	// l.link <> '' lets the planner use the partial index items_link;
	// without it every link was a scan of every story.
	roots := map[string]string{}
	if len(found) < len(items) && len(links) > 0 {
		rows, err := s.tx.Query(s.ctx, `SELECT x.link, r.id FROM unnest($2::text[]) AS x(link)
			JOIN items r ON r.pk = (
				SELECT min(r2.pk) FROM items l JOIN items r2 ON r2.id = coalesce(l.duplicate_of, l.id)
				WHERE l.link = x.link AND l.link <> '' AND l.source_id <> $1 AND r2.source_id <> $1)`, s.src, links)
		if err != nil {
			return fmt.Errorf("look up links: %w", err)
		}
		var link, id string
		_, err = pgx.ForEachRow(rows, []any{&link, &id}, func() error {
			roots[link] = id
			return nil
		})
		if err != nil {
			return fmt.Errorf("look up links: %w", err)
		}
	}
	s.found, s.linkRoots = found, roots
	return s.prefetchCandidates(items, match, window)
}

// prefetchCandidates finds the band candidates of the fetch's new stories
// in one query. They cannot go stale within the fetch either: candidates
// are other sources' live stories, which the fetch does not write.
func (s *saver) prefetchCandidates(items []story.Item, match func(*story.Item, []story.Item) string, window time.Duration) error {
	if match == nil || s.near != nil {
		return nil
	}
	var need []*story.Item
	var published []time.Time
	for i := range items {
		it := &items[i]
		if _, ok := s.found[text(it.Key)]; ok || len(it.Bands) == 0 {
			continue
		}
		if _, ok := s.linkRoots[text(it.Link)]; ok && text(it.Link) != "" {
			continue
		}
		need, published = append(need, it), append(published, s.publishedOf(it))
	}
	if len(need) == 0 {
		return nil
	}
	byIndex, err := s.candidatesOf(need, published, window)
	if err != nil {
		return err
	}
	s.cands = make(map[string][]story.Item, len(need))
	for i, it := range need {
		s.cands[text(it.Key)] = byIndex[i]
	}
	return nil
}

// publishedOf is when a new story counts as published: upstream's date,
// else when it was first seen (by the caller, or now).
func (s *saver) publishedOf(it *story.Item) time.Time {
	if !it.PublishedAt.IsZero() {
		return it.PublishedAt
	}
	if !it.FirstSeenAt.IsZero() {
		return it.FirstSeenAt
	}
	return s.now
}

// prefetched answers lookupSQL's question for it from the prefetch: its
// stored row, or the root of its link (byLink), or pgx.ErrNoRows.
func (s *saver) prefetched(it *story.Item) (ex existing, byLink bool, err error) {
	if ex, ok := s.found[text(it.Key)]; ok {
		return ex, false, nil
	}
	if id, ok := s.linkRoots[text(it.Link)]; ok && text(it.Link) != "" {
		return existing{id: id}, true, nil
	}
	return existing{}, false, pgx.ErrNoRows
}

// queue adds one statement of a new story to the fetch's pipeline, sent
// in one round trip by sendQueued. Without a prefetch (a fetch of one
// item, or one that repeats a key) a later item may look up this one,
// so the caller sends at once (sendIfAlone).
func (s *saver) queue(it *story.Item, sql string, args ...any) {
	if s.batch == nil {
		s.batch = &pgx.Batch{}
	}
	s.batch.Queue(sql, args...)
	s.queued = append(s.queued, it)
}

// sendIfAlone sends the queue when there is no prefetch.
func (s *saver) sendIfAlone() error {
	if s.found != nil {
		return nil
	}
	err := s.sendQueued()
	var ie *itemError
	if errors.As(err, &ie) {
		return ie.err // run names the item
	}
	return err
}

// sendQueued sends the queued statements and checks each result. An
// error names the story whose statement failed.
func (s *saver) sendQueued() error {
	if s.batch == nil || s.batch.Len() == 0 {
		return nil
	}
	br := s.tx.SendBatch(s.ctx, s.batch)
	var err error
	for _, it := range s.queued {
		if _, err = br.Exec(); err != nil {
			err = &itemError{it: it, err: fmt.Errorf("insert: %w", err)}
			break
		}
	}
	if cerr := br.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("insert: %w", cerr)
	}
	s.batch, s.queued = nil, s.queued[:0]
	return err
}

// itemError is the failure of one story's statement.
type itemError struct {
	it  *story.Item
	err error
}

func (e *itemError) Error() string {
	return fmt.Sprintf("item %q (key %q): %v", e.it.ID, e.it.Key, e.err)
}

func (e *itemError) Unwrap() error { return e.err }
