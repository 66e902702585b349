package publisher

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/story"
)

// Saved searches (config searches:) are published like categories, under
// a slug of the same namespace: /feeds/{slug}.{ext} in every format of
// the table and, for a public one, the listing pages /c/{slug}. They hold
// the newest public stories that match, never partner-only ones; a
// partner-only saved search (public: false) is served to the partners
// granted its slug, like a partner-only category. They have no RFC 5005
// archive, cursor feed or WebSub topic: those follow a category's filing
// in the store, which a search does not have.

// errNoSearchPage is a saved search's listing page past its last story.
var errNoSearchPage = errors.New("publisher: no such page of the saved search")

// buildSearches runs every saved search and renders the feeds and first
// page of those whose results changed since old was rendered (all of
// them when always is set: after a reload, titles may have changed). It
// returns the slugs it rendered. A saved search costs one query of the
// index per rebuild, which is cheap next to rendering (docs/BENCHMARKS.md).
func (p *Publisher) buildSearches(ctx context.Context, old, next *snapshot, always bool) ([]string, error) {
	g := p.guard.Load()
	if g == nil || len(g.full.Searches) == 0 {
		next.searchSig = nil
		return nil, nil
	}
	public := p.config()
	size := maxItems(g.full)
	now := p.now().UTC()
	sigs := make(map[string]string, len(g.full.Searches))
	var changed []string
	for _, sv := range g.full.Searches {
		if _, ok := g.searches[sv.Slug]; !ok {
			continue
		}
		items, err := p.searchPublic(ctx, g, sv.Slug, 0, size+1)
		if err != nil {
			return nil, err
		}
		more := len(items) > size
		items = items[:min(len(items), size)]
		sigs[sv.Slug] = searchSignature(items, more)
		if !always && old.searchSig[sv.Slug] == sigs[sv.Slug] {
			continue
		}
		changed = append(changed, sv.Slug)
		cfg, prefix := public, ""
		if sv.Private {
			cfg, prefix = g.full, partnerKeyPrefix
		}
		if err := p.buildFeedsAt(cfg, sv.Slug, boundFeed(items), nil, old, next, prefix); err != nil {
			return nil, err
		}
		if sv.Private {
			continue
		}
		body, err := p.execute("list", p.searchListingData(cfg, sv.Slug, items, 1, more, now))
		if err != nil {
			return nil, err
		}
		key := "/c/" + sv.Slug
		e, err := p.newEntry(p.htmlSpec("category", body, newest(items), cfg), old.entries[key])
		if err != nil {
			return nil, err
		}
		next.entries[key] = e
		next.searchPages[sv.Slug] = true
	}
	next.searchSig = sigs
	return changed, nil
}

// searchPublic returns page [offset, offset+limit) of the public stories
// matching the saved search slug.
func (p *Publisher) searchPublic(ctx context.Context, g *guard, slug string, offset, limit int) ([]story.Item, error) {
	q := g.searches[slug]
	var keep func(*story.Item) bool
	if len(g.private) > 0 {
		keep = func(it *story.Item) bool { return visible(g.private, it) }
	}
	items, err := keepPages(func(offset, limit int) ([]story.Item, error) {
		return p.st.Search(ctx, q, offset, limit)
	}, keep, offset, limit)
	if err != nil {
		return nil, fmt.Errorf("publisher: saved search %s: %w", slug, err)
	}
	return items, nil
}

// searchSignature identifies what a saved search found: the stories and
// the versions of them, and whether there were more.
func searchSignature(items []story.Item, more bool) string {
	var b strings.Builder
	for i := range items {
		b.WriteString(items[i].ID)
		b.WriteByte('@')
		b.WriteString(strconv.FormatInt(modTime(&items[i]).UnixNano(), 36))
		b.WriteByte(' ')
	}
	if more {
		b.WriteString("+")
	}
	return b.String()
}

// searchListingData is page n of a saved search's listing. Its number of
// pages is not counted: the page links to the next when there is more.
func (p *Publisher) searchListingData(cfg *config.Config, slug string, items []story.Item, n int, more bool, now time.Time) pageData {
	pages := n
	if more && n < maxSearchPage {
		pages = n + 1
	}
	d := p.listingData(cfg, slug, items, n, pages, now)
	d.Pages = 0
	return d
}

// serveSavedSearchPage serves page n of a public saved search's listing:
// the first from the snapshot, the others rendered on first request.
func (p *Publisher) serveSavedSearchPage(w http.ResponseWriter, r *http.Request, s *snapshot, slug string, n int) {
	if n == 1 {
		if e := s.entries["/c/"+slug]; e != nil {
			p.serveEntry(w, r, e, "hit")
			return
		}
	}
	if n < 1 || n > maxSearchPage {
		p.serveNotFound(w, r, s)
		return
	}
	e, fresh, err := p.lazy.do(pageKey(slug, n), func() (*entry, error) {
		ctx, cancel := renderContext(r)
		defer cancel()
		return p.renderSavedSearchPage(ctx, slug, n)
	})
	switch {
	case errors.Is(err, errNoSearchPage):
		p.serveNotFound(w, r, s)
	case err != nil:
		p.serveError(w, r, err)
	default:
		p.serveEntry(w, r, e, cacheLabel(fresh))
	}
}

func (p *Publisher) renderSavedSearchPage(ctx context.Context, slug string, n int) (*entry, error) {
	g, cfg := p.guard.Load(), p.config()
	if _, ok := cfg.Search(slug); !ok || g == nil {
		return nil, errNoSearchPage
	}
	size := maxItems(cfg)
	items, err := p.searchPublic(ctx, g, slug, (n-1)*size, size+1)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, errNoSearchPage
	}
	more := len(items) > size
	items = items[:min(len(items), size)]
	body, err := p.execute("list", p.searchListingData(cfg, slug, items, n, more, p.now().UTC()))
	if err != nil {
		return nil, err
	}
	return p.newEntry(p.htmlSpec("category", body, newest(items), cfg), nil)
}
