package aggregator

import (
	"net/url"
	"regexp"
	"slices"
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

// rewriteLinks is rewriteLinksTokenizer, by the strict scanner when the
// input is in the subset it reads (bluemonday's output always is).
func rewriteLinks(s string, base *url.URL) string {
	if out, ok := rewriteLinksFast(s, base, nil); ok {
		return out
	}
	return rewriteLinksTokenizer(s, base)
}

// rewriteLinksTokenizer walks sanitized HTML, resolves relative URL attributes
// against base, sets rel on links, drops images without a source and
// balances tags: bluemonday passes "<table><td>" through unclosed, and one
// unclosed table swallows the rest of the page it is republished on. Its
// input is bluemonday's output, so every URL in it is already relative,
// http(s) or mailto; resolving a relative reference against an http(s)
// base cannot change that.
func rewriteLinksTokenizer(s string, base *url.URL) string {
	var sb strings.Builder
	sb.Grow(len(s) + len(s)/8)
	var open []string
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			for i := len(open) - 1; i >= 0; i-- {
				sb.WriteString("</" + open[i] + ">")
			}
			return sb.String()
		case html.EndTagToken:
			name, _ := z.TagName()
			open = closeTag(&sb, open, string(name))
			continue
		case html.StartTagToken, html.SelfClosingTagToken:
		default:
			sb.Write(z.Raw())
			continue
		}
		tok := z.Token()
		attrs := tok.Attr[:0]
		hasSrc := false
		for _, a := range tok.Attr {
			switch a.Key {
			case "rel":
				continue
			case "href", "src", "cite":
				a.Val = resolveRef(base, a.Val)
				hasSrc = hasSrc || a.Key == "src"
			}
			attrs = append(attrs, a)
		}
		if tok.Data == "img" && !hasSrc {
			continue
		}
		if tok.Data == "a" {
			attrs = append(attrs, html.Attribute{Key: "rel", Val: linkRel})
		}
		tok.Attr = attrs
		if voidElements[tok.Data] {
			tok.Type = html.StartTagToken
		} else if tt == html.StartTagToken {
			open = append(open, tok.Data)
		} else {
			// "<p/>" is not self-closing in HTML; write it as an empty pair.
			tok.Type = html.StartTagToken
			sb.WriteString(tok.String())
			sb.WriteString("</" + tok.Data + ">")
			continue
		}
		sb.WriteString(tok.String())
	}
}

// rewriteLinksFast is rewriteLinksTokenizer for HTML in the strict form
// scanTag reads; it reports false on anything else. Text is copied as
// written and tags are written back as html.Token.String writes them.
// With tw, the text of the output (as plainTextFast reads it) goes to tw;
// s must then be valid UTF-8.
func rewriteLinksFast(s string, base *url.URL, tw *spaceWriter) (string, bool) {
	var sb strings.Builder
	sb.Grow(len(s) + len(s)/8)
	var openArr [16]string
	var attrArr [8]rawAttr
	open := openArr[:0]
	endTag := func(name string) {
		sb.WriteString("</" + name + ">")
		if tw != nil && !inlineElements[name] {
			tw.sep()
		}
	}
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			j = len(s) - i
		}
		sb.WriteString(s[i : i+j])
		if tw != nil {
			writeText(tw, s[i:i+j])
		}
		if i+j == len(s) {
			break
		}
		t, ok := scanTag(s, i+j, attrArr[:0])
		if !ok {
			return "", false
		}
		i = t.next
		if t.end {
			// As closeTag: close the innermost element called name and
			// those opened inside it; drop an end tag with none open.
			k := len(open) - 1
			for k >= 0 && open[k] != t.name {
				k--
			}
			if k >= 0 {
				for m := len(open) - 1; m >= k; m-- {
					endTag(open[m])
				}
				open = open[:k]
			}
			continue
		}
		wrote, ok := writeTag(&sb, t, base)
		if !ok {
			return "", false
		}
		if !wrote {
			continue
		}
		if tw != nil && !inlineElements[t.name] {
			tw.sep()
		}
		switch {
		case voidElements[t.name]:
		case t.selfClosing:
			// "<p/>" is not self-closing in HTML; write it as an empty pair.
			endTag(t.name)
		default:
			open = append(open, t.name)
		}
	}
	for k := len(open) - 1; k >= 0; k-- {
		endTag(open[k])
	}
	return sb.String(), true
}

