package config

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestValidateRules(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"duplicate slug", `categories:
  - slug: world
  - slug: sport
  - slug: world
`, []string{`f.yaml:4: categories[2].slug: duplicate slug "world" (first at line 2)`}},
		{"upper-case slug", "categories:\n  - slug: World\n",
			[]string{`f.yaml:2: categories[0].slug: "World" may contain only lower-case letters a-z, digits and hyphens`}},
		{"slug with space", "categories:\n  - slug: middle east\n",
			[]string{`f.yaml:2: categories[0].slug: "middle east" may contain only`}},
		{"reserved slug all", "categories:\n  - slug: all\n",
			[]string{`f.yaml:2: categories[0].slug: "all" is reserved for the feed of every category`}},
		{"missing slug", "categories:\n  - title: World\n",
			[]string{`f.yaml:2: categories[0].slug: is required`}},
		{"unknown region", "categories:\n  - slug: mena\n    region: mena\n",
			[]string{`f.yaml:3: categories[0].region: "mena" is not a region; use one of middle-east, africa, asia-pacific, europe, americas`}},
		{"unknown dateline choice", "categories:\n  - slug: mena\n    region: middle-east\n    dateline: bureau\n",
			[]string{`f.yaml:4: categories[0].dateline: "bureau" is not a dateline choice; use place or subject`}},
		{"dateline choice without places", "categories:\n  - slug: energy\n    keywords: [oil]\n    dateline: subject\n",
			[]string{`f.yaml:4: categories[0].dateline: applies only to a category with region: or countries:`}},
		{"three-letter country", "categories:\n  - slug: lebanon\n    countries:\n      - LB\n      - LBN\n",
			[]string{`f.yaml:5: categories[0].countries[1]: "LBN" is not an ISO 3166-1 alpha-2 country code`}},
		{"digit country", "categories:\n  - slug: x\n    countries: [L1]\n",
			[]string{`f.yaml:3: categories[0].countries[0]: "L1" is not an ISO 3166-1 alpha-2`}},
		{"duplicate URL differing in case of host and spaces", `sources:
  - name: A
    url: https://wire.example.org/feed
  - name: B
    url: "  HTTPS://Wire.Example.ORG/feed "
`, []string{`f.yaml:5: sources[1].url: duplicate source URL "HTTPS://Wire.Example.ORG/feed" (first at line 3)`}},
		{"path case matters for URLs", "sources:\n  - {name: A, url: https://a.example/Feed}\n  - {name: B, url: https://a.example/feed}\n", nil},
		{"relative URL", "sources:\n  - name: A\n    url: /feed.xml\n",
			[]string{`f.yaml:3: sources[0].url: "/feed.xml" must be absolute`}},
		{"ftp URL", "sources:\n  - name: A\n    url: ftp://a.example/feed\n",
			[]string{`f.yaml:3: sources[0].url: "ftp://a.example/feed": scheme "ftp" is not supported`}},
		{"http URL without host", "sources:\n  - name: A\n    url: \"https:///feed\"\n",
			[]string{`f.yaml:3: sources[0].url: "https:///feed" has no host`}},
		{"missing URL", "sources:\n  - name: A\n",
			[]string{`f.yaml:2: sources[0].url: is required`}},
		{"missing name", "sources:\n  - url: https://a.example/\n",
			[]string{`f.yaml:2: sources[0].name: is required`}},
		{"unknown source category", "categories: [{slug: world}]\nsources:\n  - name: A\n    url: https://a.example/\n    category: wrold\n",
			[]string{`f.yaml:5: sources[0].category: unknown category "wrold" (known: world)`}},
		{"category with no categories", "sources:\n  - name: A\n    url: https://a.example/\n    category: world\n",
			[]string{`f.yaml:4: sources[0].category: unknown category "world": no categories are defined`}},
		{"unknown categories_map target", `categories: [{slug: world}, {slug: middle-east}]
sources:
  - name: A
    url: https://a.example/
    categories_map:
      Mideast: middle-east
      "U.S. News": us
`, []string{`f.yaml:7: sources[0].categories_map["U.S. News"]: unknown category "us" (known: middle-east, world)`}},
		{"interval under a minute", "sources:\n  - name: A\n    url: https://a.example/\n    interval: 30s\n",
			[]string{`f.yaml:4: sources[0].interval: must be at least 1m for network sources`}},
		{"short interval fine for file", "fetch:\n  file_root: /var/wire\nsources:\n  - name: A\n    url: file:///var/wire/a.xml\n    interval: 5s\n", nil},
		{"explicit zero interval", "sources:\n  - name: A\n    url: https://a.example/\n    interval: 0\n",
			[]string{`f.yaml:4: sources[0].interval: must be positive; leave interval out for adaptive polling`}},
		{"negative interval", "sources:\n  - name: A\n    url: https://a.example/\n    interval: -5m\n",
			[]string{`f.yaml:4: sources[0].interval: must be positive`}},
		{"fetch interval under a minute", "fetch:\n  interval: 10s\n",
			[]string{`f.yaml:2: fetch.interval: must be at least 1m`}},
		{"zero concurrency", "fetch:\n  concurrency: 0\n",
			[]string{`f.yaml:2: fetch.concurrency: must be positive`}},
		{"negative per_host", "fetch:\n  per_host: -1\n",
			[]string{`f.yaml:2: fetch.per_host: must be positive`}},
		{"lease not longer than the timeout", "fetch:\n  timeout: 30s\n  lease: 30s\n",
			[]string{`f.yaml:3: fetch.lease: must be longer than fetch.timeout (30s)`}},
		{"lease longer than the timeout", "fetch:\n  timeout: 5s\n  lease: 8s\n", nil},
		{"zero timeout", "fetch:\n  timeout: 0s\n",
			[]string{`f.yaml:2: fetch.timeout: must be positive`}},
		{"zero max_body", "fetch:\n  max_body: 0\n",
			[]string{`f.yaml:2: fetch.max_body: must be positive`}},
		{"zero max_items", "publish:\n  max_items: 0\n",
			[]string{`f.yaml:2: publish.max_items: must be positive`}},
		{"negative max_age", "publish:\n  max_age: -1s\n",
			[]string{`f.yaml:2: publish.max_age: must not be negative`}},
		{"zero retention", "publish:\n  retention: 0d\n",
			[]string{`f.yaml:2: publish.retention: must be positive`}},
		{"zero window", "dedupe:\n  window: 0s\n",
			[]string{`f.yaml:2: dedupe.window: must be positive`}},
		{"threshold above one", "dedupe:\n  threshold: 1.5\n",
			[]string{`f.yaml:2: dedupe.threshold: must be greater than 0 and at most 1, got 1.5`}},
		{"explicit zero threshold", "dedupe:\n  threshold: 0\n",
			[]string{`f.yaml:2: dedupe.threshold: must be greater than 0 and at most 1, got 0`}},
		{"threshold one is fine", "dedupe:\n  threshold: 1\n", nil},
		{"base_url relative", "site:\n  base_url: news.example.org\n",
			[]string{`f.yaml:2: site.base_url: "news.example.org" must be an absolute http:// or https:// URL`}},
		{"base_url ftp", "site:\n  base_url: ftp://news.example.org\n",
			[]string{`f.yaml:2: site.base_url: "ftp://news.example.org" must be an absolute http:// or https:// URL`}},
		{"base_url with query", "site:\n  base_url: https://news.example.org/?x=1\n",
			[]string{`f.yaml:2: site.base_url: "https://news.example.org/?x=1" must not have a query or fragment`}},
		{"empty byline", "site:\n  byline: \"\"\n",
			[]string{`f.yaml:2: site.byline: must not be empty`}},
		{"bad language", "site:\n  language: english please\n",
			[]string{`f.yaml:2: site.language: "english please" is not a language tag`}},
		{"errors from several entries, in line order", `categories:
  - slug: Bad
sources:
  - name: A
    url: https://a.example/
    category: nope
  - name: B
    url: https://a.example/
`, []string{
			`f.yaml:2: categories[0].slug: "Bad" may contain only`,
			`f.yaml:6: sources[0].category: unknown category "nope": no categories are defined`,
			`f.yaml:8: sources[1].url: duplicate source URL "https://a.example/" (first at line 5)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("f.yaml", []byte(tt.in))
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("want valid, got:\n%v", err)
				}
				return
			}
			if c != nil {
				t.Error("got a config alongside errors")
			}
			wantErrors(t, err, tt.want...)
		})
	}
}

func TestParseNormalises(t *testing.T) {
	c, err := Parse("f.yaml", []byte("site:\n  base_url: https://n.example/desk///\ncategories:\n  - {slug: levant, countries: [lb, sy]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Site.BaseURL != "https://n.example/desk" {
		t.Errorf("base_url = %q, want no trailing slash", c.Site.BaseURL)
	}
	if got := strings.Join(c.Categories[0].Countries, ","); got != "LB,SY" {
		t.Errorf("countries = %s, want upper case", got)
	}
}

// TestValidateCodeBuilt covers a Config assembled in code, which has no
// positions: errors then carry the entry line or none, never a panic.
func TestValidateCodeBuilt(t *testing.T) {
	c := Default()
	c.Categories = []Category{{Slug: "world", Title: "World", Countries: []string{"lb"}, Line: 7}}
	c.Sources = []Source{{Name: "A", URL: "https://a.example/", Category: "world", Enabled: true}}
	c.Dedupe.Threshold = math.NaN()
	c.Site.BaseURL = "https://x.example/"
	c.Publish.MaxItems = -3
	c.Sources[0].Interval = 20 * time.Second
	wantErrors(t, c.Validate(),
		`config: site.base_url: "https://x.example/" must not end with a slash`,
		`config: publish.max_items: must be positive`,
		`config: dedupe.threshold: must be greater than 0 and at most 1, got NaN`,
		`config: sources[0].interval: must be at least 1m`,
		`config:7: categories[0].countries[0]: "lb" is not an ISO 3166-1 alpha-2`,
	)
	ok := Default()
	if err := ok.Validate(); err != nil {
		t.Errorf("Default().Validate() = %v", err)
	}
}

func TestURLKey(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"https://A.Example/x", " https://a.example/x ", true},
		{"HTTPS://a.example/x", "https://a.example/x", true},
		{"https://a.example/X", "https://a.example/x", false},
		{"http://a.example/x", "https://a.example/x", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+" vs "+tt.b, func(t *testing.T) {
			if got := URLKey(tt.a) == URLKey(tt.b); got != tt.same {
				t.Errorf("same = %v, want %v", got, tt.same)
			}
		})
	}
}
