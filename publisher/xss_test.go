package publisher_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/wiredesk/wiredesk/aggregator"
	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/internal/htmlkit/htmlkittest"
	"github.com/wiredesk/wiredesk/publisher"
	"github.com/wiredesk/wiredesk/store/sqlite"
)

// xssExtra are vectors beyond the shared list, for the output contexts the
// issue names: SVG script, <base>, meta refresh, CSS expressions, data:
// URLs in every URL attribute.
var xssExtra = []string{
	`<svg><script>alert(1)</script></svg>`,
	`<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>`,
	`<svg onload=alert(1)><animate attributeName=href values=javascript:alert(1) /></svg>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<meta http-equiv="refresh" content="0; url=https://evil.example/">`,
	`<base href="javascript:alert(1)//">`,
	`<base href="https://evil.example/">`,
	`<div style="width: expression(alert(1));">x</div>`,
	`<p style="behavior: url(xss.htc); -moz-binding: url(https://evil.example/x.xml#xss)">x</p>`,
	`<img src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">`,
	`<a href="data:text/html,<script>alert(1)</script>">x</a>`,
	`<object data="javascript:alert(1)"></object>`,
	`<embed src="javascript:alert(1)">`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<link rel="stylesheet" href="javascript:alert(1)">`,
	`<table background="javascript:alert(1)"><tr><td>x</td></tr></table>`,
	`<img srcset="javascript:alert(1) 1x, https://ok.example/a.png 2x">`,
	`<video poster="javascript:alert(1)"></video>`,
	`<a href="jav&#x09;ascript:alert(1)">x</a>`,
	`<a href="  &#14;  javascript:alert(1)">x</a>`,
}

// xssVectors is the shared OWASP-derived list and xssExtra.
func xssVectors() []string {
	return append(htmlkittest.Vectors(), xssExtra...)
}

// xssUpstream renders one RSS, one Atom and one JSON Feed document that
// carry every vector in titles, links, summaries, content and image URLs,
// both escaped and as CDATA.
func xssUpstream(t *testing.T, vectors []string) map[string]string {
	t.Helper()
	cdata := func(v string) string { return "<![CDATA[" + strings.ReplaceAll(v, "]]>", "]]]]><![CDATA[>") + "]]>" }
	esc := html.EscapeString
	var rss, atm strings.Builder
	rss.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>XSS wire</title><link>https://wire.example/</link><description>d</description>`)
	atm.WriteString(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>XSS atom</title><id>urn:xss:atom</id><updated>2026-01-01T00:00:00Z</updated>`)
	var items []map[string]any
	for i, v := range vectors {
		fmt.Fprintf(&rss, `<item><guid isPermaLink="false">a-%d</guid><title>%s</title><link>%s</link><description>%s</description>`+
			`<content:encoded>%s</content:encoded><enclosure url="%s" type="image/jpeg" length="1"/></item>`,
			i, esc(v), esc(v), esc(v+" (escaped "+fmt.Sprint(i)+")"), cdata("<p>content</p>"+v), esc(v))
		fmt.Fprintf(&rss, `<item><guid isPermaLink="false">b-%d</guid><title>%s</title><link>https://wire.example/b/%d</link>`+
			`<description>%s</description><media:content url="%s" medium="image"/><media:thumbnail url="%s"/></item>`,
			i, cdata(v), i, cdata(v+"<p>cdata "+fmt.Sprint(i)+"</p>"), esc(v), esc(v))
		fmt.Fprintf(&atm, `<entry><id>urn:xss:%d</id><title type="html">%s</title><link rel="alternate" href="%s"/>`+
			`<link rel="enclosure" type="image/png" href="%s"/><updated>2026-01-01T00:00:00Z</updated>`+
			`<summary type="html">%s</summary><content type="html">%s</content></entry>`,
			i, esc(v), esc(v), esc(v), esc(v+" atom "+fmt.Sprint(i)), esc("<div>"+v+"</div>"))
		items = append(items, map[string]any{"id": fmt.Sprintf("json-%d", i), "url": v, "external_url": v,
			"title": v, "content_html": v + fmt.Sprintf(" json %d", i), "summary": v, "image": v, "banner_image": v})
	}
	rss.WriteString("</channel></rss>")
	atm.WriteString("</feed>")
	js, err := json.Marshal(map[string]any{"version": "https://jsonfeed.org/version/1.1", "title": "XSS json", "items": items})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{"rss": rss.String(), "atom": atm.String(), "json": string(js)}
}

