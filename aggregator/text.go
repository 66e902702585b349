package aggregator

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// maxTitleRunes bounds a title: upstream sometimes puts a whole article, or
// a megabyte of garbage, in <title>.
const maxTitleRunes = 300

// fallbackTitleRunes bounds a title made from the summary of an untitled item.
const fallbackTitleRunes = 100

// xmlChar reports whether r is a Char in the sense of XML 1.0 §2.2.
func xmlChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// stripForbidden removes the characters XML 1.0 §2.2 forbids, both raw and
// as numeric character references (&#0; makes Go's decoder fail the whole
// document). b must be valid UTF-8.
func stripForbidden(b []byte) []byte {
	if cleanXMLChars(b) && !hasForbiddenRef(b) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if b[i] == '&' && i+1 < len(b) && b[i+1] == '#' {
			if n, ok := forbiddenRef(b[i:]); ok {
				i += n
				continue
			}
		}
		r, size := utf8.DecodeRune(b[i:])
		if xmlChar(r) && !(r == utf8.RuneError && size == 1) {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

// hasForbiddenRef reports whether b holds a numeric character reference
// to a forbidden character: most feeds are full of &#8217; and the like,
// which need no copy of the document.
func hasForbiddenRef(b []byte) bool {
	for {
		i := bytes.Index(b, []byte("&#"))
		if i < 0 {
			return false
		}
		if _, ok := forbiddenRef(b[i:]); ok {
			return true
		}
		b = b[i+2:]
	}
}

// cleanXMLChars reports quickly whether b holds no forbidden raw character.
func cleanXMLChars(b []byte) bool {
	for i, c := range b {
		if c < 0x20 && c != 0x9 && c != 0xA && c != 0xD {
			return false
		}
		// U+FFFE and U+FFFF are EF BF BE and EF BF BF.
		if c == 0xEF && i+2 < len(b) && b[i+1] == 0xBF && b[i+2] >= 0xBE {
			return false
		}
	}
	return true
}

// forbiddenRef reports whether b starts with a numeric character reference
// to a character XML forbids, and its length.
func forbiddenRef(b []byte) (int, bool) {
	end := bytes.IndexByte(b, ';')
	if end < 3 || end > 12 {
		return 0, false
	}
	digits, base := string(b[2:end]), 10
	if digits[0] == 'x' || digits[0] == 'X' {
		digits, base = digits[1:], 16
	}
	n, err := strconv.ParseUint(digits, base, 32)
	if err != nil {
		return 0, false
	}
	return end + 1, !xmlChar(rune(n))
}

// skipContent lists elements whose text is not prose.
var skipContent = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"iframe": true, "svg": true, "math": true,
}

// inlineElements are the phrasing elements that do not break words.
var inlineElements = map[string]bool{
	"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "cite": true,
	"code": true, "data": true, "dfn": true, "em": true, "font": true, "i": true,
	"kbd": true, "mark": true, "q": true, "s": true, "samp": true, "small": true,
	"span": true, "strike": true, "strong": true, "sub": true, "sup": true,
	"time": true, "u": true, "var": true, "big": true, "tt": true, "ins": true, "del": true,
}

// PlainText returns the text of an HTML fragment: tags stripped, entities
// decoded, script and style bodies dropped, whitespace collapsed to single
// spaces. Dedupe and tagging compare stories by this text.
//
// Sanitized HTML, the common input, is read by a small scanner
// (plainTextFast); anything outside the well-formed subset it knows goes
// through the HTML5 tokenizer, and both give the same text.
func PlainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return collapseSpace(s)
	}
	if out, ok := plainTextFast(s); ok {
		return out
	}
	return plainTextTokenizer(s)
}

// plainTextTokenizer is PlainText for any input, by the HTML5 tokenizer.
func plainTextTokenizer(s string) string {
	var sb strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return collapseSpace(sb.String())
		case html.TextToken:
			if skip == 0 {
				sb.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if skipContent[string(name)] {
				switch tt {
				case html.StartTagToken:
					skip++
				case html.EndTagToken:
					if skip > 0 {
						skip--
					}
				}
			}
			// Block tags separate words: "<p>a</p><p>b</p>" is "a b", not
			// "ab"; inline ones do not: "<b>W</b>ord" is "Word".
			if !inlineElements[string(name)] {
				sb.WriteByte(' ')
			}
		}
	}
}

