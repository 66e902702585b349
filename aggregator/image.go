package aggregator

import (
	"strconv"
	"strings"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"

	"github.com/wiredesk/wiredesk/internal/htmlkit"
)

// imageCandidate is an image URL with what the feed said about it: its
// MIME type, its caption and credit (plain text) and its size in bytes (0
// when unknown).
type imageCandidate struct {
	URL, Type       string
	Caption, Credit string
	Length          int64
}

// maxCaptionRunes bounds an image caption or credit: a caption is a
// sentence or two, and an upstream that puts a story there is not shown
// at length under the image.
const maxCaptionRunes = 300

// itemImage picks an item's lead image, in order of how deliberately the
// upstream chose it: an image enclosure, Media RSS media:content (image)
// or media:thumbnail (also inside media:group), the item image gofeed found
// (itunes:image, JSON Feed image), then the first <img> of the content or
// summary. The URL is resolved against base and must be http(s).
//
// The caption and credit are those of the chosen Media RSS element, else of
// its media:group, else the item's own media:credit; an enclosure's length
// is kept when it is a positive number.
func itemImage(it *gofeed.Item, base string, htmls ...string) imageCandidate {
	for _, c := range imageCandidates(it) {
		if u, err := resolveHTTP(base, c.URL); err == nil {
			c.URL, c.Type = u, htmlkit.ImageType(u, c.Type)
			if c.Credit == "" {
				c.Credit = mediaText(it.Extensions["media"], "credit")
			}
			c.Caption = truncateWords(htmlkit.PlainText(c.Caption), maxCaptionRunes)
			c.Credit = truncateWords(htmlkit.PlainText(c.Credit), maxCaptionRunes)
			return c
		}
	}
	for _, h := range htmls {
		if src := htmlkit.FirstImg(h); src != "" {
			if u, err := resolveHTTP(base, src); err == nil {
				return imageCandidate{URL: u, Type: htmlkit.ImageType(u, "")}
			}
		}
	}
	return imageCandidate{}
}

// imageCandidates lists the explicit images of an item in preference order.
func imageCandidates(it *gofeed.Item) []imageCandidate {
	var out []imageCandidate
	for _, e := range it.Enclosures {
		if e != nil && strings.HasPrefix(strings.ToLower(e.Type), "image/") {
			n, err := strconv.ParseInt(strings.TrimSpace(e.Length), 10, 64)
			if err != nil || n < 0 {
				n = 0
			}
			out = append(out, imageCandidate{URL: e.URL, Type: e.Type, Length: n})
		}
	}
	if media := it.Extensions["media"]; media != nil {
		out = appendMedia(out, media, media)
		for _, g := range media["group"] {
			out = appendMedia(out, g.Children, g.Children)
		}
	}
	if it.Image != nil && it.Image.URL != "" {
		out = append(out, imageCandidate{URL: it.Image.URL})
	}
	return out
}

// appendMedia adds the media:content images, then the media:thumbnails, of
// m; a caption or credit missing on an element comes from parent (its
// media:group, or the item).
func appendMedia(out []imageCandidate, m, parent map[string][]ext.Extension) []imageCandidate {
	for _, c := range m["content"] {
		typ, medium := strings.ToLower(c.Attrs["type"]), strings.ToLower(c.Attrs["medium"])
		if medium == "image" || strings.HasPrefix(typ, "image/") ||
			(typ == "" && medium == "" && htmlkit.GuessImageType(c.Attrs["url"]) != "") {
			n, err := strconv.ParseInt(c.Attrs["fileSize"], 10, 64)
			if err != nil || n < 0 {
				n = 0
			}
			out = append(out, imageCandidate{URL: c.Attrs["url"], Type: c.Attrs["type"], Length: n,
				Caption: orElse(mediaText(c.Children, "description"), mediaText(parent, "description")),
				Credit:  orElse(mediaText(c.Children, "credit"), mediaText(parent, "credit"))})
		}
	}
	for _, c := range m["thumbnail"] {
		out = append(out, imageCandidate{URL: c.Attrs["url"],
			Caption: mediaText(parent, "description"), Credit: mediaText(parent, "credit")})
	}
	return out
}

// mediaText returns the text of the first Media RSS element name of m
// ("description", "credit"), or "".
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
