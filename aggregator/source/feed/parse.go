package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/rss"

	"github.com/wiredesk/wiredesk/aggregator/source"
	"github.com/wiredesk/wiredesk/internal/htmlkit"
)

// ErrNotAFeed is returned (wrapped, with what the body looked like) when a
// body is not an RSS, Atom or JSON feed: an HTML page, an empty body, an
// unrelated XML or JSON document, or garbage.
var ErrNotAFeed = errors.New("not a feed")

// prologKeep is how far into a document the root element may start before
// the prolog is dropped: gofeed looks for the root in the first 4 KiB, and
// the root's start tag (with its namespace declarations) must fit too.
const prologKeep = 1024

// Parse reads an upstream RSS, Atom or JSON Feed body into a Document.
// contentType is the response's Content-Type (used only as charset
// evidence) and docURL the address the body came from. The body is
// transcoded to UTF-8 first (see htmlkit.ToUTF8). Parse never fetches anything:
// internal DTD entities are not expanded by Go's encoding/xml, so entity
// bombs stay inert text.
func Parse(body []byte, contentType, docURL string) (*source.Document, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, fmt.Errorf("%w: empty body", ErrNotAFeed)
	}
	b, err := htmlkit.ToUTF8(body, contentType)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", docURL, err)
	}
	b, err = sniff(b, contentType)
	if err != nil {
		return nil, err
	}
	if err := checkShape(b); err != nil {
		return nil, fmt.Errorf("parse feed: %w", err)
	}
	p := gofeed.NewParser()
	// The normalizer looks for images itself, so gofeed's HTML parse of
	// every item (a third of parse time) is wasted work.
	p.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	// The original RSS form carries <ttl> and guid isPermaLink.
	p.KeepOriginalFeed = true
	feed, err := p.Parse(bytes.NewReader(b))
	var syntax *xml.SyntaxError
	var recovered error
	if errors.As(err, &syntax) {
		// A cut-off or broken document: keep the complete items before
		// the break rather than lose the whole poll.
		if fixed, ok := repairXML(b); ok {
			if f, ferr := p.Parse(bytes.NewReader(fixed)); ferr == nil {
				feed, recovered, err = f, fmt.Errorf("kept the items before: %w", opaqueSyntax(err)), nil
			}
		}
	}
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			// sniff saw an RSS, Atom or JSON Feed root, so the document is
			// a feed the XML decoder choked on before reaching it.
			return nil, fmt.Errorf("parse feed: unreadable before the root element: %w", err)
		}
		return nil, fmt.Errorf("parse feed: %w", opaqueSyntax(err))
	}
	return &source.Document{
		Format:    feed.FeedType + " " + feed.FeedVersion,
		Title:     feed.Title,
		Link:      feed.Link,
		TTL:       feedTTL(feed),
		URL:       docURL,
		Recovered: recovered,
		Entries:   entries(feed),
	}, nil
}

// sniff checks that b looks like a feed before gofeed sees it, so that the
// error can say what it was instead, and moves a root element buried under
// a long prolog into gofeed's detection window.
func sniff(b []byte, contentType string) ([]byte, error) {
	t := bytes.TrimLeft(b, " \t\r\n")
	switch {
	case len(t) == 0:
		return nil, fmt.Errorf("%w: only white space", ErrNotAFeed)
	case t[0] == '{':
		if !bytes.Contains(t, []byte("jsonfeed.org/version")) {
			return nil, fmt.Errorf("%w: a JSON document without a JSON Feed version", ErrNotAFeed)
		}
		return t, nil
	case t[0] != '<':
		return nil, fmt.Errorf("%w: %s", ErrNotAFeed, describe(t, contentType))
	}
	name, at := htmlkit.RootElement(t)
	switch strings.ToLower(htmlkit.LocalName(name)) {
	case "rss", "rdf", "feed":
	default:
		return nil, fmt.Errorf("%w: %s", ErrNotAFeed, describe(t, contentType))
	}
	if at < prologKeep {
		return t, nil
	}
	// Keep the XML declaration (it may carry standalone="no" etc.) and drop
	// the comments, processing instructions and DOCTYPE before the root.
	out := append([]byte{}, htmlkit.XMLDecl(t)...)
	return append(out, t[at:]...), nil
}

