package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// FuzzItemRoundTrip stores upstream-controlled strings — any bytes, NULs,
// invalid UTF-8, the list separator — and reads them back unchanged (list
// members lose only the separator itself and empty entries).
func FuzzItemRoundTrip(f *testing.F) {
	f.Add("Title", "<p>body</p>", "World", "https://a.example/x", int64(0))
	f.Add("a\x00b", "\xff\xfe", "x\x1fy", "", int64(-1))
	f.Add("", "", "", "'; DROP TABLE items; --", int64(1<<62))
	db := openTest(f)
	src := addSources(f, db, "https://fuzz.example/")[0]
	n := 0
	f.Fuzz(func(t *testing.T, title, body, cat, link string, pubNS int64) {
		n++
		key := fmt.Sprintf("%d:%s", n, title) // unique: every input is a new item
		in := story.Item{ID: "fuzz-" + key, Key: key, Title: title, ContentHTML: body, SummaryHTML: body,
			Link: link, PublishedAt: time.Unix(0, pubNS), UpstreamCategories: []string{cat, "x"},
			Places: []string{cat}, Categories: []string{cat, "fuzz"}}
		if _, err := db.SaveFetch(context.Background(), story.Fetch{SourceID: src, Items: []story.Item{in}}); err != nil {
			t.Fatalf("SaveFetch: %v", err)
		}
		got, err := db.Item(context.Background(), in.ID)
		if err != nil {
			t.Fatalf("Item: %v", err)
		}
		if got.Title != title || got.ContentHTML != body || got.Key != key {
			t.Errorf("round trip changed strings: %q %q %q", got.Title, got.ContentHTML, got.Key)
		}
		clean := strings.ReplaceAll(cat, sep, " ")
		wantUp := slices.DeleteFunc([]string{clean, "x"}, func(s string) bool { return s == "" })
		if !slices.Equal(got.UpstreamCategories, wantUp) {
			t.Errorf("upstream categories %q, want %q", got.UpstreamCategories, wantUp)
		}
		if !slices.Contains(got.Categories, "fuzz") || (clean != "" && !slices.Contains(got.Categories, clean)) {
			t.Errorf("categories %q, want %q and fuzz", got.Categories, clean)
		}
		if clean != "" {
			page, err := db.Latest(context.Background(), clean, 0, 1000)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(page, func(p story.Item) bool { return p.ID == in.ID }) {
				t.Errorf("story not in its category %q", clean)
			}
		}
		if pubNS != 0 && !got.PublishedAt.Equal(time.Unix(0, pubNS)) {
			t.Errorf("published %v, want %v", got.PublishedAt, time.Unix(0, pubNS))
		}
	})
}

func TestTimeEncoding(t *testing.T) {
	tests := []struct {
		name string
		in   time.Time
		want time.Time
	}{
		{"zero", time.Time{}, time.Time{}},
		{"utc", t0, t0},
		{"other zone", t0.In(time.FixedZone("X", 3*3600)), t0},
		{"nanoseconds", t0.Add(123456789), t0.Add(123456789)},
		{"far past clamps", time.Date(1, 2, 1, 0, 0, 0, 0, time.UTC), time.Unix(0, -1<<63+1).UTC()},
		{"far future clamps", time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), time.Unix(0, 1<<63-1).UTC()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fromNS(toNS(tt.in))
			if !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("round trip of %v = %v, want %v UTC", tt.in, got, tt.want)
			}
		})
	}
}
