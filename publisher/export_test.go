package publisher

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// urlOf maps an exported file back to the URL that serves it.
func urlOf(name string) string {
	name = filepath.ToSlash(name)
	switch name {
	case "index.html":
		return "/"
	case "opml.xml":
		return "/opml.xml"
	case "404.html":
		return "/no-such-page"
	}
	return "/" + strings.TrimSuffix(name, "/index.html")
}

func TestExportMatchesServedBytes(t *testing.T) {
	items := defaultItems()
	for i := range 2 * testConfig().Publish.MaxItems {
		items = append(items, testStory(100+i, "world"))
	}
	dup := testStory(500, "world")
	dup.DuplicateOf = items[0].ID
	items = append(items, dup)
	f := newFixture(t, items...)
	dir := t.TempDir()
	if err := f.pub.Export(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = true
		got, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		resp, body := f.get(urlOf(rel))
		want := http.StatusOK
		if rel == "404.html" {
			want = http.StatusNotFound
		}
		if resp.StatusCode != want {
			t.Errorf("%s: served with status %d", rel, resp.StatusCode)
		}
		if strings.HasSuffix(rel, ".html") {
			body = string(withMetaCSP([]byte(body))) // no header carries it
		}
		if !bytes.Equal(got, []byte(body)) {
			t.Errorf("%s: exported bytes differ from %s", rel, urlOf(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"index.html", "opml.xml", "404.html", "static/style.css", "static/time.js",
		"feeds/all.rss", "feeds/all.atom", "feeds/all.json", "feeds/middle-east.json", "feeds/world.atom", "feeds/world.ninjs",
		"c/all/index.html", "c/world/index.html", "c/world/page/2/index.html", "c/world/page/3/index.html",
		"a/s0000/index.html", "a/s0011/index.html", "a/s0141/index.html",
		"robots.txt", "sitemap.xml", "sitemap-news.xml", "sitemap-pages.xml", "favicon.ico", "favicon.svg",
	} {
		if !files[want] {
			t.Errorf("export lacks %s", want)
		}
	}
	if files["a/s0500/index.html"] {
		t.Error("a duplicate was exported")
	}
	if files["a/s0142/index.html"] {
		t.Error("a story in no feed was exported")
	}
	// 5 slugs × 4 feeds (RSS, Atom, JSON, ninjs), 5 category pages, 2 more pages each of world and
	// all, 5 site-wide files, 6 for crawlers (robots.txt, three sitemaps,
	// two favicons) and the 54 stories in some feed: the 12 defaults and
	// s0100..s0141 (world's 50 newest).
	if n := len(files); n != 20+5+4+5+6+54 {
		t.Errorf("%d files exported", n)
	}
	for name := range files {
		if strings.Contains(name, ".tmp-") {
			t.Errorf("temporary file left: %s", name)
		}
	}
}

func TestExportRendersWhenCold(t *testing.T) {
	p := New(testConfig(), newFakeStore(testStory(1, "energy")), Options{})
	dir := t.TempDir()
	if err := p.Export(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "feeds", "energy.rss")); err != nil {
		t.Fatal(err)
	}
}

func TestExportRejectsUnsafeIDs(t *testing.T) {
	evil := testStory(1, "world")
	evil.ID = "../../escape"
	f := newFixture(t, evil, testStory(2, "world"))
	dir := filepath.Join(t.TempDir(), "site")
	if err := f.pub.Export(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "..", "escape")); err == nil {
		t.Fatal("export escaped its directory")
	}
	if r, _ := f.get("/a/../../escape"); r.StatusCode != http.StatusNotFound {
		t.Errorf("status %d", r.StatusCode)
	}
}
