package aggregator

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/region"
	"github.com/wiredesk/wiredesk/aggregator/source"
	"github.com/wiredesk/wiredesk/aggregator/source/feed"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/internal/htmlkit"
	"github.com/wiredesk/wiredesk/internal/htmlkit/htmlkittest"
	"github.com/wiredesk/wiredesk/story"
)

// textFeed is an RSS document of n htmlkittest.WireStory items.
func textFeed(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">` +
		`<channel><title>Bench</title><link>https://wire.example/</link>`)
	for i := range n {
		title, content := htmlkittest.WireStory(i)
		fmt.Fprintf(&b, `<item><guid isPermaLink="false">w-%d</guid><title>%s</title><link>https://wire.example/news/%d?utm_source=rss</link>`+
			`<description>%s</description><content:encoded>%s</content:encoded><pubDate>Tue, 03 Jun 2025 10:00:00 GMT</pubDate></item>`,
			i, xmlEscape(title), i, xmlEscape("<p>BEIRUT &ndash; "+title+".</p>"), xmlEscape(content))
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// textConfig has the ingest benchmark's categories.
func textConfig() *config.Config {
	return &config.Config{
		Categories: []config.Category{
			{Slug: "world"},
			{Slug: "middle-east", Region: "middle-east"},
			{Slug: "africa", Region: "africa"},
			{Slug: "europe", Region: "europe"},
			{Slug: "americas", Region: "americas"},
			{Slug: "asia-pacific", Region: "asia-pacific"},
			{Slug: "business", Keywords: []string{"inflation", "central bank", "market", "shares"}},
			{Slug: "politics", Keywords: []string{"election", "parliament", "cabinet", "coalition"}},
			{Slug: "energy", Keywords: []string{"fuel", "refinery", "pipeline", "tanker"}},
		},
		Sources: []config.Source{{Name: "Bench", URL: "https://wire.example/feed", Category: "world"}},
	}
}

const textBenchN = 50

// textItems parses and normalizes the benchmark document once.
func textItems(b *testing.B) (*source.Document, []story.Item) {
	doc, err := feed.Parse(textFeed(textBenchN), "application/rss+xml", "https://wire.example/feed")
	if err != nil {
		b.Fatal(err)
	}
	items := newNormalizer().Items(doc, textConfig().Sources[0], time.Date(2025, 6, 4, 0, 0, 0, 0, time.UTC))
	if len(items) != textBenchN {
		b.Fatalf("got %d items", len(items))
	}
	return doc, items
}

func perStory(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/story")
}

// BenchmarkTextItems is normalizer.Items on an already parsed document.
func BenchmarkTextItems(b *testing.B) {
	doc, _ := textItems(b)
	n := newNormalizer()
	src := textConfig().Sources[0]
	now := time.Date(2025, 6, 4, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		n.Items(doc, src, now)
	}
	perStory(b, textBenchN)
}

// BenchmarkTextSanitize is the sanitizer on one story's content.
func BenchmarkTextSanitize(b *testing.B) {
	_, content := htmlkittest.WireStory(1)
	s := htmlkit.NewSanitizer()
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	for b.Loop() {
		s.Sanitize(content, "https://wire.example/news/1")
	}
}

// BenchmarkTextStoryText is the plain text of one sanitized story.
func BenchmarkTextStoryText(b *testing.B) {
	_, items := textItems(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		storyText(&items[i%len(items)])
		i++
	}
}

// BenchmarkTextKeywords is tagText without places: category maps and
// keyword matching.
func BenchmarkTextKeywords(b *testing.B) {
	_, items := textItems(b)
	texts := make([]string, len(items))
	for i := range items {
		texts[i] = storyText(&items[i])
	}
	cfg := textConfig()
	tg := newTagger(cfg, nil)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := i % len(items)
		it := items[k]
		it.Categories = nil
		tg.tagText(&it, cfg.Sources[0], texts[k])
		i++
	}
}

// BenchmarkTextStoryOnePass is the whole text path of one story as the
// poller runs it (normalize with the plain text read in the same pass,
// keywords, region), without parsing and without dedupe signatures.
func BenchmarkTextStoryOnePass(b *testing.B) {
	doc, _ := textItems(b)
	cfg := textConfig()
	src := cfg.Sources[0]
	n := newNormalizer()
	tg := newTagger(cfg, RegionPlaces(region.New()))
	now := time.Date(2025, 6, 4, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		items, texts := n.itemsText(doc, src, now)
		for i := range items {
			tg.tagText(&items[i], src, texts[i])
		}
	}
	perStory(b, textBenchN)
}
