package publisher

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/story"
)

// listingHTML renders page n of a category's story list.
func (p *Publisher) listingHTML(cfg *config.Config, slug string, items []story.Item, n, pages int, now time.Time) ([]byte, error) {
	return p.execute("list", p.listingData(cfg, slug, items, n, pages, now))
}

// listingData is page n of pages of a category's (or a saved search's)
// story list, for the list template.
func (p *Publisher) listingData(cfg *config.Config, slug string, items []story.Item, n, pages int, now time.Time) pageData {
	d := p.siteData(cfg, slug)
	d.Title = categoryTitle(cfg, slug)
	if n > 1 {
		d.Title = d.T("%s — page %s", d.Title, strconv.Itoa(n))
	}
	d.Page, d.Pages = n, pages
	d.Stories = p.storyViews(cfg, items, now)
	path := "/c/" + slug
	if n > 1 {
		path = pageKey(slug, n)
	}
	d.Share = listingShare(cfg, path, d.Title+" — "+cfg.Site.Title, d.T("Latest %s stories from %s", categoryTitle(cfg, slug), cfg.Site.Title))
	switch {
	case n == 2:
		d.Prev = d.Base + "/c/" + slug
	case n > 2:
		d.Prev = d.Base + pageKey(slug, n-1)
	}
	if n < pages {
		d.Next = d.Base + pageKey(slug, n+1)
	}
	return d
}

func (p *Publisher) storyViews(cfg *config.Config, items []story.Item, now time.Time) []storyView {
	v := make([]storyView, len(items))
	for i := range items {
		v[i] = p.storyViewOf(cfg, &items[i], now, false)
	}
	return v
}

// buildFront renders the front page: the latest stories of every category.
func (p *Publisher) buildFront(cfg *config.Config, items []story.Item, pages int, now time.Time, old, next *snapshot) error {
	d := p.siteData(cfg, "")
	d.Stories = p.storyViews(cfg, items, now)
	d.Share = listingShare(cfg, "/", cfg.Site.Title, d.T("Latest stories from %s", cfg.Site.Title))
	if pages > 1 {
		d.Page, d.Pages = 1, pages
		d.Next = d.Base + pageKey(story.All, 2)
	}
	body, err := p.execute("list", d)
	if err != nil {
		return err
	}
	e, err := p.newEntry(p.htmlSpec("front", body, newest(items), cfg), old.entries["/"])
	if err != nil {
		return err
	}
	next.entries["/"] = e
	return nil
}

// buildSiteWide renders what depends on the configuration only: the 404
// page, the stylesheet and the OPML.
func (p *Publisher) buildSiteWide(cfg *config.Config, old, next *snapshot) error {
	d := p.siteData(cfg, "")
	d.Title = d.T("Not found")
	d.Message = d.T("There is no such story or category here. These are the categories this site publishes:")
	body, err := p.execute("message", d)
	if err != nil {
		return err
	}
	spec := p.htmlSpec("notfound", body, p.started, cfg)
	spec.status = http.StatusNotFound
	if next.notFound, err = p.newEntry(spec, old.notFound); err != nil {
		return err
	}
	css, err := assets.ReadFile("static/style.css")
	if err != nil {
		return fmt.Errorf("publisher: stylesheet: %w", err)
	}
	if next.entries["/static/style.css"], err = p.newEntry(entrySpec{
		route: "static", ctype: ctCSS, body: css, lastMod: p.started, maxAge: cfg.Publish.MaxAge,
	}, old.entries["/static/style.css"]); err != nil {
		return err
	}
	js, err := assets.ReadFile("static/time.js")
	if err != nil {
		return fmt.Errorf("publisher: script: %w", err)
	}
	if next.entries["/static/time.js"], err = p.newEntry(entrySpec{
		route: "static", ctype: ctJS, body: js, lastMod: p.started, maxAge: cfg.Publish.MaxAge,
	}, old.entries["/static/time.js"]); err != nil {
		return err
	}
	start := time.Now()
	opml, err := p.opml(cfg)
	if err != nil {
		return err
	}
	e, err := p.newEntry(entrySpec{
		route: "opml", ctype: ctOPML, body: opml, lastMod: p.started, maxAge: cfg.Publish.MaxAge, cors: true,
	}, old.entries["/opml"])
	if err != nil {
		return err
	}
	p.met.observe("opml", start)
	next.entries["/opml"] = e
	next.entries["/opml.xml"] = e
	if err := p.buildCrawlerFiles(cfg, old, next); err != nil {
		return err
	}
	return nil
}

