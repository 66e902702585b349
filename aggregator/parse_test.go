package aggregator

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/wiredesk/wiredesk/config"
)

// update rewrites the .want.json files beside the parse fixtures; review
// the diff before committing it.
var update = flag.Bool("update", false, "rewrite testdata/parse/*.want.json")

// fixtureNow is the clock of every fixture test.
var fixtureNow = time.Date(2025, 6, 10, 0, 0, 0, 0, time.UTC)

// wantDoc is what a fixture's expectation file records.
type wantDoc struct {
	Format string     `json:"format"`
	Title  string     `json:"title"`
	Link   string     `json:"link"`
	TTL    string     `json:"ttl"`
	Items  []wantItem `json:"items"`
}

// wantItem is the normalized form of one item, as recorded.
type wantItem struct {
	ID, Key, GUID, Link, Title string
	Summary                    string   `json:",omitempty"`
	Content                    string   `json:",omitempty"`
	Image                      string   `json:",omitempty"`
	ImageType                  string   `json:",omitempty"`
	Author                     string   `json:",omitempty"`
	Agency                     string   `json:",omitempty"`
	Published, Updated         string   `json:",omitempty"`
	Categories                 []string `json:",omitempty"`
}

func TestParseFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/parse/*")
	if err != nil {
		t.Fatal(err)
	}
	n := NewNormalizer()
	for _, f := range files {
		if strings.HasSuffix(f, ".want.json") {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			docURL := "https://feeds.example.org/" + filepath.Base(f)
			doc, err := Parse(body, "", docURL)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			src := config.Source{Name: "Fixture", URL: docURL, Agency: "Fixture Press"}
			got := wantDoc{
				Format: doc.Feed.FeedType + " " + doc.Feed.FeedVersion,
				Title:  doc.Title, Link: doc.Link, TTL: doc.TTL.String(),
			}
			for _, it := range n.Items(doc, src, fixtureNow) {
				got.Items = append(got.Items, wantItem{
					ID: it.ID, Key: it.Key, GUID: it.GUID, Link: it.Link, Title: it.Title,
					Summary: it.SummaryHTML, Content: it.ContentHTML,
					Image: it.ImageURL, ImageType: it.ImageType,
					Author: it.Author, Agency: it.Agency,
					Published:  it.PublishedAt.Format(time.RFC3339),
					Updated:    it.UpdatedAt.Format(time.RFC3339),
					Categories: it.UpstreamCategories,
				})
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(got); err != nil {
				t.Fatal(err)
			}
			gotJSON := buf.Bytes()
			wantFile := f + ".want.json"
			if *update {
				if err := os.WriteFile(wantFile, gotJSON, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("missing expectation (run with -update and review): %v", err)
			}
			if !bytes.Equal(gotJSON, want) {
				t.Errorf("normalized %s differs from %s:\n%s", f, wantFile, gotJSON)
			}
		})
	}
}

func TestParseNotAFeed(t *testing.T) {
	tests := []struct {
		name, body, contentType, want string
	}{
		{"empty", "", "", "empty body"},
		{"blank", " \n\t ", "", "empty body"},
		{"html", "<!DOCTYPE html><html><head><title>x</title></head></html>", "text/html", "HTML page"},
		{"html no doctype", "<html><body>hi</body></html>", "", "HTML page"},
		{"html fragment", "<div>hello</div>", "text/html; charset=utf-8", "neither RSS nor Atom"},
		{"other xml", `<?xml version="1.0"?><sitemap><url/></sitemap>`, "", "neither RSS nor Atom"},
		{"json not feed", `{"error": "rate limited"}`, "application/json", "JSON document"},
		{"garbage", "\x89PNG\r\n\x1a\n\x00\x00", "", "neither XML nor JSON"},
		{"text", "Service Unavailable", "text/plain", "neither XML nor JSON (plain text)"},
		{"truncated", "<", "", "markup without a root"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse([]byte(tt.body), tt.contentType, "https://example.org/feed")
			if !errors.Is(err, ErrNotAFeed) {
				t.Fatalf("Parse = %v, %v; want ErrNotAFeed", doc, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

func TestParseRecoversBrokenXML(t *testing.T) {
	const head = `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>x</title>`
	const one = `<item><title>one</title><link>https://example.org/1</link></item>`
	const two = `<item><title>two</title><link>https://example.org/2</link></item>`
	tests := []struct {
		name, body string
		titles     []string
		recovered  bool
	}{
		{"well-formed", head + one + two + `</channel></rss>`, []string{"one", "two"}, false},
		{"cut in end tag", head + one + two + `</channel></rss`, []string{"one", "two"}, true},
		{"cut after item", head + one + two, []string{"one", "two"}, true},
		{"cut inside item dropped", head + one + `<item><title>tw`, []string{"one"}, true},
		{"cut inside tag", head + one + `<item><title>two</title><li`, []string{"one"}, true},
		{"incomplete cdata", head + one + `<item><title><![CD`, []string{"one"}, true},
		{"prefixed element open", head + one + `<item><dc:creator>a`, []string{"one"}, true},
		{"mismatched tags", head + one + `<item><title>a</item></channel></rss>`, []string{"one", "a"}, false},
		{"garbage after root start", `<rss version="2.0"><chan<<nel>`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse([]byte(tt.body), "", "https://example.org/feed")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			var got []string
			for _, it := range doc.Feed.Items {
				got = append(got, it.Title)
			}
			if !slices.Equal(got, tt.titles) {
				t.Errorf("titles %q, want %q", got, tt.titles)
			}
			if (doc.Recovered != nil) != tt.recovered {
				t.Errorf("Recovered = %v, want set: %v", doc.Recovered, tt.recovered)
			}
		})
	}
}

func TestParseTTL(t *testing.T) {
	rss := func(inner string) string {
		return `<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>t</title>` +
			inner + `</channel></rss>`
	}
	tests := []struct {
		name, body string
		want       time.Duration
	}{
		{"ttl minutes", rss("<ttl>30</ttl>"), 30 * time.Minute},
		{"ttl spaces", rss("<ttl> 5 </ttl>"), 5 * time.Minute},
		{"ttl garbage", rss("<ttl>soon</ttl>"), 0},
		{"ttl negative", rss("<ttl>-4</ttl>"), 0},
		{"ttl absurd", rss("<ttl>99999999</ttl>"), 0},
		{"sy hourly", rss("<sy:updatePeriod>hourly</sy:updatePeriod>"), time.Hour},
		{"sy daily twice", rss("<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>"), 12 * time.Hour},
		{"sy bad frequency", rss("<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>0</sy:updateFrequency>"), time.Hour},
		{"sy unknown period", rss("<sy:updatePeriod>often</sy:updatePeriod>"), 0},
		{"ttl wins over sy", rss("<ttl>10</ttl><sy:updatePeriod>daily</sy:updatePeriod>"), 10 * time.Minute},
		{"none", rss(""), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse([]byte(tt.body), "", "https://example.org/feed")
			if err != nil {
				t.Fatal(err)
			}
			if doc.TTL != tt.want {
				t.Errorf("TTL = %v, want %v", doc.TTL, tt.want)
			}
		})
	}
}

func TestParseFeedLinkResolved(t *testing.T) {
	body := `<rss version="2.0"><channel><title>t</title><link>/home</link></channel></rss>`
	doc, err := Parse([]byte(body), "", "https://Feeds.Example.org:443/x/feed.rss")
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://feeds.example.org/home"; doc.Link != want {
		t.Errorf("Link = %q, want %q", doc.Link, want)
	}
}

// benchStories is the size of the benchmark feed.
const benchStories = 50

// benchFeed returns an RSS 2.0 feed of benchStories wire stories shaped
// like real ones: HTML summary and full content, an image, categories.
func benchFeed() []byte {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" ` +
		`xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench Wire</title>` +
		`<link>https://www.example.org/</link><ttl>10</ttl>`)
	para := `<p>Officials said on Tuesday that talks on the oil output deal would resume next week in Vienna, ` +
		`after <a href="/world/story-%d">a week of tense negotiations</a> between &quot;producers&quot; &amp; buyers.</p>`
	for i := range benchStories {
		fmt.Fprintf(&sb, `<item><title>Story %d: OPEC &amp; allies weigh cuts as crude slides</title>`+
			`<link>https://www.example.org/world/story-%d?utm_source=rss&amp;utm_medium=feed</link>`+
			`<guid isPermaLink="false">bench-%d</guid><pubDate>Tue, 03 Jun 2025 %02d:%02d:00 GMT</pubDate>`+
			`<dc:creator>Desk Reporter</dc:creator><category>World</category><category>Business</category>`+
			`<media:thumbnail url="https://cdn.example.org/%d.jpg"/>`+
			`<description><![CDATA[%s]]></description><content:encoded><![CDATA[<figure><img src="/img/%d.jpg" alt="x">`+
			`<figcaption>Caption</figcaption></figure>%s%s%s%s<script>track()</script>]]></content:encoded></item>`,
			i, i, i, i%24, i%60, i, fmt.Sprintf(para, i), i,
			fmt.Sprintf(para, i), fmt.Sprintf(para, i+1), fmt.Sprintf(para, i+2), fmt.Sprintf(para, i+3))
	}
	sb.WriteString(`</channel></rss>`)
	return []byte(sb.String())
}

// reportPerStory adds an ns/story metric to a benchmark over benchFeed.
func reportPerStory(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchStories), "ns/story")
}

// BenchmarkNormalize is the whole ingest path of this file set for one
// document: transcode, parse, normalize (sanitize, images, keys).
func BenchmarkNormalize(b *testing.B) {
	body := benchFeed()
	n := NewNormalizer()
	src := config.Source{Name: "Bench", URL: "https://feeds.example.org/bench"}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		doc, err := Parse(body, "application/rss+xml", src.URL)
		if err != nil {
			b.Fatal(err)
		}
		if items := n.Items(doc, src, fixtureNow); len(items) != benchStories {
			b.Fatalf("got %d items", len(items))
		}
	}
	reportPerStory(b)
}

// BenchmarkParse is Parse alone (transcode, sniff, gofeed without the
// content-image scan).
func BenchmarkParse(b *testing.B) {
	body := benchFeed()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(body, "application/rss+xml", "https://feeds.example.org/bench"); err != nil {
			b.Fatal(err)
		}
	}
	reportPerStory(b)
}

// BenchmarkGofeedParse is gofeed's default parser on the same bytes: the
// baseline BenchmarkNormalize is compared with.
func BenchmarkGofeedParse(b *testing.B) {
	body := benchFeed()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := gofeed.NewParser().Parse(bytes.NewReader(body)); err != nil {
			b.Fatal(err)
		}
	}
	reportPerStory(b)
}
