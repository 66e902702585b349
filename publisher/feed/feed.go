// Package feed renders one category's stories in each output format of
// its table (Formats, formats.go): RSS 2.0, Atom 1.0 (RFC 4287), JSON
// Feed 1.1 and IPTC ninjs 3.1.
//
// It builds on the exported types of github.com/gorilla/feeds and extends
// them by embedding where gorilla cannot express what a valid, provenance
// carrying feed needs: several categories per item, RSS <dc:creator>
// (RSS <author> must be an e-mail address), <source url>, atom:link
// rel="self", Media RSS images, atom:source, the JSON Feed "_wiredesk"
// extension and an "items" array that is present even when empty.
//
// Output depends only on the arguments: no clock, no random ids, no map
// iteration, so the bytes can be cached, ETagged and golden-tested.
// Every string is stripped of characters XML 1.0 forbids before encoding.
package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// Channel describes the feed being rendered: one site category.
type Channel struct {
	// Slug names the category; "all" is the site-wide feed.
	Slug string
	// Title is the feed title, already "<site title> — <category title>".
	Title string
	// Description is the RSS <description>, Atom <subtitle> and JSON
	// Feed "description"; Title stands in when it is empty.
	Description string
	// BaseURL is the site's absolute base URL without a trailing slash.
	// Feeds live at BaseURL/feeds/Slug.{rss,atom,json}, the category page
	// at BaseURL/c/Slug (BaseURL/ for "all") and stories at BaseURL/a/ID.
	BaseURL string
	// Language is a language tag such as "en" (RSS <language>, Atom
	// xml:lang, JSON Feed "language"); "" leaves it out.
	Language string
	// Generator names the software, e.g. "wiredesk 1.2".
	Generator string
	// Byline is the author credited on the feed and on every story.
	Byline string
	// CategoryTitles maps a category slug to its title, which RSS
	// <category>, Atom's category label and JSON Feed tags show readers; a
	// slug without a title is shown as it is.
	CategoryTitles map[string]string
	// Hidden are category slugs left out of every story's categories: a
	// public feed names no partner-only category (README, Partners).
	Hidden map[string]bool
	// Updated is when the newest story changed. The zero time renders as
	// the Unix epoch: output must never depend on the clock.
	Updated time.Time
	// NoPage says the category has no public listing page (a partner-only
	// category or saved search): the feed's home link is then the site's
	// front page, not a /c/Slug that answers 404.
	NoPage bool
	// Hub is the URL of the WebSub hub the feed advertises (rel="hub" in
	// RSS and Atom, "hubs" in JSON Feed); "" advertises none.
	Hub string
	// Tombstones are recently withdrawn stories, written in Atom as RFC
	// 6721 at:deleted-entry elements.
	Tombstones []story.Tombstone
	// Archive links (RFC 5005 §4, RSS and Atom): PrevArchive is the
	// archive document of the stories before these. ArchiveURL, when set,
	// makes the document an archive document at that URL (fh:archive, a
	// rel="current" link to the subscription feed, NextArchive).
	PrevArchive, NextArchive, ArchiveURL string
}

// Namespaces declared once on the RSS root element.
const (
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsMedia   = "http://search.yahoo.com/mrss/"
)

// MIME types of the three renderings, as advertised in self links.
const (
	TypeRSS  = "application/rss+xml"
	TypeAtom = "application/atom+xml"
	TypeJSON = "application/feed+json"
)

// marshalXML encodes v as an indented UTF-8 XML document ending in a
// newline; sizeHint presizes the buffer so it is not regrown while
// encoding.
func marshalXML(v any, sizeHint int) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(sizeHint)
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode xml: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode xml: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// stories prepares items for rendering, in the order given.
func stories(c channel, items []story.Item) []printable {
	out := make([]printable, len(items))
	for i := range items {
		out[i] = newStory(c, items[i])
	}
	return out
}

// xmlSizeHint estimates the size of an XML rendering of ss: markup
// escaping grows HTML by about a third, and each story carries about
// 1.5 KB of elements around its text.
func xmlSizeHint(ss []printable) int {
	n := 2048
	for i := range ss {
		n += 1536 + (len(ss[i].contentHTML)+len(ss[i].summaryHTML))*4/3
	}
	return n
}
