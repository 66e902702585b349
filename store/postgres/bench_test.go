package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// BenchmarkSaveFetch saves a changed 50-story feed of new stories: plain,
// with near-duplicate bands, and with bands and a Match that finds
// nothing (the band-table candidates of a shared store).
func BenchmarkSaveFetch(b *testing.B) {
	none := func(*story.Item, []story.Item) string { return "" }
	for _, v := range []struct {
		name  string
		bands bool
		match func(*story.Item, []story.Item) string
	}{{"plain", false, nil}, {"bands", true, nil}, {"bands+match", true, none}} {
		b.Run(v.name, func(b *testing.B) {
			ctx := context.Background()
			db := openTest(b)
			srcs := addSources(b, db, "https://a.example/", "https://b.example/")
			n := 0
			for b.Loop() {
				src := srcs[n%2]
				f := story.Fetch{SourceID: src, State: story.SourceState{LastStatus: 200, LastFetchAt: t0},
					Match: v.match, Window: 72 * time.Hour}
				for i := range 50 {
					it := testStory(src, fmt.Sprint(n, "-", i), t0.Add(-time.Duration(i)*time.Minute), "world", "energy")
					it.ContentHTML = fmt.Sprint("<p>Oil prices rose on Tuesday as OPEC members met in Vienna ", i, n, "</p>")
					if v.bands {
						it.Bands, it.DedupeSig = []uint64{uint64(n*100 + i), uint64(n*100 + 50 + i)}, []byte{1, 2, 3}
					}
					f.Items = append(f.Items, it)
				}
				if _, err := db.SaveFetch(ctx, f); err != nil {
					b.Fatal(err)
				}
				n++
			}
		})
	}
}
