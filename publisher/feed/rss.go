package feed

import (
	"encoding/xml"
	"fmt"
	"time"

	"github.com/gorilla/feeds"
	"github.com/wiredesk/wiredesk/story"
)

// rssDocs points readers at the format specification (RSS 2.0 <docs>).
const rssDocs = "https://www.rssboard.org/rss-specification"

// rssDoc extends gorilla's <rss> root with the dc, atom and media
// namespaces and with our own channel type. Fields declared here take
// precedence over embedded fields of the same XML name (encoding/xml picks
// the shallowest), which is how Channel replaces feeds.RssFeedXml.Channel.
type rssDoc struct {
	XMLName xml.Name `xml:"rss"`
	feeds.RssFeedXml
	DCNamespace    string      `xml:"xmlns:dc,attr"`
	AtomNamespace  string      `xml:"xmlns:atom,attr"`
	MediaNamespace string      `xml:"xmlns:media,attr"`
	FHNamespace    string      `xml:"xmlns:fh,attr,omitempty"`
	Channel        *rssChannel `xml:"channel"`
}

// rssChannel adds the atom:link rel="self" the W3C validator asks for
// (MissingSelf) and items of our own type to feeds.RssFeed.
type rssChannel struct {
	XMLName xml.Name `xml:"channel"`
	feeds.RssFeed
	Self    []atomLink `xml:"atom:link"` // rel="self", and rel="hub" with a hub
	Archive *struct{}  `xml:"fh:archive"`
	Items   []*rssItem `xml:"item"`
}

// rssItem extends feeds.RssItem with what gorilla cannot express:
// one <category> per category (gorilla has one string), <dc:creator> for
// the byline (RSS <author> must be an e-mail address), <source url> for
// provenance (gorilla writes a bare string, which the validator rejects:
// MissingAttribute{element:source,attr:url}), atom:link rel="via" to the
// upstream story and rel="related" to other carriers, and Media RSS images.
// The upstream link is not <dc:source>: next to <source> the validator
// flags DuplicateItemSemantics.
type rssItem struct {
	XMLName xml.Name `xml:"item"`
	feeds.RssItem
	Categories []string        `xml:"category"`
	Creator    string          `xml:"dc:creator"`
	Source     *rssSource      `xml:"source"`
	Links      []atomLink      `xml:"atom:link"`
	Media      *mediaContent   `xml:"media:content"`
	Thumbnail  *mediaThumbnail `xml:"media:thumbnail"`
}

// rssSource is RSS 2.0 <source url="feed URL">name</source>.
type rssSource struct {
	URL  string `xml:"url,attr"`
	Name string `xml:",chardata"`
}

// atomLink is an atom:link with the title attribute gorilla's AtomLink
// lacks; in RSS it is written with the atom: prefix.
type atomLink struct {
	Href   string `xml:"href,attr"`
	Rel    string `xml:"rel,attr,omitempty"`
	Type   string `xml:"type,attr,omitempty"`
	Title  string `xml:"title,attr,omitempty"`
	Length string `xml:"length,attr,omitempty"`
}

// mediaContent is Media RSS <media:content> for the story image.
type mediaContent struct {
	URL         string     `xml:"url,attr"`
	Medium      string     `xml:"medium,attr"`
	Type        string     `xml:"type,attr,omitempty"`
	FileSize    string     `xml:"fileSize,attr,omitempty"`
	Description *mediaText `xml:"media:description"`
	Credit      *mediaText `xml:"media:credit"`
}

// mediaText is a Media RSS text element: media:description (type="plain")
// for the image's caption, media:credit for its credit.
type mediaText struct {
	Type string `xml:"type,attr,omitempty"`
	Text string `xml:",chardata"`
}

// newMediaContent is the story image as Media RSS: its caption and credit
// (plain text) and its size when known.
func newMediaContent(s printable) *mediaContent {
	m := &mediaContent{URL: s.image, Medium: "image", Type: s.imageType, FileSize: s.imageLength}
	if s.imageCaption != "" {
		m.Description = &mediaText{Type: "plain", Text: s.imageCaption}
	}
	if s.imageCredit != "" {
		m.Credit = &mediaText{Text: s.imageCredit}
	}
	return m
}

