package htmlkit

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wiredesk/wiredesk/internal/htmlkit/htmlkittest"
)

func TestSanitize(t *testing.T) {
	const base = "https://www.example.org/news/story"
	tests := []struct{ name, in, want string }{
		{"plain text", "Just text.", "Just text."},
		{"formatting kept", "<p>A <b>b</b> <strong>s</strong> <i>i</i> <em>e</em><br>x</p>", "<p>A <b>b</b> <strong>s</strong> <i>i</i> <em>e</em><br>x</p>"},
		{"link gets rel", `<a href="https://example.com/x">x</a>`, `<a href="https://example.com/x" rel="nofollow noopener">x</a>`},
		{"link rel replaced", `<a href="https://example.com/x" rel="me" target="_blank">x</a>`, `<a href="https://example.com/x" rel="nofollow noopener">x</a>`},
		{"relative link resolved", `<a href="../other">o</a>`, `<a href="https://www.example.org/other" rel="nofollow noopener">o</a>`},
		{"relative img resolved", `<img src="/i/a.png" alt="A" width="10" height="20">`, `<img src="https://www.example.org/i/a.png" alt="A" width="10" height="20">`},
		{"scheme-relative img", `<img src="//cdn.example.net/a.png">`, `<img src="https://cdn.example.net/a.png">`},
		{"mailto kept", `<a href="mailto:desk@example.org">m</a>`, `<a href="mailto:desk@example.org" rel="nofollow noopener">m</a>`},
		{"javascript href dropped", `<a href="javascript:alert(1)">x</a>`, `x`},
		{"data img dropped", `<img src="data:image/png;base64,AAAA">`, ``},
		{"script dropped with body", `a<script>alert(1)</script>b`, `ab`},
		{"style dropped with body", `<style>p{}</style><p>t</p>`, `<p>t</p>`},
		{"iframe dropped", `<iframe src="https://x.example/"></iframe>t`, `t`},
		{"on attributes dropped", `<p onclick="x()" class="c" id="i" style="color:red">t</p>`, `<p>t</p>`},
		{"bad width dropped", `<img src="https://x.example/a.png" width="100%;x">`, `<img src="https://x.example/a.png">`},
		{"lists and tables", `<ul><li>1</li></ul><table><tr><td colspan="2">c</td></tr></table>`, `<ul><li>1</li></ul><table><tr><td colspan="2">c</td></tr></table>`},
		{"figure", `<figure><img src="https://x.example/a.jpg" alt="a"><figcaption>cap</figcaption></figure>`, `<figure><img src="https://x.example/a.jpg" alt="a"><figcaption>cap</figcaption></figure>`},
		{"blockquote cite", `<blockquote cite="/src">q</blockquote>`, `<blockquote cite="https://www.example.org/src">q</blockquote>`},
		{"headings", `<h2>Head</h2><h7>x</h7>`, `<h2>Head</h2> x`},
		{"unknown tags unwrapped", `<font color=red>red</font> <center>c</center>`, `red   c`},
		{"entities kept", `AT&amp;T &lt;b&gt; caf&eacute;`, `AT&amp;T &lt;b&gt; café`},
		{"comment dropped", `a<!-- secret -->b`, `ab`},
		{"unclosed tags closed", `<table><tr><td>cell<div><b>bold`, `<table><tr><td>cell<div><b>bold</b></div></td></tr></table>`},
		{"stray end tags dropped", `</div>a</p><p>b</i></p></table>`, `a<p>b</p>`},
		{"misnested closed in order", `<b><i>x</b>y</i>`, `<b><i>x</i></b>y`},
		{"self-closing non-void", `<p/>t<br/>`, `<p></p>t<br>`},
		{"img without src dropped", `<img alt="only alt">t`, `t`},
		{"form dropped", `<form action="/x"><input name="q"></form>t`, `t`},
	}
	s := NewSanitizer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Sanitize(tt.in, base)
			if got != tt.want {
				t.Errorf("Sanitize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if again := s.Sanitize(got, base); again != got {
				t.Errorf("not idempotent: %q -> %q", got, again)
			}
		})
	}
}

func TestSanitizeWithoutBase(t *testing.T) {
	got := NewSanitizer().Sanitize(`<a href="/x">x</a>`, "")
	if want := `<a href="/x" rel="nofollow noopener">x</a>`; got != want {
		t.Errorf("Sanitize = %q, want %q", got, want)
	}
}

// TestRewriteLinksFastPath checks that the scanner gives byte for byte the
// tokenizer's output wherever it accepts the input, raw or as bluemonday
// writes it, and that it accepts all of bluemonday's valid UTF-8 output.
func TestRewriteLinksFastPath(t *testing.T) {
	san := NewSanitizer()
	bases := []*url.URL{nil, parseBase("https://www.example.org/news/a?x=1"), parseBase("http://h/")}
	accepted := 0
	for _, in := range append(textCorpus(t), `<a HREF="/x" Rel="me">x</a>`, `<img alt="a">`, `<p/><br/><img src='y'/>`,
		`<a href="&amp;x&#39;&quot;&lt;">`, `<a href="&ampx">`, `<a href="a&#13;b">`, `<p title>x`, `<td colspan="2">`) {
		for _, s := range []string{in, san.policy.Sanitize(in)} {
			for _, base := range bases {
				want := rewriteLinksTokenizer(s, base)
				if got := rewriteLinks(s, base); got != want {
					t.Errorf("rewriteLinks(%q, %v) = %q, tokenizer says %q", s, base, got, want)
				}
				got, ok := rewriteLinksFast(s, base, nil)
				if ok {
					accepted++
					if got != want {
						t.Errorf("rewriteLinksFast(%q, %v) = %q, tokenizer says %q", s, base, got, want)
					}
				}
				if !ok && s != in && utf8.ValidString(s) {
					t.Errorf("rewriteLinksFast refused bluemonday output %q", s)
				}
			}
		}
	}
	if accepted < 100 {
		t.Errorf("fast path took %d inputs only", accepted)
	}
}

