package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// errorLines returns err's problems, one string each, failing the test when
// err is not an Errors.
func errorLines(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("error is %T, not config.Errors: %v", err, err)
	}
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Error()
	}
	if got := err.Error(); got != strings.Join(out, "\n") {
		t.Errorf("Errors.Error() = %q, want one problem per line", got)
	}
	return out
}

// wantErrors checks that err holds exactly the problems whose prefixes
// ("FILE:LINE: key: message start") are given, in order.
func wantErrors(t *testing.T, err error, want ...string) {
	t.Helper()
	got := errorLines(t, err)
	if len(got) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("error %d:\n got  %s\n want %s...", i, got[i], want[i])
		}
	}
}

func TestDefaults(t *testing.T) {
	c, err := Parse("f.yaml", []byte(`
categories:
  - slug: middle-east
sources:
  - name: Example Wire
    url: https://example.org/world.rss
`))
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Path = "f.yaml"
	want.Categories = []Category{{Slug: "middle-east", Title: "Middle East", Line: 3}}
	want.Sources = []Source{{Name: "Example Wire", URL: "https://example.org/world.rss", Agency: "Example Wire", Enabled: true, Line: 5}}
	want.pos = c.pos
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
	checks := []struct {
		name string
		got  any
		want any
	}{
		{"byline", c.Site.Byline, "Staff, Agencies"},
		{"base_url", c.Site.BaseURL, "http://localhost:8080"},
		{"interval", c.Fetch.Interval, 10 * time.Minute},
		{"max_body", c.Fetch.MaxBody, int64(10 << 20)},
		{"retention", c.Publish.Retention, 30 * 24 * time.Hour},
		{"window", c.Dedupe.Window, 72 * time.Hour},
	}
	for _, ck := range checks {
		t.Run(ck.name, func(t *testing.T) {
			if ck.got != ck.want {
				t.Errorf("got %v, want %v", ck.got, ck.want)
			}
		})
	}
}

func TestEmptyFileIsDefaults(t *testing.T) {
	for _, in := range []string{"", "# only a comment\n", "---\n", "~\n"} {
		c, err := Parse("f.yaml", []byte(in))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if c.Site.Title != DefaultTitle || len(c.Sources) != 0 {
			t.Errorf("%q: got %+v", in, c)
		}
	}
}

