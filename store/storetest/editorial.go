package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

func testWithdrawRestore(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	a, b := ids[0], ids[1]
	it := newStory(a, "1", t0, "world", "energy")
	save(t, db, a, it, newStory(a, "2", t0.Add(-time.Hour), "world"))

	w, err := db.Withdraw(ctx, it.ID, "wrong byline", "test")
	if err != nil {
		t.Fatalf("Withdraw: %v", err)
	}
	if !w.WithdrawnAt.Equal(t0) || w.WithdrawReason != "wrong byline" ||
		!slices.Equal(w.Categories, []string{"world", "energy"}) {
		t.Errorf("Withdraw returned %+v", w)
	}
	for _, cat := range []string{story.All, "world", "energy"} {
		got, err := db.Latest(ctx, cat, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(idsOf(got), it.ID) {
			t.Errorf("withdrawn story still in %s", cat)
		}
	}

	// Re-polls neither resurrect nor change the tombstone, and a copy of
	// the same link elsewhere does not reappear either.
	edited := it
	edited.Title = "Edited upstream"
	if sum := save(t, db, a, edited); sum.Unchanged != 1 || len(sum.Categories) != 0 {
		t.Errorf("re-poll of withdrawn story: %+v", sum)
	}
	copyB := newStory(b, "9", t0, "world")
	copyB.Link = it.Link
	save(t, db, b, copyB)
	got := mustItem(t, db, it.ID)
	if got.Title != it.Title || got.WithdrawnAt.IsZero() {
		t.Errorf("tombstone changed: %+v", got)
	}
	if n, err := db.Count(ctx, story.All); err != nil || n != 1 {
		t.Errorf("Count(all) = %d, %v; want 1", n, err)
	}

	// Withdrawing again keeps the first time.
	db.SetClock(func() time.Time { return t0.Add(time.Hour) })
	w, err = db.Withdraw(ctx, it.ID, "still wrong", "test")
	if err != nil || !w.WithdrawnAt.Equal(t0) || w.WithdrawReason != "still wrong" {
		t.Errorf("second Withdraw = %+v, %v", w, err)
	}

	r, err := db.Restore(ctx, it.ID, "test")
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if !r.WithdrawnAt.IsZero() || r.WithdrawReason != "" || len(r.Also) != 1 {
		t.Errorf("Restore returned %+v", r)
	}
	world, err := db.Latest(ctx, "world", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(idsOf(world), []string{it.ID, "s1-2"}) {
		t.Errorf("world after restore = %v", idsOf(world))
	}
	// Restoring a duplicate leaves it a duplicate: it stays out of feeds.
	if _, err := db.Withdraw(ctx, copyB.ID, "x", "test"); err != nil {
		t.Fatal(err)
	}
	if got := mustItem(t, db, it.ID); len(got.Also) != 0 {
		t.Errorf("withdrawn carrier still listed: %+v", got.Also)
	}
	if _, err := db.Restore(ctx, copyB.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if n, err := db.Count(ctx, "world"); err != nil || n != 2 {
		t.Errorf("Count(world) = %d, %v; want 2", n, err)
	}

	for _, f := range []func(context.Context, string) (story.Item, error){
		func(ctx context.Context, id string) (story.Item, error) { return db.Withdraw(ctx, id, "", "test") },
		func(ctx context.Context, id string) (story.Item, error) { return db.Restore(ctx, id, "test") },
	} {
		if _, err := f(ctx, "missing"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("on a missing story: %v, want ErrNotFound", err)
		}
	}
}

func testEditorialLog(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	a := addSources(t, db, "https://a.example/")[0]
	it, other := newStory(a, "1", t0, "world"), newStory(a, "2", t0, "world")
	save(t, db, a, it, other)
	if _, err := db.Withdraw(ctx, it.ID, "legal", "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Restore(ctx, it.ID, "bob"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Withdraw(ctx, "nope", "x", "alice"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("withdraw of an unknown story: %v", err)
	}
	// Restoring a story that is not withdrawn is refused and not logged.
	if _, err := db.Restore(ctx, other.ID, "bob"); !errors.Is(err, store.ErrNotWithdrawn) {
		t.Fatalf("restore of a live story: %v, want ErrNotWithdrawn", err)
	}
	log, err := db.EditorialLog(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Action != "withdraw" || log[0].Reason != "legal" || log[0].ItemID != it.ID ||
		log[0].By != "alice" || log[0].Title != it.Title ||
		log[1].Action != "restore" || log[1].By != "bob" || log[1].Seq <= log[0].Seq {
		t.Fatalf("log = %+v", log)
	}
	rest, err := db.EditorialLog(ctx, log[0].Seq)
	if err != nil || len(rest) != 1 || rest[0].Action != "restore" {
		t.Errorf("log after %d = %+v (%v)", log[0].Seq, rest, err)
	}
}

func testWithdrawnLists(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	a := addSources(t, db, "https://a.example/")[0]
	x, y, z := newStory(a, "1", t0, "world"), newStory(a, "2", t0, "world"), newStory(a, "3", t0, "world")
	save(t, db, a, x, y, z)
	db.SetClock(func() time.Time { return t0 })
	for _, id := range []string{x.ID, y.ID} {
		if _, err := db.Withdraw(ctx, id, "legal", "alice"); err != nil {
			t.Fatal(err)
		}
	}
	db.SetClock(func() time.Time { return t0.Add(time.Hour) })
	if _, err := db.Withdraw(ctx, x.ID, "still legal", "carol"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Restore(ctx, y.ID, "bob"); err != nil {
		t.Fatal(err)
	}
	got, err := db.Withdrawn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ItemID != x.ID || got[0].Reason != "still legal" || got[0].By != "carol" ||
		got[0].Title != x.Title || !got[0].At.Equal(t0) {
		t.Fatalf("Withdrawn = %+v; want only %s, by carol, withdrawn at %v", got, x.ID, t0)
	}
}
