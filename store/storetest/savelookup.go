package storetest

import (
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// testSaveFetchKeyBeforeLink checks the one-statement lookup: a re-polled
// item is found by its key even when another source carries its link, and
// a new item is matched by link only when its key is new.
func testSaveFetchKeyBeforeLink(t *testing.T, open Opener) {
	tests := []struct {
		name    string
		repoll  func(orig story.Item) story.Item
		want    story.FetchSummary
		wantDup string
	}{
		{"unchanged re-poll", func(o story.Item) story.Item { return o }, story.FetchSummary{Unchanged: 1}, ""},
		{"changed re-poll", func(o story.Item) story.Item { o.Title += " (updated)"; return o }, story.FetchSummary{Updated: 1}, ""},
		{"new key, same link", func(o story.Item) story.Item { o.Key, o.ID = "new", "s2-new"; return o }, story.FetchSummary{Duplicates: 1}, "s1-1"},
		{"new key, no link", func(o story.Item) story.Item { o.Key, o.ID, o.Link = "new", "s2-new", ""; return o }, story.FetchSummary{New: 1}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t, open)
			ids := addSources(t, db, "https://a.example/", "https://b.example/")
			a, b := ids[0], ids[1]
			orig := newStory(a, "1", t0, "world")
			save(t, db, a, orig)
			// b carries the same story under its own key and a's link.
			own := newStory(b, "1", t0.Add(time.Minute), "world")
			own.Link = orig.Link
			if sum := save(t, db, b, own); sum.Duplicates != 1 {
				t.Fatalf("b's copy: %+v, want a duplicate", sum)
			}
			next := tt.repoll(own)
			sum := save(t, db, b, next)
			if sum.New != tt.want.New || sum.Updated != tt.want.Updated ||
				sum.Unchanged != tt.want.Unchanged || sum.Duplicates != tt.want.Duplicates {
				t.Errorf("summary = %+v, want %+v", sum, tt.want)
			}
			if next.ID != own.ID {
				if got := mustItem(t, db, next.ID); got.DuplicateOf != tt.wantDup {
					t.Errorf("new item DuplicateOf = %q, want %q", got.DuplicateOf, tt.wantDup)
				}
			}
			if got := mustItem(t, db, own.ID); got.DuplicateOf != orig.ID || got.Key != own.Key {
				t.Errorf("b's copy = dup of %q key %q, want dup of %q key %q", got.DuplicateOf, got.Key, orig.ID, own.Key)
			}
			if n := storyCount(t, db); n != 2+tt.want.New+tt.want.Duplicates {
				t.Errorf("%d items, want %d", n, 2+tt.want.New+tt.want.Duplicates)
			}
		})
	}
}
