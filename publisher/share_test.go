package publisher

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"image/png"
	"strings"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"
)

// headOf returns the <meta> (by name or property) and <link> (by rel) of
// a page's head, and the text of its JSON-LD block.
func headOf(t *testing.T, body string) (meta, links map[string]string, ld string) {
	t.Helper()
	doc, err := xhtml.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	meta, links = map[string]string{}, map[string]string{}
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			a := map[string]string{}
			for _, at := range n.Attr {
				a[at.Key] = at.Val
			}
			switch n.Data {
			case "meta":
				meta[a["name"]+a["property"]] = a["content"]
			case "link":
				links[a["rel"]] = a["href"]
			case "script":
				if a["type"] == "application/ld+json" && n.FirstChild != nil {
					ld = n.FirstChild.Data
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return meta, links, ld
}

// TestStoryShareMetadata: a story page names its canonical URL, carries
// Open Graph and Twitter card tags, and schema.org NewsArticle JSON-LD
// with the fields Google's article structured data asks for.
func TestStoryShareMetadata(t *testing.T) {
	evil := testStory(0, "world")
	evil.Title = `Talks resume </script><script>alert(1)</script> "quoted"`
	f := newFixture(t, evil, testStory(1, "energy"))
	_, body := f.get("/a/s0000")
	meta, links, ld := headOf(t, body)
	want := map[string]string{
		"og:type": "article", "og:url": "http://wire.test/a/s0000", "og:title": evil.Title, "og:site_name": "Wire Desk",
		"og:image": "https://img.example.org/0.jpg", "twitter:card": "summary_large_image", "twitter:image": "https://img.example.org/0.jpg",
		"article:published_time": "2026-03-14T11:53:00Z", "description": "Officials said on Friday that talks would continue & widen.",
	}
	for k, v := range want {
		if meta[k] != v {
			t.Errorf("meta %s = %q, want %q", k, meta[k], v)
		}
	}
	if links["canonical"] != "http://wire.test/a/s0000" || links["icon"] != "/favicon.svg" {
		t.Errorf("links %v", links)
	}
	var art struct {
		Context, Type, Headline, URL, DatePublished, DateModified, MainEntityOfPage string
		Image                                                                       []string
		Author                                                                      []struct{ Type, Name string }
		Publisher                                                                   struct{ Type, Name string }
		SourceOrganization                                                          struct{ Name string }
	}
	if err := json.Unmarshal([]byte(strings.NewReplacer(`"@context"`, `"Context"`, `"@type"`, `"Type"`).Replace(ld)), &art); err != nil {
		t.Fatalf("JSON-LD: %v\n%s", err, ld)
	}
	if art.Context != "https://schema.org" || art.Type != "NewsArticle" || art.Headline != evil.Title ||
		art.URL != "http://wire.test/a/s0000" || art.MainEntityOfPage != art.URL ||
		len(art.Image) != 1 || art.Image[0] != "https://img.example.org/0.jpg" ||
		len(art.Author) != 1 || art.Author[0].Name != "Staff, Agencies" || art.Author[0].Type != "Organization" ||
		art.Publisher.Name != "Wire Desk" || art.SourceOrganization.Name != "Example Press" {
		t.Errorf("JSON-LD %+v", art)
	}
	for _, d := range []string{art.DatePublished, art.DateModified} {
		if _, err := time.Parse(time.RFC3339, d); err != nil {
			t.Errorf("JSON-LD date %q: %v", d, err)
		}
	}
	if strings.Contains(ld, "</script") || strings.Count(withoutSiteScript(body), "<script") != 1 {
		t.Errorf("the title escaped the JSON-LD block:\n%s", ld)
	}

	_, body = f.get("/c/energy")
	meta, links, ld = headOf(t, body)
	if links["canonical"] != "http://wire.test/c/energy" || meta["og:type"] != "website" || meta["twitter:card"] != "summary" || ld != "" {
		t.Errorf("category page: meta %v links %v ld %q", meta, links, ld)
	}
	if _, body = f.get("/"); !strings.Contains(body, `<link rel="canonical" href="http://wire.test/">`) {
		t.Error("front page lacks its canonical link")
	}
}

// TestNewsSitemap: /sitemap-news.xml lists the stories of the last 48
// hours in Google's news sitemap format, and is rendered again after a
// change.
func TestNewsSitemap(t *testing.T) {
	old := testStory(2, "world")
	old.ID, old.Link, old.Key = "s-old", "https://example.org/old", "old"
	old.PublishedAt = t0.Add(-72 * time.Hour)
	f := newFixture(t, testStory(0, "world"), testStory(1, "energy"), old)
	parse := func() []string {
		t.Helper()
		resp, body := f.get("/sitemap-news.xml")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/xml; charset=utf-8" {
			t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		var doc struct {
			XMLName xml.Name
			URLs    []struct {
				Loc  string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
				News struct {
					Name  string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication>name"`
					Lang  string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication>language"`
					Date  string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication_date"`
					Title string `xml:"http://www.google.com/schemas/sitemap-news/0.9 title"`
				} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
			} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
		}
		if err := xml.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatalf("%v\n%s", err, body)
		}
		if doc.XMLName.Space != nsSitemap || doc.XMLName.Local != "urlset" {
			t.Fatalf("root %v", doc.XMLName)
		}
		var locs []string
		for _, u := range doc.URLs {
			d, err := time.Parse(time.RFC3339, u.News.Date)
			if err != nil || t0.Sub(d) > 48*time.Hour || u.News.Name != "Wire Desk" || u.News.Lang != "en" || u.News.Title == "" {
				t.Errorf("url %+v (%v)", u, err)
			}
			locs = append(locs, u.Loc)
		}
		return locs
	}
	if got := parse(); strings.Join(got, " ") != "http://wire.test/a/s0000 http://wire.test/a/s0001" {
		t.Errorf("news sitemap lists %v, want the two stories of the last 48 hours", got)
	}
	f.st.put(testStory(3, "world"))
	if err := f.pub.Rebuild(context.Background(), []string{"world"}); err != nil {
		t.Fatal(err)
	}
	if got := parse(); len(got) != 3 {
		t.Errorf("after a new story the news sitemap lists %v", got)
	}
}

// TestCrawlerFiles: the sitemap index names both sitemaps, robots.txt
// points at it, and the favicons are a valid ICO and SVG.
func TestCrawlerFiles(t *testing.T) {
	f := newFixture(t)
	_, idx := f.get("/sitemap.xml")
	var doc struct {
		XMLName xml.Name
		Locs    []string `xml:"sitemap>loc"`
	}
	if err := xml.Unmarshal([]byte(idx), &doc); err != nil || doc.XMLName.Local != "sitemapindex" || doc.XMLName.Space != nsSitemap ||
		strings.Join(doc.Locs, " ") != "http://wire.test/sitemap-news.xml http://wire.test/sitemap-pages.xml" {
		t.Fatalf("sitemap index %+v (%v)\n%s", doc, err, idx)
	}
	_, pages := f.get("/sitemap-pages.xml")
	for _, want := range []string{"<loc>http://wire.test/</loc>", "<loc>http://wire.test/c/middle-east</loc>", "<loc>http://wire.test/c/world</loc>"} {
		if !strings.Contains(pages, want) {
			t.Errorf("sitemap-pages.xml lacks %s", want)
		}
	}
	resp, robots := f.get("/robots.txt")
	if resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" || !strings.Contains(robots, "User-agent: *\nAllow: /\n") ||
		!strings.Contains(robots, "\nSitemap: http://wire.test/sitemap.xml\n") {
		t.Errorf("robots.txt (%s):\n%s", resp.Header.Get("Content-Type"), robots)
	}
	resp, ico := f.get("/favicon.ico")
	b := []byte(ico)
	if resp.Header.Get("Content-Type") != "image/x-icon" || len(b) < 22 ||
		!bytes.Equal(b[:6], []byte{0, 0, 1, 0, 1, 0}) || binary.LittleEndian.Uint32(b[18:22]) != 22 ||
		int(binary.LittleEndian.Uint32(b[14:18])) != len(b)-22 {
		t.Fatalf("favicon.ico header % x", b[:min(len(b), 22)])
	}
	img, err := png.Decode(bytes.NewReader(b[22:]))
	if err != nil || img.Bounds().Dx() != 32 || img.Bounds().Dy() != 32 {
		t.Errorf("favicon.ico image: %v", err)
	}
	resp, svg := f.get("/favicon.svg")
	var root struct{ XMLName xml.Name }
	if err := xml.Unmarshal([]byte(svg), &root); err != nil || root.XMLName.Local != "svg" || resp.Header.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("favicon.svg: %v %v", root.XMLName, err)
	}
}
