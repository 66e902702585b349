package feed

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/internal/htmlkit"
	"github.com/wiredesk/wiredesk/internal/wirecopy"
	"github.com/wiredesk/wiredesk/story"
)

// idNamespace is the UUID (a7149dbc-93ff-40dc-80e8-3e302e03ecd4) under
// which wiredesk names its stories and feeds with name-based UUIDs
// (RFC 9562 §5.5). It must never change: every published id derives from it.
const idNamespace = "\xa7\x14\x9d\xbc\x93\xff\x40\xdc\x80\xe8\x3e\x30\x2e\x03\xec\xd4"

// StoryID returns the public identifier of the story whose store ID is id:
// RSS <guid isPermaLink="false">, Atom <id> and JSON Feed "id" all carry it.
//
// It is a "urn:uuid:" URN (RFC 9562 version 5) derived from the store ID
// alone. RFC 4287 §4.2.6 requires an entry id never to change when a
// document is relocated or republished, so it must not derive from
// base_url (a move to https or to a new host would make every reader show
// every story again), nor from dates or feed position. urn:uuid is a
// registered URN namespace that the W3C validator accepts (ValidURN);
// an invented "urn:wiredesk:" namespace would be syntactically valid but
// unregistered (RFC 8141 §5), and a tag: URI needs an authority we would
// have to take from base_url.
func StoryID(id string) string {
	return nameUUID("story:" + id)
}

// FeedID returns the stable Atom feed id of the category slug, built the
// same way as StoryID.
func FeedID(slug string) string {
	return nameUUID("feed:" + slug)
}

func nameUUID(name string) string {
	sum := sha1.Sum([]byte(idNamespace + name))
	u := sum[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	var buf [36]byte
	hex.Encode(buf[0:8], u[0:4])
	buf[8] = '-'
	hex.Encode(buf[9:13], u[4:6])
	buf[13] = '-'
	hex.Encode(buf[14:18], u[6:8])
	buf[18] = '-'
	hex.Encode(buf[19:23], u[8:10])
	buf[23] = '-'
	hex.Encode(buf[24:36], u[10:16])
	return "urn:uuid:" + string(buf[:])
}

// ErrBaseURL is returned when Channel.BaseURL is not an absolute http(s)
// URL: every link in a feed must be absolute (RSS 2.0 <link>, RFC 4287
// §4.2.7.1), so there is nothing valid to render.
var ErrBaseURL = errors.New("base URL must be an absolute http(s) URL")

// channel is a Channel with every derived URL and fallback worked out
// and every string cleaned.
type channel struct {
	slug, title, description, language, generator, byline string
	base, alternate, feedID                               string
	updated                                               time.Time
	catTitles                                             map[string]string
	hidden                                                map[string]bool
}

// categoryTitle is the title of the category slug, or the slug itself.
func (c channel) categoryTitle(slug string) string {
	if t := cleanLine(c.catTitles[slug]); t != "" {
		return t
	}
	return slug
}

// categoryTitles are the titles of slugs, in order.
func (c channel) categoryTitles(slugs []string) []string {
	out := make([]string, len(slugs))
	for i, s := range slugs {
		out[i] = c.categoryTitle(s)
	}
	return out
}

func (c channel) self(ext string) string {
	return c.base + "/feeds/" + url.PathEscape(c.slug) + "." + ext
}

func newChannel(ch Channel) (channel, error) {
	c := channel{
		slug:        cleanLine(ch.Slug),
		title:       textLine(ch.Title),
		description: textLine(ch.Description),
		language:    languageTag(ch.Language),
		generator:   textLine(ch.Generator),
		byline:      textLine(ch.Byline),
		base:        strings.TrimRight(absURL(ch.BaseURL), "/"),
		updated:     utc(ch.Updated),
		catTitles:   ch.CategoryTitles,
		hidden:      ch.Hidden,
	}
	if c.slug == "" {
		c.slug = story.All
	}
	if c.title == "" {
		c.title = c.slug
	}
	if c.description == "" {
		c.description = c.title // RSS 2.0: <description> is required
	}
	if c.byline == "" {
		c.byline = c.title // RFC 4287 §4.1.1: a feed needs an author
	}
	c.alternate = c.base + "/c/" + url.PathEscape(c.slug)
	if c.slug == story.All || ch.NoPage {
		c.alternate = c.base + "/"
	}
	c.feedID = FeedID(c.slug)
	if c.base == "" {
		return c, fmt.Errorf("feed %q: base URL %q: %w", c.slug, ch.BaseURL, ErrBaseURL)
	}
	return c, nil
}

// languageTag returns tag when it has the shape of a language tag
// (RFC 4287's atomLanguageTag, which RSS <language> and JSON Feed
// "language" also accept), else "": a malformed xml:lang fails validation
// of the whole document, a missing one does not.
func languageTag(tag string) string {
	tag = strings.TrimSpace(tag)
	if tag == "" {
		return ""
	}
	for part := range strings.SplitSeq(tag, "-") {
		if len(part) < 1 || len(part) > 8 {
			return ""
		}
		for _, r := range part {
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
				return ""
			}
		}
	}
	if first, _, _ := strings.Cut(tag, "-"); strings.ContainsAny(first, "0123456789") {
		return ""
	}
	return tag
}

// utc returns t in UTC truncated to the second, the precision RSS dates
// have; the zero time becomes the Unix epoch so output never depends on
// the clock.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Unix(0, 0).UTC()
	}
	return t.UTC().Truncate(time.Second)
}

