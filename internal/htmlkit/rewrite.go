package htmlkit

import (
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// rewriteLinks is rewriteLinksTokenizer, by the strict scanner when the
// input is in the subset it reads (bluemonday's output always is).
func rewriteLinks(s string, base *url.URL) string {
	if out, ok := rewriteLinksFast(s, base, nil); ok {
		return out
	}
	return rewriteLinksTokenizer(s, base)
}

// rewriteLinksTokenizer walks sanitized HTML, resolves relative URL attributes
// against base, sets rel on links, drops images without a source and
// balances tags: bluemonday passes "<table><td>" through unclosed, and one
// unclosed table swallows the rest of the page it is republished on. Its
// input is bluemonday's output, so every URL in it is already relative,
// http(s) or mailto; resolving a relative reference against an http(s)
// base cannot change that.
func rewriteLinksTokenizer(s string, base *url.URL) string {
	var sb strings.Builder
	sb.Grow(len(s) + len(s)/8)
	var open []string
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			for i := len(open) - 1; i >= 0; i-- {
				sb.WriteString("</" + open[i] + ">")
			}
			return sb.String()
		case html.EndTagToken:
			name, _ := z.TagName()
			open = closeTag(&sb, open, string(name))
			continue
		case html.StartTagToken, html.SelfClosingTagToken:
		default:
			sb.Write(z.Raw())
			continue
		}
		tok := z.Token()
		attrs := tok.Attr[:0]
		hasSrc := false
		for _, a := range tok.Attr {
			switch a.Key {
			case "rel":
				continue
			case "href", "src", "cite":
				a.Val = resolveRef(base, a.Val)
				hasSrc = hasSrc || a.Key == "src"
			}
			attrs = append(attrs, a)
		}
		if tok.Data == "img" && !hasSrc {
			continue
		}
		if tok.Data == "a" {
			attrs = append(attrs, html.Attribute{Key: "rel", Val: linkRel})
		}
		tok.Attr = attrs
		if voidElements[tok.Data] {
			tok.Type = html.StartTagToken
		} else if tt == html.StartTagToken {
			open = append(open, tok.Data)
		} else {
			// "<p/>" is not self-closing in HTML; write it as an empty pair.
			tok.Type = html.StartTagToken
			sb.WriteString(tok.String())
			sb.WriteString("</" + tok.Data + ">")
			continue
		}
		sb.WriteString(tok.String())
	}
}

// rewriteLinksFast is rewriteLinksTokenizer for HTML in the strict form
// scanTag reads; it reports false on anything else. Text is copied as
// written and tags are written back as html.Token.String writes them.
// With tw, the text of the output (as plainTextFast reads it) goes to tw;
// s must then be valid UTF-8.
func rewriteLinksFast(s string, base *url.URL, tw *spaceWriter) (string, bool) {
	var sb strings.Builder
	sb.Grow(len(s) + len(s)/8)
	var openArr [16]string
	var attrArr [8]rawAttr
	open := openArr[:0]
	endTag := func(name string) {
		sb.WriteString("</" + name + ">")
		if tw != nil && !inlineElements[name] {
			tw.sep()
		}
	}
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			j = len(s) - i
		}
		sb.WriteString(s[i : i+j])
		if tw != nil {
			writeText(tw, s[i:i+j])
		}
		if i+j == len(s) {
			break
		}
		t, ok := scanTag(s, i+j, attrArr[:0])
		if !ok {
			return "", false
		}
		i = t.next
		if t.end {
			// As closeTag: close the innermost element called name and
			// those opened inside it; drop an end tag with none open.
			k := len(open) - 1
			for k >= 0 && open[k] != t.name {
				k--
			}
			if k >= 0 {
				for m := len(open) - 1; m >= k; m-- {
					endTag(open[m])
				}
				open = open[:k]
			}
			continue
		}
		wrote, ok := writeTag(&sb, t, base)
		if !ok {
			return "", false
		}
		if !wrote {
			continue
		}
		if tw != nil && !inlineElements[t.name] {
			tw.sep()
		}
		switch {
		case voidElements[t.name]:
		case t.selfClosing:
			// "<p/>" is not self-closing in HTML; write it as an empty pair.
			endTag(t.name)
		default:
			open = append(open, t.name)
		}
	}
	for k := len(open) - 1; k >= 0; k-- {
		endTag(open[k])
	}
	return sb.String(), true
}

// writeTag writes start tag t as rewriteLinksTokenizer does: rel dropped,
// href, src and cite resolved, rel added on links, nothing for an image
// without a source (wrote is false). ok is false for a value it cannot
// decode.
func writeTag(sb *strings.Builder, t tag, base *url.URL) (wrote, ok bool) {
	if t.name == "img" && !slices.ContainsFunc(t.attrs, func(a rawAttr) bool { return strings.EqualFold(a.key, "src") }) {
		return false, true
	}
	sb.WriteByte('<')
	sb.WriteString(t.name)
	for _, a := range t.attrs {
		key := a.key
		if !isLowerASCII(key) {
			key = strings.ToLower(key)
		}
		val, ok := attrValue(a.val)
		if !ok {
			return false, false
		}
		switch key {
		case "rel":
			continue
		case "href", "src", "cite":
			val = resolveRef(base, val)
		}
		sb.WriteByte(' ')
		sb.WriteString(key)
		sb.WriteString(`="`)
		sb.WriteString(html.EscapeString(val))
		sb.WriteByte('"')
	}
	if t.name == "a" {
		sb.WriteString(` rel="` + linkRel + `"`)
	}
	sb.WriteByte('>')
	return true, true
}

// attrValue decodes a raw attribute value made of text and the references
// commonRef knows, as the tokenizer does; it reports false for anything
// else (other references, NUL, CR), which the tokenizer decodes its own way.
func attrValue(raw string) (string, bool) {
	if strings.ContainsAny(raw, "\x00\r") {
		return "", false
	}
	k := strings.IndexByte(raw, '&')
	if k < 0 {
		return raw, true
	}
	var b strings.Builder
	b.Grow(len(raw))
	for k >= 0 {
		b.WriteString(raw[:k])
		dec, n := commonRef(raw[k:])
		if n == 0 {
			return "", false
		}
		b.WriteString(dec)
		raw = raw[k+n:]
		k = strings.IndexByte(raw, '&')
	}
	b.WriteString(raw)
	return b.String(), true
}

// isLowerASCII reports whether s has no byte outside ASCII and no capital.
func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// closeTag writes the end tag of the innermost open element called name,
// closing the elements opened inside it first, and returns the new stack.
// An end tag with no open element is dropped.
func closeTag(sb *strings.Builder, open []string, name string) []string {
	for i := len(open) - 1; i >= 0; i-- {
		if open[i] != name {
			continue
		}
		for j := len(open) - 1; j >= i; j-- {
			sb.WriteString("</" + open[j] + ">")
		}
		return open[:i]
	}
	return open
}

// resolveRef resolves a relative reference against base; absolute
// references, and everything when base is nil, are returned unchanged.
func resolveRef(base *url.URL, ref string) string {
	if base == nil {
		return ref
	}
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil || u.IsAbs() {
		return ref
	}
	return base.ResolveReference(u).String()
}
