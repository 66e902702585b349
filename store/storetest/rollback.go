package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// testSaveFetchAllOrNothing injects a failure in the middle of a fetch and
// checks that neither the items before it nor the source state survive.
func testSaveFetchAllOrNothing(t *testing.T, open Opener) {
	db := openTest(t, open)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	a, b := ids[0], ids[1]
	save(t, db, b, newStory(b, "taken", t0))
	before, err := db.Source(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}

	newState := story.SourceState{ETag: `"new"`, LastStatus: 200, LastFetchAt: t0, NextFetchAt: t0.Add(time.Hour)}
	tests := []struct {
		name  string
		fetch func(ctx context.Context, cancel context.CancelFunc) story.Fetch
		want  error
	}{
		{"id collision violates a constraint", func(context.Context, context.CancelFunc) story.Fetch {
			clash := newStory(a, "3", t0)
			clash.ID = newStory(b, "taken", t0).ID // UNIQUE(id) across sources
			return story.Fetch{SourceID: a, State: newState,
				Items: []story.Item{newStory(a, "1", t0, "world"), newStory(a, "2", t0), clash}}
		}, nil},
		{"empty key violates a constraint", func(context.Context, context.CancelFunc) story.Fetch {
			return story.Fetch{SourceID: a, State: newState,
				Items: []story.Item{newStory(a, "1", t0, "world"), {ID: "x", PublishedAt: t0}}}
		}, nil},
		{"context cancelled midway", func(_ context.Context, cancel context.CancelFunc) story.Fetch {
			second := newStory(a, "2", t0)
			second.Bands = []uint64{1}
			third := newStory(a, "3", t0)
			third.Bands = []uint64{1}
			// The Match callback runs between statements of the
			// transaction: cancel there, then let the save carry on.
			return story.Fetch{SourceID: a, State: newState,
				Items: []story.Item{newStory(a, "1", t0, "world"), second, third},
				Match: func(*story.Item, []story.Item) string { cancel(); return "" }}
		}, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			// A candidate must exist for Match to be called.
			cand := newStory(b, "cand", t0)
			cand.Bands = []uint64{1}
			save(t, db, b, cand)
			itemsBefore := storyCount(t, db)
			catsBefore := filed(t, db, "world")

			_, err := db.SaveFetch(ctx, tt.fetch(ctx, cancel))
			if err == nil {
				t.Fatal("SaveFetch succeeded")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if n := storyCount(t, db); n != itemsBefore {
				t.Errorf("%d items after failed fetch, want %d", n, itemsBefore)
			}
			if n := filed(t, db, "world"); n != catsBefore {
				t.Errorf("%d stories filed after failed fetch, want %d", n, catsBefore)
			}
			after, err := db.Source(context.Background(), a)
			if err != nil {
				t.Fatal(err)
			}
			if after != before {
				t.Errorf("source state changed by failed fetch:\n%+v\nwas\n%+v", after, before)
			}
			if _, err := db.Item(context.Background(), newStory(a, "1", t0).ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("first item of failed fetch: %v, want ErrNotFound", err)
			}
		})
	}
	// The writer is usable afterwards.
	if sum := save(t, db, a, newStory(a, "1", t0)); sum.New != 1 {
		t.Errorf("save after failures: %+v", sum)
	}
}
