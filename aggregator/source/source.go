// Package source is where upstream stories come from: wiredesk's own form
// of an upstream document (Document, Entry) and the Kind interface that
// each way of reading one implements. The kinds live in sub-packages
// (feed: RSS, Atom and JSON Feed over HTTP; file: the same documents in a
// drop folder), the transport they share in fetch. Nothing here cleans or
// judges what upstream said: the aggregator's normalizer does that.
package source

import (
	"context"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
)

// Kind is one way of reading a source: how its bytes are fetched and how
// they become a Document. The poller fetches, keeps the response's
// validators and caching hints, then parses; a Kind holds no state, and
// the Fetcher it is handed carries the limits of the configuration in
// force.
type Kind interface {
	// Fetch gets the source's current bytes, conditionally on req's
	// validators. It returns a *fetch.Error on failure.
	Fetch(ctx context.Context, f *fetch.Fetcher, req fetch.Request) (*fetch.Response, error)
	// Parse reads a fetched body (never a 304) into a Document. Its
	// errors never quote the body: they are shown on /status.
	Parse(resp *fetch.Response) (*Document, error)
}

// Document is one upstream document as wiredesk reads it: the feed's own
// facts and its entries in document order, as upstream wrote them.
type Document struct {
	// Format names what the document was, for logs and tests: "rss 2.0",
	// "atom 1.0", "json 1.1".
	Format string
	// Title is the document's own title as upstream wrote it (markup and
	// entities included).
	Title string
	// Link is the document's home page as upstream wrote it, possibly
	// relative to URL.
	Link string
	// TTL is how long the publisher says the document stays fresh (RSS
	// <ttl>, the syndication module); 0 when it says nothing.
	TTL time.Duration
	// URL is the address the document was read from, after redirects.
	URL string
	// Recovered is set when the document was malformed (typically cut
	// off) and only its complete entries before the error were kept; nil
	// for a well-formed document.
	Recovered error
	// Entries are the document's stories, in document order.
	Entries []Entry
}

// Entry is one story of a Document, as upstream wrote it: text fields may
// hold markup, entities and white space, URLs may be relative.
type Entry struct {
	// GUID is the upstream identifier: RSS guid, Atom id, JSON Feed id.
	GUID string
	// GUIDNotLink is set when upstream said the GUID is not a link (RSS
	// guid isPermaLink="false").
	GUIDNotLink bool
	// Link is the story's link; Links are all its links, Link among them.
	Link  string
	Links []string
	// Title is the entry's title; MediaTitle its Media RSS title
	// (media:title, also inside media:group), a fallback.
	Title, MediaTitle string
	// Summary and Content are HTML unless SummaryText or ContentText say
	// the format declared them plain text (JSON Feed summary and
	// content_text, Atom type="text").
	Summary, Content         string
	SummaryText, ContentText bool
	// Published and Updated are the parsed dates, zero when absent or
	// unreadable; PublishedRaw is the published date as written.
	Published, Updated time.Time
	PublishedRaw       string
	// Authors are the entry's authors. Byline is a single author line the
	// format gives apart from them (the first author as the parser
	// recorded it, else Dublin Core dc:creator), read when no author has
	// a name or an address.
	Authors []Person
	Byline  string
	// Categories are the upstream categories, as written.
	Categories []string
	// Enclosures are the entry's enclosures (RSS enclosure, Atom link
	// rel="enclosure", JSON Feed attachments).
	Enclosures []Enclosure
	// Media are the Media RSS media:content and media:thumbnail elements,
	// the entry's own first, then each media:group's, contents before
	// thumbnails in each.
	Media []Media
	// MediaCredit is the entry's own media:credit, for an image whose
	// element names none.
	MediaCredit string
	// Image is the image the format names for the entry (itunes:image,
	// JSON Feed image), or "".
	Image string
}

// Person is an author.
type Person struct {
	Name, Email string
}

// Enclosure is a file attached to an entry.
type Enclosure struct {
	URL, Type string
	// Length is the size in bytes as written, often empty or wrong.
	Length string
}

// Media is one Media RSS element (media:content or media:thumbnail).
type Media struct {
	URL string
	// Type and Medium are media:content's type and medium attributes;
	// empty on a thumbnail.
	Type, Medium string
	// FileSize is media:content's fileSize as written.
	FileSize string
	// Thumbnail marks a media:thumbnail.
	Thumbnail bool
	// Caption and Credit are the media:description and media:credit
	// that apply, trimmed: a media:content's own, else those of its
	// media:group (the entry's, outside any group); a thumbnail's are
	// always its group's (or the entry's).
	Caption, Credit string
}
