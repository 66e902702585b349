package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store"
)

// testRefile: a story filed again after the categories changed shows in
// its new category's listing and change log, leaves the old one with a
// removal logged, and old or withdrawn stories are not returned.
func testRefile(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	src := addSources(t, db, "https://a.example/feed")[0]
	fresh := newStory(src, "fresh", t0.Add(-time.Hour), "world")
	old := newStory(src, "old", t0.Add(-100*time.Hour), "world")
	gone := newStory(src, "gone", t0.Add(-2*time.Hour), "world")
	save(t, db, src, fresh, old, gone)
	if _, err := db.Withdraw(ctx, gone.ID, "test", "tester"); err != nil {
		t.Fatal(err)
	}
	recent, err := db.RecentLive(ctx, t0.Add(-72*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got := idsOf(recent); !slices.Equal(got, []string{fresh.ID}) {
		t.Fatalf("RecentLive = %v, want only the fresh live story", got)
	}
	if recent[0].ContentHTML == "" || recent[0].SourceURL != "https://a.example/feed" {
		t.Errorf("RecentLive lacks what the tagger reads: %+v", recent[0])
	}
	before, err := db.ChangesAfter(ctx, "lebanon", 0, 10)
	if err != nil || len(before) != 0 {
		t.Fatalf("lebanon log before: %v %v", before, err)
	}
	cats, err := db.Refile(ctx, []store.Refile{{ID: fresh.ID, Categories: []string{"lebanon", "middle-east"}},
		{ID: gone.ID, Categories: []string{"lebanon"}}, {ID: "nonexistent", Categories: []string{"x"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cats, []string{"lebanon", "middle-east", "world"}) {
		t.Errorf("changed categories = %v", cats)
	}
	if got := mustItem(t, db, fresh.ID).Categories; !slices.Equal(got, []string{"lebanon", "middle-east"}) {
		t.Errorf("categories = %v", got)
	}
	for cat, want := range map[string]int{"lebanon": 1, "middle-east": 1, "world": 1} {
		items, err := db.Latest(ctx, cat, 0, 10)
		if err != nil || len(items) != want {
			t.Errorf("Latest(%s) = %d stories (%v), want %d", cat, len(items), err, want)
		}
	}
	if ch, err := db.ChangesAfter(ctx, "lebanon", 0, 10); err != nil || len(ch) != 1 || ch[0].Deleted {
		t.Errorf("lebanon log after: %+v %v", ch, err)
	}
	if ch, err := db.ChangesAfter(ctx, "world", 0, 10); err != nil || len(ch) == 0 || !ch[len(ch)-1].Deleted {
		t.Errorf("world log after: %+v %v, want the story's removal last", ch, err)
	}
	if cats, err := db.Refile(ctx, []store.Refile{{ID: fresh.ID, Categories: []string{"lebanon", "middle-east"}}}); err != nil || len(cats) != 0 {
		t.Errorf("refile unchanged = %v %v, want nothing", cats, err)
	}
}
