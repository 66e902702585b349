package htmlkit

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/internal/htmlkit/htmlkittest"
)

// passThroughBases are the item links the differential tests resolve
// against: none, a typical one, and one with a query and no path.
var passThroughBases = []string{"", "https://www.example.org/news/a?x=1", "http://h"}

// passThroughEdges are inputs at the edges of what passThrough accepts.
var passThroughEdges = []string{
	`<p>A <b>b</b> <strong>s</strong> <i>i</i> <em>e</em><br>x</p>`,
	`<a href="https://example.com/x" rel="me" target="_blank">x</a>`, `<a href="../other">o</a>`,
	`<img src="/i/a.png" alt="A" width="10" height="20">`, `<img src="//cdn.example.net/a.png">`,
	`<a href="mailto:desk@example.org">m</a>`, `<a href="javascript:alert(1)">x</a>`, `<a href="JavaScript:x">x</a>`,
	`<img src="data:image/png;base64,AAAA">`, `<iframe src="https://x.example/"></iframe>t`,
	`<p onclick="x()" class="c" id="i" style="color:red">t</p>`, `<img src="https://x.example/a.png" width="100%;x">`,
	`<blockquote cite="/src">q</blockquote>`, `<h2>Head</h2><h7>x</h7>`, `<font color=red>red</font> <center>c</center>`,
	`a<!-- secret -->b`, `<table><tr><td>cell<div><b>bold`, `</div>a</p><p>b</i></p></table>`, `<b><i>x</b>y</i>`,
	`<p/>t<br/>`, `<img alt="only alt">t`, `<img>`, `<a>x</a>`, `<a title="t">x</a>`, `<big>b</big>`, `<big title="x">b</big>`,
	`<a href="">x</a>`, `<a href=" ">x</a>`, `<a href=" /x ">x</a>`, `<a href="/a b">x</a>`, `<a href="http://[::1">x</a>`,
	`<a href="/x?a=1&amp;b=%zz">x</a>`, `<a href="/x?q=&lt;b&gt;&quot;">x</a>`, `<a href="HTTP://EX.org/%7e">x</a>`,
	`<a href="ftp://x/">x</a>`, `<a href="/x#f">x</a>`, `<a href="?q">x</a>`, `<a href="#">x</a>`, `<a href="mailto:">x</a>`,
	`<a href="https://u:p@h/">x</a>`, `<a href="\u00a0/x">x</a>`, `<a href="/x&#9;y">x</a>`, `<a href="/&amp">x</a>`,
	`<A HREF="/X" TITLE='a"b'>x</A>`, `<a href="/1" href="javascript:x">x</a>`, `<td colspan="2" colspan="x">c</td>`,
	`<td colspan="123456">c</td>`, `<ol start="3"><li>x</ol>`, `<time datetime="2025-06-03T10:00:00Z">t</time>`,
	`<del datetime="bad!">d</del>`, `<ins cite="https://x/" datetime="2025">i</ins>`, `<q cite="javascript:x">q</q>`,
	`<p title="x">t</p>`, `<p title>t</p>`, `<img src="/a" alt>`, `<img src="/a"/>`, `<br/><hr /><p />`, `</br>x</img>`,
	"<p>a\r\nb\rc</p>", "<p>&#13;&#0;&#x80;&ampx;&notin;&notit;&AMP;</p>", "<p>\x00</p>", "<p>\xff</p>",
	`<p>Kenya's "big" day &ndash; caf&eacute; &nbsp;&#8217;&#x2014;</p>`, `<p>1 > 2</p>`, `<p>1 < 2</p>`,
	`<svg><p>x</p></svg>`, `<math>x</math>`, `<script>x</script>`, `<style>p{}</style>`, `<textarea>x</textarea>`,
	`<title>t</title>`, `<noscript>n</noscript>`, `<xmp>x</xmp>`, `<plaintext>x`, `<![CDATA[x]]>`, `<?php x ?>`,
	`<!DOCTYPE html><p>x</p>`, `<p>x</p >`, `<p\v>x</p>`, `<a href='x>y'>z</a>`, `<a href="x"title="y">z</a>`,
	`<pre>` + "\n" + ` x</pre>`, `<abbr title="World Health Organization">WHO</abbr>`, `<a href="/x" rel="nofollow">y</a>`,
	`<p data-x="1">t</p>`, `<img src="/a" srcset="/b 2x">`, `<a href="https://example.com/ä">x</a>`, `<a href="/%">x</a>`,
}

