package publisher

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

func TestPagesAutodiscoveryAndCSP(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		target, slug string
	}{
		{"/", "all"},
		{"/c/all", "all"},
		{"/c/world", "world"},
		{"/c/lebanon", "lebanon"},
		{"/a/s0002", "lebanon"}, // first of its categories
		{"/a/s0000", "world"},
		{"/c/nope", "all"}, // the 404 page too
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			resp, body := f.get(tt.target)
			if got := resp.Header.Get("Content-Security-Policy"); got != cspPolicy {
				t.Errorf("CSP %q", got)
			}
			if got := resp.Header.Get("Content-Type"); got != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", got)
			}
			for _, want := range []string{
				`<link rel="alternate" type="application/rss+xml" title="`,
				`href="http://wire.test/feeds/` + tt.slug + `.rss">`,
				`<link rel="alternate" type="application/atom+xml"`,
				`href="http://wire.test/feeds/` + tt.slug + `.atom">`,
				`<link rel="alternate" type="application/feed+json"`,
				`href="http://wire.test/feeds/` + tt.slug + `.json">`,
				`<meta name="viewport" content="width=device-width, initial-scale=1">`,
				`<html lang="en" dir="ltr">`,
				`<link rel="stylesheet" href="/static/style.css">`,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %s", want)
				}
			}
			if strings.Contains(strings.ToLower(withoutJSONLD(withoutSiteScript(body))), "<script") {
				t.Error("page carries a script other than the site's own time.js and its JSON-LD data")
			}
		})
	}
}

// withoutSiteScript removes the site's own script element (static/time.js,
// same origin, no inline code) from a page.
func withoutSiteScript(body string) string {
	return strings.Replace(body, `<script src="/static/time.js" defer></script>`, "", 1)
}

func TestHostileTextIsEscaped(t *testing.T) {
	evil := testStory(0, "world")
	evil.Title = `<script>alert("t")</script> & "quotes"`
	evil.Agency = `<img src=x onerror=alert(1)>`
	evil.Places = []string{`<b>Beirut</b>`}
	evil.Also = []story.Carrier{{Agency: `<i>Other</i>`, URL: `javascript:alert(1)`}}
	evil.ImageURL = `javascript:alert(2)`
	evil.Link = `javascript:alert(3)`
	f := newFixture(t, evil)
	cfg := testConfig()
	cfg.Site.Title = `Wire </title><script>x</script>`
	cfg.Categories[3].Title = `"><script>c</script>`
	f.pub.SetConfig(cfg)
	if err := f.pub.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/", "/c/world", "/a/s0000", "/c/nope"} {
		t.Run(target, func(t *testing.T) {
			_, body := f.get(target)
			body = withoutSiteScript(body)
			for _, bad := range []string{"<script", "<img src=x", "<b>Beirut", "<i>Other", "javascript:"} {
				if strings.Contains(withoutJSONLD(body), bad) {
					t.Errorf("unescaped %q in page", bad)
				}
			}
		})
	}
	_, body := f.get("/a/s0000")
	if !strings.Contains(body, "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; &amp; &#34;quotes&#34;") {
		t.Errorf("escaped title not shown:\n%s", body)
	}
}

