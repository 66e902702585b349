package feed

import (
	"encoding/xml"
	"fmt"
	"time"

	"github.com/gorilla/feeds"
	"github.com/wiredesk/wiredesk/story"
)

// atomDoc extends feeds.AtomFeed with xml:lang, several links (gorilla
// has one, RFC 4287 §4.1.1 wants rel="self" and rel="alternate"),
// atom:generator and entries of our own type. Fields declared here take
// precedence over embedded fields of the same XML name.
type atomDoc struct {
	XMLName xml.Name `xml:"feed"`
	feeds.AtomFeed
	Lang      string         `xml:"xml:lang,attr,omitempty"`
	MediaNS   string         `xml:"xmlns:media,attr"`
	Links     []atomLink     `xml:"link"`
	Generator *atomGenerator `xml:"generator"`
	Entries   []*atomEntry   `xml:"entry"`
	AtNS      string         `xml:"xmlns:at,attr,omitempty"`
	FHNS      string         `xml:"xmlns:fh,attr,omitempty"`
	FHArchive *struct{}      `xml:"fh:archive"`
	Deleted   []atomDeleted  `xml:"at:deleted-entry"`
}

// atomGenerator is RFC 4287 §4.2.4 atom:generator.
type atomGenerator struct {
	Name string `xml:",chardata"`
}

// atomEntry extends feeds.AtomEntry with several categories, several
// links (alternate, via, enclosure, related) and a structured atom:source
// (RFC 4287 §4.2.11) where gorilla has strings. The image is also given as
// Media RSS elements (RFC 4287 §6.4 extension elements), which readers
// such as Miniflux use for thumbnails; a rel="enclosure" link alone is
// read as an attachment, not as the story's picture.
type atomEntry struct {
	XMLName xml.Name `xml:"entry"`
	feeds.AtomEntry
	Categories []atomCategory  `xml:"category"`
	Links      []atomLink      `xml:"link"`
	Source     *atomSource     `xml:"source"`
	Media      *mediaContent   `xml:"media:content"`
	Thumbnail  *mediaThumbnail `xml:"media:thumbnail"`
}

// atomCategory is RFC 4287 §4.2.2 atom:category.
type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"` // §4.2.2.3: human-readable
}

// atomSource records the upstream feed a story was copied from. Its
// children are optional in RFC 4287 §4.2.11, but the W3C validator warns
// (MissingSourceElement) without id, title and updated, so all three are
// written when known.
type atomSource struct {
	ID      string     `xml:"id,omitempty"`
	Title   string     `xml:"title,omitempty"`
	Updated string     `xml:"updated,omitempty"`
	Links   []atomLink `xml:"link"`
}

// atomDate formats t as an RFC 3339 date-time in UTC (RFC 4287 §3.3).
func atomDate(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}

// Atom renders items as an Atom 1.0 (RFC 4287) feed document, in the
// order given.
func Atom(ch Channel, items []story.Item) ([]byte, error) {
	c, err := newChannel(ch)
	if err != nil {
		return nil, fmt.Errorf("atom: %w", err)
	}
	author := &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: c.byline}}
	doc := &atomDoc{
		AtomFeed: feeds.AtomFeed{
			Xmlns:    nsAtom,
			Title:    c.title,
			Id:       c.feedID,
			Updated:  atomDate(c.updated),
			Subtitle: c.description,
			Author:   author,
		},
		Lang:    c.language,
		MediaNS: nsMedia,
		Links: []atomLink{
			{Href: selfURL(ch, c, "atom"), Rel: "self", Type: TypeAtom},
			{Href: c.alternate, Rel: "alternate", Type: "text/html"},
		},
		Entries: make([]*atomEntry, 0, len(items)),
	}
	doc.Links = append(append(doc.Links, hubLinks(ch)...), archiveLinks(ch, c, "atom")...)
	if ch.ArchiveURL != "" {
		doc.FHNS, doc.FHArchive = nsHistory, &struct{}{}
	}
	doc.Deleted = deletedEntries(ch.Tombstones)
	if len(doc.Deleted) > 0 {
		doc.AtNS = nsTombstones
	}
	if c.generator != "" {
		doc.Generator = &atomGenerator{Name: c.generator}
	}
	ss := stories(c, items)
	for _, s := range ss {
		doc.Entries = append(doc.Entries, newAtomEntry(c, s, author))
	}
	out, err := marshalXML(doc, xmlSizeHint(ss))
	if err != nil {
		return nil, fmt.Errorf("atom %s: %w", c.slug, err)
	}
	return out, nil
}

func newAtomEntry(c channel, s printable, author *feeds.AtomAuthor) *atomEntry {
	e := &atomEntry{
		AtomEntry: feeds.AtomEntry{
			Title:     s.title,
			Id:        s.id,
			Updated:   atomDate(s.updated),
			Published: atomDate(s.published),
			Summary:   &feeds.AtomSummary{Content: s.summaryHTML, Type: "html"},
			Content:   &feeds.AtomContent{Content: s.contentHTML, Type: "html"},
			Author:    author,
		},
		Links: []atomLink{{Href: s.link, Rel: "alternate", Type: "text/html"}},
	}
	for _, cat := range s.categories {
		e.Categories = append(e.Categories, atomCategory{Term: cat, Scheme: c.base + "/c/", Label: cleanLine(c.catTitles[cat])})
	}
	if s.upstream != "" {
		e.Links = append(e.Links, atomLink{Href: s.upstream, Rel: "via", Type: "text/html", Title: s.agency})
	}
	if s.image != "" {
		// RFC 4287 §4.2.7.6: length is optional, so an unknown size is
		// left out rather than faked.
		e.Links = append(e.Links, atomLink{Href: s.image, Rel: "enclosure", Type: s.imageType, Length: s.imageLength})
		e.Media = newMediaContent(s)
		e.Thumbnail = &mediaThumbnail{URL: s.image}
	}
	for _, a := range s.also {
		e.Links = append(e.Links, atomLink{Href: a.URL, Rel: "related", Type: "text/html", Title: a.Agency})
	}
	e.Source = newAtomSource(s)
	return e
}

// newAtomSource describes the upstream (RFC 4287 §4.2.11), or returns nil
// when there is no IRI to identify it with. The upstream feed's own atom:id
// and updated time are not kept, and its URL is never published (it may
// carry the agency's key), so the upstream's public site stands for the id
// and the story's update time for updated (the upstream changed at least
// then).
func newAtomSource(s printable) *atomSource {
	if s.sourceLink == "" {
		return nil
	}
	return &atomSource{
		ID: s.sourceLink, Title: s.sourceTitle, Updated: atomDate(s.updated),
		Links: []atomLink{{Href: s.sourceLink, Rel: "alternate", Type: "text/html"}},
	}
}
