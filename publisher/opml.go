package publisher

import (
	"encoding/xml"
	"fmt"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/internal/htmlkit"
	"github.com/wiredesk/wiredesk/story"
)

// opmlDoc is an OPML 2.0 document (http://opml.org/spec2.opml).
type opmlDoc struct {
	XMLName xml.Name    `xml:"opml"`
	Version string      `xml:"version,attr"`
	Head    opmlHead    `xml:"head"`
	Body    []opmlEntry `xml:"body>outline"`
}

type opmlHead struct {
	Title string `xml:"title"`
	Docs  string `xml:"docs"`
}

// opmlEntry is one subscription outline: type "rss" with xmlUrl, which
// feed readers import as one feed, and htmlUrl for its web page.
type opmlEntry struct {
	Text        string `xml:"text,attr"`
	Title       string `xml:"title,attr"`
	Type        string `xml:"type,attr"`
	XMLURL      string `xml:"xmlUrl,attr"`
	HTMLURL     string `xml:"htmlUrl,attr"`
	Language    string `xml:"language,attr,omitempty"`
	Description string `xml:"description,attr,omitempty"`
}

// opml lists the feed of "all", of every category and of every saved
// search in the preferred
// format, the first of the table (RSS). Only one format is listed: a
// reader importing the file subscribes to every outline, and each format
// of one feed would repeat each story.
func (p *Publisher) opml(cfg *config.Config) ([]byte, error) {
	base := baseURL(cfg)
	doc := opmlDoc{
		Version: "2.0",
		Head:    opmlHead{Title: htmlkit.NeutralizeTags(cfg.Site.Title + " feeds"), Docs: "http://opml.org/spec2.opml"},
	}
	for _, slug := range append([]string{story.All}, feedSlugsOf(cfg)...) {
		ch := p.channel(cfg, slug, nil)
		doc.Body = append(doc.Body, opmlEntry{
			Text:        htmlkit.NeutralizeTags(ch.Title),
			Title:       htmlkit.NeutralizeTags(ch.Title),
			Type:        "rss",
			XMLURL:      base + "/feeds/" + slug + "." + p.formats[0].Ext,
			HTMLURL:     base + "/c/" + slug,
			Language:    cfg.Site.Language,
			Description: htmlkit.NeutralizeTags(ch.Description),
		})
	}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("publisher: opml: %w", err)
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}