// renderListingPage renders page n > 1 of a category on first request.
func (p *Publisher) renderListingPage(ctx context.Context, slug string, n, pages int) (*entry, error) {
	cfg := p.config()
	size := maxItems(cfg)
	items, err := p.latest(ctx, slug, (n-1)*size, size)
	if err != nil {
		return nil, fmt.Errorf("publisher: latest %s page %d: %w", slug, n, err)
	}
	body, err := p.listingHTML(cfg, slug, items, n, pages, p.now().UTC())
	if err != nil {
		return nil, err
	}
	return p.newEntry(p.htmlSpec("category", body, newest(items), cfg), nil)
}

// renderStory renders /a/{id} on first request: the story page, a 301 for
// a duplicate (to the story it was merged into) or a 410 for a withdrawn
// story.
func (p *Publisher) renderStory(ctx context.Context, id string) (*entry, error) {
	return p.renderStoryAs(ctx, id, p.config(), p.privateSlugs())
}

// renderStoryAs renders a story page with cfg; a story filed only under
// the private categories is errPartnerOnly (a store.ErrNotFound).
func (p *Publisher) renderStoryAs(ctx context.Context, id string, cfg *config.Config, private map[string]bool) (*entry, error) {
	it, err := p.st.Item(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("publisher: story %s: %w", id, err)
	}
	if !visible(private, &it) {
		return nil, fmt.Errorf("publisher: story %s: %w", id, errPartnerOnly)
	}
	now := p.now().UTC()
	current := story.All
	for _, c := range it.Categories {
		if _, ok := cfg.Category(c); ok {
			current = c
			break
		}
	}
	d := p.siteData(cfg, current)
	for i := range d.Nav {
		d.Nav[i].Current = false
	}
	switch {
	case it.DuplicateOf != "" && it.DuplicateOf != it.ID && validID(it.DuplicateOf):
		target := d.Base + "/a/" + it.DuplicateOf
		d.Title = d.T("Moved")
		d.Message = d.T("This story was merged into another report of the same news.")
		d.Next = target
		body, err := p.execute("message", d)
		if err != nil {
			return nil, err
		}
		spec := p.htmlSpec("story", body, modTime(&it), cfg)
		spec.status, spec.location, spec.cats = http.StatusMovedPermanently, target, it.Categories
		return p.newEntry(spec, nil)
	case !it.WithdrawnAt.IsZero():
		// The reason stays in the editorial log: it is the operator's
		// note ("legal request"), not something to publish.
		d.Title = d.T("Withdrawn")
		d.Message = d.T("This story has been withdrawn.")
		body, err := p.execute("message", d)
		if err != nil {
			return nil, err
		}
		spec := p.htmlSpec("story", body, it.WithdrawnAt, cfg)
		spec.status, spec.cats = http.StatusGone, it.Categories
		return p.newEntry(spec, nil)
	}
	v := p.storyViewOf(cfg, &it, now, true)
	d.Title = v.Title
	d.Story = &v
	d.Share = storyShare(cfg, &it, &v)
	body, err := p.execute("story", d)
	if err != nil {
		return nil, err
	}
	spec := p.htmlSpec("story", body, modTime(&it), cfg)
	spec.cats = it.Categories
	return p.newEntry(spec, nil)
}
