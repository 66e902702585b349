package config

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/unicode/norm"
)

// ErrNotOPML is returned by ParseOPML for XML whose root is not <opml>.
var ErrNotOPML = errors.New("not an OPML document")

// maxOPMLDepth bounds outline nesting so hostile input cannot grow the
// stack without limit.
const maxOPMLDepth = 256

// ParseOPML reads the feed subscriptions from an OPML 1.0 or 2.0 document
// (http://opml.org/spec2.opml): every <outline> with an xmlUrl, at any
// depth. Name comes from title, else text, else the URL's host; a
// source's Category is the slug of its nearest enclosing outline whose
// text slugifies to something, as a hint the caller must check against
// the configured categories. Sources are enabled, in document order, and
// a URL listed twice is returned once. Nothing else is validated.
func ParseOPML(r io.Reader) ([]Source, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = charset.NewReaderLabel
	var (
		out     []Source
		seen    = map[string]bool{}
		stack   []string // slug hints of the open outlines
		rootSet bool
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("opml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if !rootSet {
				if name != "opml" {
					return nil, fmt.Errorf("root element <%s>: %w", t.Name.Local, ErrNotOPML)
				}
				rootSet = true
				continue
			}
			if name != "outline" {
				continue
			}
			if len(stack) >= maxOPMLDepth {
				return nil, fmt.Errorf("opml: outlines nested deeper than %d", maxOPMLDepth)
			}
			attrs := map[string]string{}
			for _, a := range t.Attr {
				attrs[strings.ToLower(a.Name.Local)] = strings.TrimSpace(a.Value)
			}
			if feed := attrs["xmlurl"]; feed != "" && !seen[urlKey(feed)] {
				if err := checkOPMLFeed(attrs, feed); err != nil {
					return nil, err
				}
				seen[urlKey(feed)] = true
				out = append(out, Source{
					Name:     opmlName(attrs, feed),
					URL:      feed,
					Category: nearestHint(stack),
					Enabled:  true,
				})
			}
			stack = append(stack, Slugify(attrs["text"]))
		case xml.EndElement:
			if strings.EqualFold(t.Name.Local, "outline") && len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if !rootSet {
		return nil, fmt.Errorf("no root element: %w", ErrNotOPML)
	}
	return out, nil
}

// checkOPMLFeed refuses an outline a third party could use against the
// desk: a feed URL other than http(s) (file:///etc/shadow would be read
// and shown), or a name with markup.
func checkOPMLFeed(attrs map[string]string, feed string) error {
	u, err := url.Parse(feed)
	if err != nil || (!strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https")) || u.Host == "" {
		return fmt.Errorf("opml: outline %q: xmlUrl %q: only http:// and https:// feeds can be imported", opmlName(attrs, feed), feed)
	}
	if msg := checkSourceURL(feed); msg != "" {
		return fmt.Errorf("opml: outline %q: xmlUrl %s", opmlName(attrs, feed), msg)
	}
	for _, k := range []string{"title", "text"} {
		if HasMarkup(attrs[k]) {
			return fmt.Errorf("opml: outline %s %q looks like HTML markup; names are plain text", k, attrs[k])
		}
	}
	return nil
}

func opmlName(attrs map[string]string, feed string) string {
	for _, k := range []string{"title", "text"} {
		if v := strings.Join(strings.Fields(attrs[k]), " "); v != "" {
			return v
		}
	}
	if u, err := url.Parse(feed); err == nil && u.Host != "" {
		return u.Host
	}
	return feed
}

func nearestHint(stack []string) string {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i] != "" {
			return stack[i]
		}
	}
	return ""
}

// Slugify turns a title into a category slug: accents dropped, letters
// lower-cased, every run of other characters made one hyphen ("Middle
// East" → "middle-east", "Économie" → "economie"). It returns "" when
// nothing usable is left.
func Slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		default:
			hyphen = true
		}
	}
	return b.String()
}
