package publisher

import (
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/internal/htmlkit"
	"github.com/wiredesk/wiredesk/internal/wirecopy"
	"github.com/wiredesk/wiredesk/story"
)

// pageData is what every HTML template receives.
type pageData struct {
	SiteTitle string
	Lang      string
	Title     string // <title> and <h1>
	Base      string // path prefix of every local link
	Nav       []link
	Feeds     []feedLink // autodiscovery and visible feed links
	Stories   []storyView
	Story     *storyView
	Prev      string
	Next      string
	Page      int
	Pages     int
	Message   string
	Version   string
	Share     *shareMeta // canonical, Open Graph, Twitter card, JSON-LD; nil for none
	Dir       string     // "ltr" or "rtl", the interface language's direction
	Query     string     // the search in the header's search box
	NoIndex   bool       // ask search engines not to index the page
	Search    *searchView
	loc       locale
	// Home is the public site's origin (scheme://host) on a page served
	// elsewhere, the operator listener: its links to the site's pages then
	// reach the site, and it loads no time.js, which that listener does
	// not serve (the status page's times are relative already). "" on the
	// site's own pages.
	Home string
}

// T is the page's interface string key in the site's language.
func (d pageData) T(key string, args ...any) string { return d.loc.T(key, args...) }

// PageOf is "Page N of M" in the site's language, "Page N" when the
// number of pages is unknown. Numbers go in as text,
// in the same digits as dates and URLs.
func (d pageData) PageOf() string {
	if d.Pages == 0 { // a search: the number of pages is not counted
		return d.T("Page %s", strconv.Itoa(d.Page))
	}
	return d.T("Page %s of %s", strconv.Itoa(d.Page), strconv.Itoa(d.Pages))
}

// link is a local navigation link.
type link struct {
	Title   string
	URL     string
	Current bool
}

// feedLink is one feed of the page's category, for <link rel="alternate">.
type feedLink struct {
	// Type is the whole type="…" attribute, trusted (it is a media type
	// of the format table) so that html/template does not write "+" as "&#43;",
	// which naive autodiscovery scanners would miss.
	Type  template.HTMLAttr
	Title string
	URL   string
	Label string
}

// storyView is one story as the templates show it.
type storyView struct {
	ID       string
	URL      string // local page
	Title    string
	Link     string // upstream story
	Agency   string
	Byline   string
	ImageURL string
	// ImageAlt is the image's text alternative: its caption, else the
	// headline. ImageCaption and ImageCredit are shown under it.
	ImageAlt, ImageCaption, ImageCredit string
	Time                                string // RFC 3339, for <time datetime>
	// Date is the absolute time readers see ("4 Dec 2026, 19:19 UTC"):
	// pages are rendered once and cached or exported, so they carry no
	// relative time; static/time.js adds one when the page is read.
	Date    string
	Excerpt string
	// TitleHTML and Snippet are the title and an excerpt with a search's
	// words marked (search results only), escaped by highlighter.mark.
	TitleHTML  template.HTML
	Snippet    template.HTML
	Content    template.HTML
	Categories []link
	Also       []story.Carrier
	Withdrawn  string
}

// siteData fills the parts of pageData shared by every page.
func (p *Publisher) siteData(cfg *config.Config, current string) pageData {
	d := pageData{
		SiteTitle: cfg.Site.Title,
		Lang:      cfg.Site.Language,
		Base:      basePath(cfg),
		Version:   p.opt.Version,
		loc:       localeFor(cfg.Site.Language),
	}
	d.Dir = d.loc.Dir()
	d.Nav = append(d.Nav, link{Title: d.T("All stories"), URL: d.Base + "/c/" + story.All, Current: current == story.All})
	for _, c := range cfg.Categories {
		d.Nav = append(d.Nav, link{Title: c.Title, URL: d.Base + "/c/" + c.Slug, Current: current == c.Slug})
	}
	slug := current
	_, isSearch := cfg.Search(slug)
	if _, ok := cfg.Category(slug); !ok && !isSearch {
		slug = story.All
	}
	d.Feeds = p.feedLinks(cfg, slug)
	return d
}

