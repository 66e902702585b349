package feed

import (
	"html"
	"net/url"
	"strings"
	"unicode/utf8"
)

// xmlChar reports whether r may appear in an XML 1.0 document (XML 1.0 §2.2,
// production [2] Char) and is not a control character. C1 controls
// (U+007F–U+009F) are legal but "discouraged" by the same section; in news
// text they are always mojibake from a wrong cp1252 decode, so they go too.
func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r >= 0x7F && r <= 0x9F:
		return false
	case r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= utf8.MaxRune:
		return true
	}
	return false
}

// clean returns s without invalid UTF-8 bytes (which include encoded lone
// surrogates) and without the characters xmlChar rejects. It allocates only
// when something has to go: most strings are already clean.
func clean(s string) string {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !xmlChar(r) {
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
		if !(r == utf8.RuneError && size == 1) && xmlChar(r) {
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

// blockTag reports whether the element name ends a line of text when
// HTML is flattened by plainText.
func blockTag(name string) bool {
	switch name {
	case "address", "article", "aside", "blockquote", "br", "dd", "div",
		"dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3",
		"h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre",
		"section", "table", "td", "th", "tr", "ul":
		return true
	}
	return false
}

// plainText flattens sanitized HTML into one line of text for the JSON Feed
// summary, which JSON Feed 1.1 defines as plain text. Tags are dropped,
// block boundaries become spaces, entities are decoded, and the contents
// of script and style (which the sanitizer removes anyway) are skipped.
func plainText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			b.WriteString(s[i:])
			break
		}
		b.WriteString(s[i : i+lt])
		i += lt
		if strings.HasPrefix(s[i:], "<!--") {
			end := strings.Index(s[i+4:], "-->")
			if end < 0 {
				break
			}
			i += 4 + end + 3
			continue
		}
		end := tagEnd(s, i)
		if end < 0 {
			break // an unterminated tag hides the rest, as in a browser
		}
		body := s[i+1 : end]
		name := tagName(body)
		i = end + 1
		if (name == "script" || name == "style") && !strings.HasPrefix(body, "/") {
			close := strings.Index(strings.ToLower(s[i:]), "</"+name)
			if close < 0 {
				break
			}
			i += close
			continue
		}
		if blockTag(name) {
			b.WriteByte(' ')
		}
	}
	// Entities can name characters XML forbids (&#1;), so clean again.
	return cleanLine(html.UnescapeString(b.String()))
}

// tagEnd returns the index of the '>' closing the tag opened at s[i],
// skipping quoted attribute values, or -1 when the tag never closes.
func tagEnd(s string, i int) int {
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

// tagName returns the lower-cased element name of a tag body such as
// "/p" or "img src=x".
func tagName(body string) string {
	body = strings.TrimPrefix(body, "/")
	end := strings.IndexFunc(body, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '/' || r == '>'
	})
	if end >= 0 {
		body = body[:end]
	}
	return strings.ToLower(body)
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
