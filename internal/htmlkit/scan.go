package htmlkit

import (
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

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

// writeTextToken writes run s of text (no "<") as bluemonday writes the
// text token it is: line breaks normalised, references decoded as the
// tokenizer decodes them (commonRef's by hand, any other by the
// tokenizer's own decoder), then escaped again.
func writeTextToken(sb *strings.Builder, s string) {
	if strings.IndexByte(s, '\r') >= 0 {
		sb.WriteString(escapeText(s))
		return
	}
	for {
		k := strings.IndexAny(s, "&'\"<>")
		if k < 0 {
			sb.WriteString(s)
			return
		}
		sb.WriteString(s[:k])
		if s[k] != '&' {
			sb.WriteString(escapedChar(s[k : k+1]))
			s = s[k+1:]
			continue
		}
		dec, n := commonRef(s[k:])
		if n == 0 {
			// Decoding depends only on the text from the "&" on.
			sb.WriteString(html.EscapeString(html.UnescapeString(s[k:])))
			return
		}
		sb.WriteString(escapedChar(dec))
		s = s[k+n:]
	}
}

// escapedChar is html.EscapeString for the one-character strings
// commonRef decodes to and the characters it escapes.
func escapedChar(c string) string {
	switch c {
	case "&":
		return "&amp;"
	case "'":
		return "&#39;"
	case "<":
		return "&lt;"
	case ">":
		return "&gt;"
	case `"`:
		return "&#34;"
	case "\r":
		return "&#13;"
	}
	return c
}

// policyURL is bluemonday's validURL for this policy (parseable URLs,
// relative allowed, urlSchemes only): the value it writes, or false where
// it drops the attribute. Values with inner white space are refused
// outright; bluemonday keeps those only as data: URLs, which it then
// refuses for their scheme.
func policyURL(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if strings.ContainsAny(raw, " \t\n") {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	if u.Scheme != "" && !slices.Contains(urlSchemes, u.Scheme) {
		return "", false
	}
	out := u.String()
	return out, out != ""
}

// TagEnd returns the index of the ">" closing the tag whose "<" is at
// s[i], skipping quoted attribute values, or -1 when the tag never closes.
// It reads markup the way a browser ends a tag, so it serves both HTML
// fragments and XML documents.
func TagEnd[T string | []byte](s T, i int) int {
	var quote byte
	for j := i + 1; j < len(s); j++ {
		c := s[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j
		}
	}
	return -1
}
