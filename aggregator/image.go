package aggregator

import (
	"strconv"
	"strings"

	"github.com/wiredesk/wiredesk/aggregator/source"
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
// or media:thumbnail (also inside media:group), the image the format names
// for the item (itunes:image, JSON Feed image), then the first <img> of
// the content or summary. The URL is resolved against base and must be
// http(s).
//
// The caption and credit are those of the chosen Media RSS element (see
// source.Media), else the item's own media:credit; an enclosure's length
// is kept when it is a positive number.
func itemImage(it *source.Entry, base string, htmls ...string) imageCandidate {
	for _, c := range imageCandidates(it) {
		if u, err := resolveHTTP(base, c.URL); err == nil {
			c.URL, c.Type = u, htmlkit.ImageType(u, c.Type)
			if c.Credit == "" {
				c.Credit = it.MediaCredit
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

// imageCandidates lists the explicit images of an item in preference
// order: image enclosures, Media RSS images (a media:content that says
// it is an image, or says nothing and has an image's file extension, and
// every thumbnail), then the item's image.
func imageCandidates(it *source.Entry) []imageCandidate {
	var out []imageCandidate
	for _, e := range it.Enclosures {
		if strings.HasPrefix(strings.ToLower(e.Type), "image/") {
			out = append(out, imageCandidate{URL: e.URL, Type: e.Type, Length: byteCount(strings.TrimSpace(e.Length))})
		}
	}
	for _, m := range it.Media {
		if m.Thumbnail {
			out = append(out, imageCandidate{URL: m.URL, Caption: m.Caption, Credit: m.Credit})
			continue
		}
		typ, medium := strings.ToLower(m.Type), strings.ToLower(m.Medium)
		if medium == "image" || strings.HasPrefix(typ, "image/") ||
			(typ == "" && medium == "" && htmlkit.GuessImageType(m.URL) != "") {
			out = append(out, imageCandidate{URL: m.URL, Type: m.Type, Length: byteCount(m.FileSize),
				Caption: m.Caption, Credit: m.Credit})
		}
	}
	if it.Image != "" {
		out = append(out, imageCandidate{URL: it.Image})
	}
	return out
}

// byteCount reads a size in bytes; 0 when it is not a number or negative.
func byteCount(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}
