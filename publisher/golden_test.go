package publisher

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden pins outputs that depend only on the configuration, so their
// bytes are stable: the OPML and the 404 page.
func TestGolden(t *testing.T) {
	f := newFixture(t)
	for target, file := range map[string]string{"/opml": "opml.golden.xml", "/c/nope": "notfound.golden.html"} {
		t.Run(file, func(t *testing.T) {
			_, body := f.get(target)
			path := filepath.Join("testdata", file)
			if *update {
				if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if body != string(want) {
				t.Errorf("%s differs from %s:\n%s", target, path, body)
			}
		})
	}
}
