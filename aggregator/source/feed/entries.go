package feed

import (
	"strings"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	ext "github.com/mmcdole/gofeed/extensions"
	"github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"

	"github.com/wiredesk/wiredesk/aggregator/source"
)

// entries turns gofeed's items into Entries, in document order, with what
// the original RSS, Atom or JSON form says that gofeed's universal form
// loses.
func entries(f *gofeed.Feed) []source.Entry {
	origins := itemOrigins(f)
	out := make([]source.Entry, 0, len(f.Items))
	for i, it := range f.Items {
		if it == nil {
			continue
		}
		e := source.Entry{
			GUID:         it.GUID,
			Link:         it.Link,
			Links:        it.Links,
			Title:        it.Title,
			MediaTitle:   mediaTitle(it),
			Summary:      it.Description,
			Content:      it.Content,
			PublishedRaw: it.Published,
			Categories:   it.Categories,
			GUIDNotLink:  origins[i].notPermalink,
			SummaryText:  origins[i].summaryText,
			ContentText:  origins[i].contentText,
		}
		if it.PublishedParsed != nil {
			e.Published = *it.PublishedParsed
		}
		if it.UpdatedParsed != nil {
			e.Updated = *it.UpdatedParsed
		}
		for _, p := range it.Authors {
			if p != nil {
				e.Authors = append(e.Authors, source.Person{Name: p.Name, Email: p.Email})
			}
		}
		switch {
		case it.Author != nil:
			e.Byline = it.Author.Name
		case it.DublinCoreExt != nil && len(it.DublinCoreExt.Creator) > 0:
			e.Byline = it.DublinCoreExt.Creator[0]
		}
		for _, enc := range it.Enclosures {
			if enc != nil {
				e.Enclosures = append(e.Enclosures, source.Enclosure{URL: enc.URL, Type: enc.Type, Length: enc.Length})
			}
		}
		if media := it.Extensions["media"]; media != nil {
			e.Media = appendMedia(e.Media, media, media)
			for _, g := range media["group"] {
				e.Media = appendMedia(e.Media, g.Children, g.Children)
			}
			e.MediaCredit = mediaText(media, "credit")
		}
		if it.Image != nil {
			e.Image = it.Image.URL
		}
		out = append(out, e)
	}
	return out
}

// appendMedia adds the media:content elements, then the media:thumbnails,
// of m; a caption or credit missing on a media:content comes from parent
// (its media:group, or the item), and a thumbnail's are parent's.
func appendMedia(out []source.Media, m, parent map[string][]ext.Extension) []source.Media {
	for _, c := range m["content"] {
		out = append(out, source.Media{URL: c.Attrs["url"], Type: c.Attrs["type"], Medium: c.Attrs["medium"],
			FileSize: c.Attrs["fileSize"],
			Caption:  orElse(mediaText(c.Children, "description"), mediaText(parent, "description")),
			Credit:   orElse(mediaText(c.Children, "credit"), mediaText(parent, "credit"))})
	}
	for _, c := range m["thumbnail"] {
		out = append(out, source.Media{URL: c.Attrs["url"], Thumbnail: true,
			Caption: mediaText(parent, "description"), Credit: mediaText(parent, "credit")})
	}
	return out
}

// mediaText returns the trimmed text of the first Media RSS element name
// of m ("description", "credit"), or "".
func mediaText(m map[string][]ext.Extension, name string) string {
	if m == nil {
		return ""
	}
	return strings.TrimSpace(extValue(m, name))
}

func orElse(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// extValue returns the text of the first extension element name, or "".
func extValue(m map[string][]ext.Extension, name string) string {
	if v := m[name]; len(v) > 0 {
		return v[0].Value
	}
	return ""
}

// mediaTitle returns the Media RSS title of an item (media:title, also
// inside media:group), or "".
func mediaTitle(it *gofeed.Item) string {
	media := it.Extensions["media"]
	if media == nil {
		return ""
	}
	if t := extValue(media, "title"); t != "" {
		return t
	}
	for _, g := range media["group"] {
		if t := extValue(g.Children, "title"); t != "" {
			return t
		}
	}
	return ""
}

// origin is what an item's original format says that gofeed's universal
// form loses.
type origin struct {
	notPermalink bool // RSS guid isPermaLink="false"
	summaryText  bool // summary is plain text (JSON Feed summary)
	contentText  bool // content is plain text (Atom type="text", JSON content_text)
}

// itemOrigins returns one origin per item of f, from its original form.
func itemOrigins(f *gofeed.Feed) []origin {
	out := make([]origin, len(f.Items))
	switch of := f.OriginalFeed().(type) {
	case *rss.Feed:
		if len(of.Items) != len(out) {
			return out
		}
		for i, ri := range of.Items {
			out[i].notPermalink = ri != nil && ri.GUID != nil &&
				strings.EqualFold(strings.TrimSpace(ri.GUID.IsPermalink), "false")
		}
	case *atom.Feed:
		if len(of.Entries) != len(out) {
			return out
		}
		for i, e := range of.Entries {
			if e != nil && e.Content != nil {
				t := strings.ToLower(strings.TrimSpace(e.Content.Type))
				out[i].contentText = t == "" || t == "text" || t == "text/plain"
			}
		}
	case *json.Feed:
		if len(of.Items) != len(out) {
			return out
		}
		for i, ji := range of.Items {
			out[i].summaryText = true
			out[i].contentText = ji != nil && ji.ContentHTML == ""
		}
	}
	return out
}
