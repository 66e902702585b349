package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

func testPrune(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	a, b := ids[0], ids[1]
	old := t0.Add(-48 * time.Hour)
	at := func(tm time.Time) { db.SetClock(func() time.Time { return tm }) }

	// Old stories, last carried upstream two days ago.
	at(old)
	var bulk []story.Item
	for i := 1; i <= 5; i++ {
		bulk = append(bulk, newStory(a, fmt.Sprintf("b%d", i), old.Add(-time.Duration(i)*time.Hour), "bulk"))
	}
	quiet := newStory(a, "q1", old.Add(-10*time.Hour), "quiet")
	withdrawn := newStory(a, "wd", old.Add(-20*time.Hour), "bulk")
	stillSeen := newStory(a, "seen", old.Add(-30*time.Hour), "bulk")
	save(t, db, a, append(slices.Clone(bulk), quiet, withdrawn, stillSeen)...)
	dupOf := func(root story.Item, key string) story.Item {
		d := newStory(b, key, root.PublishedAt)
		d.Link = root.Link
		return d
	}
	d1, d3, d4 := dupOf(bulk[0], "d1"), dupOf(bulk[2], "d3"), dupOf(bulk[3], "d4")
	save(t, db, b, d1, d4, d3)
	if _, err := db.Withdraw(ctx, withdrawn.ID, "legal", "test"); err != nil {
		t.Fatal(err)
	}

	// Now: two fresh stories; d3 and stillSeen are still carried upstream.
	at(t0)
	fresh := []story.Item{newStory(a, "f1", t0, "energy"), newStory(a, "f2", t0.Add(-time.Minute), "energy")}
	save(t, db, a, append(fresh, stillSeen)...)
	save(t, db, b, d3)
	bulkBefore, err := db.Latest(ctx, "bulk", 0, 2)
	if err != nil {
		t.Fatal(err)
	}

	n, err := db.Prune(ctx, t0.Add(-24*time.Hour), 2)
	if err != nil {
		t.Fatalf("Prune: %v", err)
	}
	gone := []story.Item{bulk[3], d4, bulk[4]}
	kept := []story.Item{
		bulk[0], bulk[1], // latest 2 of bulk
		d1,        // duplicate of a kept story
		bulk[2],   // its duplicate d3 is still carried
		d3,        // still carried
		quiet,     // latest of its category
		stillSeen, // still carried
		fresh[0], fresh[1],
	}
	if n != len(gone)+1 {
		t.Errorf("Prune = %d, want %d deleted + 1 tombstone", n, len(gone))
	}
	for _, it := range gone {
		if _, err := db.Item(ctx, it.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: %v, want pruned", it.ID, err)
		}
	}
	for _, it := range kept {
		mustItem(t, db, it.ID)
	}
	bulkAfter, err := db.Latest(ctx, "bulk", 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(idsOf(bulkAfter), idsOf(bulkBefore)) {
		t.Errorf("bulk feed changed: %v, was %v", idsOf(bulkAfter), idsOf(bulkBefore))
	}

	tomb := mustItem(t, db, withdrawn.ID)
	if tomb.WithdrawnAt.IsZero() || tomb.ContentHTML != "" || tomb.SummaryHTML != "" || len(tomb.Categories) != 0 {
		t.Errorf("tombstone = %+v, want withdrawn with content cleared", tomb)
	}
	if _, err := db.Restore(ctx, withdrawn.ID, "test"); !errors.Is(err, store.ErrPruned) {
		t.Errorf("Restore of tombstone = %v, want ErrPruned", err)
	}
	if sum := save(t, db, a, withdrawn); sum.New != 0 || sum.Unchanged != 1 {
		t.Errorf("re-poll of tombstone: %+v, want unchanged", sum)
	}

	if m, ok := db.(store.Maintainer); ok {
		if err := m.IntegrityCheck(ctx); err != nil {
			t.Errorf("IntegrityCheck: %v", err)
		}
	}
	// a keeps bulk 0-2, quiet, the tombstone, stillSeen and the two fresh
	// stories; b keeps d1 and d3, both duplicates.
	wantCounts(t, db, map[int64][2]int{a: {8, 0}, b: {2, 2}})
	// Pruning again finds nothing more to do.
	if n, err := db.Prune(ctx, t0.Add(-24*time.Hour), 2); err != nil || n != 0 {
		t.Errorf("second Prune = %d, %v; want 0", n, err)
	}
}

// wantCounts checks each source's ItemCount and DupCount.
func wantCounts(t *testing.T, db store.Store, want map[int64][2]int) {
	t.Helper()
	srcs, err := db.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range srcs {
		if got := [2]int{s.ItemCount, s.DupCount}; got != want[s.ID] {
			t.Errorf("source %s: ItemCount/DupCount = %v, want %v", s.URL, got, want[s.ID])
		}
	}
}
