package aggregator

import (
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/aggregator/source/feed"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/story"
)

// testFeedURL is the source URL of the normalization tests.
const testFeedURL = "https://feeds.example.org/world.rss"

// normalizeRSS parses an RSS 2.0 channel holding items and normalizes it.
func normalizeRSS(t *testing.T, items string) []story.Item {
	t.Helper()
	body := `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" ` +
		`xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
		`<channel><title>T</title><link>https://www.example.org/news/</link>` + items + `</channel></rss>`
	doc, err := feed.Parse([]byte(body), "", testFeedURL)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	src := config.Source{Name: "Example Wire", URL: testFeedURL, Category: "world"}
	return newNormalizer().Items(doc, src, fixtureNow)
}

// normalizeOne normalizes a single RSS item.
func normalizeOne(t *testing.T, item string) story.Item {
	t.Helper()
	items := normalizeRSS(t, "<item>"+item+"</item>")
	if len(items) != 1 {
		t.Fatalf("got %d items, want 1", len(items))
	}
	return items[0]
}

func TestNormalizeTitle(t *testing.T) {
	tests := []struct{ name, title, want string }{
		{"plain", "Plain title", "Plain title"},
		{"escaped markup", "&lt;b&gt;Bold&lt;/b&gt; news", "Bold news"},
		{"cdata markup", "<![CDATA[<i>Italic</i> news]]>", "Italic news"},
		{"double escaped", "AT&amp;amp;T deal", "AT&T deal"},
		{"triple escaped", "AT&amp;amp;amp;T deal", "AT&T deal"},
		{"escaped script", "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;Hi", "Hi"},
		{"numeric entity", "&amp;#169; 2025 &#8211; ok", "© 2025 – ok"},
		{"nbsp", "a&amp;nbsp;b&#160;c", "a b c"},
		{"whitespace", "  lots \n\t of \u00a0  space ", "lots of space"},
		{"less than kept", "5 &lt; 6 and 7 &gt; 3", "5 < 6 and 7 > 3"},
		{"ampersand kept", "Q&amp;A: rock & roll", "Q&A: rock & roll"},
		{"unclosed tag", "Alert &lt;img src=x onerror=alert(1)", "Alert"},
		{"nested fake tag", "&lt;&lt;b&gt;b&gt;x", "x"},
		{"zero-width obfuscation", "&lt;&#8203;script>x", "< script>x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := normalizeOne(t, "<title>"+tt.title+"</title><link>https://www.example.org/a</link>")
			if it.Title != tt.want {
				t.Errorf("Title = %q, want %q", it.Title, tt.want)
			}
		})
	}
}

func TestNormalizeTitleFallbackAndLength(t *testing.T) {
	long := strings.Repeat("word ", 250000) // 1.25 MB
	tests := []struct {
		name, item string
		check      func(t *testing.T, title string)
	}{
		{"from summary", "<description>&lt;p&gt;First words of the summary.&lt;/p&gt;</description>",
			func(t *testing.T, title string) {
				if title != "First words of the summary." {
					t.Errorf("Title = %q", title)
				}
			}},
		{"from long summary", "<description>" + long + "</description>",
			func(t *testing.T, title string) {
				if n := utf8.RuneCountInString(title); n > fallbackTitleRunes || !strings.HasSuffix(title, "word…") {
					t.Errorf("Title has %d runes: %q", n, title)
				}
			}},
		{"huge title", "<title>" + long + "</title>",
			func(t *testing.T, title string) {
				if n := utf8.RuneCountInString(title); n > maxTitleRunes || !strings.HasSuffix(title, "word…") {
					t.Errorf("Title has %d runes, ends %q", n, title[len(title)-10:])
				}
			}},
		{"from media title", `<media:title>Media &amp;amp; title</media:title><description>summary</description>`,
			func(t *testing.T, title string) {
				if title != "Media & title" {
					t.Errorf("Title = %q", title)
				}
			}},
		{"from media group title", `<media:group><media:title>Grouped</media:title></media:group>`,
			func(t *testing.T, title string) {
				if title != "Grouped" {
					t.Errorf("Title = %q", title)
				}
			}},
		{"no title no text", "<link>https://www.example.org/x</link>",
			func(t *testing.T, title string) {
				if title != "" {
					t.Errorf("Title = %q, want empty", title)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, normalizeOne(t, tt.item).Title) })
	}
}

