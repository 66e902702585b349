package feed

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/wiredesk/wiredesk/store"
)

func TestRSSProvenance(t *testing.T) {
	items := parseTree(t, render(t, RSS, testChannel(), fixtureItems())).one(t, "channel").all("item")
	src := items[0].one(t, "source")
	if src.attr("url") != "https://wire.example.com/world.rss" || src.Text != "Example Press" {
		t.Errorf("<source> = url %q text %q", src.attr("url"), src.Text)
	}
	if len(items[2].all("source")) != 0 {
		t.Errorf("<source> written for a source URL that is not a full URL (W3C InvalidFullLink)")
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
	if got := src.text(t, a("id")); got != "https://wire.example.com/world.rss" {
		t.Errorf("source id = %q", got)
	}
	if got := src.text(t, a("title")); got != "Example Press — World" {
		t.Errorf("source title = %q", got)
	}
	if l := src.linkRel(atomNS, "self"); len(l) != 1 || l[0].attr("href") != "https://wire.example.com/world.rss" {
		t.Errorf("source self = %+v", l)
	}
	if l := src.linkRel(atomNS, "alternate"); len(l) != 1 || l[0].attr("href") != "https://wire.example.com/" {
		t.Errorf("source alternate = %+v", l)
	}
	if got := entries[1].one(t, a("source")).text(t, a("title")); got != "Gulf Agency" {
		t.Errorf("source title without a feed title = %q, want the agency", got)
	}
	if len(entries[2].all(a("source"))) != 0 {
		t.Errorf("atom:source without an IRI to identify it")
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
				SourceFeed string          `json:"source_feed"`
				Categories []string        `json:"categories"`
				Also       []store.Carrier `json:"also"`
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
		w.SourceFeed != "https://wire.example.com/world.rss" {
		t.Errorf("_wiredesk = %+v", w)
	}
	if !slices.Equal(w.Categories, []string{"middle-east", "lebanon"}) || !slices.Equal(first.Tags, w.Categories) {
		t.Errorf("categories %q, tags %q", w.Categories, first.Tags)
	}
	if len(w.Also) != 1 || w.Also[0] != (store.Carrier{Agency: "Other Wire", URL: "https://other.example.net/beirut?id=7&lang=en"}) {
		t.Errorf("also = %+v", w.Also)
	}
	if got := doc.Items[2].Wiredesk.SourceFeed; got != "" {
		t.Errorf("source_feed = %q for a source URL that is not a URL", got)
	}
}

func TestImageRules(t *testing.T) {
	cases := []struct {
		name, url, stored, wantType string
		enclosure                   bool
	}{
		{"stored type", "https://i.example/a", "image/jpeg", "image/jpeg", true},
		{"type from extension", "https://i.example/a.png", "", "image/png", true},
		{"unknown type", "https://i.example/render?id=5", "", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			it := store.Item{ID: "img", Title: "Picture", ImageURL: tc.url, ImageType: tc.stored}
			item := parseTree(t, render(t, RSS, testChannel(), []store.Item{it})).one(t, "channel").one(t, "item")
			enc := item.all("enclosure")
			if tc.enclosure {
				if len(enc) != 1 || enc[0].attr("url") != tc.url || enc[0].attr("type") != tc.wantType || enc[0].attr("length") != "0" {
					t.Errorf("enclosure = %+v", enc)
				}
			} else if len(enc) != 0 {
				t.Errorf("enclosure without a MIME type (W3C InvalidMIMEAttribute)")
			}
			mc := item.one(t, mediaNS+" content")
			if mc.attr("url") != tc.url || mc.attr("medium") != "image" || mc.attr("type") != tc.wantType {
				t.Errorf("media:content = %+v", mc.Attr)
			}
			if th := item.one(t, mediaNS+" thumbnail"); th.attr("url") != tc.url {
				t.Errorf("media:thumbnail = %+v", th.Attr)
			}

			entry := parseTree(t, render(t, Atom, testChannel(), []store.Item{it})).one(t, a("entry"))
			l := entry.linkRel(atomNS, "enclosure")
			if len(l) != 1 || l[0].attr("href") != tc.url || l[0].attr("type") != tc.wantType || l[0].attr("length") != "" {
				t.Errorf("atom enclosure = %+v", l)
			}
		})
	}
}

func TestNoImageNoMedia(t *testing.T) {
	it := store.Item{ID: "plain", Title: "No picture", ImageURL: "/relative.jpg"}
	item := parseTree(t, render(t, RSS, testChannel(), []store.Item{it})).one(t, "channel").one(t, "item")
	if len(item.all("enclosure"))+len(item.all(mediaNS+" content"))+len(item.all(mediaNS+" thumbnail")) != 0 {
		t.Errorf("image elements for a relative image URL")
	}
}

func TestCarriersDeduplicated(t *testing.T) {
	it := fixtureItems()[0]
	it.Also = []store.Carrier{
		{Agency: "Same as upstream", URL: it.Link},
		{Agency: "One", URL: "https://one.example/x"},
		{Agency: "One again", URL: "https://one.example/x"},
	}
	entry := parseTree(t, render(t, Atom, testChannel(), []store.Item{it})).one(t, a("entry"))
	rel := entry.linkRel(atomNS, "related")
	if len(rel) != 1 || rel[0].attr("title") != "One" {
		t.Errorf("related = %+v, want just the first distinct carrier", rel)
	}
}
