// Package query parses wiredesk's search language and translates it into
// a backend's full-text expression. Users' text never reaches the search
// engine as it is: every word and phrase is re-quoted, and only the
// operators the parser recognised are emitted.
//
// The language: words (implicit AND between them), "quoted phrases",
// prefixes (word*), the operators AND, OR and NOT (upper case), and
// parentheses. NOT binds tighter than AND, AND tighter than OR, as in
// SQLite FTS5 (https://sqlite.org/fts5.html#fts5_boolean_operators).
// NOT is binary ("oil NOT gas"): a query of nothing but exclusions
// cannot be answered by an index.
package query

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits that keep a hostile query cheap to parse and to run.
const (
	MaxLen   = 512 // bytes of query text
	MaxTerms = 32  // words, prefixes and phrases
	MaxDepth = 8   // nested parentheses
)

// ErrSyntax is wrapped by every error Parse returns, so callers can tell
// a malformed query (the user's fault) from a failure.
var ErrSyntax = errors.New("malformed search")

// Query is a parsed search. Its zero value is not valid: use Parse.
type Query struct {
	root node
	text string
}

// String returns the query as the user typed it, trimmed.
func (q Query) String() string { return q.text }

type nodeKind int

const (
	kindTerm nodeKind = iota // words: one word, or a phrase of several
	kindAnd
	kindOr
	kindNot
)

type node struct {
	kind   nodeKind
	words  []string // kindTerm
	prefix bool     // kindTerm: the last word is a prefix
	l, r   *node
}

// Parse parses text. The error wraps ErrSyntax and says what is wrong,
// in words a reader understands.
func Parse(text string) (Query, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Query{}, fmt.Errorf("%w: the search is empty", ErrSyntax)
	}
	if len(text) > MaxLen {
		return Query{}, fmt.Errorf("%w: the search is longer than %d characters", ErrSyntax, MaxLen)
	}
	if !utf8.ValidString(text) {
		return Query{}, fmt.Errorf("%w: the search is not valid UTF-8 text", ErrSyntax)
	}
	toks, err := lex(text)
	if err != nil {
		return Query{}, err
	}
	p := &parser{toks: toks}
	root, err := p.or(0)
	if err != nil {
		return Query{}, err
	}
	if p.pos < len(p.toks) {
		t := p.toks[p.pos]
		if t.kind == tokClose {
			return Query{}, fmt.Errorf("%w: a closing parenthesis has no opening one", ErrSyntax)
		}
		return Query{}, fmt.Errorf("%w: unexpected %s", ErrSyntax, t)
	}
	if p.terms > MaxTerms {
		return Query{}, fmt.Errorf("%w: more than %d words", ErrSyntax, MaxTerms)
	}
	return Query{root: *root, text: text}, nil
}

// FTS5 returns the query as an SQLite FTS5 MATCH expression: every word
// a double-quoted string (quotes inside doubled), so no user character is
// read as FTS5 syntax (column filters, NEAR, ^, +, bare operators).
func (q Query) FTS5() string {
	var b strings.Builder
	q.root.fts5(&b)
	return b.String()
}

func (n *node) fts5(b *strings.Builder) {
	switch n.kind {
	case kindTerm:
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(strings.Join(n.words, " "), `"`, `""`))
		b.WriteByte('"')
		if n.prefix {
			b.WriteString(" *")
		}
		return
	}
	op := map[nodeKind]string{kindAnd: " AND ", kindOr: " OR ", kindNot: " NOT "}[n.kind]
	b.WriteByte('(')
	n.l.fts5(b)
	b.WriteString(op)
	n.r.fts5(b)
	b.WriteByte(')')
}

// words splits s into the words an index stores: runs of letters and
// digits. Other characters separate words, as FTS5's unicode61
// tokenizer treats them.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
}

// Term is one word or phrase a search looks for. Prefix marks the last
// word as a prefix (oil* finds oilfield).
type Term struct {
	Words  []string
	Prefix bool
}

// Terms returns the words and phrases whose presence makes a story match,
// in the order written, for highlighting: those on the excluded side of a
// NOT are left out, as a story found cannot contain them.
func (q Query) Terms() []Term {
	var out []Term
	var walk func(n *node)
	walk = func(n *node) {
		switch n.kind {
		case kindTerm:
			if len(n.words) > 0 { // the zero Query
				out = append(out, Term{Words: n.words, Prefix: n.prefix})
			}
		case kindNot:
			walk(n.l)
		default:
			walk(n.l)
			walk(n.r)
		}
	}
	walk(&q.root)
	return out
}

// Words splits text into words as the index does (Words("U.S. oil") is
// ["U", "S", "oil"]), for callers that compare text with Terms.
func Words(text string) []string { return words(text) }
