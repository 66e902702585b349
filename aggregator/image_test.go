package aggregator

import (
	"slices"
	"testing"

	"github.com/wiredesk/wiredesk/aggregator/source/feed"
)

func TestNormalizeImage(t *testing.T) {
	tests := []struct {
		name, item, url, typ string
	}{
		{"image enclosure", `<enclosure url="https://cdn.example.org/a.jpg" length="1" type="image/jpeg"/>` +
			`<media:thumbnail url="https://cdn.example.org/thumb.jpg"/>`,
			"https://cdn.example.org/a.jpg", "image/jpeg"},
		{"audio enclosure skipped", `<enclosure url="https://cdn.example.org/a.mp3" length="1" type="audio/mpeg"/>` +
			`<media:thumbnail url="https://cdn.example.org/t.png"/>`,
			"https://cdn.example.org/t.png", "image/png"},
		{"media content image", `<media:content url="https://cdn.example.org/m.webp" medium="image"/>`,
			"https://cdn.example.org/m.webp", "image/webp"},
		{"media content typed", `<media:content url="https://cdn.example.org/m?id=3" type="image/gif; q=1"/>`,
			"https://cdn.example.org/m?id=3", "image/gif"},
		{"media content video skipped", `<media:content url="https://cdn.example.org/v.mp4" medium="video"/>`, "", ""},
		{"media group", `<media:group><media:content url="https://cdn.example.org/g.jpg" type="image/jpeg"/></media:group>`,
			"https://cdn.example.org/g.jpg", "image/jpeg"},
		{"media content before thumbnail", `<media:thumbnail url="https://cdn.example.org/t.jpg"/>` +
			`<media:content url="https://cdn.example.org/big.jpg" medium="image"/>`,
			"https://cdn.example.org/big.jpg", "image/jpeg"},
		{"first img in content", `<description>&lt;img src="/s.png"&gt;</description>` +
			`<content:encoded><![CDATA[<p>x <img alt="a" src="rel/c.jpg?w=1"> <img src="/2.png"></p>]]></content:encoded>`,
			"https://www.example.org/news/rel/c.jpg?w=1", "image/jpeg"},
		{"img in summary", `<description>&lt;IMG SRC="https://i.example.org/s"&gt;</description>`,
			"https://i.example.org/s", ""},
		{"javascript skipped", `<enclosure url="javascript:alert(1)" type="image/png"/>` +
			`<media:thumbnail url="data:image/png;base64,AAAA"/><media:thumbnail url="https://ok.example/t.jpg"/>`,
			"https://ok.example/t.jpg", "image/jpeg"},
		{"relative against link", `<link>https://other.example/story/1</link><media:thumbnail url="pic.png"/>`,
			"https://other.example/story/pic.png", "image/png"},
		{"none", `<description>no image</description>`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := normalizeOne(t, "<title>t</title>"+tt.item)
			if it.ImageURL != tt.url || it.ImageType != tt.typ {
				t.Errorf("ImageURL, ImageType = %q, %q; want %q, %q", it.ImageURL, it.ImageType, tt.url, tt.typ)
			}
		})
	}
}

func TestNormalizeJSONImage(t *testing.T) {
	body := `{"version":"https://jsonfeed.org/version/1.1","title":"j","home_page_url":"https://j.example/",
		"items":[{"id":"1","url":"https://j.example/1","title":"a","image":"/i/1.avif","banner_image":"/b.jpg"}]}`
	doc, err := feed.Parse([]byte(body), "application/feed+json", "https://j.example/feed.json")
	if err != nil {
		t.Fatal(err)
	}
	items := newNormalizer().Items(doc, sourceFor("https://j.example/feed.json"), fixtureNow)
	if got := items[0]; got.ImageURL != "https://j.example/i/1.avif" || got.ImageType != "image/avif" {
		t.Errorf("ImageURL, ImageType = %q, %q", got.ImageURL, got.ImageType)
	}
}

