package upstreamtest

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf16"
)

// Expected values for fault fixtures, so tests can assert what a robust
// parser recovers.
const (
	// CharsetTitle is the title of the first story of UTF16Feed and
	// WrongCharset once decoded correctly.
	CharsetTitle = "Café talks in Genève – “progress”"
	// DuplicateGUID is the GUID shared by every story of DuplicateGUIDs.
	DuplicateGUID = "urn:upstreamtest:dup"
)

// InvalidUTF8 is RSS declared UTF-8 whose first title holds bytes that are
// not UTF-8 (0xff 0xfe and a lone continuation byte).
func InvalidUTF8() Scenario {
	s := StoryAt(0)
	s.Title = "Bad BYTES here" // esc would repair invalid bytes, so splice them in after
	doc := rss("Invalid UTF-8", "", []Story{s, StoryAt(1)})
	return OK(bytes.Replace(doc, []byte("BYTES"), []byte("\xff\xfe bytes \x80"), 1), RSSType)
}

// UTF16Feed is RSS encoded as UTF-16LE with a byte-order mark and
// encoding="UTF-16", served as application/xml with no charset parameter.
func UTF16Feed() Scenario {
	s := StoryAt(0)
	s.Title = CharsetTitle
	doc := strings.Replace(string(rss("UTF-16 wire", "", []Story{s, StoryAt(1)})),
		`encoding="utf-8"`, `encoding="UTF-16"`, 1)
	var b bytes.Buffer
	b.Write([]byte{0xff, 0xfe})
	for _, u := range utf16.Encode([]rune(doc)) {
		b.Write([]byte{byte(u), byte(u >> 8)})
	}
	return OK(b.Bytes(), "application/xml")
}

// WrongCharset is a windows-1252 document (declared so in its XML
// declaration) served with a Content-Type that claims UTF-8: the header
// lies, the bytes and the declaration agree. CharsetTitle is the truth.
func WrongCharset() Scenario {
	s := StoryAt(0)
	s.Title = CharsetTitle
	doc := strings.Replace(string(rss("Wrong charset", "", []Story{s})),
		`encoding="utf-8"`, `encoding="windows-1252"`, 1)
	cp1252 := map[rune]byte{'é': 0xe9, 'è': 0xe8, '–': 0x96, '“': 0x93, '”': 0x94}
	var b bytes.Buffer
	for _, r := range doc {
		switch c, ok := cp1252[r]; {
		case ok:
			b.WriteByte(c)
		case r < 0x80:
			b.WriteByte(byte(r))
		default:
			panic(fmt.Sprintf("upstreamtest: no windows-1252 byte for %q", r))
		}
	}
	return OK(b.Bytes(), "text/xml; charset=utf-8")
}

// BillionLaughs is RSS whose DTD defines ten nested entities, each ten
// times the last (about 3 GB if expanded), used in the first title. A
// parser must refuse or ignore the DTD rather than expand it.
func BillionLaughs() Scenario {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n <!ENTITY lol \"lol\">\n")
	prev := "lol"
	for i := 1; i <= 9; i++ {
		name := fmt.Sprintf("lol%d", i)
		fmt.Fprintf(&b, " <!ENTITY %s \"%s\">\n", name, strings.Repeat("&"+prev+";", 10))
		prev = name
	}
	b.WriteString("]>\n<rss version=\"2.0\"><channel><title>Laughs</title><link>https://wire.example/</link>" +
		"<description>x</description>\n<item><guid>urn:upstreamtest:laughs</guid><title>&" + prev +
		";</title><link>https://wire.example/laughs</link></item>\n</channel></rss>\n")
	return OK([]byte(b.String()), RSSType)
}

// NoTitleLinkGUID is RSS whose items have only a description and a date:
// the item key must fall back to a hash of content and date.
func NoTitleLinkGUID() Scenario {
	var stories []Story
	for i := range 3 {
		s := StoryAt(i)
		s.GUID, s.Link, s.Title = "", "", ""
		stories = append(stories, s)
	}
	return OK(rss("No keys", "", stories), RSSType)
}

// DuplicateGUIDs is RSS of three different stories sharing DuplicateGUID.
func DuplicateGUIDs() Scenario {
	var stories []Story
	for i := range 3 {
		s := StoryAt(i)
		s.GUID = DuplicateGUID
		stories = append(stories, s)
	}
	return OK(rss("Duplicates", "", stories), RSSType)
}

// FarDates is RSS with one story dated 2999-12-31 and one 1970-01-01, to
// check that dates are clamped or rejected rather than trusted.
func FarDates() Scenario {
	future, past := StoryAt(0), StoryAt(1)
	future.Published = time.Date(2999, time.December, 31, 23, 59, 59, 0, time.UTC)
	past.Published = time.Unix(0, 0).UTC()
	return OK(rss("Far dates", "", []Story{future, past, StoryAt(2)}), RSSType)
}

// HugeTitle is RSS whose first story's title is size bytes of text
// (e.g. 1<<20), to check titles are truncated.
func HugeTitle(size int) Scenario {
	s := StoryAt(0)
	s.Title = strings.Repeat("word ", size/5+1)[:size]
	return OK(rss("Huge title", "", []Story{s, StoryAt(1)}), RSSType)
}

// WithTTL serves an RSS feed of n stories carrying <ttl>minutes</ttl>
// (RSS 2.0: minutes a channel may be cached before refreshing).
func WithTTL(n, minutes int) Scenario {
	stories := make([]Story, n)
	for i := range stories {
		stories[i] = StoryAt(i)
	}
	return OK(rss("TTL wire", fmt.Sprintf("<ttl>%d</ttl>", minutes), stories), RSSType)
}