func TestFullDecode(t *testing.T) {
	c, err := Parse("f.yaml", []byte(`site:
  title: Desk
  base_url: https://news.example.org/desk/
  byline: "Staff, Wires"
  language: pt-BR
fetch:
  interval: 1h30m
  timeout: 5s
  max_body: 512KiB
  concurrency: 4
  per_host: 1
  allow_private: true
publish:
  max_items: 20
  max_age: 0
  retention: 7d
dedupe:
  window: 1d12h
  threshold: 0.85
categories:
  - {slug: lebanon, countries: [lb, Sy]}
  - slug: energy
    title: Oil & Gas
    keywords: [oil, OPEC]
sources:
  - name: Wire
    url: " https://example.org/a.rss "
    agency: Example Press
    category: energy
    interval: 15m
    enabled: false
    categories_map: {Mideast: lebanon, "Oil & Gas": energy}
`))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Path:    "f.yaml",
		Site:    Site{Title: "Desk", BaseURL: "https://news.example.org/desk", Byline: "Staff, Wires", Language: "pt-BR"},
		Fetch:   Fetch{Interval: 90 * time.Minute, Timeout: 5 * time.Second, MaxBody: 512 << 10, Concurrency: 4, PerHost: 1, AllowPrivate: true},
		Publish: Publish{MaxItems: 20, MaxAge: 0, Retention: 7 * 24 * time.Hour},
		Dedupe:  Dedupe{Window: 36 * time.Hour, Threshold: 0.85},
		Categories: []Category{
			{Slug: "lebanon", Title: "Lebanon", Countries: []string{"LB", "SY"}, Line: 21},
			{Slug: "energy", Title: "Oil & Gas", Keywords: []string{"oil", "OPEC"}, Line: 22},
		},
		Sources: []Source{{
			Name: "Wire", URL: "https://example.org/a.rss", Agency: "Example Press", Category: "energy",
			Interval: 15 * time.Minute, Enabled: false, Line: 26,
			CategoriesMap: map[string]string{"Mideast": "lebanon", "Oil & Gas": "energy"},
		}},
		pos: c.pos,
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
	if got, ok := c.Category("energy"); !ok || got.Title != "Oil & Gas" {
		t.Errorf("Category(energy) = %+v, %v", got, ok)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"unknown top-level key", "site:\n  title: X\nsorces: []\n",
			[]string{`f.yaml:3: sorces: unknown key (did you mean "sources"?)`}},
		{"unknown nested key", "fetch:\n  colour: red\n",
			[]string{`f.yaml:2: fetch.colour: unknown key (expected one of interval, timeout, max_body, concurrency, per_host, allow_private, budget, file_root, lease)`}},
		{"unknown source key", "sources:\n  - name: a\n    url: https://a.example/\n    intervall: 5m\n",
			[]string{`f.yaml:4: sources[0].intervall: unknown key (did you mean "interval"?)`}},
		{"hyphen for underscore", "site:\n  base-url: https://x.example\n",
			[]string{`f.yaml:2: site.base-url: unknown key (did you mean "base_url"?)`}},
		{"duplicate key", "site:\n  title: A\n  title: B\n",
			[]string{`f.yaml:3: site.title: duplicate key (first at line 2)`}},
		{"merge key", "x: &x {title: A}\n",
			[]string{`f.yaml:1: x: unknown key`}},
		{"block not a mapping", "fetch: fast\n",
			[]string{`f.yaml:1: fetch: expected a mapping of interval, timeout`}},
		{"string for integer", "fetch:\n  concurrency: \"4\"\n",
			[]string{`f.yaml:2: fetch.concurrency: expected an integer, got the string "4"`}},
		{"float for integer", "publish:\n  max_items: 2.5\n",
			[]string{`f.yaml:2: publish.max_items: expected an integer, got a number (2.5)`}},
		{"huge integer", "publish:\n  max_items: 99999999999999\n",
			[]string{`f.yaml:2: publish.max_items: integer 99999999999999 is out of range`}},
		{"yes is not a boolean", "fetch:\n  allow_private: yes\n",
			[]string{`f.yaml:2: fetch.allow_private: expected true or false, got the string "yes"`}},
		{"list for string", "site:\n  title: [a, b]\n",
			[]string{`f.yaml:2: site.title: expected a string, got a list`}},
		{"bad duration", "fetch:\n  timeout: 20 seconds\n",
			[]string{`f.yaml:2: fetch.timeout: "20 seconds" is not a duration`}},
		{"duration without unit", "fetch:\n  timeout: 20\n",
			[]string{`f.yaml:2: fetch.timeout: "20" is not a duration`}},
		{"bad size", "fetch:\n  max_body: 10 parsecs\n",
			[]string{`f.yaml:2: fetch.max_body: "10 parsecs" is not a size`}},
		{"threshold not a number", "dedupe:\n  threshold: high\n",
			[]string{`f.yaml:2: dedupe.threshold: expected a number such as 0.8, got the string "high"`}},
		{"categories not a list", "categories:\n  slug: world\n",
			[]string{`f.yaml:2: categories: expected a list such as [{slug: world}], got a mapping`}},
		{"empty entry", "sources:\n  -\n  - name: a\n    url: https://a.example/\n",
			[]string{`f.yaml:2: sources[0]: empty entry`}},
		{"entry not a mapping", "categories:\n  - world\n",
			[]string{`f.yaml:2: categories[0]: expected a mapping of slug, title`}},
		{"countries not a list", "categories:\n  - slug: lebanon\n    countries: LB\n",
			[]string{`f.yaml:3: categories[0].countries: expected a list such as [LB, SY], got the string "LB"`}},
		{"empty keyword", "categories:\n  - slug: energy\n    keywords: [oil, \"\"]\n",
			[]string{`f.yaml:3: categories[0].keywords[1]: empty list item`}},
		{"categories_map not a mapping", "categories: [{slug: w}]\nsources:\n  - name: a\n    url: https://a.example/\n    categories_map: [w]\n",
			[]string{`f.yaml:5: sources[0].categories_map: expected a mapping of upstream category to our slug, got a list`}},
		{"top level a list", "- a\n- b\n",
			[]string{`f.yaml:1: the top level must be a mapping`}},
		{"second document", "site: {}\n---\nsite: {}\n",
			[]string{`f.yaml:2: a second YAML document`}},
		{"several errors sorted by line", "sources:\n  - name: a\n    url: https://a.example/\n    enabled: maybe\nfetch:\n  per_host: many\nsite:\n  bogus: 1\n",
			[]string{
				`f.yaml:4: sources[0].enabled: expected true or false`,
				`f.yaml:6: fetch.per_host: expected an integer`,
				`f.yaml:8: site.bogus: unknown key`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("f.yaml", []byte(tt.in))
			if c != nil {
				t.Errorf("got a config alongside errors")
			}
			wantErrors(t, err, tt.want...)
		})
	}
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"unclosed flow list", "site:\n  title: x\nsources: [a,\n", "f.yaml:3: YAML syntax error: "},
		{"bad indentation", "site:\n  title: x\n base_url: y\n", "f.yaml:3: YAML syntax error: "},
		{"tab indentation", "site:\n\ttitle: x\n", "f.yaml:2: YAML syntax error: "},
		{"invalid UTF-8 on line 3", "site:\n  title: x\n  byline: \xff\n", "f.yaml:3: YAML syntax error: invalid leading UTF-8 octet"},
		{"control character on line 2", "site:\n  title: \x01\n", "f.yaml:2: YAML syntax error: control characters are not allowed"},
		{"unknown anchor", "site:\n  title: *nope\n", "f.yaml:2: YAML syntax error: unknown anchor 'nope' referenced"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tt.in))
			wantErrors(t, err, tt.want)
			if got := errorLines(t, err); strings.Contains(got[0], "\n") || strings.Contains(got[0], "line ") {
				t.Errorf("syntax error should be one line with the number up front: %q", got[0])
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.yaml")
	_, err := Load(path)
	wantErrors(t, err, path+": configuration file not found")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("errors.Is(err, fs.ErrNotExist) = false for %v", err)
	}
}

func TestLoadReadsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(path, []byte("site:\n  title: From Disk\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Path != path || c.Site.Title != "From Disk" {
		t.Errorf("got Path %q Title %q", c.Path, c.Site.Title)
	}
}

func TestAliasesAreFollowed(t *testing.T) {
	c, err := Parse("f.yaml", []byte(`
categories:
  - slug: energy
    keywords: &energy [oil, gas]
  - slug: markets
    keywords: *energy
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Categories[1].Keywords; !reflect.DeepEqual(got, []string{"oil", "gas"}) {
		t.Errorf("aliased keywords = %v", got)
	}
}
