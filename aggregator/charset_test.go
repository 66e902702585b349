package aggregator

import (
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/aggregator/source/feed"
	"github.com/wiredesk/wiredesk/config"
)

func TestParseBillionLaughs(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">`)
	prev := "lol"
	for i := 1; i <= 9; i++ {
		name := "lol" + string(rune('0'+i))
		sb.WriteString(`<!ENTITY ` + name + ` "` + strings.Repeat("&"+prev+";", 10) + `">`)
		prev = name
	}
	sb.WriteString(`]><rss version="2.0"><channel><title>bomb &lol9;</title>` +
		`<item><title>x &lol9; y</title><link>https://example.org/a</link></item></channel></rss>`)
	doc, err := feed.Parse([]byte(sb.String()), "", "https://example.org/feed")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	items := newNormalizer().Items(doc, config.Source{URL: "https://example.org/feed"}, fixtureNow)
	if len(items) != 1 {
		t.Fatalf("got %d items, want 1", len(items))
	}
	// 10^9 "lol"s would be 3 GB; the entity must stay unexpanded.
	if got := items[0].Title; len(got) > 100 || strings.Contains(got, "lollol") {
		t.Errorf("entity expanded: title has %d bytes: %.80q", len(got), got)
	}
}
