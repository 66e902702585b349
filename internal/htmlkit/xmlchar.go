package htmlkit

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// XMLChar reports whether r may appear in a document wiredesk reads or
// writes: a Char of XML 1.0 §2.2 (production [2]) that is not a C0 or C1
// control other than tab, line feed and carriage return.
//
// The C1 controls U+007F–U+009F are legal XML 1.0 Chars, but the same
// section says to avoid them ([#x7F-#x84], [#x86-#x9F]), the W3C Feed
// Validation Service warns on them, and HTML calls them parse errors. In
// news copy they are always mojibake from a wrong cp1252 decode, so they
// go, NEL (U+0085) included: it is never a line end in wire copy.
func XMLChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r < 0x7F:
		return true
	case r >= 0xA0 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// stripForbidden removes the characters XMLChar rejects, both raw and as
// numeric character references (&#0; makes Go's decoder fail the whole
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
		if XMLChar(r) && !(r == utf8.RuneError && size == 1) {
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

// cleanXMLChars reports quickly whether b holds no character XMLChar
// rejects.
func cleanXMLChars(b []byte) bool {
	for i, c := range b {
		if c < 0x20 && c != 0x9 && c != 0xA && c != 0xD || c == 0x7F {
			return false
		}
		// U+0080–U+009F are C2 80 to C2 9F.
		if c == 0xC2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9F {
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
// to a character XMLChar rejects, and its length.
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
	return end + 1, !XMLChar(rune(n))
}
