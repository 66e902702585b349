package feed

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wiredesk/wiredesk/story"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// renderers are the three syndication formats feed readers parse (RSS,
// Atom, JSON Feed), by extension, for the tests that read them back.
func renderers() []struct {
	ext    string
	render func(Channel, []story.Item) ([]byte, error)
} {
	return []struct {
		ext    string
		render func(Channel, []story.Item) ([]byte, error)
	}{
		{"rss", RSS},
		{"atom", Atom},
		{"json", JSON},
	}
}

func TestGolden(t *testing.T) {
	// A saved search's feed is a category feed with its own title and
	// description (the query, quotes and all) and no hub or archive.
	search := testChannel()
	search.Slug, search.Title = "sanctions", "Wire Desk — Sanctions"
	search.Description = `Stories from Wire Desk matching "sanctions" AND (Iran OR Russia) NOT sport`
	cases := []struct {
		name  string
		ch    Channel
		items []story.Item
	}{
		{"middle-east", testChannel(), fixtureItems()},
		{"empty", testChannel(), nil},
		{"saved-search", search, fixtureItems()[:2]},
	}
	// Every format of the table has golden files: a new format fails
	// here until "go test -update" writes its files for review.
	for _, tc := range cases {
		for _, f := range Formats() {
			t.Run(tc.name+"."+f.Ext, func(t *testing.T) {
				got, err := f.Render(tc.ch, tc.items)
				if err != nil {
					t.Fatalf("render: %v", err)
				}
				path := filepath.Join("testdata", tc.name+"."+f.Ext)
				if *update {
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatalf("update golden: %v", err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("read golden (run go test -update): %v", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from golden file; run go test -update and review the diff\ngot:\n%s", path, got)
				}
				again, err := f.Render(tc.ch, tc.items)
				if err != nil {
					t.Fatalf("second render: %v", err)
				}
				if !bytes.Equal(got, again) {
					t.Errorf("two renders of the same input differ")
				}
			})
		}
	}
}

// TestFormatsTable: the table's rows are well formed, since everything
// that serves or names a format reads them.
func TestFormatsTable(t *testing.T) {
	seen := map[string]bool{}
	for i, f := range Formats() {
		if f.Ext == "" || strings.Trim(f.Ext, "abcdefghijklmnopqrstuvwxyz0123456789") != "" || seen[f.Ext] {
			t.Errorf("row %d: extension %q is not a unique lower-case name", i, f.Ext)
		}
		seen[f.Ext] = true
		if f.MIME == "" || strings.ContainsAny(f.MIME, "; ") || f.Label == "" || f.Spec == "" || f.Render == nil {
			t.Errorf("row %d (%s): MIME %q, label %q, spec %q, render set %v", i, f.Ext, f.MIME, f.Label, f.Spec, f.Render != nil)
		}
	}
	if first := Formats()[0]; !first.Discover {
		t.Errorf("the preferred format %s (the OPML's) is not one pages advertise", first.Ext)
	}
}