// printable is one story.Item reduced to what every format prints, cleaned
// once so the three renderers agree.
type printable struct {
	id, link, title          string
	summaryHTML, summaryText string
	contentHTML              string
	published, updated       time.Time
	categories               []string
	image, imageType         string
	// imageCaption and imageCredit are plain text; imageLength is the
	// image's size in bytes as a decimal string, "" when unknown.
	imageCaption, imageCredit, imageLength string
	agency, upstream                       string
	sourceTitle, sourceLink                string
	also                                   []story.Carrier
}

// summaryRunes bounds a summary made up from the content when upstream
// gave none.
const summaryRunes = 300

// textLine is a one-line text field as it leaves in a feed: cleaned and
// inert. Site title, byline, agency and source names come from the
// configuration or an imported OPML file, titles from upstream; readers
// that render text fields as HTML must find no markup in any of them.
func textLine(s string) string { return htmlkit.NeutralizeTags(cleanLine(s)) }

// newStory prepares one item. The upstream feed's own URL
// (story.Item.SourceURL) is deliberately never read: it is operator data
// and often carries an agency's key in its query or user info. Provenance
// is the agency, the upstream site (SourceLink) and the story's own link.
func newStory(c channel, it story.Item) printable {
	s := printable{
		id:          StoryID(it.ID),
		link:        c.base + "/a/" + url.PathEscape(it.ID),
		title:       cleanLine(it.Title), // inert already: the aggregator neutralizes upstream titles
		summaryHTML: cleanHTML(wirecopy.Clean(it.SummaryHTML, it.Agency)),
		contentHTML: cleanHTML(wirecopy.Clean(it.ContentHTML, it.Agency)),
		image:       absURL(it.ImageURL),
		agency:      textLine(it.Agency),
		upstream:    absURL(it.Link),
		sourceTitle: textLine(it.SourceTitle),
		sourceLink:  absURL(it.SourceLink),
	}
	s.summaryText = htmlkit.NeutralizeTags(plainText(s.summaryHTML))
	if s.summaryText == "" {
		s.summaryText = excerpt(htmlkit.NeutralizeTags(plainText(s.contentHTML)), summaryRunes)
		s.summaryHTML = html.EscapeString(s.summaryText)
	}
	if s.title == "" {
		s.title = excerpt(s.summaryText, 80)
	}
	if s.title == "" {
		s.title = "Untitled"
	}
	if s.summaryHTML == "" {
		s.summaryHTML = html.EscapeString(s.title)
		s.summaryText = s.title
	}
	if s.contentHTML == "" {
		s.contentHTML = s.summaryHTML // JSON Feed 1.1 needs content_html
	}
	if s.sourceTitle == "" {
		s.sourceTitle = s.agency
	}
	if s.agency == "" {
		s.agency = s.sourceTitle
	}
	if s.sourceLink == "" {
		s.sourceLink = s.upstream
	}
	if s.image != "" {
		s.imageType = imageType(cleanLine(it.ImageType), s.image)
		s.imageCaption, s.imageCredit = htmlkit.NeutralizeTags(cleanLine(it.ImageCaption)), htmlkit.NeutralizeTags(cleanLine(it.ImageCredit))
		if it.ImageLength > 0 {
			s.imageLength = strconv.FormatInt(it.ImageLength, 10)
		}
	}
	s.published, s.updated = storyDates(it)
	s.categories = slices.DeleteFunc(uniq(it.Categories, cleanLine), func(cat string) bool { return c.hidden[cat] })
	for _, a := range it.Also {
		u := absURL(a.URL)
		if u == "" || u == s.upstream || slices.ContainsFunc(s.also, func(c story.Carrier) bool { return c.URL == u }) {
			continue
		}
		s.also = append(s.also, story.Carrier{Agency: textLine(a.Agency), URL: u})
	}
	return s
}

// storyDates picks the publication time (upstream's, else when wiredesk
// first saw the story) and an update time never before it.
func storyDates(it story.Item) (published, updated time.Time) {
	p := it.PublishedAt
	if p.IsZero() {
		p = it.FirstSeenAt
	}
	if p.IsZero() {
		p = it.UpdatedAt
	}
	published = utc(p)
	updated = published
	if u := utc(it.UpdatedAt); !it.UpdatedAt.IsZero() && u.After(published) {
		updated = u
	}
	return published, updated
}

// imageType returns a MIME type for the image: the stored one when it
// looks like image/*, else one guessed from the URL's extension with a
// fixed table (mime.TypeByExtension reads system files, which would make
// output depend on the machine), else "".
func imageType(stored, rawURL string) string {
	if stored = strings.ToLower(stored); strings.HasPrefix(stored, "image/") && !strings.ContainsAny(stored, " ;,") {
		return stored
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	p := strings.ToLower(u.Path)
	switch p[strings.LastIndexByte(p, '.')+1:] {
	case "jpg", "jpeg", "jpe":
		return "image/jpeg"
	case "png":
		return "image/png"
	case "gif":
		return "image/gif"
	case "webp":
		return "image/webp"
	case "avif":
		return "image/avif"
	case "svg":
		return "image/svg+xml"
	}
	return ""
}

// uniq returns the non-empty values of in after f, without repeats, in
// their first order.
func uniq(in []string, f func(string) string) []string {
	out := make([]string, 0, len(in))
	for _, v := range in {
		v = f(v)
		if v == "" || contains(out, v) {
			continue
		}
		out = append(out, v)
	}
	return out
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
