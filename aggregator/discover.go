package aggregator

import (
	"bytes"
	"mime"
	"strings"

	"golang.org/x/net/html"
)

// feedTypes are the media types of feed autodiscovery links (RSS Board
// "RSS Autodiscovery", RFC 4287 §7.1, JSON Feed 1.1 "Discovery").
var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/feed+json": true,
	"application/json":      true,
}

// Discover returns the absolute URLs of the feeds an HTML page announces
// with <link rel="alternate" type="application/rss+xml"> (or Atom, JSON
// Feed), resolved against <base href> and pageURL, without repeats, in page
// order. Only http(s) URLs are returned.
func Discover(page []byte, pageURL string) []string {
	base := pageURL
	var out []string
	seen := map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
		default:
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "base":
			if href := attr(tok, "href"); href != "" {
				if u, err := resolveHTTP(pageURL, href); err == nil {
					base = u
				}
			}
		case "link":
			if !isFeedLink(tok) {
				continue
			}
			u, err := resolveHTTP(base, attr(tok, "href"))
			if err != nil || seen[u] {
				continue
			}
			seen[u] = true
			out = append(out, u)
		}
	}
}

// isFeedLink reports whether a <link> announces a feed.
func isFeedLink(tok html.Token) bool {
	alternate := false
	for rel := range strings.FieldsSeq(strings.ToLower(attr(tok, "rel"))) {
		if rel == "alternate" {
			alternate = true
		}
	}
	if !alternate {
		return false
	}
	t, _, err := mime.ParseMediaType(attr(tok, "type"))
	return err == nil && feedTypes[strings.ToLower(t)]
}

// attr returns the value of a token's attribute, or "".
func attr(tok html.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}
