package feed

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/story"
)

func TestRSSProvenance(t *testing.T) {
	items := parseTree(t, render(t, RSS, testChannel(), fixtureItems())).one(t, "channel").all("item")
	src := items[0].one(t, "source")
	if src.attr("url") != "https://wire.example.com/" || src.Text != "Example Press" {
		t.Errorf("<source> = url %q text %q, want the upstream site, never the polled feed", src.attr("url"), src.Text)
	}
	if src := items[1].one(t, "source"); src.attr("url") != "https://gulf.example.ae/ar/news/oil-output" {
		t.Errorf("<source> without an upstream site = %q, want the story's own link", src.attr("url"))
	}
	via := items[0].linkRel(atomNS, "via")
	if len(via) != 1 || via[0].attr("href") != "https://wire.example.com/2026/03/02/beirut-talks" {
		t.Errorf("atom:link rel=via = %+v", via)
	}
	related := items[2].linkRel(atomNS, "related")
	if len(related) != 1 || related[0].attr("href") != "https://wire.example.com/markets" || related[0].attr("title") != "Example Press" {
		t.Errorf("related carriers = %+v, want only the absolute one", related)
	}
}

func TestAtomProvenance(t *testing.T) {
	entries := parseTree(t, render(t, Atom, testChannel(), fixtureItems())).all(a("entry"))
	src := entries[0].one(t, a("source"))
	if got := src.text(t, a("id")); got != "https://wire.example.com/" {
		t.Errorf("source id = %q, want the upstream site", got)
	}
	if got := src.text(t, a("title")); got != "Example Press — World" {
		t.Errorf("source title = %q", got)
	}
	if l := src.linkRel(atomNS, "self"); len(l) != 0 {
		t.Errorf("source self = %+v: the polled feed's URL is operator data", l)
	}
	if l := src.linkRel(atomNS, "alternate"); len(l) != 1 || l[0].attr("href") != "https://wire.example.com/" {
		t.Errorf("source alternate = %+v", l)
	}
	if got := entries[1].one(t, a("source")).text(t, a("title")); got != "Gulf Agency" {
		t.Errorf("source title without a feed title = %q, want the agency", got)
	}
	if got := entries[2].one(t, a("source")).text(t, a("id")); got != "https://third.example.com/story/42" {
		t.Errorf("source id without an upstream site = %q, want the story's own link", got)
	}
	for i, e := range entries {
		if alt := e.linkRel(atomNS, "alternate"); len(alt) != 1 {
			t.Errorf("entry %d has %d rel=alternate links", i, len(alt))
		}
		if len(e.linkRel(atomNS, "via")) != 1 {
			t.Errorf("entry %d lacks rel=via to the upstream story", i)
		}
		if e.one(t, a("author")).text(t, a("name")) != "Staff, Agencies" {
			t.Errorf("entry %d author is not the byline", i)
		}
	}
}

func TestJSONProvenance(t *testing.T) {
	var doc struct {
		Items []struct {
			ExternalURL string   `json:"external_url"`
			Tags        []string `json:"tags"`
			Wiredesk    struct {
				Agency     string          `json:"agency"`
				SourceURL  string          `json:"source_url"`
				SourceSite string          `json:"source_site"`
				Categories []string        `json:"categories"`
				Also       []story.Carrier `json:"also"`
			} `json:"_wiredesk"`
		} `json:"items"`
	}
	if err := json.Unmarshal(render(t, JSON, testChannel(), fixtureItems()), &doc); err != nil {
		t.Fatal(err)
	}
	first := doc.Items[0]
	w := first.Wiredesk
	if w.Agency != "Example Press" || w.SourceURL != first.ExternalURL ||
		w.SourceURL != "https://wire.example.com/2026/03/02/beirut-talks" ||
		w.SourceSite != "https://wire.example.com/" {
		t.Errorf("_wiredesk = %+v", w)
	}
	if !slices.Equal(w.Categories, []string{"middle-east", "lebanon"}) || !slices.Equal(first.Tags, w.Categories) {
		t.Errorf("categories %q, tags %q", w.Categories, first.Tags)
	}
	if len(w.Also) != 1 || w.Also[0] != (story.Carrier{Agency: "Other Wire", URL: "https://other.example.net/beirut?id=7&lang=en"}) {
		t.Errorf("also = %+v", w.Also)
	}
}

// TestPolledFeedURLNeverPublished: the URL wiredesk polls may carry an
// agency's key (issue 13); no format may print it.
func TestPolledFeedURLNeverPublished(t *testing.T) {
	items := fixtureItems()
	for i := range items {
		items[i].SourceURL = "https://user:hunter2pass@wire.example.com/world.rss?apikey=SECRET123"
	}
	for name, r := range map[string]func(Channel, []story.Item) ([]byte, error){"rss": RSS, "atom": Atom, "json": JSON} {
		out := render(t, r, testChannel(), items)
		for _, secret := range []string{"SECRET123", "hunter2pass", "world.rss"} {
			if bytes.Contains(out, []byte(secret)) {
				t.Errorf("%s output contains %q", name, secret)
			}
		}
	}
}

