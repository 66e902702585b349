package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

// node is a namespace-resolved XML element, for tests that must tell
// <author> from <dc:creator> or <link> from <atom:link>, which
// encoding/xml struct tags without a namespace cannot.
type node struct {
	Space, Local string
	Attr         []xml.Attr
	Text         string
	Kids         []*node
	// Declares lists the namespace prefixes declared on this element.
	Declares []string
}

// parseTree parses data strictly (as a conforming XML parser must) into a
// tree, failing the test on any well-formedness error.
func parseTree(t testing.TB, data []byte) *node {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var stack []*node
	var root *node
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, data)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{Space: tok.Name.Space, Local: tok.Name.Local}
			for _, a := range tok.Attr {
				switch {
				case a.Name.Space == "xmlns":
					n.Declares = append(n.Declares, a.Name.Local)
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					n.Declares = append(n.Declares, "")
				default:
					n.Attr = append(n.Attr, a)
				}
			}
			if len(stack) == 0 {
				root = n
			} else {
				p := stack[len(stack)-1]
				p.Kids = append(p.Kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(tok)
			}
		}
	}
	if root == nil {
		t.Fatalf("no root element")
	}
	return root
}

// all returns the children named name, given as "local" (no namespace)
// or "namespace-URI local".
func (n *node) all(name string) []*node {
	space, local := "", name
	if i := strings.LastIndexByte(name, ' '); i >= 0 {
		space, local = name[:i], name[i+1:]
	}
	var out []*node
	for _, k := range n.Kids {
		if k.Space == space && k.Local == local {
			out = append(out, k)
		}
	}
	return out
}

// one returns the only child named name, failing the test otherwise.
func (n *node) one(t testing.TB, name string) *node {
	t.Helper()
	got := n.all(name)
	if len(got) != 1 {
		t.Fatalf("<%s> has %d <%s> children, want 1", n.Local, len(got), name)
	}
	return got[0]
}

// text returns the trimmed text of the only child named name.
func (n *node) text(t testing.TB, name string) string {
	t.Helper()
	return strings.TrimSpace(n.one(t, name).Text)
}

// attr returns the attribute value, "" when absent.
func (n *node) attr(name string) string {
	for _, a := range n.Attr {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// linkRel returns the href of the child link elements (in namespace
// space) with the given rel.
func (n *node) linkRel(space, rel string) []*node {
	var out []*node
	for _, l := range n.all(space + " link") {
		if l.attr("rel") == rel {
			out = append(out, l)
		}
	}
	return out
}

// walk calls fn for n and every descendant.
func (n *node) walk(fn func(*node)) {
	fn(n)
	for _, k := range n.Kids {
		k.walk(fn)
	}
}

const (
	atomNS  = "http://www.w3.org/2005/Atom"
	dcNS    = "http://purl.org/dc/elements/1.1/"
	mediaNS = "http://search.yahoo.com/mrss/"
	contNS  = "http://purl.org/rss/1.0/modules/content/"
)
