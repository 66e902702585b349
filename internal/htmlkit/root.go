package htmlkit

import (
	"bytes"
	"strings"
)

// RootElement returns the name of the first element of an XML or HTML
// document and its offset, skipping the declaration, processing
// instructions, comments and a DOCTYPE (with its internal subset); "" and
// -1 when there is none.
func RootElement(b []byte) (string, int) {
	i := 0
	for i < len(b) {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			return "", -1
		}
		i += j
		rest := b[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<?")):
			i = skipPast(b, i, "?>")
		case bytes.HasPrefix(rest, []byte("<!--")):
			i = skipPast(b, i, "-->")
		case bytes.HasPrefix(rest, []byte("<!")):
			i = skipDoctype(b, i)
		default:
			end := i + 1
			for end < len(b) && !bytes.ContainsRune([]byte(" \t\r\n/>"), rune(b[end])) {
				end++
			}
			return string(b[i+1 : end]), i
		}
		if i < 0 {
			return "", -1
		}
	}
	return "", -1
}

// skipPast returns the offset just past the first end after i, or -1.
func skipPast(b []byte, i int, end string) int {
	j := bytes.Index(b[i:], []byte(end))
	if j < 0 {
		return -1
	}
	return i + j + len(end)
}

// skipDoctype returns the offset just past a <!DOCTYPE …> declaration that
// may hold an internal subset in brackets.
func skipDoctype(b []byte, i int) int {
	depth := 0
	for k := i; k < len(b); k++ {
		switch b[k] {
		case '[':
			depth++
		case ']':
			depth--
		case '>':
			if depth <= 0 {
				return k + 1
			}
		}
	}
	return -1
}

// LocalName drops a namespace prefix: "rdf:RDF" is "RDF".
func LocalName(name string) string {
	if i := strings.IndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// XMLDecl returns the XML declaration (XML 1.0 §2.8) that b starts with,
// or nil.
func XMLDecl(b []byte) []byte { return xmlDeclRE.Find(b) }
