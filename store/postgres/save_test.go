package postgres

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/story"
)

// A story reads back exactly as it was saved: nanosecond times in UTC,
// lists, signatures, unsigned fingerprints; text PostgreSQL cannot hold
// (NUL, invalid UTF-8) is cleaned instead of failing the fetch.
func TestSaveReadsBackExactly(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	src := addSources(t, db, "https://a.example/feed")[0]
	it := testStory(src, "1", time.Date(2026, 2, 28, 9, 30, 15, 123456789, time.FixedZone("X", 3600)), "world", "energy")
	it.UpdatedAt = it.PublishedAt.Add(time.Minute)
	it.UpstreamCategories, it.Places = []string{"Mideast", "Oil"}, []string{"Beirut (LB, dateline)"}
	it.Fingerprint, it.DedupeSig = 1<<63+5, []byte{1, 2, 3}
	it.ImageURL, it.ImageType, it.ImageCaption, it.ImageCredit, it.ImageLength =
		"https://a.example/i.jpg", "image/jpeg", "A caption", "Photo: X", 12345
	it.Author = "Reporter"
	sum := save(t, db, src, it)
	if sum.New != 1 || !slices.Equal(sum.Categories, []string{"all", "energy", "world"}) ||
		!slices.Equal(sum.Roots, []string{it.ID}) {
		t.Fatalf("summary = %+v", sum)
	}
	got, err := db.Item(ctx, it.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := it
	want.SourceID, want.SourceURL = src, "https://a.example/feed"
	want.PublishedAt, want.UpdatedAt, want.FirstSeenAt = it.PublishedAt.UTC(), it.UpdatedAt.UTC(), t0
	want.Categories = []string{"world", "energy"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Item =\n%+v\nwant\n%+v", got, want)
	}

	bad := testStory(src, "2", t0)
	bad.Title = "nul\x00byte and \xff invalid"
	save(t, db, src, bad)
	got, err = db.Item(ctx, bad.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "nulbyte and \uFFFD invalid" {
		t.Fatalf("title = %q", got.Title)
	}
	// Polling the same document again adds nothing.
	if sum := save(t, db, src, bad); sum.Unchanged != 1 || sum.New != 0 {
		t.Fatalf("second poll: %+v", sum)
	}
}

// The counts on /status follow saves, merges and prunes.
func TestSourceCounts(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	a, b := ids[0], ids[1]
	old := t0.Add(-100 * 24 * time.Hour)
	db.SetClock(func() time.Time { return old })
	x := testStory(a, "x", old, "world")
	save(t, db, a, x)
	copyOfX := testStory(b, "x", x.PublishedAt, "world")
	copyOfX.Link = x.Link // same canonical link: merged
	if sum := save(t, db, b, copyOfX); sum.Duplicates != 1 {
		t.Fatalf("copy not merged: %+v", sum)
	}
	db.SetClock(func() time.Time { return t0 })
	save(t, db, a, testStory(a, "y", t0, "world"))
	counts := func() [4]int {
		srcs, err := db.Sources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return [4]int{srcs[0].ItemCount, srcs[0].DupCount, srcs[1].ItemCount, srcs[1].DupCount}
	}
	if got := counts(); got != [4]int{2, 0, 1, 1} {
		t.Fatalf("counts after saves = %v", got)
	}
	n, err := db.Prune(ctx, t0.Add(-24*time.Hour), 1)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("pruned %d, want 2 (x and its copy)", n)
	}
	if got := counts(); got != [4]int{1, 0, 0, 0} {
		t.Fatalf("counts after prune = %v", got)
	}
	// Again, on the pool's connections whose statements saw the first
	// run's temporary table.
	for range 3 {
		if n, err := db.Prune(ctx, t0.Add(-24*time.Hour), 1); err != nil || n != 0 {
			t.Fatalf("second prune = %d, %v; want 0", n, err)
		}
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// A withdrawn story leaves every feed, comes back on Restore, and a copy
// re-sent under a new key stays withdrawn.
func TestWithdrawRestore(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	a := addSources(t, db, "https://a.example/")[0]
	it := testStory(a, "1", t0, "world")
	save(t, db, a, it)
	if _, err := db.Withdraw(ctx, it.ID, "legal", "ed"); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.Count(ctx, "world"); n != 0 {
		t.Fatalf("withdrawn story still counted in world: %d", n)
	}
	resent := testStory(a, "1-v2", t0, "world")
	resent.Link = it.Link
	if sum := save(t, db, a, resent); sum.New != 0 {
		t.Fatalf("re-sent copy published: %+v", sum)
	}
	w, err := db.Withdrawn(ctx)
	if err != nil || len(w) != 2 {
		t.Fatalf("Withdrawn = %v, %v", w, err)
	}
	if _, err := db.Restore(ctx, it.ID, "ed"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Restore(ctx, it.ID, "ed"); !errors.Is(err, store.ErrNotWithdrawn) {
		t.Fatalf("second Restore: %v", err)
	}
	if _, err := db.Withdraw(ctx, "nope", "", ""); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Withdraw of unknown: %v", err)
	}
	latest, err := db.Latest(ctx, "world", 0, 10)
	if err != nil || !slices.Equal(idsOf(latest), []string{it.ID}) {
		t.Fatalf("Latest after restore = %v, %v", idsOf(latest), err)
	}
	log, err := db.EditorialLog(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action+" "+e.ItemID)
	}
	want := []string{"withdraw " + it.ID, "withdraw " + resent.ID, "restore " + it.ID}
	if !slices.Equal(actions, want) {
		t.Fatalf("editorial log = %v, want %v", actions, want)
	}
}

// New sources are numbered in the order given; a second sync keeps the
// numbers and takes the new names.
func TestSyncSourcesOrderAndUpsert(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ids := addSources(t, db, "https://z.example/", "https://a.example/", "https://m.example/")
	if !(ids[0] < ids[1] && ids[1] < ids[2]) {
		t.Fatalf("ids %v not in the order given", ids)
	}
	again, err := db.SyncSources(ctx, []story.SourceState{{URL: "https://a.example/", Name: "Renamed"}})
	if err != nil || again["https://a.example/"] != ids[1] {
		t.Fatalf("second sync = %v, %v; want id %d", again, err, ids[1])
	}
	src, err := db.Source(ctx, ids[1])
	if err != nil || src.Name != "Renamed" {
		t.Fatalf("Source = %+v, %v", src, err)
	}
	if _, err := db.Source(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Source(999) = %v, want ErrNotFound", err)
	}
}
