package feed

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

const hubURL = "https://news.example.org/hub"

func TestHubAdvertisedInEveryFormat(t *testing.T) {
	ch := testChannel()
	ch.Hub = hubURL
	rss := parseTree(t, render(t, RSS, ch, fixtureItems())).one(t, "channel")
	if l := rss.linkRel(atomNS, "hub"); len(l) != 1 || l[0].attr("href") != hubURL {
		t.Errorf("RSS atom:link rel=hub = %+v", l)
	}
	if l := rss.linkRel(atomNS, "self"); len(l) != 1 {
		t.Errorf("RSS atom:link rel=self = %+v", l)
	}
	atom := parseTree(t, render(t, Atom, ch, fixtureItems()))
	if l := atom.linkRel(atomNS, "hub"); len(l) != 1 || l[0].attr("href") != hubURL {
		t.Errorf("Atom link rel=hub = %+v", l)
	}
	var doc struct {
		Hubs []struct{ Type, URL string } `json:"hubs"`
	}
	if err := json.Unmarshal(render(t, JSON, ch, fixtureItems()), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Hubs) != 1 || doc.Hubs[0].Type != "WebSub" || doc.Hubs[0].URL != hubURL {
		t.Errorf("JSON hubs = %+v", doc.Hubs)
	}
	// Without a hub nothing is advertised (the golden files hold that).
	if strings.Contains(string(render(t, Atom, testChannel(), fixtureItems())), `rel="hub"`) {
		t.Error("hub advertised without one")
	}
}

func TestAtomTombstones(t *testing.T) {
	ch := testChannel()
	when := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	ch.Tombstones = []story.Tombstone{{ID: "gone-1", Title: "Wrong", Link: "https://wire.example.com/gone", At: when}}
	root := parseTree(t, render(t, Atom, ch, fixtureItems()))
	dels := root.all(nsTombstones + " deleted-entry")
	if len(dels) != 1 {
		t.Fatalf("at:deleted-entry = %d, want 1", len(dels))
	}
	if dels[0].attr("ref") != StoryID("gone-1") || dels[0].attr("when") != "2026-03-02T10:00:00Z" {
		t.Errorf("tombstone attrs = %+v", dels[0].Attr)
	}
	if strings.Contains(string(render(t, Atom, testChannel(), fixtureItems())), nsTombstones) {
		t.Error("tombstone namespace declared with no tombstone")
	}
}

func TestCursorPage(t *testing.T) {
	items := fixtureItems()
	pg := Page{
		Self:  "https://news.example.org/feeds/world.json?after=10",
		After: 10,
		Changes: []story.Change{
			{Seq: 11, Item: items[0], At: items[0].UpdatedAt},
			{Seq: 14, Deleted: true, Item: items[1], At: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)},
		},
		Next: "https://news.example.org/feeds/world.json?after=14",
	}
	out, err := Cursor(testChannel(), pg)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version  string `json:"version"`
		NextURL  string `json:"next_url"`
		FeedURL  string `json:"feed_url"`
		Wiredesk struct {
			Cursor string `json:"cursor"`
		} `json:"_wiredesk"`
		Items []struct {
			ID          string  `json:"id"`
			ContentHTML *string `json:"content_html"`
			ContentText *string `json:"content_text"`
			Wiredesk    struct {
				Cursor  string `json:"cursor"`
				Deleted bool   `json:"deleted"`
				Agency  string `json:"agency"`
			} `json:"_wiredesk"`
		} `json:"items"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.NextURL != pg.Next || doc.FeedURL != pg.Self || doc.Wiredesk.Cursor != "14" || len(doc.Items) != 2 {
		t.Fatalf("cursor page = %s", out)
	}
	live, del := doc.Items[0], doc.Items[1]
	if live.ID != StoryID(items[0].ID) || live.ContentHTML == nil || live.Wiredesk.Cursor != "11" || live.Wiredesk.Agency == "" {
		t.Errorf("live item = %+v", live)
	}
	if del.ID != StoryID(items[1].ID) || !del.Wiredesk.Deleted || del.ContentText == nil || del.Wiredesk.Cursor != "14" {
		t.Errorf("deletion record = %+v", del)
	}
	empty, err := Cursor(testChannel(), Page{Self: pg.Self, After: 99})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(empty), "next_url") || !strings.Contains(string(empty), `"cursor": "99"`) {
		t.Errorf("empty page = %s", empty)
	}
}
