// Package desk is the running desk's application logic between the
// aggregator, the store and the publisher: the rebuilder that turns
// committed changes into re-renders, the reloader of the configuration
// file, the followers of changes made by other processes (the editorial
// log, other nodes of a shared store) and retention. cmd/wiredesk only
// parses flags and wires these together.
package desk

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/publisher/websub"
	"github.com/wiredesk/wiredesk/story"
)

// Renderer is the publisher as the desk drives it; *publisher.Publisher
// satisfies it.
type Renderer interface {
	// Rebuild re-renders the given categories, "all" and the front page.
	Rebuild(ctx context.Context, categories []string) error
	// RebuildAll re-renders everything.
	RebuildAll(ctx context.Context) error
	// InvalidateItems drops the cached pages of the given stories.
	InvalidateItems(ids []string)
	// Reconfigure switches to a reloaded configuration and re-renders
	// everything for it at once.
	Reconfigure(ctx context.Context, cfg *config.Config) error
}

// Hub is the WebSub hub, told which committed changes a render reflects
// so that it pushes them once the feeds show them; *websub.Hub satisfies
// it.
type Hub interface {
	// Mark reads the committed heads of the categories' feeds before a
	// render.
	Mark(ctx context.Context, categories []string) (websub.Heads, error)
	// Published tells the hub that the render showing heads is served.
	Published(heads websub.Heads)
}

// burstWait is how long the rebuilder lets a burst of fetches land before
// it renders: thirty sources committing at once render "all" once.
const burstWait = 200 * time.Millisecond

// Rebuilder coalesces change notifications from concurrent fetches into
// one re-render per category per short window, so thirty sources landing
// at once render "all" once, not thirty times.
type Rebuilder struct {
	pub   Renderer
	hub   Hub // nil: no hub to tell
	log   *slog.Logger
	mu    sync.Mutex
	cats  map[string]bool
	items []string
	kick  chan struct{}
}

// NewRebuilder returns a Rebuilder rendering with pub and telling hub,
// which may be nil, what each render published.
func NewRebuilder(pub Renderer, hub Hub, log *slog.Logger) *Rebuilder {
	return &Rebuilder{pub: pub, hub: hub, log: log, cats: map[string]bool{}, kick: make(chan struct{}, 1)}
}

// Changed records a committed change (the poller's OnChange); Run
// renders it.
func (r *Rebuilder) Changed(_ context.Context, sum story.FetchSummary) {
	r.mu.Lock()
	for _, c := range sum.Categories {
		r.cats[c] = true
	}
	r.items = append(r.items, sum.Items...)
	r.mu.Unlock()
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// Run renders recorded changes until ctx ends, then renders what is left.
func (r *Rebuilder) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			r.flush(context.WithoutCancel(ctx))
			return
		case <-r.kick:
		}
		t := time.NewTimer(burstWait)
		select {
		case <-ctx.Done():
		case <-t.C:
		}
		t.Stop()
		r.flush(context.WithoutCancel(ctx))
	}
}

func (r *Rebuilder) flush(ctx context.Context) {
	r.mu.Lock()
	cats := make([]string, 0, len(r.cats))
	for c := range r.cats {
		cats = append(cats, c)
	}
	items := r.items
	r.cats, r.items = map[string]bool{}, nil
	r.mu.Unlock()
	if len(cats) == 0 && len(items) == 0 {
		return
	}
	r.pub.InvalidateItems(items)
	var heads websub.Heads
	if r.hub != nil {
		var err error
		if heads, err = r.hub.Mark(ctx, append(cats, story.All)); err != nil {
			r.log.Error("read feed heads", "err", err)
		}
	}
	if err := r.pub.Rebuild(ctx, cats); err != nil {
		r.log.Error("render feeds", "err", err)
		return
	}
	if r.hub != nil {
		r.hub.Published(heads)
	}
}

// Slugs lists every category of cfg, partner-only ones included, and
// "all": the feeds a change of every story touches.
func Slugs(cfg *config.Config) []string {
	out := []string{story.All}
	for _, c := range cfg.Categories {
		out = append(out, c.Slug)
	}
	return out
}
