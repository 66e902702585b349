package aggregator

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"github.com/wiredesk/wiredesk/aggregator/dedupe"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store"
)

// filingChanged reports whether a reload changed how stories are filed:
// the categories (slugs, keywords, regions, countries, dateline choice) or
// a source's default category or categories_map. Positions in the file
// do not count.
func filingChanged(a, b *config.Config) bool {
	if len(a.Categories) != len(b.Categories) {
		return true
	}
	for i := range a.Categories {
		x, y := a.Categories[i], b.Categories[i]
		x.Line, y.Line = 0, 0
		if !reflect.DeepEqual(x, y) {
			return true
		}
	}
	type filing struct {
		category string
		m        map[string]string
	}
	old := make(map[string]filing, len(a.Sources))
	for _, s := range a.Sources {
		old[s.URL] = filing{s.Category, s.CategoriesMap}
	}
	for _, s := range b.Sources {
		if f, ok := old[s.URL]; ok && (f.category != s.Category || !reflect.DeepEqual(f.m, s.CategoriesMap)) {
			return true
		}
	}
	return false
}

// refile files the live stories of the last dedupe window again with
// tg, so that a category added or changed by a reload shows the
// matching stories already stored instead of "No stories yet". It returns
// how many stories changed categories.
func (p *Poller) refile(ctx context.Context, cfg *config.Config, tg *tagger) (int, error) {
	window := cfg.Dedupe.Window
	if window <= 0 {
		window = dedupe.DefaultWindow
	}
	items, err := p.store.RecentLive(ctx, p.now().Add(-window))
	if err != nil {
		return 0, fmt.Errorf("refile: %w", err)
	}
	srcs := make(map[string]config.Source, len(cfg.Sources))
	for _, s := range cfg.Sources {
		srcs[s.URL] = s
	}
	var rs []store.Refile
	for i := range items {
		it := &items[i]
		old := it.Categories
		it.Categories = nil
		tg.tagText(it, srcs[it.SourceURL], storyText(it))
		if !slices.Equal(old, it.Categories) {
			rs = append(rs, store.Refile{ID: it.ID, Categories: it.Categories})
		}
	}
	if _, err := p.store.Refile(ctx, rs); err != nil {
		return 0, fmt.Errorf("refile: %w", err)
	}
	return len(rs), nil
}
