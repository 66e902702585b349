package feed

import (
	"testing"
)

func TestClean(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"tab\tnewline\ncr\r", "tab\tnewline\ncr\r"},
		{"a\x00b\x1fc", "abc"},
		{"a\u0080b\u009fc\x7fd", "abcd"},
		{"x\ufffey\uffffz", "xyz"},
		{"bad\xffbyte", "badbyte"},
		{"lone\xed\xa0\x80surrogate", "lonesurrogate"},
		{"emoji 🇱🇧 and عربي", "emoji 🇱🇧 and عربي"},
		{"private use \ue000 and U+FFFD \ufffd kept", "private use \ue000 and U+FFFD \ufffd kept"},
		{"", ""},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			if got := clean(tc.in); got != tc.want {
				t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestCleanLeavesCleanStringsAlone(t *testing.T) {
	s := "already clean — نص"
	if allocs := testing.AllocsPerRun(100, func() { _ = clean(s) }); allocs != 0 {
		t.Errorf("clean allocated %v times on a clean string", allocs)
	}
}

func TestCleanHTMLNormalizesLineEnds(t *testing.T) {
	if got := cleanHTML(" <p>a\r\nb\rc\nd\x01</p>\r\n"); got != "<p>a\nb\nc\nd</p>" {
		t.Errorf("cleanHTML = %q", got)
	}
}

func TestCleanLine(t *testing.T) {
	if got := cleanLine("  Markets\tclose\n\x01higher  "); got != "Markets close higher" {
		t.Errorf("cleanLine = %q", got)
	}
}

// TestPlainText checks what plainText adds to htmlkit.PlainText (whose
// tests hold the HTML cases): one line, and no character that XML forbids
// or the feed validator warns on, even when an entity names it.
func TestPlainText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"tags and entities", "<p>Stocks &amp; bonds <b>rose</b></p>", "Stocks & bonds rose"},
		{"forbidden by entity", "a&#1;b&#x1f; d", "ab d"},
		// HTML5 reads references to C1 code points as windows-1252.
		{"C1 references are cp1252", "&#x85; &#x9f; &#150;", "… Ÿ –"},
		{"raw controls", "<p>x\x01y\u0080z</p>\n<p>w</p>", "xyz w"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := plainText(tc.in); got != tc.want {
				t.Errorf("plainText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"cut on a word boundary here", 12, "cut on a…"},
		{"عربي عربي عربي", 6, "عربي…"},
		{"nospaceatallinthistext", 5, "nospa…"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			if got := excerpt(tc.in, tc.n); got != tc.want {
				t.Errorf("excerpt(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
			}
		})
	}
}

func TestAbsURL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"https://a.example/x?y=1&z=2", "https://a.example/x?y=1&z=2"},
		{"  http://a.example/  ", "http://a.example/"},
		{"https://a.example/with space", "https://a.example/with%20space"},
		{"/relative", ""},
		{"a.example/x", ""},
		{"feed://a.example/x", ""},
		{"javascript:alert(1)", ""},
		{"https://", ""},
		{"http://a.example/\x01x", "http://a.example/x"},
		{"", ""},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			if got := absURL(tc.in); got != tc.want {
				t.Errorf("absURL(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestImageType(t *testing.T) {
	cases := []struct{ stored, url, want string }{
		{"image/jpeg", "https://i.example/x", "image/jpeg"},
		{"IMAGE/PNG", "https://i.example/x", "image/png"},
		{"image/png", "https://i.example/x.jpg", "image/png"},
		{"", "https://i.example/a/b.JPG?w=300", "image/jpeg"},
		{"", "https://i.example/b.webp", "image/webp"},
		{"", "https://i.example/b.svg", "image/svg+xml"},
		{"", "https://i.example/render?id=5", ""},
		{"text/html", "https://i.example/b.gif", "image/gif"},
		{"image/jpeg; q=1", "https://i.example/b", ""},
	}
	for _, tc := range cases {
		t.Run(tc.stored+" "+tc.url, func(t *testing.T) {
			if got := imageType(tc.stored, tc.url); got != tc.want {
				t.Errorf("imageType(%q, %q) = %q, want %q", tc.stored, tc.url, got, tc.want)
			}
		})
	}
}

func TestLanguageTag(t *testing.T) {
	cases := []struct{ in, want string }{
		{"en", "en"},
		{" en-GB ", "en-GB"},
		{"zh-Hant-TW", "zh-Hant-TW"},
		{"english language", ""},
		{"en_US", ""},
		{"e1", ""},
		{"en-", ""},
		{"toolonglang", ""},
		{"", ""},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			if got := languageTag(tc.in); got != tc.want {
				t.Errorf("languageTag(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