func TestStoryPage(t *testing.T) {
	it := testStory(3, "lebanon", "middle-east")
	it.Also = []story.Carrier{{Agency: "Gulf News Agency", URL: "https://gulf.example/a/1"}, {Agency: "Levant Wire"}}
	it.Places = []string{"Beirut (LB, dateline)", "Lebanon (LB, text)"}
	it.Author = "Jane Upstream"
	it.ImageCaption, it.ImageCredit = "Rescuers search the rubble in Tyre", "Photo: Jane Doe/Example Press"
	f := newFixture(t, it)
	resp, body := f.get("/a/" + it.ID)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{
		"<h1>" + it.Title + "</h1>",
		`<a href="/c/lebanon">Lebanon</a>, <a href="/c/middle-east">Middle East</a>`,
		`<time datetime="2026-03-14T11:32:00Z">14 Mar 2026, 11:32 UTC</time>`,
		`<script src="/static/time.js" defer></script>`,
		"By Staff, Agencies",
		`<img src="https://img.example.org/3.jpg" alt="Rescuers search the rubble in Tyre">`,
		`<figcaption>Rescuers search the rubble in Tyre <span class="credit">Photo: Jane Doe/Example Press</span></figcaption>`,
		"<p>Officials said on <b>Friday</b> that talks would continue.</p><p>Second paragraph.</p>",
		`Source: <a href="https://example.org/news/3" rel="nofollow noopener">Example Press</a>`,
		`Also carried by: <a href="https://gulf.example/a/1" rel="nofollow noopener">Gulf News Agency</a>, Levant Wire`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("story page lacks %s", want)
		}
	}
	if strings.Contains(body, "Jane Upstream") {
		t.Error("upstream author shown; the site byline is the author")
	}
	if strings.Contains(body, "Filed under") || strings.Contains(body, "Beirut (LB, dateline)") || strings.Contains(body, " ago") {
		t.Error("reader page shows the operator's filing explanation or a relative time frozen at render time")
	}
	plain := testStory(4, "world")
	f.st.put(plain)
	if _, body := f.get("/a/" + plain.ID); strings.Contains(body, "Filed under") || strings.Contains(body, "Also carried") {
		t.Error("story without places or carriers shows those lines")
	}
}

func TestNotFoundIsHelpful(t *testing.T) {
	f := newFixture(t)
	for _, target := range []string{
		"/c/nope", "/c/nope/", "/feeds/nope.rss", "/feeds/world.xml", "/a/unknown", "/a/..%2f..%2fetc",
		"/a/", "/nothing", "/c/world?page=99", "/c/world?page=abc", "/c/world/page/0", "/c/world?page=-1",
	} {
		t.Run(target, func(t *testing.T) {
			resp, body := f.get(target)
			if resp.StatusCode != http.StatusNotFound {
				t.Fatalf("status %d", resp.StatusCode)
			}
			for _, want := range []string{"Not found", `<a href="/c/world">World</a>`, `<a href="/c/middle-east">Middle East</a>`, `<a href="/c/all">All stories</a>`} {
				if !strings.Contains(body, want) {
					t.Errorf("404 page lacks %s", want)
				}
			}
		})
	}
}

func TestDuplicateRedirects(t *testing.T) {
	orig := testStory(1, "world")
	dup := testStory(2, "world")
	dup.DuplicateOf = orig.ID
	f := newFixture(t, orig, dup)
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		resp := f.do(method, "/a/"+dup.ID)
		if resp.StatusCode != http.StatusMovedPermanently {
			t.Fatalf("%s status %d", method, resp.StatusCode)
		}
		if got := resp.Header.Get("Location"); got != "/a/"+orig.ID {
			t.Errorf("Location %q", got)
		}
	}
}