// writeTag writes start tag t as rewriteLinksTokenizer does: rel dropped,
// href, src and cite resolved, rel added on links, nothing for an image
// without a source (wrote is false). ok is false for a value it cannot
// decode.
func writeTag(sb *strings.Builder, t tag, base *url.URL) (wrote, ok bool) {
	if t.name == "img" && !slices.ContainsFunc(t.attrs, func(a rawAttr) bool { return strings.EqualFold(a.key, "src") }) {
		return false, true
	}
	sb.WriteByte('<')
	sb.WriteString(t.name)
	for _, a := range t.attrs {
		key := a.key
		if !isLowerASCII(key) {
			key = strings.ToLower(key)
		}
		val, ok := attrValue(a.val)
		if !ok {
			return false, false
		}
		switch key {
		case "rel":
			continue
		case "href", "src", "cite":
			val = resolveRef(base, val)
		}
		sb.WriteByte(' ')
		sb.WriteString(key)
		sb.WriteString(`="`)
		sb.WriteString(html.EscapeString(val))
		sb.WriteByte('"')
	}
	if t.name == "a" {
		sb.WriteString(` rel="` + linkRel + `"`)
	}
	sb.WriteByte('>')
	return true, true
}

// attrValue decodes a raw attribute value made of text and the references
// commonRef knows, as the tokenizer does; it reports false for anything
// else (other references, NUL, CR), which the tokenizer decodes its own way.
func attrValue(raw string) (string, bool) {
	if strings.ContainsAny(raw, "\x00\r") {
		return "", false
	}
	k := strings.IndexByte(raw, '&')
	if k < 0 {
		return raw, true
	}
	var b strings.Builder
	b.Grow(len(raw))
	for k >= 0 {
		b.WriteString(raw[:k])
		dec, n := commonRef(raw[k:])
		if n == 0 {
			return "", false
		}
		b.WriteString(dec)
		raw = raw[k+n:]
		k = strings.IndexByte(raw, '&')
	}
	b.WriteString(raw)
	return b.String(), true
}

// isLowerASCII reports whether s has no byte outside ASCII and no capital.
func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// closeTag writes the end tag of the innermost open element called name,
// closing the elements opened inside it first, and returns the new stack.
// An end tag with no open element is dropped.
func closeTag(sb *strings.Builder, open []string, name string) []string {
	for i := len(open) - 1; i >= 0; i-- {
		if open[i] != name {
			continue
		}
		for j := len(open) - 1; j >= i; j-- {
			sb.WriteString("</" + open[j] + ">")
		}
		return open[:i]
	}
	return open
}

// resolveRef resolves a relative reference against base; absolute
// references, and everything when base is nil, are returned unchanged.
func resolveRef(base *url.URL, ref string) string {
	if base == nil {
		return ref
	}
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil || u.IsAbs() {
		return ref
	}
	return base.ResolveReference(u).String()
}

// fastElements are the elements plainTextFast reads: the Sanitizer's
// allow-list. None of them has raw-text content or is in skipContent, so
// between tags there is only text and character references.
var fastElements = func() map[string]bool {
	m := map[string]bool{"a": true, "img": true}
	for _, e := range strings.Fields(`p br hr div span b strong i em u s strike del ins sub
		sup small big mark q cite abbr dfn code pre kbd samp var time blockquote figure
		figcaption address ul ol li dl dt dd table caption thead tbody tfoot tr th td col
		colgroup h1 h2 h3 h4 h5 h6`) {
		m[e] = true
	}
	return m
}()

// plainTextFast is PlainText for the well-formed HTML the Sanitizer
// writes: valid UTF-8, allow-listed elements, tags such as `<a x="v">`,
// `</a>` and `<br/>` with quoted attribute values. It reports false on
// anything else (comments, unquoted values, a bare "<", other elements),
// where only the HTML5 tokenizer knows the answer.
func plainTextFast(s string) (string, bool) {
	if !utf8.ValidString(s) {
		// Invalid bytes on either side of a tag would decode differently
		// once the tokenizer's text tokens are joined.
		return "", false
	}
	t := spaceWriter{b: make([]byte, 0, len(s))}
	var attrArr [8]rawAttr
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			j = len(s)
		} else {
			j += i
		}
		writeText(&t, s[i:j])
		if j == len(s) {
			break
		}
		tag, ok := scanTag(s, j, attrArr[:0])
		if !ok {
			return "", false
		}
		if !inlineElements[tag.name] {
			t.sep()
		}
		i = tag.next
	}
	return t.String(), true
}

