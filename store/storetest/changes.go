package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// changeIDs lists "id" or "-id" (deleted) per change, in order.
func changeIDs(cs []story.Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Item.ID
		if c.Deleted {
			out[i] = "-" + c.Item.ID
		}
	}
	return out
}

func mustChanges(t *testing.T, db store.Store, cat string, after int64, limit int) []story.Change {
	t.Helper()
	cs, err := db.ChangesAfter(context.Background(), cat, after, limit)
	if err != nil {
		t.Fatalf("ChangesAfter(%q, %d): %v", cat, after, err)
	}
	return cs
}

func testChangesFollowCommitsWithoutGaps(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	src := addSources(t, db, "https://a.example/")[0]
	s1, s2, s3 := newStory(src, "1", t0, "world"), newStory(src, "2", t0.Add(-time.Hour), "world", "energy"), newStory(src, "3", t0, "energy")
	save(t, db, src, s1, s2)
	save(t, db, src, s3)

	world := mustChanges(t, db, "world", 0, 10)
	// Oldest publication first within one commit.
	if got := changeIDs(world); !slices.Equal(got, []string{s2.ID, s1.ID}) {
		t.Fatalf("world from 0 = %v", got)
	}
	all := mustChanges(t, db, story.All, 0, 10)
	if got := changeIDs(all); !slices.Equal(got, []string{s2.ID, s1.ID, s3.ID}) {
		t.Fatalf("all from 0 = %v", got)
	}
	// A reader holding the cursor of the first page's end gets the rest.
	first := mustChanges(t, db, story.All, 0, 1)
	rest := mustChanges(t, db, story.All, first[0].Seq, 10)
	if got := changeIDs(rest); !slices.Equal(got, []string{s1.ID, s3.ID}) {
		t.Fatalf("all after %d = %v", first[0].Seq, got)
	}
	cursor := all[len(all)-1].Seq

	// An update moves the story past the cursor, with its content and the
	// same ID; a withdrawal comes as a deletion; nothing else repeats.
	edited := s1
	edited.Title = "Corrected"
	save(t, db, src, edited)
	if _, err := db.Withdraw(ctx, s2.ID, "legal", "test"); err != nil {
		t.Fatal(err)
	}
	after := mustChanges(t, db, story.All, cursor, 10)
	if got := changeIDs(after); !slices.Equal(got, []string{s1.ID, "-" + s2.ID}) {
		t.Fatalf("all after update and withdrawal = %v", got)
	}
	if after[0].Item.Title != "Corrected" || after[0].Seq <= cursor {
		t.Errorf("updated change = %+v", after[0])
	}
	if got := changeIDs(mustChanges(t, db, "energy", cursor, 10)); !slices.Equal(got, []string{"-" + s2.ID}) {
		t.Errorf("energy after withdrawal = %v", got)
	}
	if _, err := db.Restore(ctx, s2.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if got := changeIDs(mustChanges(t, db, "world", after[1].Seq, 10)); !slices.Equal(got, []string{s2.ID}) {
		t.Errorf("world after restore = %v", got)
	}
	// An unchanged re-poll logs nothing.
	head := mustChanges(t, db, story.All, 0, 100)
	save(t, db, src, edited, s3)
	if got := mustChanges(t, db, story.All, head[len(head)-1].Seq, 10); len(got) != 0 {
		t.Errorf("unchanged re-poll logged %v", changeIDs(got))
	}
}

// A duplicate never enters a feed's change log; its original is logged
// once, for the carrier it gained. Heads name the newest change of each
// category that has one.
func testChangesSkipDuplicates(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	orig := newStory(ids[0], "1", t0, "world")
	dup := newStory(ids[1], "x", t0, "world")
	dup.Link = orig.Link
	save(t, db, ids[0], orig)
	save(t, db, ids[1], dup)
	cs := mustChanges(t, db, "world", 0, 10)
	if got := changeIDs(cs); !slices.Equal(got, []string{orig.ID}) {
		t.Fatalf("world = %v, want the original once (its carrier added)", got)
	}
	heads, err := db.Heads(ctx, []string{"world", story.All, "empty"})
	if err != nil {
		t.Fatal(err)
	}
	if heads["world"].Seq != cs[0].Seq || heads[story.All].Seq <= 0 {
		t.Errorf("heads = %v", heads)
	}
	if _, ok := heads["empty"]; ok {
		t.Errorf("a category without changes has a head: %v", heads)
	}
	save(t, db, ids[0], newStory(ids[0], "2", t0, "world"))
	if got := mustChanges(t, db, "world", cs[0].Seq, 10); len(got) != 1 || got[0].Seq <= heads[story.All].Seq {
		t.Errorf("after a new story: %+v, want one change past %d", got, heads[story.All].Seq)
	}
}

func testTombstonesNewestFirst(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	src := addSources(t, db, "https://a.example/")[0]
	var items []story.Item
	for i := range 3 {
		items = append(items, newStory(src, fmt.Sprint(i), t0, "world"))
	}
	save(t, db, src, items...)
	for i, it := range items[:2] {
		db.SetClock(func() time.Time { return t0.Add(time.Duration(i) * time.Minute) })
		if _, err := db.Withdraw(ctx, it.ID, "x", "test"); err != nil {
			t.Fatal(err)
		}
	}
	ts, err := db.Tombstones(ctx, "world", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[0].ID != items[1].ID || ts[1].ID != items[0].ID ||
		!ts[0].At.Equal(t0.Add(time.Minute)) || ts[0].Link != items[1].Link {
		t.Errorf("Tombstones = %+v", ts)
	}
}

// testChangeHeadNeverGoesDown: ChangeHead is 0 before the first change,
// the newest Seq given after saves, and stays there when a prune deletes
// the newest change's story: a cursor given before the prune is still
// this store's.
func testChangeHeadNeverGoesDown(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	head := func() int64 {
		t.Helper()
		h, err := db.ChangeHead(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	if h := head(); h != 0 {
		t.Fatalf("ChangeHead of an empty store = %d, want 0", h)
	}
	a := addSources(t, db, "https://a.example/")[0]
	old := t0.Add(-48 * time.Hour)
	db.SetClock(func() time.Time { return t0 })
	save(t, db, a, newStory(a, "keep", t0, "world"))
	db.SetClock(func() time.Time { return old }) // last carried upstream two days ago
	save(t, db, a, newStory(a, "old", old, "world"))
	cs := mustChanges(t, db, story.All, 0, 10)
	newest := cs[len(cs)-1].Seq
	if h := head(); h != newest {
		t.Fatalf("ChangeHead = %d, want the newest Seq given, %d", h, newest)
	}
	db.SetClock(func() time.Time { return t0 })
	if n, err := db.Prune(ctx, t0.Add(-24*time.Hour), 0); err != nil || n != 1 {
		t.Fatalf("Prune = %d, %v; want the old story deleted", n, err)
	}
	if cs := mustChanges(t, db, story.All, 0, 10); cs[len(cs)-1].Seq >= newest {
		t.Fatalf("the pruned story's change is still the newest: %+v", cs)
	}
	if h := head(); h != newest {
		t.Errorf("ChangeHead after a prune = %d, want %d: it must never go down", h, newest)
	}
}
