package aggregator

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

// linkRel is the rel of every republished link: no search-engine credit
// passes through wire copy, and no opened page gets window.opener.
const linkRel = "nofollow noopener"

// Sanitizer makes upstream HTML safe to republish: an allow-list of
// formatting, links, lists, tables, quotes, figures, images and headings,
// with http, https and mailto URLs only. A Sanitizer is safe for concurrent
// use.
type Sanitizer struct {
	policy *bluemonday.Policy
}

// NewSanitizer builds the allow-list policy once; building it per story
// would cost more than sanitizing.
func NewSanitizer() *Sanitizer {
	p := bluemonday.NewPolicy()
	// Parseable URLs only, relative ones allowed (resolved afterwards), and
	// only these schemes: javascript:, vbscript:, data: … never pass, in any
	// case or entity-encoded form, since bluemonday checks the decoded value.
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
	p.AllowURLSchemes("http", "https", "mailto")

	p.AllowElements(
		"p", "br", "hr", "div", "span", "b", "strong", "i", "em", "u", "s",
		"strike", "del", "ins", "sub", "sup", "small", "big", "mark", "q",
		"cite", "abbr", "dfn", "code", "pre", "kbd", "samp", "var", "time",
		"blockquote", "figure", "figcaption", "address",
		"ul", "ol", "li", "dl", "dt", "dd",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
		"col", "colgroup",
		"h1", "h2", "h3", "h4", "h5", "h6",
	)
	number := regexp.MustCompile(`^[0-9]{1,5}$`)
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("title").OnElements("a", "abbr", "dfn", "img")
	p.AllowAttrs("src", "alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(number).OnElements("img")
	p.AllowAttrs("cite").OnElements("blockquote", "q", "del", "ins")
	p.AllowAttrs("colspan", "rowspan").Matching(number).OnElements("td", "th")
	p.AllowAttrs("start").Matching(number).OnElements("ol")
	p.AllowAttrs("datetime").Matching(regexp.MustCompile(`^[0-9T:.+Z -]{4,40}$`)).OnElements("time", "del", "ins")
	// Dropped markup must not glue the words on either side together.
	p.AddSpaceWhenStrippingTag(true)
	return &Sanitizer{policy: p}
}

// Sanitize returns fragment with everything outside the allow-list
// removed, relative href/src/cite resolved against base (the item's link)
// when base is absolute, and rel="nofollow noopener" on every link.
func (s *Sanitizer) Sanitize(fragment, base string) string {
	out, _ := s.sanitize(fragment, base, false)
	return out
}

// SanitizeText is Sanitize that also returns PlainText of the result,
// read in the same pass where it can be: the ingest path needs both.
func (s *Sanitizer) SanitizeText(fragment, base string) (html, text string) {
	return s.sanitize(fragment, base, true)
}

// sanitize does the work of Sanitize, and of SanitizeText when withText.
func (s *Sanitizer) sanitize(fragment, base string, withText bool) (string, string) {
	var out string
	switch {
	case !strings.ContainsAny(fragment, "<>&\"'"):
		out = strings.TrimSpace(fragment)
	case !strings.Contains(fragment, "<"):
		out = strings.TrimSpace(escapeText(fragment))
	default:
		out = s.policy.Sanitize(fragment)
		if !strings.Contains(out, "<") {
			out = strings.TrimSpace(out)
			break
		}
		var tw *spaceWriter
		if withText && utf8.ValidString(out) {
			tw = &spaceWriter{b: make([]byte, 0, len(out))}
		}
		b := parseBase(base)
		res, ok := rewriteLinksFast(out, b, tw)
		if !ok {
			res, tw = rewriteLinksTokenizer(out, b), nil
		}
		// Trimming the markup trims only white space from the text.
		out = strings.TrimSpace(res)
		if tw != nil {
			return out, tw.String()
		}
	}
	if !withText {
		return out, ""
	}
	return out, PlainText(out)
}

// escapeText is what bluemonday writes for input without a "<": its one
// text token, read as the tokenizer reads text (line breaks normalised,
// then references decoded) and escaped again. Plain-text summaries with
// an apostrophe or an ampersand need no policy run.
func escapeText(s string) string {
	if strings.Contains(s, "\r") {
		s = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
	}
	return html.EscapeString(html.UnescapeString(s))
}

// parseBase returns base as an absolute http(s) URL, or nil.
func parseBase(base string) *url.URL {
	if base == "" {
		return nil
	}
	u, err := url.Parse(base)
	if err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") {
		return nil
	}
	return u
}

// voidElements have no end tag.
var voidElements = map[string]bool{"br": true, "hr": true, "img": true, "col": true, "wbr": true}