// feedLinks are the feeds of one category in the formats pages advertise
// (Format.Discover), absolute as feed readers want them.
func (p *Publisher) feedLinks(cfg *config.Config, slug string) []feedLink {
	title := categoryTitle(cfg, slug)
	base := baseURL(cfg) + "/feeds/" + slug
	var out []feedLink
	for _, f := range p.formats {
		if f.Discover {
			// The media type is a constant of the table, never input.
			out = append(out, feedLink{Type: template.HTMLAttr(`type="` + f.MIME + `"`), // #nosec G203
				Title: title + " (" + f.Label + ")", URL: base + "." + f.Ext, Label: f.Label})
		}
	}
	return out
}

// categoryTitle is a category's (or saved search's) human title; "All
// stories" for all.
func categoryTitle(cfg *config.Config, slug string) string {
	if c, ok := cfg.Category(slug); ok {
		return c.Title
	}
	if s, ok := cfg.Search(slug); ok {
		return s.Title
	}
	if slug == story.All {
		return localeFor(cfg.Site.Language).T("All stories")
	}
	return slug
}

// storyViewOf prepares one story for a template at render time now.
func (p *Publisher) storyViewOf(cfg *config.Config, it *story.Item, now time.Time, full bool) storyView {
	base := basePath(cfg)
	t := storyTime(it)
	v := storyView{
		ID:       it.ID,
		URL:      base + "/a/" + it.ID,
		Title:    it.Title,
		Link:     it.Link,
		Agency:   it.Agency,
		Byline:   cfg.Site.Byline,
		ImageURL: it.ImageURL,
		Time:     t.Format(time.RFC3339),
		Date:     localeFor(cfg.Site.Language).Date(t),
	}
	if v.Title == "" {
		v.Title = "(untitled)"
	}
	if v.Agency == "" {
		v.Agency = it.SourceTitle
	}
	for _, slug := range it.Categories {
		if c, ok := cfg.Category(slug); ok {
			v.Categories = append(v.Categories, link{Title: c.Title, URL: base + "/c/" + c.Slug})
		}
	}
	if !full {
		v.Excerpt = excerpt(wirecopy.Clean(firstNonEmpty(it.SummaryHTML, it.ContentHTML), it.Agency), 280)
		return v
	}
	// The aggregator sanitized this HTML before storing it (DESIGN.md
	// invariants), so it is trusted here. The agency's own marks leave the
	// republished copy; the stored story keeps them.
	v.Content = template.HTML(wirecopy.Clean(firstNonEmpty(it.ContentHTML, it.SummaryHTML), it.Agency)) // #nosec G203
	v.Also = it.Also
	if v.ImageURL != "" {
		v.ImageCaption, v.ImageCredit = it.ImageCaption, it.ImageCredit
		v.ImageAlt = firstNonEmpty(it.ImageCaption, v.Title)
	}
	return v
}

func firstNonEmpty(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}

// excerpt is the visible text of an HTML fragment, cut at a word boundary.
// Only the fragment's head is read: a long story's excerpt needs no more
// than a few bytes of markup for each rune it shows.
func excerpt(fragment string, limit int) string {
	if head := limit * 8; len(fragment) > head {
		if lt := strings.LastIndexByte(fragment[:head], '<'); lt > 0 {
			head = lt
		}
		fragment = strings.ToValidUTF8(fragment[:head], "")
	}
	return cut(htmlkit.PlainText(fragment), limit)
}

// cut shortens s to at most limit runes, at a word boundary when one is near.
func cut(s string, limit int) string {
	r := []rune(s)
	if len(r) <= limit {
		return s
	}
	t := string(r[:limit])
	if i := strings.LastIndexByte(t, ' '); i > len(t)/2 {
		t = t[:i]
	}
	return t + "…"
}
