package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

func testSyncSourcesKeepsState(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	ids := addSources(t, db, "https://b.example/feed", "https://a.example/feed")
	state := story.SourceState{ETag: `"v1"`, LastModified: "Sun, 01 Mar 2026 10:00:00 GMT",
		PermanentURL: "https://b.example/new", FeedTitle: "B Wire", FeedLink: "https://b.example/",
		LastFetchAt: t0, LastSuccessAt: t0.Add(-time.Hour), LastStatus: 410, LastError: "gone",
		ConsecutiveFailures: 3, NextFetchAt: t0.Add(time.Hour), Gone: true, MeanGap: 17 * time.Minute}
	if _, err := db.SaveFetch(ctx, story.Fetch{SourceID: ids[0], State: state}); err != nil {
		t.Fatalf("SaveFetch: %v", err)
	}
	// The operator renames the source: config fields follow, state stays.
	again, err := db.SyncSources(ctx, []story.SourceState{{URL: "https://b.example/feed", Name: "Bee", Agency: "Bee Press"}})
	if err != nil {
		t.Fatalf("SyncSources: %v", err)
	}
	if again["https://b.example/feed"] != ids[0] {
		t.Fatalf("ID changed on re-sync: %d, want %d", again["https://b.example/feed"], ids[0])
	}
	got, err := db.Source(ctx, ids[0])
	if err != nil {
		t.Fatalf("Source: %v", err)
	}
	want := state
	want.ID, want.URL, want.Name, want.Agency = ids[0], "https://b.example/feed", "Bee", "Bee Press"
	if got != want {
		t.Errorf("Source =\n%+v\nwant\n%+v", got, want)
	}

	if err := db.ResetSource(ctx, ids[0]); err != nil {
		t.Fatalf("ResetSource: %v", err)
	}
	got, err = db.Source(ctx, ids[0])
	if err != nil {
		t.Fatalf("Source: %v", err)
	}
	if got.Gone || got.ConsecutiveFailures != 0 || got.LastError != "" || got.ETag != "" ||
		!got.NextFetchAt.IsZero() {
		t.Errorf("after ResetSource: %+v", got)
	}
	if got.FeedTitle != "B Wire" {
		t.Errorf("ResetSource dropped the feed title: %q", got.FeedTitle)
	}
	if err := db.ResetSource(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ResetSource(999) = %v, want ErrNotFound", err)
	}
	if _, err := db.Source(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Source(999) = %v, want ErrNotFound", err)
	}
}

func testSourcesOrderAndCounts(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	ids := addSources(t, db, "https://z.example/", "https://m.example/", "https://a.example/")
	save(t, db, ids[0], newStory(ids[0], "1", t0), newStory(ids[0], "2", t0))
	dup := newStory(ids[1], "x", t0)
	dup.Link = newStory(ids[0], "1", t0).Link
	save(t, db, ids[1], dup, newStory(ids[1], "y", t0))

	srcs, err := db.Sources(ctx)
	if err != nil {
		t.Fatalf("Sources: %v", err)
	}
	type row struct {
		url          string
		items, dupes int
	}
	want := []row{{"https://a.example/", 0, 0}, {"https://m.example/", 2, 1}, {"https://z.example/", 2, 0}}
	if len(srcs) != len(want) {
		t.Fatalf("got %d sources, want %d", len(srcs), len(want))
	}
	for i, w := range want {
		g := row{srcs[i].URL, srcs[i].ItemCount, srcs[i].DupCount}
		if g != w {
			t.Errorf("source %d = %+v, want %+v", i, g, w)
		}
	}
}

func testLatestPublished(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	save(t, db, ids[0], newStory(ids[0], "1", t0.Add(-3*time.Hour)), newStory(ids[0], "2", t0.Add(-time.Hour)),
		newStory(ids[0], "3", t0.Add(-2*time.Hour)))
	save(t, db, ids[1], newStory(ids[1], "1", t0))
	got, err := db.LatestPublished(ctx, ids[0], 2)
	if err != nil {
		t.Fatalf("LatestPublished: %v", err)
	}
	want := []time.Time{t0.Add(-time.Hour), t0.Add(-2 * time.Hour)}
	if len(got) != 2 || !got[0].Equal(want[0]) || !got[1].Equal(want[1]) {
		t.Errorf("LatestPublished = %v, want %v", got, want)
	}
	if got[0].Location() != time.UTC {
		t.Errorf("time not in UTC: %v", got[0].Location())
	}
}

func testSaveFetchUnknownSource(t *testing.T, open Opener) {
	db := openTest(t, open)
	_, err := db.SaveFetch(context.Background(), story.Fetch{SourceID: 42})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SaveFetch of unknown source = %v, want ErrNotFound", err)
	}
}
