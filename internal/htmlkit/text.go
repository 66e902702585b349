package htmlkit

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

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
		return CollapseSpace(s)
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
			return CollapseSpace(sb.String())
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

// CollapseSpace trims s and turns every run of Unicode white space (and
// invisible separators) into one ASCII space.
func CollapseSpace(s string) string {
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

// NeutralizeTags replaces the "<" of anything in plain text that could
// still open a tag ("<x", "</", "<!", "<?") with a look-alike ("‹"), so
// that the text is inert even where a renderer forgets to escape it or a
// feed reader renders a text field as HTML. "5 < 6" is left alone.
func NeutralizeTags(s string) string {
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