// wireStory is generated clean wire HTML: the elements, attributes,
// references and URL forms agencies send, in upper or lower case.
func wireStory(rng *rand.Rand) string {
	words := func(k int) string {
		w := make([]string, k)
		for j := range w {
			w[j] = htmlkittest.Vocabulary[rng.IntN(len(htmlkittest.Vocabulary))]
		}
		return strings.Join(w, " ")
	}
	ents := []string{"&amp;", "&quot;", "&ndash;", "&mdash;", "&nbsp;", "&#8217;", "&#x2014;", "&eacute;", "'", `"`, "&lt;", "&gt;", ">", "&#39;", "&hellip;", "&copy;"}
	urls := []string{"/related/%d?utm_source=x&amp;b=2", "https://wire.example/news/%d", "../up/%d", "//cdn.example/%d.jpg",
		"story-%d.html#top", "?page=%d", "mailto:desk%d@wire.example", "HTTPS://Wire.Example/%d", "/a%%20b/%d", "/caf%%C3%%A9/%d"}
	url := func() string { return fmt.Sprintf(urls[rng.IntN(len(urls))], rng.IntN(1000)) }
	text := func() string {
		var b strings.Builder
		for range 1 + rng.IntN(4) {
			b.WriteString(words(1 + rng.IntN(8)))
			b.WriteString(" " + ents[rng.IntN(len(ents))] + " ")
		}
		return b.String()
	}
	tag := func(name string) string {
		if rng.IntN(8) == 0 {
			return strings.ToUpper(name)
		}
		return name
	}
	var b strings.Builder
	for range 2 + rng.IntN(8) {
		switch rng.IntN(9) {
		case 0:
			fmt.Fprintf(&b, "<%s>%s</h2>\n", tag("h2"), text())
		case 1:
			fmt.Fprintf(&b, `<figure><img src="%s" alt="%s" width="800" height="450"><figcaption>%s</figcaption></figure>`, url(), words(3), text())
		case 2:
			fmt.Fprintf(&b, "<ul>\n<li>%s</li>\n<li><em>%s</em></li></ul>", text(), text())
		case 3:
			fmt.Fprintf(&b, `<blockquote cite="%s"><p>%s</p></blockquote>`, url(), text())
		case 4:
			fmt.Fprintf(&b, `<p>%s<br>%s<br/>%s</p>`, text(), text(), text())
		case 5:
			fmt.Fprintf(&b, `<%s><a href="%s" title="%s">%s</a> %s</p>`, tag("p"), url(), words(2), words(3), text())
		case 6:
			// Single and double quotes, and the references attribute
			// values carry.
			fmt.Fprintf(&b, `<img src='%s' alt="%s '%s' &amp; &quot;%s&#39;" />`, url(), words(2), words(1), words(1))
		case 7:
			fmt.Fprintf(&b, "<p><strong>%s</strong> %s\r\n%s</p>", words(1), text(), text())
		default:
			fmt.Fprintf(&b, `<p>%s</p>`, text())
		}
	}
	return b.String()
}

// dirty puts one thing passThrough must refuse into clean HTML.
func dirty(rng *rand.Rand, s string) string {
	bad := []string{`<p class="x">`, `<a href="javascript:alert(1)">`, `<!-- c -->`, `<script>alert(1)</script>`,
		`<img src="data:image/png;base64,AA">`, `<a href="/x" target="_blank">`, `<span style="x">`, `<img alt="a">`,
		`<iframe src="/x">`, `<td colspan="x">`, `<a href="/a b">`, `<p>x&zz;</p>`, `< p>`, `<a href="&#106;avascript:x">`}
	i := rng.IntN(len(s) + 1)
	for i > 0 && i < len(s) && strings.LastIndexByte(s[:i], '<') > strings.LastIndexByte(s[:i], '>') {
		i-- // not inside a tag
	}
	return s[:i] + bad[rng.IntN(len(bad))] + s[i:]
}