// TestNoExecutableMarkupLeaves polls upstream feeds full of XSS vectors
// through the real pipeline (fetch, parse, normalize, sanitize, store) and
// renders everything through the publisher: no feed (RSS, Atom, JSON) and
// no page (/, /c/, every listing page, every /a/ story, /status) carries
// executable markup, checked on the parsed HTML of each, and every HTML
// page sends a Content-Security-Policy that forbids scripts.
func TestNoExecutableMarkupLeaves(t *testing.T) {
	vectors := xssVectors()
	if len(vectors) < 100 {
		t.Fatalf("only %d vectors, want at least 100", len(vectors))
	}
	docs := xssUpstream(t, vectors)
	types := map[string]string{"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		w.Header().Set("Content-Type", types[name]+"; charset=utf-8")
		if _, err := io.WriteString(w, docs[name]); err != nil {
			return // the poller hung up
		}
	}))
	defer up.Close()
	y := "site:\n  base_url: https://desk.example\npublish:\n  max_items: 2000\nfetch:\n  allow_private: true\n" +
		"categories:\n  - slug: world\nsources:\n"
	for _, name := range []string{"rss", "atom", "json"} {
		y += fmt.Sprintf("  - name: XSS %s\n    url: %s/%s\n    category: world\n", name, up.URL, name)
	}
	cfg, err := config.Parse("xss.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(t.Context(), t.TempDir()+"/xss.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	poller := aggregator.NewPoller(cfg, db, aggregator.PollerOptions{
		Fetcher: fetch.NewFetcher(fetch.NewHTTPClient(cfg.Fetch), cfg.Fetch, "xss-test"),
	})
	if err := poller.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, r := range poller.PollOnce(t.Context(), nil) {
		if r.Err != nil || r.Summary.New+r.Summary.Duplicates < len(vectors) {
			t.Fatalf("%s: %v, %d new stories, want %d", r.Source.Name, r.Err, r.Summary.New, len(vectors))
		}
	}
	pub := publisher.New(cfg, db, publisher.Options{})
	if err := pub.RebuildAll(t.Context()); err != nil {
		t.Fatal(err)
	}
	public, admin := pub.Handler(), pub.AdminHandler()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/status") {
			admin.ServeHTTP(w, r)
			return
		}
		public.ServeHTTP(w, r)
	})
	items, err := db.Latest(t.Context(), "all", 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{"/", "/status", "/opml"}
	for _, slug := range []string{"all", "world"} {
		for _, ext := range []string{"rss", "atom", "json"} {
			paths = append(paths, "/feeds/"+slug+"."+ext)
		}
	}
	for n := 1; n <= (len(items)+cfg.Publish.MaxItems-1)/cfg.Publish.MaxItems; n++ {
		paths = append(paths, fmt.Sprintf("/c/world/page/%d", n))
	}
	for _, it := range items {
		paths = append(paths, "/a/"+it.ID)
	}
	for _, q := range []string{"alert", "script OR img OR javascript", "on*", `"x"`} {
		paths = append(paths, "/search?q="+url.QueryEscape(q))
	}
	checked := 0
	for _, p := range paths {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "https://desk.example"+p, nil))
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d", p, rec.Code)
			continue
		}
		if err := xssCheckResponse(rec.Header(), rec.Body.Bytes()); err != nil {
			t.Errorf("GET %s: %v", p, err)
			continue
		}
		checked++
	}
	t.Logf("%d vectors, %d stories, %d responses checked", len(vectors), len(items), checked)
}

// xssCheckResponse dispatches on the media type.
func xssCheckResponse(h http.Header, body []byte) error {
	ct := h.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "text/html"):
		csp := h.Get("Content-Security-Policy")
		if csp == "" || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") ||
			!(strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src")) {
			return fmt.Errorf("Content-Security-Policy %q does not forbid scripts", csp)
		}
		doc, err := xhtml.Parse(bytes.NewReader(body))
		if err != nil {
			return err
		}
		return xssCheckTree(doc, true)
	case strings.Contains(ct, "json"):
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			return fmt.Errorf("invalid JSON: %w", err)
		}
		return xssCheckJSON("", v)
	case strings.Contains(ct, "xml"), strings.Contains(ct, "opml"):
		return xssCheckXML(body)
	}
	return fmt.Errorf("unexpected Content-Type %q", ct)
}

