package config

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

// FuzzParse proves that Parse never panics and that every failure is an
// Errors whose lines all start with the file name and a line number.
func FuzzParse(f *testing.F) {
	root, err := os.ReadFile("../sources.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		string(root), appendBase, "", "a: [", "- 1\n", "site: 5\n", "x: &a [*a]\n",
		"sources:\n  - name: a\n    url: https://a.example/\n    interval: 0\n",
		"categories:\n  - {slug: lebanon, countries: [lb]}\n  - slug: all\n",
		"site: {base_url: 'http://[::1'}\n", "fetch: {max_body: 1e400}\n", "dedupe: {threshold: .nan}\n",
		"\xef\xbb\xbfsite: {}\n", "\xff\xfe", "a: !!binary AAAA\n", "<<: {a: 1}\n", "? [a]\n: b\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("f.yaml", data)
		if err == nil {
			if c == nil {
				t.Fatal("nil config without error")
			}
			if verr := c.Validate(); verr != nil {
				t.Fatalf("Parse accepted what Validate refuses: %v", verr)
			}
			return
		}
		if c != nil {
			t.Fatal("config returned with an error")
		}
		var es Errors
		if !errors.As(err, &es) || len(es) == 0 {
			t.Fatalf("error is %T, not a non-empty Errors: %v", err, err)
		}
		for _, e := range es {
			if e.File != "f.yaml" || !strings.HasPrefix(e.Error(), "f.yaml:") {
				t.Fatalf("error does not name the file: %q", e.Error())
			}
			if e.Line < 1 || e.Line > lineCount(data) {
				t.Fatalf("line %d outside the file: %q", e.Line, e.Error())
			}
		}
	})
}

// FuzzParseOPML proves ParseOPML never panics on arbitrary bytes.
func FuzzParseOPML(f *testing.F) {
	for _, name := range []string{"testdata/nested.opml", "testdata/opml1.opml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<opml><body><outline xmlUrl="x"><outline text="&amp;"/></outline></body></opml>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		srcs, err := ParseOPML(bytes.NewReader(data))
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, s := range srcs {
			if s.URL == "" || s.Name == "" || !s.Enabled || seen[urlKey(s.URL)] {
				t.Fatalf("bad source %+v", s)
			}
			seen[urlKey(s.URL)] = true
		}
	})
}

// FuzzUnits proves the duration and size parsers never panic and that
// formatting a parsed duration reads back the same.
func FuzzUnits(f *testing.F) {
	for _, s := range []string{"30d", "1h30m", "10MB", "512KiB", "1.5d", "-2d", "0", "9e9d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := ParseDuration(s); err == nil {
			back, err := ParseDuration(FormatDuration(d))
			if err != nil || back != d {
				t.Fatalf("%q -> %v -> %q -> %v, %v", s, d, FormatDuration(d), back, err)
			}
		}
		if n, err := ParseSize(s); err == nil && n < 0 {
			t.Fatalf("ParseSize(%q) = %d", s, n)
		}
	})
}
