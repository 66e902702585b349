package publisher

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// errPartnerOnly is the error of a public request for a story filed only
// under partner-only categories: not found, for everyone but partners.
var errPartnerOnly = fmt.Errorf("partner-only story: %w", store.ErrNotFound)

// maxScanPages bounds how many pages of "all" latest reads to fill a
// public page when partner-only stories are mixed in.
const maxScanPages = 20

// visible reports whether the public may see a story: it is filed under a
// public category, or under no category the site has.
func visible(private map[string]bool, it *story.Item) bool {
	if len(private) == 0 {
		return true
	}
	for _, c := range it.Categories {
		if !private[c] {
			return true
		}
	}
	return !slices.ContainsFunc(it.Categories, func(c string) bool { return private[c] })
}

// privateSlugs returns the current partner-only categories.
func (p *Publisher) privateSlugs() map[string]bool {
	if g := p.guard.Load(); g != nil {
		return g.private
	}
	return nil
}

// latest is Store.Latest for public rendering: for "all", stories filed
// only under partner-only categories are skipped, reading further pages
// to fill limit. A category's own stories are returned as they are.
func (p *Publisher) latest(ctx context.Context, slug string, offset, limit int) ([]story.Item, error) {
	private := p.privateSlugs()
	read := func(offset, limit int) ([]story.Item, error) { return p.st.Latest(ctx, slug, offset, limit) }
	if slug != story.All || len(private) == 0 {
		return read(offset, limit)
	}
	return keepPages(read, func(it *story.Item) bool { return visible(private, it) }, offset, limit)
}

// publicCount is Store.Count as the public pages count: "all" without the
// stories filed only under partner-only categories, which its listing
// leaves out, so that its page count is the pages the public can read.
func (p *Publisher) publicCount(ctx context.Context, slug string) (int, error) {
	n, err := p.st.Count(ctx, slug)
	if err != nil {
		return 0, fmt.Errorf("publisher: count %s: %w", slug, err)
	}
	private := p.privateSlugs()
	c, ok := p.st.(interface {
		CountOnlyIn(ctx context.Context, categories []string) (int, error)
	})
	if slug != story.All || len(private) == 0 || !ok {
		return n, nil
	}
	hidden, err := c.CountOnlyIn(ctx, slices.Sorted(maps.Keys(private)))
	if err != nil {
		return 0, fmt.Errorf("publisher: count %s: %w", slug, err)
	}
	return max(n-hidden, 0), nil
}

// buildPrivate renders the feeds only partners read into next, under
// partnerKeyPrefix: those of the partner-only categories among slugs (all
// of them when slugs is nil), and, when there are any, the feeds of "all"
// with their stories in it.
func (p *Publisher) buildPrivate(ctx context.Context, slugs []string, old, next *snapshot) error {
	g := p.guard.Load()
	if g == nil || len(g.private) == 0 {
		next.partnerLen = nil
		return nil
	}
	lens := make(map[string]int, len(next.partnerLen)+1) // next may share old's map
	for k, v := range next.partnerLen {
		lens[k] = v
	}
	todo := []string{story.All}
	for _, c := range g.full.Categories {
		if c.Private && (slugs == nil || slices.Contains(slugs, c.Slug)) {
			todo = append(todo, c.Slug)
		}
	}
	for _, slug := range todo {
		items, err := p.st.Latest(ctx, slug, 0, maxItems(g.full))
		if err != nil {
			return fmt.Errorf("publisher: latest %s for partners: %w", slug, err)
		}
		items = boundFeed(items)
		tombs, err := p.tombstones(ctx, slug, nil)
		if err != nil {
			return err
		}
		if err := p.buildFeedsAt(g.full, slug, items, tombs, old, next, partnerKeyPrefix); err != nil {
			return err
		}
		lens[slug] = len(items)
	}
	next.partnerLen = lens
	return nil
}
