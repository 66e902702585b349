package aggregator

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/wiredesk/wiredesk/aggregator/source/feed"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/internal/htmlkit"
	"github.com/wiredesk/wiredesk/internal/htmlkit/htmlkittest"
	"github.com/wiredesk/wiredesk/story"
)

// xssFeeds places a vector everywhere upstream text reaches an item.
func xssFeeds(t *testing.T, v string) map[string]string {
	t.Helper()
	esc := html.EscapeString(v)
	cdata := strings.ReplaceAll(v, "]]>", "]]]]><![CDATA[>")
	rss := `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">` +
		`<channel><title>` + esc + `</title><link>` + esc + `</link><item><title>` + esc + `</title><link>` + esc + `</link>` +
		`<description>` + esc + `</description><content:encoded><![CDATA[` + cdata + `]]></content:encoded>` +
		`<enclosure url="` + esc + `" type="image/png"/><guid>` + esc + `</guid></item>` +
		`<item><title><![CDATA[` + cdata + `]]></title><description><![CDATA[` + cdata + `]]></description>` +
		`<media:thumbnail url="` + esc + `"/></item></channel></rss>`
	atom := `<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">` + esc + `</title>` +
		`<entry><id>` + esc + `</id><title type="html">` + esc + `</title><link href="` + esc + `"/>` +
		`<summary type="html">` + esc + `</summary><content type="html">` + esc + `</content></entry>` +
		`<entry><id>x</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">` + esc + `</div></title>` +
		`<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">` + esc + `</div></content></entry></feed>`
	js, err := json.Marshal(map[string]any{
		"version": "https://jsonfeed.org/version/1.1", "title": v,
		"items": []map[string]any{{"id": v, "url": v, "title": v, "content_html": v, "summary": v, "image": v}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{"rss": rss, "atom": atom, "json": string(js)}
}

func TestXSSVectors(t *testing.T) {
	vectors := htmlkittest.Vectors()
	if len(vectors) < 100 {
		t.Fatalf("only %d vectors", len(vectors))
	}
	n := newNormalizer()
	src := config.Source{URL: "https://feeds.example.org/x"}
	parsed, checked := 0, 0
	for i, v := range vectors {
		for format, body := range xssFeeds(t, v) {
			t.Run(fmt.Sprintf("%03d/%s", i+1, format), func(t *testing.T) {
				doc, err := feed.Parse([]byte(body), "", "https://feeds.example.org/x")
				if err != nil {
					return // a feed the vector broke is a feed nothing survives from
				}
				parsed++
				if title := FeedTitle(doc); strings.ContainsAny(title, "<>") && hasTag(title) {
					t.Errorf("feed title holds markup: %q", title)
				}
				for _, it := range n.Items(doc, src, fixtureNow) {
					checked++
					assertInert(t, &it)
				}
			})
		}
	}
	// Most feeds must parse, or the test proves nothing.
	if parsed < len(vectors)*5/2 || checked < len(vectors)*4 {
		t.Errorf("only %d of %d feeds parsed, %d items checked", parsed, 3*len(vectors), checked)
	}
	t.Logf("%d vectors, %d feeds parsed, %d items checked", len(vectors), parsed, checked)
}

// assertInert fails the test when an item carries executable markup.
func assertInert(t *testing.T, it *story.Item) {
	t.Helper()
	for name, h := range map[string]string{"SummaryHTML": it.SummaryHTML, "ContentHTML": it.ContentHTML} {
		if err := htmlkittest.Inert(h); err != nil {
			t.Errorf("%s: %v: %q", name, err, h)
		}
	}
	if hasTag(it.Title) {
		t.Errorf("Title holds markup: %q", it.Title)
	}
	for name, u := range map[string]string{"Link": it.Link, "ImageURL": it.ImageURL} {
		if u == "" {
			continue
		}
		if c, err := canonicalURL(u); err != nil || c != u {
			t.Errorf("%s = %q is not a canonical http(s) URL (%v)", name, u, err)
		}
	}
}

// hasTag reports whether plain text would open a tag if output unescaped.
func hasTag(s string) bool {
	return htmlkit.NeutralizeTags(s) != s
}
