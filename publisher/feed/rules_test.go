package feed

import (
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/internal/htmlkit"
	"github.com/wiredesk/wiredesk/story"
)

// a names an element in the Atom namespace.
func a(local string) string { return atomNS + " " + local }

func render(t *testing.T, f func(Channel, []story.Item) ([]byte, error), ch Channel, items []story.Item) []byte {
	t.Helper()
	out, err := f(ch, items)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return out
}

func TestForbiddenCharactersStripped(t *testing.T) {
	cases := []struct{ name, bad string }{
		{"NUL", "\x00"},
		{"C0 control", "\x01\x08"},
		{"vertical tab and form feed", "\x0b\x0c"},
		{"escape", "\x1b"},
		{"DEL and C1 control", "\x7f\u0085\u009f"},
		{"U+FFFE and U+FFFF", "\ufffe\uffff"},
		{"invalid byte", "\xff\xfe"},
		{"lone surrogate", "\xed\xa0\x80\xed\xbf\xbf"},
		{"overlong NUL", "\xc0\x80"},
		{"truncated sequence", "\xe2\x82"},
	}
	for _, tc := range cases {
		dirty := func(s string) string { return s[:1] + tc.bad + s[1:] }
		ch := testChannel()
		ch.Title, ch.Description, ch.Byline = dirty(ch.Title), dirty(ch.Description), dirty(ch.Byline)
		it := fixtureItems()[0]
		it.Title, it.SummaryHTML, it.ContentHTML = dirty("Title"), dirty("<p>Sum</p>"), dirty("Body ]]> end")
		it.Agency, it.SourceTitle = dirty("Agency"), dirty("Feed")
		it.Categories = []string{dirty("lebanon")}
		it.Also = []story.Carrier{{Agency: dirty("Other"), URL: "https://other.example.net/x"}}
		for _, r := range renderers() {
			t.Run(tc.name+"/"+r.ext, func(t *testing.T) {
				out := render(t, r.render, ch, []story.Item{it})
				if !utf8.Valid(out) {
					t.Fatalf("output is not valid UTF-8")
				}
				for i, c := range string(out) {
					if !htmlkit.XMLChar(c) {
						t.Fatalf("forbidden %U at byte %d", c, i)
					}
				}
				if r.ext == "json" {
					checkJSONStrings(t, out)
					return
				}
				parseTree(t, out)
				for _, want := range []string{"Title", "lebanon", "Agency", "Staff, Agencies"} {
					if !strings.Contains(string(out), want) {
						t.Errorf("%q lost while stripping", want)
					}
				}
			})
		}
	}
}

