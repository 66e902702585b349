package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/wiredesk/wiredesk/aggregator"
	"github.com/wiredesk/wiredesk/publisher"
	"github.com/wiredesk/wiredesk/publisher/websub"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// rebuilder coalesces change notifications from concurrent fetches into
// one re-render per category per short window, so thirty sources landing
// at once render "all" once, not thirty times.
type rebuilder struct {
	pub   *publisher.Publisher
	log   *slog.Logger
	mu    sync.Mutex
	cats  map[string]bool
	items []string
	kick  chan struct{}
	// hub, when set, is told which changes the re-rendered feeds reflect.
	hub *websub.Hub
}

func newRebuilder(pub *publisher.Publisher, log *slog.Logger) *rebuilder {
	return &rebuilder{pub: pub, log: log, cats: map[string]bool{}, kick: make(chan struct{}, 1)}
}

func (r *rebuilder) changed(_ context.Context, sum story.FetchSummary) {
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

func (r *rebuilder) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			r.flush(context.WithoutCancel(ctx))
			return
		case <-r.kick:
		}
		// Let a burst of fetches land before rendering.
		t := time.NewTimer(200 * time.Millisecond)
		select {
		case <-ctx.Done():
		case <-t.C:
		}
		t.Stop()
		r.flush(context.WithoutCancel(ctx))
	}
}

func (r *rebuilder) flush(ctx context.Context) {
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

// reloader applies edits of the config file (fsnotify) and SIGHUP without
// a restart; an invalid edit keeps the running config and is reported.
type reloader struct {
	path   string
	log    *slog.Logger
	poller *aggregator.Poller
	pub    *publisher.Publisher
	// secrets follows each loaded config, so the log hides its secrets.
	secrets *secretBox
	mu      sync.Mutex
	err     error
}

// Err returns the error of the last reload attempt, or nil.
func (r *reloader) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

func (r *reloader) watch(ctx context.Context) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	var events chan fsnotify.Event
	w, err := fsnotify.NewWatcher()
	if err != nil {
		r.log.Warn("config watch unavailable; SIGHUP still reloads", "err", err)
	} else {
		defer w.Close()
		// Watch the directory: editors replace files by rename.
		if err := w.Add(filepath.Dir(r.path)); err != nil {
			r.log.Warn("config watch unavailable; SIGHUP still reloads", "err", err)
		} else {
			events = w.Events
		}
	}
	abs, err := filepath.Abs(r.path)
	if err != nil {
		r.log.Warn("config watch unavailable; SIGHUP still reloads", "err", err)
		events = nil
	}
	var debounce <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			r.reload(ctx, "SIGHUP")
		case ev := <-events:
			if p, err := filepath.Abs(ev.Name); err == nil && p == abs && ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename) != 0 {
				debounce = time.After(150 * time.Millisecond)
			}
		case <-debounce:
			debounce = nil
			r.reload(ctx, "file changed")
		}
	}
}

func (r *reloader) reload(ctx context.Context, why string) {
	cfg, err := loadFile(r.path)
	if err == nil {
		err = r.poller.Reload(ctx, cfg)
	}
	r.mu.Lock()
	r.err = err
	r.mu.Unlock()
	if err != nil {
		r.log.Error("config reload failed; keeping the running config", "reason", why, "err", err)
		return
	}
	r.secrets.set(cfg)
	r.pub.SetConfig(cfg)
	if err := r.pub.RebuildAll(ctx); err != nil {
		r.log.Error("render feeds after reload", "err", err)
	}
	r.log.Info("config reloaded", "reason", why, "sources", len(cfg.Sources), "categories", len(cfg.Categories))
}

// followEditorial applies withdrawals and restorations made by another
// process (wiredesk withdraw/restore) to the running server: it polls the
// store's editorial log and re-renders the feeds and pages concerned.
// It looks once a second (one indexed read of the log's tail), so that with
// the render and the WebSub push a withdrawal reaches subscribers within
// about 1.5 s of the command.
func followEditorial(ctx context.Context, db store.Store, rb *rebuilder, log *slog.Logger) {
	var seq int64
	for {
		evs, err := db.EditorialLog(ctx, seq)
		if err != nil || len(evs) == 0 {
			break
		}
		seq = evs[len(evs)-1].Seq
	}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		evs, err := db.EditorialLog(ctx, seq)
		if err != nil {
			log.Error("read editorial log", "err", err)
			continue
		}
		for _, ev := range evs {
			seq = ev.Seq
			sum := story.FetchSummary{Items: []string{ev.ItemID}}
			it, err := db.Item(ctx, ev.ItemID)
			if err != nil {
				log.Error("editorial change", "item", ev.ItemID, "err", err)
				continue
			}
			sum.Categories = append(it.Categories, story.All)
			if it.DuplicateOf != "" {
				// The original's carrier list changed with it.
				sum.Items = append(sum.Items, it.DuplicateOf)
				if orig, err := db.Item(ctx, it.DuplicateOf); err == nil {
					sum.Categories = append(sum.Categories, orig.Categories...)
				} else {
					log.Error("editorial change", "item", it.DuplicateOf, "err", err)
				}
			}
			log.Info("editorial change", "action", ev.Action, "item", ev.ItemID, "reason", ev.Reason)
			rb.changed(ctx, sum)
		}
	}
}
