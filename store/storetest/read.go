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

func testLatest(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	a, b := ids[0], ids[1]
	// Ten stories of a, one a minute apart, alternately world and energy;
	// 5 and 6 share a timestamp: ties go newest-stored first, so 6 before 5.
	var items []story.Item
	for i := range 10 {
		pub := t0.Add(-time.Duration(i) * time.Minute)
		if i == 6 {
			pub = t0.Add(-5 * time.Minute)
		}
		cat := []string{"world", "energy"}[i%2]
		items = append(items, newStory(a, fmt.Sprint(i), pub, cat, "mixed"))
	}
	save(t, db, a, items...)
	dup := newStory(b, "dup", t0.Add(time.Hour), "world")
	dup.Link = items[0].Link
	save(t, db, b, dup)
	if _, err := db.Withdraw(ctx, items[2].ID, "legal", "test"); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		cat           string
		offset, limit int
		want          []string
		count         int
	}{
		{story.All, 0, 4, []string{"s1-0", "s1-1", "s1-3", "s1-4"}, 9},
		{story.All, 4, 3, []string{"s1-6", "s1-5", "s1-7"}, 9},
		{story.All, 8, 10, []string{"s1-9"}, 9},
		{story.All, 9, 10, nil, 9},
		{"world", 0, 10, []string{"s1-0", "s1-4", "s1-6", "s1-8"}, 4},
		{"energy", 1, 2, []string{"s1-3", "s1-5"}, 5},
		{"mixed", 3, 3, []string{"s1-4", "s1-6", "s1-5"}, 9},
		{"nope", 0, 10, nil, 0},
		{"world", 0, 0, nil, 4},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d/%d", tt.cat, tt.offset, tt.limit), func(t *testing.T) {
			got, err := db.Latest(ctx, tt.cat, tt.offset, tt.limit)
			if err != nil {
				t.Fatalf("Latest: %v", err)
			}
			if !slices.Equal(idsOf(got), tt.want) {
				t.Errorf("Latest = %v, want %v", idsOf(got), tt.want)
			}
			n, err := db.Count(ctx, tt.cat)
			if err != nil {
				t.Fatalf("Count: %v", err)
			}
			if n != tt.count {
				t.Errorf("Count = %d, want %d", n, tt.count)
			}
		})
	}

	got, err := db.Latest(ctx, "world", 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	top := got[0]
	if !slices.Equal(top.Categories, []string{"world", "mixed"}) ||
		!slices.Equal(top.Also, []story.Carrier{{Agency: dup.Agency, URL: dup.Link}}) ||
		top.SourceURL != "https://a.example/" || top.ContentHTML != items[0].ContentHTML {
		t.Errorf("Latest item not filled: %+v", top)
	}
}

func testItemLookup(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	orig := newStory(ids[0], "1", t0, "world")
	save(t, db, ids[0], orig)
	dup := newStory(ids[1], "1", t0, "world")
	dup.Link = orig.Link
	save(t, db, ids[1], dup)

	if _, err := db.Item(ctx, "missing"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Item(missing) = %v, want ErrNotFound", err)
	}
	if got := mustItem(t, db, dup.ID); got.DuplicateOf != orig.ID || got.Title != dup.Title {
		t.Errorf("duplicate = %+v, want DuplicateOf %q", got, orig.ID)
	}
}

// testCountOnlyIn: the live stories filed under some of the categories
// and under no other (what the public "all" leaves out when they are
// partner-only); withdrawn stories and stories also filed elsewhere do
// not count.
func testCountOnlyIn(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	a := addSources(t, db, "https://a.example/")[0]
	only := newStory(a, "only", t0, "secret")
	both := newStory(a, "both", t0, "secret", "world")
	twoSecret := newStory(a, "two", t0, "secret", "vault")
	gone := newStory(a, "gone", t0, "secret")
	save(t, db, a, newStory(a, "pub", t0, "world"), only, both, twoSecret, gone, newStory(a, "none", t0))
	if _, err := db.Withdraw(ctx, gone.ID, "legal", "test"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cats []string
		want int
	}{{[]string{"secret", "vault"}, 2}, {[]string{"secret"}, 1}, {[]string{"vault"}, 0}, {nil, 0}} {
		if n, err := db.CountOnlyIn(ctx, tc.cats); err != nil || n != tc.want {
			t.Errorf("CountOnlyIn(%v) = %d, %v; want %d", tc.cats, n, err, tc.want)
		}
	}
}
