package desk

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/publisher/websub"
	"github.com/wiredesk/wiredesk/store"
)

// fakeRenderer records what the desk asks of the publisher.
type fakeRenderer struct {
	mu          sync.Mutex
	rebuilds    [][]string
	all         int
	invalidated []string
	cfg         *config.Config
	err         error
}

func (f *fakeRenderer) Rebuild(_ context.Context, cats []string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := slices.Clone(cats)
	slices.Sort(c)
	f.rebuilds = append(f.rebuilds, c)
	return f.err
}

func (f *fakeRenderer) RebuildAll(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.all++
	return f.err
}

func (f *fakeRenderer) InvalidateItems(ids []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.invalidated = append(f.invalidated, ids...)
}

func (f *fakeRenderer) Reconfigure(_ context.Context, cfg *config.Config) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cfg = cfg
	f.all++
	return f.err
}

func (f *fakeRenderer) snapshot() (rebuilds [][]string, all int, invalidated []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.rebuilds), f.all, slices.Clone(f.invalidated)
}

// fakeHub records the topics marked and the heads published.
type fakeHub struct {
	mu        sync.Mutex
	marked    [][]string
	published int
}

func (h *fakeHub) Mark(_ context.Context, cats []string) (websub.Heads, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := slices.Clone(cats)
	slices.Sort(c)
	h.marked = append(h.marked, c)
	return websub.Heads{}, nil
}

func (h *fakeHub) Published(websub.Heads) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.published++
}

var errRender = errors.New("render failed")

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// fakeWatcher is a shared store that reports other nodes' changes.
type fakeWatcher struct{ events chan store.Event }

func (w fakeWatcher) Watch(context.Context) (<-chan store.Event, error) { return w.events, nil }
