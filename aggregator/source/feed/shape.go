package feed

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/wiredesk/wiredesk/internal/htmlkit"
)

// Bounds on the shape of one upstream document, checked before gofeed
// parses it. gofeed keeps a stack frame and several strings per open
// element: a 10 MB description of 1.5 million nested elements cost 408 MB
// to parse. A wire feed nests a handful of levels and holds a few
// thousand elements; an archive of 20,000 items about 150,000.
const (
	// MaxDocumentDepth is the deepest element (XML) or object and array
	// (JSON) nesting a document may have.
	MaxDocumentDepth = 256
	// MaxDocumentElements is how many elements (XML) or objects and arrays
	// (JSON) a document may hold.
	MaxDocumentElements = 250000
)

// ErrTooComplex is wrapped when a document exceeds MaxDocumentDepth or
// MaxDocumentElements. The message gives the bound, never document bytes.
var ErrTooComplex = errors.New("document too complex")

// checkShape scans b (UTF-8 XML or JSON) without building anything and
// returns an error wrapping ErrTooComplex when it nests deeper than
// MaxDocumentDepth or holds more than MaxDocumentElements elements. Text,
// CDATA sections, comments and JSON strings are skipped, so escaped HTML
// in a description counts as text here; the sanitizer bounds it.
func checkShape(b []byte) error {
	t := bytes.TrimLeft(b, " \t\r\n")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return checkJSONShape(t)
	}
	depth, count := 0, 0
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 || i+j+1 >= len(b) {
			break
		}
		i += j + 1
		rest := b[i:]
		var end int
		switch {
		case rest[0] == '/':
			depth--
			end = bytes.IndexByte(rest, '>')
		case bytes.HasPrefix(rest, []byte("!--")):
			end = indexEnd(rest, "-->")
		case bytes.HasPrefix(rest, []byte("![CDATA[")):
			end = indexEnd(rest, "]]>")
		case rest[0] == '!' || rest[0] == '?':
			end = bytes.IndexByte(rest, '>')
			if k := bytes.IndexByte(rest, '['); k >= 0 && (end < 0 || k < end) {
				end = indexEnd(rest, "]>") // a DOCTYPE's internal subset
			}
		default:
			// The "<" is at b[i-1]; end is relative to rest.
			if end = htmlkit.TagEnd(b, i-1); end >= 0 {
				end -= i
			}
			count++
			if end > 0 && rest[end-1] != '/' {
				depth++
			}
			if depth > MaxDocumentDepth {
				return fmt.Errorf("%w: elements nested deeper than %d", ErrTooComplex, MaxDocumentDepth)
			}
			if count > MaxDocumentElements {
				return fmt.Errorf("%w: more than %d elements", ErrTooComplex, MaxDocumentElements)
			}
		}
		if end < 0 {
			break // cut off: the parser reports it
		}
		i += end + 1
	}
	return nil
}

// indexEnd returns the index of the last byte of the first sep in b, or -1.
func indexEnd(b []byte, sep string) int {
	k := bytes.Index(b, []byte(sep))
	if k < 0 {
		return -1
	}
	return k + len(sep) - 1
}

// checkJSONShape is checkShape for a JSON document.
func checkJSONShape(b []byte) error {
	depth, count := 0, 0
	inString, escaped := false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			count++
			if depth > MaxDocumentDepth {
				return fmt.Errorf("%w: objects and arrays nested deeper than %d", ErrTooComplex, MaxDocumentDepth)
			}
			if count > MaxDocumentElements {
				return fmt.Errorf("%w: more than %d objects and arrays", ErrTooComplex, MaxDocumentElements)
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return nil
}
