package storetest

import (
	"context"
	"slices"
	"testing"
	"time"
)

// testSaveFetchCategoryBytes files stories under slugs with every byte
// the batched category insert must carry through unchanged, at the
// extreme publication times, and pages each category back.
func testSaveFetchCategoryBytes(t *testing.T, open Opener) {
	tests := []struct {
		name string
		cat  string
		pub  time.Time
	}{
		{"plain", "world", t0},
		{"quote and backslash", `a"b\c`, t0},
		{"control characters", "tab\there\nnl\x01", t0},
		{"unicode", "région-économie-日本", t0},
		{"json-looking", `["x",1]`, t0},
		{"earliest time", "early", time.Unix(0, -1<<63+1)},
		{"latest time", "late", time.Unix(0, 1<<63-1)},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t, open)
			src := addSources(t, db, "https://a.example/")[0]
			sum := save(t, db, src, newStory(src, "1", tt.pub, tt.cat, "other"), newStory(src, "2", tt.pub, tt.cat))
			if sum.New != 2 || !slices.Contains(sum.Categories, tt.cat) {
				t.Fatalf("summary = %+v", sum)
			}
			items, err := db.Latest(ctx, tt.cat, 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			if got := idsOf(items); !slices.Equal(got, []string{"s1-2", "s1-1"}) {
				t.Errorf("Latest(%q) = %q, want both stories newest-stored first", tt.cat, got)
			}
			if !items[0].PublishedAt.Equal(tt.pub.UTC()) {
				t.Errorf("published %v, want %v", items[0].PublishedAt, tt.pub.UTC())
			}
			if n, err := db.Count(ctx, tt.cat); err != nil || n != 2 {
				t.Errorf("Count(%q) = %d, %v, want 2", tt.cat, n, err)
			}
		})
	}
}

// testSaveFetchRefileInFetch repeats a key inside one fetch with other
// categories: the second copy refiles the story the first one filed,
// which the queued category rows must not undo.
func testSaveFetchRefileInFetch(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	src := addSources(t, db, "https://a.example/")[0]
	sum := save(t, db, src, newStory(src, "1", t0, "world", "energy"), newStory(src, "2", t0), newStory(src, "1", t0, "sport"))
	if sum.New != 2 || sum.Updated != 1 {
		t.Fatalf("summary = %+v, want 2 new 1 updated", sum)
	}
	for _, tc := range []struct {
		cat  string
		want int
	}{{"world", 0}, {"energy", 0}, {"sport", 1}} {
		if n, err := db.Count(ctx, tc.cat); err != nil || n != tc.want {
			t.Errorf("Count(%q) = %d, %v, want %d", tc.cat, n, err, tc.want)
		}
	}
	if got := mustItem(t, db, "s1-1").Categories; !slices.Equal(got, []string{"sport"}) {
		t.Errorf("categories = %q, want [sport]", got)
	}
}
