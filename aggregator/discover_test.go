package aggregator

import (
	"slices"
	"testing"
)

func TestDiscover(t *testing.T) {
	const page = "https://www.example.org/news/index.html"
	tests := []struct {
		name, html string
		want       []string
	}{
		{"rss atom json", `<html><head>
			<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.rss">
			<link rel="alternate" type="application/atom+xml" href="feed.atom">
			<link rel="alternate" type="application/feed+json" href="https://cdn.example.org/feed.json">
			<link rel="alternate" type="application/json" href="//www.example.org/legacy.json">
			</head><body></body></html>`,
			[]string{"https://www.example.org/feed.rss", "https://www.example.org/news/feed.atom",
				"https://cdn.example.org/feed.json", "https://www.example.org/legacy.json"}},
		{"case and params", `<LINK REL="Alternate Home" TYPE="Application/RSS+XML; charset=utf-8" HREF="/a.rss">`,
			[]string{"https://www.example.org/a.rss"}},
		{"self-closing xhtml", `<link rel="alternate" type="application/atom+xml" href="/a.atom"/>`,
			[]string{"https://www.example.org/a.atom"}},
		{"base href", `<base href="https://static.example.net/x/"><link rel="alternate" type="application/rss+xml" href="f.rss">`,
			[]string{"https://static.example.net/x/f.rss"}},
		{"not alternate", `<link rel="stylesheet" type="application/rss+xml" href="/s.rss"><link rel="alternates" type="application/rss+xml" href="/t.rss">`, nil},
		{"not a feed type", `<link rel="alternate" type="text/html" href="/fr/"><link rel="alternate" hreflang="fr" href="/fr/">`, nil},
		{"duplicates once", `<link rel="alternate" type="application/rss+xml" href="/a.rss?utm_source=x"><link rel="alternate" type="application/rss+xml" href="https://www.example.org/a.rss">`,
			[]string{"https://www.example.org/a.rss"}},
		{"bad schemes dropped", `<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)"><link rel="alternate" type="application/rss+xml" href="feed://x.example/a"><link rel="alternate" type="application/rss+xml" href="">`, nil},
		{"in body too", `<body><link rel="alternate" type="application/rss+xml" href="/b.rss"></body>`,
			[]string{"https://www.example.org/b.rss"}},
		{"garbage", "\x00\x01<<<>>>", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Discover([]byte(tt.html), page); !slices.Equal(got, tt.want) {
				t.Errorf("Discover = %q, want %q", got, tt.want)
			}
		})
	}
}