// xssBanned are elements that must never appear in published markup.
var xssBanned = map[string]bool{
	"script": true, "iframe": true, "frame": true, "frameset": true, "object": true, "embed": true,
	"applet": true, "base": true, "form": true, "input": true, "button": true, "textarea": true,
	"select": true, "isindex": true, "keygen": true, "portal": true, "svg": true, "math": true,
	"template": true, "style": true, "xml": true, "noscript": true, "animate": true, "set": true,
}

// xssURLAttrs are attributes whose value a browser loads or navigates to.
var xssURLAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "background": true, "poster": true,
	"cite": true, "data": true, "xlink:href": true, "lowsrc": true, "dynsrc": true, "longdesc": true,
	"ping": true, "manifest": true, "icon": true, "profile": true, "usemap": true, "codebase": true,
	"archive": true, "classid": true, "srcset": true, "url": true, "uri": true,
}

// xssCheckTree walks parsed HTML. page is true for wiredesk's own pages,
// whose head may hold its <meta charset>, viewport and <link> elements.
func xssCheckTree(n *xhtml.Node, page bool) error {
	if n.Type == xhtml.ElementNode {
		if n.Namespace != "" {
			return fmt.Errorf("<%s> in the %s namespace", n.Data, n.Namespace)
		}
		name := strings.ToLower(n.Data)
		if page && name == "script" && !siteScript(n) {
			return xssCheckJSONLD(n)
		}
		if page && siteSearchForm(n) {
			return nil // its own attributes and children checked
		}
		if xssBanned[name] && !(page && siteScript(n)) {
			return fmt.Errorf("element <%s> %v", name, n.Attr)
		}
		if err := xssCheckElement(n, name, page); err != nil {
			return err
		}
	}
	if n.Type == xhtml.CommentNode && strings.ContainsAny(n.Data, "<[") {
		return fmt.Errorf("comment with markup %q", n.Data)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := xssCheckTree(c, page); err != nil {
			return err
		}
	}
	return nil
}

// siteScript reports whether n is the site's own relative-time script in
// a page's head: an empty element whose only attributes are a same-origin
// src ending in /static/time.js and defer. Any other script is executable
// markup.
func siteScript(n *xhtml.Node) bool {
	if n.DataAtom != atom.Script || n.FirstChild != nil || n.Parent == nil || n.Parent.DataAtom != atom.Head {
		return false
	}
	src := false
	for _, a := range n.Attr {
		switch {
		case a.Key == "src" && strings.HasPrefix(a.Val, "/") && !strings.HasPrefix(a.Val, "//") &&
			strings.HasSuffix(a.Val, "/static/time.js"):
			src = true
		case a.Key == "defer" && a.Val == "":
		default:
			return false
		}
	}
	return src
}

