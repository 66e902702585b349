package desk

import (
	"context"
	"log/slog"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// Editorial is what FollowEditorial reads; every store.Store satisfies it.
type Editorial interface {
	// EditorialLog returns the withdrawals and restorations logged after
	// sequence number after, oldest first.
	EditorialLog(ctx context.Context, after int64) ([]store.EditorialEvent, error)
	// Item returns one story by public ID.
	Item(ctx context.Context, id string) (story.Item, error)
}

// editorialPoll is how often FollowEditorial reads the log's tail (one
// indexed read): with the render and the WebSub push, a withdrawal
// reaches subscribers within about 1.5 s of the command.
const editorialPoll = time.Second

// FollowEditorial applies withdrawals and restorations made by another
// process (wiredesk withdraw/restore) to the running server: it polls the
// store's editorial log and hands the stories concerned, and their
// categories, to rb. It returns when ctx ends.
func FollowEditorial(ctx context.Context, st Editorial, rb *Rebuilder, log *slog.Logger) {
	var seq int64
	for {
		evs, err := st.EditorialLog(ctx, seq)
		if err != nil || len(evs) == 0 {
			break
		}
		seq = evs[len(evs)-1].Seq
	}
	t := time.NewTicker(editorialPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		seq = applyEditorial(ctx, st, rb, log, seq)
	}
}

// applyEditorial hands rb the changes logged after seq and returns the
// sequence number of the last one read.
func applyEditorial(ctx context.Context, st Editorial, rb *Rebuilder, log *slog.Logger, seq int64) int64 {
	evs, err := st.EditorialLog(ctx, seq)
	if err != nil {
		log.Error("read editorial log", "err", err)
		return seq
	}
	for _, ev := range evs {
		seq = ev.Seq
		sum := story.FetchSummary{Items: []string{ev.ItemID}}
		it, err := st.Item(ctx, ev.ItemID)
		if err != nil {
			log.Error("editorial change", "item", ev.ItemID, "err", err)
			continue
		}
		sum.Categories = append(it.Categories, story.All)
		if it.DuplicateOf != "" {
			// The original's carrier list changed with it.
			sum.Items = append(sum.Items, it.DuplicateOf)
			if orig, err := st.Item(ctx, it.DuplicateOf); err == nil {
				sum.Categories = append(sum.Categories, orig.Categories...)
			} else {
				log.Error("editorial change", "item", it.DuplicateOf, "err", err)
			}
		}
		log.Info("editorial change", "action", ev.Action, "item", ev.ItemID, "reason", ev.Reason)
		rb.Changed(ctx, sum)
	}
	return seq
}

// FollowStore re-renders the feeds that other nodes change, when several
// nodes share the store (store.Watcher): every node then serves the same
// bytes, so a load balancer may send any request to any node. Changes of
// this node come back too; the rebuilder folds them into the render they
// already asked for. A store of one process has no watcher and nothing
// to follow. cfg is the configuration in force.
func FollowStore(ctx context.Context, st any, cfg func() *config.Config, rb *Rebuilder, log *slog.Logger) {
	w, ok := st.(store.Watcher)
	if !ok {
		return
	}
	events, err := w.Watch(ctx)
	if err != nil {
		log.Error("follow other nodes' changes: feeds change only with this node's own fetches", "err", err)
		return
	}
	for ev := range events {
		cats := ev.Categories
		if ev.Err != nil {
			log.Warn("following other nodes' changes: rendering every feed again", "err", ev.Err)
		}
		if ev.All {
			cats = Slugs(cfg())
		}
		rb.Changed(ctx, story.FetchSummary{Categories: cats})
	}
}