// describe says in a few words what a body that is not a feed looks like.
func describe(b []byte, contentType string) string {
	t := bytes.TrimLeft(b, " \t\r\n")
	if len(t) > 0 && t[0] == '<' {
		name, _ := htmlkit.RootElement(t)
		lower := strings.ToLower(name)
		htmlish := bytes.Contains(bytes.ToLower(t[:min(len(t), 512)]), []byte("<!doctype html")) ||
			strings.Contains(strings.ToLower(contentType), "html")
		switch {
		case lower == "html" || lower == "head" || lower == "body":
			return "an HTML page"
		case name == "" && htmlish:
			return "an HTML page"
		case name == "":
			return "markup without a root element"
		}
		return "an XML document that is neither RSS nor Atom"
	}
	// Never the bytes themselves: a file:// source or a misdirected URL
	// would put /etc/passwd or a secret on /status.
	if bytes.IndexFunc(t[:min(len(t), 512)], func(r rune) bool {
		return r == utf8.RuneError || r < ' ' && r != '\t' && r != '\n' && r != '\r'
	}) >= 0 {
		return "neither XML nor JSON (binary data)"
	}
	return "neither XML nor JSON (plain text)"
}

// maxTTL bounds an advertised TTL; longer values are treated as typos.
const maxTTL = 366 * 24 * time.Hour

// feedTTL reads RSS 2.0 <ttl> ("number of minutes that indicates how long
// a channel can be cached") or, failing that, the RSS 1.0 syndication
// module: sy:updatePeriod (hourly, daily, weekly, monthly, yearly) divided
// by sy:updateFrequency (default 1).
func feedTTL(f *gofeed.Feed) time.Duration {
	if rf, ok := f.OriginalFeed().(*rss.Feed); ok && rf.TTL != "" {
		if m, err := strconv.Atoi(strings.TrimSpace(rf.TTL)); err == nil && m > 0 {
			if d := time.Duration(m) * time.Minute; d <= maxTTL {
				return d
			}
		}
	}
	sy := f.Extensions["sy"]
	if sy == nil {
		return 0
	}
	period := map[string]time.Duration{
		"hourly": time.Hour, "daily": 24 * time.Hour, "weekly": 7 * 24 * time.Hour,
		"monthly": 30 * 24 * time.Hour, "yearly": 365 * 24 * time.Hour,
	}[strings.ToLower(strings.TrimSpace(extValue(sy, "updatePeriod")))]
	if period == 0 {
		return 0
	}
	freq := 1
	if v := strings.TrimSpace(extValue(sy, "updateFrequency")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return period
		}
		freq = n
	}
	return period / time.Duration(freq)
}

// repairXML cuts a malformed XML document at its first syntax error and
// closes the elements still open there. An <item> or <entry> open at the
// error is dropped whole, so no half story is kept. It reports false when
// there is nothing to repair.
func repairXML(b []byte) ([]byte, bool) {
	type open struct {
		name  string
		start int64
	}
	var stack []open
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	last := int64(0)
	for {
		start := d.InputOffset()
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, open{name: qname(t.Name), start: start})
		case xml.EndElement:
			name := qname(t.Name)
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].name == name {
					stack = stack[:i]
					break
				}
			}
		}
		last = d.InputOffset()
	}
	if len(stack) == 0 {
		return nil, false
	}
	cut := last
	for i, o := range stack {
		if l := strings.ToLower(htmlkit.LocalName(o.name)); l == "item" || l == "entry" {
			cut, stack = o.start, stack[:i]
			break
		}
	}
	out := append([]byte{}, b[:cut]...)
	for i := len(stack) - 1; i >= 0; i-- {
		out = append(out, "</"+stack[i].name+">"...)
	}
	return out, true
}

// qname writes an XML name as it appeared: prefix:local.
func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// opaqueSyntax replaces a syntax error that quotes the document (an
// element name, a character) by one that gives only the position: an
// error is shown on /status, and the document may hold anything.
func opaqueSyntax(err error) error {
	var xs *xml.SyntaxError
	if errors.As(err, &xs) {
		return fmt.Errorf("XML syntax error on line %d", xs.Line)
	}
	var js *json.SyntaxError
	if errors.As(err, &js) {
		return fmt.Errorf("JSON syntax error at byte %d", js.Offset)
	}
	var jt *json.UnmarshalTypeError
	if errors.As(err, &jt) {
		return fmt.Errorf("JSON value of the wrong type at byte %d (field %s)", jt.Offset, jt.Field)
	}
	return err
}
