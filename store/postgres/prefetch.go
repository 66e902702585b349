package postgres

import (
	"fmt"

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
func (s *saver) prefetch(items []story.Item) error {
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
	roots := map[string]string{}
	if len(found) < len(items) && len(links) > 0 {
		rows, err := s.tx.Query(s.ctx, `SELECT x.link, r.id FROM unnest($2::text[]) AS x(link)
			JOIN items r ON r.pk = (
				SELECT min(r2.pk) FROM items l JOIN items r2 ON r2.id = coalesce(l.duplicate_of, l.id)
				WHERE l.link = x.link AND l.source_id <> $1 AND r2.source_id <> $1)`, s.src, links)
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
	return nil
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