// FuzzRewriteLinks holds rewriteLinks to the tokenizer on any input, and
// on bluemonday's output for it.
func FuzzRewriteLinks(f *testing.F) {
	for _, s := range textCorpus(f) {
		f.Add(s)
	}
	san := NewSanitizer()
	base := parseBase("https://www.example.org/news/a")
	f.Fuzz(func(t *testing.T, in string) {
		for _, s := range []string{in, san.policy.Sanitize(in)} {
			if got, want := rewriteLinks(s, base), rewriteLinksTokenizer(s, base); got != want {
				t.Fatalf("rewriteLinks(%q) = %q, tokenizer says %q", s, got, want)
			}
		}
	})
}

// TestSanitizeTextFastPath holds the path for input without markup to
// bluemonday's output.
func TestSanitizeTextFastPath(t *testing.T) {
	san := NewSanitizer()
	ins := []string{"Kenya's \"big\" day", "AT&amp;T &lt;b&gt; caf&eacute; &amp &ampx; &#0; &#128;", "a > b",
		" x\r\ny\rz&#13; ", "&quot;", "\x00'\xff", "&notin;&notit;"}
	for _, in := range append(textCorpus(t), ins...) {
		in = strings.ReplaceAll(in, "<", "")
		if !strings.ContainsAny(in, ">&\"'") {
			continue // the older fast path, which keeps "\r" as it is
		}
		if got, want := san.Sanitize(in, ""), strings.TrimSpace(san.policy.Sanitize(in)); got != want {
			t.Errorf("Sanitize(%q) = %q, bluemonday says %q", in, got, want)
		}
	}
}

func FuzzSanitizeText(f *testing.F) {
	f.Add("Kenya's \"big\" day &amp; night\r\n")
	f.Add("&notit; &#x80; &#55296;")
	san := NewSanitizer()
	f.Fuzz(func(t *testing.T, in string) {
		in = strings.ReplaceAll(in, "<", "")
		if !strings.ContainsAny(in, ">&\"'") {
			return // the older fast path, which keeps "\r" as it is
		}
		if got, want := san.Sanitize(in, ""), strings.TrimSpace(san.policy.Sanitize(in)); got != want {
			t.Fatalf("Sanitize(%q) = %q, bluemonday says %q", in, got, want)
		}
	})
}

// TestSanitizeText checks that the text read while sanitizing is the
// plain text of the sanitized HTML, and the HTML that of Sanitize.
func TestSanitizeText(t *testing.T) {
	san := NewSanitizer()
	for _, in := range textCorpus(t) {
		for _, base := range []string{"", "https://www.example.org/news/a"} {
			h, text := san.SanitizeText(in, base)
			if want := san.Sanitize(in, base); h != want {
				t.Errorf("SanitizeText(%q) html = %q, Sanitize says %q", in, h, want)
			}
			if want := PlainText(h); text != want {
				t.Errorf("SanitizeText(%q) text = %q, PlainText says %q", in, text, want)
			}
		}
	}
}

func FuzzSanitizeTextPass(f *testing.F) {
	for _, s := range textCorpus(f) {
		f.Add(s)
	}
	san := NewSanitizer()
	f.Fuzz(func(t *testing.T, in string) {
		h, text := san.SanitizeText(in, "https://www.example.org/news/a")
		if want := san.Sanitize(in, "https://www.example.org/news/a"); h != want {
			t.Fatalf("SanitizeText(%q) html = %q, Sanitize says %q", in, h, want)
		}
		if want := plainTextTokenizer(h); text != want {
			t.Fatalf("SanitizeText(%q) text = %q, tokenizer says %q", in, text, want)
		}
	})
}

func FuzzSanitize(f *testing.F) {
	for _, v := range htmlkittest.Vectors() {
		f.Add(v, "https://www.example.org/news/a")
	}
	f.Add(`<p>ok <a href="/x">x</a><img src="y.png"></p>`, "")
	f.Add(`<table><td><b>`, "http://h/")
	s := NewSanitizer()
	f.Fuzz(func(t *testing.T, in, base string) {
		out := s.Sanitize(in, base)
		if err := htmlkittest.Inert(out); err != nil {
			t.Fatalf("Sanitize(%q) = %q: %v", in, out, err)
		}
		if again := s.Sanitize(out, base); again != out {
			t.Fatalf("not idempotent:\n in  %q\n out %q\n 2nd %q", in, out, again)
		}
		if !utf8.ValidString(out) && utf8.ValidString(in) {
			t.Fatalf("Sanitize made invalid UTF-8 from %q: %q", in, out)
		}
	})
}
