package postgres

import (
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/story"
)

// A withdrawal is an editorial decision about a story, not about one
// upstream key: a new story inherits the withdrawal of a withdrawn story
// from the same source with the same canonical link, or of one it is a
// near-duplicate of (Fetch.Match) within the dedupe window, as in the
// SQLite store.

// withdrawnTwin returns the ID of the withdrawn story it re-sends, or "".
// The withdrawn stories are read once per fetch, at its first new story.
func (s *saver) withdrawnTwin(it *story.Item, published time.Time, match func(*story.Item, []story.Item) string, window time.Duration) (string, error) {
	if s.withdrawn == nil {
		rows, err := s.tx.Query(s.ctx, `SELECT id, source_id, title, link, dedupe_sig, published_at FROM items
			WHERE id IN (SELECT item_id FROM editorial_log WHERE action = 'withdraw') AND withdrawn_at <> 0`)
		if err != nil {
			return "", fmt.Errorf("withdrawn stories: %w", err)
		}
		s.withdrawn, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (story.Item, error) {
			var w story.Item
			var pub int64
			err := r.Scan(&w.ID, &w.SourceID, &w.Title, &w.Link, &w.DedupeSig, &pub)
			w.PublishedAt = fromNS(pub)
			return w, err
		})
		if err != nil {
			return "", fmt.Errorf("withdrawn stories: %w", err)
		}
		if s.withdrawn == nil {
			s.withdrawn = []story.Item{}
		}
	}
	var near []story.Item
	link := text(it.Link)
	for _, w := range s.withdrawn {
		if w.SourceID == s.src && link != "" && w.Link == link {
			return w.ID, nil
		}
		d := published.Sub(w.PublishedAt)
		if len(w.DedupeSig) > 0 && (window <= 0 || (d <= window && d >= -window)) {
			near = append(near, w)
		}
	}
	if match == nil || len(near) == 0 || len(it.DedupeSig) == 0 {
		return "", nil
	}
	return match(it, near), nil
}
