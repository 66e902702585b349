package feed

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// want is what a feed reader must get back for one fixture story,
// written out by hand rather than computed by the code under test.
type want struct {
	id, link, title, upstream string
	published, updated        time.Time
	categories                []string
	image, imageType          string
	imageLength               string // "" when unknown: no RSS enclosure
	contentHas, contentLacks  []string
	summaryText               string
}

func fixtureWant() []want {
	return []want{
		{
			id:          StoryID("3f9a1c0d2b7e4a51"),
			link:        "https://wire.example.org/a/3f9a1c0d2b7e4a51",
			title:       "Beirut talks resume as \"ceasefire\" holds & markets <rally>",
			upstream:    "https://wire.example.com/2026/03/02/beirut-talks",
			published:   time.Date(2026, 3, 2, 8, 15, 30, 0, time.UTC),
			updated:     time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
			categories:  []string{"middle-east", "lebanon"},
			image:       "https://img.example.com/beirut.jpg",
			imageType:   "image/jpeg",
			imageLength: "48213",
			contentHas: []string{
				"<b>Beirut</b> on Monday 🇱🇧.",
				"<code>if a[b[0]]>c</code>",
				"the text ends with ]]> and goes on.</p>",
			},
			contentLacks: []string{"\x01", "\ufffe", "\u0085"},
			summaryText:  "Negotiators met in Beirut on Monday; officials said the truce & aid corridors would hold.",
		},
		{
			id:         StoryID("a0b1c2d3e4f50617"),
			link:       "https://wire.example.org/a/a0b1c2d3e4f50617",
			title:      "مفاوضات في بيروت — Talks in Beirut",
			upstream:   "https://gulf.example.ae/ar/news/oil-output",
			published:  time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC),
			updated:    time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC),
			categories: []string{"middle-east", "energy"},
			image:      "https://img.example.ae/oil/rig.PNG",
			imageType:  "image/png",
			contentHas: []string{
				"<p dir=\"rtl\">قالت أوبك إن الإنتاج سيرتفع في الربع الثاني.</p>",
				"rise 🛢️ &lt;soon&gt;.",
			},
			summaryText: "قالت أوبك إن الإنتاج سيرتفع.",
		},
		{
			id:          StoryID("ffee0099aabb2233"),
			link:        "https://wire.example.org/a/ffee0099aabb2233",
			title:       "Markets close higher",
			upstream:    "https://third.example.com/story/42",
			published:   time.Date(2026, 3, 1, 23, 59, 59, 0, time.UTC),
			updated:     time.Date(2026, 3, 1, 23, 59, 59, 0, time.UTC),
			categories:  []string{"middle-east", "world"},
			image:       "https://img.example.com/render?id=5",
			contentHas:  []string{"<h2>Markets</h2><p>Stocks rose 2% &amp; bonds fell."},
			summaryText: `Markets Stocks rose 2% & bonds fell. Analysts said "risk-on" sentiment returned.`,
		},
	}
}

// TestRoundTripGofeed parses every rendering back with gofeed, the parser
// wiredesk itself and many readers use, and checks each field survives.
func TestRoundTripGofeed(t *testing.T) {
	ch := testChannel()
	for _, r := range renderers() {
		t.Run(r.ext, func(t *testing.T) {
			out, err := r.render(ch, fixtureItems())
			if err != nil {
				t.Fatalf("render: %v", err)
			}
			f, err := gofeed.NewParser().Parse(bytes.NewReader(out))
			if err != nil {
				t.Fatalf("gofeed cannot parse our %s: %v", r.ext, err)
			}
			if f.Title != ch.Title {
				t.Errorf("feed title = %q, want %q", f.Title, ch.Title)
			}
			if f.Link != "https://wire.example.org/c/middle-east" {
				t.Errorf("feed link = %q", f.Link)
			}
			if f.Language != "en" {
				t.Errorf("feed language = %q", f.Language)
			}
			wants := fixtureWant()
			if len(f.Items) != len(wants) {
				t.Fatalf("got %d items, want %d", len(f.Items), len(wants))
			}
			for i, w := range wants {
				checkItem(t, r.ext, f.Items[i], w)
			}
		})
	}
}

