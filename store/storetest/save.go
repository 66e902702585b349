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

func testSaveFetchIdempotent(t *testing.T, open Opener) {
	db := openTest(t, open)
	src := addSources(t, db, "https://a.example/")[0]
	items := []story.Item{newStory(src, "1", t0, "world"), newStory(src, "2", t0.Add(-time.Minute), "world", "energy")}
	first := save(t, db, src, items...)
	if first.New != 2 || !slices.Equal(first.Categories, []string{story.All, "energy", "world"}) ||
		!slices.Equal(first.Items, []string{"s1-1", "s1-2"}) {
		t.Errorf("first fetch summary = %+v", first)
	}
	second := save(t, db, src, items...)
	want := story.FetchSummary{Unchanged: 2}
	if second.New != 0 || second.Updated != 0 || second.Unchanged != 2 || second.Duplicates != 0 ||
		len(second.Categories) != 0 || len(second.Items) != 0 {
		t.Errorf("second fetch summary = %+v, want %+v", second, want)
	}
	if n := storyCount(t, db); n != 2 {
		t.Errorf("%d items stored, want 2", n)
	}
	if n := filed(t, db, "world", "energy"); n != 3 {
		t.Errorf("%d stories filed under world and energy, want 3", n)
	}
	// A feed repeating a key inside one document stores it once.
	sum := save(t, db, src, newStory(src, "3", t0), newStory(src, "3", t0))
	if sum.New != 1 || sum.Unchanged != 1 {
		t.Errorf("repeated key summary = %+v, want 1 new 1 unchanged", sum)
	}
}

func testSaveFetchRoundTrip(t *testing.T, open Opener) {
	db := openTest(t, open)
	src := addSources(t, db, "https://a.example/")[0]
	in := newStory(src, "1", t0.Add(-time.Hour), "lebanon", "middle-east")
	in.ImageURL, in.ImageType, in.Author = "https://a.example/1.jpg", "image/jpeg", "Jane Roe"
	in.UpdatedAt, in.FirstSeenAt = t0.Add(-30*time.Minute), t0.Add(-10*time.Minute)
	in.UpstreamCategories, in.Places = []string{"Mideast", "Politics"}, []string{"Beirut (LB, dateline)"}
	in.Fingerprint, in.DedupeSig, in.Bands = 1<<63|5, []byte{1, 2, 3}, []uint64{1 << 63, 7}
	if _, err := db.SaveFetch(context.Background(), story.Fetch{SourceID: src, Items: []story.Item{in},
		State: story.SourceState{FeedTitle: "A Wire", FeedLink: "https://a.example/home"}}); err != nil {
		t.Fatal(err)
	}
	got := mustItem(t, db, in.ID)
	want := in
	want.SourceID, want.Bands = src, nil
	want.SourceURL, want.SourceTitle, want.SourceLink = "https://a.example/", "A Wire", "https://a.example/home"
	if !equalItems(got, want) {
		t.Errorf("Item =\n%+v\nwant\n%+v", got, want)
	}
}

// equalItems compares the fields a reader sees.
func equalItems(a, b story.Item) bool {
	return a.ID == b.ID && a.SourceID == b.SourceID && a.Key == b.Key && a.GUID == b.GUID &&
		a.Link == b.Link && a.Title == b.Title && a.SummaryHTML == b.SummaryHTML &&
		a.ContentHTML == b.ContentHTML && a.ImageURL == b.ImageURL && a.ImageType == b.ImageType &&
		a.Author == b.Author && a.Agency == b.Agency && a.SourceURL == b.SourceURL &&
		a.SourceTitle == b.SourceTitle && a.SourceLink == b.SourceLink &&
		a.PublishedAt.Equal(b.PublishedAt) && a.UpdatedAt.Equal(b.UpdatedAt) &&
		a.FirstSeenAt.Equal(b.FirstSeenAt) && slices.Equal(a.UpstreamCategories, b.UpstreamCategories) &&
		slices.Equal(a.Categories, b.Categories) && slices.Equal(a.Places, b.Places) &&
		a.Fingerprint == b.Fingerprint && slices.Equal(a.DedupeSig, b.DedupeSig) &&
		a.DuplicateOf == b.DuplicateOf && slices.Equal(a.Also, b.Also) &&
		a.WithdrawnAt.Equal(b.WithdrawnAt) && a.WithdrawReason == b.WithdrawReason
}