// siteSearchForm reports whether n is the site's own search box in the
// page header: a GET form to a same-origin path ending in /search whose
// only elements are a search input named q and a submit button, with no
// attribute that runs or loads anything.
func siteSearchForm(n *xhtml.Node) bool {
	if n.DataAtom != atom.Form || n.Parent == nil || n.Parent.DataAtom != atom.Header {
		return false
	}
	for _, a := range n.Attr {
		switch {
		case a.Key == "action" && strings.HasPrefix(a.Val, "/") && !strings.HasPrefix(a.Val, "//") && strings.HasSuffix(a.Val, "/search"):
		case a.Key == "method" && a.Val == "get", a.Key == "class" && a.Val == "search", a.Key == "role" && a.Val == "search":
		default:
			return false
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != xhtml.ElementNode {
			continue
		}
		var want map[string]string
		switch c.DataAtom {
		case atom.Input:
			want = map[string]string{"type": "search", "name": "q", "maxlength": "512", "value": "*", "aria-label": "*", "placeholder": "*"}
		case atom.Button:
			want = map[string]string{"type": "submit"}
			if f := c.FirstChild; f == nil || f.Type != xhtml.TextNode || f.NextSibling != nil {
				return false
			}
		default:
			return false
		}
		for _, a := range c.Attr {
			if v, ok := want[a.Key]; !ok || (v != "*" && v != a.Val) {
				return false
			}
		}
	}
	return true
}

func xssCheckElement(n *xhtml.Node, name string, page bool) error {
	switch n.DataAtom {
	case atom.Meta:
		for _, a := range n.Attr {
			// property= is Open Graph's attribute (ogp.me).
			if !page || (a.Key != "charset" && a.Key != "name" && a.Key != "content" && a.Key != "property") {
				return fmt.Errorf("<meta %s=%q>", a.Key, a.Val)
			}
		}
	case atom.Link:
		if !page {
			return fmt.Errorf("<link> in content: %v", n.Attr)
		}
		for _, a := range n.Attr {
			if a.Key == "rel" && a.Val != "alternate" && a.Val != "stylesheet" && a.Val != "icon" && a.Val != "canonical" {
				return fmt.Errorf("<link rel=%q>", a.Val)
			}
		}
	}
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		if a.Namespace != "" {
			key = a.Namespace + ":" + key
		}
		switch {
		case strings.HasPrefix(key, "on"):
			return fmt.Errorf("event handler <%s %s=%q>", name, key, a.Val)
		case key == "style" || key == "srcdoc" || key == "http-equiv":
			return fmt.Errorf("<%s %s=%q>", name, key, a.Val)
		case xssURLAttrs[key]:
			if bad := xssDangerousURL(a.Val, key == "srcset"); bad != "" {
				return fmt.Errorf("<%s %s=%q>: %s URL", name, key, a.Val, bad)
			}
		}
	}
	return nil
}

// xssCheckJSONLD admits the one script a page may carry: a JSON-LD data
// block in the head, which browsers never run, holding one JSON value.
func xssCheckJSONLD(n *xhtml.Node) error {
	if len(n.Attr) != 1 || n.Attr[0].Key != "type" || n.Attr[0].Val != "application/ld+json" ||
		n.Parent == nil || n.Parent.DataAtom != atom.Head {
		return fmt.Errorf("element <script> %v", n.Attr)
	}
	if n.FirstChild == nil || n.FirstChild != n.LastChild || n.FirstChild.Type != xhtml.TextNode {
		return fmt.Errorf("JSON-LD script holds more than text")
	}
	var v any
	if err := json.Unmarshal([]byte(n.FirstChild.Data), &v); err != nil {
		return fmt.Errorf("JSON-LD is not JSON: %w", err)
	}
	return nil
}

// xssDangerousURL names the dangerous scheme of a URL as a browser would
// read it (after dropping white space and control characters), or "".
// data: is allowed only for raster images.
func xssDangerousURL(v string, srcset bool) string {
	if srcset {
		for _, cand := range strings.Split(v, ",") {
			if f := strings.Fields(cand); len(f) > 0 {
				if bad := xssDangerousURL(f[0], false); bad != "" {
					return bad
				}
			}
		}
		return ""
	}
	u := strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return -1
		}
		return r
	}, v))
	for _, s := range []string{"javascript:", "vbscript:", "livescript:", "mocha:"} {
		if strings.HasPrefix(u, s) {
			return s
		}
	}
	if strings.HasPrefix(u, "data:") && !xssImageData.MatchString(u) {
		return "data:"
	}
	return ""
}

var xssImageData = regexp.MustCompile(`^data:image/(png|gif|jpeg|webp)[;,]`)

// xssCheckFragment parses text from a feed as the HTML a feed reader may
// render it as.
func xssCheckFragment(s string) error {
	if !strings.ContainsAny(s, "<&:") {
		return nil
	}
	body := &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := xhtml.ParseFragment(strings.NewReader(s), body)
	if err != nil {
		return err
	}
	for _, n := range nodes {
		if err := xssCheckTree(n, false); err != nil {
			return fmt.Errorf("%w in %.200q", err, s)
		}
	}
	return nil
}

