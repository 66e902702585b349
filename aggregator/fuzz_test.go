package aggregator

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/aggregator/source/feed"
	"github.com/wiredesk/wiredesk/config"
)

func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{
		"https://Example.org:443/a?utm_source=x&b=1#f", "http://[::1]:80", "https://a/b/../c/./d",
		"https://example.org/%zz", "http://example.org/a%2Fb?x=%41", "https://example.org?&&", "https://ü.example/é",
		"http://user:pw@h/?q", "https://example.org:0/", "https://h/p;x?y#z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c, err := canonicalURL(raw)
		if err != nil {
			return
		}
		if !strings.HasPrefix(c, "http://") && !strings.HasPrefix(c, "https://") {
			t.Fatalf("canonicalURL(%q) = %q: not http(s)", raw, c)
		}
		u, err := url.Parse(c)
		if err != nil || u.Fragment != "" || u.User != nil || u.Path == "" {
			t.Fatalf("canonicalURL(%q) = %q: %v", raw, c, err)
		}
		for part := range strings.SplitSeq(u.RawQuery, "&") {
			name, _, _ := strings.Cut(part, "=")
			if dec, err := url.QueryUnescape(name); err == nil && isTracking(dec) {
				t.Fatalf("canonicalURL(%q) = %q kept tracking parameter %q", raw, c, name)
			}
		}
		again, err := canonicalURL(c)
		if err != nil || again != c {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", raw, c, again, err)
		}
	})
}

func FuzzItemKey(f *testing.F) {
	f.Add("urn:x:1", "https://example.org/a", "Title", "Tue, 03 Jun 2025 10:00:00 GMT")
	f.Add("", "/rel", "", "")
	f.Add("HTTPS://EXAMPLE.ORG/g?fbclid=1", "", "&amp;amp;", "garbage")
	n := newNormalizer()
	f.Fuzz(func(t *testing.T, guid, link, title, date string) {
		esc := func(s string) string {
			return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
		}
		body := `<rss version="2.0"><channel><title>t</title><link>https://www.example.org/</link><item>` +
			`<guid>` + esc(guid) + `</guid><link>` + esc(link) + `</link><title>` + esc(title) + `</title>` +
			`<pubDate>` + esc(date) + `</pubDate></item></channel></rss>`
		doc, err := feed.Parse([]byte(body), "", testFeedURL)
		if err != nil {
			return
		}
		first := n.Items(doc, sourceFor(testFeedURL), fixtureNow)
		second := n.Items(doc, sourceFor(testFeedURL), fixtureNow.Add(3600e9))
		if len(first) != len(second) {
			t.Fatalf("item count changed: %d, %d", len(first), len(second))
		}
		for i := range first {
			a, b := first[i], second[i]
			// The key, hence the public ID, must not depend on the clock.
			if a.Key != b.Key || a.ID != b.ID || a.Key == "" || len(a.ID) != 16 {
				t.Fatalf("unstable key: %q/%q vs %q/%q", a.Key, a.ID, b.Key, b.ID)
			}
			if a.Link != "" {
				if c, err := canonicalURL(a.Link); err != nil || c != a.Link {
					t.Fatalf("Link %q not canonical: %q, %v", a.Link, c, err)
				}
			}
			if hasTag(a.Title) || utf8.RuneCountInString(a.Title) > maxTitleRunes {
				t.Fatalf("bad title %q", a.Title)
			}
		}
	})
}

func FuzzParse(f *testing.F) {
	files, err := filepath.Glob("testdata/parse/*")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, ".want.json") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "")
	}
	f.Add([]byte("\xff\xfe<\x00r\x00s\x00s\x00"), "text/xml; charset=utf-16")
	f.Add([]byte(`<?xml version="1.0" encoding="bogus"?><feed/>`), "")
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{}]}`), "application/json")
	n := newNormalizer()
	tg := newTagger(tagConfig(), nil)
	src := config.Source{URL: testFeedURL, Category: "world"}
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		doc, err := feed.Parse(body, contentType, testFeedURL)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, it := range n.Items(doc, src, fixtureNow) {
			if seen[it.ID] {
				t.Fatalf("duplicate ID %s", it.ID)
			}
			seen[it.ID] = true
			assertInert(t, &it)
			if it.PublishedAt.IsZero() || it.PublishedAt.After(fixtureNow.Add(maxFuture)) || it.UpdatedAt.Before(it.PublishedAt) {
				t.Fatalf("bad times %v %v", it.PublishedAt, it.UpdatedAt)
			}
			tg.Tag(&it, src)
			if len(it.Categories) == 0 || it.Categories[len(it.Categories)-1] != "world" {
				t.Fatalf("categories %q", it.Categories)
			}
		}
	})
}
