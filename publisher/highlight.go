package publisher

import (
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/store/query"
)

// highlighter marks the words of a search in text shown to readers. It
// compares words as the index does (query.Fold: case and accents
// ignored); a phrase's words are marked one by one.
type highlighter struct {
	exact  map[string]bool
	prefix []string
}

func newHighlighter(terms []query.Term) *highlighter {
	h := &highlighter{exact: map[string]bool{}}
	for _, t := range terms {
		for i, w := range t.Words {
			f := query.Fold(w)
			if t.Prefix && i == len(t.Words)-1 {
				h.prefix = append(h.prefix, f)
			} else {
				h.exact[f] = true
			}
		}
	}
	return h
}

func (h *highlighter) match(word string) bool {
	f := query.Fold(word)
	if h.exact[f] {
		return true
	}
	for _, p := range h.prefix {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

// span is a word of text: its byte offsets.
type span struct{ start, end int }

// wordSpans finds the words of text as query.Words splits them.
func wordSpans(text string) []span {
	var out []span
	start := -1
	for i, r := range text {
		in := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, span{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, span{start, len(text)})
	}
	return out
}

// mark returns text escaped for HTML with the matched words wrapped in
// <mark>: the text is escaped first, piece by piece, so nothing in it is
// ever read as markup.
func (h *highlighter) mark(text string) template.HTML {
	var b strings.Builder
	last := 0
	for _, s := range wordSpans(text) {
		if !h.match(text[s.start:s.end]) {
			continue
		}
		b.WriteString(template.HTMLEscapeString(text[last:s.start]))
		b.WriteString("<mark>")
		b.WriteString(template.HTMLEscapeString(text[s.start:s.end]))
		b.WriteString("</mark>")
		last = s.end
	}
	b.WriteString(template.HTMLEscapeString(text[last:]))
	return template.HTML(b.String()) // #nosec G203 -- every piece of text is escaped above
}

// snippet is about limit runes of text around its first matched word,
// highlighted; the opening of text when no word matches.
func (h *highlighter) snippet(text string, limit int) template.HTML {
	first := -1
	for _, s := range wordSpans(text) {
		if h.match(text[s.start:s.end]) {
			first = s.start
			break
		}
	}
	start := 0
	if first > 0 && utf8.RuneCountInString(text[:first]) > limit/3 {
		// Begin a third of the way before the match, at a word.
		start = first
		for n := 0; n < limit/3 && start > 0; n++ {
			_, size := utf8.DecodeLastRuneInString(text[:start])
			start -= size
		}
		if i := strings.IndexByte(text[start:first], ' '); i >= 0 {
			start += i + 1
		}
	}
	out := cut(text[start:], limit)
	if start > 0 {
		out = "…" + out
	}
	return h.mark(out)
}
