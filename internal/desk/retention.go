package desk

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/internal/clock"
)

// Pruner removes old stories; every store.Store satisfies it.
type Pruner interface {
	// Prune removes stories older than olderThan, keeping the newest
	// keepLatest of every feed, and returns how many went.
	Prune(ctx context.Context, olderThan time.Time, keepLatest int) (int, error)
}

// retentionEvery is how often Retention prunes after the first time.
const retentionEvery = 24 * time.Hour

// Retention prunes stories older than publish.retention once at start
// and then daily, keeping any story still in a published feed, and
// re-renders everything after a prune that removed some.
type Retention struct {
	// Store is pruned.
	Store Pruner
	// Config is the configuration in force (publish.retention, max_items).
	Config func() *config.Config
	// Pub re-renders after a prune.
	Pub Renderer
	// Log receives prune errors and counts.
	Log *slog.Logger
	// Now is the clock (nil: clock.Now).
	Now func() time.Time
}

// Run prunes until ctx ends.
func (r *Retention) Run(ctx context.Context) {
	t := time.NewTicker(retentionEvery)
	defer t.Stop()
	for {
		if !r.Once(ctx) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Once prunes once; it reports false when ctx was cancelled.
func (r *Retention) Once(ctx context.Context) bool {
	now := r.Now
	if now == nil {
		now = clock.Now
	}
	cfg := r.Config()
	n, err := r.Store.Prune(ctx, now().Add(-cfg.Publish.Retention), cfg.Publish.MaxItems)
	switch {
	case errors.Is(err, context.Canceled):
		return false
	case err != nil:
		r.Log.Error("prune", "err", err)
	case n > 0:
		r.Log.Info("pruned old stories", "stories", n)
		if err := r.Pub.RebuildAll(ctx); err != nil {
			r.Log.Error("render feeds after prune", "err", err)
		}
	}
	return true
}