func TestWithdrawnIsGone(t *testing.T) {
	it := testStory(1, "world")
	it.WithdrawnAt = t0.Add(-time.Minute)
	it.WithdrawReason = "legal <request>"
	f := newFixture(t, it, testStory(2, "world"))
	resp, body := f.get("/a/" + it.ID)
	if resp.StatusCode != http.StatusGone {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if !strings.Contains(body, "withdrawn") || strings.Contains(body, "legal") {
		t.Errorf("410 page must say only that the story was withdrawn, not the operator's reason:\n%s", body)
	}
	if _, feed := f.get("/feeds/world.rss"); strings.Contains(feed, it.Link) {
		t.Error("withdrawn story still in the feed")
	}
}

func TestPagination(t *testing.T) {
	pageSize := testConfig().Publish.MaxItems
	var items []story.Item
	for i := range 2*pageSize + 5 {
		items = append(items, testStory(i, "world"))
	}
	f := newFixture(t, items...)
	_, first := f.get("/c/world")
	if !strings.Contains(first, `<a rel="next" href="/c/world/page/2">`) || strings.Contains(first, `rel="prev"`) {
		t.Errorf("page 1 pager wrong:\n%s", first)
	}
	r2, q := f.get("/c/world?page=2")
	r2b, p := f.get("/c/world/page/2")
	if r2.StatusCode != 200 || r2b.StatusCode != 200 || q != p {
		t.Fatalf("page 2: %d/%d, same=%v", r2.StatusCode, r2b.StatusCode, q == p)
	}
	if !strings.Contains(p, `<a rel="prev" href="/c/world">`) || !strings.Contains(p, `href="/c/world/page/3"`) {
		t.Errorf("page 2 pager wrong")
	}
	if !strings.Contains(p, `href="/a/`+items[pageSize].ID+`"`) || strings.Contains(p, `href="/a/`+items[0].ID+`"`) {
		t.Error("page 2 holds the wrong stories")
	}
	_, last := f.get("/c/world/page/3")
	if strings.Contains(last, `rel="next"`) || !strings.Contains(last, items[len(items)-1].ID) {
		t.Error("page 3 wrong")
	}
	if r, _ := f.get("/c/world/page/4"); r.StatusCode != 404 {
		t.Errorf("page 4: %d", r.StatusCode)
	}
	if r, body := f.get("/c/world?page=1"); r.StatusCode != 200 || body != first {
		t.Error("?page=1 differs from the category page")
	}
	_, front := f.get("/")
	if !strings.Contains(front, `href="/c/all/page/2"`) {
		t.Error("front page does not link to older stories")
	}
}

func TestBasePath(t *testing.T) {
	f := newFixture(t)
	cfg := testConfig()
	cfg.Site.BaseURL = "https://example.org/wire"
	f.pub.SetConfig(cfg)
	if err := f.pub.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, body := f.get("/wire/c/world")
	for _, want := range []string{`href="/wire/static/style.css"`, `href="/wire/c/energy"`, `href="/wire/a/s0000"`, `href="https://example.org/wire/feeds/world.atom"`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	for _, target := range []string{"/wire/feeds/world.rss", "/feeds/world.rss", "/wire/", "/wire", "/wire/a/s0001"} {
		if r, _ := f.get(target); r.StatusCode != 200 {
			t.Errorf("%s: status %d", target, r.StatusCode)
		}
	}
}

// TestPagesHoldMaxItems: publish.max_items is the number of stories on a
// listing page, as in a feed.
func TestPagesHoldMaxItems(t *testing.T) {
	var items []story.Item
	for i := range 10 {
		items = append(items, testStory(i, "world"))
	}
	cfg := testConfig()
	cfg.Publish.MaxItems = 7
	f := &fixture{t: t, st: newFakeStore(items...), now: t0}
	f.pub = New(cfg, f.st, Options{Now: func() time.Time { return f.now }})
	if err := f.pub.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.h = f.pub.Handler()
	for path, want := range map[string]int{"/": 7, "/c/world": 7, "/c/world/page/2": 3} {
		_, body := f.get(path)
		if n := strings.Count(body, `<h2><a href="/a/`); n != want {
			t.Errorf("%s lists %d stories, want %d", path, n, want)
		}
	}
	_, rss := f.get("/feeds/world.rss")
	if n := strings.Count(rss, "<item>"); n != 7 {
		t.Errorf("feed holds %d stories, want 7", n)
	}
}

// withoutJSONLD removes the opening tag of the page's JSON-LD data block
// (never run by browsers; its content stays, to be checked), so that a
// test can look for any other script.
func withoutJSONLD(body string) string {
	return strings.Replace(body, `<script type="application/ld+json">`, "", 1)
}
