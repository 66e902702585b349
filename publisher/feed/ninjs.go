package feed

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/wiredesk/wiredesk/story"
)

// NinjsSchema is the IPTC ninjs schema every item of a NINJS document
// declares and is tested against (publisher/feed/testdata/ninjs).
const NinjsSchema = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"

// TypeNinjs is the media type of a NINJS document: JSON (ninjs has no
// registered type of its own).
const TypeNinjs = "application/json"

// ninjsDoc is a category as IPTC ninjs 3.1 news items. ninjs describes one
// item and no feed, so the items come in an envelope that says which feed
// they are; each element of "items" is a complete ninjs object.
type ninjsDoc struct {
	Feed  ninjsFeed   `json:"feed"`
	Items []ninjsItem `json:"items"`
}

type ninjsFeed struct {
	Title   string `json:"title"`
	URI     string `json:"uri"` // the feed's stable id (FeedID)
	Self    string `json:"self"`
	Updated string `json:"updated"`
}

// ninjsItem holds the ninjs 3.1 properties wiredesk fills.
type ninjsItem struct {
	URI                string             `json:"uri"`
	Standard           ninjsStandard      `json:"standard"`
	Type               string             `json:"type"`
	RepresentationType string             `json:"representationType"`
	FirstCreated       string             `json:"firstCreated"`
	VersionCreated     string             `json:"versionCreated"`
	ContentCreated     string             `json:"contentCreated"`
	PubStatus          string             `json:"pubStatus"`
	Language           string             `json:"language,omitempty"`
	Headlines          []ninjsText        `json:"headlines"`
	Descriptions       []ninjsText        `json:"descriptions,omitempty"`
	Bodies             []ninjsText        `json:"bodies"`
	By                 string             `json:"by"`
	Located            string             `json:"located,omitempty"`
	Places             []ninjsConcept     `json:"places,omitempty"`
	Subjects           []ninjsConcept     `json:"subjects,omitempty"`
	InfoSources        []ninjsConcept     `json:"infoSources"`
	AltIDs             []ninjsAltID       `json:"altIds"`
	Renditions         []ninjsRendition   `json:"renditions"`
	Associations       []ninjsAssociation `json:"associations,omitempty"`
}

type ninjsStandard struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Schema  string `json:"schema"`
}

type ninjsText struct {
	Role        string `json:"role,omitempty"`
	ContentType string `json:"contentType,omitempty"`
	Value       string `json:"value"`
}

// ninjsConcept is a place, a subject or an info source.
type ninjsConcept struct {
	Name    string `json:"name,omitempty"`
	Role    string `json:"role,omitempty"` // infoSources only
	Rel     string `json:"rel,omitempty"`  // places and subjects only
	URI     string `json:"uri,omitempty"`
	Literal string `json:"literal,omitempty"`
}

type ninjsAltID struct {
	Role  string `json:"role"`
	Value string `json:"value"`
}

type ninjsRendition struct {
	Name        string `json:"name"`
	Href        string `json:"href"`
	ContentType string `json:"contentType,omitempty"`
}

// ninjsAssociation is the story's picture.
type ninjsAssociation struct {
	Name       string           `json:"name"`
	Rel        string           `json:"rel"`
	URI        string           `json:"uri"`
	Type       string           `json:"type"`
	Renditions []ninjsRendition `json:"renditions"`
}

// Ninjs renders items as IPTC ninjs 3.1 news items (type "text"), in the
// order given: headline, the summary as description, the sanitized HTML
// body, the byline as "by", the agency and other carriers as info sources
// (role "originator") with the site as "distributor", the dateline place
// as "located", places with their ISO 3166 codes, the site's categories
// and upstream categories as subjects, the picture as an association.
// "uri" is the story's stable id (StoryID), never a link.
func Ninjs(ch Channel, items []story.Item) ([]byte, error) {
	c, err := newChannel(ch)
	if err != nil {
		return nil, fmt.Errorf("ninjs: %w", err)
	}
	doc := ninjsDoc{
		Feed:  ninjsFeed{Title: c.title, URI: c.feedID, Self: c.self("ninjs"), Updated: atomDate(c.updated)},
		Items: make([]ninjsItem, 0, len(items)),
	}
	for i := range items {
		doc.Items = append(doc.Items, newNinjsItem(c, items[i], newStory(c, items[i])))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("ninjs %s: %w", c.slug, err)
	}
	return buf.Bytes(), nil
}

