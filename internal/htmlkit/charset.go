package htmlkit

import (
	"bytes"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
	"golang.org/x/text/transform"
)

// xmlDeclRE matches an XML declaration at the very start of a document.
// The declaration's encoding is rewritten after transcoding so that the
// XML decoder does not convert the bytes a second time.
var xmlDeclRE = regexp.MustCompile(`^<\?xml[^>]*?\?>`)

// versionAttrRE matches the version pseudo-attribute of an XML declaration.
var versionAttrRE = regexp.MustCompile(`\sversion\s*=\s*["']([^"']*)["']`)

// encodingAttrRE matches the encoding pseudo-attribute of an XML declaration.
var encodingAttrRE = regexp.MustCompile(`(?i)\sencoding\s*=\s*["']([^"']*)["']`)

// ToUTF8 returns body as UTF-8 without a byte order mark, whatever the
// upstream claimed. The order of evidence follows what real feeds get wrong:
//
//  1. a byte order mark (UTF-32, UTF-16, UTF-8) wins, as XML 1.0 §4.3.3
//     and Appendix F say;
//  2. UTF-16 without a BOM is recognised from the "<?" pattern (Appendix F);
//  3. bytes that are valid UTF-8 are UTF-8, whatever Content-Type or the
//     prolog declare: a Latin-1 text is almost never valid UTF-8, while
//     servers routinely label UTF-8 as ISO-8859-1;
//  4. bytes that are mostly UTF-8 (or start with a UTF-8 BOM) with a few
//     invalid bytes are UTF-8 with pasted windows-1252, unless a multi-byte
//     charset is declared;
//  5. otherwise the declared charset (Content-Type first, RFC 7303 §3.2,
//     then the XML declaration) if it is not UTF-8, else windows-1252.
//
// Finally characters XML 1.0 forbids are removed, raw or as references,
// and the XML declaration is rewritten to say UTF-8.
func ToUTF8(body []byte, contentType string) ([]byte, error) {
	out, err := decodeBytes(body, contentType)
	if err != nil {
		return nil, err
	}
	out = stripForbidden(out)
	return rewriteDecl(out), nil
}

// decodeBytes does steps 1 to 5 of ToUTF8.
func decodeBytes(body []byte, contentType string) ([]byte, error) {
	if enc := bomEncoding(body); enc != nil {
		return transcode(enc, body)
	}
	utf8BOM := bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF})
	if utf8BOM {
		body = body[3:]
	}
	if enc := sniffUTF16(body); enc != nil {
		return transcode(enc, body)
	}
	if utf8.Valid(body) {
		return body, nil
	}
	enc := declaredEncoding(body, contentType)
	if _, single := enc.(*charmap.Charmap); utf8BOM || ((enc == nil || single) && mostlyUTF8(body)) {
		return mixedUTF8(body), nil
	}
	if enc == nil {
		enc = charmap.Windows1252
	}
	return transcode(enc, body)
}

// mostlyUTF8 reports whether b holds more valid multi-byte UTF-8 sequences
// than invalid bytes: a UTF-8 document with a few pasted Latin-1 bytes,
// not a Latin-1 document (where valid sequences are rare accidents).
func mostlyUTF8(b []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			invalid++
		} else {
			valid++
		}
		i += size
	}
	return valid > invalid
}

// mixedUTF8 keeps the valid UTF-8 of b and reads each invalid byte as
// windows-1252, the usual source of stray bytes in UTF-8 feeds.
func mixedUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			r = charmap.Windows1252.DecodeByte(b[i])
		}
		out = utf8.AppendRune(out, r)
		i += size
	}
	return out
}

// bomEncoding returns the encoding a UTF-16 or UTF-32 byte order mark
// announces, or nil. UTF-32 is checked first: its little-endian BOM starts
// with the UTF-16LE one.
func bomEncoding(b []byte) encoding.Encoding {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0, 0}):
		return utf32.UTF32(utf32.LittleEndian, utf32.ExpectBOM)
	case bytes.HasPrefix(b, []byte{0, 0, 0xFE, 0xFF}):
		return utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM)
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	}
	return nil
}

// sniffUTF16 recognises BOM-less UTF-16 from an opening '<' followed or
// preceded by a NUL byte (XML 1.0 Appendix F).
func sniffUTF16(b []byte) encoding.Encoding {
	if len(b) < 4 {
		return nil
	}
	switch {
	case b[0] == '<' && b[1] == 0 && b[2] != 0 && b[3] == 0:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case b[0] == 0 && b[1] == '<' && b[2] == 0 && b[3] != 0:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	}
	return nil
}

// declaredEncoding returns the non-UTF-8 encoding named by Content-Type or,
// failing that, by the XML declaration; nil when neither names one.
func declaredEncoding(body []byte, contentType string) encoding.Encoding {
	labels := []string{contentTypeCharset(contentType), prologCharset(body)}
	for _, label := range labels {
		if label == "" {
			continue
		}
		enc, name := charset.Lookup(label)
		if enc == nil || name == "utf-8" || strings.HasPrefix(name, "utf-16") {
			continue
		}
		return enc
	}
	return nil
}

// contentTypeCharset returns the charset parameter of a media type, or "".
func contentTypeCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return params["charset"]
}

// prologCharset returns the encoding named by the XML declaration, or "".
func prologCharset(body []byte) string {
	decl := xmlDeclRE.Find(body)
	if decl == nil {
		return ""
	}
	m := encodingAttrRE.FindSubmatch(decl)
	if m == nil {
		return ""
	}
	return string(m[1])
}

// transcode converts b from enc to UTF-8, replacing undecodable bytes.
func transcode(enc encoding.Encoding, b []byte) ([]byte, error) {
	out, _, err := transform.Bytes(enc.NewDecoder(), b)
	if err != nil {
		return nil, fmt.Errorf("transcode to UTF-8: %w", err)
	}
	return bytes.TrimPrefix(out, []byte{0xEF, 0xBB, 0xBF}), nil
}

// rewriteDecl makes the XML declaration, if any, say UTF-8: the bytes are
// UTF-8 now, and a stale label would make the decoder convert them again.
// It also declares XML 1.1 documents 1.0, the only version Go's decoder
// reads; once the C0 controls are stripped the two differ in nothing a
// feed uses.
func rewriteDecl(b []byte) []byte {
	decl := xmlDeclRE.Find(b)
	if decl == nil {
		return b
	}
	fixed := decl
	if m := encodingAttrRE.FindSubmatchIndex(decl); m != nil && !strings.EqualFold(string(decl[m[2]:m[3]]), "utf-8") {
		fixed = append(append(append([]byte{}, decl[:m[2]]...), "utf-8"...), decl[m[3]:]...)
	}
	if m := versionAttrRE.FindSubmatchIndex(fixed); m != nil && string(fixed[m[2]:m[3]]) != "1.0" {
		fixed = append(append(append([]byte{}, fixed[:m[2]]...), "1.0"...), fixed[m[3]:]...)
	}
	if len(fixed) == len(decl) && string(fixed) == string(decl) {
		return b
	}
	return append(fixed, b[len(decl):]...)
}
