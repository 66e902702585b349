package feed

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

var uuidV5 = regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestIDsNeverChange(t *testing.T) {
	// Pinned values, cross-checked with Python's uuid.uuid5: if these
	// change, every subscriber sees every story again.
	if got := StoryID("3f9a1c0d2b7e4a51"); got != "urn:uuid:d6666293-a4d6-5321-b86d-05378fb43b9c" {
		t.Errorf("StoryID changed: %s", got)
	}
	if got := FeedID("middle-east"); got != "urn:uuid:f7146f81-1371-5a60-96af-182080287e82" {
		t.Errorf("FeedID changed: %s", got)
	}

	base := guids(t, testChannel(), fixtureItems())
	seen := map[string]bool{}
	for id, g := range base {
		if !uuidV5.MatchString(g) {
			t.Errorf("%s: id %q is not a version 5 urn:uuid", id, g)
		}
		if seen[g] {
			t.Errorf("duplicate id %q", g)
		}
		seen[g] = true
	}

	moved := testChannel()
	moved.BaseURL = "http://old-host.example.net:8080"
	moved.Slug = "world"
	reordered := fixtureItems()
	slices.Reverse(reordered)
	edited := fixtureItems()
	for i := range edited {
		edited[i].Title += " (updated)"
		edited[i].PublishedAt = edited[i].PublishedAt.Add(48 * time.Hour)
		edited[i].Link = "https://elsewhere.example/" + edited[i].ID
	}
	cases := []struct {
		name  string
		ch    Channel
		items []story.Item
	}{
		{"same input again", testChannel(), fixtureItems()},
		{"other base URL and category", moved, fixtureItems()},
		{"reversed order", testChannel(), reordered},
		{"alone in the feed", testChannel(), fixtureItems()[1:2]},
		{"edited title, date and link", testChannel(), edited},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for id, g := range guids(t, tc.ch, tc.items) {
				if g != base[id] {
					t.Errorf("%s: id %q, was %q", id, g, base[id])
				}
			}
		})
	}
}

// guids maps store ID to the id every format published for it, failing
// when the three formats disagree.
func guids(t *testing.T, ch Channel, items []story.Item) map[string]string {
	t.Helper()
	out := map[string]string{}
	rssItems := parseTree(t, render(t, RSS, ch, items)).one(t, "channel").all("item")
	atomEntries := parseTree(t, render(t, Atom, ch, items)).all(a("entry"))
	var doc struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(render(t, JSON, ch, items), &doc); err != nil {
		t.Fatal(err)
	}
	for i, it := range items {
		g := rssItems[i].one(t, "guid")
		if g.attr("isPermaLink") != "false" {
			t.Errorf("guid isPermaLink = %q: a urn:uuid is not a permalink (W3C InvalidPermalink)", g.attr("isPermaLink"))
		}
		id := strings.TrimSpace(g.Text)
		if atomID := atomEntries[i].text(t, a("id")); atomID != id || doc.Items[i].ID != id {
			t.Errorf("%s: rss %q, atom %q, json %q differ", it.ID, id, atomID, doc.Items[i].ID)
		}
		out[it.ID] = id
	}
	return out
}
