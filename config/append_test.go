package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func writeTemp(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sources.yaml")
	if err := os.WriteFile(path, []byte(content), 0o640); err != nil {
		t.Fatal(err)
	}
	return path
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const appendBase = `# Wire desk config — keep this comment
site:
  title: Desk   # trailing comment

categories:
  - slug: world
  - slug: middle-east

sources:
  # BBC first
  - name: BBC
    url: https://feeds.bbci.co.uk/news/world/rss.xml
    category: world

  - name: Al Jazeera
    url: https://www.aljazeera.com/xml/rss/all.xml
    # interval: 5m   (commented out, belongs to this entry)

# publishing settings follow
publish:
  max_items: 30
`

func TestAppendSources(t *testing.T) {
	two := []Source{
		{Name: "France 24", URL: "https://www.france24.com/en/rss", Agency: "France 24", Category: "world", Enabled: true},
		{Name: "Wire: Levant #1", URL: "https://levant.example/feed?x=1#top", Agency: "Levant Press",
			Category: "middle-east", Interval: 90 * time.Minute,
			CategoriesMap: map[string]string{"Middle East": "middle-east", "true": "world"}},
	}
	tests := []struct {
		name string
		in   string
		srcs []Source
		want string
	}{
		{
			name: "block list followed by comments and keys",
			in:   appendBase,
			srcs: two,
			want: strings.Replace(appendBase, "(commented out, belongs to this entry)\n", `(commented out, belongs to this entry)

  - name: France 24
    url: https://www.france24.com/en/rss
    category: world

  - name: 'Wire: Levant #1'
    url: https://levant.example/feed?x=1#top
    agency: Levant Press
    category: middle-east
    interval: 1h30m
    categories_map:
      Middle East: middle-east
      "true": world
`, 1),
		},
		{
			name: "indentless list at end of file without newline",
			in:   "categories: [{slug: world}]\nsources:\n- name: A\n  url: https://a.example/\n  category: world",
			srcs: two[:1],
			want: "categories: [{slug: world}]\nsources:\n- name: A\n  url: https://a.example/\n  category: world\n" +
				"- name: France 24\n  url: https://www.france24.com/en/rss\n  category: world\n",
		},
		{
			name: "no sources key",
			in:   "# just a site\nsite:\n  title: Desk\ncategories: [{slug: world}]",
			srcs: two[:1],
			want: "# just a site\nsite:\n  title: Desk\ncategories: [{slug: world}]\nsources:\n" +
				"  - name: France 24\n    url: https://www.france24.com/en/rss\n    category: world\n",
		},
		{
			name: "empty flow list with comment",
			in:   "categories: [{slug: world}]\nsources: []   # none yet\n# end\n",
			srcs: two[:1],
			want: "categories: [{slug: world}]\nsources:   # none yet\n" +
				"  - name: France 24\n    url: https://www.france24.com/en/rss\n    category: world\n# end\n",
		},
		{
			name: "null sources",
			in:   "categories: [{slug: world}]\nsources:\nsite: {title: X}\n",
			srcs: two[:1],
			want: "categories: [{slug: world}]\nsources:\n" +
				"  - name: France 24\n    url: https://www.france24.com/en/rss\n    category: world\nsite: {title: X}\n",
		},
		{
			name: "explicit null with tilde",
			in:   "categories: [{slug: world}]\nsources: ~\n",
			srcs: two[:1],
			want: "categories: [{slug: world}]\nsources:\n" +
				"  - name: France 24\n    url: https://www.france24.com/en/rss\n    category: world\n",
		},
		{
			name: "wide key indentation is copied",
			in:   "categories: [{slug: world}]\nsources:\n    -   name: A\n        url: https://a.example/\n",
			srcs: two[:1],
			want: "categories: [{slug: world}]\nsources:\n    -   name: A\n        url: https://a.example/\n" +
				"    -   name: France 24\n        url: https://www.france24.com/en/rss\n        category: world\n",
		},
		{
			name: "CRLF line endings are kept",
			in:   "categories: [{slug: world}]\r\nsources:\r\n  - name: A\r\n    url: https://a.example/\r\n",
			srcs: two[:1],
			want: "categories: [{slug: world}]\r\nsources:\r\n  - name: A\r\n    url: https://a.example/\r\n" +
				"  - name: France 24\r\n    url: https://www.france24.com/en/rss\r\n    category: world\r\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTemp(t, tt.in)
			before, err := Parse(path, []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if err := AppendSources(path, tt.srcs); err != nil {
				t.Fatal(err)
			}
			got := readFile(t, path)
			if got != tt.want {
				t.Fatalf("file after append:\n%s\nwant:\n%s", got, tt.want)
			}
			after, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			added := after.Sources[len(before.Sources):]
			if len(added) != len(tt.srcs) {
				t.Fatalf("added %d sources, want %d", len(added), len(tt.srcs))
			}
			for i, s := range tt.srcs {
				s.Enabled, s.Line = true, added[i].Line
				if s.Agency == "" {
					s.Agency = s.Name
				}
				if !reflect.DeepEqual(added[i], s) {
					t.Errorf("source %d read back as %+v, want %+v", i, added[i], s)
				}
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o640 {
				t.Errorf("mode = %v, want 0640 kept", fi.Mode().Perm())
			}
			if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
				t.Errorf("temporary files left behind: %v", entries)
			}
		})
	}
}

func TestAppendSourcesRefuses(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		srcs    []Source
		wantErr string
		is      error
	}{
		{"URL already present, other case of host", appendBase,
			[]Source{{Name: "BBC again", URL: "HTTPS://FEEDS.bbci.co.uk/news/world/rss.xml"}},
			`sources.yaml:12: sources[0].url: source URL "HTTPS://FEEDS.bbci.co.uk/news/world/rss.xml" is already present`, nil},
		{"URL twice in the batch", appendBase,
			[]Source{{Name: "X", URL: "https://x.example/"}, {Name: "Y", URL: "https://x.example/ "}},
			`new source 1: source URL "https://x.example/" is given twice`, nil},
		{"unknown category", appendBase,
			[]Source{{Name: "X", URL: "https://x.example/", Category: "sport"}},
			`sources[2].category: unknown category "sport"`, nil},
		{"bad URL", appendBase,
			[]Source{{Name: "X", URL: "gopher://x.example/"}},
			`scheme "gopher" is not supported`, nil},
		{"existing file invalid", "sources:\n  - name: A\n    url: https://a.example/\n    bogus: 1\n",
			[]Source{{Name: "X", URL: "https://x.example/"}},
			`fix the configuration before adding sources`, nil},
		{"non-empty flow list", "sources: [{name: A, url: https://a.example/}]\n",
			[]Source{{Name: "X", URL: "https://x.example/"}},
			`sources: is not a block list`, ErrLayout},
		{"flow top level", "{sources: [{name: A, url: https://a.example/}]}\n",
			[]Source{{Name: "X", URL: "https://x.example/"}},
			`the top level is not a block mapping`, ErrLayout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTemp(t, tt.in)
			err := AppendSources(path, tt.srcs)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(err, %v) = false", tt.is)
			}
			if got := readFile(t, path); got != tt.in {
				t.Errorf("file changed although append was refused:\n%s", got)
			}
			if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
				t.Errorf("temporary files left behind: %v", entries)
			}
		})
	}
}

func TestAppendSourcesMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.yaml")
	err := AppendSources(path, []Source{{Name: "X", URL: "https://x.example/"}})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want ErrNotExist", err)
	}
	if err := AppendSources(path, nil); err != nil {
		t.Errorf("appending nothing = %v, want nil", err)
	}
}

// TestAppendToRootSourcesYAML appends to a copy of the shipped file: its
// whole text stays a byte-for-byte prefix of the result.
func TestAppendToRootSourcesYAML(t *testing.T) {
	orig, err := os.ReadFile("../sources.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, string(orig))
	if err := AppendSources(path, []Source{{Name: "RFI English", URL: "https://www.rfi.fr/en/rss", Agency: "RFI", Category: "world"}}); err != nil {
		t.Fatal(err)
	}
	got := readFile(t, path)
	want := string(orig) + "\n  - name: RFI English\n    url: https://www.rfi.fr/en/rss\n    agency: RFI\n    category: world\n"
	if got != want {
		t.Errorf("tail after append:\n%s", got[len(orig)-200:])
	}
}
