package upstreamtest

import (
	"bytes"
	"fmt"
	"strings"
)

// Hostile documents of issue 12 (round two): each is an RSS feed of one
// story whose description is built to cost a naive pipeline memory.

// UnclosedTags is a feed whose one story's description (CDATA) is n
// repetitions of tag, e.g. "<b>": ten megabytes of unclosed elements,
// which a sanitizer that closes every element doubles.
// Its title and first paragraph name the tag: "Unclosed b i" for "<b><i>".
func UnclosedTags(n int, tag string) []byte {
	title := "Unclosed " + strings.Join(strings.Fields(strings.NewReplacer("<", " ", ">", " ").Replace(tag)), " ")
	return oneStory(title, func(b *bytes.Buffer) {
		fmt.Fprintf(b, "<![CDATA[<p>Start of the %s story.</p>", title)
		for range n {
			b.WriteString(tag)
		}
		b.WriteString("]]>")
	})
}

// NestedXML is a feed whose one story's description holds n elements
// nested as XML (not escaped): the parser sees every one of them.
func NestedXML(n int) []byte {
	return oneStory("Nested XML", func(b *bytes.Buffer) {
		for range n {
			b.WriteString("<div>")
		}
		b.WriteString("deep")
		for range n {
			b.WriteString("</div>")
		}
	})
}

// NestedEscaped is NestedXML with the markup escaped in CDATA: the parser
// sees one string, the sanitizer n nested elements.
func NestedEscaped(n int) []byte {
	return oneStory("Nested HTML", func(b *bytes.Buffer) {
		b.WriteString("<![CDATA[")
		for range n {
			b.WriteString("<div>")
		}
		b.WriteString("deep")
		for range n {
			b.WriteString("</div>")
		}
		b.WriteString("]]>")
	})
}

// LongText is a feed whose one story is n bytes of ordinary paragraphs,
// the first of which reads "First paragraph.".
func LongText(n int) []byte {
	return oneStory("Long text", func(b *bytes.Buffer) {
		b.WriteString("<![CDATA[<p>First paragraph.</p>")
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(b, "<p>Paragraph %d of a very long story, with <b>bold</b> words &amp; more.</p>", i)
		}
		b.WriteString("]]>")
	})
}

func oneStory(title string, desc func(*bytes.Buffer)) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>%s</title><link>https://hostile.example/</link><description>d</description>`, title)
	slug := strings.ReplaceAll(strings.ToLower(title), " ", "-")
	fmt.Fprintf(&b, `<item><guid>urn:hostile:%s</guid><title>%s</title><link>https://hostile.example/%s</link><description>`, slug, title, slug)
	desc(&b)
	b.WriteString("</description></item></channel></rss>")
	return b.Bytes()
}
