package publisher

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/story"
)

//go:embed templates/*.html static/style.css static/time.js
var assets embed.FS

// parseTemplates parses the embedded templates; they are part of the
// binary, so a parse error is a build defect and panics at New.
func parseTemplates() *template.Template {
	return template.Must(template.New("pages").Funcs(template.FuncMap{
		"when":       when,
		"stateClass": func(s string) string { return strings.ReplaceAll(s, " ", "-") },
	}).Funcs(statusFuncs).ParseFS(assets, "templates/*.html"))
}

// when formats an optional instant for the status page.
func when(v any) string {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x != nil {
			t = *x
		}
	}
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format(time.RFC3339)
}

// RebuildAll renders every category, "all", the front page, the 404 page,
// the stylesheet and the OPML from scratch, and swaps them in at once. On
// error the previous snapshot stays in service.
func (p *Publisher) RebuildAll(ctx context.Context) error {
	p.renderMu.Lock()
	defer p.renderMu.Unlock()
	return p.rebuildAll(ctx)
}

// Reconfigure switches to a reloaded configuration and renders everything
// for it, under the render lock: no incremental Rebuild can run between
// the switch and the full render, so no snapshot ever serves a saved
// search or category of the new configuration beside the old OPML,
// navigation or sitemaps. On a render error the configuration is switched
// but the previous snapshot stays in service, and the error is returned.
func (p *Publisher) Reconfigure(ctx context.Context, cfg *config.Config) error {
	p.renderMu.Lock()
	defer p.renderMu.Unlock()
	p.setConfig(cfg)
	return p.rebuildAll(ctx)
}

// rebuildAll is RebuildAll with the render lock held.
func (p *Publisher) rebuildAll(ctx context.Context) error {
	cfg := p.config()
	old := p.snap.Load()
	if old == nil {
		old = &snapshot{}
	}
	next := &snapshot{
		entries:     make(map[string]*entry),
		pages:       make(map[string]int),
		feedIDs:     make(map[string][]string),
		basePath:    basePath(cfg),
		searchPages: make(map[string]bool),
	}
	slugs := []string{story.All}
	for _, c := range cfg.Categories {
		slugs = append(slugs, c.Slug)
	}
	if err := p.buildCategories(ctx, cfg, slugs, old, next); err != nil {
		return err
	}
	if err := p.buildSiteWide(cfg, old, next); err != nil {
		return err
	}
	if err := p.buildPrivate(ctx, nil, old, next); err != nil {
		return err
	}
	if _, err := p.buildSearches(ctx, old, next, true); err != nil {
		return err
	}
	p.snap.Store(next)
	// Navigation and titles are on every page: drop all lazy pages.
	p.lazy.invalidate(func(string, *entry) bool { return true })
	return nil
}

// Rebuild re-renders the given categories, "all" and the front page, after
// the store reported that their content changed. Unknown slugs are ignored.
func (p *Publisher) Rebuild(ctx context.Context, categories []string) error {
	if p.snap.Load() == nil {
		return p.RebuildAll(ctx)
	}
	p.renderMu.Lock()
	defer p.renderMu.Unlock()
	cfg := p.config()
	old := p.snap.Load()
	next := old.clone()
	slugs := []string{story.All}
	seen := map[string]bool{story.All: true}
	for _, s := range categories {
		if _, ok := cfg.Category(s); ok && !seen[s] {
			seen[s] = true
			slugs = append(slugs, s)
		}
	}
	if err := p.buildCategories(ctx, cfg, slugs, old, next); err != nil {
		return err
	}
	if err := p.buildPrivate(ctx, categories, old, next); err != nil {
		return err
	}
	changed, err := p.buildSearches(ctx, old, next, false)
	if err != nil {
		return err
	}
	p.snap.Store(next)
	p.invalidateCategories(append(slugs, changed...))
	return nil
}

// buildCategories renders the feeds and first listing page of each slug
// into next; the "all" slug also yields the front page.
func (p *Publisher) buildCategories(ctx context.Context, cfg *config.Config, slugs []string, old, next *snapshot) error {
	now := p.now().UTC()
	for _, slug := range slugs {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("publisher: rebuild: %w", err)
		}
		// A feed and a listing page hold the same publish.max_items stories.
		items, err := p.latest(ctx, slug, 0, maxItems(cfg))
		if err != nil {
			return fmt.Errorf("publisher: latest %s: %w", slug, err)
		}
		count, err := p.publicCount(ctx, slug)
		if err != nil {
			return err
		}
		tombs, err := p.tombstones(ctx, slug, p.privateSlugs())
		if err != nil {
			return err
		}
		if err := p.buildFeedsAt(cfg, slug, boundFeed(items), tombs, old, next, ""); err != nil {
			return err
		}
		size := maxItems(cfg)
		pages := max((count+size-1)/size, 1)
		first := items
		body, err := p.listingHTML(cfg, slug, first, 1, pages, now)
		if err != nil {
			return err
		}
		key := "/c/" + slug
		e, err := p.newEntry(p.htmlSpec("category", body, newest(first), cfg), old.entries[key])
		if err != nil {
			return err
		}
		next.entries[key] = e
		next.pages[slug] = pages
		if slug == story.All {
			if err := p.buildFront(cfg, first, pages, now, old, next); err != nil {
				return err
			}
		}
	}
	return nil
}

