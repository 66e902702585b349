package feed

import (
	"strings"
	"testing"
)

// TestCategoryTitles: readers see category titles (RSS <category>, JSON
// Feed tags, Atom's label) while Atom's term keeps the stable slug; a slug
// with no title is shown as it is.
func TestCategoryTitles(t *testing.T) {
	ch := testChannel()
	ch.CategoryTitles = map[string]string{"middle-east": "Middle East", "lebanon": "Lebanon"}
	items := fixtureItems()[:1] // filed under middle-east and lebanon
	rss := string(render(t, RSS, ch, items))
	for _, want := range []string{"<category>Middle East</category>", "<category>Lebanon</category>"} {
		if !strings.Contains(rss, want) {
			t.Errorf("RSS lacks %s:\n%s", want, rss)
		}
	}
	if strings.Contains(rss, "<category>middle-east</category>") {
		t.Error("RSS <category> carries the slug")
	}
	atom := string(render(t, Atom, ch, items))
	if !strings.Contains(atom, `<category term="middle-east" scheme="https://wire.example.org/c/" label="Middle East"></category>`) {
		t.Errorf("Atom category lacks term slug and label title:\n%s", atom)
	}
	js := string(render(t, JSON, ch, items))
	if !strings.Contains(js, `"tags": [`+"\n"+`        "Middle East",`) {
		t.Errorf("JSON Feed tags are not the titles:\n%s", js)
	}
	ch.CategoryTitles = nil
	if rss := string(render(t, RSS, ch, items)); !strings.Contains(rss, "<category>middle-east</category>") {
		t.Error("a slug without a title is not shown as it is")
	}
}
