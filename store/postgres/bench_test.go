package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store/query"
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

// BenchmarkSearchScale searches a store of WIREDESK_PG_SEARCH_STORIES
// stories (default 20,000) written straight into the table, each of 400
// words drawn from the harness's vocabulary (go run ./bench search), by
// kind of query: what PostgreSQL's full-text search costs at scale, for
// docs/BENCHMARKS.md.
func BenchmarkSearchScale(b *testing.B) {
	n := 20000
	if v := os.Getenv("WIREDESK_PG_SEARCH_STORIES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("WIREDESK_PG_SEARCH_STORIES=%q: want a number of stories", v)
		}
	}
	ctx := context.Background()
	db := openTest(b)
	src := addSources(b, db, "https://a.example/")[0]
	vocab := strings.Fields(`minister talks border harbour election council drought refinery tanker protest court
		ruling envoy ceasefire parliament budget vaccine airport railway strike flood quake summit treaty tariff pipeline
		satellite stadium festival museum mayor senator general rebels convoy market shares bond inflation central bank
		rate growth exports imports harvest wheat maize fuel prices shortage rally opposition coalition cabinet
		reshuffle resignation investigation police arrested charged trial verdict appeal sentence hospital outbreak
		cases deaths injured rescue teams villages displaced refugees camp aid agency donors pledged million billion
		dollars euros contract signed deal merger company profits losses workers union wages collapsed resumed weekend
		officials said statement spokesman told reporters according to sources familiar with the matter on condition
		of anonymity because they were not authorised speak publicly the of and in a for`)
	words := "ARRAY['" + strings.Join(vocab, "','") + "']"
	for lo := 0; lo < n; lo += 50000 {
		if _, err := db.pool.Exec(ctx, fmt.Sprintf(`INSERT INTO items (id, source_id, key, title, content_html,
				published_at, updated_at, first_seen_at, last_seen_at)
			SELECT 'i'||g, %d, 'k'||g, 'Story '||g,
			       '<p>'||(SELECT string_agg((%s)[1+floor(random()*%d)::int], ' ')
			                 FROM generate_series(1, 400 + g*0))||' Story '||g||'.</p>', g, g, g, g
			  FROM generate_series(%d, %d) g`, src, words, len(vocab), lo+1, min(lo+50000, n))); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.pool.Exec(ctx, `UPDATE items SET search = to_tsvector('simple', title || ' ' || content_html)`); err != nil {
		b.Fatal(err)
	}
	if _, err := db.pool.Exec(ctx, `VACUUM ANALYZE items`); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(11, 13))
	word := func() string { return vocab[rng.IntN(len(vocab))] }
	for _, k := range []struct {
		name string
		make func() string
	}{
		{"word", word},
		{"rare", func() string { return strconv.Itoa(1 + rng.IntN(n)) }},
		{"AND", func() string { return word() + " AND " + word() }},
		{"OR", func() string { return word() + " OR " + word() }},
		{"NOT", func() string { return word() + " NOT " + word() }},
		{"prefix", func() string { w := word(); return w[:min(len(w), 4)] + "*" }},
		{"phrase", func() string { return `"` + word() + " " + word() + `"` }},
	} {
		b.Run(k.name, func(b *testing.B) {
			for b.Loop() {
				q, err := query.Parse(k.make())
				if err != nil {
					b.Fatal(err)
				}
				if _, err := db.Search(ctx, q, 0, 50); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