// writeText writes a run of HTML text (no "<") with its character
// references decoded as the tokenizer decodes them.
func writeText(t *spaceWriter, s string) {
	for {
		k := strings.IndexByte(s, '&')
		if k < 0 {
			t.write(s)
			return
		}
		t.write(s[:k])
		s = s[k:]
		dec, n := commonRef(s)
		if n == 0 {
			// Decoding depends only on the text from the "&" on, so
			// the rest of the run can go through the full decoder.
			t.write(html.UnescapeString(s))
			return
		}
		t.write(dec)
		s = s[n:]
	}
}

// commonRef decodes the references sanitized text is made of; n is 0 for
// any other.
func commonRef(s string) (dec string, n int) {
	for _, r := range [...]struct{ ref, dec string }{
		{"&amp;", "&"}, {"&quot;", `"`}, {"&#34;", `"`}, {"&#39;", "'"}, {"&lt;", "<"},
		{"&gt;", ">"}, {"&nbsp;", "\u00a0"}, {"&apos;", "'"}, {"&#13;", "\r"},
	} {
		if strings.HasPrefix(s, r.ref) {
			return r.dec, len(r.ref)
		}
	}
	return "", 0
}

// tag is a tag read by scanTag; its attributes' raw (escaped) values are
// in the slice scanTag returns.
type tag struct {
	name             string // lower case
	end, selfClosing bool
	next             int // offset after the tag
	attrs            []rawAttr
}

// rawAttr is an attribute as written: key as is, value still escaped.
type rawAttr struct{ key, val string }

// scanTag reads the tag at s[i] == '<' in the strict form the fast paths
// accept, an allow-listed element, appending its attributes to attrs.
func scanTag(s string, i int, attrs []rawAttr) (tag, bool) {
	i++
	if i < len(s) && s[i] == '/' {
		name, i := tagName(s, i+1)
		if name == "" || i >= len(s) || s[i] != '>' || !fastElements[name] {
			return tag{}, false
		}
		return tag{name: name, end: true, next: i + 1}, true
	}
	name, i := tagName(s, i)
	if name == "" || !fastElements[name] {
		return tag{}, false
	}
	for i < len(s) {
		switch c := s[i]; {
		case c == '>':
			return tag{name: name, next: i + 1, attrs: attrs}, true
		case c == '/':
			if i+1 < len(s) && s[i+1] == '>' {
				return tag{name: name, selfClosing: true, next: i + 2, attrs: attrs}, true
			}
			return tag{}, false
		case tagSpace(c):
			i++
		default:
			var a rawAttr
			var ok bool
			if a, i, ok = scanAttr(s, i); !ok {
				return tag{}, false
			}
			if i < len(s) && s[i] != '>' && s[i] != '/' && !tagSpace(s[i]) {
				return tag{}, false
			}
			// The tokenizer keeps the first of repeated attributes.
			if !slices.ContainsFunc(attrs, func(b rawAttr) bool { return strings.EqualFold(a.key, b.key) }) {
				attrs = append(attrs, a)
			}
		}
	}
	return tag{}, false
}

// tagName reads an ASCII alphanumeric tag name, lower-cased, and requires
// it to end where the tokenizer ends it (space, "/" or ">").
func tagName(s string, i int) (string, int) {
	start := i
	lower := true
	for i < len(s) {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			lower = false
		} else if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			break
		}
		i++
	}
	if i == start || i-start > 16 || !('a' <= s[start]|0x20 && s[start]|0x20 <= 'z') {
		return "", i
	}
	if i < len(s) && s[i] != '>' && s[i] != '/' && !tagSpace(s[i]) {
		return "", i
	}
	if lower {
		return s[start:i], i
	}
	return strings.ToLower(s[start:i]), i
}

// scanAttr reads `name`, `name="value"` or `name='value'`.
func scanAttr(s string, i int) (rawAttr, int, bool) {
	start := i
	for i < len(s) {
		c := s[i]
		if !('a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == ':') {
			break
		}
		i++
	}
	if i == start {
		return rawAttr{}, i, false
	}
	key := s[start:i]
	if i >= len(s) || s[i] != '=' {
		return rawAttr{key: key}, i, true
	}
	i++
	if i >= len(s) || (s[i] != '"' && s[i] != '\'') {
		return rawAttr{}, i, false
	}
	q := strings.IndexByte(s[i+1:], s[i])
	if q < 0 {
		return rawAttr{}, i, false
	}
	return rawAttr{key: key, val: s[i+1 : i+1+q]}, i + 1 + q + 1, true
}

// tagSpace reports whether the tokenizer skips c inside a tag.
func tagSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}
