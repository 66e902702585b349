package feed

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/wiredesk/wiredesk/story"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// renderers are the three formats, by golden file extension.
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
	cases := []struct {
		name  string
		items []story.Item
	}{
		{"middle-east", fixtureItems()},
		{"empty", nil},
	}
	for _, tc := range cases {
		for _, r := range renderers() {
			t.Run(tc.name+"."+r.ext, func(t *testing.T) {
				got, err := r.render(testChannel(), tc.items)
				if err != nil {
					t.Fatalf("render: %v", err)
				}
				path := filepath.Join("testdata", tc.name+"."+r.ext)
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
				again, err := r.render(testChannel(), tc.items)
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
