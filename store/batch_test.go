package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// TestSaveFetchesIsolatesAFailingFetch saves three fetches in one batch,
// the middle one violating a constraint: it alone is rolled back, the
// others are kept with their source state, and done reports each in order.
func TestSaveFetchesIsolatesAFailingFetch(t *testing.T) {
	db := openTest(t)
	ids := addSources(t, db, "https://a.example/", "https://b.example/", "https://c.example/")
	a, b, c := ids[0], ids[1], ids[2]
	save(t, db, c, story(c, "taken", t0))
	state := func(etag string) SourceState {
		return SourceState{ETag: etag, LastStatus: 200, LastFetchAt: t0, NextFetchAt: t0.Add(time.Hour)}
	}
	clash := story(b, "2", t0)
	clash.ID = story(c, "taken", t0).ID // UNIQUE(id) across sources
	fs := []Fetch{
		{SourceID: a, State: state(`"a"`), Items: []Item{story(a, "1", t0, "world")}},
		{SourceID: b, State: state(`"b"`), Items: []Item{story(b, "1", t0, "world"), clash}},
		{SourceID: c, State: state(`"c"`), Items: []Item{story(c, "1", t0, "energy")}},
	}
	var order []int
	sums := make([]FetchSummary, len(fs))
	errs := make([]error, len(fs))
	err := db.SaveFetches(context.Background(), fs, func(i int, sum FetchSummary, err error) {
		order = append(order, i)
		sums[i], errs[i] = sum, err
	})
	if err != nil {
		t.Fatalf("SaveFetches: %v", err)
	}
	if !slices.Equal(order, []int{0, 1, 2}) {
		t.Fatalf("done called for %v, want 0, 1, 2 in order", order)
	}
	if errs[0] != nil || errs[2] != nil || sums[0].New != 1 || sums[2].New != 1 {
		t.Errorf("kept fetches: errors %v, %v; summaries %+v, %+v", errs[0], errs[2], sums[0], sums[2])
	}
	if errs[1] == nil || sums[1].New != 0 {
		t.Errorf("failing fetch: error %v, summary %+v; want an error and an empty summary", errs[1], sums[1])
	}
	for _, tc := range []struct {
		src  int64
		etag string
		n    int
	}{{a, `"a"`, 1}, {b, "", 0}, {c, `"c"`, 2}} {
		st, err := db.Source(context.Background(), tc.src)
		if err != nil {
			t.Fatal(err)
		}
		if st.ETag != tc.etag || st.ItemCount != tc.n {
			t.Errorf("source %d: ETag %q, %d items; want %q, %d", tc.src, st.ETag, st.ItemCount, tc.etag, tc.n)
		}
	}
	if _, err := db.Item(context.Background(), story(b, "1", t0).ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("story of the failed fetch: %v, want ErrNotFound", err)
	}
	if got := countRows(t, db, "items"); got != 3 {
		t.Errorf("%d items stored, want 3", got)
	}
}

// TestSaveFetchesSeesEarlierFetches checks that a fetch in a batch sees
// what the fetches before it saved: the exact canonical-link duplicate
// check, and the callback order a caller's index relies on.
func TestSaveFetchesSeesEarlierFetches(t *testing.T) {
	db := openTest(t)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	a, b := ids[0], ids[1]
	first, dup := story(a, "1", t0, "world"), story(b, "1", t0, "world")
	dup.Link = first.Link
	var sums []FetchSummary
	err := db.SaveFetches(context.Background(), []Fetch{
		{SourceID: a, Items: []Item{first}},
		{SourceID: b, Items: []Item{dup}},
	}, func(_ int, sum FetchSummary, err error) {
		if err != nil {
			t.Errorf("fetch: %v", err)
		}
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

// TestSaveFetchesCancelled keeps nothing of a batch whose context ends.
func TestSaveFetchesCancelled(t *testing.T) {
	db := openTest(t)
	a := addSources(t, db, "https://a.example/")[0]
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err := db.SaveFetches(ctx, []Fetch{
		{SourceID: a, Items: []Item{story(a, "1", t0)}},
		{SourceID: a, Items: []Item{story(a, "2", t0)}},
	}, func(int, FetchSummary, error) { calls++; cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("SaveFetches after cancel: %v, want context.Canceled", err)
	}
	if calls != 1 {
		t.Errorf("done called %d times, want 1", calls)
	}
	if got := countRows(t, db, "items"); got != 0 {
		t.Errorf("%d items kept from a cancelled batch, want 0", got)
	}
}
