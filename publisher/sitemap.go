package publisher

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/story"
)

// Paths of the files for crawlers.
const (
	sitemapNewsPath  = "/sitemap-news.xml"
	sitemapIndexPath = "/sitemap.xml"
	sitemapPagesPath = "/sitemap-pages.xml"
	ctXML            = "application/xml; charset=utf-8"
)

// Google News sitemaps list the stories of the last two days, at most
// 1,000 of them (developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap).
const (
	newsSitemapWindow = 48 * time.Hour
	newsSitemapMax    = 1000
)

const (
	nsSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"
	nsNews    = "http://www.google.com/schemas/sitemap-news/0.9"
)

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	Xmlns   string       `xml:"xmlns,attr"`
	News    string       `xml:"xmlns:news,attr,omitempty"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string    `xml:"loc"`
	LastMod string    `xml:"lastmod,omitempty"`
	News    *newsItem `xml:"news:news"`
}

type newsItem struct {
	Name     string `xml:"news:publication>news:name"`
	Language string `xml:"news:publication>news:language"`
	Date     string `xml:"news:publication_date"`
	Title    string `xml:"news:title"`
}

type sitemapIndex struct {
	XMLName  xml.Name `xml:"sitemapindex"`
	Xmlns    string   `xml:"xmlns,attr"`
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

func marshalSitemap(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("publisher: sitemap: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// newsLanguage is the publication language as the news sitemap wants it:
// an ISO 639 code, with zh-cn and zh-tw the only regional forms.
func newsLanguage(tag string) string {
	tag = strings.ToLower(strings.ReplaceAll(tag, "_", "-"))
	if tag == "zh-cn" || tag == "zh-tw" {
		return tag
	}
	lang, _, _ := strings.Cut(tag, "-")
	if lang == "" {
		return config.DefaultLanguage
	}
	return lang
}

// renderNewsSitemap renders /sitemap-news.xml: the public stories of the
// last 48 hours, newest first. It is rendered on first request after a
// change to the "all" category, not at every rebuild.
func (p *Publisher) renderNewsSitemap(ctx context.Context) (*entry, error) {
	cfg := p.config()
	now := p.now().UTC()
	items, err := p.latest(ctx, story.All, 0, newsSitemapMax)
	if err != nil {
		return nil, fmt.Errorf("publisher: news sitemap: %w", err)
	}
	doc := urlset{Xmlns: nsSitemap, News: nsNews, URLs: []sitemapURL{}}
	var last time.Time
	for i := range items {
		it := &items[i]
		t := storyTime(it)
		if now.Sub(t) > newsSitemapWindow || !it.WithdrawnAt.IsZero() || it.DuplicateOf != "" {
			continue
		}
		if m := modTime(it); m.After(last) {
			last = m
		}
		doc.URLs = append(doc.URLs, sitemapURL{
			Loc: baseURL(cfg) + "/a/" + it.ID,
			News: &newsItem{Name: cfg.Site.Title, Language: newsLanguage(cfg.Site.Language),
				Date: t.Format(time.RFC3339), Title: firstNonEmpty(it.Title, "(untitled)")},
		})
	}
	body, err := marshalSitemap(doc)
	if err != nil {
		return nil, err
	}
	return p.newEntry(entrySpec{route: "sitemap", ctype: ctXML, body: body, lastMod: last, maxAge: cfg.Publish.MaxAge}, nil)
}

// buildCrawlerFiles renders what depends on the configuration only: the
// sitemap index, the sitemap of the front and category pages, robots.txt
// and the favicon.
func (p *Publisher) buildCrawlerFiles(cfg *config.Config, old, next *snapshot) error {
	base := baseURL(cfg)
	var idx sitemapIndex
	idx.Xmlns = nsSitemap
	for _, path := range []string{sitemapNewsPath, sitemapPagesPath} {
		idx.Sitemaps = append(idx.Sitemaps, struct {
			Loc string `xml:"loc"`
		}{base + path})
	}
	pages := urlset{Xmlns: nsSitemap, URLs: []sitemapURL{{Loc: base + "/"}}}
	for _, slug := range feedSlugsOf(cfg) {
		pages.URLs = append(pages.URLs, sitemapURL{Loc: base + "/c/" + slug})
	}
	ico, err := faviconICO()
	if err != nil {
		return err
	}
	files := map[string]entrySpec{
		"/robots.txt": {ctype: "text/plain; charset=utf-8", body: []byte("# wiredesk: every page and feed may be crawled.\n" +
			"User-agent: *\nAllow: /\n\nSitemap: " + base + sitemapIndexPath + "\n")},
		"/favicon.svg": {ctype: "image/svg+xml", body: []byte(faviconSVG)},
		"/favicon.ico": {ctype: "image/x-icon", body: ico},
	}
	for path, v := range map[string]any{sitemapIndexPath: idx, sitemapPagesPath: pages} {
		body, err := marshalSitemap(v)
		if err != nil {
			return err
		}
		files[path] = entrySpec{ctype: ctXML, body: body}
	}
	for path, spec := range files {
		spec.route, spec.lastMod, spec.maxAge = "static", p.started, cfg.Publish.MaxAge
		e, err := p.newEntry(spec, old.entries[path])
		if err != nil {
			return err
		}
		next.entries[path] = e
	}
	return nil
}

// faviconSVG is the site icon: three lines of wire copy on the accent
// colour.
const faviconSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">` +
	`<rect width="32" height="32" rx="6" fill="#0645ad"/>` +
	`<path d="M7 10h18M7 16h18M7 22h11" stroke="#fff" stroke-width="3" stroke-linecap="round"/></svg>` + "\n"

// faviconICO is the same icon as /favicon.ico, which browsers ask for on
// their own: a 32×32 PNG inside an ICO container (one directory entry).
func faviconICO() ([]byte, error) {
	const n = 32
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	blue, white := color.NRGBA{0x06, 0x45, 0xad, 0xff}, color.NRGBA{0xff, 0xff, 0xff, 0xff}
	for y := range n {
		for x := range n {
			img.Set(x, y, blue)
		}
	}
	for _, line := range []struct{ y, x0, x1 int }{{9, 7, 25}, {15, 7, 25}, {21, 7, 18}} {
		for y := line.y; y < line.y+3; y++ {
			for x := line.x0; x < line.x1; x++ {
				img.Set(x, y, white)
			}
		}
	}
	var pngBuf bytes.Buffer
	if err := png.Encode(&pngBuf, img); err != nil {
		return nil, fmt.Errorf("publisher: favicon: %w", err)
	}
	var b bytes.Buffer
	for _, v := range []any{
		uint16(0), uint16(1), uint16(1), // reserved, type icon, one image
		uint8(n), uint8(n), uint8(0), uint8(0), uint16(1), uint16(32), // 32×32, no palette, 1 plane, 32 bpp
		uint32(pngBuf.Len()), uint32(6 + 16), // size and offset of the PNG
	} {
		if err := binary.Write(&b, binary.LittleEndian, v); err != nil {
			return nil, fmt.Errorf("publisher: favicon: %w", err)
		}
	}
	b.Write(pngBuf.Bytes())
	return b.Bytes(), nil
}