func testSaveFetchUpdateInPlace(t *testing.T, open Opener) {
	db := openTest(t, open)
	src := addSources(t, db, "https://a.example/")[0]
	orig := newStory(src, "1", t0.Add(-time.Hour), "world", "energy")
	save(t, db, src, orig)

	tests := []struct {
		name        string
		edit        func(*story.Item)
		wantUpdated bool
		wantCats    []string
		wantBump    bool
	}{
		{"title", func(it *story.Item) { it.Title = "Corrected" }, true, []string{story.All, "energy", "world"}, true},
		{"content", func(it *story.Item) { it.ContentHTML = "<p>more</p>" }, true, []string{story.All, "energy", "world"}, true},
		{"image", func(it *story.Item) { it.ImageURL = "https://a.example/i.png" }, true, []string{story.All, "energy", "world"}, true},
		{"refiled", func(it *story.Item) { it.Categories = []string{"world", "oil"} }, true, []string{story.All, "energy", "oil", "world"}, false},
		{"author only", func(it *story.Item) { it.Author = "someone" }, false, nil, false},
	}
	cur := orig
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := t0.Add(time.Duration(i+1) * time.Minute)
			db.SetClock(func() time.Time { return now })
			before := mustItem(t, db, orig.ID)
			next := cur
			tt.edit(&next)
			sum := save(t, db, src, next)
			if tt.wantUpdated != (sum.Updated == 1) {
				t.Fatalf("summary = %+v, want updated=%v", sum, tt.wantUpdated)
			}
			if !slices.Equal(sum.Categories, tt.wantCats) {
				t.Errorf("categories = %v, want %v", sum.Categories, tt.wantCats)
			}
			got := mustItem(t, db, orig.ID)
			if tt.wantBump != got.UpdatedAt.Equal(now) || (!tt.wantBump && !got.UpdatedAt.Equal(before.UpdatedAt)) {
				t.Errorf("UpdatedAt = %v (was %v, now %v), want bump=%v", got.UpdatedAt, before.UpdatedAt, now, tt.wantBump)
			}
			if !got.PublishedAt.Equal(orig.PublishedAt) || got.ID != orig.ID {
				t.Errorf("identity changed: id %q published %v", got.ID, got.PublishedAt)
			}
			if tt.wantUpdated && (got.Title != next.Title || got.ContentHTML != next.ContentHTML ||
				got.ImageURL != next.ImageURL || !slices.Equal(got.Categories, next.Categories)) {
				t.Errorf("stored %+v, want the edit %+v", got, next)
			}
			if tt.wantUpdated {
				cur = next
			}
		})
	}
	if n := storyCount(t, db); n != 1 {
		t.Errorf("%d items, want 1", n)
	}
}

func testSaveFetchUpstreamUpdatedAt(t *testing.T, open Opener) {
	db := openTest(t, open)
	src := addSources(t, db, "https://a.example/")[0]
	it := newStory(src, "1", t0.Add(-time.Hour))
	save(t, db, src, it)
	it.Title, it.UpdatedAt = "New title", t0.Add(-5*time.Minute)
	save(t, db, src, it)
	if got := mustItem(t, db, it.ID).UpdatedAt; !got.Equal(it.UpdatedAt) {
		t.Errorf("UpdatedAt = %v, want upstream's %v", got, it.UpdatedAt)
	}
	// Changed again without upstream moving its time: now.
	it.Title = "Newer title"
	save(t, db, src, it)
	if got := mustItem(t, db, it.ID).UpdatedAt; !got.Equal(t0) {
		t.Errorf("UpdatedAt = %v, want now %v", got, t0)
	}
}