// mediaThumbnail is Media RSS <media:thumbnail>.
type mediaThumbnail struct {
	URL string `xml:"url,attr"`
}

// rssDate formats t as RSS 2.0 requires (RFC 822, here RFC 1123 with a
// numeric zone, always +0000).
func rssDate(t time.Time) string {
	return t.UTC().Format(time.RFC1123Z)
}

// RSS renders items as an RSS 2.0 document, in the order given.
func RSS(ch Channel, items []story.Item) ([]byte, error) {
	c, err := newChannel(ch)
	if err != nil {
		return nil, fmt.Errorf("rss: %w", err)
	}
	rc := &rssChannel{
		RssFeed: feeds.RssFeed{
			Title:         c.title,
			Link:          c.alternate,
			Description:   c.description,
			Language:      c.language,
			PubDate:       rssDate(c.updated),
			LastBuildDate: rssDate(c.updated),
			Generator:     c.generator,
			Docs:          rssDocs,
		},
		Self:  append(append([]atomLink{{Href: selfURL(ch, c, "rss"), Rel: "self", Type: TypeRSS}}, hubLinks(ch)...), archiveLinks(ch, c, "rss")...),
		Items: make([]*rssItem, 0, len(items)),
	}
	ss := stories(c, items)
	for _, s := range ss {
		rc.Items = append(rc.Items, newRSSItem(c, s))
	}
	doc := &rssDoc{
		RssFeedXml:     feeds.RssFeedXml{Version: "2.0", ContentNamespace: nsContent},
		DCNamespace:    nsDC,
		AtomNamespace:  nsAtom,
		MediaNamespace: nsMedia,
		Channel:        rc,
	}
	if ch.ArchiveURL != "" {
		doc.FHNamespace, rc.Archive = nsHistory, &struct{}{}
	}
	out, err := marshalXML(doc, xmlSizeHint(ss))
	if err != nil {
		return nil, fmt.Errorf("rss %s: %w", c.slug, err)
	}
	return out, nil
}

func newRSSItem(c channel, s printable) *rssItem {
	it := &rssItem{
		RssItem: feeds.RssItem{
			Title:       s.title,
			Link:        s.link,
			Description: s.summaryHTML,
			Content:     &feeds.RssContent{Content: s.contentHTML},
			Guid:        &feeds.RssGuid{Id: s.id, IsPermaLink: "false"},
			PubDate:     rssDate(s.published),
		},
		Categories: c.categoryTitles(s.categories),
		Creator:    c.byline,
	}
	// RSS 2.0 <source> names the channel an item came from; its url
	// here is the upstream's public site, not the feed wiredesk polls,
	// whose URL may hold the agency's key (see newStory).
	if s.sourceLink != "" && s.agency != "" {
		it.Source = &rssSource{URL: s.sourceLink, Name: s.agency}
	}
	if s.upstream != "" {
		it.Links = append(it.Links, atomLink{Href: s.upstream, Rel: "via", Type: "text/html", Title: s.agency})
	}
	for _, a := range s.also {
		it.Links = append(it.Links, atomLink{Href: a.URL, Rel: "related", Type: "text/html", Title: a.Agency})
	}
	if s.image != "" {
		it.Media = newMediaContent(s)
		it.Thumbnail = &mediaThumbnail{URL: s.image}
		// RSS 2.0 requires an enclosure's length (in bytes) and type. A
		// length="0" for an unknown size passes the W3C validator with a
		// warning but misleads readers that trust it, so without a real
		// length from upstream, or without a MIME type, the image is
		// carried by media:content alone.
		if s.imageType != "" && s.imageLength != "" {
			it.Enclosure = &feeds.RssEnclosure{Url: s.image, Length: s.imageLength, Type: s.imageType}
		}
	}
	return it
}
