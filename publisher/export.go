package publisher

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/wiredesk/wiredesk/internal/atomicfile"
)

// Export writes the published site as static files under dir, byte for
// byte what Handler serves (HTML pages also carry the
// Content-Security-Policy header's policy as a meta element, since a
// static host sends no such header): feeds/{slug}.{ext} in every format, c/{slug}/index.html
// and c/{slug}/page/{n}/index.html, a/{id}/index.html for every story in
// any feed, index.html, opml.xml, static/style.css, static/time.js,
// 404.html, robots.txt, the sitemaps (sitemap.xml, sitemap-news.xml,
// sitemap-pages.xml) and the favicons. Each file
// is replaced atomically, so a web server reading dir never sees half a
// file. A story page left by an earlier export is refreshed: a story
// withdrawn since becomes its 410 page, one no longer stored is removed.
// It renders first if nothing has been rendered yet.
func (p *Publisher) Export(ctx context.Context, dir string) error {
	if p.snap.Load() == nil {
		if err := p.RebuildAll(ctx); err != nil {
			return err
		}
	}
	s := p.snap.Load()
	files := make(map[string]*entry)
	for key, e := range s.entries {
		if name, ok := exportName(key); ok && e.status == http.StatusOK {
			files[name] = e
		}
	}
	if s.notFound != nil {
		files["404.html"] = s.notFound
	}
	for slug, pages := range s.pages {
		if !validID(slug) {
			continue
		}
		for n := 2; n <= pages; n++ {
			e, _, err := p.lazy.do(pageKey(slug, n), func() (*entry, error) {
				return p.renderListingPage(ctx, slug, n, pages)
			})
			if err != nil {
				return fmt.Errorf("publisher: export %s page %d: %w", slug, n, err)
			}
			files[filepath.Join("c", slug, "page", strconv.Itoa(n), "index.html")] = e
		}
	}
	news, _, err := p.lazy.do(sitemapNewsPath, func() (*entry, error) { return p.renderNewsSitemap(ctx) })
	if err != nil {
		return fmt.Errorf("publisher: export news sitemap: %w", err)
	}
	files[strings.TrimPrefix(sitemapNewsPath, "/")] = news
	if err := p.exportArchives(ctx, s, files); err != nil {
		return err
	}
	for _, id := range storyIDs(s) {
		e, _, err := p.lazy.do("/a/"+id, func() (*entry, error) { return p.renderStory(ctx, id) })
		switch {
		case err != nil && p.opt.IsNotFound(err):
			continue // pruned since the feeds were rendered
		case err != nil:
			return fmt.Errorf("publisher: export story %s: %w", id, err)
		case e.status == http.StatusOK:
			files[filepath.Join("a", id, "index.html")] = e
		}
	}
	stale, err := p.staleStories(ctx, dir, files)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("publisher: export: %w", err)
		}
		body := files[name].body
		if files[name].html {
			body = withMetaCSP(body)
		}
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("publisher: export: %w", err)
		}
		if err := atomicfile.Write(path, body); err != nil {
			return fmt.Errorf("publisher: export: %w", err)
		}
	}
	for _, name := range stale {
		for _, n := range []string{name, filepath.Dir(name)} { // the page, then its folder
			if err := os.Remove(filepath.Join(dir, n)); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("publisher: export: remove %s: %w", n, err)
			}
		}
	}
	return nil
}

// staleStories looks at the story pages a previous export left under dir
// that this one did not render: a story withdrawn since gets its 410 page
// in files (a static host cannot send the status, so the stub says it), a
// story still stored keeps a fresh page, and the page of a story no longer
// stored is returned for removal. Without this, a withdrawn story stayed
// online in the export.
func (p *Publisher) staleStories(ctx context.Context, dir string, files map[string]*entry) ([]string, error) {
	dirs, err := os.ReadDir(filepath.Join(dir, "a"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("publisher: export: %w", err)
	}
	var stale []string
	for _, d := range dirs {
		name := filepath.Join("a", d.Name(), "index.html")
		if !d.IsDir() || !validID(d.Name()) || files[name] != nil {
			continue
		}
		id := d.Name()
		e, _, err := p.lazy.do("/a/"+id, func() (*entry, error) { return p.renderStory(ctx, id) })
		switch {
		case err != nil && p.opt.IsNotFound(err):
			stale = append(stale, name)
		case err != nil:
			return nil, fmt.Errorf("publisher: export story %s: %w", id, err)
		case e.status == http.StatusOK || e.status == http.StatusGone:
			files[name] = e
		default: // merged into another story: its page moved
			stale = append(stale, name)
		}
	}
	return stale, nil
}

// metaCSP is cspPolicy for a static page, where no header carries it.
// frame-ancestors is left out: browsers ignore it in a meta element (CSP 3
// §6.1), and say so in the console.
var metaCSP = []byte(`<meta http-equiv="Content-Security-Policy" content="` +
	strings.TrimSuffix(cspPolicy, "; frame-ancestors 'none'") + `">`)

// withMetaCSP puts metaCSP right after the page's <meta charset>, before
// anything the policy governs.
func withMetaCSP(body []byte) []byte {
	const anchor = `<meta charset="utf-8">`
	i := bytes.Index(body, []byte(anchor))
	if i < 0 {
		return body
	}
	i += len(anchor)
	out := make([]byte, 0, len(body)+len(metaCSP)+1)
	out = append(out, body[:i]...)
	out = append(out, '\n')
	out = append(out, metaCSP...)
	return append(out, body[i:]...)
}

// exportName maps a snapshot key to its file under the export directory.
func exportName(key string) (string, bool) {
	switch key {
	case "/":
		return "index.html", true
	case "/opml":
		return "", false // the same entry is exported as opml.xml
	}
	rest := strings.TrimPrefix(key, "/")
	if slug, ok := strings.CutPrefix(rest, "c/"); ok {
		if !validID(slug) {
			return "", false
		}
		return filepath.Join("c", slug, "index.html"), true
	}
	for _, part := range strings.Split(rest, "/") {
		if !validID(part) {
			return "", false
		}
	}
	return filepath.FromSlash(rest), true
}

// storyIDs is every story in any feed, once, in a stable order.
func storyIDs(s *snapshot) []string {
	seen := make(map[string]bool)
	var ids []string
	for _, list := range s.feedIDs {
		for _, id := range list {
			if !seen[id] && validID(id) {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	sort.Strings(ids)
	return ids
}
