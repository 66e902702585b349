package feed

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/internal/htmlkit"
	"github.com/wiredesk/wiredesk/story"
)

// FuzzRender feeds arbitrary upstream-derived strings through all three
// renderers: output must always be well-formed UTF-8 XML or valid JSON
// without a character XML 1.0 forbids, and RSS content:encoded must come
// back exactly as the cleaned input, whatever "]]>" it holds.
func FuzzRender(f *testing.F) {
	for _, it := range fixtureItems() {
		f.Add(it.ID, it.Title, it.SummaryHTML, it.ContentHTML, it.Agency, it.Link, it.ImageURL, "lebanon")
	}
	f.Add("]]>", "]]>", "<![CDATA[x]]>", "]]]]>]]>", "&", "https://a.example/]]>", "https://a.example/i.png?a=]]>", "]]>")
	f.Add("\x00", "&#1;&#0;&#xD800;", "&#x1b;<p>&#xFFFE;</p>", "\xed\xa0\x80", "\u0085", "javascript:x", "", "")
	f.Fuzz(func(t *testing.T, id, title, summary, content, agency, link, image, cat string) {
		it := story.Item{
			ID: id, Title: title, SummaryHTML: summary, ContentHTML: content,
			Agency: agency, Link: link, ImageURL: image, SourceURL: link,
			Categories: []string{cat}, Also: []story.Carrier{{Agency: agency, URL: link}},
		}
		ch := testChannel()
		c, err := newChannel(ch)
		if err != nil {
			t.Fatal(err)
		}
		want := newStory(c, it)
		for _, r := range renderers() {
			out, err := r.render(ch, []story.Item{it})
			if err != nil {
				t.Fatalf("%s: %v", r.ext, err)
			}
			if !utf8.Valid(out) {
				t.Fatalf("%s: invalid UTF-8", r.ext)
			}
			for _, c := range string(out) {
				if !htmlkit.XMLChar(c) {
					t.Fatalf("%s: forbidden %U", r.ext, c)
				}
			}
			switch r.ext {
			case "json":
				if !json.Valid(out) {
					t.Fatalf("invalid JSON:\n%s", out)
				}
				checkJSONStrings(t, out)
			case "rss":
				item := parseTree(t, out).one(t, "channel").one(t, "item")
				if got := item.one(t, contNS+" encoded").Text; got != want.contentHTML {
					t.Fatalf("content:encoded = %q, want %q", got, want.contentHTML)
				}
				if got := strings.TrimSpace(item.one(t, "guid").Text); got != StoryID(id) {
					t.Fatalf("guid = %q", got)
				}
				if item.text(t, "title") == "" {
					t.Fatalf("empty title")
				}
			case "atom":
				entry := parseTree(t, out).one(t, a("entry"))
				if got := entry.one(t, a("content")).Text; got != want.contentHTML {
					t.Fatalf("atom content = %q, want %q", got, want.contentHTML)
				}
			}
		}
	})
}

// FuzzPlainText checks the HTML flattener on arbitrary markup: it must not
// panic, and its output is one clean line of text.
func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"<p>a</p>", "<", "a<b", `<a title=">">x</a>`, "<!--", "<script>", "&#1;&lt;p&gt;", "<style>x</style", "\xff<"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := plainText(in)
		if out != strings.TrimSpace(out) || strings.ContainsAny(out, "\n\t\r") || strings.Contains(out, "  ") {
			t.Fatalf("plainText(%q) = %q: not one trimmed line", in, out)
		}
		for _, c := range out {
			if !htmlkit.XMLChar(c) {
				t.Fatalf("plainText(%q) kept %U", in, c)
			}
		}
	})
}