// xssCheckXML walks an RSS or Atom document: no banned element in any
// namespace, no dangerous URL in an attribute or a link-like element, and
// every text node safe when rendered as HTML.
func xssCheckXML(body []byte) error {
	d := xml.NewDecoder(bytes.NewReader(body))
	var stack []string
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("malformed XML: %w", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if xssBanned[strings.ToLower(tok.Name.Local)] {
				return fmt.Errorf("XML element <%s>", tok.Name.Local)
			}
			for _, a := range tok.Attr {
				if xssURLAttrs[strings.ToLower(a.Name.Local)] {
					if bad := xssDangerousURL(a.Value, false); bad != "" {
						return fmt.Errorf("<%s %s=%q>: %s URL", tok.Name.Local, a.Name.Local, a.Value, bad)
					}
				}
			}
			stack = append(stack, tok.Name.Local)
			text.Reset()
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			s := text.String()
			text.Reset()
			switch strings.ToLower(stack[len(stack)-1]) {
			case "link", "guid", "comments", "docs", "url", "uri", "icon", "logo", "id":
				if bad := xssDangerousURL(s, false); bad != "" {
					return fmt.Errorf("<%s>%s</%[1]s>: %s URL", tok.Name.Local, s, bad)
				}
			}
			if err := xssCheckFragment(s); err != nil {
				return fmt.Errorf("<%s>: %w", tok.Name.Local, err)
			}
			stack = stack[:len(stack)-1]
		}
	}
}

// xssCheckJSON walks a JSON Feed: URL members hold no dangerous URL and
// every string is safe when rendered as HTML.
func xssCheckJSON(key string, v any) error {
	switch v := v.(type) {
	case map[string]any:
		for k, c := range v {
			if err := xssCheckJSON(k, c); err != nil {
				return err
			}
		}
	case []any:
		for _, c := range v {
			if err := xssCheckJSON(key, c); err != nil {
				return err
			}
		}
	case string:
		if strings.HasSuffix(key, "url") || key == "image" || key == "banner_image" || key == "icon" ||
			key == "favicon" || key == "avatar" || key == "id" {
			if bad := xssDangerousURL(v, false); bad != "" {
				return fmt.Errorf("%q: %q: %s URL", key, v, bad)
			}
		}
		if err := xssCheckFragment(v); err != nil {
			return fmt.Errorf("%q: %w", key, err)
		}
	}
	return nil
}

// TestXSSCheckerCatches proves the checks above are not vacuous: each
// executable output is refused.
func TestXSSCheckerCatches(t *testing.T) {
	page := http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Content-Security-Policy": {"default-src 'none'"}}
	rss := http.Header{"Content-Type": {"application/rss+xml"}}
	js := http.Header{"Content-Type": {"application/feed+json"}}
	tests := []struct {
		name string
		h    http.Header
		body string
	}{
		{"script", page, `<p>x<script>alert(1)</script></p>`},
		{"handler", page, `<img src="https://a.example/x.png" onerror="alert(1)">`},
		{"javascript href", page, `<a href=" jav&#x09;ascript:alert(1)">x</a>`},
		{"data html", page, `<iframe-free><img src="data:text/html,x"></iframe-free>`},
		{"svg", page, `<svg><circle r="1"/></svg>`},
		{"base", page, `<base href="https://evil.example/">`},
		{"refresh", page, `<meta http-equiv="refresh" content="0;url=https://evil.example/">`},
		{"css", page, `<p style="width: expression(alert(1))">x</p>`},
		{"no CSP", http.Header{"Content-Type": {"text/html"}}, `<p>x</p>`},
		{"rss description", rss, `<rss><channel><item><description>&lt;img src=x onerror=alert(1)&gt;</description></item></channel></rss>`},
		{"rss link", rss, `<rss><channel><item><link>javascript:alert(1)</link></item></channel></rss>`},
		{"rss enclosure", rss, `<rss><channel><item><enclosure url="vbscript:x"/></item></channel></rss>`},
		{"json content", js, `{"items":[{"content_html":"<script>alert(1)</script>"}]}`},
		{"json url", js, `{"items":[{"url":"javascript:alert(1)"}]}`},
		{"json summary", js, `{"items":[{"summary":"<svg onload=alert(1)>"}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := xssCheckResponse(tc.h, []byte(tc.body)); err == nil {
				t.Errorf("accepted %s", tc.body)
			}
		})
	}
	if err := xssCheckResponse(page, []byte(`<p>5 &lt; 6 and &lt;script&gt; as text, <a href="https://ok.example/">ok</a></p>`)); err != nil {
		t.Errorf("refused inert markup: %v", err)
	}
}
