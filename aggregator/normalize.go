package aggregator

import (
	"crypto/sha256"
	"encoding/hex"
	"html"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/source"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/internal/htmlkit"
	"github.com/wiredesk/wiredesk/story"
)

// maxFuture is how far ahead of the clock a date may be before it is
// taken for a time-zone or typing mistake and replaced by the clock.
const maxFuture = 10 * time.Minute

// minDate is the earliest believable story date; older ones are garbage
// (zero dates, 1970 epochs, two-digit years).
var minDate = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// normalizer turns parsed feed items into store items: plain-text titles,
// canonical links, stable keys and IDs, UTC times, sanitized HTML, a lead
// image and provenance. It holds only immutable state and is safe for
// concurrent use.
type normalizer struct {
	san *htmlkit.Sanitizer
}

// newNormalizer returns a normalizer with its sanitizer policy built.
func newNormalizer() *normalizer {
	return &normalizer{san: htmlkit.NewSanitizer()}
}

// Items normalizes every item of doc, in feed order, for source src as seen
// at now. Items whose key repeats an earlier one in the same document are
// dropped: the first occurrence wins. SourceID, Categories and the dedupe
// signatures are left for later stages.
func (n *normalizer) Items(doc *source.Document, src config.Source, now time.Time) []story.Item {
	items, _ := n.items(doc, src, now, false)
	return items
}

// itemsText is Items that also returns storyText of every item, in the
// same order, read while sanitizing: the ingest path tags and signs each
// story by that text and need not extract it again.
func (n *normalizer) itemsText(doc *source.Document, src config.Source, now time.Time) ([]story.Item, []string) {
	return n.items(doc, src, now, true)
}

// items does the work of Items, and of itemsText when withText.
func (n *normalizer) items(doc *source.Document, src config.Source, now time.Time, withText bool) ([]story.Item, []string) {
	if doc == nil {
		return nil, nil
	}
	now = now.UTC()
	title, link := FeedTitle(doc), feedLink(doc)
	base := link
	if base == "" {
		base = doc.URL
	}
	agency := src.Agency
	if agency == "" {
		agency = src.Name
	}
	out := make([]story.Item, 0, len(doc.Entries))
	var texts []string
	if withText {
		texts = make([]string, 0, len(doc.Entries))
	}
	seen := make(map[string]bool, len(doc.Entries))
	scrub := newKeyScrubber(src.URL)
	for i := range doc.Entries {
		item, text := n.item(&doc.Entries[i], base, now, withText)
		if seen[item.Key] {
			continue
		}
		seen[item.Key] = true
		item.ID = ItemID(src.URL, item.Key)
		item.Agency = agency
		item.SourceURL = src.URL
		item.SourceTitle = title
		item.SourceLink = link
		if scrub != nil {
			scrub.item(&item)
		}
		out = append(out, item)
		if withText {
			texts = append(texts, text)
		}
	}
	return out, texts
}

// item normalizes one entry. With withText it returns storyText of the
// item too.
func (n *normalizer) item(it *source.Entry, base string, now time.Time, withText bool) (story.Item, string) {
	guid := strings.TrimSpace(it.GUID)
	link := itemLink(it, guid, base)
	htmlBase := link
	if htmlBase == "" {
		htmlBase = base
	}
	summary, text, _ := sanitizeBounded(n.san, asHTML(it.Summary, it.SummaryText), htmlBase, withText)
	out := story.Item{
		GUID:        guid,
		Link:        link,
		Title:       cleanTitle(it.Title),
		SummaryHTML: summary,
		Author:      author(it),
		FirstSeenAt: now,
	}
	// Many feeds repeat the description as the content; the same input
	// sanitizes the same, and a content equal to the summary is dropped.
	if it.Content != it.Summary || it.ContentText != it.SummaryText {
		content, contentText, _ := sanitizeBounded(n.san, asHTML(it.Content, it.ContentText), htmlBase, withText)
		if content != summary && content != "" {
			out.ContentHTML, text = content, contentText
		}
	}
	if out.Title == "" {
		out.Title = cleanTitle(it.MediaTitle)
	}
	if out.Title == "" {
		body := out.SummaryHTML
		if body == "" {
			body = out.ContentHTML
		}
		// The text may show markup literally ("&lt;b&gt;"); keep it inert.
		out.Title = truncateWords(htmlkit.NeutralizeTags(htmlkit.PlainText(body)), fallbackTitleRunes)
	}
	out.PublishedAt, out.UpdatedAt = itemTimes(it, now)
	img := itemImage(it, htmlBase, out.ContentHTML, out.SummaryHTML)
	out.ImageURL, out.ImageType, out.ImageLength = img.URL, img.Type, img.Length
	out.ImageCaption, out.ImageCredit = img.Caption, img.Credit
	if out.ImageCaption != "" && strings.HasPrefix(htmlkit.PlainText(out.SummaryHTML), out.ImageCaption) {
		out.ImageCaption = "" // an item-level media:description that is the story's summary
	}
	out.UpstreamCategories = upstreamCategories(it.Categories)
	out.Key = itemKey(guid, link, out.Title, it, out.SummaryHTML)
	return out, text
}

