package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// testCallerCandidates: with Fetch.Candidates set (one process and its
// in-memory near index), Match is offered the caller's candidates, not
// the store's band matches, and the summary names the new roots the
// caller adds to its index.
func testCallerCandidates(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	a, b := ids[0], ids[1]
	root := newStory(a, "root", t0.Add(-time.Hour), "world")
	root.Bands, root.DedupeSig = []uint64{7}, []byte("sig")
	banded := newStory(a, "banded", t0.Add(-time.Hour), "world")
	banded.Bands = []uint64{8}
	sum, err := db.SaveFetch(ctx, story.Fetch{SourceID: a, Items: []story.Item{root, banded},
		Candidates: func(*story.Item, time.Time) []story.Item { return nil },
		Match:      func(*story.Item, []story.Item) string { t.Error("Match called without candidates"); return "" }})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sum.Roots, []string{root.ID, banded.ID}) {
		t.Errorf("Roots = %v, want both new stories", sum.Roots)
	}

	// The copy shares a band with banded only; the caller's index offers
	// root, and Match picks it.
	cp := newStory(b, "copy", t0, "energy")
	cp.Bands = []uint64{8}
	var offered []string
	var asked time.Time
	sum, err = db.SaveFetch(ctx, story.Fetch{SourceID: b, Items: []story.Item{cp}, Window: 72 * time.Hour,
		Candidates: func(_ *story.Item, published time.Time) []story.Item {
			asked = published
			return []story.Item{{ID: root.ID, SourceID: a, Title: root.Title, DedupeSig: root.DedupeSig}}
		},
		Match: func(_ *story.Item, cands []story.Item) string {
			offered = idsOf(cands)
			return cands[0].ID
		}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(offered, []string{root.ID}) || !asked.Equal(t0) {
		t.Errorf("Match offered %v (asked at %v), want the caller's [%s] at %v", offered, asked, root.ID, t0)
	}
	if sum.Duplicates != 1 || len(sum.Roots) != 0 {
		t.Errorf("summary = %+v, want one duplicate and no new root", sum)
	}
	if got := mustItem(t, db, cp.ID); got.DuplicateOf != root.ID {
		t.Errorf("DuplicateOf = %q, want %q", got.DuplicateOf, root.ID)
	}
	if got := mustItem(t, db, root.ID).Also; len(got) != 1 || got[0].Agency != cp.Agency {
		t.Errorf("root's carriers = %+v, want the copy's agency", got)
	}
}

// testStoreCandidatesInBatch: with Candidates nil, as when several nodes
// share one store and none sees the others' saves, the store finds the
// candidates itself by band, among the fetches of its own batch too: the
// second copy merges into the first; a copy that shares a band only with
// a duplicate has no candidate.
func testStoreCandidatesInBatch(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	ids := addSources(t, db, "https://a.example/", "https://b.example/", "https://c.example/")
	sig := []byte("same story")
	copyOf := func(src int64, key string, bands ...uint64) story.Item {
		it := newStory(src, key, t0, "world")
		it.Title, it.Bands, it.DedupeSig = "Quake hits coast", bands, sig
		return it
	}
	match := func(it *story.Item, cands []story.Item) string {
		for _, c := range cands {
			if string(c.DedupeSig) == string(it.DedupeSig) {
				return c.ID
			}
		}
		return ""
	}
	first := copyOf(ids[0], "q", 1, 2)
	second := copyOf(ids[1], "q", 2, 3)
	third := copyOf(ids[2], "q", 3, 4) // shares a band with second only, which is no root
	var sums []story.FetchSummary
	err := db.SaveFetches(ctx, []story.Fetch{
		{SourceID: ids[0], Items: []story.Item{first}, Match: match, Window: time.Hour},
		{SourceID: ids[1], Items: []story.Item{second}, Match: match, Window: time.Hour},
		{SourceID: ids[2], Items: []story.Item{third}, Match: match, Window: time.Hour},
	}, func(_ int, sum story.FetchSummary) { sums = append(sums, sum) })
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 3 || sums[0].New != 1 || sums[1].Duplicates != 1 || sums[2].New != 1 {
		t.Errorf("summaries = %+v, want new, duplicate, new", sums)
	}
	if got := mustItem(t, db, second.ID).DuplicateOf; got != first.ID {
		t.Errorf("second copy DuplicateOf = %q, want %q", got, first.ID)
	}
	if got := mustItem(t, db, third.ID).DuplicateOf; got != "" {
		t.Errorf("third copy merged into %q through a duplicate's band", got)
	}
}

// testRecentRoots lists what a poller rebuilds its near index from: live
// roots with a signature, published since the horizon.
func testRecentRoots(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	a, b := ids[0], ids[1]
	withSig := func(src int64, key string, pub time.Time) story.Item {
		it := newStory(src, key, pub, "world")
		it.DedupeSig = []byte("sig " + key)
		return it
	}
	fresh := withSig(a, "fresh", t0.Add(-time.Hour))
	stale := withSig(a, "stale", t0.Add(-100*time.Hour))
	unsigned := newStory(a, "unsigned", t0.Add(-time.Hour), "world")
	gone := withSig(a, "gone", t0.Add(-time.Hour))
	save(t, db, a, fresh, stale, unsigned, gone)
	dup := withSig(b, "dup", t0.Add(-time.Hour))
	dup.Link = fresh.Link
	save(t, db, b, dup)
	if _, err := db.Withdraw(ctx, gone.ID, "legal", "test"); err != nil {
		t.Fatal(err)
	}
	roots, err := db.RecentRoots(ctx, t0.Add(-72*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(roots) != 1 || roots[0].ID != fresh.ID || roots[0].SourceID != a || roots[0].Title != fresh.Title ||
		string(roots[0].DedupeSig) != "sig fresh" || !roots[0].PublishedAt.Equal(fresh.PublishedAt) {
		t.Errorf("RecentRoots = %+v, want only %s with its signature", roots, fresh.ID)
	}
}

// testWithdrawnResent: a withdrawn story re-sent by its source under a
// new key (same link), or as a near duplicate, comes back withdrawn, and
// the editorial log says why.
func testWithdrawnResent(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	a, b := ids[0], ids[1]
	orig := newStory(a, "g1", t0.Add(-time.Hour), "world")
	orig.DedupeSig = []byte("sig")
	save(t, db, a, orig)
	if _, err := db.Withdraw(ctx, orig.ID, "legal", "desk"); err != nil {
		t.Fatal(err)
	}
	again := newStory(a, "g1-updated", t0, "world")
	again.Link = orig.Link
	near := newStory(b, "other", t0, "world")
	near.DedupeSig = []byte("sig")
	save(t, db, a, again)
	if _, err := db.SaveFetch(ctx, story.Fetch{SourceID: b, Items: []story.Item{near}, Window: 72 * time.Hour,
		Match: func(it *story.Item, cands []story.Item) string {
			for _, c := range cands {
				if string(c.DedupeSig) == string(it.DedupeSig) {
					return c.ID
				}
			}
			return ""
		}}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{again.ID, near.ID} {
		if got := mustItem(t, db, id); got.WithdrawnAt.IsZero() {
			t.Errorf("%s: not withdrawn, want the withdrawal of %s inherited", id, orig.ID)
		}
	}
	if n, err := db.Count(ctx, "world"); err != nil || n != 0 {
		t.Errorf("Count(world) = %d, %v; want 0", n, err)
	}
	log, err := db.EditorialLog(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	inherited := 0
	for _, ev := range log {
		if ev.Action == "withdraw" && (ev.ItemID == again.ID || ev.ItemID == near.ID) {
			inherited++
		}
	}
	if inherited != 2 {
		t.Errorf("editorial log = %+v, want a withdrawal of each re-sent copy", log)
	}
}