// collapseSpace trims s and turns every run of Unicode white space (and
// invisible separators) into one ASCII space.
func collapseSpace(s string) string {
	t := spaceWriter{b: make([]byte, 0, len(s))}
	t.write(s)
	return t.String()
}

// spaceWriter accumulates text with white space collapsed: a run of
// separators becomes one space before the next word, and none at the
// start or end.
type spaceWriter struct {
	b     []byte
	space bool // a separator is pending
}

// asciiSpace marks the ASCII bytes isSpace accepts.
var asciiSpace = [utf8.RuneSelf]bool{' ': true, '\t': true, '\n': true, '\r': true, '\f': true, '\v': true}

// sep records a word break.
func (t *spaceWriter) sep() { t.space = true }

// write appends text, collapsing its white space. Runs of ASCII words
// separated by single spaces, most of any text, are copied at once.
func (t *spaceWriter) write(s string) {
	b, space := t.b, t.space
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if isSpace(r) {
				space = true
			} else {
				if space && len(b) > 0 {
					b = append(b, ' ')
				}
				space = false
				b = append(b, s[i:i+n]...)
			}
			i += n
			continue
		}
		if asciiSpace[c] {
			space = true
			i++
			continue
		}
		j := i + 1
		for j < len(s) {
			d := s[j]
			if d >= utf8.RuneSelf {
				break
			}
			if asciiSpace[d] {
				if d == ' ' && j+1 < len(s) && s[j+1] < utf8.RuneSelf && !asciiSpace[s[j+1]] {
					j += 2
					continue
				}
				break
			}
			j++
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = append(b, s[i:j]...)
		i = j
	}
	t.b, t.space = b, space
}

// String returns the text written so far.
func (t *spaceWriter) String() string { return string(t.b) }

// isSpace reports whether r separates words: Unicode white space and the
// invisible zero-width space and byte order mark.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v'
	}
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

// cleanTitle turns an upstream title into plain text. Titles arrive with
// markup, escaped markup and double-escaped entities ("&amp;amp;"), so
// PlainText is applied until the text stops changing; the result holds no
// tag and no entity.
func cleanTitle(s string) string {
	for range 6 {
		next := PlainText(s)
		if next == s {
			break
		}
		s = next
	}
	return truncateWords(neutralizeTags(stripBidiControls(s)), maxTitleRunes)
}

// stripBidiControls drops the explicit bidirectional embeddings, overrides
// and isolates (U+202A–U+202E, U+2066–U+2069; Unicode UAX #9): in a title
// they reorder what a reader sees ("gpj.exe" shown as "exe.jpg") and spill
// into the page around it. The implicit marks LRM and RLM stay; Arabic and
// Hebrew copy needs them.
func stripBidiControls(s string) string {
	if !strings.ContainsFunc(s, isBidiControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBidiControl(r) {
			return -1
		}
		return r
	}, s)
}

func isBidiControl(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// neutralizeTags replaces the "<" of anything that could still open a tag
// ("<x", "</", "<!", "<?") with a look-alike, so that a title is inert even
// where a renderer forgets to escape it. "5 < 6" is left alone.
func neutralizeTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '<' && i+1 < len(s) {
			n := s[i+1]
			if n == '/' || n == '!' || n == '?' || n >= 0x80 ||
				(n|0x20 >= 'a' && n|0x20 <= 'z') {
				sb.WriteString("‹")
				continue
			}
		}
		sb.WriteByte(c)
	}
	return sb.String()
}

// truncateWords shortens s to at most max runes, cutting at a word boundary
// when one is near, and marks the cut with an ellipsis.
func truncateWords(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	head, n := s, 0
	for i := range s {
		if n == max-1 {
			head = s[:i]
			break
		}
		n++
	}
	if sp := strings.LastIndexByte(head, ' '); sp > len(head)*2/3 {
		head = head[:sp]
	}
	return strings.TrimRightFunc(head, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) && r != ')' && r != '"'
	}) + "…"
}