// checkPassThrough holds passThrough to bluemonday on in, and Sanitize and
// SanitizeText to the policy-only path; it reports whether passThrough
// took in.
func checkPassThrough(t testing.TB, fast, slow *Sanitizer, in string) bool {
	t.Helper()
	got, ok := fast.passThrough(in)
	if want := fast.policy.Sanitize(in); ok && got != want {
		t.Fatalf("passThrough(%q)\n got %q\nwant %q (bluemonday)", in, got, want)
	}
	for _, base := range passThroughBases {
		if got, want := fast.Sanitize(in, base), slow.Sanitize(in, base); got != want {
			t.Fatalf("Sanitize(%q, %q)\n got %q\nwant %q (policy only)", in, base, got, want)
		}
		h, text := fast.SanitizeText(in, base)
		wh, wtext := slow.SanitizeText(in, base)
		if h != wh || text != wtext {
			t.Fatalf("SanitizeText(%q, %q)\n got %q, %q\nwant %q, %q (policy only)", in, base, h, text, wh, wtext)
		}
	}
	return ok
}

func policyOnlySanitizer() *Sanitizer {
	s := NewSanitizer()
	s.policyOnly = true
	return s
}

func TestPassThroughMatchesPolicy(t *testing.T) {
	fast, slow := NewSanitizer(), policyOnlySanitizer()
	rng := rand.New(rand.NewPCG(7, 11))
	var clean, dirtyIn []string
	for i := range 2000 {
		clean = append(clean, wireStory(rng))
		if i < 20 {
			_, c := htmlkittest.WireStory(i)
			clean = append(clean, c)
		}
	}
	for _, s := range clean[:1000] {
		dirtyIn = append(dirtyIn, dirty(rng, s))
	}
	sets := []struct {
		name    string
		ins     []string
		minFast float64 // share passThrough must take
	}{
		{"corpus", textCorpus(t), 0.3},
		{"edges", passThroughEdges, 0.2},
		{"clean wire", clean, 1},
		{"dirty wire", dirtyIn, 0},
	}
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			taken := 0
			for _, in := range set.ins {
				if checkPassThrough(t, fast, slow, in) {
					taken++
				}
			}
			if share := float64(taken) / float64(len(set.ins)); share < set.minFast {
				t.Errorf("passThrough took %d of %d inputs, want at least %.0f%%", taken, len(set.ins), 100*set.minFast)
			}
			t.Logf("passThrough took %d of %d", taken, len(set.ins))
		})
	}
}

// TestPassThroughRefuses checks that what the policy changes never takes
// the pass-through path.
func TestPassThroughRefuses(t *testing.T) {
	s := NewSanitizer()
	for _, in := range []string{
		`<a href="javascript:alert(1)">x</a>`, `<a href="&#106;avascript:x">x</a>`, `<a href="JAVASCRIPT:x">x</a>`,
		`<img src="data:image/png;base64,AA">`, `<a href="vbscript:x">x</a>`, `<p onclick="x">t</p>`, `<p class="c">t</p>`,
		`a<!-- c -->b`, `<!DOCTYPE html>x`, `<script>x</script>`, `<style>x</style>`, `<textarea>x</textarea>`,
		`<title>x</title>`, `<noscript>x</noscript>`, `<iframe src="/x"></iframe>`, `<![CDATA[x]]>`, `<?xml x?>`,
		`<svg><script>x</script></svg>`, `<a>x</a>`, `<big>x</big>`, `<td colspan="9x">`, `<a href="">x</a>`,
		`<a href="/x" rel="me">x</a>`, `<img src="/a" alt="&mdash;">`, `<p>1 < 2</p>`, "<p>\x00</p>", "<p>\xff</p>",
	} {
		t.Run(in, func(t *testing.T) {
			if out, ok := s.passThrough(in); ok {
				t.Errorf("passThrough(%q) took it: %q", in, out)
			}
		})
	}
}

// FuzzSanitizePassThrough holds the pass-through path to bluemonday on
// any input, with and without a base.
func FuzzSanitizePassThrough(f *testing.F) {
	rng := rand.New(rand.NewPCG(3, 5))
	for _, s := range passThroughEdges {
		f.Add(s)
	}
	for range 20 {
		s := wireStory(rng)
		f.Add(s)
		f.Add(dirty(rng, s))
	}
	fast, slow := NewSanitizer(), policyOnlySanitizer()
	f.Fuzz(func(t *testing.T, in string) {
		checkPassThrough(t, fast, slow, in)
	})
}
