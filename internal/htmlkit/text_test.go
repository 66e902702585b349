package htmlkit

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/internal/htmlkit/htmlkittest"
)

func TestPlainText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "  just   text ", "just text"},
		{"tags", "<p>One <b>two</b></p><p>three</p>", "One two three"},
		{"entities", "AT&amp;T &lt;b&gt; caf&eacute; &#8364;5 &nbsp;x", "AT&T <b> café €5 x"},
		{"script and style dropped", "a<script>var x = '<p>';</script>b<style>p{}</style>c", "a b c"},
		{"object fallback text kept", `safe<object classid="x"> description`, "safe description"},
		{"br separates", "line<br>next", "line next"},
		{"unicode spaces", "a\u00a0\u2003b\u200bc\n\td", "a b c d"},
		{"unclosed", "<p>open <i>italic", "open italic"},
		{"comment", "a<!-- hidden -->b", "ab"},
		{"inline tags join", "W<b>or</b>d <span>x</span>y", "Word xy"},
		{"less than", "1 < 2", "1 < 2"},
		{"empty", "", ""},
		// From the feed renderer's converter, merged into this one.
		{"feed tags and entities", "<p>Stocks &amp; bonds <b>rose</b></p>", "Stocks & bonds rose"},
		{"blocks separate words", "<h2>Title</h2><p>Body</p><ul><li>one</li><li>two</li></ul>", "Title Body one two"},
		{"br forms", "line<br>next<br/>last", "line next last"},
		{"inline tags do not split words", "un<b>believ</b>able", "unbelievable"},
		{"quoted >", `<a title="a > b" href="x">link</a> after`, "link after"},
		{"comment holding markup", "before<!-- <p>hidden</p> -->after", "beforeafter"},
		{"script and style separate like blocks", "<script>var x = '<p>';</script>text<style>p{}</style>!", "text !"},
		{"unclosed comment", "text<!-- never closed", "text"},
		{"unclosed tag", "text <b", "text"},
		{"lone < is text (HTML5)", "<", "<"},
		{"lone < after text", "a <", "a <"},
		{"unclosed quote", `x<a title=">`, "x"},
		{"numeric entities", "&#34;quoted&#34; &#x2014; dash", "\"quoted\" — dash"},
		{"arabic", "<p dir=\"rtl\">مرحبا</p>", "مرحبا"},
		{"whitespace", "  a \n\t b  ", "a b"},
		{"image separates", "a<img src=\"x.png\">b", "a b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlainText(tt.in); got != tt.want {
				t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNeutralizeTags(t *testing.T) {
	tests := []struct{ in, want string }{
		{"no tags", "no tags"},
		{"1 < 2 <= 3", "1 < 2 <= 3"},
		{"<script>", "‹script>"},
		{"</b>", "‹/b>"},
		{"<!--", "‹!--"},
		{"<?php", "‹?php"},
		{"<é", "‹é"},
		{"trailing <", "trailing <"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := NeutralizeTags(tt.in); got != tt.want {
				t.Errorf("NeutralizeTags(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// textCorpus is every HTML input the package's tests know, raw and as the
// Sanitizer writes it: the inputs the fast paths must agree on.
func textCorpus(t testing.TB) []string {
	in := []string{
		"<p>One <b>two</b></p><p>three</p>", "AT&amp;T &lt;b&gt; caf&eacute; &#8364;5 &nbsp;x",
		"a<script>var x = '<p>';</script>b<style>p{}</style>c", `safe<object classid="x"> description`,
		"line<br>next", "a\u00a0\u2003b\u200bc\n\td", "<p>open <i>italic", "a<!-- hidden -->b",
		"W<b>or</b>d <span>x</span>y", "1 < 2", "", "&amp", "&ampx;", "&#128;&#0;&#xD800;&#99999999999;",
		"&notin; &notit; &AMP; &amp;amp;", "<P CLASS=x>a</P >b<BR/>c", "<p\v>x</p>", "<a href='x>y'>z</a>w",
		"<a href=\"x\"title=\"y\">z</a>", "<p>\xe2\x80</p><b>\x8b</b>", "<a\x00>x</a>", "<p>a</p\n>b",
		"<svg><p>x</p></svg>y", "<ul><li>1</li></ul><table><tr><td colspan=\"2\">c</td></tr></table>",
		"<img src=\"x\" alt=\"a > b\">t", "<a href=\"/x\" rel=\"nofollow noopener\">link</a>.",
		"x&#10;y&#x9;z&#13;", "<p>a\r\nb\rc</p>", "<h2>Head</h2><h7>x</h7>", "</>a<>b< c",
		"<textarea><b>x</b></textarea>", "<title>t</title>z", "<pre>\n x</pre>", "<p/>t<br/>",
	}
	for i := range 5 {
		title, content := htmlkittest.WireStory(i)
		in = append(in, title, content)
	}
	in = append(in, htmlkittest.Vectors()...)
	in = append(in, feedTexts(t, "../../aggregator/testdata/parse/*")...)
	san := NewSanitizer()
	for _, s := range in[:len(in):len(in)] {
		in = append(in, san.Sanitize(s, "https://www.example.org/news/a"))
	}
	return in
}

// TestPlainTextFastPath checks that the scanner for sanitized HTML gives
// byte for byte the tokenizer's text wherever it accepts the input, and
// that it accepts every sanitized input.
func TestPlainTextFastPath(t *testing.T) {
	san := NewSanitizer()
	accepted := 0
	for _, in := range textCorpus(t) {
		want := plainTextTokenizer(in)
		if got := PlainText(in); got != want {
			t.Errorf("PlainText(%q) = %q, tokenizer says %q", in, got, want)
		}
		if got, ok := plainTextFast(in); ok {
			accepted++
			if got != want {
				t.Errorf("plainTextFast(%q) = %q, tokenizer says %q", in, got, want)
			}
		}
		if got := CollapseSpace(in); got != collapseSpaceFields(in) {
			t.Errorf("CollapseSpace(%q) = %q, want %q", in, got, collapseSpaceFields(in))
		}
		out := san.Sanitize(in, "https://www.example.org/")
		if _, ok := plainTextFast(out); !ok && strings.Contains(out, "<") && utf8.ValidString(out) {
			t.Errorf("plainTextFast refused sanitized %q", out)
		}
	}
	if accepted < 50 {
		t.Errorf("fast path took %d inputs only", accepted)
	}
}

// collapseSpaceFields is CollapseSpace by a different method.
func collapseSpaceFields(s string) string {
	return strings.Join(strings.FieldsFunc(s, isSpace), " ")
}

// FuzzPlainText holds the fast paths to the tokenizer on any input, and
// on its sanitized form.
func FuzzPlainText(f *testing.F) {
	for _, s := range textCorpus(f) {
		f.Add(s)
	}
	san := NewSanitizer()
	f.Fuzz(func(t *testing.T, in string) {
		for _, s := range []string{in, san.Sanitize(in, "https://www.example.org/")} {
			if got, want := PlainText(s), plainTextTokenizer(s); got != want {
				t.Fatalf("PlainText(%q) = %q, tokenizer says %q", s, got, want)
			}
		}
	})
}