func TestSelfAndAlternateLinks(t *testing.T) {
	cases := []struct{ slug, alternate string }{
		{"middle-east", "https://wire.example.org/c/middle-east"},
		{"all", "https://wire.example.org/"},
	}
	for _, tc := range cases {
		ch := testChannel()
		ch.Slug = tc.slug
		ch.BaseURL = "https://wire.example.org/" // a trailing slash must not double
		self := "https://wire.example.org/feeds/" + tc.slug
		t.Run(tc.slug+"/rss", func(t *testing.T) {
			c := parseTree(t, render(t, RSS, ch, fixtureItems())).one(t, "channel")
			links := c.linkRel(atomNS, "self")
			if len(links) != 1 || links[0].attr("href") != self+".rss" || links[0].attr("type") != "application/rss+xml" {
				t.Errorf("atom:link rel=self = %+v", links)
			}
			if got := c.text(t, "link"); got != tc.alternate {
				t.Errorf("<link> = %q, want %q", got, tc.alternate)
			}
		})
		t.Run(tc.slug+"/atom", func(t *testing.T) {
			f := parseTree(t, render(t, Atom, ch, fixtureItems()))
			self := f.linkRel(atomNS, "self")
			if len(self) != 1 || self[0].attr("href") != "https://wire.example.org/feeds/"+tc.slug+".atom" || self[0].attr("type") != "application/atom+xml" {
				t.Errorf("rel=self = %+v", self)
			}
			alt := f.linkRel(atomNS, "alternate")
			if len(alt) != 1 || alt[0].attr("href") != tc.alternate || alt[0].attr("type") != "text/html" {
				t.Errorf("rel=alternate = %+v", alt)
			}
		})
		t.Run(tc.slug+"/json", func(t *testing.T) {
			var doc struct {
				FeedURL  string `json:"feed_url"`
				HomePage string `json:"home_page_url"`
			}
			if err := json.Unmarshal(render(t, JSON, ch, nil), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.FeedURL != self+".json" || doc.HomePage != tc.alternate {
				t.Errorf("feed_url=%q home_page_url=%q", doc.FeedURL, doc.HomePage)
			}
		})
	}
}

func TestRSSBylineIsDCCreatorNotAuthor(t *testing.T) {
	c := parseTree(t, render(t, RSS, testChannel(), fixtureItems())).one(t, "channel")
	if len(c.all("managingEditor")) != 0 {
		t.Errorf("<managingEditor> must be an e-mail address; the byline is not one")
	}
	for _, it := range c.all("item") {
		if n := len(it.all("author")); n != 0 {
			t.Errorf("item has %d <author>: RSS 2.0 wants an e-mail address there", n)
		}
		if got := it.text(t, dcNS+" creator"); got != "Staff, Agencies" {
			t.Errorf("dc:creator = %q", got)
		}
		// The upstream link must not be dc:source next to <source>
		// (W3C DuplicateItemSemantics).
		if len(it.all(dcNS+" source")) != 0 {
			t.Errorf("dc:source next to <source>")
		}
	}
}

var (
	rfc822UTC  = regexp.MustCompile(`^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$`)
	rfc3339UTC = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)
)

func TestDatesAreUTC(t *testing.T) {
	ny := time.FixedZone("EST", -5*3600)
	ch := testChannel()
	ch.Updated = time.Date(2026, 3, 2, 4, 30, 0, 999, ny)
	it := fixtureItems()[0]
	it.PublishedAt = time.Date(2026, 3, 1, 21, 0, 0, 500, ny) // 02:00Z on the 2nd
	it.UpdatedAt = time.Date(2026, 3, 1, 22, 0, 0, 0, ny)
	items := []story.Item{it}

	c := parseTree(t, render(t, RSS, ch, items)).one(t, "channel")
	dates := map[string]string{
		"pubDate":       c.text(t, "pubDate"),
		"lastBuildDate": c.text(t, "lastBuildDate"),
		"item pubDate":  c.one(t, "item").text(t, "pubDate"),
	}
	for name, d := range dates {
		if !rfc822UTC.MatchString(d) {
			t.Errorf("RSS %s = %q, want RFC 822 in +0000", name, d)
		}
	}
	if got := dates["item pubDate"]; got != "Mon, 02 Mar 2026 02:00:00 +0000" {
		t.Errorf("item pubDate = %q", got)
	}

	f := parseTree(t, render(t, Atom, ch, items))
	e := f.one(t, a("entry"))
	for name, d := range map[string]string{
		"feed updated":    f.text(t, a("updated")),
		"entry updated":   e.text(t, a("updated")),
		"entry published": e.text(t, a("published")),
		"source updated":  e.one(t, a("source")).text(t, a("updated")),
	} {
		if !rfc3339UTC.MatchString(d) {
			t.Errorf("Atom %s = %q, want RFC 3339 in Z", name, d)
		}
	}
	if got := e.text(t, a("updated")); got != "2026-03-02T03:00:00Z" {
		t.Errorf("entry updated = %q", got)
	}

	var doc struct {
		Items []struct {
			Published string `json:"date_published"`
			Modified  string `json:"date_modified"`
		} `json:"items"`
	}
	if err := json.Unmarshal(render(t, JSON, ch, items), &doc); err != nil {
		t.Fatal(err)
	}
	if p, m := doc.Items[0].Published, doc.Items[0].Modified; p != "2026-03-02T02:00:00Z" || m != "2026-03-02T03:00:00Z" {
		t.Errorf("JSON dates = %q, %q", p, m)
	}
}

