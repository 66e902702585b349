package aggregator

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
		{"html fragment", "<div>hello</div>", "text/html; charset=utf-8", "root <div>"},
		{"other xml", `<?xml version="1.0"?><sitemap><url/></sitemap>`, "", "root <sitemap>"},
		{"json not feed", `{"error": "rate limited"}`, "application/json", "JSON document"},
		{"garbage", "\x89PNG\r\n\x1a\n\x00\x00", "", "neither XML nor JSON"},
		{"text", "Service Unavailable", "text/plain", `starts with "Service Unavailable"`},
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

func TestParseBrokenFeedIsNotNotAFeed(t *testing.T) {
	body := `<rss version="2.0"><channel><title>x</title><item><title>a</title></channel>`
	_, err := Parse([]byte(body), "", "https://example.org/feed")
	if err == nil || errors.Is(err, ErrNotAFeed) {
		t.Errorf("Parse(malformed RSS) = %v, want a parse error other than ErrNotAFeed", err)
	}
}

func TestParseBillionLaughs(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">`)
	prev := "lol"
	for i := 1; i <= 9; i++ {
		name := "lol" + string(rune('0'+i))
		sb.WriteString(`<!ENTITY ` + name + ` "` + strings.Repeat("&"+prev+";", 10) + `">`)
		prev = name
	}
	sb.WriteString(`]><rss version="2.0"><channel><title>bomb &lol9;</title>` +
		`<item><title>x &lol9; y</title><link>https://example.org/a</link></item></channel></rss>`)
	doc, err := Parse([]byte(sb.String()), "", "https://example.org/feed")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	items := NewNormalizer().Items(doc, config.Source{URL: "https://example.org/feed"}, fixtureNow)
	if len(items) != 1 {
		t.Fatalf("got %d items, want 1", len(items))
	}
	// 10^9 "lol"s would be 3 GB; the entity must stay unexpanded.
	if got := items[0].Title; len(got) > 100 || strings.Contains(got, "lollol") {
		t.Errorf("entity expanded: title has %d bytes: %.80q", len(got), got)
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

func TestParseLongProlog(t *testing.T) {
	body := `<?xml version="1.0"?>` + "\n<!-- " + strings.Repeat("padding ", 1000) + "-->\n" +
		`<rss version="2.0"><channel><title>late root</title><item><title>a</title><link>https://example.org/a</link></item></channel></rss>`
	doc, err := Parse([]byte(body), "", "https://example.org/feed")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if doc.Title != "late root" || len(doc.Feed.Items) != 1 {
		t.Errorf("got title %q, %d items", doc.Title, len(doc.Feed.Items))
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