func newNinjsItem(c channel, it story.Item, s printable) ninjsItem {
	n := ninjsItem{
		URI:                s.id,
		Standard:           ninjsStandard{Name: "ninjs", Version: "3.1", Schema: NinjsSchema},
		Type:               "text",
		RepresentationType: "full",
		FirstCreated:       atomDate(s.published),
		VersionCreated:     atomDate(s.updated),
		ContentCreated:     atomDate(s.published),
		PubStatus:          "usable",
		Language:           c.language,
		Headlines:          []ninjsText{{Role: "main", ContentType: "text/plain", Value: s.title}},
		Bodies:             []ninjsText{{Role: "main", ContentType: "text/html", Value: s.contentHTML}},
		By:                 c.byline,
		InfoSources:        []ninjsConcept{{Name: c.title, Role: "distributor", URI: c.base + "/"}},
		AltIDs:             []ninjsAltID{{Role: "wiredesk", Value: cleanLine(it.ID)}},
		Renditions:         []ninjsRendition{{Name: "html", Href: c.base + "/a/" + url.PathEscape(cleanLine(it.ID)), ContentType: "text/html"}},
	}
	if s.summaryText != "" {
		n.Descriptions = []ninjsText{{Role: "summary", ContentType: "text/plain", Value: s.summaryText}}
	}
	if s.agency != "" {
		src := ninjsConcept{Name: s.agency, Role: "originator"}
		if s.upstream != "" {
			n.Renditions = append(n.Renditions, ninjsRendition{Name: "original", Href: s.upstream, ContentType: "text/html"})
		}
		n.InfoSources = append([]ninjsConcept{src}, n.InfoSources...)
	}
	for _, a := range s.also {
		n.InfoSources = append(n.InfoSources, ninjsConcept{Name: a.Agency, Role: "originator"})
	}
	if g := cleanLine(it.GUID); g != "" {
		n.AltIDs = append(n.AltIDs, ninjsAltID{Role: "upstream-guid", Value: g})
	}
	for _, p := range it.Places {
		name, code, why := splitPlace(cleanLine(p))
		if name == "" {
			continue
		}
		n.Places = append(n.Places, ninjsConcept{Name: name, Literal: code, Rel: why})
		if why == "dateline" && n.Located == "" {
			n.Located = name
		}
	}
	for _, slug := range s.categories {
		n.Subjects = append(n.Subjects, ninjsConcept{Name: slug, Rel: "category", URI: c.base + "/c/" + url.PathEscape(slug)})
	}
	for _, uc := range uniq(it.UpstreamCategories, cleanLine) {
		n.Subjects = append(n.Subjects, ninjsConcept{Name: uc, Rel: "upstream-category"})
	}
	if s.image != "" {
		n.Associations = []ninjsAssociation{{Name: "picture", Rel: "picture", URI: s.image, Type: "picture",
			Renditions: []ninjsRendition{{Name: "original", Href: s.image, ContentType: s.imageType}}}}
	}
	return n
}

// splitPlace reads a place as the region filer explains it, "Beirut (LB,
// dateline)": the name, the ISO 3166 code and why it was found.
func splitPlace(p string) (name, code, why string) {
	name, rest, ok := strings.Cut(p, " (")
	if !ok {
		return strings.TrimSpace(p), "", ""
	}
	rest = strings.TrimSuffix(rest, ")")
	code, why, _ = strings.Cut(rest, ",")
	return strings.TrimSpace(name), strings.TrimSpace(code), strings.TrimSpace(why)
}
