package sqlite

import (
	"fmt"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// A withdrawal is an editorial decision about a story, not about one
// upstream key: a wire that re-sends a withdrawn story under a new GUID
// ("g1-updated", then "g1-v3" with ?utm_source=rss) must not bring it
// back. A new story inherits the withdrawal of a withdrawn story when it
// comes from the same source with the same canonical link, or when it is a
// near-duplicate (Fetch.Match) of one published within the dedupe window.

// withdrawnSQL lists the withdrawn stories through the editorial log,
// which holds only the few stories an editor acted on: no scan of items.
const withdrawnSQL = `SELECT id, source_id, title, link, dedupe_sig, published_at FROM items
	WHERE id IN (SELECT item_id FROM editorial_log WHERE action = 'withdraw') AND withdrawn_at <> 0`

// withdrawnTwin returns the ID of the withdrawn story it re-sends, or "".
// The withdrawn stories are read once per fetch, at its first new story.
func (s *saver) withdrawnTwin(it *story.Item, published time.Time, match func(*story.Item, []story.Item) string, window time.Duration) (string, error) {
	if s.withdrawn == nil {
		rows, err := s.tx.QueryContext(s.ctx, withdrawnSQL)
		if err != nil {
			return "", fmt.Errorf("withdrawn stories: %w", err)
		}
		defer rows.Close()
		s.withdrawn = []story.Item{}
		for rows.Next() {
			var w story.Item
			var pub int64
			if err := rows.Scan(&w.ID, &w.SourceID, &w.Title, &w.Link, &w.DedupeSig, &pub); err != nil {
				return "", fmt.Errorf("withdrawn stories: %w", err)
			}
			w.PublishedAt = fromNS(pub)
			s.withdrawn = append(s.withdrawn, w)
		}
		if err := rows.Err(); err != nil {
			return "", fmt.Errorf("withdrawn stories: %w", err)
		}
	}
	var near []story.Item
	for _, w := range s.withdrawn {
		if w.SourceID == s.src && it.Link != "" && w.Link == it.Link {
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

// inheritWithdrawal stores the new story pk as withdrawn, like its twin,
// and logs it in the editorial log, so /status and the log say why it
// never appeared.
func (s *saver) inheritWithdrawal(pk int64, id, twin string) error {
	reason := "re-sent copy of withdrawn story " + twin
	at := toNS(s.now)
	if _, err := s.tx.ExecContext(s.ctx, `UPDATE items SET withdrawn_at = ?, withdraw_reason = ? WHERE pk = ?`,
		at, reason, pk); err != nil {
		return fmt.Errorf("inherit withdrawal: %w", err)
	}
	if _, err := s.tx.ExecContext(s.ctx, `INSERT INTO editorial_log (item_id, action, reason, by_whom, at)
		VALUES (?, 'withdraw', ?, 'wiredesk', ?)`, id, reason, at); err != nil {
		return fmt.Errorf("inherit withdrawal: %w", err)
	}
	return nil
}
