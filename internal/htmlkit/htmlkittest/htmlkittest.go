// Package htmlkittest holds what tests of HTML handling share: the XSS
// vectors, a check that sanitized HTML is inert, and generated wire copy.
// Only tests import it.
package htmlkittest

import (
	_ "embed"
	"fmt"
	"math/rand/v2"
	"strings"

	"golang.org/x/net/html"
)

//go:embed xss_vectors.txt
var vectorsFile string

// Vectors returns the XSS filter-evasion vectors of xss_vectors.txt, one a
// line ("# " lines are comments), with the escapes \x00 and \x6A turned
// into the bytes they name.
func Vectors() []string {
	var out []string
	unescape := strings.NewReplacer(`\x00`, "\x00", `\x6A`, "\x6A")
	for line := range strings.Lines(vectorsFile) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" || strings.HasPrefix(line, "# ") {
			continue
		}
		out = append(out, unescape.Replace(line))
	}
	return out
}

// DangerousText lists what must never appear literally, in any case, in
// sanitized HTML.
var DangerousText = []string{
	"<script", "<iframe", "<object", "<embed", "<svg", "<math", "<base", "<meta",
	"<link", "<style", "<form", "<input", "<frame", "<applet", "<body", "<xml",
	"<portal", "<template", "<noscript", "<button", "<textarea", "<select",
}

// Inert walks h as a browser tokenizer would and reports the first
// element, attribute, comment or literal text (DangerousText) that could
// run script, load a document or style; nil when there is none.
func Inert(h string) error {
	lower := strings.ToLower(h)
	for _, d := range DangerousText {
		if strings.Contains(lower, d) {
			return fmt.Errorf("contains %q", d)
		}
	}
	allowed := map[string]bool{"href": true, "src": true, "alt": true, "title": true, "width": true,
		"height": true, "cite": true, "colspan": true, "rowspan": true, "start": true, "datetime": true, "rel": true}
	z := html.NewTokenizer(strings.NewReader(h))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			for _, a := range tok.Attr {
				if !allowed[a.Key] {
					return fmt.Errorf("<%s %s=%q>", tok.Data, a.Key, a.Val)
				}
				v := strings.ToLower(strings.Map(dropSpaceAndControl, a.Val))
				for _, bad := range []string{"javascript:", "vbscript:", "data:", "expression(", "livescript:"} {
					if strings.Contains(v, bad) {
						return fmt.Errorf("<%s %s=%q>", tok.Data, a.Key, a.Val)
					}
				}
				if (a.Key == "href" || a.Key == "src" || a.Key == "cite") && !safeScheme(v) {
					return fmt.Errorf("<%s %s=%q> scheme", tok.Data, a.Key, a.Val)
				}
			}
		case html.CommentToken, html.DoctypeToken:
			return fmt.Errorf("comment or doctype %q", z.Raw())
		}
	}
}

// dropSpaceAndControl removes what browsers strip from URLs before
// looking at the scheme.
func dropSpaceAndControl(r rune) rune {
	if r <= 0x20 || r == 0x7f {
		return -1
	}
	return r
}

// safeScheme reports whether a URL attribute is relative or http(s)/mailto.
func safeScheme(v string) bool {
	i := strings.IndexAny(v, ":/?#")
	if i < 0 || v[i] != ':' {
		return true
	}
	switch v[:i] {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// Vocabulary is wire-copy words, so that the tagger and the region
// detector do the work they do on real copy.
var Vocabulary = strings.Fields(`minister talks border harbour election council drought
	refinery tanker protest court ruling envoy ceasefire parliament budget vaccine airport
	railway strike flood quake summit treaty tariff pipeline satellite stadium festival museum
	mayor senator general rebels convoy market shares bond inflation central bank rate growth
	exports imports harvest wheat maize fuel prices shortage rally opposition coalition cabinet
	officials said statement spokesman told reporters according to sources familiar with the
	matter the of and in to a for Nairobi Lima Oslo Beirut Kenya's Zürich café`)

// WireStory returns the title and content HTML of wire story i: about
// 4 KB of paragraphs, a figure, links and entities, as the ingest
// benchmark's generated wires send. The same i gives the same story.
func WireStory(i int) (title, content string) {
	rng := rand.New(rand.NewPCG(uint64(i), 0x5eed))
	pick := func(k int) string {
		w := make([]string, k)
		for j := range w {
			w[j] = Vocabulary[rng.IntN(len(Vocabulary))]
		}
		return strings.Join(w, " ")
	}
	var c strings.Builder
	fmt.Fprintf(&c, `<p><strong>BEIRUT</strong> (Bench Wire) &ndash; %s.</p>`, pick(30))
	fmt.Fprintf(&c, `<figure><img src="https://img.example/%d.jpg" alt="%s" width="800" height="450"><figcaption>%s.</figcaption></figure>`,
		i, pick(5), pick(10))
	for p := range 7 {
		fmt.Fprintf(&c, "<p>%s", pick(25))
		if p%3 == 0 {
			fmt.Fprintf(&c, ` <a href="/related/%d-%d?utm_source=x">%s</a>`, i, p, pick(4))
		}
		fmt.Fprintf(&c, " %s &amp; &quot;more&quot;. Story %d.</p>", pick(25), i)
	}
	return fmt.Sprintf("Beirut: %s (%d)", pick(7), i), c.String()
}
