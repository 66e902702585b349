package htmlkit

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
	// bare are the elements the policy keeps with no attribute, and
	// attrs the attributes it keeps on each element: passThrough's
	// picture of the policy.
	bare  map[string]bool
	attrs map[string]map[string]attrRule
	// policyOnly turns passThrough off (tests compare the two paths).
	policyOnly bool
}

// attrRule is what the policy asks of one attribute's decoded value.
type attrRule struct {
	match *regexp.Regexp // the value must match, when set
	url   bool           // bluemonday's validURL must accept it
}

// urlSchemes are the only schemes an allowed URL may have.
var urlSchemes = []string{"http", "https", "mailto"}

// NewSanitizer builds the allow-list policy once; building it per story
// would cost more than sanitizing.
func NewSanitizer() *Sanitizer {
	p := bluemonday.NewPolicy()
	// Parseable URLs only, relative ones allowed (resolved afterwards), and
	// only these schemes: javascript:, vbscript:, data: … never pass, in any
	// case or entity-encoded form, since bluemonday checks the decoded value.
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
	p.AllowURLSchemes(urlSchemes...)

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
	datetime := regexp.MustCompile(`^[0-9T:.+Z -]{4,40}$`)
	s := &Sanitizer{policy: p, bare: map[string]bool{}, attrs: map[string]map[string]attrRule{}}
	// url marks the attributes bluemonday runs through validURL on these
	// elements (its linkable switch): a href, img src, cite.
	for _, r := range []struct {
		attrs, elements []string
		rule            attrRule
	}{
		{[]string{"href"}, []string{"a"}, attrRule{url: true}},
		{[]string{"title"}, []string{"a", "abbr", "dfn", "img"}, attrRule{}},
		{[]string{"src"}, []string{"img"}, attrRule{url: true}},
		{[]string{"alt"}, []string{"img"}, attrRule{}},
		{[]string{"width", "height"}, []string{"img"}, attrRule{match: number}},
		{[]string{"cite"}, []string{"blockquote", "q", "del", "ins"}, attrRule{url: true}},
		{[]string{"colspan", "rowspan"}, []string{"td", "th"}, attrRule{match: number}},
		{[]string{"start"}, []string{"ol"}, attrRule{match: number}},
		{[]string{"datetime"}, []string{"time", "del", "ins"}, attrRule{match: datetime}},
	} {
		b := p.AllowAttrs(r.attrs...)
		if r.rule.match != nil {
			b = b.Matching(r.rule.match)
		}
		b.OnElements(r.elements...)
		for _, e := range r.elements {
			if s.attrs[e] == nil {
				s.attrs[e] = map[string]attrRule{}
			}
			for _, a := range r.attrs {
				s.attrs[e][a] = r.rule
			}
		}
	}
	// Dropped markup must not glue the words on either side together.
	p.AddSpaceWhenStrippingTag(true)
	// Which elements survive with no attribute is bluemonday's own list
	// (it drops a bare <big>, <a> or <img>): ask the policy.
	for e := range fastElements {
		if tag := "<" + e + ">"; p.Sanitize(tag) == tag {
			s.bare[e] = true
		}
	}
	return s
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
		ok := false
		if !s.policyOnly {
			out, ok = s.passThrough(fragment)
		}
		if !ok {
			out = s.policy.Sanitize(fragment)
		}
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

// passThrough returns what s.policy.Sanitize returns for in, without
// running it, when in is already clean: valid UTF-8 without NUL, every
// "<" a tag scanTag reads (so no comment, doctype, CDATA, processing
// instruction or element outside the allow-list, raw-text ones included),
// every start tag one the policy keeps whole, with only attributes it
// allows, values it accepts and references attrValue decodes. bluemonday
// then writes each token back as the tokenizer reads it, and so does
// passThrough. It reports false on anything else, and the policy runs.
func (s *Sanitizer) passThrough(in string) (string, bool) {
	if strings.TrimSpace(in) == "" {
		return in, true // as bluemonday: Sanitize never sees it
	}
	if strings.IndexByte(in, 0) >= 0 || !utf8.ValidString(in) {
		return "", false
	}
	var sb strings.Builder
	sb.Grow(len(in) + len(in)/8)
	var attrArr [8]rawAttr
	for i := 0; i < len(in); {
		j := strings.IndexByte(in[i:], '<')
		if j < 0 {
			j = len(in)
		} else {
			j += i
		}
		writeTextToken(&sb, in[i:j])
		if j == len(in) {
			break
		}
		t, ok := scanTag(in, j, attrArr[:0])
		if !ok {
			return "", false
		}
		i = t.next
		if t.end {
			// Every element scanTag reads is allowed, and none was
			// dropped, so bluemonday keeps every end tag.
			sb.WriteString("</" + t.name + ">")
		} else if !s.writeAllowedTag(&sb, t) {
			return "", false
		}
	}
	return sb.String(), true
}

// writeAllowedTag writes start tag t as bluemonday writes it, and reports
// false when the policy would drop the element or any of its attributes.
func (s *Sanitizer) writeAllowedTag(sb *strings.Builder, t tag) bool {
	if len(t.attrs) == 0 && !s.bare[t.name] {
		return false
	}
	rules := s.attrs[t.name]
	sb.WriteByte('<')
	sb.WriteString(t.name)
	for _, a := range t.attrs {
		key := a.key
		if !isLowerASCII(key) {
			key = strings.ToLower(key)
		}
		rule, ok := rules[key]
		if !ok {
			return false
		}
		val, ok := attrValue(a.val)
		if !ok || rule.match != nil && !rule.match.MatchString(val) {
			return false
		}
		if rule.url {
			if val, ok = policyURL(val); !ok {
				return false
			}
		}
		sb.WriteByte(' ')
		sb.WriteString(key)
		sb.WriteString(`="`)
		sb.WriteString(html.EscapeString(val))
		sb.WriteByte('"')
	}
	if t.selfClosing {
		sb.WriteString("/>")
	} else {
		sb.WriteByte('>')
	}
	return true
}

// IsVoid reports whether element name has no end tag in what the
// Sanitizer writes (br, hr, img, col, wbr).
func IsVoid(name string) bool { return voidElements[name] }