func testSaveFetchLinkDuplicate(t *testing.T, open Opener) {
	db := openTest(t, open)
	ids := addSources(t, db, "https://a.example/", "https://b.example/", "https://c.example/")
	a, b, c := ids[0], ids[1], ids[2]
	orig := newStory(a, "1", t0, "world")
	save(t, db, a, orig)

	copyB := newStory(b, "99", t0.Add(time.Minute), "energy")
	copyB.Link = orig.Link
	sum := save(t, db, b, copyB)
	if sum.Duplicates != 1 || sum.New != 0 {
		t.Fatalf("summary = %+v, want one duplicate", sum)
	}
	// The original's feeds changed (one more carrier), not the copy's.
	if !slices.Equal(sum.Categories, []string{story.All, "world"}) {
		t.Errorf("categories = %v, want [all world]", sum.Categories)
	}
	if !slices.Equal(sum.Items, []string{orig.ID, copyB.ID}) {
		t.Errorf("items = %v", sum.Items)
	}
	if got := mustItem(t, db, copyB.ID); got.DuplicateOf != orig.ID {
		t.Errorf("copy DuplicateOf = %q, want %q", got.DuplicateOf, orig.ID)
	}
	got := mustItem(t, db, orig.ID)
	if want := []story.Carrier{{Agency: copyB.Agency, URL: copyB.Link}}; !slices.Equal(got.Also, want) {
		t.Errorf("Also = %+v, want %+v", got.Also, want)
	}
	// A third copy of the link points at the root, not at the copy.
	copyC := newStory(c, "7", t0, "world")
	copyC.Link = orig.Link
	save(t, db, c, copyC)
	if got := mustItem(t, db, copyC.ID); got.DuplicateOf != orig.ID {
		t.Errorf("third copy DuplicateOf = %q, want root %q", got.DuplicateOf, orig.ID)
	}
	// The same link again in the same source is that source's own business.
	again := newStory(a, "2", t0, "world")
	again.Link = orig.Link
	if sum := save(t, db, a, again); sum.New != 1 {
		t.Errorf("same-source same link: %+v, want a new story", sum)
	}
	latest, err := db.Latest(context.Background(), story.All, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	// Same time: the later-stored story first.
	if !slices.Equal(idsOf(latest), []string{again.ID, orig.ID}) {
		t.Errorf("all = %v, want the two stories of source a", idsOf(latest))
	}
}

func testSaveFetchMatch(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	a, b := ids[0], ids[1]
	near := newStory(a, "near", t0.Add(-time.Hour), "world")
	near.Bands, near.Fingerprint, near.DedupeSig = []uint64{10, 11}, 42, []byte("sig")
	far := newStory(a, "far", t0.Add(-100*time.Hour), "world")
	far.Bands = []uint64{10}
	other := newStory(a, "other", t0, "world")
	other.Bands = []uint64{99}
	save(t, db, a, near, far, other)

	var seen [][]string
	match := func(it *story.Item, cands []story.Item) string {
		var got []string
		for _, c := range cands {
			got = append(got, c.ID)
			if c.ID == near.ID && (c.Fingerprint != 42 || string(c.DedupeSig) != "sig" ||
				c.Title != near.Title || c.Agency != near.Agency || c.Link != near.Link) {
				t.Errorf("candidate not fully loaded: %+v", c)
			}
		}
		seen = append(seen, got)
		if it.Title == "match me" && len(cands) > 0 {
			return cands[0].ID
		}
		return ""
	}
	newB := newStory(b, "1", t0, "energy")
	newB.Title, newB.Bands = "match me", []uint64{11, 10, 55}
	sameSrc := newStory(a, "2", t0, "world")
	sameSrc.Title, sameSrc.Bands = "match me", []uint64{10}
	sum, err := db.SaveFetch(ctx, story.Fetch{SourceID: b, Items: []story.Item{newB}, Match: match, Window: 72 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Duplicates != 1 {
		t.Errorf("summary %+v, want one duplicate", sum)
	}
	if len(seen) != 1 || !slices.Equal(seen[0], []string{near.ID}) {
		t.Errorf("candidates = %v, want only %q (far is outside the window, other shares no band)", seen, near.ID)
	}
	if got := mustItem(t, db, newB.ID); got.DuplicateOf != near.ID {
		t.Errorf("DuplicateOf = %q, want %q", got.DuplicateOf, near.ID)
	}
	// Candidates never come from the item's own source.
	seen = nil
	sum, err = db.SaveFetch(ctx, story.Fetch{SourceID: a, Items: []story.Item{sameSrc}, Match: match, Window: 72 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 1 || len(seen) != 0 {
		t.Errorf("same source: summary %+v, candidates %v; want new and Match not called", sum, seen)
	}
	// A zero window looks at any time; duplicates are never candidates.
	seen = nil
	late := newStory(b, "late", t0, "world")
	late.Bands = []uint64{10, 11}
	if _, err := db.SaveFetch(ctx, story.Fetch{SourceID: b, Items: []story.Item{late}, Match: match}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || !slices.Equal(seen[0], []string{sameSrc.ID, near.ID, far.ID}) {
		t.Errorf("zero window candidates = %v, want [%s near far], newest first", seen, sameSrc.ID)
	}
	// A Match answer outside the candidates is a bug and saves nothing.
	bad := newStory(b, "bad", t0)
	bad.Bands = []uint64{10}
	_, err = db.SaveFetch(ctx, story.Fetch{SourceID: b, Items: []story.Item{bad},
		Match: func(*story.Item, []story.Item) string { return "nonsense" }})
	if err == nil {
		t.Error("SaveFetch accepted a Match answer that is not a candidate")
	}
	if _, err := db.Item(ctx, bad.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("item of failed fetch: %v, want ErrNotFound", err)
	}
}

// An undated item is matched around the time it was first seen.
func testSaveFetchMatchUndated(t *testing.T, open Opener) {
	db := openTest(t, open)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	recent := newStory(ids[0], "recent", t0.Add(-time.Hour))
	recent.Bands = []uint64{3}
	old := newStory(ids[0], "old", t0.Add(-100*time.Hour))
	old.Bands = []uint64{3}
	save(t, db, ids[0], recent, old)

	undated := newStory(ids[1], "undated", time.Time{})
	undated.Bands = []uint64{3}
	var got []string
	_, err := db.SaveFetch(context.Background(), story.Fetch{SourceID: ids[1], Items: []story.Item{undated},
		Window: 24 * time.Hour, Match: func(_ *story.Item, cands []story.Item) string {
			got = idsOf(cands)
			return ""
		}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{recent.ID}) {
		t.Errorf("candidates = %v, want [%s]", got, recent.ID)
	}
	if p := mustItem(t, db, undated.ID).PublishedAt; !p.Equal(t0) {
		t.Errorf("undated PublishedAt = %v, want first seen %v", p, t0)
	}
}
