package feed

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// benchItems is a full category feed: 50 stories with about 2 KB of
// sanitized HTML each, an image, two categories and a merged carrier.
func benchItems() []story.Item {
	para := "<p>Negotiators met in <b>Beirut</b> on Monday &amp; said the truce would hold; " +
		"markets rallied while oil prices eased. المفاوضات مستمرة.</p>\n"
	content := strings.Repeat(para, 2048/len(para)+1)
	items := make([]story.Item, 50)
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i := range items {
		items[i] = story.Item{
			ID:          fmt.Sprintf("%016x", i*7919),
			Link:        fmt.Sprintf("https://wire.example.com/2026/03/02/story-%d", i),
			Title:       fmt.Sprintf("Story %d: talks resume as \"ceasefire\" holds", i),
			SummaryHTML: para,
			ContentHTML: content,
			ImageURL:    fmt.Sprintf("https://img.example.com/%d.jpg", i),
			Agency:      "Example Press",
			SourceURL:   "https://wire.example.com/world.rss",
			SourceTitle: "Example Press — World",
			SourceLink:  "https://wire.example.com/",
			PublishedAt: t0.Add(-time.Duration(i) * time.Minute),
			UpdatedAt:   t0.Add(-time.Duration(i) * time.Minute / 2),
			Categories:  []string{"middle-east", "lebanon"},
			Also:        []story.Carrier{{Agency: "Other Wire", URL: fmt.Sprintf("https://other.example.net/%d", i)}},
		}
	}
	return items
}

func benchmarkRender(b *testing.B, render func(Channel, []story.Item) ([]byte, error)) {
	ch, items := testChannel(), benchItems()
	b.ReportAllocs()
	var size int
	for b.Loop() {
		out, err := render(ch, items)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size), "bytes/feed")
}

func BenchmarkRSS(b *testing.B)   { benchmarkRender(b, RSS) }
func BenchmarkAtom(b *testing.B)  { benchmarkRender(b, Atom) }
func BenchmarkJSON(b *testing.B)  { benchmarkRender(b, JSON) }
func BenchmarkNinjs(b *testing.B) { benchmarkRender(b, Ninjs) }