func TestImageRules(t *testing.T) {
	cases := []struct {
		name, url, stored, wantType string
		length                      int64
		enclosure                   bool
	}{
		{"stored type and size", "https://i.example/a", "image/jpeg", "image/jpeg", 48213, true},
		{"type from extension, size unknown", "https://i.example/a.png", "", "image/png", 0, false},
		{"unknown type", "https://i.example/render?id=5", "", "", 1200, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			it := story.Item{ID: "img", Title: "Picture", ImageURL: tc.url, ImageType: tc.stored, ImageLength: tc.length,
				ImageCaption: "Rescuers search the rubble.", ImageCredit: "Photo: Jane Doe/Example Press"}
			item := parseTree(t, render(t, RSS, testChannel(), []story.Item{it})).one(t, "channel").one(t, "item")
			enc := item.all("enclosure")
			length := ""
			if tc.length > 0 {
				length = strconv.FormatInt(tc.length, 10)
			}
			if tc.enclosure {
				if len(enc) != 1 || enc[0].attr("url") != tc.url || enc[0].attr("type") != tc.wantType || enc[0].attr("length") != length {
					t.Errorf("enclosure = %+v", enc)
				}
			} else if len(enc) != 0 {
				t.Errorf("enclosure without a MIME type (W3C InvalidMIMEAttribute) or a real length: %+v", enc)
			}
			mc := item.one(t, mediaNS+" content")
			if mc.attr("url") != tc.url || mc.attr("medium") != "image" || mc.attr("type") != tc.wantType || mc.attr("fileSize") != length {
				t.Errorf("media:content = %+v", mc.Attr)
			}
			if got := mc.text(t, mediaNS+" description"); got != "Rescuers search the rubble." {
				t.Errorf("media:description = %q", got)
			}
			if got := mc.text(t, mediaNS+" credit"); got != "Photo: Jane Doe/Example Press" {
				t.Errorf("media:credit = %q", got)
			}
			if th := item.one(t, mediaNS+" thumbnail"); th.attr("url") != tc.url {
				t.Errorf("media:thumbnail = %+v", th.Attr)
			}

			entry := parseTree(t, render(t, Atom, testChannel(), []story.Item{it})).one(t, a("entry"))
			l := entry.linkRel(atomNS, "enclosure")
			if len(l) != 1 || l[0].attr("href") != tc.url || l[0].attr("type") != tc.wantType || l[0].attr("length") != length {
				t.Errorf("atom enclosure = %+v", l)
			}
			if got := entry.one(t, mediaNS+" content").text(t, mediaNS+" description"); got != "Rescuers search the rubble." {
				t.Errorf("atom media:description = %q", got)
			}

			var doc struct {
				Items []struct {
					Wiredesk struct {
						Caption string `json:"image_caption"`
						Credit  string `json:"image_credit"`
					} `json:"_wiredesk"`
				} `json:"items"`
			}
			if err := json.Unmarshal(render(t, JSON, testChannel(), []story.Item{it}), &doc); err != nil || len(doc.Items) != 1 ||
				doc.Items[0].Wiredesk.Caption != "Rescuers search the rubble." || doc.Items[0].Wiredesk.Credit != "Photo: Jane Doe/Example Press" {
				t.Errorf("JSON _wiredesk image caption/credit = %+v (%v)", doc, err)
			}
		})
	}
}

func TestNoImageNoMedia(t *testing.T) {
	it := story.Item{ID: "plain", Title: "No picture", ImageURL: "/relative.jpg"}
	item := parseTree(t, render(t, RSS, testChannel(), []story.Item{it})).one(t, "channel").one(t, "item")
	if len(item.all("enclosure"))+len(item.all(mediaNS+" content"))+len(item.all(mediaNS+" thumbnail")) != 0 {
		t.Errorf("image elements for a relative image URL")
	}
}

func TestCarriersDeduplicated(t *testing.T) {
	it := fixtureItems()[0]
	it.Also = []story.Carrier{
		{Agency: "Same as upstream", URL: it.Link},
		{Agency: "One", URL: "https://one.example/x"},
		{Agency: "One again", URL: "https://one.example/x"},
	}
	entry := parseTree(t, render(t, Atom, testChannel(), []story.Item{it})).one(t, a("entry"))
	rel := entry.linkRel(atomNS, "related")
	if len(rel) != 1 || rel[0].attr("title") != "One" {
		t.Errorf("related = %+v, want just the first distinct carrier", rel)
	}
}

// TestHouseCopy checks that the agency's own marks leave the republished
// copy in every format: the dateline keeps its place and date without the
// agency tag, the copyright line goes, and the agency stays in provenance.
func TestHouseCopy(t *testing.T) {
	it := story.Item{ID: "mx1", Title: "Mexico cuts rates", Agency: "Northwind Wire Agency",
		Link:        "https://northwind.example/mx1",
		ContentHTML: "<p>MEXICO CITY, Dec 4 (Northwind) - The central bank cut rates.</p><p>© 2026 Northwind. All rights reserved.</p>"}
	for _, r := range renderers() {
		t.Run(r.ext, func(t *testing.T) {
			out := string(render(t, r.render, testChannel(), []story.Item{it}))
			for _, gone := range []string{"(Northwind)", "All rights reserved"} {
				if strings.Contains(out, gone) {
					t.Errorf("%s output still carries %q", r.ext, gone)
				}
			}
			if !strings.Contains(out, "MEXICO CITY, Dec 4 - The central bank cut rates.") {
				t.Errorf("%s output lost the dateline or the story:\n%s", r.ext, out)
			}
			if !strings.Contains(out, "Northwind Wire Agency") {
				t.Errorf("%s output lost the agency's credit", r.ext)
			}
		})
	}
}
