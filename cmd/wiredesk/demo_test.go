package main

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/mmcdole/gofeed"
)

// TestDemoQuickStart is the README's first command: serve --demo must
// show populated, parseable category feeds offline within seconds, with
// region filing and cross-agency merging at work.
func TestDemoQuickStart(t *testing.T) {
	base := serveDesk(t, "--demo")
	eventually(t, "demo feeds populated", func() (bool, string) {
		_, body := get(t, base+"/feeds/all.json")
		n := bytes.Count(body, []byte(`"external_url"`))
		return n >= 14, fmt.Sprintf("%d stories in all.json", n)
	})
	for _, slug := range []string{"middle-east", "lebanon", "europe", "africa", "americas", "asia-pacific", "energy", "business"} {
		r, body := get(t, base+"/feeds/"+slug+".rss")
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", slug, r.StatusCode)
		}
		f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
		if err != nil || len(f.Items) == 0 {
			t.Errorf("demo category %s: %d stories (%v)", slug, len(f.Items), err)
		}
	}
	eventually(t, "near-duplicates merged across agencies", func() (bool, string) {
		dups := 0
		for _, s := range status(t, base).Sources {
			dups += s.Duplicates
		}
		return dups > 0, fmt.Sprintf("%d duplicates", dups)
	})
}
