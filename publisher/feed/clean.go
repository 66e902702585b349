package feed

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/internal/htmlkit"
)

// clean returns s without invalid UTF-8 bytes (which include encoded lone
// surrogates) and without the characters htmlkit.XMLChar rejects. It allocates only
// when something has to go: most strings are already clean.
func clean(s string) string {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !htmlkit.XMLChar(r) {
			return cleanFrom(s, i)
		}
		i += size
	}
	return s
}

func cleanFrom(s string, i int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !(r == utf8.RuneError && size == 1) && htmlkit.XMLChar(r) {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// cleanHTML is clean for HTML fields, which also get XML's own line-end
// normalization (XML 1.0 §2.11) applied up front: a parser turns "\r\n"
// and "\r" into "\n" inside CDATA, so doing it here makes RSS
// content:encoded and Atom content read back identical to what we meant.
func cleanHTML(s string) string {
	s = clean(s)
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	return strings.TrimSpace(s)
}

// cleanLine is clean for one-line fields (titles, names): runs of
// whitespace, line breaks included, become one space.
func cleanLine(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}

// absURL returns raw as an absolute http(s) URL in its serialized form, or
// "" when raw is not one. The W3C validator rejects relative or scheme-less
// URLs in <link>, <source url>, <enclosure url> and atom:link/@href
// (InvalidFullLink, InvalidURLAttribute), so such values are dropped rather
// than emitted.
func absURL(raw string) string {
	raw = strings.TrimSpace(clean(raw))
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// plainText flattens sanitized HTML into one line of text for the JSON Feed
// summary, which JSON Feed 1.1 defines as plain text: htmlkit.PlainText
// (tags dropped, blocks separated, entities decoded), cleaned again since
// entities can name characters XML forbids (&#1;).
func plainText(s string) string {
	return cleanLine(htmlkit.PlainText(s))
}

// excerpt cuts text to at most n runes on a word boundary, adding "…"
// when it cut something.
func excerpt(text string, n int) string {
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	cut := 0
	for i := range text {
		if n == 0 {
			cut = i
			break
		}
		n--
	}
	if sp := strings.LastIndexByte(text[:cut], ' '); sp > 0 {
		cut = sp
	}
	return strings.TrimSpace(text[:cut]) + "…"
}
