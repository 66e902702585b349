package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// t0 is the fake "now" of most tests.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// openTest opens a fresh store with the clock fixed at t0 and closes it
// when the test ends.
func openTest(t *testing.T, open Opener) store.Store {
	t.Helper()
	db := open(t)
	db.SetClock(func() time.Time { return t0 })
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

// addSources registers sources named after their URL and returns their IDs
// in order.
func addSources(t testing.TB, db store.Store, urls ...string) []int64 {
	t.Helper()
	var in []story.SourceState
	for _, u := range urls {
		in = append(in, story.SourceState{URL: u, Name: "Name of " + u, Agency: "Agency of " + u})
	}
	ids, err := db.SyncSources(context.Background(), in)
	if err != nil {
		t.Fatalf("SyncSources: %v", err)
	}
	out := make([]int64, len(urls))
	for i, u := range urls {
		out[i] = ids[u]
	}
	return out
}

// newStory builds a new item of source src with key k.
func newStory(src int64, k string, pub time.Time, cats ...string) story.Item {
	return story.Item{
		ID:          fmt.Sprintf("s%d-%s", src, k),
		Key:         k,
		GUID:        k,
		Link:        fmt.Sprintf("https://src%d.example/%s", src, k),
		Title:       "Title " + k,
		SummaryHTML: "<p>Summary " + k + "</p>",
		ContentHTML: "<p>Content " + k + "</p>",
		Agency:      fmt.Sprintf("Agency %d", src),
		PublishedAt: pub,
		Categories:  cats,
	}
}

// save stores items as one successful fetch of src.
func save(t testing.TB, db store.Store, src int64, items ...story.Item) story.FetchSummary {
	t.Helper()
	sum, err := db.SaveFetch(context.Background(), story.Fetch{SourceID: src,
		State: story.SourceState{LastStatus: 200, LastFetchAt: t0, LastSuccessAt: t0}, Items: items})
	if err != nil {
		t.Fatalf("SaveFetch: %v", err)
	}
	return sum
}

// idsOf lists the IDs of items in order.
func idsOf(items []story.Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

// mustItem reads one item or fails.
func mustItem(t testing.TB, db store.Store, id string) story.Item {
	t.Helper()
	it, err := db.Item(context.Background(), id)
	if err != nil {
		t.Fatalf("Item(%q): %v", id, err)
	}
	return it
}

// storyCount counts every story stored, duplicates and tombstones
// included, through the sources' counters.
func storyCount(t testing.TB, db store.Store) int {
	t.Helper()
	srcs, err := db.Sources(context.Background())
	if err != nil {
		t.Fatalf("Sources: %v", err)
	}
	n := 0
	for _, s := range srcs {
		n += s.ItemCount
	}
	return n
}

// filed sums the live stories filed under each of cats.
func filed(t testing.TB, db store.Store, cats ...string) int {
	t.Helper()
	n := 0
	for _, c := range cats {
		k, err := db.Count(context.Background(), c)
		if err != nil {
			t.Fatalf("Count(%q): %v", c, err)
		}
		n += k
	}
	return n
}
