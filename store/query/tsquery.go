package query

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// TSQuery returns the query as a PostgreSQL tsquery, for
// to_tsquery('simple', …) over a tsvector of IndexText's words: every
// word folded (Fold) and single-quoted, a phrase as words joined by <->
// (followed by), a prefix as :*, AND as &, OR as |, and the binary NOT as
// "& !". As with FTS5, no user character is read as tsquery syntax.
func (q Query) TSQuery() string {
	var b strings.Builder
	q.root.tsquery(&b)
	return b.String()
}

func (n *node) tsquery(b *strings.Builder) {
	switch n.kind {
	case kindTerm:
		if len(n.words) > 1 {
			b.WriteByte('(')
		}
		for i, w := range n.words {
			if i > 0 {
				b.WriteString(" <-> ")
			}
			b.WriteByte('\'')
			b.WriteString(strings.NewReplacer(`'`, `''`, `\`, `\\`).Replace(foldWord(w)))
			b.WriteByte('\'')
		}
		if n.prefix {
			b.WriteString(":*")
		}
		if len(n.words) > 1 {
			b.WriteByte(')')
		}
		return
	}
	op := map[nodeKind]string{kindAnd: " & ", kindOr: " | ", kindNot: " & !"}[n.kind]
	b.WriteByte('(')
	n.l.tsquery(b)
	b.WriteString(op)
	n.r.tsquery(b)
	b.WriteByte(')')
}

// IndexText returns the words of texts as a search index should hold
// them for TSQuery: split as a search is split, folded, joined by spaces.
// Markup in HTML is indexed as words, as FTS5 indexes it.
func IndexText(texts ...string) string {
	var b strings.Builder
	for _, t := range texts {
		for _, w := range words(t) {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(foldWord(w))
		}
	}
	return b.String()
}

// Fold returns s in lower case without diacritics ("Été" → "ete"), as
// FTS5's unicode61 tokenizer with remove_diacritics folds a word.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return strings.ToLower(s)
	}
	return strings.ToLower(out)
}

// foldWord folds one word, keeping it whole when it is nothing but marks.
func foldWord(w string) string {
	if f := Fold(w); f != "" {
		return f
	}
	return strings.ToLower(w)
}
