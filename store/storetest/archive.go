package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

func testPublishedBetweenAndBefore(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	src := addSources(t, db, "https://a.example/")[0]
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	a, b, c := newStory(src, "a", day.Add(-time.Hour), "world"), newStory(src, "b", day.Add(2*time.Hour), "world"), newStory(src, "c", day.Add(5*time.Hour), "energy")
	save(t, db, src, a, b, c)
	for _, tc := range []struct {
		cat  string
		want []string
	}{{"world", []string{b.ID}}, {story.All, []string{c.ID, b.ID}}, {"energy", []string{c.ID}}} {
		got, err := db.PublishedBetween(ctx, tc.cat, day, day.Add(24*time.Hour), 10)
		if err != nil || !slices.Equal(idsOf(got), tc.want) {
			t.Errorf("PublishedBetween(%s) = %v, %v; want %v", tc.cat, idsOf(got), err, tc.want)
		}
	}
	if p, err := db.PublishedBefore(ctx, "world", day); err != nil || !p.Equal(a.PublishedAt) {
		t.Errorf("PublishedBefore(world) = %v, %v", p, err)
	}
	if p, err := db.PublishedBefore(ctx, "energy", day); err != nil || !p.IsZero() {
		t.Errorf("PublishedBefore(energy) = %v, %v; want none", p, err)
	}
}