func TestZeroTimesAreEpochNotNow(t *testing.T) {
	ch := testChannel()
	ch.Updated = time.Time{}
	it := story.Item{ID: "x1", Title: "No dates at all"}
	c := parseTree(t, render(t, RSS, ch, []story.Item{it})).one(t, "channel")
	if got := c.text(t, "lastBuildDate"); got != "Thu, 01 Jan 1970 00:00:00 +0000" {
		t.Errorf("lastBuildDate = %q", got)
	}
	if got := c.one(t, "item").text(t, "pubDate"); got != "Thu, 01 Jan 1970 00:00:00 +0000" {
		t.Errorf("pubDate = %q", got)
	}
	f := parseTree(t, render(t, Atom, ch, []story.Item{it}))
	if got := f.text(t, a("updated")); got != "1970-01-01T00:00:00Z" {
		t.Errorf("feed updated = %q", got)
	}
}

func TestEmptyFeedIsValid(t *testing.T) {
	c := parseTree(t, render(t, RSS, testChannel(), nil)).one(t, "channel")
	for _, el := range []string{"title", "link", "description"} {
		if c.text(t, el) == "" {
			t.Errorf("RSS <%s> empty", el)
		}
	}
	if len(c.all("item")) != 0 {
		t.Errorf("items in an empty feed")
	}
	f := parseTree(t, render(t, Atom, testChannel(), nil))
	for _, el := range []string{"id", "title", "updated"} {
		if f.text(t, a(el)) == "" {
			t.Errorf("Atom <%s> empty", el)
		}
	}
	if f.one(t, a("author")).text(t, a("name")) != "Staff, Agencies" {
		t.Errorf("Atom feed author missing")
	}
}

func TestBaseURLMustBeAbsolute(t *testing.T) {
	for _, base := range []string{"", "wire.example.org", "/relative", "ftp://wire.example.org", "https://"} {
		ch := testChannel()
		ch.BaseURL = base
		for _, r := range renderers() {
			if _, err := r.render(ch, fixtureItems()); !errors.Is(err, ErrBaseURL) {
				t.Errorf("%s with base %q: err = %v, want ErrBaseURL", r.ext, base, err)
			}
		}
	}
}

func TestNamespacesDeclaredOnceAtRoot(t *testing.T) {
	cases := []struct {
		ext    string
		render func(Channel, []story.Item) ([]byte, error)
		want   []string
	}{
		{"rss", RSS, []string{"content", "dc", "atom", "media"}},
		{"atom", Atom, []string{"", "media"}},
	}
	for _, tc := range cases {
		t.Run(tc.ext, func(t *testing.T) {
			root := parseTree(t, render(t, tc.render, testChannel(), fixtureItems()))
			if !slices.Equal(root.Declares, tc.want) {
				t.Errorf("root declares %q, want %q", root.Declares, tc.want)
			}
			root.walk(func(n *node) {
				if n != root && len(n.Declares) > 0 {
					t.Errorf("<%s> redeclares %q", n.Local, n.Declares)
				}
			})
		})
	}
}

func TestMalformedLanguageLeftOut(t *testing.T) {
	ch := testChannel()
	ch.Language = "en_US"
	root := parseTree(t, render(t, Atom, ch, nil))
	for _, at := range root.Attr {
		if at.Name.Local == "lang" {
			t.Errorf("xml:lang=%q written for a malformed tag", at.Value)
		}
	}
	if n := len(parseTree(t, render(t, RSS, ch, nil)).one(t, "channel").all("language")); n != 0 {
		t.Errorf("<language> written for a malformed tag")
	}
}
