package aggregator

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/source/feed"
	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
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
	n := newNormalizer()
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
			doc, err := feed.Parse(body, "", docURL)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			src := config.Source{Name: "Fixture", URL: docURL, Agency: "Fixture Press"}
			got := wantDoc{
				Format: doc.Format,
				Title:  FeedTitle(doc), Link: feedLink(doc), TTL: doc.TTL.String(),
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

func TestParseFeedLinkResolved(t *testing.T) {
	body := `<rss version="2.0"><channel><title>t</title><link>/home</link></channel></rss>`
	doc, err := feed.Parse([]byte(body), "", "https://Feeds.Example.org:443/x/feed.rss")
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://feeds.example.org/home"; feedLink(doc) != want {
		t.Errorf("feedLink = %q, want %q", feedLink(doc), want)
	}
}

// benchStories is the size of the benchmark feed.
const benchStories = 50

// reportPerStory adds an ns/story metric to a benchmark over the
// benchmark feed.
func reportPerStory(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchStories), "ns/story")
}

// BenchmarkNormalize is the whole ingest path of this file set for one
// document: transcode, parse, normalize (sanitize, images, keys).
func BenchmarkNormalize(b *testing.B) {
	body := upstreamtest.BenchFeed(benchStories)
	n := newNormalizer()
	src := config.Source{Name: "Bench", URL: "https://feeds.example.org/bench"}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		doc, err := feed.Parse(body, "application/rss+xml", src.URL)
		if err != nil {
			b.Fatal(err)
		}
		if items := n.Items(doc, src, fixtureNow); len(items) != benchStories {
			b.Fatalf("got %d items", len(items))
		}
	}
	reportPerStory(b)
}
