package upstreamtest

import (
	"fmt"
	"strings"
)

// BenchFeed returns an RSS 2.0 feed of n wire stories shaped like real
// ones: HTML summary and full content, an image, categories, a script to
// drop. The parse and normalize benchmarks read it.
func BenchFeed(n int) []byte {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" ` +
		`xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench Wire</title>` +
		`<link>https://www.example.org/</link><ttl>10</ttl>`)
	para := `<p>Officials said on Tuesday that talks on the oil output deal would resume next week in Vienna, ` +
		`after <a href="/world/story-%d">a week of tense negotiations</a> between &quot;producers&quot; &amp; buyers.</p>`
	for i := range n {
		fmt.Fprintf(&sb, `<item><title>Story %d: OPEC &amp; allies weigh cuts as crude slides</title>`+
			`<link>https://www.example.org/world/story-%d?utm_source=rss&amp;utm_medium=feed</link>`+
			`<guid isPermaLink="false">bench-%d</guid><pubDate>Tue, 03 Jun 2025 %02d:%02d:00 GMT</pubDate>`+
			`<dc:creator>Desk Reporter</dc:creator><category>World</category><category>Business</category>`+
			`<media:thumbnail url="https://cdn.example.org/%d.jpg"/>`+
			`<description><![CDATA[%s]]></description><content:encoded><![CDATA[<figure><img src="/img/%d.jpg" alt="x">`+
			`<figcaption>Caption</figcaption></figure>%s%s%s%s<script>track()</script>]]></content:encoded></item>`,
			i, i, i, i%24, i%60, i, fmt.Sprintf(para, i), i,
			fmt.Sprintf(para, i), fmt.Sprintf(para, i+1), fmt.Sprintf(para, i+2), fmt.Sprintf(para, i+3))
	}
	sb.WriteString(`</channel></rss>`)
	return []byte(sb.String())
}
