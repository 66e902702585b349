package query

import (
	"fmt"
	"strings"
)

type tokKind int

const (
	tokWord tokKind = iota
	tokPhrase
	tokAnd
	tokOr
	tokNot
	tokOpen
	tokClose
)

type token struct {
	kind   tokKind
	text   string
	prefix bool
}

func (t token) String() string {
	switch t.kind {
	case tokOpen:
		return `"("`
	case tokClose:
		return `")"`
	case tokPhrase:
		return fmt.Sprintf("phrase %q", t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

// lex splits text into words, phrases, operators and parentheses.
func lex(text string) ([]token, error) {
	var toks []token
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			toks = append(toks, token{kind: tokOpen})
			i++
		case c == ')':
			toks = append(toks, token{kind: tokClose})
			i++
		case c == '"':
			end := strings.IndexByte(text[i+1:], '"')
			if end < 0 {
				return nil, fmt.Errorf("%w: a quotation mark is not closed", ErrSyntax)
			}
			toks = append(toks, token{kind: tokPhrase, text: text[i+1 : i+1+end]})
			i += end + 2
		default:
			j := i
			for j < len(text) && !strings.ContainsRune(" \t\n\r()\"", rune(text[j])) {
				j++
			}
			w := text[i:j]
			i = j
			switch w {
			case "AND":
				toks = append(toks, token{kind: tokAnd, text: w})
				continue
			case "OR":
				toks = append(toks, token{kind: tokOr, text: w})
				continue
			case "NOT":
				toks = append(toks, token{kind: tokNot, text: w})
				continue
			}
			t := token{kind: tokWord, text: w}
			if base, ok := strings.CutSuffix(w, "*"); ok {
				if strings.Contains(base, "*") {
					return nil, fmt.Errorf("%w: %q: * may only end a word (oil*)", ErrSyntax, w)
				}
				t.text, t.prefix = base, true
			} else if strings.Contains(w, "*") {
				return nil, fmt.Errorf("%w: %q: * may only end a word (oil*)", ErrSyntax, w)
			}
			toks = append(toks, t)
		}
	}
	return toks, nil
}

type parser struct {
	toks  []token
	pos   int
	terms int
}

func (p *parser) peek() (token, bool) {
	if p.pos < len(p.toks) {
		return p.toks[p.pos], true
	}
	return token{}, false
}

// or := and ("OR" and)*
func (p *parser) or(depth int) (*node, error) {
	l, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	for {
		t, ok := p.peek()
		if !ok || t.kind != tokOr {
			return l, nil
		}
		p.pos++
		r, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		l = &node{kind: kindOr, l: l, r: r}
	}
}

// and := not (["AND"] not)*
func (p *parser) and(depth int) (*node, error) {
	l, err := p.not(depth)
	if err != nil {
		return nil, err
	}
	for {
		t, ok := p.peek()
		if !ok {
			return l, nil
		}
		switch t.kind {
		case tokAnd:
			p.pos++
		case tokWord, tokPhrase, tokOpen:
		default:
			return l, nil
		}
		r, err := p.not(depth)
		if err != nil {
			return nil, err
		}
		l = &node{kind: kindAnd, l: l, r: r}
	}
}

// not := unary ("NOT" unary)*
func (p *parser) not(depth int) (*node, error) {
	l, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	for {
		t, ok := p.peek()
		if !ok || t.kind != tokNot {
			return l, nil
		}
		p.pos++
		r, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		l = &node{kind: kindNot, l: l, r: r}
	}
}

// unary := word | phrase | "(" or ")"
func (p *parser) unary(depth int) (*node, error) {
	t, ok := p.peek()
	if !ok {
		if p.pos == 0 {
			return nil, fmt.Errorf("%w: the search is empty", ErrSyntax)
		}
		return nil, fmt.Errorf("%w: %s needs a word after it", ErrSyntax, p.toks[p.pos-1])
	}
	switch t.kind {
	case tokWord, tokPhrase:
		p.pos++
		ws := words(t.text)
		if len(ws) == 0 {
			return nil, fmt.Errorf("%w: %s has no letters or digits", ErrSyntax, t)
		}
		if t.kind == tokWord && len(ws) > 1 && t.prefix {
			return nil, fmt.Errorf("%w: %q: a prefix is one word (oil*)", ErrSyntax, t.text+"*")
		}
		p.terms += len(ws)
		if p.terms > MaxTerms {
			return nil, fmt.Errorf("%w: more than %d words", ErrSyntax, MaxTerms)
		}
		return &node{kind: kindTerm, words: ws, prefix: t.prefix}, nil
	case tokOpen:
		if depth >= MaxDepth {
			return nil, fmt.Errorf("%w: parentheses nested deeper than %d", ErrSyntax, MaxDepth)
		}
		p.pos++
		n, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if c, ok := p.peek(); !ok || c.kind != tokClose {
			return nil, fmt.Errorf("%w: a parenthesis is not closed", ErrSyntax)
		}
		p.pos++
		return n, nil
	case tokClose:
		return nil, fmt.Errorf("%w: a closing parenthesis has no opening one, or encloses nothing", ErrSyntax)
	}
	if p.pos == 0 {
		return nil, fmt.Errorf("%w: the search cannot start with %s", ErrSyntax, t)
	}
	return nil, fmt.Errorf("%w: %s cannot follow %s", ErrSyntax, t, p.toks[p.pos-1])
}
