package sqlite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// benchStory is a story of realistic size: a few hundred bytes of summary,
// a couple of kilobytes of content, 16 LSH bands.
func benchStory(src int64, key string, pub time.Time, cats ...string) story.Item {
	it := testStory(src, key, pub, cats...)
	it.SummaryHTML = "<p>" + string(slices.Repeat([]byte("summary "), 40)) + "</p>"
	it.ContentHTML = "<p>" + string(slices.Repeat([]byte("content words "), 150)) + "</p>"
	it.UpstreamCategories, it.Places = []string{"World", "Politics"}, []string{"Beirut (LB, dateline)"}
	it.DedupeSig = slices.Repeat([]byte{7}, 64)
	h := uint64(pub.UnixNano()) * 0x9e3779b97f4a7c15
	for i := range 16 {
		it.Bands = append(it.Bands, h^uint64(i)<<56)
	}
	it.Fingerprint = h
	return it
}

// wireStory is a story the size of a real wire story (~4 KB of content)
// filed under three categories, as the poller saves it.
func wireStory(src int64, n int) story.Item {
	key := fmt.Sprintf("https://wire%d.example/news/%d", src, n)
	it := benchStory(src, key, t0.Add(time.Duration(n)*time.Second),
		"world", fmt.Sprintf("c%d", n%50), fmt.Sprintf("r%d", n%7))
	sum := sha256.Sum256([]byte(fmt.Sprintf("%d\n%s", src, key)))
	it.ID, it.Link = hex.EncodeToString(sum[:8]), key
	it.ContentHTML = "<p>" + string(slices.Repeat([]byte("content words "), 280)) + "</p>"
	return it
}

// BenchmarkSaveFetch saves one 50-story fetch of new stories per
// iteration, with and without the near-duplicate candidate search in the
// band table, and as the poller saves (mode=poller: wire-sized stories,
// candidates from the caller's index, no band rows).
func BenchmarkSaveFetch(b *testing.B) {
	for _, mode := range []string{"match=false", "match=true", "mode=poller"} {
		b.Run(mode, func(b *testing.B) {
			ctx := context.Background()
			db := openTest(b)
			srcs := addSources(b, db, "https://a.example/", "https://b.example/", "https://c.example/")
			var match func(*story.Item, []story.Item) string
			var near func(*story.Item, time.Time) []story.Item
			if mode != "match=false" {
				match = func(*story.Item, []story.Item) string { return "" }
			}
			if mode == "mode=poller" {
				near = func(*story.Item, time.Time) []story.Item { return nil }
			}
			n := 0
			save := func(src int64, items []story.Item) {
				sum, err := db.SaveFetch(ctx, story.Fetch{SourceID: src, Items: items, Match: match,
					Window: 72 * time.Hour, Candidates: near})
				if err != nil || sum.New != len(items) {
					b.Fatalf("SaveFetch = %+v, %v", sum, err)
				}
			}
			if near != nil { // a store of some size, so new IDs land on random pages
				for range 20 {
					items := make([]story.Item, 1000)
					for i := range items {
						n++
						items[i] = wireStory(srcs[0], n)
					}
					save(srcs[0], items)
				}
			}
			n0 := n
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				src := srcs[n%len(srcs)]
				items := make([]story.Item, 50)
				for i := range items {
					n++
					if near != nil {
						items[i] = wireStory(src, n)
						continue
					}
					items[i] = benchStory(src, strconv.Itoa(n), t0.Add(time.Duration(n)*time.Second),
						"world", fmt.Sprintf("c%d", n%50))
				}
				save(src, items)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(n-n0), "µs/story")
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(n-n0), "cpu-µs/story")
		})
	}
}

// seedStories fills db with n stories from 100 sources over 30 days, each
// in one of 50 categories and in "world"; every 20th is a duplicate.
func seedStories(b *testing.B, db *DB, n int) {
	b.Helper()
	ctx := context.Background()
	var urls []string
	for i := range 100 {
		urls = append(urls, fmt.Sprintf("https://s%d.example/", i))
	}
	srcs := addSources(b, db, urls...)
	const perFetch = 1000
	step := 30 * 24 * time.Hour / time.Duration(n)
	for lo := 0; lo < n; lo += perFetch {
		src := srcs[(lo/perFetch)%len(srcs)]
		var items []story.Item
		for i := lo; i < min(lo+perFetch, n); i++ {
			it := benchStory(src, strconv.Itoa(i), t0.Add(-time.Duration(n-i)*step), fmt.Sprintf("c%d", i%50), "world")
			it.Bands = nil
			if i%20 == 19 {
				it.Link = fmt.Sprintf("https://src%d.example/%d", srcs[((lo/perFetch)+len(srcs)-1)%len(srcs)], i-perFetch)
			}
			items = append(items, it)
		}
		if _, err := db.SaveFetch(ctx, story.Fetch{SourceID: src, Items: items}); err != nil {
			b.Fatalf("seed: %v", err)
		}
	}
}

// BenchmarkLatest reads the latest 50 stories of one of 50 categories (and
// of "all") from a store of 100k stories, or of WIREDESK_BENCH_STORIES.
// Besides ns/op it reports the p50 and p99 latency of one page.
func BenchmarkLatest(b *testing.B) {
	n := 100_000
	if v := os.Getenv("WIREDESK_BENCH_STORIES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatalf("WIREDESK_BENCH_STORIES: %v", err)
		}
	}
	ctx := context.Background()
	db := openTest(b)
	start := time.Now()
	seedStories(b, db, n)
	size, err := db.Size(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d stories in %v, %d MB", n, time.Since(start).Round(time.Millisecond), size>>20)

	for _, tc := range []struct {
		name   string
		cat    func(i int) string
		offset int
	}{
		{"category", func(i int) string { return fmt.Sprintf("c%d", i%50) }, 0},
		{"category-page3", func(i int) string { return fmt.Sprintf("c%d", i%50) }, 100},
		{"all", func(int) string { return story.All }, 0},
	} {
		b.Run(fmt.Sprintf("stories=%d/%s", n, tc.name), func(b *testing.B) {
			var lat []time.Duration
			i := 0
			cpu0 := cpuTime()
			for b.Loop() {
				t := time.Now()
				items, err := db.Latest(ctx, tc.cat(i), tc.offset, 50)
				lat = append(lat, time.Since(t))
				if err != nil || len(items) != 50 {
					b.Fatalf("Latest = %d items, %v", len(items), err)
				}
				i++
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(i), "cpu-µs/op")
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		})
	}
}