func TestTruncateWords(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"one two three four five", 15, "one two three…"},
		{"one two three four five", 12, "one two thr…"},
		{"averyveryverylongword", 8, "averyve…"},
		{"Ünïcödé wörds hëre", 10, "Ünïcödé…"},
		{"ends with comma, then more", 17, "ends with comma…"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := truncateWords(tt.in, tt.max)
			if got != tt.want || utf8.RuneCountInString(got) > tt.max {
				t.Errorf("truncateWords(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
}

func TestNormalizeLinkAndKey(t *testing.T) {
	tests := []struct {
		name, item, link, key, guid string
	}{
		{"absolute link, no guid", "<title>a</title><link>https://www.example.org/a?utm_source=x#frag</link>",
			"https://www.example.org/a", "https://www.example.org/a", ""},
		{"relative link against feed link", "<title>a</title><link>story/1</link>",
			"https://www.example.org/news/story/1", "https://www.example.org/news/story/1", ""},
		{"root-relative link", "<title>a</title><link>/b</link>",
			"https://www.example.org/b", "https://www.example.org/b", ""},
		{"guid wins over link", "<title>a</title><link>https://www.example.org/a</link><guid isPermaLink=\"false\"> id-1 </guid>",
			"https://www.example.org/a", "id-1", "id-1"},
		{"permalink guid canonicalized", "<title>a</title><guid>HTTPS://WWW.EXAMPLE.ORG/g?fbclid=1</guid>",
			"https://www.example.org/g", "https://www.example.org/g", "HTTPS://WWW.EXAMPLE.ORG/g?fbclid=1"},
		{"non-permalink guid not a link", "<title>a</title><guid isPermaLink=\"false\">https://www.example.org/g</guid>",
			"", "https://www.example.org/g", "https://www.example.org/g"},
		{"javascript link refused", "<title>a</title><link>javascript:alert(1)</link>",
			"", "sha256:" + hashHex("a\n"), ""},
		{"hash of title and date", "<title>a</title><pubDate>Tue, 03 Jun 2025 10:00:00 GMT</pubDate>",
			"", "sha256:" + hashHex("a\n2025-06-03T10:00:00Z"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := normalizeOne(t, tt.item)
			if it.Link != tt.link || it.Key != tt.key || it.GUID != tt.guid {
				t.Errorf("Link, Key, GUID = %q, %q, %q; want %q, %q, %q", it.Link, it.Key, it.GUID, tt.link, tt.key, tt.guid)
			}
			if want := ItemID(testFeedURL, tt.key); it.ID != want {
				t.Errorf("ID = %q, want %q", it.ID, want)
			}
		})
	}
}

func TestNormalizeDuplicateKeys(t *testing.T) {
	items := normalizeRSS(t, `
		<item><title>first</title><guid>g1</guid></item>
		<item><title>second</title><guid>g2</guid></item>
		<item><title>first again</title><guid> g1 </guid></item>
		<item><title>by link</title><link>https://www.example.org/x?utm_medium=a</link></item>
		<item><title>by link again</title><link>https://www.example.org/x</link></item>`)
	var titles []string
	for _, it := range items {
		titles = append(titles, it.Title)
	}
	if got, want := strings.Join(titles, "|"), "first|second|by link"; got != want {
		t.Errorf("kept %q, want %q", got, want)
	}
}

func TestItemIDStable(t *testing.T) {
	// Pinned: changing ItemID changes every public story URL.
	if got, want := ItemID("https://example.org/feed", "guid-1"), "83b4bbf024214198"; got != want {
		t.Errorf("ItemID = %q, want %q", got, want)
	}
	if ItemID("https://a.example/", "k") == ItemID("https://b.example/", "k") {
		t.Error("ItemID ignores the source URL")
	}
}

func TestNormalizeTimes(t *testing.T) {
	now := fixtureNow
	tests := []struct {
		name, item    string
		pub, upd      time.Time
		wantFirstSeen time.Time
	}{
		{"published with zone", "<pubDate>Tue, 03 Jun 2025 10:00:00 +0200</pubDate>",
			time.Date(2025, 6, 3, 8, 0, 0, 0, time.UTC), time.Date(2025, 6, 3, 8, 0, 0, 0, time.UTC), now},
		{"no date", "", now, now, now},
		{"garbage date", "<pubDate>yesterday-ish</pubDate>", now, now, now},
		{"far future", "<pubDate>Tue, 03 Jun 2099 10:00:00 GMT</pubDate>", now, now, now},
		{"five minutes ahead kept", "<pubDate>Tue, 10 Jun 2025 00:05:00 GMT</pubDate>",
			now.Add(5 * time.Minute), now.Add(5 * time.Minute), now},
		{"eleven minutes ahead", "<pubDate>Tue, 10 Jun 2025 00:11:00 GMT</pubDate>", now, now, now},
		{"before 1990", "<pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate>", now, now, now},
		{"updated only", "<dc:date>2025-06-05T12:00:00Z</dc:date>",
			time.Date(2025, 6, 5, 12, 0, 0, 0, time.UTC), time.Date(2025, 6, 5, 12, 0, 0, 0, time.UTC), now},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := normalizeOne(t, "<title>t</title><link>https://www.example.org/t</link>"+tt.item)
			if !it.PublishedAt.Equal(tt.pub) || !it.UpdatedAt.Equal(tt.upd) || !it.FirstSeenAt.Equal(tt.wantFirstSeen) {
				t.Errorf("Published, Updated, FirstSeen = %v, %v, %v; want %v, %v, %v",
					it.PublishedAt, it.UpdatedAt, it.FirstSeenAt, tt.pub, tt.upd, tt.wantFirstSeen)
			}
			if it.PublishedAt.Location() != time.UTC || it.UpdatedAt.Location() != time.UTC {
				t.Error("times not in UTC")
			}
		})
	}
}

