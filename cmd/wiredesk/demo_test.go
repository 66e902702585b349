package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http/httptest"
	"testing"
	"time"

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

// TestDemoKeepsGoing: long after the bundled stories have all been shown,
// every agency's feed still gains a story every 30 seconds, with an ID,
// link and time never seen before.
func TestDemoKeepsGoing(t *testing.T) {
	var stories []demoStory
	if err := json.Unmarshal(demoStories, &stories); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	sim := newSimulator(stories, func() time.Time { return now })
	start := now
	seenID, seenLink := map[string]bool{}, map[string]bool{}
	var newest time.Time
	// Three hours in, 30 seconds at a time: many rounds of the stories.
	for step := 0; step <= 360; step++ {
		now = start.Add(time.Duration(step) * 30 * time.Second)
		for _, a := range demoAgencies {
			rec := httptest.NewRecorder()
			sim.ServeHTTP(rec, httptest.NewRequest("GET", a.path, nil))
			f, err := gofeed.NewParser().Parse(rec.Body)
			if err != nil {
				t.Fatalf("step %d %s: %v", step, a.name, err)
			}
			if len(f.Items) == 0 || len(f.Items) > demoFeedSize {
				t.Fatalf("step %d %s: %d stories", step, a.name, len(f.Items))
			}
			for _, it := range f.Items {
				if !seenID[it.GUID] && seenLink[it.Link] {
					t.Fatalf("step %d: new ID %s reuses link %s", step, it.GUID, it.Link)
				}
				seenID[it.GUID], seenLink[it.Link] = true, true
				if it.PublishedParsed != nil && it.PublishedParsed.After(newest) {
					newest = *it.PublishedParsed
				}
			}
		}
	}
	if want := start.Add(360 * 30 * time.Second); !newest.Equal(want) {
		t.Errorf("newest story published %v, want %v (one every 30 s to the end)", newest, want)
	}
	if n := len(seenID); n < 14+360 {
		t.Errorf("%d distinct stories over 3 hours, want at least %d", n, 14+360)
	}
}

// TestDemoListensOnLoopback: the demo's default address is loopback only.
func TestDemoListensOnLoopback(t *testing.T) {
	if host, _, err := net.SplitHostPort(demoAddr); err != nil || !net.ParseIP(host).IsLoopback() {
		t.Errorf("demo address %q is not loopback", demoAddr)
	}
}
