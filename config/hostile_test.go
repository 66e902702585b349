package config

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestHostileConfigText: names and titles that reach feeds are plain
// text; check refuses markup in them and names the line. Issue 12, item 7.
func TestHostileConfigText(t *testing.T) {
	in := `site:
  title: Desk <script>alert(1)</script>
  byline: Staff <img src=x onerror=alert(1)>
categories:
  - slug: world
    title: World </title><svg onload=alert(1)>
sources:
  - name: Wire <img src=x onerror=alert(2)>
    url: https://a.example/feed
    agency: <b>Press</b>
  - name: Fine & dandy, 5 < 6
    url: https://b.example/feed
`
	_, err := Parse("f.yaml", []byte(in))
	wantErrors(t, err,
		`f.yaml:2: site.title: "Desk <script>alert(1)</script>" looks like HTML markup`,
		`f.yaml:3: site.byline: "Staff <img src=x onerror=alert(1)>" looks like HTML markup`,
		`f.yaml:6: categories[0].title: "World </title><svg onload=alert(1)>" looks like HTML markup`,
		`f.yaml:8: sources[0].name: "Wire <img src=x onerror=alert(2)>" looks like HTML markup`,
		`f.yaml:10: sources[0].agency: "<b>Press</b>" looks like HTML markup`,
	)
}

// TestHostileNumericHosts: host forms that browsers and curl read as an
// IPv4 address but Go's resolver sends to DNS are refused as ambiguous.
// Issue 12, item 12.
func TestHostileNumericHosts(t *testing.T) {
	for _, host := range []string{"0x7f.1", "2130706433", "127.1", "0177.0.0.1", "0x7f000001", "10.1", "0x7f.0.0.1."} {
		_, err := Parse("f.yaml", []byte("sources:\n  - name: A\n    url: http://"+host+"/feed\n"))
		if err == nil || !strings.Contains(err.Error(), "f.yaml:3: sources[0].url:") || !strings.Contains(err.Error(), "IPv4 address in a short") {
			t.Errorf("%s: %v, want refused as ambiguous", host, err)
		}
	}
	for _, host := range []string{"127.0.0.1", "93.184.215.14", "[::1]", "example.org", "1e100.net", "123.example", "wire-24.example"} {
		if _, err := Parse("f.yaml", []byte("sources:\n  - name: A\n    url: http://"+host+"/feed\n")); err != nil {
			t.Errorf("%s refused: %v", host, err)
		}
	}
}

// TestHostileFileSources: file:// sources need fetch.file_root and must
// lie under it. Issue 12, item 4.
func TestHostileFileSources(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"sources:\n  - name: A\n    url: file:///etc/passwd\n", `f.yaml:3: sources[0].url: "file:///etc/passwd": file:// sources need fetch.file_root`},
		{"fetch:\n  file_root: /srv/wire\nsources:\n  - name: A\n    url: file:///etc/passwd\n", `f.yaml:5: sources[0].url: "file:///etc/passwd" is not under fetch.file_root /srv/wire`},
		{"fetch:\n  file_root: /srv/wire\nsources:\n  - name: A\n    url: file:///srv/wire/../../etc/shadow\n", `is not under fetch.file_root`},
		{"fetch:\n  file_root: /srv/wire\nsources:\n  - name: A\n    url: file:wire.rss\n", `needs an absolute path`},
		{"fetch:\n  file_root: srv/wire\n", `f.yaml:2: fetch.file_root: "srv/wire" must be an absolute directory path`},
	} {
		_, err := Parse("f.yaml", []byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.in, err, tc.want)
		}
	}
	if _, err := Parse("f.yaml", []byte("fetch:\n  file_root: /srv/wire\nsources:\n  - name: A\n    url: file:///srv/wire/agency/a.xml\n")); err != nil {
		t.Errorf("a drop file under the root: %v", err)
	}
}

// TestHostileOPML: a third-party OPML file cannot add a file:// (or any
// non-http) source, nor a name with markup. Issue 12, items 4 and 7.
func TestHostileOPML(t *testing.T) {
	for _, tc := range []struct{ outline, want string }{
		{`<outline text="Shadow" xmlUrl="file:///etc/shadow"/>`, `xmlUrl "file:///etc/shadow": only http:// and https:// feeds`},
		{`<outline text="Shadow" xmlUrl="FILE:/etc/shadow"/>`, `only http:// and https:// feeds`},
		{`<outline text="Gopher" xmlUrl="gopher://a.example/1"/>`, `only http:// and https:// feeds`},
		{`<outline text="Loop" xmlUrl="http://2130706433/feed"/>`, `IPv4 address in a short`},
		{`<outline title="Wire &lt;img src=x onerror=alert(1)&gt;" xmlUrl="https://a.example/feed"/>`, `outline title "Wire <img src=x onerror=alert(1)>" looks like HTML markup`},
		{`<outline text="&lt;script&gt;x" xmlUrl="https://a.example/feed"/>`, `looks like HTML markup`},
	} {
		doc := `<?xml version="1.0"?><opml version="2.0"><body>` + tc.outline + `</body></opml>`
		srcs, err := ParseOPML(strings.NewReader(doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v (%d sources), want %q", tc.outline, err, len(srcs), tc.want)
		}
	}
}

// TestHostileAppendThroughSymlink: sources add/import edit the file a
// symlinked sources.yaml points to, and the link stays a link. Issue 12,
// item 10.
func TestHostileAppendThroughSymlink(t *testing.T) {
	real := filepath.Join(t.TempDir(), "real.yaml")
	if err := os.WriteFile(real, []byte("categories:\n  - slug: world\nsources:\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "sources.yaml")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if err := AppendSources(link, []Source{{Name: "A", URL: "https://a.example/feed", Category: "world"}}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("sources.yaml is no longer a link: %v %v", fi.Mode(), err)
	}
	got, err := os.ReadFile(real)
	if err != nil || !strings.Contains(string(got), "https://a.example/feed") {
		t.Fatalf("the link's target was not edited: %v\n%s", err, got)
	}
	if fi, err := os.Stat(real); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("target mode %v, want 0600 kept", fi.Mode())
	}
}

// TestHostileAliasExpansion: a small file whose anchored list is
// referenced thousands of times is refused before it is decoded, naming
// the line of a reference, at a small cost. Issue 12, item 8.
func TestHostileAliasExpansion(t *testing.T) {
	var b strings.Builder
	b.WriteString("categories:\n  - slug: c0\n    keywords: &kw [")
	for i := range 6000 {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "k%d", i)
	}
	b.WriteString("]\n")
	for i := 1; i < 2000; i++ {
		fmt.Fprintf(&b, "  - {slug: c%d, keywords: *kw}\n", i)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Parse("f.yaml", []byte(b.String()))
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "f.yaml:4: aliases expand the configuration to 12") {
		t.Fatalf("a %d KB alias bomb: %v", b.Len()>>10, err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("refusing it allocated %d MB", alloc>>20)
	}
	// A shared list referenced a few times is fine.
	small := "categories:\n  - {slug: a, keywords: &kw [oil, gas]}\n  - {slug: b, keywords: *kw}\n"
	if _, err := Parse("f.yaml", []byte(small)); err != nil {
		t.Errorf("a small anchored list: %v", err)
	}
}