func TestNormalizeAtomTimes(t *testing.T) {
	body := `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
		<entry><id>a</id><title>a</title><published>2025-06-01T00:00:00Z</published><updated>2025-06-02T00:00:00+02:00</updated></entry>
		<entry><id>b</id><title>b</title><published>2025-06-03T00:00:00Z</published><updated>2025-06-01T00:00:00Z</updated></entry>
		<entry><id>c</id><title>c</title><updated>2025-06-04T00:00:00Z</updated></entry></feed>`
	doc, err := feed.Parse([]byte(body), "", testFeedURL)
	if err != nil {
		t.Fatal(err)
	}
	items := newNormalizer().Items(doc, config.Source{URL: testFeedURL}, fixtureNow)
	day := func(d, h int) time.Time { return time.Date(2025, 6, d, h, 0, 0, 0, time.UTC) }
	want := [][2]time.Time{{day(1, 0), day(1, 22)}, {day(3, 0), day(3, 0)}, {day(4, 0), day(4, 0)}}
	for i, it := range items {
		if !it.PublishedAt.Equal(want[i][0]) || !it.UpdatedAt.Equal(want[i][1]) {
			t.Errorf("%s: published %v updated %v, want %v %v", it.Title, it.PublishedAt, it.UpdatedAt, want[i][0], want[i][1])
		}
	}
}

// hashHex is the hex SHA-256 of s.
func hashHex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// sourceFor is a source for url with an agency.
func sourceFor(url string) config.Source {
	return config.Source{Name: "Example Wire", URL: url}
}

func TestTextThatIsEvidentlyHTML(t *testing.T) {
	for _, tc := range []struct {
		in   string
		text bool
		want string
	}{
		{"<p>Beirut — talks resume.</p>", true, "<p>Beirut — talks resume.</p>"},
		{"line one<br>line two", true, "line one<br>line two"},
		{"Profits rose 5% <in> Q3 & beyond", true, "Profits rose 5% &lt;in&gt; Q3 &amp; beyond"},
		{"a < b and c > d", true, "a &lt; b and c &gt; d"},
		{"<b>bold</b>", false, "<b>bold</b>"},
	} {
		if got := asHTML(tc.in, tc.text); got != tc.want {
			t.Errorf("asHTML(%q, %v) = %q, want %q", tc.in, tc.text, got, tc.want)
		}
	}
}

func TestNormalizeContentRepeatingSummary(t *testing.T) {
	tests := []struct{ name, item, summary, content string }{
		{"same as description", `<title>a</title><description>&lt;p&gt;Lead &amp;amp; more&lt;/p&gt;</description>` +
			`<content:encoded>&lt;p&gt;Lead &amp;amp; more&lt;/p&gt;</content:encoded>`, "<p>Lead &amp; more</p>", ""},
		{"sanitizes to the description", `<title>a</title><description>&lt;p&gt;Lead&lt;/p&gt;</description>` +
			`<content:encoded>&lt;p onclick="x()"&gt;Lead&lt;/p&gt;</content:encoded>`, "<p>Lead</p>", ""},
		{"different", `<title>a</title><description>Lead</description>` +
			`<content:encoded>&lt;p&gt;Lead and body&lt;/p&gt;</content:encoded>`, "Lead", "<p>Lead and body</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := normalizeOne(t, tt.item)
			if it.SummaryHTML != tt.summary || it.ContentHTML != tt.content {
				t.Errorf("summary, content = %q, %q; want %q, %q", it.SummaryHTML, it.ContentHTML, tt.summary, tt.content)
			}
		})
	}
}

func TestItemsText(t *testing.T) {
	doc, err := feed.Parse(textFeed(8), "application/rss+xml", testFeedURL)
	if err != nil {
		t.Fatal(err)
	}
	src := config.Source{Name: "Example Wire", URL: testFeedURL}
	n := newNormalizer()
	items, texts := n.itemsText(doc, src, fixtureNow)
	if want := n.Items(doc, src, fixtureNow); !reflect.DeepEqual(items, want) {
		t.Fatalf("itemsText items differ from Items")
	}
	if len(texts) != len(items) || len(items) != 8 {
		t.Fatalf("got %d texts for %d items", len(texts), len(items))
	}
	for i := range items {
		if want := storyText(&items[i]); texts[i] != want {
			t.Errorf("text %d = %q, storyText says %q", i, texts[i], want)
		}
	}
}