// itemLink returns the item's canonical absolute link: its link, its
// other links, then its GUID (Atom id, JSON Feed id) when that is an http(s)
// URL, unless RSS marked it isPermaLink="false".
func itemLink(it *source.Entry, guid, base string) string {
	cands := append([]string{it.Link}, it.Links...)
	if !it.GUIDNotLink && isHTTPURL(guid) {
		cands = append(cands, guid)
	}
	for _, c := range cands {
		if l, err := resolveHTTP(base, c); err == nil {
			return l
		}
	}
	return ""
}

// itemKey returns the stable per-source key of an item: its GUID (in
// canonical form when it is a URL, so tracking parameters do not make a
// new story), else its canonical link, else a hash of title and date.
func itemKey(guid, link, title string, it *source.Entry, summary string) string {
	if guid != "" {
		if isHTTPURL(guid) {
			if c, err := canonicalURL(guid); err == nil {
				return c
			}
		}
		return guid
	}
	if link != "" {
		return link
	}
	date := it.PublishedRaw
	if !it.Published.IsZero() {
		date = it.Published.UTC().Format(time.RFC3339)
	}
	seed := title + "\n" + date
	if title == "" && date == "" {
		seed = "\n\n" + htmlkit.PlainText(summary)
	}
	sum := sha256.Sum256([]byte(seed))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// isHTTPURL reports whether s starts with an http or https scheme.
func isHTTPURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// itemTimes returns the published and updated times in UTC: published,
// else updated, else now; a date more than ten minutes ahead of now or
// before 1990 counts as missing. Updated is never before published.
func itemTimes(it *source.Entry, now time.Time) (published, updated time.Time) {
	pub, okPub := believable(it.Published, now)
	upd, okUpd := believable(it.Updated, now)
	switch {
	case okPub:
		published = pub
	case okUpd:
		published = upd
	default:
		published = now
	}
	updated = published
	if okUpd && upd.After(published) {
		updated = upd
	}
	return published, updated
}

// believable returns t in UTC when it is set and plausible at now.
func believable(t time.Time, now time.Time) (time.Time, bool) {
	if t.IsZero() || t.Before(minDate) || t.After(now.Add(maxFuture)) {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// author returns the upstream authors' names (or addresses) as plain
// text, else the entry's byline.
func author(it *source.Entry) string {
	var names []string
	for _, p := range it.Authors {
		name := cleanTitle(p.Name)
		if name == "" {
			name = cleanTitle(p.Email)
		}
		if name != "" {
			names = append(names, name)
		}
	}
	if len(names) == 0 && it.Byline != "" {
		names = append(names, cleanTitle(it.Byline))
	}
	return strings.Join(names, ", ")
}

// upstreamCategories returns the category names as plain text, trimmed,
// without empties or repeats (ignoring case; the first spelling wins), in
// feed order.
func upstreamCategories(cats []string) []string {
	var out []string
	seen := make(map[string]bool, len(cats))
	for _, c := range cats {
		c = cleanTitle(c)
		fold := strings.ToLower(c)
		if c == "" || seen[fold] {
			continue
		}
		seen[fold] = true
		out = append(out, c)
	}
	return out
}

// asHTML returns s as HTML: escaped when it is plain text. Many JSON
// Feed producers put HTML in the plain-text summary, and some Atom feeds
// label HTML type="text"; text that closes a common block or inline
// element is read as the HTML it evidently is (the sanitizer runs either
// way), so readers do not see literal "<p>" tags.
func asHTML(s string, text bool) string {
	if text && !looksLikeHTML(s) {
		return html.EscapeString(s)
	}
	return s
}

var htmlClosers = []string{"</p>", "</a>", "</div>", "</b>", "</i>", "</em>", "</strong>", "</li>", "</span>", "</h2>", "</h3>", "</blockquote>"}

func looksLikeHTML(s string) bool {
	if !strings.Contains(s, "</") && !strings.Contains(s, "<br") {
		return false
	}
	low := strings.ToLower(s)
	if strings.Contains(low, "<br>") || strings.Contains(low, "<br/>") || strings.Contains(low, "<br />") {
		return true
	}
	for _, c := range htmlClosers {
		if strings.Contains(low, c) {
			return true
		}
	}
	return false
}
