package feed

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/gorilla/feeds"
	"github.com/wiredesk/wiredesk/story"
)

// Page is one page of a category's change log for the cursor feed.
type Page struct {
	// Self is the page's own URL (JSON Feed "feed_url").
	Self string
	// After is the cursor the page was asked for.
	After int64
	// Changes are the stories changed after After, oldest first.
	Changes []story.Change
	// Cursor is where the next page starts: the Seq of the last change
	// read, which may be past the last of Changes when some were left
	// out; 0 means After.
	Cursor int64
	// Next is the URL of the page after this one (JSON Feed "next_url"),
	// "" when the page is empty: the reader is current and keeps its cursor.
	Next string
}

// cursorDoc is a JSON Feed 1.1 document of changes, oldest first, with
// the cursor a reader resumes from in the top-level "_wiredesk" object.
type cursorDoc struct {
	feeds.JSONFeed
	Wiredesk cursorFeedExt `json:"_wiredesk"`
	Items    []any         `json:"items"`
}

type cursorFeedExt struct {
	// Cursor is the Seq of the last change on the page, or the cursor asked
	// for when the page is empty: the "after" of the next request.
	Cursor string `json:"cursor"`
}

// cursorItem is a live story with its change's cursor.
type cursorItem struct {
	feeds.JSONItem
	Wiredesk cursorItemExt `json:"_wiredesk"`
}

type cursorItemExt struct {
	jsonExtension
	Cursor string `json:"cursor"`
}

// deletionItem is a withdrawn story: JSON Feed has no deletion record, so
// it is an item with its stable id, an empty text and "deleted": true in
// the extension, as RFC 6721 tombstones are in Atom.
type deletionItem struct {
	ID          string        `json:"id"`
	URL         string        `json:"url,omitempty"`
	ContentText string        `json:"content_text"`
	Modified    string        `json:"date_modified"`
	Wiredesk    deletionExtra `json:"_wiredesk"`
}

type deletionExtra struct {
	Cursor    string `json:"cursor"`
	Deleted   bool   `json:"deleted"`
	DeletedAt string `json:"deleted_at"`
}

// Cursor renders a page of a category's change log as a JSON Feed 1.1
// document: live stories as in JSON, withdrawn ones as deletion records.
func Cursor(ch Channel, pg Page) ([]byte, error) {
	c, err := newChannel(ch)
	if err != nil {
		return nil, fmt.Errorf("cursor: %w", err)
	}
	authors := []*feeds.JSONAuthor{{Name: c.byline}}
	doc := &cursorDoc{
		JSONFeed: feeds.JSONFeed{
			Version:     jsonVersion,
			Title:       c.title,
			Language:    c.language,
			HomePageUrl: c.alternate,
			FeedUrl:     pg.Self,
			NextUrl:     pg.Next,
			Description: c.description,
			Authors:     authors,
			Hubs:        jsonHubs(ch),
		},
		Wiredesk: cursorFeedExt{Cursor: strconv.FormatInt(max(pg.Cursor, pg.After), 10)},
		Items:    make([]any, 0, len(pg.Changes)),
	}
	for _, ch := range pg.Changes {
		cur := strconv.FormatInt(ch.Seq, 10)
		if pg.Cursor == 0 {
			doc.Wiredesk.Cursor = cur
		}
		s := newStory(c, ch.Item)
		if ch.Deleted {
			at := ch.At.UTC().Format(time.RFC3339)
			doc.Items = append(doc.Items, deletionItem{ID: s.id, URL: s.link, Modified: at,
				Wiredesk: deletionExtra{Cursor: cur, Deleted: true, DeletedAt: at}})
			continue
		}
		it := newJSONItem(c, s, authors)
		doc.Items = append(doc.Items, cursorItem{JSONItem: it.JSONItem,
			Wiredesk: cursorItemExt{jsonExtension: it.Wiredesk, Cursor: cur}})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("cursor %s: %w", c.slug, err)
	}
	return buf.Bytes(), nil
}

// jsonHubs lists the channel's WebSub hub (JSON Feed 1.1 "hubs").
func jsonHubs(ch Channel) []*feeds.JSONHub {
	if ch.Hub == "" {
		return nil
	}
	return []*feeds.JSONHub{{Type: "WebSub", Url: ch.Hub}}
}
