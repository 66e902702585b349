package feed

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/gorilla/feeds"
	"github.com/wiredesk/wiredesk/story"
)

// jsonVersion is the JSON Feed version URL (JSON Feed 1.1 "version").
const jsonVersion = "https://jsonfeed.org/version/1.1"

// jsonDoc extends feeds.JSONFeed so that "items" is always present:
// JSON Feed 1.1 makes it required, and gorilla drops it when empty
// (omitempty). The shallower field wins over the embedded one.
type jsonDoc struct {
	feeds.JSONFeed
	Items []*jsonItem `json:"items"`
}

// jsonItem adds the "_wiredesk" extension object (JSON Feed 1.1
// "Extensions": keys starting with an underscore) to feeds.JSONItem.
type jsonItem struct {
	feeds.JSONItem
	Wiredesk jsonExtension `json:"_wiredesk"`
}

// jsonExtension carries provenance. Its lists are never null, so a
// consumer can iterate them without checking.
type jsonExtension struct {
	// Agency is the upstream agency credited for the story.
	Agency string `json:"agency"`
	// SourceURL is the upstream story's own page.
	SourceURL string `json:"source_url"`
	// SourceSite is the upstream's public site. The feed wiredesk polls
	// is not published: its URL may carry the agency's key.
	SourceSite string `json:"source_site"`
	// Categories are the site category slugs the story is filed under.
	Categories []string `json:"categories"`
	// Also lists other agencies' copies merged into this story.
	Also []jsonCarrier `json:"also"`
	// ImageCaption and ImageCredit describe the item's image (JSON Feed
	// 1.1 has no field for them), as media:description and media:credit
	// do in RSS and Atom.
	ImageCaption string `json:"image_caption,omitempty"`
	ImageCredit  string `json:"image_credit,omitempty"`
}

// jsonCarrier is one merged copy of the story.
type jsonCarrier struct {
	Agency string `json:"agency"`
	URL    string `json:"url"`
}

// JSON renders items as a JSON Feed 1.1 document, in the order given.
func JSON(ch Channel, items []story.Item) ([]byte, error) {
	c, err := newChannel(ch)
	if err != nil {
		return nil, fmt.Errorf("json: %w", err)
	}
	authors := []*feeds.JSONAuthor{{Name: c.byline}}
	doc := &jsonDoc{
		JSONFeed: feeds.JSONFeed{
			Version:     jsonVersion,
			Title:       c.title,
			Language:    c.language,
			HomePageUrl: c.alternate,
			FeedUrl:     c.self("json"),
			Description: c.description,
			Authors:     authors,
			Hubs:        jsonHubs(ch),
		},
		Items: make([]*jsonItem, 0, len(items)),
	}
	for _, s := range stories(c, items) {
		doc.Items = append(doc.Items, newJSONItem(c, s, authors))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("json %s: %w", c.slug, err)
	}
	return buf.Bytes(), nil
}

func newJSONItem(c channel, s printable, authors []*feeds.JSONAuthor) *jsonItem {
	published, updated := s.published, s.updated
	it := &jsonItem{
		JSONItem: feeds.JSONItem{
			Id:            s.id,
			Url:           s.link,
			ExternalUrl:   s.upstream,
			Title:         s.title,
			ContentHTML:   s.contentHTML,
			Summary:       s.summaryText,
			Image:         s.image,
			PublishedDate: &published,
			ModifiedDate:  &updated,
			Authors:       authors,
			Tags:          c.categoryTitles(s.categories),
		},
		Wiredesk: jsonExtension{
			Agency:       s.agency,
			SourceURL:    s.upstream,
			SourceSite:   s.sourceLink,
			Categories:   s.categories,
			Also:         make([]jsonCarrier, 0, len(s.also)),
			ImageCaption: s.imageCaption,
			ImageCredit:  s.imageCredit,
		},
	}
	for _, a := range s.also {
		it.Wiredesk.Also = append(it.Wiredesk.Also, jsonCarrier{Agency: a.Agency, URL: a.URL})
	}
	return it
}
