package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// defaultNode names this process in the leases it takes on a shared
// store: host name and process ID, unique among live nodes, and readable
// in the sources table when one of them dies.
func defaultNode() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "wiredesk"
	}
	return fmt.Sprintf("%s-%d", host, os.Getpid())
}

// followStore re-renders the feeds that other nodes change, when several
// nodes share the store (store.Watcher): every node then serves the same
// bytes, so a load balancer may send any request to any node. Changes of
// this node come back too; the rebuilder folds them into the render they
// already asked for. A store of one process has no watcher and nothing
// to follow.
func followStore(ctx context.Context, st any, cfg func() *config.Config, rb *rebuilder, log *slog.Logger) {
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
			cats = allSlugs(cfg())
		}
		rb.changed(ctx, story.FetchSummary{Categories: cats})
	}
}
