package feed

import (
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// testChannel is the channel every fixture renders into.
func testChannel() Channel {
	return Channel{
		Slug:        "middle-east",
		Title:       "Wire Desk — Middle East",
		Description: "Middle East stories from the wires",
		BaseURL:     "https://wire.example.org",
		Language:    "en",
		Generator:   "wiredesk",
		Byline:      "Staff, Agencies",
		Updated:     time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC),
	}
}

// nasty holds every kind of character XML 1.0 forbids or discourages:
// C0 controls, a C1 control, U+FFFE/U+FFFF, a stray invalid byte and
// a UTF-8 encoded lone surrogate (U+D800).
const nasty = "\x00\x01\x08\x0b\x0c\x1b\u0085\ufffe\uffff\xff\xed\xa0\x80"

// beirutTime is in +02:00, so fixtures check that output is in UTC.
func beirutTime(y int, m time.Month, d, h, min, s, ns int) time.Time {
	return time.Date(y, m, d, h, min, s, ns, time.FixedZone("EET", 2*3600))
}

// fixtureItems is a realistic three-story category page: images with
// known, guessed and unknown types, several categories, merged carriers,
// markup and quotes in titles, "]]>" inside content, emoji, Arabic text
// and forbidden characters everywhere.
func fixtureItems() []story.Item {
	return []story.Item{
		{
			ID:    "3f9a1c0d2b7e4a51",
			Link:  "https://wire.example.com/2026/03/02/beirut-talks",
			Title: "Beirut talks resume as \"ceasefire\" holds & markets <rally>" + nasty,
			SummaryHTML: "<p>Negotiators met in <b>Beirut</b> on Monday; " +
				"officials said the truce &amp; aid corridors would hold.</p>" + nasty,
			ContentHTML: "<p>Negotiators met in <b>Beirut</b> on Monday 🇱🇧.</p>\n" +
				"<p>A spokesman quoted the draft: <code>if a[b[0]]>c</code> — " +
				"the text ends with ]]> and goes on" + nasty + ".</p>\n" +
				"<p><img src=\"https://img.example.com/beirut.jpg\" alt=\"Talks &amp; aid\"></p>",
			ImageURL:    "https://img.example.com/beirut.jpg",
			ImageLength: 48213, ImageCaption: "Smoke rises over the port of Beirut.", ImageCredit: "Photo: Example Press",
			ImageType:   "image/jpeg",
			Author:      "Jane Roe",
			Agency:      "Example Press",
			SourceURL:   "https://wire.example.com/world.rss",
			SourceTitle: "Example Press — World",
			SourceLink:  "https://wire.example.com/",
			PublishedAt: beirutTime(2026, 3, 2, 10, 15, 30, 123456789),
			UpdatedAt:   beirutTime(2026, 3, 2, 11, 0, 0, 0),
			FirstSeenAt: beirutTime(2026, 3, 2, 10, 16, 0, 0),
			Categories:  []string{"middle-east", "lebanon"},
			Also: []story.Carrier{
				{Agency: "Other Wire", URL: "https://other.example.net/beirut?id=7&lang=en"},
			},
		},
		{
			ID:          "a0b1c2d3e4f50617",
			Link:        "https://gulf.example.ae/ar/news/oil-output",
			Title:       "مفاوضات في بيروت — Talks in Beirut",
			SummaryHTML: "<p dir=\"rtl\">قالت أوبك إن الإنتاج سيرتفع.</p>",
			ContentHTML: "<p dir=\"rtl\">قالت أوبك إن الإنتاج سيرتفع في الربع الثاني.</p>" +
				"<p>OPEC said output would rise 🛢️ &lt;soon&gt;.</p>",
			ImageURL:    "https://img.example.ae/oil/rig.PNG",
			Agency:      "Gulf Agency",
			SourceURL:   "https://gulf.example.ae/feeds/energy.atom",
			PublishedAt: time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC),
			Categories:  []string{"middle-east", "energy"},
		},
		{
			ID:    "ffee0099aabb2233",
			Link:  "https://third.example.com/story/42",
			Title: "  Markets\tclose\nhigher  ",
			ContentHTML: "<h2>Markets</h2><p>Stocks rose 2% &amp; bonds fell. " +
				"Analysts said &quot;risk-on&quot; sentiment returned.</p><!-- note -->",
			ImageURL:    "https://img.example.com/render?id=5",
			Agency:      "Third Wire",
			SourceURL:   "not a url",
			FirstSeenAt: time.Date(2026, 3, 1, 23, 59, 59, 0, time.UTC),
			Categories:  []string{"middle-east", "", "middle-east", "world"},
			Also: []story.Carrier{
				{Agency: "Example Press", URL: "https://wire.example.com/markets"},
				{Agency: "Broken", URL: "/relative/only"},
			},
		},
	}
}
