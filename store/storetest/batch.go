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

// testSaveFetchesAllOrNothing saves three fetches in one batch, the
// middle one violating a constraint: nothing of the batch is kept, and the
// error names the fetch at fault.
func testSaveFetchesAllOrNothing(t *testing.T, open Opener) {
	db := openTest(t, open)
	ids := addSources(t, db, "https://a.example/", "https://b.example/", "https://c.example/")
	a, b, c := ids[0], ids[1], ids[2]
	save(t, db, c, newStory(c, "taken", t0))
	state := func(etag string) story.SourceState {
		return story.SourceState{ETag: etag, LastStatus: 200, LastFetchAt: t0, NextFetchAt: t0.Add(time.Hour)}
	}
	clash := newStory(b, "2", t0)
	clash.ID = newStory(c, "taken", t0).ID // UNIQUE(id) across sources
	fs := []story.Fetch{
		{SourceID: a, State: state(`"a"`), Items: []story.Item{newStory(a, "1", t0, "world")}},
		{SourceID: b, State: state(`"b"`), Items: []story.Item{newStory(b, "1", t0, "world"), clash}},
		{SourceID: c, State: state(`"c"`), Items: []story.Item{newStory(c, "1", t0, "energy")}},
	}
	var order []int
	err := db.SaveFetches(context.Background(), fs, func(i int, sum story.FetchSummary) {
		order = append(order, i)
		if sum.New != 1 {
			t.Errorf("fetch %d summary %+v, want 1 new", i, sum)
		}
	})
	var be *store.BatchError
	if !errors.As(err, &be) || be.Index != 1 || be.SourceID != b {
		t.Fatalf("SaveFetches: %v, want a BatchError for fetch 1 (source %d)", err, b)
	}
	if !slices.Equal(order, []int{0}) {
		t.Errorf("done called for %v, want only 0 (before the failure)", order)
	}
	for _, src := range []int64{a, b} {
		st, err := db.Source(context.Background(), src)
		if err != nil {
			t.Fatal(err)
		}
		if st.ETag != "" || st.ItemCount != 0 {
			t.Errorf("source %d after the failed batch: ETag %q, %d items; want nothing kept", src, st.ETag, st.ItemCount)
		}
	}
	if got := storyCount(t, db); got != 1 {
		t.Errorf("%d items stored, want only the one saved before the batch", got)
	}

	// Without the bad fetch the same batch is kept whole.
	order = nil
	if err := db.SaveFetches(context.Background(), []story.Fetch{fs[0], fs[2]}, func(i int, _ story.FetchSummary) { order = append(order, i) }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(order, []int{0, 1}) || storyCount(t, db) != 3 {
		t.Errorf("done for %v, %d items; want [0 1] and 3", order, storyCount(t, db))
	}
	if st, err := db.Source(context.Background(), c); err != nil || st.ETag != `"c"` || st.ItemCount != 2 {
		t.Errorf("source c: %+v, %v", st, err)
	}
}

// testSaveFetchesSeesEarlierFetches checks that a fetch in a batch sees
// what the fetches before it saved: the exact canonical-link duplicate
// check, and the callback order a caller's index relies on.
func testSaveFetchesSeesEarlierFetches(t *testing.T, open Opener) {
	db := openTest(t, open)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	a, b := ids[0], ids[1]
	first, dup := newStory(a, "1", t0, "world"), newStory(b, "1", t0, "world")
	dup.Link = first.Link
	var sums []story.FetchSummary
	err := db.SaveFetches(context.Background(), []story.Fetch{
		{SourceID: a, Items: []story.Item{first}},
		{SourceID: b, Items: []story.Item{dup}},
	}, func(_ int, sum story.FetchSummary) {
		sums = append(sums, sum)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 2 || sums[0].New != 1 || sums[1].Duplicates != 1 {
		t.Fatalf("summaries %+v: want the second fetch's story merged into the first's", sums)
	}
	if got := mustItem(t, db, dup.ID); got.DuplicateOf != first.ID {
		t.Errorf("copy's DuplicateOf = %q, want %q", got.DuplicateOf, first.ID)
	}
}

// testSaveFetchesCancelled keeps nothing of a batch whose context ends.
func testSaveFetchesCancelled(t *testing.T, open Opener) {
	db := openTest(t, open)
	a := addSources(t, db, "https://a.example/")[0]
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err := db.SaveFetches(ctx, []story.Fetch{
		{SourceID: a, Items: []story.Item{newStory(a, "1", t0)}},
		{SourceID: a, Items: []story.Item{newStory(a, "2", t0)}},
	}, func(int, story.FetchSummary) { calls++; cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("SaveFetches after cancel: %v, want context.Canceled", err)
	}
	if calls != 1 {
		t.Errorf("done called %d times, want 1", calls)
	}
	if got := storyCount(t, db); got != 0 {
		t.Errorf("%d items kept from a cancelled batch, want 0", got)
	}
}