func TestNormalizeProvenance(t *testing.T) {
	tests := []struct {
		name, item, author string
		cats               []string
	}{
		{"rss author", `<author>desk@example.org (Jane Roe)</author>`, "Jane Roe", nil},
		{"dc creator", `<dc:creator>&lt;b&gt;John&lt;/b&gt; Doe</dc:creator>`, "John Doe", nil},
		{"categories trimmed and unique", `<category> World </category><category>world</category><category></category>` +
			`<category>Middle &amp;amp; East</category>`, "", []string{"World", "Middle & East"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := normalizeOne(t, "<title>t</title>"+tt.item)
			if it.Author != tt.author || !slices.Equal(it.UpstreamCategories, tt.cats) {
				t.Errorf("Author, UpstreamCategories = %q, %q; want %q, %q", it.Author, it.UpstreamCategories, tt.author, tt.cats)
			}
			if it.Agency != "Example Wire" || it.SourceURL != testFeedURL {
				t.Errorf("Agency, SourceURL = %q, %q", it.Agency, it.SourceURL)
			}
		})
	}
}

func TestNormalizeSummaryContent(t *testing.T) {
	tests := []struct {
		name, item, summary, content string
	}{
		{"summary only", `<description>s</description>`, "s", ""},
		{"content only", `<content:encoded>&lt;p&gt;c&lt;/p&gt;</content:encoded>`, "", "<p>c</p>"},
		{"both", `<description>s</description><content:encoded>c</content:encoded>`, "s", "c"},
		{"same after sanitizing", `<description>&lt;p onclick="x"&gt;same&lt;/p&gt;</description>` +
			`<content:encoded>&lt;p&gt;same&lt;/p&gt;</content:encoded>`, "<p>same</p>", ""},
		{"empty markup", `<description>&lt;p&gt; &lt;/p&gt;</description>`, "<p> </p>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := normalizeOne(t, "<title>t</title>"+tt.item)
			if it.SummaryHTML != tt.summary || it.ContentHTML != tt.content {
				t.Errorf("SummaryHTML, ContentHTML = %q, %q; want %q, %q", it.SummaryHTML, it.ContentHTML, tt.summary, tt.content)
			}
		})
	}
}

// TestNormalizeImageCaption keeps the lead image's caption and credit
// (Media RSS, on the element, its group or the item) and its size when
// upstream gave one.
func TestNormalizeImageCaption(t *testing.T) {
	tests := []struct {
		name, item, caption, credit string
		length                      int64
	}{
		{"media content with description and credit",
			`<media:content url="https://cdn.example.org/m.jpg" medium="image" fileSize="48213">` +
				`<media:description type="html">Rescuers search the &lt;b&gt;rubble&lt;/b&gt; in Tyre.</media:description>` +
				`<media:credit role="photographer">Jane Doe/Example Press</media:credit></media:content>`,
			"Rescuers search the rubble in Tyre.", "Jane Doe/Example Press", 48213},
		{"caption and credit on the group",
			`<media:group><media:content url="https://cdn.example.org/g.jpg" type="image/jpeg"/>` +
				`<media:description>Crowds in Algiers.</media:description><media:credit>AFP</media:credit></media:group>`,
			"Crowds in Algiers.", "AFP", 0},
		{"enclosure length and the item's credit",
			`<enclosure url="https://cdn.example.org/a.jpg" length="1200" type="image/jpeg"/><media:credit>Reuters/John Roe</media:credit>`,
			"", "Reuters/John Roe", 1200},
		{"bad length is unknown", `<enclosure url="https://cdn.example.org/a.jpg" length="lots" type="image/jpeg"/>`, "", "", 0},
		{"an item description is not a caption",
			`<description>Talks resumed in Doha on Monday.</description>` +
				`<media:description>Talks resumed in Doha on Monday.</media:description>` +
				`<media:content url="https://cdn.example.org/d.jpg" medium="image"/>`,
			"", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := normalizeOne(t, "<title>t</title>"+tt.item)
			if it.ImageCaption != tt.caption || it.ImageCredit != tt.credit || it.ImageLength != tt.length {
				t.Errorf("caption, credit, length = %q, %q, %d; want %q, %q, %d",
					it.ImageCaption, it.ImageCredit, it.ImageLength, tt.caption, tt.credit, tt.length)
			}
		})
	}
}
