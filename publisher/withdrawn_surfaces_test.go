package publisher

import (
	"context"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/publisher/feed"
	"github.com/wiredesk/wiredesk/store/sqlite"
)

// TestWithdrawnGoneFromEverySurface withdraws a public story and a
// partner-only one, then reads every surface, public and partner: story
// pages answer 410 without the operator's reason or who acted, and no
// feed (RSS, Atom, JSON, ninjs), cursor page, archive, sitemap or
// exported file carries their copy; the cursor carries only a deletion.
func TestWithdrawnGoneFromEverySurface(t *testing.T) {
	items := partnerItems()
	copyOf := []string{"Withdrawn wire copy 5e0a", "Withdrawn public copy 9d3f"}
	for i, n := range []int{0, 2} {
		items[n].Title, items[n].ContentHTML, items[n].SummaryHTML = copyOf[i], "<p>"+copyOf[i]+" body.</p>", "<p>"+copyOf[i]+" lead.</p>"
	}
	f := archiveFixture(t, items...)
	ctx := context.Background()
	db := f.pub.st.(*sqlite.DB)
	const reason, by = "legal request 7c1d", "editor-4b2e"
	for _, id := range []string{"s0000", "s0002"} { // partner-only, public
		if _, err := db.Withdraw(ctx, id, reason, by); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.pub.RebuildAll(ctx); err != nil {
		t.Fatal(err)
	}
	secret := []string{reason, by}
	check := func(who, path string, body string) {
		t.Helper()
		for _, s := range append(copyOf, secret...) {
			if strings.Contains(body, s) {
				t.Errorf("%s %s holds %q of a withdrawn story", who, path, s)
			}
		}
	}
	herald := "/p/" + heraldToken
	var paths []string
	for _, slug := range []string{"all", "world", "wires", "middle-east", "lebanon", "energy"} {
		for _, ext := range []string{"rss", "atom", "json", "ninjs"} {
			paths = append(paths, "/feeds/"+slug+"."+ext)
		}
		paths = append(paths, "/feeds/"+slug+".json?after=0", "/feeds/"+slug+archiveDayPath+"rss", "/feeds/"+slug+archiveDayPath+"atom", "/c/"+slug)
	}
	paths = append(paths, "/", "/sitemap-news.xml", "/sitemap-pages.xml")
	for _, p := range paths {
		for _, who := range []string{"public", "partner"} {
			target := p
			if who == "partner" {
				target = herald + p
				if strings.HasPrefix(p, "/c/") || !strings.HasPrefix(p, "/feeds/") {
					continue
				}
			}
			resp, body := f.get(target)
			if who == "partner" && resp.StatusCode != http.StatusOK {
				t.Errorf("partner %s: %d", p, resp.StatusCode)
			}
			check(who, p, body)
		}
	}
	for _, id := range []string{"s0000", "s0002"} {
		for _, target := range []string{"/a/" + id, herald + "/a/" + id} {
			resp, body := f.get(target)
			if target == herald+"/a/"+id && resp.StatusCode != http.StatusGone || id == "s0002" && resp.StatusCode != http.StatusGone {
				t.Errorf("%s: %d, want 410", target, resp.StatusCode)
			}
			check("", target, body)
		}
	}
	// Atom tombstones (RFC 6721) name the story and link its upstream
	// copy: the public "all" has the public story's only.
	wireID, wireLink := feed.StoryID("s0000"), "https://example.org/news/0"
	for _, tc := range []struct {
		target          string
		public, private bool
	}{{"/feeds/all.atom", true, false}, {herald + "/feeds/all.atom", true, true}, {herald + "/feeds/wires.atom", false, true}} {
		_, body := f.get(tc.target)
		if got := strings.Contains(body, `ref="`+feed.StoryID("s0002")+`"`); got != tc.public {
			t.Errorf("%s: tombstone of the public story present=%v", tc.target, got)
		}
		if got := strings.Contains(body, `ref="`+wireID+`"`); got != tc.private || strings.Contains(body, wireLink+`"`) != tc.private {
			t.Errorf("%s: tombstone of the partner-only story present=%v", tc.target, got)
		}
	}
	dir := t.TempDir()
	if err := f.pub.Export(ctx, dir); err != nil {
		t.Fatal(err)
	}
	if err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		check("export", path, string(b))
		if strings.Contains(string(b), wireID) || strings.Contains(string(b), wireLink+`"`) {
			t.Errorf("export %s names the withdrawn partner-only story", path)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}
