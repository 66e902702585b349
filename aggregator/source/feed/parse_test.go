package feed

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
)

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
			for _, it := range doc.Entries {
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

// benchStories is the size of the benchmark feed.
const benchStories = 50

// reportPerStory adds an ns/story metric to a benchmark over the
// benchmark feed.
func reportPerStory(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchStories), "ns/story")
}

// BenchmarkParse is Parse alone (transcode, sniff, gofeed without the
// content-image scan).
func BenchmarkParse(b *testing.B) {
	body := upstreamtest.BenchFeed(benchStories)
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
	body := upstreamtest.BenchFeed(benchStories)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := gofeed.NewParser().Parse(bytes.NewReader(body)); err != nil {
			b.Fatal(err)
		}
	}
	reportPerStory(b)
}