// buildFeedsAt renders a category's feed in every format of the table
// under prefix+"/feeds/": public ones with no prefix, partner-only ones
// with partnerKeyPrefix. tombs are its recently withdrawn stories.
func (p *Publisher) buildFeedsAt(cfg *config.Config, slug string, items []story.Item, tombs []story.Tombstone, old, next *snapshot, prefix string) error {
	ch := p.channel(cfg, slug, items)
	ch.Tombstones = tombs
	_, search := cfg.Search(slug) // no archive, cursor or WebSub topic
	for _, f := range p.formats {
		start := time.Now()
		doc := ch
		if !search {
			doc = p.withPrevArchive(cfg, ch, items, f, prefix)
		}
		body, err := f.Render(doc, items)
		if err != nil {
			return fmt.Errorf("publisher: render %s.%s: %w", slug, f.Ext, err)
		}
		key := prefix + "/feeds/" + slug + "." + f.Ext
		hub := ""
		if !search {
			hub = p.hubLink(cfg, slug, "."+f.Ext)
		}
		e, err := p.newEntry(entrySpec{
			route: "feed", ctype: f.MIME + charsetUTF8, body: body, lastMod: newest(items),
			maxAge: cfg.Publish.MaxAge, cors: prefix == "", link: hub,
			varyAuth: prefix == "" && slug == story.All && len(p.privateSlugs()) > 0,
		}, old.entries[key])
		if err != nil {
			return err
		}
		p.met.observe(f.Ext, start)
		next.entries[key] = e
	}
	if prefix != "" {
		return nil // partner-only stories are not exported
	}
	ids := make([]string, len(items))
	for i := range items {
		ids[i] = items[i].ID
	}
	next.feedIDs[slug] = ids
	return nil
}

// channel describes one category's feed to the feed renderers.
func (p *Publisher) channel(cfg *config.Config, slug string, items []story.Item) Channel {
	loc := localeFor(cfg.Site.Language)
	ch := Channel{
		Slug:        slug,
		BaseURL:     baseURL(cfg),
		Language:    cfg.Site.Language,
		Generator:   strings.TrimSpace("wiredesk " + p.opt.Version),
		Byline:      cfg.Site.Byline,
		Updated:     newest(items),
		Title:       cfg.Site.Title + " — " + loc.T("All stories"),
		Description: loc.T("Latest stories from %s", cfg.Site.Title),
		Hub:         p.opt.HubURL,
	}
	ch.CategoryTitles = make(map[string]string, len(cfg.Categories))
	for _, c := range cfg.Categories {
		ch.CategoryTitles[c.Slug] = c.Title
	}
	// cfg is the public view for public feeds: the partner-only categories
	// it lacks are hidden; a partner's feed (the full config) hides none.
	for slug := range p.privateSlugs() {
		if _, ok := cfg.Category(slug); !ok {
			if ch.Hidden == nil {
				ch.Hidden = map[string]bool{}
			}
			ch.Hidden[slug] = true
		}
	}
	if c, ok := cfg.Category(slug); ok {
		ch.NoPage = c.Private
		ch.Title = cfg.Site.Title + " — " + c.Title
		ch.Description = loc.T("Latest %s stories from %s", c.Title, cfg.Site.Title)
	}
	if sv, ok := cfg.Search(slug); ok {
		ch.NoPage = sv.Private
		ch.Title = cfg.Site.Title + " — " + sv.Title
		ch.Description = loc.T("Stories from %s matching %s", cfg.Site.Title, sv.Query)
		ch.Hub = "" // saved searches are not WebSub topics
	}
	// An empty feed keeps the zero Updated, which package feed renders as
	// the epoch: its bytes, and so its ETag, then survive restarts.
	return ch
}

// boundFeed returns the newest stories of items whose title, summary and
// content together stay under MaxFeedStoryBytes, at least one.
func boundFeed(items []story.Item) []story.Item {
	total := 0
	for i := range items {
		total += len(items[i].Title) + len(items[i].SummaryHTML) + len(items[i].ContentHTML)
		if total > MaxFeedStoryBytes && i > 0 {
			return items[:i]
		}
	}
	return items
}

// maxItems is publish.max_items, the stories in a feed and on one listing
// page, defaulted for a Config built in code.
func maxItems(cfg *config.Config) int {
	if cfg.Publish.MaxItems > 0 {
		return cfg.Publish.MaxItems
	}
	return config.DefaultMaxItems
}

// newest is the latest change time among items (zero when there are none).
func newest(items []story.Item) time.Time {
	var t time.Time
	for i := range items {
		if m := modTime(&items[i]); m.After(t) {
			t = m
		}
	}
	return t
}

func (p *Publisher) htmlSpec(route string, body []byte, lastMod time.Time, cfg *config.Config) entrySpec {
	return entrySpec{route: route, ctype: ctHTML, body: body, lastMod: lastMod, maxAge: cfg.Publish.MaxAge, html: true}
}

// execute renders one named template.
func (p *Publisher) execute(name string, d pageData) ([]byte, error) {
	start := time.Now()
	var buf bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&buf, name, d); err != nil {
		return nil, fmt.Errorf("publisher: template %s: %w", name, err)
	}
	p.met.observe("html", start)
	return buf.Bytes(), nil
}
