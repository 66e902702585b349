package aggregator

import (
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/aggregator/source/feed"
	"github.com/wiredesk/wiredesk/config"
)

// TestKeyedSourceLinksScrubbed: an upstream that echoes its key into item
// and image links, or whose relative links resolve against the keyed feed
// URL, does not get the key published as the story's link.
func TestKeyedSourceLinksScrubbed(t *testing.T) {
	const feedURL = "https://desk:PASSWD-91c2@api.wire.example/feed.xml?apikey=KEY-7f3a9c&lang=en"
	body := `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title>` +
		`<item><title>Echoed key</title><link>https://api.wire.example/story/1?apikey=KEY-7f3a9c&amp;id=1</link>` +
		`<description>&lt;p&gt;See &lt;a href="/story/2"&gt;the other&lt;/a&gt;.&lt;/p&gt;</description>` +
		`<media:content url="https://img.wire.example/1.jpg?apikey=KEY-7f3a9c" medium="image"/></item>` +
		`<item><title>Relative link</title><link>/story/3</link><description>x</description></item>` +
		`</channel></rss>`
	doc, err := feed.Parse([]byte(body), "", feedURL)
	if err != nil {
		t.Fatal(err)
	}
	src := config.Source{Name: "Keyed", URL: feedURL}
	items := newNormalizer().Items(doc, src, fixtureNow)
	if len(items) != 2 {
		t.Fatalf("%d items", len(items))
	}
	for _, it := range items {
		all := it.Link + " " + it.ImageURL + " " + it.SourceLink + " " + it.SummaryHTML + " " + it.ContentHTML
		if strings.Contains(all, "KEY-7f3a9c") || strings.Contains(all, "PASSWD-91c2") || strings.Contains(all, "desk@") {
			t.Errorf("story %q keeps a secret: %s", it.Title, all)
		}
	}
	if items[0].Link != "https://api.wire.example/story/1?id=1" || items[0].ImageURL != "https://img.wire.example/1.jpg" {
		t.Errorf("links %q, %q: want the key parameter gone and the rest kept", items[0].Link, items[0].ImageURL)
	}
	if items[1].Link != "https://api.wire.example/story/3" {
		t.Errorf("relative link resolved to %q", items[1].Link)
	}
	again := newNormalizer().Items(doc, config.Source{Name: "Keyed", URL: feedURL}, fixtureNow)
	if again[0].Key != items[0].Key || again[0].ID != items[0].ID {
		t.Error("scrubbing is not stable")
	}
}
