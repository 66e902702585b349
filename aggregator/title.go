package aggregator

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/aggregator/source"
	"github.com/wiredesk/wiredesk/internal/htmlkit"
)

// maxTitleRunes bounds a title: upstream sometimes puts a whole article, or
// a megabyte of garbage, in <title>.
const maxTitleRunes = 300

// fallbackTitleRunes bounds a title made from the summary of an untitled item.
const fallbackTitleRunes = 100

// cleanTitle turns an upstream title into plain text. Titles arrive with
// markup, escaped markup and double-escaped entities ("&amp;amp;"), so
// PlainText is applied until the text stops changing; the result holds no
// tag and no entity.
func cleanTitle(s string) string {
	for range 6 {
		next := htmlkit.PlainText(s)
		if next == s {
			break
		}
		s = next
	}
	return truncateWords(htmlkit.NeutralizeTags(stripBidiControls(s)), maxTitleRunes)
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

// FeedTitle is the document's own title as plain text, as status pages and
// the items' provenance show it.
func FeedTitle(doc *source.Document) string { return cleanTitle(doc.Title) }