func checkItem(t *testing.T, format string, it *gofeed.Item, w want) {
	t.Helper()
	if it.GUID != w.id {
		t.Errorf("%s: id = %q, want %q", w.link, it.GUID, w.id)
	}
	if it.Link != w.link {
		t.Errorf("%s: link = %q", w.link, it.Link)
	}
	if it.Title != w.title {
		t.Errorf("%s: title = %q, want %q", w.link, it.Title, w.title)
	}
	if it.PublishedParsed == nil || !it.PublishedParsed.Equal(w.published) {
		t.Errorf("%s: published = %v, want %v", w.link, it.PublishedParsed, w.published)
	}
	if format != "rss" { // RSS 2.0 has no item update date
		if it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(w.updated) {
			t.Errorf("%s: updated = %v, want %v", w.link, it.UpdatedParsed, w.updated)
		}
	}
	if len(it.Authors) != 1 || it.Authors[0].Name != "Staff, Agencies" {
		t.Errorf("%s: authors = %+v, want the byline", w.link, it.Authors)
	}
	if !slices.Equal(it.Categories, w.categories) {
		t.Errorf("%s: categories = %q, want %q", w.link, it.Categories, w.categories)
	}
	if got := itemImage(format, it); got != w.image {
		t.Errorf("%s: image = %q, want %q", w.link, got, w.image)
	}
	if format != "json" {
		checkEnclosure(t, format, it, w)
	}
	if !slices.Contains(it.Links, w.upstream) && format == "json" {
		t.Errorf("%s: links %q lack external_url %q", w.link, it.Links, w.upstream)
	}
	for _, s := range w.contentHas {
		if !strings.Contains(it.Content, s) {
			t.Errorf("%s: content lacks %q:\n%s", w.link, s, it.Content)
		}
	}
	for _, s := range w.contentLacks {
		if strings.Contains(it.Content, s) || strings.Contains(it.Title, s) {
			t.Errorf("%s: forbidden %q survived", w.link, s)
		}
	}
	if format == "json" && it.Description != w.summaryText {
		t.Errorf("%s: summary = %q, want %q", w.link, it.Description, w.summaryText)
	}
	if format != "json" && plainText(it.Description) != w.summaryText {
		t.Errorf("%s: description = %q, want text %q", w.link, it.Description, w.summaryText)
	}
}

// checkEnclosure: RSS carries an enclosure only when the image type and
// its real length are known (the validator rejects a missing type, and a
// length="0" misleads readers); Atom always links it, with its length when
// known.
func checkEnclosure(t *testing.T, format string, it *gofeed.Item, w want) {
	t.Helper()
	if format == "rss" && (w.imageType == "" || w.imageLength == "") {
		if len(it.Enclosures) != 0 {
			t.Errorf("%s: enclosure without a type or a length: %+v", w.link, it.Enclosures[0])
		}
		return
	}
	if len(it.Enclosures) != 1 {
		t.Fatalf("%s: %d enclosures, want 1", w.link, len(it.Enclosures))
	}
	e := it.Enclosures[0]
	if e.URL != w.image || e.Type != w.imageType {
		t.Errorf("%s: enclosure = %+v, want %s %s", w.link, e, w.image, w.imageType)
	}
	if format != "json" && e.Length != w.imageLength {
		t.Errorf("%s: enclosure length = %q, want %q", w.link, e.Length, w.imageLength)
	}
}

// itemImage is the picture a reader shows for it. gofeed's Atom translator
// never fills Item.Image, so for Atom it is read from media:thumbnail, the
// element readers use.
func itemImage(format string, it *gofeed.Item) string {
	if format != "atom" {
		if it.Image == nil {
			return ""
		}
		return it.Image.URL
	}
	for _, th := range it.Extensions["media"]["thumbnail"] {
		return th.Attrs["url"]
	}
	return ""
}
